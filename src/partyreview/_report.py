"""The committee's annual report (``partyreview.report/1``): building it, as JSON and as text."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

import attrs

from ._assessments import Level
from ._cadence import CadenceReport, check_cadence
from ._dataset import Dataset
from ._findings import Finding, Severity
from ._periods import MONTHS, QUARTERS, Period
from ._quota import QuotaOutcome
from ._rating import Rating, RatingChange, RatingResult, compare_ratings, rate_year
from .rules import CadenceRuleSet, RatingRuleSet, RuleSetRegistry, default_registry

__all__ = [
    "REPORT_FORMAT",
    "CellReport",
    "Report",
    "build_report",
    "render_text",
    "report_to_json",
]

REPORT_FORMAT: Final = "partyreview.report/1"
"""The value of the ``format`` key of a JSON report."""


@attrs.frozen
class CellReport:
    """One cell's part of the annual report."""

    cell: str
    """Id of the cell."""
    name: str
    """Name of the cell."""
    cadence: CadenceReport
    """Its meeting cadence in the year."""


@attrs.frozen
class Report:
    """The annual report of a committee for one year."""

    year: int
    """The year reported on."""
    cadence_ruleset: str
    """Id of the cadence rule set applied."""
    cells: tuple[CellReport, ...]
    """Every cell active at some time in the year, in dataset order."""
    ratings: RatingResult
    """The annual ratings of members and cells, and the quota records."""
    what_if: RatingResult | None = None
    """The same records rated under another rule set, when asked for."""

    @property
    def what_if_changes(self) -> tuple[RatingChange, ...]:
        """Who changes level under the what-if rule set, and why (empty without one)."""
        return () if self.what_if is None else compare_ratings(self.ratings, self.what_if)

    @property
    def rating_ruleset(self) -> str:
        """Id of the rating rule set applied."""
        return self.ratings.ruleset

    @property
    def compliant_cells(self) -> int:
        """How many cells met the cadence rules."""
        return sum(1 for c in self.cells if c.cadence.compliant)


def build_report(
    dataset: Dataset,
    year: int,
    *,
    registry: RuleSetRegistry | None = None,
    rating_rules: RatingRuleSet | None = None,
    compare_with: RatingRuleSet | None = None,
    on_cell: Callable[[int, int], None] | None = None,
) -> Report:
    """The annual report of ``dataset`` for ``year`` under the rule sets governing that year.

    The rule sets for a year are those in force on 31 December (product.md §6);
    ``rating_rules`` rates under another rule set instead; ``compare_with`` adds a
    what-if: the same records rated under that rule set, side by side.
    ``on_cell(done, total)`` is called after each cell, e.g. for a progress bar.

    Raises:
        RuleSetNotFoundError: no cadence or rating rule set governs ``year``.
    """
    registry = registry or default_registry()
    rules = registry.for_year(CadenceRuleSet, year)
    rating = rating_rules or registry.for_year(RatingRuleSet, year)
    year_span = Period.year(year)
    cells = [c for c in dataset.cells() if c.active.overlaps(year_span)]
    reports: list[CellReport] = []
    for done, cell in enumerate(cells, start=1):
        cadence = check_cadence(cell, dataset.meetings_of(cell.id, year), year, rules)
        reports.append(CellReport(cell.id, cell.name, cadence))
        if on_cell is not None:
            on_cell(done, len(cells))
    return Report(
        year=year,
        cadence_ruleset=rules.id,
        cells=tuple(reports),
        ratings=rate_year(dataset, year, rating),
        what_if=None if compare_with is None else rate_year(dataset, year, compare_with),
    )


def _finding_json(finding: Finding) -> dict[str, str]:
    return {
        "code": finding.code,
        "severity": finding.severity.value,
        "message": finding.message,
        "citation": finding.citation,
    }


def _cadence_json(cadence: CadenceReport) -> dict[str, Any]:
    return {
        "compliant": cadence.compliant,
        "active_months": list(cadence.active_months),
        "regular_months": list(cadence.regular_months),
        "missing_months": list(cadence.missing_months),
        "thematic_quarters": list(cadence.thematic_quarters),
        "quarters_without_thematic": list(cadence.quarters_without_thematic),
        "findings": [_finding_json(f) for f in cadence.findings],
    }


def _rating_json(rating: Rating) -> dict[str, Any]:
    return {
        "subject": rating.subject,
        "level": _level(rating.level),
        "excluded": None if rating.excluded is None else rating.excluded.value,
        "score": None if rating.score is None else format(rating.score, "f"),
        "reasons": [_finding_json(f) for f in rating.reasons],
    }


def _quota_json(outcome: QuotaOutcome) -> dict[str, Any]:
    return {
        "group": outcome.group,
        "ratio": format(outcome.ratio, "f"),
        "good": outcome.good,
        "excellent_allowed": outcome.excellent_allowed,
        "excellent_candidates": outcome.excellent_candidates,
        "demoted": sorted(outcome.demoted),
        "findings": [_finding_json(f) for f in outcome.findings],
    }


def report_to_json(report: Report) -> dict[str, Any]:
    """The ``partyreview.report/1`` JSON document of a report."""
    return {
        "format": REPORT_FORMAT,
        "year": report.year,
        "rulesets": {"cadence": report.cadence_ruleset, "rating": report.rating_ruleset},
        "cells": [{"id": c.cell, "name": c.name, "cadence": _cadence_json(c.cadence)} for c in report.cells],
        "ratings": [_rating_json(r) for r in report.ratings.ratings],
        "quota": [_quota_json(q) for q in report.ratings.quota],
        **({} if report.what_if is None else {"what_if": _what_if_json(report)}),
    }


def _level(level: Level | None) -> str | None:
    return None if level is None else level.value


def _what_if_json(report: Report) -> dict[str, Any]:
    assert report.what_if is not None  # noqa: S101 - only called with a what-if
    return {
        "ruleset": report.what_if.ruleset,
        "changes": [
            {
                "subject": c.subject,
                "before": _level(c.before),
                "after": _level(c.after),
                "reasons": [_finding_json(f) for f in c.reasons],
            }
            for c in report.what_if_changes
        ],
    }


_HELD: Final = "●"
_MISSED: Final = "○"
_INACTIVE: Final = "·"


def _strip(periods: tuple[int, ...], held: tuple[int, ...], active: tuple[int, ...] | set[int]) -> str:
    return "".join(_HELD if p in held else _MISSED if p in active else _INACTIVE for p in periods)


def render_text(report: Report) -> str:
    """The report as plain text for a terminal: a summary, a month strip per cell, then the findings."""
    lines = [
        f"Báo cáo sinh hoạt chi bộ năm {report.year} / Cell meeting report {report.year}",
        f"Rule set (cadence): {report.cadence_ruleset}",
        (
            f"Cells: {len(report.cells)}; compliant: {report.compliant_cells}; "
            f"not compliant: {len(report.cells) - report.compliant_cells}"
        ),
        "",
        f"Legend: {_HELD} held  {_MISSED} missing  {_INACTIVE} cell not active",
        "",
    ]
    width = max([len(c.cell) for c in report.cells] + [4])
    lines.append(f"{'Cell':<{width}}  Months 1-12   Q1-4  OK")
    for cell in report.cells:
        cadence = cell.cadence
        active_quarters = set(cadence.thematic_quarters) | set(cadence.quarters_without_thematic)
        months = _strip(MONTHS, cadence.regular_months, cadence.active_months)
        quarters = _strip(QUARTERS, cadence.thematic_quarters, active_quarters)
        lines.append(f"{cell.cell:<{width}}  {months}  {quarters}  {'yes' if cadence.compliant else 'NO'}")
    findings = [(c.cell, f) for c in report.cells for f in c.cadence.findings]
    if findings:
        lines += ["", "Findings:"]
        for severity in Severity:
            for cell_id, finding in findings:
                if finding.severity is severity:
                    lines.append(f"  [{severity.value}] {cell_id} {finding.code}: {finding.message}")
    lines += _rating_lines(report.ratings)
    if report.what_if is not None:
        changes = report.what_if_changes
        lines += ["", f"What-if under {report.what_if.ruleset}: {len(changes)} change(s) of level"]
        lines += [
            f"  {c.subject}: {_level(c.before)} -> {_level(c.after)}"
            + (f" ({c.reasons[-1].code}: {c.reasons[-1].message})" if c.reasons else "")
            for c in changes
        ]
    return "\n".join(lines) + "\n"


_LEVEL_LABELS: Final = {
    Level.EXCELLENT: "Hoàn thành xuất sắc nhiệm vụ (excellent)",
    Level.GOOD: "Hoàn thành tốt nhiệm vụ (good)",
    Level.COMPLETE: "Hoàn thành nhiệm vụ (complete)",
    Level.NOT_COMPLETE: "Không hoàn thành nhiệm vụ (not complete)",
}


def _rating_lines(result: RatingResult) -> list[str]:
    """The ratings section: levels counted, exclusions, and the quota per group."""
    lines = ["", f"Xếp loại chất lượng / Ratings (rule set: {result.ruleset})"]
    for level, label in _LEVEL_LABELS.items():
        count = sum(1 for r in result.ratings if r.level is level)
        lines.append(f"  {label}: {count}")
    excluded = [r for r in result.ratings if r.excluded is not None]
    unrated = [r for r in result.ratings if r.level is None and r.excluded is None]
    lines.append(f"  not rated (excluded): {len(excluded)}; without a level: {len(unrated)}")
    if result.quota:
        lines += ["", "Quota on excellent / Tỷ lệ HTXSNV:", "  group  ratio  good  allowed  candidates  demoted"]
        lines += [
            f"  {q.group}  {q.ratio}  {q.good}  {q.excellent_allowed}  {q.excellent_candidates}  "
            f"{', '.join(q.demoted) or '-'}"
            for q in result.quota
        ]
    return lines
