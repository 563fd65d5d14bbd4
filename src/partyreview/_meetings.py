"""Cell meetings (buổi sinh hoạt chi bộ) and attendance."""

from __future__ import annotations

import datetime as dt
from collections.abc import ItemsView, Iterable, Iterator, Mapping
from typing import Any, Final

import attrs

from ._enums import Enum
from ._validators import (
    as_tuple,
    calendar_date,
    instance_of,
    int_between,
    is_collection,
    items_of,
    non_empty_text,
    text_items,
    unique_items,
)
from .errors import InvalidRecordError

__all__ = ["Attendance", "AttendanceMark", "Meeting", "MeetingKind", "SessionKinds", "sorted_kinds"]


class MeetingKind(Enum):
    """What a session counts as; a combined session has both kinds."""

    REGULAR = "regular"
    """Sinh hoạt thường kỳ (định kỳ): the monthly meeting."""
    THEMATIC = "thematic"
    """Sinh hoạt chuyên đề: the thematic meeting, at least one a quarter."""


class AttendanceMark(Enum):
    """One member's attendance at one meeting."""

    PRESENT = "present"
    """Có mặt."""
    EXCUSED = "excused"
    """Vắng có lý do."""
    UNEXCUSED = "unexcused"
    """Vắng không có lý do."""


def _checked_marks(marks: Mapping[Any, Any]) -> dict[str, AttendanceMark]:
    """Validate a mapping of member id to mark, and copy it sorted by member id."""
    for member, mark in marks.items():
        if not isinstance(member, str) or not member:
            raise InvalidRecordError(f"attendance keys must be member ids (got {member!r})")
        if not isinstance(mark, AttendanceMark):
            raise InvalidRecordError(f"attendance of {member!r} must be an AttendanceMark (got {mark!r})")
    return dict(sorted(marks.items()))


@attrs.frozen(eq=False, repr=False)
class Attendance(Mapping[str, AttendanceMark]):
    """An immutable, hashable mapping of member id to `AttendanceMark`.

    >>> a = Attendance({"M2": AttendanceMark.EXCUSED, "M1": AttendanceMark.PRESENT})
    >>> a["M1"], list(a)
    (<AttendanceMark.PRESENT: 'present'>, ['M1', 'M2'])
    """

    _marks: dict[str, AttendanceMark] = attrs.field(converter=_checked_marks)

    def __getitem__(self, member: str) -> AttendanceMark:
        return self._marks[member]

    def __iter__(self) -> Iterator[str]:
        return iter(self._marks)

    def __len__(self) -> int:
        return len(self._marks)

    def items(self) -> ItemsView[str, AttendanceMark]:
        """``(member id, mark)`` pairs, by member id."""
        return self._marks.items()  # the dict's own view: Mapping's generic one looks every mark up again

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Attendance):
            return self._marks == other._marks
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self._marks.items()))

    def __repr__(self) -> str:
        return f"Attendance({self._marks!r})"

    def with_mark(self, mark: AttendanceMark) -> tuple[str, ...]:
        """Ids of the members with ``mark``, sorted."""
        return tuple(m for m, k in self._marks.items() if k is mark)


def _kinds(value: Iterable[MeetingKind]) -> frozenset[MeetingKind]:
    if not is_collection(value):
        return value  # type: ignore[return-value] # refused by the validator, which names the field
    return frozenset(value)


def _attendance(value: Mapping[str, AttendanceMark]) -> Attendance:
    if isinstance(value, Attendance):
        return value
    try:
        return Attendance(value)
    except InvalidRecordError as exc:
        raise InvalidRecordError(exc.message, "attendance") from None


def _str_tuple(value: Iterable[str]) -> tuple[str, ...]:
    return as_tuple(value)


def _optional_str_tuple(value: Iterable[str] | None) -> tuple[str, ...] | None:
    return None if value is None else as_tuple(value)


_IDS: Final = (text_items(), unique_items())


def _optional_ids(instance: object, attr: attrs.Attribute[Any], value: tuple[str, ...] | None) -> None:
    """A validator: ``None``, or distinct non-blank ids."""
    if value is not None:
        for validate in _IDS:
            validate(instance, attr, value)


_KIND_ORDER: Final = {MeetingKind.REGULAR: 0, MeetingKind.THEMATIC: 1}


def sorted_kinds(kinds: Iterable[MeetingKind]) -> tuple[MeetingKind, ...]:
    """Meeting kinds in canonical order: regular first."""
    return tuple(sorted(kinds, key=_KIND_ORDER.__getitem__))


class SessionKinds:
    """What a session with ``kinds`` counts as: shared by a `Meeting` held and a session planned."""

    __slots__ = ()
    kinds: frozenset[MeetingKind]

    @property
    def is_regular(self) -> bool:
        """Whether the session counts as the month's regular meeting."""
        return MeetingKind.REGULAR in self.kinds

    @property
    def is_thematic(self) -> bool:
        """Whether the session counts as a thematic meeting."""
        return MeetingKind.THEMATIC in self.kinds

    @property
    def is_combined(self) -> bool:
        """Whether regular and thematic meetings are held in one session."""
        return self.is_regular and self.is_thematic


@attrs.frozen
class Meeting(SessionKinds):
    """One session of a cell, with its attendance.

    A combined session (regular and thematic in one sitting) has both kinds.
    """

    id: str = attrs.field(validator=non_empty_text())
    """Stable identifier, unique among meetings."""
    cell: str = attrs.field(validator=non_empty_text())
    """Id of the cell that met."""
    date: dt.date = attrs.field(validator=calendar_date())
    """Day of the session."""
    kinds: frozenset[MeetingKind] = attrs.field(
        converter=_kinds,
        validator=items_of(MeetingKind),
    )
    """Regular, thematic, or both for a combined session."""
    duration_minutes: int = attrs.field(validator=int_between(1))
    """Length of the session in minutes."""
    topic: str = attrs.field(default="", validator=instance_of(str))
    """Topic, mainly of a thematic session."""
    tags: tuple[str, ...] = attrs.field(
        default=(),
        converter=_str_tuple,
        validator=[text_items(), unique_items()],
    )
    """Free tags; ``ho-chi-minh`` marks the Ho Chi Minh study topic."""
    attendance: Attendance = attrs.field(factory=lambda: Attendance({}), converter=_attendance)
    """Mark of every expected member (and of exempt members who came)."""
    speakers: tuple[str, ...] = attrs.field(
        default=(),
        converter=_str_tuple,
        validator=[text_items(), unique_items()],
    )
    """Ids of the members who spoke, in speaking order."""
    minutes: bool = attrs.field(default=True, validator=instance_of(bool))
    """Whether minutes (biên bản) were recorded."""
    presenters: tuple[str, ...] | None = attrs.field(
        default=None,
        converter=_optional_str_tuple,
        validator=_optional_ids,
    )
    """Ids of the members assigned to present the topic (of a thematic meeting), or ``None`` when not recorded.

    ``()`` records that nobody was assigned.  A `Dataset` checks that every presenter is marked present.
    """

    def __attrs_post_init__(self) -> None:
        if not self.kinds:
            raise InvalidRecordError(f"meeting {self.id!r} must have at least one kind", "kinds")
        for speaker in self.speakers:
            if self.attendance.get(speaker) is not AttendanceMark.PRESENT:
                raise InvalidRecordError(
                    f"speaker {speaker!r} of meeting {self.id!r} is not marked present",
                    "speakers",
                )
