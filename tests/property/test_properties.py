"""Invariants of loading and of the cadence check, over generated valid datasets."""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal

import pytest
from hypothesis import given, note
from hypothesis import strategies as st

from partyreview import (
    Dataset,
    DatasetError,
    Meeting,
    MeetingKind,
    check_cadence,
    dataset_from_json,
    dataset_to_json,
    dumps_dataset,
    loads_dataset,
)
from partyreview.rules import HD12_2018, HD42_2025, CadenceRuleSet
from partyreview.testing import datasets
from strategies import YEAR, json_paths

pytestmark = pytest.mark.property

rule_sets = st.sampled_from([HD12_2018, HD42_2025, HD42_2025.derive(id="make-up", make_up_allowed=True)])


@given(datasets())
def test_any_valid_dataset_round_trips(dataset: Dataset) -> None:
    """load(dump(d)) == d, and dumping what was loaded gives the same bytes."""
    text = dumps_dataset(dataset)
    loaded = loads_dataset(text)

    assert dataset == loaded
    assert text == dumps_dataset(loaded)


@given(datasets(), rule_sets)
def test_held_and_missing_months_partition_the_active_months(dataset: Dataset, rules: CadenceRuleSet) -> None:
    """Held and missing months (and quarters) are disjoint and together make the active ones."""
    for cell in dataset.cells():
        report = check_cadence(cell, dataset.meetings_of(cell.id), YEAR, rules)

        assert set() == set(report.regular_months) & set(report.missing_months)
        assert sorted(report.active_months) == sorted(report.regular_months + report.missing_months)
        active_quarters = {(m - 1) // 3 + 1 for m in report.active_months}
        assert set() == set(report.thematic_quarters) & set(report.quarters_without_thematic)
        assert active_quarters == set(report.thematic_quarters) | set(report.quarters_without_thematic)
        hcm_missing = any(f.code == "cadence.hcm.missing" for f in report.findings)
        expected_compliant = not report.missing_months and not report.quarters_without_thematic and not hcm_missing
        assert expected_compliant == report.compliant


@given(datasets(max_members_per_cell=0), rule_sets, st.data())
def test_adding_a_meeting_never_breaks_compliance(dataset: Dataset, rules: CadenceRuleSet, data: st.DataObject) -> None:
    """A cell that is compliant stays compliant, and loses no held month, when a meeting is added."""
    for cell in dataset.cells():
        before = check_cadence(cell, dataset.meetings_of(cell.id), YEAR, rules)
        first = max(cell.active_from or dt.date(YEAR, 1, 1), dt.date(YEAR, 1, 1))
        last = min(cell.active_to or dt.date(YEAR, 12, 31), dt.date(YEAR, 12, 31))
        if last < first:
            continue
        extra = Meeting(
            id=f"{cell.id}-extra",
            cell=cell.id,
            date=data.draw(st.dates(first, last)),
            kinds=data.draw(st.sets(st.sampled_from(MeetingKind), min_size=1)),
            duration_minutes=data.draw(st.integers(1, 300)),
            tags=data.draw(st.lists(st.just(rules.hcm_topic_tag), max_size=1)),
            minutes=data.draw(st.booleans()),
        )
        after = check_cadence(cell, (*dataset.meetings_of(cell.id), extra), YEAR, rules)
        note(f"{before=}\n{after=}")

        assert not before.compliant or after.compliant
        assert set(before.regular_months) <= set(after.regular_months)
        assert set(before.thematic_quarters) <= set(after.thematic_quarters)


_REQUIRED_KEYS = frozenset(
    {"id", "name", "kind", "cell", "from", "admitted_on", "date", "kinds", "duration_minutes", "subject", "year"}
    | {"text", "action"}
)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@st.composite
def corrupted_documents(draw: st.DrawFn) -> tuple[str, dict[str, object]]:
    """A valid dataset's JSON with one corruption, which must make it invalid, at a random record."""
    dataset = draw(datasets(max_cells=2, max_members_per_cell=2, max_meetings_per_cell=4))
    document = json.loads(json.dumps(dataset_to_json(dataset)), parse_float=Decimal)
    records = [(p, v) for p, v in json_paths(document) if isinstance(v, dict) and p != "$" and ".attendance" not in p]
    path, record = draw(st.sampled_from(records))
    dates = sorted(k for k, v in record.items() if isinstance(v, str) and _DATE.match(v))
    required = sorted(_REQUIRED_KEYS & set(record))
    kinds = ["unknown-key", "wrong-type"] + (["impossible-date"] if dates else []) + (["drop"] if required else [])
    kind = draw(st.sampled_from(kinds))
    if kind == "unknown-key":
        record["surprise"] = 1
    elif kind == "wrong-type":
        key = draw(st.sampled_from(sorted(record)))
        record[key] = "not a list" if isinstance(record[key], list) else []
        path = f"{path}.{key}"
    elif kind == "impossible-date":
        key = draw(st.sampled_from(dates))
        record[key] = "2025-02-30"
        path = f"{path}.{key}"
    else:
        key = draw(st.sampled_from(required))
        del record[key]
    return path, document


@given(corrupted_documents())
def test_a_corrupted_dataset_is_rejected_with_a_path(case: tuple[str, dict[str, object]]) -> None:
    """One corruption anywhere gives a DatasetError naming a path at or around it, never a crash."""
    path, document = case

    with pytest.raises(DatasetError) as caught:
        dataset_from_json(document)

    problems = caught.value.problems
    assert problems
    assert any(p.path.startswith(path) or path.startswith(p.path) for p in problems), (path, str(caught.value))
