"""Streaming a bundle file's report with worker processes: ``stream_report(..., jobs=N)`` (C12).

The main process reads the raw lines, cuts them into groups (the cells of one
parent, consecutive in the file) and sends each group to a worker.  A worker
does what the single-process path does for a group: it parses and checks each
line on its own (`_LineChecker`), evaluates the group (`evaluate_group`) and
renders its part of the report as JSON texts (`_render`).  It sends back the
texts and the few ids the checks across lines need; the main process makes
those checks in file order (`_FileChecks`), then writes the parts in file
order.  So the report, and the first problem raised for a bad file, are the
same whatever the number of workers.

At most ``2 × jobs`` groups are in flight, so memory stays bounded by the
largest groups, as in the single-process path.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import pickle
import re
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from typing import Final

import attrs

from ._bundles import CellBundle, _collection_paused, _FileChecks, _LineChecker, _LineIds, _Reader
from ._streaming import _evaluated, _RenderedPart, _Settings
from .errors import DatasetError, InvalidArgumentError, PartyReviewError

__all__: list[str] = []

_LINE_START: Final = rb'\{"cell":\{"id":"[^"\\]*","name":"(?:[^"\\]|\\.)*","kind":"cell","parent":(?:"([^"\\]*)"|null)'
"""The start of a bundle line as `write_bundles` writes it, up to the cell's parent (an id without escapes)."""
_PARENT_BYTES: Final = re.compile(_LINE_START)
_PARENT_TEXT: Final = re.compile(_LINE_START.decode())


def worker_count(jobs: int) -> int:
    """The number of processes ``jobs`` asks for: itself, or one per CPU for 0.

    Raises:
        InvalidArgumentError: ``jobs`` is negative.
    """
    if jobs < 0:
        raise InvalidArgumentError(f"jobs must be 0 (one per CPU) or more, got {jobs}")
    return jobs or os.cpu_count() or 1


def _parent_of(text: str | bytes) -> object:
    """The parent of the cell on a bundle line: read from the line's start, else from the whole line parsed.

    A line that cannot be parsed gets a value equal to no other, so that it
    makes a group of its own, whose worker names the problem.
    """
    match = (_PARENT_BYTES if isinstance(text, bytes) else _PARENT_TEXT).match(text)  # type: ignore[arg-type]
    if match is not None:
        parent = match.group(1)
        return parent.decode() if isinstance(parent, bytes) else parent
    try:
        parent = json.loads(text)["cell"]["parent"]
    except (ValueError, LookupError, TypeError):
        return object()
    return parent if parent is None or isinstance(parent, str) else object()


@attrs.frozen
class _Outcome:
    """A worker's answer for a group: the ids of the lines read, then the rendered part or the problem met."""

    ids: tuple[_LineIds, ...]
    part: _RenderedPart | None = None
    error: PartyReviewError | None = None


_worker: tuple[_Settings, _LineChecker] | None = None


def _start_worker(settings: _Settings) -> None:
    """Initializer of a worker process."""
    global _worker  # noqa: PLW0603 - one job per worker process
    _worker = (settings, _LineChecker(settings.header))


def _evaluate_lines(lines: list[tuple[int, str | bytes]]) -> _Outcome:
    """In a worker: read, check, evaluate and render one group of lines."""
    if _worker is None:  # pragma: no cover - the pool always runs the initializer
        raise RuntimeError("worker not started")
    settings, checker = _worker
    bundles: list[CellBundle] = []
    ids: list[_LineIds] = []
    with _collection_paused():  # see `_evaluated`: the group's records are acyclic and short-lived
        for line, text in lines:
            try:
                bundle, line_ids = checker.read(text, line)
            except DatasetError as error:
                return _Outcome(tuple(ids), error=error)
            bundles.append(bundle)
            ids.append(line_ids)
    try:
        part = _evaluated(bundles, settings)
    except PartyReviewError as error:  # raised once the lines' ids have been checked, as in one process
        return _Outcome(tuple(ids), error=error)
    return _Outcome(tuple(ids), part=part)


def _executor(workers: int, settings: _Settings) -> Executor:
    """The pool of worker processes (spawned: nothing inherited but what `_Settings` carries)."""
    return ProcessPoolExecutor(
        workers, mp_context=multiprocessing.get_context("spawn"), initializer=_start_worker, initargs=(settings,)
    )


def _groups(reader: _Reader) -> Iterator[list[tuple[int, str | bytes]]]:
    """The reader's remaining lines, numbered, cut where the parent changes."""
    group: list[tuple[int, str | bytes]] = []
    parent: object = None
    while (text := reader.next_line()) is not None:
        this = _parent_of(text)
        if group and this != parent:
            yield group
            group = []
        group.append((reader.line, text))
        parent = this
    if group:
        yield group


def _checked(outcome: _Outcome, checks: _FileChecks) -> _RenderedPart:
    for ids in outcome.ids:
        checks.add_line(ids)
    if outcome.error is not None:
        raise outcome.error
    assert outcome.part is not None  # noqa: S101 - an outcome has a part or an error
    return outcome.part


def parallel_parts(reader: _Reader, workers: int, settings: _Settings) -> Iterator[_RenderedPart]:
    """The rendered parts of the groups of the reader's file, evaluated by ``workers`` processes, in file order.

    The header's own part comes first, as in `stream_report`.
    """
    try:
        pickle.dumps(settings)
    except Exception as exc:  # pickling raises whatever the object's reducer raises  # noqa: BLE001
        raise InvalidArgumentError(
            f"jobs={workers}: the rule sets must go to worker processes, and they cannot be pickled ({exc}); "
            "define local rules as importable classes, or use jobs=1"
        ) from None
    reader.started = True
    yield _evaluated([], settings)
    pool = _executor(workers, settings)
    try:
        in_flight: deque[Future[_Outcome]] = deque()
        for group in _groups(reader):
            in_flight.append(pool.submit(_evaluate_lines, group))
            if len(in_flight) > 2 * workers:
                yield _checked(in_flight.popleft().result(), reader.checks)
        while in_flight:
            yield _checked(in_flight.popleft().result(), reader.checks)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    reader.checks.finish()
