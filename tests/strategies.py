"""Strategies and helpers only tests need.

The strategies of valid records and datasets are public, in `partyreview.testing`;
tests import them from there, as users do.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from dateutil.rrule import rrule, rruleset, rrulestr
from hypothesis import strategies as st

from partyreview import Unit, UnitKind

YEAR = 2025
YEAR_START = dt.date(YEAR, 1, 1)
YEAR_END = dt.date(YEAR, 12, 31)


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


# -- planning (C4) ---------------------------------------------------------------------------------------------------

_WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_EN_ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"}
_EN_WEEKDAYS = dict(
    zip(_WEEKDAY_CODES, ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"), strict=True)
)
_VI_ORDINALS = {1: "đầu tiên", 2: "thứ hai", 3: "thứ ba", 4: "thứ tư", -1: "cuối"}
_VI_WEEKDAYS = dict(
    zip(_WEEKDAY_CODES, ("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật"), strict=True)
)


@st.composite
def meeting_rules(draw: st.DrawFn) -> str:
    """A rule giving one day a month: an English or Vietnamese preset, or an RRULE in one of several spellings."""
    nth = draw(st.sampled_from(sorted(_EN_ORDINALS)))
    day = draw(st.sampled_from(_WEEKDAY_CODES))
    form = draw(st.sampled_from(["en", "vi", "rrule", "prefixed", "setpos", "monthday"]))
    if form == "en":
        return f"{_EN_ORDINALS[nth]} {_EN_WEEKDAYS[day]}"
    if form == "vi":
        return f"{_VI_WEEKDAYS[day]} tuần {_VI_ORDINALS[nth]}"
    if form in {"rrule", "prefixed"}:
        return f"{'RRULE:' if form == 'prefixed' else ''}FREQ=MONTHLY;BYDAY={nth}{day}"
    if form == "setpos":
        days = draw(st.lists(st.sampled_from(_WEEKDAY_CODES), min_size=1, unique=True))
        return f"FREQ=MONTHLY;BYDAY={','.join(days)};BYSETPOS={nth}"
    return f"FREQ=MONTHLY;BYMONTHDAY={draw(st.sampled_from([*range(1, 29), -1, -2, -28]))}"


@st.composite
def cells_around(draw: st.DrawFn, year: int) -> Unit:
    """A cell whose active period starts and ends anywhere from the year before ``year`` to the year after (or is open)."""
    first, last = dt.date(year - 1, 1, 1), dt.date(year + 1, 12, 31)
    start = draw(st.one_of(st.none(), st.dates(first, last)))
    end = draw(st.one_of(st.none(), st.dates(start or first, last)))
    return Unit("C1", "Chi bộ C1", UnitKind.CELL, "K", start, end)


@st.composite
def holiday_sets(draw: st.DrawFn, year: int) -> frozenset[dt.date]:
    """Holidays in ``year``: a few, very many, or months blocked all but a few days (sometimes every day)."""
    days = st.dates(dt.date(year, 1, 1), dt.date(year, 12, 31))
    kind = draw(st.sampled_from(["few", "many", "blocked months"]))
    if kind == "few":
        return frozenset(draw(st.sets(days, max_size=20)))
    if kind == "many":
        return frozenset(draw(st.sets(days, min_size=150, max_size=330)))
    blocked: set[dt.date] = set()
    for month in draw(st.sets(st.integers(1, 12), min_size=1, max_size=12)):
        first = dt.date(year, month, 1)
        month_days = [first + dt.timedelta(days=n) for n in range(31) if (first + dt.timedelta(days=n)).month == month]
        free = draw(st.sets(st.sampled_from(month_days), max_size=2))
        blocked |= set(month_days) - free
    return frozenset(blocked)


def ical_lines(data: bytes) -> list[str]:
    """The content lines of an iCalendar file (RFC 5545 §3.1: CRLF ends, a continuation line starts with a space)."""
    return data.decode("utf-8").replace("\r\n ", "").split("\r\n")


def expand_ical_series(data: bytes) -> list[dt.date]:
    """The days of the file's recurring event: dateutil expands its raw DTSTART, RRULE, EXDATE and RDATE lines."""
    lines = ical_lines(data)
    rule_at = next(i for i, line in enumerate(lines) if line.startswith("RRULE:"))
    begin = max(i for i in range(rule_at) if lines[i] == "BEGIN:VEVENT")
    event = lines[begin : lines.index("END:VEVENT", rule_at)]

    def dates(name: str) -> list[dt.datetime]:
        found = [line.split(":", 1)[1] for line in event if re.match(rf"{name}[;:]", line)]
        return [dt.datetime.strptime(v, "%Y%m%d") for text in found for v in text.split(",")]  # noqa: DTZ007

    (start,) = dates("DTSTART")
    series = rruleset()
    parsed = rrulestr(lines[rule_at].removeprefix("RRULE:"), dtstart=start)
    assert isinstance(parsed, rrule)
    series.rrule(parsed)
    for day in dates("EXDATE"):
        series.exdate(day)
    for day in dates("RDATE"):
        series.rdate(day)
    return [moment.date() for moment in series]
