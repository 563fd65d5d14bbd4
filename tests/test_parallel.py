"""Streaming with worker processes (``stream_report(jobs=N)``): the same report, the same first problem.

And what the main process keeps on disk while the parts come in (sorted spools).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
from collections.abc import Callable, Iterable
from concurrent.futures import Executor, Future
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any, ParamSpec, TypeVar
from unittest import mock

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from committees import committee_group
from partyreview import (
    Dataset,
    DatasetError,
    InvalidArgumentError,
    PartyReviewError,
    dataset_bundles,
    dump_bundles,
    generate_example,
    iter_bundles,
    stream_report,
)
from partyreview import _parallel as parallel
from partyreview import _streaming as streaming
from partyreview._bundles import _LineIds
from partyreview._cli import main
from partyreview._streaming import _json_array, _json_lines, _order_text, _Output, _Settings, _SortedSpool, _Spool
from partyreview.rules import (
    QD366_2025,
    LevelCap,
    RatingContext,
    SecretaryNotAboveCell,
)

P = ParamSpec("P")
T = TypeVar("T")


class _InProcess(Executor):
    """Runs each task at once, in this process, after the worker's initializer: the workers' code, measured."""

    shut_down = 0

    def __init__(self, settings: _Settings) -> None:
        parallel._start_worker(settings)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        del wait, cancel_futures
        _InProcess.shut_down += 1

    def submit(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> Future[T]:
        future: Future[T] = Future()
        future.set_result(fn(*args, **kwargs))
        return future


@pytest.fixture
def in_process(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Workers replaced by `_InProcess`; yields the worker counts asked for."""
    asked: list[int] = []

    def executor(workers: int, settings: _Settings) -> Executor:
        asked.append(workers)
        return _InProcess(settings)

    monkeypatch.setattr(parallel, "_executor", executor)
    monkeypatch.setattr(parallel, "_worker", None)
    return asked


def _lines(dataset: Dataset) -> list[str]:
    buffer = io.StringIO()
    dump_bundles(dataset, buffer)
    return buffer.getvalue().splitlines()


def _report(source: Any, jobs: int, **options: Any) -> str:
    out = io.StringIO()
    with iter_bundles(source) as stream:
        stream_report(stream, 2025, out, jobs=jobs, **options)
    return out.getvalue()


def _report_or_problem(source: list[str], jobs: int) -> str:
    try:
        return _report(source, jobs)
    except PartyReviewError as error:
        return f"{type(error).__name__}: {error}"


def _problem(source: list[str], jobs: int) -> str:
    with pytest.raises(PartyReviewError) as raised:
        _report(source, jobs)
    return str(raised.value)


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("parallel") / "small.jsonl"
    dump_bundles(generate_example("small", seed=0, year=2025), path)
    return path


def test_worker_processes_write_the_report_of_one_process_byte_for_byte(small: Path) -> None:
    """Real processes (spawned), the small example: 21 grassroots organizations, 295 cells."""
    one = _report(small, 1)

    assert one == _report(small, 2)
    assert 295 == len(json.loads(one)["cells"])


@pytest.mark.parametrize("lang", ["en", "vi"])
@pytest.mark.parametrize("jobs", [2, 3, 0])
def test_the_workers_code_gives_the_same_report(small: Path, in_process: list[int], lang: str, jobs: int) -> None:
    """Groups read, checked, evaluated and rendered by the workers' code, put back in file order."""
    assert _report(small, 1, lang=lang) == _report(small, jobs, lang=lang)
    assert [jobs or os.cpu_count()] == in_process


def test_a_quota_group_across_parents_gives_the_same_report_in_worker_processes() -> None:
    """C1's members in the committee's group, one of them excellent and demoted: the workers (real, spawned)
    send C1 to hold back and the candidates; the main process decides the group and writes the cells back in
    order, with C1's egalitarian finding, as one process does."""
    lines = committee_group([80, 80, 95], [80])

    report = _report(lines, 2)

    assert _report(lines, 1) == report
    cells = json.loads(report)["cells"]
    assert ["C1", "C2"] == [c["id"] for c in cells]
    assert "formalism.egalitarian_rating" == cells[0]["participation"]["findings"][-1]["code"]


def test_lines_given_as_text_are_cut_into_the_same_groups(in_process: list[int]) -> None:
    lines = _lines(generate_example("demo", seed=1, year=2025))

    assert _report(lines, 1) == _report(lines, 2)
    assert [2] == in_process


def test_a_file_of_a_header_only_is_an_empty_report(in_process: list[int]) -> None:
    assert _report(DEMO[:1], 1) == _report(DEMO[:1], 2)
    assert [2] == in_process


def _moved(lines: list[str], source: int, target: int) -> list[str]:
    moved = list(lines)
    moved.insert(target, moved.pop(source))
    return moved


def _member_quota_across_parents(group: str) -> list[str]:
    """The demo, its first member (a member of G1) in quota group ``group``."""
    dataset = generate_example("demo", seed=1, year=2025)
    first = next(a for a in dataset.assessments if a.subject.startswith("M") and a.year == 2025)
    assessments = [attrs.evolve(a, quota_group=group) if a is first else a for a in dataset.assessments]
    return _lines(attrs.evolve(dataset, assessments=assessments))


def _next_group(lines: list[str]) -> int:
    """The index of the first line of the second group."""
    return next(i for i in range(2, len(lines)) if parallel._parent_of(lines[i]) != parallel._parent_of(lines[1]))


def _corrupt_line(lines: list[str], index: int, old: str, new: str) -> list[str]:
    corrupted = list(lines)
    corrupted[index] = corrupted[index].replace(old, new, 1)
    return corrupted


DEMO = _lines(generate_example("demo", seed=1, year=2025))
BAD_FILES = {
    "a line that is not JSON": [*DEMO[:3], "{not json", *DEMO[3:]],
    "a bad value on the last line": _corrupt_line(DEMO, -1, '"duration_minutes":', '"duration_minutes":-'),
    "a cell listed twice (ids across lines)": [*DEMO[:3], DEMO[2], *DEMO[3:]],
    "a cell id used again under another parent": [*DEMO[:-1], DEMO[-1].replace('"C6"', '"C1"')],
    "a parent's cells apart": _moved(DEMO, 4, 2),
    "a cell whose parent is a number": _corrupt_line(DEMO, 2, '"parent":"G1"', '"parent":1'),
    "a member in another parent's own quota group": _member_quota_across_parents("G2"),
    "a transferred member missing from a cell": [DEMO[0], *(line for line in DEMO[1:] if '"id":"C1"' not in line[:20])],
    "a line nested too deeply": [*DEMO[:2], "[" * 100_000, *DEMO[2:]],
    "a member in another parent's group, then a bad first line of the next group": [
        *(lines := _member_quota_across_parents("G2"))[: _next_group(lines)],
        "{not json",
        *lines[_next_group(lines) :],
    ],
}


@pytest.mark.parametrize("name", list(BAD_FILES))
def test_a_bad_file_raises_the_same_first_problem(in_process: list[int], name: str) -> None:
    lines = BAD_FILES[name]

    shut_down = _InProcess.shut_down
    assert _problem(lines, 1) == _problem(lines, 2)
    assert [2] == in_process
    assert shut_down + 1 == _InProcess.shut_down


def test_a_cell_id_used_again_under_another_parent_is_named_before_the_groups_meet() -> None:
    """Two cells "C1" (under G1 and G2) are found as one id used twice, not as what their records do when
    assembled."""
    problem = _problem(BAD_FILES["a cell id used again under another parent"], 1)

    assert "line 7: $.cell.id: id 'C1' is already the id of a cell on an earlier line" in problem


def test_a_problem_met_after_an_id_used_again_under_another_parent_gives_way_to_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """One process reading line by line would have stopped at the repeated id, before assembling anything."""
    lines = [*DEMO[:4], DEMO[4].replace('"C4"', '"C1"'), *DEMO[5:]]  # line 5 (G2): cell C1 of line 2 (G1)

    def failing(parts: Iterable[streaming._RenderedPart], *_: object) -> int:
        for part in parts:
            if part.parent == "G1":  # read with the first line of G2
                raise PartyReviewError("assembling failed")
        return 0  # pragma: no cover - fails first

    monkeypatch.setattr(streaming, "_write_rendered", failing)

    with iter_bundles(lines) as stream, pytest.raises(DatasetError) as raised:
        stream_report(stream, 2025, io.StringIO())

    assert "line 5: $.cell.id: id 'C1' is already the id of a cell on an earlier line" == str(raised.value)


def test_cells_without_a_parent_key_make_one_group(in_process: list[int]) -> None:
    """A cell with no "parent" has none, for the reader and for the cutting into groups."""
    lines = [DEMO[0], *(line.replace('"parent":"G1",', "", 1) for line in DEMO[1:])]

    assert _report_or_problem(lines, 1) == _report_or_problem(lines, 2)
    assert [None, None] == [parallel._parent_of(line) for line in lines[1:3]]
    assert [2] == in_process


def test_the_checks_of_the_whole_file_come_before_the_last_groups_evaluation(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """As in one process: a remedy owner listed nowhere is found before the last group's evaluation fails."""
    owners = (("nobody", "$.reviews[0].shortcomings[0].remedies[0].owner"),)
    ids = _LineIds(2, "C9", "G1", (), (), (), (), owners)
    failed = parallel._Outcome((ids,), failure=PartyReviewError("the evaluation failed"))
    monkeypatch.setattr(parallel, "_outcomes", lambda *_: iter([failed]))

    with iter_bundles(DEMO[:1]) as stream, pytest.raises(DatasetError) as raised:
        stream_report(stream, 2025, io.StringIO(), jobs=2)

    assert "line 2: $.reviews[0].shortcomings[0].remedies[0].owner: unknown member 'nobody'" == str(raised.value)


def test_a_worker_that_stops_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    class Broken(_InProcess):
        def submit(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> Future[T]:
            del fn, args, kwargs
            future: Future[T] = Future()
            future.set_exception(BrokenProcessPool("it could not start"))
            return future

    monkeypatch.setattr(parallel, "_executor", lambda _, settings: Broken(settings))
    monkeypatch.setattr(parallel, "_worker", None)

    with pytest.raises(
        PartyReviewError, match=r"a worker process stopped \(it could not start\)\. .*if __name__ == \"__main__\":"
    ):
        _report(DEMO, 2)


def test_the_parent_is_read_from_the_start_of_a_line_or_from_the_whole_line() -> None:
    """What `write_bundles` writes is matched; any other valid line is parsed; a line that cannot be, stands alone."""
    line = DEMO[2]
    assert "G1" == parallel._parent_of(line) == parallel._parent_of(line.encode())
    reordered = json.dumps({"meetings": [], **json.loads(line)})
    assert "G1" == parallel._parent_of(reordered)
    assert parallel._parent_of(line.replace('"parent":"G1"', '"parent":null', 1)) is None
    assert parallel._parent_of(reordered.replace('"parent": "G1"', '"parent": null', 1)) is None
    for bad in ("{not json", "[" * 100_000, "[]", '{"cell": 1}', line.replace('"parent":"G1"', '"parent":1', 1)):
        assert parallel._parent_of(bad) != parallel._parent_of(bad)


def test_jobs_must_be_from_0_to_61(monkeypatch: pytest.MonkeyPatch) -> None:
    """0 is one per CPU; more than 61 processes (Windows' limit for a pool) is refused, not a crash or a flood."""
    assert 3 == parallel.worker_count(3)
    assert 61 == parallel.worker_count(61)
    assert (os.cpu_count() or 1) == parallel.worker_count(0)
    monkeypatch.setattr(os, "cpu_count", lambda: 128)
    assert 61 == parallel.worker_count(0)
    for jobs in (-1, 62, 10**6):
        with pytest.raises(InvalidArgumentError, match=rf"'jobs' must be from 0 \(one per CPU\) to 61 \(got {jobs}\)"):
            parallel.worker_count(jobs)


def test_a_group_refused_by_a_worker_is_refused_here(in_process: list[int]) -> None:
    """A quota group spanning parents under a rule set with local rules: the worker's refusal, raised as is."""
    lines = _member_quota_across_parents("K")
    local = QD366_2025.derive(id="local-366", add=[SecretaryNotAboveCell()])
    problems = []
    for jobs in (1, 2):
        with pytest.raises(PartyReviewError, match="local rules") as raised:
            _report(lines, jobs, rating_rules=local)
        problems.append(str(raised.value))

    assert problems[0] == problems[1]
    assert [2] == in_process


def test_streams_not_read_from_a_file_are_evaluated_here(in_process: list[int]) -> None:
    """A stream over a dataset has no lines for workers to read."""
    dataset = generate_example("demo", seed=1, year=2025)
    out = io.StringIO()
    with dataset_bundles(dataset) as stream:
        stream_report(stream, 2025, out, jobs=2)

    assert _report(DEMO, 1) == out.getvalue()
    assert [] == in_process


def test_rule_sets_that_cannot_go_to_workers_are_refused(in_process: list[int]) -> None:
    """A rule set pickles when its local rules are importable classes; a class made in a function is not."""

    @attrs.frozen
    class NoCap:
        name: str = "no-cap"

        def apply(self, context: RatingContext) -> Iterable[LevelCap]:
            del context
            return ()

    rules = QD366_2025.derive(id="local", add=[NoCap()])

    with pytest.raises(InvalidArgumentError, match="jobs=2: the rule sets must go to worker processes"):
        _report(DEMO, 2, rating_rules=rules)
    assert [] == in_process


def test_the_command_line_runs_workers_only_when_streaming(
    tmp_path: Path, small: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out, err = tmp_path / "report.json", io.StringIO()
    command = ["report", str(small), "--year", "2025", "--format", "json", "--lang", "en"]

    assert 0 == main([*command, "--stream", "--jobs", "2", "--out", str(out)], stdout=io.StringIO(), stderr=err)
    assert _report(small, 1) == out.read_text(encoding="utf-8")

    assert 2 == main([*command, "--jobs", "2"], stdout=io.StringIO(), stderr=err)
    assert "--jobs: worker processes read a bundle file: add --stream" in err.getvalue()
    for jobs, message in (("-1", "expected a number ≥ 0, got -1"), ("62", "expected at most 61 worker processes")):
        with pytest.raises(SystemExit) as exited:
            main([*command, "--stream", "--jobs", jobs], stdout=io.StringIO(), stderr=err)
        assert 2 == exited.value.code
        assert f"argument --jobs: {message}" in capsys.readouterr().err


KEYS = st.tuples(
    st.integers(0, 10**12 - 1),
    st.dates(),
    st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=6),
    st.integers(0, 10**12 - 1),
)


@given(st.lists(KEYS, max_size=30))
def test_order_texts_sort_as_their_keys(keys: list[tuple[int, dt.date, str, int]]) -> None:
    """The sort keys of the spools on disk: texts that sort as the tuples they stand for."""
    assert sorted(keys) == sorted(keys, key=_order_text)


@given(st.lists(st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=5), unique=True, max_size=40))
def test_a_sorted_spool_merges_its_runs_from_disk(keys: list[str]) -> None:
    spool = _SortedSpool(run=3)
    for key in keys:
        spool.add(key, json.dumps([key]).encode())

    assert sorted(keys) == [k for k, _ in spool.items()]
    assert all(json.loads(text) == [key] for key, text in spool.items())
    spool.close()


def test_a_sorted_spool_reads_its_runs_from_one_file_a_block_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(streaming, "_SPOOL_BLOCK", 5)  # lines longer than a block, cut anywhere
    spool = _SortedSpool(run=4)
    keys = [f"k{i:02d}" for i in range(30, 0, -1)]
    for key in keys:
        spool.add(key, json.dumps({"text": key * 3}).encode())

    pairs = list(spool.items())
    spool.close()

    assert [k for k, _ in pairs] == sorted(keys)
    assert [json.loads(text)["text"] for _, text in pairs] == [k * 3 for k in sorted(keys)]
    assert len(spool._runs) == 8


JSON_VALUES = st.lists(
    st.recursive(
        st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | st.text(max_size=8),  # orjson: 64 bits
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3),
        max_leaves=6,
    ),
    max_size=25,
)


@given(JSON_VALUES, st.integers(1, 64))
def test_a_spool_copies_its_texts_to_a_json_array_in_blocks_of_whole_lines(values: list[Any], block: int) -> None:
    """Ratings go to the report a block at a time (lines longer than a block too): the array a text at a time."""
    spool = _Spool()
    spool.add_lines(_json_lines(values[:3]))
    spool.add_lines(_json_lines(values[3:]))
    with mock.patch.object(streaming, "_COPY_BLOCK", block):
        blocks = list(spool.blocks())
    texts = list(spool.texts())
    spool.close()
    by_block, by_text = io.BytesIO(), io.BytesIO()
    _json_array(_Output(by_block), blocks, "    ")
    _json_array(_Output(by_text), texts, "    ")

    assert [json.loads(text) for text in texts] == values
    assert by_block.getvalue() == by_text.getvalue()
    assert json.loads(by_block.getvalue()) == values


def test_reports_whose_spools_spill_to_disk_are_the_same(small: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Remedies, findings, shares and members' unexcused months sorted on disk in runs of 7: the same report."""
    expected = _report(small, 1)
    monkeypatch.setattr(streaming, "_SPOOL_RUN", 7)

    assert expected == _report(small, 1)
