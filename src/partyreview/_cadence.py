"""The cadence check (C3): did a cell meet as often as it must in a year?

The facts (which months and quarters were held) are computed here once; the
findings come from the rule set's named `CadenceRule` objects, so a province
can add, replace or remove a check without touching the facts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Final, Protocol, runtime_checkable

import attrs

from ._arguments import check_instance, check_year
from ._enum_members import REGULAR as _REGULAR
from ._enum_members import THEMATIC as _THEMATIC
from ._findings import Finding, Severity
from ._meetings import Meeting, MeetingKind
from ._org import Unit
from ._periods import MONTHS, month_span, quarter_of
from .errors import InvalidArgumentError

if TYPE_CHECKING:
    from .rules._cadence import CadenceRuleSet

__all__ = [
    "CadenceContext",
    "CadenceReport",
    "CadenceRule",
    "HoChiMinhTopicRule",
    "MinimumDurationRule",
    "MinutesRecordedRule",
    "RegularMonthlyRule",
    "ThematicQuarterlyRule",
    "cell_active_months",
    "check_cadence",
]


def _months(values: Iterable[int]) -> tuple[int, ...]:
    return tuple(sorted(values))


@attrs.frozen
class CadenceContext:
    """What a `CadenceRule` sees: one cell, one year, its meetings and the computed facts."""

    cell: Unit
    """The cell checked."""
    year: int
    """The calendar year checked."""
    rules: CadenceRuleSet
    """The rule set applied."""
    meetings: tuple[Meeting, ...]
    """The cell's meetings in the year, in date order."""
    active_months: tuple[int, ...]
    """Months (1–12) in which the cell must hold a regular meeting."""
    regular_months: tuple[int, ...]
    """Active months counted as held (including made-up months)."""
    missing_months: tuple[int, ...]
    """Active months with no regular meeting counted for them."""
    made_up_months: tuple[tuple[int, str], ...]
    """``(month, meeting id)``: a missed month filled by a later meeting (only where allowed)."""
    surplus_meetings: tuple[str, ...]
    """Ids of regular meetings beyond the first of their month that filled no other month."""
    active_quarters: tuple[int, ...]
    """Quarters (1–4) with at least one active month."""
    thematic_quarters: tuple[int, ...]
    """Active quarters counted as having their thematic meeting(s)."""
    quarters_without_thematic: tuple[int, ...]
    """Active quarters short of thematic meetings."""
    made_up_quarters: tuple[tuple[int, str], ...] = ()
    """``(quarter, meeting id)``: a short quarter filled by a later thematic meeting (only where allowed)."""


@runtime_checkable
class CadenceRule(Protocol):
    """A named check that turns a `CadenceContext` into findings.

    Contract: ``check`` is pure (no I/O, no mutation), deterministic, and returns
    findings whose ``citation`` names the clause the rule rests on.  A finding of
    severity ``ERROR`` makes the cell non-compliant.  ``name`` is unique within a
    rule set; `CadenceRuleSet.derive` replaces or removes rules by it.
    """

    @property
    def name(self) -> str:
        """Unique name of the rule within its rule set."""
        ...

    def check(self, context: CadenceContext) -> Iterable[Finding]:
        """The findings for one cell and year."""
        ...


def _count_phrase(needed: int) -> str:
    return "no thematic meeting" if needed == 1 else f"fewer than {needed} thematic meetings"


def _month_label(year: int, month: int) -> str:
    return f"{month:02d}/{year}"


@attrs.frozen
class RegularMonthlyRule:
    """One regular meeting in every active month (Điều lệ Đảng Điều 24.2, Điều 22.6)."""

    name: str = "regular-monthly"
    """Name of the rule."""

    def check(self, context: CadenceContext) -> Iterable[Finding]:
        """An error per missing month; info on made-up months and on surplus meetings."""
        rules, cell, year = context.rules, context.cell, context.year
        for month in context.missing_months:
            yield Finding(
                "cadence.regular.missing",
                Severity.ERROR,
                f"Cell {cell.id} held no regular meeting in {_month_label(year, month)}.",
                rules.regular_citation,
                params={"cell": cell.id, "month": month, "year": year},
            )
        for month, meeting_id in context.made_up_months:
            yield Finding(
                "cadence.regular.made_up",
                Severity.INFO,
                f"Cell {cell.id}: meeting {meeting_id} makes up the missed month {_month_label(year, month)}.",
                rules.make_up_citation,
                params={"cell": cell.id, "meeting": meeting_id, "month": month, "year": year},
            )
        if context.missing_months and context.surplus_meetings:
            yield Finding(
                "cadence.regular.extra",
                Severity.INFO,
                f"Cell {cell.id}: {len(context.surplus_meetings)} extra regular meeting(s) "
                f"({', '.join(context.surplus_meetings)}) do not fill a missed month; "
                + (
                    "no earlier missed month was left to make up."
                    if rules.make_up_allowed
                    else "the rule set allows no make-up meeting."
                ),
                rules.make_up_citation,
                params={
                    "cell": cell.id,
                    "count": len(context.surplus_meetings),
                    "meetings": ", ".join(context.surplus_meetings),
                    "make_up_allowed": int(rules.make_up_allowed),
                },
            )


@attrs.frozen
class ThematicQuarterlyRule:
    """At least one thematic meeting in every active quarter (CT 50-CT/TW; HD 12-HD/BTCTW)."""

    name: str = "thematic-quarterly"
    """Name of the rule."""

    def check(self, context: CadenceContext) -> Iterable[Finding]:
        """An error per active quarter short of thematic meetings."""
        rules, cell, year = context.rules, context.cell, context.year
        for quarter in context.quarters_without_thematic:
            yield Finding(
                "cadence.thematic.missing",
                Severity.ERROR,
                f"Cell {cell.id} held {_count_phrase(rules.thematic_per_quarter)} in Q{quarter}/{year}.",
                rules.thematic_citation,
                params={"cell": cell.id, "quarter": quarter, "year": year, "required": rules.thematic_per_quarter},
            )
        for quarter, meeting_id in context.made_up_quarters:
            yield Finding(
                "cadence.thematic.made_up",
                Severity.INFO,
                f"Cell {cell.id}: thematic meeting {meeting_id} makes up Q{quarter}/{year}.",
                rules.make_up_citation,
                params={"cell": cell.id, "meeting": meeting_id, "quarter": quarter, "year": year},
            )


@attrs.frozen
class HoChiMinhTopicRule:
    """A thematic meeting on studying and following Ho Chi Minh once a year, where required."""

    name: str = "ho-chi-minh-topic"
    """Name of the rule."""

    def check(self, context: CadenceContext) -> Iterable[Finding]:
        """An error when no thematic meeting of the year carries the Ho Chi Minh tag."""
        rules = context.rules
        if not rules.hcm_topic_required or not context.active_months:
            return
        tag = rules.hcm_topic_tag
        if any(tag in m.tags and m.is_thematic for m in context.meetings):  # the tag first: most meetings have none
            return
        yield Finding(
            "cadence.hcm.missing",
            Severity.ERROR,
            f"Cell {context.cell.id} held no thematic meeting tagged {rules.hcm_topic_tag!r} in {context.year}.",
            rules.hcm_citation,
            params={"cell": context.cell.id, "tag": rules.hcm_topic_tag, "year": context.year},
        )


@attrs.frozen
class MinimumDurationRule:
    """Minimum length of a session: 90 minutes regular, 120 combined (HD 12 §II.3; HD 42)."""

    name: str = "minimum-duration"
    """Name of the rule."""

    def check(self, context: CadenceContext) -> Iterable[Finding]:
        """A warning per session shorter than its minimum."""
        rules = context.rules
        for meeting in context.meetings:
            regular = _REGULAR in meeting.kinds  # `is_regular`, without the property and the enum's lookup
            if regular and _THEMATIC in meeting.kinds:
                kind, minimum, what = "combined", rules.min_minutes_combined, "combined session"
            elif regular:
                kind, minimum, what = "regular", rules.min_minutes_regular, "regular meeting"
            else:
                kind, minimum, what = "thematic", rules.min_minutes_thematic, "thematic meeting"
            if minimum is not None and meeting.duration_minutes < minimum:
                yield Finding(
                    "cadence.duration.short",
                    Severity.WARNING,
                    f"Meeting {meeting.id} ({what}, {meeting.date.isoformat()}) lasted "
                    f"{meeting.duration_minutes} minutes; the minimum is {minimum}.",
                    rules.duration_citation,
                    params={
                        "meeting": meeting.id,
                        "date": meeting.date.isoformat(),
                        "kind": kind,
                        "minutes": meeting.duration_minutes,
                        "minimum": minimum,
                    },
                )


@attrs.frozen
class MinutesRecordedRule:
    """Every session has its minutes in the minute book (HD 12 §II.3, criterion 3)."""

    name: str = "minutes-recorded"
    """Name of the rule."""

    def check(self, context: CadenceContext) -> Iterable[Finding]:
        """A warning per session without minutes."""
        for meeting in context.meetings:
            if not meeting.minutes:
                yield Finding(
                    "cadence.minutes.missing",
                    Severity.WARNING,
                    f"Meeting {meeting.id} ({meeting.date.isoformat()}) has no minutes recorded.",
                    context.rules.minutes_citation,
                    params={"meeting": meeting.id, "date": meeting.date.isoformat()},
                )


@attrs.frozen
class CadenceReport:
    """The cadence of one cell in one year: held and missing months and quarters, and findings."""

    cell: str
    """Id of the cell."""
    year: int
    """The year checked."""
    ruleset: str
    """Id of the rule set applied."""
    active_months: tuple[int, ...]
    """Months in which a regular meeting was required."""
    regular_months: tuple[int, ...]
    """Active months counted as held."""
    missing_months: tuple[int, ...]
    """Active months without a regular meeting."""
    thematic_quarters: tuple[int, ...]
    """Active quarters with enough thematic meetings."""
    quarters_without_thematic: tuple[int, ...]
    """Active quarters short of thematic meetings."""
    findings: tuple[Finding, ...]
    """Every finding, in rule order."""

    @property
    def compliant(self) -> bool:
        """No finding of severity error."""
        return not any(f.severity is Severity.ERROR for f in self.findings)


def _fill_from_surplus(
    held: set[int],
    periods: Sequence[int],
    extras: dict[int, list[str]],
    *,
    allowed: bool,
) -> tuple[tuple[tuple[int, str], ...], tuple[str, ...]]:
    """Let surplus sessions fill the latest earlier missed period, where allowed."""
    made_up: list[tuple[int, str]] = []
    surplus: list[str] = []
    for period in periods:
        for meeting_id in extras.get(period, []):
            missed = [p for p in periods if p < period and p not in held]
            if allowed and missed:
                held.add(missed[-1])
                made_up.append((missed[-1], meeting_id))
            else:
                surplus.append(meeting_id)
    return tuple(sorted(made_up)), tuple(surplus)


def _tally(
    meetings: Sequence[Meeting],
    active_months: set[int],
    kind: MeetingKind,
    needed: int,
    period_of: Callable[[int], int],
) -> tuple[dict[int, int], dict[int, list[str]]]:
    """Count meetings of ``kind`` per period (month or quarter) and list those beyond ``needed``.

    A plain dict (a `Counter` is slower to build and to count with): a period without a meeting is not in it.
    """
    counts: dict[int, int] = {}
    extras: dict[int, list[str]] = {}
    for meeting in meetings:
        if kind in meeting.kinds and meeting.date.month in active_months:
            period = period_of(meeting.date.month)
            count = counts.get(period, 0) + 1
            counts[period] = count
            if count > needed:
                extras.setdefault(period, []).append(meeting.id)
    return counts, extras


_SHORTEST_MONTH: Final = 28


def cell_active_months(cell: Unit, year: int, rules: CadenceRuleSet) -> tuple[int, ...]:
    """Months (1–12) of ``year`` in which ``cell`` must hold a regular meeting.

    A month counts when the cell exists on at least ``rules.min_active_days_in_month``
    of its days; the cadence check and the planner (`plan_year`) share this reading.
    """
    start, end = cell.active_from, cell.active_to  # not `cell.active`: a `Period` built and checked for every cell
    if (
        (start is None or start <= dt.date(year, 1, 1))
        and (end is None or end >= dt.date(year, 12, 31))
        and rules.min_active_days_in_month <= _SHORTEST_MONTH
    ):
        return MONTHS  # the usual cell, active all year: every month has enough days (worked out per cell otherwise)
    active = cell.active
    return tuple(m for m in MONTHS if active.days_in(month_span(year, m)) >= rules.min_active_days_in_month)


def check_cadence(cell: Unit, meetings: Iterable[Meeting], year: int, rules: CadenceRuleSet) -> CadenceReport:
    """Check one cell's meeting cadence for ``year`` under ``rules``.

    Meetings of other years are ignored; meetings of another cell are an error.
    A month is *active* when the cell exists on at least
    ``rules.min_active_days_in_month`` of its days; a quarter is active when one
    of its months is.

    Raises:
        InvalidArgumentError: ``cell`` is not a cell, or a meeting belongs to another cell.
    """
    check_instance(cell, Unit, "cell")
    check_year(year)
    if not cell.is_cell:
        raise InvalidArgumentError(f"check_cadence() needs a cell, got {cell.id!r} of kind {cell.kind.value!r}")
    of_year: list[Meeting] = []
    for meeting in meetings:
        if meeting.cell != cell.id:
            raise InvalidArgumentError(f"meeting {meeting.id!r} belongs to cell {meeting.cell!r}, not {cell.id!r}")
        if meeting.date.year == year:
            of_year.append(meeting)
    of_year.sort(key=lambda m: (m.date, m.id))
    active_months = cell_active_months(cell, year, rules)
    active_set = set(active_months)
    active_quarters = sorted({quarter_of(m) for m in active_months})

    regular, regular_extras = _tally(of_year, active_set, MeetingKind.REGULAR, 1, lambda m: m)
    thematic, thematic_extras = _tally(
        of_year,
        active_set,
        MeetingKind.THEMATIC,
        rules.thematic_per_quarter,
        quarter_of,
    )
    held_months = {m for m in active_months if m in regular}
    made_up, surplus = _fill_from_surplus(held_months, active_months, regular_extras, allowed=rules.make_up_allowed)
    held_quarters = {q for q in active_quarters if thematic.get(q, 0) >= rules.thematic_per_quarter}
    made_up_quarters, _ = _fill_from_surplus(
        held_quarters, active_quarters, thematic_extras, allowed=rules.make_up_allowed
    )

    context = CadenceContext(
        cell=cell,
        year=year,
        rules=rules,
        meetings=tuple(of_year),
        active_months=active_months,
        regular_months=_months(held_months),
        missing_months=_months(active_set - held_months),
        made_up_months=made_up,
        surplus_meetings=surplus,
        active_quarters=tuple(active_quarters),
        thematic_quarters=_months(held_quarters),
        quarters_without_thematic=_months(set(active_quarters) - held_quarters),
        made_up_quarters=made_up_quarters,
    )
    findings = tuple(finding for rule in rules.rules for finding in rule.check(context))
    return CadenceReport(
        cell=cell.id,
        year=year,
        ruleset=rules.id,
        active_months=context.active_months,
        regular_months=context.regular_months,
        missing_months=context.missing_months,
        thematic_quarters=context.thematic_quarters,
        quarters_without_thematic=context.quarters_without_thematic,
        findings=findings,
    )
