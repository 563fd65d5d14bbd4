"""Exceptions and warnings raised by partyreview.

Every exception derives from `PartyReviewError` *and* from the builtin a caller
would naturally catch (`ValueError`, `LookupError`), so ``except ValueError``
keeps working for code that does not know this library.

Domain outcomes (a missed month, an unexcused absence) are never exceptions:
they are findings in a report.  Exceptions are for input that cannot be used.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Self

__all__ = [
    "DatasetError",
    "InvalidArgumentError",
    "InvalidRecordError",
    "PartyReviewDeprecationWarning",
    "PartyReviewError",
    "Problem",
    "RuleSetNotFoundError",
    "RuleSetOverlapError",
    "RuleSetPluginError",
]


def __dir__() -> list[str]:
    return sorted(__all__)


def _natural(path: str) -> tuple[tuple[int, str], ...]:
    """Sort key putting $.meetings[2] before $.meetings[10]."""
    return tuple((int(part), "") if part.isdigit() else (-1, part) for part in re.split(r"([0-9]+)", path))


class PartyReviewError(Exception):
    """Root of every exception raised on purpose by partyreview."""


class InvalidRecordError(PartyReviewError, ValueError):
    """A record (unit, member, meeting, …) would break one of its invariants.

    Attributes:
        field: the attribute at fault, or ``None`` when the record as a whole is.
        message: what is wrong, naming the expectation and what arrived.
    """

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message, field)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return self.message


class Problem(InvalidRecordError):  # noqa: N818 - one item of a DatasetError
    """One problem in a dataset, located by its JSON path (``$.meetings[3].date``)."""

    def __init__(self, path: str, message: str) -> None:
        PartyReviewError.__init__(self, path, message)
        self.path = path
        self.message = message
        self.field = None

    def __reduce__(self) -> tuple[type[Problem], tuple[str, str]]:
        return (type(self), (self.path, self.message))

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class DatasetError(ExceptionGroup[Problem], PartyReviewError):
    """A dataset was rejected; `problems` lists every problem found, each with its path.

    It is an `ExceptionGroup` of `Problem`, so ``except* Problem`` works, and its
    string form is one line per problem.
    """

    def __new__(cls, message: str, problems: Sequence[Problem]) -> Self:
        return super().__new__(cls, message, problems)

    @classmethod
    def from_problems(cls, problems: Iterable[Problem]) -> DatasetError:
        """Group problems, sorted by path then message, under a counting message."""
        ordered = sorted(problems, key=lambda p: (_natural(p.path), p.message))
        noun = "problem" if len(ordered) == 1 else "problems"
        return cls(f"invalid dataset: {len(ordered)} {noun}", ordered)

    @property
    def problems(self) -> tuple[Problem, ...]:
        """The problems, in path order."""
        return tuple(e for e in self.exceptions if isinstance(e, Problem))

    def derive(self, excs: Sequence[Problem]) -> DatasetError:  # type: ignore[override]
        return DatasetError(self.message, excs)

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.exceptions)


class InvalidArgumentError(PartyReviewError, ValueError):
    """A function was called with an argument it cannot use (named in the message)."""


class RuleSetNotFoundError(PartyReviewError, LookupError):
    """No registered rule set is in force on the date asked for."""


class RuleSetOverlapError(PartyReviewError, ValueError):
    """A rule set's effective period overlaps one already registered."""


class RuleSetPluginError(PartyReviewError, ImportError):
    """A rule-set plugin (entry point group ``partyreview.rulesets``) cannot be used.

    It failed to import, raised, or gave something other than rule sets; the
    message names the entry point and its distribution.  Setting the variable
    ``PARTYREVIEW_NO_PLUGINS=1`` starts without plugins.
    """


class PartyReviewDeprecationWarning(FutureWarning):
    """Something in partyreview is deprecated; the message says since when and what instead.

    A `FutureWarning`, so that users see it by default.
    """
