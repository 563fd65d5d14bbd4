"""The quota on "excellent" (QĐ 366-QĐ/TW Điều 11 điểm 1.5; HD 21-HD/BTCTW §B.2.3; product.md §6 defaults)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

import pytest

from partyreview import Finding, InvalidArgumentError, InvalidRecordError, Severity
from partyreview._quota import QuotaCandidate, QuotaDenominator, QuotaOutcome, QuotaRounding, apply_quota

AFTER = QuotaDenominator.GOOD_AFTER_DEMOTION
BEFORE = QuotaDenominator.GOOD_BEFORE_DEMOTION
FLOOR = QuotaRounding.FLOOR
HALF_UP = QuotaRounding.HALF_UP
R20 = Decimal("0.20")
R25 = Decimal("0.25")
CITE = "Quy định 366-QĐ/TW Điều 11 điểm 1.5"


def _candidates(n: int) -> list[QuotaCandidate]:
    """``n`` candidates with distinct scores: C1 scores highest, C2 next, …"""
    return [QuotaCandidate(f"C{i}", Decimal(100 - i)) for i in range(1, n + 1)]


def _quota(candidates: Iterable[QuotaCandidate], good: int, ratio: Decimal = R20) -> QuotaOutcome:
    return apply_quota("K", candidates, good, ratio=ratio, citation=CITE)


def _demoted(subject: str, why: str, allowed: int, n: int, ratio: Decimal = R20) -> Finding:
    message = (
        f"{subject!r} is demoted from excellent to good in quota group 'K': the quota (ratio {ratio}) "
        f"allows {allowed} of {n} candidates, and {why}"
    )
    params = {"subject": subject, "group": "K", "ratio": str(ratio), "allowed": allowed, "candidates": n}
    return Finding("quota.demoted", Severity.INFO, message, CITE, params={**params, "tied": int("tied" in why)})


def _below(subject: str, allowed: int, n: int, ratio: Decimal = R20) -> Finding:
    return _demoted(subject, f"{subject!r} ranks below those kept (by priority, then score)", allowed, n, ratio)


# Each row: good, n candidates, ratio, (denominator, rounding), expected k, with the arithmetic.
# After demotion, k is the largest k ≤ n with k ≤ rounded(r·(good + n − k)); before, k = min(n, rounded(r·good)).
QUOTA_TABLE = [
    # good 3
    (3, 1, R20, (AFTER, FLOOR), 0),  # k=1: 1 ≤ 0.2·(3+1−1) = 0.6? no → 0
    (3, 1, R20, (AFTER, HALF_UP), 1),  # k=1: 1 ≤ round(0.6) = 1? yes → 1 (= n)
    (3, 1, R20, (BEFORE, FLOOR), 0),  # floor(0.2·3 = 0.6) = 0
    (3, 1, R20, (BEFORE, HALF_UP), 1),  # round(0.6) = 1, n = 1 → 1
    (3, 2, R25, (AFTER, FLOOR), 1),  # k=2: 2 ≤ 0.25·3 = 0.75? no; k=1: 1 ≤ 0.25·4 = 1.0? yes → 1
    (3, 2, R25, (AFTER, HALF_UP), 1),  # k=2: 2 ≤ round(0.75) = 1? no; k=1: 1 ≤ round(1.0) = 1? yes → 1
    (3, 2, R25, (BEFORE, FLOOR), 0),  # floor(0.25·3 = 0.75) = 0
    (3, 2, R25, (BEFORE, HALF_UP), 1),  # round(0.75) = 1
    # good 5
    (5, 1, R20, (AFTER, FLOOR), 1),  # k=1: 1 ≤ 0.2·5 = 1.0? yes → 1 (= n)
    (5, 2, R20, (AFTER, FLOOR), 1),  # k=2: 2 ≤ 0.2·5 = 1.0? no; k=1: 1 ≤ 0.2·6 = 1.2? yes → 1
    (5, 2, R20, (AFTER, HALF_UP), 1),  # k=2: 2 ≤ round(1.0) = 1? no; k=1: 1 ≤ round(1.2) = 1? yes → 1
    (5, 2, R20, (BEFORE, FLOOR), 1),  # floor(0.2·5 = 1.0) = 1
    (5, 3, R25, (AFTER, FLOOR), 1),  # k=2: 2 ≤ 0.25·6 = 1.5? no; k=1: 1 ≤ 0.25·7 = 1.75? yes → 1
    (5, 3, R25, (AFTER, HALF_UP), 2),  # k=3: 3 ≤ round(0.25·5 = 1.25) = 1? no; k=2: 2 ≤ round(1.5) = 2? yes → 2
    (5, 3, R25, (BEFORE, FLOOR), 1),  # floor(0.25·5 = 1.25) = 1
    (5, 3, R25, (BEFORE, HALF_UP), 1),  # round(1.25) = 1
    # good 7
    (7, 1, R20, (AFTER, FLOOR), 1),  # k=1: 1 ≤ 0.2·7 = 1.4? yes → 1 (= n)
    (7, 3, R20, (AFTER, FLOOR), 1),  # k=2: 2 ≤ 0.2·(7+3−2) = 1.6? no; k=1: 1 ≤ 0.2·9 = 1.8? yes → 1
    (7, 3, R20, (AFTER, HALF_UP), 2),  # k=3: 3 ≤ round(0.2·7 = 1.4) = 1? no; k=2: 2 ≤ round(1.6) = 2? yes → 2
    (7, 3, R20, (BEFORE, FLOOR), 1),  # floor(0.2·7 = 1.4) = 1
    (7, 3, R20, (BEFORE, HALF_UP), 1),  # round(1.4) = 1
    (7, 3, R25, (AFTER, FLOOR), 2),  # k=3: 3 ≤ 0.25·7 = 1.75? no; k=2: 2 ≤ 0.25·8 = 2.0? yes → 2
    (7, 3, R25, (AFTER, HALF_UP), 2),  # k=3: 3 ≤ round(1.75) = 2? no; k=2: 2 ≤ round(2.0) = 2? yes → 2
    (7, 3, R25, (BEFORE, FLOOR), 1),  # floor(0.25·7 = 1.75) = 1
    (7, 3, R25, (BEFORE, HALF_UP), 2),  # round(1.75) = 2
    (7, 5, R25, (AFTER, FLOOR), 2),  # k=3: 3 ≤ 0.25·9 = 2.25? no; k=2: 2 ≤ 0.25·10 = 2.5? yes → 2
    (7, 5, R25, (AFTER, HALF_UP), 2),  # k=3: 3 ≤ round(2.25) = 2? no; k=2: 2 ≤ round(2.5) = 3? yes → 2
    # good 8
    (8, 2, R20, (AFTER, FLOOR), 1),  # k=2: 2 ≤ 0.2·8 = 1.6? no; k=1: 1 ≤ 0.2·9 = 1.8? yes → 1
    (8, 2, R20, (AFTER, HALF_UP), 2),  # k=2: 2 ≤ round(1.6) = 2? yes → 2 (= n)
    (8, 2, R20, (BEFORE, FLOOR), 1),  # floor(0.2·8 = 1.6) = 1
    (8, 2, R20, (BEFORE, HALF_UP), 2),  # round(1.6) = 2
    (8, 4, R20, (AFTER, FLOOR), 2),  # k=3: 3 ≤ 0.2·9 = 1.8? no; k=2: 2 ≤ 0.2·10 = 2.0? yes → 2 (more than before)
    (8, 4, R20, (BEFORE, FLOOR), 1),  # floor(0.2·8 = 1.6) = 1
    (8, 2, R25, (AFTER, FLOOR), 2),  # k=2: 2 ≤ 0.25·8 = 2.0? yes → 2 (= n)
    (8, 2, R25, (BEFORE, FLOOR), 2),  # floor(0.25·8 = 2.0) = 2
    # good 10
    (10, 1, R20, (AFTER, FLOOR), 1),  # k=1: 1 ≤ 0.2·10 = 2.0? yes → 1 (= n)
    (10, 3, R20, (AFTER, FLOOR), 2),  # k=3: 3 ≤ 0.2·10 = 2.0? no; k=2: 2 ≤ 0.2·11 = 2.2? yes → 2
    (10, 3, R20, (AFTER, HALF_UP), 2),  # k=3: 3 ≤ round(2.0) = 2? no; k=2: 2 ≤ round(2.2) = 2? yes → 2
    (10, 3, R20, (BEFORE, FLOOR), 2),  # floor(0.2·10 = 2.0) = 2
    (10, 5, R20, (AFTER, FLOOR), 2),  # k=3: 3 ≤ 0.2·12 = 2.4? no; k=2: 2 ≤ 0.2·13 = 2.6? yes → 2
    (10, 5, R25, (AFTER, FLOOR), 3),  # k=4: 4 ≤ 0.25·11 = 2.75? no; k=3: 3 ≤ 0.25·12 = 3.0? yes → 3
    (10, 5, R25, (AFTER, HALF_UP), 3),  # k=4: 4 ≤ round(2.75) = 3? no; k=3: 3 ≤ round(3.0) = 3? yes → 3
    (10, 5, R25, (BEFORE, FLOOR), 2),  # floor(0.25·10 = 2.5) = 2
    (10, 5, R25, (BEFORE, HALF_UP), 3),  # round(2.5) = 3 (half up)
    # good 13
    (13, 2, R20, (AFTER, FLOOR), 2),  # k=2: 2 ≤ 0.2·13 = 2.6? yes → 2 (= n)
    (13, 2, R20, (BEFORE, HALF_UP), 2),  # round(0.2·13 = 2.6) = 3, capped at n = 2
    (13, 4, R20, (AFTER, FLOOR), 2),  # k=3: 3 ≤ 0.2·14 = 2.8? no; k=2: 2 ≤ 0.2·15 = 3.0? yes → 2
    (13, 4, R20, (AFTER, HALF_UP), 3),  # k=4: 4 ≤ round(2.6) = 3? no; k=3: 3 ≤ round(2.8) = 3? yes → 3
    (13, 4, R20, (BEFORE, FLOOR), 2),  # floor(2.6) = 2
    (13, 4, R20, (BEFORE, HALF_UP), 3),  # round(2.6) = 3
    (13, 5, R25, (AFTER, FLOOR), 3),  # k=4: 4 ≤ 0.25·14 = 3.5? no; k=3: 3 ≤ 0.25·15 = 3.75? yes → 3
    (13, 5, R25, (AFTER, HALF_UP), 4),  # k=5: 5 ≤ round(0.25·13 = 3.25) = 3? no; k=4: 4 ≤ round(3.5) = 4? yes → 4
    (13, 5, R25, (BEFORE, FLOOR), 3),  # floor(0.25·13 = 3.25) = 3
    (13, 5, R25, (BEFORE, HALF_UP), 3),  # round(3.25) = 3
    # good 30
    (30, 5, R20, (AFTER, FLOOR), 5),  # k=5: 5 ≤ 0.2·30 = 6.0? yes → 5 (= n, nobody demoted)
    (30, 5, R20, (BEFORE, FLOOR), 5),  # floor(0.2·30 = 6.0) = 6, capped at n = 5
    (30, 1, R25, (AFTER, HALF_UP), 1),  # k=1: 1 ≤ round(0.25·30 = 7.5) = 8? yes → 1 (= n)
    (30, 1, R25, (BEFORE, FLOOR), 1),  # floor(0.25·30 = 7.5) = 7, capped at n = 1
]


@pytest.mark.parametrize(("good", "n", "ratio", "policy", "expected"), QUOTA_TABLE)
def test_allowed_places_match_the_hand_computed_table(
    good: int, n: int, ratio: Decimal, policy: tuple[QuotaDenominator, QuotaRounding], expected: int
) -> None:
    """The number of places, who is kept (the best) and the report's "good" count match the arithmetic."""
    denominator, rounding = policy
    outcome = apply_quota(
        "K", _candidates(n), good, ratio=ratio, denominator=denominator, rounding=rounding, citation=CITE
    )

    assert expected == outcome.excellent_allowed
    assert n == outcome.excellent_candidates
    assert tuple(f"C{i}" for i in range(1, expected + 1)) == outcome.kept
    assert tuple(f"C{i}" for i in range(expected + 1, n + 1)) == outcome.demoted
    assert good + n - expected == outcome.good
    assert ratio is outcome.ratio
    assert tuple(_below(s, expected, n, ratio) for s in outcome.demoted) == outcome.findings


def test_the_defaults_are_after_demotion_and_floor() -> None:
    """Without denominator and rounding, 7 good and 3 candidates at 20 % keep 1 (product.md §6)."""
    outcome = _quota(_candidates(3), 7)

    # k=2: 2 ≤ 0.2·(7+3−2) = 1.6? no; k=1: 1 ≤ 0.2·9 = 1.8? yes → 1
    expected = QuotaOutcome(
        group="K",
        ratio=R20,
        good=9,
        excellent_allowed=1,
        excellent_candidates=3,
        kept=("C1",),
        demoted=("C2", "C3"),
        findings=(_below("C2", 1, 3), _below("C3", 1, 3)),
    )
    assert expected == outcome


def test_the_demoted_finding_names_the_subject_the_quota_and_the_citation() -> None:
    """Each demoted subject gets one info finding with its id, the ratio, the places and the clause."""
    outcome = _quota(_candidates(2), 8)

    # k=2: 2 ≤ 0.2·8 = 1.6? no; k=1: 1 ≤ 0.2·9 = 1.8? yes → 1
    expected = (
        "'C2' is demoted from excellent to good in quota group 'K': the quota (ratio 0.20) allows 1 of 2 "
        "candidates, and 'C2' ranks below those kept (by priority, then score)"
    )
    params = {"subject": "C2", "group": "K", "ratio": "0.20", "allowed": 1, "candidates": 2, "tied": 0}
    assert (Finding("quota.demoted", Severity.INFO, expected, CITE, params=params),) == outcome.findings


def test_a_tie_at_the_cut_demotes_the_whole_block_and_says_how_many_places_stay_unfilled() -> None:
    """10 good, 3 candidates at 20 % allow 2; B and C tie for the second place, so both are demoted."""
    candidates = [QuotaCandidate("C", Decimal(92)), QuotaCandidate("A", Decimal(95)), QuotaCandidate("B", Decimal(92))]

    outcome = _quota(candidates, 10)

    # k=3: 3 ≤ 0.2·10 = 2.0? no; k=2: 2 ≤ 0.2·11 = 2.2? yes → 2; A is kept, the tie B = C straddles place 2.
    tie = (
        "1 of 2 places for excellent in quota group 'K' stay unfilled: 'B', 'C' are tied (priority 0, score 92) "
        "where the places end, so all of them are demoted rather than choosing arbitrarily among equals"
    )
    assert 2 == outcome.excellent_allowed
    assert ("A",) == outcome.kept
    assert ("B", "C") == outcome.demoted
    assert 12 == outcome.good
    assert (
        _demoted("B", "'B' is tied with 'C' where the places end, and none is chosen arbitrarily", 2, 3),
        _demoted("C", "'C' is tied with 'B' where the places end, and none is chosen arbitrarily", 2, 3),
        Finding(
            "quota.tie_unfilled",
            Severity.INFO,
            tie,
            CITE,
            params={"group": "K", "unfilled": 1, "allowed": 2, "tied": "B, C"},
        ),
    ) == outcome.findings


def test_a_tie_of_every_candidate_leaves_every_place_unfilled() -> None:
    """Three candidates equal in priority and score, 2 places: all three demoted, 2 places unfilled."""
    candidates = [QuotaCandidate(s, Decimal("91.5")) for s in ("M3", "M1", "M2")]

    outcome = _quota(candidates, 10)

    # k=2 as above (2 ≤ 2.2, 3 > 2.0); the block of 3 covers places 1–2 and the first place left.
    assert () == outcome.kept
    assert ("M1", "M2", "M3") == outcome.demoted
    assert 13 == outcome.good
    assert ["quota.demoted"] * 3 + ["quota.tie_unfilled"] == [f.code for f in outcome.findings]
    assert outcome.findings[-1].message.startswith("2 of 2 places for excellent in quota group 'K' stay unfilled")
    assert "'M1', 'M2', 'M3' are tied (priority 0, score 91.5)" in outcome.findings[-1].message


def test_equal_scores_written_differently_are_a_tie() -> None:
    """92 and 92.0 are the same score, so they tie."""
    candidates = [
        QuotaCandidate("A", Decimal(95)),
        QuotaCandidate("B", Decimal("92.0")),
        QuotaCandidate("C", Decimal(92)),
    ]

    outcome = _quota(candidates, 10)

    # k=2 (2 ≤ 0.2·11 = 2.2; 3 > 0.2·10 = 2.0): B and C tie for place 2.
    assert ("A",) == outcome.kept
    assert ("B", "C") == outcome.demoted


def test_a_tie_below_the_cut_needs_no_tie_finding() -> None:
    """A and B tie for places 1–2 of 2: both kept; C demoted with no tie finding."""
    candidates = [QuotaCandidate("A", Decimal(95)), QuotaCandidate("B", Decimal(95)), QuotaCandidate("C", Decimal(90))]

    outcome = _quota(candidates, 10)

    # k=2 (2 ≤ 2.2, 3 > 2.0): the cut falls between B (95) and C (90).
    assert ("A", "B") == outcome.kept
    assert ("C",) == outcome.demoted
    assert (_below("C", 2, 3),) == outcome.findings


def test_a_tie_when_no_place_is_allowed_is_not_an_unfilled_place() -> None:
    """3 good and 2 tied candidates at 20 % allow 0 places: both demoted, no tie finding."""
    candidates = [QuotaCandidate("A", Decimal(95)), QuotaCandidate("B", Decimal(95))]

    outcome = _quota(candidates, 3)

    # k=1: 1 ≤ 0.2·(3+2−1) = 0.8? no → 0
    assert 0 == outcome.excellent_allowed
    assert ("A", "B") == outcome.demoted
    assert (_below("A", 0, 2), _below("B", 0, 2)) == outcome.findings


def test_priority_is_kept_before_score() -> None:
    """With one place, the candidate of higher priority is kept over higher scores."""
    candidates = [
        QuotaCandidate("A", Decimal(99)),
        QuotaCandidate("B", Decimal(80), priority=1),
        QuotaCandidate("C", None),
    ]

    outcome = _quota(candidates, 7)

    # k=1 (1 ≤ 0.2·9 = 1.8; 2 > 0.2·8 = 1.6): B (priority 1) first, then A (99), then C (no score).
    assert ("B",) == outcome.kept
    assert ("A", "C") == outcome.demoted


def test_negative_priority_ranks_below_the_default() -> None:
    """A priority below 0 ranks below candidates at the default priority, whatever the score."""
    candidates = [QuotaCandidate("A", Decimal(99), priority=-1), QuotaCandidate("B", None)]

    outcome = _quota(candidates, 10)

    # k=2: 2 ≤ 0.2·(10+2−2) = 2.0? yes → 2 (= n), both kept.
    assert ("A", "B") == outcome.kept
    outcome = _quota(candidates, 5)
    # k=2: 2 ≤ 0.2·5 = 1.0? no; k=1: 1 ≤ 0.2·6 = 1.2? yes → 1: B (priority 0) beats A (priority −1).
    assert ("B",) == outcome.kept


def test_no_score_ranks_below_any_score() -> None:
    """Candidates without a score are demoted before any candidate with one, even a score of 0."""
    candidates = [QuotaCandidate("A", None), QuotaCandidate("B", Decimal(0)), QuotaCandidate("C", Decimal(75))]

    outcome = _quota(candidates, 10)

    # k=2 (2 ≤ 2.2, 3 > 2.0): C (75) and B (0) kept, A (no score) demoted.
    assert ("B", "C") == outcome.kept
    assert ("A",) == outcome.demoted


def test_candidates_without_scores_tie_with_each_other() -> None:
    """Under the 132 regime (no scores) equal priorities tie: a cut among them demotes them all."""
    candidates = [QuotaCandidate(s, None) for s in ("A", "B", "C")]

    outcome = _quota(candidates, 10)

    # k=2 (2 ≤ 2.2, 3 > 2.0); all three tie.
    assert () == outcome.kept
    assert "'A', 'B', 'C' are tied (priority 0, no score)" in outcome.findings[-1].message


def test_no_candidates_give_no_places_and_no_findings() -> None:
    """With no candidate nothing is allowed, kept, demoted or reported; good is unchanged."""
    outcome = _quota([], 10)

    assert QuotaOutcome("K", R20, 10, 0, 0, (), (), ()) == outcome


def test_no_good_members_still_count_demoted_candidates() -> None:
    """0 good and 5 candidates at 25 %: k=1, the 4 demoted become the good (1 ≤ 0.25·4)."""
    outcome = _quota(_candidates(5), 0, R25)

    # k=2: 2 ≤ 0.25·(0+5−2) = 0.75? no; k=1: 1 ≤ 0.25·4 = 1.0? yes → 1
    assert 1 == outcome.excellent_allowed
    assert 4 == outcome.good
    # before demotion: floor(0.25·0) = 0
    assert 0 == apply_quota("K", _candidates(5), 0, ratio=R25, denominator=BEFORE, citation=CITE).excellent_allowed


def test_a_ratio_of_one_is_allowed() -> None:
    """Ratio 1 (the upper bound) is valid: 1 good and 2 candidates keep 1 (1 ≤ 1·2; 2 > 1·1)."""
    outcome = _quota(_candidates(2), 1, Decimal(1))

    assert ("C1",) == outcome.kept


def test_the_result_does_not_depend_on_the_input_order() -> None:
    """Reversed or shuffled input gives the same outcome."""
    candidates = [*_candidates(4), QuotaCandidate("C0", Decimal(97)), QuotaCandidate("X", None)]

    assert _quota(candidates, 13) == _quota(candidates[::-1], 13)
    assert _quota(candidates, 13) == _quota(iter(sorted(candidates, key=lambda c: c.subject)), 13)


def test_the_citation_may_be_empty_as_a_rule_set_default() -> None:
    """An empty citation (a rule set's default) is passed through to the findings."""
    outcome = apply_quota("K", _candidates(2), 8, ratio=R20, citation="")

    assert [""] == [f.citation for f in outcome.findings]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"ratio": Decimal(0)}, r"ratio must be a Decimal in \(0, 1\] \(got Decimal\('0'\)\)"),
        ({"ratio": Decimal("-0.2")}, r"ratio must be a Decimal in \(0, 1\] \(got Decimal\('-0.2'\)\)"),
        ({"ratio": Decimal("1.01")}, r"ratio must be a Decimal in \(0, 1\] \(got Decimal\('1.01'\)\)"),
        ({"ratio": Decimal("NaN")}, r"ratio must be a Decimal in \(0, 1\] \(got Decimal\('NaN'\)\)"),
        ({"ratio": Decimal("Infinity")}, r"ratio must be a Decimal in \(0, 1\] \(got Decimal\('Infinity'\)\)"),
        ({"ratio": 0.2}, r"ratio must be a Decimal in \(0, 1\] \(got 0.2\)"),
        ({"good": -1}, r"good must be a whole number ≥ 0 \(got -1\)"),
        ({"good": True}, r"good must be a whole number ≥ 0 \(got True\)"),
        ({"good": 2.0}, r"good must be a whole number ≥ 0 \(got 2.0\)"),
        ({"group": ""}, r"group must be a non-empty string \(got ''\)"),
        ({"group": "  "}, r"group must be a non-empty string \(got '  '\)"),
        ({"group": None}, r"group must be a non-empty string \(got None\)"),
        ({"citation": None}, r"citation must be a string \(got None\)"),
        (
            {"candidates": [QuotaCandidate("M1", None), QuotaCandidate("M2", None), QuotaCandidate("M1", Decimal(90))]},
            r"candidates list subject 'M1' twice in group 'K'",
        ),
        ({"candidates": ["M1"]}, r"candidates must hold QuotaCandidate records \(got str: 'M1'\)"),
    ],
)
def test_unusable_arguments_are_refused_naming_the_argument_and_what_arrived(
    arguments: dict[str, object], message: str
) -> None:
    """Each unusable argument raises InvalidArgumentError naming it and the value received."""
    call: dict[str, object] = {"group": "K", "candidates": [], "good": 5, "ratio": R20, "citation": CITE}
    call.update(arguments)

    with pytest.raises(InvalidArgumentError, match=message):
        apply_quota(**call)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"subject": ""}, r"'subject' must not be empty"),
        ({"score": Decimal("100.5")}, r"'score' must be in \[0, 100\] \(got 100.5\)"),
        ({"score": 90}, r"'score' must be a finite decimal \(got 90\)"),
        ({"priority": True}, r"'priority' must be a whole number \(got True\)"),
        ({"priority": 1.5}, r"'priority' must be a whole number \(got 1.5\)"),
    ],
)
def test_invalid_candidates_are_refused(arguments: dict[str, object], message: str) -> None:
    """A candidate with a blank subject, a score off the 100-point scale or a non-integer priority is refused."""
    fields: dict[str, object] = {"subject": "M1", "score": Decimal(90), "priority": 0}
    fields.update(arguments)

    with pytest.raises(InvalidRecordError, match=message):
        QuotaCandidate(**fields)  # type: ignore[arg-type]
