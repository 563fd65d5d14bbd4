"""Participation (C5): attendance, speaking and the formalism indicators of a cell's meetings in a year.

`check_participation` reads one cell's meetings (and the members marked at them)
and returns a `CellParticipation`: one `MeetingParticipation` per meeting, one
`MemberParticipation` per member marked at any of them, the cell's removal review
and never-spoke lists, and findings.  It needs nothing beyond the cell, so a
committee can be evaluated cell by cell; `summarize_participation` adds the cells
up into `CommitteeParticipation` totals.

Counting rules:

- A member marked at a meeting is *expected* there unless exempt that day.  An
  exempt member who came counts as present, and also in the denominator, so
  attendance ``present / (expected + exempt present)`` stays in [0, 1].
- Rates are exact ratios of whole counts, shown as `Decimal`s rounded to 4 places
  (half to even); they are ``None`` when the denominator is 0.  Every threshold
  is compared exactly on the counts (whole numbers cross-multiplied), never on a rounded rate.
- The *chair* of a meeting is the cell's secretary on that day if present, else
  its deputy secretary if present (the lowest id when there are several), else nobody.

>>> import datetime as dt
>>> from partyreview import AttendanceMark, Meeting, MeetingKind, Member, Membership, Role, Unit, UnitKind
>>> from partyreview.rules import HD42_2025
>>> cell = Unit("C1", "Chi bộ Văn phòng", UnitKind.CELL)
>>> def member(i, role=Role.MEMBER):
...     return Member(f"M{i}", f"Đảng viên {i}", dt.date(2010, 1, 1), dt.date(2011, 1, 1),
...                   memberships=[Membership("C1", dt.date(2010, 1, 1), role=role)])
>>> members = {m.id: m for m in [member(1, Role.SECRETARY), *(member(i) for i in range(2, 8))]}
>>> marks = {m: AttendanceMark.PRESENT for m in members} | {"M7": AttendanceMark.EXCUSED}
>>> meeting = Meeting("C1-2025-01", "C1", dt.date(2025, 1, 14), [MeetingKind.REGULAR], 90,
...                   attendance=marks, speakers=["M1", "M2"])
>>> result = check_participation(cell, [meeting], members, 2025, HD42_2025)
>>> result.attendance_rate, result.speaking_rate, result.meetings_meeting_bar
(Decimal('0.8571'), Decimal('0.3333'), 1)
>>> result.never_spoke
('M3', 'M4', 'M5', 'M6')
>>> [f.code for f in result.findings]
['participation.cell.never_spoke', 'formalism.few_speakers']
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Final

import attrs

from ._arguments import check_instance, check_year
from ._assessments import Level
from ._dataset import Dataset
from ._enum_members import DEPUTY_SECRETARY as _DEPUTY_SECRETARY
from ._enum_members import EXCUSED as _EXCUSED
from ._enum_members import PRESENT as _PRESENT
from ._enum_members import REGULAR as _REGULAR
from ._enum_members import SECRETARY as _SECRETARY
from ._enum_members import THEMATIC as _THEMATIC
from ._findings import Finding, FindingParam, Severity
from ._meetings import Meeting
from ._org import Member, Role, Unit
from ._periods import Period, quarter_of
from .errors import InvalidArgumentError

if TYPE_CHECKING:
    from .rules._cadence import CadenceRuleSet

__all__ = [
    "CellParticipation",
    "CommitteeParticipation",
    "MeetingParticipation",
    "MemberParticipation",
    "check_participation",
    "egalitarian_rating_finding",
    "participation_by_cell",
    "summarize_participation",
]


def _rate(numerator: int, denominator: int) -> Decimal | None:
    """``numerator / denominator`` rounded half to even to 4 places, exactly; ``None`` for ``x / 0``."""
    if denominator == 0:
        return None
    # In whole numbers what `round(Fraction(numerator, denominator) * 10_000)` does, without building Fractions:
    # the quotient rounded down, then up when the remainder is over half (or half, to an even quotient).
    if denominator < 0:
        numerator, denominator = -numerator, -denominator
    quotient, remainder = divmod(numerator * 10_000, denominator)
    if 2 * remainder > denominator or (2 * remainder == denominator and quotient % 2 == 1):
        quotient += 1
    return Decimal(quotient).scaleb(-4)


def _text(rate: Decimal | None) -> str:
    """A rate as a finding parameter: ``"0.8571"``, or ``""`` when undefined."""
    return "" if rate is None else str(rate)


def _percent(share: Decimal) -> str:
    """``Decimal("0.85")`` → ``"85"``, ``Decimal("0.857")`` → ``"85.7"``."""
    return format((share * 100).normalize(), "f")


def _ids(ids: Iterable[str]) -> str:
    """Ids as one finding parameter: ``"M1, M7"``."""
    return ", ".join(ids)


def _params(**values: FindingParam) -> dict[str, FindingParam]:
    """A finding's parameters, typed."""
    return values


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


@attrs.frozen
class MeetingParticipation:
    """Attendance and speaking at one meeting."""

    meeting: str
    """Id of the meeting."""
    date: dt.date
    """Day of the meeting."""
    regular: bool
    """Whether the meeting counts as a regular meeting (combined sessions included)."""
    expected: int
    """Members expected (marked and not exempt that day)."""
    present: int
    """Members present, exempt members who came included."""
    excused: int
    """Expected members absent with a reason."""
    unexcused: int
    """Expected members absent without a reason."""
    exempt_present: int
    """Exempt members who came (counted in ``present`` and in the attendance base)."""
    speakers: int
    """Distinct members who spoke."""
    chair: str | None
    """The secretary if present, else the deputy secretary if present, else ``None``."""
    meets_bar: bool
    """Attendance strictly above the rule set's bar and no more unexcused absences than it allows."""
    only_chair_spoke: bool
    """The chair spoke and nobody else did."""
    few_speakers: bool
    """Fewer than the rule set's share of those present spoke."""
    findings: tuple[Finding, ...] = ()
    """The meeting's findings: below the quality bar, only the chair spoke."""

    @property
    def month(self) -> int:
        """Month (1–12) of the meeting."""
        return self.date.month

    @property
    def attendance_base(self) -> int:
        """Denominator of the attendance rate: expected members plus exempt members who came."""
        return self.expected + self.exempt_present

    @property
    def attendance_rate(self) -> Decimal | None:
        """``present / attendance_base`` to 4 places; ``None`` when nobody was expected or came."""
        return _rate(self.present, self.attendance_base)

    @property
    def speaking_rate(self) -> Decimal | None:
        """``speakers / present`` to 4 places; ``None`` when nobody was present."""
        return _rate(self.speakers, self.present)


@attrs.frozen
class MemberParticipation:
    """One member's attendance and speaking at one cell's meetings in a year."""

    member: str
    """Id of the member."""
    expected: int
    """Meetings at which the member was expected."""
    present: int
    """Meetings the member attended (while exempt included)."""
    excused: int
    """Meetings the member was expected at and missed with a reason."""
    unexcused: int
    """Meetings the member was expected at and missed without a reason."""
    exempt_present: int
    """Meetings the member attended while exempt."""
    longest_excused_run: int
    """Longest run of consecutive excused absences among the meetings the member was expected at."""
    unexcused_months: tuple[int, ...]
    """Months with an unexcused absence from a regular meeting, ascending."""
    spoke: int
    """Meetings at which the member spoke."""
    is_new: bool
    """Probationary (đảng viên dự bị) on some day of the year: admitted, or not yet recognized, in it."""
    leadership_post: bool
    """Whether the member holds a leadership or management post."""
    removal_review: bool
    """Unexcused absences from regular meetings in enough months of the year to consider removal (Điều lệ Điều 8)."""
    findings: tuple[Finding, ...] = ()
    """The member's findings: a long run of excused absences, the removal review."""

    @property
    def never_spoke(self) -> bool:
        """Attended at least one meeting and spoke at none."""
        return self.present > 0 and self.spoke == 0

    @property
    def attendance_rate(self) -> Decimal | None:
        """``present / (expected + exempt_present)`` to 4 places; ``None`` when 0 / 0."""
        return _rate(self.present, self.expected + self.exempt_present)


@attrs.frozen
class CellParticipation:
    """Participation in one cell's meetings of one year, with findings."""

    cell: str
    """Id of the cell."""
    year: int
    """The year checked."""
    ruleset: str
    """Id of the cadence rule set applied."""
    meetings: tuple[MeetingParticipation, ...]
    """Every meeting of the year, in date order."""
    members: tuple[MemberParticipation, ...]
    """Every member marked at a meeting of the year, sorted by id."""
    findings: tuple[Finding, ...] = ()
    """Every finding: the meetings' in date order, the members' by id, then the cell's own."""

    # The properties below build lists, not generators: they are read several times per cell (report, totals,
    # findings), and on Python 3.11 a generator costs more to start and resume than a list comprehension.

    @property
    def expected(self) -> int:
        """Expected attendances, summed over the meetings."""
        return sum([m.expected for m in self.meetings])

    @property
    def present(self) -> int:
        """Attendances, summed over the meetings (exempt members who came included)."""
        return sum([m.present for m in self.meetings])

    @property
    def exempt_present(self) -> int:
        """Attendances of exempt members, summed over the meetings."""
        return sum([m.exempt_present for m in self.meetings])

    @property
    def excused(self) -> int:
        """Excused absences, summed over the meetings."""
        return sum([m.excused for m in self.meetings])

    @property
    def unexcused(self) -> int:
        """Unexcused absences, summed over the meetings."""
        return sum([m.unexcused for m in self.meetings])

    @property
    def speakers(self) -> int:
        """Speakers, summed over the meetings (a member counts once per meeting)."""
        return sum([m.speakers for m in self.meetings])

    @property
    def attendance_rate(self) -> Decimal | None:
        """Summed attendances over the summed attendance base, to 4 places."""
        return _rate(self.present, self.expected + self.exempt_present)

    @property
    def speaking_rate(self) -> Decimal | None:
        """Summed speakers over summed attendances, to 4 places."""
        return _rate(self.speakers, self.present)

    @property
    def meetings_meeting_bar(self) -> int:
        """How many meetings reached the quality bar."""
        return len([m for m in self.meetings if m.meets_bar])

    @property
    def removal_review(self) -> tuple[str, ...]:
        """Ids of the members to consider for removal, sorted."""
        return tuple([m.member for m in self.members if m.removal_review])

    @property
    def never_spoke(self) -> tuple[str, ...]:
        """Ids of the members who attended but never spoke, sorted."""
        return tuple([m.member for m in self.members if m.never_spoke])

    @property
    def never_spoke_new(self) -> tuple[str, ...]:
        """Those of ``never_spoke`` who were new (probationary in the year), sorted."""
        return tuple([m.member for m in self.members if m.never_spoke and m.is_new])

    @property
    def never_spoke_non_leadership(self) -> tuple[str, ...]:
        """Those of ``never_spoke`` without a leadership post, sorted."""
        return tuple([m.member for m in self.members if m.never_spoke and not m.leadership_post])


@attrs.frozen
class CommitteeParticipation:
    """Participation added up over cells: totals, rates from the summed counts, cross-cell removal review."""

    year: int
    """The year checked."""
    ruleset: str
    """Id of the cadence rule set applied."""
    cells: int
    """Cells added up."""
    meetings: int
    """Meetings held."""
    expected: int
    """Expected attendances."""
    present: int
    """Attendances (exempt members who came included)."""
    exempt_present: int
    """Attendances of exempt members."""
    excused: int
    """Excused absences."""
    unexcused: int
    """Unexcused absences."""
    speakers: int
    """Speakers (a member counts once per meeting)."""
    meetings_meeting_bar: int
    """Meetings that reached the quality bar."""
    removal_review: tuple[str, ...]
    """Members to consider for removal, counting the months of all their cells together, sorted."""
    findings: tuple[Finding, ...] = ()
    """Findings that only show across cells (a removal review reached only after a transfer)."""

    @property
    def attendance_rate(self) -> Decimal | None:
        """Attendances over the attendance base, to 4 places (not a mean of the cells' rates)."""
        return _rate(self.present, self.expected + self.exempt_present)

    @property
    def speaking_rate(self) -> Decimal | None:
        """Speakers over attendances, to 4 places (not a mean of the cells' rates)."""
        return _rate(self.speakers, self.present)


@attrs.define
class _Tally:
    """A member's counts while the meetings are read in date order.

    The meetings the member was expected at are not counted mark by mark: they are those attended while not
    exempt and those missed (`check_participation` adds them up).
    """

    present: int = 0
    excused: int = 0
    unexcused: int = 0
    exempt_present: int = 0
    run: int = 0
    longest_run: int = 0
    months: set[int] = attrs.Factory(set)
    spoke: int = 0


@attrs.define
class _Totals:
    """Counts added up over cells (the names of `_TOTALS`)."""

    cells: int = 0
    meetings: int = 0
    expected: int = 0
    present: int = 0
    exempt_present: int = 0
    excused: int = 0
    unexcused: int = 0
    speakers: int = 0
    meetings_meeting_bar: int = 0

    def add(self, cell: CellParticipation) -> None:
        self.cells += 1
        self.meetings += len(cell.meetings)
        self.expected += cell.expected
        self.present += cell.present
        self.exempt_present += cell.exempt_present
        self.excused += cell.excused
        self.unexcused += cell.unexcused
        self.speakers += cell.speakers
        self.meetings_meeting_bar += cell.meetings_meeting_bar

    def merge(self, other: _Totals) -> None:
        for name in _TOTALS:
            setattr(self, name, getattr(self, name) + getattr(other, name))


_TOTALS: Final = tuple(a.name for a in attrs.fields(_Totals))


def _role_on(member: Member, day: dt.date, cell: str) -> Role | None:
    membership = member.membership_on(day)
    return membership.role if membership is not None and membership.cell == cell else None


def _chair(meeting: Meeting, members: Mapping[str, Member]) -> str | None:
    deputy = None
    for member_id, mark in meeting.attendance.items():  # by id: the first secretary present, else the first deputy
        if mark is _PRESENT:
            role = _role_on(members[member_id], meeting.date, meeting.cell)
            if role is _SECRETARY:
                return member_id
            if role is _DEPUTY_SECRETARY and deputy is None:
                deputy = member_id
    return deputy


def _is_new(member: Member, first: dt.date, last: dt.date) -> bool:
    """Probationary on some day from ``first`` to ``last`` (those of a year)."""
    return member.admitted_on <= last and (member.recognized_on is None or member.recognized_on > first)


def _meeting_findings(  # noqa: PLR0917 - the counts of the meeting's `MeetingParticipation`, not built yet
    meeting: Meeting,
    present: int,
    base: int,
    unexcused: int,
    chair: str | None,
    rules: CadenceRuleSet,
    *,
    meets_bar: bool,
    only_chair_spoke: bool,
) -> tuple[Finding, ...]:
    if meets_bar and not only_chair_spoke:  # the usual meeting: nothing to say
        return ()
    findings: list[Finding] = []
    cell, day = meeting.cell, meeting.date.isoformat()
    if base and not meets_bar:
        rate = _rate(present, base)
        allowed = (
            "no unexcused absence"
            if rules.unexcused_allowed == 0
            else f"at most {_plural(rules.unexcused_allowed, 'unexcused absence')}"
        )
        findings.append(
            Finding(
                "participation.meeting.below_bar",
                Severity.WARNING,
                f"Meeting {meeting.id} of cell {cell} on {day} did not reach the quality bar: "
                f"{present} of {base} present ({_percent(rate or Decimal(0))} %) "
                f"and {_plural(unexcused, 'unexcused absence')}; the bar is more than "
                f"{_percent(rules.attendance_bar)} % present and {allowed}.",
                rules.attendance_citation,
                params=_params(
                    cell=cell,
                    meeting=meeting.id,
                    date=day,
                    present=present,
                    base=base,
                    rate=_text(rate),
                    unexcused=unexcused,
                    bar=str(rules.attendance_bar),
                    allowed=rules.unexcused_allowed,
                ),
            )
        )
    if only_chair_spoke:
        findings.append(
            Finding(
                "participation.meeting.only_chair_spoke",
                Severity.INFO,
                f"Meeting {meeting.id} of cell {cell} on {day}: only the chair ({chair}) spoke.",
                rules.speaking_citation,
                params=_params(cell=cell, meeting=meeting.id, date=day, chair=chair or ""),
            )
        )
    return tuple(findings)


def _member_findings(member: str, tally: _Tally, cell: str, year: int, rules: CadenceRuleSet) -> tuple[Finding, ...]:
    findings: list[Finding] = []
    if tally.longest_run > rules.max_consecutive_excused:
        findings.append(
            Finding(
                "participation.member.excused_run",
                Severity.WARNING,
                f"Member {member} of cell {cell} was absent with a reason from {tally.longest_run} meetings "
                f"in a row in {year}; more than {rules.max_consecutive_excused} in a row fails the quality bar.",
                rules.excused_run_citation,
                params=_params(
                    cell=cell,
                    member=member,
                    year=year,
                    run=tally.longest_run,
                    limit=rules.max_consecutive_excused,
                ),
            )
        )
    if len(tally.months) >= rules.removal_unexcused_months:
        months = sorted(tally.months)
        findings.append(
            Finding(
                "participation.member.removal_review",
                Severity.WARNING,
                f"Member {member} of cell {cell} was absent without a reason from a regular meeting in "
                f"{len(months)} months of {year} ({_ids(map(str, months))}); {rules.removal_unexcused_months} "
                "or more months call for the cell to consider removal.",
                rules.removal_citation,
                params=_params(
                    cell=cell,
                    member=member,
                    year=year,
                    count=len(months),
                    months=_ids(map(str, months)),
                    limit=rules.removal_unexcused_months,
                ),
            )
        )
    return tuple(findings)


def _thematic_findings(
    meetings: Sequence[Meeting], members: Mapping[str, Member], cell: str, year: int, rules: CadenceRuleSet
) -> list[Finding]:
    """A finding per quarter whose thematic meetings all record presenters, none of them but the secretary."""
    by_quarter: defaultdict[int, list[Meeting]] = defaultdict(list)
    for meeting in meetings:
        if _THEMATIC in meeting.kinds:  # `is_thematic`, without the property and the enum's lookup
            by_quarter[quarter_of(meeting.date.month)].append(meeting)
    findings: list[Finding] = []
    for quarter, held in sorted(by_quarter.items()):
        if any(m.presenters is None for m in held):
            continue
        if any(
            _role_on(_member(members, p, m), m.date, cell) is not _SECRETARY for m in held for p in m.presenters or ()
        ):
            continue
        ids = _ids(m.id for m in held)
        findings.append(
            Finding(
                "formalism.thematic_no_presenter",
                Severity.WARNING,
                f"Cell {cell}: no member besides the secretary was assigned to present the thematic "
                f"topic of Q{quarter}/{year} ({ids}).",
                rules.presenter_citation,
                params=_params(cell=cell, year=year, quarter=quarter, meetings=ids),
            )
        )
    return findings


def _cell_findings(
    result: CellParticipation, meetings: Sequence[Meeting], members: Mapping[str, Member], rules: CadenceRuleSet
) -> list[Finding]:
    cell, year = result.cell, result.year
    findings: list[Finding] = []
    never = result.never_spoke
    if never:
        new, non_leadership = len(result.never_spoke_new), len(result.never_spoke_non_leadership)
        findings.append(
            Finding(
                "participation.cell.never_spoke",
                Severity.INFO,
                f"Cell {cell}: {_plural(len(never), 'member')} attended but never spoke in {year} "
                f"({_ids(never)}); {new} of them new, {non_leadership} without a leadership post.",
                rules.speaking_citation,
                params=_params(
                    cell=cell,
                    year=year,
                    count=len(never),
                    members=_ids(never),
                    new=new,
                    non_leadership=non_leadership,
                ),
            )
        )
    held = len(result.meetings)
    only_chair = len([m for m in result.meetings if m.only_chair_spoke])
    if held and _above(only_chair, held, rules.secretary_only_speaker_share):
        findings.append(
            Finding(
                "formalism.secretary_only_speaker",
                Severity.WARNING,
                f"Cell {cell}: the chair was the only speaker at {only_chair} of {held} meetings in {year}, "
                f"more than {_percent(rules.secretary_only_speaker_share)} % of them.",
                rules.speaking_citation,
                params=_params(
                    cell=cell,
                    year=year,
                    meetings=held,
                    only_chair=only_chair,
                    share=str(rules.secretary_only_speaker_share),
                ),
            )
        )
    present, speakers = result.present, result.speakers
    if present and _below(speakers, present, rules.min_speaking_share):
        below = len([m for m in result.meetings if m.few_speakers])
        findings.append(
            Finding(
                "formalism.few_speakers",
                Severity.WARNING,
                f"Cell {cell}: {speakers} speakers for {present} attendances in {year} "
                f"({_percent(result.speaking_rate or Decimal(0))} %); fewer than "
                f"{_percent(rules.min_speaking_share)} % of those present spoke "
                f"(at {below} of {held} meetings).",
                rules.speaking_citation,
                params=_params(
                    cell=cell,
                    year=year,
                    speakers=speakers,
                    present=present,
                    rate=_text(result.speaking_rate),
                    share=str(rules.min_speaking_share),
                    meetings=held,
                    meetings_below=below,
                ),
            )
        )
    findings += _thematic_findings(meetings, members, cell, year, rules)
    return findings


def _member(members: Mapping[str, Member], member_id: str, meeting: Meeting) -> Member:
    try:
        return members[member_id]
    except KeyError:
        raise InvalidArgumentError(
            f"member {member_id!r} of meeting {meeting.id!r} is not among the members passed"
        ) from None


@functools.lru_cache(maxsize=64)
def _ratio(share: Decimal) -> tuple[int, int]:
    """``share`` as a ratio of integers, worked out once per share: `Decimal.as_integer_ratio` is slow, and a
    rule set's shares are compared at every meeting."""
    return share.as_integer_ratio()


def _above(numerator: int, denominator: int, share: Decimal) -> bool:
    """``numerator / denominator > share``, exactly, in integers (a `Decimal` is a ratio of integers)."""
    top, bottom = _ratio(share)
    return numerator * bottom > top * denominator


def _below(numerator: int, denominator: int, share: Decimal) -> bool:
    """``numerator / denominator < share``, exactly, in integers."""
    top, bottom = _ratio(share)
    return numerator * bottom < top * denominator


def _read_meeting(
    meeting: Meeting, members: Mapping[str, Member], tallies: dict[str, _Tally], rules: CadenceRuleSet
) -> MeetingParticipation:
    """One meeting's counts and flags; adds its marks and speakers to the members' ``tallies``."""
    # The innermost loop of a report (once per attendance mark): plain counters, no per-mark calls.
    day, regular = meeting.date, _REGULAR in meeting.kinds  # `is_regular`, without the property and the enum's lookup
    present = excused = unexcused = exempt_present = 0
    for member_id, mark in meeting.attendance.items():
        tally = tallies.get(member_id)
        if tally is None:
            tally = tallies[member_id] = _Tally()
        member = members.get(member_id) or _member(members, member_id, meeting)
        if member.exempt and member.is_exempt_on(day):  # not expected: only coming counts
            if mark is _PRESENT:
                exempt_present += 1
                tally.exempt_present += 1
                tally.present += 1
            continue
        if mark is _PRESENT:
            present += 1
            tally.present += 1
            tally.run = 0
        elif mark is _EXCUSED:
            excused += 1
            tally.excused += 1
            tally.run += 1
            tally.longest_run = max(tally.longest_run, tally.run)
        else:
            unexcused += 1
            tally.unexcused += 1
            tally.run = 0
            if regular:
                tally.months.add(day.month)
    speakers = meeting.speakers
    for speaker in speakers:
        tallies[speaker].spoke += 1
    expected = present + excused + unexcused
    present += exempt_present
    base = expected + exempt_present
    chair = _chair(meeting, members)
    meets_bar = base > 0 and _above(present, base, rules.attendance_bar) and unexcused <= rules.unexcused_allowed
    only_chair_spoke = chair is not None and speakers == (chair,)
    return MeetingParticipation(
        meeting=meeting.id,
        date=day,
        regular=regular,
        expected=expected,
        present=present,
        excused=excused,
        unexcused=unexcused,
        exempt_present=exempt_present,
        speakers=len(speakers),
        chair=chair,
        meets_bar=meets_bar,
        only_chair_spoke=only_chair_spoke,
        few_speakers=present > 0 and _below(len(speakers), present, rules.min_speaking_share),
        findings=_meeting_findings(
            meeting, present, base, unexcused, chair, rules, meets_bar=meets_bar, only_chair_spoke=only_chair_spoke
        ),
    )


def check_participation(
    cell: Unit,
    meetings: Iterable[Meeting],
    members: Mapping[str, Member],
    year: int,
    rules: CadenceRuleSet,
) -> CellParticipation:
    """Attendance, speaking and formalism indicators of one cell's meetings in ``year``.

    ``members`` maps id to `Member` for at least every member marked at the
    meetings (e.g. the cell's `Dataset.ever_members_of`).  Meetings of other years
    are ignored; the marks are taken as given (a `Dataset` guarantees that every
    expected member has one).  Excused runs are counted within the cell: a
    transfer starts a new run.  For unexcused months across a transfer, see
    `summarize_participation`.

    Raises:
        InvalidArgumentError: ``cell`` is not a cell, a meeting belongs to another
            cell, or a member marked at a meeting is missing from ``members``.
    """
    check_instance(cell, Unit, "cell")
    check_year(year)
    if not cell.is_cell:
        raise InvalidArgumentError(f"check_participation() needs a cell, got {cell.id!r} of kind {cell.kind.value!r}")
    of_year: list[Meeting] = []
    for meeting in meetings:
        if meeting.cell != cell.id:
            raise InvalidArgumentError(f"meeting {meeting.id!r} belongs to cell {meeting.cell!r}, not {cell.id!r}")
        if meeting.date.year == year:
            of_year.append(meeting)
    of_year.sort(key=lambda m: (m.date, m.id))
    tallies: dict[str, _Tally] = {}
    results = [_read_meeting(meeting, members, tallies, rules) for meeting in of_year]
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    member_results: list[MemberParticipation] = []
    for member_id, tally in sorted(tallies.items()):
        member = members[member_id]
        member_results.append(
            MemberParticipation(
                member=member_id,
                expected=tally.present - tally.exempt_present + tally.excused + tally.unexcused,
                present=tally.present,
                excused=tally.excused,
                unexcused=tally.unexcused,
                exempt_present=tally.exempt_present,
                longest_excused_run=tally.longest_run,
                unexcused_months=tuple(sorted(tally.months)),
                spoke=tally.spoke,
                is_new=_is_new(member, first, last),
                leadership_post=member.leadership_post,
                removal_review=len(tally.months) >= rules.removal_unexcused_months,
                findings=_member_findings(member_id, tally, cell.id, year, rules),
            )
        )
    partial = CellParticipation(cell.id, year, rules.id, tuple(results), tuple(member_results))
    findings = (
        *[f for m in partial.meetings for f in m.findings],
        *[f for m in partial.members for f in m.findings],
        *_cell_findings(partial, of_year, members, rules),
    )
    return CellParticipation(cell.id, year, rules.id, partial.meetings, partial.members, findings)


def participation_by_cell(dataset: Dataset, year: int, rules: CadenceRuleSet) -> tuple[CellParticipation, ...]:
    """`check_participation` for every cell of ``dataset`` active at some time in ``year``, in dataset order."""
    check_instance(dataset, Dataset, "dataset", " (see load_dataset)")
    check_year(year)
    year_span = Period.year(year)
    return tuple(
        check_participation(
            cell,
            dataset.meetings_of(cell.id, year),
            {m.id: m for m in dataset.ever_members_of(cell.id)},
            year,
            rules,
        )
        for cell in dataset.cells()
        if cell.active.overlaps(year_span)
    )


def summarize_participation(
    cells: Iterable[CellParticipation], year: int, rules: CadenceRuleSet
) -> CommitteeParticipation:
    """Add up cells' participation: totals, rates from the summed counts, and the removal review across cells.

    A member transferred during the year may reach the removal threshold only
    when the months of both cells are counted together (a month counts once);
    such a member gets a ``participation.committee.removal_review`` finding.
    Memory grows with the members who have an unexcused absence, not with the
    committee.

    Raises:
        InvalidArgumentError: a cell was checked for another year or under another rule set.
    """
    check_year(year)
    tally = _CommitteeTally(year, rules.id)
    for cell in cells:
        tally.add(cell)
    return tally.summary(rules)


@attrs.define
class _CommitteeTally:
    """What `summarize_participation` keeps of the cells added so far (the streaming report spools its members)."""

    year: int
    ruleset: str
    counted: _Totals = attrs.Factory(_Totals)
    months: dict[str, set[int]] = attrs.Factory(dict)
    """Months with an unexcused absence from a regular meeting, per member, over all their cells."""
    member_cells: dict[str, list[str]] = attrs.Factory(dict)
    """The cells where each member of ``months`` had them, in the order added."""
    flagged_in_a_cell: set[str] = attrs.Factory(set)

    def add(self, cell: CellParticipation) -> None:
        """Count one cell's participation."""
        if cell.year != self.year or cell.ruleset != self.ruleset:
            raise InvalidArgumentError(
                f"cell {cell.cell!r} was checked for {cell.year} under {cell.ruleset!r}, "
                f"not for {self.year} under {self.ruleset!r}"
            )
        self.counted.add(cell)
        for member in cell.members:
            if member.unexcused_months:
                self.months.setdefault(member.member, set()).update(member.unexcused_months)
                self.member_cells.setdefault(member.member, []).append(cell.cell)
            if member.removal_review:
                self.flagged_in_a_cell.add(member.member)

    def absences(self) -> Iterator[tuple[str, set[int], list[str], bool]]:
        """``(member, months, cells, flagged in a cell)`` of each member with an unexcused month, by member id."""
        for member in sorted(self.months.keys() | self.flagged_in_a_cell):
            yield (
                member,
                self.months.get(member, set()),
                self.member_cells.get(member, []),
                member in self.flagged_in_a_cell,
            )

    def summary(self, rules: CadenceRuleSet) -> CommitteeParticipation:
        """The committee's participation from what was added."""
        return _committee_summary(self.year, rules, self.counted, self.absences())


def _committee_summary(
    year: int,
    rules: CadenceRuleSet,
    counted: _Totals,
    absences: Iterable[tuple[str, set[int], list[str], bool]],
) -> CommitteeParticipation:
    """The committee's participation from its totals and, by member id, each member's unexcused months over cells.

    ``absences`` may come from disk (the streaming report spools them): only the
    members to consider for removal are kept.
    """
    review: list[str] = []
    findings: list[Finding] = []
    for member, months, cells, flagged in absences:
        if len(months) < rules.removal_unexcused_months:
            continue
        review.append(member)
        if flagged:
            continue
        findings.append(
            Finding(
                "participation.committee.removal_review",
                Severity.WARNING,
                f"Member {member} was absent without a reason from a regular meeting in {len(months)} "
                f"months of {year} ({_ids(map(str, sorted(months)))}) across cells "
                f"{_ids(cells)}; {rules.removal_unexcused_months} or more months call for "
                "considering removal.",
                rules.removal_citation,
                params=_params(
                    member=member,
                    year=year,
                    count=len(months),
                    months=_ids(map(str, sorted(months))),
                    cells=_ids(cells),
                    limit=rules.removal_unexcused_months,
                ),
            )
        )
    return CommitteeParticipation(
        year=year,
        ruleset=rules.id,
        cells=counted.cells,
        meetings=counted.meetings,
        expected=counted.expected,
        present=counted.present,
        exempt_present=counted.exempt_present,
        excused=counted.excused,
        unexcused=counted.unexcused,
        speakers=counted.speakers,
        meetings_meeting_bar=counted.meetings_meeting_bar,
        removal_review=tuple(review),
        findings=tuple(findings),
    )


EGALITARIAN_RATING: Final = "formalism.egalitarian_rating"
"""The code of `egalitarian_rating_finding`'s finding."""


def egalitarian_rating_finding(cell: str, levels: Mapping[str, Level | None], rules: CadenceRuleSet) -> Finding | None:
    """A ``formalism.egalitarian_rating`` finding when every rated member of ``cell`` got the same level.

    ``levels`` maps each member of the cell to the level rated, or ``None`` when
    not rated (excluded); at least ``rules.egalitarian_min_rated`` members must
    be rated for the finding, so a very small cell is not flagged.
    """
    rated = [level for level in levels.values() if level is not None]
    if len(rated) < rules.egalitarian_min_rated or any(level is not rated[0] for level in rated):
        return None
    return Finding(
        EGALITARIAN_RATING,
        Severity.WARNING,
        f"Cell {cell}: all {len(rated)} rated members got the same level ({rated[0].value}).",
        rules.egalitarian_citation,
        params=_params(cell=cell, level=rated[0].value, rated=len(rated)),
    )
