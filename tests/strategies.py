"""Hypothesis strategies for valid records and datasets: the one place tests define them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from partyreview import (
    Assessment,
    AttendanceMark,
    Dataset,
    Level,
    Meeting,
    MeetingKind,
    Member,
    Membership,
    Period,
    Remedy,
    Review,
    Role,
    Shortcoming,
    Unit,
    UnitKind,
)

YEAR = 2025
YEAR_START = dt.date(YEAR, 1, 1)
YEAR_END = dt.date(YEAR, 12, 31)

texts = st.text(alphabet="abcđêôơư ĐÂ-0123456789", min_size=1, max_size=12).filter(str.strip)
decimals = st.decimals(min_value=0, max_value=100, places=1, allow_nan=False, allow_infinity=False)
fractions = st.decimals(min_value=0, max_value=1, places=2, allow_nan=False, allow_infinity=False)
days_of_year = st.dates(YEAR_START, YEAR_END)


@st.composite
def cells(draw: st.DrawFn, cell_id: str, parent: str) -> Unit:
    """A cell active for all or part of ``YEAR``."""
    start = draw(st.one_of(st.none(), st.just(dt.date(2000, 1, 1)), days_of_year))
    end = draw(st.one_of(st.none(), st.dates(start or YEAR_START, YEAR_END)))
    return Unit(cell_id, f"Chi bộ {cell_id}", UnitKind.CELL, parent, start, end)


@st.composite
def members_of(draw: st.DrawFn, member_id: str, cell: Unit, other_cells: list[Unit]) -> Member:
    """A member of ``cell`` for part of its life, maybe transferred to another cell, maybe exempt or suspended."""
    cell_start = max(cell.active_from or dt.date(2000, 1, 1), dt.date(2000, 1, 1))
    cell_end = cell.active_to or YEAR_END
    admitted = draw(st.dates(dt.date(1980, 1, 1), cell_start))
    recognized = draw(st.one_of(st.none(), st.dates(admitted, YEAR_END)))
    start = draw(st.dates(cell_start, cell_end))
    end = (
        draw(st.one_of(st.none(), st.dates(start, cell_end)))
        if cell.active_to is None
        else draw(st.dates(start, cell_end))
    )
    memberships = [Membership(cell.id, start, end, draw(st.sampled_from(Role)))]
    targets = [c for c in other_cells if c.active_to is None and end is not None and end < YEAR_END]
    transfer = draw(st.booleans())
    if targets and transfer:
        target = draw(st.sampled_from(targets))
        assert end is not None
        begin = max(end + dt.timedelta(days=1), target.active_from or end)
        memberships.append(Membership(target.id, begin, None, Role.MEMBER))
    exempt: list[Period] = []
    suspended: list[Period] = []
    flag = draw(st.sampled_from(["none", "none", "exempt", "suspended"]))
    if flag != "none":
        first = draw(days_of_year)
        last = draw(st.one_of(st.none(), st.dates(first, YEAR_END)))
        (exempt if flag == "exempt" else suspended).append(Period(first, last))
    return Member(
        member_id,
        f"Đảng viên {member_id}",
        admitted,
        recognized,
        draw(st.booleans()),
        tuple(memberships),
        tuple(exempt),
        tuple(suspended),
    )


@st.composite
def meetings_for(draw: st.DrawFn, cell: Unit, members: list[Member], index: int) -> Meeting:
    """A meeting of ``cell`` on one of its active days in ``YEAR``, with a mark for every expected member."""
    first = max(cell.active_from or YEAR_START, YEAR_START)
    last = min(cell.active_to or YEAR_END, YEAR_END)
    day = draw(st.dates(first, last))
    kinds = draw(st.sets(st.sampled_from(MeetingKind), min_size=1))
    attendance: dict[str, AttendanceMark] = {}
    for member in members:
        if member.is_expected_on(day, cell.id):
            attendance[member.id] = draw(st.sampled_from(AttendanceMark))
        elif member.cell_on(day) == cell.id and member.is_exempt_on(day) and draw(st.booleans()):
            attendance[member.id] = AttendanceMark.PRESENT
    present = sorted(m for m, mark in attendance.items() if mark is AttendanceMark.PRESENT)
    speakers = draw(st.lists(st.sampled_from(present), unique=True)) if present else []
    assigned = st.lists(st.sampled_from(present), unique=True, max_size=2) if present else st.just([])
    presenters = draw(st.one_of(st.none(), assigned))
    return Meeting(
        id=f"{cell.id}-m{index}",
        cell=cell.id,
        date=day,
        kinds=kinds,
        duration_minutes=draw(st.integers(30, 240)),
        topic=draw(st.one_of(st.just(""), texts)),
        tags=draw(st.lists(st.sampled_from(["ho-chi-minh", "kinh-te", "xay-dung-dang"]), unique=True)),
        attendance=attendance,
        speakers=speakers,
        minutes=draw(st.booleans()),
        presenters=presenters,
    )


@st.composite
def datasets(draw: st.DrawFn, max_cells: int = 3, max_members: int = 8, max_meetings: int = 16) -> Dataset:
    """A valid dataset: one committee, 1–``max_cells`` cells, members, meetings, assessments and reviews."""
    committee = Unit("K", "Đảng bộ Khối", UnitKind.COMMITTEE)
    grassroots = Unit("G", "Đảng bộ cơ sở", UnitKind.GRASSROOTS, "K")
    n_cells = draw(st.integers(1, max_cells))
    cell_units = [draw(cells(f"C{i}", "G")) for i in range(n_cells)]
    members: list[Member] = []
    for i in range(draw(st.integers(0, max_members))):
        home = draw(st.sampled_from(cell_units))
        members.append(draw(members_of(f"M{i}", home, [c for c in cell_units if c is not home])))
    meetings = [
        draw(meetings_for(cell, members, i))
        for cell in cell_units
        if (cell.active_to or YEAR_END) >= YEAR_START
        for i in range(draw(st.integers(0, max_meetings)))
    ]
    subjects = [m.id for m in members] + [c.id for c in cell_units]
    assessed = draw(st.lists(st.sampled_from(subjects), unique=True)) if subjects else []
    assessments = [
        Assessment(
            subject,
            YEAR,
            draw(st.one_of(st.none(), decimals)),
            draw(st.one_of(st.none(), st.sampled_from(Level))),
            draw(st.one_of(st.none(), fractions)),
            draw(st.one_of(st.none(), fractions)),
            draw(st.one_of(st.none(), fractions)),
            draw(st.one_of(st.none(), st.booleans())),
            draw(st.one_of(st.none(), st.booleans())),
            draw(st.one_of(st.none(), st.booleans())),
            draw(st.one_of(st.none(), st.booleans())),
            draw(st.one_of(st.none(), st.just("G"))),
        )
        for subject in assessed
    ]
    reviews = [
        Review(
            f"R{i}",
            cell.id,
            YEAR - 1,
            draw(st.integers(0, 50)),
            tuple(draw(st.lists(texts, max_size=2))),
            tuple(
                Shortcoming(
                    draw(texts),
                    draw(st.one_of(st.just(""), texts)),
                    tuple(
                        Remedy(
                            draw(texts),
                            draw(st.one_of(st.none(), st.sampled_from([m.id for m in members]))) if members else None,
                            draw(st.one_of(st.none(), days_of_year)),
                            draw(st.one_of(st.none(), days_of_year)),
                        )
                        for _ in range(draw(st.integers(0, 2)))
                    ),
                )
                for _ in range(draw(st.integers(0, 2)))
            ),
        )
        for i, cell in enumerate(cell_units)
        if draw(st.booleans())
    ]
    return Dataset([committee, grassroots, *cell_units], members, meetings, assessments, reviews)


def json_paths(document: Any, path: str = "$") -> list[tuple[str, Any]]:
    """Every (path, value) of a decoded JSON document, containers included."""
    out: list[tuple[str, Any]] = [(path, document)]
    if isinstance(document, dict):
        for key, value in document.items():
            out += json_paths(value, f"{path}.{key}")
    elif isinstance(document, list):
        for i, value in enumerate(document):
            out += json_paths(value, f"{path}[{i}]")
    return out
