"""The committee's annual report (``partyreview.report/1``): building it, as JSON and as text."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Any, Final

import attrs

from ._arguments import check_day, check_instance, check_year
from ._assessments import Level
from ._cadence import CadenceReport, check_cadence
from ._dataset import Dataset, _active_between
from ._findings import Finding, Severity
from ._messages import format_date, label, localize, percent
from ._org import Unit, UnitKind
from ._participation import (
    CellParticipation,
    CommitteeParticipation,
    check_participation,
    egalitarian_rating_finding,
    summarize_participation,
)
from ._periods import MONTHS, QUARTERS
from ._quota import DEMOTED, QuotaOutcome
from ._rating import Rating, RatingChange, RatingResult, compare_ratings, rate_year
from ._remediation import (
    RemediationReport,
    RemediationShare,
    RemedyItem,
    RemedyState,
    _prior_shares,
    follow_up,
)
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
    participation: CellParticipation
    """Attendance and speaking in its meetings, with the formalism indicators."""
    parent: str | None = None
    """Id of the unit the cell belongs to (its grassroots organization or committee)."""
    members: tuple[str, ...] = ()
    """Ids of its members on the rating reference day (or on its last active day), sorted."""


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
    participation: CommitteeParticipation
    """Attendance and speaking over every cell, from summed counts, and the removal review across cells."""
    remediation: RemediationReport
    """Where the remedies of the reviews of this year and earlier stand on `as_of`."""
    as_of: dt.date
    """The follow-up day of the remediation (31 December of the year unless asked otherwise)."""
    prior_remediation: tuple[RemediationShare, ...] = ()
    """Per subject, the share of the previous year's review shortcomings remedied by `as_of`, by subject."""
    committee: str = ""
    """Name of the committee reported on (the root unit), if the dataset has one."""
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

    def findings_by_subject(self) -> list[tuple[str, Finding]]:
        """Every finding of the report but the rating reasons, with the cell or subject it is about.

        The cells' cadence and participation findings, then the committee's (a
        removal review across cells, named by member), then the remediation's
        (named by the subject reviewed).
        """
        found = [(c.cell, f) for c in self.cells for f in (*c.cadence.findings, *c.participation.findings)]
        found += [(str(f.param("member")), f) for f in self.participation.findings]
        found += [(str(f.param("subject")), f) for f in self.remediation.findings]
        return found

    @property
    def removal_review(self) -> tuple[str, ...]:
        """Members to consider for removal (Điều lệ Đảng Điều 8), months counted across transfers, sorted."""
        return self.participation.removal_review

    @property
    def overdue_remedies(self) -> tuple[RemedyItem, ...]:
        """Remedies past their due date and not done on `as_of`."""
        return tuple(i for i in self.remediation.items if i.state is RemedyState.OVERDUE)

    @property
    def quota_demotions(self) -> tuple[Rating, ...]:
        """Ratings lowered from excellent by the quota."""
        return tuple(r for r in self.ratings.ratings if any(f.code == DEMOTED for f in r.reasons))


def build_report(
    dataset: Dataset,
    year: int,
    *,
    registry: RuleSetRegistry | None = None,
    rating_rules: RatingRuleSet | None = None,
    compare_with: RatingRuleSet | None = None,
    as_of: dt.date | None = None,
    on_cell: Callable[[int, int], None] | None = None,
) -> Report:
    """The annual report of ``dataset`` for ``year`` under the rule sets governing that year.

    The rule sets for a year are those in force on 31 December (product.md §6);
    ``rating_rules`` rates under another rule set instead; ``compare_with`` adds a
    what-if: the same records rated under that rule set, side by side.
    ``as_of`` is the day the remedies are followed up (31 December of ``year``
    by default).  ``on_cell(done, total)`` is called after each cell, e.g. for a
    progress bar.

    Raises:
        RuleSetNotFoundError: no cadence or rating rule set governs ``year``.
        InvalidArgumentError: ``dataset``, ``year`` or ``as_of`` is of the wrong type.
    """
    check_instance(dataset, Dataset, "dataset", " (see load_dataset)")
    check_year(year)
    check_day(as_of, "as_of", optional=True)
    registry = registry or default_registry()
    rules = registry.for_year(CadenceRuleSet, year)
    rating = rating_rules or registry.for_year(RatingRuleSet, year)
    ratings = rate_year(dataset, year, rating)
    levels = {r.subject: r.level for r in ratings.ratings}
    cells = cells_in_year(dataset, year)
    reports: list[CellReport] = []
    for done, cell in enumerate(cells, start=1):
        reports.append(cell_report(cell, dataset, year=year, rules=rules, rating=rating, levels=levels))
        if on_cell is not None:
            on_cell(done, len(cells))
    as_of = as_of or dt.date(year, 12, 31)
    return Report(
        year=year,
        cadence_ruleset=rules.id,
        cells=tuple(reports),
        ratings=ratings,
        participation=summarize_participation((c.participation for c in reports), year, rules),
        remediation=follow_up((r for r in dataset.reviews if r.year <= year), as_of),
        as_of=as_of,
        prior_remediation=tuple(sorted(_prior_shares(dataset.reviews, year, as_of).values(), key=_subject)),
        committee=next((u.name for u in dataset.units if u.parent is None and u.kind is UnitKind.COMMITTEE), ""),
        what_if=None if compare_with is None else rate_year(dataset, year, compare_with),
    )


def cells_in_year(dataset: Dataset, year: int) -> list[Unit]:
    """The cells of ``dataset`` active at some time in ``year``, in dataset order."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return [c for c in dataset.cells() if _active_between(c, first, last)]


def cell_report(
    cell: Unit,
    dataset: Dataset,
    *,
    year: int,
    rules: CadenceRuleSet,
    rating: RatingRuleSet,
    levels: Mapping[str, Level | None],
) -> CellReport:
    """One cell's part of the report: cadence, participation and, once ``levels`` are rated, the egalitarian check."""
    meetings = dataset.meetings_of(cell.id, year)
    cadence = check_cadence(cell, meetings, year, rules)
    last_day = min(rating.reference_date(year), cell.active_to or dt.date.max)
    members = tuple(sorted(m.id for m in dataset.members_of(cell.id, last_day)))
    participation = check_participation(
        cell, meetings, {m.id: m for m in dataset.ever_members_of(cell.id)}, year, rules
    )
    egalitarian = egalitarian_rating_finding(cell.id, {m: levels.get(m) for m in members}, rules)
    if egalitarian is not None:
        participation = attrs.evolve(participation, findings=(*participation.findings, egalitarian))
    return CellReport(cell.id, cell.name, cadence, participation, cell.parent, members)


def _subject(share: RemediationShare) -> str:
    return share.subject


def _finding_json(finding: Finding, lang: str) -> dict[str, Any]:
    # `_value_` is the enum member's value, read without the `value` property (Python code, once per finding)
    return {
        "code": finding.code,
        "severity": finding.severity._value_,
        "message": localize(finding, lang),
        "citation": finding.citation,
        "params": dict(finding.params),
    }


def _findings_json(findings: Iterable[Finding], lang: str) -> list[dict[str, Any]]:
    return [_finding_json(f, lang) for f in findings]


def _rate(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


def _cadence_json(cadence: CadenceReport, lang: str) -> dict[str, Any]:
    return {
        "compliant": cadence.compliant,
        "active_months": list(cadence.active_months),
        "regular_months": list(cadence.regular_months),
        "missing_months": list(cadence.missing_months),
        "thematic_quarters": list(cadence.thematic_quarters),
        "quarters_without_thematic": list(cadence.quarters_without_thematic),
        "findings": _findings_json(cadence.findings, lang),
    }


def _participation_json(participation: CellParticipation, lang: str) -> dict[str, Any]:
    return {
        "attendance_rate": _rate(participation.attendance_rate),
        "speaking_rate": _rate(participation.speaking_rate),
        "meetings": len(participation.meetings),
        "meetings_meeting_bar": participation.meetings_meeting_bar,
        "removal_review": list(participation.removal_review),
        "never_spoke": list(participation.never_spoke),
        "never_spoke_new": list(participation.never_spoke_new),
        "never_spoke_non_leadership": list(participation.never_spoke_non_leadership),
        "findings": _findings_json(participation.findings, lang),
    }


def _rating_json(rating: Rating, lang: str) -> dict[str, Any]:
    return {
        "subject": rating.subject,
        "level": _level(rating.level),
        "excluded": None if rating.excluded is None else rating.excluded.value,
        "score": None if rating.score is None else format(rating.score, "f"),
        "reasons": _findings_json(rating.reasons, lang),
    }


def _quota_json(outcome: QuotaOutcome, lang: str) -> dict[str, Any]:
    return {
        "group": outcome.group,
        "ratio": format(outcome.ratio, "f"),
        "good": outcome.good,
        "excellent_allowed": outcome.excellent_allowed,
        "excellent_candidates": outcome.excellent_candidates,
        "demoted": sorted(outcome.demoted),
        "findings": _findings_json(outcome.findings, lang),
    }


def _date(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def remedy_item_json(item: RemedyItem) -> dict[str, Any]:
    """One remedy of ``remediation.items`` in the JSON report."""
    return {
        "review": item.review,
        "subject": item.subject,
        "year": item.year,
        "shortcoming": item.shortcoming_index,
        "shortcoming_text": item.shortcoming,
        "remedy": item.remedy_index,
        "action": item.action,
        "owner": item.owner,
        "due": _date(item.due),
        "done_on": _date(item.done_on),
        "state": item.state.value,
        "late": item.late,
    }


def share_json(share: RemediationShare) -> dict[str, Any]:
    """One subject's entry of ``remediation.shares`` in the JSON report."""
    return {
        "subject": share.subject,
        "year": share.year,
        "remedied": share.remedied,
        "total": share.total,
        "reviews": list(share.reviews),
    }


def _remediation_json(report: Report, lang: str) -> dict[str, Any]:
    remediation = report.remediation
    return {
        "as_of": remediation.as_of.isoformat(),
        "open": remediation.open,
        "overdue": remediation.overdue,
        "done": remediation.done,
        "items": [remedy_item_json(item) for item in remediation.items],
        "shares": [share_json(share) for share in report.prior_remediation],
        "findings": _findings_json(remediation.findings, lang),
    }


def _committee_json(summary: CommitteeParticipation, lang: str) -> dict[str, Any]:
    return {
        "attendance_rate": _rate(summary.attendance_rate),
        "speaking_rate": _rate(summary.speaking_rate),
        "meetings": summary.meetings,
        "meetings_meeting_bar": summary.meetings_meeting_bar,
        "removal_review": list(summary.removal_review),
        "findings": _findings_json(summary.findings, lang),
    }


def report_to_json(report: Report, lang: str = "en") -> dict[str, Any]:
    """The ``partyreview.report/1`` JSON document of a report, messages in ``lang`` (``"en"`` or ``"vi"``)."""
    check_instance(report, Report, "report", " (see build_report)")
    return {
        "format": REPORT_FORMAT,
        "year": report.year,
        "lang": lang,
        "committee": report.committee,
        "rulesets": {"cadence": report.cadence_ruleset, "rating": report.rating_ruleset},
        "cells": [
            {
                "id": c.cell,
                "name": c.name,
                "parent": c.parent,
                "members": list(c.members),
                "cadence": _cadence_json(c.cadence, lang),
                "participation": _participation_json(c.participation, lang),
            }
            for c in report.cells
        ],
        "participation": _committee_json(report.participation, lang),
        "ratings": [_rating_json(r, lang) for r in report.ratings.ratings],
        "quota": [_quota_json(q, lang) for q in report.ratings.quota],
        "remediation": _remediation_json(report, lang),
        **({} if report.what_if is None else {"what_if": _what_if_json(report, lang)}),
    }


def _level(level: Level | None) -> str | None:
    return None if level is None else level._value_  # once per rating: see `_finding_json`


def _what_if_json(report: Report, lang: str) -> dict[str, Any]:
    assert report.what_if is not None  # noqa: S101 - only called with a what-if
    return {
        "ruleset": report.what_if.ruleset,
        "changes": [
            {
                "subject": c.subject,
                "before": _level(c.before),
                "after": _level(c.after),
                "reasons": _findings_json(c.reasons, lang),
            }
            for c in report.what_if_changes
        ],
    }


_HELD: Final = "●"
_MISSED: Final = "○"
_INACTIVE: Final = "·"


def _strip(periods: tuple[int, ...], held: tuple[int, ...], active: tuple[int, ...] | set[int]) -> str:
    return "".join(_HELD if p in held else _MISSED if p in active else _INACTIVE for p in periods)


def _percent(value: Decimal | None, lang: str) -> str:
    return "-" if value is None else percent(value, lang)


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    """A plain-text table, columns padded to their widest cell."""
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    return [
        "  " + "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in [header, *rows]
    ]


def render_text(report: Report, lang: str = "vi") -> str:
    """The report as plain text for a terminal: summary, cadence and participation per cell, ratings, actions."""
    check_instance(report, Report, "report", " (see build_report)")
    summary = report.participation
    lines = [
        label("report.title", lang, year=report.year) + (f" — {report.committee}" if report.committee else ""),
        f"{label('report.rulesets', lang)}: {report.cadence_ruleset}, {report.rating_ruleset}",
        f"{label('report.as_of', lang)}: {format_date(report.as_of, lang)}",
        "",
        f"{label('stat.cells', lang)}: {len(report.cells)}; {label('stat.compliant', lang)}: {report.compliant_cells}",
        (
            f"{label('stat.attendance', lang)}: {_percent(summary.attendance_rate, lang)}; "
            f"{label('stat.speaking', lang)}: {_percent(summary.speaking_rate, lang)}"
        ),
        "",
        (
            f"{_HELD} {label('legend.held', lang)}  {_MISSED} {label('legend.missing', lang)}  "
            f"{_INACTIVE} {label('legend.inactive', lang)}"
        ),
    ]
    rows = []
    for cell in report.cells:
        cadence, part = cell.cadence, cell.participation
        active_quarters = set(cadence.thematic_quarters) | set(cadence.quarters_without_thematic)
        rows.append(
            [
                cell.cell,
                _strip(MONTHS, cadence.regular_months, cadence.active_months),
                _strip(QUARTERS, cadence.thematic_quarters, active_quarters),
                label("yes" if cadence.compliant else "no", lang),
                _percent(part.attendance_rate, lang),
                _percent(part.speaking_rate, lang),
                f"{part.meetings_meeting_bar}/{len(part.meetings)}",
            ]
        )
    header = [
        label(k, lang)
        for k in (
            "col.cell",
            "col.months",
            "col.quarters",
            "col.compliant",
            "col.attendance",
            "col.speaking",
            "col.meeting_bar",
        )
    ]
    lines += ["", *_table(header, rows)]
    findings = report.findings_by_subject()
    if findings:
        lines += ["", f"{label('section.findings', lang)}:"]
        for severity in Severity:
            lines += [
                f"  [{label('severity.' + severity.value, lang)}] {cell_id} {f.code}: {localize(f, lang)}"
                for cell_id, f in findings
                if f.severity is severity
            ]
    lines += _rating_lines(report, lang)
    lines += _action_lines(report, lang)
    if report.what_if is not None:
        changes = report.what_if_changes
        lines += ["", f"{label('section.what_if', lang, ruleset=report.what_if.ruleset)}: {len(changes)}"]
        lines += [
            f"  {c.subject}: {_level_label(c.before, lang)} -> {_level_label(c.after, lang)}"
            + (f" ({c.reasons[-1].code}: {localize(c.reasons[-1], lang)})" if c.reasons else "")
            for c in changes
        ]
    return "\n".join(lines) + "\n"


def _level_label(level: Level | None, lang: str) -> str:
    return label(f"level.{'none' if level is None else level.value}", lang)


def _rating_lines(report: Report, lang: str) -> list[str]:
    """The ratings section: levels counted, exclusions, and the quota per group."""
    result = report.ratings
    lines = ["", f"{label('section.ratings', lang)} ({result.ruleset})"]
    cells = {c.cell for c in report.cells}
    lines.append(f"  {'':<30}  {label('col.member', lang):>10}  {label('col.cell', lang):>8}")
    for level in Level:
        members = sum(1 for r in result.ratings if r.level is level and r.subject not in cells)
        units = sum(1 for r in result.ratings if r.level is level and r.subject in cells)
        lines.append(f"  {_level_label(level, lang):<30}  {members:>10}  {units:>8}")
    excluded = sum(1 for r in result.ratings if r.excluded is not None)
    unrated = sum(1 for r in result.ratings if r.level is None and r.excluded is None)
    lines.append(f"  {label('stat.excluded', lang)}: {excluded}; {label('stat.unrated', lang)}: {unrated}")
    if result.quota:
        header = [
            label(k, lang)
            for k in ("col.group", "col.ratio", "col.good", "col.allowed", "col.candidates", "col.demoted")
        ]
        rows = [
            [
                q.group,
                percent(q.ratio, lang, trim=True),
                str(q.good),
                str(q.excellent_allowed),
                str(q.excellent_candidates),
                ", ".join(q.demoted) or "-",
            ]
            for q in result.quota
        ]
        lines += ["", f"{label('section.quota', lang)}:", *_table(header, rows)]
    return lines


def _action_lines(report: Report, lang: str) -> list[str]:
    """The lists that need action: removal review, overdue remedies, quota demotions; and the remedy counts."""
    remediation = report.remediation
    lines = [
        "",
        (
            f"{label('section.remediation', lang)} ({label('report.as_of', lang)} {format_date(report.as_of, lang)}): "
            f"{label('stat.open', lang)} {remediation.open}, {label('stat.overdue', lang)} {remediation.overdue}, "
            f"{label('stat.done', lang)} {remediation.done}"
        ),
        "",
        f"{label('section.actions', lang)}:",
        f"  {label('section.removal', lang)}: " + (", ".join(report.removal_review) or label("none", lang)),
        f"  {label('section.overdue', lang)}: {len(report.overdue_remedies)}",
    ]
    lines += [
        f"    {i.review} {i.subject}: {i.action}"
        + (f" — {i.owner}" if i.owner else "")
        + (f" ({label('col.due', lang)} {format_date(i.due, lang)})" if i.due else "")
        for i in report.overdue_remedies
    ]
    demotions = report.quota_demotions
    lines.append(
        f"  {label('section.demotions', lang)}: " + (", ".join(r.subject for r in demotions) or label("none", lang))
    )
    return lines
