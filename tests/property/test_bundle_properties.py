"""Properties of the bundle format and of the fast structuring path, over generated valid datasets and records."""

from __future__ import annotations

import contextlib
import copy
import io
from collections import Counter
from collections.abc import Callable
from typing import Any
from unittest import mock

import pytest
from hypothesis import given, note
from hypothesis import strategies as st

from partyreview import (
    Assessment,
    Dataset,
    Meeting,
    Member,
    Review,
    Unit,
    _bundles,
    _fastpath,
    dataset_bundles,
    dump_bundles,
    iter_bundles,
    load_bundles,
    testing,
)
from partyreview._json import _CONVERTER

pytestmark = pytest.mark.property


def canonical(dataset: Dataset) -> tuple[Counter[object], ...]:
    """The records of a dataset, each kind as a multiset: equal when two datasets hold the same records.

    (Not their reprs: equal frozensets, e.g. a meeting's kinds, may list their items in another order.)
    """
    return tuple(Counter(getattr(dataset, name)) for name in ("units", "members", "meetings", "assessments", "reviews"))


def lines_of(dataset: Dataset) -> list[str]:
    buffer = io.StringIO()
    dump_bundles(dataset, buffer)
    return buffer.getvalue().splitlines()


@given(testing.datasets(max_cells=4), st.booleans())
def test_any_valid_dataset_round_trips_through_bundles(dataset: Dataset, fast_parser: bool) -> None:
    """The same records come back, in an order that writes the same bytes again; with or without orjson."""
    lines = lines_of(dataset)
    with contextlib.nullcontext() if fast_parser else mock.patch.object(_bundles, "_orjson", None):
        loaded = load_bundles(lines)

    assert canonical(loaded) == canonical(dataset)
    assert lines_of(loaded) == lines


@given(testing.datasets(max_cells=4))
def test_every_record_travels_with_exactly_one_cell_or_the_header(dataset: Dataset) -> None:
    """Members in each cell they belonged to; meetings with their cell; the rest with their subject's last cell."""
    stream = dataset_bundles(dataset)
    bundles = list(stream)
    header = stream.header

    assert [b.cell for b in bundles] == sorted(dataset.cells(), key=[b.cell for b in bundles].index)
    for bundle in bundles:
        assert {m.id for m in bundle.members} == {m.id for m in dataset.ever_members_of(bundle.cell.id)}
        assert set(bundle.meetings) == set(dataset.meetings_of(bundle.cell.id))
        subjects = [r.subject for r in bundle.assessments] + [r.subject for r in bundle.reviews]
        for subject in subjects:
            if subject != bundle.cell.id:
                member = dataset.member(subject)
                assert max(member.memberships, key=lambda m: m.start).cell == bundle.cell.id
    subjects = [r.subject for r in header.assessments] + [r.subject for r in header.reviews]
    assert set(subjects) <= {u.id for u in header.units} | {m.id for m in header.members}
    parents = [b.parent for b in bundles]
    assert all(parents.index(p) == i or parents[i - 1] == p for i, p in enumerate(parents))
    assert sum(len(b.assessments) for b in bundles) + len(header.assessments) == len(dataset.assessments)
    assert sum(len(b.reviews) for b in bundles) + len(header.reviews) == len(dataset.reviews)


@given(testing.datasets(max_cells=3), st.data())
def test_a_line_cut_short_is_refused_at_its_line(dataset: Dataset, data: st.DataObject) -> None:
    lines = lines_of(dataset)
    index = data.draw(st.integers(0, len(lines) - 1))
    lines[index] = lines[index][: data.draw(st.integers(0, len(lines[index]) - 1))]

    with pytest.raises(Exception) as caught:  # noqa: PT011 - a DatasetError, checked below
        list(iter_bundles(lines))
    assert all(str(p).startswith(f"line {index + 1}: ") for p in caught.value.exceptions)  # type: ignore[attr-defined]


# -- the fast path agrees with the slow one ------------------------------------------------------------------

RECORDS: dict[type, tuple[st.SearchStrategy[Any], Callable[[Any], Any]]] = {
    Unit: (testing.units(), _fastpath.unit),
    Member: (testing.members(), _fastpath.member),
    Meeting: (testing.meetings(), _fastpath.meeting),
    Assessment: (testing.assessments(), _fastpath.assessment),
    Review: (testing.reviews(), _fastpath.review),
}
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-3, 3000)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.sampled_from(
        ["", " ", "x", "a\x00b", "\ud800", "\u00a0", "2025-02-30", "2025-1-01", "91.5", "1e2", "-0", "100.01", "0.5"]
    )
    | st.text(max_size=4),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=3), children, max_size=3),
    max_leaves=4,
)


def _positions(value: Any) -> list[tuple[Any, Any]]:
    """Every (container, key or index) inside a decoded JSON value."""
    found: list[tuple[Any, Any]] = []
    if isinstance(value, dict):
        for key, item in value.items():
            found.append((value, key))
            found += _positions(item)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.append((value, index))
            found += _positions(item)
    return found


def _slow(value: Any, cls: type) -> Any:
    try:
        return _CONVERTER.structure(value, cls)
    except Exception:  # noqa: BLE001 - refused by the slow path
        return None


@pytest.mark.parametrize("cls", list(RECORDS), ids=lambda c: c.__name__)
@given(data=st.data())
def test_the_fast_path_builds_what_the_slow_path_builds(cls: type, data: st.DataObject) -> None:
    strategy, fast = RECORDS[cls]
    record = data.draw(strategy)
    document = _CONVERTER.unstructure(record, cls)

    assert fast(document) == record == _slow(document, cls)


@pytest.mark.parametrize("cls", list(RECORDS), ids=lambda c: c.__name__)
@given(data=st.data())
def test_the_fast_path_never_accepts_what_the_slow_path_refuses(cls: type, data: st.DataObject) -> None:
    """After any edit of a valid record's JSON, whatever the fast path builds, the slow path builds equal."""
    strategy, fast = RECORDS[cls]
    document = copy.deepcopy(_CONVERTER.unstructure(data.draw(strategy), cls))
    for _ in range(data.draw(st.integers(1, 2))):
        positions = _positions(document)
        if not positions:
            break
        container, key = data.draw(st.sampled_from(positions))
        action = data.draw(st.sampled_from(["replace", "delete", "add"]))
        if action == "delete":
            del container[key]
        elif action == "add" and isinstance(container, dict):
            container[data.draw(st.text(max_size=3))] = data.draw(json_values)
        else:
            container[key] = data.draw(json_values)
    note(repr(document))
    try:
        built = fast(document)
    except Exception:  # noqa: BLE001 - the fast path may refuse anything: the slow one decides
        return
    assert _slow(document, cls) == built
