"""The HTML report without a browser: self-contained, escaped, every section, both languages."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from partyreview import (
    Dataset,
    InvalidArgumentError,
    Unit,
    UnitKind,
    build_report,
    generate_example,
    render_html,
)
from partyreview.rules import QD132_2018

DEMO = build_report(generate_example("demo", seed=1, year=2025), 2025, compare_with=QD132_2018)


def test_the_page_is_self_contained() -> None:
    """No script, no stylesheet link, no image or frame source, no address but the SVG namespace."""
    html = render_html(DEMO)

    assert not re.search(r"<(script|link|img|iframe|object|embed)\b", html)
    assert not re.search(r"\b(src|href)=", html)
    assert {"http://www.w3.org/2000/svg"} == set(re.findall(r"https?://[^\s\"'<>]+", html))


def test_every_section_is_there() -> None:
    """Summary, grid, attendance chart, distribution, actions, quota, findings, what-if."""
    html = render_html(DEMO, "en")

    sections = (
        "summary",
        "cadence",
        "attendance",
        "distribution",
        "actions",
        "quota",
        "remediation",
        "findings",
        "what-if",
    )
    for section in sections:
        assert f'<section id="{section}">' in html


def test_the_grid_has_a_row_per_cell_with_twelve_months_and_four_quarters() -> None:
    """Held, missing and inactive squares as the cadence report says."""
    html = render_html(DEMO)

    for cell in DEMO.cells:
        row = re.search(rf'<tr data-cell="{cell.cell}">(.*?)</tr>', html)
        assert row is not None
        states = re.findall(r'class="m (held|missing|inactive)"', row.group(1))
        cadence = cell.cadence
        months = [
            "held" if m in cadence.regular_months else "missing" if m in cadence.active_months else "inactive"
            for m in range(1, 13)
        ]
        assert months == states[:12]
        assert 16 == len(states)


def test_the_lists_that_need_action_name_their_members() -> None:
    """Removal review, overdue remedies and quota demotions, each with its count."""
    html = render_html(DEMO, "en")

    assert DEMO.removal_review
    assert DEMO.overdue_remedies
    assert DEMO.quota_demotions
    assert f"Members to consider for removal ({len(DEMO.removal_review)})" in html
    assert f"Overdue remedies ({len(DEMO.overdue_remedies)})" in html
    assert f"Demoted by the quota ({len(DEMO.quota_demotions)})" in html
    for member in DEMO.removal_review:
        assert f"<td>{member}</td>" in html
    for item in DEMO.overdue_remedies:
        assert f"<td>{item.review}</td>" in html


def test_vietnamese_labels_and_dates() -> None:
    """The default language is Vietnamese, with dates written day/month/year."""
    html = render_html(DEMO)

    assert '<html lang="vi">' in html
    assert "Sinh hoạt chi bộ theo tháng" in html
    assert "ngày 31 tháng 12 năm 2025" in html
    assert "Hoàn thành xuất sắc nhiệm vụ" in html


def test_names_from_the_data_are_escaped() -> None:
    """A unit name with markup is shown as text, never as markup."""
    dataset = Dataset(
        [
            Unit("K", 'Đảng bộ <b>"K"</b> & co', UnitKind.COMMITTEE),
            Unit("C1", "<script>alert(1)</script>", UnitKind.CELL, "K", dt.date(2010, 1, 1)),
        ]
    )

    html = render_html(build_report(dataset, 2025))

    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Đảng bộ &lt;b&gt;&quot;K&quot;&lt;/b&gt; &amp; co" in html


def test_an_empty_committee_still_renders() -> None:
    """No cells, no members: every section is there, with nothing in it."""
    html = render_html(build_report(Dataset(), 2025), "en")

    assert '<table class="grid" id="cadence-grid">' in html
    assert "Members to consider for removal (0)" in html


def test_an_unknown_language_is_refused() -> None:
    """Only vi and en."""
    with pytest.raises(InvalidArgumentError, match="lang"):
        render_html(DEMO, "de")


def test_the_findings_list_has_the_committees_and_the_remediations_too() -> None:
    """A removal review across cells and the overdue remedies are listed with the cells' findings."""
    html = render_html(DEMO, "en")
    codes = {f.code for _, f in DEMO.findings_by_subject()}

    assert {"participation.committee.removal_review", "remediation.overdue"} <= codes
    assert html.count("<code>remediation.overdue</code>") == len(DEMO.overdue_remedies)
    assert "<code>participation.committee.removal_review</code>" in html
