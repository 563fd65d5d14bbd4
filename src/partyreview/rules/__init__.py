"""Rule sets: the regulations as frozen, versioned values, and the registry that picks them by date.

Every number a regulation sets is a field; every check is a named rule that a
province can replace.  See ``docs/how-to/extend-rules.md``.
"""

from __future__ import annotations

from .._cadence import CadenceContext as CadenceContext
from .._cadence import CadenceRule as CadenceRule
from .._cadence import HoChiMinhTopicRule as HoChiMinhTopicRule
from .._cadence import MinimumDurationRule as MinimumDurationRule
from .._cadence import MinutesRecordedRule as MinutesRecordedRule
from .._cadence import RegularMonthlyRule as RegularMonthlyRule
from .._cadence import ThematicQuarterlyRule as ThematicQuarterlyRule
from ._cadence import DEFAULT_CADENCE_RULES as DEFAULT_CADENCE_RULES
from ._cadence import CadenceRuleSet as CadenceRuleSet
from ._cadence_hd12_2018 import HD12_2018 as HD12_2018
from ._cadence_hd42_2025 import HD42_2025 as HD42_2025
from ._registry import RuleSetRegistry as RuleSetRegistry
from ._registry import VersionedRuleSet as VersionedRuleSet
from ._registry import default_registry as default_registry

__all__ = [
    "DEFAULT_CADENCE_RULES",
    "HD12_2018",
    "HD42_2025",
    "CadenceContext",
    "CadenceRule",
    "CadenceRuleSet",
    "HoChiMinhTopicRule",
    "MinimumDurationRule",
    "MinutesRecordedRule",
    "RegularMonthlyRule",
    "RuleSetRegistry",
    "ThematicQuarterlyRule",
    "VersionedRuleSet",
    "default_registry",
]


def __dir__() -> list[str]:
    return sorted(__all__)
