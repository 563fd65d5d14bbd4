"""Small committees built by hand for the streaming tests: two grassroots organizations, a cell each."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import attrs

from partyreview import (
    Assessment,
    AttendanceMark,
    Dataset,
    Meeting,
    MeetingKind,
    Member,
    Membership,
    Role,
    Unit,
    UnitKind,
    dump_bundles,
)


def bundle_lines(dataset: Dataset) -> list[str]:
    """The bundle file of ``dataset``, as lines."""
    buffer = io.StringIO()
    dump_bundles(dataset, buffer)
    return buffer.getvalue().splitlines()


def two_parents(member_group: str | None, cell_group: str | None) -> Dataset:
    """Committee K; G1 and G2 under it; C1 (of G1) with M1, C2 (of G2) with M2, a year of meetings; the four
    assessed excellent (95), members in ``member_group`` and cells in ``cell_group``."""
    units = [
        Unit("K", "Đảng bộ K", UnitKind.COMMITTEE),
        Unit("G1", "Đảng bộ cơ sở 1", UnitKind.GRASSROOTS, "K"),
        Unit("G2", "Đảng bộ cơ sở 2", UnitKind.GRASSROOTS, "K"),
        Unit("C1", "Chi bộ 1", UnitKind.CELL, "G1", dt.date(2010, 1, 1)),
        Unit("C2", "Chi bộ 2", UnitKind.CELL, "G2", dt.date(2010, 1, 1)),
    ]
    members = [
        Member(
            f"M{i}", f"Đảng viên {i}", dt.date(2010, 1, 1), memberships=[Membership(c, dt.date(2010, 1, 1), None, r)]
        )
        for i, (c, r) in enumerate([("C1", Role.SECRETARY), ("C2", Role.SECRETARY)], start=1)
    ]
    meetings = [
        Meeting(
            f"{c}-{m}", c, dt.date(2025, m, 10), [MeetingKind.REGULAR], 90, attendance={mid: AttendanceMark.PRESENT}
        )
        for c, mid in (("C1", "M1"), ("C2", "M2"))
        for m in range(1, 13)
    ]
    assessments = [
        Assessment(
            s,
            2025,
            score=Decimal(95),
            tasks_done=Decimal(1),
            tasks_behind=Decimal(0),
            tasks_exceeded=Decimal("0.5"),
            prior_shortcomings_fixed=True,
            disciplined=False,
            degradation=False,
            quota_group=g,
        )
        for s, g in (("M1", member_group), ("M2", member_group), ("C1", cell_group), ("C2", cell_group))
    ]
    return Dataset(units, members, meetings, assessments)


def committee_group(first: list[int], second: list[int], own: tuple[int, ...] = ()) -> list[str]:
    """Cells C1 (of G1) and C2 (of G2) whose members have these scores (95: excellent, 80: good, 60: complete),
    all of them in the committee's quota group but the last ``own`` of C1, as bundle lines."""
    base = two_parents(None, None)
    first = [*first, *own]
    scores = {f"M{i}": score for i, score in enumerate([*first, *second], start=1)}
    members = [
        Member(m, f"Đảng viên {m}", dt.date(2010, 1, 1), memberships=[Membership(c, dt.date(2010, 1, 1))])
        for m, c in zip(scores, ["C1"] * len(first) + ["C2"] * len(second), strict=True)
    ]
    meetings = [
        attrs.evolve(m, attendance={s.id: AttendanceMark.PRESENT for s in members if s.memberships[0].cell == m.cell})
        for m in base.meetings
    ]
    template = base.assessments[0]
    own_group = {f"M{len(first) - i}" for i in range(len(own))}
    assessments = [
        attrs.evolve(template, subject=m, score=Decimal(v), quota_group=None if m in own_group else "K")
        for m, v in scores.items()
    ]
    return bundle_lines(Dataset(base.units, members, meetings, assessments))


def with_mover(base: Dataset, *memberships: Membership) -> Dataset:
    """``base`` with member M3 of these ``memberships``, present at the meetings where expected and assessed as
    the first assessment of ``base`` is."""
    mover = Member("M3", "Đảng viên 3", dt.date(2000, 1, 1), memberships=memberships)
    meetings = [
        attrs.evolve(m, attendance={**m.attendance, "M3": AttendanceMark.PRESENT})
        if mover.is_expected_on(m.date, m.cell)
        else m
        for m in base.meetings
    ]
    assessments = [*base.assessments, attrs.evolve(base.assessments[0], subject="M3")]
    return attrs.evolve(base, members=[*base.members, mover], meetings=meetings, assessments=assessments)
