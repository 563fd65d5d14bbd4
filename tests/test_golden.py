"""Golden worked examples: the report on the embedded demo committee must not change unnoticed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from golden.regenerate import CASES, golden_report

GOLDEN = Path(__file__).parent / "golden"


@pytest.mark.parametrize("name", sorted(CASES))
def test_report_matches_the_golden_file(name: str) -> None:
    """The JSON report equals the reviewed golden file (regenerate with tests/golden/regenerate.py)."""
    expected = (GOLDEN / name).read_text(encoding="utf-8")

    assert json.loads(expected) == json.loads(golden_report(*CASES[name]))
    assert expected == golden_report(*CASES[name])
