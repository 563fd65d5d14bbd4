"""Benchmark: rate 100,000 members in 5,000 quota groups under QĐ 366 (`rate_year`), and the quota step alone.

    .venv/bin/python benchmarks/bench_rating.py [--members N] [--groups G] [--seed S] [--repeat K] [--profile]

Builds the records directly (no JSON): a committee "K", G grassroots organizations,
one cell under each (so N / G members a cell, about 20 by default), every member in
their cell all year; about 1 % exempt, 0.5 % suspended and 1 % admitted after 30 June
(all three excluded); an assessment for 2025 of every member and every cell, with
scores around 84 (≈ 20 % at 90 or more), so that the quota on "excellent" bites in
many groups.  Then times, separately: building the `Dataset` (its checks included),
``rate_year(dataset, 2025, QD366_2025)`` end to end (best of K), and
``partyreview._quota.apply_quota`` over every quota group's candidates, as the engine
passed them.  Peak memory is measured in a separate run under tracemalloc (which
slows allocation-heavy code several-fold); peak RSS is the process's.  ``--profile``
prints the hottest functions of one more run under cProfile.  Figures are printed,
never asserted.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import pstats
import random
import resource
import sys
import time
import tracemalloc
from collections import Counter
from decimal import Decimal

from partyreview import (
    Assessment,
    Dataset,
    Level,
    Member,
    Membership,
    Period,
    RatingResult,
    Role,
    Unit,
    UnitKind,
    rate_year,
)
from partyreview._quota import QuotaCandidate, QuotaOutcome, apply_quota
from partyreview.rules import QD366_2025

YEAR = 2025
_ONE = Decimal(1)
_ZERO = Decimal(0)


def _score(rng: random.Random) -> Decimal:
    """A total on the 100-point scale, one decimal place: mostly 70–95, about one in five at 90 or more."""
    value = min(100.0, max(0.0, rng.gauss(84.0, 7.0)))
    return Decimal(f"{value:.1f}")


def _assessment(rng: random.Random, subject: str) -> Assessment:
    """Realistic facts: nearly everyone does every task on time; a few fall short of a condition."""
    roll = rng.random()
    done = _ONE if roll > 0.02 else Decimal("0.8")  # noqa: PLR2004 - 2 % not all done
    behind = _ZERO if rng.random() > 0.05 else Decimal("0.1")  # noqa: PLR2004 - 5 % some behind
    return Assessment(
        subject,
        YEAR,
        score=_score(rng),
        proposed=None,
        tasks_done=done,
        tasks_behind=behind,
        tasks_exceeded=Decimal(rng.choice(["0.1", "0.3", "0.35", "0.5"])),
        prior_shortcomings_fixed=rng.random() > 0.03,  # noqa: PLR2004
        disciplined=rng.random() < 0.002,  # noqa: PLR2004
        degradation=False,
        mitigated=False,
    )


def build(members: int, groups: int, seed: int) -> Dataset:
    """The committee: ``groups`` grassroots with one cell each, ``members`` members spread evenly, all assessed."""
    rng = random.Random(seed)  # noqa: S311 - synthetic data, not security
    units = [Unit("K", "Đảng bộ Khối", UnitKind.COMMITTEE)]
    for g in range(groups):
        units.append(Unit(f"G{g:05d}", f"Đảng bộ cơ sở {g}", UnitKind.GRASSROOTS, "K"))
        units.append(Unit(f"C{g:05d}", f"Chi bộ {g}", UnitKind.CELL, f"G{g:05d}"))
    people: list[Member] = []
    assessments: list[Assessment] = []
    for i in range(members):
        cell = f"C{i % groups:05d}"
        position = i // groups  # 0 in the first pass over the cells: the secretary
        role = Role.SECRETARY if position == 0 else Role.DEPUTY_SECRETARY if position == 1 else Role.MEMBER
        roll = rng.random()
        admitted = dt.date(YEAR, 9, 1) if roll < 0.01 else dt.date(rng.randint(1980, 2020), rng.randint(1, 12), 1)  # noqa: PLR2004
        exempt = (Period(dt.date(YEAR, 3, 1)),) if 0.01 <= roll < 0.02 else ()  # noqa: PLR2004
        suspended = (Period(dt.date(YEAR, 10, 1), dt.date(YEAR + 1, 3, 31)),) if 0.02 <= roll < 0.025 else ()  # noqa: PLR2004
        member_id = f"M{i:07d}"
        people.append(
            Member(
                member_id,
                f"Đảng viên {i}",
                admitted,
                None if admitted.year == YEAR else admitted + dt.timedelta(days=365),
                role is not Role.MEMBER,
                (Membership(cell, admitted, None, role),),
                exempt,
                suspended,
            )
        )
        assessments.append(_assessment(rng, member_id))
    assessments.extend(_assessment(rng, f"C{g:05d}") for g in range(groups))
    return Dataset(units, people, (), assessments, ())


def _quota_inputs(result: RatingResult) -> list[tuple[QuotaOutcome, list[QuotaCandidate], int]]:
    """For each quota record: the candidates and the good count the engine passed to `apply_quota`."""
    scores = {r.subject: r.score for r in result.ratings}
    inputs = []
    for record in result.quota:
        candidates = [QuotaCandidate(s, scores[s]) for s in (*record.kept, *record.demoted)]
        inputs.append((record, candidates, record.good - len(record.demoted)))
    return inputs


def _time_quota(inputs: list[tuple[QuotaOutcome, list[QuotaCandidate], int]]) -> tuple[float, bool]:
    """Seconds to apply the quota to every group, and whether every outcome equals the engine's record."""
    rules = QD366_2025
    same = True
    started = time.perf_counter()
    for record, candidates, good in inputs:
        outcome = apply_quota(
            record.group,
            candidates,
            good,
            ratio=rules.quota_ratio,
            denominator=rules.quota_denominator,
            rounding=rules.quota_rounding,
            citation=rules.quota_citation,
        )
        same = same and (outcome.kept, outcome.demoted, outcome.good) == (record.kept, record.demoted, record.good)
    return time.perf_counter() - started, same


def _rss_mib() -> float:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / 2**20 if sys.platform == "darwin" else rss / 2**10


def _describe(dataset: Dataset, result: RatingResult) -> None:
    """What was rated: levels, exclusions, how hard the quota bit."""
    levels = Counter(r.level for r in result.ratings[: len(dataset.members)])
    excluded = Counter(r.excluded.value for r in result.ratings if r.excluded is not None)
    print(
        "member levels: "
        + ", ".join(f"{lv.value} {levels[lv]:,}" for lv in Level)
        + f"; excluded {sum(excluded.values()):,} ("
        + ", ".join(f"{e} {n:,}" for e, n in sorted(excluded.items()))
        + ")"
    )
    demoted = sum(len(q.demoted) for q in result.quota)
    biting = sum(1 for q in result.quota if q.demoted)
    ties = sum(1 for q in result.quota if q.findings)
    print(
        f"quota: {len(result.quota):,} group records (members' and cells'), the quota bites in {biting:,} "
        f"({demoted:,} demoted, {ties:,} with a tie leaving places unfilled)"
    )


def _memory(members: int, groups: int, seed: int) -> None:
    """Peak traced memory of building the dataset, then of rating it (a run of its own: tracemalloc is slow)."""
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    dataset = build(members, groups, seed)
    build_peak = tracemalloc.get_traced_memory()[1] - base
    held = tracemalloc.get_traced_memory()[0]
    tracemalloc.reset_peak()
    result = rate_year(dataset, YEAR, QD366_2025)
    rate_peak = tracemalloc.get_traced_memory()[1] - held
    kept = tracemalloc.get_traced_memory()[0] - held
    tracemalloc.stop()
    del result
    print(
        f"peak traced Python memory, building the dataset: {build_peak / 2**20:.0f} MiB "
        f"(dataset held: {(held - base) / 2**20:.0f} MiB)"
    )
    print(
        f"peak traced Python memory, rate_year on top of the dataset: {rate_peak / 2**20:.0f} MiB "
        f"(result held: {kept / 2**20:.0f} MiB)"
    )


def main() -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--groups", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="print the hottest functions of one run (cProfile)")
    args = parser.parse_args()

    started = time.perf_counter()
    dataset = build(args.members, args.groups, args.seed)
    built = time.perf_counter() - started
    print(
        f"dataset: {len(dataset.members):,} members, {len(dataset.cells()):,} cells in {args.groups:,} grassroots, "
        f"{len(dataset.assessments):,} assessments (seed {args.seed})"
    )
    print(f"build Dataset (records + checks): {built:.2f} s")

    best = float("inf")
    result = rate_year(dataset, YEAR, QD366_2025)  # warm-up
    for _ in range(args.repeat):
        started = time.perf_counter()
        result = rate_year(dataset, YEAR, QD366_2025)
        best = min(best, time.perf_counter() - started)
    _describe(dataset, result)
    print(f"rate_year (QĐ 366): {best:.2f} s (best of {args.repeat}), {len(dataset.members) / best:,.0f} members/s")

    inputs = _quota_inputs(result)
    member_inputs = [i for i in inputs if not i[0].group.endswith(":cells")]
    for label, chosen in (("every group", inputs), ("members' groups only", member_inputs)):
        quota_best, same = float("inf"), True
        for _ in range(args.repeat):
            seconds, same_now = _time_quota(chosen)
            quota_best, same = min(quota_best, seconds), same and same_now
        print(
            f"quota step alone, {label} (apply_quota over {len(chosen):,} groups, "
            f"{sum(len(c) for _, c, _ in chosen):,} candidates): {quota_best * 1000:.1f} ms "
            f"({quota_best / best:.1%} of rate_year); outcomes equal the engine's records: {'yes' if same else 'NO'}"
        )

    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        rate_year(dataset, YEAR, QD366_2025)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("tottime").print_stats(15)

    print(f"peak RSS of the process, before the memory run: {_rss_mib():.0f} MiB")
    del result, dataset, inputs, member_inputs
    _memory(args.members, args.groups, args.seed)
    print(f"peak RSS of the process, at the end (tracemalloc's own overhead included): {_rss_mib():.0f} MiB")


if __name__ == "__main__":
    main()
