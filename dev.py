#!/usr/bin/env python3
"""Set-up and checks for partyreview, needing nothing but Python ≥ 3.11.

    python3 dev.py demo    # make .venv, install partyreview, run `partyreview demo`
    python3 dev.py test    # make .venv, install the tools, run ruff, mypy and the tests
                           # against the freshly built wheel (this is what .ci/run runs)
    python3 dev.py screenshot  # the demo report as build/demo.html and build/demo.png
                               # (needs Chromium: apt-get install chromium)

Extra arguments after ``demo`` go to ``partyreview demo``; after ``test`` to pytest.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / "python"
MIN_PYTHON = (3, 11)


def step(title: str) -> None:
    """Announce a step."""
    print(f"\n==> {title}", flush=True)


def run(*args: str | Path, cwd: Path = ROOT, env: dict[str, str] | None = None) -> None:
    """Run a command; stop with its status if it fails."""
    result = subprocess.run([str(a) for a in args], cwd=cwd, check=False, env=env)
    if result.returncode != 0:
        print(
            f"dev.py: failed ({result.returncode}): {' '.join(map(str, args))}",
            file=sys.stderr,
        )
        sys.exit(result.returncode)


def pip(*args: str | Path) -> None:
    """Run the venv's pip quietly."""
    run(PYTHON, "-m", "pip", "--disable-pip-version-check", "-q", *args)


def ensure_venv(*, dev: bool) -> None:
    """Create .venv and install what is needed, skipping work already done for this pyproject."""
    if not PYTHON.exists():
        step(f"creating {VENV.name}")
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    wanted = "dev" if dev else "run"
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()[:16]
    stamp = VENV / f".partyreview-{wanted}-{digest}"
    if stamp.exists():
        return
    step(f"installing ({wanted})")
    pip("install", "--upgrade", "pip>=25.1")  # --group (PEP 735) needs pip 25.1
    if dev:
        pip("install", "--group", "dev", "-e", ".[testing]")
    else:
        pip("install", "-e", ".")
    stamp.touch()


def demo(extra: list[str]) -> None:
    """Run the demo report on the embedded example."""
    ensure_venv(dev=False)
    run(BIN / "partyreview", "demo", *extra)


def screenshot(extra: list[str]) -> None:
    """Write the demo report as HTML and a PNG of it in headless Chromium (build/demo.html, build/demo.png)."""
    ensure_venv(dev=False)
    out = ROOT / "build"
    out.mkdir(exist_ok=True)
    run(BIN / "partyreview", "demo", "--format", "html", "--out", out / "demo.html", *extra)
    run(PYTHON, ROOT / "tests" / "browser.py", out / "demo.html", out / "demo.png")


def test(extra: list[str]) -> None:
    """Lint, type-check, build the sdist and the wheel, and run the whole test suite against the wheel.

    The wheel is built from the sdist (so the sdist is complete) and installed
    in a fresh virtual environment of its own, so the tests see exactly what a
    user's ``pip install`` gets.
    """
    ensure_venv(dev=True)
    step("ruff format --check")
    run(BIN / "ruff", "format", "--check", ".")
    step("ruff check")
    run(BIN / "ruff", "check", ".")
    step("mypy --strict (src, tests, benchmarks)")
    run(BIN / "mypy")
    step("building the sdist, and the wheel from it")
    dist = ROOT / "dist"
    shutil.rmtree(dist, ignore_errors=True)
    run(PYTHON, "-m", "build", "--sdist", "--wheel", "--outdir", dist, ".")
    wheel = next(dist.glob("partyreview-*.whl"))
    sdist = next(dist.glob("partyreview-*.tar.gz"))
    step("installing the wheel in a fresh virtual environment")
    fresh = ROOT / "build" / "wheel-venv"
    venv.EnvBuilder(with_pip=True, clear=True).create(fresh)
    fresh_python = fresh / ("Scripts" if os.name == "nt" else "bin") / "python"

    def fresh_pip(*args: str | Path) -> None:
        run(fresh_python, "-m", "pip", "--disable-pip-version-check", "-q", *args)

    fresh_pip("install", "--upgrade", "pip>=25.1")
    fresh_pip("install", "--group", "tests", f"{wheel}[testing]")
    step("pytest with coverage, against the installed wheel")
    env = {**os.environ, "HYPOTHESIS_PROFILE": os.environ.get("HYPOTHESIS_PROFILE", "ci")}
    run(fresh_python, "-m", "coverage", "erase")
    run(fresh_python, "-m", "coverage", "run", "-m", "pytest", *extra, env=env)
    run(fresh_python, "-m", "coverage", "report")
    step("installing the sdist in the same environment and running the demo from it")
    fresh_pip("install", "--no-deps", "--force-reinstall", sdist)
    run(fresh_python, "-m", "partyreview", "demo", "--format", "json", "--out", ROOT / "build" / "demo-from-sdist.json")
    print("\nAll checks passed.")


def main() -> None:
    """Dispatch ``demo``, ``screenshot`` or ``test``."""
    if sys.version_info < MIN_PYTHON:
        sys.exit(f"dev.py: Python {'.'.join(map(str, MIN_PYTHON))} or newer is needed")
    commands = {"demo": demo, "screenshot": screenshot, "test": test}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:  # noqa: PLR2004
        sys.exit(__doc__)
    commands[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    main()
