"""Benchmark: load, validate and report on (cadence, ratings) the small example (≈295 cells, ≈3,400 members).

    .venv/bin/python benchmarks/bench_small.py [--seed N] [--repeat K]

Prints wall time per phase and the peak memory (tracemalloc, Python allocations)
and peak RSS of the process.  Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
import tracemalloc

from partyreview import build_report, dumps_dataset, generate_example, loads_dataset


def main() -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    text = dumps_dataset(generate_example("small", seed=args.seed))
    print(f"dataset: {len(text.encode()) / 1e6:.1f} MB of JSON (small example, seed {args.seed})")
    best_load = best_report = float("inf")
    for _ in range(args.repeat):
        started = time.perf_counter()
        dataset = loads_dataset(text)
        loaded = time.perf_counter()
        report = build_report(dataset, 2025)
        done = time.perf_counter()
        best_load = min(best_load, loaded - started)
        best_report = min(best_report, done - loaded)
    # Memory is measured in a separate run: tracemalloc slows allocation-heavy code several-fold.
    tracemalloc.start()
    build_report(loads_dataset(text), 2025)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"cells: {len(report.cells)}, members: {len(dataset.members)}, meetings: {len(dataset.meetings)}")
    print(f"load + validate: {best_load:.2f} s (best of {args.repeat})")
    print(f"report (cadence + ratings): {best_report:.2f} s")
    print(f"total:           {best_load + best_report:.2f} s")
    print(f"peak traced Python memory (load + report): {peak / 2**20:.0f} MiB")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"peak RSS: {rss / 2**10:.0f} MiB" if sys.platform != "darwin" else f"peak RSS: {rss / 2**20:.0f} MiB")


if __name__ == "__main__":
    main()
