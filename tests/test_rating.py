"""The annual rating, rule by rule (QĐ 132/HD 21, QĐ 124/HD 25, QĐ 366/HD 43; product.md §6 defaults).

Every expectation is derived from regulations.md §3 and product.md §6, not from
the engine's output.  Most datasets put the member under test next to five
members rated "good" in the same quota group, so that the quota on "excellent"
(≤ 20 % of good) leaves one place and does not hide the rule being tested.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any

import attrs
import pytest

from partyreview import (
    Assessment,
    Dataset,
    Exclusion,
    Finding,
    InvalidArgumentError,
    InvalidRecordError,
    Level,
    Member,
    Membership,
    Period,
    Rating,
    RatingResult,
    Role,
    RuleSetNotFoundError,
    Severity,
    Unit,
    UnitKind,
    compare_ratings,
    generate_example,
    rate_year,
)
from partyreview.rules import (
    QD124_2023,
    QD132_2018,
    QD366_2025,
    LevelCap,
    RatingContext,
    RatingRuleSet,
    SecretaryNotAboveCell,
    default_registry,
)

YEAR = 2025
SINCE = dt.date(2010, 1, 1)
EXC, GOOD, COMP, NC = Level.EXCELLENT, Level.GOOD, Level.COMPLETE, Level.NOT_COMPLETE
BAND, PROPOSED = "rating.band", "rating.proposed"
FAILED, NOT_EVIDENCED = "rating.condition.failed", "rating.condition.not_evidenced"
MITIGATED = "rating.case.mitigated"
DEMOTED = "quota.demoted"
FILLERS = ("F1", "F2", "F3", "F4", "F5")
# Cells are not subject to the quota here, so a cell's own rules show alone (QĐ 366 applies it to cells too).
QD366_NO_CELL_QUOTA = QD366_2025.derive(id="qd366-test-no-cell-quota", quota_for_units=False)


def _d(value: str | int) -> Decimal:
    return Decimal(value)


def _units(cells: Iterable[str] = ("C1",), parent: str = "G") -> list[Unit]:
    """Committee K over grassroots organization G; the cells under ``parent``."""
    return [
        Unit("K", "Đảng bộ Khối", UnitKind.COMMITTEE),
        Unit("G", "Đảng bộ cơ sở", UnitKind.GRASSROOTS, "K"),
        *(Unit(c, f"Chi bộ {c}", UnitKind.CELL, parent, SINCE) for c in cells),
    ]


def _member(
    member_id: str,
    cell: str = "C1",
    *,
    role: Role = Role.MEMBER,
    admitted: dt.date = SINCE,
    exempt: Iterable[Period] = (),
    suspended: Iterable[Period] = (),
) -> Member:
    return Member(
        member_id,
        f"Đảng viên {member_id}",
        admitted,
        memberships=[Membership(cell, admitted, None, role)],
        exempt=exempt,
        suspended=suspended,
    )


def _scored(subject: str, score: str | int, **facts: Any) -> Assessment:
    """A QĐ 366 assessment meeting every condition of excellent, with ``facts`` changed."""
    base = Assessment(
        subject,
        YEAR,
        score=_d(score),
        tasks_done=_d(1),
        tasks_behind=_d(0),
        tasks_exceeded=_d("0.30"),
        prior_shortcomings_fixed=True,
        disciplined=False,
        degradation=False,
        mitigated=False,
    )
    return attrs.evolve(base, **facts)


def _proposed(subject: str, level: Level | None, **facts: Any) -> Assessment:
    """A QĐ 132 / QĐ 124 assessment: the proposed level, with ``facts``."""
    return attrs.evolve(Assessment(subject, YEAR, proposed=level), **facts)


def _fillers(rules: RatingRuleSet) -> tuple[list[Member], list[Assessment]]:
    """Five members of C1 rated good, so that the quota of group G leaves one place for excellent."""
    members = [_member(f) for f in FILLERS]
    if rules.scored:
        return members, [_scored(f, 80) for f in FILLERS]
    return members, [_proposed(f, GOOD) for f in FILLERS]


def _rate(
    members: Sequence[Member],
    assessments: Sequence[Assessment],
    rules: RatingRuleSet = QD366_2025,
    *,
    cells: Iterable[str] = ("C1",),
    units: Sequence[Unit] | None = None,
    quota_exceptions: Iterable[str] = (),
    priority: Mapping[str, int] | None = None,
) -> RatingResult:
    dataset = Dataset(units=_units(cells) if units is None else units, members=members, assessments=assessments)
    return rate_year(dataset, YEAR, rules, quota_exceptions=quota_exceptions, priority=priority)


def _rate_one(assessment: Assessment | None, rules: RatingRuleSet = QD366_2025, member: Member | None = None) -> Rating:
    """Rate M1 (a member of C1) among five members rated good."""
    members, assessments = _fillers(rules)
    extra = [] if assessment is None else [assessment]
    return _rate([member or _member("M1"), *members], [*assessments, *extra], rules).of("M1")


def _codes(rating: Rating) -> list[str]:
    """Reason codes in order, leaving out "conditions met" (asserted in its own tests and the golden files)."""
    return [r.code for r in rating.reasons if r.code != "rating.condition.met"]


def _summary(rating: Rating) -> tuple[Level | None, list[str]]:
    return rating.level, _codes(rating)


# -- exclusions (QĐ 366 Điều 5; product.md §6: judged on 31 December, admitted after 30 June) -------------------------


@pytest.mark.parametrize(
    ("exempt", "expected"),
    [
        (Period(dt.date(2025, 3, 1)), (None, Exclusion.EXEMPT)),
        (Period(dt.date(2025, 12, 31), dt.date(2025, 12, 31)), (None, Exclusion.EXEMPT)),
        (Period(dt.date(2025, 1, 1), dt.date(2025, 12, 30)), (GOOD, None)),
    ],
    ids=["open-ended", "31-december-only", "ends-30-december"],
)
def test_exemption_is_judged_on_31_december(exempt: Period, expected: tuple[Level | None, Exclusion | None]) -> None:
    """A member exempt on 31 December is not rated; one whose exemption ends on 30 December is."""
    rating = _rate_one(_scored("M1", 80), member=_member("M1", exempt=[exempt]))

    assert expected == (rating.level, rating.excluded)


@pytest.mark.parametrize(
    ("suspended", "expected"),
    [
        (Period(dt.date(2025, 11, 1), dt.date(2026, 1, 31)), (None, Exclusion.SUSPENDED)),
        (Period(dt.date(2025, 3, 1), dt.date(2025, 12, 30)), (GOOD, None)),
    ],
    ids=["over-31-december", "ends-30-december"],
)
def test_suspension_is_judged_on_31_december(
    suspended: Period, expected: tuple[Level | None, Exclusion | None]
) -> None:
    """A member suspended on 31 December is not rated; one whose suspension ended before is."""
    rating = _rate_one(_scored("M1", 80), member=_member("M1", suspended=[suspended]))

    assert expected == (rating.level, rating.excluded)


@pytest.mark.parametrize(
    ("rules", "admitted", "expected"),
    [
        (QD366_2025, dt.date(2025, 6, 30), (GOOD, None)),
        (QD366_2025, dt.date(2025, 7, 1), (None, Exclusion.NEW_MEMBER)),
        (QD366_2025, dt.date(2025, 12, 31), (None, Exclusion.NEW_MEMBER)),
        (QD132_2018, dt.date(2025, 7, 1), (GOOD, None)),
        (QD124_2023, dt.date(2025, 12, 1), (GOOD, None)),
    ],
    ids=["366-30-june", "366-1-july", "366-31-december", "132-1-july", "124-1-december"],
)
def test_members_admitted_after_30_june_are_excluded_under_366_only(
    rules: RatingRuleSet, admitted: dt.date, expected: tuple[Level | None, Exclusion | None]
) -> None:
    """QĐ 366 does not rate members admitted less than 6 months before 31 December; 132 and 124 have no such rule."""
    assessment = _scored("M1", 80, proposed=GOOD)

    rating = _rate_one(assessment, rules, member=_member("M1", admitted=admitted))

    assert expected == (rating.level, rating.excluded)


@pytest.mark.parametrize(
    ("months", "excluded"),
    [(1, None), (11, None), (12, Exclusion.NEW_MEMBER)],
)
def test_in_year_1_a_new_member_rule_reaching_before_the_calendar_excludes_every_member(
    months: int, excluded: Exclusion | None
) -> None:
    """12 months before 31 December of year 1 is in year 0, before anyone can have been admitted: every member of
    year 1 is too new (and the impossible date is never built, nor last year's reviews); 11 months reach 31
    January."""
    rules = QD366_2025.derive(id="qd366-early", new_member_months=months)
    first = dt.date(1, 1, 1)
    member = Member("M1", "Đảng viên M1", first, memberships=[Membership("C1", first)])
    exempt = Member("M2", "Đảng viên M2", first, memberships=[Membership("C1", first)], exempt=[Period(first)])
    dataset = Dataset((Unit("C1", "Chi bộ 1", UnitKind.CELL),), (member, exempt))

    result = rate_year(dataset, 1, rules)

    assert (excluded, Exclusion.EXEMPT) == (result.of("M1").excluded, result.of("M2").excluded)
    assert () == tuple(rate_year(Dataset(), 1, rules).ratings)


@pytest.mark.parametrize(
    ("member", "code"),
    [
        (_member("M1", exempt=[Period(dt.date(2020, 1, 1))]), "rating.excluded.exempt"),
        (_member("M1", suspended=[Period(dt.date(2025, 12, 1))]), "rating.excluded.suspended"),
        (_member("M1", admitted=dt.date(2025, 9, 2)), "rating.excluded.new_member"),
    ],
    ids=["exempt", "suspended", "new-member"],
)
def test_an_excluded_member_has_no_level_and_one_exclusion_reason(member: Member, code: str) -> None:
    """Excluded members get level None and exactly the rating.excluded.* reason, citing QĐ 366 Điều 5."""
    rating = _rate_one(None, member=member)

    assert (None, [code]) == _summary(rating)
    assert "Điều 5" in rating.reasons[0].citation
    assert "M1" in rating.reasons[0].message


def test_an_excluded_member_stays_excluded_even_when_assessed() -> None:
    """An assessment does not bring an exempt member back into the rating, nor into the quota."""
    members, assessments = _fillers(QD366_2025)
    members.append(_member("M1", exempt=[Period(dt.date(2025, 3, 1))]))

    result = _rate(members, [*assessments, _scored("M1", 95)])

    assert (None, ["rating.excluded.exempt"]) == _summary(result.of("M1"))
    assert Exclusion.EXEMPT == result.of("M1").excluded
    assert [(0, 5)] == [(q.excellent_candidates, q.good) for q in result.quota]


# -- score bands (QĐ 366 Điều 11: ≥ 90 / 70 – < 90 / 50 – < 70 / < 50) ------------------------------------------------


@pytest.mark.parametrize(
    ("score", "level"),
    [
        ("0", NC),
        ("49.9", NC),
        ("49.99", NC),
        ("50", COMP),
        ("69.9", COMP),
        ("70", GOOD),
        ("89.9", GOOD),
        ("89.99", GOOD),
        ("90", EXC),
        ("100", EXC),
    ],
)
def test_score_bands_are_half_open_and_exact(score: str, level: Level) -> None:
    """With every condition met, the level is the band of the exact decimal score."""
    rating = _rate_one(_scored("M1", score))

    assert (level, [BAND]) == _summary(rating)
    assert _d(score) == rating.score
    assert "366-QĐ/TW" in rating.reasons[0].citation


# -- conditions of each level (QĐ 366 Điều 11) ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        ({"tasks_exceeded": _d("0.29")}, (GOOD, [BAND, FAILED])),
        ({"tasks_exceeded": _d("0.30")}, (EXC, [BAND])),
        ({"tasks_exceeded": _d(1)}, (EXC, [BAND])),
        ({"prior_shortcomings_fixed": False}, (GOOD, [BAND, FAILED])),
        ({"prior_shortcomings_fixed": None}, (GOOD, [BAND, NOT_EVIDENCED])),
    ],
    ids=["exceeded-0.29", "exceeded-0.30", "exceeded-1", "prior-not-fixed", "prior-unknown"],
)
def test_the_conditions_of_excellent(facts: dict[str, Any], expected: tuple[Level, list[str]]) -> None:
    """Excellent needs ≥ 30 % of tasks exceeded and 100 % of prior shortcomings remedied; else good."""
    assert expected == _summary(_rate_one(_scored("M1", 95, **facts)))


def test_a_failed_condition_names_the_condition_the_fact_and_the_new_level() -> None:
    """The reason for 0.29 exceeded says what excellent needs, what was assessed and where the level went."""
    rating = _rate_one(_scored("M1", 95, tasks_exceeded=_d("0.29")))

    reason = rating.reasons[1]
    assert (FAILED, Severity.INFO) == (reason.code, reason.severity)
    assert "0.30" in reason.message
    assert "0.29" in reason.message
    assert "good" in reason.message
    assert "Điều 11" in reason.citation


@pytest.mark.parametrize(
    ("score", "behind", "expected"),
    [
        (95, "0.05", (COMP, [BAND, FAILED, FAILED])),
        (80, "0.05", (COMP, [BAND, FAILED])),
        (95, "0.20", (COMP, [BAND, FAILED, FAILED])),
        (95, "0.21", (NC, [BAND, FAILED, FAILED, FAILED])),
        (60, "0.20", (COMP, [BAND])),
        (60, "0.21", (NC, [BAND, FAILED])),
    ],
)
def test_tasks_behind_schedule(score: int, behind: str, expected: tuple[Level, list[str]]) -> None:
    """Any task behind schedule fails excellent and good (on time); complete allows ≤ 20 % behind."""
    assert expected == _summary(_rate_one(_scored("M1", score, tasks_behind=_d(behind))))


@pytest.mark.parametrize(
    ("score", "expected"),
    [
        (95, (NC, [BAND, FAILED, FAILED, FAILED])),
        (80, (NC, [BAND, FAILED, FAILED])),
        (60, (NC, [BAND, FAILED])),
    ],
)
def test_all_tasks_done_is_a_condition_of_complete(score: int, expected: tuple[Level, list[str]]) -> None:
    """With 99 % of tasks done no level above not complete holds (100 % done is a condition of complete)."""
    assert expected == _summary(_rate_one(_scored("M1", score, tasks_done=_d("0.99"))))


@pytest.mark.parametrize(
    ("missing", "expected"),
    [
        ("tasks_exceeded", (GOOD, [BAND, NOT_EVIDENCED])),
        ("prior_shortcomings_fixed", (GOOD, [BAND, NOT_EVIDENCED])),
        ("tasks_behind", (NC, [BAND, NOT_EVIDENCED, NOT_EVIDENCED, NOT_EVIDENCED])),
        ("tasks_done", (NC, [BAND, NOT_EVIDENCED, NOT_EVIDENCED, NOT_EVIDENCED])),
    ],
)
def test_a_missing_fact_falls_level_by_level(missing: str, expected: tuple[Level, list[str]]) -> None:
    """A level whose fact is not assessed is not evidenced and falls to the next level, one at a time."""
    rating = _rate_one(_scored("M1", 95, **{missing: None}))

    assert expected == _summary(rating)
    assert all("not assessed" in r.message for r in rating.reasons[1:] if r.code != "rating.condition.met")


def test_a_level_lists_every_failed_condition_before_falling() -> None:
    """Excellent failing both exceeded and prior remedied lists both, then good holds."""
    assessment = _scored("M1", 95, tasks_exceeded=_d("0.10"), prior_shortcomings_fixed=False)

    assert (GOOD, [BAND, FAILED, FAILED]) == _summary(_rate_one(assessment))


# -- the listed "not complete" cases and mitigation ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rules", "facts", "expected"),
    [
        # QĐ 366 Điều 11: every listed case may be mitigated (force majeure; self-detected and remedied).
        (QD366_2025, {"degradation": True}, (NC, [BAND, "rating.case.degradation"])),
        (QD366_2025, {"degradation": True, "mitigated": True}, (GOOD, [BAND, MITIGATED])),
        (QD366_2025, {"disciplined": True}, (NC, [BAND, "rating.case.disciplined"])),
        (QD366_2025, {"disciplined": True, "mitigated": True}, (GOOD, [BAND, MITIGATED])),
        (QD366_2025, {"tasks_done": _d("0.49")}, (NC, [BAND, FAILED, FAILED, "rating.case.tasks_not_done"])),
        (QD366_2025, {"tasks_done": _d("0.49"), "mitigated": True}, (NC, [BAND, FAILED, FAILED, MITIGATED])),
        (QD366_2025, {"tasks_done": _d("0.50")}, (NC, [BAND, FAILED, FAILED])),
        # QĐ 124 Điều 12.4.3(d): only discipline has the self-detected-and-remedied exception.
        (QD124_2023, {"degradation": True}, (NC, [PROPOSED, "rating.case.degradation"])),
        (QD124_2023, {"degradation": True, "mitigated": True}, (NC, [PROPOSED, "rating.case.degradation"])),
        (QD124_2023, {"disciplined": True}, (NC, [PROPOSED, "rating.case.disciplined"])),
        (QD124_2023, {"disciplined": True, "mitigated": True}, (GOOD, [PROPOSED, MITIGATED])),
        (QD124_2023, {"tasks_done": _d("0.49")}, (NC, [PROPOSED, "rating.case.tasks_not_done"])),
        (QD124_2023, {"tasks_done": _d("0.49"), "mitigated": True}, (NC, [PROPOSED, "rating.case.tasks_not_done"])),
        (QD124_2023, {"tasks_done": _d("0.50")}, (GOOD, [PROPOSED])),
        # HD 21 §B.2.3d: no exception at all.
        (QD132_2018, {"degradation": True}, (NC, [PROPOSED, "rating.case.degradation"])),
        (QD132_2018, {"degradation": True, "mitigated": True}, (NC, [PROPOSED, "rating.case.degradation"])),
        (QD132_2018, {"disciplined": True}, (NC, [PROPOSED, "rating.case.disciplined"])),
        (QD132_2018, {"disciplined": True, "mitigated": True}, (NC, [PROPOSED, "rating.case.disciplined"])),
        (QD132_2018, {"tasks_done": _d("0.49")}, (NC, [PROPOSED, "rating.case.tasks_not_done"])),
        (QD132_2018, {"tasks_done": _d("0.49"), "mitigated": True}, (NC, [PROPOSED, "rating.case.tasks_not_done"])),
        (QD132_2018, {"tasks_done": _d("0.50")}, (GOOD, [PROPOSED])),
    ],
    ids=lambda v: v.id if isinstance(v, RatingRuleSet) else None,
)
def test_listed_cases_and_mitigation(
    rules: RatingRuleSet, facts: dict[str, Any], expected: tuple[Level, list[str]]
) -> None:
    """Degradation, > 50 % of tasks not done and discipline rate not complete, unless the regime lets mitigation lift them."""
    assessment = _scored("M1", 80, proposed=GOOD, **facts)

    assert expected == _summary(_rate_one(assessment, rules))


def test_reasons_come_in_order_band_conditions_cases() -> None:
    """A failed condition is listed after the band and before the listed case that ends at not complete."""
    assessment = _scored("M1", 95, tasks_exceeded=_d("0.29"), disciplined=True)

    rating = _rate_one(assessment)

    assert (NC, [BAND, FAILED, "rating.case.disciplined"]) == _summary(rating)
    assert ["rating.condition.met", "rating.case.disciplined"] == [r.code for r in rating.reasons[2:]]
    assert "kỷ luật" in rating.reasons[3].citation


def test_the_engines_reasons_pass_the_checks_of_a_finding() -> None:
    """The reasons the engine builds without `Finding`'s checks (bands, conditions met) are the findings those
    checks would build."""
    dataset = generate_example("small", seed=3, year=YEAR)

    reasons = [reason for rating in rate_year(dataset, YEAR, QD366_2025).ratings for reason in rating.reasons]

    assert {"rating.band", "rating.condition.met"} <= {reason.code for reason in reasons}
    for reason in reasons:
        assert reason == Finding(reason.code, reason.severity, reason.message, reason.citation, dict(reason.params))


def test_every_listed_case_that_applies_is_listed() -> None:
    """Degradation and discipline together: both are listed, in that order, the level is not complete."""
    assessment = _scored("M1", 95, degradation=True, disciplined=True)

    assert (NC, [BAND, "rating.case.degradation", "rating.case.disciplined"]) == _summary(_rate_one(assessment))


# -- QĐ 132 and QĐ 124 start from the proposed level -----------------------------------------------------------------


@pytest.mark.parametrize("rules", [QD132_2018, QD124_2023], ids=lambda r: r.id)
@pytest.mark.parametrize("level", [EXC, GOOD, COMP, NC], ids=lambda lv: lv.value)
def test_132_and_124_rate_the_proposed_level(rules: RatingRuleSet, level: Level) -> None:
    """Without points, the level is the proposed one; a score, if present, is not used."""
    rating = _rate_one(_proposed("M1", level, score=_d(30)), rules)

    assert (level, [PROPOSED]) == _summary(rating)
    assert Severity.INFO == rating.reasons[0].severity


@pytest.mark.parametrize("rules", [QD132_2018, QD124_2023], ids=lambda r: r.id)
def test_132_and_124_without_a_proposed_level_leave_the_member_unrated(rules: RatingRuleSet) -> None:
    """An assessment without a proposed level gives no level and a rating.unrated warning."""
    rating = _rate_one(_proposed("M1", None, disciplined=False), rules)

    assert (None, ["rating.unrated"]) == _summary(rating)
    assert (None, Severity.WARNING) == (rating.excluded, rating.reasons[0].severity)


@pytest.mark.parametrize("rules", [QD132_2018, QD124_2023, QD366_2025], ids=lambda r: r.id)
def test_a_member_without_an_assessment_is_not_assessed(rules: RatingRuleSet) -> None:
    """A member in a cell on 31 December without an assessment gets no level and rating.not_assessed."""
    rating = _rate_one(None, rules)

    assert (None, ["rating.not_assessed"]) == _summary(rating)
    assert rating.excluded is None


# -- cells --------------------------------------------------------------------------------------------------------


def _cell_of(levels: Iterable[Level], proposed: Level = EXC) -> tuple[list[Member], list[Assessment]]:
    """Cell C1 proposing ``proposed`` (132), with one member per level in ``levels``."""
    members: list[Member] = []
    assessments = [_proposed("C1", proposed)]
    for i, level in enumerate(levels):
        members.append(_member(f"M{i:03d}"))
        assessments.append(_proposed(f"M{i:03d}", level))
    return members, assessments


@pytest.mark.parametrize(
    ("good", "complete", "not_complete", "expected"),
    [
        (4, 1, 0, (EXC, [PROPOSED])),
        (80, 20, 0, (EXC, [PROPOSED])),
        (79, 21, 0, (GOOD, [PROPOSED, "rating.cell.members"])),
        (1, 1, 0, (GOOD, [PROPOSED, "rating.cell.members"])),
        (50, 50, 0, (GOOD, [PROPOSED, "rating.cell.members"])),
        (49, 51, 0, (COMP, [PROPOSED, "rating.cell.members"])),
        (0, 3, 0, (COMP, [PROPOSED, "rating.cell.members"])),
        (5, 0, 1, (COMP, [PROPOSED, "rating.cell.members"])),
    ],
    ids=["80%-of-5", "80%", "79%", "50%-of-2", "50%", "49%", "0%", "one-not-complete"],
)
def test_132_cell_thresholds_from_its_members(
    good: int, complete: int, not_complete: int, expected: tuple[Level, list[str]]
) -> None:
    """HD 21 §B.1.3: excellent needs all ≥ complete and ≥ 80 % ≥ good; good ≥ 50 %; below, at most complete."""
    members, assessments = _cell_of([GOOD] * good + [COMP] * complete + [NC] * not_complete)

    rating = _rate(members, assessments, QD132_2018).of("C1")

    assert expected == _summary(rating)
    if len(expected[1]) > 1:
        assert "B.1.3" in rating.reasons[1].citation


@pytest.mark.parametrize(
    ("proposed", "expected"),
    [(COMP, (COMP, [PROPOSED])), (GOOD, (COMP, [PROPOSED, "rating.cell.members"])), (NC, (NC, [PROPOSED]))],
)
def test_132_cell_thresholds_only_lower(proposed: Level, expected: tuple[Level, list[str]]) -> None:
    """The members' levels cap a cell's proposed level and never raise it."""
    members, assessments = _cell_of([GOOD, COMP, COMP], proposed)

    assert expected == _summary(_rate(members, assessments, QD132_2018).of("C1"))


def test_132_cell_counts_only_rated_members() -> None:
    """Excluded and unassessed members do not count towards the cell's shares."""
    members, assessments = _cell_of([GOOD] * 4)
    members += [_member("X1", exempt=[Period(dt.date(2020, 1, 1))]), _member("X2")]

    assert (EXC, [PROPOSED]) == _summary(_rate(members, assessments, QD132_2018).of("C1"))


def test_132_cell_without_a_rated_member_keeps_its_proposed_level() -> None:
    """No member rated (here: one exempt, one not assessed): no share to cap the cell with."""
    members, assessments = _cell_of([])
    members += [_member("X1", exempt=[Period(dt.date(2020, 1, 1))]), _member("X2")]

    assert (EXC, [PROPOSED]) == _summary(_rate(members, assessments, QD132_2018).of("C1"))


def test_members_are_rated_before_their_cell() -> None:
    """A member proposed excellent but disciplined counts as not complete in the cell's thresholds."""
    members, assessments = _cell_of([GOOD] * 4)
    members.append(_member("M1"))
    assessments.append(_proposed("M1", EXC, disciplined=True))

    result = _rate(members, assessments, QD132_2018)

    assert (NC, [PROPOSED, "rating.case.disciplined"]) == _summary(result.of("M1"))
    assert (COMP, [PROPOSED, "rating.cell.members"]) == _summary(result.of("C1"))
    assert "not all" in result.of("C1").reasons[1].message
    assert ["C1"] == [r.subject for r in result.ratings][len(members) :]


@pytest.mark.parametrize("rules", [QD124_2023, QD366_NO_CELL_QUOTA], ids=lambda r: r.id)
def test_124_and_366_cells_are_not_capped_by_their_members(rules: RatingRuleSet) -> None:
    """Only the 132 regime derives a cell's level from its members' levels."""
    members, assessments = _cell_of([NC, NC])
    assessments[0] = _scored("C1", 95, proposed=EXC)

    rating = _rate(members, assessments, rules).of("C1")

    assert EXC == rating.level
    assert "rating.cell.members" not in _codes(rating)


@pytest.mark.parametrize(
    ("role", "disciplined", "expected"),
    [
        (Role.SECRETARY, True, (GOOD, [BAND, FAILED])),
        (Role.DEPUTY_SECRETARY, True, (GOOD, [BAND, FAILED])),
        (Role.COMMITTEE_MEMBER, True, (GOOD, [BAND, FAILED])),
        (Role.SECRETARY, None, (GOOD, [BAND, NOT_EVIDENCED])),
        (Role.SECRETARY, False, (EXC, [BAND])),
        (Role.MEMBER, True, (EXC, [BAND])),
    ],
)
def test_366_excellent_cell_needs_its_leadership_undisciplined(
    role: Role, disciplined: bool | None, expected: tuple[Level, list[str]]
) -> None:
    """QĐ 366 Điều 11: a collective is excellent only if no member of its leadership was disciplined."""
    members = [_member("L1", role=role)]
    assessments = [_scored("L1", 80, disciplined=disciplined), _scored("C1", 95)]

    rating = _rate(members, assessments, QD366_NO_CELL_QUOTA).of("C1")

    assert expected == _summary(rating)
    if expected[0] is GOOD:
        assert "no member of its leadership disciplined" in rating.reasons[1].message


def test_366_cells_face_the_quota_among_cells() -> None:
    """Under QĐ 366 the quota applies to collectives too: a lone excellent cell in its group is demoted."""
    members = [_member("L1", role=Role.SECRETARY)]
    assessments = [_scored("L1", 80), _scored("C1", 95, quota_group="cells"), _scored("C2", 80, quota_group="cells")]

    result = _rate(members, assessments, cells=("C1", "C2"))

    assert (GOOD, [BAND, DEMOTED]) == _summary(result.of("C1"))
    assert [("cells", 2, 0, ("C1",))] == [
        (q.group, q.good, q.excellent_allowed, q.demoted) for q in result.quota if q.group == "cells"
    ]


def test_132_disciplined_cell_self_detected_and_remedied_is_not_forced_to_not_complete() -> None:
    """A 132 cell disciplined but self-detected and remedied keeps its proposed level, with the mitigation reason."""
    members, assessments = _cell_of([GOOD] * 5, GOOD)
    assessments[0] = _proposed("C1", GOOD, disciplined=True, mitigated=True)

    assert (GOOD, [PROPOSED, MITIGATED]) == _summary(_rate(members, assessments, QD132_2018).of("C1"))


# -- the quota through rate_year (QĐ 366 Điều 11 điểm 1.5; HD 21 §B.2.3; product.md §6) ----------------------------


def _quota_case(good: int, scores: Sequence[int | str], **facts: Any) -> tuple[list[Member], list[Assessment]]:
    """``good`` members of C1 rated good (G01…) and candidates E1, E2, … with ``scores``, all in group G by default."""
    members: list[Member] = []
    assessments: list[Assessment] = []
    for i in range(1, good + 1):
        members.append(_member(f"G{i:02d}"))
        assessments.append(_scored(f"G{i:02d}", 80, **facts))
    for i, score in enumerate(scores, start=1):
        members.append(_member(f"E{i}"))
        assessments.append(_scored(f"E{i}", score, **facts))
    return members, assessments


def test_quota_demotes_the_lowest_scores() -> None:
    """7 good + 3 candidates: floor-based 20 % of those good after demotion allows 1; the two lowest are demoted."""
    result = _rate(*_quota_case(7, [95, 93, 91]))

    assert {"E1": EXC, "E2": GOOD, "E3": GOOD} == {s: result.of(s).level for s in ("E1", "E2", "E3")}
    assert [BAND, DEMOTED] == _codes(result.of("E3"))
    [outcome] = result.quota
    assert ("G", _d("0.20"), 9, 1, 3, ("E1",), ("E2", "E3"), ()) == (
        outcome.group,
        outcome.ratio,
        outcome.good,
        outcome.excellent_allowed,
        outcome.excellent_candidates,
        outcome.kept,
        outcome.demoted,
        outcome.findings,
    )


def test_a_quota_demotion_is_explained_on_the_member() -> None:
    """The demoted member's reason names the group, the places and the ratio, citing Điều 11 điểm 1.5."""
    reason = _rate(*_quota_case(7, [95, 93, 91])).of("E2").reasons[-1]

    assert (DEMOTED, Severity.INFO) == (reason.code, reason.severity)
    assert "G" in reason.message
    assert "0.20" in reason.message
    assert "1.5" in reason.citation


def test_quota_exception_raises_the_ratio_to_25_percent() -> None:
    """A group named in quota_exceptions gets 25 %: 7 good + 3 candidates allows 2."""
    result = _rate(*_quota_case(7, [95, 93, 91]), quota_exceptions={"G"})

    assert [("G", _d("0.25"), 2, ("E3",))] == [(q.group, q.ratio, q.excellent_allowed, q.demoted) for q in result.quota]
    assert EXC == result.of("E2").level


def test_quota_priority_keeps_a_lower_score() -> None:
    """A caller-given priority is kept before a higher score."""
    result = _rate(*_quota_case(7, [95, 93, 91]), priority={"E3": 1})

    assert [("E3",), ("E1", "E2")] == [result.quota[0].kept, result.quota[0].demoted]
    assert (EXC, [BAND]) == _summary(result.of("E3"))


def test_a_tie_at_the_cut_is_demoted_whole() -> None:
    """Two candidates tied where the only place falls are both demoted, with a finding on the group."""
    result = _rate(*_quota_case(7, [95, 95, 91]))

    [outcome] = result.quota
    assert (1, ("E1", "E2", "E3"), ["quota.tie_unfilled"]) == (
        outcome.excellent_allowed,
        outcome.demoted,
        [f.code for f in outcome.findings],
    )
    assert "1 of 1 places" in outcome.findings[0].message


# k = the largest k ≤ 3 with k ≤ floor(r·(good + 3 − k)).
@pytest.mark.parametrize(
    ("good", "ratio", "allowed"),
    [
        (3, "0.20", 1),  # k=1: 1 ≤ floor(0.2·5 = 1.0); k=2: 2 ≤ floor(0.8)? no
        (5, "0.20", 1),  # k=2: 2 ≤ floor(1.2)? no
        (7, "0.20", 1),  # k=2: 2 ≤ floor(1.6)? no
        (8, "0.20", 1),  # k=2: 2 ≤ floor(1.8)? no
        (10, "0.20", 2),  # k=2: 2 ≤ floor(2.2); k=3: 3 ≤ floor(2.0)? no
        (13, "0.20", 2),  # k=3: 3 ≤ floor(2.6)? no
        (30, "0.20", 3),  # k=3: 3 ≤ floor(6.0)
        (3, "0.25", 1),  # k=2: 2 ≤ floor(1.0)? no
        (5, "0.25", 1),  # k=2: 2 ≤ floor(1.5)? no
        (7, "0.25", 2),  # k=2: 2 ≤ floor(2.0); k=3: 3 ≤ floor(1.75)? no
        (8, "0.25", 2),  # k=3: 3 ≤ floor(2.0)? no
        (10, "0.25", 2),  # k=3: 3 ≤ floor(2.5)? no
        (13, "0.25", 3),  # k=3: 3 ≤ floor(3.25)
        (30, "0.25", 3),
    ],
)
def test_quota_by_group_size(good: int, ratio: str, allowed: int) -> None:
    """Groups of 3 to 30 good members with 3 candidates keep the hand-computed number of excellent."""
    exceptions = {"G"} if ratio == "0.25" else set()

    result = _rate(*_quota_case(good, [99, 98, 97]), quota_exceptions=exceptions)

    [outcome] = result.quota
    assert (allowed, good + 3 - allowed) == (outcome.excellent_allowed, outcome.good)
    assert allowed == sum(1 for r in result.ratings if r.level is EXC)


def test_the_default_quota_group_is_the_cells_parent() -> None:
    """Members of cells under different grassroots organizations are counted in separate groups."""
    units = [
        *_units(("C1",)),
        Unit("H", "Đảng bộ cơ sở H", UnitKind.GRASSROOTS, "K"),
        Unit("C9", "Chi bộ C9", UnitKind.CELL, "H", SINCE),
    ]
    members, assessments = _quota_case(5, [95])
    members += [_member("H1", "C9"), _member("H2", "C9")]
    assessments += [_scored("H1", 95), _scored("H2", 80)]

    result = _rate(members, assessments, units=units)

    assert [("G", 1, ()), ("H", 0, ("H1",))] == [(q.group, q.excellent_allowed, q.demoted) for q in result.quota]


def test_the_assessments_quota_group_wins() -> None:
    """A quota_group on the assessment replaces the default group."""
    members, assessments = _quota_case(5, [95, 94], quota_group="X")
    members.append(_member("E9"))
    assessments.append(_scored("E9", 99))

    result = _rate(members, assessments)

    assert [("G", 0, 1, ("E9",)), ("X", 1, 2, ("E2",))] == [
        (q.group, q.excellent_allowed, q.excellent_candidates, q.demoted) for q in result.quota
    ]


def test_the_default_quota_group_of_a_grassroots_cell_is_the_cell() -> None:
    """Two grassroots cells directly under committee K are two quota groups, not one."""
    members, assessments = _quota_case(5, [95])
    members += [_member("H1", "C2"), _member("H2", "C2")]
    assessments += [_scored("H1", 95), _scored("H2", 80)]

    result = _rate(members, assessments, cells=("C1", "C2"), units=_units(("C1", "C2"), parent="K"))

    assert ["C1", "C2"] == [q.group for q in result.quota]


def test_one_quota_record_per_group() -> None:
    """A quota group named on both member and cell assessments has a single record."""
    members = [_member("M1"), _member("M2")]
    assessments = [
        _scored("M1", 95, quota_group="X"),
        _scored("M2", 80, quota_group="X"),
        _scored("C1", 95, quota_group="X"),
    ]

    result = _rate(members, assessments)

    assert ["X"] == [q.group for q in result.quota]


def test_quota_records_are_sorted_by_group_and_only_for_groups_with_good_or_excellent() -> None:
    """RatingResult.quota has one record per group holding someone good or excellent, sorted by group."""
    members, assessments = _quota_case(1, [], quota_group="Z")
    members += [_member("A1"), _member("N1")]
    assessments += [_scored("A1", 80, quota_group="A"), _scored("N1", 40, quota_group="N")]

    assert ["A", "Z"] == [q.group for q in _rate(members, assessments).quota]


# -- local rules ----------------------------------------------------------------------------------------------


LOCAL = QD366_2025.derive(id="qd366-local-test", add=[SecretaryNotAboveCell()])


def _secretary_case(secretary_score: int, cell_score: int) -> tuple[list[Member], list[Assessment]]:
    """Secretary S of C1 with five good members (one quota place), C1 assessed ``cell_score``."""
    members, assessments = _fillers(QD366_2025)
    members.append(_member("S", role=Role.SECRETARY))
    assessments += [_scored("S", secretary_score), _scored("C1", cell_score)]
    return members, assessments


def test_local_rule_lowers_an_excellent_secretary_of_a_good_cell() -> None:
    """With SecretaryNotAboveCell added, the secretary is not rated above the cell, with a local reason."""
    result = _rate(*_secretary_case(95, 80), LOCAL)

    assert (GOOD, [BAND, "local.secretary_above_cell"]) == _summary(result.of("S"))
    assert "no national clause" in result.of("S").reasons[-1].citation
    assert (GOOD, [BAND]) == _summary(result.of("C1"))


@pytest.mark.parametrize(("secretary", "cell", "level"), [(80, 60, COMP), (60, 40, NC)])
def test_local_rule_lowers_the_secretary_to_the_cells_level(secretary: int, cell: int, level: Level) -> None:
    """A good secretary of a complete cell becomes complete; a complete one of a not-complete cell, not complete."""
    rating = _rate(*_secretary_case(secretary, cell), LOCAL).of("S")

    assert (level, [BAND, "local.secretary_above_cell"]) == _summary(rating)


def test_a_group_emptied_by_a_local_cap_keeps_its_record_with_nobody_good() -> None:
    """The lone excellent secretary is demoted by the quota, then capped to the complete cell's level."""
    result = _rate([_member("S", role=Role.SECRETARY)], [_scored("S", 95), _scored("C1", 60)], LOCAL)

    [record] = [q for q in result.quota if "S" in q.demoted]
    assert (COMP, [BAND, "quota.demoted", "local.secretary_above_cell"]) == _summary(result.of("S"))
    assert (0, 0, 1, (), ("S",)) == (
        record.good,
        record.excellent_allowed,
        record.excellent_candidates,
        record.kept,
        record.demoted,
    )


def test_the_national_rule_sets_have_no_secretary_rule() -> None:
    """Without the local rule, the same secretary stays excellent."""
    assert (EXC, [BAND]) == _summary(_rate(*_secretary_case(95, 80)).of("S"))


@pytest.mark.parametrize(("secretary", "cell", "level"), [(60, 80, COMP), (80, 80, GOOD), (45, 60, NC)])
def test_local_rule_never_raises(secretary: int, cell: int, level: Level) -> None:
    """A secretary at or below the cell's level keeps it; nobody is raised."""
    rating = _rate(*_secretary_case(secretary, cell), LOCAL).of("S")

    assert (level, [BAND]) == _summary(rating)


def test_local_rule_spares_members_who_are_not_secretary() -> None:
    """An excellent member who is not the secretary of a good cell stays excellent."""
    members, assessments = _fillers(QD366_2025)
    members.append(_member("M1"))
    assessments += [_scored("M1", 95), _scored("C1", 80)]

    assert (EXC, [BAND]) == _summary(_rate(members, assessments, LOCAL).of("M1"))


def test_secretary_not_above_cell_returns_level_caps() -> None:
    """The rule itself proposes a cap naming the secretary, the cell's level and a local reason."""
    dataset = Dataset(units=_units(), members=[_member("S", role=Role.SECRETARY), _member("M1")])
    context = RatingContext(dataset, YEAR, LOCAL, {"S": EXC, "M1": EXC, "C1": GOOD})

    [cap] = SecretaryNotAboveCell(citation="Quy định 05-QĐ/TU").apply(context)

    assert ("S", GOOD, "local.secretary_above_cell", "Quy định 05-QĐ/TU") == (
        cap.subject,
        cap.level,
        cap.reason.code,
        cap.reason.citation,
    )


@pytest.mark.parametrize(
    ("subject", "level", "reason", "error"),
    [
        ("", GOOD, "finding", InvalidRecordError),
        ("S", "good", "finding", InvalidRecordError),
        ("S", GOOD, "not a finding", InvalidRecordError),
    ],
)
def test_a_level_cap_cannot_be_built_from_bad_values(subject: str, level: Any, reason: str, error: type) -> None:
    """A local rule's cap is checked when built, not when the engine meets it."""
    why: Any = Finding("local.cap", Severity.INFO, "capped", "none") if reason == "finding" else reason

    with pytest.raises(error):
        LevelCap(subject, level, why)


@attrs.frozen
class _RaiseEveryone:
    """A misbehaving local rule that tries to raise everybody to excellent."""

    name: str = "raise-everyone"

    def apply(self, context: RatingContext) -> Iterator[LevelCap]:
        for subject in context.levels:
            yield LevelCap(subject, EXC, Finding("local.raise", Severity.INFO, f"{subject} raised", "none"))


def test_a_local_cap_above_the_level_is_ignored() -> None:
    """A cap can only lower a level: a rule 'capping' at excellent changes nobody and adds no reason."""
    rules = QD366_2025.derive(id="qd366-raise-test", add=[_RaiseEveryone()])
    members, assessments = _secretary_case(80, 80)

    assert _rate(members, assessments) == attrs.evolve(_rate(members, assessments, rules), ruleset=QD366_2025.id)


# -- what-if --------------------------------------------------------------------------------------------------------


def _what_if_case() -> Dataset:
    members = [
        _member("M1", role=Role.SECRETARY),
        _member("M2"),
        _member("M3"),
        _member("M4"),
        _member("M5", admitted=dt.date(2025, 8, 1)),
    ]
    assessments = [
        _scored("M1", 75, proposed=GOOD),  # both good
        _scored("M2", 80, proposed=COMP),  # 132 complete, 366 good
        _scored("M3", 60, proposed=GOOD),  # 132 good, 366 complete
        _scored("M4", 80, proposed=GOOD, disciplined=True, mitigated=True),  # 132 not complete, 366 good
        _scored("M5", 80, proposed=GOOD),  # 132 good, 366 excluded (admitted 1 August)
        _scored("C1", 80, proposed=GOOD),  # 132 capped to complete (M4), 366 good
    ]
    return Dataset(units=_units(), members=members, assessments=assessments)


def test_compare_ratings_lists_who_changes_level_with_the_second_reasons() -> None:
    """The same records under 132 and 366: exactly the subjects whose level differs, sorted, with 366's reasons."""
    dataset = _what_if_case()
    before, after = rate_year(dataset, YEAR, QD132_2018), rate_year(dataset, YEAR, QD366_2025)

    changes = compare_ratings(before, after)

    assert [
        ("C1", COMP, GOOD),
        ("M2", COMP, GOOD),
        ("M3", GOOD, COMP),
        ("M4", NC, GOOD),
        ("M5", GOOD, None),
    ] == [(c.subject, c.before, c.after) for c in changes]
    assert [after.of(c.subject).reasons for c in changes] == [c.reasons for c in changes]


def test_compare_ratings_of_a_result_with_itself_is_empty() -> None:
    """No subject changes level between a rating and itself."""
    result = rate_year(_what_if_case(), YEAR, QD124_2023)

    assert () == compare_ratings(result, result)


# -- registry --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "ruleset_id"),
    [
        (2018, "qd132-2018"),
        (2020, "qd132-2018"),
        (2022, "qd132-2018"),
        (2023, "qd124-2023"),
        (2024, "qd124-2023"),
        (2025, "qd366-2025"),
        (2026, "qd366-2025"),
        (2040, "qd366-2025"),
    ],
)
def test_the_regime_of_a_year_is_the_one_in_force_on_31_december(year: int, ruleset_id: str) -> None:
    """2018–2022 under 132, 2023–2024 under 124, 2025 onward under 366."""
    assert ruleset_id == default_registry().for_year(RatingRuleSet, year).id


def test_no_rating_rule_set_covers_2017() -> None:
    """A year before QĐ 132 has no rating rule set: a clear error naming the day and the registered sets."""
    with pytest.raises(
        RuleSetNotFoundError, match=r"no RatingRuleSet is in force on 2017-12-31 \(registered: 'qd132-2018'"
    ):
        default_registry().for_year(RatingRuleSet, 2017)


# -- bad input -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "error", "match"),
    [
        ({"good_min": 95}, InvalidRecordError, r"bands must rise: complete_min 50 ≤ good_min 95 ≤ excellent_min 90"),
        ({"complete_min": 75}, InvalidRecordError, r"bands must rise: complete_min 75 ≤ good_min 70"),
        ({"excellent_min": 101}, InvalidRecordError, r"'excellent_min' must be in \[0, 100\] \(got 101\)"),
        ({"quota_ratio": 0}, InvalidRecordError, r"0 < quota_ratio 0 ≤ quota_exception_ratio 0.25"),
        ({"quota_ratio": "0.30"}, InvalidRecordError, r"0 < quota_ratio 0.30 ≤ quota_exception_ratio 0.25"),
        ({"quota_exception_ratio": "0.10"}, InvalidRecordError, r"quota_ratio 0.20 ≤ quota_exception_ratio 0.10"),
        ({"quota_ratio": "1.5"}, InvalidRecordError, r"'quota_ratio' must be in \[0, 1\] \(got 1.5\)"),
        ({"quota_ratoi": "0.25"}, InvalidArgumentError, r"RatingRuleSet has no field 'quota_ratoi' to override"),
        ({"rules": ()}, InvalidArgumentError, r"RatingRuleSet has no field 'rules' to override"),
    ],
)
def test_derive_rejects_bad_rule_sets(changes: dict[str, Any], error: type[Exception], match: str) -> None:
    """Bands not rising, a quota ratio of 0 or above the exception ratio, an unknown field: each an error."""
    with pytest.raises(error, match=match):
        QD366_2025.derive(id="bad", **changes)


def test_derive_rejects_an_unknown_rule_name() -> None:
    """Replacing or removing a rule that is not there names it."""
    with pytest.raises(InvalidArgumentError, match=r"no rule named 'nope' in 'qd366-local-test'"):
        LOCAL.derive(id="bad", remove=["nope"])


def test_two_local_rules_may_not_share_a_name() -> None:
    """Adding a second rule with a name already used is an error."""
    with pytest.raises(InvalidRecordError, match=r"two rating rules are named 'secretary-not-above-cell'"):
        LOCAL.derive(id="bad", add=[SecretaryNotAboveCell()])


def test_a_derived_rule_set_keeps_its_base_and_changes_what_it_names() -> None:
    """derive() gives a new id and fields and leaves the national rule set untouched."""
    derived = QD366_2025.derive(id="qd366-province", quota_ratio="0.15")

    assert ("qd366-province", _d("0.15"), _d("0.25")) == (
        derived.id,
        derived.quota_ratio,
        derived.quota_exception_ratio,
    )
    assert ("qd366-2025", _d("0.20"), ()) == (QD366_2025.id, QD366_2025.quota_ratio, QD366_2025.rules)


@pytest.mark.parametrize(
    ("field", "value", "match"),
    [
        ("score", "100.5", r"'score' must be in \[0, 100\] \(got 100.5\)"),
        ("score", "-1", r"'score' must be in \[0, 100\] \(got -1\)"),
        ("tasks_done", "1.01", r"'tasks_done' must be in \[0, 1\] \(got 1.01\)"),
        ("tasks_exceeded", "-0.1", r"'tasks_exceeded' must be in \[0, 1\] \(got -0.1\)"),
    ],
)
def test_assessments_reject_scores_and_fractions_out_of_range(field: str, value: str, match: str) -> None:
    """A score outside 0–100 or a fraction outside 0–1 is an error naming the field."""
    changes: dict[str, Any] = {field: _d(value)}

    with pytest.raises(InvalidRecordError, match=match):
        attrs.evolve(Assessment("M1", YEAR), **changes)


def test_the_conditions_that_hold_are_listed_among_the_reasons() -> None:
    """An excellent member's reasons say which conditions of excellent were checked and held."""
    members, assessments = _quota_case(5, [95])

    rating = _rate(members, assessments).of("E1")

    assert EXC == rating.level
    met = [r for r in rating.reasons if r.code == "rating.condition.met"]
    assert 1 == len(met)
    assert "the conditions of excellent hold" in met[0].message
    assert "≥ 0.30 of tasks exceeded" in met[0].message
    assert "100 % of prior shortcomings remedied" in met[0].message


def test_of_an_unknown_subject_is_a_key_error() -> None:
    """RatingResult.of() names only subjects it rated."""
    result = _rate([_member("M1")], [_scored("M1", 80)])

    with pytest.raises(KeyError, match="nobody"):
        result.of("nobody")


def test_a_province_may_drop_the_prior_shortcomings_condition() -> None:
    """With excellent_needs_prior_fixed=False, an unremedied shortcoming does not stop excellent."""
    rules = QD366_2025.derive(id="no-prior", excellent_needs_prior_fixed=False)

    rating = _rate_one(_scored("M1", 95, prior_shortcomings_fixed=False), rules)

    assert EXC == rating.level


def test_members_who_left_before_the_reference_day_are_not_listed() -> None:
    """A member whose membership ended before 31 December, without an assessment, is not rated here."""
    gone = Member("M9", "Đã chuyển", SINCE, SINCE, memberships=[Membership("C1", SINCE, dt.date(YEAR, 6, 30))])

    result = _rate([_member("M1"), gone], [_scored("M1", 80)])

    assert ["M1"] == [r.subject for r in result.ratings if r.subject.startswith("M")]


def test_an_assessed_member_without_any_cell_is_rated_outside_any_quota_group() -> None:
    """No membership at all: rated on the assessment, in no quota group."""
    loner = Member("M9", "Không chi bộ", SINCE, SINCE)

    result = _rate([_member("M1"), loner], [_scored("M1", 80), _scored("M9", 95)])

    assert EXC == result.of("M9").level
    assert all("M9" not in q.kept for q in result.quota)


def test_a_rating_rule_set_refuses_rules_that_are_not_rating_rules() -> None:
    """Every local rule needs .name and .apply()."""
    with pytest.raises(ValueError, match="is not a RatingRule"):
        QD366_2025.derive(id="bad", add=[object()])  # type: ignore[list-item]
