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
from .._quota import QuotaDenominator as QuotaDenominator
from .._quota import QuotaRounding as QuotaRounding
from ._cadence import DEFAULT_CADENCE_RULES as DEFAULT_CADENCE_RULES
from ._cadence import CadenceRuleSet as CadenceRuleSet
from ._cadence_hd12_2018 import HD12_2018 as HD12_2018
from ._cadence_hd42_2025 import HD42_2025 as HD42_2025
from ._rating import DisciplineEffect as DisciplineEffect
from ._rating import LevelCap as LevelCap
from ._rating import RatingContext as RatingContext
from ._rating import RatingRule as RatingRule
from ._rating import RatingRuleSet as RatingRuleSet
from ._rating import Regime as Regime
from ._rating import SecretaryNotAboveCell as SecretaryNotAboveCell
from ._rating_qd124_2023 import QD124_2023 as QD124_2023
from ._rating_qd132_2018 import QD132_2018 as QD132_2018
from ._rating_qd366_2025 import QD366_2025 as QD366_2025
from ._registry import RuleSetRegistry as RuleSetRegistry
from ._registry import VersionedRuleSet as VersionedRuleSet
from ._registry import default_registry as default_registry

__all__ = [
    "DEFAULT_CADENCE_RULES",
    "HD12_2018",
    "HD42_2025",
    "QD124_2023",
    "QD132_2018",
    "QD366_2025",
    "CadenceContext",
    "CadenceRule",
    "CadenceRuleSet",
    "DisciplineEffect",
    "HoChiMinhTopicRule",
    "LevelCap",
    "MinimumDurationRule",
    "MinutesRecordedRule",
    "QuotaDenominator",
    "QuotaRounding",
    "RatingContext",
    "RatingRule",
    "RatingRuleSet",
    "Regime",
    "RegularMonthlyRule",
    "RuleSetRegistry",
    "SecretaryNotAboveCell",
    "ThematicQuarterlyRule",
    "VersionedRuleSet",
    "default_registry",
]


def __dir__() -> list[str]:
    return sorted(__all__)
