"""Field validators shared by the record types (private callable classes, attrs style)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any, Final

import attrs

from .errors import InvalidRecordError

__all__ = ["calendar_date", "decimal_between", "int_between", "non_empty_text", "unique_items"]


_CONTROL_OR_SURROGATE: Final = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
"""Unicode categories Cc (control characters) and Cs (lone surrogates)."""


@attrs.frozen(repr=False)
class _NonEmptyText:
    def __call__(self, _inst: object, attr: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, str):
            raise InvalidRecordError(
                f"{attr.name!r} must be a string (got {type(value).__name__})",
                attr.name,
            )
        if not value.strip():
            raise InvalidRecordError(f"{attr.name!r} must not be empty", attr.name)
        if _CONTROL_OR_SURROGATE.search(value):
            raise InvalidRecordError(
                f"{attr.name!r} must not contain control characters or lone surrogates (got {value!r})", attr.name
            )

    def __repr__(self) -> str:
        return "<non_empty_text validator>"


_NON_EMPTY_TEXT: Final = _NonEmptyText()


def non_empty_text() -> _NonEmptyText:
    """A validator: the value is a string with at least one non-blank character."""
    return _NON_EMPTY_TEXT


@attrs.frozen(repr=False)
class _DecimalBetween:
    low: Decimal
    high: Decimal

    def __call__(self, _inst: object, attr: attrs.Attribute[Any], value: object) -> None:
        if value is None:
            return
        if not isinstance(value, Decimal) or not value.is_finite():
            raise InvalidRecordError(f"{attr.name!r} must be a finite decimal (got {value!r})", attr.name)
        if not self.low <= value <= self.high:
            raise InvalidRecordError(
                f"{attr.name!r} must be in [{self.low}, {self.high}] (got {value})",
                attr.name,
            )

    def __repr__(self) -> str:
        return f"<decimal_between validator [{self.low}, {self.high}]>"


def decimal_between(low: int | Decimal, high: int | Decimal) -> _DecimalBetween:
    """A validator: ``None`` or a finite `Decimal` in ``[low, high]``."""
    return _DecimalBetween(Decimal(low), Decimal(high))


@attrs.frozen(repr=False)
class _UniqueItems:
    def __call__(self, _inst: object, attr: attrs.Attribute[Any], value: tuple[object, ...]) -> None:
        seen: set[object] = set()
        for item in value:
            if item in seen:
                raise InvalidRecordError(f"{attr.name!r} lists {item!r} twice", attr.name)
            seen.add(item)

    def __repr__(self) -> str:
        return "<unique_items validator>"


def unique_items() -> _UniqueItems:
    """A validator: no item of the tuple appears twice."""
    return _UniqueItems()


@attrs.frozen(repr=False)
class _IntBetween:
    low: int
    high: int | None

    def __call__(self, _inst: object, attr: attrs.Attribute[Any], value: object) -> None:
        if isinstance(value, bool) or not isinstance(value, int):
            raise InvalidRecordError(f"{attr.name!r} must be a whole number (got {value!r})", attr.name)
        if value < self.low or (self.high is not None and value > self.high):
            bounds = f"≥ {self.low}" if self.high is None else f"in [{self.low}, {self.high}]"
            raise InvalidRecordError(f"{attr.name!r} must be {bounds} (got {value})", attr.name)

    def __repr__(self) -> str:
        return f"<int_between validator [{self.low}, {self.high}]>"


def int_between(low: int, high: int | None = None) -> _IntBetween:
    """A validator: a whole number (not a bool) in ``[low, high]``; no upper bound when ``high`` is None."""
    return _IntBetween(low, high)


@attrs.frozen(repr=False)
class _CalendarDate:
    optional: bool

    def __call__(self, _inst: object, attr: attrs.Attribute[Any], value: object) -> None:
        if value is None and self.optional:
            return
        # A datetime is a date subclass, but comparing it with dates fails later: refuse it here.
        if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
            raise InvalidRecordError(
                f"{attr.name!r} must be a datetime.date (got {type(value).__name__} {value!r})", attr.name
            )

    def __repr__(self) -> str:
        return "<calendar_date validator>"


def calendar_date(*, optional: bool = False) -> _CalendarDate:
    """A validator: a `datetime.date` that is not a `datetime.datetime` (``None`` too when ``optional``)."""
    return _CalendarDate(optional)
