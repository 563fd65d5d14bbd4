"""Field validators shared by the record types (private callable classes, attrs style)."""

from __future__ import annotations

import datetime as dt
import re
import reprlib
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any, Final, TypeGuard

import attrs

from .errors import InvalidRecordError

__all__ = [
    "as_tuple",
    "calendar_date",
    "decimal_between",
    "instance_of",
    "int_between",
    "is_collection",
    "items_of",
    "non_empty_text",
    "text_items",
    "unique_items",
]

_CONTROL_OR_SURROGATE: Final = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
"""Unicode categories Cc (control characters) and Cs (lone surrogates)."""


_SHORT: Final = reprlib.Repr()
_SHORT.maxstring = _SHORT.maxother = 40  # (keyword arguments only from Python 3.12)


def described(value: object) -> str:
    """``value`` for a message: its type and a shortened repr (``str 'C1'``, ``int 3``)."""
    return f"{type(value).__name__} {_SHORT.repr(value)}"


def as_tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    """A converter: any iterable of records as a tuple.

    A string, bytes, a mapping or something not iterable is passed through
    unchanged, for the field's validator (`items_of`, `text_items`) to refuse
    with the field's name: ``tuple("M12")`` would silently be three ids.
    """
    if isinstance(value, tuple) or not is_collection(value):
        return value  # type: ignore[return-value] # refused by the validator, which names the field
    return tuple(value)


def is_collection(value: object) -> TypeGuard[Iterable[Any]]:
    """Whether ``value`` can be taken for a collection of records or ids: iterable, and not a string, bytes or a
    mapping (whose iteration gives characters, numbers or keys)."""
    if type(value) in _PLAIN_COLLECTIONS:  # the common case, without the ABCs' slower checks
        return True
    return isinstance(value, Iterable) and not isinstance(value, str | bytes | bytearray | Mapping)


_PLAIN_COLLECTIONS: Final = frozenset({tuple, list, frozenset, set})


@attrs.frozen(repr=False)
class _InstanceOf:
    kind: type
    optional: bool

    def __call__(self, _inst: object, attr: attrs.Attribute[Any], value: Any) -> None:
        if isinstance(value, self.kind) or (value is None and self.optional):
            return
        alternative = " or None" if self.optional else ""
        raise InvalidRecordError(
            f"{attr.name!r} must be {_a(self.kind)}{alternative} (got {described(value)})", attr.name
        )

    def __repr__(self) -> str:
        return f"<instance_of validator {self.kind.__name__}>"


def _a(kind: type) -> str:
    if kind is bool:
        return "true or false"
    if kind is str:
        return "a string"
    return f"a {kind.__name__}"


def instance_of(kind: type, *, optional: bool = False) -> _InstanceOf:
    """A validator: an instance of ``kind`` (or ``None`` when ``optional``); unlike attrs' own, it raises
    `InvalidRecordError` naming the field."""
    return _InstanceOf(kind, optional)


def _sequence(attr: attrs.Attribute[Any], value: object, items: str) -> Iterable[object]:
    if type(value) is not tuple and not is_collection(value):  # what `as_tuple` leaves unconverted
        raise InvalidRecordError(f"{attr.name!r} must be a list of {items} (got {described(value)})", attr.name)
    return value


@attrs.frozen(repr=False)
class _ItemsOf:
    kind: type

    def __call__(self, _inst: object, attr: attrs.Attribute[Any], value: object) -> None:
        kind = self.kind
        # Checked for every record list of every bundle read: a plain loop first, the index only for the message.
        items = _sequence(attr, value, f"{kind.__name__} records")
        for item in items:
            if type(item) is not kind and not isinstance(item, kind):
                break
        else:
            return
        i, item = next((i, item) for i, item in enumerate(items) if not isinstance(item, kind))
        raise InvalidRecordError(f"{attr.name!r}[{i}] must be {_a(kind)} (got {described(item)})", attr.name)

    def __repr__(self) -> str:
        return f"<items_of validator {self.kind.__name__}>"


def items_of(kind: type) -> _ItemsOf:
    """A validator: a collection (see `as_tuple`) of instances of ``kind``; the message names the field and the index."""
    return _ItemsOf(kind)


@attrs.frozen(repr=False)
class _TextItems:
    def __call__(self, _inst: object, attr: attrs.Attribute[Any], value: object) -> None:
        for i, item in enumerate(_sequence(attr, value, "strings")):
            if (fault := _text_fault(item)) is not None:
                raise InvalidRecordError(f"{attr.name!r}[{i}] {fault}", attr.name)

    def __repr__(self) -> str:
        return "<text_items validator>"


_TEXT_ITEMS: Final = _TextItems()


def text_items() -> _TextItems:
    """A validator: a collection (see `as_tuple`) of strings, each as `non_empty_text` requires."""
    return _TEXT_ITEMS


def _text_fault(value: object) -> str | None:
    """What `non_empty_text` finds wrong with ``value`` (``None`` when nothing)."""
    if not isinstance(value, str):
        return f"must be a string (got {type(value).__name__})"
    if not value.strip():
        return "must not be empty"
    if _CONTROL_OR_SURROGATE.search(value):
        return f"must not contain control characters or lone surrogates (got {value!r})"
    return None


@attrs.frozen(repr=False)
class _NonEmptyText:
    def __call__(self, _inst: object, attr: attrs.Attribute[Any], value: object) -> None:
        if (fault := _text_fault(value)) is not None:
            raise InvalidRecordError(f"{attr.name!r} {fault}", attr.name)

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
