"""Participation (C5) and the formalism indicators: every threshold at, just below and just above its value."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

import attrs
import pytest

from partyreview import (
    AttendanceMark,
    CellParticipation,
    Dataset,
    DatasetError,
    InvalidArgumentError,
    InvalidRecordError,
    Level,
    Meeting,
    MeetingKind,
    Member,
    Membership,
    Period,
    Role,
    Severity,
    Unit,
    UnitKind,
    check_participation,
    dataset_from_json,
    dataset_to_json,
    dumps_dataset,
    egalitarian_rating_finding,
    loads_dataset,
    participation_by_cell,
    summarize_participation,
)
from partyreview.rules import HD12_2018, HD42_2025, CadenceRuleSet

YEAR = 2025
P, E, U = AttendanceMark.PRESENT, AttendanceMark.EXCUSED, AttendanceMark.UNEXCUSED
R, T = MeetingKind.REGULAR, MeetingKind.THEMATIC
COMMITTEE = Unit("K", "Đảng bộ Khối", UnitKind.COMMITTEE)
CELL = Unit("C1", "Chi bộ Văn phòng", UnitKind.CELL, "K", dt.date(2010, 1, 1))
OTHER_CELL = Unit("C2", "Chi bộ Tài chính", UnitKind.CELL, "K", dt.date(2010, 1, 1))
RULES = HD42_2025


def person(
    member_id: str,
    *,
    role: Role = Role.MEMBER,
    admitted: dt.date = dt.date(2010, 1, 1),
    recognized: dt.date | None = dt.date(2011, 1, 1),
    leadership: bool = False,
    exempt: Iterable[Period] = (),
    suspended: Iterable[Period] = (),
    memberships: Iterable[Membership] | None = None,
) -> Member:
    return Member(
        member_id,
        f"Đảng viên {member_id}",
        admitted,
        recognized,
        leadership,
        memberships if memberships is not None else [Membership("C1", admitted, None, role)],
        exempt,
        suspended,
    )


def roster(count: int, *extra: Member) -> dict[str, Member]:
    """M01 (the secretary) … M<count>, plus ``extra``."""
    people = [person(f"M{i:02d}", role=Role.SECRETARY if i == 1 else Role.MEMBER) for i in range(1, count + 1)]
    return {m.id: m for m in [*people, *extra]}


def meeting(
    month: int,
    marks: Mapping[str, AttendanceMark],
    *,
    day: int = 10,
    kinds: Sequence[MeetingKind] = (R,),
    speakers: Sequence[str] = (),
    presenters: Sequence[str] | None = None,
    cell: str = "C1",
    year: int = YEAR,
) -> Meeting:
    return Meeting(
        f"{cell}-{year}-{month:02d}-{day:02d}",
        cell,
        dt.date(year, month, day),
        kinds,
        120 if len(kinds) == 2 else 90,
        attendance=marks,
        speakers=speakers,
        presenters=presenters,
    )


def marks(people: Mapping[str, Member], **special: AttendanceMark) -> dict[str, AttendanceMark]:
    """Everyone present except the members named in ``special`` (M05=E …)."""
    return {m: special.get(m, P) for m in people}


def absent(people: Mapping[str, Member], count: int, mark: AttendanceMark) -> dict[str, AttendanceMark]:
    """The last ``count`` members of ``people`` get ``mark``, the rest are present."""
    ids = list(people)
    return {m: (mark if i >= len(ids) - count else P) for i, m in enumerate(ids)}


def check(
    meetings: Iterable[Meeting], people: Mapping[str, Member], rules: CadenceRuleSet = RULES
) -> CellParticipation:
    return check_participation(CELL, meetings, people, YEAR, rules)


def codes(result: CellParticipation) -> list[str]:
    return [f.code for f in result.findings]


# -- the attendance rate and the meeting quality bar (HD 12 §II.3 criterion 1) ------------------


@pytest.mark.parametrize(
    ("present", "meets"),
    [(84, False), (85, False), (86, True)],
    ids=["84 % below", "85 % exactly is not above", "86 % above"],
)
def test_the_attendance_bar_is_strictly_more_than_85_percent(present: int, meets: bool) -> None:
    """Of 100 expected members, 85 present do not reach the bar ("trên 85%"); 86 do."""
    people = roster(100)
    result = check([meeting(1, absent(people, 100 - present, E))], people)
    [m] = result.meetings

    assert Decimal(present) / 100 == m.attendance_rate
    assert meets == m.meets_bar
    assert (0 if meets else 1) == codes(result).count("participation.meeting.below_bar")
    assert (1 if meets else 0) == result.meetings_meeting_bar


def test_a_meeting_below_the_bar_is_a_warning_naming_the_meeting_and_citing_hd12() -> None:
    """The finding carries the counts, the rate and the bar as parameters, and cites HD 12 criterion 1."""
    people = roster(20)
    result = check([meeting(3, absent(people, 3, E))], people, HD12_2018)
    [finding] = result.meetings[0].findings

    assert "participation.meeting.below_bar" == finding.code
    assert Severity.WARNING == finding.severity
    assert "12-HD/BTCTW" in finding.citation
    assert "tiêu chí 1" in finding.citation
    assert "C1-2025-03-10" in finding.message
    assert "17 of 20 present (85 %)" in finding.message
    assert "more than 85 % present and no unexcused absence" in finding.message
    assert {
        "cell": "C1",
        "meeting": "C1-2025-03-10",
        "date": "2025-03-10",
        "present": 17,
        "base": 20,
        "rate": "0.8500",
        "unexcused": 0,
        "bar": "0.85",
        "allowed": 0,
    } == dict(finding.params)


@pytest.mark.parametrize(
    ("unexcused", "meets"), [(0, True), (1, True), (2, False)], ids=["none", "at the allowance", "above it"]
)
def test_unexcused_absences_up_to_the_allowance_keep_the_bar(unexcused: int, meets: bool) -> None:
    """With a local rule set allowing one unexcused absence, one keeps the bar and two do not."""
    people = roster(100)
    lenient = RULES.derive(id="lenient", unexcused_allowed=1)
    result = check([meeting(1, absent(people, unexcused, U))], people, lenient)

    assert meets == result.meetings[0].meets_bar
    if not meets:
        assert "at most 1 unexcused absence." in result.meetings[0].findings[0].message


@pytest.mark.parametrize("unexcused", [0, 1], ids=["none", "one"])
def test_a_single_unexcused_absence_fails_the_national_bar(unexcused: int) -> None:
    """99 of 100 present is far above 85 %, but one unexcused absence fails the bar (none are allowed)."""
    people = roster(100)
    result = check([meeting(1, absent(people, unexcused, U))], people)

    assert (unexcused == 0) == result.meetings[0].meets_bar
    assert (["participation.meeting.below_bar"] if unexcused else []) == [f.code for f in result.meetings[0].findings]


@pytest.mark.parametrize(
    ("bar", "meets"),
    [(Decimal("0.66667"), False), (Decimal("0.66666"), True)],
    ids=["shown rate above the bar, true rate below", "true rate just above"],
)
def test_the_bar_is_compared_on_the_counts_not_on_the_rounded_rate(bar: Decimal, meets: bool) -> None:
    """2 of 3 present is shown as 0.6667; it is still below a bar of 0.66667 and above 0.66666."""
    people = roster(3)
    result = check([meeting(1, absent(people, 1, E))], people, RULES.derive(id="thirds", attendance_bar=bar))

    assert Decimal("0.6667") == result.meetings[0].attendance_rate
    assert meets == result.meetings[0].meets_bar


def test_an_exempt_member_is_not_expected_but_counts_as_present_when_attending() -> None:
    """Exempt members who come are present and in the base; absent exempt members do not count."""
    exempt = Period(dt.date(2024, 1, 1))
    came = person("X1", exempt=[exempt])
    stayed_home = person("X2", exempt=[exempt])
    people = roster(20, came, stayed_home)
    marks_ = absent(roster(20), 3, E) | {"X1": P}
    result = check([meeting(1, marks_)], people)
    [m] = result.meetings

    assert (20, 18, 3, 1, 21) == (m.expected, m.present, m.excused, m.exempt_present, m.attendance_base)
    assert Decimal("0.8571") == m.attendance_rate
    assert m.meets_bar
    by_id = {p.member: p for p in result.members}
    assert (0, 1, 1) == (by_id["X1"].expected, by_id["X1"].present, by_id["X1"].exempt_present)
    assert Decimal(1) == by_id["X1"].attendance_rate
    assert "X2" not in by_id


def test_an_exempt_member_marked_absent_is_ignored() -> None:
    """Outside a Dataset (which refuses it), an absence mark of an exempt member counts for nothing."""
    people = roster(2, person("X1", exempt=[Period(dt.date(2024, 1, 1))]))
    result = check([meeting(1, marks(people, X1=U))], people)
    [m] = result.meetings

    assert (2, 2, 0, 0) == (m.expected, m.present, m.unexcused, m.exempt_present)
    assert m.meets_bar
    assert (0, 0, 0) == (result.members[-1].expected, result.members[-1].present, result.members[-1].unexcused)
    assert result.members[-1].attendance_rate is None


def test_exemption_and_suspension_follow_the_meeting_date() -> None:
    """A member exempt from May and another suspended from July are expected only before."""
    spell = person("X1", exempt=[Period(dt.date(YEAR, 5, 1))])
    suspended = person("S1", suspended=[Period(dt.date(YEAR, 7, 1))])
    people = roster(4, spell, suspended)
    meetings = [
        meeting(month, {m: P for m in people if people[m].is_expected_on(dt.date(YEAR, month, 10), "C1")})
        for month in range(1, 13)
    ]
    dataset = Dataset([COMMITTEE, CELL], people.values(), meetings)
    [result] = participation_by_cell(dataset, YEAR, RULES)
    by_id = {p.member: p for p in result.members}

    assert (4, 4) == (by_id["X1"].expected, by_id["X1"].present)
    assert (6, 6) == (by_id["S1"].expected, by_id["S1"].present)
    assert [6, 6, 6, 6, 5, 5, 4, 4, 4, 4, 4, 4] == [m.expected for m in result.meetings]
    assert Decimal(1) == result.attendance_rate


def test_a_meeting_with_nobody_marked_has_no_rate_and_no_finding() -> None:
    """0 / 0 is no rate: the meeting does not reach the bar, and nothing can be said about it."""
    result = check([meeting(1, {})], {})
    [m] = result.meetings

    assert m.attendance_rate is None
    assert m.speaking_rate is None
    assert not m.meets_bar
    assert () == result.findings
    assert result.attendance_rate is None
    assert result.speaking_rate is None


# -- speaking -----------------------------------------------------------------------------


def test_the_speaking_rate_is_distinct_speakers_over_those_present() -> None:
    """3 speakers among 8 present (of 10): 0.375; the cell rate sums speakers and attendances."""
    people = roster(10)
    first = meeting(1, absent(people, 2, E), speakers=["M01", "M02", "M03"])
    second = meeting(2, marks(people), speakers=["M01", "M02", "M03", "M04", "M05", "M06", "M07"])
    result = check([first, second], people)

    assert Decimal("0.3750") == result.meetings[0].speaking_rate
    assert Decimal("0.7000") == result.meetings[1].speaking_rate
    assert Decimal("0.5556") == result.speaking_rate  # 10 / 18, not the mean of 0.375 and 0.7
    assert (2, 1) == (result.members[0].spoke, result.members[3].spoke)


@pytest.mark.parametrize(
    ("speakers", "finding"), [(4, True), (5, False), (6, False)], ids=["below half", "half", "above half"]
)
def test_fewer_than_half_of_those_present_speaking_is_a_formalism_finding(speakers: int, finding: bool) -> None:
    """10 present: 4 speakers is formalism, 5 (exactly half) and 6 are not."""
    people = roster(10)
    said = [f"M{i:02d}" for i in range(1, speakers + 1)]
    result = check([meeting(1, marks(people), speakers=said)], people)

    assert finding == ("formalism.few_speakers" in codes(result))
    assert finding == result.meetings[0].few_speakers


def test_the_few_speakers_finding_counts_the_year_and_the_meetings_below() -> None:
    """Over the year 7 speakers for 20 attendances; one meeting of two was below half."""
    people = roster(10)
    result = check(
        [
            meeting(1, marks(people), speakers=["M01", "M02"]),
            meeting(2, marks(people), speakers=["M01", "M02", "M03", "M04", "M05"]),
        ],
        people,
    )
    [finding] = [f for f in result.findings if f.code == "formalism.few_speakers"]

    assert Severity.WARNING == finding.severity
    assert "7 speakers for 20 attendances in 2025 (35 %)" in finding.message
    assert "at 1 of 2 meetings" in finding.message
    assert {
        "cell": "C1",
        "year": 2025,
        "speakers": 7,
        "present": 20,
        "rate": "0.3500",
        "share": "0.5",
        "meetings": 2,
        "meetings_below": 1,
    } == dict(finding.params)


def test_only_the_chair_spoke_when_the_secretary_is_the_single_speaker() -> None:
    """The secretary present and alone speaking: flagged, with an info finding naming the chair."""
    people = roster(5)
    result = check([meeting(1, marks(people), speakers=["M01"])], people)
    [m] = result.meetings

    assert "M01" == m.chair
    assert m.only_chair_spoke
    [finding] = m.findings
    assert ("participation.meeting.only_chair_spoke", Severity.INFO) == (finding.code, finding.severity)
    assert "M01" == finding.param("chair")


def test_the_deputy_chairs_when_the_secretary_is_absent() -> None:
    """Without the secretary the deputy chairs; the deputy alone speaking is "only the chair"."""
    people = roster(5) | {"M02": person("M02", role=Role.DEPUTY_SECRETARY)}
    result = check(
        [
            meeting(1, marks(people, M01=E), speakers=["M02"]),
            meeting(2, marks(people), speakers=["M02"]),
        ],
        people,
    )

    assert ("M02", True) == (result.meetings[0].chair, result.meetings[0].only_chair_spoke)
    assert ("M01", False) == (result.meetings[1].chair, result.meetings[1].only_chair_spoke)


def test_nobody_chairs_without_a_secretary_or_deputy_present() -> None:
    """A single speaker when neither secretary nor deputy came is not "only the chair"."""
    people = roster(5)
    result = check([meeting(1, marks(people, M01=E), speakers=["M02"])], people)

    assert result.meetings[0].chair is None
    assert not result.meetings[0].only_chair_spoke


def test_the_chair_is_the_secretary_on_the_day_of_the_meeting() -> None:
    """A member who was secretary until March and a plain member after does not chair in April."""
    former = person(
        "M01",
        memberships=[
            Membership("C1", dt.date(2010, 1, 1), dt.date(YEAR, 3, 31), Role.SECRETARY),
            Membership("C1", dt.date(YEAR, 4, 1), None, Role.MEMBER),
        ],
    )
    people = roster(3) | {"M01": former, "M02": person("M02", role=Role.DEPUTY_SECRETARY)}
    result = check([meeting(3, marks(people), speakers=["M01"]), meeting(4, marks(people), speakers=["M01"])], people)

    assert ["M01", "M02"] == [m.chair for m in result.meetings]
    assert [True, False] == [m.only_chair_spoke for m in result.meetings]


def test_the_chair_speaking_with_others_is_not_only_the_chair() -> None:
    """The secretary and one more speaker: not flagged."""
    people = roster(4)
    result = check([meeting(1, marks(people), speakers=["M01", "M02"])], people)

    assert not result.meetings[0].only_chair_spoke


@pytest.mark.parametrize(
    ("only_chair", "held", "finding"),
    [(1, 3, False), (1, 2, False), (2, 3, True)],
    ids=["a third", "exactly half", "more than half"],
)
def test_the_secretary_the_only_speaker_in_most_meetings_is_formalism(
    only_chair: int, held: int, finding: bool
) -> None:
    """Only the chair spoke at more than half of the meetings: a warning; at exactly half, none."""
    people = roster(4)
    meetings = [
        meeting(month, marks(people), speakers=["M01"] if month <= only_chair else ["M01", "M02", "M03"])
        for month in range(1, held + 1)
    ]
    result = check(meetings, people)
    found = [f for f in result.findings if f.code == "formalism.secretary_only_speaker"]

    assert finding == bool(found)
    if finding:
        assert Severity.WARNING == found[0].severity
        assert "2 of 3 meetings in 2025, more than 50 %" in found[0].message
        assert {"cell": "C1", "year": 2025, "meetings": 3, "only_chair": 2, "share": "0.5"} == dict(found[0].params)
        assert "12-HD/BTCTW" in found[0].citation
        assert "product default" in found[0].citation


# -- members: excused runs, removal review, never spoke -------------------------------------


def excused_runs(pattern: str) -> CellParticipation:
    """One meeting a month, M04's marks given by ``pattern`` (P, E, U per meeting)."""
    people = roster(4)
    by_letter = {"P": P, "E": E, "U": U}
    return check(
        [meeting(month, marks(people, M04=by_letter[c])) for month, c in enumerate(pattern, start=1)],
        people,
    )


@pytest.mark.parametrize(
    ("pattern", "longest", "finding"),
    [("PEEPEEEP", 3, False), ("EEEE", 4, True), ("PEEEPUEEP", 3, False), ("EEEEEP", 5, True)],
    ids=["3 in a row", "4 in a row", "broken by present and unexcused", "5 in a row"],
)
def test_more_than_three_consecutive_excused_absences_is_a_finding(pattern: str, longest: int, finding: bool) -> None:
    """3 consecutive excused absences are fine; 4 are a finding (HD 12 §II.3 criterion 1)."""
    result = excused_runs(pattern)
    member = result.members[-1]

    assert longest == member.longest_excused_run
    assert finding == ("participation.member.excused_run" in codes(result))
    if finding:
        [f] = member.findings
        assert {"cell": "C1", "member": "M04", "year": 2025, "run": longest, "limit": 3} == dict(f.params)
        assert "quá 3 lần liên tiếp" in f.citation


def test_an_excused_run_spans_months_and_skips_meetings_while_exempt() -> None:
    """Excused in Jan–Feb, exempt in March (not expected), excused again in Apr–May: a run of 4."""
    member = person("M04", exempt=[Period(dt.date(YEAR, 3, 1), dt.date(YEAR, 3, 31))])
    people = roster(3, member)
    meetings = [
        meeting(1, marks(people, M04=E)),
        meeting(2, marks(people, M04=E), kinds=(T,)),
        meeting(3, marks(roster(3))),
        meeting(4, marks(people, M04=E)),
        meeting(5, marks(people, M04=E)),
    ]
    result = check(meetings, people)

    assert 4 == result.members[-1].longest_excused_run
    assert 4 == result.members[-1].expected
    assert "participation.member.excused_run" in codes(result)


def test_a_rule_set_may_allow_longer_excused_runs() -> None:
    """With max_consecutive_excused=4, four in a row are fine and five are not."""
    rules = RULES.derive(id="long-trips", max_consecutive_excused=4)
    people = roster(4)
    four = check([meeting(m, marks(people, M04=E)) for m in range(1, 5)], people, rules)
    five = check([meeting(m, marks(people, M04=E)) for m in range(1, 6)], people, rules)

    assert "participation.member.excused_run" not in codes(four)
    assert "participation.member.excused_run" in codes(five)


def unexcused_in(*months: int, kinds: Sequence[MeetingKind] = (R,)) -> CellParticipation:
    """A regular meeting every month; M04 absent without reason in ``months`` (from meetings of ``kinds``)."""
    people = roster(4)
    meetings = [meeting(m, marks(people)) for m in range(1, 13) if m not in months or kinds != (R,)]
    meetings += [meeting(m, marks(people, M04=U), day=20, kinds=kinds) for m in months]
    return check(meetings, people)


@pytest.mark.parametrize(
    ("months", "review"),
    [((3, 7), False), ((3, 7, 11), True), ((1, 3, 7, 11), True)],
    ids=["2 months", "3 months", "4 months"],
)
def test_three_months_with_an_unexcused_regular_absence_call_for_a_removal_review(
    months: tuple[int, ...], review: bool
) -> None:
    """Two months: no review; three or more: the member is listed and a warning cites Charter art. 8."""
    result = unexcused_in(*months)
    member = result.members[-1]

    assert months == member.unexcused_months
    assert review == member.removal_review
    assert (("M04",) if review else ()) == result.removal_review
    found = [f for f in result.findings if f.code == "participation.member.removal_review"]
    assert review == bool(found)
    if review:
        assert Severity.WARNING == found[0].severity
        assert "Điều 8" in found[0].citation
        assert ", ".join(map(str, months)) == found[0].param("months")
        assert (len(months), 3) == (found[0].param("count"), found[0].param("limit"))


def test_an_unexcused_absence_from_a_thematic_only_meeting_does_not_count_for_removal() -> None:
    """Three unexcused absences, all from thematic meetings held alone: no month counts."""
    result = unexcused_in(3, 6, 9, kinds=(T,))

    assert () == result.members[-1].unexcused_months
    assert 3 == result.members[-1].unexcused
    assert () == result.removal_review


def test_an_unexcused_absence_from_a_combined_session_counts() -> None:
    """A combined session is a regular meeting: its unexcused absences count."""
    result = unexcused_in(3, 6, 9, kinds=(R, T))

    assert (3, 6, 9) == result.members[-1].unexcused_months
    assert ("M04",) == result.removal_review


def test_two_unexcused_absences_in_the_same_month_count_once() -> None:
    """Unexcused at two regular meetings in March and one in May: two months, no review."""
    people = roster(4)
    meetings = [
        meeting(3, marks(people, M04=U), day=5),
        meeting(3, marks(people, M04=U), day=25),
        meeting(5, marks(people, M04=U)),
    ]
    result = check(meetings, people)

    assert (3, 5) == result.members[-1].unexcused_months
    assert 3 == result.members[-1].unexcused
    assert () == result.removal_review


def test_a_rule_set_may_change_the_removal_threshold() -> None:
    """A stricter local reading (two months) lists a member with two months."""
    people = roster(4)
    strict = RULES.derive(id="strict", removal_unexcused_months=2)
    result = check([meeting(m, marks(people, M04=U)) for m in (2, 4)], people, strict)

    assert ("M04",) == result.removal_review


def test_members_who_never_spoke_are_listed_with_new_and_non_leadership_broken_out() -> None:
    """Present but silent all year: listed; new (probationary in the year) and without a post are broken out."""
    new = person(
        "N1", admitted=dt.date(YEAR, 2, 1), recognized=None, memberships=[Membership("C1", dt.date(YEAR, 2, 1))]
    )
    recognized_this_year = person("N2", admitted=dt.date(YEAR - 1, 3, 1), recognized=dt.date(YEAR, 3, 1))
    recognized_new_year = person("N3", admitted=dt.date(YEAR - 1, 1, 1), recognized=dt.date(YEAR, 1, 1))
    leader = person("L1", leadership=True)
    always_away = person("A1")
    people = roster(2, new, recognized_this_year, recognized_new_year, leader, always_away)
    meetings = [meeting(m, marks(people, A1=E), speakers=["M01", "M02"] if m == 3 else ["M01"]) for m in range(3, 6)]
    result = check(meetings, people)
    by_id = {p.member: p for p in result.members}

    assert ("L1", "N1", "N2", "N3") == result.never_spoke
    assert ("N1", "N2") == result.never_spoke_new
    assert ("N1", "N2", "N3") == result.never_spoke_non_leadership
    assert not by_id["A1"].never_spoke  # never present: an absence, not silence
    assert (True, True, False, False) == tuple(by_id[m].is_new for m in ("N1", "N2", "N3", "L1"))
    [finding] = [f for f in result.findings if f.code == "participation.cell.never_spoke"]
    assert Severity.INFO == finding.severity
    assert {
        "cell": "C1",
        "year": 2025,
        "count": 4,
        "members": "L1, N1, N2, N3",
        "new": 2,
        "non_leadership": 3,
    } == dict(finding.params)


def test_a_transferred_member_counts_only_while_in_the_cell() -> None:
    """A member moving to C1 in July is expected at C1's meetings from July; the excused run restarts."""
    mover = person(
        "T1",
        memberships=[
            Membership("C2", dt.date(2010, 1, 1), dt.date(YEAR, 6, 30)),
            Membership("C1", dt.date(YEAR, 7, 1)),
        ],
    )
    home = roster(3)
    c1 = [meeting(m, marks(home) | ({"T1": E} if m >= 7 else {})) for m in range(1, 13)]
    c2 = [meeting(m, {"T1": E}, cell="C2") for m in range(4, 7)]
    people = home | {"T1": mover}
    dataset = Dataset([COMMITTEE, CELL, OTHER_CELL], people.values(), c1 + c2)
    first, second = participation_by_cell(dataset, YEAR, RULES)

    assert 6 == {p.member: p for p in first.members}["T1"].expected
    assert 6 == {p.member: p for p in first.members}["T1"].longest_excused_run
    assert 3 == second.members[0].longest_excused_run
    assert "participation.member.excused_run" not in [f.code for f in second.findings]


# -- thematic presenters ---------------------------------------------------------------------


def thematic_quarter(*presenters: Sequence[str] | None) -> CellParticipation:
    """A regular meeting every month; in Q1 one thematic meeting per argument, with those presenters."""
    people = roster(4) | {"M02": person("M02", role=Role.DEPUTY_SECRETARY)}
    meetings = [meeting(m, marks(people)) for m in range(1, 13)]
    meetings += [meeting(1 + i, marks(people), day=25, kinds=(T,), presenters=p) for i, p in enumerate(presenters)]
    return check(meetings, people)


@pytest.mark.parametrize(
    ("presenters", "finding"),
    [
        ((["M01"],), True),
        (([],), True),
        ((["M03"],), False),
        ((["M01", "M02"],), False),
        ((None,), False),
        ((["M01"], None), False),
        ((["M01"], ["M04"]), False),
        ((["M01"], []), True),
    ],
    ids=[
        "only the secretary",
        "nobody assigned",
        "a member",
        "the secretary and the deputy",
        "not recorded",
        "one not recorded",
        "another meeting of the quarter has a member",
        "two meetings, none besides the secretary",
    ],
)
def test_a_quarter_whose_thematic_topic_only_the_secretary_presents_is_formalism(
    presenters: tuple[Sequence[str] | None, ...], finding: bool
) -> None:
    """When presenters are recorded for the quarter's thematic meetings, someone besides the secretary must present."""
    result = thematic_quarter(*presenters)
    found = [f for f in result.findings if f.code == "formalism.thematic_no_presenter"]

    assert finding == bool(found)
    if finding:
        assert Severity.WARNING == found[0].severity
        assert 1 == found[0].param("quarter")
        assert "II.1.1" in found[0].citation
        assert "Q1/2025" in found[0].message


def test_presenters_of_a_regular_meeting_are_not_checked() -> None:
    """Only thematic meetings need a presenter besides the secretary."""
    people = roster(3)
    result = check([meeting(1, marks(people), presenters=["M01"])], people)

    assert "formalism.thematic_no_presenter" not in codes(result)


def test_a_combined_session_is_a_thematic_meeting_for_presenters() -> None:
    """A combined session whose topic only the secretary presents is flagged for its quarter."""
    people = roster(3)
    result = check([meeting(5, marks(people), kinds=(R, T), presenters=["M01"])], people)
    [finding] = [f for f in result.findings if f.code == "formalism.thematic_no_presenter"]

    assert {"cell": "C1", "year": 2025, "quarter": 2, "meetings": "C1-2025-05-10"} == dict(finding.params)


# -- egalitarian rating ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("levels", "finding"),
    [
        ({"M1": Level.GOOD, "M2": Level.GOOD}, False),
        ({"M1": Level.GOOD, "M2": Level.GOOD, "M3": Level.GOOD}, True),
        ({"M1": Level.GOOD, "M2": Level.GOOD, "M3": Level.GOOD, "M4": None}, True),
        ({"M1": Level.GOOD, "M2": Level.GOOD, "M3": Level.EXCELLENT}, False),
        ({"M1": Level.GOOD, "M2": Level.GOOD, "M3": None, "M4": None}, False),
        ({}, False),
    ],
    ids=["2 rated", "3 rated alike", "3 rated alike, 1 excluded", "3 rated, 2 levels", "2 rated, 2 excluded", "none"],
)
def test_every_rated_member_at_one_level_is_an_egalitarian_rating(
    levels: dict[str, Level | None], finding: bool
) -> None:
    """At least 3 rated members, all at one level: a warning; fewer rated members prove nothing."""
    result = egalitarian_rating_finding("C1", levels, RULES)

    assert finding == (result is not None)
    if result is not None:
        assert ("formalism.egalitarian_rating", Severity.WARNING) == (result.code, result.severity)
        assert {"cell": "C1", "level": "good", "rated": 3} == dict(result.params)
        assert "product default" in result.citation
        assert "bình quân" in result.citation


def test_the_minimum_of_rated_members_is_a_rule_set_field() -> None:
    """With egalitarian_min_rated=4, three members alike are not flagged; four are."""
    rules = RULES.derive(id="big-cells", egalitarian_min_rated=4)
    three = dict.fromkeys(["M1", "M2", "M3"], Level.COMPLETE)

    assert egalitarian_rating_finding("C1", three, rules) is None
    assert egalitarian_rating_finding("C1", three | {"M4": Level.COMPLETE}, rules) is not None


# -- committee totals ---------------------------------------------------------------------------


def test_committee_rates_come_from_summed_counts_not_means_of_rates() -> None:
    """1 of 1 present and 1 of 3 present: the committee rate is 2 / 4 = 0.5, not (1 + 1/3) / 2."""
    small = {"M01": person("M01", role=Role.SECRETARY)}
    three = {m: person(m, memberships=[Membership("C2", dt.date(2010, 1, 1))]) for m in ("M02", "M03", "M04")}
    a = check([meeting(1, {"M01": P}, speakers=["M01"])], small)
    b = check_participation(
        OTHER_CELL, [meeting(1, {"M02": P, "M03": E, "M04": E}, cell="C2", speakers=["M02"])], three, YEAR, RULES
    )
    total = summarize_participation([a, b], YEAR, RULES)

    assert (2, 2, 4, 2, 2, 0, 1) == (
        total.cells,
        total.meetings,
        total.expected,
        total.present,
        total.excused,
        total.unexcused,
        total.meetings_meeting_bar,
    )
    assert Decimal("0.5000") == total.attendance_rate
    assert Decimal(1) == total.speaking_rate
    assert () == total.removal_review


def test_a_removal_review_reached_only_across_a_transfer_is_a_committee_finding() -> None:
    """Unexcused in March and May in C2, then in March (again) and September in C1: three months in the year."""
    mover = person(
        "T1",
        memberships=[
            Membership("C2", dt.date(2010, 1, 1), dt.date(YEAR, 3, 15)),
            Membership("C1", dt.date(YEAR, 3, 16)),
        ],
    )
    home = roster(3, person("M04"))
    people = home | {"T1": mover}
    c2 = [meeting(m, {"T1": U}, cell="C2", day=5) for m in (2, 3)]
    c1 = [meeting(3, marks(home) | {"T1": U}, day=20), meeting(9, marks(home) | {"T1": U})]
    c1 += [meeting(m, marks(home, M04=U) | {"T1": P}) for m in (4, 5, 6)]
    dataset = Dataset([COMMITTEE, CELL, OTHER_CELL], people.values(), c1 + c2)
    cells = participation_by_cell(dataset, YEAR, RULES)
    total = summarize_participation(cells, YEAR, RULES)

    assert [("M04",), ()] == [c.removal_review for c in cells]
    assert ("M04", "T1") == total.removal_review
    [finding] = total.findings
    assert ("participation.committee.removal_review", Severity.WARNING) == (finding.code, finding.severity)
    assert {
        "member": "T1",
        "year": 2025,
        "count": 3,
        "months": "2, 3, 9",
        "cells": "C1, C2",
        "limit": 3,
    } == dict(finding.params)
    assert "Điều 8" in finding.citation


def test_summing_cells_of_another_year_or_rule_set_is_refused() -> None:
    """The cells must have been checked for the same year under the same rule set."""
    people = roster(2)
    cell = check([meeting(1, marks(people))], people)

    with pytest.raises(InvalidArgumentError, match="checked for 2025 under 'hd42-2025', not for 2024"):
        summarize_participation([cell], 2024, RULES)
    with pytest.raises(InvalidArgumentError, match="not for 2025 under 'hd12-2018'"):
        summarize_participation([cell], YEAR, HD12_2018)


def test_no_cells_add_up_to_zero_with_no_rates() -> None:
    """An empty committee: zero counts, no rates, nobody to review."""
    total = summarize_participation([], YEAR, RULES)

    assert (0, 0, 0) == (total.cells, total.meetings, total.present)
    assert total.attendance_rate is None
    assert total.speaking_rate is None


# -- arguments, ordering, rule sets ------------------------------------------------------------


def test_only_a_cell_can_be_checked() -> None:
    """A committee or grassroots unit is refused."""
    with pytest.raises(InvalidArgumentError, match="needs a cell, got 'K' of kind 'committee'"):
        check_participation(Unit("K", "Đảng bộ", UnitKind.COMMITTEE), [], {}, YEAR, RULES)


def test_a_meeting_of_another_cell_is_refused() -> None:
    """Meetings must belong to the cell checked."""
    with pytest.raises(InvalidArgumentError, match="belongs to cell 'C2', not 'C1'"):
        check([meeting(1, {}, cell="C2")], {})


def test_a_member_missing_from_the_lookup_is_refused() -> None:
    """Every member marked (or presenting) must be in ``members``."""
    people = roster(2)
    with pytest.raises(InvalidArgumentError, match="member 'M02' of meeting 'C1-2025-01-10' is not among"):
        check([meeting(1, marks(people))], {"M01": people["M01"]})
    with pytest.raises(InvalidArgumentError, match="member 'Z9' of meeting"):
        check([meeting(1, marks(people), kinds=(T,), presenters=["Z9"])], people)


def test_meetings_of_other_years_are_ignored_and_the_rest_sorted_by_date() -> None:
    """Only the year's meetings count, in date order, whatever order they came in."""
    people = roster(3)
    result = check(
        [meeting(5, marks(people)), meeting(2, marks(people)), meeting(1, marks(people), year=YEAR - 1)], people
    )

    assert [2, 5] == [m.month for m in result.meetings]
    assert (YEAR, "hd42-2025") == (result.year, result.ruleset)
    assert all(m.regular for m in result.meetings)


def test_findings_come_meetings_first_then_members_then_the_cell() -> None:
    """Cell findings list the meetings' findings in date order, the members' by id, then the cell's own."""
    people = roster(5)
    meetings = [meeting(m, marks(people, M03=U, M04=E), speakers=["M01"]) for m in range(1, 5)]
    result = check(meetings, people)

    assert [
        *["participation.meeting.below_bar", "participation.meeting.only_chair_spoke"] * 4,
        "participation.member.removal_review",
        "participation.member.excused_run",
        "participation.cell.never_spoke",
        "formalism.secretary_only_speaker",
        "formalism.few_speakers",
    ] == codes(result)
    assert ["M03", "M04"] == [f.param("member") for f in result.findings if f.code.startswith("participation.member")]


def test_participation_by_cell_skips_cells_not_active_in_the_year() -> None:
    """A cell dissolved the year before has no participation record."""
    gone = Unit("C0", "Chi bộ cũ", UnitKind.CELL, None, dt.date(2000, 1, 1), dt.date(YEAR - 1, 12, 31))
    dataset = Dataset([COMMITTEE, gone, CELL], roster(2).values(), [meeting(1, marks(roster(2)))])

    assert ["C1"] == [c.cell for c in participation_by_cell(dataset, YEAR, RULES)]


@pytest.mark.parametrize("rules", [HD12_2018, HD42_2025], ids=lambda r: r.id)
def test_the_built_in_rule_sets_carry_the_participation_thresholds_with_their_clauses(rules: CadenceRuleSet) -> None:
    """85 % strictly, no unexcused absence, 3 excused in a row, 3 months, half of those present, 3 rated."""
    assert (Decimal("0.85"), 0, 3, 3) == (
        rules.attendance_bar,
        rules.unexcused_allowed,
        rules.max_consecutive_excused,
        rules.removal_unexcused_months,
    )
    assert (Decimal("0.5"), Decimal("0.5"), 3) == (
        rules.min_speaking_share,
        rules.secretary_only_speaker_share,
        rules.egalitarian_min_rated,
    )
    assert "Điều 8 khoản 1" in rules.removal_citation
    assert "product reading" in rules.removal_citation
    for citation in (
        rules.attendance_citation,
        rules.excused_run_citation,
        rules.speaking_citation,
        rules.presenter_citation,
    ):
        assert "12-HD/BTCTW" in citation
    assert "product default" in rules.speaking_citation
    assert "No national clause" in rules.egalitarian_citation


def test_hd42_says_it_keeps_the_hd12_quality_criteria_as_product_defaults() -> None:
    """HD 42's full text was not retrieved: its quality criteria are HD 12's, labelled as kept."""
    for citation in (HD42_2025.attendance_citation, HD42_2025.excused_run_citation, HD42_2025.presenter_citation):
        assert "kept as product default under HD 42" in citation


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("attendance_bar", Decimal("1.01")),
        ("attendance_bar", None),
        ("min_speaking_share", Decimal(-1)),
        ("unexcused_allowed", -1),
        ("max_consecutive_excused", -1),
        ("removal_unexcused_months", 0),
        ("removal_unexcused_months", 13),
        ("egalitarian_min_rated", 1),
    ],
)
def test_participation_thresholds_are_validated(field: str, value: object) -> None:
    """Shares lie in [0, 1]; counts are whole and in range."""
    changes: dict[str, Any] = {field: value}
    with pytest.raises(InvalidRecordError, match=field):
        RULES.derive(id="bad", **changes)


def test_decimal_thresholds_accept_strings_and_ints_exactly() -> None:
    """A local rule set may write "0.9" or 1."""
    rules = RULES.derive(id="local", attendance_bar="0.9", secretary_only_speaker_share=1)

    assert (Decimal("0.9"), Decimal(1)) == (rules.attendance_bar, rules.secretary_only_speaker_share)


# -- the presenters record ---------------------------------------------------------------------


DOCUMENT: dict[str, Any] = {
    "format": "partyreview/1",
    "units": [{"id": "C1", "name": "Chi bộ", "kind": "cell"}],
    "members": [
        {"id": "M1", "name": "A", "admitted_on": "2010-01-01", "memberships": [{"cell": "C1", "from": "2010-01-01"}]},
        {"id": "M2", "name": "B", "admitted_on": "2010-01-01", "memberships": [{"cell": "C1", "from": "2010-01-01"}]},
    ],
    "meetings": [
        {
            "id": "m1",
            "cell": "C1",
            "date": "2025-03-10",
            "kinds": ["thematic"],
            "duration_minutes": 90,
            "attendance": {"M1": "present", "M2": "excused"},
        }
    ],
}


def document(**meeting_keys: object) -> dict[str, Any]:
    return DOCUMENT | {"meetings": [DOCUMENT["meetings"][0] | meeting_keys]}


def test_presenters_absent_means_not_recorded_and_is_not_written_back() -> None:
    """Files without "presenters" load as None and dump without the key, byte for byte."""
    dataset = dataset_from_json(document())
    text = dumps_dataset(dataset)

    assert dataset.meetings[0].presenters is None
    assert "presenters" not in text
    assert text == dumps_dataset(loads_dataset(text))


def test_presenters_null_loads_as_not_recorded() -> None:
    """An explicit null is the same as no key."""
    assert dataset_from_json(document(presenters=None)).meetings[0].presenters is None


@pytest.mark.parametrize("presenters", [[], ["M1"]], ids=["nobody assigned", "one presenter"])
def test_recorded_presenters_round_trip(presenters: list[str]) -> None:
    """A recorded list, empty or not, is kept and written back."""
    dataset = dataset_from_json(document(presenters=presenters))

    assert tuple(presenters) == dataset.meetings[0].presenters
    assert presenters == dataset_to_json(dataset)["meetings"][0]["presenters"]


def test_a_presenter_not_marked_present_is_a_dataset_problem_at_its_path() -> None:
    """M2 was excused and Z9 is nobody: two problems at $.meetings[0].presenters[1] and [2]."""
    with pytest.raises(DatasetError) as caught:
        dataset_from_json(document(presenters=["M1", "M2", "Z9"]))

    assert [
        ("$.meetings[0].presenters[1]", "presenter 'M2' of meeting 'm1' is not marked present"),
        ("$.meetings[0].presenters[2]", "presenter 'Z9' of meeting 'm1' is not marked present"),
    ] == [(p.path, p.message) for p in caught.value.problems]


@pytest.mark.parametrize(
    ("presenters", "message"),
    [(["M1", "M1"], "lists 'M1' twice"), ([""], "must not be empty"), ("M1", "expected an array")],
)
def test_malformed_presenters_are_refused(presenters: object, message: str) -> None:
    """Presenters are distinct, non-blank ids in an array."""
    with pytest.raises(DatasetError) as caught:
        dataset_from_json(document(presenters=presenters))

    [problem] = caught.value.problems
    assert problem.path.startswith("$.meetings[0].presenters")
    assert message in problem.message


def test_meeting_presenters_convert_to_a_tuple() -> None:
    """Any iterable of ids becomes a tuple; None stays None."""
    base = meeting(1, {"M01": P})

    assert ("M01",) == attrs.evolve(base, presenters=["M01"]).presenters
    assert base.presenters is None
