"""`Finding` checks its fields in one pass for speed: it must accept, refuse and build exactly what its validators do."""

from __future__ import annotations

from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from partyreview import Finding, InvalidRecordError, Severity, _findings

TEXTS = st.one_of(st.text(max_size=12), st.sampled_from(["rating.band", " ", "a\x00", "x\ud800", "\u00a0ok"]))
NAMES = st.one_of(st.sampled_from(["subject", "level", "cell", "n2"]), st.text(max_size=4), st.integers())
VALUES = st.one_of(st.text(max_size=4), st.integers(), st.booleans(), st.floats(allow_nan=False), st.none())
PARAMS = st.one_of(
    st.dictionaries(NAMES, VALUES, max_size=5),
    st.lists(st.tuples(st.sampled_from(["a", "b", "not id"]), VALUES), max_size=3),
)


def _outcome(build: Any) -> Finding | str:
    try:
        finding: Finding = build()
    except InvalidRecordError as error:
        return f"{type(error).__name__}: {error}"
    return finding


@given(
    code=TEXTS,
    severity=st.one_of(st.sampled_from(Severity), st.just("info")),
    message=TEXTS,
    citation=st.one_of(st.text(max_size=5), st.integers()),
    params=PARAMS,
)
def test_the_one_pass_check_agrees_with_the_fields_validators(
    code: str, severity: Severity, message: str, citation: str, params: Any
) -> None:
    def through_validators() -> Finding:
        finding = object.__new__(Finding)
        finding.__attrs_init__(code, severity, message, citation, params)
        return finding

    expected = _outcome(through_validators)
    built = _outcome(lambda: Finding(code, severity, message, citation, params=params))

    assert expected == built
    if isinstance(built, Finding):
        attrs.validate(built)
        assert list(built.params) == sorted(built.params, key=lambda pair: pair[0])


def test_names_beyond_the_cache_are_sorted_all_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    """Made-up parameter names stop filling the cache of sorted names once it is full."""
    monkeypatch.setattr(_findings, "_SORTED_NAMES_MAX", 0)
    finding = Finding("a.b", Severity.INFO, "A message.", "", params={"zeta_only_here": 1, "alpha_only_here": "x"})

    assert (("alpha_only_here", "x"), ("zeta_only_here", 1)) == finding.params
    assert ("zeta_only_here", "alpha_only_here") not in _findings._SORTED_NAMES
