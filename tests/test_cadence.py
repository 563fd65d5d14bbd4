"""The cadence check, rule by rule (HD 12-HD/BTCTW 2018; CT 50-CT/TW and HD 42-HD/BTCTW 2025)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import attrs
import pytest

from partyreview import Finding, InvalidArgumentError, Meeting, MeetingKind, Severity, Unit, UnitKind, check_cadence
from partyreview.rules import HD12_2018, HD42_2025, CadenceContext, CadenceRuleSet

R, T = MeetingKind.REGULAR, MeetingKind.THEMATIC
CELL = Unit("C1", "Chi bộ Văn phòng", UnitKind.CELL, "K", dt.date(2010, 1, 1))


def _meeting(
    month: int,
    *kinds: MeetingKind,
    day: int = 10,
    minutes: int | None = None,
    tags: Iterable[str] = (),
    recorded: bool = True,
    year: int = 2025,
    cell: str = "C1",
    suffix: str = "",
) -> Meeting:
    kinds = kinds or (R,)
    duration = minutes if minutes is not None else (120 if len(kinds) == 2 else 90)
    return Meeting(
        id=f"{cell}-{year}-{month:02d}-{day:02d}{suffix}",
        cell=cell,
        date=dt.date(year, month, day),
        kinds=kinds,
        duration_minutes=duration,
        tags=tuple(tags),
        minutes=recorded,
    )


def _full_year() -> list[Meeting]:
    """Twelve regular meetings, the first of each quarter combined with the thematic one (HCM in April)."""
    meetings = []
    for month in range(1, 13):
        if month in (1, 4, 7, 10):
            meetings.append(_meeting(month, R, T, tags=["ho-chi-minh"] if month == 4 else []))
        else:
            meetings.append(_meeting(month))
    return meetings


def _codes(findings: Iterable[Finding]) -> list[str]:
    return [f.code for f in findings]


def test_a_full_year_is_compliant_with_no_findings() -> None:
    """Monthly regular meetings and a combined thematic one a quarter comply, with nothing to report."""
    report = check_cadence(CELL, _full_year(), 2025, HD42_2025)

    assert report.compliant
    assert () == report.findings
    assert tuple(range(1, 13)) == report.regular_months
    assert (1, 2, 3, 4) == report.thematic_quarters
    assert "hd42-2025" == report.ruleset


def test_a_missing_month_is_an_error_citing_the_charter() -> None:
    """No regular meeting in March: one error naming the month and Điều lệ Điều 24."""
    meetings = [m for m in _full_year() if m.date.month != 3]

    report = check_cadence(CELL, meetings, 2025, HD42_2025)

    assert not report.compliant
    assert (3,) == report.missing_months
    [finding] = report.findings
    assert "cadence.regular.missing" == finding.code
    assert Severity.ERROR == finding.severity
    assert "03/2025" in finding.message
    assert "Điều 24" in finding.citation


def test_a_thematic_meeting_alone_does_not_count_as_the_regular_meeting() -> None:
    """A thematic-only session in a month leaves that month without its regular meeting."""
    meetings = [m for m in _full_year() if m.date.month != 5] + [_meeting(5, T, minutes=120)]

    report = check_cadence(CELL, meetings, 2025, HD42_2025)

    assert (5,) == report.missing_months
    assert (1, 2, 3, 4) == report.thematic_quarters


def test_a_quarter_without_a_thematic_meeting_is_an_error() -> None:
    """Q3 with only regular meetings gives cadence.thematic.missing citing CT 50."""
    meetings = [m for m in _full_year() if m.date.month != 7] + [_meeting(7)]

    report = check_cadence(CELL, meetings, 2025, HD42_2025)

    assert (3,) == report.quarters_without_thematic
    assert ["cadence.thematic.missing"] == _codes(report.findings)
    assert "Q3/2025" in report.findings[0].message
    assert "50-CT/TW" in report.findings[0].citation


def test_a_separate_thematic_meeting_fills_its_quarter() -> None:
    """A thematic meeting on its own date counts for its quarter."""
    meetings = [m for m in _full_year() if m.date.month != 7] + [_meeting(7), _meeting(8, T, day=20)]

    report = check_cadence(CELL, meetings, 2025, HD42_2025)

    assert report.compliant
    assert (1, 2, 3, 4) == report.thematic_quarters


def test_a_combined_session_counts_for_both_kinds() -> None:
    """One combined session fills the month and the quarter."""
    report = check_cadence(CELL, [_meeting(1, R, T)], 2025, HD42_2025)

    assert (1,) == report.regular_months
    assert (1,) == report.thematic_quarters


def test_no_ho_chi_minh_topic_in_the_year_is_an_error() -> None:
    """Without a thematic meeting tagged ho-chi-minh the year fails the topic rule."""
    meetings = [attrs.evolve(m, tags=()) for m in _full_year()]

    report = check_cadence(CELL, meetings, 2025, HD42_2025)

    assert ["cadence.hcm.missing"] == _codes(report.findings)
    assert not report.compliant


def test_the_ho_chi_minh_tag_on_a_regular_meeting_does_not_count() -> None:
    """The topic must be a thematic meeting's."""
    meetings = [attrs.evolve(m, tags=()) for m in _full_year()]
    meetings[1] = attrs.evolve(meetings[1], tags=("ho-chi-minh",))

    report = check_cadence(CELL, meetings, 2025, HD42_2025)

    assert ["cadence.hcm.missing"] == _codes(report.findings)


def test_the_ho_chi_minh_rule_can_be_switched_off() -> None:
    """A rule set with hcm_topic_required=False does not ask for the topic."""
    rules = HD42_2025.derive(id="no-hcm", hcm_topic_required=False)
    meetings = [attrs.evolve(m, tags=()) for m in _full_year()]

    report = check_cadence(CELL, meetings, 2025, rules)

    assert report.compliant


@pytest.mark.parametrize(
    ("kinds", "minutes", "short"),
    [
        ((R,), 89, True),
        ((R,), 90, False),
        ((R,), 91, False),
        ((R, T), 119, True),
        ((R, T), 120, False),
        ((R, T), 121, False),
        ((T,), 30, False),
    ],
)
def test_minimum_durations_are_warnings(kinds: tuple[MeetingKind, ...], minutes: int, short: bool) -> None:
    """Below 90 minutes (regular) or 120 (combined) is a warning; a thematic meeting alone has no national minimum."""
    meetings = [m for m in _full_year() if m.date.month != 2] + [_meeting(2, *kinds, minutes=minutes)]

    report = check_cadence(CELL, meetings, 2025, HD42_2025)

    assert short == ("cadence.duration.short" in _codes(report.findings))
    assert all(f.severity is Severity.WARNING for f in report.findings if f.code == "cadence.duration.short")


def test_a_thematic_minimum_applies_when_the_rule_set_sets_one() -> None:
    """A province may require, say, 60 minutes for a thematic meeting held alone."""
    rules = HD42_2025.derive(id="thematic-60", min_minutes_thematic=60)

    report = check_cadence(CELL, [*_full_year(), _meeting(2, T, day=20, minutes=59)], 2025, rules)

    assert ["cadence.duration.short"] == _codes(report.findings)
    assert "minimum is 60" in report.findings[0].message


def test_a_meeting_without_minutes_is_a_warning() -> None:
    """No minutes recorded: cadence.minutes.missing, compliance unaffected."""
    meetings = _full_year()
    meetings[5] = attrs.evolve(meetings[5], minutes=False)

    report = check_cadence(CELL, meetings, 2025, HD12_2018)

    assert ["cadence.minutes.missing"] == _codes(report.findings)
    assert report.compliant


def test_a_second_meeting_does_not_fill_a_missed_month_by_default() -> None:
    """Two meetings in May and none in April: April stays missing, with an info on the extra meeting."""
    meetings = [m for m in _full_year() if m.date.month != 4] + [_meeting(4, T, day=20, tags=["ho-chi-minh"])]
    meetings.append(_meeting(5, day=25, suffix="b"))

    report = check_cadence(CELL, meetings, 2025, HD42_2025)

    assert (4,) == report.missing_months
    assert ["cadence.regular.missing", "cadence.regular.extra"] == _codes(report.findings)
    assert "C1-2025-05-25b" in report.findings[1].message


def test_a_make_up_meeting_fills_the_latest_earlier_missed_month_when_allowed() -> None:
    """With make_up_allowed, the extra May meeting fills April (not a later month)."""
    rules = HD42_2025.derive(id="make-up", make_up_allowed=True)
    meetings = [m for m in _full_year() if m.date.month not in (2, 4, 9)]
    meetings += [_meeting(4, T, day=20, tags=["ho-chi-minh"]), _meeting(5, day=25, suffix="b")]

    report = check_cadence(CELL, meetings, 2025, rules)

    assert (2, 9) == report.missing_months
    assert ["cadence.regular.missing", "cadence.regular.missing", "cadence.regular.made_up"] == _codes(report.findings)
    assert "04/2025" in report.findings[2].message


def test_a_make_up_thematic_meeting_fills_an_earlier_quarter_when_allowed() -> None:
    """With make_up_allowed, a second thematic meeting in Q2 fills a Q1 without one."""
    rules = HD42_2025.derive(id="make-up", make_up_allowed=True)
    meetings = [attrs.evolve(m, kinds=(R,), duration_minutes=90) if m.date.month == 1 else m for m in _full_year()]
    meetings.append(_meeting(5, T, day=20))

    report = check_cadence(CELL, meetings, 2025, rules)

    assert (1, 2, 3, 4) == report.thematic_quarters
    assert ["cadence.thematic.made_up"] == _codes(report.findings)


def test_a_cell_created_mid_year_is_checked_from_its_first_month() -> None:
    """Created 15 June: June to December are required, the first half of the year is not."""
    cell = attrs.evolve(CELL, active_from=dt.date(2025, 6, 15))
    meetings = [m for m in _full_year() if m.date.month >= 7] + [_meeting(6, R, T, day=20, tags=["ho-chi-minh"])]

    report = check_cadence(cell, meetings, 2025, HD42_2025)

    assert tuple(range(6, 13)) == report.active_months
    assert report.compliant
    assert (2, 3, 4) == report.thematic_quarters


@pytest.mark.parametrize(("min_days", "june_required"), [(16, True), (17, False)])
def test_a_partial_month_is_required_from_the_rule_sets_day_threshold(min_days: int, june_required: bool) -> None:
    """Created 15 June (16 days of June): June counts only when the threshold is at most 16 days."""
    cell = attrs.evolve(CELL, active_from=dt.date(2025, 6, 15))
    rules = HD42_2025.derive(id="days", min_active_days_in_month=min_days)

    report = check_cadence(cell, [], 2025, rules)

    assert june_required == (6 in report.active_months)


def test_a_cell_dissolved_mid_year_is_checked_until_it_ends() -> None:
    """Dissolved 10 March: January to March are required, and only Q1."""
    cell = attrs.evolve(CELL, active_to=dt.date(2025, 3, 10))
    meetings = [_meeting(1, R, T, tags=["ho-chi-minh"]), _meeting(2), _meeting(3, day=5)]

    report = check_cadence(cell, meetings, 2025, HD42_2025)

    assert (1, 2, 3) == report.active_months
    assert (1,) == report.thematic_quarters
    assert () == report.quarters_without_thematic
    assert report.compliant


def test_a_cell_not_active_in_the_year_has_nothing_required() -> None:
    """A cell dissolved before the year: no active month, no finding, compliant."""
    cell = attrs.evolve(CELL, active_to=dt.date(2024, 12, 31))

    report = check_cadence(cell, [], 2025, HD42_2025)

    assert () == report.active_months
    assert () == report.findings
    assert report.compliant


def test_meetings_of_other_years_are_ignored() -> None:
    """A December 2024 meeting does not count for 2025."""
    report = check_cadence(CELL, [_meeting(12, year=2024)], 2025, HD42_2025)

    assert () == report.regular_months


def test_a_meeting_of_another_cell_is_refused() -> None:
    """Passing another cell's meeting is a programming error, reported clearly."""
    with pytest.raises(InvalidArgumentError, match="belongs to cell 'C2', not 'C1'"):
        check_cadence(CELL, [_meeting(1, cell="C2")], 2025, HD42_2025)


def test_a_unit_that_is_not_a_cell_is_refused() -> None:
    """check_cadence() needs a cell."""
    committee = Unit("K", "Đảng bộ", UnitKind.COMMITTEE)

    with pytest.raises(InvalidArgumentError, match="needs a cell, got 'K' of kind 'committee'"):
        check_cadence(committee, [], 2025, HD42_2025)


@attrs.frozen
class _TwoHoursRule:
    """A local rule for the test: every meeting lasts at least two hours."""

    name: str = "local-two-hours"

    def check(self, context: CadenceContext) -> Iterable[Finding]:
        for meeting in context.meetings:
            if meeting.duration_minutes < 120:
                yield Finding("local.two_hours", Severity.WARNING, f"{meeting.id} is short", "Local rule 1/2025")


def test_a_derived_rule_set_runs_added_rules_after_the_national_ones() -> None:
    """derive(add=...) appends a local rule whose findings follow the national ones."""
    rules = HD42_2025.derive(id="local", add=[_TwoHoursRule()])
    meetings = [m for m in _full_year() if m.date.month != 3]

    report = check_cadence(CELL, meetings, 2025, rules)

    assert "cadence.regular.missing" == report.findings[0].code
    assert {"local.two_hours"} == set(_codes(report.findings[1:]))


def test_a_derived_rule_set_can_replace_and_remove_rules_by_name() -> None:
    """replace= keeps the rule's place, remove= drops it."""
    rules = HD42_2025.derive(id="local", replace={"minimum-duration": _TwoHoursRule()}, remove=["minutes-recorded"])

    assert ["regular-monthly", "thematic-quarterly", "ho-chi-minh-topic", "local-two-hours"] == [
        r.name for r in rules.rules
    ]
    assert isinstance(rules.rule("local-two-hours"), _TwoHoursRule)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"remove": ["no-such-rule"]}, "no rule named 'no-such-rule'"),
        ({"replace": {"nope": _TwoHoursRule()}}, "no rule named 'nope'"),
        ({"meetings_per_week": 2}, "no field 'meetings_per_week'"),
        ({"rules": ()}, "no field 'rules'"),
    ],
)
def test_derive_refuses_unknown_names(kwargs: dict[str, object], message: str) -> None:
    """An unknown rule or field name is an error naming it."""
    with pytest.raises(InvalidArgumentError, match=message):
        HD42_2025.derive(id="x", **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"min_minutes_regular": 0}, "min_minutes_regular"),
        ({"thematic_per_quarter": 0}, "thematic_per_quarter"),
        ({"min_active_days_in_month": 32}, "min_active_days_in_month"),
        ({"add": [_TwoHoursRule(), _TwoHoursRule()]}, "two cadence rules are named 'local-two-hours'"),
        ({"add": [object()]}, "is not a CadenceRule"),
    ],
)
def test_an_invalid_rule_set_cannot_be_built(changes: dict[str, object], message: str) -> None:
    """Rule-set fields are validated like any record."""
    with pytest.raises(ValueError, match=message):
        HD42_2025.derive(id="bad", **changes)  # type: ignore[arg-type]


def test_national_rule_sets_name_their_sources() -> None:
    """Each built-in rule set cites its documents and has a citation for every check."""
    for rules in (HD12_2018, HD42_2025):
        assert isinstance(rules, CadenceRuleSet)
        assert rules.source
        for citation in (
            rules.regular_citation,
            rules.thematic_citation,
            rules.hcm_citation,
            rules.duration_citation,
            rules.minutes_citation,
            rules.make_up_citation,
        ):
            assert citation


def test_rule_lookup_by_name() -> None:
    """rule(name) finds a check; an unknown name is a KeyError."""
    assert "regular-monthly" == HD42_2025.rule("regular-monthly").name
    with pytest.raises(KeyError):
        HD42_2025.rule("nope")
