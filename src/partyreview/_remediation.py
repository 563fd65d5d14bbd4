"""Follow-up of self-criticism reviews (C7): where every remedy stands on a day, and how much was remedied.

A review (kiểm điểm tự phê bình và phê bình) names shortcomings and, for each,
remedies with an owner, a due date and a done date.  The next review must report
the state of every shortcoming of the previous one (HD 43-HD/BTCTW, Mẫu 01 mục
III), and "excellent" needs 100 % of them remedied (QĐ 366-QĐ/TW Điều 11 điểm
1.4).

As of a day D, a remedy is *done* when it was done on or before D; otherwise
*overdue* when its due date is before D; otherwise *open* (due on D or later, or
no due date).  A shortcoming is *remedied* as of D when it has at least one
remedy and every remedy is done; a shortcoming with no remedy is not remedied.

>>> import datetime as dt
>>> from partyreview import Remedy, Review, Shortcoming
>>> review = Review("R1", "C1", 2024, shortcomings=[
...     Shortcoming("Minutes written late", remedies=[
...         Remedy("Write the minutes within 3 days", "M1", dt.date(2025, 3, 31), dt.date(2025, 3, 20))]),
...     Shortcoming("Few members speak", remedies=[Remedy("Ask every member", "M2", dt.date(2025, 6, 30))]),
... ])
>>> report = follow_up([review], dt.date(2025, 12, 31))
>>> report.open, report.overdue, report.done
(0, 1, 1)
>>> [item.state.value for item in report.items]
['overdue', 'done']
>>> remediation_share([review], "C1", 2024, dt.date(2025, 12, 31))
Fraction(1, 2)
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from fractions import Fraction
from typing import Final

import attrs

from ._arguments import check_day, check_instance, check_year
from ._enums import Enum
from ._findings import Finding, FindingParam, Severity
from ._reviews import Remedy, Review, Shortcoming

__all__ = [
    "RemediationReport",
    "RemediationShare",
    "RemedyItem",
    "RemedyState",
    "follow_up",
    "remediation_share",
    "remediation_shares",
    "remedy_state",
]

FOLLOW_UP_CITATION: Final = (
    "Hướng dẫn 43-HD/BTCTW, Mẫu 01-HD KĐ.ĐG mục III (kết quả khắc phục hạn chế, khuyết điểm đã được chỉ ra)"
)
"""Clause behind following up every shortcoming of the previous review."""
OVERDUE_CITATION: Final = f"{FOLLOW_UP_CITATION}; product default: a remedy not done by its due date is overdue (no national clause on deadlines)"
"""Clause behind the overdue finding: no national text sets remedy deadlines, the review's own due date is used."""
NO_REMEDY_CITATION: Final = (
    "Quy định 366-QĐ/TW Điều 12 khoản 1 (tự kiểm điểm nêu rõ hạn chế, nguyên nhân và biện pháp khắc phục); "
    "Hướng dẫn 43-HD/BTCTW, Mẫu 01-HD KĐ.ĐG mục VI"
)
"""Clause behind the finding for a shortcoming without any remedy."""


class RemedyState(Enum):
    """Where a remedy stands on a given day; every remedy is in exactly one state."""

    OPEN = "open"
    """Not done yet, and not past its due date (due that day or later, or no due date)."""
    OVERDUE = "overdue"
    """Not done, and its due date is before the day."""
    DONE = "done"
    """Done on or before the day."""


_STATE_ORDER: Final = {RemedyState.OVERDUE: 0, RemedyState.OPEN: 1, RemedyState.DONE: 2}


def remedy_state(remedy: Remedy, as_of: dt.date) -> RemedyState:
    """The state of ``remedy`` on day ``as_of`` (a remedy done after ``as_of`` is not done yet on that day).

    >>> r = Remedy("Hold the meeting", due=dt.date(2025, 3, 31), done_on=dt.date(2025, 4, 2))
    >>> [remedy_state(r, dt.date(2025, 3, d)).value for d in (30, 31)], remedy_state(r, dt.date(2025, 4, 1)).value
    (['open', 'open'], 'overdue')
    >>> remedy_state(r, dt.date(2025, 4, 2)).value
    'done'
    """
    check_instance(remedy, Remedy, "remedy")
    check_day(as_of, "as_of")
    return _state(remedy, as_of)


def _state(remedy: Remedy, as_of: dt.date) -> RemedyState:
    if remedy.done_on is not None and remedy.done_on <= as_of:
        return RemedyState.DONE
    if remedy.due is not None and remedy.due < as_of:
        return RemedyState.OVERDUE
    return RemedyState.OPEN


def _remedied(shortcoming: Shortcoming, as_of: dt.date) -> bool:
    """At least one remedy, and every remedy done by ``as_of``."""
    return bool(shortcoming.remedies) and all(
        _state(remedy, as_of) is RemedyState.DONE for remedy in shortcoming.remedies
    )


@attrs.frozen
class RemedyItem:
    """One remedy of one review, with where it stands on the follow-up day."""

    review: str
    """Id of the review."""
    subject: str
    """Id of the unit or member reviewed."""
    year: int
    """The year reviewed."""
    shortcoming_index: int
    """Position of the shortcoming in the review (from 0)."""
    shortcoming: str
    """Text of the shortcoming."""
    remedy_index: int
    """Position of the remedy in the shortcoming (from 0)."""
    action: str
    """What is to be done."""
    owner: str | None
    """Id of the member responsible, if named."""
    due: dt.date | None
    """Deadline, if any."""
    done_on: dt.date | None
    """Day it was done, if done by the follow-up day; ``None`` otherwise (a later completion is not yet known)."""
    state: RemedyState
    """Open, overdue or done on the follow-up day."""
    late: bool
    """Done after its due date (only a done remedy can be late; an overdue one is in state `OVERDUE`)."""


@attrs.frozen
class RemediationReport:
    """The follow-up of reviews as of a day: every remedy's state, the counts, and the findings.

    ``items`` come overdue first, then open, then done; within a state by due date
    (no due date last), then review id, shortcoming and remedy position.
    """

    as_of: dt.date
    """The follow-up day."""
    items: tuple[RemedyItem, ...]
    """Every remedy of the reviews followed up, in the order above."""
    findings: tuple[Finding, ...]
    """``remediation.overdue`` for each overdue remedy (in item order), then ``remediation.no_remedy``."""
    open: int = attrs.field(init=False)
    """Number of open remedies."""
    overdue: int = attrs.field(init=False)
    """Number of overdue remedies."""
    done: int = attrs.field(init=False)
    """Number of done remedies."""

    def __attrs_post_init__(self) -> None:
        for state in RemedyState:
            object.__setattr__(self, state.value, sum(1 for item in self.items if item.state is state))

    @property
    def total(self) -> int:
        """Number of remedies (open + overdue + done)."""
        return len(self.items)


@attrs.frozen
class RemediationShare:
    """How many of a subject's shortcomings in its review(s) of a year were remedied by a day."""

    subject: str
    """Id of the unit or member reviewed."""
    year: int
    """The year reviewed."""
    as_of: dt.date
    """The day the remedies are judged on."""
    remedied: int
    """Shortcomings with at least one remedy, all done by ``as_of``."""
    total: int
    """All shortcomings of the subject's reviews of ``year``."""
    reviews: tuple[str, ...]
    """Ids of those reviews, sorted."""

    @property
    def share(self) -> Fraction:
        """``remedied / total`` exactly; 1 when the reviews found no shortcoming (nothing to remedy)."""
        return Fraction(self.remedied, self.total) if self.total else Fraction(1)

    @property
    def complete(self) -> bool:
        """Whether every shortcoming is remedied (the "100 % remedied" condition)."""
        return self.remedied == self.total


def _item(review: Review, i: int, j: int, as_of: dt.date) -> RemedyItem:
    """The ``j``-th remedy of the ``i``-th shortcoming of ``review``, as of ``as_of``."""
    shortcoming = review.shortcomings[i]
    remedy = shortcoming.remedies[j]
    state = _state(remedy, as_of)
    done = state is RemedyState.DONE
    return RemedyItem(
        review=review.id,
        subject=review.subject,
        year=review.year,
        shortcoming_index=i,
        shortcoming=shortcoming.text,
        remedy_index=j,
        action=remedy.action,
        owner=remedy.owner,
        due=remedy.due,
        done_on=remedy.done_on if done else None,
        state=state,
        late=done and remedy.due is not None and remedy.done_on is not None and remedy.done_on > remedy.due,
    )


def _sort_key(item: RemedyItem) -> tuple[int, dt.date, str, int, int]:
    return (_STATE_ORDER[item.state], item.due or dt.date.max, item.review, item.shortcoming_index, item.remedy_index)


def _overdue_finding(item: RemedyItem, as_of: dt.date) -> Finding:
    assert item.due is not None  # noqa: S101 - an overdue remedy has a due date
    owner = f"owner {item.owner}" if item.owner is not None else "no owner named"
    days = (as_of - item.due).days
    params: dict[str, FindingParam] = {
        "subject": item.subject,
        "review": item.review,
        "year": item.year,
        "shortcoming": item.shortcoming,
        "action": item.action,
        "owner": item.owner or "",
        "due": item.due.isoformat(),
        "as_of": as_of.isoformat(),
        "days": days,
    }
    return Finding(
        "remediation.overdue",
        Severity.WARNING,
        f"{item.subject}: remedy “{item.action}” of review {item.review} ({owner}) was due {item.due.isoformat()} "
        f"and is not done on {as_of.isoformat()} ({days} days overdue).",
        OVERDUE_CITATION,
        params=params,
    )


def _no_remedy_finding(review: Review, index: int, shortcoming: Shortcoming) -> Finding:
    params: dict[str, FindingParam] = {
        "subject": review.subject,
        "review": review.id,
        "year": review.year,
        "shortcoming": shortcoming.text,
        "index": index,
    }
    return Finding(
        "remediation.no_remedy",
        Severity.WARNING,
        f"{review.subject}: shortcoming “{shortcoming.text}” of review {review.id} has no remedy; "
        "it counts as not remedied.",
        NO_REMEDY_CITATION,
        params=params,
    )


def follow_up(reviews: Iterable[Review], as_of: dt.date) -> RemediationReport:
    """Every remedy of ``reviews`` with its state on ``as_of``, the counts, and findings for staff.

    Findings: ``remediation.overdue`` (warning) for each overdue remedy, and
    ``remediation.no_remedy`` (warning) for each shortcoming without any remedy,
    which can never count as remedied.

    >>> report = follow_up([], dt.date(2025, 12, 31))
    >>> (report.open, report.overdue, report.done, report.items, report.findings)
    (0, 0, 0, (), ())
    """
    check_day(as_of, "as_of")
    items: list[RemedyItem] = []
    bare: list[tuple[str, int, Finding]] = []
    for review in reviews:
        for i, shortcoming in enumerate(review.shortcomings):
            if not shortcoming.remedies:
                bare.append((review.id, i, _no_remedy_finding(review, i, shortcoming)))
            items.extend(_item(review, i, j, as_of) for j in range(len(shortcoming.remedies)))
    items.sort(key=_sort_key)
    findings = [_overdue_finding(item, as_of) for item in items if item.state is RemedyState.OVERDUE]
    findings += [finding for _, _, finding in sorted(bare, key=lambda b: (b[0], b[1]))]
    return RemediationReport(as_of=as_of, items=tuple(items), findings=tuple(findings))


def remediation_shares(reviews: Iterable[Review], year: int, as_of: dt.date) -> dict[str, RemediationShare]:
    """Per subject reviewed for ``year``: how many of its shortcomings were remedied by ``as_of``.

    Every review of a subject for that year counts (a leader reviewed both at the
    cell and in the leadership collective has two).  Keys are sorted; a subject
    without a review of ``year`` has no entry (its remediation is not evidenced).
    """
    check_year(year)
    check_day(as_of, "as_of")
    remedied: defaultdict[str, int] = defaultdict(int)
    total: defaultdict[str, int] = defaultdict(int)
    ids: defaultdict[str, list[str]] = defaultdict(list)
    for review in reviews:
        if review.year != year:
            continue
        ids[review.subject].append(review.id)
        total[review.subject] += len(review.shortcomings)
        remedied[review.subject] += sum(1 for s in review.shortcomings if _remedied(s, as_of))
    return {
        subject: RemediationShare(subject, year, as_of, remedied[subject], total[subject], tuple(sorted(ids[subject])))
        for subject in sorted(ids)
    }


def _prior_shares(reviews: Iterable[Review], year: int, as_of: dt.date) -> dict[str, RemediationShare]:
    """`remediation_shares` of the year before ``year`` (none before year 1, the first the calendar has)."""
    return {} if year <= dt.MINYEAR else remediation_shares(reviews, year - 1, as_of)


def remediation_share(reviews: Iterable[Review], subject: str, year: int, as_of: dt.date) -> Fraction | None:
    """The share of ``subject``'s shortcomings in its review(s) of ``year`` remedied by ``as_of``, exactly.

    ``None`` when ``subject`` has no review of ``year`` (not evidenced); 1 when its
    reviews found no shortcoming.  A shortcoming with no remedy is not remedied.
    """
    share = remediation_shares((r for r in reviews if r.subject == subject), year, as_of).get(subject)
    return None if share is None else share.share
