"""A whole committee's records, cross-checked, with the queries the checks need."""

from __future__ import annotations

import datetime as dt
import json
import operator
import re
from collections import defaultdict
from typing import Final, TypeVar

import attrs

from ._assessments import Assessment
from ._enum_members import CELL as _CELL
from ._enum_members import PRESENT as _PRESENT
from ._meetings import Meeting
from ._org import Member, Unit
from ._reviews import Review
from ._validators import as_tuple, items_of
from .errors import DatasetError, Problem

__all__ = ["Dataset", "key_path"]

_IDENTIFIER: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")


def key_path(path: str, key: str) -> str:
    """Append a mapping key to a JSON path: ``.M1`` or ``["odd key"]``."""
    if _IDENTIFIER.fullmatch(key):
        return f"{path}.{key}"
    return f"{path}[{json.dumps(key, ensure_ascii=False)}]"


@attrs.frozen
class Dataset:
    """The records of a committee in the ``partyreview/1`` shape, checked as a whole.

    Building one checks every cross-record rule (unknown or duplicate ids, a
    meeting outside its cell's active period, a missing or stray attendance mark,
    …) and raises `DatasetError` listing every problem with its JSON path, so an
    invalid dataset cannot exist.
    """

    units: tuple[Unit, ...] = attrs.field(default=(), converter=as_tuple, validator=items_of(Unit))
    """Committees, grassroots organizations and cells."""
    members: tuple[Member, ...] = attrs.field(default=(), converter=as_tuple, validator=items_of(Member))
    """Party members."""
    meetings: tuple[Meeting, ...] = attrs.field(default=(), converter=as_tuple, validator=items_of(Meeting))
    """Cell meetings, each with its attendance."""
    assessments: tuple[Assessment, ...] = attrs.field(default=(), converter=as_tuple, validator=items_of(Assessment))
    """Annual assessments of members and units."""
    reviews: tuple[Review, ...] = attrs.field(default=(), converter=as_tuple, validator=items_of(Review))
    """Self-criticism reviews and their remedies."""

    _units_by_id: dict[str, Unit] = attrs.field(init=False, repr=False, eq=False)
    _members_by_id: dict[str, Member] = attrs.field(init=False, repr=False, eq=False)
    _members_by_cell: dict[str, tuple[Member, ...]] = attrs.field(init=False, repr=False, eq=False)
    _meetings_by_cell: dict[str, tuple[Meeting, ...]] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        units = _index(self.units, "units", problems)
        members = _index(self.members, "members", problems)
        for i, member in enumerate(self.members):
            if member.id in units:
                problems.append(
                    Problem(
                        f"$.members[{i}].id",
                        f"id {member.id!r} is also the id of a unit",
                    )
                )
        _check_units(self.units, units, problems)
        _check_memberships(self.members, units, problems)
        self._set_indexes(units, members)
        _index(self.meetings, "meetings", problems)
        self._check_meetings(problems)
        self._check_assessments(problems)
        self._check_reviews(problems)
        if problems:
            raise DatasetError.from_problems(problems)

    def _set_indexes(self, units: dict[str, Unit], members: dict[str, Member]) -> None:
        object.__setattr__(self, "_units_by_id", units)
        object.__setattr__(self, "_members_by_id", members)
        by_cell: defaultdict[str, list[Member]] = defaultdict(list)
        for member in members.values():
            if len(member.memberships) == 1:  # most members: no need to list their cells once each
                by_cell[member.memberships[0].cell].append(member)
                continue
            for cell in dict.fromkeys(m.cell for m in member.memberships):
                by_cell[cell].append(member)
        object.__setattr__(self, "_members_by_cell", {c: tuple(ms) for c, ms in by_cell.items()})
        meetings_by_cell: defaultdict[str, list[Meeting]] = defaultdict(list)
        for meeting in sorted(self.meetings, key=_DATE_AND_ID):
            meetings_by_cell[meeting.cell].append(meeting)
        object.__setattr__(self, "_meetings_by_cell", {c: tuple(ms) for c, ms in meetings_by_cell.items()})

    # -- queries ---------------------------------------------------------------

    def unit(self, unit_id: str) -> Unit:
        """The unit with this id; `KeyError` if there is none."""
        return self._units_by_id[unit_id]

    def member(self, member_id: str) -> Member:
        """The member with this id; `KeyError` if there is none."""
        return self._members_by_id[member_id]

    def cells(self) -> tuple[Unit, ...]:
        """Every cell, in dataset order."""
        return tuple([u for u in self.units if u.kind is _CELL])

    def members_of(self, cell: str, on: dt.date) -> tuple[Member, ...]:
        """Members of ``cell`` on day ``on`` (exempt and suspended ones included)."""
        return tuple([m for m in self._members_by_cell.get(cell, ()) if m.cell_on(on) == cell])

    def ever_members_of(self, cell: str) -> tuple[Member, ...]:
        """Every member who belonged to ``cell`` at any time."""
        return self._members_by_cell.get(cell, ())

    def expected_attendees(self, cell: str, on: dt.date) -> tuple[str, ...]:
        """Ids of the members expected at a meeting of ``cell`` on ``on``, sorted.

        Expected: a member of that cell that day, neither exempt nor suspended.
        """
        return tuple(sorted(m.id for m in self._members_by_cell.get(cell, ()) if m.is_expected_on(on, cell)))

    def meetings_of(self, cell: str, year: int | None = None) -> tuple[Meeting, ...]:
        """Meetings of ``cell`` in date order, optionally only those of ``year``."""
        meetings = self._meetings_by_cell.get(cell, ())
        if year is None:
            return meetings
        return tuple([m for m in meetings if m.date.year == year])

    def parent_of(self, unit_id: str) -> Unit | None:
        """The parent unit, or ``None`` for a root."""
        parent = self._units_by_id[unit_id].parent
        return None if parent is None else self._units_by_id[parent]

    def years(self) -> tuple[int, ...]:
        """The years that have meetings or assessments, ascending."""
        return tuple(sorted({m.date.year for m in self.meetings} | {a.year for a in self.assessments}))

    # -- cross-record checks -------------------------------------------------------

    def _check_meetings(self, problems: list[Problem]) -> None:
        windows: dict[str, _Windows] = {}
        # The JSON paths are formatted only for a problem (these checks run on every record of every bundle read).
        for i, meeting in enumerate(self.meetings):
            cell = self._units_by_id.get(meeting.cell)
            if cell is None:
                problems.append(Problem(f"$.meetings[{i}].cell", f"unknown cell {meeting.cell!r}"))
                continue
            if cell.kind is not _CELL:
                problems.append(
                    Problem(
                        f"$.meetings[{i}].cell",
                        f"{meeting.cell!r} is a {cell.kind.value}, not a cell",
                    )
                )
                continue
            if not _active_on(cell, meeting.date):
                problems.append(
                    Problem(
                        f"$.meetings[{i}].date",
                        f"meeting {meeting.id!r} on {meeting.date.isoformat()} is outside the active period "
                        f"of cell {cell.id!r}",
                    )
                )
            expected = self._expected_set(meeting.cell, meeting.date, windows)
            marks = meeting.attendance._marks  # noqa: SLF001 - the dict itself: Attendance's methods are Python calls
            # Marks of exactly the expected members (the usual case) cannot hold a problem.
            if len(marks) != len(expected) or not expected.issuperset(marks):
                self._check_marks(meeting, f"$.meetings[{i}]", expected, problems)
            if meeting.presenters:
                problems.extend(
                    Problem(
                        f"$.meetings[{i}].presenters[{j}]",
                        f"presenter {presenter!r} of meeting {meeting.id!r} is not marked present",
                    )
                    for j, presenter in enumerate(meeting.presenters)
                    if marks.get(presenter) is not _PRESENT
                )

    def _expected_set(self, cell: str, day: dt.date, windows: dict[str, _Windows]) -> set[str] | frozenset[str]:
        """`expected_attendees` as a set, from the cell's membership windows (worked out once per cell).

        Most members belong to the cell, neither exempt nor suspended, on every day it
        meets (from its first meeting to its last): they are expected at every meeting.
        """
        found = windows.get(cell)
        if found is None:
            meetings = self._meetings_by_cell[cell]  # in date order
            first, last = meetings[0].date, meetings[-1].date
            always: set[str] = set()
            partly: list[tuple[str, dt.date, dt.date]] = []
            other: list[Member] = []
            for member in self._members_by_cell.get(cell, ()):
                spans = member.memberships
                if len(spans) != 1 or spans[0].cell != cell:  # most members: in this cell only
                    spans = tuple([m for m in spans if m.cell == cell])
                if len(spans) == 1 and not member.exempt and not member.suspended:
                    start, end = spans[0].start, spans[0].end or dt.date.max
                    if start <= first and last <= end:
                        always.add(member.id)
                    else:
                        partly.append((member.id, start, end))
                else:
                    other.append(member)
            found = windows[cell] = (frozenset(always), partly, other)
        always_expected, partly, other = found
        if not partly and not other:
            return always_expected  # the usual case: no copy
        expected = set(always_expected)
        for member_id, start, end in partly:
            if start <= day <= end:
                expected.add(member_id)
        if other:
            expected.update(m.id for m in other if m.is_expected_on(day, cell))
        return expected

    def _check_marks(
        self, meeting: Meeting, path: str, expected: set[str] | frozenset[str], problems: list[Problem]
    ) -> None:
        """The problems of a meeting whose marks are not exactly those of its expected members."""
        for member_id in meeting.attendance:
            if member_id in expected:
                continue  # known, in the cell that day, neither exempt nor suspended: nothing to find
            mark_path = key_path(f"{path}.attendance", member_id)
            member = self._members_by_id.get(member_id)
            if member is None:
                problems.append(Problem(mark_path, f"unknown member {member_id!r}"))
            elif member.cell_on(meeting.date) != meeting.cell:
                problems.append(
                    Problem(
                        mark_path,
                        f"{member_id!r} is not a member of cell {meeting.cell!r} on {meeting.date.isoformat()}",
                    )
                )
            elif member.is_exempt_on(meeting.date) and meeting.attendance[member_id] is not _PRESENT:
                problems.append(
                    Problem(
                        mark_path,
                        f"{member_id!r} is exempt on {meeting.date.isoformat()}: only 'present' may be recorded",
                    )
                )
            elif member.is_suspended_on(meeting.date):
                problems.append(
                    Problem(
                        mark_path,
                        f"{member_id!r} is suspended on {meeting.date.isoformat()} and cannot attend",
                    )
                )
        problems.extend(
            Problem(
                f"{path}.attendance",
                f"no attendance mark for expected member {member_id!r}",
            )
            for member_id in sorted(expected - set(meeting.attendance))
        )

    def _check_assessments(self, problems: list[Problem]) -> None:
        seen: dict[tuple[str, int], int] = {}
        for i, assessment in enumerate(self.assessments):
            if assessment.subject not in self._members_by_id and assessment.subject not in self._units_by_id:
                problems.append(
                    Problem(
                        f"$.assessments[{i}].subject",
                        f"unknown member or unit {assessment.subject!r}",
                    )
                )
            key = (assessment.subject, assessment.year)
            if key in seen:
                problems.append(
                    Problem(
                        f"$.assessments[{i}]",
                        f"a second assessment of {assessment.subject!r} for {assessment.year} "
                        f"(the first is $.assessments[{seen[key]}])",
                    )
                )
            else:
                seen[key] = i

    def _check_reviews(self, problems: list[Problem]) -> None:
        _index(self.reviews, "reviews", problems)
        for i, review in enumerate(self.reviews):
            path = f"$.reviews[{i}]"
            if review.subject not in self._members_by_id and review.subject not in self._units_by_id:
                problems.append(Problem(f"{path}.subject", f"unknown member or unit {review.subject!r}"))
            for j, shortcoming in enumerate(review.shortcomings):
                for k, remedy in enumerate(shortcoming.remedies):
                    if remedy.owner is not None and remedy.owner not in self._members_by_id:
                        problems.append(
                            Problem(
                                f"{path}.shortcomings[{j}].remedies[{k}].owner",
                                f"unknown member {remedy.owner!r}",
                            )
                        )


_Record = TypeVar("_Record", Unit, Member, Meeting, Review)


def _index(records: tuple[_Record, ...], name: str, problems: list[Problem]) -> dict[str, _Record]:
    index: dict[str, _Record] = {}
    first: dict[str, int] | None = None  # where each id is first used: worked out at the first duplicate only
    for i, record in enumerate(records):
        key = record.id
        if key in index:
            if first is None:
                first = {}
                for j, other in enumerate(records):
                    first.setdefault(other.id, j)
            problems.append(
                Problem(f"$.{name}[{i}].id", f"duplicate id {key!r} (first used at $.{name}[{first[key]}])")
            )
        else:
            index[key] = record
    return index


_DATE_AND_ID: Final = operator.attrgetter("date", "id")

_Windows = tuple[frozenset[str], list[tuple[str, dt.date, dt.date]], list[Member]]
"""A cell's members expected at all its meetings, those expected between two days, and the others."""


def _active_on(unit: Unit, day: dt.date) -> bool:
    """``unit.active.contains(day)``, without building the period (a hot path of the checks)."""
    return (unit.active_from is None or unit.active_from <= day) and (unit.active_to is None or day <= unit.active_to)


def _active_between(unit: Unit, first: dt.date, last: dt.date) -> bool:
    """``unit.active.overlaps(Period(first, last))``, without building the periods (once per cell of a report)."""
    return (unit.active_from is None or unit.active_from <= last) and (
        unit.active_to is None or first <= unit.active_to
    )


def _check_units(units: tuple[Unit, ...], by_id: dict[str, Unit], problems: list[Problem]) -> None:
    for i, unit in enumerate(units):
        if unit.parent is None:
            continue
        parent = by_id.get(unit.parent)
        if parent is None:
            problems.append(Problem(f"$.units[{i}].parent", f"unknown unit {unit.parent!r}"))
        elif parent.kind is _CELL:
            problems.append(
                Problem(
                    f"$.units[{i}].parent",
                    f"{unit.parent!r} is a cell and cannot have sub-units",
                )
            )
        elif _in_cycle(unit, by_id):
            problems.append(Problem(f"$.units[{i}].parent", f"unit {unit.id!r} is its own ancestor"))


def _in_cycle(unit: Unit, by_id: dict[str, Unit]) -> bool:
    seen: set[str] = set()
    current: Unit | None = unit
    while current is not None and current.parent is not None:
        if current.id in seen:
            return current.id == unit.id
        seen.add(current.id)
        current = by_id.get(current.parent)
    return False


def _check_memberships(members: tuple[Member, ...], units: dict[str, Unit], problems: list[Problem]) -> None:
    # The JSON paths are formatted only for a problem, as in `Dataset._check_meetings`.
    for i, member in enumerate(members):
        for j, membership in enumerate(member.memberships):
            cell = units.get(membership.cell)
            if cell is None:
                problems.append(Problem(f"$.members[{i}].memberships[{j}].cell", f"unknown cell {membership.cell!r}"))
            elif cell.kind is not _CELL:
                problems.append(
                    Problem(
                        f"$.members[{i}].memberships[{j}].cell",
                        f"{membership.cell!r} is a {cell.kind.value}, not a cell",
                    )
                )
            elif cell.active_from is not None or cell.active_to is not None:  # most cells: active all along
                inside = _active_on(cell, membership.start) and (
                    cell.active_to is None or (membership.end is not None and membership.end <= cell.active_to)
                )
                if not inside:
                    problems.append(
                        Problem(
                            f"$.members[{i}].memberships[{j}]",
                            f"membership of {member.id!r} in {cell.id!r} runs outside the cell's active period",
                        )
                    )


_DATASET_FIELDS: Final = ("units", "members", "meetings", "assessments", "reviews")
_DATASET_SETTERS: Final = [Dataset.__dict__[name].__set__ for name in _DATASET_FIELDS]


def _dataset_of_typed_records(
    units: tuple[Unit, ...],
    members: tuple[Member, ...],
    meetings: tuple[Meeting, ...],
    assessments: tuple[Assessment, ...],
    reviews: tuple[Review, ...],
    *,
    checked: bool,
) -> Dataset:
    """``Dataset(...)`` without the field validators (the records are of the right type, in tuples).

    With ``checked=True`` the cross-record checks have been made already (the
    records were checked together, e.g. by the bundle reader): only the indexes
    are built.  While `Dataset` has other fields than these (then this function
    needs a look), it is built the usual way.
    """
    if tuple(a.name for a in attrs.fields(Dataset) if a.init) != _DATASET_FIELDS:  # pragma: no cover - a guard
        return Dataset(units, members, meetings, assessments, reviews)
    dataset = object.__new__(Dataset)
    for setter, value in zip(_DATASET_SETTERS, (units, members, meetings, assessments, reviews), strict=True):
        setter(dataset, value)
    if checked:
        dataset._set_indexes({u.id: u for u in units}, {m.id: m for m in members})
    else:
        dataset.__attrs_post_init__()
    return dataset
