"""`CadenceRuleSet`: the numbers and checks of the meeting-cadence rules, as one frozen value."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any, Final, final

import attrs

from .._cadence import (
    CadenceRule,
    HoChiMinhTopicRule,
    MinimumDurationRule,
    MinutesRecordedRule,
    RegularMonthlyRule,
    ThematicQuarterlyRule,
)
from .._periods import Period
from .._validators import decimal_between, instance_of, int_between, non_empty_text
from ..errors import InvalidRecordError
from ._derive import derive_ruleset, named_rules

__all__ = ["DEFAULT_CADENCE_RULES", "CadenceRuleSet"]

DEFAULT_CADENCE_RULES: Final[tuple[CadenceRule, ...]] = (
    RegularMonthlyRule(),
    ThematicQuarterlyRule(),
    HoChiMinhTopicRule(),
    MinimumDurationRule(),
    MinutesRecordedRule(),
)
"""The national checks, in the order their findings are reported."""


def _optional_minutes(_: object, attr: attrs.Attribute[Any], value: object) -> None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
        raise InvalidRecordError(
            f"{attr.name!r} must be None or a whole number of minutes ≥ 1 (got {value!r})", attr.name
        )


_flag = instance_of(bool)
_text = instance_of(str)
_SHARE: Final = decimal_between(0, 1)


def _share(instance: object, attr: attrs.Attribute[Any], value: object) -> None:
    """A validator: a finite `Decimal` in [0, 1] (``None`` is refused too)."""
    if value is None:
        raise InvalidRecordError(f"{attr.name!r} must be a decimal in [0, 1] (got None)", attr.name)
    _SHARE(instance, attr, value)


def _decimal(value: object) -> object:
    """Accept ints and strings for decimal fields, exactly."""
    if isinstance(value, int | str) and not isinstance(value, bool):
        return Decimal(value)
    return value


def _rules_tuple(value: Iterable[CadenceRule]) -> tuple[CadenceRule, ...]:
    return tuple(value)


_unique_rule_names = named_rules(CadenceRule, "cadence", ".name and .check()")


@final
@attrs.frozen
class CadenceRuleSet:
    """The meeting-cadence rules in force over a period: every number a field, every check a named rule.

    Build a provincial variant with `derive`, and register it in a
    `RuleSetRegistry`.
    """

    id: str = attrs.field(validator=non_empty_text())
    """Stable identifier, e.g. ``"hd12-2018"``."""
    title: str = attrs.field(validator=non_empty_text())
    """Human title naming the documents."""
    effective: Period = attrs.field(validator=instance_of(Period))
    """Days on which the rule set is in force."""
    source: str = attrs.field(validator=non_empty_text())
    """Citation of the documents the rule set encodes."""
    url: str | None = attrs.field(default=None, validator=attrs.validators.optional(_text))
    """Where the source can be read."""
    thematic_per_quarter: int = attrs.field(default=1, validator=int_between(1))
    """Thematic meetings required in each active quarter (ít nhất mỗi quý 1 lần)."""
    min_minutes_regular: int | None = attrs.field(default=90, validator=_optional_minutes)
    """Minimum length of a regular meeting; ``None`` for none."""
    min_minutes_combined: int | None = attrs.field(default=120, validator=_optional_minutes)
    """Minimum length of a combined regular-and-thematic session."""
    min_minutes_thematic: int | None = attrs.field(default=None, validator=_optional_minutes)
    """Minimum length of a thematic meeting held alone; ``None``: no national minimum found."""
    hcm_topic_required: bool = attrs.field(default=True, validator=_flag)
    """Whether one thematic meeting a year must be on the Ho Chi Minh study topic."""
    hcm_topic_tag: str = attrs.field(default="ho-chi-minh", validator=non_empty_text())
    """The meeting tag that marks the Ho Chi Minh study topic."""
    make_up_allowed: bool = attrs.field(default=False, validator=_flag)
    """Whether an extra meeting may fill an earlier missed month (or quarter)."""
    min_active_days_in_month: int = attrs.field(default=1, validator=int_between(1, 31))
    """A month requires a meeting when the cell exists on at least this many of its days."""
    regular_citation: str = attrs.field(default="", validator=_text)
    """Clause behind the monthly regular meeting."""
    thematic_citation: str = attrs.field(default="", validator=_text)
    """Clause behind the quarterly thematic meeting."""
    hcm_citation: str = attrs.field(default="", validator=_text)
    """Clause (or product default) behind the Ho Chi Minh topic."""
    duration_citation: str = attrs.field(default="", validator=_text)
    """Clause behind the minimum durations."""
    minutes_citation: str = attrs.field(default="", validator=_text)
    """Clause behind recording minutes."""
    make_up_citation: str = attrs.field(default="", validator=_text)
    """Clause (or product default) behind the make-up policy."""
    attendance_bar: Decimal = attrs.field(default=Decimal("0.85"), converter=_decimal, validator=_share)
    """A meeting reaches the quality bar only with attendance strictly above this share (HD 12: "trên 85%")."""
    unexcused_allowed: int = attrs.field(default=0, validator=int_between(0))
    """Unexcused absences a meeting may have and still reach the quality bar (HD 12: none)."""
    attendance_citation: str = attrs.field(default="", validator=_text)
    """Clause behind the meeting quality bar (attendance and unexcused absences)."""
    max_consecutive_excused: int = attrs.field(default=3, validator=int_between(0))
    """Longest run of consecutive excused absences a member may have; a longer run is a finding."""
    excused_run_citation: str = attrs.field(default="", validator=_text)
    """Clause behind the limit on consecutive excused absences."""
    removal_unexcused_months: int = attrs.field(default=3, validator=int_between(1, 12))
    """Months of the year with an unexcused absence from a regular meeting that call for a removal review."""
    removal_citation: str = attrs.field(default="", validator=_text)
    """Clause (and product reading) behind the removal review."""
    min_speaking_share: Decimal = attrs.field(default=Decimal("0.5"), converter=_decimal, validator=_share)
    """Share of those present who should speak; a cell whose speakers fall below it is a formalism finding."""
    secretary_only_speaker_share: Decimal = attrs.field(default=Decimal("0.5"), converter=_decimal, validator=_share)
    """A cell where the chair alone spoke in more than this share of its meetings is a formalism finding."""
    speaking_citation: str = attrs.field(default="", validator=_text)
    """Clause (or product default) behind the speaking indicators."""
    presenter_citation: str = attrs.field(default="", validator=_text)
    """Clause behind assigning members to present the thematic topic."""
    egalitarian_min_rated: int = attrs.field(default=3, validator=int_between(2))
    """Rated members a cell needs before "everyone got the same level" is a finding."""
    egalitarian_citation: str = attrs.field(default="", validator=_text)
    """Clause (or product default) behind the egalitarian-rating indicator."""
    rules: tuple[CadenceRule, ...] = attrs.field(
        default=DEFAULT_CADENCE_RULES,
        converter=_rules_tuple,
        validator=_unique_rule_names,
    )
    """The checks run, in order; each a `CadenceRule`."""

    def rule(self, name: str) -> CadenceRule:
        """The rule named ``name``; `KeyError` if there is none."""
        for rule in self.rules:
            if rule.name == name:
                return rule
        raise KeyError(name)

    def derive(
        self,
        *,
        id: str,  # noqa: A002 - the field is called id everywhere
        effective: Period | None = None,
        add: Iterable[CadenceRule] = (),
        replace: Mapping[str, CadenceRule] | None = None,
        remove: Iterable[str] = (),
        **changes: Any,
    ) -> CadenceRuleSet:
        """A variant of this rule set: new id, optionally new period, fields and rules.

        ``replace`` swaps rules by name (keeping their place), ``remove`` drops
        rules by name, ``add`` appends rules; any other keyword overrides the
        field of that name.

        >>> from partyreview.rules import HD12_2018
        >>> local = HD12_2018.derive(id="hanoi-2019", make_up_allowed=True)
        >>> local.make_up_allowed, local.effective == HD12_2018.effective
        (True, True)

        Raises:
            InvalidArgumentError: an unknown field or rule name.
        """
        return derive_ruleset(
            self, ruleset_id=id, effective=effective, add=add, replace=replace, remove=remove, changes=changes
        )
