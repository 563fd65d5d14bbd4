"""The organization: units (đảng bộ, tổ chức cơ sở đảng, chi bộ) and members (đảng viên)."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable
from typing import Any

import attrs

from ._enums import Enum
from ._periods import Period
from ._validators import as_tuple, calendar_date, instance_of, items_of, non_empty_text
from .errors import InvalidRecordError

__all__ = ["Member", "MemberStatus", "Membership", "Role", "Unit", "UnitKind"]

_date = calendar_date()
_optional_date = calendar_date(optional=True)


class UnitKind(Enum):
    """What a unit of the organization is."""

    COMMITTEE = "committee"
    """A party committee above grassroots level (đảng bộ)."""
    GRASSROOTS = "grassroots"
    """A grassroots party organization (tổ chức cơ sở đảng: đảng bộ cơ sở or chi bộ cơ sở)."""
    CELL = "cell"
    """A party cell (chi bộ), where members hold their activity and meetings."""


class Role(Enum):
    """A member's role in a cell."""

    SECRETARY = "secretary"
    """Bí thư chi bộ."""
    DEPUTY_SECRETARY = "deputy_secretary"
    """Phó bí thư chi bộ."""
    COMMITTEE_MEMBER = "committee_member"
    """Chi ủy viên."""
    MEMBER = "member"
    """Đảng viên."""


class MemberStatus(Enum):
    """Probationary or official, derived from dates (Điều lệ Đảng Điều 5)."""

    PROBATIONARY = "probationary"
    """Đảng viên dự bị: admitted, not yet recognized as official."""
    OFFICIAL = "official"
    """Đảng viên chính thức."""


def _end_not_before_start(instance: Unit | Membership, attr: attrs.Attribute[Any], end: dt.date | None) -> None:
    start = instance.active_from if isinstance(instance, Unit) else instance.start
    if end is not None and start is not None and end < start:
        raise InvalidRecordError(
            f"the period ends ({end.isoformat()}) before it starts ({start.isoformat()})",
            attr.name,
        )


@attrs.frozen
class Unit:
    """A unit of the organization tree.

    A cell's parent is the grassroots organization (or committee) it belongs to;
    the root committee has no parent.
    """

    id: str = attrs.field(validator=non_empty_text())
    """Stable identifier, unique among units and members."""
    name: str = attrs.field(validator=non_empty_text())
    """Display name, e.g. ``"Chi bộ Văn phòng"``."""
    kind: UnitKind = attrs.field(validator=instance_of(UnitKind))
    """Committee, grassroots organization or cell."""
    parent: str | None = attrs.field(default=None, validator=attrs.validators.optional(non_empty_text()))
    """Id of the parent unit, or ``None`` for a root."""
    active_from: dt.date | None = attrs.field(default=None, validator=_optional_date)
    """First day the unit exists, or ``None`` when not recorded (always existed)."""
    active_to: dt.date | None = attrs.field(default=None, validator=[_optional_date, _end_not_before_start])
    """Last day the unit exists (dissolved, merged), or ``None``."""

    @property
    def active(self) -> Period:
        """The active period; an unrecorded start counts as the beginning of time."""
        return Period(self.active_from or dt.date.min, self.active_to)

    @property
    def is_cell(self) -> bool:
        """Whether the unit is a cell (chi bộ)."""
        return self.kind is UnitKind.CELL


@attrs.frozen
class Membership:
    """A member's belonging to one cell over a period, with a role.

    Transfers are consecutive memberships; they may not overlap.
    """

    cell: str = attrs.field(validator=non_empty_text())
    """Id of the cell."""
    start: dt.date = attrs.field(validator=_date)
    """First day in the cell (JSON key ``from``)."""
    end: dt.date | None = attrs.field(default=None, validator=[_optional_date, _end_not_before_start])
    """Last day in the cell, or ``None`` while still there (JSON key ``to``)."""
    role: Role = attrs.field(default=Role.MEMBER, validator=instance_of(Role))
    """Role held in the cell during the membership."""

    @property
    def period(self) -> Period:
        """The membership as a `Period`."""
        return Period(self.start, self.end)


def _periods_tuple(value: Iterable[Period]) -> tuple[Period, ...]:
    return as_tuple(value)


def _memberships_tuple(value: Iterable[Membership]) -> tuple[Membership, ...]:
    return as_tuple(value)


def _no_overlap(
    instance: Member,
    attr: attrs.Attribute[Any],
    periods: tuple[Period, ...] | tuple[Membership, ...],
) -> None:
    spans = sorted(p if isinstance(p, Period) else p.period for p in periods)
    for earlier, later in itertools.pairwise(spans):
        if earlier.overlaps(later):
            raise InvalidRecordError(
                f"{attr.name!r} of member {instance.id!r} has overlapping periods starting "
                f"{earlier.start.isoformat()} and {later.start.isoformat()}",
                attr.name,
            )


_period_items = items_of(Period)


@attrs.frozen
class Member:
    """A party member (đảng viên) and the facts the rules read about them."""

    id: str = attrs.field(validator=non_empty_text())
    """Stable identifier, unique among units and members."""
    name: str = attrs.field(validator=non_empty_text())
    """Full name."""
    admitted_on: dt.date = attrs.field(validator=_date)
    """Date of the admission decision (kết nạp)."""
    recognized_on: dt.date | None = attrs.field(default=None, validator=_optional_date)
    """Date recognized as an official member (công nhận chính thức), or ``None``."""
    leadership_post: bool = attrs.field(default=False, validator=instance_of(bool))
    """Whether the member holds a leadership or management post (giữ chức vụ lãnh đạo, quản lý)."""
    memberships: tuple[Membership, ...] = attrs.field(
        default=(),
        converter=_memberships_tuple,
        validator=[
            items_of(Membership),
            _no_overlap,
        ],
    )
    """Cell memberships over time; transfers are consecutive entries."""
    exempt: tuple[Period, ...] = attrs.field(
        default=(), converter=_periods_tuple, validator=[_period_items, _no_overlap]
    )
    """Periods of exemption from party work and activity (miễn công tác và sinh hoạt đảng)."""
    suspended: tuple[Period, ...] = attrs.field(
        default=(), converter=_periods_tuple, validator=[_period_items, _no_overlap]
    )
    """Periods of suspension from party activity (đình chỉ sinh hoạt đảng)."""

    def __attrs_post_init__(self) -> None:
        if self.recognized_on is not None and self.recognized_on < self.admitted_on:
            raise InvalidRecordError(
                f"member {self.id!r} is recognized on {self.recognized_on.isoformat()}, "
                f"before admission on {self.admitted_on.isoformat()}",
                "recognized_on",
            )
        for m in self.memberships:
            if m.start < self.admitted_on:
                raise InvalidRecordError(
                    f"member {self.id!r} joins cell {m.cell!r} on {m.start.isoformat()}, "
                    f"before admission on {self.admitted_on.isoformat()}",
                    "memberships",
                )

    def status_on(self, day: dt.date) -> MemberStatus | None:
        """Probationary or official on ``day``; ``None`` before admission."""
        if day < self.admitted_on:
            return None
        if self.recognized_on is None or day < self.recognized_on:
            return MemberStatus.PROBATIONARY
        return MemberStatus.OFFICIAL

    def membership_on(self, day: dt.date) -> Membership | None:
        """The cell membership in force on ``day``, if any."""
        for m in self.memberships:
            if m.start <= day and (m.end is None or day <= m.end):
                return m
        return None

    def cell_on(self, day: dt.date) -> str | None:
        """Id of the member's cell on ``day``, if any."""
        m = self.membership_on(day)
        return None if m is None else m.cell

    def is_exempt_on(self, day: dt.date) -> bool:
        """Whether the member is exempt from party work and activity on ``day``."""
        # Most members were never exempt: skip building a generator for them (this runs once per attendance mark).
        return bool(self.exempt) and any(p.contains(day) for p in self.exempt)

    def is_suspended_on(self, day: dt.date) -> bool:
        """Whether the member is suspended from party activity on ``day``."""
        return bool(self.suspended) and any(p.contains(day) for p in self.suspended)

    def is_expected_on(self, day: dt.date, cell: str) -> bool:
        """Whether the member is expected at a meeting of ``cell`` on ``day``.

        Expected means: a member of that cell that day, neither exempt nor suspended.
        """
        return self.cell_on(day) == cell and not self.is_exempt_on(day) and not self.is_suspended_on(day)


def _home_cell(member: Member) -> str | None:
    """The cell of the member's last membership (the one starting last, whatever the order they are listed in),
    or ``None``: where their assessments and reviews travel in a bundle file, and their cell for the rating
    when they are in none on the reference day."""
    spans = member.memberships
    if len(spans) == 1:  # most members
        return spans[0].cell
    if not spans:
        return None
    return max(spans, key=lambda m: m.start).cell
