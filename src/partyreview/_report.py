"""The committee's annual report (``partyreview.report/1``): building it, as JSON and as text."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

import attrs

from ._cadence import CadenceReport, check_cadence
from ._dataset import Dataset
from ._findings import Finding, Severity
from ._periods import MONTHS, QUARTERS, Period
from .rules import CadenceRuleSet, RuleSetRegistry, default_registry

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

    @property
    def compliant_cells(self) -> int:
        """How many cells met the cadence rules."""
        return sum(1 for c in self.cells if c.cadence.compliant)


def build_report(
    dataset: Dataset,
    year: int,
    *,
    registry: RuleSetRegistry | None = None,
    on_cell: Callable[[int, int], None] | None = None,
) -> Report:
    """The annual report of ``dataset`` for ``year`` under the rule sets governing that year.

    The rule set for a year is the one in force on 31 December (product.md §6).
    ``on_cell(done, total)`` is called after each cell, e.g. for a progress bar.

    Raises:
        RuleSetNotFoundError: no cadence rule set governs ``year``.
    """
    rules = (registry or default_registry()).for_year(CadenceRuleSet, year)
    year_span = Period.year(year)
    cells = [c for c in dataset.cells() if c.active.overlaps(year_span)]
    reports: list[CellReport] = []
    for done, cell in enumerate(cells, start=1):
        cadence = check_cadence(cell, dataset.meetings_of(cell.id, year), year, rules)
        reports.append(CellReport(cell.id, cell.name, cadence))
        if on_cell is not None:
            on_cell(done, len(cells))
    return Report(year=year, cadence_ruleset=rules.id, cells=tuple(reports))


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


def report_to_json(report: Report) -> dict[str, Any]:
    """The ``partyreview.report/1`` JSON document of a report."""
    return {
        "format": REPORT_FORMAT,
        "year": report.year,
        "rulesets": {"cadence": report.cadence_ruleset},
        "cells": [{"id": c.cell, "name": c.name, "cadence": _cadence_json(c.cadence)} for c in report.cells],
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
    return "\n".join(lines) + "\n"
