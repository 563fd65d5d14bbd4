"""`partyreview plan`: the year's schedule as text, and as an iCalendar file with --ics."""

from __future__ import annotations

import io
from pathlib import Path

from partyreview import plan_from_ical, plan_year
from partyreview._cli import main


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def test_plan_prints_the_schedule_with_the_moves() -> None:
    """One line per session: date, weekday, kinds, minutes, tags, and where it moved from."""
    status, out, err = _run("plan", "--year", "2026", "--rule", "third Tuesday", "--lang", "en")
    lines = out.splitlines()

    assert (0, "") == (status, err)
    assert "Meeting plan 2026: rule FREQ=MONTHLY;BYDAY=3TU, cadence rules hd42-2025" == lines[0]
    assert "2026-01-20 Tue  regular+thematic 120 min  ho-chi-minh" == lines[1]
    assert "2026-02-23 Mon  regular           90 min  moved from 2026-02-17 Tue: Tết Nguyên Đán" == lines[2]
    assert 14 == len(lines)


def test_plan_separate_thematic_sessions() -> None:
    """--thematic separate adds a thematic session of its own in each quarter."""
    status, out, _ = _run(
        "plan", "--year", "2026", "--rule", "FREQ=MONTHLY;BYDAY=2TU", "--thematic", "separate", "--lang", "en"
    )

    assert 0 == status
    assert "2026-01-20 Tue  thematic          90 min  ho-chi-minh" in out.splitlines()
    assert out.endswith(
        "16 sessions: 12 regular (0 combined with a thematic meeting), 4 thematic on their own; 0 moved\n"
    )


def test_plan_speaks_vietnamese_by_default() -> None:
    """Like the reports: Vietnamese unless --lang en."""
    status, out, _ = _run("plan", "--year", "2026", "--rule", "thứ Ba tuần thứ ba")

    assert 0 == status
    assert "20/01/2026 T3  thường kỳ+chuyên đề 120 phút  ho-chi-minh" == out.splitlines()[1]
    assert out.endswith("12 buổi: 12 thường kỳ (4 kết hợp chuyên đề), 0 chuyên đề riêng; 1 buổi dời ngày\n")


def test_plan_writes_the_calendar(tmp_path: Path) -> None:
    """--ics FILE writes the iCalendar file, which reads back as the same plan."""
    target = tmp_path / "plan.ics"

    status, out, _ = _run("plan", "--year", "2026", "--rule", "thứ Hai tuần cuối", "--ics", str(target))

    assert 0 == status
    assert out.endswith(f"calendar written to {target}\n")
    assert plan_year(2026, "last Monday") == plan_from_ical(target.read_bytes())


def test_a_bad_rule_exits_2_naming_the_option() -> None:
    """One line, no traceback, nothing on stdout."""
    status, out, err = _run("plan", "--year", "2026", "--rule", "FREQ=WEEKLY;BYDAY=TU")

    assert (2, "") == (status, out)
    message = (
        "partyreview: error: --rule: rule 'FREQ=WEEKLY;BYDAY=TU' gives 4 dates in 01/2026; a meeting rule must give "
        "exactly one date in every month, such as 'FREQ=MONTHLY;BYDAY=2TU' or 'second Tuesday'"
    )
    assert [message] == err.splitlines()


def test_a_year_without_rules_or_holidays_exits_2_naming_the_year() -> None:
    """No cadence rule set before 2018; no default holiday calendar after 2100."""
    early = _run("plan", "--year", "2010", "--rule", "second Tuesday")
    late = _run("plan", "--year", "2150", "--rule", "second Tuesday")

    assert 2 == early[0]
    assert early[2].startswith("partyreview: error: --year: no CadenceRuleSet is in force on 2010-12-31")
    assert 2 == late[0]
    assert late[2].startswith("partyreview: error: --year: 'holidays' must be given for 2150")


def test_an_unwritable_calendar_exits_2(tmp_path: Path) -> None:
    """--ics into a missing directory names the option."""
    target = tmp_path / "missing" / "plan.ics"

    status, _, err = _run("plan", "--year", "2026", "--rule", "second Tuesday", "--ics", str(target))

    assert 2 == status
    assert err.startswith(f"partyreview: error: --ics: cannot write {str(target)!r}: ")
