"""The quota on "excellent" (C6): how many proposed HTXSNV a quota group may keep.

The regulations cap the number rated "excellent" (hoàn thành xuất sắc nhiệm vụ,
HTXSNV) at a share of those rated "good" (hoàn thành tốt nhiệm vụ, HTTNV):

* QĐ 366-QĐ/TW Điều 11 điểm 1.5 (≤ 20 % of HTTNV; ≤ 25 % by exception), per
  group of subjects with similar position, role, function and tasks;
* HD 21-HD/BTCTW §B.2.3 (132 regime, per grassroots organization): ≤ 20 % of
  the members rated HTTNV within each grassroots party organization.

Neither says how to round nor which "good" count the share applies to; the
defaults are the decisions of product.md §6, each a parameter so a province can
change it:

* rounding: `QuotaRounding.FLOOR` ("không vượt quá" = must not exceed);
* denominator: `QuotaDenominator.GOOD_AFTER_DEMOTION` (the literal reading:
  candidates demoted by the quota are rated good and count as good);
* order of demotion: the highest caller-given priority is kept first, then the
  highest score; a block of equal candidates that the quota cuts through is
  demoted whole, with a finding saying how many places stayed unfilled and
  why — never choose arbitrarily among equals.

This module is pure: it counts, it does not read datasets or rule sets.
All arithmetic is exact: the ratio is read as the fraction it denotes and the
comparisons are made in whole numbers, never in floats.

>>> from decimal import Decimal
>>> outcome = apply_quota(
...     "K",
...     [QuotaCandidate("M1", Decimal("95")), QuotaCandidate("M2", Decimal("91")), QuotaCandidate("M3", None)],
...     7,
...     ratio=Decimal("0.20"),
...     citation="QĐ 366-QĐ/TW Điều 11 điểm 1.5",
... )
>>> outcome.excellent_allowed, outcome.kept, outcome.demoted, outcome.good
(1, ('M1',), ('M2', 'M3'), 9)
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any, Final

import attrs

from ._enums import Enum
from ._findings import Finding, Severity
from ._validators import decimal_between, non_empty_text
from .errors import InvalidArgumentError, InvalidRecordError

__all__ = ["QuotaCandidate", "QuotaDenominator", "QuotaOutcome", "QuotaRounding", "apply_quota"]

DEMOTED: Final = "quota.demoted"
TIE_UNFILLED: Final = "quota.tie_unfilled"


class QuotaDenominator(Enum):
    """Which count of "good" the quota's ratio applies to (product.md §6)."""

    GOOD_AFTER_DEMOTION = "good_after_demotion"
    """Default: those rated good after the quota, so the largest ``k`` with ``k ≤ r·(good + n − k)``.

    ``n`` is the number of candidates; the ``n − k`` demoted candidates become
    good and count in the denominator.  ``k`` is at most ``n``.
    """
    GOOD_BEFORE_DEMOTION = "good_before_demotion"
    """Those rated good before any demotion: ``k = r·good`` rounded, at most ``n``."""


class QuotaRounding(Enum):
    """How a fractional quota (20 % of 7 = 1.4) becomes a whole number of places."""

    FLOOR = "floor"
    """Default: round down ("không vượt quá" = must not exceed; product.md §6)."""
    HALF_UP = "half_up"
    """Round to the nearest whole number, halves up (offered for provinces that round)."""


def _whole_number(_inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidRecordError(f"{attr.name!r} must be a whole number (got {value!r})", attr.name)


@attrs.frozen
class QuotaCandidate:
    """A member (or unit) proposed "excellent" after its own conditions, subject to the quota."""

    subject: str = attrs.field(validator=non_empty_text())
    """Id of the member or unit."""
    score: Decimal | None = attrs.field(validator=decimal_between(0, 100))
    """Total on the 100-point scale (QĐ 366), or ``None`` where the regime has no score (132, 124).

    A higher score is kept first; ``None`` ranks below any score.
    """
    priority: int = attrs.field(default=0, validator=_whole_number)
    """Caller-given rank: a higher priority is kept first, before the score is looked at."""


@attrs.frozen
class QuotaOutcome:
    """The quota applied to one quota group: how many places, who kept "excellent", who was demoted, why."""

    group: str
    """Id of the quota group."""
    ratio: Decimal
    """The ratio applied (0.20; 0.25 by exception)."""
    good: int
    """Rated good after the quota: those rated good plus the candidates demoted (the report's ``good``)."""
    excellent_allowed: int
    """Places for "excellent" the quota allows, at most the number of candidates."""
    excellent_candidates: int
    """Number of candidates proposed "excellent"."""
    kept: tuple[str, ...]
    """Sorted ids of the candidates kept "excellent"."""
    demoted: tuple[str, ...]
    """Sorted ids of the candidates demoted to "good"."""
    findings: tuple[Finding, ...]
    """``quota.demoted`` (one per demoted subject, by id), then ``quota.tie_unfilled`` if a tie left places empty."""


def _rounded(numerator: int, denominator: int, rounding: QuotaRounding) -> int:
    """``numerator / denominator`` (both ≥ 0, denominator > 0) rounded to a whole number, exactly."""
    if rounding is QuotaRounding.FLOOR:
        return numerator // denominator
    return (2 * numerator + denominator) // (2 * denominator)


def _allowed(good: int, n: int, ratio: Decimal, denominator: QuotaDenominator, rounding: QuotaRounding) -> int:
    """The number of places ``k`` (0 ≤ k ≤ n) the quota allows."""
    p, q = ratio.as_integer_ratio()
    if denominator is QuotaDenominator.GOOD_BEFORE_DEMOTION:
        return min(n, _rounded(p * good, q, rounding))
    # k ≤ round(r·(good + n − k)): the left side rises and the right side falls
    # with k, and k = 0 always holds, so the k that hold are 0, 1, …, the answer.
    k = 0
    while k < n and k + 1 <= _rounded(p * (good + n - k - 1), q, rounding):
        k += 1
    return k


def _rank(candidate: QuotaCandidate) -> tuple[int, bool, Decimal]:
    """Sort key, larger is kept first: priority, then having a score, then the score."""
    score = candidate.score
    return (candidate.priority, score is not None, score if score is not None else Decimal(0))


def _describe(candidate: QuotaCandidate) -> str:
    score = "no score" if candidate.score is None else f"score {candidate.score}"
    return f"priority {candidate.priority}, {score}"


def _check_arguments(group: object, good: object, ratio: object, citation: object) -> None:
    if not isinstance(group, str) or not group.strip():
        raise InvalidArgumentError(f"group must be a non-empty string (got {group!r})")
    if isinstance(good, bool) or not isinstance(good, int) or good < 0:
        raise InvalidArgumentError(f"good must be a whole number ≥ 0 (got {good!r})")
    if not isinstance(ratio, Decimal) or not ratio.is_finite() or not 0 < ratio <= 1:
        raise InvalidArgumentError(f"ratio must be a Decimal in (0, 1] (got {ratio!r})")
    if not isinstance(citation, str):
        raise InvalidArgumentError(f"citation must be a string (got {citation!r})")


def _candidates(group: str, candidates: Iterable[QuotaCandidate]) -> list[QuotaCandidate]:
    """The candidates checked (records, no subject twice), best first; equals by subject id."""
    seen: set[str] = set()
    result: list[QuotaCandidate] = []
    for candidate in candidates:
        if not isinstance(candidate, QuotaCandidate):
            raise InvalidArgumentError(
                f"candidates must hold QuotaCandidate records (got {type(candidate).__name__}: {candidate!r})"
            )
        if candidate.subject in seen:
            raise InvalidArgumentError(f"candidates list subject {candidate.subject!r} twice in group {group!r}")
        seen.add(candidate.subject)
        result.append(candidate)
    result.sort(key=lambda c: c.subject)
    result.sort(key=_rank, reverse=True)
    return result


def apply_quota(
    group: str,
    candidates: Iterable[QuotaCandidate],
    good: int,
    *,
    ratio: Decimal,
    denominator: QuotaDenominator = QuotaDenominator.GOOD_AFTER_DEMOTION,
    rounding: QuotaRounding = QuotaRounding.FLOOR,
    citation: str,
) -> QuotaOutcome:
    """Apply the quota on "excellent" to one quota group.

    QĐ 366-QĐ/TW Điều 11 điểm 1.5 (≤ 20 % of HTTNV; ≤ 25 % by exception);
    HD 21-HD/BTCTW §B.2.3 (132 regime, per grassroots organization).  The
    defaults of ``denominator`` and ``rounding`` are those of product.md §6.

    With `QuotaDenominator.GOOD_AFTER_DEMOTION` the number of places ``k`` is
    the largest whole number, at most ``n`` (the number of candidates), with
    ``k ≤ rounded(ratio·(good + n − k))``; with
    `QuotaDenominator.GOOD_BEFORE_DEMOTION` it is ``rounded(ratio·good)``, at
    most ``n``.  Candidates are kept by priority, then score (``None`` last).
    If the places end inside a block of candidates equal in priority and score,
    the whole block is demoted and a ``quota.tie_unfilled`` finding names it
    and counts the places left empty.  Every demoted subject gets a
    ``quota.demoted`` finding citing ``citation``.  The result does not depend
    on the order of ``candidates``.

    Args:
        group: id of the quota group (used in messages and the outcome).
        candidates: the subjects proposed "excellent", each once.
        good: the subjects of the group rated good, not counting the candidates.
        ratio: the share, in (0, 1]: 0.20, or 0.25 by exception.
        denominator: which "good" count the ratio applies to.
        rounding: how a fractional number of places is rounded.
        citation: the clause the findings cite.

    Raises:
        InvalidArgumentError: a blank ``group``, ``good`` not a whole number
            ≥ 0, ``ratio`` not a `Decimal` in (0, 1], ``citation`` not a
            string, or ``candidates`` holding something other than a
            `QuotaCandidate` or one subject twice.
    """
    _check_arguments(group, good, ratio, citation)
    ranked = _candidates(group, candidates)
    n = len(ranked)
    k = _allowed(good, n, ratio, denominator, rounding)
    if k == n:
        return QuotaOutcome(group, ratio, good, k, n, tuple(sorted(c.subject for c in ranked)), (), ())
    cut = _rank(ranked[k])
    kept = [c for c in ranked if _rank(c) > cut]
    tied = sorted(c.subject for c in ranked if _rank(c) == cut) if len(kept) < k else []
    demoted = sorted(c.subject for c in ranked if _rank(c) <= cut)
    findings: list[Finding] = []
    for subject in demoted:
        if subject in tied:
            others = ", ".join(repr(s) for s in tied if s != subject)
            why = f"{subject!r} is tied with {others} where the places end, and none is chosen arbitrarily"
        else:
            why = f"{subject!r} ranks below those kept (by priority, then score)"
        findings.append(
            Finding(
                DEMOTED,
                Severity.INFO,
                f"{subject!r} is demoted from excellent to good in quota group {group!r}: the quota "
                f"(ratio {ratio}) allows {k} of {n} candidates, and {why}",
                citation,
                params={
                    "subject": subject,
                    "group": group,
                    "ratio": format(ratio, "f"),
                    "allowed": k,
                    "candidates": n,
                    "tied": int(subject in tied),
                },
            )
        )
    if tied:
        unfilled = k - len(kept)
        findings.append(
            Finding(
                TIE_UNFILLED,
                Severity.INFO,
                f"{unfilled} of {k} places for excellent in quota group {group!r} stay unfilled: "
                f"{', '.join(repr(s) for s in tied)} are tied ({_describe(ranked[k])}) where the places end, "
                "so all of them are demoted rather than choosing arbitrarily among equals",
                citation,
                params={"group": group, "unfilled": unfilled, "allowed": k, "tied": ", ".join(tied)},
            )
        )
    return QuotaOutcome(
        group=group,
        ratio=ratio,
        good=good + len(demoted),
        excellent_allowed=k,
        excellent_candidates=n,
        kept=tuple(sorted(c.subject for c in kept)),
        demoted=tuple(demoted),
        findings=tuple(findings),
    )
