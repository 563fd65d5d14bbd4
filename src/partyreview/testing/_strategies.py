"""The strategies of `partyreview.testing`: valid records and whole valid datasets."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Final, TypeVar

from hypothesis import strategies as st

from .._assessments import FIRST_YEAR, LAST_YEAR, Assessment, Level
from .._dataset import Dataset
from .._findings import Finding, FindingParam, Severity
from .._meetings import Attendance, AttendanceMark, Meeting, MeetingKind
from .._org import Member, Membership, Role, Unit, UnitKind
from .._periods import Period
from .._quota import QuotaCandidate
from .._reviews import Remedy, Review, Shortcoming
from ..errors import InvalidArgumentError

__all__ = [
    "assessments",
    "attendances",
    "datasets",
    "findings",
    "meetings",
    "members",
    "memberships",
    "periods",
    "quota_candidates",
    "remedies",
    "reviews",
    "shortcomings",
    "units",
]

T = TypeVar("T")

MIN_DATE: Final = dt.date(1930, 1, 1)
"""Default earliest date of a generated record (the Party's founding year)."""
MAX_DATE: Final = dt.date(2100, 12, 31)
"""Default latest date of a generated record."""
DEFAULT_YEAR: Final = 2025
"""Default year of a generated dataset."""
_YEARS: Final = st.integers(FIRST_YEAR, LAST_YEAR)
_FORTY_YEARS: Final = dt.timedelta(days=40 * 365)
_TWO_YEARS: Final = dt.timedelta(days=2 * 365)

# -- text ---------------------------------------------------------------------------------------------

_WORDS: Final = (
    "Chi bộ",
    "Đảng bộ",
    "Văn phòng",
    "Nguyễn",
    "Trần",
    "Lê",
    "Văn",
    "Thị",
    "Hồng",
    "Phương",
    "Học tập và làm theo Bác",
    "xây dựng Đảng",
    "kinh tế",
)
_CHARACTERS: Final = st.characters(codec="utf-8", exclude_categories=("Cc", "Cs"))
"""Any character a record's text may hold: no control characters, no lone surrogates."""
_texts: Final = st.one_of(
    st.lists(st.sampled_from(_WORDS), min_size=1, max_size=4).map(" ".join),
    st.text(_CHARACTERS, min_size=1, max_size=16).filter(str.strip),
)
"""Non-blank text: Vietnamese words, or any Unicode a record accepts."""
_ids: Final = st.one_of(
    st.text("ABCDEFGHKMQRSTVXYZ0123456789-_", min_size=1, max_size=6),
    _texts,
)
"""Identifiers: short codes such as ``C12``, or any non-blank text (ids are free text in the model)."""
_TAGS: Final = ("ho-chi-minh", "kinh-te", "xay-dung-dang")
_scores: Final = st.one_of(*(st.decimals(0, 100, places=places) for places in (0, 1, 2)))
_shares: Final = st.one_of(*(st.decimals(0, 1, places=places) for places in (0, 1, 2)))
_MARKS: Final = st.sampled_from(
    [AttendanceMark.PRESENT] * 3 + [AttendanceMark.EXCUSED, AttendanceMark.UNEXCUSED],
)
"""Present three times as often as each kind of absence."""
_durations: Final = st.one_of(st.sampled_from([90, 120, 60, 150]), st.integers(1, 600))
_kinds: Final = st.sets(st.sampled_from(MeetingKind), min_size=1)
_blank_or_texts: Final = st.one_of(st.just(""), _texts)
_tag_lists: Final = st.lists(st.one_of(st.sampled_from(_TAGS), _texts), unique=True, max_size=3)
_ranks: Final = st.integers(0, 15)
_codes: Final = st.from_regex(r"[a-z]+(_[a-z]+)?(\.[a-z]+(_[a-z]+)?){1,3}", fullmatch=True)
_param_names: Final = st.from_regex(r"[a-z][a-z0-9_]{0,11}", fullmatch=True)
_param_values: Final[st.SearchStrategy[FindingParam]] = st.one_of(_texts, st.integers())


def _maybe(strategy: st.SearchStrategy[T]) -> st.SearchStrategy[T | None]:
    return st.one_of(st.none(), strategy)


def _optional(draw: st.DrawFn, strategy: st.SearchStrategy[T]) -> T | None:
    """``None`` or a value of ``strategy``: `_maybe` for strategies built per call, which are slow to combine."""
    return draw(strategy) if draw(st.booleans()) else None


_optional_scores: Final = _maybe(_scores)
_optional_levels: Final = _maybe(st.sampled_from(Level))
_optional_shares: Final = _maybe(_shares)
_optional_flags: Final = _maybe(st.booleans())
_optional_ids: Final = _maybe(_ids)
_three_ways: Final = st.integers(0, 2)


# -- argument checks ----------------------------------------------------------------------------------


def _check_date(name: str, value: object) -> dt.date:
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise InvalidArgumentError(f"{name} must be a datetime.date (got {value!r})")
    return value


def _check_dates(min_date: object, max_date: object) -> None:
    low, high = _check_date("min_date", min_date), _check_date("max_date", max_date)
    if high < low:
        raise InvalidArgumentError(f"min_date must not be after max_date (got {low} and {high})")


def _check_int(name: str, value: object, low: int, high: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < low or (high is not None and value > high):
        bounds = f"≥ {low}" if high is None else f"in [{low}, {high}]"
        raise InvalidArgumentError(f"{name} must be a whole number {bounds} (got {value!r})")
    return value


def _check_sizes(name: str, low: object, high: object) -> None:
    if _check_int(f"max_{name}", high, 0) < _check_int(f"min_{name}", low, 0):
        raise InvalidArgumentError(f"min_{name} must not exceed max_{name} (got {low} and {high})")


def _check_year(year: object) -> None:
    if year is not None:
        _check_int("year", year, FIRST_YEAR, LAST_YEAR)


def _id_tuple(name: str, ids: object) -> tuple[str, ...] | None:
    """``ids`` as a tuple without repeats, after checking each is an id; ``None`` stays ``None``."""
    if ids is None:
        return None
    items = tuple(ids) if isinstance(ids, Iterable) and not isinstance(ids, str) else (ids,)
    valid = [i for i in items if isinstance(i, str) and i.strip()]
    if isinstance(ids, str) or len(valid) != len(items):
        raise InvalidArgumentError(f"{name} must be a sequence of non-blank ids (got {ids!r})")
    return tuple(dict.fromkeys(valid))


def _id_or_none(name: str, value: object) -> None:
    if value is not None and (not isinstance(value, str) or not value.strip()):
        raise InvalidArgumentError(f"{name} must be a non-blank id or None (got {value!r})")


# -- records --------------------------------------------------------------------------------------------


def _period(draw: st.DrawFn, low: dt.date, high: dt.date, *, open_ended: bool | None) -> Period:
    start = draw(st.dates(low, high))
    if draw(st.booleans()) if open_ended is None else open_ended:
        return Period(start)
    return Period(start, draw(st.dates(start, high)))


def _spans(draw: st.DrawFn, low: dt.date, high: dt.date, at_most: int) -> list[Period]:
    """Up to ``at_most`` disjoint periods between ``low`` and ``high``, in order; the last may be open-ended."""
    days = sorted(draw(st.lists(st.dates(low, high), max_size=2 * at_most, unique=True)))
    spans = [Period(start, end) for start, end in zip(days[::2], days[1::2], strict=False)]
    if len(days) % 2:
        spans.append(Period(days[-1]))
    return spans


@st.composite
def _periods(draw: st.DrawFn, low: dt.date, high: dt.date, *, open_ended: bool | None) -> Period:
    return _period(draw, low, high, open_ended=open_ended)


def periods(
    *, min_date: dt.date = MIN_DATE, max_date: dt.date = MAX_DATE, open_ended: bool | None = None
) -> st.SearchStrategy[Period]:
    """Periods starting from ``min_date`` and, when closed, ending by ``max_date``.

    Args:
        min_date: earliest start.
        max_date: latest start and latest end.
        open_ended: ``True`` for open-ended periods only, ``False`` for closed ones
            only, ``None`` (the default) for both.
    """
    _check_dates(min_date, max_date)
    return _periods(min_date, max_date, open_ended=open_ended)


@st.composite
def _units(draw: st.DrawFn, kind: UnitKind | None, low: dt.date, high: dt.date) -> Unit:
    unit_id = draw(_ids)
    active_from = _optional(draw, st.dates(low, high))
    return Unit(
        unit_id,
        draw(_texts),
        draw(st.sampled_from(UnitKind)) if kind is None else kind,
        draw(_maybe(_ids.filter(lambda parent: parent != unit_id))),
        active_from,
        _optional(draw, st.dates(active_from or low, high)),
    )


def units(
    *, kind: UnitKind | None = None, min_date: dt.date = MIN_DATE, max_date: dt.date = MAX_DATE
) -> st.SearchStrategy[Unit]:
    """Units of the organization tree, on their own (a parent, if any, is just an id).

    Args:
        kind: only units of this kind; ``None`` (the default) for any kind.
        min_date: earliest day the unit's active period may start.
        max_date: latest day it may start or end.
    """
    if kind is not None and not isinstance(kind, UnitKind):
        raise InvalidArgumentError(f"kind must be a UnitKind or None (got {kind!r})")
    _check_dates(min_date, max_date)
    return _units(kind, min_date, max_date)


@st.composite
def _memberships(draw: st.DrawFn, cell: str | None, low: dt.date, high: dt.date) -> Membership:
    span = _period(draw, low, high, open_ended=None)
    return Membership(draw(_ids) if cell is None else cell, span.start, span.end, draw(st.sampled_from(Role)))


def memberships(
    *, cell: str | None = None, min_date: dt.date = MIN_DATE, max_date: dt.date = MAX_DATE
) -> st.SearchStrategy[Membership]:
    """Memberships of one cell over a period between ``min_date`` and ``max_date``, with a role.

    Args:
        cell: the cell's id; ``None`` (the default) for any id.
        min_date: earliest start.
        max_date: latest start and latest end; the membership may also be open-ended.
    """
    _id_or_none("cell", cell)
    _check_dates(min_date, max_date)
    return _memberships(cell, min_date, max_date)


@st.composite
def _members(draw: st.DrawFn, cells: tuple[str, ...] | None, at_most: int, low: dt.date, high: dt.date) -> Member:
    admitted = draw(st.dates(low, high))
    cell_ids = _ids if cells is None else st.sampled_from(cells)
    return Member(
        draw(_ids),
        draw(_texts),
        admitted,
        _optional(draw, st.dates(admitted, high)),
        draw(st.booleans()),
        [
            Membership(draw(cell_ids), span.start, span.end, draw(st.sampled_from(Role)))
            for span in _spans(draw, admitted, high, at_most)
        ],
        _spans(draw, admitted, high, 2),
        _spans(draw, admitted, high, 2),
    )


def members(
    *,
    cells: Sequence[str] | None = None,
    max_memberships: int = 3,
    min_date: dt.date = MIN_DATE,
    max_date: dt.date = MAX_DATE,
) -> st.SearchStrategy[Member]:
    """Party members on their own: admission (and maybe recognition), consecutive memberships, exemptions, suspensions.

    Memberships start on or after admission and never overlap; so do the
    exemption periods, and the suspension periods.

    Args:
        cells: ids of the cells memberships may be in; ``None`` (the default) for any ids.
        max_memberships: most memberships a member has (0 for none).
        min_date: earliest admission.
        max_date: latest date of any kind.
    """
    cell_ids = _id_tuple("cells", cells)
    if cell_ids == ():
        raise InvalidArgumentError("cells must name at least one cell (use max_memberships=0 for no membership)")
    _check_int("max_memberships", max_memberships, 0)
    _check_dates(min_date, max_date)
    return _members(cell_ids, max_memberships, min_date, max_date)


def _marks(draw: st.DrawFn, expected: Sequence[str], may_attend: Sequence[str] = ()) -> dict[str, AttendanceMark]:
    """A mark for each of ``expected``, and ``present`` for some of ``may_attend`` (exempt members who came)."""
    marks = {member: draw(_MARKS) for member in expected}
    marks.update((member, AttendanceMark.PRESENT) for member in may_attend if draw(st.booleans()))
    return marks


@st.composite
def _attendances(draw: st.DrawFn, attendees: tuple[str, ...] | None) -> Attendance:
    if attendees is None:
        attendees = tuple(draw(st.lists(_ids, max_size=8, unique=True)))
    return Attendance(_marks(draw, attendees))


def attendances(*, members: Sequence[str] | None = None) -> st.SearchStrategy[Attendance]:
    """Attendance sheets: a mark for each member, present more often than absent.

    Args:
        members: the ids to mark, each exactly once; ``None`` (the default) for 0–8 random ids.
    """
    return _attendances(_id_tuple("members", members))


def _some(draw: st.DrawFn, ids: Sequence[str]) -> tuple[str, ...]:
    """Some of ``ids``, in an order drawn.

    Only module-level strategies are drawn from: a strategy built per call (such as
    ``st.lists(st.sampled_from(ids))``) costs more than the whole draw.
    """
    chosen = sorted((draw(_ranks), i) for i in ids if draw(st.booleans()))
    return tuple(i for _, i in chosen)


def _meeting(draw: st.DrawFn, meeting_id: str, cell: str, day: dt.date, marks: dict[str, AttendanceMark]) -> Meeting:
    present = [member for member, mark in marks.items() if mark is AttendanceMark.PRESENT]
    return Meeting(
        id=meeting_id,
        cell=cell,
        date=day,
        kinds=draw(_kinds),
        duration_minutes=draw(_durations),
        topic=draw(_blank_or_texts),
        tags=draw(_tag_lists),
        attendance=marks,
        speakers=_some(draw, present),
        minutes=draw(st.booleans()),
        presenters=None if draw(st.booleans()) else _some(draw, present)[:2],
    )


@st.composite
def _meetings(
    draw: st.DrawFn, cell: str | None, attendees: tuple[str, ...] | None, low: dt.date, high: dt.date
) -> Meeting:
    if attendees is None:
        attendees = tuple(draw(st.lists(_ids, max_size=8, unique=True)))
    return _meeting(
        draw, draw(_ids), draw(_ids) if cell is None else cell, draw(st.dates(low, high)), _marks(draw, attendees)
    )


def meetings(
    *,
    cell: str | None = None,
    attendees: Sequence[str] | None = None,
    min_date: dt.date = MIN_DATE,
    max_date: dt.date = MAX_DATE,
) -> st.SearchStrategy[Meeting]:
    """Meetings on their own: kinds, duration, topic, tags, a mark per attendee, speakers and presenters.

    Speakers and presenters (when recorded) are always among the members marked present.

    Args:
        cell: the cell's id; ``None`` (the default) for any id.
        attendees: the member ids to mark; ``None`` (the default) for 0–8 random ids.
        min_date: earliest day of the meeting.
        max_date: latest day.
    """
    _id_or_none("cell", cell)
    attendee_ids = _id_tuple("attendees", attendees)
    _check_dates(min_date, max_date)
    return _meetings(cell, attendee_ids, min_date, max_date)


def _assessment(draw: st.DrawFn, subject: str, year: int, groups: st.SearchStrategy[str | None]) -> Assessment:
    return Assessment(
        subject,
        year,
        score=draw(_optional_scores),
        proposed=draw(_optional_levels),
        tasks_done=draw(_optional_shares),
        tasks_behind=draw(_optional_shares),
        tasks_exceeded=draw(_optional_shares),
        prior_shortcomings_fixed=draw(_optional_flags),
        disciplined=draw(_optional_flags),
        degradation=draw(_optional_flags),
        mitigated=draw(_optional_flags),
        quota_group=draw(groups),
    )


@st.composite
def _assessments(draw: st.DrawFn, subject: str | None, year: int | None) -> Assessment:
    subject = draw(_ids) if subject is None else subject
    return _assessment(draw, subject, draw(_YEARS) if year is None else year, _optional_ids)


def assessments(*, subject: str | None = None, year: int | None = None) -> st.SearchStrategy[Assessment]:
    """Annual assessments: any mix of score, proposed level, task shares and the yes/no facts, each maybe missing.

    Args:
        subject: the member's or unit's id; ``None`` (the default) for any id.
        year: the year assessed; ``None`` (the default) for any year the record accepts.
    """
    _id_or_none("subject", subject)
    _check_year(year)
    return _assessments(subject, year)


_Owners = st.SearchStrategy[str | None]
_Days = st.SearchStrategy[dt.date | None]


def _owners(owners: tuple[str, ...] | None) -> _Owners:
    if owners is None:
        return _optional_ids
    return _maybe(st.sampled_from(owners)) if owners else st.none()


def _remedy(draw: st.DrawFn, owners: _Owners, days: _Days) -> Remedy:
    return Remedy(draw(_texts), draw(owners), draw(days), draw(days))


def _shortcoming(draw: st.DrawFn, owners: _Owners, days: _Days) -> Shortcoming:
    return Shortcoming(
        draw(_texts),
        draw(_blank_or_texts),
        [_remedy(draw, owners, days) for _ in range(draw(st.integers(0, 3)))],
    )


@st.composite
def _remedies(draw: st.DrawFn, owners: tuple[str, ...] | None, low: dt.date, high: dt.date) -> Remedy:
    return _remedy(draw, _owners(owners), _maybe(st.dates(low, high)))


@st.composite
def _shortcomings(draw: st.DrawFn, owners: tuple[str, ...] | None, low: dt.date, high: dt.date) -> Shortcoming:
    return _shortcoming(draw, _owners(owners), _maybe(st.dates(low, high)))


def remedies(
    *, owners: Sequence[str] | None = None, min_date: dt.date = MIN_DATE, max_date: dt.date = MAX_DATE
) -> st.SearchStrategy[Remedy]:
    """Remedial actions, each maybe with an owner, a due day and a done day (in either order).

    Args:
        owners: member ids an owner is drawn from (``()`` for never an owner);
            ``None`` (the default) for any id.
        min_date: earliest due or done day.
        max_date: latest due or done day.
    """
    owner_ids = _id_tuple("owners", owners)
    _check_dates(min_date, max_date)
    return _remedies(owner_ids, min_date, max_date)


def shortcomings(
    *, owners: Sequence[str] | None = None, min_date: dt.date = MIN_DATE, max_date: dt.date = MAX_DATE
) -> st.SearchStrategy[Shortcoming]:
    """Shortcomings with a cause (maybe blank) and 0–3 remedies, as `remedies` draws them."""
    owner_ids = _id_tuple("owners", owners)
    _check_dates(min_date, max_date)
    return _shortcomings(owner_ids, min_date, max_date)


def _review(draw: st.DrawFn, review_id: str, subject: str, year: int, owners: _Owners) -> Review:
    days = _maybe(st.dates(dt.date(year, 1, 1), dt.date(year + 1, 12, 31)))
    return Review(
        review_id,
        subject,
        year,
        draw(st.integers(0, 50)),
        draw(st.lists(_texts, max_size=2)),
        [_shortcoming(draw, owners, days) for _ in range(draw(st.integers(0, 3)))],
    )


@st.composite
def _reviews(draw: st.DrawFn, subject: str | None, year: int | None, owners: tuple[str, ...] | None) -> Review:
    return _review(
        draw,
        draw(_ids),
        draw(_ids) if subject is None else subject,
        draw(_YEARS) if year is None else year,
        _owners(owners),
    )


def reviews(
    *, subject: str | None = None, year: int | None = None, owners: Sequence[str] | None = None
) -> st.SearchStrategy[Review]:
    """Self-criticism reviews: opinions, strengths, and 0–3 shortcomings with their remedies.

    Remedies are due and done in the year reviewed or the next one (never
    done before the year reviewed, which a `Review` refuses).

    Args:
        subject: the unit's or member's id; ``None`` (the default) for any id.
        year: the year reviewed; ``None`` (the default) for any year the record accepts.
        owners: member ids remedy owners are drawn from, as in `remedies`.
    """
    _id_or_none("subject", subject)
    _check_year(year)
    return _reviews(subject, year, _id_tuple("owners", owners))


@st.composite
def _findings(draw: st.DrawFn, code: str | None, severity: Severity | None) -> Finding:
    return Finding(
        draw(_codes) if code is None else code,
        draw(st.sampled_from(Severity)) if severity is None else severity,
        draw(_texts),
        draw(_blank_or_texts),
        draw(st.dictionaries(_param_names, _param_values, max_size=4)),
    )


def findings(*, code: str | None = None, severity: Severity | None = None) -> st.SearchStrategy[Finding]:
    """Findings as hosts receive them (for testing renderers and message catalogues): code, severity, message, params.

    Args:
        code: a fixed code; ``None`` (the default) for dotted codes such as ``cadence.regular_x``.
        severity: a fixed severity; ``None`` (the default) for any.
    """
    _id_or_none("code", code)
    if severity is not None and not isinstance(severity, Severity):
        raise InvalidArgumentError(f"severity must be a Severity or None (got {severity!r})")
    return _findings(code, severity)


def quota_candidates(*, subject: str | None = None) -> st.SearchStrategy[QuotaCandidate]:
    """Candidates for the quota on "excellent": a subject, maybe a score, a priority."""
    _id_or_none("subject", subject)
    return st.builds(
        QuotaCandidate,
        _ids if subject is None else st.just(subject),
        _optional_scores,
        st.integers(-3, 3),
    )


# -- datasets -----------------------------------------------------------------------------------------------


def _cell(draw: st.DrawFn, cell_id: str, parent: str, year: int) -> Unit:
    """A cell active on at least one day of ``year``: since long ago or created in it, maybe dissolved in it or later."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    created = draw(_three_ways)  # not recorded, long ago, or during the year
    start = (
        None if created == 0 else draw(st.dates(first - _FORTY_YEARS, first) if created == 1 else st.dates(first, last))
    )
    since = max(start or first, first)
    dissolved = draw(_three_ways)  # not, during the year, or later
    end = (
        None if dissolved == 0 else draw(st.dates(since, last) if dissolved == 1 else st.dates(last, last + _TWO_YEARS))
    )
    return Unit(cell_id, draw(_texts), UnitKind.CELL, parent, start, end)


def _cell_member(draw: st.DrawFn, member_id: str, cell: Unit, others: Sequence[Unit], year: int) -> Member:
    """A member of ``cell`` during ``year``, maybe since they were admitted, maybe transferred, exempt or suspended."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    start = draw(st.dates(cell.active_from or first - _FORTY_YEARS, min(cell.active_to or last, last)))
    # A member of a dissolved cell leaves it by the day it is dissolved.
    end = _optional(draw, st.dates(start, last)) if cell.active_to is None else draw(st.dates(start, cell.active_to))
    admitted = draw(st.dates(start - _FORTY_YEARS, start)) if draw(st.booleans()) else start
    memberships = [Membership(cell.id, start, end, draw(st.sampled_from(Role)))]
    targets = [c for c in others if c.active_to is None]
    if end is not None and end < last and targets and draw(st.booleans()):
        target = draw(st.sampled_from(targets))
        begin = max(end + dt.timedelta(days=1), target.active_from or end)
        memberships.append(Membership(target.id, begin, None, draw(st.sampled_from(Role))))
    away: dict[str, list[Period]] = {"exempt": [], "suspended": []}
    flag = draw(st.sampled_from(["none", "none", "exempt", "suspended"]))
    if flag in away:
        away[flag].append(_period(draw, first, last, open_ended=None))
    return Member(
        member_id,
        draw(_texts),
        admitted,
        _optional(draw, st.dates(admitted, admitted + _TWO_YEARS)),
        draw(st.booleans()),
        memberships,
        away["exempt"],
        away["suspended"],
    )


@st.composite
def _datasets(
    draw: st.DrawFn,
    year: int,
    cell_counts: tuple[int, int],
    member_counts: tuple[int, int],
    meeting_counts: tuple[int, int],
) -> Dataset:
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    committee = Unit("K", draw(_texts), UnitKind.COMMITTEE)
    grassroots = [Unit(f"G{i}", draw(_texts), UnitKind.GRASSROOTS, "K") for i in range(draw(st.integers(1, 2)))]
    parents = st.sampled_from(["K", *(g.id for g in grassroots)])
    cells = [_cell(draw, f"C{i}", draw(parents), year) for i in range(draw(st.integers(*cell_counts)))]
    members: list[Member] = []
    for cell in cells:
        others = [c for c in cells if c is not cell]
        for _ in range(draw(st.integers(*member_counts))):
            members.append(_cell_member(draw, f"M{len(members)}", cell, others, year))
    meetings: list[Meeting] = []
    for cell in cells:
        for i in range(draw(st.integers(*meeting_counts))):
            day = draw(st.dates(max(cell.active_from or first, first), min(cell.active_to or last, last)))
            expected = [m.id for m in members if m.is_expected_on(day, cell.id)]
            exempt = [
                m.id
                for m in members
                if m.cell_on(day) == cell.id and m.is_exempt_on(day) and not m.is_suspended_on(day)
            ]
            meetings.append(_meeting(draw, f"{cell.id}-m{i}", cell.id, day, _marks(draw, expected, exempt)))
    units = [committee, *grassroots, *cells]
    subjects = [m.id for m in members] + [u.id for u in units]
    groups = _maybe(st.sampled_from([u.id for u in units]))
    assessed = draw(st.lists(st.sampled_from(subjects), unique=True))
    owners = _owners(tuple(m.id for m in members))
    reviewed = draw(st.lists(st.tuples(st.sampled_from(subjects), st.sampled_from([year - 1, year])), unique=True))
    return Dataset(
        units,
        members,
        meetings,
        [_assessment(draw, subject, year, groups) for subject in assessed],
        [_review(draw, f"R{i}", subject, reviewed_year, owners) for i, (subject, reviewed_year) in enumerate(reviewed)],
    )


def datasets(
    *,
    year: int = DEFAULT_YEAR,
    min_cells: int = 1,
    max_cells: int = 3,
    min_members_per_cell: int = 0,
    max_members_per_cell: int = 4,
    min_meetings_per_cell: int = 0,
    max_meetings_per_cell: int = 16,
) -> st.SearchStrategy[Dataset]:
    """Whole valid datasets of one committee for ``year``, of a size you choose.

    Every generated dataset passes every cross-record check, and it always loads:
    ``loads_dataset(dumps_dataset(d)) == d``.  The shape:

    - units: the committee ``K``, one or two grassroots organizations ``G0``,
      ``G1`` under it, and cells ``C0``, ``C1``, … under either, each active on
      at least one day of ``year`` (since long ago or created during it, maybe
      dissolved during it or later);
    - members ``M0``, ``M1``, …: each starts in one cell during its life, maybe
      admitted that day, maybe transferred to another cell, maybe exempt or
      suspended for part of ``year``;
    - meetings ``C0-m0``, … on days of ``year`` the cell is active, with a mark
      for every member expected, maybe exempt members present, and speakers and
      presenters among those present;
    - assessments of some members and units for ``year``; reviews ``R0``, … of
      some members and units for ``year - 1`` or ``year``, with remedies owned
      by members.

    Args:
        year: the year of the meetings and assessments.
        min_cells: fewest cells.
        max_cells: most cells.
        min_members_per_cell: fewest members who start in each cell.
        max_members_per_cell: most members who start in each cell.
        min_meetings_per_cell: fewest meetings of each cell (16 is a year's
            12 regular and 4 thematic meetings).
        max_meetings_per_cell: most meetings of each cell.

    Raises:
        InvalidArgumentError: a bound is negative, a minimum exceeds its maximum,
            or ``year`` is outside 1931–2200.
    """
    _check_int("year", year, FIRST_YEAR + 1, LAST_YEAR)
    _check_sizes("cells", min_cells, max_cells)
    _check_sizes("members_per_cell", min_members_per_cell, max_members_per_cell)
    _check_sizes("meetings_per_cell", min_meetings_per_cell, max_meetings_per_cell)
    return _datasets(
        year,
        (min_cells, max_cells),
        (min_members_per_cell, max_members_per_cell),
        (min_meetings_per_cell, max_meetings_per_cell),
    )
