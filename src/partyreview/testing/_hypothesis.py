"""The ``hypothesis`` entry point: `st.from_type` gives valid partyreview records.

Hypothesis calls `_hypothesis_setup_hook` when it is imported, which may happen
while ``partyreview.testing`` itself is being imported (it imports Hypothesis):
so this module imports no strategy, and each registered function looks its
strategy up only when Hypothesis resolves a type.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any, Final

from .._assessments import Assessment
from .._dataset import Dataset
from .._findings import Finding
from .._meetings import Attendance, Meeting
from .._org import Member, Membership, Unit
from .._periods import Period
from .._quota import QuotaCandidate
from .._reviews import Remedy, Review, Shortcoming

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

__all__ = ["STRATEGY_NAMES"]

STRATEGY_NAMES: Final[dict[type[Any], str]] = {
    Period: "periods",
    Unit: "units",
    Membership: "memberships",
    Member: "members",
    Attendance: "attendances",
    Meeting: "meetings",
    Assessment: "assessments",
    Remedy: "remedies",
    Shortcoming: "shortcomings",
    Review: "reviews",
    Finding: "findings",
    QuotaCandidate: "quota_candidates",
    Dataset: "datasets",
}
"""The ``partyreview.testing`` strategy that `st.from_type` uses for each record type."""


def _strategy_for(record_type: type[Any]) -> SearchStrategy[Any]:
    """The default strategy of ``record_type``, looked up when Hypothesis resolves it."""
    strategies = importlib.import_module("partyreview.testing")
    factory = getattr(strategies, STRATEGY_NAMES[record_type])
    strategy: SearchStrategy[Any] = factory()
    return strategy


def _hypothesis_setup_hook() -> None:
    """Register `_strategy_for` for every record type (Hypothesis calls this through its entry point)."""
    from hypothesis import strategies as st

    for record_type in STRATEGY_NAMES:
        st.register_type_strategy(record_type, _strategy_for)
