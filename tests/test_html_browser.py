"""The HTML report opened in a real headless Chromium.

Skips, saying why, when no browser is installed; under CI (`.ci/run` sets
``PARTYREVIEW_REQUIRE_BROWSER=1`` after installing Debian's chromium) a missing
browser is a failure instead.
"""

from __future__ import annotations

import os
import struct
from html.parser import HTMLParser
from pathlib import Path

import pytest

from browser import find_browser, render, screenshot
from partyreview import build_report, generate_example, render_html

REQUIRED = os.environ.get("PARTYREVIEW_REQUIRE_BROWSER", "") not in {"", "0"}


@pytest.fixture(scope="module")
def chromium() -> str:
    """The browser, or a skip (a failure under CI) saying why there is none."""
    found = find_browser()
    if found is None:
        reason = "no Chromium-family browser found (apt-get install chromium, or set PARTYREVIEW_BROWSER)"
        if REQUIRED:
            pytest.fail(f"PARTYREVIEW_REQUIRE_BROWSER is set but {reason}")
        pytest.skip(reason)
    return found


class _GridRows(HTMLParser):
    """Collects the cadence grid's rows: cell id → number of month/quarter squares."""

    def __init__(self) -> None:
        super().__init__()
        self.in_grid = False
        self.row: str | None = None
        self.rows: dict[str, int] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "table" and values.get("id") == "cadence-grid":
            self.in_grid = True
        elif self.in_grid and tag == "tr" and values.get("data-cell"):
            self.row = values["data-cell"]
            assert self.row is not None
            self.rows[self.row] = 0
        elif self.row is not None and tag == "td" and "m" in (values.get("class") or "").split():
            self.rows[self.row] += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self.in_grid = False
        elif tag == "tr":
            self.row = None


def test_the_harness_reports_console_errors(chromium: str, tmp_path: Path) -> None:
    """A page that logs an error and throws is caught: the check below can fail."""
    page = tmp_path / "broken.html"
    page.write_text("<!DOCTYPE html><p>x</p><script>console.error('boom'); missing();</script>", encoding="utf-8")

    console = render(chromium, page).console

    assert 2 == len(console)
    assert '"boom"' in console[0]
    assert "missing is not defined" in console[1]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_demo_report_renders_without_console_errors_and_shows_the_grid_for_every_cell(
    chromium: str, tmp_path: Path, lang: str
) -> None:
    """No console message; one grid row per cell of the report, each with 12 months and 4 quarters."""
    report = build_report(generate_example("demo", seed=1, year=2025), 2025)
    page = tmp_path / f"report-{lang}.html"
    page.write_text(render_html(report, lang), encoding="utf-8")

    rendered = render(chromium, page)
    grid = _GridRows()
    grid.feed(rendered.dom)

    assert () == rendered.console
    assert {c.cell: 16 for c in report.cells} == grid.rows
    assert f'lang="{lang}"' in rendered.dom


def test_a_screenshot_of_the_report_is_a_png_of_the_window(chromium: str, tmp_path: Path) -> None:
    """The documented screenshot command's engine: a PNG of the asked size."""
    page = tmp_path / "report.html"
    page.write_text(render_html(build_report(generate_example("demo", seed=1, year=2025), 2025)), encoding="utf-8")
    png = tmp_path / "report.png"

    screenshot(chromium, page, png, width=1200, height=1600)

    data = png.read_bytes()
    assert b"\x89PNG\r\n\x1a\n" == data[:8]
    assert (1200, 1600) == struct.unpack(">II", data[16:24])
