"""JSON Lines cell bundles (``partyreview.bundles/1``): a dataset one cell at a time.

A province's or the country's records do not fit in memory as one JSON document.
In this format line 1 is a header holding the committees and grassroots
organizations (and the few records that belong to no cell); every further line
is one cell's *bundle*: the cell, everyone who ever belonged to it, its meetings,
and the assessments and reviews of the cell and of the members whose last
membership is in it.  `write_bundles` writes such a file from any stream of
bundles, `iter_bundles` reads one back a line at a time, checking each line
strictly and the file as a whole, and `load_bundles` rebuilds a `Dataset` from
a small file.  The format is specified in ``docs/reference/dataset-format.md``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import json
import marshal
import os
import sys
import tempfile
from collections.abc import Callable, Container, Generator, Iterable, Iterator, Sequence
from typing import IO, TYPE_CHECKING, Any, Final, Protocol, Self, TypeVar

import attrs

from . import _fastpath
from ._arguments import check_instance, check_writable
from ._assessments import Assessment
from ._dataset import Dataset, _dataset_of_typed_records
from ._files import replacing
from ._json import _CONVERTER, _expected, _structure_record, decode_json
from ._meetings import Meeting
from ._org import Member, Unit, UnitKind, _home_cell
from ._reviews import Review
from ._validators import as_tuple, described, instance_of, int_between, items_of
from .errors import DatasetError, InvalidArgumentError, InvalidRecordError, Problem

if TYPE_CHECKING:
    from types import TracebackType

try:  # an optional accelerator: the fastest JSON parser, when installed (partyreview[fast])
    import orjson as _orjson
except ImportError:  # pragma: no cover - the test environment has it; the fallback is tested by patching
    _orjson = None  # type: ignore[assignment]

__all__ = [
    "BUNDLES_FORMAT",
    "BundleHeader",
    "BundleStream",
    "CellBundle",
    "dataset_bundles",
    "dump_bundles",
    "iter_bundles",
    "load_bundles",
    "split_records",
    "write_bundles",
]

BUNDLES_FORMAT: Final = "partyreview.bundles/1"
"""The value of the ``format`` key of a bundle file's header (its first line)."""

_HEADER_KEYS: Final = ("format", "units", "members", "assessments", "reviews")
_BUNDLE_KEYS: Final = ("cell", "members", "meetings", "assessments", "reviews")
_RECORD_LISTS: Final[dict[str, type]] = {
    "units": Unit,
    "members": Member,
    "meetings": Meeting,
    "assessments": Assessment,
    "reviews": Review,
}
_T = TypeVar("_T")


# -- records -----------------------------------------------------------------------------------


def _no_cells(_inst: object, _attr: attrs.Attribute[Any], units: tuple[Unit, ...]) -> None:
    for i, unit in enumerate(units):
        if unit.is_cell:
            msg = f"'units'[{i}]: cell {unit.id!r} belongs in a CellBundle of its own, not in the header"
            raise InvalidRecordError(msg, "units")


def _no_memberships(_inst: object, _attr: attrs.Attribute[Any], members: tuple[Member, ...]) -> None:
    for i, member in enumerate(members):
        if member.memberships:
            msg = f"'members'[{i}]: member {member.id!r} belongs to a cell: list them in the bundle of each of their cells"
            raise InvalidRecordError(msg, "members")


def _a_cell(_inst: object, _attr: attrs.Attribute[Any], cell: Unit) -> None:
    if not cell.is_cell:
        msg = f"'cell' must be a unit of kind 'cell' (got {cell.id!r} of kind {cell.kind.value!r})"
        raise InvalidRecordError(msg, "cell")


@attrs.frozen
class BundleHeader:
    """Line 1 of a bundle file: the units that are not cells, and the records of no cell.

    ``members`` are those without any cell membership; ``assessments`` and
    ``reviews`` are those of the header's units and members.  As read by
    `iter_bundles`, it has been checked.
    """

    units: tuple[Unit, ...] = attrs.field(default=(), converter=as_tuple, validator=[items_of(Unit), _no_cells])
    """Committees and grassroots organizations, in file order."""
    members: tuple[Member, ...] = attrs.field(
        default=(), converter=as_tuple, validator=[items_of(Member), _no_memberships]
    )
    """Members who never belonged to a cell (rare)."""
    assessments: tuple[Assessment, ...] = attrs.field(default=(), converter=as_tuple, validator=items_of(Assessment))
    """Assessments of committees, grassroots organizations and the header's members."""
    reviews: tuple[Review, ...] = attrs.field(default=(), converter=as_tuple, validator=items_of(Review))
    """Reviews of committees, grassroots organizations and the header's members."""
    _units_by_id: dict[str, Unit] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_units_by_id", {u.id: u for u in self.units})

    def unit(self, unit_id: str) -> Unit:
        """The header unit with this id; `KeyError` if there is none."""
        return self._units_by_id[unit_id]

    def ancestors(self, unit_id: str | None) -> tuple[Unit, ...]:
        """The unit ``unit_id`` and its ancestors up to the root, nearest first (``()`` for ``None``)."""
        chain: list[Unit] = []
        while unit_id is not None and (unit := self._units_by_id.get(unit_id)) is not None and unit not in chain:
            chain.append(unit)
            unit_id = unit.parent
        return tuple(chain)


@attrs.frozen
class CellBundle:
    """One line of a bundle file: a cell and the records that travel with it.

    ``members`` are all who belonged to the cell at any time (a transferred member
    is repeated, unchanged, in the bundle of each of their cells); ``assessments``
    and ``reviews`` are those of the cell and of the members whose last
    membership is in this cell.  Bundles of cells with the same parent are on
    consecutive lines.
    """

    cell: Unit = attrs.field(validator=attrs.validators.and_(instance_of(Unit), _a_cell))
    """The cell."""
    members: tuple[Member, ...] = attrs.field(default=(), converter=as_tuple, validator=items_of(Member))
    """Everyone who belonged to the cell at any time."""
    meetings: tuple[Meeting, ...] = attrs.field(default=(), converter=as_tuple, validator=items_of(Meeting))
    """The cell's meetings."""
    assessments: tuple[Assessment, ...] = attrs.field(default=(), converter=as_tuple, validator=items_of(Assessment))
    """Assessments of the cell and of the members whose last membership is in it."""
    reviews: tuple[Review, ...] = attrs.field(default=(), converter=as_tuple, validator=items_of(Review))
    """Reviews of the cell and of the members whose last membership is in it."""
    header: BundleHeader = attrs.field(factory=BundleHeader, eq=False, repr=False, validator=instance_of(BundleHeader))
    """The file's header: the committees and grassroots organizations above the cell."""
    line: int | None = attrs.field(default=None, eq=False, validator=attrs.validators.optional(int_between(1)))
    """The line of the file the bundle was read from (``None`` when not read from a file)."""
    _checked: bool = attrs.field(default=False, init=False, eq=False, repr=False)
    # True when `iter_bundles` read it: its records have been checked with the rest of the file, so
    # evaluating it needs no second check (a bundle built by hand is checked when evaluated).

    @property
    def parent(self) -> str | None:
        """Id of the cell's parent (its grassroots organization, the default quota group)."""
        return self.cell.parent


class BundleStream(Iterator[CellBundle]):
    """A bundle file's header and its cell bundles, produced one at a time (a single pass).

    `iter_bundles` returns one reading a file; `dataset_bundles` one over a
    `Dataset`; `iter_example_bundles` one generating a synthetic province.  Use it
    as a context manager (or call `close`) to release the file early.
    """

    def __init__(
        self, header: BundleHeader, bundles: Iterator[CellBundle], close: Callable[[], None] | None = None
    ) -> None:
        check_instance(header, BundleHeader, "header")
        if not isinstance(bundles, Iterator):
            msg = f"'bundles' must be an iterator of CellBundle, e.g. iter(a_list) (got {described(bundles)})"
            raise InvalidArgumentError(msg)
        if close is not None and not callable(close):
            raise InvalidArgumentError(f"'close' must be callable or None (got {described(close)})")
        self._header = header
        self._bundles = bundles
        self._close = close
        self._reader: _Reader | None = None
        self._used = False
        """Whether a bundle has been taken, or the stream closed: a report or a copy of it would miss bundles."""

    @property
    def header(self) -> BundleHeader:
        """The header (line 1)."""
        return self._header

    def __next__(self) -> CellBundle:
        self._used = True
        return next(self._bundles)

    def _check_unread(self, caller: str) -> None:
        """Refuse a stream that has given bundles already or been closed: ``caller`` needs all of them."""
        if self._used:
            msg = f"{caller} needs a stream from its first bundle: this one has been read from or closed; open it again"
            raise InvalidArgumentError(msg)

    def close(self) -> None:
        """Release the underlying file, if any, and the reader's temporary files; iterating further raises
        `StopIteration`."""
        self._used = True
        if isinstance(self._bundles, Generator):
            self._bundles.close()
        self._bundles = iter(())
        if self._close is not None:
            self._close()
            self._close = None

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()


# -- splitting a dataset into bundles ----------------------------------------------------------------


def _cells_by_parent(units: Iterable[Unit]) -> list[Unit]:
    """The cells grouped by parent, groups in the order of their parents (cells without one last), cells in order."""
    groups: dict[str | None, list[Unit]] = {u.id: [] for u in units if not u.is_cell} | {None: []}
    for unit in units:
        if unit.is_cell:
            groups[unit.parent].append(unit)
    return [cell for group in groups.values() for cell in group]


def dataset_bundles(dataset: Dataset) -> BundleStream:
    """The bundles of a dataset, in file order: cells grouped by parent, records in dataset order.

    Within a bundle, members come in the order of the first bundle that lists
    them, then in dataset order: the order `load_bundles` gives back, so that
    writing a loaded file reproduces it.

    >>> from partyreview import generate_example
    >>> stream = dataset_bundles(generate_example("demo", seed=1))
    >>> [u.kind.value for u in stream.header.units]
    ['committee', 'grassroots', 'grassroots']
    >>> first = next(stream)
    >>> first.cell.id, first.parent, len(first.members) > 0
    ('C1', 'G1', True)
    """
    check_instance(dataset, Dataset, "dataset", " (see load_dataset)")
    return split_records(dataset.units, dataset.members, dataset.meetings, dataset.assessments, dataset.reviews)


def split_records(
    units: Iterable[Unit],
    members: Iterable[Member],
    meetings: Iterable[Meeting],
    assessments: Iterable[Assessment],
    reviews: Iterable[Review],
    *,
    header: BundleHeader | None = None,
) -> BundleStream:
    """`dataset_bundles` of records in memory (not cross-checked here: they come from a `Dataset` or the generator).

    With ``header``, the bundles point to it instead of to a header made of these
    records (the generator splits a province one committee at a time).
    """
    units, members = tuple(units), tuple(members)
    cells = _cells_by_parent(units)
    order = {cell.id: i for i, cell in enumerate(cells)}
    home = {m.id: h for m in members if (h := _home_cell(m)) is not None}

    def owner(subject: str) -> str | None:
        return subject if subject in order else home.get(subject)

    listed: dict[str, list[Member]] = {c: [] for c in order}
    for member in members:
        for cell_id in dict.fromkeys(m.cell for m in member.memberships):
            listed[cell_id].append(member)
    first = {m.id: min(order[ms.cell] for ms in m.memberships) for m in members if m.memberships}
    for group in listed.values():  # canonical: by the first bundle listing the member, then in given order
        group.sort(key=lambda m: first[m.id])
    held: dict[str, list[Meeting]] = {c: [] for c in order}
    for meeting in meetings:
        held[meeting.cell].append(meeting)
    assessed: dict[str | None, list[Assessment]] = {c: [] for c in order} | {None: []}
    for assessment in assessments:
        assessed[owner(assessment.subject)].append(assessment)
    reviewed: dict[str | None, list[Review]] = {c: [] for c in order} | {None: []}
    for review in reviews:
        reviewed[owner(review.subject)].append(review)
    if header is None:
        header = BundleHeader(
            [u for u in units if not u.is_cell],
            [m for m in members if not m.memberships],
            assessed[None],
            reviewed[None],
        )
    bundles = (
        CellBundle(cell, listed[cell.id], held[cell.id], assessed[cell.id], reviewed[cell.id], header) for cell in cells
    )
    return BundleStream(header, bundles)


# -- writing ---------------------------------------------------------------------------------------------


class _Writable(Protocol):
    def write(self, text: str, /) -> object: ...


def _records_json(records: Iterable[Any], cls: type) -> list[Any]:
    unstructure = _CONVERTER.get_unstructure_hook(cls)
    return [unstructure(record) for record in records]


def header_to_json(header: BundleHeader) -> dict[str, Any]:
    """The JSON object of a header line."""
    return {
        "format": BUNDLES_FORMAT,
        "units": _records_json(header.units, Unit),
        "members": _records_json(header.members, Member),
        "assessments": _records_json(header.assessments, Assessment),
        "reviews": _records_json(header.reviews, Review),
    }


def bundle_to_json(bundle: CellBundle) -> dict[str, Any]:
    """The JSON object of a cell bundle line."""
    return {
        "cell": _CONVERTER.unstructure(bundle.cell, Unit),
        "members": _records_json(bundle.members, Member),
        "meetings": _records_json(bundle.meetings, Meeting),
        "assessments": _records_json(bundle.assessments, Assessment),
        "reviews": _records_json(bundle.reviews, Review),
    }


def _line(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n"


def write_bundles(stream: BundleStream, file: str | os.PathLike[str] | _Writable) -> int:
    """Write a header and its bundles as ``partyreview.bundles/1`` JSON Lines; returns the number of bundles.

    ``file`` is a path (written as UTF-8) or a text file open for writing.  The
    output is canonical (compact JSON, keys in a fixed order), so writing what
    `iter_bundles` read gives back the same bytes.  Only one bundle is held at a
    time.  A path is written beside and renamed over only once every bundle is
    written: a stream that fails half-way leaves the file that was there (even
    the one being read).

    Raises:
        InvalidArgumentError: ``stream`` is not a `BundleStream`, has been read
            from or closed (the file would miss bundles), or ``file`` is neither
            a path nor writable.
    """
    check_instance(stream, BundleStream, "stream", " (see iter_bundles and dataset_bundles)")
    stream._check_unread("write_bundles()")  # noqa: SLF001 - the module's own class
    if isinstance(file, str | os.PathLike):
        with replacing(file) as out:
            return write_bundles(stream, out)
    check_writable(file, "file", "a path or a text file")
    file.write(_line(header_to_json(stream.header)))
    count = 0
    for bundle in stream:
        file.write(_line(bundle_to_json(bundle)))
        count += 1
    return count


def dump_bundles(dataset: Dataset, file: str | os.PathLike[str] | _Writable) -> int:
    """Write a dataset as ``partyreview.bundles/1`` JSON Lines; returns the number of cell bundles.

    The same as ``write_bundles(dataset_bundles(dataset), file)``.
    """
    return write_bundles(dataset_bundles(dataset), file)


# -- reading: ids seen on earlier lines, on disk ------------------------------------------------------------

_CELL: Final = "c"
_OTHER_UNIT: Final = "u"
_MEMBER: Final = "m"
_MEETING: Final = "g"
_REVIEW: Final = "r"
_NAMESPACE: Final = {_CELL: "u", _OTHER_UNIT: "u", _MEMBER: "u", _MEETING: "g", _REVIEW: "r"}
"""Units and members share one namespace (an assessment's subject may be either); meetings and reviews have theirs."""
_LOOKUP: Final = "?"
_PATHS: Final = {
    _CELL: "$.cell.id",
    _MEMBER: "$.members[{}].id",
    _MEETING: "$.meetings[{}].id",
    _REVIEW: "$.reviews[{}].id",
}

_LEDGER_BATCH = 50_000
"""Entries of the ledger kept in memory before they are written to its partitions."""
_Entry = tuple[str, str, int, int]
"""``(namespace + id, kind or _LOOKUP, line, index)``: an id met on a line (at that index of its list), or looked up."""


class _IdLedger:
    """The ids met on a file's lines and the ids looked up, on disk in partitions by hash.

    Holding every id in memory would grow with the file (the country has 10.5
    million).  Entries go to one temporary file in batches, each batch cut into
    the partitions of its ids; `resolve` reads one partition at a time and finds
    the ids met twice and the kinds of the ids looked up.  Memory holds a batch,
    then one partition's ids.
    """

    def __init__(self, partitions: int = 64, batch: int | None = None) -> None:
        self._file: IO[bytes] | None = None
        self._chunks: list[list[tuple[int, int]]] = [[] for _ in range(partitions)]
        """Where each partition's batches are in the file: offset and size."""
        self._batch_size = batch or _LEDGER_BATCH
        self._batch: list[_Entry] = []

    def add(self, key: str, kind: str, line: int, index: int) -> None:
        """Record ``key`` (namespace and id) met as ``kind`` at ``index`` of its list on ``line``."""
        self.add_all([(key, kind, line, index)])

    def add_all(self, entries: list[_Entry]) -> None:
        """Record each ``(key, kind, line, index)`` of ``entries``, as `add` does."""
        self._batch += entries
        if len(self._batch) >= self._batch_size:
            self._flush()

    def look_up(self, key: str, ticket: int) -> None:
        """Ask for the kind of ``key`` anywhere in the file; `resolve` answers under ``ticket``."""
        self.add(key, _LOOKUP, 0, ticket)

    def _flush(self) -> None:
        count = len(self._chunks)
        parts: list[list[_Entry]] = [[] for _ in range(count)]
        for entry in self._batch:
            parts[hash(entry[0]) % count].append(entry)
        if self._file is None:
            self._file = tempfile.TemporaryFile()  # noqa: SIM115 - closed by `close`
        file = self._file
        file.seek(0, os.SEEK_END)  # reading moves the position
        for chunks, part in zip(self._chunks, parts, strict=True):
            if part:
                data = marshal.dumps(part)
                chunks.append((file.tell(), len(data)))
                file.write(data)
        self._batch = []

    def _partitions(self) -> Iterator[Iterator[list[_Entry]]]:
        if self._file is None:
            yield iter([self._batch])
            return
        self._flush()
        file = self._file
        for chunks in self._chunks:
            yield (_batch_at(file, offset, size) for offset, size in chunks)

    def resolve(self) -> tuple[list[tuple[int, int, str, str, str]], dict[int, str | None]]:
        """The ids met again on the first line that meets one again, as ``(line, index, key, kind, kind met
        first)``, and the kind of each id looked up by its ticket (``None``: met nowhere)."""
        repeated: list[tuple[int, int, str, str, str]] = []
        least = sys.maxsize
        answers: dict[int, str | None] = {}
        for partition in self._partitions():
            first: dict[str, str] = {}
            lookups: list[tuple[str, int]] = []
            for batch in partition:
                for key, kind, line, index in batch:
                    if kind == _LOOKUP:
                        lookups.append((key, index))
                    elif (earlier := first.get(key)) is None:
                        first[key] = kind
                    elif line <= least:
                        if line < least:
                            least, repeated = line, []
                        repeated.append((line, index, key, kind, earlier))
            for key, ticket in lookups:
                answers[ticket] = first.get(key)
        return repeated, answers

    def close(self) -> None:
        """Delete the file and forget the ids."""
        self._batch = []
        if self._file is not None:
            self._file.close()
            self._file = None


def _batch_at(file: IO[bytes], offset: int, size: int) -> list[_Entry]:
    file.seek(offset)
    return marshal.loads(file.read(size))  # type: ignore[no-any-return]  # noqa: S302 - our own temporary file


_KIND_NAMES: Final = {_CELL: "cell", _OTHER_UNIT: "unit", _MEMBER: "member", _MEETING: "meeting", _REVIEW: "review"}


def _key(kind: str, identifier: str) -> str:
    """What the ledger and the checks keep for an id of ``kind``: its namespace, then the id."""
    return _NAMESPACE[kind] + identifier


def _used_before(identifier: str, kind: str) -> str:
    return f"id {identifier!r} is already the id of a {_KIND_NAMES[kind]} on an earlier line"


# -- reading: one line ------------------------------------------------------------------------------------


def _at(line: int, problems: Iterable[Problem]) -> DatasetError:
    """The problems of one line, their paths prefixed with ``line N: ``."""
    return DatasetError.from_problems(Problem(f"line {line}: {p.path}", p.message) for p in problems)


_QUOTE_COLON: Final = b'":'


def _decode_fast(text: str | bytes) -> tuple[Any, int] | None:
    """The line decoded by the optional fast parser with its number of keys, or ``None`` (no such parser, or doubt).

    orjson keeps the last of repeated keys silently, so the keys of the line are
    counted and, once structured, compared with the keys of the objects read
    (`_fastpath.keys_seen`): equal, no key was repeated.  The count is that of
    ``":``, which is right in a line without a backslash (so every ``"``
    delimits a string), a tab or a carriage return (white space outside
    strings), or a space before a colon: then each key ends with ``":``, and a
    string starting with ``:`` only adds to the count, sending the line the
    exact way.  Floats are not exact either: a record holding one falls back too
    (see `_fastpath`).
    """
    if _orjson is None:
        return None
    raw = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
    if b"\\" in raw or b"\t" in raw or b"\r" in raw or b" :" in raw:
        return None
    try:
        return _orjson.loads(raw), raw.count(_QUOTE_COLON)
    except _orjson.JSONDecodeError:
        return None


def _decode(text: str | bytes, line: int) -> Any:
    """The line decoded exactly (decimals as `Decimal`, repeated keys refused)."""
    if not text.strip():
        raise _at(line, [Problem("$", "empty line: expected a JSON object on every line")])
    try:
        return decode_json(text)
    except DatasetError as error:
        # json counts the line's own newline as the start of a line 2
        problems = [
            Problem(p.path, p.message.replace(" at line 1, column ", " at column ").replace(" at line 2, column 1", " at the end of the line"))
            for p in error.problems
        ]  # fmt: skip
        if line == 1 and text.strip() in {"{", b"{"}:
            problems.append(Problem("$", _SPREAD_OVER_LINES))
        raise _at(line, problems) from None


_SPREAD_OVER_LINES: Final = (
    "a JSON document spread over many lines, such as a partyreview/1 dataset, is not a bundle file "
    "(one JSON object a line): read a dataset with load_dataset, or `partyreview report` without --stream"
)


def _slow_lists(document: dict[str, Any], names: Iterable[str], problems: list[Problem]) -> dict[str, list[Any]]:
    lists: dict[str, list[Any]] = {}
    for name in names:
        items = document.get(name, [])
        if not isinstance(items, list):
            problems.append(Problem(f"$.{name}", str(_expected("an array", items))))
            continue
        cls = _RECORD_LISTS[name]
        lists[name] = [_structure_record(item, cls, f"$.{name}[{i}]", problems) for i, item in enumerate(items)]
    return lists


def _unknown_keys(document: dict[str, Any], known: tuple[str, ...]) -> Problem | None:
    unknown = sorted(set(document) - set(known))
    if not unknown:
        return None
    return Problem("$", "unknown " + ("key " if len(unknown) == 1 else "keys ") + ", ".join(map(repr, unknown)))


def _structure_slow(document: Any, line: int, *, header: bool) -> dict[str, Any]:
    """The records of a decoded line through the strict cattrs converter; every problem with its path."""
    if not isinstance(document, dict):
        what = "the header object" if header else "a cell bundle object"
        raise _at(line, [Problem("$", f"{_expected('an object', document)} ({what})")])
    problems: list[Problem] = []
    if (unknown := _unknown_keys(document, _HEADER_KEYS if header else _BUNDLE_KEYS)) is not None:
        problems.append(unknown)
    records: dict[str, Any] = {}
    if header:
        if "format" not in document:
            problems.append(Problem("$.format", f"required key is missing (expected {BUNDLES_FORMAT!r})"))
        elif document["format"] != BUNDLES_FORMAT:
            problems.append(Problem("$.format", f"expected {BUNDLES_FORMAT!r}, got {document['format']!r}"))
        records |= _slow_lists(document, ("units", "members", "assessments", "reviews"), problems)
    else:
        if "cell" not in document:
            problems.append(Problem("$.cell", "required key is missing"))
        else:
            records["cell"] = _structure_record(document["cell"], Unit, "$.cell", problems)
        records |= _slow_lists(document, ("members", "meetings", "assessments", "reviews"), problems)
    if problems:
        raise _at(line, problems)
    return records


def _fast_list(document: dict[str, Any], name: str, structure: Callable[[Any], _T]) -> tuple[_T, ...]:
    items = document.get(name, [])
    if type(items) is not list:
        raise _fastpath.Fallback
    return tuple(map(structure, items))  # a tuple: the bundle and its checks keep it as it is


def _structure_fast(document: Any, *, header: bool) -> dict[str, Any]:
    """The records of a decoded line through `_fastpath`; raises on anything it cannot vouch for."""
    if type(document) is not dict:
        raise _fastpath.Fallback
    if header:
        if document.keys() - _HEADER_KEYS or document.get("format") != BUNDLES_FORMAT:
            raise _fastpath.Fallback
        return {
            "units": _fast_list(document, "units", _fastpath.unit),
            "members": _fast_list(document, "members", _fastpath.member),
            "assessments": _fast_list(document, "assessments", _fastpath.assessment),
            "reviews": _fast_list(document, "reviews", _fastpath.review),
        }
    if document.keys() - _BUNDLE_KEYS:
        raise _fastpath.Fallback
    return {
        "cell": _fastpath.unit(document["cell"]),
        "members": _fast_list(document, "members", _fastpath.member),
        "meetings": _fast_list(document, "meetings", _fastpath.meeting),
        "assessments": _fast_list(document, "assessments", _fastpath.assessment),
        "reviews": _fast_list(document, "reviews", _fastpath.review),
    }


def _structure_counted(document: Any, keys: int | None, *, header: bool) -> dict[str, Any]:
    """`_structure_fast`, then, for a line decoded by orjson, the check that it repeated no key."""
    _fastpath.reset_keys()
    records = _structure_fast(document, header=header)
    if keys is not None and keys != _fastpath.keys_seen() + len(document):
        raise _fastpath.Fallback  # a repeated key (or a string starting with a colon)
    return records


def _structure_line(text: str | bytes, line: int, *, header: bool) -> dict[str, Any]:
    """Decode and structure one line: the fast path when it can vouch for the line, else the exact one."""
    decoded = _decode_fast(text)
    document, keys = (_decode(text, line), None) if decoded is None else decoded
    try:
        return _structure_counted(document, keys, header=header)
    except Exception:  # noqa: BLE001 - any doubt means: do it the slow way, which names the problems
        if keys is not None:
            document = _decode(text, line)
        return _structure_slow(document, line, header=header)


# -- reading: the file -------------------------------------------------------------------------------------


@attrs.define
class _Pending:
    """A member listed in several cells' bundles, until the last of them is read."""

    member: Member
    remaining: set[str]
    line: int
    index: int


def _stub_cell(cell_id: str) -> Unit:
    """Stands in for a cell on another line, so that a bundle can be checked on its own."""
    return Unit(cell_id, cell_id, UnitKind.CELL)


def _stub_member(member_id: str) -> Member:
    """Stands in for a member listed on another line (a remedy's owner): in no cell, so expected nowhere."""
    return Member(member_id, member_id, dt.date.min)


@attrs.frozen
class _LineIds:
    """What the checks across lines need of a bundle line that passed its own checks (small: it may cross processes)."""

    line: int
    cell: str
    parent: str | None
    members: tuple[str, ...]
    """Ids of the bundle's members, in order."""
    movers: tuple[tuple[int, Member], ...]
    """``(index, member)`` of the members with more than one membership (maybe listed on other lines too)."""
    meetings: tuple[str, ...]
    reviews: tuple[str, ...]
    owners: tuple[tuple[str, str], ...]
    """``(owner, JSON path)`` of remedy owners who are not on the line."""


def _check_with_dataset(
    units: tuple[Unit, ...],
    records: dict[str, Any],
    problems: list[Problem],
    owners_elsewhere: Sequence[tuple[str, str]],
) -> None:
    """Dataset's own cross-record checks on one line, with stand-ins for what other lines hold.

    ``owners_elsewhere``: ``(owner, JSON path)`` of the remedy owners not on the line (`_owners_elsewhere`).
    """
    members: Sequence[Member] = records["members"]
    stubs: list[Member] = []
    if owners_elsewhere:  # most lines have none
        own = {m.id for m in members}
        unit_ids = {u.id for u in units}
        owners = dict.fromkeys(o for o, _ in owners_elsewhere)
        stubs = [_stub_member(o) for o in owners if o not in own and o not in unit_ids]
    try:
        _dataset_of_typed_records(
            units,
            (*members, *stubs),
            tuple(records.get("meetings", ())),
            tuple(records["assessments"]),
            tuple(records["reviews"]),
            checked=False,
        )
    except DatasetError as error:
        problems.extend(error.problems)


_make_bundle: Final = _fastpath._builder(CellBundle)  # noqa: SLF001
_make_line_ids: Final = _fastpath._builder(_LineIds)  # noqa: SLF001


def _owners_elsewhere(reviews: Sequence[Review], known: Container[str]) -> list[tuple[str, str]]:
    """``(owner, JSON path)`` of the remedy owners who are not on this line: checked once the whole file is read."""
    elsewhere = []
    for i, review in enumerate(reviews):
        for j, shortcoming in enumerate(review.shortcomings):
            for k, remedy in enumerate(shortcoming.remedies):
                if remedy.owner is not None and remedy.owner not in known:
                    elsewhere.append((remedy.owner, f"$.reviews[{i}].shortcomings[{j}].remedies[{k}].owner"))
    return elsewhere


class _LineChecker:
    """Reads one bundle line and makes every check that needs only that line and the header.

    It keeps nothing between lines, so lines can be read in any order, in any
    process; `_FileChecks` then makes the checks across lines, in file order.
    """

    def __init__(self, header: BundleHeader) -> None:
        self.header = header
        self._chains: dict[str | None, tuple[Unit, ...]] = {}

    def _chain(self, parent: str | None) -> tuple[Unit, ...]:
        chain = self._chains.get(parent)
        if chain is None:
            chain = self._chains[parent] = self.header.ancestors(parent)
        return chain

    def read(self, text: str | bytes, line: int) -> tuple[CellBundle, _LineIds]:
        """The bundle on ``line`` and what the checks across lines need of it.

        Raises:
            DatasetError: every problem of the line, each path prefixed with ``line N:``.
        """
        records = _structure_line(text, line, header=False)
        cell: Unit = records["cell"]
        members: Sequence[Member] = records["members"]
        problems: list[Problem] = []
        self._check_shape(cell, records, problems)
        if problems:  # the line is not a cell's bundle: checking its records against each other would only add noise
            raise _at(line, problems)
        own = {m.id: m for m in members}
        foreign: dict[str, Unit] = {}
        cell_id = cell.id
        for member in members:
            spans = member.memberships
            if len(spans) == 1 and spans[0].cell == cell_id:
                continue  # most members: in this cell only
            for other in {m.cell for m in spans} - {cell_id}:
                if other not in foreign and other not in own:
                    foreign[other] = self.header._units_by_id.get(other) or _stub_cell(other)  # noqa: SLF001
        self._check_placement(cell, own, foreign, records, problems)
        elsewhere = _owners_elsewhere(records["reviews"], set(own))
        chain = self._chain(cell.parent)
        if foreign:
            chain = tuple(u for u in chain if u.id not in foreign)
        _check_with_dataset((cell, *chain, *foreign.values()), records, problems, elsewhere)
        if problems:
            raise _at(line, _on_a_line(problems))
        meetings: tuple[Meeting, ...] = tuple(records["meetings"])
        reviews: tuple[Review, ...] = tuple(records["reviews"])
        # What CellBundle's validators check holds by construction: records structured to their types, a cell.
        checked = True
        bundle: CellBundle = _make_bundle(
            cell, tuple(members), meetings, tuple(records["assessments"]), reviews, self.header, line, checked
        )
        ids: _LineIds = _make_line_ids(
            line,
            cell.id,
            cell.parent,
            tuple([m.id for m in members]),
            tuple([(i, m) for i, m in enumerate(members) if len(m.memberships) > 1]),
            tuple([m.id for m in meetings]),
            tuple([r.id for r in reviews]),
            tuple(elsewhere),
        )
        return bundle, ids

    def _check_shape(self, cell: Unit, records: dict[str, Any], problems: list[Problem]) -> None:
        """A cell's bundle: a cell not in the header, its members and meetings."""
        if not cell.is_cell:
            problems.append(
                Problem("$.cell.kind", f"expected a cell, got a {cell.kind.value}: those belong in the header")
            )
        if cell.id in self.header._units_by_id:  # noqa: SLF001
            problems.append(Problem("$.cell.id", f"id {cell.id!r} is also the id of a unit in the header"))
        cell_id = cell.id
        for i, member in enumerate(records["members"]):
            spans = member.memberships
            if (len(spans) != 1 or spans[0].cell != cell_id) and all(m.cell != cell_id for m in spans):
                problems.append(
                    Problem(
                        f"$.members[{i}].memberships",
                        f"member {member.id!r} never belonged to cell {cell.id!r}: a bundle lists only its cell's members",
                    )
                )
        for i, meeting in enumerate(records["meetings"]):
            if meeting.cell != cell.id:
                problems.append(
                    Problem(f"$.meetings[{i}].cell", f"a meeting of {meeting.cell!r} in the bundle of cell {cell.id!r}")
                )

    def _check_placement(
        self,
        cell: Unit,
        own: dict[str, Member],
        foreign: dict[str, Unit],
        records: dict[str, Any],
        problems: list[Problem],
    ) -> None:
        """An assessment or review travels with its subject: the cell, or a member whose last membership is here.

        A subject known nowhere on the line is left to the `Dataset` check ("unknown member or unit").
        """
        for name in ("assessments", "reviews"):
            for i, record in enumerate(records[name]):
                subject = record.subject
                if subject == cell.id:
                    continue
                member = own.get(subject)
                if member is None:
                    if subject in self.header._units_by_id:  # noqa: SLF001
                        where = "the header"
                    elif subject in foreign:
                        where = "its own bundle"
                    else:
                        continue
                    problems.append(
                        Problem(
                            f"$.{name}[{i}].subject",
                            f"{subject!r} is neither this cell nor one of its members: its {name} belong in {where}",
                        )
                    )
                elif (home := _home_cell(member)) != cell.id:
                    problems.append(
                        Problem(
                            f"$.{name}[{i}].subject",
                            f"the {name} of member {subject!r} belong in the bundle of cell {home!r}, "
                            "the cell of their last membership",
                        )
                    )


def _on_a_line(problems: list[Problem]) -> list[Problem]:
    """The problems of one line, said of the line: its cell is ``$.cell``, and a subject unknown there may be on
    another line (not said when the line's own checks have said where it belongs)."""
    placed = {p.path for p in problems if not p.message.startswith(_UNKNOWN)}
    said: list[Problem] = []
    for problem in problems:
        if problem.path.startswith("$.units[0]"):
            said.append(Problem("$.cell" + problem.path[len("$.units[0]") :], problem.message))
        elif not problem.message.startswith(_UNKNOWN) or not problem.path.endswith(".subject"):
            said.append(problem)
        elif problem.path not in placed:
            subject = problem.message.removeprefix(_UNKNOWN)
            said.append(Problem(problem.path, f"no member or unit {subject} on this line or in the header{_TRAVEL}"))
    return said


_UNKNOWN: Final = "unknown member or unit "
_TRAVEL: Final = ": a member's assessments and reviews travel in the bundle of their last cell"


def _repeated_ids(repeated: Iterable[tuple[int, int, str, str, str]]) -> DatasetError:
    """The problems of ids met again on one line, from `_IdLedger.resolve`."""
    repeated = list(repeated)
    return _at(
        repeated[0][0],
        (
            Problem(_PATHS[kind].format(index), _used_before(key[1:], earlier))
            for _, index, key, kind, earlier in repeated
        ),
    )


class _FileChecks:
    """The checks across the lines of a file, made in file order: ids used twice, the cells of a parent together,
    transferred members the same on each of their lines, remedy owners listed somewhere.

    An id used twice within the header and the lines of one parent (a group,
    evaluated together) is found at once; one used again in another group is
    found when the file has been read (`_IdLedger`), or when another problem is
    met (`first_problem`, so the first problem raised is the one a check line by
    line would raise).
    """

    def __init__(self) -> None:
        self._header: dict[str, str] = {}
        self._group: dict[str, str] = {}
        """Namespace and id → kind, for the lines of the current parent."""
        self._ledger = _IdLedger()
        self._pending: dict[str, _Pending] = {}
        self._owners: list[tuple[str, int, str]] = []
        self._parents_done: dict[str | None, int] = {}
        self._parent: tuple[str | None, int] | None = None
        self.members = 0
        """The number of members met so far (a member listed in several bundles counts once)."""

    def _register(
        self, kind: str, identifiers: Sequence[str], line: int, indexes: Sequence[int], problems: list[Problem]
    ) -> None:
        namespace, header, group = _NAMESPACE[kind], self._header, self._group
        entries: list[_Entry] = []
        for identifier, index in zip(identifiers, indexes, strict=True):
            key = namespace + identifier  # `_key`, inline: once per id of the file
            earlier = header.get(key) or group.get(key)
            if earlier is not None:
                problems.append(Problem(_PATHS[kind].format(index), _used_before(identifier, earlier)))
                continue
            group[key] = kind
            entries.append((key, kind, line, index))
        self._ledger.add_all(entries)

    def add_header(self, header: BundleHeader, owners: Iterable[tuple[str, str]]) -> None:
        """Record the ids of the header (line 1), which has passed its own checks."""
        for kind, records in ((_OTHER_UNIT, header.units), (_MEMBER, header.members), (_REVIEW, header.reviews)):
            for record in records:
                self._header.setdefault(_key(kind, record.id), kind)
        self._owners += ((owner, 1, path) for owner, path in owners)
        self.members = len(header.members)

    def add_line(self, ids: _LineIds) -> None:
        """Check a bundle line that passed its own checks against the lines before it, and record its ids.

        Raises:
            DatasetError: every problem found, each path prefixed with ``line N:``.
        """
        problems: list[Problem] = []
        parent = ids.parent
        if self._parent is not None and self._parent[0] != parent:
            self._parents_done[self._parent[0]] = self._parent[1]
            self._group = {}
        if parent in self._parents_done:
            problems.append(
                Problem(
                    "$.cell.parent",
                    f"the cells of {parent!r} must be on consecutive lines: another parent's cells came "
                    f"after line {self._parents_done[parent]}",
                )
            )
            raise _at(ids.line, problems)
        self._parent = (parent, ids.line)
        self._register_line(ids, problems)
        if problems:
            raise _at(ids.line, problems)
        self._owners += ((owner, ids.line, path) for owner, path in ids.owners)

    def _register_line(self, ids: _LineIds, problems: list[Problem]) -> None:
        """Record this line's ids; a repeated member must be the same record as on their other lines."""
        line = ids.line
        self._register(_CELL, [ids.cell], line, [0], problems)
        if not ids.movers:  # the usual line: every member met for the first time
            self._register(_MEMBER, ids.members, line, range(len(ids.members)), problems)
            self.members += len(ids.members)
        else:
            self._register_movers(ids, problems)
        self._register(_MEETING, ids.meetings, line, range(len(ids.meetings)), problems)
        self._register(_REVIEW, ids.reviews, line, range(len(ids.reviews)), problems)

    def _register_movers(self, ids: _LineIds, problems: list[Problem]) -> None:
        """Record the members of a line listing members of several cells (`_LineIds.movers`)."""
        movers = dict(ids.movers)
        new: list[int] = []  # indexes of the members seen for the first time
        for i, member_id in enumerate(ids.members):
            member = movers.get(i)
            if member is None or (pending := self._pending.get(member_id)) is None:
                new.append(i)
                continue
            if pending.member != member:
                problems.append(
                    Problem(
                        f"$.members[{i}]",
                        f"member {member_id!r} differs from their record on line {pending.line}: "
                        "a member is repeated unchanged in the bundle of each of their cells",
                    )
                )
            pending.remaining.discard(ids.cell)
            if not pending.remaining:
                del self._pending[member_id]
        self._register(_MEMBER, [ids.members[i] for i in new], ids.line, new, problems)
        self.members += len(new)
        for i in new:
            member = movers.get(i)
            if member is not None and len(cells := {m.cell for m in member.memberships}) > 1:
                self._pending[member.id] = _Pending(member, cells - {ids.cell}, ids.line, i)

    def finish(self) -> None:
        """The checks that need the whole file: ids used again in another group, members missing from a bundle,
        remedy owners.

        Raises:
            DatasetError: the problems of the first line with an id used before, else every problem found, each
                path prefixed with ``line N:``.
        """
        cells = sorted({cell for pending in self._pending.values() for cell in pending.remaining})
        keys = [_key(_MEMBER, owner) for owner, _, _ in self._owners] + [_key(_CELL, cell) for cell in cells]
        try:
            for ticket, key in enumerate(keys):
                if key not in self._header:
                    self._ledger.look_up(key, ticket)
            repeated, answers = self._ledger.resolve()
        finally:
            self._ledger.close()
        if repeated:
            raise _repeated_ids(repeated)
        kinds = [self._header.get(key) or answers.get(ticket) for ticket, key in enumerate(keys)]
        owner_kinds, cell_kinds = kinds[: len(self._owners)], dict(zip(cells, kinds[len(self._owners) :], strict=True))
        problems: list[Problem] = []
        for member_id, pending in self._pending.items():
            for cell_id in sorted(pending.remaining):
                why = (
                    f"the bundle of cell {cell_id!r} does not list them"
                    if cell_kinds[cell_id] == _CELL
                    else f"there is no cell {cell_id!r}"
                )
                problems.append(
                    Problem(
                        f"line {pending.line}: $.members[{pending.index}].memberships",
                        f"member {member_id!r} belongs to cell {cell_id!r}, but {why}",
                    )
                )
        for (owner, line, path), kind in zip(self._owners, owner_kinds, strict=True):
            if kind != _MEMBER:
                problems.append(Problem(f"line {line}: {path}", f"unknown member {owner!r}"))
        if problems:
            raise DatasetError.from_problems(problems)

    def close(self) -> None:
        """Delete the file of the ids (done by `finish`; for a file not read to its end)."""
        self._ledger.close()

    def first_problem(self, error: Exception, line: int | None = None) -> Exception:
        """What to raise for ``error``, met at ``line`` (``None``: after the lines checked so far).

        An id used again under another parent is found only at the end of the
        file; one process reading line by line would have stopped at it.  So if
        such an id comes on a line before ``line`` (or on any line checked, for
        a problem met after them, as when a group is evaluated), the problems of
        that line are what to raise, with ``error``'s if it is the same line.
        """
        repeated, _ = self._ledger.resolve()
        self._ledger.close()
        if not repeated or (line is not None and repeated[0][0] > line):
            return error
        found = _repeated_ids(repeated)
        if repeated[0][0] == line and isinstance(error, DatasetError):
            return DatasetError.from_problems([*error.problems, *found.problems])
        return found


class _Reader:
    """Reads a bundle file line by line, checking each line and, at the end, the file as a whole."""

    def __init__(self, lines: Iterator[str | bytes]) -> None:
        self.lines = lines
        self.line = 0
        self.checks = _FileChecks()
        self.header = BundleHeader()

    def next_line(self) -> str | bytes | None:
        line = next(self.lines, None)
        if line is not None:
            self.line += 1
        return line

    def read_header(self) -> BundleHeader:
        text = self.next_line()
        if text is None:
            raise _at(1, [Problem("$", f"empty file: expected a {BUNDLES_FORMAT} header line")])
        records = _structure_line(text, 1, header=True)
        units: list[Unit] = records["units"]
        members: list[Member] = records["members"]
        problems: list[Problem] = []
        for i, unit in enumerate(units):
            if unit.is_cell:
                problems.append(Problem(f"$.units[{i}].kind", f"cell {unit.id!r} belongs on a line of its own"))
        for i, member in enumerate(members):
            if member.memberships:
                problems.append(
                    Problem(
                        f"$.members[{i}].memberships",
                        f"member {member.id!r} belongs to a cell: list them in the bundle of each of their cells",
                    )
                )
        elsewhere = _owners_elsewhere(records["reviews"], {m.id for m in members})
        _check_with_dataset(tuple(units), records, problems, elsewhere)
        if problems:
            raise _at(1, problems)
        self.header = BundleHeader(units, members, records["assessments"], records["reviews"])
        self.checks.add_header(self.header, elsewhere)
        return self.header

    def bundles(self) -> Iterator[CellBundle]:
        # No pause of the garbage collector here: with one bundle alive at a time its
        # collections are cheap (measured: no difference); `load_bundles`, which keeps
        # everything, pauses it for the whole load.
        checker = _LineChecker(self.header)
        while (text := self.next_line()) is not None:
            yield self._read_bundle(text, checker)
        self.checks.finish()

    def _read_bundle(self, text: str | bytes, checker: _LineChecker) -> CellBundle:
        try:
            bundle, ids = checker.read(text, self.line)
            self.checks.add_line(ids)
        except DatasetError as error:
            raise self.checks.first_problem(error, self.line) from None
        return bundle


def _open_lines(
    source: str | os.PathLike[str] | Iterable[str] | Iterable[bytes],
) -> tuple[Iterator[str | bytes], Callable[[], None] | None]:
    if isinstance(source, str | os.PathLike):
        file: IO[bytes] = open(source, "rb")  # noqa: PTH123, SIM115 - closed by the stream
        return iter(file), file.close
    if isinstance(source, bytes | bytearray | memoryview) or not isinstance(source, Iterable):
        msg = (
            "'source' must be a path, a file open for reading or an iterable of lines "
            f"(got {described(source)}; for text in memory, pass io.StringIO(text) or io.BytesIO(data))"
        )
        raise InvalidArgumentError(msg)
    return iter(source), None


def iter_bundles(source: str | os.PathLike[str] | Iterable[str] | Iterable[bytes]) -> BundleStream:
    """Read a ``partyreview.bundles/1`` file one cell bundle at a time, checking everything.

    ``source`` is a path, a file open for reading (binary or text), or any
    iterable of lines.  The header is read at once; each bundle is read, strictly
    structured and cross-checked when the iteration reaches it, so memory holds
    one bundle, the header and the ids of the current parent's lines.  Checks
    that need the whole file run when the iteration ends: an id used again under
    another parent (the ids are kept in temporary files), a member missing from
    the bundle of one of their cells, a remedy owner listed nowhere.

    Raises:
        DatasetError: at the first line with a problem, listing every problem of
            that line as ``line N: $.json.path: message`` (or, at the end, of the
            file as a whole).
        OSError: the file cannot be read.
        InvalidArgumentError: ``source`` is none of the above.

    >>> import io
    >>> from partyreview import generate_example
    >>> buffer = io.StringIO()
    >>> dump_bundles(generate_example("demo", seed=1), buffer)
    6
    >>> with iter_bundles(buffer.getvalue().splitlines()) as stream:
    ...     [(b.line, b.cell.id, b.parent) for b in stream][:2]
    [(2, 'C1', 'G1'), (3, 'C2', 'G1')]
    """
    lines, close_file = _open_lines(source)
    reader = _Reader(lines)

    def close() -> None:
        reader.checks.close()
        if close_file is not None:
            close_file()

    try:
        header = reader.read_header()
    except BaseException:
        close()
        raise
    stream = BundleStream(header, reader.bundles(), close)
    stream._reader = reader  # noqa: SLF001 - lets `stream_report(jobs=N)` read the lines in worker processes
    return stream


@contextlib.contextmanager
def _collection_paused() -> Iterator[None]:
    """No cyclic garbage collection inside (restored after): a bulk load makes only acyclic records.

    While millions of records pile up, each full collection walks all of them:
    about a sixth of the time of loading a province's worth of records.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def load_bundles(source: str | os.PathLike[str] | Iterable[str] | Iterable[bytes]) -> Dataset:
    """Read a whole ``partyreview.bundles/1`` file into a `Dataset` (for files that fit in memory).

    Records come in file order: each header unit followed by its cells; the
    header's members, then each bundle's members at their first appearance; the
    header's assessments and reviews, then each bundle's.  So
    ``dataset_bundles(load_bundles(f))`` writes ``f`` again byte for byte.

    Raises:
        DatasetError: as `iter_bundles`.
        OSError: the file cannot be read.
    """
    with _collection_paused(), iter_bundles(source) as stream:
        header = stream.header
        cells: dict[str | None, list[Unit]] = {}
        members: dict[str, Member] = {m.id: m for m in header.members}
        meetings: list[Meeting] = []
        assessments = list(header.assessments)
        reviews = list(header.reviews)
        for bundle in stream:
            cells.setdefault(bundle.parent, []).append(bundle.cell)
            for member in bundle.members:
                members.setdefault(member.id, member)
            meetings += bundle.meetings
            assessments += bundle.assessments
            reviews += bundle.reviews
    units: list[Unit] = []
    for unit in header.units:
        units.append(unit)
        units += cells.pop(unit.id, [])
    units += [cell for group in cells.values() for cell in group]  # cells without a parent
    return Dataset(units, members.values(), meetings, assessments, reviews)
