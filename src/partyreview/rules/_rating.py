"""`RatingRuleSet`: the numbers and switches of an annual-rating regime, as one frozen value."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, Protocol, final, runtime_checkable

import attrs

from .._assessments import LEVEL_RANK, Level
from .._dataset import Dataset
from .._enums import Enum
from .._findings import Finding, Severity
from .._org import Role
from .._periods import Period
from .._quota import QuotaDenominator, QuotaRounding
from .._validators import decimal_between, instance_of, int_between, non_empty_text
from ..errors import InvalidRecordError
from ._derive import derive_ruleset, named_rules

__all__ = [
    "DisciplineEffect",
    "LevelCap",
    "RatingContext",
    "RatingRule",
    "RatingRuleSet",
    "Regime",
    "SecretaryNotAboveCell",
]


class Regime(Enum):
    """The regulation a rating rule set encodes."""

    QD132 = "132-QĐ/TW"
    """Quy định 132-QĐ/TW (2018) with HD 16 and HD 21-HD/BTCTW: criteria grades, no points."""
    QD124 = "124-QĐ/TW"
    """Quy định 124-QĐ/TW (2023) with HD 25-HD/BTCTW: criteria grades, no points."""
    QD366 = "366-QĐ/TW"
    """Quy định 366-QĐ/TW (2025) with HD 43-HD/BTCTW: the 100-point scale."""


class DisciplineEffect(Enum):
    """What being disciplined in the year does to a member's level."""

    NOT_COMPLETE = "not_complete"
    """Not complete, without exception (HD 21-HD/BTCTW §B.2.3d: one violation counted once)."""
    NOT_COMPLETE_UNLESS_MITIGATED = "not_complete_unless_mitigated"
    """Not complete unless self-detected and remedied (QĐ 124 Điều 12.4.3d; QĐ 366 Điều 11)."""


@attrs.frozen
class LevelCap:
    """A local rule's decision: ``subject`` may not be rated above ``level``, for ``reason``."""

    subject: str = attrs.field(validator=non_empty_text())
    """Id of the member or unit capped."""
    level: Level = attrs.field(validator=instance_of(Level))
    """The highest level allowed."""
    reason: Finding = attrs.field(validator=instance_of(Finding))
    """Why, with the local clause."""


@attrs.frozen
class RatingContext:
    """What a `RatingRule` sees: the dataset, the year and the levels decided so far."""

    dataset: Dataset
    """The dataset rated."""
    year: int
    """The year rated."""
    rules: RatingRuleSet
    """The rule set applied."""
    levels: dict[str, Level | None]
    """Level (or ``None`` when excluded or unrated) of every subject, after the national rules and the quota."""


@runtime_checkable
class RatingRule(Protocol):
    """A named local rule applied after the national rules and the quota.

    Contract: ``apply`` is pure and returns `LevelCap`s; a cap can only lower a
    level, never raise it, so the quota stays respected.  ``name`` is unique in
    the rule set; `RatingRuleSet.derive` replaces or removes rules by it.
    """

    @property
    def name(self) -> str:
        """Unique name of the rule within its rule set."""
        ...

    def apply(self, context: RatingContext) -> Iterable[LevelCap]:
        """The caps this rule imposes."""
        ...


_unique_rule_names = named_rules(RatingRule, "rating", ".name and .apply()")


def _rules_tuple(value: Iterable[RatingRule]) -> tuple[RatingRule, ...]:
    return tuple(value)


def _decimal(value: object) -> object:
    """Accept ints and strings for decimal fields, exactly."""
    if isinstance(value, int | str) and not isinstance(value, bool):
        return Decimal(value)
    return value


_flag = instance_of(bool)
_text = instance_of(str)
_share = decimal_between(0, 1)
_points = decimal_between(0, 100)


@final
@attrs.frozen
class RatingRuleSet:
    """An annual-rating regime in force over a period: every number a field, local rules by name.

    The bands, conditions and listed cases are national data; `derive` builds a
    provincial variant.
    """

    id: str = attrs.field(validator=non_empty_text())
    """Stable identifier, e.g. ``"qd366-2025"``."""
    title: str = attrs.field(validator=non_empty_text())
    """Human title naming the documents."""
    effective: Period = attrs.field(validator=instance_of(Period))
    """Days on which the rule set is in force."""
    source: str = attrs.field(validator=non_empty_text())
    """Citation of the documents the rule set encodes."""
    regime: Regime = attrs.field(validator=instance_of(Regime))
    """Which regulation's logic applies."""
    url: str | None = attrs.field(default=None, validator=attrs.validators.optional(_text))
    """Where the source can be read."""
    exclude_exempt: bool = attrs.field(default=True, validator=_flag)
    """Exempt members (miễn công tác và sinh hoạt đảng) are not rated."""
    exclude_suspended: bool = attrs.field(default=True, validator=_flag)
    """Suspended members (đình chỉ sinh hoạt đảng) are not rated."""
    new_member_months: int | None = attrs.field(default=None, validator=attrs.validators.optional(int_between(1, 12)))
    """Members admitted less than this many months before the reference day are not rated; ``None``: no such rule."""
    reference_month: int = attrs.field(default=12, validator=int_between(1, 12))
    """Month of the reference day on which exemption, suspension and admission are judged."""
    reference_day: int = attrs.field(default=31, validator=int_between(1, 31))
    """Day of the reference day (default 31 December of the year rated)."""
    scored: bool = attrs.field(default=False, validator=_flag)
    """Whether levels come from the 100-point score bands (366) rather than the proposed level."""
    excellent_min: Decimal = attrs.field(default=Decimal(90), converter=_decimal, validator=_points)
    """Lowest score of "excellent" (≥, QĐ 366 Điều 11)."""
    good_min: Decimal = attrs.field(default=Decimal(70), converter=_decimal, validator=_points)
    """Lowest score of "good"."""
    complete_min: Decimal = attrs.field(default=Decimal(50), converter=_decimal, validator=_points)
    """Lowest score of "complete"; below it, "not complete"."""
    check_task_conditions: bool = attrs.field(default=False, validator=_flag)
    """Whether the task conditions of each level are checked (366 Điều 11)."""
    excellent_min_exceeded: Decimal = attrs.field(default=Decimal("0.30"), converter=_decimal, validator=_share)
    """Share of tasks exceeded that "excellent" needs (≥ 30 %)."""
    complete_max_behind: Decimal = attrs.field(default=Decimal("0.20"), converter=_decimal, validator=_share)
    """Largest share of tasks behind schedule that "complete" allows (≤ 20 %)."""
    not_done_max: Decimal = attrs.field(default=Decimal("0.50"), converter=_decimal, validator=_share)
    """More than this share of tasks not done is a listed "not complete" case (> 50 %)."""
    excellent_needs_prior_fixed: bool = attrs.field(default=False, validator=_flag)
    """Whether "excellent" needs 100 % of prior shortcomings remedied."""
    discipline_effect: DisciplineEffect = attrs.field(
        default=DisciplineEffect.NOT_COMPLETE_UNLESS_MITIGATED,
        validator=instance_of(DisciplineEffect),
    )
    """What being disciplined in the year does."""
    cases_mitigable: bool = attrs.field(default=False, validator=_flag)
    """Whether mitigation lifts every listed case (366), not only discipline."""
    cell_from_members: bool = attrs.field(default=False, validator=_flag)
    """Whether a cell's level is capped by its members' levels (132, HD 21 §B.1.3)."""
    cell_excellent_min_good_share: Decimal = attrs.field(default=Decimal("0.80"), converter=_decimal, validator=_share)
    """Share of rated members at good or above that an excellent cell needs (HD 21)."""
    cell_good_min_good_share: Decimal = attrs.field(default=Decimal("0.50"), converter=_decimal, validator=_share)
    """Share of rated members at good or above that a good cell needs (HD 21)."""
    cell_excellent_needs_clean_leadership: bool = attrs.field(default=False, validator=_flag)
    """Whether an excellent cell needs no member of its leadership disciplined (366)."""
    quota_ratio: Decimal = attrs.field(default=Decimal("0.20"), converter=_decimal, validator=_share)
    """Excellent may not exceed this share of those rated good in a quota group."""
    quota_exception_ratio: Decimal = attrs.field(default=Decimal("0.25"), converter=_decimal, validator=_share)
    """The share allowed by exception to groups with outstanding achievements (366 Điều 11 điểm 1.5)."""
    quota_denominator: QuotaDenominator = attrs.field(
        default=QuotaDenominator.GOOD_AFTER_DEMOTION, validator=instance_of(QuotaDenominator)
    )
    """Which "good" count the ratio applies to (product.md §6)."""
    quota_rounding: QuotaRounding = attrs.field(default=QuotaRounding.FLOOR, validator=instance_of(QuotaRounding))
    """How a fractional quota is rounded (product.md §6: floor)."""
    quota_for_units: bool = attrs.field(default=False, validator=_flag)
    """Whether the quota also applies to cells, grouped like members."""
    exclusion_citation: str = attrs.field(default="", validator=_text)
    """Clause behind the exclusions."""
    band_citation: str = attrs.field(default="", validator=_text)
    """Clause behind the bands or the proposed level."""
    conditions_citation: str = attrs.field(default="", validator=_text)
    """Clause behind the level conditions."""
    cases_citation: str = attrs.field(default="", validator=_text)
    """Clause behind the listed "not complete" cases."""
    discipline_citation: str = attrs.field(default="", validator=_text)
    """Clause behind the discipline effect."""
    cell_citation: str = attrs.field(default="", validator=_text)
    """Clause behind the cell (party organization) thresholds."""
    quota_citation: str = attrs.field(default="", validator=_text)
    """Clause behind the quota on "excellent"."""
    rules: tuple[RatingRule, ...] = attrs.field(default=(), converter=_rules_tuple, validator=_unique_rule_names)
    """Local rules applied after the national ones and the quota."""

    def __attrs_post_init__(self) -> None:
        if not self.complete_min <= self.good_min <= self.excellent_min:
            raise InvalidRecordError(
                f"bands must rise: complete_min {self.complete_min} ≤ good_min {self.good_min} "
                f"≤ excellent_min {self.excellent_min}",
                "good_min",
            )
        if self.quota_ratio <= 0 or self.quota_exception_ratio < self.quota_ratio:
            raise InvalidRecordError(
                f"quota ratios must satisfy 0 < quota_ratio {self.quota_ratio} ≤ quota_exception_ratio "
                f"{self.quota_exception_ratio}",
                "quota_ratio",
            )

    def reference_date(self, year: int) -> dt.date:
        """The day of ``year`` on which exemption, suspension, admission and roles are judged (default 31 December)."""
        last = calendar.monthrange(year, self.reference_month)[1]
        return dt.date(year, self.reference_month, min(self.reference_day, last))

    def derive(
        self,
        *,
        id: str,  # noqa: A002 - the field is called id everywhere
        effective: Period | None = None,
        add: Iterable[RatingRule] = (),
        replace: dict[str, RatingRule] | None = None,
        remove: Iterable[str] = (),
        **changes: Any,
    ) -> RatingRuleSet:
        """A variant: new id, optionally new period, fields and local rules (as `CadenceRuleSet.derive`).

        Raises:
            InvalidArgumentError: an unknown field or rule name.
        """
        return derive_ruleset(
            self, ruleset_id=id, effective=effective, add=add, replace=replace, remove=remove, changes=changes
        )


@final
@attrs.frozen
class SecretaryNotAboveCell:
    """Local rule (example, in no national rule set): a cell's secretary is not rated above the cell.

    No national clause was found for "người đứng đầu không cao hơn tập thể"
    (regulations.md §3.4, open question 4); provinces that adopt it add this rule
    with ``RatingRuleSet.derive(add=[SecretaryNotAboveCell(citation=...)])``.
    """

    citation: str = "Local rule: the head is not rated above the collective (no national clause)"
    """The local clause to cite."""
    name: str = "secretary-not-above-cell"
    """Name of the rule."""

    def apply(self, context: RatingContext) -> Iterable[LevelCap]:
        """A cap for each secretary rated above their cell."""
        ref = context.rules.reference_date(context.year)
        for cell in context.dataset.cells():
            cell_level = context.levels.get(cell.id)
            if cell_level is None:
                continue
            for member in context.dataset.members_of(cell.id, ref):
                membership = member.membership_on(ref)
                level = context.levels.get(member.id)
                if membership is None or membership.role is not Role.SECRETARY or level is None:
                    continue
                if LEVEL_RANK[level] > LEVEL_RANK[cell_level]:
                    yield LevelCap(
                        member.id,
                        cell_level,
                        Finding(
                            "local.secretary_above_cell",
                            Severity.INFO,
                            f"{member.id}: secretary of {cell.id}, which is rated {cell_level.value}; "
                            f"lowered from {level.value} to {cell_level.value}.",
                            self.citation,
                            params={
                                "subject": member.id,
                                "cell": cell.id,
                                "cell_level": cell_level.value,
                                "level": level.value,
                            },
                        ),
                    )
