"""The annual report as one self-contained HTML page: no network, no external assets, no script.

Sections: summary; a month × cell cadence grid; attendance over the months (an
inline SVG chart); the rating distribution per unit; the lists that need action
(removal review, overdue remedies, quota demotions); the quota; remediation;
findings; and the what-if when asked for.  Labels come from the catalogue in the
language asked for (`partyreview.label`), messages through `partyreview.localize`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from decimal import Decimal
from html import escape
from typing import Final

from ._arguments import check_instance
from ._assessments import Level
from ._messages import format_date, label, localize, percent
from ._periods import MONTHS, QUARTERS
from ._report import CellReport, Report

__all__ = ["render_html"]

_CSS: Final = """
:root { --held: #2e7d32; --missing: #c62828; --inactive: #e0e0e0; --ink: #1b1b1b; --muted: #666;
  --excellent: #1b5e20; --good: #66bb6a; --complete: #fbc02d; --not_complete: #c62828; --none: #bdbdbd; }
* { box-sizing: border-box; }
body { font-family: "Segoe UI", "Noto Sans", Arial, sans-serif; color: var(--ink); margin: 2rem; line-height: 1.4; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; } h2 { font-size: 1.2rem; margin-top: 2rem;
  border-bottom: 2px solid #b71c1c; padding-bottom: .2rem; }
.meta { color: var(--muted); margin: 0; }
.cards { display: flex; flex-wrap: wrap; gap: .8rem; margin-top: 1rem; }
.card { border: 1px solid #ddd; border-radius: 6px; padding: .6rem .9rem; min-width: 10rem; }
.card b { display: block; font-size: 1.3rem; }
table { border-collapse: collapse; margin-top: .5rem; font-size: .9rem; }
th, td { border: 1px solid #ddd; padding: .2rem .45rem; text-align: left; vertical-align: top; }
th { background: #f5f5f5; }
table.grid td.m { width: 1.6rem; height: 1.3rem; padding: 0; text-align: center; }
td.held { background: var(--held); } td.missing { background: var(--missing); }
td.inactive { background: var(--inactive); }
.legend span { display: inline-block; width: .9rem; height: .9rem; margin: 0 .3rem 0 .8rem; vertical-align: middle; }
.bar { display: flex; width: 22rem; height: 1rem; border: 1px solid #ccc; }
.bar span { display: block; height: 100%; }
.excellent { background: var(--excellent); } .good { background: var(--good); }
.complete { background: var(--complete); } .not_complete { background: var(--not_complete); }
.none { background: var(--none); }
.sev-error { color: #b71c1c; font-weight: 600; } .sev-warning { color: #e65100; } .sev-info { color: var(--muted); }
svg text { font-size: 11px; fill: var(--ink); }
"""

_LEVELS: Final = (*Level, None)


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _pct(value: Decimal | None, lang: str) -> str:
    return "–" if value is None else percent(value, lang)


def _table(header: Sequence[str], rows: Iterable[Sequence[str]], *, css: str = "", table_id: str = "") -> str:
    """An HTML table; ``rows`` hold HTML already escaped."""
    attrs = (f' class="{css}"' if css else "") + (f' id="{table_id}"' if table_id else "")
    head = "".join(f"<th>{_e(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return f"<table{attrs}><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _summary(report: Report, lang: str) -> str:
    ratings = report.ratings.ratings
    summary = report.participation
    cards = [
        (label("stat.cells", lang), str(len(report.cells))),
        (label("stat.compliant", lang), f"{report.compliant_cells}/{len(report.cells)}"),
        (label("stat.attendance", lang), _pct(summary.attendance_rate, lang)),
        (label("stat.speaking", lang), _pct(summary.speaking_rate, lang)),
        (label("stat.members_rated", lang), str(sum(1 for r in ratings if r.level is not None))),
        (label("stat.excluded", lang), str(sum(1 for r in ratings if r.excluded is not None))),
        (label("stat.overdue", lang), str(report.remediation.overdue)),
    ]
    inner = "".join(f'<div class="card">{_e(name)}<b>{_e(value)}</b></div>' for name, value in cards)
    return (
        f'<section id="summary"><h2>{_e(label("report.summary", lang))}</h2><div class="cards">{inner}</div></section>'
    )


def _grid_row(cell: CellReport, lang: str) -> str:
    cadence = cell.cadence
    tds = []
    for month in MONTHS:
        state = (
            "held" if month in cadence.regular_months else "missing" if month in cadence.active_months else "inactive"
        )
        title = f"{cell.cell} {month:02d}: {label('legend.' + state, lang)}"
        tds.append(f'<td class="m {state}" title="{_e(title)}"></td>')
    active_quarters = set(cadence.thematic_quarters) | set(cadence.quarters_without_thematic)
    for quarter in QUARTERS:
        state = (
            "held" if quarter in cadence.thematic_quarters else "missing" if quarter in active_quarters else "inactive"
        )
        title = f"{cell.cell} Q{quarter}: {label('legend.' + state, lang)}"
        tds.append(f'<td class="m {state}" title="{_e(title)}"></td>')
    ok = label("yes" if cadence.compliant else "no", lang)
    return (
        f'<tr data-cell="{_e(cell.cell)}"><th scope="row">{_e(cell.cell)}</th><td>{_e(cell.name)}</td>'
        f"{''.join(tds)}<td>{_e(ok)}</td></tr>"
    )


def _grid(report: Report, lang: str) -> str:
    head = (
        f"<th>{_e(label('col.cell', lang))}</th><th></th>"
        + "".join(f"<th>{m}</th>" for m in MONTHS)
        + "".join(f"<th>Q{q}</th>" for q in QUARTERS)
        + f"<th>{_e(label('col.compliant', lang))}</th>"
    )
    rows = "".join(_grid_row(cell, lang) for cell in report.cells)
    legend = "".join(
        f'<span class="{state}" style="background: var(--{state})"></span>{_e(label("legend." + state, lang))}'
        for state in ("held", "missing", "inactive")
    )
    return (
        f'<section id="cadence"><h2>{_e(label("section.cadence", lang))}</h2><p class="legend">{legend}</p>'
        f'<table class="grid" id="cadence-grid"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></section>'
    )


def _monthly_attendance(report: Report) -> list[Decimal | None]:
    present: defaultdict[int, int] = defaultdict(int)
    expected: defaultdict[int, int] = defaultdict(int)
    for cell in report.cells:
        for meeting in cell.participation.meetings:
            present[meeting.month] += meeting.present
            expected[meeting.month] += meeting.attendance_base
    return [Decimal(present[m]) / Decimal(expected[m]) if expected[m] else None for m in MONTHS]


def _attendance_chart(report: Report, lang: str) -> str:
    width, height, left, top, bottom = 640, 220, 40, 10, 30
    plot_h = height - top - bottom
    step = (width - left - 20) / 11
    rates = _monthly_attendance(report)

    def y(rate: Decimal) -> float:
        return top + plot_h * (1 - float(rate))

    points = " ".join(f"{left + i * step:.1f},{y(r):.1f}" for i, r in enumerate(rates) if r is not None)
    dots = "".join(
        f'<circle cx="{left + i * step:.1f}" cy="{y(r):.1f}" r="3" fill="#b71c1c">'
        f"<title>{i + 1:02d}/{report.year}: {_e(_pct(r, lang))}</title></circle>"
        for i, r in enumerate(rates)
        if r is not None
    )
    axis = "".join(
        f'<line x1="{left}" x2="{width - 20}" y1="{y(Decimal(t) / 100):.1f}" y2="{y(Decimal(t) / 100):.1f}" '
        f'stroke="#eee"/><text x="4" y="{y(Decimal(t) / 100) + 4:.1f}">{t} %</text>'
        for t in (0, 25, 50, 85, 100)
    )
    months = "".join(f'<text x="{left + i * step - 4:.1f}" y="{height - 10}">{i + 1}</text>' for i in range(12))
    title = label("section.attendance", lang)
    return (
        f'<section id="attendance"><h2>{_e(title)}</h2>'
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
        f'aria-label="{_e(title)}">{axis}{months}'
        f'<polyline points="{points}" fill="none" stroke="#b71c1c" stroke-width="2"/>{dots}</svg></section>'
    )


def _distribution(report: Report, lang: str) -> str:
    levels = {r.subject: r.level for r in report.ratings.ratings}
    by_unit: defaultdict[str, list[Level | None]] = defaultdict(list)
    for cell in report.cells:
        unit = cell.parent or cell.cell
        by_unit[unit].extend(levels.get(m) for m in cell.members if m in levels)
    everyone = [level for unit_levels in by_unit.values() for level in unit_levels]
    rows = []
    for unit, unit_levels in [*sorted(by_unit.items()), ("Σ", everyone)]:
        counts = [sum(1 for x in unit_levels if x is level) for level in _LEVELS]
        total = sum(counts) or 1
        spans = "".join(
            f'<span class="{"none" if level is None else level.value}" style="width:{100 * c / total:.2f}%" '
            f'title="{_e(_level_name(level, lang))}: {c}"></span>'
            for level, c in zip(_LEVELS, counts, strict=True)
            if c
        )
        rows.append([_e(unit), f'<div class="bar">{spans}</div>', *(str(c) for c in counts)])
    header = [label("col.unit", lang), "", *(_level_name(level, lang) for level in _LEVELS)]
    title = label("section.distribution", lang)
    return f'<section id="distribution"><h2>{_e(title)}</h2>{_table(header, rows, table_id="distribution-table")}</section>'


def _level_name(level: Level | None, lang: str) -> str:
    return label(f"level.{'none' if level is None else level.value}", lang)


def _actions(report: Report, lang: str) -> str:
    months: defaultdict[str, set[int]] = defaultdict(set)
    cells: defaultdict[str, list[str]] = defaultdict(list)
    for cell in report.cells:
        for member in cell.participation.members:
            if member.unexcused_months:
                months[member.member].update(member.unexcused_months)
                cells[member.member].append(cell.cell)
    removal_rows = [
        [_e(member), _e(", ".join(cells[member])), _e(", ".join(f"{m:02d}" for m in sorted(months[member])))]
        for member in report.removal_review
    ]
    removal = _table(
        [label("col.member", lang), label("col.cell", lang), label("col.unexcused_months", lang)], removal_rows
    )
    overdue = _table(
        [label(k, lang) for k in ("col.review", "col.subject", "col.action", "col.owner", "col.due")],
        (
            [
                _e(i.review),
                _e(i.subject),
                _e(i.action),
                _e(i.owner or "–"),
                _e(format_date(i.due, lang) if i.due else "–"),
            ]
            for i in report.overdue_remedies
        ),
    )
    demotions = _table(
        [label("col.member", lang), label("col.score", lang), label("col.message", lang)],
        (
            [_e(r.subject), _e("–" if r.score is None else r.score), _e(localize(r.reasons[-1], lang))]
            for r in report.quota_demotions
        ),
    )
    return (
        f'<section id="actions"><h2>{_e(label("section.actions", lang))}</h2>'
        f'<h3 id="removal-review">{_e(label("section.removal", lang))} ({len(removal_rows)})</h3>{removal}'
        f'<h3 id="overdue">{_e(label("section.overdue", lang))} ({len(report.overdue_remedies)})</h3>{overdue}'
        f'<h3 id="demotions">{_e(label("section.demotions", lang))} ({len(report.quota_demotions)})</h3>{demotions}'
        "</section>"
    )


def _quota(report: Report, lang: str) -> str:
    header = [
        label(k, lang) for k in ("col.group", "col.ratio", "col.good", "col.allowed", "col.candidates", "col.demoted")
    ]
    rows = (
        [
            _e(q.group),
            _e(percent(q.ratio, lang, trim=True)),
            str(q.good),
            str(q.excellent_allowed),
            str(q.excellent_candidates),
            _e(", ".join(q.demoted) or "–"),
        ]
        for q in report.ratings.quota
    )
    return f'<section id="quota"><h2>{_e(label("section.quota", lang))}</h2>{_table(header, rows)}</section>'


def _remediation(report: Report, lang: str) -> str:
    remediation = report.remediation
    counts = "".join(
        f'<div class="card">{_e(label("stat." + state, lang))}<b>{n}</b></div>'
        for state, n in (("open", remediation.open), ("overdue", remediation.overdue), ("done", remediation.done))
    )
    shares = _table(
        [label("col.subject", lang), label("col.review", lang), label("col.remedied", lang)],
        ([_e(s.subject), _e(", ".join(s.reviews)), _e(f"{s.remedied}/{s.total}")] for s in report.prior_remediation),
    )
    title = f"{label('section.remediation', lang)} ({label('report.as_of', lang)} {format_date(report.as_of, lang)})"
    return f'<section id="remediation"><h2>{_e(title)}</h2><div class="cards">{counts}</div>{shares}</section>'


def _findings(report: Report, lang: str) -> str:
    rows = [
        [
            _e(subject),
            f'<span class="sev-{f.severity.value}">{_e(label("severity." + f.severity.value, lang))}</span>',
            f"<code>{_e(f.code)}</code>",
            _e(localize(f, lang)),
            _e(f.citation),
        ]
        for subject, f in report.findings_by_subject()
    ]
    header = [
        label("col.subject", lang),
        "",
        label("col.code", lang),
        label("col.message", lang),
        label("col.citation", lang),
    ]
    title = f"{label('section.findings', lang)} ({len(rows)})"
    return f'<section id="findings"><h2>{_e(title)}</h2><details open><summary>{_e(title)}</summary>{_table(header, rows)}</details></section>'


def _what_if(report: Report, lang: str) -> str:
    if report.what_if is None:
        return ""
    rows = (
        [
            _e(c.subject),
            _e(_level_name(c.before, lang)),
            _e(_level_name(c.after, lang)),
            _e(localize(c.reasons[-1], lang) if c.reasons else ""),
        ]
        for c in report.what_if_changes
    )
    header = [
        label("col.member", lang),
        label("col.before", lang),
        label("col.after", lang),
        label("col.message", lang),
    ]
    title = label("section.what_if", lang, ruleset=report.what_if.ruleset)
    return f'<section id="what-if"><h2>{_e(title)}</h2>{_table(header, rows)}</section>'


def render_html(report: Report, lang: str = "vi") -> str:
    """The report as one self-contained HTML page in ``lang`` (``"vi"`` or ``"en"``).

    Raises:
        InvalidArgumentError: an unknown language, or ``report`` is not a `Report`.
    """
    check_instance(report, Report, "report", " (see build_report)")
    title = label("report.title", lang, year=report.year)
    meta = (
        f'<p class="meta">{_e(label("report.committee", lang))}: {_e(report.committee or "–")} · '
        f"{_e(label('report.as_of', lang))}: {_e(format_date(report.as_of, lang, long=True))} · "
        f"{_e(label('report.rulesets', lang))}: {_e(report.cadence_ruleset)}, {_e(report.rating_ruleset)}</p>"
    )
    body = "".join(
        (
            _summary(report, lang),
            _grid(report, lang),
            _attendance_chart(report, lang),
            _distribution(report, lang),
            _actions(report, lang),
            _quota(report, lang),
            _remediation(report, lang),
            _findings(report, lang),
            _what_if(report, lang),
        )
    )
    return (
        f'<!DOCTYPE html>\n<html lang="{_e(lang)}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title)}</title><style>{_CSS}</style></head>"
        f"<body><h1>{_e(title)}</h1>{meta}{body}</body></html>\n"
    )
