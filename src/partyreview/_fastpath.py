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
import re
import types
from collections.abc import Callable
from decimal import Decimal
from typing import Any, Final

import attrs

from ._assessments import FIRST_YEAR, LAST_YEAR, Assessment, Level
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
    "meeting",
    "member",
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

_UNIT_KINDS: Final = {k.value: k for k in UnitKind}
_ROLES: Final = {r.value: r for r in Role}
_MARKS: Final = {m.value: m for m in AttendanceMark}
_LEVELS: Final = {lv.value: lv for lv in Level}
_KINDS_BY_VALUE: Final = {k.value: k for k in MeetingKind}
_SURROGATE: Final = re.compile("[\ud800-\udfff]")
_CACHE_LIMIT: Final = 100_000
"""Most entries each value cache keeps (dates, decimals): bounded even on hostile input."""
_DATES: dict[str, dt.date] = {}
_SCORES: dict[str, Decimal] = {}
_FRACTIONS: dict[str, Decimal] = {}
_KIND_SETS: dict[tuple[str, ...], frozenset[MeetingKind]] = {}
_ZERO: Final = Decimal(0)
_ONE: Final = Decimal(1)
_HUNDRED: Final = Decimal(100)


def _text(value: object) -> str:
    """A non-empty text without control characters or lone surrogates (`non_empty_text`)."""
    if type(value) is not str or not value.strip():
        raise _FALLBACK
    if not value.isprintable() and _CONTROL_OR_SURROGATE.search(value):
        raise _FALLBACK
    return value


def _optional_text(value: object) -> str | None:
    return None if value is None else _text(value)


def _any_text(value: object) -> str:
    """Any string that can be stored as UTF-8 (``topic``, ``cause``)."""
    if type(value) is not str or (not value.isprintable() and _SURROGATE.search(value)):
        raise _FALLBACK
    return value


def _date(value: object) -> dt.date:
    if type(value) is not str:
        raise _FALLBACK
    day = _DATES.get(value)
    if day is None:
        if not _DATE.fullmatch(value):
            raise _FALLBACK
        day = dt.date.fromisoformat(value)  # an impossible date raises ValueError: the caller falls back
        if len(_DATES) < _CACHE_LIMIT:
            _DATES[value] = day
    return day


def _optional_date(value: object) -> dt.date | None:
    return None if value is None else _date(value)


def _boolean(value: object) -> bool:
    if type(value) is not bool:
        raise _FALLBACK
    return value


def _optional_boolean(value: object) -> bool | None:
    if value is not None and type(value) is not bool:
        raise _FALLBACK
    return value


def _integer(value: object, low: int, high: int | None) -> int:
    if type(value) is not int or value < low or (high is not None and value > high):
        raise _FALLBACK
    return value


def _decimal(value: object, cache: dict[str, Decimal], high: Decimal) -> Decimal | None:
    """An optional decimal in ``[0, high]`` from a decimal string, an integer or an exact `Decimal`."""
    if value is None:
        return None
    if type(value) is str:
        found = cache.get(value)
        if found is not None:
            return found
        if not _DECIMAL.fullmatch(value):
            raise _FALLBACK
        number = Decimal(value)
        if not _ZERO <= number <= high:
            raise _FALLBACK
        if len(cache) < _CACHE_LIMIT:
            cache[value] = number
        return number
    if type(value) is int:
        number = Decimal(value)
    elif type(value) is Decimal:
        number = _structure_decimal(value, Decimal)  # the slow path's own checks (digits, exponent, -0)
    else:  # a float (from a parser without exact decimals) or anything else
        raise _FALLBACK
    if not _ZERO <= number <= high:
        raise _FALLBACK
    return number


def _string_tuple(value: object) -> tuple[str, ...]:
    """A JSON array of distinct non-empty texts."""
    if type(value) is not list:
        raise _FALLBACK
    items = tuple(map(_text, value))
    if len(set(items)) != len(items):
        raise _FALLBACK
    return items


def _keys_within(value: object, known: frozenset[str]) -> dict[str, Any]:
    if type(value) is not dict or not value.keys() <= known:
        raise _FALLBACK
    return value


def _records(value: object, structure: Callable[[Any], Any]) -> tuple[Any, ...]:
    if type(value) is not list:
        raise _FALLBACK
    return tuple(map(structure, value))


def _no_overlaps(member: Member, name: str, periods: tuple[Any, ...]) -> None:
    """`_org._no_overlap` itself, on the rare member with two or more periods of a kind."""
    if len(periods) > 1:
        _no_overlap(member, attrs.fields_dict(Member)[name], periods)


# -- records -------------------------------------------------------------------------------------

_PERIOD_KEYS: Final = frozenset({"from", "to"})
_UNIT_KEYS: Final = frozenset({"id", "name", "kind", "parent", "active_from", "active_to"})
_MEMBERSHIP_KEYS: Final = frozenset({"cell", "from", "to", "role"})
_MEMBER_KEYS: Final = frozenset(
    {"id", "name", "admitted_on", "recognized_on", "leadership_post", "memberships", "exempt", "suspended"}
)
_MEETING_KEYS: Final = frozenset(
    {
        "id",
        "cell",
        "date",
        "kinds",
        "duration_minutes",
        "topic",
        "tags",
        "attendance",
        "speakers",
        "minutes",
        "presenters",
    }
)
_ASSESSMENT_KEYS: Final = frozenset(a.name for a in attrs.fields(Assessment))
_REMEDY_KEYS: Final = frozenset({"action", "owner", "due", "done_on"})
_SHORTCOMING_KEYS: Final = frozenset({"text", "cause", "remedies"})
_REVIEW_KEYS: Final = frozenset({"id", "subject", "year", "opinions", "strengths", "shortcomings"})


def _period(value: object) -> Period:
    d = _keys_within(value, _PERIOD_KEYS)
    start = _date(d["from"])
    end = _optional_date(d.get("to"))
    if end is not None and end < start:
        raise _FALLBACK
    return _make_period(start, end)  # type: ignore[no-any-return]


def unit(value: object) -> Unit:
    """A `Unit` from its JSON object, or `Fallback`."""
    if not ENABLED:
        raise _FALLBACK
    d = _keys_within(value, _UNIT_KEYS)
    active_from = _optional_date(d.get("active_from"))
    active_to = _optional_date(d.get("active_to"))
    if active_to is not None and active_from is not None and active_to < active_from:
        raise _FALLBACK
    return _make_unit(  # type: ignore[no-any-return]
        _text(d["id"]),
        _text(d["name"]),
        _UNIT_KINDS[d["kind"]],
        _optional_text(d.get("parent")),
        active_from,
        active_to,
    )


def _membership(value: object) -> Membership:
    d = _keys_within(value, _MEMBERSHIP_KEYS)
    start = _date(d["from"])
    end = _optional_date(d.get("to"))
    if end is not None and end < start:
        raise _FALLBACK
    return _make_membership(_text(d["cell"]), start, end, _ROLES[d.get("role", "member")])  # type: ignore[no-any-return]


def member(value: object) -> Member:
    """A `Member` from its JSON object, or `Fallback`."""
    if not ENABLED:
        raise _FALLBACK
    d = _keys_within(value, _MEMBER_KEYS)
    record: Member = _make_member(
        _text(d["id"]),
        _text(d["name"]),
        _date(d["admitted_on"]),
        _optional_date(d.get("recognized_on")),
        _boolean(d.get("leadership_post", False)),
        _records(d.get("memberships", []), _membership),
        _records(d.get("exempt", []), _period),
        _records(d.get("suspended", []), _period),
    )
    _no_overlaps(record, "memberships", record.memberships)
    _no_overlaps(record, "exempt", record.exempt)
    _no_overlaps(record, "suspended", record.suspended)
    record.__attrs_post_init__()  # raises InvalidRecordError: the caller falls back
    return record


def _kinds(value: object) -> frozenset[MeetingKind]:
    if type(value) is not list:
        raise _FALLBACK
    key = tuple(value)
    kinds = _KIND_SETS.get(key)
    if kinds is None:
        items = [_KINDS_BY_VALUE[k] for k in key]
        if not items or len(set(items)) != len(items):
            raise _FALLBACK
        kinds = _KIND_SETS[key] = frozenset(items)  # at most a handful of keys: every one is valid
    return kinds


def _attendance(value: object) -> Attendance:
    if type(value) is not dict or "" in value:
        raise _FALLBACK
    _any_text("".join(value))  # member ids are checked against the members later; here only: storable text
    marks = _MARKS
    return _make_attendance({k: marks[v] for k, v in sorted(value.items())})  # type: ignore[no-any-return]


def meeting(value: object) -> Meeting:
    """A `Meeting` from its JSON object, or `Fallback`."""
    if not ENABLED:
        raise _FALLBACK
    d = _keys_within(value, _MEETING_KEYS)
    presenters = d.get("presenters")
    record: Meeting = _make_meeting(
        _text(d["id"]),
        _text(d["cell"]),
        _date(d["date"]),
        _kinds(d["kinds"]),
        _integer(d["duration_minutes"], 1, None),
        _any_text(d.get("topic", "")),
        _string_tuple(d.get("tags", [])),
        _attendance(d.get("attendance", {})),
        _string_tuple(d.get("speakers", [])),
        _boolean(d.get("minutes", True)),
        None if presenters is None else _string_tuple(presenters),
    )
    record.__attrs_post_init__()
    return record


def assessment(value: object) -> Assessment:
    """An `Assessment` from its JSON object, or `Fallback`."""
    if not ENABLED:
        raise _FALLBACK
    d = _keys_within(value, _ASSESSMENT_KEYS)
    proposed = d.get("proposed")
    return _make_assessment(  # type: ignore[no-any-return]
        _text(d["subject"]),
        _integer(d["year"], FIRST_YEAR, LAST_YEAR),
        _decimal(d.get("score"), _SCORES, _HUNDRED),
        None if proposed is None else _LEVELS[proposed],
        _decimal(d.get("tasks_done"), _FRACTIONS, _ONE),
        _decimal(d.get("tasks_behind"), _FRACTIONS, _ONE),
        _decimal(d.get("tasks_exceeded"), _FRACTIONS, _ONE),
        _optional_boolean(d.get("prior_shortcomings_fixed")),
        _optional_boolean(d.get("disciplined")),
        _optional_boolean(d.get("degradation")),
        _optional_boolean(d.get("mitigated")),
        _optional_text(d.get("quota_group")),
    )


def _remedy(value: object) -> Remedy:
    d = _keys_within(value, _REMEDY_KEYS)
    return _make_remedy(  # type: ignore[no-any-return]
        _text(d["action"]),
        _optional_text(d.get("owner")),
        _optional_date(d.get("due")),
        _optional_date(d.get("done_on")),
    )


def _shortcoming(value: object) -> Shortcoming:
    d = _keys_within(value, _SHORTCOMING_KEYS)
    return _make_shortcoming(  # type: ignore[no-any-return]
        _text(d["text"]),
        _any_text(d.get("cause", "")),
        _records(d.get("remedies", []), _remedy),
    )


def review(value: object) -> Review:
    """A `Review` from its JSON object, or `Fallback`."""
    if not ENABLED:
        raise _FALLBACK
    d = _keys_within(value, _REVIEW_KEYS)
    strengths = d.get("strengths", [])
    if type(strengths) is not list:
        raise _FALLBACK
    record: Review = _make_review(
        _text(d["id"]),
        _text(d["subject"]),
        _integer(d["year"], FIRST_YEAR, LAST_YEAR),
        _integer(d.get("opinions", 0), 0, None),
        tuple(map(_text, strengths)),
        _records(d.get("shortcomings", []), _shortcoming),
    )
    record.__attrs_post_init__()
    return record
