"""Invariants of the quota on "excellent" (QĐ 366-QĐ/TW Điều 11 điểm 1.5), over generated quota groups."""

from __future__ import annotations

from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from random import Random

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from partyreview._quota import QuotaCandidate, QuotaDenominator, QuotaOutcome, QuotaRounding, apply_quota

pytestmark = pytest.mark.property

CITE = "Quy định 366-QĐ/TW Điều 11 điểm 1.5"


@attrs.frozen
class _Case:
    """One call of apply_quota: a quota group's candidates, its good count and the policy."""

    candidates: list[QuotaCandidate]
    good: int
    ratio: Decimal
    denominator: QuotaDenominator
    rounding: QuotaRounding

    def apply(self, candidates: list[QuotaCandidate] | None = None) -> QuotaOutcome:
        """The outcome for these candidates (or others, under the same policy)."""
        return apply_quota(
            "G",
            self.candidates if candidates is None else candidates,
            self.good,
            ratio=self.ratio,
            denominator=self.denominator,
            rounding=self.rounding,
            citation=CITE,
        )

    def holds(self, k: int) -> bool:
        """Whether ``k`` places satisfy the policy's defining inequality (Decimal's own rounding)."""
        n = len(self.candidates)
        base = self.good + n - k if self.denominator is QuotaDenominator.GOOD_AFTER_DEMOTION else self.good
        mode = ROUND_FLOOR if self.rounding is QuotaRounding.FLOOR else ROUND_HALF_UP
        return k <= (self.ratio * base).quantize(Decimal(1), rounding=mode)


# Few distinct scores and priorities, so that ties (and ties at the cut) are common.
scores = st.one_of(st.none(), st.sampled_from([Decimal(s) for s in ("0", "50", "89.5", "90", "95", "100")]))
ratios = st.one_of(
    st.sampled_from([Decimal("0.20"), Decimal("0.25"), Decimal(1)]),
    st.decimals(min_value=Decimal("0.01"), max_value=Decimal(1), places=2),
)


@st.composite
def candidate_lists(draw: st.DrawFn) -> list[QuotaCandidate]:
    """Up to 12 candidates with distinct subjects."""
    subjects = draw(st.lists(st.sampled_from([f"M{i}" for i in range(1, 21)]), unique=True, max_size=12))
    return [
        draw(st.builds(QuotaCandidate, st.just(subject), scores, st.integers(min_value=-1, max_value=2)))
        for subject in subjects
    ]


cases = st.builds(
    _Case,
    candidate_lists(),
    st.integers(min_value=0, max_value=60),
    ratios,
    st.sampled_from(QuotaDenominator),
    st.sampled_from(QuotaRounding),
)


@given(cases)
def test_allowed_is_the_largest_k_meeting_its_inequality(case: _Case) -> None:
    """k ≤ n satisfies the inequality, k + 1 does not (unless k = n), and no more than k are kept."""
    outcome = case.apply()
    n, k = len(case.candidates), outcome.excellent_allowed

    assert n == outcome.excellent_candidates
    assert 0 <= k <= n
    assert case.holds(k)
    assert k == n or not case.holds(k + 1)
    assert len(outcome.kept) <= k


@given(cases)
def test_kept_and_demoted_partition_the_candidates_and_good_counts_the_demoted(case: _Case) -> None:
    """Kept and demoted are sorted, disjoint, make up the candidates; good = input good + demoted."""
    outcome = case.apply()

    assert set() == set(outcome.kept) & set(outcome.demoted)
    assert sorted(c.subject for c in case.candidates) == sorted(outcome.kept + outcome.demoted)
    assert tuple(sorted(outcome.kept)) == outcome.kept
    assert tuple(sorted(outcome.demoted)) == outcome.demoted
    assert case.good + len(outcome.demoted) == outcome.good


@given(cases)
def test_one_demoted_finding_per_demoted_subject_and_a_tie_finding_only_when_places_stay_empty(case: _Case) -> None:
    """quota.demoted findings follow the demoted ids; quota.tie_unfilled appears iff fewer than k are kept."""
    outcome = case.apply()
    demoted = [f for f in outcome.findings if f.code == "quota.demoted"]
    ties = [f for f in outcome.findings if f.code == "quota.tie_unfilled"]

    assert list(outcome.demoted) == [f.message.split("'")[1] for f in demoted]
    assert len(outcome.findings) == len(demoted) + len(ties)
    assert (len(outcome.kept) < outcome.excellent_allowed) == bool(ties)
    assert all(CITE == f.citation for f in outcome.findings)


@given(cases, st.randoms(use_true_random=False))
def test_the_result_does_not_depend_on_the_input_order(case: _Case, rng: Random) -> None:
    """Any permutation of the candidates gives the same outcome."""
    permuted = list(case.candidates)
    rng.shuffle(permuted)

    assert case.apply() == case.apply(permuted)


@given(cases.filter(lambda c: bool(c.candidates)), st.data())
def test_raising_a_score_never_demotes_that_candidate_nor_keeps_another(case: _Case, data: st.DataObject) -> None:
    """Monotonicity: a kept candidate whose score rises stays kept; a demoted other stays demoted."""
    index = data.draw(st.integers(min_value=0, max_value=len(case.candidates) - 1))
    raised = case.candidates[index]
    lowest = Decimal(0) if raised.score is None else raised.score
    new_score = data.draw(st.decimals(min_value=lowest, max_value=Decimal(100), places=1))
    changed = list(case.candidates)
    changed[index] = QuotaCandidate(raised.subject, new_score, raised.priority)

    before = case.apply()
    after = case.apply(changed)

    assert before.excellent_allowed == after.excellent_allowed
    if raised.subject in before.kept:
        assert raised.subject in after.kept
    assert set() == (set(before.demoted) - {raised.subject}) & set(after.kept)
