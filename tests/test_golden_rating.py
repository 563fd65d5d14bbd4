"""Golden worked examples of the annual rating, one file per regime, expectations derived by hand.

Each ``tests/golden/rating/<ruleset-id>.json`` holds a committee of two cells
(``dataset``, a ``partyreview/1`` document), the year rated, the expected
level, exclusion and reason codes of every subject (with a ``why`` written from
regulations.md §3 and product.md §6), and the expected quota records.  The
files are written by hand; never regenerate them from the engine's output.
"""

from __future__ import annotations

import json
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from partyreview import Level, RatingResult, dataset_from_json, rate_year
from partyreview.rules import RatingRuleSet, default_registry

GOLDEN = Path(__file__).parent / "golden" / "rating"
RULESET_IDS = ("qd132-2018", "qd124-2023", "qd366-2025")


@cache
def _case(ruleset_id: str) -> dict[str, Any]:
    text = (GOLDEN / f"{ruleset_id}.json").read_text(encoding="utf-8")
    case: dict[str, Any] = json.loads(text, parse_float=Decimal)
    return case


@cache
def _result(ruleset_id: str) -> RatingResult:
    case = _case(ruleset_id)
    rules = default_registry().get(RatingRuleSet, ruleset_id)
    return rate_year(dataset_from_json(case["dataset"]), case["year"], rules)


def _subjects() -> list[tuple[str, str]]:
    return [(ruleset_id, subject) for ruleset_id in RULESET_IDS for subject in _case(ruleset_id)["expected"]]


def test_every_regime_has_a_golden_file() -> None:
    """One golden file per built-in rating rule set, and no other."""
    expected = sorted(f"{r.id}.json" for r in default_registry().all(RatingRuleSet))

    assert expected == sorted(p.name for p in GOLDEN.glob("*.json"))
    assert sorted(RULESET_IDS) == sorted(r.id for r in default_registry().all(RatingRuleSet))


@pytest.mark.parametrize("ruleset_id", RULESET_IDS)
def test_the_golden_year_is_governed_by_its_rule_set(ruleset_id: str) -> None:
    """The year of each golden file is one the registry rates with that file's rule set."""
    year = _case(ruleset_id)["year"]

    assert ruleset_id == default_registry().for_year(RatingRuleSet, year).id


@pytest.mark.parametrize("ruleset_id", RULESET_IDS)
def test_the_golden_subjects_are_exactly_those_rated(ruleset_id: str) -> None:
    """Every member in a cell on 31 December and every active cell is rated, and nothing else."""
    result = _result(ruleset_id)

    assert sorted(_case(ruleset_id)["expected"]) == sorted(r.subject for r in result.ratings)
    assert ruleset_id == result.ruleset


@pytest.mark.parametrize(("ruleset_id", "subject"), _subjects(), ids=[f"{r}:{s}" for r, s in _subjects()])
def test_golden_rating(ruleset_id: str, subject: str) -> None:
    """The level, exclusion and reason codes (in order) of one subject match the hand-derived expectation."""
    expected = {k: v for k, v in _case(ruleset_id)["expected"][subject].items() if k != "why"}
    rating = _result(ruleset_id).of(subject)

    actual = {
        "level": None if rating.level is None else rating.level.value,
        "excluded": None if rating.excluded is None else rating.excluded.value,
        "codes": [r.code for r in rating.reasons],
    }
    assert expected == actual


@pytest.mark.parametrize("ruleset_id", RULESET_IDS)
def test_golden_quota(ruleset_id: str) -> None:
    """The quota record of every group: good after demotion, places allowed, who is demoted, tie findings."""
    expected = [{k: v for k, v in q.items() if k != "why"} for q in _case(ruleset_id)["quota"]]

    actual = [
        {
            "group": q.group,
            "good": q.good,
            "excellent_allowed": q.excellent_allowed,
            "demoted": list(q.demoted),
            "findings": [f.code for f in q.findings],
        }
        for q in _result(ruleset_id).quota
    ]
    assert expected == actual


@pytest.mark.parametrize("ruleset_id", RULESET_IDS)
def test_golden_quota_is_respected(ruleset_id: str) -> None:
    """In every golden group those kept excellent are rated excellent and never exceed the places allowed."""
    result = _result(ruleset_id)

    for outcome in result.quota:
        assert len(outcome.kept) <= outcome.excellent_allowed
        assert [Level.EXCELLENT] * len(outcome.kept) == [result.of(s).level for s in outcome.kept]
