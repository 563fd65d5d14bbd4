"""Date periods: the small interval algebra every record and rule set uses."""

from __future__ import annotations

import datetime as dt
from calendar import monthrange
from typing import Final

import attrs

from ._validators import calendar_date
from .errors import InvalidRecordError

__all__ = ["Period", "month_span", "quarter_of"]

MONTHS: Final = tuple(range(1, 13))
QUARTERS: Final = (1, 2, 3, 4)
_OPTIONAL_DATE: Final = calendar_date(optional=True)


def quarter_of(month: int) -> int:
    """The quarter (1–4) a month (1–12) falls in."""
    return (month - 1) // 3 + 1


def month_span(year: int, month: int) -> Period:
    """The period covering one calendar month."""
    first = dt.date(year, month, 1)
    return Period(first, first.replace(day=monthrange(year, month)[1]))


def _end_not_before_start(instance: Period, attr: attrs.Attribute[dt.date | None], end: dt.date | None) -> None:
    _OPTIONAL_DATE(instance, attr, end)
    if end is not None and end < instance.start:
        raise InvalidRecordError(
            f"a period must not end before it starts (from {instance.start.isoformat()}, to {end.isoformat()})",
            field="end",
        )


@attrs.frozen(order=True)
class Period:
    """A span of days, both ends inclusive; ``end=None`` means still running.

    JSON form: ``{"from": "2025-01-01", "to": null}``.

    >>> import datetime as dt
    >>> p = Period(dt.date(2025, 1, 1), dt.date(2025, 3, 31))
    >>> p.contains(dt.date(2025, 3, 31))
    True
    >>> p.overlaps(Period(dt.date(2025, 4, 1)))
    False
    """

    start: dt.date = attrs.field(validator=calendar_date())
    """First day of the period."""
    end: dt.date | None = attrs.field(
        default=None,
        order=lambda end: dt.date.max if end is None else end,
        validator=_end_not_before_start,
    )
    """Last day of the period, or ``None`` while it is open-ended."""

    @classmethod
    def year(cls, year: int) -> Period:
        """The calendar year ``year``, 1 January to 31 December."""
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31))

    def contains(self, day: dt.date) -> bool:
        """Whether ``day`` falls inside the period."""
        return self.start <= day and (self.end is None or day <= self.end)

    def overlaps(self, other: Period) -> bool:
        """Whether the two periods share at least one day."""
        return self.intersection(other) is not None

    def intersection(self, other: Period) -> Period | None:
        """The days both periods share, or ``None``."""
        start = max(self.start, other.start)
        ends = [e for e in (self.end, other.end) if e is not None]
        end = min(ends) if ends else None
        if end is not None and end < start:
            return None
        return Period(start, end)

    def days_in(self, other: Period) -> int:
        """How many days of ``other`` (which must be closed) fall inside this period."""
        if other.end is None:
            msg = "days_in() needs a closed period"
            raise ValueError(msg)
        shared = self.intersection(other)
        if shared is None:
            return 0
        end = other.end if shared.end is None else shared.end
        return (end - shared.start).days + 1
