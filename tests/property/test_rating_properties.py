"""Invariants of the annual rating (C6) over generated committees, under each national rating rule set.

Each example is one committee "K" with grassroots organizations "G*", cells "C*" and
members "M*" who stay in one cell all year, with assessments for `YEAR`; every
property is checked under QĐ 132, QĐ 124 and QĐ 366 on the same example (the
generation dominates the cost; rating is cheap).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from decimal import Decimal
from random import Random
from typing import TypeVar

import attrs
import pytest
from hypothesis import given, note
from hypothesis import strategies as st

from partyreview import (
    Assessment,
    Dataset,
    Exclusion,
    Level,
    Member,
    Membership,
    Period,
    RatingResult,
    Role,
    Unit,
    UnitKind,
    rate_year,
)
from partyreview._rating import LEVEL_RANK
from partyreview.rules import QD124_2023, QD132_2018, QD366_2025, RatingRuleSet, SecretaryNotAboveCell
from strategies import YEAR, YEAR_END

pytestmark = pytest.mark.property

NATIONAL = (QD132_2018, QD124_2023, QD366_2025)
LOCAL = tuple(
    rules.derive(id=f"{rules.id}-local", add=[SecretaryNotAboveCell(citation="Local rule (test)")])
    for rules in NATIONAL
)
T = TypeVar("T")
HALF_YEAR = dt.date(YEAR, 6, 30)  # admitted later than this: "less than 6 months" on 31 December (product.md §6)

# -- the strategy -------------------------------------------------------------------------------------

# Strategies are built once, here, and most facts are one weighted draw: generation dominates the cost.


def _weighted(common: T, times: int, *others: T) -> st.SearchStrategy[T]:
    """``common`` ``times`` times as often as each of ``others`` (shrinks towards ``common``)."""
    return st.sampled_from([common] * times + list(others))


def _decimals(*values: str) -> list[Decimal]:
    return [Decimal(v) for v in values]


# Scores: mostly the realistic 70–100 and the band edges, sometimes anything in 0–100, rarely missing.
scores = st.one_of(
    st.decimals(min_value=70, max_value=100, places=1, allow_nan=False, allow_infinity=False),
    st.decimals(min_value=85, max_value=100, places=1, allow_nan=False, allow_infinity=False),
    st.sampled_from([*_decimals("69.9", "70", "89.9", "90", "90.0", "92.5", "95", "100"), None]),
    st.decimals(min_value=0, max_value=100, places=1, allow_nan=False, allow_infinity=False),
)
# Weighted: good most often, then excellent; a missing proposal now and then.
proposals = st.sampled_from([Level.GOOD] * 4 + [Level.EXCELLENT] * 2 + [Level.COMPLETE, Level.NOT_COMPLETE, None])
edges = _decimals("0", "0.2", "0.21", "0.29", "0.3", "0.49", "0.5", "0.51", "1")
# The facts of an assessment; the subject and the quota group are set per subject.
facts = st.builds(
    Assessment,
    st.just("subject"),
    st.just(YEAR),
    score=scores,
    proposed=proposals,
    tasks_done=_weighted(Decimal(1), 80, None, *edges),
    tasks_behind=_weighted(Decimal(0), 40, None, *edges),
    tasks_exceeded=_weighted(Decimal("0.3"), 5, None, *edges),
    prior_shortcomings_fixed=_weighted(True, 8, None, False),
    disciplined=_weighted(False, 18, None, True),
    degradation=_weighted(False, 18, None, True),
    mitigated=st.sampled_from([None, True, False]),
)
MEMBER_GROUPS = ("Q0", "Q1", "G0")
member_groups = _weighted(None, 7, *MEMBER_GROUPS)
cell_groups = _weighted(None, 5, "Q0", "Q2", "G0:cells")  # "Q0": a group of members and cells
# Admitted long ago, save a few: on or just after 30 June of YEAR, early or late in YEAR.
admissions = _weighted(
    dt.date(2000, 1, 1), 30, HALF_YEAR, HALF_YEAR + dt.timedelta(days=1), dt.date(YEAR, 3, 1), dt.date(YEAR, 11, 15)
)
# On 31 December: exempt or suspended (then excluded), or an earlier period of it that has ended.
statuses = _weighted("none", 12, "exempt", "suspended", "exempt_before", "suspended_before")
starts = st.sampled_from([dt.date(YEAR, 1, 1), dt.date(YEAR, 7, 1), dt.date(YEAR, 12, 31)])
open_ends = st.sampled_from([None, YEAR_END, dt.date(YEAR + 1, 6, 30)])
first_roles = st.sampled_from([Role.SECRETARY, Role.SECRETARY, Role.MEMBER])
other_roles = st.sampled_from([Role.DEPUTY_SECRETARY, Role.COMMITTEE_MEMBER, Role.MEMBER, Role.MEMBER])


def _assessment(subject: str, fact: Assessment, group: str | None) -> Assessment:
    return attrs.evolve(fact, subject=subject, quota_group=group)


@attrs.frozen
class Case:
    """A generated dataset and the optional arguments of `rate_year`."""

    dataset: Dataset
    quota_exceptions: tuple[str, ...]
    priority: dict[str, int]

    def rate(self, rules: RatingRuleSet, dataset: Dataset | None = None) -> RatingResult:
        """`rate_year` of `YEAR` under ``rules``, on this dataset or on ``dataset``."""
        return rate_year(
            self.dataset if dataset is None else dataset,
            YEAR,
            rules,
            quota_exceptions=self.quota_exceptions,
            priority=self.priority,
        )


def _member(draw: st.DrawFn, member_id: str, cell: str, role: Role) -> tuple[Member, bool]:
    """A member of ``cell`` all year (or since admission), and whether exempt or suspended on 31 December."""
    admitted = draw(admissions)
    status = draw(statuses)
    periods: list[Period] = []
    if status.endswith("_before"):
        periods.append(Period(max(admitted, dt.date(YEAR, 1, 1)), dt.date(YEAR, 12, 30)))
    elif status != "none":
        periods.append(Period(max(admitted, draw(starts)), draw(open_ends)))
    recognized = None if admitted.year == YEAR else admitted + dt.timedelta(days=365)
    member = Member(
        member_id,
        f"Đảng viên {member_id}",
        admitted,
        recognized,
        role is not Role.MEMBER,
        (Membership(cell, admitted, None, role),),
        tuple(periods) if status.startswith("exempt") else (),
        tuple(periods) if status.startswith("suspended") else (),
    )
    return member, status in {"exempt", "suspended"}


@st.composite
def rating_cases(draw: st.DrawFn) -> Case:
    """One committee, 1–4 grassroots, 1–6 cells, 1–30 members per cell, assessments for `YEAR`.

    Members' optional quota groups are drawn from "Q0", "Q1" and "G0"; cells' from
    "Q0", "Q2" and "G0:cells".
    """
    n_grassroots = draw(st.integers(1, 4))
    grassroots = [Unit(f"G{i}", f"Đảng bộ cơ sở G{i}", UnitKind.GRASSROOTS, "K") for i in range(n_grassroots)]
    cells = [
        Unit(f"C{i}", f"Chi bộ C{i}", UnitKind.CELL, draw(st.sampled_from(grassroots)).id)
        for i in range(draw(st.integers(1, 6)))
    ]
    members: list[Member] = []
    assessments: list[Assessment] = []
    for cell in cells:
        for j in range(draw(st.integers(1, 30))):
            role = draw(first_roles if j == 0 else other_roles)
            member, away = _member(draw, f"M{len(members)}", cell.id, role)
            members.append(member)
            if not (away or member.admitted_on > HALF_YEAR) or draw(st.booleans()):
                assessments.append(_assessment(member.id, draw(facts), draw(member_groups)))
        if draw(st.integers(0, 3)):
            assessments.append(_assessment(cell.id, draw(facts), draw(cell_groups)))
    names = sorted({g.id for g in grassroots} | {f"{g.id}:cells" for g in grassroots} | {*MEMBER_GROUPS, "Q2"})
    exceptions = draw(st.lists(st.sampled_from(names), unique=True, max_size=3))
    ids = [m.id for m in members] + [c.id for c in cells]
    priority = draw(st.dictionaries(st.sampled_from(ids), st.integers(-1, 2), max_size=4))
    committee = Unit("K", "Đảng bộ Khối", UnitKind.COMMITTEE)
    dataset = Dataset([committee, *grassroots, *cells], members, (), assessments, ())
    return Case(dataset, tuple(exceptions), priority)


# -- reading a result -------------------------------------------------------------------------------


def _assessments(dataset: Dataset) -> dict[str, Assessment]:
    return {a.subject: a for a in dataset.assessments if a.year == YEAR}


def _member_ids(dataset: Dataset) -> set[str]:
    return {m.id for m in dataset.members}


def _quota_groups(dataset: Dataset, rules: RatingRuleSet) -> dict[str, str]:
    """Quota group of every subject the quota applies to, as `rate_year` documents it.

    A member: its assessment's quota_group, else its grassroots organization (the
    cell's parent).  A cell, where the rule set applies the quota to units: its
    quota_group, else "<parent>:cells".  Members and cells naming the same group
    are counted together (one pass).
    """
    assessments = _assessments(dataset)
    groups: dict[str, str] = {}
    for member in dataset.members:
        own = assessments[member.id].quota_group if member.id in assessments else None
        parent = dataset.parent_of(member.memberships[0].cell)
        assert parent is not None
        assert parent.kind is UnitKind.GRASSROOTS
        groups[member.id] = own or parent.id
    if rules.quota_for_units:
        for cell in dataset.cells():
            own = assessments[cell.id].quota_group if cell.id in assessments else None
            groups[cell.id] = own or f"{cell.parent}:cells"
    return groups


def _counts(result: RatingResult, groups: dict[str, str]) -> dict[str, Counter[Level]]:
    """Final levels counted per quota group."""
    counts: defaultdict[str, Counter[Level]] = defaultdict(Counter)
    for rating in result.ratings:
        if rating.subject in groups and rating.level is not None:
            counts[groups[rating.subject]][rating.level] += 1
    return counts


def _expected_exclusion(member: Member, rules: RatingRuleSet) -> Exclusion | None:
    if rules.exclude_exempt and member.is_exempt_on(YEAR_END):
        return Exclusion.EXEMPT
    if rules.exclude_suspended and member.is_suspended_on(YEAR_END):
        return Exclusion.SUSPENDED
    assert rules.new_member_months in {None, 6}
    if rules.new_member_months == 6 and member.admitted_on > HALF_YEAR:
        return Exclusion.NEW_MEMBER
    return None


def _rank(level: Level | None) -> int:
    return -1 if level is None else LEVEL_RANK[level]


def _shuffled(items: Iterable[T], rng: Random) -> list[T]:
    out = list(items)
    rng.shuffle(out)
    return out


def _for_each(rule_sets: Iterable[RatingRuleSet], check: Callable[[RatingRuleSet], None]) -> None:
    for rules in rule_sets:
        note(f"rule set: {rules.id}")
        check(rules)


# -- the properties -------------------------------------------------------------------------------------


def _check_quota(case: Case, rules: RatingRuleSet) -> RatingResult:
    """The quota records are sound and, for the national rules, the final levels respect the quota."""
    result = case.rate(rules)
    assert sorted({q.group for q in result.quota}) == [q.group for q in result.quota], "one record per group, sorted"
    for record in result.quota:
        assert len(record.kept) <= record.excellent_allowed <= record.excellent_candidates, record
        assert set(record.kept).isdisjoint(record.demoted)
    groups = _quota_groups(case.dataset, rules)
    records = {q.group: q for q in result.quota}
    for group, count in _counts(result, groups).items():
        ratio = rules.quota_exception_ratio if group in case.quota_exceptions else rules.quota_ratio
        p, q = ratio.as_integer_ratio()
        excellent, good = count[Level.EXCELLENT], count[Level.GOOD]
        # excellent ≤ ⌊ratio·good⌋  ⇔  excellent ≤ ratio·good, excellent being whole.
        assert excellent * q <= p * good, f"group {group!r} under {rules.id}: {excellent} excellent, {good} good"
        if excellent or good:
            # The group's record counts exactly the final levels.
            assert group in records, group
            assert (excellent, good) == (len(records[group].kept), records[group].good)
            assert ratio == records[group].ratio
    return result


@given(rating_cases())
def test_the_quota_is_never_exceeded_in_any_group(case: Case) -> None:
    """kept ≤ allowed in every record, and excellent ≤ ⌊ratio·good⌋ over the final levels of every group.

    Checked under the national rule sets and under their variants with the local rule
    SecretaryNotAboveCell, whose caps make the engine apply the quota again.
    """
    for rules in (*NATIONAL, *LOCAL):
        note(f"rule set: {rules.id}")
        _check_quota(case, rules)


def _one_cell(scores: dict[str, str], roles: dict[str, Role] | None = None) -> Dataset:
    """A grassroots "G0" with one cell "C0": members and the cell assessed with every condition met."""
    day = dt.date(2000, 1, 1)
    units = [
        Unit("K", "Đảng bộ Khối", UnitKind.COMMITTEE),
        Unit("G0", "Đảng bộ cơ sở G0", UnitKind.GRASSROOTS, "K"),
        Unit("C0", "Chi bộ C0", UnitKind.CELL, "G0"),
    ]
    members = [
        Member(m, f"Đảng viên {m}", day, day, False, (Membership("C0", day, None, (roles or {}).get(m, Role.MEMBER)),))
        for m in scores
        if m != "C0"
    ]
    one, zero, exceeded = Decimal(1), Decimal(0), Decimal("0.3")
    assessments = [
        Assessment(s, YEAR, Decimal(score), None, one, zero, exceeded, True, False, False, False)
        for s, score in scores.items()
    ]
    return Dataset(units, members, (), assessments, ())


def test_a_local_rule_cannot_break_the_quota_of_its_group() -> None:
    """5 good and 1 excellent keep their 1 place; the rule lowers the good secretary M0 to the complete cell.

    G0 would then hold 1 excellent for 4 good (⌊20 % · 4⌋ = 0 places), so the quota is applied again and M1 is
    demoted: the quota holds after local rules too.
    """
    scores = {"M0": "80", "M1": "95", "M2": "80", "M3": "80", "M4": "80", "M5": "80", "C0": "60"}
    dataset = _one_cell(scores, {"M0": Role.SECRETARY})
    result = rate_year(dataset, YEAR, LOCAL[2])
    levels = Counter(result.levels()[m] for m in scores if m != "C0")

    assert Level.COMPLETE == result.levels()["M0"]
    assert levels[Level.EXCELLENT] * 5 <= levels[Level.GOOD]


@given(rating_cases())
def test_every_member_has_one_rating_a_level_or_an_exclusion_and_reasons(case: Case) -> None:
    """Each member and cell is listed once; excluded ⇒ no level; assessed and not excluded ⇒ one level."""
    assessments = _assessments(case.dataset)
    members = _member_ids(case.dataset)

    def check(rules: RatingRuleSet) -> None:
        result = case.rate(rules)
        subjects = [r.subject for r in result.ratings]
        assert len(set(subjects)) == len(subjects)
        assert members | {c.id for c in case.dataset.cells()} == set(subjects)
        for rating in result.ratings:
            assert rating.reasons, rating
            if rating.subject not in members:
                assert rating.excluded is None
                continue
            expected = _expected_exclusion(case.dataset.member(rating.subject), rules)
            assert expected == rating.excluded, rating
            if rating.excluded is not None:
                assert rating.level is None, rating
                assert [f"rating.excluded.{rating.excluded.value}"] == [f.code for f in rating.reasons]
                continue
            assessment = assessments.get(rating.subject)
            evidence = assessment is not None and (
                assessment.proposed is not None or (rules.scored and assessment.score is not None)
            )
            assert (rating.level is not None) == evidence, rating
            assert isinstance(rating.level, Level | None)

    _for_each(NATIONAL, check)


@given(rating_cases(), st.randoms(use_true_random=False))
def test_rating_does_not_depend_on_the_order_of_the_records(case: Case, rng: Random) -> None:
    """Shuffling units, members and assessments gives the same rating of every subject and the same quota."""
    dataset = case.dataset
    shuffled = Dataset(
        _shuffled(dataset.units, rng),
        _shuffled(dataset.members, rng),
        (),
        _shuffled(dataset.assessments, rng),
        (),
    )
    other = Case(shuffled, tuple(_shuffled(case.quota_exceptions, rng)), dict(_shuffled(case.priority.items(), rng)))

    def check(rules: RatingRuleSet) -> None:
        before, after = case.rate(rules), other.rate(rules)
        assert {r.subject: r for r in before.ratings} == {r.subject: r for r in after.ratings}
        assert before.quota == after.quota

    _for_each((*NATIONAL, *LOCAL), check)


def _raised(case: Case, data: st.DataObject) -> tuple[str, Dataset] | None:
    """A member rated under 366 with a score, and the dataset where that score is raised (other facts kept)."""
    members = _member_ids(case.dataset)
    rated = [
        a
        for a in case.dataset.assessments
        if a.score is not None
        and a.subject in members
        and _expected_exclusion(case.dataset.member(a.subject), QD366_2025) is None
        and a.score < 100
    ]
    if not rated:
        return None
    # Half the time one below "good": its rise to good can free a quota place (the exception).
    below = [a for a in rated if a.score is not None and a.score < QD366_2025.good_min] or rated
    chosen = data.draw(st.one_of(st.sampled_from(below), st.sampled_from(rated)), label="raised")
    assert chosen.score is not None
    above = [edge for edge in _decimals("50", "70", "90", "100") if edge > chosen.score]
    new = data.draw(
        st.one_of(
            st.sampled_from(above),  # onto a band's lower edge: a level changes most often
            st.decimals(min_value=chosen.score + Decimal("0.1"), max_value=Decimal(100), places=1),
        ),
        label="new score",
    )
    assessments = [attrs.evolve(a, score=new) if a is chosen else a for a in case.dataset.assessments]
    return chosen.subject, attrs.evolve(case.dataset, assessments=assessments)


@given(rating_cases(), st.data())
def test_raising_a_score_never_lowers_that_member_and_raises_no_other_but_through_a_freed_quota_place(
    case: Case, data: st.DataObject
) -> None:
    """QĐ 366 monotonicity.

    The raised member's level never falls.  Another subject's level never rises,
    save one exception the quota's denominator makes by design: the raised member
    joins "good" in its quota group, so the group is allowed one more "excellent",
    and a candidate the quota demoted before keeps "excellent" now.
    """
    raised = _raised(case, data)
    if raised is None:
        return
    subject, dataset = raised
    before, after = case.rate(QD366_2025), case.rate(QD366_2025, dataset)
    old, new = before.levels(), after.levels()
    assert _rank(old[subject]) <= _rank(new[subject])
    groups = _quota_groups(case.dataset, QD366_2025)
    quota_before = {q.group: q for q in before.quota}
    quota_after = {q.group: q for q in after.quota}
    for other in old:
        if other == subject or _rank(new[other]) <= _rank(old[other]):
            continue
        group = groups[other]
        note(f"{other} rises from {old[other]} to {new[other]} when {subject}'s score rises")
        assert group == groups[subject]
        assert (old[other], new[other]) == (Level.GOOD, Level.EXCELLENT)
        assert other in quota_before[group].demoted
        assert old[subject] not in {Level.GOOD, Level.EXCELLENT}
        assert new[subject] in {Level.GOOD, Level.EXCELLENT}
        assert quota_after[group].excellent_allowed > quota_before[group].excellent_allowed


def test_a_member_rising_to_good_frees_a_quota_place_for_another() -> None:
    """The exception above, worked: 4 good + 1 candidate allow 0 excellent; a fifth good allows 1."""
    scores = {"M0": "95", "M1": "80", "M2": "80", "M3": "80", "M4": "80", "M5": "60"}
    before = rate_year(_one_cell(scores), YEAR, QD366_2025)
    after = rate_year(_one_cell({**scores, "M5": "75"}), YEAR, QD366_2025)

    assert (Level.GOOD, Level.COMPLETE) == (before.levels()["M0"], before.levels()["M5"])
    assert (Level.EXCELLENT, Level.GOOD) == (after.levels()["M0"], after.levels()["M5"])


@given(rating_cases())
def test_the_secretary_rule_only_lowers_levels(case: Case) -> None:
    """SecretaryNotAboveCell lowers secretaries above their cell to the cell's level; the quota may then demote more.

    Nothing else changes: every other difference is an excellent subject demoted to good by the re-applied quota.
    """

    def check(index: int) -> None:
        national, local = NATIONAL[index], LOCAL[index]
        without, with_rule = case.rate(national), case.rate(local)
        old, new = without.levels(), with_rule.levels()
        reasons = {r.subject: r.reasons for r in with_rule.ratings}
        assert old.keys() == new.keys()
        for outcome in without.quota:
            assert set(outcome.demoted) <= set(next(q for q in with_rule.quota if q.group == outcome.group).demoted)
        for subject, level in new.items():
            assert (level is None) == (old[subject] is None)
            assert _rank(level) <= _rank(old[subject]), subject
            if level == old[subject]:
                continue
            if reasons[subject][-1].code == "quota.demoted":
                assert (Level.EXCELLENT, Level.GOOD) == (old[subject], level)
                continue
            member = case.dataset.member(subject)
            membership = member.membership_on(YEAR_END)
            assert membership is not None
            assert membership.role is Role.SECRETARY
            assert new[membership.cell] == level
            assert "local.secretary_above_cell" == reasons[subject][-1].code

    for index in range(len(NATIONAL)):
        note(f"rule set: {LOCAL[index].id}")
        check(index)
