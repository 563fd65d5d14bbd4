"""Invariants of the follow-up of reviews (C7) over generated reviews and follow-up days.

Reviews come from `partyreview.testing`.  In ``dense_review_lists`` every due and
done day falls in three weeks of January and the follow-up days straddle them, so
remedies due or done on the follow-up day, or the day before or after, are
common; ``review_lists`` draws any valid review (days over two years).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from partyreview import RemedyState, Review, follow_up, remediation_share, remediation_shares, remedy_state
from partyreview import testing as prt

pytestmark = pytest.mark.property

YEAR = 2025
FIRST, LAST = dt.date(YEAR, 1, 1), dt.date(YEAR, 1, 21)
follow_up_days = st.dates(FIRST - dt.timedelta(days=2), LAST + dt.timedelta(days=2))
SUBJECTS = ("C1", "C2", "M1")
YEARS = (YEAR - 1, YEAR)
_RANK = {RemedyState.OVERDUE: 0, RemedyState.OPEN: 1, RemedyState.DONE: 2}


@st.composite
def dense_reviews(draw: st.DrawFn, review_id: str) -> Review:
    """A review of one of `SUBJECTS` for one of `YEARS`, its remedies due and done between `FIRST` and `LAST`."""
    shortcomings = draw(st.lists(prt.shortcomings(owners=("M0", "M1"), min_date=FIRST, max_date=LAST), max_size=3))
    return Review(review_id, draw(st.sampled_from(SUBJECTS)), draw(st.sampled_from(YEARS)), shortcomings=shortcomings)


@st.composite
def any_reviews(draw: st.DrawFn, review_id: str) -> Review:
    """Any valid review of one of `SUBJECTS` for one of `YEARS`, renamed ``review_id``."""
    review = draw(prt.reviews(subject=draw(st.sampled_from(SUBJECTS)), year=draw(st.sampled_from(YEARS))))
    return Review(review_id, review.subject, review.year, review.opinions, review.strengths, review.shortcomings)


@st.composite
def review_lists(draw: st.DrawFn, max_size: int = 4) -> list[Review]:
    """0–``max_size`` reviews with distinct ids R0, R1, …, mostly dense, sometimes any."""
    return [
        draw(st.one_of(dense_reviews(f"R{i}"), dense_reviews(f"R{i}"), any_reviews(f"R{i}")))
        for i in range(draw(st.integers(0, max_size)))
    ]


def _positions(reviews: list[Review]) -> Counter[tuple[str, int, int]]:
    """(review id, shortcoming index, remedy index) of every remedy."""
    return Counter(
        (review.id, i, j)
        for review in reviews
        for i, shortcoming in enumerate(review.shortcomings)
        for j in range(len(shortcoming.remedies))
    )


@given(review_lists(), follow_up_days)
def test_the_states_partition_the_remedies(reviews: list[Review], as_of: dt.date) -> None:
    """Every remedy is one item in exactly one state; open + overdue + done is the number of remedies."""
    report = follow_up(reviews, as_of)
    by_state = {state: [i for i in report.items if i.state is state] for state in RemedyState}
    remedy = {
        (review.id, i, j): r
        for review in reviews
        for i, shortcoming in enumerate(review.shortcomings)
        for j, r in enumerate(shortcoming.remedies)
    }

    assert _positions(reviews) == Counter((i.review, i.shortcoming_index, i.remedy_index) for i in report.items)
    assert sum(len(items) for items in by_state.values()) == len(report.items)
    assert (len(by_state[RemedyState.OPEN]), len(by_state[RemedyState.OVERDUE]), len(by_state[RemedyState.DONE])) == (
        report.open,
        report.overdue,
        report.done,
    )
    assert len(remedy) == report.open + report.overdue + report.done == report.total
    for item in report.items:
        assert remedy_state(remedy[item.review, item.shortcoming_index, item.remedy_index], as_of) is item.state


@given(review_lists(), follow_up_days, follow_up_days)
def test_states_are_monotone_in_the_day(reviews: list[Review], first: dt.date, second: dt.date) -> None:
    """Later, a done remedy stays done and an overdue one never becomes open again."""
    earlier, later = sorted((first, second))
    for review in reviews:
        for shortcoming in review.shortcomings:
            for remedy in shortcoming.remedies:
                before, after = remedy_state(remedy, earlier), remedy_state(remedy, later)
                if before is RemedyState.DONE:
                    assert after is RemedyState.DONE
                if before is RemedyState.OVERDUE:
                    assert after is not RemedyState.OPEN


@given(review_lists(), follow_up_days)
def test_items_are_ordered_overdue_open_done_and_by_due_day(reviews: list[Review], as_of: dt.date) -> None:
    report = follow_up(reviews, as_of)
    keys = [(_RANK[i.state], i.due or dt.date.max, i.review, i.shortcoming_index, i.remedy_index) for i in report.items]

    assert sorted(keys) == keys


@given(review_lists(), follow_up_days)
def test_item_facts_agree_with_the_state(reviews: list[Review], as_of: dt.date) -> None:
    """A done day is shown only when done by the day; late only when done after the due day; overdue only past due."""
    for item in follow_up(reviews, as_of).items:
        assert (item.done_on is not None) == (item.state is RemedyState.DONE)
        assert item.done_on is None or item.done_on <= as_of
        assert item.late == (item.done_on is not None and item.due is not None and item.done_on > item.due)
        if item.state is RemedyState.OVERDUE:
            assert item.due is not None
            assert item.due < as_of


@given(review_lists(), follow_up_days)
def test_one_finding_per_overdue_remedy_and_per_shortcoming_without_remedy(
    reviews: list[Review], as_of: dt.date
) -> None:
    report = follow_up(reviews, as_of)
    bare = sum(1 for r in reviews for s in r.shortcomings if not s.remedies)

    assert {"remediation.overdue": report.overdue, "remediation.no_remedy": bare} == {
        "remediation.overdue": sum(1 for f in report.findings if f.code == "remediation.overdue"),
        "remediation.no_remedy": sum(1 for f in report.findings if f.code == "remediation.no_remedy"),
    }
    assert len(report.findings) == report.overdue + bare


@given(review_lists(), st.sampled_from(YEARS), follow_up_days, follow_up_days)
def test_shares_are_fractions_of_the_shortcomings_that_never_fall_later(
    reviews: list[Review], year: int, first: dt.date, second: dt.date
) -> None:
    """Per subject: 0 ≤ remedied ≤ total (all its shortcomings of the year), and a later day never lowers the share."""
    earlier, later = sorted((first, second))
    before, after = remediation_shares(reviews, year, earlier), remediation_shares(reviews, year, later)

    assert sorted({r.subject for r in reviews if r.year == year}) == list(before) == list(after)
    for subject, share in before.items():
        total = sum(len(r.shortcomings) for r in reviews if r.subject == subject and r.year == year)
        assert 0 <= share.remedied <= share.total == total
        assert 0 <= share.share <= 1
        assert share.share <= after[subject].share
        assert share.complete == (share.share == 1)


@given(review_lists(), st.sampled_from(YEARS), follow_up_days)
def test_a_shortcoming_counts_as_remedied_when_all_its_follow_up_items_are_done(
    reviews: list[Review], year: int, as_of: dt.date
) -> None:
    """The share agrees with the follow-up: remedied = shortcomings with items, every one of them done."""
    states: dict[tuple[str, int], list[RemedyState]] = {}
    for item in follow_up([r for r in reviews if r.year == year], as_of).items:
        states.setdefault((item.review, item.shortcoming_index), []).append(item.state)
    subject_of = {r.id: r.subject for r in reviews}
    expected = Counter(subject_of[rid] for (rid, _), ss in states.items() if all(s is RemedyState.DONE for s in ss))

    shares = remediation_shares(reviews, year, as_of)

    assert {s: expected[s] for s in shares} == {s: share.remedied for s, share in shares.items()}


@given(review_lists(), st.sampled_from(SUBJECTS), st.sampled_from(YEARS), follow_up_days)
def test_the_share_of_one_subject_is_its_entry_among_all(
    reviews: list[Review], subject: str, year: int, as_of: dt.date
) -> None:
    """None exactly when the subject has no review of the year; otherwise the share of its entry."""
    entry = remediation_shares(reviews, year, as_of).get(subject)

    assert (None if entry is None else entry.share) == remediation_share(reviews, subject, year, as_of)
