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
from collections.abc import Generator, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Final

import attrs

from ._bundles import CellBundle, _collection_paused, _FileChecks, _LineChecker, _LineIds, _Reader
from ._streaming import _evaluated, _RenderedPart, _Settings
from ._validators import described
from .errors import DatasetError, InvalidArgumentError, PartyReviewError

__all__: list[str] = []

_LINE_START: Final = rb'\{"cell":\{"id":"[^"\\]*","name":"(?:[^"\\]|\\.)*","kind":"cell","parent":(?:"([^"\\]*)"|null)'
"""The start of a bundle line as `write_bundles` writes it, up to the cell's parent (an id without escapes)."""
_PARENT_BYTES: Final = re.compile(_LINE_START)
_PARENT_TEXT: Final = re.compile(_LINE_START.decode())


MAX_JOBS: Final = 61
"""The most worker processes a report may ask for: Windows' limit for a process pool (61); and the main
process, which reads the file and writes the report, keeps up with about six workers."""


def worker_count(jobs: int) -> int:
    """The number of processes ``jobs`` asks for: itself, or one per CPU for 0 (at most `MAX_JOBS`).

    Raises:
        InvalidArgumentError: ``jobs`` is not a whole number, is negative, or is more than `MAX_JOBS`.
    """
    if isinstance(jobs, bool) or not isinstance(jobs, int):
        raise InvalidArgumentError(f"'jobs' must be a whole number, 0 for one per CPU (got {described(jobs)})")
    if not 0 <= jobs <= MAX_JOBS:
        raise InvalidArgumentError(f"'jobs' must be from 0 (one per CPU) to {MAX_JOBS} (got {jobs})")
    return jobs or min(os.cpu_count() or 1, MAX_JOBS)


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
        document = json.loads(text)
    except (ValueError, RecursionError):  # too deeply nested for json: the reader names it
        return object()
    cell = document.get("cell") if isinstance(document, dict) else None
    parent = cell.get("parent") if isinstance(cell, dict) else object()  # no "parent": none, as the reader reads it
    return parent if parent is None or isinstance(parent, str) else object()


@attrs.frozen
class _Outcome:
    """A worker's answer for a group: the ids of the lines read, then the rendered part or the problem met."""

    ids: tuple[_LineIds, ...]
    part: _RenderedPart | None = None
    read_error: DatasetError | None = None
    """The problems of the line after the last of ``ids``: the group was not evaluated."""
    read_line: int = 0
    """The number of that line."""
    failure: Exception | None = None
    """What evaluating the group raised: raised once its lines and the next group's first line are checked."""


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
    # see `_evaluated`: the group's records are acyclic and short-lived, dropped before collections resume
    with _collection_paused():
        for line, text in lines:
            try:
                bundle, line_ids = checker.read(text, line)
            except DatasetError as error:
                return _Outcome(tuple(ids), read_error=error, read_line=line)
            bundles.append(bundle)
            ids.append(line_ids)
        try:
            part = _evaluated(bundles, settings)
        except Exception as error:  # noqa: BLE001 - raised by the main process in file order, as in one process
            # (lines that break the checks across lines, made by the main process, may also break the evaluation)
            return _Outcome(tuple(ids), failure=error)
        del bundles
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


def _check_lines(outcome: _Outcome, checks: _FileChecks, *, first: bool) -> None:
    """The checks across lines of a group's first line (``first``) or of its other lines, in order, and the
    problem that stopped the worker's reading if it is among them."""
    for ids in outcome.ids[:1] if first else outcome.ids[1:]:
        try:
            checks.add_line(ids)
        except DatasetError as error:
            raise checks.first_problem(error, ids.line) from None
    stopped_at_first = not outcome.ids
    if outcome.read_error is not None and stopped_at_first == first:
        raise checks.first_problem(outcome.read_error, outcome.read_line)


def _result(outcome: _Outcome) -> _RenderedPart:
    if outcome.failure is not None:
        raise outcome.failure
    assert outcome.part is not None  # noqa: S101 - an outcome has a part, a failure or a read error (raised before)
    return outcome.part


def _outcomes(reader: _Reader, workers: int, settings: _Settings) -> Iterator[_Outcome]:
    """The workers' outcomes, group by group in file order, at most ``2 × workers`` groups in flight."""
    pool = _executor(workers, settings)
    try:
        in_flight: deque[Future[_Outcome]] = deque()
        for group in _groups(reader):
            in_flight.append(pool.submit(_evaluate_lines, group))
            if len(in_flight) > 2 * workers:
                yield _received(in_flight.popleft())
        while in_flight:
            yield _received(in_flight.popleft())
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _received(future: Future[_Outcome]) -> _Outcome:
    try:
        return future.result()
    except BrokenProcessPool as exc:
        raise PartyReviewError(
            f"a worker process stopped ({exc}). Spawned workers import the main script again: a script that asks "
            'for workers must run its work under `if __name__ == "__main__":`, and rule sets defined in an '
            "interactive session or in `python -c` cannot reach them; use jobs=1 there"
        ) from None


def parallel_parts(reader: _Reader, workers: int, settings: _Settings) -> Generator[_RenderedPart]:
    """The rendered parts of the groups of the reader's file, evaluated by ``workers`` processes, in file order.

    The header's own part comes first, as in `stream_report`.  Problems come in
    the order one process meets them: the lines of a group, then the first line
    of the next group (one process reads it to know the group has ended), then
    the group's evaluation; the checks of the whole file come before the last
    group's evaluation.
    """
    try:
        pickle.dumps(settings)
    except Exception as exc:  # pickling raises whatever the object's reducer raises  # noqa: BLE001
        raise InvalidArgumentError(
            f"jobs={workers}: the rule sets must go to worker processes, and they cannot be pickled ({exc}); "
            "define local rules as importable classes, or use jobs=1"
        ) from None
    yield _evaluated([], settings)
    previous: _Outcome | None = None
    for outcome in _outcomes(reader, workers, settings):
        _check_lines(outcome, reader.checks, first=True)
        if previous is not None:
            yield _result(previous)
        _check_lines(outcome, reader.checks, first=False)
        previous = outcome
    reader.checks.finish()
    if previous is not None:
        yield _result(previous)
