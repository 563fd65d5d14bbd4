"""The annual report: which cells, which rule set, the JSON shape and the text."""

from __future__ import annotations

import datetime as dt

import pytest

from partyreview import (
    REPORT_FORMAT,
    AttendanceMark,
    Dataset,
    Level,
    Meeting,
    MeetingKind,
    Member,
    Membership,
    RuleSetNotFoundError,
    Unit,
    UnitKind,
    build_report,
    generate_example,
    render_text,
    report_to_json,
)


def _dataset() -> Dataset:
    units = [
        Unit("K", "Đảng bộ Khối", UnitKind.COMMITTEE),
        Unit("C1", "Chi bộ Văn phòng", UnitKind.CELL, "K", dt.date(2010, 1, 1)),
        Unit("C2", "Chi bộ Kế toán", UnitKind.CELL, "K", dt.date(2010, 1, 1), dt.date(2024, 6, 30)),
        Unit("C3", "Chi bộ Mới", UnitKind.CELL, "K", dt.date(2025, 11, 1)),
    ]
    members = [Member("M1", "Nguyễn Văn A", dt.date(2015, 3, 26), memberships=[Membership("C1", dt.date(2015, 3, 26))])]
    meetings = [
        Meeting(
            f"C1-{m}",
            "C1",
            dt.date(2025, m, 12),
            [MeetingKind.REGULAR, MeetingKind.THEMATIC] if m % 3 == 1 else [MeetingKind.REGULAR],
            120 if m % 3 == 1 else 95,
            tags=["ho-chi-minh"] if m == 1 else [],
            attendance={"M1": AttendanceMark.PRESENT},
            speakers=["M1"],
        )
        for m in range(1, 13)
    ]
    return Dataset(units, members, meetings)


def test_the_report_covers_the_cells_active_in_the_year() -> None:
    """A cell dissolved in 2024 is left out of 2025; one created in November is in."""
    report = build_report(_dataset(), 2025)

    assert ["C1", "C3"] == [c.cell for c in report.cells]
    assert "hd42-2025" == report.cadence_ruleset
    assert 1 == report.compliant_cells


def test_the_json_report_has_the_keys_of_the_format() -> None:
    """partyreview.report/1: format, year, rulesets and per-cell cadence."""
    document = report_to_json(build_report(_dataset(), 2025))

    assert REPORT_FORMAT == document["format"]
    assert 2025 == document["year"]
    assert {"cadence": "hd42-2025", "rating": "qd366-2025"} == document["rulesets"]
    assert {
        "format",
        "year",
        "lang",
        "committee",
        "rulesets",
        "cells",
        "participation",
        "ratings",
        "quota",
        "remediation",
    } == set(document)
    c1, c3 = document["cells"]
    assert {"id", "name", "parent", "members", "cadence", "participation"} == set(c1)
    assert {
        "attendance_rate",
        "speaking_rate",
        "meetings",
        "meetings_meeting_bar",
        "removal_review",
        "never_spoke",
        "never_spoke_new",
        "never_spoke_non_leadership",
        "findings",
    } == set(c1["participation"])
    assert "1.0000" == c1["participation"]["attendance_rate"]
    assert 12 == c1["participation"]["meetings_meeting_bar"]
    assert {
        "as_of": "2025-12-31",
        "open": 0,
        "overdue": 0,
        "done": 0,
        "items": [],
        "shares": [],
        "findings": [],
    } == document["remediation"]
    assert {
        "compliant",
        "active_months",
        "regular_months",
        "missing_months",
        "thematic_quarters",
        "quarters_without_thematic",
        "findings",
    } == set(c1["cadence"])
    assert c1["cadence"]["compliant"] is True
    assert [11, 12] == c3["cadence"]["missing_months"]
    assert {"code", "severity", "message", "citation", "params"} == set(c3["cadence"]["findings"][0])
    assert {"cell": "C3", "month": 11, "year": 2025} == c3["cadence"]["findings"][0]["params"]
    assert "Cell C3 held no regular meeting in 11/2025." == c3["cadence"]["findings"][0]["message"]


def test_json_messages_follow_the_language_asked_for() -> None:
    """lang="vi" renders messages from the catalogue; codes and params do not change."""
    report = build_report(_dataset(), 2025)

    english, vietnamese = report_to_json(report, "en"), report_to_json(report, "vi")
    finding_en, finding_vi = (
        english["cells"][1]["cadence"]["findings"][0],
        vietnamese["cells"][1]["cadence"]["findings"][0],
    )

    assert "Chi bộ C3 không sinh hoạt thường kỳ trong tháng 11/2025." == finding_vi["message"]
    assert {k: v for k, v in finding_en.items() if k != "message"} == {
        k: v for k, v in finding_vi.items() if k != "message"
    }


def test_the_text_report_shows_a_month_strip_and_the_findings() -> None:
    """Each cell gets a row of 12 month marks; findings follow, errors first."""
    text = render_text(build_report(_dataset(), 2025), "en")

    assert "C1    ●●●●●●●●●●●●  ●●●●      yes  100.0 %     100.0 %   12/12" in text
    assert "C3    ··········○○  ···○      no   -           -         0/0" in text
    assert "[error] C3 cadence.regular.missing: Cell C3 held no regular meeting in 11/2025." in text
    vietnamese = render_text(build_report(_dataset(), 2025))
    assert "[lỗi] C3 cadence.regular.missing: Chi bộ C3 không sinh hoạt thường kỳ trong tháng 11/2025." in vietnamese


def test_progress_is_reported_per_cell() -> None:
    """on_cell(done, total) is called once per cell."""
    calls: list[tuple[int, int]] = []

    build_report(_dataset(), 2025, on_cell=lambda done, total: calls.append((done, total)))

    assert [(1, 2), (2, 2)] == calls


def test_a_year_without_rule_set_is_an_error() -> None:
    """No cadence rule set governs 2017."""
    with pytest.raises(RuleSetNotFoundError):
        build_report(_dataset(), 2017)


def test_the_text_report_of_a_clean_year_has_no_findings_section() -> None:
    """Nothing to report: no 'Findings:' heading."""
    dataset = _dataset()
    clean = Dataset([u for u in dataset.units if u.id != "C3"], dataset.members, dataset.meetings)

    text = render_text(build_report(clean, 2025), "en")

    assert "Findings:" not in text
    assert "Cells: 1; Cells meeting the cadence: 1" in text


def test_the_text_report_counts_members_and_cells_apart_and_lists_every_finding() -> None:
    """Levels in two columns; the committee's and the remediation's findings among the findings."""
    report = build_report(generate_example("demo", seed=1, year=2025), 2025)
    text = render_text(report, "en")
    members = sum(1 for r in report.ratings.ratings if r.level is Level.GOOD and r.subject.startswith("M"))
    cells = sum(1 for r in report.ratings.ratings if r.level is Level.GOOD and r.subject.startswith("C"))

    assert f"  {'Good':<30}  {members:>10}  {cells:>8}" in text
    assert "participation.committee.removal_review: Member M52" in text
    assert "remediation.overdue: C4: remedy" in text
