"""Planning (C4): a year's meeting dates from a recurrence, moved off public holidays, as iCalendar.

`plan_year` expands a recurrence rule (an RFC 5545 ``RRULE`` or a preset such as
``"second Tuesday"``) over a year with ``dateutil.rrule``, moves the dates that
fall on a holiday (Vietnam's public holidays from the ``holidays`` package by
default), places the thematic sessions the cadence rules require, and returns a
frozen `MeetingPlan`.  `plan_to_ical` and `plan_from_ical` write and read it as
an iCalendar file (``icalendar``) whose regular series is one recurring event.

The plan is built so that `check_cadence` finds it compliant: every session
stays in its month, every active quarter gets its thematic sessions, one
thematic session carries the Ho Chi Minh tag where the rules require it, and
every duration is at least the rule set's minimum.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from calendar import monthrange
from collections import Counter
from collections.abc import Callable, Container, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final, Literal, TypeAlias, cast

import attrs

from ._cadence import cell_active_months
from ._meetings import Meeting, MeetingKind, SessionKinds, _kinds, _str_tuple, sorted_kinds
from ._org import Unit
from ._periods import MONTHS, quarter_of
from ._validators import calendar_date, int_between, items_of, non_empty_text, text_items, unique_items
from .errors import InvalidArgumentError, InvalidRecordError

if TYPE_CHECKING:
    from dateutil.rrule import rrule
    from icalendar import Component, Event

    from .rules._cadence import CadenceRuleSet

__all__ = [
    "HolidaySource",
    "MeetingPlan",
    "PlannedSession",
    "ThematicPlacement",
    "plan_from_ical",
    "plan_to_ical",
    "plan_year",
    "render_plan",
]

ThematicPlacement: TypeAlias = Literal["combined", "separate"]
"""Where the quarter's thematic session goes: in the regular session, or in a session of its own."""

HolidaySource: TypeAlias = Container[dt.date] | Callable[[dt.date], object]
"""Days on which no meeting is held: a container of dates (a mapping of dates to names
gives the names), or a callable returning the holiday's name, ``True``, or a false value."""

_EXAMPLE_RULE: Final = "FREQ=MONTHLY;BYDAY=2TU"
_EXAMPLE_PRESET: Final = "second Tuesday"
_CYCLE_START: Final = 9600
"""First year of the last whole 400-year Gregorian cycle before `datetime.MAXYEAR`.

The calendar repeats every 400 years, weekdays included (146,097 days are 20,871
weeks), so a rule gives the same months and days in year ``9600 + year % 400`` as
in ``year``.  Expanding there means a rule that never matches runs out of years
(at 9999) within 400 of them, instead of searching eight millennia.
"""
_SUB_DAILY: Final = frozenset({"HOURLY", "MINUTELY", "SECONDLY"})
_TIME_PARTS: Final = frozenset({"BYHOUR", "BYMINUTE", "BYSECOND"})
_REGULAR_MINUTES: Final = 90
_COMBINED_MINUTES: Final = 120
"""Durations planned where the rule set sets no minimum (HD 12 §II.3 and HD 42 figures)."""
_INACTIVE: Final = "the cell is not active on that day"
_TAKEN: Final = "another session is planned that day"
_HOLIDAY: Final = "holiday"
_SATURDAY: Final = 5

# -- presets ---------------------------------------------------------------------------------------------------------

_EN_ORDINALS: Final = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "last": -1,
}  # fmt: skip
_EN_WEEKDAYS: Final = {
    "monday": "MO", "mon": "MO", "tuesday": "TU", "tue": "TU", "wednesday": "WE", "wed": "WE",
    "thursday": "TH", "thu": "TH", "friday": "FR", "fri": "FR", "saturday": "SA", "sat": "SA",
    "sunday": "SU", "sun": "SU",
}  # fmt: skip
# Vietnamese, compared without diacritics: "thứ Ba tuần thứ hai" is folded to "thu ba tuan thu hai".
_VI_WEEKDAYS: Final = {
    "thu hai": "MO", "thu 2": "MO", "t2": "MO", "thu ba": "TU", "thu 3": "TU", "t3": "TU",
    "thu tu": "WE", "thu 4": "WE", "t4": "WE", "thu nam": "TH", "thu 5": "TH", "t5": "TH",
    "thu sau": "FR", "thu 6": "FR", "t6": "FR", "thu bay": "SA", "thu 7": "SA", "t7": "SA",
    "chu nhat": "SU", "cn": "SU",
}  # fmt: skip
_VI_ORDINALS: Final = {
    "dau tien": 1, "dau": 1, "thu nhat": 1, "1": 1, "thu hai": 2, "2": 2, "thu ba": 3, "3": 3,
    "thu tu": 4, "4": 4, "cuoi cung": -1, "cuoi": -1,
}  # fmt: skip


def _alternatives(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_EN_PRESET: Final = re.compile(
    rf"(?:the )?(?P<ordinal>{_alternatives(_EN_ORDINALS)}) (?P<weekday>{_alternatives(_EN_WEEKDAYS)})"
    r"(?: of (?:the|each|every) month)?"
)
_VI_PRESET: Final = re.compile(
    rf"(?:ngay )?(?P<weekday>{_alternatives(_VI_WEEKDAYS)}) (?:cua )?tuan (?P<ordinal>{_alternatives(_VI_ORDINALS)})"
    r"(?: (?:cua thang|trong thang|hang thang|moi thang))?"  # hằng/hàng tháng fold alike
)


def _fold(text: str) -> str:
    """Lower case, without Vietnamese diacritics, single spaces: what presets are compared in."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())


def _preset_rule(text: str) -> str | None:
    """The RRULE a preset stands for (``"last Friday"`` → ``FREQ=MONTHLY;BYDAY=-1FR``), or ``None``."""
    folded = _fold(text)
    for pattern, ordinals, weekdays in (
        (_EN_PRESET, _EN_ORDINALS, _EN_WEEKDAYS),
        (_VI_PRESET, _VI_ORDINALS, _VI_WEEKDAYS),
    ):
        match = pattern.fullmatch(folded)
        if match:
            return f"FREQ=MONTHLY;BYDAY={ordinals[match['ordinal']]}{weekdays[match['weekday']]}"
    return None


# -- the recurrence --------------------------------------------------------------------------------------------------


@attrs.frozen
class _Recurrence:
    """A rule checked for planning: its canonical text and its one date in each month of a year."""

    rule: str
    dates: tuple[dt.date, ...]


def _count(n: int) -> str:
    return "no date" if n == 0 else f"{n} dates"  # never 1: that count is the right one


def _expand(parsed: rrule, start: dt.datetime) -> list[dt.date]:
    """The rule's dates from ``start`` to the end of its year."""
    bounded = parsed.replace(dtstart=start, until=dt.datetime(start.year, 12, 31))  # noqa: DTZ001 - dates only
    return [moment.date() for moment in bounded]


def _canonical_rule(body: str, year: int) -> str:
    """An RRULE that a year's plan can use, in canonical form; `ValueError` naming what is wrong."""
    from icalendar import vRecur

    parts = vRecur.from_ical(body)
    if "FREQ" not in parts:
        raise ValueError("FREQ is missing")
    if {"COUNT", "UNTIL"} & set(parts):
        raise ValueError(f"COUNT and UNTIL are not allowed: the plan bounds the rule to the year {year}")
    if _TIME_PARTS & set(parts) or _SUB_DAILY & set(parts["FREQ"]):
        raise ValueError("meetings fall on whole days: no FREQ finer than DAILY, no BYHOUR, BYMINUTE or BYSECOND")
    canonical: str = parts.to_ical().decode("ascii")
    return canonical


def _recurrence(rule: object, year: int) -> _Recurrence:
    """Parse ``rule`` (an RRULE or a preset) and expand it over ``year``: exactly one date a month.

    The series is anchored at its first date of the year, which is the DTSTART of
    the exported calendar event, so an RFC 5545 reader expands the same dates.
    """
    from dateutil.rrule import rrulestr

    if not isinstance(rule, str):
        raise InvalidArgumentError(f"'rule' must be a string (got {type(rule).__name__} {rule!r})")
    body = _preset_rule(rule) or re.sub(r"(?i)^\s*RRULE:", "", rule).strip().strip(";")
    if "=" not in body or ":" in body or "\n" in body:
        raise InvalidArgumentError(
            f"rule {rule!r} is neither an RRULE such as {_EXAMPLE_RULE!r} nor a preset such as {_EXAMPLE_PRESET!r}"
        )
    shifted = dt.datetime(_CYCLE_START + year % 400, 1, 1)  # noqa: DTZ001 - dates only
    try:
        canonical = _canonical_rule(body, year)
        # A single RRULE line always gives an rrule (an rruleset needs several lines or forceset).
        parsed = cast("rrule", rrulestr(body, dtstart=shifted))
        dates = _expand(parsed, shifted)
        if dates:
            dates = _expand(parsed, dt.datetime.combine(dates[0], dt.time()))
    except (ValueError, IndexError, KeyError, TypeError, OverflowError) as exc:
        raise InvalidArgumentError(f"rule {rule!r} is not a valid RRULE: {exc}") from None
    per_month = Counter(day.month for day in dates)
    for month in MONTHS:
        if per_month[month] != 1:
            raise InvalidArgumentError(
                f"rule {rule!r} gives {_count(per_month[month])} in {month:02d}/{year}; a meeting rule must give "
                f"exactly one date in every month, such as {_EXAMPLE_RULE!r} or {_EXAMPLE_PRESET!r}"
            )
    return _Recurrence(canonical, tuple(day.replace(year=year) for day in dates))


# -- records ---------------------------------------------------------------------------------------------------------


def _session_key(session: PlannedSession) -> tuple[Any, ...]:
    return (
        session.date,
        not session.is_regular,
        session.tags,
        session.duration_minutes,
        session.moved_from or dt.date.min,
        session.moved_because or "",
    )


@attrs.frozen
class PlannedSession(SessionKinds):
    """One planned session: its day, kinds, planned length and tags, and where it was moved from.

    .. versionadded:: 0.1.0
    """

    date: dt.date = attrs.field(validator=calendar_date())
    """Day of the session."""
    kinds: frozenset[MeetingKind] = attrs.field(
        converter=_kinds,
        validator=items_of(MeetingKind),
    )
    """Regular, thematic, or both for a combined session."""
    duration_minutes: int = attrs.field(validator=int_between(1))
    """Planned length: the rule set's minimum for the kind of session."""
    tags: tuple[str, ...] = attrs.field(
        default=(),
        converter=_str_tuple,
        validator=[text_items(), unique_items()],
    )
    """Tags; the rule set's Ho Chi Minh tag marks the year's Ho Chi Minh thematic session."""
    moved_from: dt.date | None = attrs.field(default=None, validator=calendar_date(optional=True))
    """The day the rule (or the thematic placement) gave, when the session was moved off it."""
    moved_because: str | None = attrs.field(default=None, validator=attrs.validators.optional(non_empty_text()))
    """Why it was moved: the holiday's name where known, else ``"holiday"``, or another reason."""

    def __attrs_post_init__(self) -> None:
        if not self.kinds:
            raise InvalidRecordError(f"the session on {self.date.isoformat()} must have at least one kind", "kinds")
        if (self.moved_from is None) != (self.moved_because is None):
            raise InvalidRecordError("'moved_from' and 'moved_because' are given together or not at all", "moved_from")


def _sessions_tuple(value: Iterable[PlannedSession]) -> tuple[PlannedSession, ...]:
    sessions = tuple(value)
    for session in sessions:
        if not isinstance(session, PlannedSession):
            raise InvalidRecordError(f"'sessions' must hold PlannedSession values (got {session!r})", "sessions")
    return tuple(sorted(sessions, key=_session_key))


def _sessions_fit(plan: MeetingPlan, _attr: attrs.Attribute[Any], sessions: tuple[PlannedSession, ...]) -> None:
    regular_days: set[dt.date] = set()
    for session in sessions:
        if session.date.year != plan.year:
            raise InvalidRecordError(
                f"the session on {session.date.isoformat()} is not in the plan's year {plan.year}", "sessions"
            )
        if session.is_regular:
            if session.date in regular_days:
                raise InvalidRecordError(f"two regular sessions on {session.date.isoformat()}", "sessions")
            regular_days.add(session.date)


@attrs.frozen
class MeetingPlan:
    """A cell's planned sessions for one year, from `plan_year` (or `plan_from_ical`).

    .. versionadded:: 0.1.0
    """

    year: int = attrs.field(validator=int_between(1, 9999))
    """The calendar year planned."""
    cell: str | None = attrs.field(validator=attrs.validators.optional(non_empty_text()))
    """Id of the cell planned for, or ``None`` for a plan made without one."""
    rule: str = attrs.field(validator=non_empty_text())
    """The recurrence of the regular meetings, as a canonical RRULE (a preset is stored as its RRULE)."""
    ruleset: str = attrs.field(validator=non_empty_text())
    """Id of the cadence rule set the plan was made for."""
    sessions: tuple[PlannedSession, ...] = attrs.field(converter=_sessions_tuple, validator=_sessions_fit)
    """Every session, by date (a regular session before a thematic one on the same day)."""

    @property
    def regular_dates(self) -> tuple[dt.date, ...]:
        """Days of the regular sessions (combined ones included), in order."""
        return tuple(s.date for s in self.sessions if s.is_regular)

    def to_meetings(self, cell: str | None = None, *, id_prefix: str | None = None) -> tuple[Meeting, ...]:
        """The sessions as `Meeting` records, without attendance, for `check_cadence` or a dataset.

        Args:
            cell: the cell's id; defaults to the plan's `cell`.
            id_prefix: put before the session number (``01``, ``02``, …) to make
                each meeting id; defaults to ``"<cell>-<year>-"``.

        Raises:
            InvalidArgumentError: no cell id, here or in the plan.
        """
        cell_id = self.cell if cell is None else cell
        if cell_id is None:
            raise InvalidArgumentError("to_meetings() needs a 'cell' id: the plan was made without a cell")
        prefix = f"{cell_id}-{self.year}-" if id_prefix is None else id_prefix
        return tuple(
            Meeting(
                id=f"{prefix}{number:02d}",
                cell=cell_id,
                date=session.date,
                kinds=session.kinds,
                duration_minutes=session.duration_minutes,
                tags=session.tags,
            )
            for number, session in enumerate(self.sessions, start=1)
        )


# -- planning --------------------------------------------------------------------------------------------------------


def _holiday_name(answer: object) -> str:
    """A holiday source's answer as one line of text: its name, or ``"holiday"`` where it gives none."""
    if not isinstance(answer, str):
        return _HOLIDAY
    return " ".join("".join(c if c.isprintable() else " " for c in answer).split()) or _HOLIDAY


def _holiday_lookup(source: object, year: int) -> Callable[[dt.date], str | None]:
    """A function giving a day's holiday name (``"holiday"`` where unnamed), or ``None``."""
    if source is None:
        import holidays

        # The language is fixed so that the names do not follow the machine's locale.
        vietnam = holidays.country_holidays("VN", years=year, language="vi")
        if not vietnam.start_year <= year <= vietnam.end_year:
            raise InvalidArgumentError(
                f"'holidays' must be given for {year}: the default source (python-holidays) knows "
                f"Vietnam's public holidays for {vietnam.start_year}–{vietnam.end_year} only"
            )
        source = vietnam
    if isinstance(source, Mapping):
        names = source
        return lambda day: _holiday_name(names[day]) if day in names else None
    if isinstance(source, Container):
        days = source
        return lambda day: _HOLIDAY if day in days else None
    if callable(source):
        test = source

        def called(day: dt.date) -> str | None:
            answer = test(day)
            return _holiday_name(answer) if answer else None

        return called
    raise InvalidArgumentError(
        "'holidays' must be a container of dates, a mapping of dates to names, or a callable taking a date "
        f"(got {type(source).__name__})"
    )


_REGULAR: Final = frozenset({MeetingKind.REGULAR})
_THEMATIC: Final = frozenset({MeetingKind.THEMATIC})
_COMBINED: Final = _REGULAR | _THEMATIC


def _minutes(kinds: frozenset[MeetingKind], rules: CadenceRuleSet) -> int:
    """The planned length of a session: the rule set's minimum for its kinds, or the usual figure."""
    if kinds == _COMBINED:
        return rules.min_minutes_combined or _COMBINED_MINUTES
    if kinds == _REGULAR:
        return rules.min_minutes_regular or _REGULAR_MINUTES
    return rules.min_minutes_thematic or _REGULAR_MINUTES


@attrs.define
class _Placer:
    """Finds the day of each session of one cell's year, and makes the session."""

    cell: Unit | None
    rules: CadenceRuleSet
    holiday: Callable[[dt.date], str | None]
    taken: set[dt.date] = attrs.field(factory=set)

    def blocked(self, day: dt.date) -> str | None:
        if self.cell is not None and not self.cell.active.contains(day):
            return _INACTIVE
        return self.holiday(day)

    def place(self, wanted: dt.date, kinds: frozenset[MeetingKind]) -> PlannedSession:
        """The session of ``kinds`` wanted on ``wanted``, moved if that day is blocked.

        A blocked day moves to the nearest later free day of the same month, else the
        nearest earlier one; a weekday session prefers weekdays, and any session
        prefers a day without another session.
        """
        minutes = _minutes(kinds, self.rules)
        last = monthrange(wanted.year, wanted.month)[1]
        later = [wanted.replace(day=d) for d in range(wanted.day + 1, last + 1)]
        earlier = [wanted.replace(day=d) for d in range(wanted.day - 1, 0, -1)]
        # The wanted day comes first: it is kept unless it is blocked, or taken while another day is free.
        free = [day for day in (wanted, *later, *earlier) if self.blocked(day) is None]
        if not free:
            of_cell = "" if self.cell is None else f" on which cell {self.cell.id} is active"
            raise InvalidArgumentError(
                f"'holidays' leaves no day of {wanted.month:02d}/{wanted.year}{of_cell} free for its meeting; "
                "let one of them be used"
            )
        weekend_ok = wanted.weekday() >= _SATURDAY
        day = min(free, key=lambda d: (d in self.taken, not weekend_ok and d.weekday() >= _SATURDAY))
        self.taken.add(day)
        if day == wanted:
            return PlannedSession(day, kinds, minutes)
        return PlannedSession(day, kinds, minutes, moved_from=wanted, moved_because=self.blocked(wanted) or _TAKEN)


def _thematic_targets(regular_days: Sequence[dt.date], count: int) -> list[dt.date]:
    """Days wanted for ``count`` thematic sessions of a quarter held alone: a week after a regular session.

    Where a week later leaves the month, a week earlier; the k-th session goes
    ``1 + k // len(regular_days)`` weeks from regular session ``k % len(regular_days)``.
    """
    targets = []
    for k in range(count):
        anchor = regular_days[k % len(regular_days)]
        step = 7 * (1 + k // len(regular_days))
        if anchor.day + step <= monthrange(anchor.year, anchor.month)[1]:
            targets.append(anchor.replace(day=anchor.day + step))
        else:
            targets.append(anchor.replace(day=anchor.day - step) if anchor.day > step else anchor)
    return targets


def _thematic_sessions(
    placer: _Placer, regular: Sequence[PlannedSession], thematic: ThematicPlacement
) -> list[PlannedSession]:
    """The regular sessions with the thematic ones of each quarter, combined or on their own."""
    quarters: dict[int, list[PlannedSession]] = {}
    for session in regular:
        quarters.setdefault(quarter_of(session.date.month), []).append(session)
    needed = placer.rules.thematic_per_quarter
    sessions = []
    for in_quarter in quarters.values():
        in_session = min(needed, len(in_quarter)) if thematic == "combined" else 0
        sessions += [
            attrs.evolve(s, kinds=_COMBINED, duration_minutes=_minutes(_COMBINED, placer.rules))
            for s in in_quarter[:in_session]
        ]
        sessions += in_quarter[in_session:]
        sessions += [
            placer.place(target, _THEMATIC)
            for target in _thematic_targets([s.date for s in in_quarter], needed - in_session)
        ]
    return sessions


def _with_hcm_topic(sessions: list[PlannedSession], rules: CadenceRuleSet) -> list[PlannedSession]:
    """Tag the year's first thematic session with the Ho Chi Minh topic, where the rules require one."""
    thematic = sorted((s for s in sessions if s.is_thematic), key=_session_key)
    if rules.hcm_topic_required and thematic:
        first = thematic[0]
        sessions[sessions.index(first)] = attrs.evolve(first, tags=(rules.hcm_topic_tag,))
    return sessions


def plan_year(
    year: int,
    rule: str,
    *,
    cell: Unit | None = None,
    rules: CadenceRuleSet | None = None,
    holidays: HolidaySource | None = None,
    thematic: ThematicPlacement = "combined",
) -> MeetingPlan:
    """Plan a cell's meetings for ``year``: one regular session a month, thematic sessions each quarter.

    1. ``rule`` gives the regular meeting's day in each month: an RFC 5545 RRULE
       (``"FREQ=MONTHLY;BYDAY=2TU"``, with or without ``RRULE:``) or a preset:
       ``"second Tuesday"``, ``"last Friday"``, ``"first Monday of the month"``, or in
       Vietnamese ``"thứ Ba tuần thứ hai"``, ``"thứ Sáu tuần cuối"``.  It must give
       exactly one date in every month of the year, and neither COUNT nor UNTIL.
    2. Only the months in which ``cell`` is active count (as `check_cadence` reads
       them); without a cell, all twelve.
    3. A date on a holiday, or on a day the cell does not exist, moves to the
       nearest later free day of the same month, else the nearest earlier one,
       preferring a weekday when the rule's day was one.  It never leaves its
       month; the session records `PlannedSession.moved_from` and why.
    4. Each active quarter gets ``rules.thematic_per_quarter`` thematic sessions.
       ``"combined"``: the quarter's first regular session(s) become combined
       sessions.  ``"separate"``: a session of its own a week after the regular
       one (a week before where that leaves the month), moved off holidays too.
    5. Where ``rules.hcm_topic_required``, the year's first thematic session gets
       ``rules.hcm_topic_tag``.  Durations are the rule set's minimums (90, 120 and
       90 minutes where it sets none).

    Args:
        year: the year to plan.
        rule: the recurrence of the regular meetings.
        cell: plan for this cell's active months and days.
        rules: the cadence rules; default: those in force on 31 December of ``year``.
        holidays: days without meetings: a container of dates (a mapping of dates
            to names, such as a ``holidays`` calendar, gives the names) or a
            callable returning a name, ``True`` or a false value.  Default:
            Vietnam's public holidays from the ``holidays`` package, with their
            Vietnamese names (Tết Nguyên Đán, Giỗ Tổ Hùng Vương, 30/4, 1/5, 2/9 and
            the days off in lieu).
        thematic: ``"combined"`` or ``"separate"``.

    Raises:
        InvalidArgumentError: an unusable argument, named in the message: a rule
            that is not an RRULE or preset or does not give one date a month,
            a unit that is not a cell, or holidays that leave a month no free day.
        RuleSetNotFoundError: no cadence rule set is in force for ``year``.

    >>> import datetime as dt
    >>> plan = plan_year(2026, "third Tuesday", holidays={dt.date(2026, 2, 17): "Tết Nguyên Đán"})
    >>> february = plan.sessions[1]
    >>> february.date, february.moved_from, february.moved_because
    (datetime.date(2026, 2, 18), datetime.date(2026, 2, 17), 'Tết Nguyên Đán')

    .. versionadded:: 0.1.0
    """
    from .rules._cadence import CadenceRuleSet
    from .rules._registry import default_registry

    if not 1 <= year <= dt.MAXYEAR:
        raise InvalidArgumentError(f"'year' must be a whole number in [1, {dt.MAXYEAR}] (got {year!r})")
    if thematic not in ("combined", "separate"):
        raise InvalidArgumentError(f"'thematic' must be 'combined' or 'separate' (got {thematic!r})")
    if cell is not None and not cell.is_cell:
        raise InvalidArgumentError(f"'cell' must be a cell, got {cell.id!r} of kind {cell.kind.value!r}")
    recurrence = _recurrence(rule, year)
    if rules is None:
        rules = default_registry().for_year(CadenceRuleSet, year)
    placer = _Placer(cell, rules, _holiday_lookup(holidays, year))
    months = MONTHS if cell is None else cell_active_months(cell, year, rules)
    regular = [placer.place(recurrence.dates[month - 1], _REGULAR) for month in months]
    sessions = _with_hcm_topic(_thematic_sessions(placer, regular, thematic), rules)
    return MeetingPlan(year, None if cell is None else cell.id, recurrence.rule, rules.id, sessions)


# -- text ------------------------------------------------------------------------------------------------------------

_KIND_LABELS: Final = {
    frozenset({MeetingKind.REGULAR}): "plan.regular",
    frozenset({MeetingKind.THEMATIC}): "plan.thematic",
    frozenset({MeetingKind.REGULAR, MeetingKind.THEMATIC}): "plan.combined",
}
_REASON_LABELS: Final = {_INACTIVE: "plan.inactive", _TAKEN: "plan.taken", _HOLIDAY: "plan.holiday"}
"""The planner's own reasons for a move, translated; a holiday's name is shown as the calendar gives it."""


def render_plan(plan: MeetingPlan, lang: str = "vi") -> str:
    """The plan as terminal text in ``lang`` (``"vi"`` or ``"en"``): one line per session (date, weekday, kinds,
    minutes, tags, move), then a summary.

    Raises:
        InvalidArgumentError: an unknown language.
    """
    from ._messages import format_date, label

    weekdays = label("plan.weekdays", lang).split()
    kinds = {key: label(name, lang) for key, name in _KIND_LABELS.items()}
    width, day_width = max(map(len, kinds.values())), max(map(len, weekdays))
    of_cell = "" if plan.cell is None else label("plan.of_cell", lang, cell=plan.cell)
    lines = [label("plan.title", lang, year=plan.year, of_cell=of_cell, rule=plan.rule, ruleset=plan.ruleset)]
    for s in plan.sessions:
        notes = [*s.tags]
        if s.moved_from is not None and s.moved_because is not None:
            reason = _REASON_LABELS.get(s.moved_because)
            notes.append(
                label(
                    "plan.moved",
                    lang,
                    date=format_date(s.moved_from, lang),
                    weekday=weekdays[s.moved_from.weekday()],
                    reason=s.moved_because if reason is None else label(reason, lang),
                )
            )
        day = f"{format_date(s.date, lang)} {weekdays[s.date.weekday()]:<{day_width}}"
        line = f"{day}  {kinds[s.kinds]:<{width}} {s.duration_minutes:>3} {label('plan.minutes', lang)}"
        lines.append(f"{line}  {'; '.join(notes)}".rstrip())
    regular = sum(s.is_regular for s in plan.sessions)
    lines.append(
        label(
            "plan.summary",
            lang,
            sessions=len(plan.sessions),
            regular=regular,
            combined=sum(s.is_combined for s in plan.sessions),
            alone=len(plan.sessions) - regular,
            moved=sum(s.moved_from is not None for s in plan.sessions),
        )
    )
    return "\n".join(lines) + "\n"


# -- iCalendar -------------------------------------------------------------------------------------------------------

_PRODID: Final = "-//partyreview//meeting plan//VI"
_X_YEAR: Final = "X-PARTYREVIEW-YEAR"
_X_CELL: Final = "X-PARTYREVIEW-CELL"
_X_RULE: Final = "X-PARTYREVIEW-RULE"
_X_RULESET: Final = "X-PARTYREVIEW-RULESET"
_X_MINUTES: Final = "X-PARTYREVIEW-DURATION-MINUTES"
_X_TAG: Final = "X-PARTYREVIEW-TAG"
_X_MOVED_FROM: Final = "X-PARTYREVIEW-MOVED-FROM"
_X_MOVED_BECAUSE: Final = "X-PARTYREVIEW-MOVED-BECAUSE"
_SUMMARIES: Final = {
    frozenset({MeetingKind.REGULAR}): "Sinh hoạt chi bộ thường kỳ",
    frozenset({MeetingKind.THEMATIC}): "Sinh hoạt chuyên đề",
    frozenset({MeetingKind.REGULAR, MeetingKind.THEMATIC}): "Sinh hoạt chi bộ thường kỳ kết hợp chuyên đề",
}


def _add_text(component: Component, name: str, value: str) -> None:
    """Add a property as escaped TEXT, which every icalendar version reads back the same."""
    from icalendar import vText

    component.add(name, vText(value), parameters={"VALUE": "TEXT"})


def _event(uid: str, session: PlannedSession, stamp: dt.datetime, *, recurrence_id: bool = False) -> Event:
    """An all-day event for a session: its kinds, length, tags and move, machine- and human-readable."""
    from icalendar import Event

    event = Event()
    event.add("UID", uid)
    event.add("DTSTAMP", stamp)
    event.add("DTSTART", session.date)
    if recurrence_id:
        event.add("RECURRENCE-ID", session.date)
    event.add("SUMMARY", _SUMMARIES[session.kinds])
    event.add("CATEGORIES", [kind.value for kind in sorted_kinds(session.kinds)])
    _add_text(event, _X_MINUTES, str(session.duration_minutes))
    for tag in session.tags:
        _add_text(event, _X_TAG, tag)
    description = [f"Thời lượng dự kiến: {session.duration_minutes} phút."]
    if session.moved_from is not None and session.moved_because is not None:
        _add_text(event, _X_MOVED_FROM, session.moved_from.isoformat())
        _add_text(event, _X_MOVED_BECAUSE, session.moved_because)
        description.append(f"Dời từ ngày {session.moved_from:%d/%m/%Y} ({session.moved_because}).")
    event.add("DESCRIPTION", " ".join(description))
    return event


def _regular_events(plan: MeetingPlan, uid: str, stamp: dt.datetime) -> list[Event]:
    """The recurring event of the regular sessions, and an override for each session that differs from it."""
    from icalendar import vRecur

    regular = [s for s in plan.sessions if s.is_regular]
    if not regular:
        return []
    rule_dates = _recurrence(plan.rule, plan.year).dates
    minutes = Counter(s.duration_minutes for s in regular).most_common(1)[0][0]
    series = PlannedSession(rule_dates[0], _REGULAR, minutes)
    master = _event(uid, series, stamp)
    bounded = vRecur.from_ical(plan.rule)
    bounded["UNTIL"] = dt.date(plan.year, 12, 31)
    master.add("RRULE", bounded)
    kept = set(plan.regular_dates)
    # VALUE=DATE is explicit: icalendar 6.0 leaves it out of date lists, whose default type is DATE-TIME.
    if excluded := sorted(set(rule_dates) - kept):
        master.add("EXDATE", excluded, parameters={"VALUE": "DATE"})
    if added := sorted(kept - set(rule_dates)):
        master.add("RDATE", added, parameters={"VALUE": "DATE"})
    overrides = [
        _event(uid, s, stamp, recurrence_id=True) for s in regular if attrs.evolve(s, date=series.date) != series
    ]
    return [master, *overrides]


def _thematic_events(plan: MeetingPlan, uid: str, stamp: dt.datetime) -> list[Event]:
    """An event for each thematic session held on its own; the UID names its day."""
    seen: Counter[dt.date] = Counter()
    events = []
    for session in plan.sessions:
        if not session.is_regular:
            seen[session.date] += 1
            suffix = "" if seen[session.date] == 1 else f"-{seen[session.date]}"
            events.append(_event(f"{uid}-thematic-{session.date:%Y%m%d}{suffix}", session, stamp))
    return events


def plan_to_ical(plan: MeetingPlan, *, name: str | None = None, stamp: dt.datetime | None = None) -> bytes:
    """The plan as an iCalendar (RFC 5545) file of all-day events, UTF-8 with CRLF line ends.

    The regular sessions are one recurring event: ``DTSTART`` is the rule's first
    date of the year, ``RRULE`` the plan's rule bounded by ``UNTIL`` (31 December),
    ``EXDATE`` the rule's dates not kept (moved, or in a month the cell is not
    active) and ``RDATE`` the days they moved to, so any RFC 5545 reader expands it
    to exactly the planned regular days.  A regular session that differs from the
    series (combined, tagged, moved, another length) also gets an override event
    (``RECURRENCE-ID``); each thematic session held alone is an event of its own.
    ``CATEGORIES`` holds the kinds (``regular``, ``thematic``); the planned length,
    tags and move are in ``X-PARTYREVIEW-*`` properties, which `plan_from_ical` reads.

    UIDs are made from the cell, the year and the day, and ``DTSTAMP`` is ``stamp``
    (default: 1 January of the plan's year, 00:00 UTC), so the same plan always
    gives the same bytes.

    Args:
        plan: the plan.
        name: the calendar's name; default ``"Lịch sinh hoạt chi bộ <cell> năm <year>"``.
        stamp: the DTSTAMP of every event, a timezone-aware datetime.

    Raises:
        InvalidArgumentError: ``stamp`` is naive, ``name`` is blank, or the plan's rule is unusable.

    .. versionadded:: 0.1.0
    """
    from icalendar import Calendar

    if stamp is None:
        stamp = dt.datetime(plan.year, 1, 1, tzinfo=dt.UTC)
    elif stamp.utcoffset() is None:
        raise InvalidArgumentError(f"'stamp' must be a timezone-aware datetime (got {stamp!r})")
    if name is None:
        name = f"Lịch sinh hoạt chi bộ{'' if plan.cell is None else ' ' + plan.cell} năm {plan.year}"
    elif not name.strip():
        raise InvalidArgumentError(f"'name' must not be blank (got {name!r})")
    stamp = stamp.astimezone(dt.UTC)
    uid = f"partyreview-{plan.cell or 'plan'}-{plan.year}"

    calendar = Calendar()
    calendar.add("PRODID", _PRODID)
    calendar.add("VERSION", "2.0")
    calendar.add("CALSCALE", "GREGORIAN")
    for key, value in (
        ("NAME", name),
        ("X-WR-CALNAME", name),
        (_X_YEAR, str(plan.year)),
        (_X_CELL, plan.cell),
        (_X_RULE, plan.rule),
        (_X_RULESET, plan.ruleset),
    ):
        if value is not None:
            _add_text(calendar, key, value)
    for event in (*_regular_events(plan, f"{uid}-regular", stamp), *_thematic_events(plan, uid, stamp)):
        calendar.add_component(event)
    data: bytes = calendar.to_ical()
    return data


def _values(component: Component, name: str) -> list[Any]:
    """Every value of a property that may appear once, several times, or not at all."""
    value = component.get(name)
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _read_session(component: Component, day: dt.date) -> PlannedSession:
    kinds = {MeetingKind(str(kind)) for categories in _values(component, "CATEGORIES") for kind in categories.cats}
    moved = [str(v) for v in _values(component, _X_MOVED_FROM)]
    because = [str(v) for v in _values(component, _X_MOVED_BECAUSE)]
    return PlannedSession(
        day,
        kinds,
        int(str(component[_X_MINUTES])),
        tuple(str(tag) for tag in _values(component, _X_TAG)),
        dt.date.fromisoformat(moved[0]) if moved else None,
        because[0] if because else None,
    )


def _dates(component: Component, name: str) -> list[dt.date]:
    return [value.dt for listing in _values(component, name) for value in listing.dts]


def _series_days(master: Component) -> list[dt.date]:
    """The days a recurring event stands for, as an RFC 5545 reader (dateutil) expands them."""
    from dateutil.rrule import rruleset, rrulestr

    def midnight(day: dt.date) -> dt.datetime:
        return dt.datetime.combine(day, dt.time())

    series = rruleset()
    start = midnight(master.decoded("DTSTART"))
    rule_text = cast("bytes", master["RRULE"].to_ical()).decode("ascii")
    series.rrule(cast("rrule", rrulestr(rule_text, dtstart=start)))
    for day in _dates(master, "EXDATE"):
        series.exdate(midnight(day))
    for day in _dates(master, "RDATE"):
        series.rdate(midnight(day))
    return [moment.date() for moment in series]


def plan_from_ical(data: bytes | str) -> MeetingPlan:
    """Read back a calendar written by `plan_to_ical`: ``plan_from_ical(plan_to_ical(p)) == p``.

    The regular days are the recurring event's expansion (DTSTART, RRULE, EXDATE,
    RDATE); each override and each thematic event gives its session's kinds,
    length, tags and move.

    Raises:
        InvalidArgumentError: ``data`` is not such a calendar; the message says what is missing.

    .. versionadded:: 0.1.0
    """
    from icalendar import Calendar

    try:
        calendar = Calendar.from_ical(data)
        if calendar.name != "VCALENDAR":
            raise ValueError(f"it holds a {calendar.name}, not a VCALENDAR")  # noqa: TRY301 - one message for all
        cell = [str(v) for v in _values(calendar, _X_CELL)]
        events = list(calendar.walk("VEVENT"))
        masters = [e for e in events if "RRULE" in e]
        overrides = {e.decoded("RECURRENCE-ID"): e for e in events if "RECURRENCE-ID" in e}
        sessions = []
        for master in masters:
            template = _read_session(master, master.decoded("DTSTART"))
            for day in _series_days(master):
                override = overrides.get(day)
                sessions.append(attrs.evolve(template, date=day) if override is None else _read_session(override, day))
        sessions.extend(
            _read_session(e, e.decoded("DTSTART")) for e in events if "RRULE" not in e and "RECURRENCE-ID" not in e
        )
        return MeetingPlan(
            int(str(calendar[_X_YEAR])),
            cell[0] if cell else None,
            str(calendar[_X_RULE]),
            str(calendar[_X_RULESET]),
            sessions,
        )
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        detail = f"no {exc.args[0]}" if isinstance(exc, KeyError) else str(exc)
        raise InvalidArgumentError(f"'data' is not a meeting plan written by plan_to_ical ({detail})") from None
