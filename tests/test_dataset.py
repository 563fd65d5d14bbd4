"""Cross-record checks of a Dataset, and the queries the checks and reports use."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

import attrs
import pytest

from partyreview import (
    Assessment,
    AttendanceMark,
    Dataset,
    DatasetError,
    InvalidRecordError,
    Meeting,
    MeetingKind,
    Member,
    Membership,
    Period,
    Remedy,
    Review,
    Shortcoming,
    Unit,
    UnitKind,
    dataset_from_json,
    dataset_to_json,
)

D = dt.date
P, E, U = AttendanceMark.PRESENT, AttendanceMark.EXCUSED, AttendanceMark.UNEXCUSED


def _units() -> list[Unit]:
    """K ⊃ G ⊃ {C1, C2}; C2 is dissolved at the end of 2030."""
    return [
        Unit("K", "Đảng bộ Khối", UnitKind.COMMITTEE),
        Unit("G", "Đảng bộ cơ sở", UnitKind.GRASSROOTS, "K", D(2000, 1, 1)),
        Unit("C1", "Chi bộ Văn phòng", UnitKind.CELL, "G", D(2010, 1, 1)),
        Unit("C2", "Chi bộ Kế toán", UnitKind.CELL, "G", D(2010, 1, 1), D(2030, 12, 31)),
    ]


def _members() -> list[Member]:
    """M1 in C1; M2 moves from C2 to C1 on 1 April 2025; M3 exempt in February 2025; M4 suspended in May 2025."""
    return [
        Member("M1", "Nguyễn Văn A", D(2015, 3, 26), D(2016, 3, 26), memberships=[Membership("C1", D(2015, 3, 26))]),
        Member(
            "M2",
            "Trần Thị B",
            D(2020, 1, 10),
            memberships=[Membership("C2", D(2020, 1, 10), D(2025, 3, 31)), Membership("C1", D(2025, 4, 1))],
        ),
        Member(
            "M3",
            "Lê Văn C",
            D(2018, 5, 5),
            memberships=[Membership("C1", D(2018, 5, 5))],
            exempt=[Period(D(2025, 2, 1), D(2025, 2, 28))],
        ),
        Member(
            "M4",
            "Phạm Thị D",
            D(2019, 1, 1),
            memberships=[Membership("C1", D(2019, 1, 1))],
            suspended=[Period(D(2025, 5, 1), D(2025, 5, 31))],
        ),
    ]


def _meeting(
    cell: str,
    day: dt.date,
    marks: Mapping[str, AttendanceMark],
    *,
    meeting_id: str | None = None,
    kinds: Iterable[MeetingKind] = (MeetingKind.REGULAR,),
) -> Meeting:
    return Meeting(meeting_id or f"{cell}-{day.isoformat()}", cell, day, kinds, 90, attendance=marks)


def _dataset(**changes: Iterable[Any]) -> Dataset:
    fields: dict[str, Iterable[Any]] = {"units": _units(), "members": _members()}
    fields.update(changes)
    return Dataset(**fields)


def _problems(**changes: Iterable[Any]) -> list[tuple[str, str]]:
    """The (path, message) of every problem a Dataset built from the base records plus ``changes`` has."""
    with pytest.raises(DatasetError) as info:
        _dataset(**changes)
    return [(p.path, p.message) for p in info.value.problems]


def _member(member_id: str, cell: str, start: dt.date | None = None, end: dt.date | None = None) -> Member:
    start = start or D(2020, 1, 1)
    return Member(member_id, f"Đảng viên {member_id}", start, memberships=[Membership(cell, start, end)])


def _march(cell: str = "C1", **marks: AttendanceMark) -> Meeting:
    """A meeting of ``cell`` on 11 March 2025 with the full expected attendance of C1 unless ``marks`` says otherwise."""
    base = {"M1": P, "M3": P, "M4": E} if cell == "C1" else {"M2": P}
    return _meeting(cell, D(2025, 3, 11), {**base, **marks})


# -- the base records are valid ---------------------------------------------------------


def test_valid_records_build_a_dataset() -> None:
    """Consistent records build a Dataset whose collections are tuples."""
    dataset = _dataset(meetings=[_march()], assessments=[Assessment("M1", 2025)], reviews=[Review("R1", "C1", 2024)])

    assert 4 == len(dataset.units)
    assert isinstance(dataset.members, tuple)
    assert (_march(),) == dataset.meetings


def test_empty_dataset_is_valid() -> None:
    """A Dataset with no records at all is valid."""
    assert () == Dataset().units


@pytest.mark.parametrize(
    ("units", "message"),
    [
        (["K"], r"'units'\[0\] must be a Unit \(got str 'K'\)"),
        ("K", r"'units' must be a list of Unit records \(got str 'K'\)"),
        ({"K": None}, r"'units' must be a list of Unit records \(got dict"),
        (3, r"'units' must be a list of Unit records \(got int 3\)"),
    ],
)
def test_wrong_record_type_is_refused_naming_the_field(units: Any, message: str) -> None:
    """A collection holding something other than its record type, or no collection at all, is refused."""
    with pytest.raises(InvalidRecordError, match=message) as caught:
        Dataset(units=units)
    assert "units" == caught.value.field


# -- ids ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (
            {"units": [*_units(), Unit("C1", "Chi bộ khác", UnitKind.CELL, "G")]},
            [("$.units[4].id", "duplicate id 'C1' (first used at $.units[2])")],
        ),
        (
            {"members": [*_members(), _member("M2", "C1")]},
            [("$.members[4].id", "duplicate id 'M2' (first used at $.members[1])")],
        ),
        (
            {
                "meetings": [
                    _march(),
                    attrs.evolve(_march(), date=D(2025, 4, 8), attendance={"M1": P, "M2": P, "M3": P, "M4": P}),
                ]
            },
            [("$.meetings[1].id", "duplicate id 'C1-2025-03-11' (first used at $.meetings[0])")],
        ),
        (
            {"reviews": [Review("R1", "C1", 2024), Review("R2", "C1", 2023), Review("R1", "M1", 2024)]},
            [("$.reviews[2].id", "duplicate id 'R1' (first used at $.reviews[0])")],
        ),
        (
            {"members": [*_members(), _member("C2", "C1")]},
            [("$.members[4].id", "id 'C2' is also the id of a unit")],
        ),
    ],
    ids=["unit", "member", "meeting", "review", "member-is-unit"],
)
def test_duplicate_id_is_reported_at_the_second(changes: dict[str, Any], expected: list[tuple[str, str]]) -> None:
    """A repeated id is reported at the later record, naming the first."""
    assert expected == _problems(**changes)


def test_every_repeat_of_an_id_is_reported() -> None:
    """An id used three times gives two problems, both pointing at the first use."""
    units = [*_units(), Unit("K", "x", UnitKind.COMMITTEE), Unit("K", "y", UnitKind.COMMITTEE)]

    assert [
        ("$.units[4].id", "duplicate id 'K' (first used at $.units[0])"),
        ("$.units[5].id", "duplicate id 'K' (first used at $.units[0])"),
    ] == _problems(units=units)


# -- the unit tree -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (
            [Unit("C9", "Chi bộ 9", UnitKind.CELL, "X")],
            [("$.units[4].parent", "unknown unit 'X'")],
        ),
        (
            [Unit("C9", "Chi bộ 9", UnitKind.CELL, "C1")],
            [("$.units[4].parent", "'C1' is a cell and cannot have sub-units")],
        ),
        (
            [Unit("A", "A", UnitKind.COMMITTEE, "B"), Unit("B", "B", UnitKind.GRASSROOTS, "A")],
            [
                ("$.units[4].parent", "unit 'A' is its own ancestor"),
                ("$.units[5].parent", "unit 'B' is its own ancestor"),
            ],
        ),
        (
            [Unit("A", "A", UnitKind.COMMITTEE, "A")],
            [("$.units[4].parent", "unit 'A' is its own ancestor")],
        ),
        (
            [
                Unit("A", "A", UnitKind.COMMITTEE, "B"),
                Unit("B", "B", UnitKind.COMMITTEE, "A"),
                Unit("C9", "Chi bộ 9", UnitKind.CELL, "A"),
            ],
            [
                ("$.units[4].parent", "unit 'A' is its own ancestor"),
                ("$.units[5].parent", "unit 'B' is its own ancestor"),
            ],
        ),
    ],
    ids=["unknown-parent", "parent-is-cell", "two-cycle", "self-parent", "hanging-off-a-cycle"],
)
def test_bad_parent_is_reported(extra: list[Unit], expected: list[tuple[str, str]]) -> None:
    """A parent must be a known unit that is not a cell, and the tree must have no cycle."""
    assert expected == _problems(units=[*_units(), *extra])


def test_deep_tree_is_valid() -> None:
    """A chain committee → committee → grassroots → cell is accepted."""
    units = [
        Unit("TW", "Trung ương", UnitKind.COMMITTEE),
        Unit("T", "Tỉnh", UnitKind.COMMITTEE, "TW"),
        Unit("G", "Cơ sở", UnitKind.GRASSROOTS, "T"),
        Unit("C", "Chi bộ", UnitKind.CELL, "G"),
    ]

    assert units[1] == Dataset(units=units).parent_of("G")


# -- memberships -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("member", "expected"),
    [
        (_member("M5", "C9"), [("$.members[4].memberships[0].cell", "unknown cell 'C9'")]),
        (_member("M5", "G"), [("$.members[4].memberships[0].cell", "'G' is a grassroots, not a cell")]),
        (_member("M5", "K"), [("$.members[4].memberships[0].cell", "'K' is a committee, not a cell")]),
        (
            _member("M5", "C2"),
            [("$.members[4].memberships[0]", "membership of 'M5' in 'C2' runs outside the cell's active period")],
        ),
        (
            _member("M5", "C2", D(2020, 1, 1), D(2031, 1, 1)),
            [("$.members[4].memberships[0]", "membership of 'M5' in 'C2' runs outside the cell's active period")],
        ),
        (
            _member("M5", "C1", D(2009, 12, 31), D(2011, 1, 1)),
            [("$.members[4].memberships[0]", "membership of 'M5' in 'C1' runs outside the cell's active period")],
        ),
    ],
    ids=[
        "unknown-cell",
        "grassroots",
        "committee",
        "open-past-dissolution",
        "ends-after-dissolution",
        "before-founding",
    ],
)
def test_bad_membership_is_reported(member: Member, expected: list[tuple[str, str]]) -> None:
    """A membership must be in a known cell and inside its active period."""
    assert expected == _problems(members=[*_members(), member])


def test_membership_on_the_cells_exact_active_period_is_valid() -> None:
    """A membership from the cell's first day to its last day is inside the active period."""
    member = _member("M5", "C2", D(2010, 1, 1), D(2030, 12, 31))

    assert member == _dataset(members=[*_members(), member]).member("M5")


def test_only_the_bad_membership_of_a_transfer_is_reported() -> None:
    """The path names which membership of a member is at fault."""
    member = Member(
        "M5",
        "E",
        D(2020, 1, 1),
        memberships=[Membership("C1", D(2020, 1, 1), D(2020, 12, 31)), Membership("C9", D(2021, 1, 1))],
    )

    assert [("$.members[4].memberships[1].cell", "unknown cell 'C9'")] == _problems(members=[*_members(), member])


# -- meetings ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("meeting", "expected"),
    [
        (_meeting("C9", D(2025, 3, 11), {}), [("$.meetings[0].cell", "unknown cell 'C9'")]),
        (_meeting("G", D(2025, 3, 11), {}), [("$.meetings[0].cell", "'G' is a grassroots, not a cell")]),
        (_meeting("K", D(2025, 3, 11), {"M9": P}), [("$.meetings[0].cell", "'K' is a committee, not a cell")]),
        (
            _meeting("C2", D(2031, 1, 7), {}),
            [("$.meetings[0].date", "meeting 'C2-2031-01-07' on 2031-01-07 is outside the active period of cell 'C2'")],
        ),
        (
            _meeting("C1", D(2009, 12, 31), {}),
            [("$.meetings[0].date", "meeting 'C1-2009-12-31' on 2009-12-31 is outside the active period of cell 'C1'")],
        ),
    ],
    ids=["unknown-cell", "grassroots", "committee", "after-dissolution", "before-founding"],
)
def test_bad_meeting_cell_or_date_is_reported(meeting: Meeting, expected: list[tuple[str, str]]) -> None:
    """A meeting must be of a known cell, on a day the cell is active; attendance of an unknown cell is not checked."""
    assert expected == _problems(meetings=[meeting])


@pytest.mark.parametrize("day", [D(2010, 1, 1), D(2030, 12, 31)])
def test_meeting_on_the_cells_first_and_last_day_is_valid(day: dt.date) -> None:
    """The active period of a cell includes its first and last days."""
    meeting = _meeting("C2", day, {})

    assert (meeting,) == _dataset(meetings=[meeting]).meetings


@pytest.mark.parametrize(
    ("meeting", "expected"),
    [
        (
            _march(M9=P),
            [("$.meetings[0].attendance.M9", "unknown member 'M9'")],
        ),
        (
            _march(M2=P),
            [("$.meetings[0].attendance.M2", "'M2' is not a member of cell 'C1' on 2025-03-11")],
        ),
        (
            _meeting("C2", D(2025, 4, 1), {"M2": P}),
            [("$.meetings[0].attendance.M2", "'M2' is not a member of cell 'C2' on 2025-04-01")],
        ),
        (
            _meeting("C1", D(2025, 5, 13), {"M1": P, "M2": P, "M3": P, "M4": U}),
            [("$.meetings[0].attendance.M4", "'M4' is suspended on 2025-05-13 and cannot attend")],
        ),
        (
            _meeting("C1", D(2015, 3, 25), {"M1": P}),
            [("$.meetings[0].attendance.M1", "'M1' is not a member of cell 'C1' on 2015-03-25")],
        ),
    ],
    ids=["unknown-member", "other-cell", "transferred-out", "suspended", "before-joining"],
)
def test_stray_attendance_mark_is_reported(meeting: Meeting, expected: list[tuple[str, str]]) -> None:
    """Only members of the cell that day, not suspended, may have a mark."""
    assert expected == _problems(meetings=[meeting])


def test_missing_mark_names_the_expected_member() -> None:
    """An expected member without a mark is reported at the meeting's attendance."""
    meeting = _meeting("C1", D(2025, 3, 11), {"M3": P})

    assert [
        ("$.meetings[0].attendance", "no attendance mark for expected member 'M1'"),
        ("$.meetings[0].attendance", "no attendance mark for expected member 'M4'"),
    ] == _problems(meetings=[meeting])


@pytest.mark.parametrize(
    ("cell", "day", "marks"),
    [
        ("C2", D(2025, 3, 31), {"M2": P}),
        ("C1", D(2025, 3, 31), {"M1": P, "M3": P, "M4": P}),
        ("C1", D(2025, 4, 1), {"M1": P, "M2": E, "M3": P, "M4": P}),
        ("C2", D(2025, 4, 1), {}),
    ],
)
def test_attendance_follows_a_transfer_on_its_exact_dates(
    cell: str, day: dt.date, marks: dict[str, AttendanceMark]
) -> None:
    """On the last day before a transfer the member belongs to the old cell, on the transfer day to the new one."""
    meeting = _meeting(cell, day, marks)

    assert (meeting,) == _dataset(meetings=[meeting]).meetings


def test_missing_mark_on_the_transfer_day() -> None:
    """A member who joined the cell that very day is expected there."""
    meeting = _meeting("C1", D(2025, 4, 1), {"M1": P, "M3": P, "M4": P})

    assert [("$.meetings[0].attendance", "no attendance mark for expected member 'M2'")] == _problems(
        meetings=[meeting]
    )


@pytest.mark.parametrize(
    "marks",
    [
        {"M1": P, "M4": P},
        {"M1": P, "M4": P, "M3": P},
    ],
    ids=["no-mark", "present"],
)
def test_exempt_member_may_have_a_mark_or_not(marks: dict[str, AttendanceMark]) -> None:
    """An exempt member is not expected but may attend."""
    meeting = _meeting("C1", D(2025, 2, 11), marks)

    assert dict(marks) == dict(_dataset(meetings=[meeting]).meetings[0].attendance)


@pytest.mark.parametrize("mark", [E, AttendanceMark.UNEXCUSED])
def test_an_exempt_member_can_only_be_marked_present(mark: AttendanceMark) -> None:
    """An absence of an exempt member would count against someone not expected: rejected with its path."""
    meeting = _meeting("C1", D(2025, 2, 11), {"M1": P, "M4": P, "M3": mark})

    with pytest.raises(DatasetError) as caught:
        _dataset(meetings=[meeting])

    assert "$.meetings[0].attendance.M3: 'M3' is exempt on 2025-02-11: only 'present' may be recorded" == str(
        caught.value
    )


def test_suspended_member_without_a_mark_is_valid() -> None:
    """A suspended member is not expected, so no mark is needed."""
    meeting = _meeting("C1", D(2025, 5, 13), {"M1": P, "M2": P, "M3": P})

    assert (meeting,) == _dataset(meetings=[meeting]).meetings


# -- assessments and reviews -------------------------------------------------------------------------


def test_assessments_of_members_and_units_are_valid() -> None:
    """A member, a cell and a committee can each be assessed, once per year."""
    assessments = [Assessment("M1", 2024), Assessment("M1", 2025), Assessment("C1", 2025), Assessment("K", 2025)]

    assert tuple(assessments) == _dataset(assessments=assessments).assessments


def test_assessment_of_unknown_subject_is_reported() -> None:
    """The subject of an assessment must be a member or a unit."""
    assert [("$.assessments[1].subject", "unknown member or unit 'M9'")] == _problems(
        assessments=[Assessment("M1", 2025), Assessment("M9", 2025)]
    )


def test_second_assessment_for_the_same_subject_and_year_is_reported() -> None:
    """Two assessments of one subject for one year are refused at the second."""
    assessments = [Assessment("M1", 2025), Assessment("C1", 2025), Assessment("M1", 2025)]

    assert [("$.assessments[2]", "a second assessment of 'M1' for 2025 (the first is $.assessments[0])")] == _problems(
        assessments=assessments
    )


def test_review_of_unknown_subject_is_reported() -> None:
    """The subject of a review must be a member or a unit."""
    assert [("$.reviews[0].subject", "unknown member or unit 'X'")] == _problems(reviews=[Review("R1", "X", 2024)])


def test_remedy_owner_must_be_a_member() -> None:
    """An owner that is not a member id (an unknown id or a unit) is reported at its path."""
    review = Review(
        "R1",
        "C1",
        2024,
        shortcomings=[
            Shortcoming("a", remedies=[Remedy("x", owner="M1"), Remedy("y")]),
            Shortcoming("b", remedies=[Remedy("z", owner="M1"), Remedy("w", owner="M9"), Remedy("v", owner="C1")]),
        ],
    )

    assert [
        ("$.reviews[0].shortcomings[1].remedies[1].owner", "unknown member 'M9'"),
        ("$.reviews[0].shortcomings[1].remedies[2].owner", "unknown member 'C1'"),
    ] == _problems(reviews=[review])


# -- all at once, and through JSON --------------------------------------------------------------------


def test_every_cross_record_problem_is_reported_at_once() -> None:
    """Problems of different kinds in different collections are all reported, in path order."""
    problems = _problems(
        units=[*_units(), Unit("X", "x", UnitKind.CELL, "Y")],
        members=[*_members(), _member("M5", "C9")],
        meetings=[_march(M9=P)],
        assessments=[Assessment("Z", 2025)],
        reviews=[Review("R1", "Z", 2025)],
    )

    assert [
        "$.assessments[0].subject",
        "$.meetings[0].attendance.M9",
        "$.members[4].memberships[0].cell",
        "$.reviews[0].subject",
        "$.units[4].parent",
    ] == [path for path, _ in problems]


def _json_doc() -> dict[str, Any]:
    """The base records as a partyreview/1 document, with one valid meeting."""
    return dataset_to_json(_dataset(meetings=[_march()], reviews=[Review("R1", "C1", 2024)]))


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda d: d["units"].append({"id": "C1", "name": "x", "kind": "cell"}),
            ("$.units[4].id", "duplicate id 'C1' (first used at $.units[2])"),
        ),
        (
            lambda d: d["units"][2].update(parent="C2"),
            ("$.units[2].parent", "'C2' is a cell and cannot have sub-units"),
        ),
        (
            lambda d: d["members"].append({"id": "K", "name": "x", "admitted_on": "2020-01-01"}),
            ("$.members[4].id", "id 'K' is also the id of a unit"),
        ),
        (
            lambda d: d["members"].append(
                {
                    "id": "M5",
                    "name": "x",
                    "admitted_on": "2020-01-01",
                    "memberships": [{"cell": "G", "from": "2020-01-01"}],
                }
            ),
            ("$.members[4].memberships[0].cell", "'G' is a grassroots, not a cell"),
        ),
        (
            lambda d: d["meetings"][0].update(cell="C9"),
            ("$.meetings[0].cell", "unknown cell 'C9'"),
        ),
        (
            lambda d: d["meetings"][0]["attendance"].pop("M4"),
            ("$.meetings[0].attendance", "no attendance mark for expected member 'M4'"),
        ),
        (
            lambda d: d["meetings"][0]["attendance"].update({"M 9": "present"}),
            ('$.meetings[0].attendance["M 9"]', "unknown member 'M 9'"),
        ),
        (
            lambda d: d["assessments"].extend([{"subject": "M1", "year": 2025}, {"subject": "M1", "year": 2025}]),
            ("$.assessments[1]", "a second assessment of 'M1' for 2025 (the first is $.assessments[0])"),
        ),
        (
            lambda d: d["reviews"][0].update(subject="nobody"),
            ("$.reviews[0].subject", "unknown member or unit 'nobody'"),
        ),
    ],
    ids=[
        "duplicate-unit",
        "parent-cell",
        "member-is-unit",
        "membership-non-cell",
        "meeting-unknown-cell",
        "missing-mark",
        "stray-mark-quoted",
        "second-assessment",
        "review-subject",
    ],
)
def test_cross_record_problems_through_json(change: Any, expected: tuple[str, str]) -> None:
    """Loading JSON reports cross-record problems with the same JSON paths."""
    doc = _json_doc()
    change(doc)

    with pytest.raises(DatasetError) as info:
        dataset_from_json(doc)

    assert [expected] == [(p.path, p.message) for p in info.value.problems]


def test_cycle_through_json_reports_every_unit_in_the_cycle() -> None:
    """A parent cycle K → G → K reported through JSON names both units."""
    doc = _json_doc()
    doc["units"][0]["parent"] = "G"

    with pytest.raises(DatasetError) as info:
        dataset_from_json(doc)

    assert [
        ("$.units[0].parent", "unit 'K' is its own ancestor"),
        ("$.units[1].parent", "unit 'G' is its own ancestor"),
    ] == [(p.path, p.message) for p in info.value.problems]


# -- queries ------------------------------------------------------------------------------------------


def _queried() -> Dataset:
    meetings = [
        _meeting("C1", D(2025, 4, 8), {"M1": P, "M2": P, "M3": P, "M4": P}),
        _meeting("C2", D(2024, 6, 11), {"M2": P}),
        _meeting("C1", D(2024, 12, 10), {"M1": P, "M3": P, "M4": P}),
        _march(),
        _meeting(
            "C1", D(2025, 3, 11), {"M1": P, "M3": P, "M4": P}, meeting_id="A-thematic", kinds=[MeetingKind.THEMATIC]
        ),
    ]
    return _dataset(meetings=meetings, assessments=[Assessment("M1", 2023)], reviews=[Review("R1", "C1", 2020)])


def test_unit_and_member_lookup() -> None:
    """unit() and member() find records by id."""
    dataset = _queried()

    assert _units()[2] == dataset.unit("C1")
    assert _members()[1] == dataset.member("M2")


@pytest.mark.parametrize("lookup", ["unit", "member", "parent_of"])
def test_unknown_id_lookup_raises_key_error(lookup: str) -> None:
    """Looking up an id that does not exist raises KeyError."""
    with pytest.raises(KeyError, match="nobody"):
        getattr(_queried(), lookup)("nobody")


def test_member_id_is_not_a_unit() -> None:
    """unit() does not find members, nor member() units."""
    dataset = _queried()

    with pytest.raises(KeyError, match="M1"):
        dataset.unit("M1")
    with pytest.raises(KeyError, match="C1"):
        dataset.member("C1")


def test_cells_in_dataset_order() -> None:
    """cells() lists only the cells, in dataset order."""
    assert ["C1", "C2"] == [u.id for u in _queried().cells()]


@pytest.mark.parametrize(
    ("cell", "day", "expected"),
    [
        ("C1", D(2025, 2, 11), ["M1", "M3", "M4"]),
        ("C1", D(2025, 3, 31), ["M1", "M3", "M4"]),
        ("C1", D(2025, 4, 1), ["M1", "M2", "M3", "M4"]),
        ("C1", D(2025, 5, 13), ["M1", "M2", "M3", "M4"]),
        ("C2", D(2025, 3, 31), ["M2"]),
        ("C2", D(2025, 4, 1), []),
        ("C1", D(2015, 3, 25), []),
        ("C9", D(2025, 1, 1), []),
    ],
)
def test_members_of_includes_exempt_and_suspended(cell: str, day: dt.date, expected: list[str]) -> None:
    """members_of lists the cell's members that day, exempt and suspended ones included."""
    assert expected == [m.id for m in _queried().members_of(cell, day)]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("C1", ["M1", "M2", "M3", "M4"]), ("C2", ["M2"]), ("G", []), ("C9", [])],
)
def test_ever_members_of(cell: str, expected: list[str]) -> None:
    """ever_members_of lists everyone who ever belonged to the cell."""
    assert expected == [m.id for m in _queried().ever_members_of(cell)]


def test_ever_members_lists_a_returning_member_once() -> None:
    """A member who left a cell and came back is listed once."""
    member = Member(
        "M5",
        "E",
        D(2020, 1, 1),
        memberships=[
            Membership("C1", D(2020, 1, 1), D(2020, 12, 31)),
            Membership("C2", D(2021, 1, 1), D(2021, 12, 31)),
            Membership("C1", D(2022, 1, 1)),
        ],
    )

    assert ["M1", "M2", "M3", "M4", "M5"] == [
        m.id for m in _dataset(members=[*_members(), member]).ever_members_of("C1")
    ]


@pytest.mark.parametrize(
    ("cell", "day", "expected"),
    [
        ("C1", D(2025, 1, 31), ("M1", "M3", "M4")),
        ("C1", D(2025, 2, 1), ("M1", "M4")),
        ("C1", D(2025, 2, 28), ("M1", "M4")),
        ("C1", D(2025, 3, 1), ("M1", "M3", "M4")),
        ("C1", D(2025, 3, 31), ("M1", "M3", "M4")),
        ("C2", D(2025, 3, 31), ("M2",)),
        ("C1", D(2025, 4, 1), ("M1", "M2", "M3", "M4")),
        ("C2", D(2025, 4, 1), ()),
        ("C1", D(2025, 4, 30), ("M1", "M2", "M3", "M4")),
        ("C1", D(2025, 5, 1), ("M1", "M2", "M3")),
        ("C1", D(2025, 5, 31), ("M1", "M2", "M3")),
        ("C1", D(2025, 6, 1), ("M1", "M2", "M3", "M4")),
        ("C9", D(2025, 6, 1), ()),
    ],
)
def test_expected_attendees(cell: str, day: dt.date, expected: tuple[str, ...]) -> None:
    """Expected: members that day, not exempt, not suspended, following transfers on their exact dates; sorted."""
    assert expected == _queried().expected_attendees(cell, day)


def test_expected_attendees_are_sorted_by_id() -> None:
    """Expected attendees come sorted by id, whatever the dataset order."""
    dataset = _dataset(members=list(reversed(_members())))

    assert ("M1", "M3", "M4") == dataset.expected_attendees("C1", D(2025, 3, 11))


def test_meetings_of_in_date_order() -> None:
    """meetings_of gives the cell's meetings by date, then id, whatever the dataset order."""
    assert ["C1-2024-12-10", "A-thematic", "C1-2025-03-11", "C1-2025-04-08"] == [
        m.id for m in _queried().meetings_of("C1")
    ]


@pytest.mark.parametrize(
    ("cell", "year", "expected"),
    [
        ("C1", 2025, ["A-thematic", "C1-2025-03-11", "C1-2025-04-08"]),
        ("C1", 2024, ["C1-2024-12-10"]),
        ("C1", 2023, []),
        ("C2", 2024, ["C2-2024-06-11"]),
        ("C2", None, ["C2-2024-06-11"]),
        ("C9", None, []),
    ],
)
def test_meetings_of_a_year(cell: str, year: int | None, expected: list[str]) -> None:
    """The year filter keeps only the meetings dated in that year."""
    assert expected == [m.id for m in _queried().meetings_of(cell, year)]


@pytest.mark.parametrize(("unit", "parent"), [("K", None), ("G", "K"), ("C1", "G"), ("C2", "G")])
def test_parent_of(unit: str, parent: str | None) -> None:
    """parent_of gives the parent unit, or None for a root."""
    found = _queried().parent_of(unit)

    assert parent == (None if found is None else found.id)


def test_years_from_meetings_and_assessments() -> None:
    """years() lists the years with meetings or assessments, ascending and once each; reviews do not count."""
    assert (2023, 2024, 2025) == _queried().years()


def test_years_of_an_empty_dataset() -> None:
    """A dataset without meetings or assessments has no years."""
    assert () == _dataset(reviews=[Review("R1", "C1", 2024)]).years()


def test_datasets_compare_by_records() -> None:
    """Two datasets built from equal records are equal; different records are not."""
    assert _queried() == _queried()
    assert _queried() != _dataset()
