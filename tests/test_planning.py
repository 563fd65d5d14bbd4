"""Planning (C4): dates from a recurrence, moved off holidays, thematic sessions, and the iCalendar file.

The 2026 expectations were read off a printed 2026 calendar and the 2026 holiday
schedule (Tết Nguyên Đán 16–20/02, Giỗ Tổ Hùng Vương on Sunday 26/04 with Monday
27/04 off, 30/04, 01/05, 01–02/09 with Monday 31/08 off in exchange for Saturday
22/08, and the new Ngày Văn hóa Việt Nam on 24/11), not from the planner.
"""

from __future__ import annotations

import datetime as dt

import attrs
import holidays
import pytest

from partyreview import (
    InvalidArgumentError,
    InvalidRecordError,
    MeetingKind,
    MeetingPlan,
    PlannedSession,
    RuleSetNotFoundError,
    Severity,
    Unit,
    UnitKind,
    check_cadence,
    plan_from_ical,
    plan_to_ical,
    plan_year,
)
from partyreview._planning import render_plan
from partyreview.rules import HD12_2018, HD42_2025
from strategies import expand_ical_series, ical_lines

R, T = MeetingKind.REGULAR, MeetingKind.THEMATIC
REGULAR, THEMATIC, COMBINED = frozenset({R}), frozenset({T}), frozenset({R, T})
CELL = Unit("C1", "Chi bộ Văn phòng", UnitKind.CELL, "K", dt.date(2010, 1, 1))
NO_HOLIDAYS: frozenset[dt.date] = frozenset()


def d(month: int, day: int, year: int = 2026) -> dt.date:
    return dt.date(year, month, day)


def _moves(plan: MeetingPlan) -> list[tuple[dt.date, dt.date | None]]:
    return [(s.date, s.moved_from) for s in plan.sessions if s.moved_from is not None]


def _assert_compliant(plan: MeetingPlan, cell: Unit = CELL, rules: object = HD42_2025) -> None:
    report = check_cadence(cell, plan.to_meetings(cell.id), plan.year, rules)  # type: ignore[arg-type]

    assert () == report.findings
    assert report.compliant


# -- rules and presets -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "canonical"),
    [
        ("second Tuesday", "FREQ=MONTHLY;BYDAY=2TU"),
        ("Second Tuesday of the month", "FREQ=MONTHLY;BYDAY=2TU"),
        ("the 3rd wed of every month", "FREQ=MONTHLY;BYDAY=3WE"),
        ("last Friday", "FREQ=MONTHLY;BYDAY=-1FR"),
        ("first Monday", "FREQ=MONTHLY;BYDAY=1MO"),
        ("  fourth   sunday ", "FREQ=MONTHLY;BYDAY=4SU"),
        ("thứ Ba tuần thứ hai", "FREQ=MONTHLY;BYDAY=2TU"),
        ("Thứ Sáu tuần cuối cùng hằng tháng", "FREQ=MONTHLY;BYDAY=-1FR"),
        ("thu 5 tuan dau", "FREQ=MONTHLY;BYDAY=1TH"),
        ("Chủ nhật tuần thứ tư của tháng", "FREQ=MONTHLY;BYDAY=4SU"),
        ("thứ Tư tuần thứ ba", "FREQ=MONTHLY;BYDAY=3WE"),
        ("FREQ=MONTHLY;BYDAY=2TU", "FREQ=MONTHLY;BYDAY=2TU"),
        ("RRULE:FREQ=MONTHLY;BYDAY=2TU", "FREQ=MONTHLY;BYDAY=2TU"),
        ("rrule:freq=monthly;byday=2tu;", "FREQ=MONTHLY;BYDAY=2TU"),
        ("BYDAY=TU;FREQ=MONTHLY;BYSETPOS=2", "FREQ=MONTHLY;BYDAY=TU;BYSETPOS=2"),
        ("FREQ=MONTHLY;BYMONTHDAY=-1", "FREQ=MONTHLY;BYMONTHDAY=-1"),
    ],
)
def test_a_rule_is_an_rrule_or_a_preset_and_is_kept_in_canonical_form(rule: str, canonical: str) -> None:
    """English and Vietnamese presets (with or without diacritics) stand for their RRULE."""
    plan = plan_year(2026, rule, holidays=NO_HOLIDAYS)

    assert canonical == plan.rule


def test_the_second_tuesday_and_its_vietnamese_name_give_the_same_dates() -> None:
    """Presets, RRULEs and BYSETPOS spellings of one rule plan the same days."""
    plans = [
        plan_year(2026, rule, holidays=NO_HOLIDAYS)
        for rule in ("second Tuesday", "thứ Ba tuần thứ hai", "FREQ=MONTHLY;BYDAY=TU;BYSETPOS=2")
    ]

    assert 1 == len({p.regular_dates for p in plans})


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ("every other Tuesday", r"rule 'every other Tuesday' is neither an RRULE such as .* nor a preset"),
        ("fifth Tuesday", "is neither an RRULE"),
        ("DTSTART:20260101\nRRULE:FREQ=MONTHLY", "is neither an RRULE"),
        ("FREQ=MONTHLY;FOO=1", r"rule 'FREQ=MONTHLY;FOO=1' is not a valid RRULE: unknown parameter 'FOO'"),
        ("BYDAY=2TU", "is not a valid RRULE: FREQ is missing"),
        ("FREQ=MONTHLY;BYDAY=9TU", "is not a valid RRULE"),
        (
            "FREQ=MONTHLY;BYDAY=2TU;COUNT=12",
            "COUNT and UNTIL are not allowed: the plan bounds the rule to the year 2026",
        ),
        ("FREQ=MONTHLY;BYDAY=2TU;UNTIL=20261231", "COUNT and UNTIL are not allowed"),
        ("FREQ=HOURLY", "whole days"),
        ("FREQ=MONTHLY;BYDAY=2TU;BYHOUR=18", "whole days"),
        ("FREQ=WEEKLY;BYDAY=TU", r"gives 4 dates in 01/2026; a meeting rule must give exactly one date in every month"),
        ("FREQ=MONTHLY;BYDAY=5TU", "gives no date in 01/2026"),
        ("FREQ=MONTHLY;BYMONTHDAY=31", "gives no date in 02/2026"),
        ("FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU", "gives no date in 02/2026"),
        ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "gives no date in 01/2026"),
        ("FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30", "gives no date in 01/2026"),
    ],
)
def test_an_unusable_rule_is_refused_naming_the_rule(rule: str, message: str) -> None:
    """A rule must parse, give whole days, set no COUNT or UNTIL, and give exactly one date a month."""
    with pytest.raises(InvalidArgumentError, match=message):
        plan_year(2026, rule, holidays=NO_HOLIDAYS)


def test_a_rule_that_is_not_text_is_refused() -> None:
    """The rule is a string."""
    with pytest.raises(InvalidArgumentError, match=r"'rule' must be a string \(got int 2\)"):
        plan_year(2026, 2, holidays=NO_HOLIDAYS)  # type: ignore[arg-type]


def test_a_rule_giving_one_date_a_month_by_interval_is_accepted() -> None:
    """Any rule with one date in each month will do, e.g. every 31 days from 1 January."""
    plan = plan_year(2026, "FREQ=DAILY;INTERVAL=31", holidays=NO_HOLIDAYS)

    assert [d(1, 1), d(2, 1), d(3, 4), d(4, 4), d(5, 5), d(6, 5)] == list(plan.regular_dates[:6])


# -- the 2026 calendar, checked by hand ---------------------------------------------------------------------------


def test_2026_second_tuesday_moves_nothing() -> None:
    """No second Tuesday of 2026 is a public holiday: Tết falls a week later (16–20/02)."""
    plan = plan_year(2026, "second Tuesday")

    assert [
        d(1, 13), d(2, 10), d(3, 10), d(4, 14), d(5, 12), d(6, 9),
        d(7, 14), d(8, 11), d(9, 8), d(10, 13), d(11, 10), d(12, 8),
    ] == list(plan.regular_dates)  # fmt: skip
    assert [] == _moves(plan)
    assert "hd42-2025" == plan.ruleset
    _assert_compliant(plan)


def test_2026_third_tuesday_moves_off_tet_to_the_next_working_day() -> None:
    """17/02/2026 is Tết Nguyên Đán; 18–20/02 are Tết too and 21–22/02 a weekend: the meeting is on Monday 23/02."""
    plan = plan_year(2026, "third Tuesday")
    february = plan.sessions[1]

    assert [
        d(1, 20), d(2, 23), d(3, 17), d(4, 21), d(5, 19), d(6, 16),
        d(7, 21), d(8, 18), d(9, 15), d(10, 20), d(11, 17), d(12, 15),
    ] == list(plan.regular_dates)  # fmt: skip
    assert (d(2, 23), d(2, 17), "Tết Nguyên Đán") == (february.date, february.moved_from, february.moved_because)
    _assert_compliant(plan)


def test_2026_last_monday_moves_off_the_hung_kings_day_off_and_the_national_day_swap() -> None:
    """27/04 is the day off for Giỗ Tổ Hùng Vương (Sunday 26/04): later, to 28/04.

    31/08 is off in exchange for Saturday 22/08 (National Day); no later day is left
    in August, so the meeting goes back to Friday 28/08 (not the weekend).
    """
    plan = plan_year(2026, "last Monday")
    moved = {s.date: s for s in plan.sessions if s.moved_from is not None}

    assert [(d(4, 28), d(4, 27)), (d(8, 28), d(8, 31))] == _moves(plan)
    assert "Hùng Vương" in (moved[d(4, 28)].moved_because or "")
    assert "22/08/2026" in (moved[d(8, 28)].moved_because or "")
    _assert_compliant(plan)


@pytest.mark.parametrize(
    ("rule", "holiday", "moved_to", "name"),
    [
        ("first Thursday", d(1, 1), d(1, 2), "Tết Dương lịch"),
        ("last Thursday", d(4, 30), d(4, 29), "Chiến thắng"),  # last day of April: back to Wednesday
        ("first Friday", d(5, 1), d(5, 4), "Lao động"),  # Saturday and Sunday are skipped
        ("first Tuesday", d(9, 1), d(9, 3), "Quốc khánh"),  # 02/09 is National Day too
        ("last Tuesday", d(11, 24), d(11, 25), "Văn hóa"),  # Ngày Văn hóa Việt Nam, from 2026
    ],
)
def test_2026_public_holidays_move_the_meeting_within_its_month(
    rule: str, holiday: dt.date, moved_to: dt.date, name: str
) -> None:
    """Each 2026 public holiday moves the meeting that falls on it, and only that one."""
    plan = plan_year(2026, rule)
    (session,) = (s for s in plan.sessions if s.moved_from is not None)

    assert (moved_to, holiday) == (session.date, session.moved_from)
    assert name in (session.moved_because or "")
    _assert_compliant(plan)


# -- holiday sources -----------------------------------------------------------------------------------------------


def test_holidays_may_be_a_set_a_mapping_or_a_callable() -> None:
    """A set gives no names, a mapping and a callable do; a callable's False or '' is a working day."""
    tuesday = d(1, 13)

    def closed(day: dt.date) -> str | bool:
        return "Đại hội" if day == tuesday else day == d(2, 10) and ""

    as_set = plan_year(2026, "second Tuesday", holidays={tuesday})
    as_mapping = plan_year(2026, "second Tuesday", holidays={tuesday: "Đại hội chi bộ"})
    as_callable = plan_year(2026, "second Tuesday", holidays=closed)
    truthy = plan_year(2026, "second Tuesday", holidays=lambda day: day == tuesday)

    assert ["holiday", "Đại hội chi bộ", "Đại hội", "holiday"] == [
        p.sessions[0].moved_because for p in (as_set, as_mapping, as_callable, truthy)
    ]
    assert [(d(1, 14), tuesday)] == _moves(as_callable)


def test_a_holiday_name_is_kept_on_one_line() -> None:
    """Names with line breaks or control characters are flattened; a blank name reads 'holiday'."""
    plan = plan_year(2026, "second Tuesday", holidays={d(1, 13): "Nghỉ\nbù\t ", d(2, 10): " \x00 "})

    assert ["Nghỉ bù", "holiday"] == [s.moved_because for s in plan.sessions if s.moved_from]


def test_a_holidays_calendar_in_another_language_gives_its_names() -> None:
    """Any python-holidays calendar (a mapping) can replace the default, e.g. with English names."""
    english = holidays.country_holidays("VN", years=2026, language="en_US")

    plan = plan_year(2026, "third Tuesday", holidays=english)

    assert "Lunar New Year" == plan.sessions[1].moved_because


def test_holidays_of_another_type_are_refused() -> None:
    """The error names the argument and what arrived."""
    with pytest.raises(InvalidArgumentError, match=r"'holidays' must be a container of dates.*\(got int\)"):
        plan_year(2026, "second Tuesday", holidays=5)  # type: ignore[arg-type]


def test_the_default_holidays_cover_only_the_years_python_holidays_knows() -> None:
    """Outside python-holidays' range for Vietnam the caller must pass the holidays."""
    with pytest.raises(InvalidArgumentError, match=r"'holidays' must be given for 2150: .* 1901–2100 only"):
        plan_year(2150, "second Tuesday")

    assert 12 == len(plan_year(2150, "second Tuesday", holidays=NO_HOLIDAYS).regular_dates)


# -- moving --------------------------------------------------------------------------------------------------------


def test_a_weekday_meeting_skips_the_weekend_and_a_weekend_meeting_does_not() -> None:
    """A Friday meeting on a holiday goes to Monday; a Sunday meeting to the next day, whatever it is."""
    friday = plan_year(2026, "first Friday", holidays={d(1, 2)})
    sunday = plan_year(2026, "first Sunday", holidays={d(1, 4)})

    assert [(d(1, 5), d(1, 2))] == _moves(friday)
    assert [(d(1, 5), d(1, 4))] == _moves(sunday)


def test_a_weekend_day_is_used_when_no_weekday_is_free() -> None:
    """With every later and earlier weekday of the month a holiday, a weekday meeting falls on a weekend."""
    weekdays = {d(2, n) for n in range(1, 29) if d(2, n).weekday() < 5}

    plan = plan_year(2026, "second Tuesday", holidays=weekdays)

    assert [(d(2, 14), d(2, 10))] == _moves(plan)
    _assert_compliant(plan)


def test_a_month_without_a_free_day_is_refused() -> None:
    """If every day of a month is a holiday, nothing can be planned for it."""
    february = {d(2, n) for n in range(1, 29)}

    with pytest.raises(InvalidArgumentError, match=r"'holidays' leaves no day of 02/2026 free for its meeting"):
        plan_year(2026, "second Tuesday", holidays=february)


def test_only_the_cells_active_months_and_days_are_planned() -> None:
    """A cell founded 20/03 and dissolved 05/06 meets from March to June, on days it exists."""
    cell = attrs.evolve(CELL, active_from=d(3, 20), active_to=d(6, 5))

    plan = plan_year(2026, "second Tuesday", cell=cell, holidays=NO_HOLIDAYS)

    assert [d(3, 20), d(4, 14), d(5, 12), d(6, 5)] == list(plan.regular_dates)
    assert [(d(3, 20), d(3, 10)), (d(6, 5), d(6, 9))] == _moves(plan)
    assert {"the cell is not active on that day"} == {s.moved_because for s in plan.sessions if s.moved_from}
    assert "C1" == plan.cell
    assert [COMBINED, COMBINED, REGULAR, REGULAR] == [s.kinds for s in plan.sessions]
    _assert_compliant(plan, cell)


def test_the_rule_sets_minimum_active_days_decide_the_months() -> None:
    """With min_active_days_in_month=15, a cell founded on 20/03 starts meeting in April."""
    cell = attrs.evolve(CELL, active_from=d(3, 20))
    rules = HD42_2025.derive(id="local", min_active_days_in_month=15)

    plan = plan_year(2026, "second Tuesday", cell=cell, rules=rules, holidays=NO_HOLIDAYS)

    assert d(4, 14) == plan.regular_dates[0]
    _assert_compliant(plan, cell, rules)


def test_a_cell_whose_only_active_day_is_a_holiday_cannot_be_planned() -> None:
    """The error names the month and the cell."""
    cell = attrs.evolve(CELL, active_to=d(1, 1))

    with pytest.raises(InvalidArgumentError, match="no day of 01/2026 on which cell C1 is active free"):
        plan_year(2026, "second Tuesday", cell=cell, holidays={d(1, 1)})


def test_a_cell_inactive_all_year_gets_an_empty_plan() -> None:
    """Nothing to plan is not an error; the cadence check agrees."""
    cell = attrs.evolve(CELL, active_to=dt.date(2020, 12, 31))

    plan = plan_year(2026, "second Tuesday", cell=cell, holidays=NO_HOLIDAYS)

    assert () == plan.sessions
    _assert_compliant(plan, cell)


# -- thematic sessions, tags and durations ------------------------------------------------------------------------


def test_combined_the_first_regular_session_of_each_quarter_is_also_thematic() -> None:
    """January, April, July and October are combined sessions of 120 minutes; January carries the HCM tag."""
    plan = plan_year(2026, "second Tuesday", holidays=NO_HOLIDAYS)

    assert [d(1, 13), d(4, 14), d(7, 14), d(10, 13)] == [s.date for s in plan.sessions if s.is_combined]
    assert {120} == {s.duration_minutes for s in plan.sessions if s.is_combined}
    assert {90} == {s.duration_minutes for s in plan.sessions if not s.is_combined}
    assert [(d(1, 13), ("ho-chi-minh",))] == [(s.date, s.tags) for s in plan.sessions if s.tags]
    assert 12 == len(plan.sessions)


def test_separate_a_thematic_session_a_week_after_the_quarters_first_regular_one() -> None:
    """Sixteen sessions; a week later, or a week earlier where that leaves the month."""
    second_tuesday = plan_year(2026, "second Tuesday", holidays=NO_HOLIDAYS, thematic="separate")
    last_friday = plan_year(2026, "last Friday", holidays=NO_HOLIDAYS, thematic="separate")

    assert [d(1, 20), d(4, 21), d(7, 21), d(10, 20)] == [s.date for s in second_tuesday.sessions if not s.is_regular]
    assert [d(1, 23), d(4, 17), d(7, 24), d(10, 23)] == [s.date for s in last_friday.sessions if not s.is_regular]
    assert 16 == len(second_tuesday.sessions)
    assert [] == [s for s in second_tuesday.sessions if s.is_combined]
    assert ("ho-chi-minh",) == second_tuesday.sessions[1].tags
    _assert_compliant(second_tuesday)
    _assert_compliant(last_friday)


def test_a_separate_thematic_session_moves_off_holidays_too() -> None:
    """The thematic session wanted on 20/01 is moved to 21/01 and says so."""
    plan = plan_year(2026, "second Tuesday", holidays={d(1, 20): "Nghỉ"}, thematic="separate")
    (thematic,) = (s for s in plan.sessions if s.moved_from is not None)

    assert (d(1, 21), THEMATIC, d(1, 20), "Nghỉ") == (
        thematic.date,
        thematic.kinds,
        thematic.moved_from,
        thematic.moved_because,
    )


def test_several_thematic_sessions_a_quarter_where_the_rule_set_asks_for_them() -> None:
    """thematic_per_quarter=2: two combined sessions a quarter, or two of their own."""
    rules = HD42_2025.derive(id="two-a-quarter", thematic_per_quarter=2)

    combined = plan_year(2026, "second Tuesday", rules=rules, holidays=NO_HOLIDAYS)
    separate = plan_year(2026, "second Tuesday", rules=rules, holidays=NO_HOLIDAYS, thematic="separate")

    assert [d(1, 13), d(2, 10)] == [s.date for s in combined.sessions if s.is_combined][:2]
    assert [d(1, 20), d(2, 17)] == [s.date for s in separate.sessions if not s.is_regular][:2]
    _assert_compliant(combined, rules=rules)
    _assert_compliant(separate, rules=rules)


def test_a_quarter_with_fewer_regular_sessions_than_thematic_ones_needed_adds_its_own() -> None:
    """A cell active in March only (of Q1) needing 3 thematic sessions: one combined, two a week and two later.

    With three wanted on their own, the third's week (+3) and its counterpart (−3)
    leave March, so it is wanted on the regular session's day and moves to the
    next free day.
    """
    cell = attrs.evolve(CELL, active_from=d(3, 1))
    rules = HD42_2025.derive(id="three-a-quarter", thematic_per_quarter=3)

    combined = plan_year(2026, "FREQ=MONTHLY;BYMONTHDAY=16", cell=cell, rules=rules, holidays=NO_HOLIDAYS)
    separate = plan_year(
        2026, "FREQ=MONTHLY;BYMONTHDAY=16", cell=cell, rules=rules, holidays=NO_HOLIDAYS, thematic="separate"
    )

    q1 = [(s.date, s.kinds) for s in combined.sessions if s.date.month == 3]
    assert [(d(3, 16), COMBINED), (d(3, 23), THEMATIC), (d(3, 30), THEMATIC)] == q1
    q1_separate = [(s.date, s.kinds, s.moved_from) for s in separate.sessions if s.date.month == 3]
    assert [
        (d(3, 16), REGULAR, None),
        (d(3, 17), THEMATIC, d(3, 16)),
        (d(3, 23), THEMATIC, None),
        (d(3, 30), THEMATIC, None),
    ] == q1_separate
    assert "another session is planned that day" == separate.sessions[1].moved_because
    _assert_compliant(combined, cell, rules)
    _assert_compliant(separate, cell, rules)


def test_a_cell_that_exists_one_day_holds_all_its_sessions_that_day() -> None:
    """A cell existing only on 18/08 meets that day; its two thematic sessions share the day rather than fail."""
    cell = attrs.evolve(CELL, active_from=d(8, 18), active_to=d(8, 18))
    rules = HD42_2025.derive(id="two-a-quarter", thematic_per_quarter=2)

    plan = plan_year(2026, "second Tuesday", cell=cell, rules=rules, holidays=NO_HOLIDAYS, thematic="separate")

    assert [
        (d(8, 18), REGULAR, d(8, 11), ()),
        (d(8, 18), THEMATIC, d(8, 25), ()),
        (d(8, 18), THEMATIC, d(8, 4), ("ho-chi-minh",)),
    ] == [(s.date, s.kinds, s.moved_from, s.tags) for s in plan.sessions]
    assert {"the cell is not active on that day"} == {s.moved_because for s in plan.sessions}
    _assert_compliant(plan, cell, rules)


def test_no_tag_where_the_ho_chi_minh_topic_is_not_required_and_the_rule_sets_tag_otherwise() -> None:
    """The tag follows the rule set."""
    off = HD42_2025.derive(id="no-hcm", hcm_topic_required=False)
    other_tag = HD42_2025.derive(id="hcm-tag", hcm_topic_tag="bac-ho")

    assert [] == [s for s in plan_year(2026, "second Tuesday", rules=off, holidays=NO_HOLIDAYS).sessions if s.tags]
    assert ("bac-ho",) == plan_year(2026, "second Tuesday", rules=other_tag, holidays=NO_HOLIDAYS).sessions[0].tags


def test_durations_are_the_rule_sets_minimums_or_the_usual_figures() -> None:
    """Minimums of the rule set where set; 90 / 120 / 90 minutes where it sets none."""
    strict = HD42_2025.derive(id="strict", min_minutes_regular=100, min_minutes_combined=150, min_minutes_thematic=60)
    unset = HD42_2025.derive(id="unset", min_minutes_regular=None, min_minutes_combined=None)

    def minutes(rules: object, thematic: str) -> set[tuple[frozenset[MeetingKind], int]]:
        plan = plan_year(2026, "second Tuesday", rules=rules, holidays=NO_HOLIDAYS, thematic=thematic)  # type: ignore[arg-type]
        return {(s.kinds, s.duration_minutes) for s in plan.sessions}

    assert {(COMBINED, 150), (REGULAR, 100)} == minutes(strict, "combined")
    assert {(THEMATIC, 60), (REGULAR, 100)} == minutes(strict, "separate")
    assert {(COMBINED, 120), (REGULAR, 90)} == minutes(unset, "combined")
    assert {(THEMATIC, 90), (REGULAR, 90)} == minutes(unset, "separate")


def test_the_first_and_last_years_a_date_can_hold_are_planned() -> None:
    """Years 1 and 9999 work: no date arithmetic steps outside them (a December cell of 9999 included)."""
    cell = attrs.evolve(CELL, active_from=dt.date(9999, 12, 1))

    first = plan_year(1, "last Friday", rules=HD42_2025, holidays=NO_HOLIDAYS)
    last = plan_year(9999, "last Friday", cell=cell, rules=HD42_2025, holidays=NO_HOLIDAYS, thematic="separate")

    assert (dt.date(1, 1, 26), dt.date(1, 12, 28)) == (first.regular_dates[0], first.regular_dates[-1])
    assert [dt.date(9999, 12, 24), dt.date(9999, 12, 31)] == [s.date for s in last.sessions]
    assert last == plan_from_ical(plan_to_ical(last))
    _assert_compliant(last, cell)


def test_the_rule_set_in_force_on_31_december_is_the_default() -> None:
    """2024 is planned under HD 12 (2018), 2025 under HD 42 (2025); before 2018 there is none."""
    assert "hd12-2018" == plan_year(2024, "second Tuesday").ruleset
    assert "hd42-2025" == plan_year(2025, "second Tuesday").ruleset
    assert HD12_2018.id == plan_year(2026, "second Tuesday", rules=HD12_2018).ruleset
    with pytest.raises(RuleSetNotFoundError):
        plan_year(2010, "second Tuesday")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"year": 0}, r"'year' must be a whole number in \[1, 9999\] \(got 0\)"),
        ({"thematic": "both"}, r"'thematic' must be 'combined' or 'separate' \(got 'both'\)"),
        ({"cell": Unit("K", "Đảng bộ", UnitKind.COMMITTEE)}, r"'cell' must be a cell, got 'K' of kind 'committee'"),
    ],
)
def test_unusable_arguments_are_refused_by_name(kwargs: dict[str, object], message: str) -> None:
    """Each error names the argument."""
    arguments: dict[str, object] = {"year": 2026, "rule": "second Tuesday", "holidays": NO_HOLIDAYS, **kwargs}

    with pytest.raises(InvalidArgumentError, match=message):
        plan_year(**arguments)  # type: ignore[arg-type]


# -- records -------------------------------------------------------------------------------------------------------


def test_planned_sessions_check_their_fields() -> None:
    """Kinds are needed; a move has both its date and its reason."""
    with pytest.raises(InvalidRecordError, match="must have at least one kind"):
        PlannedSession(d(1, 13), set(), 90)
    with pytest.raises(InvalidRecordError, match="given together or not at all"):
        PlannedSession(d(1, 13), REGULAR, 90, moved_from=d(1, 12))
    with pytest.raises(InvalidRecordError, match="'duration_minutes' must be ≥ 1"):
        PlannedSession(d(1, 13), REGULAR, 0)


def test_a_plan_checks_its_sessions() -> None:
    """Sessions are PlannedSessions of the plan's year, at most one regular session a day, kept in date order."""
    late, early = PlannedSession(d(2, 10), REGULAR, 90), PlannedSession(d(1, 13), REGULAR, 90)

    assert (early, late) == MeetingPlan(2026, None, "FREQ=MONTHLY;BYDAY=2TU", "x", [late, early]).sessions
    with pytest.raises(InvalidRecordError, match="must hold PlannedSession values"):
        MeetingPlan(2026, None, "FREQ=MONTHLY;BYDAY=2TU", "x", [d(1, 13)])  # type: ignore[list-item]
    with pytest.raises(InvalidRecordError, match="is not in the plan's year 2025"):
        MeetingPlan(2025, None, "FREQ=MONTHLY;BYDAY=2TU", "x", [early])
    with pytest.raises(InvalidRecordError, match="two regular sessions on 2026-01-13"):
        MeetingPlan(2026, None, "FREQ=MONTHLY;BYDAY=2TU", "x", [early, attrs.evolve(early, kinds=COMBINED)])


def test_to_meetings_numbers_the_sessions_of_the_cell() -> None:
    """Ids are '<cell>-<year>-NN' unless a prefix is given; the plan's cell is the default."""
    plan = plan_year(2026, "second Tuesday", cell=CELL, holidays=NO_HOLIDAYS, thematic="separate")

    meetings = plan.to_meetings()
    other = plan.to_meetings("C9", id_prefix="plan-")

    assert ["C1-2026-01", "C1-2026-02", "C1-2026-03"] == [m.id for m in meetings[:3]]
    assert [(s.date, s.kinds, s.duration_minutes, s.tags) for s in plan.sessions] == [
        (m.date, m.kinds, m.duration_minutes, m.tags) for m in meetings
    ]
    assert {0} == {len(m.attendance) for m in meetings}
    assert ("plan-01", "C9") == (other[0].id, other[0].cell)


def test_to_meetings_needs_a_cell_id_for_a_plan_made_without_a_cell() -> None:
    """The error says why."""
    plan = plan_year(2026, "second Tuesday", holidays=NO_HOLIDAYS)

    with pytest.raises(InvalidArgumentError, match="needs a 'cell' id"):
        plan.to_meetings()
    assert "C7" == plan.to_meetings("C7")[0].cell


def test_the_plan_as_text() -> None:
    """One line per session with weekday, kinds, minutes, tags and move, then a summary."""
    plan = plan_year(2026, "third Tuesday", cell=CELL, thematic="separate")

    lines = render_plan(plan, "en").splitlines()

    assert "Meeting plan 2026 for cell C1: rule FREQ=MONTHLY;BYDAY=3TU, cadence rules hd42-2025" == lines[0]
    assert "2026-01-27 Tue  thematic          90 min  ho-chi-minh" == lines[2]
    assert "2026-02-23 Mon  regular           90 min  moved from 2026-02-17 Tue: Tết Nguyên Đán" == lines[3]
    assert "16 sessions: 12 regular (0 combined with a thematic meeting), 4 thematic on their own; 1 moved" == lines[-1]


def test_the_plan_as_text_in_vietnamese() -> None:
    """The default language: dates as written in Vietnam, weekdays T2 … CN, the same facts."""
    plan = plan_year(2026, "third Tuesday", cell=CELL, thematic="separate")

    lines = render_plan(plan).splitlines()

    assert (
        "Kế hoạch sinh hoạt năm 2026 của chi bộ C1: quy tắc FREQ=MONTHLY;BYDAY=3TU, bộ quy tắc sinh hoạt hd42-2025"
        == lines[0]
    )
    assert "27/01/2026 T3  chuyên đề            90 phút  ho-chi-minh" == lines[2]
    assert "23/02/2026 T2  thường kỳ            90 phút  dời từ 17/02/2026 T3: Tết Nguyên Đán" == lines[3]
    assert "16 buổi: 12 thường kỳ (0 kết hợp chuyên đề), 4 chuyên đề riêng; 1 buổi dời ngày" == lines[-1]


def test_the_planners_own_reasons_are_translated() -> None:
    """A move for an inactive cell or an unnamed holiday reads in the language; a holiday's name stays as given."""
    cell = attrs.evolve(CELL, active_from=d(3, 12))
    plan = plan_year(2026, "second Tuesday", cell=cell, holidays={d(5, 12)})

    vietnamese, english = render_plan(plan, "vi").splitlines(), render_plan(plan, "en").splitlines()

    assert vietnamese[1].endswith("ho-chi-minh; dời từ 10/03/2026 T3: chi bộ không hoạt động ngày đó")
    assert vietnamese[3].endswith("dời từ 12/05/2026 T3: ngày nghỉ")
    assert english[1].endswith("ho-chi-minh; moved from 2026-03-10 Tue: the cell is not active on that day")
    assert english[3].endswith("moved from 2026-05-12 Tue: holiday")
    with pytest.raises(InvalidArgumentError, match="lang: expected one of vi, en, got 'fr'"):
        render_plan(plan, "fr")


# -- iCalendar -----------------------------------------------------------------------------------------------------


PLANS = {
    "no move": lambda: plan_year(2026, "second Tuesday"),
    "moves": lambda: plan_year(2026, "last Monday", cell=CELL),
    "separate": lambda: plan_year(2026, "third Tuesday", thematic="separate"),
    "part year": lambda: plan_year(
        2026, "second Tuesday", cell=attrs.evolve(CELL, active_from=d(3, 20), active_to=d(9, 5)), holidays={d(5, 12)}
    ),
    "empty": lambda: plan_year(2026, "second Tuesday", cell=attrs.evolve(CELL, active_to=dt.date(2020, 1, 1))),
    "BYSETPOS": lambda: plan_year(2026, "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1", thematic="separate"),
}


@pytest.mark.parametrize("case", sorted(PLANS))
def test_the_calendar_round_trips(case: str) -> None:
    """plan_from_ical(plan_to_ical(plan)) == plan, and writing it again gives the same bytes."""
    plan = PLANS[case]()

    data = plan_to_ical(plan)

    assert plan == plan_from_ical(data)
    assert data == plan_to_ical(plan_from_ical(data))


@pytest.mark.parametrize("case", sorted(PLANS))
def test_the_recurring_event_expands_to_exactly_the_planned_regular_days(case: str) -> None:
    """dateutil's RFC 5545 expansion of DTSTART, RRULE, EXDATE and RDATE gives the regular days."""
    plan = PLANS[case]()

    data = plan_to_ical(plan)

    if plan.regular_dates:
        assert list(plan.regular_dates) == expand_ical_series(data)
    else:
        assert "RRULE:" not in data.decode()


def test_the_calendar_file_layout() -> None:
    """A VCALENDAR with deterministic UIDs, CRLF lines, kinds in CATEGORIES, the moves as EXDATE and RDATE."""
    plan = plan_year(2026, "third Tuesday", cell=CELL, thematic="separate")

    data = plan_to_ical(plan)
    lines = ical_lines(data)

    assert data.startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert data.endswith(b"END:VCALENDAR\r\n")
    assert data == plan_to_ical(plan)
    assert [
        "UID:partyreview-C1-2026-regular",
        "UID:partyreview-C1-2026-regular",
        "UID:partyreview-C1-2026-thematic-20260127",
        "UID:partyreview-C1-2026-thematic-20260428",
        "UID:partyreview-C1-2026-thematic-20260728",
        "UID:partyreview-C1-2026-thematic-20261027",
    ] == [line for line in lines if line.startswith("UID:")]
    assert "RRULE:FREQ=MONTHLY;UNTIL=20261231;BYDAY=3TU" in lines
    assert "EXDATE;VALUE=DATE:20260217" in lines
    assert "RDATE;VALUE=DATE:20260223" in lines
    assert "RECURRENCE-ID;VALUE=DATE:20260223" in lines
    assert ["CATEGORIES:regular", "CATEGORIES:regular"] + ["CATEGORIES:thematic"] * 4 == [
        line for line in lines if line.startswith("CATEGORIES")
    ]
    assert "NAME;VALUE=TEXT:Lịch sinh hoạt chi bộ C1 năm 2026" in lines
    assert {"DTSTAMP:20260101T000000Z"} == {line for line in lines if line.startswith("DTSTAMP")}


def test_combined_sessions_are_overrides_of_the_series() -> None:
    """Each combined session is a RECURRENCE-ID override with both kinds and its length."""
    plan = plan_year(2026, "second Tuesday", holidays=NO_HOLIDAYS)

    lines = ical_lines(plan_to_ical(plan, name="Chi bộ 5", stamp=dt.datetime(2025, 12, 1, 9, tzinfo=dt.UTC)))

    assert ["CATEGORIES:regular"] + ["CATEGORIES:regular,thematic"] * 4 == [
        line for line in lines if line.startswith("CATEGORIES")
    ]
    assert "X-WR-CALNAME;VALUE=TEXT:Chi bộ 5" in lines
    assert "DTSTAMP:20251201T090000Z" in lines
    assert "UID:partyreview-plan-2026-regular" in lines


def test_two_thematic_sessions_on_one_day_get_distinct_uids() -> None:
    """The second UID of a day gets a suffix."""
    session = PlannedSession(d(1, 20), THEMATIC, 90)
    plan = MeetingPlan(2026, "C1", "FREQ=MONTHLY;BYDAY=2TU", "x", [session, session])

    lines = ical_lines(plan_to_ical(plan))

    assert ["UID:partyreview-C1-2026-thematic-20260120", "UID:partyreview-C1-2026-thematic-20260120-2"] == [
        line for line in lines if line.startswith("UID:")
    ]
    assert plan == plan_from_ical(plan_to_ical(plan))


def test_odd_reasons_and_tags_survive_the_round_trip() -> None:
    """Commas, semicolons and backslashes are escaped as iCalendar TEXT."""
    plan = plan_year(2026, "second Tuesday", holidays={d(1, 13): r"Nghỉ, bù; a\b"})
    tagged = MeetingPlan(2026, None, plan.rule, plan.ruleset, [PlannedSession(d(3, 3), THEMATIC, 45, ("a,b", "c;d"))])

    assert plan == plan_from_ical(plan_to_ical(plan).decode("utf-8"))
    assert tagged == plan_from_ical(plan_to_ical(tagged))


def test_stamp_and_name_are_checked() -> None:
    """The DTSTAMP must be timezone-aware; the name must not be blank."""
    plan = plan_year(2026, "second Tuesday", holidays=NO_HOLIDAYS)

    with pytest.raises(InvalidArgumentError, match="'stamp' must be a timezone-aware datetime"):
        plan_to_ical(plan, stamp=dt.datetime(2026, 1, 1))  # noqa: DTZ001
    with pytest.raises(InvalidArgumentError, match="'name' must not be blank"):
        plan_to_ical(plan, name=" ")


@pytest.mark.parametrize(
    ("data", "detail"),
    [
        (b"not a calendar", r"\(.+\)"),
        (b"BEGIN:VEVENT\r\nUID:x\r\nEND:VEVENT\r\n", r"it holds a VEVENT, not a VCALENDAR"),
        (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n", r"\(no X-PARTYREVIEW-YEAR\)"),
    ],
)
def test_reading_something_else_is_refused(data: bytes, detail: str) -> None:
    """The error names 'data' and says what is missing."""
    with pytest.raises(InvalidArgumentError, match=rf"'data' is not a meeting plan .*{detail}"):
        plan_from_ical(data)


def test_a_planned_session_is_checked_again_when_read() -> None:
    """A tampered length is refused like any bad record."""
    data = plan_to_ical(plan_year(2026, "second Tuesday", holidays=NO_HOLIDAYS))

    with pytest.raises(InvalidArgumentError, match="'duration_minutes' must be ≥ 1"):
        plan_from_ical(data.replace(b"DURATION-MINUTES;VALUE=TEXT:90", b"DURATION-MINUTES;VALUE=TEXT:0"))


def test_the_plan_is_compliant_under_the_cadence_check_with_no_warning() -> None:
    """No error and no duration warning, for both placements, for a cell in its first year."""
    cell = attrs.evolve(CELL, active_from=d(5, 7))
    for thematic in ("combined", "separate"):
        plan = plan_year(2026, "last Friday", cell=cell, thematic=thematic)
        report = check_cadence(cell, plan.to_meetings(), 2026, HD42_2025)

        assert [] == [f for f in report.findings if f.severity in (Severity.ERROR, Severity.WARNING)]
