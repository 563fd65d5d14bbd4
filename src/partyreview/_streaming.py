"""Streaming evaluation (C12): the annual report of a bundle file, one grassroots organization at a time.

A bundle file (``partyreview.bundles/1``) keeps the cells of one parent on
consecutive lines, and the parent is the default quota group, so the report can
be built group by group: the cells of one parent are read, checked, rated
(quota included) and written out before the next parent is read.  Memory holds
one group's records and results, the names of the quota groups, one quota group
spanning parents at a time when they are decided at the end, and the subjects
they demoted (a few dozen bytes each); everything else
(ratings, quota records, remedies, findings, shares, the candidates of quota
groups spanning parents, and each member's unexcused months for the removal
review across transfers) goes to temporary files, sorted on disk where the
report needs an order, and is copied into the JSON report at the end.  The
reader keeps the ids it has met on disk too (to find an id used twice).

`evaluate_group` is the pure, per-group step (it is what a distributed engine
maps over groups, see ``docs/how-to/distribute-with-dask.md``);
`write_report_json` assembles the parts into ``partyreview.report/1`` exactly as
`report_to_json` does for the in-memory `build_report`; `stream_report` does
both for a `BundleStream`.

A quota group that spans parents (named in assessments, ``quota_group``,
e.g. the committee's) is decided when every part is in: its candidates go to a
sorted spool.  A cell's egalitarian-rating finding reads its members' final
levels, so a cell with a member among those candidates, or with members rated
under another parent (a cell dissolved during the year whose members moved
there), is held on disk with the cells after it until every part is in.

Limits: a parent's own default groups (its members' grassroots organization:
the parent, or each cell when the parent is a committee; and
``"<parent>:cells"``) are decided with its cells, so an assessment under another
parent that names one of them is refused with a clear error; the what-if
(``compare_with``) is only offered in memory.
"""

from __future__ import annotations

import datetime as dt
import heapq
import io
import itertools
import json
import tempfile
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import IO, Any, Final

import attrs

from ._arguments import check_day, check_instance, check_writable, check_year
from ._assessments import Level
from ._bundles import (
    BundleHeader,
    BundleStream,
    CellBundle,
    _collection_paused,
    _owners_elsewhere,
    _stub_member,
)
from ._dataset import Dataset, _dataset_of_typed_records
from ._findings import Finding
from ._org import Member, UnitKind, _home_cell
from ._participation import EGALITARIAN_RATING, _committee_summary, _CommitteeTally, _Totals, egalitarian_rating_finding
from ._quota import QuotaOutcome
from ._rating import (
    Rating,
    _apply_group_quota,
    _candidate_in,
    _cells_group,
    _demotion_reason,
    _Draft,
    _members_group,
    _rate_drafts,
)
from ._remediation import RemediationReport, RemediationShare, _prior_shares, _sort_key, follow_up
from ._report import (
    REPORT_FORMAT,
    CellReport,
    _cadence_json,
    _committee_json,
    _finding_json,
    _participation_json,
    _quota_json,
    _rating_json,
    cell_report,
    cells_in_year,
    remedy_item_json,
    share_json,
)
from ._reviews import Review
from .errors import InvalidArgumentError, PartyReviewError
from .rules import CadenceRuleSet, RatingRuleSet, RuleSetRegistry, default_registry

try:  # the fastest JSON encoder, when installed (partyreview[fast]); the documents are the same either way
    import orjson as _orjson
except ImportError:  # pragma: no cover - the test environment has it
    _orjson = None  # type: ignore[assignment]


def _dumps(value: Any) -> bytes:
    """The compact JSON text of ``value`` in UTF-8 (the report's texts stay bytes until written)."""
    if _orjson is not None:
        return _orjson.dumps(value)
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()  # pragma: no cover - see above


def _json_lines(values: Iterable[Any]) -> bytes:
    """The JSON texts of ``values`` in UTF-8, each ending with a line break (a JSON text holds none of its own)."""
    if _orjson is not None:
        dumps = _orjson.dumps
        return b"".join([dumps(value) + b"\n" for value in values])
    return b"".join(_dumps(value) + b"\n" for value in values)  # pragma: no cover - see `_dumps`


def _loads(line: str | bytes) -> Any:
    if _orjson is not None:
        return _orjson.loads(line)
    return json.loads(line)  # pragma: no cover - see above


__all__ = ["DeferredCandidate", "GroupResult", "evaluate_group", "group_bundles", "stream_report", "write_report_json"]


@attrs.frozen
class GroupResult:
    """The report's part for the cells of one parent (one grassroots organization): what `evaluate_group` returns."""

    parent: str | None
    """Id of the parent of the cells, or ``None`` for the header's own records."""
    cells: tuple[CellReport, ...]
    """The cells active in the year, in file order."""
    member_ratings: tuple[Rating, ...]
    """Ratings of the members rated in this group, in file order."""
    cell_ratings: tuple[Rating, ...]
    """Ratings of the group's cells, in file order."""
    quota: tuple[QuotaOutcome, ...]
    """The quota records of the group's quota groups."""
    remediation: RemediationReport
    """The follow-up of the reviews that travel with the group's bundles."""
    prior_remediation: tuple[RemediationShare, ...]
    """Per subject, the share of the previous year's shortcomings remedied."""
    deferred: tuple[DeferredCandidate, ...] = ()
    """Members and cells rated good or excellent in a quota group that may span parents: decided when every
    part is in."""
    elsewhere: tuple[str, ...] = ()
    """Members of these cells rated with a cell of another parent (a cell dissolved during the year whose members
    moved there): the cells' egalitarian-rating findings wait for their levels."""


@attrs.frozen
class DeferredCandidate:
    """A member or cell in a quota group named across parents (e.g. the committee's), with its level before the
    quota."""

    group: str
    """The quota group."""
    subject: str
    """Id of the member or cell."""
    level: Level
    """Excellent or good, before the quota."""
    score: Decimal | None
    """Its score, which orders the candidates."""


def group_bundles(stream: Iterable[CellBundle]) -> Iterator[list[CellBundle]]:
    """Consecutive bundles with the same parent, as lists (a bundle file keeps them together).

    Raises:
        PartyReviewError: a parent comes back after another one.
    """
    done: set[str | None] = set()
    group: list[CellBundle] = []
    for bundle in stream:
        if group and bundle.parent != group[0].parent:
            done.add(group[0].parent)
            handed, group = [group], []
            yield handed.pop()  # kept by the caller alone: its records go when the caller drops them
        if bundle.parent in done:
            msg = (
                f"line {bundle.line}: cell {bundle.cell.id!r} of {bundle.parent!r} comes after other parents' "
                "cells; a bundle file keeps the cells of one parent together"
            )
            raise PartyReviewError(msg)
        group.append(bundle)
    if group:
        yield group


def _add_owners_elsewhere(members: dict[str, Member], reviews: Sequence[Review]) -> None:
    """A stand-in for each remedy owner listed in another group (or on a cell's line, for the header's reviews):
    the reader checks that they exist once the file is read; here they are in none of these cells."""
    for owner, _ in _owners_elsewhere(reviews, members):
        members.setdefault(owner, _stub_member(owner))


def _header_dataset(header: BundleHeader) -> Dataset:
    """The header's own records as a `Dataset` (units above the cells, members of no cell, their assessments and
    the committees' reviews)."""
    members = {m.id: m for m in header.members}
    _add_owners_elsewhere(members, header.reviews)
    return Dataset(header.units, tuple(members.values()), (), header.assessments, header.reviews)


def _group_dataset(header: BundleHeader, bundles: list[CellBundle]) -> Dataset:
    """The group's records as a `Dataset`: memberships in other groups' cells are left out."""
    cells = [b.cell for b in bundles]
    inside = {c.id for c in cells}
    members: dict[str, Member] = {}
    for bundle in bundles:
        for member in bundle.members:
            if member.id not in members:
                kept = tuple(m for m in member.memberships if m.cell in inside)
                members[member.id] = (
                    member if len(kept) == len(member.memberships) else attrs.evolve(member, memberships=kept)
                )
    reviews = [r for b in bundles for r in b.reviews]
    _add_owners_elsewhere(members, reviews)
    records = (
        (*reversed(header.ancestors(bundles[0].parent)), *cells),
        tuple(members.values()),
        tuple(m for b in bundles for m in b.meetings),
        tuple(a for b in bundles for a in b.assessments),
        tuple(reviews),
    )
    if len(inside) == len(cells) and all(b._checked for b in bundles):  # noqa: SLF001
        # read by `iter_bundles`, each once: checked with the whole file
        return _dataset_of_typed_records(*records, checked=True)
    return Dataset(*records)  # bundles built by hand, or a bundle twice: every check


def evaluate_group(
    header: BundleHeader,
    bundles: list[CellBundle],
    year: int,
    *,
    cadence_rules: CadenceRuleSet,
    rating_rules: RatingRuleSet,
    as_of: dt.date,
) -> GroupResult:
    """The report's part for one group of bundles (the cells of one parent): pure, so it can run anywhere.

    With ``bundles`` empty, the header's own records (committee reviews, members
    of no cell) are evaluated.

    Members and cells in a quota group that is not one of the group's own
    default groups (its members' grassroots organization: the parent, or each
    cell when the parent is a committee; and ``"<parent>:cells"``) keep their
    level before the quota and are listed in ``deferred``: `write_report_json`
    decides their groups when every part is in.

    Raises:
        InvalidArgumentError: the bundles have different parents.
        DatasetError: the bundles' records do not hold together (a bundle
            given twice, two records of one id).
        PartyReviewError: a group is deferred under a rating rule set with
            local rules (they could not be applied after the quota), or a
            member is assessed here but in a cell of another parent on the
            reference day (they moved after it).
    """
    check_instance(header, BundleHeader, "header")
    for i, bundle in enumerate(bundles):
        check_instance(bundle, CellBundle, f"bundles[{i}]")
    check_year(year)
    check_day(as_of, "as_of")
    if len({b.parent for b in bundles}) > 1:
        msg = f"evaluate_group() needs the cells of one parent, got cells of {sorted({str(b.parent) for b in bundles})}"
        raise InvalidArgumentError(msg)
    whereabouts = _Whereabouts(bundles, rating_rules.reference_date(year))
    whereabouts.check_assessed(year)
    dataset = _group_dataset(header, bundles) if bundles else _header_dataset(header)
    # The default groups of these cells and their members are theirs alone; any other group may be named under
    # other parents too, so it is decided when every part is in.
    local = {g for c in dataset.cells() for g in (_members_group(c.id, dataset), _cells_group(c))}

    def deferred_group(group: str) -> bool:
        return group not in local

    drafts, quota = _rate_drafts(dataset, year, rating_rules, frozenset(), {}, deferred_group)
    ratings = [d.freeze() for d in drafts.values()]
    units = {u.id for u in dataset.units}
    deferred = [
        DeferredCandidate(d.group, d.subject, d.level, d.score)  # type: ignore[arg-type] # a candidate has both
        for d in drafts.values()
        if _candidate_in(d, deferred_group)
        and (rating_rules.quota_for_units or d.subject not in units)  # cells are under the quota only if so
    ]
    levels = {r.subject: r.level for r in ratings}
    reports = tuple(
        cell_report(c, dataset, year=year, rules=cadence_rules, rating=rating_rules, levels=levels)
        for c in cells_in_year(dataset, year)
    )
    return GroupResult(
        parent=bundles[0].parent if bundles else None,
        cells=reports,
        member_ratings=tuple(r for r in ratings if r.subject not in units),
        cell_ratings=tuple(r for r in ratings if r.subject in units),
        quota=tuple(quota),
        remediation=follow_up((r for r in dataset.reviews if r.year <= year), as_of),
        prior_remediation=tuple(_prior_shares(dataset.reviews, year, as_of).values()),
        deferred=tuple(deferred),
        elsewhere=tuple(sorted({m for c in reports for m in c.members if m not in levels and whereabouts.away(m)})),
    )


class _Whereabouts:
    """Where the members of a group's bundles are rated: with their cell on the reference day, or, without one,
    with the cell of their last membership (where their assessments travel); in this group or in another."""

    def __init__(self, bundles: Sequence[CellBundle], ref: dt.date) -> None:
        self.bundles, self.ref = bundles, ref
        self.inside = {b.cell.id for b in bundles}
        self.members = {m.id: m for b in bundles for m in b.members}  # their whole records, all memberships

    def away(self, member: str) -> bool:
        """Whether ``member`` is rated with a cell of another group."""
        record = self.members[member]
        cell = record.cell_on(self.ref) or _home_cell(record)
        return cell is not None and cell not in self.inside

    def check_assessed(self, year: int) -> None:
        """Refuse a member assessed here whose cell on the reference day is in another group: rated there (with
        its quota group and cell) but assessed here, the member could not be rated one group at a time."""
        for bundle in self.bundles:
            for i, assessment in enumerate(bundle.assessments):
                record = self.members.get(assessment.subject)
                if assessment.year != year or record is None:
                    continue
                cell = record.cell_on(self.ref)
                if cell is not None and cell not in self.inside:
                    where = "" if bundle.line is None else f"line {bundle.line}: $.assessments[{i}]: "
                    msg = (
                        f"{where}member {record.id!r} is in cell {cell!r} of another parent on the reference day "
                        f"({self.ref.isoformat()}) but their assessment travels with their last cell "
                        f"{bundle.cell.id!r}: the streaming report rates a member with the cell of the reference "
                        "day and their assessment together; use the in-memory report"
                    )
                    raise PartyReviewError(msg)


class _Spool:
    """JSON texts written one per line to a temporary file, read back in order."""

    def __init__(self) -> None:
        self._file: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115 - closed by close()

    def add(self, text: bytes) -> None:
        """Write one JSON text (one line)."""
        self._file.write(text + b"\n")

    def add_lines(self, lines: bytes) -> None:
        """Write JSON texts already encoded, each ending with a line break (`_json_lines`)."""
        self._file.write(lines)

    def texts(self) -> Iterator[bytes]:
        """The JSON texts, in order."""
        self._file.seek(0)
        for line in self._file:
            yield line[:-1]

    def blocks(self) -> Iterator[bytes]:
        """The JSON texts, in order, in blocks of whole lines joined by line breaks (about `_COPY_BLOCK` bytes
        each): a report writes them without a Python step per text."""
        self._file.seek(0)
        pieces: list[bytes] = []  # of the line under way, joined once it ends (a line may span many blocks)
        while block := self._file.read(_COPY_BLOCK):
            cut = block.rfind(b"\n") + 1
            if not cut:
                pieces.append(block)
                continue
            pieces.append(block[: cut - 1])
            yield b"".join(pieces)
            pieces = [block[cut:]]

    def read_all(self) -> Iterator[Any]:
        return map(_loads, self.texts())

    def close(self) -> None:
        self._file.close()


def _order_text(key: tuple[int | str | dt.date, ...]) -> str:
    """A text that sorts as ``key`` does, among keys with the same kinds of value at each place.

    Whole numbers ≥ 0 are written on 12 digits, dates in ISO form, and texts end
    with U+0000, which no id or date holds (they are checked to hold no control
    character) and which sorts before any other character, so that a text sorts
    before the longer ones it begins.
    """
    return "".join(
        f"{v:012d}" if isinstance(v, int) else v.isoformat() if isinstance(v, dt.date) else v + "\0" for v in key
    )


def _key_text(key: str) -> str:
    """The text at the start of an `_order_text` key."""
    return key[: key.index("\0")]


_COPY_BLOCK = 1 << 20
"""Bytes a `_Spool` reads at a time when its texts are copied to the report."""

_SPOOL_RUN = 20_000
"""Pairs a `_SortedSpool` sorts in memory before writing them out (a few MB)."""


_SPOOL_BLOCK = 1 << 14
"""Bytes a `_SortedSpool` reads of a run at a time when it merges them (16 KiB × runs in memory)."""


class _SortedSpool:
    """``(key, JSON text)`` pairs read back in key order, holding at most ``run`` pairs in memory.

    Pairs are sorted in runs of ``run`` and appended to one temporary file (one
    file, however many runs: the country's findings make hundreds, more than
    some systems let a process open), which are merged when read, a block of
    each run at a time; keys are unique and hold no tab or line break.
    """

    def __init__(self, run: int | None = None) -> None:
        self._run = run or _SPOOL_RUN
        self._pending: list[tuple[str, bytes]] = []
        self._file: IO[bytes] | None = None
        self._runs: list[tuple[int, int]] = []
        """Where each run starts and ends in the file."""

    def add(self, key: str, text: bytes) -> None:
        self._pending.append((key, text))
        if len(self._pending) >= self._run:
            self._flush()

    def _flush(self) -> None:
        self._pending.sort()
        if self._file is None:
            self._file = tempfile.TemporaryFile()  # noqa: SIM115 - closed by close()
        start = self._file.seek(0, io.SEEK_END)
        self._file.writelines(key.encode() + b"\t" + text + b"\n" for key, text in self._pending)
        self._runs.append((start, self._file.tell()))
        self._pending = []

    def _read(self, file: IO[bytes], start: int, end: int) -> Iterator[tuple[str, bytes]]:
        buffer = bytearray()  # a line longer than a block grows here, without copying it again for each block
        while start < end:
            file.seek(start)  # the other runs move the position in between
            block = file.read(min(_SPOOL_BLOCK, end - start))
            start += len(block)
            buffer += block
            cut = buffer.rfind(b"\n", len(buffer) - len(block)) + 1
            if cut:
                for line in bytes(buffer[: cut - 1]).split(b"\n"):
                    key, text = line.split(b"\t", 1)
                    yield key.decode(), text
                del buffer[:cut]

    def items(self) -> Iterator[tuple[str, bytes]]:
        """Every pair, in key order."""
        if self._file is None:
            return iter(sorted(self._pending))
        if self._pending:
            self._flush()
        file = self._file
        return heapq.merge(*(self._read(file, start, end) for start, end in self._runs))

    def close(self) -> None:
        if self._file is not None:
            self._file.close()


def _json_array(out: _Output, blocks: Iterable[bytes], indent: str) -> None:
    """Write a JSON array, an item a line, of the JSON texts in ``blocks`` (one text, or several on lines of
    their own)."""
    out.write(b"[")
    first = True
    lead = b"\n" + indent.encode()  # before the first item; a comma before each other one
    between = b"," + lead
    for block in blocks:
        out.write((lead if first else between) + block.replace(b"\n", between))
        first = False
    out.write(b"]" if first else lead[:-2] + b"]")


_TEXT_OR_BINARY: Final = "a text or binary file"


class _Output:
    """Where the report goes: a binary file gets its UTF-8 bytes as they are, a text file gets text.

    The report's texts are UTF-8 from the encoder on (and across worker
    processes); a binary destination spares decoding and encoding them again,
    hundreds of MB for a province.
    """

    def __init__(self, out: IO[str] | IO[bytes]) -> None:
        self._out = out
        self._binary = _is_binary(out)

    def write(self, data: bytes) -> None:
        """Write UTF-8 ``data``."""
        self._out.write(data if self._binary else data.decode())  # type: ignore[arg-type]  # see _is_binary


def _is_binary(out: object) -> bool:
    """Whether ``out`` is a file that takes bytes: a buffered or raw file, or one whose ``mode`` says so (the
    wrapper of `tempfile.NamedTemporaryFile`); anything else is written text, as a text file."""
    if isinstance(out, io.TextIOBase):
        return False
    if isinstance(out, io.BufferedIOBase | io.RawIOBase):
        return True
    mode = getattr(out, "mode", None)
    return isinstance(mode, str) and "b" in mode


def _finding_key(finding: Finding) -> str:
    # Overdue findings in item order, then the no-remedy findings by review and position (see _remediation).
    params = dict(finding.params)
    if finding.code == "remediation.overdue":
        return _order_text((0, str(params["due"]), 0, 0, str(params["review"])))
    return _order_text((1, str(params["review"]), int(params["index"]), 0, ""))


@attrs.frozen
class _RenderedPart:
    """A `GroupResult` as the report's JSON texts, in UTF-8: what the assembler keeps (and what a worker process
    sends back)."""

    parent: str | None
    cells: tuple[bytes, ...]
    held: tuple[tuple[int, bytes], ...]
    """``(index in cells, JSON [levels rated here, members rated elsewhere])`` of each cell whose
    egalitarian-rating finding waits for other parts (see `_waiting_cells`)."""
    participation: _CommitteeTally
    member_ratings: bytes
    cell_ratings: bytes
    """The JSON texts of the ratings (`_json_lines`): one block, spooled as it is."""
    quota: tuple[tuple[str, bytes], ...]
    """``(group, JSON)`` of each quota record."""
    items: tuple[tuple[str, bytes], ...]
    """``(sort key, JSON)`` of each remedy."""
    states: tuple[str, ...]
    """The state of each remedy."""
    findings: tuple[tuple[str, bytes], ...]
    """``(sort key, JSON)`` of each remediation finding."""
    shares: tuple[tuple[str, bytes], ...]
    """``(subject as a sort key, JSON)`` of each share."""
    deferred: tuple[DeferredCandidate, ...]


@attrs.frozen
class _Settings:
    """What evaluating and writing a group need besides its bundles (what every worker process is given once)."""

    header: BundleHeader
    year: int
    cadence_rules: CadenceRuleSet
    rating_rules: RatingRuleSet
    as_of: dt.date
    lang: str
    committee: str
    """The name of the committee, at the head of the report."""


def _evaluated(bundles: list[CellBundle], settings: _Settings) -> _RenderedPart:
    """`evaluate_group`, rendered; without cyclic garbage collection (restored after).

    A group's records and results are acyclic and short-lived (reference counting
    frees them): collections while they pile up would only walk them in vain.
    """
    with _collection_paused():
        part = evaluate_group(
            settings.header,
            bundles,
            settings.year,
            cadence_rules=settings.cadence_rules,
            rating_rules=settings.rating_rules,
            as_of=settings.as_of,
        )
        return _render(part, settings.lang, settings.year, settings.cadence_rules.id)


def _render(part: GroupResult, lang: str, year: int, cadence_rules: str) -> _RenderedPart:
    """The JSON texts of ``part`` (cells, ratings, remedies, findings, shares) and its participation tally."""
    tally = _CommitteeTally(year, cadence_rules)
    for cell in part.cells:
        tally.add(cell.participation)
    return _RenderedPart(
        parent=part.parent,
        cells=tuple(_dumps(_cell_json(cell, lang)) for cell in part.cells),
        held=_waiting_cells(part),
        participation=tally,
        member_ratings=_json_lines(_rating_json(r, lang) for r in part.member_ratings),
        cell_ratings=_json_lines(_rating_json(r, lang) for r in part.cell_ratings),
        quota=tuple((q.group, _dumps(_quota_json(q, lang))) for q in part.quota),
        items=tuple((_order_text(_sort_key(item)), _dumps(remedy_item_json(item))) for item in part.remediation.items),
        states=tuple(item.state.value for item in part.remediation.items),
        findings=tuple((_finding_key(f), _dumps(_finding_json(f, lang))) for f in part.remediation.findings),
        shares=tuple((_order_text((s.subject,)), _dumps(share_json(s))) for s in part.prior_remediation),
        deferred=part.deferred,
    )


def _waiting_cells(part: GroupResult) -> tuple[tuple[int, bytes], ...]:
    """The cells of ``part`` whose egalitarian-rating finding may change once every part is in, each as its index
    and the JSON of ``[levels rated here, members rated elsewhere]``.

    A cell waits when a member's level is not final here: the member is an
    excellent candidate of a deferred quota group, or is rated in another part
    (`GroupResult.elsewhere`).  Unless two of its other members already differ:
    then its members can never all be alike.
    """
    rated = {r.subject: r.level for r in part.member_ratings}
    deferred = {c.subject for c in part.deferred if c.level is Level.EXCELLENT}  # the quota lowers nobody else
    away = set(part.elsewhere)
    waiting = []
    for i, cell in enumerate(part.cells):
        elsewhere = [m for m in cell.members if m in away]
        if not elsewhere and deferred.isdisjoint(cell.members):
            continue
        final = {rated[m] for m in cell.members if m in rated and m not in deferred}
        if len(final - {None}) > 1:
            continue
        levels = {m: None if (level := rated[m]) is None else level.value for m in cell.members if m in rated}
        waiting.append((i, _dumps([levels, elsewhere])))
    return tuple(waiting)


class _Assembler:
    """What `write_report_json` keeps between parts: spools on disk, quota records, counts.

    Memory holds the names of the quota groups and at most a run of each sorted
    spool: the rest (ratings, quota records, remedies, findings, shares, the
    candidates of quota groups spanning parents, members' unexcused months) is
    on disk until the report is assembled.
    """

    def __init__(self) -> None:
        self.member_ratings, self.cell_ratings = _Spool(), _Spool()
        self.quota, self.items, self.findings, self.shares, self.absences = (_SortedSpool() for _ in range(5))
        self.deferred = _SortedSpool()
        """The deferred candidates, by quota group (in the order they came within a group)."""
        self.quota_groups: set[str] = set()
        self.deferred_groups: dict[str, str] = {}
        """The deferred quota groups met so far, each with the first subject named in it."""
        self.held: _Spool | None = None
        """The cells from the first one that waits for other parts on, in order: each as what it waits for (the
        JSON of `_RenderedPart.held`; empty if it does not wait), a tab and its JSON."""
        self.awaited: set[str] = set()
        """The members rated elsewhere whom held cells wait for."""
        self.counts = {"open": 0, "overdue": 0, "done": 0}
        self.counted = _Totals()  # the members' unexcused months go to `absences`
        self._sequence = 0  # ends the sort keys: what comes first stays first among equal keys

    def cells_to_write(self, part: _RenderedPart) -> tuple[bytes, ...]:
        """The cells of ``part`` to write now: all of them until a part has a cell that waits for other parts;
        from that part on, none: they are held, in order, until every part is in."""
        if self.held is None and not part.held:
            return part.cells
        if self.held is None:
            self.held = _Spool()
        waiting = dict(part.held)
        for text in waiting.values():
            self.awaited.update(_loads(text)[1])
        for i, text in enumerate(part.cells):
            self.held.add(waiting.get(i, b"") + b"\t" + text)
        return ()

    def held_cells(self, demoted: Mapping[str, object], rules: CadenceRuleSet, lang: str) -> Iterator[bytes]:
        """The held cells, each waiting one with its egalitarian-rating finding worked out again from its members'
        final levels."""
        if self.held is None:
            return
        elsewhere = self._levels_of(self.awaited)
        for line in self.held.texts():
            waiting, text = line.split(b"\t", 1)
            if not waiting:
                yield text
                continue
            levels, others = _loads(waiting)
            levels.update((m, elsewhere.get(m)) for m in others)
            yield _with_egalitarian_finding(text, levels, demoted, rules, lang)

    def _levels_of(self, members: set[str]) -> dict[str, str | None]:
        """The levels of ``members`` (before any deferred quota) from the ratings of every part (one pass over
        them, when some are asked for)."""
        if not members:
            return {}
        return {r["subject"]: r["level"] for r in self.member_ratings.read_all() if r["subject"] in members}

    def keep(self, part: _RenderedPart) -> None:
        """Spool everything of ``part`` but its cells (see `cells_to_write`)."""
        self.member_ratings.add_lines(part.member_ratings)
        self.cell_ratings.add_lines(part.cell_ratings)
        self._keep_quota(part)
        for state in part.states:
            self.counts[state] += 1
        # equal keys (e.g. two overdue findings of one review due the same day) keep the order they came in
        for key, text in part.items:
            self.items.add(key + self._next(), text)
        for key, text in part.findings:
            self.findings.add(key + self._next(), text)
        for key, text in part.shares:
            self.shares.add(key + self._next(), text)
        for candidate in part.deferred:
            score = None if candidate.score is None else str(candidate.score)
            draft = json.dumps([candidate.subject, candidate.level.value, score]).encode()
            self.deferred.add(_order_text((candidate.group,)) + self._next(), draft)
        self.counted.merge(part.participation.counted)
        for member, months, cells, flagged in part.participation.absences():
            # by member, then in the order the parts come: the order of a member's cells is kept
            record = [str(sum(1 << m for m in months)), "1" if flagged else "", *cells]
            self.absences.add(_order_text((member,)) + self._next(), json.dumps(record).encode())

    def _keep_quota(self, part: _RenderedPart) -> None:
        """Spool the part's quota records and note its deferred groups, refusing a group decided by a part and
        named by another (found as soon as both are in, not at the end)."""
        for group, text in part.quota:
            if group in self.quota_groups:
                raise _undecidable(group, f"spans more than one parent ({part.parent!r} and another)")
            if group in self.deferred_groups:
                raise _undecidable(group, _DEFAULT_AND_NAMED.format(subject=self.deferred_groups[group]))
            self.add_quota(group, text)
        for candidate in part.deferred:
            if candidate.group in self.quota_groups:
                raise _undecidable(candidate.group, _DEFAULT_AND_NAMED.format(subject=candidate.subject))
            self.deferred_groups.setdefault(candidate.group, candidate.subject)

    def add_quota(self, group: str, text: bytes) -> None:
        """Spool the quota record of ``group``."""
        self.quota_groups.add(group)
        self.quota.add(_order_text((group,)), text)

    def _next(self) -> str:
        self._sequence += 1
        return _order_text((self._sequence,))

    def deferred_by_group(self) -> Iterator[list[_Draft]]:
        """The deferred candidates of each quota group, in the order of the groups' names."""
        for group, pairs in itertools.groupby(self.deferred.items(), key=lambda pair: _key_text(pair[0])):
            drafts = []
            for _, text in pairs:
                subject, level, score = json.loads(text)
                drafts.append(_Draft(subject, Level(level), None, None if score is None else Decimal(score), [], group))
            yield drafts

    def absences_by_member(self) -> Iterator[tuple[str, set[int], list[str], bool]]:
        """The members' unexcused months over all parts, as `_CommitteeTally.absences` gives them."""
        for member, pairs in itertools.groupby(self.absences.items(), key=lambda pair: _key_text(pair[0])):
            months: set[int] = set()
            cells: list[str] = []
            flagged = False
            for _, text in pairs:
                mask, flag, *more = json.loads(text)
                months.update(m for m in range(1, 13) if int(mask) >> m & 1)
                cells += more
                flagged = flagged or bool(flag)
            yield member, months, cells, flagged

    def close(self) -> None:
        for spool in (self.member_ratings, self.cell_ratings, self.held):
            if spool is not None:
                spool.close()
        for sorted_spool in (self.quota, self.items, self.findings, self.shares, self.absences, self.deferred):
            sorted_spool.close()


_DEFAULT_AND_NAMED: Final = (
    "is the default group of one parent's cells or members (decided with them) and is also named for {subject!r} "
    "elsewhere in the file"
)


def _undecidable(group: str, why: str) -> PartyReviewError:
    return PartyReviewError(
        f"quota group {group!r} {why}; it cannot be decided one parent at a time: use the in-memory report"
    )


def _with_egalitarian_finding(
    text: bytes, levels: Mapping[str, str | None], demoted: Mapping[str, object], rules: CadenceRuleSet, lang: str
) -> bytes:
    """A cell's JSON with its egalitarian-rating finding (always the last of its participation findings, see
    `cell_report`) worked out again from its members' ``levels`` once ``demoted`` ones are good."""
    after = {m: Level.GOOD if m in demoted else None if v is None else Level(v) for m, v in levels.items()}
    cell = _loads(text)
    findings = cell["participation"]["findings"]
    before = findings.pop() if findings and findings[-1]["code"] == EGALITARIAN_RATING else None
    finding = egalitarian_rating_finding(cell["id"], after, rules)
    now = None if finding is None else _finding_json(finding, lang)
    if now == before:
        return text
    if now is not None:
        findings.append(now)
    return _dumps(cell)


def _cell_json(cell: CellReport, lang: str) -> dict[str, Any]:
    return {
        "id": cell.cell,
        "name": cell.name,
        "parent": cell.parent,
        "members": list(cell.members),
        "cadence": _cadence_json(cell.cadence, lang),
        "participation": _participation_json(cell.participation, lang),
    }


def write_report_json(
    parts: Iterable[GroupResult],
    out: IO[str] | IO[bytes],
    *,
    year: int,
    committee: str,
    cadence_rules: CadenceRuleSet,
    rating_rules: RatingRuleSet,
    as_of: dt.date,
    lang: str = "en",
    on_cell: Callable[[int], None] | None = None,
) -> int:
    """Write the ``partyreview.report/1`` JSON of ``parts`` to ``out`` (a text file, or a binary one: UTF-8),
    holding one part at a time.

    The document equals `report_to_json` of the in-memory report of the same
    records, except that ratings come part by part (members, then cells): a
    member who moved between cells may be listed at another place.  The parts'
    deferred candidates are decided at the end, one quota group at a time; from
    the first cell whose egalitarian-rating finding waits for them (or for its
    members rated in another part: a cell dissolved during the year), the cells
    are held in a temporary file until then (see `GroupResult.deferred`).
    Returns the number of cells written.

    Raises:
        PartyReviewError: two parts both decide a quota group (the same part
            given twice), or one part decides a group that another part
            defers (a parent's own group named under another parent).
    """
    check_year(year)
    check_day(as_of, "as_of")
    check_writable(out, "out", _TEXT_OR_BINARY)
    settings = _Settings(BundleHeader(), year, cadence_rules, rating_rules, as_of, lang, committee)
    return _write_rendered((_render(part, lang, year, cadence_rules.id) for part in parts), out, settings, on_cell)


def _write_rendered(
    parts: Iterable[_RenderedPart],
    destination: IO[str] | IO[bytes],
    settings: _Settings,
    on_cell: Callable[[int], None] | None,
) -> int:
    """`write_report_json` of parts already rendered (in this process or in workers)."""
    year, cadence_rules, rating_rules, lang = (
        settings.year,
        settings.cadence_rules,
        settings.rating_rules,
        settings.lang,
    )
    kept = _Assembler()
    written = 0
    out = _Output(destination)

    def write_cell(text: bytes) -> None:
        nonlocal written
        out.write((b"\n    " if written == 0 else b",\n    ") + text)
        written += 1

    try:
        head = {
            "format": REPORT_FORMAT,
            "year": year,
            "lang": lang,
            "committee": settings.committee,
            "rulesets": {"cadence": cadence_rules.id, "rating": rating_rules.id},
        }
        out.write(
            (
                "{\n"
                + "".join(f"  {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)},\n" for k, v in head.items())
                + '  "cells": ['
            ).encode()
        )
        done = 0
        for part in parts:
            for text in kept.cells_to_write(part):
                write_cell(text)
            for _ in part.cells:
                done += 1
                if on_cell is not None:
                    on_cell(done)
            kept.keep(part)
        demoted = _decide_deferred(kept, rating_rules, lang)
        for text in kept.held_cells(demoted, cadence_rules, lang):
            write_cell(text)
        summary = _committee_summary(year, cadence_rules, kept.counted, kept.absences_by_member())
        end = "\n  ]" if written else "]"
        participation = json.dumps(_committee_json(summary, lang), ensure_ascii=False)
        out.write(f'{end},\n  "participation": {participation},\n  "ratings": '.encode())
        member_ratings = _demoted_texts(kept.member_ratings, demoted, rating_rules, lang)
        cell_ratings = _demoted_texts(kept.cell_ratings, demoted, rating_rules, lang)
        _json_array(out, _chain(member_ratings, cell_ratings), "    ")
        out.write(b',\n  "quota": ')
        _json_array(out, (text for _, text in kept.quota.items()), "    ")
        counts = ", ".join(f"{json.dumps(k)}: {v}" for k, v in kept.counts.items())
        out.write(f',\n  "remediation": {{"as_of": {json.dumps(settings.as_of.isoformat())}, {counts}'.encode())
        out.write(b', "items": ')
        _json_array(out, (text for _, text in kept.items.items()), "      ")
        out.write(b', "shares": ')
        _json_array(out, (text for _, text in kept.shares.items()), "      ")
        out.write(b', "findings": ')
        _json_array(out, (text for _, text in kept.findings.items()), "      ")
        out.write(b"}\n}\n")
    finally:
        kept.close()
    return written


_Demoted = dict[str, tuple[QuotaOutcome, bool]]
"""The subjects lowered to good by a deferred quota group: their group's outcome and whether they were tied
(their reason is made again when their rating is written: a few dozen bytes a subject in memory)."""


def _decide_deferred(kept: _Assembler, rules: RatingRuleSet, lang: str) -> _Demoted:
    """Apply the quota to the deferred groups, one at a time, as `rate_year` would; who is demoted."""
    demoted: _Demoted = {}
    for drafts in kept.deferred_by_group():
        for outcome in _apply_group_quota(drafts, rules, frozenset(), {}):
            kept.add_quota(outcome.group, _dumps(_quota_json(outcome, lang)))
            lowered = set(outcome.demoted)
            demoted.update(
                (d.subject, (outcome, d.reasons[-1].param("tied") == 1)) for d in drafts if d.subject in lowered
            )
    return demoted


def _demoted_texts(ratings: _Spool, demoted: _Demoted, rules: RatingRuleSet, lang: str) -> Iterator[bytes]:
    """The ratings' JSON texts (in blocks, see `_json_array`), those of ``demoted`` subjects lowered to good with
    the quota's reason."""
    if not demoted:  # no quota group spanned parents, or it demoted nobody: copied as they are
        yield from ratings.blocks()
        return
    for rating in ratings.read_all():
        subject = rating["subject"]
        if subject in demoted:
            outcome, tied = demoted[subject]
            rating["level"] = "good"
            rating["reasons"].append(_finding_json(_demotion_reason(subject, outcome, rules, tied=tied), lang))
        yield _dumps(rating)


def _chain(*iterables: Iterable[Any]) -> Iterator[Any]:
    for iterable in iterables:
        yield from iterable


def stream_report(
    stream: BundleStream,
    year: int,
    out: IO[str] | IO[bytes],
    *,
    registry: RuleSetRegistry | None = None,
    rating_rules: RatingRuleSet | None = None,
    as_of: dt.date | None = None,
    lang: str = "en",
    on_cell: Callable[[int], None] | None = None,
    jobs: int = 1,
) -> int:
    """The annual report of a bundle file as ``partyreview.report/1`` JSON, written to ``out`` group by group.

    ``out`` is a text file, or a binary one (``open(path, "wb")``, `io.BytesIO`),
    which gets the report's UTF-8 bytes as they come from the encoder: faster for
    large reports than a text file, which decodes them again.

    Equal to ``report_to_json(build_report(load_bundles(file), year, ...), lang)``
    with memory bounded by the largest group of cells (and the largest quota
    group spanning parents, decided at the end), not by the file.
    ``on_cell(done)`` is called after each cell.  Returns the number of cells.

    ``stream`` must be unread: one that has given bundles already, or been
    closed, is refused.  With ``jobs`` > 1 (0: one per CPU; at most 61) and a stream from
    `iter_bundles`, the lines are read, checked and evaluated by that many worker
    processes, and the report is the same byte for byte; the rule sets must
    then pickle (the built-in ones do; a derived rule set's local rules must be
    importable classes).  Other streams are evaluated in this process.  The
    workers are spawned, so a script that asks for them runs its work under
    ``if __name__ == "__main__":``, as `multiprocessing` requires.

    Raises:
        RuleSetNotFoundError: no rule set governs ``year``.
        DatasetError: a line of the file is invalid (with its line and JSON path).
        PartyReviewError: the file's cells are not grouped by parent, or an
            assessment names another parent's own default quota group (its
            members' grassroots organization, or ``"<parent>:cells"``); other
            groups spanning parents are decided at the end, but not under a
            rating rule set with local rules.
        InvalidArgumentError: an argument is of the wrong type, ``jobs`` is
            negative, or ``stream`` has been read from or closed (the report
            would miss bundles).
    """
    from . import _parallel  # here: it imports this module

    check_instance(stream, BundleStream, "stream", " (see iter_bundles and dataset_bundles)")
    check_year(year)
    check_day(as_of, "as_of", optional=True)
    check_writable(out, "out", _TEXT_OR_BINARY)
    stream._check_unread("stream_report()")  # noqa: SLF001 - the package's own class
    workers = _parallel.worker_count(jobs)
    registry = registry or default_registry()
    cadence_rules = registry.for_year(CadenceRuleSet, year)
    rating = rating_rules or registry.for_year(RatingRuleSet, year)
    as_of = as_of or dt.date(year, 12, 31)
    header = stream.header
    committee = next((u.name for u in header.units if u.parent is None and u.kind is UnitKind.COMMITTEE), "")

    settings = _Settings(header, year, cadence_rules, rating, as_of, lang, committee)

    def parts() -> Generator[_RenderedPart]:
        yield _evaluated([], settings)
        groups = group_bundles(stream)
        while True:
            # Read and evaluate a group without collections, and drop its records before they resume, so that
            # none has to walk them (see `_evaluated`).
            with _collection_paused():
                group = next(groups, None)
                if group is None:
                    return
                part = _evaluated(group, settings)
                del group
            yield part

    reader = stream._reader  # noqa: SLF001
    rendered = _parallel.parallel_parts(reader, workers, settings) if workers > 1 and reader is not None else parts()
    try:
        return _write_rendered(rendered, out, settings, on_cell)
    except Exception as error:
        # an id used again under an earlier parent is found only at the end: it is the first problem if it
        # came on a line read before this one was met (e.g. two cells of one id make one quota group)
        first = error if reader is None else reader.checks.first_problem(error)
        if first is error:
            raise
        raise first from None
    finally:
        rendered.close()  # on a problem, at once: the worker processes and the groups in flight
