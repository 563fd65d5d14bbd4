"""A fast path for structuring records from decoded JSON that is already right.

The strict loader (`partyreview._json`) structures records through cattrs with
detailed validation, then attrs runs every field validator: exact, and slow on
millions of records.  The functions here structure the same JSON objects with
the same checks written inline, build the frozen records without re-running
the validators they have just done, and reuse the records' own
``__attrs_post_init__`` checks.  They never report a problem: on anything they
are not sure of (a wrong type, a missing key, an unknown key, text with a
control character, an impossible date, a JSON float …) they raise `Fallback`,
and the caller structures the object the slow way, which names every problem
with its path.  So the fast path may refuse more than the slow one, never less,
and what it accepts it builds equal to what the slow path builds (property
tests compare the two).

`FAST_PATH_FIELDS` pins the fields each record had when this module was
written: if a record gains, loses or retypes a field, `ENABLED` is false and
every call falls back, until this module is updated (a test fails meanwhile).
"""

from __future__ import annotations

import datetime as dt
import itertools
import operator
import re
import threading
import types
from collections.abc import Callable
from decimal import Decimal
from typing import Any, Final

import attrs

from ._assessments import FIRST_YEAR, LAST_YEAR, Assessment, Level
from ._enum_members import PRESENT as _PRESENT
from ._json import _DATE, _DECIMAL, _structure_decimal
from ._meetings import Attendance, AttendanceMark, Meeting, MeetingKind
from ._org import Member, Membership, Role, Unit, UnitKind, _no_overlap
from ._periods import Period
from ._reviews import Remedy, Review, Shortcoming
from ._validators import _CONTROL_OR_SURROGATE

__all__ = [
    "ENABLED",
    "FAST_PATH_FIELDS",
    "Fallback",
    "assessment",
    "keys_seen",
    "meeting",
    "member",
    "reset_keys",
    "review",
    "unit",
]


class Fallback(Exception):  # noqa: N818 - a signal, not an error
    """The fast path cannot vouch for this object: structure it the slow way."""


_FALLBACK: Final = Fallback()

FAST_PATH_FIELDS: Final[dict[type, tuple[tuple[str, object], ...]]] = {
    Period: (("start", dt.date), ("end", dt.date | None)),
    Unit: (
        ("id", str),
        ("name", str),
        ("kind", UnitKind),
        ("parent", str | None),
        ("active_from", dt.date | None),
        ("active_to", dt.date | None),
    ),
    Membership: (("cell", str), ("start", dt.date), ("end", dt.date | None), ("role", Role)),
    Member: (
        ("id", str),
        ("name", str),
        ("admitted_on", dt.date),
        ("recognized_on", dt.date | None),
        ("leadership_post", bool),
        ("memberships", tuple[Membership, ...]),
        ("exempt", tuple[Period, ...]),
        ("suspended", tuple[Period, ...]),
    ),
    Meeting: (
        ("id", str),
        ("cell", str),
        ("date", dt.date),
        ("kinds", frozenset[MeetingKind]),
        ("duration_minutes", int),
        ("topic", str),
        ("tags", tuple[str, ...]),
        ("attendance", Attendance),
        ("speakers", tuple[str, ...]),
        ("minutes", bool),
        ("presenters", tuple[str, ...] | None),
    ),
    Assessment: (
        ("subject", str),
        ("year", int),
        ("score", Decimal | None),
        ("proposed", Level | None),
        ("tasks_done", Decimal | None),
        ("tasks_behind", Decimal | None),
        ("tasks_exceeded", Decimal | None),
        ("prior_shortcomings_fixed", bool | None),
        ("disciplined", bool | None),
        ("degradation", bool | None),
        ("mitigated", bool | None),
        ("quota_group", str | None),
    ),
    Remedy: (("action", str), ("owner", str | None), ("due", dt.date | None), ("done_on", dt.date | None)),
    Shortcoming: (("text", str), ("cause", str), ("remedies", tuple[Remedy, ...])),
    Review: (
        ("id", str),
        ("subject", str),
        ("year", int),
        ("opinions", int),
        ("strengths", tuple[str, ...]),
        ("shortcomings", tuple[Shortcoming, ...]),
    ),
}
"""The fields (name, type) of each record as this module knows them."""


def _fields_of(cls: type) -> tuple[tuple[str, object], ...]:
    return tuple((a.name, a.type) for a in attrs.fields(attrs.resolve_types(cls)))


ENABLED: Final = all(_fields_of(cls) == fields for cls, fields in FAST_PATH_FIELDS.items())
"""Whether every record still has the fields this module knows (else everything falls back)."""

# -- building frozen records without re-running their validators --------------------------


def _builder(cls: type) -> Callable[..., Any]:
    """A function building ``cls`` from its field values in order, without its ``__init__``.

    It sets each slot through its descriptor (what attrs' own ``__init__`` does for a
    frozen class, minus the validators), unrolled: one call per field, no loop.
    """
    names = [a.name for a in attrs.fields(cls)]
    namespace: dict[str, Any] = {"new": object.__new__, "cls": cls, "set_attribute": object.__setattr__}
    lines = [f"def build({', '.join(f'v{i}' for i in range(len(names)))}):", "    instance = new(cls)"]
    for i, name in enumerate(names):
        descriptor = cls.__dict__.get(name)
        if isinstance(descriptor, types.MemberDescriptorType):
            namespace[f"s{i}"] = descriptor.__set__
            lines.append(f"    s{i}(instance, v{i})")
        else:  # pragma: no cover - every record is a slotted attrs class today
            lines.append(f"    set_attribute(instance, {name!r}, v{i})")
    lines.append("    return instance")
    exec("\n".join(lines), namespace)  # noqa: S102 - generated from attrs field names only
    build: Callable[..., Any] = namespace["build"]
    return build


_make_period = _builder(Period)
_make_unit = _builder(Unit)
_make_membership = _builder(Membership)
_make_member = _builder(Member)
_make_meeting = _builder(Meeting)
_make_assessment = _builder(Assessment)
_make_remedy = _builder(Remedy)
_make_shortcoming = _builder(Shortcoming)
_make_review = _builder(Review)
_make_attendance = _builder(Attendance)

# -- values ------------------------------------------------------------------------------------
#
# Everything below is written for speed: checks inline rather than in helpers where a record
# has many fields, values looked up in caches of values already checked, and the fields of an
# object read in one `operator.itemgetter` call when it has all its keys (canonical files do).

_UNIT_KINDS: Final = {k.value: k for k in UnitKind}
_ROLES: Final = {r.value: r for r in Role}
_MARKS: Final = {m.value: m for m in AttendanceMark}
_LEVELS: Final = {lv.value: lv for lv in Level}
_KINDS_BY_VALUE: Final = {k.value: k for k in MeetingKind}
_SURROGATE: Final = re.compile("[\ud800-\udfff]")
_BAD_TEXT: Final = _CONTROL_OR_SURROGATE
_CACHE_LIMIT: Final = 100_000
"""Most entries each value cache keeps (dates, decimals): bounded even on hostile input."""
_DATES: dict[Any, dt.date] = {}
_SCORES: dict[Any, tuple[Decimal | None]] = {None: (None,)}
_FRACTIONS: dict[Any, tuple[Decimal | None]] = {None: (None,)}
_KIND_SETS: dict[tuple[str, ...], frozenset[MeetingKind]] = {}
_ZERO: Final = Decimal(0)
_ONE: Final = Decimal(1)
_HUNDRED: Final = Decimal(100)
_BOOLEAN_OR_NONE: Final = frozenset({bool, type(None)})
"""The types of an optional boolean (`bool` has no subclasses: its type is the test)."""
_START: Final = operator.attrgetter("start")
_MISSING: Final = object()
"""Default of a required key: an object that has it missing falls back."""


def _text(value: object) -> str:
    """A non-empty text without control characters or lone surrogates (`non_empty_text`)."""
    if type(value) is not str or not value.strip() or (not value.isprintable() and _BAD_TEXT.search(value)):
        raise _FALLBACK
    return value


def _two_texts(first: object, second: object) -> None:
    """`_text` of two values (an id and a name, a meeting and its cell …)."""
    if type(first) is not str or type(second) is not str or not first.strip() or not second.strip():
        raise _FALLBACK
    if not (first.isprintable() and second.isprintable()) and (_BAD_TEXT.search(first) or _BAD_TEXT.search(second)):
        raise _FALLBACK


def _texts(*values: object) -> None:
    """`_text` of several values at once (one printable test for all)."""
    for value in values:
        if type(value) is not str or not value.strip():
            raise _FALLBACK
    joined = "".join(values)  # type: ignore[arg-type]
    if not joined.isprintable() and _BAD_TEXT.search(joined):
        raise _FALLBACK


def _optional_text(value: object) -> str | None:
    return None if value is None else _text(value)


def _any_text(value: object) -> str:
    """Any string that can be stored as UTF-8 (``topic``, ``cause``)."""
    if type(value) is not str or (not value.isprintable() and _SURROGATE.search(value)):
        raise _FALLBACK
    return value


def _date(value: object) -> dt.date:
    day = _DATES.get(value)  # an unhashable value raises TypeError: the caller falls back
    if day is not None:
        return day
    if type(value) is not str or not _DATE.fullmatch(value):
        raise _FALLBACK
    day = dt.date.fromisoformat(value)  # an impossible date raises ValueError: the caller falls back
    if len(_DATES) < _CACHE_LIMIT:
        _DATES[value] = day
    return day


def _optional_date(value: object) -> dt.date | None:
    return None if value is None else _date(value)


def _integer(value: object, low: int, high: int | None) -> int:
    if type(value) is not int or value < low or (high is not None and value > high):
        raise _FALLBACK
    return value


def _decimal(value: object, cache: dict[Any, tuple[Decimal | None]], high: Decimal) -> tuple[Decimal | None]:
    """An optional decimal in ``[0, high]`` from a decimal string, an integer or an exact `Decimal`, not in ``cache``.

    It comes as a 1-tuple, the entry of ``cache`` for a string: always true, unlike a `Decimal` zero, so that
    ``(cache.get(value) or _decimal(value, cache, high))[0]`` looks a cached value up once.
    """
    if type(value) is str:
        if not _DECIMAL.fullmatch(value):
            raise _FALLBACK
        number = Decimal(value)
    elif type(value) is int:
        number = Decimal(value)
    elif type(value) is Decimal:
        number = _structure_decimal(value, Decimal)  # the slow path's own checks (digits, exponent, -0)
    else:  # a float (from a parser without exact decimals) or anything else
        raise _FALLBACK
    if not _ZERO <= number <= high:
        raise _FALLBACK
    entry = (number,)
    if type(value) is str and len(cache) < _CACHE_LIMIT:
        cache[value] = entry
    return entry


def _string_tuple(value: object) -> tuple[str, ...]:
    """A JSON array of distinct non-empty texts."""
    if type(value) is not list:
        raise _FALLBACK
    if not value:
        return ()
    items = tuple(value)
    _texts(*items)
    if len(items) > 1 and len(set(items)) != len(items):
        raise _FALLBACK
    return items


class _Keys:
    """The keys of a JSON object in field order, the default of each (`_MISSING`: required)."""

    __slots__ = ("count", "defaults", "getter", "known", "names")

    def __init__(self, *keys: tuple[str, object]) -> None:
        self.names = tuple(name for name, _ in keys)
        self.defaults = tuple(default for _, default in keys)
        self.count = len(keys)
        self.known = frozenset(self.names)
        self.getter = operator.itemgetter(*self.names)


class _Tally(threading.local):
    """How many keys the objects structured so far in this thread had (see `keys_seen`)."""

    keys = 0


_TALLY: Final = _Tally()


def reset_keys() -> None:
    """Start counting the keys of the objects structured in this thread from 0."""
    _TALLY.keys = 0


def keys_seen() -> int:
    """How many keys the objects structured in this thread since `reset_keys` had.

    A parser that keeps the last of repeated keys (orjson) is checked with it: a
    line with as many keys as the objects built from it repeats none.
    """
    return _TALLY.keys


def _values(value: object, keys: _Keys) -> tuple[Any, ...]:
    """The values of an object's keys in field order (defaults for missing ones); unknown keys fall back."""
    if type(value) is not dict:
        raise _FALLBACK
    _TALLY.keys += len(value)
    if len(value) == keys.count:
        return keys.getter(value)  # type: ignore[no-any-return]  # a missing key means an unknown one: KeyError
    return _some_values(value, keys)


def _some_values(value: dict[str, Any], keys: _Keys) -> tuple[Any, ...]:
    """`_values` of an object short of some keys, or with unknown ones; its keys are not counted here."""
    if not value.keys() <= keys.known:
        raise _FALLBACK
    values = tuple(map(value.get, keys.names, keys.defaults))
    if _MISSING in values:
        raise _FALLBACK
    return values


def _uncounted_values(value: object, keys: _Keys) -> tuple[Any, ...]:
    """`_values` without counting the keys: for an object inside another, which counts them with its own."""
    if type(value) is not dict:
        raise _FALLBACK
    if len(value) == keys.count:
        return keys.getter(value)  # type: ignore[no-any-return]
    return _some_values(value, keys)


def _records(value: object, structure: Callable[[Any], Any]) -> tuple[Any, ...]:
    if type(value) is not list:
        raise _FALLBACK
    return tuple(map(structure, value)) if value else ()


def _no_overlaps(member: Member, name: str, periods: tuple[Any, ...]) -> None:
    """`_org._no_overlap` itself, on the rare member with two or more periods of a kind that may overlap."""
    if len(periods) > 1 and not _apart(periods):
        _no_overlap(member, attrs.fields_dict(Member)[name], periods)


def _apart(periods: tuple[Any, ...]) -> bool:
    """Whether each period (or membership) ends before the next one starts: then `_no_overlap` has nothing to say.

    (Without building a `Period` of each membership, as it does: a transferred member has two.)
    """
    ordered = sorted(periods, key=_START)
    return all(earlier.end is not None and earlier.end < later.start for earlier, later in itertools.pairwise(ordered))


# -- records -------------------------------------------------------------------------------------

_PERIOD: Final = _Keys(("from", _MISSING), ("to", None))
_UNIT: Final = _Keys(
    ("id", _MISSING),
    ("name", _MISSING),
    ("kind", _MISSING),
    ("parent", None),
    ("active_from", None),
    ("active_to", None),
)
_MEMBERSHIP: Final = _Keys(("cell", _MISSING), ("from", _MISSING), ("to", None), ("role", "member"))
_MEMBER: Final = _Keys(
    ("id", _MISSING),
    ("name", _MISSING),
    ("admitted_on", _MISSING),
    ("recognized_on", None),
    ("leadership_post", False),
    ("memberships", []),
    ("exempt", []),
    ("suspended", []),
)
_MEETING_FIELDS: Final[tuple[tuple[str, object], ...]] = (
    ("id", _MISSING),
    ("cell", _MISSING),
    ("date", _MISSING),
    ("kinds", _MISSING),
    ("duration_minutes", _MISSING),
    ("topic", ""),
    ("tags", []),
    ("attendance", {}),
    ("speakers", []),
    ("minutes", True),
)
_MEETING: Final = _Keys(*_MEETING_FIELDS, ("presenters", None))
_MEETING_WITHOUT_PRESENTERS: Final = _Keys(*_MEETING_FIELDS)
_ASSESSMENT: Final = _Keys(
    ("subject", _MISSING), ("year", _MISSING), *((a.name, None) for a in attrs.fields(Assessment)[2:])
)
_REMEDY: Final = _Keys(("action", _MISSING), ("owner", None), ("due", None), ("done_on", None))
_SHORTCOMING: Final = _Keys(("text", _MISSING), ("cause", ""), ("remedies", []))
_REVIEW: Final = _Keys(
    ("id", _MISSING),
    ("subject", _MISSING),
    ("year", _MISSING),
    ("opinions", 0),
    ("strengths", []),
    ("shortcomings", []),
)
"""The keys of each record's JSON object (those renamed: ``from`` and ``to``), with their defaults.

The mutable defaults are never changed: they only stand for an absent key."""


def _period(value: object) -> Period:
    start, end = _uncounted_values(value, _PERIOD)  # counted by `member`
    start = _date(start)
    end = None if end is None else _date(end)
    if end is not None and end < start:
        raise _FALLBACK
    return _make_period(start, end)  # type: ignore[no-any-return]


def unit(value: object) -> Unit:
    """A `Unit` from its JSON object, or `Fallback`."""
    if not ENABLED:
        raise _FALLBACK
    unit_id, name, kind, parent, active_from, active_to = _values(value, _UNIT)
    _two_texts(unit_id, name)
    active_from = _optional_date(active_from)
    active_to = _optional_date(active_to)
    if active_to is not None and active_from is not None and active_to < active_from:
        raise _FALLBACK
    return _make_unit(unit_id, name, _UNIT_KINDS[kind], _optional_text(parent), active_from, active_to)  # type: ignore[no-any-return]


def _membership(value: object) -> Membership:
    if type(value) is dict and len(value) == _MEMBERSHIP.count:
        cell, start, end, role = _MEMBERSHIP.getter(value)  # its keys are counted by `member`
    else:
        cell, start, end, role = _uncounted_values(value, _MEMBERSHIP)
    if type(cell) is not str or not cell.strip() or (not cell.isprintable() and _BAD_TEXT.search(cell)):
        raise _FALLBACK
    start = _DATES.get(start) or _date(start)
    if end is not None:
        end = _DATES.get(end) or _date(end)
        if end < start:
            raise _FALLBACK
    return _make_membership(cell, start, end, _ROLES[role])  # type: ignore[no-any-return]


def _periods(exempt: list[Any], suspended: list[Any]) -> tuple[tuple[Period, ...], tuple[Period, ...]]:
    """A member's periods of exemption and suspension (few members have any), their keys counted."""
    periods = tuple(map(_period, exempt)), tuple(map(_period, suspended))
    _TALLY.keys += sum(map(len, exempt)) + sum(map(len, suspended))
    return periods


def member(value: object) -> Member:
    """A `Member` from its JSON object, or `Fallback`."""
    if not ENABLED:
        raise _FALLBACK
    if type(value) is dict and len(value) == _MEMBER.count:
        member_id, name, admitted, recognized, leader, memberships, exempt, suspended = _MEMBER.getter(value)
    else:
        member_id, name, admitted, recognized, leader, memberships, exempt, suspended = _uncounted_values(
            value, _MEMBER
        )
    _two_texts(member_id, name)
    dates = _DATES
    admitted = dates.get(admitted) or _date(admitted)
    if recognized is not None:
        recognized = dates.get(recognized) or _date(recognized)
        if recognized < admitted:
            raise _FALLBACK
    if type(leader) is not bool or not (type(memberships) is type(exempt) is type(suspended) is list):
        raise _FALLBACK
    spans = tuple(map(_membership, memberships))
    keys = len(value)  # type: ignore[arg-type]
    for span in memberships:  # each a dict, structured: counted with the member
        keys += len(span)
    _TALLY.keys += keys
    exempt_periods, suspended_periods = _periods(exempt, suspended) if exempt or suspended else ((), ())
    for span in spans:
        if span.start < admitted:  # Member.__attrs_post_init__
            raise _FALLBACK
    record: Member = _make_member(
        member_id, name, admitted, recognized, leader, spans, exempt_periods, suspended_periods
    )
    if len(spans) > 1 or len(exempt_periods) > 1 or len(suspended_periods) > 1:
        _no_overlaps(record, "memberships", spans)
        _no_overlaps(record, "exempt", exempt_periods)
        _no_overlaps(record, "suspended", suspended_periods)
    return record


def _kinds(value: list[Any]) -> frozenset[MeetingKind]:
    """The kinds of a meeting, a list not yet in `_KIND_SETS` (the caller has looked): then cached there."""
    key = tuple(value)
    items = [_KINDS_BY_VALUE[k] for k in key]
    if not items or len(set(items)) != len(items):
        raise _FALLBACK
    kinds = _KIND_SETS[key] = frozenset(items)  # at most a handful of keys: every one is valid
    return kinds


def _speakers(value: object, marks: dict[str, AttendanceMark]) -> tuple[str, ...]:
    """Distinct speakers, each marked present (`Meeting.__attrs_post_init__`).

    So each is a key of the marks: a string, without control characters if the marks' keys are printable.
    """
    if type(value) is not list:
        raise _FALLBACK
    for speaker in value:
        if marks.get(speaker) is not _PRESENT or not speaker.strip():
            raise _FALLBACK
    if len(value) > 1 and len(set(value)) != len(value):
        raise _FALLBACK
    return tuple(value)


def _check_meeting_texts(
    meeting_id: str, cell: str, topic: str, attendance: dict[str, Any], speakers: tuple[str, ...]
) -> None:
    """The texts of a meeting, one of which is not printable: control characters or surrogates where not allowed."""
    if _BAD_TEXT.search(meeting_id) or _BAD_TEXT.search(cell) or _BAD_TEXT.search("".join(speakers)):
        raise _FALLBACK
    if _SURROGATE.search(topic) or _SURROGATE.search("".join(attendance)):  # member ids: checked against members later
        raise _FALLBACK


def meeting(value: object) -> Meeting:
    """A `Meeting` from its JSON object, or `Fallback`."""
    if not ENABLED:
        raise _FALLBACK
    if type(value) is dict and len(value) == _MEETING_WITHOUT_PRESENTERS.count and "presenters" not in value:
        # every key but the optional presenters (most meetings): read at once, counted with the marks below
        meeting_id, cell, day, kinds, duration, topic, tags, attendance, speakers, minutes = (
            _MEETING_WITHOUT_PRESENTERS.getter(value)
        )
        presenters = None
        keys = _MEETING_WITHOUT_PRESENTERS.count
    else:
        meeting_id, cell, day, kinds, duration, topic, tags, attendance, speakers, minutes, presenters = _values(
            value, _MEETING
        )
        keys = 0
    if type(meeting_id) is not str or type(cell) is not str or type(topic) is not str or type(attendance) is not dict:
        raise _FALLBACK
    if not meeting_id.strip() or not cell.strip() or "" in attendance or type(kinds) is not list:
        raise _FALLBACK
    if type(duration) is not int or duration < 1 or (minutes is not True and minutes is not False):
        raise _FALLBACK
    _TALLY.keys += keys + len(attendance)
    marks = _MARKS
    marks = {member: marks[attendance[member]] for member in sorted(attendance)}
    speakers = _speakers(speakers, marks)
    if not "".join((meeting_id, cell, topic, *attendance)).isprintable():  # speakers are among the marks
        _check_meeting_texts(meeting_id, cell, topic, attendance, speakers)
    return _make_meeting(  # type: ignore[no-any-return]
        meeting_id,
        cell,
        _DATES.get(day) or _date(day),
        _KIND_SETS.get(tuple(kinds)) or _kinds(kinds),
        duration,
        topic,
        _string_tuple(tags) if tags or type(tags) is not list else (),
        _make_attendance(marks),
        speakers,
        minutes,
        None if presenters is None else _string_tuple(presenters),
    )


def assessment(value: object) -> Assessment:
    """An `Assessment` from its JSON object, or `Fallback`."""
    if not ENABLED:
        raise _FALLBACK
    subject, year, score, proposed, done, behind, exceeded, fixed, disciplined, degradation, mitigated, group = _values(
        value, _ASSESSMENT
    )
    if group is None:
        _text(subject)
    else:
        _two_texts(subject, group)
    if type(year) is not int or not FIRST_YEAR <= year <= LAST_YEAR:
        raise _FALLBACK
    if not {type(fixed), type(disciplined), type(degradation), type(mitigated)} <= _BOOLEAN_OR_NONE:
        raise _FALLBACK
    fractions = _FRACTIONS
    return _make_assessment(  # type: ignore[no-any-return]
        subject,
        year,
        (_SCORES.get(score) or _decimal(score, _SCORES, _HUNDRED))[0],
        None if proposed is None else _LEVELS[proposed],
        (fractions.get(done) or _decimal(done, fractions, _ONE))[0],
        (fractions.get(behind) or _decimal(behind, fractions, _ONE))[0],
        (fractions.get(exceeded) or _decimal(exceeded, fractions, _ONE))[0],
        fixed,
        disciplined,
        degradation,
        mitigated,
        group,
    )


def _remedy(value: object) -> Remedy:
    action, owner, due, done_on = _values(value, _REMEDY)
    return _make_remedy(_text(action), _optional_text(owner), _optional_date(due), _optional_date(done_on))  # type: ignore[no-any-return]


def _shortcoming(value: object) -> Shortcoming:
    text, cause, remedies = _values(value, _SHORTCOMING)
    return _make_shortcoming(_text(text), _any_text(cause), _records(remedies, _remedy))  # type: ignore[no-any-return]


def review(value: object) -> Review:
    """A `Review` from its JSON object, or `Fallback`."""
    if not ENABLED:
        raise _FALLBACK
    review_id, subject, year, opinions, strengths, shortcomings = _values(value, _REVIEW)
    _two_texts(review_id, subject)
    if type(strengths) is not list:
        raise _FALLBACK
    if strengths:
        _texts(*strengths)
    record: Review = _make_review(
        review_id,
        subject,
        _integer(year, FIRST_YEAR, LAST_YEAR),
        _integer(opinions, 0, None),
        tuple(strengths),
        _records(shortcomings, _shortcoming),
    )
    record.__attrs_post_init__()
    return record
