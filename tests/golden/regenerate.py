"""Regenerate the golden files after an intended change of behaviour: python tests/golden/regenerate.py

Review the diff before committing: a golden file changes only when the rules or
the example data were meant to change.
"""

from __future__ import annotations

import json
from pathlib import Path

from partyreview import build_report, generate_example, report_to_json

HERE = Path(__file__).parent
CASES = {"demo-seed1-2025.report.json": ("demo", 1, 2025)}


def golden_report(size: str, seed: int, year: int) -> str:
    """The canonical JSON text of the report on a generated example."""
    dataset = generate_example(size, seed=seed, year=year)  # type: ignore[arg-type]
    return json.dumps(report_to_json(build_report(dataset, year)), ensure_ascii=False, indent=2) + "\n"


def main() -> None:
    """Write every golden file."""
    for name, (size, seed, year) in CASES.items():
        (HERE / name).write_text(golden_report(size, seed, year), encoding="utf-8")
        print(f"wrote {name}")


if __name__ == "__main__":
    main()
