"""Invariants of planning: any plan is compliant, keeps to its months and days, and round-trips as iCalendar."""

from __future__ import annotations

import datetime as dt

import holidays as python_holidays
import pytest
from dateutil.rrule import rrule, rrulestr
from hypothesis import given, note
from hypothesis import strategies as st

from partyreview import InvalidArgumentError, MeetingPlan, Severity, Unit, check_cadence, plan_from_ical, plan_to_ical
from partyreview import plan_year as make_plan
from partyreview.rules import HD12_2018, HD42_2025, CadenceRuleSet, default_registry
from strategies import cells_around, expand_ical_series, holiday_sets, meeting_rules

pytestmark = pytest.mark.property

rule_sets = st.sampled_from(
    [
        HD12_2018,
        HD42_2025,
        HD42_2025.derive(id="two-a-quarter", thematic_per_quarter=2),
        HD42_2025.derive(id="no-hcm", hcm_topic_required=False),
        HD42_2025.derive(id="half-month", min_active_days_in_month=15),
        HD42_2025.derive(id="no-minimums", min_minutes_regular=None, min_minutes_combined=None),
        HD42_2025.derive(id="make-up", make_up_allowed=True, thematic_per_quarter=3, min_minutes_thematic=60),
    ]
)
thematic_placements = st.sampled_from(["combined", "separate"])


def _rule_dates(rule: str, year: int) -> dict[int, dt.date]:
    """The rule's date in each month of ``year``, expanded by dateutil at the year itself."""
    parsed = rrulestr(rule, dtstart=dt.datetime(year, 1, 1))  # noqa: DTZ001
    assert isinstance(parsed, rrule)
    days = [m.date() for m in parsed.replace(until=dt.datetime(year, 12, 31))]  # noqa: DTZ001
    anchored = [m.date() for m in parsed.replace(dtstart=dt.datetime.combine(days[0], dt.time()), until=days[-1])]
    return {day.month: day for day in anchored}


def _usable(cell: Unit, month: int, year: int, holidays: frozenset[dt.date]) -> bool:
    """Whether some day of the month is free of holidays while the cell exists."""
    first = dt.date(year, month, 1)
    days = (first + dt.timedelta(days=n) for n in range(31))
    return any(d.month == month and cell.active.contains(d) and d not in holidays for d in days)


def _check(plan: MeetingPlan, cell: Unit, year: int, rules: CadenceRuleSet, holidays: frozenset[dt.date]) -> None:
    report = check_cadence(cell, plan.to_meetings(), year, rules)
    note(f"{plan=}\n{report=}")

    assert report.compliant
    assert [] == [f for f in report.findings if f.severity in (Severity.ERROR, Severity.WARNING)]
    assert report.active_months == tuple(s.date.month for s in plan.sessions if s.is_regular)
    rule_dates = _rule_dates(plan.rule, year)
    for session in plan.sessions:
        assert session.date not in holidays
        assert cell.active.contains(session.date)
        if session.moved_from is not None:
            assert (session.moved_from.year, session.moved_from.month) == (year, session.date.month)
            assert session.moved_from != session.date
        if session.is_regular:
            assert rule_dates[session.date.month] == (session.moved_from or session.date)


def _plan_or_refusal(
    year: int, rule: str, *, cell: Unit, rules: CadenceRuleSet, holidays: frozenset[dt.date] | None, thematic: str
) -> MeetingPlan | None:
    """The plan, or ``None`` where the planner rightly refused: an active month with no free day."""
    blocked = holidays if holidays is not None else frozenset(python_holidays.country_holidays("VN", years=year))
    arguments = {"cell": cell, "rules": rules, "holidays": holidays, "thematic": thematic}
    active_months = check_cadence(cell, [], year, rules).active_months
    if all(_usable(cell, month, year, blocked) for month in active_months):
        plan = make_plan(year, rule, **arguments)  # type: ignore[arg-type]
        _check(plan, cell, year, rules, blocked)
        return plan
    with pytest.raises(InvalidArgumentError, match="'holidays' leaves no day of"):
        make_plan(year, rule, **arguments)  # type: ignore[arg-type]
    return None


@given(st.integers(1902, 9998), meeting_rules(), rule_sets, thematic_placements, st.data())
def test_a_plan_is_compliant_and_keeps_to_its_months_and_days(
    year: int, rule: str, rules: CadenceRuleSet, thematic: str, data: st.DataObject
) -> None:
    """Any year, rule, cell and holidays: the plan passes the cadence check with no error or warning.

    Every regular session is the rule's date in its month, or was moved from it
    within the month; no session is on a holiday or a day the cell does not exist.
    When some active month has no such day, the planner refuses instead.
    """
    cell, holidays = data.draw(cells_around(year)), data.draw(holiday_sets(year))

    _plan_or_refusal(year, rule, cell=cell, rules=rules, holidays=holidays, thematic=thematic)


@given(st.integers(2018, 2100), meeting_rules(), thematic_placements, st.data())
def test_a_plan_around_vietnams_public_holidays_is_compliant(
    year: int, rule: str, thematic: str, data: st.DataObject
) -> None:
    """With the default holidays and the rule set in force, every plan of 2018–2100 complies.

    (A cell founded on 29/04/2023 is active in April only on days off: that plan is refused.)
    """
    rules = default_registry().for_year(CadenceRuleSet, year)

    _plan_or_refusal(year, rule, cell=data.draw(cells_around(year)), rules=rules, holidays=None, thematic=thematic)


@given(st.integers(1902, 9998), meeting_rules(), rule_sets, thematic_placements, st.data())
def test_the_calendar_round_trips_and_expands_to_the_regular_days(
    year: int, rule: str, rules: CadenceRuleSet, thematic: str, data: st.DataObject
) -> None:
    """plan_from_ical(plan_to_ical(p)) == p, and an RFC 5545 expansion of its series gives the regular days."""
    cell = data.draw(cells_around(year))
    holidays = data.draw(holiday_sets(year))
    plan = _plan_or_refusal(year, rule, cell=cell, rules=rules, holidays=holidays, thematic=thematic)
    if plan is None:
        return

    ical = plan_to_ical(plan)

    assert plan == plan_from_ical(ical)
    if plan.regular_dates:
        assert list(plan.regular_dates) == expand_ical_series(ical)
