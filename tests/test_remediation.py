"""Follow-up of reviews and remediation (C7), example by example, each threshold at, just below and just above.

Expectations come from regulations.md §4 (every shortcoming of the previous review
is followed up; excellent needs 100 % remedied, QĐ 366 Điều 11 điểm 1.4) and the
documented product defaults: as of day D a remedy is done when done on or before D,
else overdue when due before D, else open; a shortcoming is remedied when it has a
remedy and all its remedies are done; without a review the share is not evidenced.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from fractions import Fraction

import attrs
import pytest

from partyreview import (
    Assessment,
    Dataset,
    Finding,
    FindingParam,
    Level,
    Member,
    Membership,
    Rating,
    RemediationReport,
    RemediationShare,
    Remedy,
    RemedyItem,
    RemedyState,
    Review,
    Severity,
    Shortcoming,
    Unit,
    UnitKind,
    follow_up,
    generate_example,
    rate_year,
    remediation_share,
    remediation_shares,
    remedy_state,
)
from partyreview._remediation import NO_REMEDY_CITATION, OVERDUE_CITATION
from partyreview.rules import QD124_2023, QD366_2025, RatingRuleSet

D = dt.date(2025, 6, 30)  # the follow-up day of most examples
DAY = dt.timedelta(days=1)
OPEN, OVERDUE, DONE = RemedyState.OPEN, RemedyState.OVERDUE, RemedyState.DONE


def _remedy(
    due: dt.date | None = None, done_on: dt.date | None = None, action: str = "Act", owner: str | None = "M1"
) -> Remedy:
    return Remedy(action, owner, due, done_on)


def _review(*shortcomings: Iterable[Remedy], review_id: str = "R1", subject: str = "C1", year: int = 2024) -> Review:
    """A review whose n-th shortcoming "S<n>" has the remedies given."""
    return Review(
        review_id,
        subject,
        year,
        shortcomings=[Shortcoming(f"S{i}", "cause", list(remedies)) for i, remedies in enumerate(shortcomings)],
    )


# -- the state of one remedy: due and done days around the follow-up day -------------------------------


@pytest.mark.parametrize(
    ("due", "state"),
    [
        (D - DAY, OVERDUE),  # due the day before: overdue
        (D, OPEN),  # due that very day: still open
        (D + DAY, OPEN),  # due the day after: open
        (None, OPEN),  # no due day: never overdue
    ],
)
def test_an_undone_remedy_is_overdue_only_after_its_due_day(due: dt.date | None, state: RemedyState) -> None:
    assert state == remedy_state(_remedy(due), D)


@pytest.mark.parametrize(
    ("done_on", "state"),
    [
        (D - DAY, DONE),
        (D, DONE),  # done on the follow-up day counts as done
        (D + DAY, OVERDUE),  # done the day after: not done yet on D, and due before D
    ],
)
def test_a_remedy_is_done_from_its_done_day_on(done_on: dt.date, state: RemedyState) -> None:
    assert state == remedy_state(_remedy(D - 10 * DAY, done_on), D)


def test_a_remedy_done_after_the_day_and_not_yet_due_is_open() -> None:
    assert OPEN == remedy_state(_remedy(D + DAY, D + 2 * DAY), D)


def test_done_wins_over_overdue_and_needs_no_due_day() -> None:
    assert (DONE, DONE) == (remedy_state(_remedy(D - 30 * DAY, D), D), remedy_state(_remedy(None, D), D))


# -- follow_up: items, counts, order, late, findings ----------------------------------------------------


@pytest.mark.parametrize(
    ("done_on", "late"),
    [(D - 2 * DAY, False), (D - DAY, False), (D, True)],  # due D - 1 day: done before, on, after it
)
def test_late_means_done_after_the_due_day(done_on: dt.date, late: bool) -> None:
    report = follow_up([_review([_remedy(D - DAY, done_on)])], D)

    assert [(DONE, late)] == [(i.state, i.late) for i in report.items]


def test_an_undone_or_undated_remedy_is_never_late() -> None:
    remedies = [_remedy(D - DAY), _remedy(D + DAY), _remedy(None, D - DAY), _remedy(D - DAY, D + DAY)]

    report = follow_up([_review(remedies)], D)

    assert [False] * 4 == [i.late for i in report.items]


def test_a_completion_after_the_day_is_not_shown() -> None:
    """As of D, a remedy done on D + 1 is not done: the item shows no done day (the report is as it stood on D)."""
    report = follow_up([_review([_remedy(D + 5 * DAY, D + DAY), _remedy(D + 5 * DAY, D)])], D)

    assert [(OPEN, None), (DONE, D)] == [(i.state, i.done_on) for i in report.items]


def test_an_item_carries_the_remedy_and_where_it_comes_from() -> None:
    review = Review(
        "R-C1-2024",
        "C1",
        2024,
        shortcomings=[
            Shortcoming("Late minutes", "no clerk", [Remedy("Name a clerk", "M1", D, D - DAY)]),
            Shortcoming("Few speakers", "", [Remedy("Ask everyone", None, None, None), Remedy("Rotate", "M2", D)]),
        ],
    )

    report = follow_up([review], D)

    expected = (
        RemedyItem("R-C1-2024", "C1", 2024, 1, "Few speakers", 1, "Rotate", "M2", D, None, OPEN, late=False),
        RemedyItem("R-C1-2024", "C1", 2024, 1, "Few speakers", 0, "Ask everyone", None, None, None, OPEN, late=False),
        RemedyItem("R-C1-2024", "C1", 2024, 0, "Late minutes", 0, "Name a clerk", "M1", D, D - DAY, DONE, late=False),
    )
    assert expected == report.items


def test_counts_and_order_overdue_first_then_open_then_done_each_by_due_day() -> None:
    first = _review(
        [_remedy(D - 5 * DAY, action="a"), _remedy(D + 9 * DAY, action="b")],
        [_remedy(D - 9 * DAY, D, action="c")],
        review_id="R2",
    )
    second = _review(
        [_remedy(D - 9 * DAY, action="d"), _remedy(None, action="e"), _remedy(D + DAY, D - DAY, action="f")],
        review_id="R1",
        subject="C2",
    )

    report = follow_up([first, second], D)

    assert (D, 2, 2, 2, 6) == (report.as_of, report.open, report.overdue, report.done, report.total)
    assert ["d", "a", "b", "e", "c", "f"] == [i.action for i in report.items]


def test_equal_due_days_are_ordered_by_review_then_shortcoming_then_remedy() -> None:
    due = D - DAY
    r2 = _review([_remedy(due, action="r2-0-0")], review_id="R2")
    r1 = _review([_remedy(due, action="r1-0-0")], [_remedy(due, action="r1-1-0"), _remedy(due, action="r1-1-1")])

    report = follow_up([r2, r1], D)

    assert ["r1-0-0", "r1-1-0", "r1-1-1", "r2-0-0"] == [i.action for i in report.items]


def test_an_overdue_remedy_is_a_warning_naming_owner_due_day_and_delay() -> None:
    review = _review([_remedy(D - 14 * DAY, action="Name a clerk", owner="M7")], review_id="R-C1-2024")

    report = follow_up([review], D)

    params: dict[str, FindingParam] = {
        "subject": "C1",
        "review": "R-C1-2024",
        "year": 2024,
        "shortcoming": "S0",
        "action": "Name a clerk",
        "owner": "M7",
        "due": "2025-06-16",
        "as_of": "2025-06-30",
        "days": 14,
    }
    expected = Finding(
        "remediation.overdue",
        Severity.WARNING,
        "C1: remedy “Name a clerk” of review R-C1-2024 (owner M7) was due 2025-06-16 and is not done on "
        "2025-06-30 (14 days overdue).",
        OVERDUE_CITATION,
        params=params,
    )
    assert (expected,) == report.findings


def test_an_overdue_remedy_without_owner_says_so_and_has_an_empty_owner_param() -> None:
    report = follow_up([_review([_remedy(D - DAY, owner=None)])], D)

    (finding,) = report.findings
    assert ("", True) == (finding.param("owner"), "(no owner named)" in finding.message)
    assert 1 == finding.param("days")


def test_the_overdue_finding_cites_the_follow_up_form_and_the_product_default() -> None:
    assert OVERDUE_CITATION.startswith("Hướng dẫn 43-HD/BTCTW, Mẫu 01-HD KĐ.ĐG mục III")
    assert "product default" in OVERDUE_CITATION


def test_open_and_done_remedies_raise_no_finding() -> None:
    report = follow_up([_review([_remedy(D), _remedy(D - DAY, D)])], D)

    assert () == report.findings


def test_a_shortcoming_without_remedy_is_a_warning_after_the_overdue_ones() -> None:
    review = _review([], [_remedy(D - DAY)], [], review_id="R9", subject="M3", year=2025)

    report = follow_up([review], D)

    assert ["remediation.overdue", "remediation.no_remedy", "remediation.no_remedy"] == [
        f.code for f in report.findings
    ]
    params: dict[str, FindingParam] = {"subject": "M3", "review": "R9", "year": 2025, "shortcoming": "S0", "index": 0}
    expected = Finding(
        "remediation.no_remedy",
        Severity.WARNING,
        "M3: shortcoming “S0” of review R9 has no remedy; it counts as not remedied.",
        NO_REMEDY_CITATION,
        params=params,
    )
    assert expected == report.findings[1]
    assert 2 == report.findings[2].param("index")


def test_no_remedy_findings_are_ordered_by_review_and_position() -> None:
    reviews = [_review([], review_id="R2"), _review([_remedy()], [], review_id="R1")]

    report = follow_up(reviews, D)

    assert [("R1", 1), ("R2", 0)] == [(f.param("review"), f.param("index")) for f in report.findings]


def test_follow_up_of_nothing_is_empty() -> None:
    assert RemediationReport(D, (), ()) == follow_up([], D)


def test_counts_are_derived_from_the_items() -> None:
    items = tuple(
        RemedyItem("R1", "C1", 2024, 0, "S0", j, "a", None, None, None, state, late=False)
        for j, state in enumerate([OPEN, OPEN, DONE])
    )

    report = RemediationReport(D, items, ())

    assert (2, 0, 1, 3) == (report.open, report.overdue, report.done, report.total)


# -- the share of shortcomings remedied -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("done_on", "share"),
    [(D - DAY, Fraction(1)), (D, Fraction(1)), (D + DAY, Fraction(1, 2))],
)
def test_share_counts_a_shortcoming_remedied_from_the_day_its_last_remedy_is_done(
    done_on: dt.date, share: Fraction
) -> None:
    review = _review([_remedy(D, D - 9 * DAY)], [_remedy(D, D - 9 * DAY), _remedy(D, done_on)])

    actual = remediation_share([review], "C1", 2024, D)

    assert (share, Fraction) == (actual, type(actual))


def test_a_shortcoming_is_remedied_only_when_every_remedy_is_done() -> None:
    review = _review([_remedy(D, D), _remedy(D)], [_remedy(D, D)], [_remedy(D)])

    assert Fraction(1, 3) == remediation_share([review], "C1", 2024, D)


def test_a_shortcoming_without_remedy_is_not_remedied() -> None:
    assert Fraction(0) == remediation_share([_review([])], "C1", 2024, D)


def test_a_review_without_shortcomings_has_nothing_to_remedy() -> None:
    assert Fraction(1) == remediation_share([_review()], "C1", 2024, D)


def test_without_a_review_of_that_year_the_share_is_not_evidenced() -> None:
    reviews = [_review([_remedy(D, D)], year=2025), _review([_remedy(D, D)], subject="C2", review_id="R2")]

    assert remediation_share(reviews, "C1", 2024, D) is None


def test_every_review_of_the_subject_and_year_counts_and_no_other() -> None:
    reviews = [
        _review([_remedy(D, D)], [_remedy(D)], review_id="R-cell"),
        _review([_remedy(D, D)], review_id="R-leadership"),
        _review([_remedy(D)], review_id="R-2025", year=2025),
        _review([_remedy(D)], review_id="R-other", subject="C2"),
    ]

    assert Fraction(2, 3) == remediation_share(reviews, "C1", 2024, D)


def test_shares_per_subject_are_sorted_and_name_their_reviews() -> None:
    reviews = [
        _review([_remedy(D, D)], [_remedy(D)], review_id="R3", subject="C2"),
        _review([_remedy(D, D)], review_id="R2", subject="C1"),
        _review([_remedy(D)], review_id="R1", subject="C2"),
        _review([_remedy(D)], review_id="R0", subject="C3", year=2025),
    ]

    shares = remediation_shares(reviews, 2024, D)

    assert {
        "C1": RemediationShare("C1", 2024, D, 1, 1, ("R2",)),
        "C2": RemediationShare("C2", 2024, D, 1, 3, ("R1", "R3")),
    } == shares
    assert ["C1", "C2"] == list(shares)


@pytest.mark.parametrize(
    ("remedied", "total", "share", "complete"),
    [(0, 0, Fraction(1), True), (2, 3, Fraction(2, 3), False), (9, 10, Fraction(9, 10), False), (3, 3, 1, True)],
)
def test_share_is_exact_and_complete_only_at_100_percent(
    remedied: int, total: int, share: Fraction, complete: bool
) -> None:
    record = RemediationShare("C1", 2024, D, remedied, total, ("R1",))

    assert (share, complete) == (record.share, record.complete)


# -- rating: "100 % of the previous review's shortcomings remedied" (QĐ 366 Điều 11 điểm 1.4) -----------

YEAR = 2025
REF = dt.date(YEAR, 12, 31)  # QĐ 366 rule set: judged on 31 December of the year rated
SINCE = dt.date(2010, 1, 1)
BAND, FROM_REVIEWS = "rating.band", "rating.condition.remediation_from_reviews"
FAILED, NOT_EVIDENCED, MET = "rating.condition.failed", "rating.condition.not_evidenced", "rating.condition.met"
FILLERS = ("F1", "F2", "F3", "F4", "F5")


def _assessment(subject: str, score: int, fixed: bool | None = None) -> Assessment:
    """A QĐ 366 assessment meeting every condition of excellent but, unless given, silent on remediation."""
    return Assessment(
        subject,
        YEAR,
        score=Decimal(score),
        tasks_done=Decimal(1),
        tasks_behind=Decimal(0),
        tasks_exceeded=Decimal("0.30"),
        prior_shortcomings_fixed=fixed,
        disciplined=False,
        degradation=False,
        mitigated=False,
    )


def _rate(
    assessment: Assessment, reviews: Sequence[Review], rules: RatingRuleSet = QD366_2025, subject: str = "M1"
) -> Rating:
    """Rate ``subject`` (M1, a member of cell C1, or the cell) next to five members rated good (the quota leaves one place)."""
    units = [
        Unit("K", "Đảng bộ Khối", UnitKind.COMMITTEE),
        Unit("G", "Đảng bộ cơ sở", UnitKind.GRASSROOTS, "K"),
        Unit("C1", "Chi bộ C1", UnitKind.CELL, "G", SINCE),
    ]
    members = [Member(m, f"Đảng viên {m}", SINCE, memberships=[Membership("C1", SINCE)]) for m in ("M1", *FILLERS)]
    scored = [_assessment(f, 80, fixed=True) for f in FILLERS]
    others = scored if rules.scored else [Assessment(f, YEAR, proposed=Level.GOOD) for f in FILLERS]
    dataset = Dataset(units=units, members=members, assessments=[*others, assessment], reviews=reviews)
    rules = rules.derive(id=f"{rules.id}-test", quota_for_units=False) if rules.quota_for_units else rules
    return rate_year(dataset, YEAR, rules).of(subject)


def _prior(remedied: int, total: int, *, subject: str = "M1", year: int = YEAR - 1, done_on: dt.date = REF) -> Review:
    """A review of ``subject`` for ``year``: ``total`` shortcomings, the first ``remedied`` done on ``done_on``."""
    remedies = [[_remedy(dt.date(YEAR, 3, 31), done_on if i < remedied else None)] for i in range(total)]
    return _review(*remedies, review_id=f"R-{subject}-{year}", subject=subject, year=year)


def _codes(rating: Rating) -> tuple[Level | None, list[str]]:
    return rating.level, [r.code for r in rating.reasons if r.code != MET]


@pytest.mark.parametrize(
    ("review", "expected"),
    [
        (_prior(3, 3), (Level.EXCELLENT, [BAND, FROM_REVIEWS])),  # 100 %: at the threshold
        (_prior(9, 10), (Level.GOOD, [BAND, FROM_REVIEWS, FAILED])),  # just below 100 %
        (_prior(2, 3), (Level.GOOD, [BAND, FROM_REVIEWS, FAILED])),
        (_prior(0, 0), (Level.EXCELLENT, [BAND, FROM_REVIEWS])),  # nothing to remedy
        (_prior(0, 1), (Level.GOOD, [BAND, FROM_REVIEWS, FAILED])),
    ],
)
def test_a_silent_assessment_takes_the_remediation_from_last_years_review(
    review: Review, expected: tuple[Level, list[str]]
) -> None:
    """The share cannot exceed 100 %, so "just above" the threshold does not exist."""
    assert expected == _codes(_rate(_assessment("M1", 95), [review]))


@pytest.mark.parametrize(
    ("done_on", "level"),
    [(REF - DAY, Level.EXCELLENT), (REF, Level.EXCELLENT), (REF + DAY, Level.GOOD)],
)
def test_remedies_count_up_to_the_reference_day_of_the_year_rated(done_on: dt.date, level: Level) -> None:
    assert level == _rate(_assessment("M1", 95), [_prior(2, 2, done_on=done_on)]).level


def test_without_a_review_of_last_year_the_condition_is_not_evidenced() -> None:
    reviews = [_prior(1, 1, year=YEAR), _prior(1, 1, year=YEAR - 2), _prior(1, 1, subject="F1")]

    assert (Level.GOOD, [BAND, NOT_EVIDENCED]) == _codes(_rate(_assessment("M1", 95), reviews))


@pytest.mark.parametrize(
    ("fixed", "review", "expected"),
    [
        (False, _prior(1, 1), (Level.GOOD, [BAND, FAILED])),  # stated False beats a review all remedied
        (True, _prior(0, 1), (Level.EXCELLENT, [BAND])),  # stated True beats a review with nothing remedied
    ],
)
def test_a_stated_fact_always_wins_over_the_reviews(
    fixed: bool, review: Review, expected: tuple[Level, list[str]]
) -> None:
    assert expected == _codes(_rate(_assessment("M1", 95, fixed=fixed), [review]))


def test_the_reason_gives_the_count_the_share_and_the_clause() -> None:
    rating = _rate(_assessment("M1", 95), [_prior(2, 3)])

    params: dict[str, FindingParam] = {
        "subject": "M1",
        "review_year": 2024,
        "reviews": "R-M1-2024",
        "remedied": 2,
        "total": 3,
        "share": "2/3",
        "as_of": "2025-12-31",
    }
    expected = Finding(
        FROM_REVIEWS,
        Severity.INFO,
        "M1: the assessment does not say whether the previous review's shortcomings were remedied; the review of "
        "2024 (R-M1-2024) shows 2 of 3 remedied by 2025-12-31.",
        QD366_2025.conditions_citation,
        params=params,
    )
    assert expected == rating.reasons[1]
    assert "remedied" in rating.reasons[2].message
    assert "(assessed: no)" in rating.reasons[2].message


def test_below_the_excellent_band_the_reviews_are_not_read() -> None:
    """Only excellent has the condition: a good-band member with an unremedied review gets no remediation reason."""
    assert (Level.GOOD, [BAND]) == _codes(_rate(_assessment("M1", 89), [_prior(0, 2)]))


def test_a_cells_review_answers_for_the_cell() -> None:
    cell = _assessment("C1", 95)

    remedied = _rate(cell, [_prior(1, 1, subject="C1")], subject="C1")
    not_remedied = _rate(cell, [_prior(0, 1, subject="C1")], subject="C1")

    assert (Level.EXCELLENT, [BAND, FROM_REVIEWS]) == _codes(remedied)
    assert (Level.GOOD, [BAND, FROM_REVIEWS, FAILED]) == _codes(not_remedied)


def test_regimes_without_the_condition_do_not_read_the_reviews() -> None:
    assessment = Assessment("M1", YEAR, proposed=Level.EXCELLENT)

    rating = _rate(assessment, [_prior(0, 1)], rules=QD124_2023)

    assert (Level.EXCELLENT, ["rating.proposed"]) == _codes(rating)


def test_a_province_that_drops_the_condition_does_not_read_the_reviews() -> None:
    rules = QD366_2025.derive(id="no-prior", excellent_needs_prior_fixed=False)

    assert (Level.EXCELLENT, [BAND]) == _codes(_rate(_assessment("M1", 95), [_prior(0, 1)], rules=rules))


# -- the example committee ----------------------------------------------------------------------------------


def test_the_demo_has_open_overdue_and_done_remedies_of_last_years_reviews_at_year_end() -> None:
    dataset = generate_example("demo", seed=1)

    report = follow_up(dataset.reviews, REF)

    assert {YEAR - 1} == {r.year for r in dataset.reviews}
    assert (True, True, True) == (report.open > 0, report.overdue > 0, report.done > 0)


@pytest.mark.parametrize("seed", [0, 1])
def test_the_example_leaves_remediation_to_its_reviews(seed: int) -> None:
    """Reviewed cells' assessments leave the fact out; stating what the reviews say changes no level."""
    dataset = generate_example("demo", seed=seed)
    shares = remediation_shares(dataset.reviews, YEAR - 1, dt.date(YEAR, 12, 31))
    assessed = {a.subject for a in dataset.assessments}
    assert {a.subject for a in dataset.assessments if a.prior_shortcomings_fixed is None} == set(shares) & assessed
    told = attrs.evolve(
        dataset,
        assessments=[
            attrs.evolve(a, prior_shortcomings_fixed=shares[a.subject].complete) if a.subject in shares else a
            for a in dataset.assessments
        ],
    )

    read, stated = rate_year(dataset, YEAR, QD366_2025), rate_year(told, YEAR, QD366_2025)

    assert stated.levels() == read.levels()
    assert all(f.code != FROM_REVIEWS for r in stated.ratings for f in r.reasons)
    assert (seed == 0) == any(f.code == FROM_REVIEWS for r in read.ratings for f in r.reasons)
