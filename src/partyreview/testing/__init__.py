"""Hypothesis strategies for every partyreview record and for whole datasets.

Install with ``pip install 'partyreview[testing]'`` (it needs Hypothesis).  Each
strategy generates *valid* values only: records that construct without error,
and datasets that pass every cross-record check and load back from their JSON
(``loads_dataset(dumps_dataset(d)) == d``).  Keyword arguments narrow what is
generated and bound its size; a bad argument raises `InvalidArgumentError` at
once.

The same strategies back ``st.from_type``: Hypothesis registers them through
the ``hypothesis`` entry point as soon as it is imported, so
``st.from_type(Meeting)`` and ``@given(meeting=...)`` with type inference give
valid records without importing this module.

See ``docs/how-to/property-test-with-strategies.md``.
"""

from __future__ import annotations

try:
    import hypothesis  # noqa: F401 - only checks that the extra is installed
except ImportError as exc:
    raise ImportError(
        "partyreview.testing needs Hypothesis, which is not installed: pip install 'partyreview[testing]'"
    ) from exc

from ._strategies import assessments as assessments
from ._strategies import attendances as attendances
from ._strategies import datasets as datasets
from ._strategies import findings as findings
from ._strategies import meetings as meetings
from ._strategies import members as members
from ._strategies import memberships as memberships
from ._strategies import periods as periods
from ._strategies import quota_candidates as quota_candidates
from ._strategies import remedies as remedies
from ._strategies import reviews as reviews
from ._strategies import shortcomings as shortcomings
from ._strategies import units as units

__all__ = [
    "assessments",
    "attendances",
    "datasets",
    "findings",
    "meetings",
    "members",
    "memberships",
    "periods",
    "quota_candidates",
    "remedies",
    "reviews",
    "shortcomings",
    "units",
]


def __dir__() -> list[str]:
    return sorted(__all__)
