"""Self-criticism reviews (kiểm điểm tự phê bình và phê bình) and their remediation."""

from __future__ import annotations

import datetime as dt

import attrs

from ._assessments import FIRST_YEAR, LAST_YEAR
from ._validators import as_tuple, calendar_date, instance_of, int_between, items_of, non_empty_text, text_items
from .errors import InvalidRecordError

__all__ = ["Remedy", "Review", "Shortcoming"]

_optional_date = calendar_date(optional=True)


@attrs.frozen
class Remedy:
    """One remedial action for a shortcoming (biện pháp khắc phục)."""

    action: str = attrs.field(validator=non_empty_text())
    """What is to be done."""
    owner: str | None = attrs.field(default=None, validator=attrs.validators.optional(non_empty_text()))
    """Id of the member responsible."""
    due: dt.date | None = attrs.field(default=None, validator=_optional_date)
    """Deadline."""
    done_on: dt.date | None = attrs.field(default=None, validator=_optional_date)
    """Day it was done, or ``None`` while open."""


@attrs.frozen
class Shortcoming:
    """A limitation or shortcoming found in a review (hạn chế, khuyết điểm)."""

    text: str = attrs.field(validator=non_empty_text())
    """The shortcoming."""
    cause: str = attrs.field(default="", validator=instance_of(str))
    """Its cause (nguyên nhân)."""
    remedies: tuple[Remedy, ...] = attrs.field(
        default=(),
        converter=as_tuple,
        validator=items_of(Remedy),
    )
    """Actions planned to remedy it."""


@attrs.frozen
class Review:
    """A self-criticism review of a collective (unit) or a member for a year."""

    id: str = attrs.field(validator=non_empty_text())
    """Stable identifier, unique among reviews."""
    subject: str = attrs.field(validator=non_empty_text())
    """Id of the unit or member reviewed."""
    year: int = attrs.field(validator=int_between(FIRST_YEAR, LAST_YEAR))
    """The year reviewed."""
    opinions: int = attrs.field(default=0, validator=int_between(0))
    """Number of opinions received (ý kiến góp ý)."""
    strengths: tuple[str, ...] = attrs.field(
        default=(),
        converter=as_tuple,
        validator=text_items(),
    )
    """Strengths and results (ưu điểm)."""
    shortcomings: tuple[Shortcoming, ...] = attrs.field(
        default=(),
        converter=as_tuple,
        validator=items_of(Shortcoming),
    )
    """Limitations and shortcomings, each with its remedies."""

    def __attrs_post_init__(self) -> None:
        for shortcoming in self.shortcomings:
            for remedy in shortcoming.remedies:
                if remedy.done_on is not None and remedy.done_on.year < self.year:
                    raise InvalidRecordError(
                        f"review {self.id!r}: remedy {remedy.action!r} is done on {remedy.done_on.isoformat()}, "
                        f"before the year reviewed ({self.year})",
                        "shortcomings",
                    )
