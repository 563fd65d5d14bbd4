"""Open an HTML file in a real headless Chromium: its rendered DOM, its console messages, a screenshot.

Used by tests/test_html_browser.py and by ``python3 dev.py screenshot``; runnable
on its own::

    python3 tests/browser.py report.html report.png

The browser is ``$PARTYREVIEW_BROWSER`` or the first of chromium,
chromium-browser, google-chrome found on PATH (Debian: ``apt-get install chromium``).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Final

# The flags that keep headless Chromium quiet on a machine with no network and no screen.
_FLAGS: Final = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--enable-logging=stderr",
    "--v=0",
)
_CONSOLE: Final = re.compile(r":CONSOLE(?:\(\d+\)|:\d+)\] (.*)$")
_TIMEOUT_SECONDS: Final = 120


@dataclass(frozen=True)
class Rendered:
    """What the browser made of a page."""

    dom: str
    """The serialized DOM after the page loaded and its scripts ran."""
    console: tuple[str, ...]
    """Every console message and uncaught error the page produced."""


def find_browser() -> str | None:
    """Path of a Chromium-family browser, or None."""
    configured = os.environ.get("PARTYREVIEW_BROWSER")
    if configured:
        return configured
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def _run(browser: str, page: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    with tempfile.TemporaryDirectory(prefix="partyreview-chromium-") as profile:
        return subprocess.run(
            [browser, *_FLAGS, f"--user-data-dir={profile}", *extra, page.resolve().as_uri()],
            capture_output=True,
            text=True,
            timeout=_TIMEOUT_SECONDS,
            check=False,
        )


def render(browser: str, page: Path) -> Rendered:
    """Load ``page`` and return its DOM and console messages."""
    result = _run(browser, page, "--dump-dom")
    if result.returncode != 0:
        msg = f"{browser} exited with {result.returncode}: {result.stderr[-2000:]}"
        raise RuntimeError(msg)
    console = tuple(m.group(1) for line in result.stderr.splitlines() if (m := _CONSOLE.search(line)))
    return Rendered(result.stdout, console)


def screenshot(browser: str, page: Path, png: Path, *, width: int = 1400, height: int = 2400) -> None:
    """Save a PNG of ``page`` as rendered in a ``width`` × ``height`` window."""
    result = _run(browser, page, f"--screenshot={png.resolve()}", f"--window-size={width},{height}")
    if result.returncode != 0 or not png.exists():
        msg = f"{browser} made no screenshot (exit {result.returncode}): {result.stderr[-2000:]}"
        raise RuntimeError(msg)


def main(argv: list[str]) -> int:
    """``browser.py PAGE.html OUT.png``: render a page, print its console, save a screenshot."""
    if len(argv) != 2:
        sys.stderr.write("usage: python3 tests/browser.py PAGE.html OUT.png\n")
        return 2
    browser = find_browser()
    if browser is None:
        sys.stderr.write("no Chromium found: install Debian's chromium or set PARTYREVIEW_BROWSER\n")
        return 2
    page, png = Path(argv[0]), Path(argv[1])
    rendered = render(browser, page)
    for message in rendered.console:
        sys.stderr.write(f"console: {message}\n")
    screenshot(browser, page, png)
    sys.stdout.write(f"{png}: screenshot of {page} ({len(rendered.console)} console message(s))\n")
    return 1 if rendered.console else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
