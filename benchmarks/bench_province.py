"""Benchmark: read a province (≈500,000 members in ≈30,000 cells) as JSON Lines bundles, against the parse floor.

    .venv/bin/python benchmarks/bench_province.py [--size province|country] [--seed N] [--data FILE]
                                                  [--cache-dir DIR] [--jobs N ...] [--no-strict-load]
                                                  [--profile N] [--python-floor]

Writes the synthetic province with ``partyreview example --size province --format
jsonl`` in a child process (so that its memory does not count here), or reuses
the copy cached under ``--cache-dir`` (default: ``$TMPDIR/partyreview-bench``; the
file name carries a digest of the generator's source, so a changed generator
makes a new file).  Then, in this process, on a warm page cache:

1. the parse floor: every line parsed by orjson, the fastest maintained JSON
   parser for Python, and nothing else;
2. the strict load: `partyreview.iter_bundles` over the same file, which parses,
   structures and cross-checks every line and checks the file as a whole;
3. the end-to-end report: `partyreview.stream_report` over the same file (read,
   check, cadence, participation, rating with the quota, remediation, the JSON
   report written to a temporary file), the work of
   ``partyreview report FILE --stream --format json --jobs N``, once for each
   ``--jobs`` asked (default: 1, then one worker per CPU);
4. the Python floor (``--python-floor``): every line parsed again and each of
   its values built again in Python, one step a value (a dict or list
   comprehension, the cheapest Python construction), and the same over the
   objects of the report just written (its cells, ratings, quota records,
   remedies …, one a line): the least a pure-Python engine does to look at each
   value it reads and to make each value it writes, with no rule, check or
   message.  From it, the least ratio any such engine could reach on this
   machine's CPUs, if they shared the work perfectly;

and prints the times, the ratios to the floor, members per second and the peak
RSS of this process.  ``--profile N`` profiles the strict load of the first N
bundles (cProfile) and prints the hottest functions.  Figures are printed, never
asserted.
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import itertools
import os
import pstats
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Self

import orjson

import partyreview
from partyreview import iter_bundles, stream_report

YEAR = 2025


def _rss_mib() -> float:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / 2**20 if sys.platform == "darwin" else rss / 2**10


def _children_rss_mib() -> float:
    """The largest peak RSS of the worker processes that have ended (0 when there were none)."""
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return rss / 2**20 if sys.platform == "darwin" else rss / 2**10


def _generator_digest() -> str:
    """A digest of the generator's and the writer's source: a changed generator means a new cached file."""
    package = Path(partyreview.__file__).parent
    digest = hashlib.sha256()
    for name in ("_example.py", "_bundles.py", "_json.py"):
        digest.update((package / name).read_bytes())
    return digest.hexdigest()[:12]


def dataset_file(size: str, seed: int, cache_dir: Path) -> Path:
    """The cached JSON Lines file of ``size``, generated first if missing (in a child process, timed)."""
    path = cache_dir / f"{size}-seed{seed}-{YEAR}-{_generator_digest()}.jsonl"
    if path.exists():
        print(f"data: {path} (cached)")
        return path
    cache_dir.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    command = [sys.executable, "-m", "partyreview", "example", "--size", size, "--seed", str(seed)]
    command += ["--year", str(YEAR), "--format", "jsonl", "--out", str(partial)]
    started = time.perf_counter()
    subprocess.run(command, check=True)
    seconds = time.perf_counter() - started
    partial.rename(path)
    print(f"data: {path} (generated in {seconds:.0f} s)")
    return path


def warm(path: Path) -> tuple[int, int]:
    """Read the file once (into the page cache); its size in bytes and its number of lines."""
    size = lines = 0
    with path.open("rb") as file:
        for line in file:
            size += len(line)
            lines += 1
    return size, lines


class Timer:
    """Wall-clock and CPU seconds of a block (CPU time is steadier on a machine others use too)."""

    def __enter__(self) -> Self:
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *_: object) -> None:
        self.wall, self.cpu = time.perf_counter() - self.wall, time.process_time() - self.cpu

    def __str__(self) -> str:
        return f"{self.wall:.1f} s ({self.cpu:.1f} s CPU)"


def parse_floor(path: Path) -> Timer:
    """The time to parse every line with orjson, keeping nothing."""
    with Timer() as timer, path.open("rb") as file:
        for line in file:
            orjson.loads(line)
    return timer


def _built_again(value: object) -> object:
    """``value`` built again in Python, one step a value: the least work of looking at each value or making it."""
    if isinstance(value, dict):
        return {key: _built_again(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_built_again(item) for item in value]
    return value


def python_floor(texts: Callable[[], Iterable[bytes]]) -> tuple[float, float]:
    """The CPU seconds to parse the JSON ``texts``, and to parse them and build their values again in Python (the
    texts are read twice: ``texts`` gives them anew)."""
    with Timer() as parsed:
        for text in texts():
            orjson.loads(text)
    with Timer() as built:
        for text in texts():
            _built_again(orjson.loads(text))
    return parsed.cpu, built.cpu


def _report_objects(report: IO[bytes]) -> Iterator[bytes]:
    """The JSON objects of a streamed report written one a line (cells, ratings, quota records, remedies …)."""
    report.seek(0)
    for line in report:
        text = line.strip().rstrip(b",")
        if text.startswith(b"{") and text.endswith(b"}"):
            yield text


def _lines(path: Path) -> Iterator[bytes]:
    with path.open("rb") as file:
        yield from file


def strict_load(path: Path) -> tuple[Timer, dict[str, int]]:
    """The time to read every bundle with `iter_bundles` (every check included), and what was read."""
    counts = dict.fromkeys(("cells", "members", "meetings", "marks", "assessments", "reviews"), 0)
    with Timer() as timer, iter_bundles(path) as stream:
        counts["members"] += len(stream.header.members)
        for bundle in stream:
            counts["cells"] += 1
            # a transferred member is listed in each of their cells: count them in the cell of their last membership
            counts["members"] += sum(
                1 for m in bundle.members if max(m.memberships, key=lambda ms: ms.start).cell == bundle.cell.id
            )
            counts["meetings"] += len(bundle.meetings)
            counts["marks"] += sum(len(m.attendance) for m in bundle.meetings)
            counts["assessments"] += len(bundle.assessments)
            counts["reviews"] += len(bundle.reviews)
    return timer, counts


def count_records(path: Path) -> dict[str, int]:
    """What the file holds, counted from the parsed lines (when the strict load is not timed)."""
    counts = dict.fromkeys(("cells", "members", "meetings", "marks", "assessments", "reviews"), 0)
    with path.open("rb") as file:
        header = orjson.loads(next(file))
        counts["members"] += len(header["members"])
        for line in file:
            bundle = orjson.loads(line)
            cell = bundle["cell"]["id"]
            counts["cells"] += 1
            counts["members"] += sum(
                1 for m in bundle["members"] if max(m["memberships"], key=lambda ms: ms["from"])["cell"] == cell
            )
            counts["meetings"] += len(bundle["meetings"])
            counts["marks"] += sum(len(m["attendance"]) for m in bundle["meetings"])
            counts["assessments"] += len(bundle["assessments"])
            counts["reviews"] += len(bundle["reviews"])
    return counts


def _children_cpu() -> float:
    """CPU seconds of the child processes ended so far (the workers, once `stream_report` has returned)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def end_to_end(
    path: Path, jobs: int, report_floor: Callable[[IO[bytes]], None] | None = None
) -> tuple[Timer, float, int]:
    """The time to write the whole JSON report of the file with `stream_report`, the CPU seconds of its worker
    processes, and the report's size in bytes; ``report_floor`` is then given the report, to read.

    The timer's CPU time is this process's only: with workers, it is the main process's share.  The report goes
    to a binary file, as ``partyreview report --stream --out FILE`` writes it.
    """
    workers = _children_cpu()
    with tempfile.TemporaryFile("w+b") as out:
        with Timer() as timer, iter_bundles(path) as stream:
            stream_report(stream, YEAR, out, jobs=jobs)
        written = out.tell()
        if report_floor is not None:
            report_floor(out)
        return timer, _children_cpu() - workers, written


def profile(path: Path, bundles: int) -> None:
    """Profile the strict load of the first ``bundles`` bundles."""
    profiler = cProfile.Profile()
    with iter_bundles(path) as stream:
        profiler.enable()
        for _ in itertools.islice(stream, bundles):
            pass
        profiler.disable()
    pstats.Stats(profiler).sort_stats("tottime").print_stats(25)


def main() -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--size", choices=("small", "province", "country"), default="province")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--data", type=Path, help="a partyreview.bundles/1 file to read instead of the example")
    parser.add_argument(
        "--cache-dir", type=Path, default=Path(tempfile.gettempdir()) / "partyreview-bench", help="where to keep it"
    )
    parser.add_argument(
        "--jobs",
        type=int,
        nargs="+",
        default=[1, os.cpu_count() or 1],
        metavar="N",
        help="worker processes of the end-to-end report, one run each (default: 1 and one per CPU)",
    )
    parser.add_argument("--no-strict-load", action="store_true", help="skip timing the strict load alone")
    parser.add_argument("--profile", type=int, metavar="N", help="profile the strict load of the first N bundles")
    parser.add_argument(
        "--python-floor", action="store_true", help="time one Python step a value read and written (after the last run)"
    )
    args = parser.parse_args()

    path = args.data or dataset_file(args.size, args.seed, args.cache_dir)
    size, lines = warm(path)
    print(f"file: {size / 1e6:,.0f} MB, {lines:,} lines; Python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    floors = [parse_floor(path)]
    print(f"parse floor (orjson.loads of every line): {floors[0]}, {size / 1e6 / floors[0].wall:,.0f} MB/s")
    print(f"peak RSS after the floor: {_rss_mib():,.0f} MiB")
    if args.no_strict_load:
        counts = count_records(path)
    else:
        load, counts = strict_load(path)
    print(
        f"read: {counts['cells']:,} cells, {counts['members']:,} members, {counts['meetings']:,} meetings "
        f"({counts['marks']:,} attendance marks), {counts['assessments']:,} assessments, {counts['reviews']:,} reviews"
    )
    floors.append(parse_floor(path))
    print(f"parse floor again: {floors[1]}")
    wall, cpu = min(f.wall for f in floors), min(f.cpu for f in floors)
    if not args.no_strict_load:
        print(f"strict load (iter_bundles, every check): {load}, {counts['members'] / load.wall:,.0f} members/s")
        print(f"peak RSS: {_rss_mib():,.0f} MiB")
        print(f"ratio strict load ÷ parse floor: {load.wall / wall:.2f} wall, {load.cpu / cpu:.2f} CPU")
    made: list[float] = []

    def report_floor(report: IO[bytes]) -> None:
        parsed, built = python_floor(lambda: _report_objects(report))
        made.append(built - parsed)

    for i, jobs in enumerate(args.jobs):
        last = i == len(args.jobs) - 1
        report, workers, written = end_to_end(path, jobs, report_floor if args.python_floor and last else None)
        print(
            f"end-to-end report, jobs={jobs} (stream_report, JSON {written / 1e6:,.0f} MB): {report}, "
            f"{counts['members'] / report.wall:,.0f} members/s; the workers' CPU: {workers:.1f} s"
        )
        print(
            f"peak RSS of this process: {_rss_mib():,.0f} MiB, of the worker processes: {_children_rss_mib():,.0f} MiB"
        )
        total = report.cpu + workers
        print(f"ratio report ÷ parse floor: {report.wall / wall:.2f} wall, {total / cpu:.2f} CPU (every process)")
    if args.python_floor:
        parsed, built = python_floor(lambda: _lines(path))
        least = cpu + (built - parsed) + made[0]
        cpus = os.cpu_count() or 1
        print(
            f"Python floor, one step a value: reading {built - parsed:.1f} s CPU (= {(built - parsed) / cpu:.2f} × "
            f"the floor), making the report's values {made[0]:.1f} s (= {made[0] / cpu:.2f} ×); with the parse, "
            f"{least:.1f} s: the least ratio of a pure-Python engine on {cpus} CPUs sharing it perfectly, with no "
            f"rule, check or message: {least / cpus / cpu:.2f}"
        )
    if args.profile:
        profile(path, args.profile)


if __name__ == "__main__":
    main()
