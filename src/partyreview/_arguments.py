"""Checks of the public functions' arguments: a value of the wrong type or out of range is refused at once with
`InvalidArgumentError` naming the argument, instead of a bare `TypeError` from deep inside (or, worse, a result
computed from it: a year given as ``"2025"`` matches no record and would report an empty year)."""

from __future__ import annotations

import datetime as dt
import os

from ._validators import described
from .errors import InvalidArgumentError

__all__ = ["check_day", "check_instance", "check_path", "check_writable", "check_year"]


def check_year(year: object, name: str = "year") -> None:
    """Refuse ``year`` unless it is a whole number from 1 to 9999 (not a bool, a float or a string)."""
    if isinstance(year, bool) or not isinstance(year, int):
        raise InvalidArgumentError(f"{name!r} must be a whole number such as 2025 (got {described(year)})")
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        raise InvalidArgumentError(f"{name!r} must be from {dt.MINYEAR} to {dt.MAXYEAR} (got {year})")


def check_day(day: object, name: str, *, optional: bool = False) -> None:
    """Refuse ``day`` unless it is a `datetime.date` (not a `datetime.datetime`, not a string), or ``None`` when
    ``optional``."""
    if (day is None and optional) or (isinstance(day, dt.date) and not isinstance(day, dt.datetime)):
        return
    alternative = " or None" if optional else ""
    raise InvalidArgumentError(
        f"{name!r} must be a datetime.date such as datetime.date(2025, 12, 31){alternative} (got {described(day)})"
    )


def check_writable(value: object, name: str, what: str = "a text file") -> None:
    """Refuse ``value`` unless it has a ``write`` method (``what`` names what the function takes: a text file, a
    path or a text file …)."""
    if not callable(getattr(value, "write", None)):
        raise InvalidArgumentError(f"{name!r} must be {what} open for writing (got {described(value)})")


def check_instance(value: object, kind: type, name: str, hint: str = "") -> None:
    """Refuse ``value`` unless it is a ``kind``, naming ``name`` (and ``hint``: how to get one)."""
    if not isinstance(value, kind):
        raise InvalidArgumentError(f"{name!r} must be a {kind.__name__}{hint} (got {described(value)})")


def check_path(value: object, name: str) -> None:
    """Refuse ``value`` unless it is a path: a `str` or an `os.PathLike`."""
    if not isinstance(value, str | os.PathLike):
        raise InvalidArgumentError(f"{name!r} must be a path (got {described(value)})")
