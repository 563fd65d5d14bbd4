"""Record invariants: periods, units, members, meetings, attendance, assessments and reviews."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import attrs
import pytest

from partyreview import (
    Assessment,
    Attendance,
    AttendanceMark,
    InvalidRecordError,
    Level,
    Meeting,
    MeetingKind,
    Member,
    Membership,
    MemberStatus,
    Period,
    Remedy,
    Review,
    Role,
    Shortcoming,
    Unit,
    UnitKind,
)
from partyreview.errors import PartyReviewError

D = dt.date
R, T = MeetingKind.REGULAR, MeetingKind.THEMATIC
P, E, U = AttendanceMark.PRESENT, AttendanceMark.EXCUSED, AttendanceMark.UNEXCUSED


def _member(**changes: Any) -> Member:
    fields: dict[str, Any] = {
        "id": "M1",
        "name": "Nguyễn Văn A",
        "admitted_on": D(2015, 3, 26),
        "recognized_on": D(2016, 3, 26),
        "memberships": (Membership("C1", D(2015, 3, 26)),),
    }
    fields.update(changes)
    return Member(**fields)


def _meeting(**changes: Any) -> Meeting:
    fields: dict[str, Any] = {
        "id": "C1-2025-01",
        "cell": "C1",
        "date": D(2025, 1, 14),
        "kinds": (R,),
        "duration_minutes": 90,
        "attendance": {"M1": P, "M2": E},
        "speakers": ("M1",),
    }
    fields.update(changes)
    return Meeting(**fields)


def _transferred() -> Member:
    """Admitted into C1, transferred to C2 on 1 July 2024."""
    return _member(
        memberships=(
            Membership("C1", D(2015, 3, 26), D(2024, 6, 30), Role.SECRETARY),
            Membership("C2", D(2024, 7, 1)),
        ),
    )


# -- Period ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2024, 12, 31), False),
        (D(2025, 1, 1), True),
        (D(2025, 2, 15), True),
        (D(2025, 3, 31), True),
        (D(2025, 4, 1), False),
    ],
)
def test_period_contains_both_ends(day: dt.date, expected: bool) -> None:
    """A period contains its first and last day and nothing outside them."""
    period = Period(D(2025, 1, 1), D(2025, 3, 31))

    assert expected == period.contains(day)


def test_open_period_contains_every_later_day() -> None:
    """An open-ended period runs forever from its start."""
    period = Period(D(2025, 1, 1))

    assert period.contains(D(9999, 12, 31))
    assert not period.contains(D(2024, 12, 31))


@pytest.mark.parametrize(
    ("other", "expected"),
    [
        (Period(D(2025, 3, 31), D(2025, 4, 30)), Period(D(2025, 3, 31), D(2025, 3, 31))),
        (Period(D(2025, 4, 1), D(2025, 4, 30)), None),
        (Period(D(2024, 12, 1), D(2024, 12, 31)), None),
        (Period(D(2025, 2, 1)), Period(D(2025, 2, 1), D(2025, 3, 31))),
        (Period(D(2024, 1, 1)), Period(D(2025, 1, 1), D(2025, 3, 31))),
        (Period(D(2025, 2, 1), D(2025, 2, 28)), Period(D(2025, 2, 1), D(2025, 2, 28))),
    ],
)
def test_period_intersection_and_overlap(other: Period, expected: Period | None) -> None:
    """The intersection is the shared days; periods overlap exactly when it is not empty, in either order."""
    period = Period(D(2025, 1, 1), D(2025, 3, 31))

    assert expected == period.intersection(other)
    assert expected == other.intersection(period)
    assert (expected is not None) == period.overlaps(other)
    assert (expected is not None) == other.overlaps(period)


def test_intersection_of_two_open_periods_is_open() -> None:
    """Two open-ended periods share an open-ended period from the later start."""
    assert Period(D(2025, 6, 1)) == Period(D(2025, 1, 1)).intersection(Period(D(2025, 6, 1)))


@pytest.mark.parametrize(
    ("period", "other", "expected"),
    [
        (Period(D(2025, 1, 1), D(2025, 1, 31)), Period(D(2025, 1, 15), D(2025, 2, 15)), 17),
        (Period(D(2025, 1, 1)), Period(D(2025, 1, 15), D(2025, 2, 15)), 32),
        (Period(D(2025, 3, 1)), Period(D(2025, 1, 1), D(2025, 2, 28)), 0),
        (Period.year(2024), Period.year(2024), 366),
        (Period(D(2025, 1, 31), D(2025, 1, 31)), Period.year(2025), 1),
    ],
)
def test_days_in_counts_shared_days(period: Period, other: Period, expected: int) -> None:
    """days_in counts the days of the other (closed) period that fall inside this one."""
    assert expected == period.days_in(other)


def test_days_in_needs_a_closed_period() -> None:
    """Counting the days of an open-ended period is refused."""
    with pytest.raises(ValueError, match=r"days_in\(\) needs a closed period"):
        Period.year(2025).days_in(Period(D(2025, 1, 1)))


def test_period_year_is_the_calendar_year() -> None:
    """Period.year spans 1 January to 31 December."""
    assert Period(D(2025, 1, 1), D(2025, 12, 31)) == Period.year(2025)


def test_single_day_period_is_allowed() -> None:
    """A period may start and end on the same day."""
    period = Period(D(2025, 1, 1), D(2025, 1, 1))

    assert 1 == period.days_in(Period.year(2025))


def test_period_ending_before_it_starts_is_rejected() -> None:
    """The end may not be earlier than the start."""
    with pytest.raises(
        InvalidRecordError, match=r"must not end before it starts \(from 2025-01-02, to 2025-01-01\)"
    ) as info:
        Period(D(2025, 1, 2), D(2025, 1, 1))

    assert "end" == info.value.field


def test_period_end_must_be_a_date() -> None:
    """A string end is refused, naming the field."""
    with pytest.raises(InvalidRecordError, match=r"'end' must be a datetime\.date") as info:
        Period(D(2025, 1, 1), "2025-12-31")  # type: ignore[arg-type]

    assert "end" == info.value.field


@pytest.mark.parametrize(
    "make",
    [
        lambda: Period(dt.datetime(2025, 1, 1, 9, 30, tzinfo=dt.UTC)),
        lambda: Period(D(2025, 1, 1), dt.datetime(2025, 2, 1, 8, 0, tzinfo=dt.UTC)),
    ],
    ids=["start", "end"],
)
def test_a_datetime_is_not_a_date(make: Any) -> None:
    """ORMs hand out datetimes; comparing them with dates fails later, so they are refused at once."""
    with pytest.raises(InvalidRecordError, match=r"must be a datetime\.date \(got datetime"):
        make()


@pytest.mark.parametrize(
    "text", ["K\x00", "a\nb", "\x1b[31mred", "\ud800"], ids=["nul", "newline", "escape", "surrogate"]
)
def test_ids_and_names_refuse_control_characters_and_lone_surrogates(text: str) -> None:
    """Text that would break a terminal report or UTF-8 output is refused."""
    with pytest.raises(InvalidRecordError, match="must not contain control characters"):
        Unit(text, "name", UnitKind.CELL)


def test_periods_with_the_same_start_can_be_ordered() -> None:
    """An open period and a closed one that start the same day can be sorted."""
    closed, open_ = Period(D(2020, 1, 1), D(2020, 12, 31)), Period(D(2020, 1, 1))

    assert 2 == len(sorted([open_, closed]))


# -- Unit ------------------------------------------------------------------------


def test_unit_defaults_to_a_root_always_active() -> None:
    """Without parent or dates, a unit is a root active since the beginning of time."""
    unit = Unit("K", "Đảng bộ Khối", UnitKind.COMMITTEE)

    assert unit.parent is None
    assert Period(dt.date.min) == unit.active
    assert not unit.is_cell


def test_unit_active_period() -> None:
    """The active period runs from active_from to active_to, both inclusive."""
    unit = Unit("C1", "Chi bộ 1", UnitKind.CELL, "K", D(2010, 1, 1), D(2020, 12, 31))

    assert Period(D(2010, 1, 1), D(2020, 12, 31)) == unit.active
    assert unit.is_cell


def test_unit_active_to_without_active_from() -> None:
    """A unit with only a dissolution date was active until then."""
    unit = Unit("C1", "Chi bộ 1", UnitKind.CELL, active_to=D(2020, 12, 31))

    assert Period(dt.date.min, D(2020, 12, 31)) == unit.active


def test_unit_may_start_and_end_on_the_same_day() -> None:
    """A one-day unit is valid."""
    unit = Unit("C1", "Chi bộ 1", UnitKind.CELL, active_from=D(2020, 1, 1), active_to=D(2020, 1, 1))

    assert 1 == unit.active.days_in(Period.year(2020))


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"id": ""}, "id", "'id' must not be empty"),
        ({"id": "   "}, "id", "'id' must not be empty"),
        ({"name": ""}, "name", "'name' must not be empty"),
        ({"name": " \t"}, "name", "'name' must not be empty"),
        ({"parent": ""}, "parent", "'parent' must not be empty"),
        ({"id": 7}, "id", "'id' must be a string (got int)"),
        (
            {"active_from": D(2025, 1, 2), "active_to": D(2025, 1, 1)},
            "active_to",
            "the period ends (2025-01-01) before it starts (2025-01-02)",
        ),
    ],
)
def test_invalid_unit_is_rejected(changes: dict[str, Any], field: str, message: str) -> None:
    """Empty ids and names, and a unit dissolved before it was founded, are refused."""
    fields: dict[str, Any] = {"id": "C1", "name": "Chi bộ 1", "kind": UnitKind.CELL, "parent": "K"}
    fields.update(changes)

    with pytest.raises(InvalidRecordError, match=re.escape(message)) as info:
        Unit(**fields)

    assert field == info.value.field


@pytest.mark.parametrize(
    ("build", "field", "message"),
    [
        (lambda: Unit("K", "K", "committee"), "kind", "'kind' must be a UnitKind (got str 'committee')"),  # type: ignore[arg-type]
        (lambda: _member(leadership_post="yes"), "leadership_post", "'leadership_post' must be true or false"),
        (lambda: _member(memberships=[("C1", D(2020, 1, 1))]), "memberships", "'memberships'[0] must be a Membership"),
        (lambda: _member(exempt=Period(D(2020, 1, 1))), "exempt", "'exempt' must be a list of Period records"),
        (lambda: Membership("C1", D(2020, 1, 1), role="secretary"), "role", "'role' must be a Role (got str"),  # type: ignore[arg-type]
        (lambda: _meeting(kinds="regular"), "kinds", "'kinds' must be a list of MeetingKind records (got str"),
        (lambda: _meeting(kinds=[R, "thematic"]), "kinds", "must be a MeetingKind (got str 'thematic')"),
        (lambda: _meeting(speakers="M12"), "speakers", "'speakers' must be a list of strings (got str 'M12')"),
        (lambda: _meeting(speakers=["M1", 2]), "speakers", "'speakers'[1] must be a string (got int)"),
        (lambda: _meeting(presenters="M1"), "presenters", "'presenters' must be a list of strings (got str 'M1')"),
        (lambda: _meeting(topic=None), "topic", "'topic' must be a string (got NoneType None)"),
        (
            lambda: Review("R", "C1", 2025, shortcomings=["late"]),
            "shortcomings",
            "'shortcomings'[0] must be a Shortcoming",
        ),
        (
            lambda: Shortcoming("late", remedies=3),  # type: ignore[arg-type]
            "remedies",
            "'remedies' must be a list of Remedy records (got int 3)",
        ),
        (lambda: Assessment("M1", 2025, proposed="good"), "proposed", "'proposed' must be a Level or None"),  # type: ignore[arg-type]
        (lambda: Assessment("M1", 2025, disciplined=0), "disciplined", "'disciplined' must be true or false or None"),  # type: ignore[arg-type]
    ],
)
def test_a_value_of_the_wrong_type_is_refused_naming_the_field(build: Any, field: str, message: str) -> None:
    """Records refuse values of the wrong type with `InvalidRecordError` naming the field (attrs' own check raises a
    bare `TypeError`), and a string where a list is expected is refused rather than split into characters."""
    with pytest.raises(InvalidRecordError, match=re.escape(message)) as info:
        build()

    assert field == info.value.field


@attrs.frozen
class _Span(Period):
    """A host system's own kind of period."""


def test_collections_of_any_kind_and_subclasses_of_the_record_types_are_taken() -> None:
    """A generator or a set is as good as a list, and an instance of a subclass as good as the record type."""
    spans = (_Span(D(2020, 1, 1), D(2020, 6, 30)), _Span(D(2021, 1, 1)))
    member = _member(exempt=(span for span in spans), suspended={Period(D(2019, 1, 1), D(2019, 2, 1))})

    assert spans == member.exempt
    assert (Period(D(2019, 1, 1), D(2019, 2, 1)),) == member.suspended
    assert ("M1",) == _meeting(speakers=iter(["M1"])).speakers
    with pytest.raises(InvalidRecordError, match=re.escape("'exempt'[1] must be a Period (got str '2021')")):
        _member(exempt=[spans[0], "2021"])


def test_invalid_record_error_is_a_value_error() -> None:
    """InvalidRecordError is caught by except ValueError and by except PartyReviewError."""
    with pytest.raises(ValueError, match="'name' must not be empty") as info:
        Unit("C1", "", UnitKind.CELL)

    assert isinstance(info.value, PartyReviewError)
    assert isinstance(info.value, InvalidRecordError)
    assert "'name' must not be empty" == str(info.value)


def test_unit_is_frozen() -> None:
    """Units cannot be changed after creation."""
    unit = Unit("C1", "Chi bộ 1", UnitKind.CELL)

    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        unit.name = "x"  # type: ignore[misc]


# -- Membership --------------------------------------------------------------------


def test_membership_defaults() -> None:
    """A membership is open-ended with the plain member role unless told otherwise."""
    membership = Membership("C1", D(2020, 1, 1))

    assert Role.MEMBER == membership.role
    assert Period(D(2020, 1, 1)) == membership.period


def test_membership_period() -> None:
    """The period of a membership runs from start to end."""
    membership = Membership("C1", D(2020, 1, 1), D(2020, 6, 30), Role.DEPUTY_SECRETARY)

    assert Period(D(2020, 1, 1), D(2020, 6, 30)) == membership.period


@pytest.mark.parametrize(
    ("args", "field", "message"),
    [
        (("", D(2020, 1, 1)), "cell", "'cell' must not be empty"),
        (("C1", D(2020, 1, 2), D(2020, 1, 1)), "end", "the period ends (2020-01-01) before it starts (2020-01-02)"),
    ],
)
def test_invalid_membership_is_rejected(args: tuple[Any, ...], field: str, message: str) -> None:
    """A membership needs a cell id and may not end before it starts."""
    with pytest.raises(InvalidRecordError, match=re.escape(message)) as info:
        Membership(*args)

    assert field == info.value.field


# -- Member ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2015, 3, 25), None),
        (D(2015, 3, 26), MemberStatus.PROBATIONARY),
        (D(2016, 3, 25), MemberStatus.PROBATIONARY),
        (D(2016, 3, 26), MemberStatus.OFFICIAL),
        (D(2030, 1, 1), MemberStatus.OFFICIAL),
    ],
)
def test_status_on_at_the_boundaries(day: dt.date, expected: MemberStatus | None) -> None:
    """Probationary from the admission day, official from the recognition day, None before admission."""
    assert expected == _member().status_on(day)


def test_never_recognized_member_stays_probationary() -> None:
    """Without a recognition date a member is probationary on every day after admission."""
    member = _member(recognized_on=None)

    assert MemberStatus.PROBATIONARY == member.status_on(D(2030, 1, 1))
    assert member.status_on(D(2015, 3, 25)) is None


def test_recognized_on_admission_day_is_official_at_once() -> None:
    """Recognition on the day of admission is allowed and makes the member official that day."""
    member = _member(recognized_on=D(2015, 3, 26))

    assert MemberStatus.OFFICIAL == member.status_on(D(2015, 3, 26))


@pytest.mark.parametrize(
    ("day", "cell", "role"),
    [
        (D(2015, 3, 25), None, None),
        (D(2015, 3, 26), "C1", Role.SECRETARY),
        (D(2024, 6, 30), "C1", Role.SECRETARY),
        (D(2024, 7, 1), "C2", Role.MEMBER),
        (D(2030, 1, 1), "C2", Role.MEMBER),
    ],
)
def test_membership_and_cell_across_a_transfer(day: dt.date, cell: str | None, role: Role | None) -> None:
    """The cell changes on the exact transfer day; before admission there is none."""
    member = _transferred()
    membership = member.membership_on(day)

    assert cell == member.cell_on(day)
    assert role == (None if membership is None else membership.role)


def test_no_membership_in_a_gap() -> None:
    """Between two memberships a member belongs to no cell."""
    member = _member(
        memberships=(Membership("C1", D(2016, 1, 1), D(2016, 12, 31)), Membership("C2", D(2018, 1, 1))),
    )

    assert member.membership_on(D(2017, 6, 1)) is None
    assert member.cell_on(D(2017, 6, 1)) is None


@pytest.mark.parametrize(
    ("day", "exempt", "suspended"),
    [
        (D(2023, 12, 31), False, False),
        (D(2024, 1, 1), True, False),
        (D(2024, 12, 31), True, False),
        (D(2025, 1, 1), False, False),
        (D(2025, 3, 1), False, True),
        (D(2040, 1, 1), False, True),
    ],
)
def test_exempt_and_suspended_on(day: dt.date, exempt: bool, suspended: bool) -> None:
    """Exemption and suspension hold on every day of their periods, ends included."""
    member = _member(
        exempt=(Period(D(2024, 1, 1), D(2024, 12, 31)),),
        suspended=(Period(D(2025, 3, 1)),),
    )

    assert exempt == member.is_exempt_on(day)
    assert suspended == member.is_suspended_on(day)


@pytest.mark.parametrize(
    ("day", "cell", "expected"),
    [
        (D(2024, 6, 30), "C1", True),
        (D(2024, 6, 30), "C2", False),
        (D(2024, 7, 1), "C1", False),
        (D(2024, 7, 1), "C2", True),
        (D(2024, 9, 1), "C2", False),
        (D(2024, 9, 30), "C2", False),
        (D(2024, 10, 1), "C2", True),
        (D(2025, 2, 1), "C2", False),
        (D(2015, 3, 25), "C1", False),
    ],
)
def test_is_expected_on(day: dt.date, cell: str, expected: bool) -> None:
    """Expected means a member of that cell that day, neither exempt nor suspended."""
    member = attrs.evolve(
        _transferred(),
        exempt=(Period(D(2024, 9, 1), D(2024, 9, 30)),),
        suspended=(Period(D(2025, 2, 1), D(2025, 2, 28)),),
    )

    assert expected == member.is_expected_on(day, cell)


def test_member_defaults() -> None:
    """A member needs only an id, a name and an admission date."""
    member = Member("M1", "Nguyễn Văn A", D(2020, 1, 1))

    assert (None, False, (), (), ()) == (
        member.recognized_on,
        member.leadership_post,
        member.memberships,
        member.exempt,
        member.suspended,
    )


def test_member_collections_become_tuples() -> None:
    """Lists of memberships and periods are stored as tuples."""
    member = _member(memberships=[Membership("C1", D(2016, 1, 1))], exempt=[Period(D(2020, 1, 1))])

    assert (Membership("C1", D(2016, 1, 1)),) == member.memberships
    assert (Period(D(2020, 1, 1)),) == member.exempt


def test_adjacent_memberships_do_not_overlap() -> None:
    """A transfer that ends one day and starts the next is accepted."""
    member = _transferred()

    assert 2 == len(member.memberships)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"memberships": (Membership("C1", D(2016, 1, 1), D(2020, 1, 1)), Membership("C2", D(2020, 1, 1)))},
            "memberships",
            "'memberships' of member 'M1' has overlapping periods starting 2016-01-01 and 2020-01-01",
        ),
        (
            {"memberships": (Membership("C2", D(2020, 1, 1)), Membership("C1", D(2016, 1, 1)))},
            "memberships",
            "'memberships' of member 'M1' has overlapping periods starting 2016-01-01 and 2020-01-01",
        ),
        (
            {"exempt": (Period(D(2020, 1, 1), D(2020, 12, 31)), Period(D(2020, 6, 1), D(2021, 6, 1)))},
            "exempt",
            "'exempt' of member 'M1' has overlapping periods starting 2020-01-01 and 2020-06-01",
        ),
        (
            {"suspended": (Period(D(2020, 1, 1), D(2020, 1, 31)), Period(D(2020, 1, 31)))},
            "suspended",
            "'suspended' of member 'M1' has overlapping periods starting 2020-01-01 and 2020-01-31",
        ),
        (
            {"recognized_on": D(2015, 3, 25)},
            "recognized_on",
            "member 'M1' is recognized on 2015-03-25, before admission on 2015-03-26",
        ),
        (
            {"memberships": (Membership("C1", D(2015, 3, 25)),)},
            "memberships",
            "member 'M1' joins cell 'C1' on 2015-03-25, before admission on 2015-03-26",
        ),
        ({"id": ""}, "id", "'id' must not be empty"),
        ({"name": "  "}, "name", "'name' must not be empty"),
    ],
)
def test_invalid_member_is_rejected(changes: dict[str, Any], field: str, message: str) -> None:
    """Overlapping periods, recognition or membership before admission, and blank text are refused."""
    with pytest.raises(InvalidRecordError, match=re.escape(message)) as info:
        _member(**changes)

    assert field == info.value.field


@pytest.mark.parametrize(
    "changes",
    [
        {"exempt": (Period(D(2020, 1, 1)), Period(D(2020, 1, 1), D(2020, 12, 31)))},
        {"memberships": (Membership("C1", D(2020, 1, 1)), Membership("C2", D(2020, 1, 1), D(2020, 6, 30)))},
    ],
)
def test_overlap_with_the_same_start_and_an_open_end_is_rejected(changes: dict[str, Any]) -> None:
    """Two periods starting the same day, one open-ended, overlap and are refused as such."""
    with pytest.raises(InvalidRecordError, match="has overlapping periods starting 2020-01-01 and 2020-01-01"):
        _member(**changes)


# -- Meeting -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kinds", "regular", "thematic", "combined"),
    [
        ((R,), True, False, False),
        ((T,), False, True, False),
        ((R, T), True, True, True),
        ((T, R), True, True, True),
    ],
)
def test_meeting_kinds(kinds: tuple[MeetingKind, ...], regular: bool, thematic: bool, combined: bool) -> None:
    """A combined session has both kinds, in any order."""
    meeting = _meeting(kinds=kinds)

    assert (regular, thematic, combined) == (meeting.is_regular, meeting.is_thematic, meeting.is_combined)
    assert frozenset(kinds) == meeting.kinds


def test_meeting_defaults() -> None:
    """Topic, tags, attendance and speakers are empty, and minutes recorded, unless given."""
    meeting = Meeting("m", "C1", D(2025, 1, 1), [R], 90)

    assert ("", (), Attendance({}), (), True) == (
        meeting.topic,
        meeting.tags,
        meeting.attendance,
        meeting.speakers,
        meeting.minutes,
    )


def test_meeting_converts_a_dict_to_attendance() -> None:
    """A plain mapping given as attendance becomes an Attendance."""
    meeting = _meeting()

    assert isinstance(meeting.attendance, Attendance)
    assert Attendance({"M1": P, "M2": E}) == meeting.attendance


def test_meeting_of_one_minute_is_allowed() -> None:
    """The shortest valid session lasts one minute."""
    assert 1 == _meeting(duration_minutes=1).duration_minutes


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"kinds": ()}, "kinds", "meeting 'C1-2025-01' must have at least one kind"),
        ({"speakers": ("M2",)}, "speakers", "speaker 'M2' of meeting 'C1-2025-01' is not marked present"),
        ({"speakers": ("M9",)}, "speakers", "speaker 'M9' of meeting 'C1-2025-01' is not marked present"),
        ({"speakers": ("M1", "M1")}, "speakers", "'speakers' lists 'M1' twice"),
        ({"tags": ("ho-chi-minh", "ho-chi-minh")}, "tags", "'tags' lists 'ho-chi-minh' twice"),
        ({"tags": ("",)}, "tags", "'tags'[0] must not be empty"),
        ({"id": ""}, "id", "'id' must not be empty"),
        ({"cell": " "}, "cell", "'cell' must not be empty"),
    ],
)
def test_invalid_meeting_is_rejected(changes: dict[str, Any], field: str, message: str) -> None:
    """No kind, a speaker not present, repeated tags or speakers, and blank ids are refused."""
    with pytest.raises(InvalidRecordError, match=re.escape(message)) as info:
        _meeting(**changes)

    assert field == info.value.field


@pytest.mark.parametrize(
    ("minutes", "message"),
    [
        (0, "'duration_minutes' must be ≥ 1 (got 0)"),
        (-90, "'duration_minutes' must be ≥ 1 (got -90)"),
        (True, "'duration_minutes' must be a whole number (got True)"),
        (90.0, "'duration_minutes' must be a whole number (got 90.0)"),
    ],
)
def test_meeting_duration_must_be_a_whole_number_of_minutes(minutes: Any, message: str) -> None:
    """A duration below one minute, a bool or a float is refused."""
    with pytest.raises(InvalidRecordError, match=re.escape(message)) as info:
        _meeting(duration_minutes=minutes)

    assert "duration_minutes" == info.value.field


# -- Attendance --------------------------------------------------------------------


def test_attendance_is_a_read_only_mapping() -> None:
    """Attendance behaves as a Mapping of member id to mark."""
    attendance = Attendance({"M2": E, "M1": P, "M3": U})

    assert isinstance(attendance, Mapping)
    assert 3 == len(attendance)
    assert P == attendance["M1"]
    assert "M2" in attendance
    assert "M9" not in attendance
    assert attendance.get("M9") is None
    assert {"M1": P, "M2": E, "M3": U} == dict(attendance)


def test_attendance_missing_member_raises_key_error() -> None:
    """Looking up a member without a mark raises KeyError."""
    attendance = Attendance({"M1": P})

    with pytest.raises(KeyError, match="M9"):
        attendance["M9"]


def test_attendance_iterates_in_member_id_order() -> None:
    """Keys, values and items come sorted by member id whatever the input order."""
    attendance = Attendance({"M3": U, "M1": P, "M2": E})

    assert ["M1", "M2", "M3"] == list(attendance)
    assert [P, E, U] == list(attendance.values())
    assert [("M1", P), ("M2", E), ("M3", U)] == list(attendance.items())


def test_attendance_with_mark() -> None:
    """with_mark lists the members with one mark, sorted."""
    attendance = Attendance({"M3": P, "M1": P, "M2": E})

    assert ("M1", "M3") == attendance.with_mark(P)
    assert ("M2",) == attendance.with_mark(E)
    assert () == attendance.with_mark(U)


def test_attendance_equality_ignores_input_order() -> None:
    """Two attendances with the same marks are equal and hash alike; different marks are unequal."""
    first = Attendance({"M1": P, "M2": E})
    second = Attendance({"M2": E, "M1": P})

    assert first == second
    assert hash(first) == hash(second)
    assert 1 == len({first, second})
    assert Attendance({"M1": P, "M2": U}) != first
    assert Attendance({"M1": P}) != first


def test_attendance_is_not_equal_to_other_types() -> None:
    """Comparing with something that is not an Attendance is never equal."""
    assert Attendance({}) != "M1"
    assert Attendance({}) != 0


def test_attendance_copies_its_input() -> None:
    """Changing the dict an attendance was built from does not change it."""
    marks = {"M1": P}
    attendance = Attendance(marks)
    marks["M2"] = E

    assert ["M1"] == list(attendance)


def test_attendance_makes_meetings_hashable() -> None:
    """A meeting with attendance can be hashed and put in a set."""
    assert 1 == len({_meeting(), _meeting()})


def test_attendance_repr() -> None:
    """The repr shows the marks in member order."""
    assert "Attendance({'M1': <AttendanceMark.PRESENT: 'present'>})" == repr(Attendance({"M1": P}))


@pytest.mark.parametrize(
    ("marks", "message"),
    [
        ({"": P}, "attendance keys must be member ids (got '')"),
        ({1: P}, "attendance keys must be member ids (got 1)"),
        ({"M1": "present"}, "attendance of 'M1' must be an AttendanceMark (got 'present')"),
        ({"M1": None}, "attendance of 'M1' must be an AttendanceMark (got None)"),
    ],
)
def test_invalid_attendance_is_rejected(marks: dict[Any, Any], message: str) -> None:
    """Keys must be non-empty member ids and values AttendanceMark members."""
    with pytest.raises(InvalidRecordError, match=re.escape(message)) as info:
        Attendance(marks)

    assert info.value.field is None


def test_invalid_attendance_is_rejected_through_a_meeting() -> None:
    """A meeting built with a bad attendance mapping is refused the same way."""
    with pytest.raises(InvalidRecordError, match="must be an AttendanceMark") as info:
        _meeting(attendance={"M1": "present"}, speakers=())

    assert "attendance" == info.value.field


# -- Assessment --------------------------------------------------------------------


def test_assessment_defaults_to_no_facts() -> None:
    """Only subject and year are required; every fact is None."""
    assessment = Assessment("M1", 2025)

    assert [None] * 9 == [
        assessment.score,
        assessment.proposed,
        assessment.tasks_done,
        assessment.tasks_behind,
        assessment.tasks_exceeded,
        assessment.prior_shortcomings_fixed,
        assessment.disciplined,
        assessment.degradation,
        assessment.mitigated,
    ]
    assert assessment.quota_group is None


@pytest.mark.parametrize("score", [Decimal(0), Decimal("0.0"), Decimal("91.5"), Decimal(100), Decimal("100.00")])
def test_score_bounds_are_inclusive(score: Decimal) -> None:
    """Scores from 0 to 100 inclusive are accepted and kept exact."""
    assessment = Assessment("M1", 2025, score=score, proposed=Level.GOOD)

    assert str(score) == str(assessment.score)


@pytest.mark.parametrize("fraction", [Decimal(0), Decimal("0.35"), Decimal(1)])
def test_fraction_bounds_are_inclusive(fraction: Decimal) -> None:
    """Fractions from 0 to 1 inclusive are accepted."""
    assessment = Assessment("M1", 2025, tasks_done=fraction, tasks_behind=fraction, tasks_exceeded=fraction)

    assert (fraction, fraction, fraction) == (assessment.tasks_done, assessment.tasks_behind, assessment.tasks_exceeded)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"score": Decimal("100.01")}, "score", "'score' must be in [0, 100] (got 100.01)"),
        ({"score": Decimal(-1)}, "score", "'score' must be in [0, 100] (got -1)"),
        ({"score": Decimal("NaN")}, "score", "'score' must be a finite decimal (got Decimal('NaN'))"),
        ({"score": Decimal("sNaN")}, "score", "'score' must be a finite decimal (got Decimal('sNaN'))"),
        ({"score": Decimal("Infinity")}, "score", "'score' must be a finite decimal (got Decimal('Infinity'))"),
        ({"score": 91.5}, "score", "'score' must be a finite decimal (got 91.5)"),
        ({"tasks_done": Decimal("1.5")}, "tasks_done", "'tasks_done' must be in [0, 1] (got 1.5)"),
        ({"tasks_behind": Decimal("-0.1")}, "tasks_behind", "'tasks_behind' must be in [0, 1] (got -0.1)"),
        ({"tasks_exceeded": Decimal("1.01")}, "tasks_exceeded", "'tasks_exceeded' must be in [0, 1] (got 1.01)"),
        ({"tasks_done": Decimal("NaN")}, "tasks_done", "'tasks_done' must be a finite decimal"),
        ({"subject": ""}, "subject", "'subject' must not be empty"),
        ({"quota_group": ""}, "quota_group", "'quota_group' must not be empty"),
    ],
)
def test_invalid_assessment_is_rejected(changes: dict[str, Any], field: str, message: str) -> None:
    """Scores outside 0–100, fractions outside 0–1, non-finite or float numbers, and blank ids are refused."""
    fields: dict[str, Any] = {"subject": "M1", "year": 2025}
    fields.update(changes)

    with pytest.raises(InvalidRecordError, match=re.escape(message)) as info:
        Assessment(**fields)

    assert field == info.value.field


@pytest.mark.parametrize("year", [1930, 2025, 2200])
def test_assessment_year_range_is_inclusive(year: int) -> None:
    """Years 1930 to 2200 inclusive are accepted."""
    assert year == Assessment("M1", year).year


@pytest.mark.parametrize(
    ("year", "message"),
    [
        (1929, "'year' must be in [1930, 2200] (got 1929)"),
        (2201, "'year' must be in [1930, 2200] (got 2201)"),
        ("2025", "'year' must be a whole number (got '2025')"),
        (True, "'year' must be a whole number (got True)"),
    ],
)
def test_assessment_year_outside_range_is_rejected(year: Any, message: str) -> None:
    """Years outside 1930–2200, and years that are not whole numbers, are refused."""
    with pytest.raises(InvalidRecordError, match=re.escape(message)) as info:
        Assessment("M1", year)

    assert "year" == info.value.field


# -- Review and remedy -------------------------------------------------------------


def _review(done_on: dt.date | None, year: int = 2024) -> Review:
    remedy = Remedy("Tổ chức học tập", owner="M1", due=D(2025, 3, 31), done_on=done_on)
    return Review("R1", "C1", year, opinions=16, shortcomings=[Shortcoming("Chậm", "Chủ quan", [remedy])])


@pytest.mark.parametrize("done_on", [None, D(2024, 1, 1), D(2025, 2, 1)])
def test_remedy_done_in_or_after_the_reviewed_year_is_accepted(done_on: dt.date | None) -> None:
    """A remedy may be open, or done from 1 January of the reviewed year on."""
    review = _review(done_on)

    assert done_on == review.shortcomings[0].remedies[0].done_on


def test_remedy_done_before_the_reviewed_year_is_rejected() -> None:
    """A remedy cannot be done before the year whose review found the shortcoming."""
    with pytest.raises(
        InvalidRecordError,
        match=re.escape("review 'R1': remedy 'Tổ chức học tập' is done on 2023-12-31, before the year reviewed (2024)"),
    ) as info:
        _review(D(2023, 12, 31))

    assert "shortcomings" == info.value.field


def test_review_defaults_and_tuples() -> None:
    """Collections default to empty and lists become tuples."""
    review = Review("R1", "M1", 2024, strengths=["Đoàn kết"])

    assert (0, ("Đoàn kết",), ()) == (review.opinions, review.strengths, review.shortcomings)
    assert (Remedy("x"),) == Shortcoming("s", remedies=[Remedy("x")]).remedies


@pytest.mark.parametrize(
    ("build", "field", "message"),
    [
        (lambda: Review("", "C1", 2024), "id", "'id' must not be empty"),
        (lambda: Review("R1", "", 2024), "subject", "'subject' must not be empty"),
        (lambda: Review("R1", "C1", 2024, strengths=[""]), "strengths", "'strengths'[0] must not be empty"),
        (lambda: Shortcoming(""), "text", "'text' must not be empty"),
        (lambda: Remedy(""), "action", "'action' must not be empty"),
        (lambda: Remedy("x", owner=""), "owner", "'owner' must not be empty"),
    ],
)
def test_blank_review_text_is_rejected(build: Any, field: str, message: str) -> None:
    """Ids, subjects, strengths, shortcoming texts, actions and owners must not be blank."""
    with pytest.raises(InvalidRecordError, match=re.escape(message)) as info:
        build()

    assert field == info.value.field


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"opinions": -1}, "opinions", "'opinions' must be ≥ 0 (got -1)"),
        ({"year": 1929}, "year", "'year' must be in [1930, 2200] (got 1929)"),
        ({"year": 2201}, "year", "'year' must be in [1930, 2200] (got 2201)"),
    ],
)
def test_review_numbers_out_of_range_are_rejected(changes: dict[str, Any], field: str, message: str) -> None:
    """Negative opinion counts and years outside 1930–2200 are refused."""
    fields: dict[str, Any] = {"id": "R1", "subject": "C1", "year": 2024}
    fields.update(changes)

    with pytest.raises(InvalidRecordError, match=re.escape(message)) as info:
        Review(**fields)

    assert field == info.value.field


def test_validators_have_readable_reprs() -> None:
    """Field validators show what they check, as attrs' own do."""
    from partyreview._validators import (
        decimal_between,
        instance_of,
        int_between,
        items_of,
        non_empty_text,
        text_items,
        unique_items,
    )

    assert "<instance_of validator Unit>" == repr(instance_of(Unit))
    assert "<items_of validator Period>" == repr(items_of(Period))
    assert "<text_items validator>" == repr(text_items())
    assert "<non_empty_text validator>" == repr(non_empty_text())
    assert "<decimal_between validator [0, 1]>" == repr(decimal_between(0, 1))
    assert "<unique_items validator>" == repr(unique_items())
    assert "<int_between validator [1, None]>" == repr(int_between(1))


def test_the_calendar_date_validator_has_a_readable_repr() -> None:
    """Like attrs' own validators."""
    from partyreview._validators import calendar_date

    assert "<calendar_date validator>" == repr(calendar_date())
