"""partyreview.testing: every strategy gives valid values, datasets load, sizes and arguments are honoured."""

from __future__ import annotations

import datetime as dt
import importlib
import os
import subprocess
import sys
import textwrap
from collections.abc import Callable
from importlib.metadata import entry_points
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

import partyreview.testing
from partyreview import (
    Assessment,
    Attendance,
    AttendanceMark,
    Dataset,
    Finding,
    InvalidArgumentError,
    Meeting,
    Member,
    Membership,
    Period,
    QuotaCandidate,
    Remedy,
    Review,
    Severity,
    Shortcoming,
    Unit,
    UnitKind,
    dataset_schema,
    dataset_to_json,
    dumps_dataset,
    loads_dataset,
)
from partyreview.testing import (
    assessments,
    attendances,
    datasets,
    findings,
    meetings,
    members,
    memberships,
    periods,
    quota_candidates,
    remedies,
    reviews,
    shortcomings,
    units,
)
from partyreview.testing._hypothesis import STRATEGY_NAMES

SCHEMA = Draft202012Validator(dataset_schema(), format_checker=Draft202012Validator.FORMAT_CHECKER)
DAY = dt.date(2024, 3, 1)
LATER = dt.date(2024, 4, 30)

RECORD_TYPES: dict[type[Any], Callable[[], st.SearchStrategy[Any]]] = {
    Period: periods,
    Unit: units,
    Membership: memberships,
    Member: members,
    Attendance: attendances,
    Meeting: meetings,
    Assessment: assessments,
    Remedy: remedies,
    Shortcoming: shortcomings,
    Review: reviews,
    Finding: findings,
    QuotaCandidate: quota_candidates,
    Dataset: datasets,
}


def test_every_public_strategy_is_registered_for_its_record_type() -> None:
    """One strategy per record type, each public, each the one st.from_type uses."""
    assert set(RECORD_TYPES) == set(STRATEGY_NAMES)
    for record_type, strategy in RECORD_TYPES.items():
        assert strategy.__name__ == STRATEGY_NAMES[record_type]
        assert strategy is getattr(partyreview.testing, STRATEGY_NAMES[record_type])
    assert sorted(partyreview.testing.__all__) == sorted(STRATEGY_NAMES.values())


@pytest.mark.property
@pytest.mark.parametrize("record_type", list(RECORD_TYPES), ids=lambda t: t.__name__)
@given(data=st.data())
def test_every_generated_record_is_valid(record_type: type[Any], data: st.DataObject) -> None:
    """A record of each type: of that type, and rebuilding it (which re-runs every check) gives it back."""
    record = data.draw(RECORD_TYPES[record_type]())

    assert record_type is type(record)
    assert record == attrs.evolve(record)


@pytest.mark.property
@given(datasets())
def test_a_generated_dataset_always_loads_and_matches_the_schema(dataset: Dataset) -> None:
    """load(dump(d)) == d, the dump is canonical, and the JSON passes the shipped schema."""
    text = dumps_dataset(dataset)

    assert dataset == loads_dataset(text)
    assert text == dumps_dataset(loads_dataset(text))
    assert [] == [e.message for e in SCHEMA.iter_errors(dataset_to_json(dataset))]


@pytest.mark.property
@given(datasets())
def test_a_generated_dataset_has_the_documented_shape(dataset: Dataset) -> None:
    """K, G0–G1 under it, cells C* under either and active in the year; meetings in the year; marks for all expected."""
    kinds = [u.kind for u in dataset.units]

    assert UnitKind.COMMITTEE is kinds[0]
    assert {"K"} == {u.parent for u in dataset.units if u.kind is UnitKind.GRASSROOTS}
    assert 1 <= kinds.count(UnitKind.GRASSROOTS) <= 2
    year = Period.year(2025)
    assert all(c.active.overlaps(year) for c in dataset.cells())
    assert all(m.date.year == 2025 for m in dataset.meetings)
    assert all(set(dataset.expected_attendees(m.cell, m.date)) <= set(m.attendance) for m in dataset.meetings)
    assert all(a.year == 2025 for a in dataset.assessments)
    assert all(r.year in {2024, 2025} for r in dataset.reviews)


@pytest.mark.property
@given(
    datasets(
        year=1999,
        min_cells=2,
        max_cells=2,
        min_members_per_cell=1,
        max_members_per_cell=1,
        min_meetings_per_cell=3,
        max_meetings_per_cell=3,
    )
)
def test_the_size_and_year_of_a_dataset_are_controlled(dataset: Dataset) -> None:
    """Exactly the cells, members per cell and meetings per cell asked for, in the year asked for."""
    assert ["C0", "C1"] == [c.id for c in dataset.cells()]
    assert ["M0", "M1"] == [m.id for m in dataset.members]
    assert ["C0", "C1"] == [m.memberships[0].cell for m in dataset.members]
    assert [3, 3] == [len(dataset.meetings_of(c.id)) for c in dataset.cells()]
    assert (1999,) == dataset.years()


@pytest.mark.property
@given(datasets(min_cells=0, max_cells=0))
def test_a_dataset_may_have_no_cell(dataset: Dataset) -> None:
    """min_cells=max_cells=0: the committee and its grassroots organizations only."""
    assert () == dataset.cells()
    assert () == dataset.members


@pytest.mark.property
@given(datasets(min_cells=3, max_cells=3, min_members_per_cell=4, min_meetings_per_cell=2, max_meetings_per_cell=2))
def test_members_may_move_between_cells_and_be_away(dataset: Dataset) -> None:
    """Larger datasets stay valid whatever transfers, exemptions and suspensions were drawn."""
    assert 12 <= len(dataset.members)
    assert 6 == len(dataset.meetings)


# -- arguments of the record strategies -------------------------------------------------------------------


@pytest.mark.property
@given(
    periods(min_date=DAY, max_date=LATER, open_ended=True),
    periods(min_date=DAY, max_date=LATER, open_ended=False),
)
def test_periods_stay_within_the_bounds_and_honour_open_ended(open_period: Period, closed: Period) -> None:
    """open_ended=True: no end; False: an end by max_date; both start within the bounds."""
    assert open_period.end is None
    assert closed.end is not None
    assert DAY <= closed.start <= closed.end <= LATER
    assert DAY <= open_period.start <= LATER


@pytest.mark.property
@given(units(kind=UnitKind.CELL, min_date=DAY, max_date=LATER))
def test_units_have_the_kind_and_dates_asked_for(unit: Unit) -> None:
    """kind fixes the kind; the active period lies between the bounds; a unit is never its own parent."""
    assert UnitKind.CELL is unit.kind
    assert all(DAY <= d <= LATER for d in (unit.active_from, unit.active_to) if d is not None)
    assert unit.parent != unit.id


@pytest.mark.property
@given(memberships(cell="C1", min_date=DAY, max_date=LATER))
def test_memberships_are_in_the_cell_asked_for(membership: Membership) -> None:
    """cell fixes the cell; the period lies between the bounds."""
    assert "C1" == membership.cell
    assert DAY <= membership.start <= LATER


@pytest.mark.property
@given(members(cells=["C1", "C2"], min_date=DAY, max_date=LATER), members(max_memberships=0))
def test_members_belong_to_the_cells_asked_for(member: Member, without: Member) -> None:
    """Memberships only in the given cells, after admission; max_memberships=0 gives none."""
    assert {m.cell for m in member.memberships} <= {"C1", "C2"}
    assert all(member.admitted_on <= m.start <= LATER for m in member.memberships)
    assert DAY <= member.admitted_on
    assert () == without.memberships


@pytest.mark.property
@given(attendances(members=["M1", "M2", "M1"]))
def test_an_attendance_marks_each_member_once(attendance: Attendance) -> None:
    """Every member given has exactly one mark (repeats are ignored)."""
    assert ["M1", "M2"] == list(attendance)


@pytest.mark.property
@given(meetings(cell="C1", attendees=["M1", "M2", "M3"], min_date=DAY, max_date=DAY))
def test_meetings_mark_the_attendees_and_let_only_those_present_speak(meeting: Meeting) -> None:
    """cell, day and attendees as asked; speakers and presenters are among those present."""
    present = set(meeting.attendance.with_mark(AttendanceMark.PRESENT))

    assert ("C1", DAY) == (meeting.cell, meeting.date)
    assert ["M1", "M2", "M3"] == list(meeting.attendance)
    assert set(meeting.speakers) <= present
    assert meeting.presenters is None or (set(meeting.presenters) <= present and len(meeting.presenters) <= 2)


@pytest.mark.property
@given(assessments(subject="M1", year=2024), quota_candidates(subject="M1"))
def test_assessments_and_candidates_are_of_the_subject_asked_for(
    assessment: Assessment, candidate: QuotaCandidate
) -> None:
    """subject and year fix the subject and year."""
    assert ("M1", 2024) == (assessment.subject, assessment.year)
    assert "M1" == candidate.subject


@pytest.mark.property
@given(
    remedies(owners=["M1"], min_date=DAY, max_date=LATER),
    remedies(owners=()),
    shortcomings(owners=["M2"], min_date=DAY, max_date=LATER),
)
def test_remedies_are_owned_by_the_members_asked_for(remedy: Remedy, unowned: Remedy, shortcoming: Shortcoming) -> None:
    """owners bounds the owners (``()``: never an owner); due and done days lie between the bounds."""
    assert remedy.owner in {None, "M1"}
    assert all(DAY <= d <= LATER for d in (remedy.due, remedy.done_on) if d is not None)
    assert unowned.owner is None
    assert {r.owner for r in shortcoming.remedies} <= {None, "M2"}


@pytest.mark.property
@given(reviews(subject="C1", year=2024, owners=["M1"]))
def test_reviews_are_of_the_subject_and_year_asked_for(review: Review) -> None:
    """subject, year and owners as asked; remedies are never done before the year reviewed."""
    remedies_ = [r for s in review.shortcomings for r in s.remedies]

    assert ("C1", 2024) == (review.subject, review.year)
    assert {r.owner for r in remedies_} <= {None, "M1"}
    assert all(r.done_on.year >= 2024 for r in remedies_ if r.done_on is not None)


@pytest.mark.property
@given(findings(code="cadence.regular.missing", severity=Severity.ERROR), findings())
def test_findings_have_the_code_and_severity_asked_for(finding: Finding, anything: Finding) -> None:
    """code and severity fix them; by default codes are dotted lower-case words."""
    assert ("cadence.regular.missing", Severity.ERROR) == (finding.code, finding.severity)
    assert all(part.replace("_", "").isalpha() for part in anything.code.split("."))


BAD_ARGUMENTS: list[tuple[Callable[..., object], dict[str, Any], str]] = [
    (periods, {"min_date": LATER, "max_date": DAY}, r"min_date must not be after max_date"),
    (periods, {"min_date": dt.datetime(2024, 1, 1)}, r"min_date must be a datetime.date"),  # noqa: DTZ001
    (units, {"max_date": "2024-01-01"}, r"max_date must be a datetime.date \(got '2024-01-01'\)"),
    (units, {"kind": "cell"}, r"kind must be a UnitKind or None"),
    (memberships, {"cell": ""}, r"cell must be a non-blank id or None"),
    (memberships, {"cell": 7}, r"cell must be a non-blank id or None"),
    (members, {"cells": "C1"}, r"cells must be a sequence of non-blank ids"),
    (members, {"cells": []}, r"cells must name at least one cell"),
    (members, {"max_memberships": -1}, r"max_memberships must be a whole number ≥ 0"),
    (attendances, {"members": [" "]}, r"members must be a sequence of non-blank ids"),
    (attendances, {"members": 7}, r"members must be a sequence of non-blank ids"),
    (meetings, {"attendees": ["M1", 2]}, r"attendees must be a sequence of non-blank ids"),
    (assessments, {"year": 1800}, r"year must be a whole number in \[1930, 2200\]"),
    (assessments, {"year": True}, r"year must be a whole number"),
    (reviews, {"subject": " "}, r"subject must be a non-blank id or None"),
    (remedies, {"owners": "M1"}, r"owners must be a sequence of non-blank ids"),
    (shortcomings, {"owners": [None]}, r"owners must be a sequence of non-blank ids"),
    (findings, {"severity": "error"}, r"severity must be a Severity or None"),
    (findings, {"code": ""}, r"code must be a non-blank id or None"),
    (quota_candidates, {"subject": ""}, r"subject must be a non-blank id or None"),
    (datasets, {"year": 1930}, r"year must be a whole number in \[1931, 2200\]"),
    (datasets, {"max_cells": -1}, r"max_cells must be a whole number ≥ 0"),
    (datasets, {"min_cells": 4, "max_cells": 3}, r"min_cells must not exceed max_cells \(got 4 and 3\)"),
    (datasets, {"min_members_per_cell": 1.5}, r"min_members_per_cell must be a whole number"),
    (datasets, {"max_meetings_per_cell": None}, r"max_meetings_per_cell must be a whole number"),
]


@pytest.mark.parametrize(
    ("strategy", "kwargs", "message"),
    BAD_ARGUMENTS,
    ids=[f"{f.__name__}-{'-'.join(f'{k}={v!r}' for k, v in a.items())}" for f, a, _ in BAD_ARGUMENTS],
)
def test_a_bad_argument_is_refused_at_once(
    strategy: Callable[..., object], kwargs: dict[str, Any], message: str
) -> None:
    """Each strategy checks its arguments when called, naming the argument."""
    with pytest.raises(InvalidArgumentError, match=message):
        strategy(**kwargs)


# -- st.from_type and the hypothesis entry point ----------------------------------------------------------


def test_the_hypothesis_entry_point_is_installed() -> None:
    """Hypothesis finds partyreview's setup hook among its entry points."""
    values = [e.value for e in entry_points(group="hypothesis")]

    assert "partyreview.testing._hypothesis:_hypothesis_setup_hook" in values


@pytest.mark.property
@pytest.mark.parametrize("record_type", list(RECORD_TYPES), ids=lambda t: t.__name__)
@given(data=st.data())
def test_from_type_gives_valid_records(record_type: type[Any], data: st.DataObject) -> None:
    """st.from_type(T) uses partyreview's strategy: valid records of every type."""
    record = data.draw(st.from_type(record_type))

    assert record_type is type(record)
    assert record == attrs.evolve(record)


FROM_TYPE_SCRIPT = """
    import sys
    {first}
    from hypothesis import given, settings, strategies as st
    from partyreview import Dataset, Meeting, loads_dataset, dumps_dataset

    @settings(max_examples=10, database=None, deadline=None)
    @given(st.from_type(Meeting), st.from_type(Dataset))
    def check(meeting, dataset):
        assert isinstance(meeting, Meeting)
        assert loads_dataset(dumps_dataset(dataset)) == dataset

    check()
    print("ok")
"""


@pytest.mark.parametrize(
    "first", ["pass", "import partyreview.testing"], ids=["hypothesis-first", "partyreview.testing-first"]
)
def test_from_type_works_in_a_fresh_interpreter_whatever_is_imported_first(first: str) -> None:
    """Without importing partyreview.testing (or importing it before Hypothesis), st.from_type gives valid records."""
    script = textwrap.dedent(FROM_TYPE_SCRIPT).format(first=first)

    environment = {k: v for k, v in os.environ.items() if k != "HYPOTHESIS_NO_PLUGINS"}

    result = subprocess.run(
        [sys.executable, "-W", "error", "-c", script],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        env=environment,
    )

    assert (0, "ok\n") == (result.returncode, result.stdout), result.stderr


def test_importing_without_hypothesis_says_which_extra_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    """No Hypothesis: an ImportError naming partyreview[testing]."""
    monkeypatch.setitem(sys.modules, "hypothesis", None)
    monkeypatch.delitem(sys.modules, "partyreview.testing")

    with pytest.raises(ImportError, match=r"pip install 'partyreview\[testing\]'"):
        importlib.import_module("partyreview.testing")
