"""The annual rating (C6): levels of members and cells, with reasons, under a rating rule set.

Order of work follows QĐ 366 Điều 12.2 (members before their party organization):
members are rated (exclusions, band or proposed level, level conditions, listed
cases), the quota is applied to members, then cells are rated (their own
assessment, capped by their members where the regime says so), the quota is
applied to cells, and last the rule set's local rules may cap levels.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Final

import attrs

from ._arguments import check_instance, check_year
from ._assessments import LEVEL_RANK, Assessment, Level
from ._dataset import Dataset, _active_on
from ._enum_members import COMPLETE as _COMPLETE
from ._enum_members import EXCELLENT as _EXCELLENT
from ._enum_members import GOOD as _GOOD
from ._enum_members import GRASSROOTS as _GRASSROOTS
from ._enum_members import INFO as _INFO
from ._enum_members import NOT_COMPLETE as _NOT_COMPLETE
from ._enums import Enum
from ._findings import Finding, FindingParam, Severity, _trusted_finding
from ._org import Member, Role, Unit, _home_cell
from ._quota import QuotaCandidate, QuotaOutcome, apply_quota
from ._remediation import RemediationShare, _prior_shares
from .errors import PartyReviewError
from .rules._rating import DisciplineEffect, RatingContext, RatingRuleSet

__all__ = ["LEVEL_RANK", "Exclusion", "Rating", "RatingChange", "RatingResult", "compare_ratings", "rate_year"]

_BY_RANK: Final = {rank: level for level, rank in LEVEL_RANK.items()}
_ONE: Final = Decimal(1)
_ZERO: Final = Decimal(0)


class Exclusion(Enum):
    """Why a member is not rated (QĐ 366 Điều 5)."""

    EXEMPT = "exempt"
    """Exempt from party work and activity on the reference day."""
    SUSPENDED = "suspended"
    """Suspended from party activity on the reference day."""
    NEW_MEMBER = "new_member"
    """Admitted less than the rule set's months before the reference day."""


@attrs.frozen
class Rating:
    """One subject's decided level with the reasons, in the order they were applied."""

    subject: str
    """Id of the member or unit."""
    level: Level | None
    """The level, or ``None`` when excluded or not rated."""
    excluded: Exclusion | None
    """Why the subject is not rated, if it is excluded."""
    score: Decimal | None
    """The score assessed, if any."""
    reasons: tuple[Finding, ...]
    """Every step that decided the level: band, conditions, caps, exclusion, quota, local rules."""


@attrs.frozen
class RatingResult:
    """The ratings of a year under one rule set, and the quota record per group."""

    year: int
    """The year rated."""
    ruleset: str
    """Id of the rating rule set applied."""
    ratings: tuple[Rating, ...]
    """Members (dataset order), then cells (dataset order)."""
    quota: tuple[QuotaOutcome, ...]
    """One record per quota group, sorted by group."""

    def of(self, subject: str) -> Rating:
        """The rating of ``subject``; `KeyError` if it was not rated."""
        for rating in self.ratings:
            if rating.subject == subject:
                return rating
        raise KeyError(subject)

    def levels(self) -> dict[str, Level | None]:
        """Level of every subject."""
        return {r.subject: r.level for r in self.ratings}


@attrs.frozen
class RatingChange:
    """A subject whose level differs between two ratings (what-if)."""

    subject: str
    """Id of the member or unit."""
    before: Level | None
    """Level under the first rule set."""
    after: Level | None
    """Level under the second rule set."""
    reasons: tuple[Finding, ...]
    """The reasons under the second rule set."""


# -- the pieces of one subject's decision ------------------------------------------------------------


def _months_before(day: dt.date, months: int) -> dt.date | None:
    """The same day ``months`` earlier (the month's last if shorter), or ``None`` if that falls before year 1."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    if year < dt.MINYEAR:
        return None
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _new_member_cutoff(ref: dt.date, rules: RatingRuleSet) -> dt.date | None:
    """The day after which a member admitted is too new to be rated on ``ref``: ``None`` without that rule, or
    when the day would fall before year 1 (then every member is too new)."""
    months = rules.new_member_months
    return None if months is None else _months_before(ref, months)


def _exclusion(
    member: Member, ref: dt.date, rules: RatingRuleSet, cutoff: dt.date | None
) -> tuple[Exclusion, str] | None:
    """Why ``member`` is not rated on ``ref``, if they are not; ``cutoff`` is `_new_member_cutoff`'s."""
    # `member.exempt` and `member.suspended` first: most members have no such period (no call for them)
    if rules.exclude_exempt and member.exempt and member.is_exempt_on(ref):
        return Exclusion.EXEMPT, f"exempt from party work and activity on {ref.isoformat()}"
    if rules.exclude_suspended and member.suspended and member.is_suspended_on(ref):
        return Exclusion.SUSPENDED, f"suspended from party activity on {ref.isoformat()}"
    if rules.new_member_months is not None and (cutoff is None or member.admitted_on > cutoff):
        return Exclusion.NEW_MEMBER, (
            f"admitted on {member.admitted_on.isoformat()}, less than {rules.new_member_months} months "
            f"before {ref.isoformat()}"
        )
    return None


def _params(**values: FindingParam) -> dict[str, FindingParam]:
    return values


def _band(score: Decimal, rules: RatingRuleSet) -> Level:
    if score >= rules.excellent_min:
        return _EXCELLENT
    if score >= rules.good_min:
        return _GOOD
    if score >= rules.complete_min:
        return _COMPLETE
    return _NOT_COMPLETE


def _base_level(subject: str, assessment: Assessment, rules: RatingRuleSet) -> tuple[Level | None, list[Finding]]:
    if rules.scored and assessment.score is not None:
        level = _band(assessment.score, rules)
        score, name = str(assessment.score), level._value_  # without the `value` property: once per member
        excellent, good, complete = str(rules.excellent_min), str(rules.good_min), str(rules.complete_min)
        return level, [
            _trusted_finding(  # once per member rated: the checks of `Finding` are known to pass
                "rating.band",
                _INFO,
                f"{subject}: score {score} falls in the band of {name} (≥ {excellent} / ≥ {good} / ≥ {complete}).",
                rules.band_citation,
                (
                    ("complete_min", complete),
                    ("excellent_min", excellent),
                    ("good_min", good),
                    ("level", name),
                    ("score", score),
                    ("subject", subject),
                ),
            )
        ]
    if assessment.proposed is None:
        what = "neither a score nor a proposed level" if rules.scored else "no proposed level"
        return None, [
            Finding(
                "rating.unrated",
                Severity.WARNING,
                f"{subject}: {what} was assessed.",
                rules.band_citation,
                params={"subject": subject},
            )
        ]
    code, note = ("rating.score.missing", " (no score assessed)") if rules.scored else ("rating.proposed", "")
    severity = Severity.WARNING if rules.scored else _INFO
    return assessment.proposed, [
        Finding(
            code,
            severity,
            f"{subject}: proposed level {assessment.proposed.value}{note}.",
            rules.band_citation,
            params={"subject": subject, "level": assessment.proposed.value},
        )
    ]


_Condition = tuple[str, str, Decimal | bool | None, bool, Decimal | None]
"""(key, description, fact, holds, threshold) of one level condition; the key names it in message catalogues."""


def _conditions(level: Level, assessment: Assessment, rules: RatingRuleSet) -> list[_Condition]:
    """(key, description, fact, holds, threshold) for each condition of ``level`` (QĐ 366 Điều 11)."""
    done, behind, exceeded = assessment.tasks_done, assessment.tasks_behind, assessment.tasks_exceeded
    checks: list[_Condition] = [("tasks_done", "100 % of tasks done", done, done == _ONE, None)]
    if level in (_EXCELLENT, _GOOD):
        checks.append(("on_time", "all tasks on time", behind, behind == _ZERO, None))
    if level is _COMPLETE:
        checks.append(
            (
                "behind_max",
                f"≤ {rules.complete_max_behind} of tasks behind schedule",
                behind,
                behind is not None and behind <= rules.complete_max_behind,
                rules.complete_max_behind,
            )
        )
    if level is _EXCELLENT:
        checks.append(
            (
                "exceeded_min",
                f"≥ {rules.excellent_min_exceeded} of tasks exceeded",
                exceeded,
                exceeded is not None and exceeded >= rules.excellent_min_exceeded,
                rules.excellent_min_exceeded,
            )
        )
        if rules.excellent_needs_prior_fixed:
            fixed = assessment.prior_shortcomings_fixed
            checks.append(("prior_fixed", "100 % of prior shortcomings remedied", fixed, fixed is True, None))
    return checks


def _apply_conditions(
    subject: str,
    level: Level,
    assessment: Assessment,
    rules: RatingRuleSet,
    extra: list[tuple[str, str, bool | None]],
) -> tuple[Level, list[Finding]]:
    """Lower ``level`` until its conditions hold; ``extra`` adds conditions of excellent (e.g. clean leadership)."""
    reasons: list[Finding] = []
    while level is not _NOT_COMPLETE:
        checks = _conditions(level, assessment, rules)
        if level is _EXCELLENT:
            checks += [(key, text, fact, fact is True, None) for key, text, fact in extra]
        failed = [check for check in checks if not check[3]]
        if not failed:
            name = level._value_  # without the `value` property: once per member
            reasons.append(
                _trusted_finding(  # once per member rated: the checks of `Finding` are known to pass
                    "rating.condition.met",
                    _INFO,
                    f"{subject}: the conditions of {name} hold: {'; '.join([c[1] for c in checks])}.",
                    rules.conditions_citation,
                    (("conditions", ",".join([c[0] for c in checks])), ("level", name), ("subject", subject)),
                )
            )
            break
        lower = _BY_RANK[LEVEL_RANK[level] - 1]
        for key, text, fact, _, threshold in failed:
            evidenced = fact is not None
            params: dict[str, FindingParam] = {"subject": subject, "level": level.value, "condition": key}
            params["lower"] = lower.value
            if evidenced:
                params["fact"] = _show(fact)
            if threshold is not None:
                params["threshold"] = str(threshold)
            reasons.append(
                Finding(
                    "rating.condition.failed" if evidenced else "rating.condition.not_evidenced",
                    _INFO,
                    f"{subject}: {level.value} needs {text} "
                    + (f"(assessed: {_show(fact)})" if evidenced else "(not assessed)")
                    + f"; lowered to {lower.value}.",
                    rules.conditions_citation,
                    params=params,
                )
            )
        level = lower
    return level, reasons


def _show(fact: Decimal | bool | None) -> str:  # noqa: FBT001 - a fact, not a flag
    if isinstance(fact, bool):
        return "yes" if fact else "no"
    return str(fact)


def _listed_cases(
    subject: str, level: Level, assessment: Assessment, rules: RatingRuleSet, *, unit: bool
) -> tuple[Level, list[Finding]]:
    """The listed "not complete" cases and their mitigation.

    An organization's discipline is always lifted by self-detection and remedy
    (HD 21-HD/BTCTW §B.1.3: "không bị kỷ luật, trừ trường hợp tự phát hiện và khắc phục").
    """
    reasons: list[Finding] = []
    mitigated = assessment.mitigated is True
    cases: list[tuple[str, str, str, bool]] = []
    if assessment.degradation is True:
        cases.append(
            ("rating.case.degradation", "concluded to show degradation", rules.cases_citation, rules.cases_mitigable)
        )
    if assessment.tasks_done is not None and _ONE - assessment.tasks_done > rules.not_done_max:
        cases.append(
            (
                "rating.case.tasks_not_done",
                f"more than {rules.not_done_max} of tasks not done (done: {assessment.tasks_done})",
                rules.cases_citation,
                rules.cases_mitigable,
            )
        )
    if assessment.disciplined is True:
        lifts = unit or rules.discipline_effect is DisciplineEffect.NOT_COMPLETE_UNLESS_MITIGATED
        cases.append(("rating.case.disciplined", "disciplined in the year", rules.discipline_citation, lifts))
    for code, text, citation, mitigable in cases:
        params: dict[str, FindingParam] = {"subject": subject, "case": code.rsplit(".", 1)[1]}
        if code == "rating.case.tasks_not_done":
            params |= {"threshold": str(rules.not_done_max), "done": str(assessment.tasks_done)}
        if mitigable and mitigated:
            reasons.append(
                Finding(
                    "rating.case.mitigated",
                    _INFO,
                    f"{subject}: {text}, but mitigated (self-detected and remedied, or force majeure).",
                    citation,
                    params=params,
                )
            )
        elif level is not _NOT_COMPLETE:
            reasons.append(Finding(code, _INFO, f"{subject}: {text}; rated not complete.", citation, params=params))
            level = _NOT_COMPLETE
        else:
            reasons.append(Finding(code, _INFO, f"{subject}: {text}.", citation, params=params))
    return level, reasons


@attrs.define
class _Draft:
    """A subject's rating while it is being decided (mutable inside rate_year only)."""

    subject: str
    level: Level | None
    excluded: Exclusion | None
    score: Decimal | None
    reasons: list[Finding]
    group: str | None = None

    def freeze(self) -> Rating:
        return Rating(self.subject, self.level, self.excluded, self.score, tuple(self.reasons))


def _remediation_from_reviews(
    subject: str, assessment: Assessment, rules: RatingRuleSet, prior: RemediationShare | None
) -> tuple[Assessment, list[Finding]]:
    """The assessment with "prior shortcomings remedied" taken from last year's review(s) when it does not state it.

    The stated fact always wins; without a review the fact stays unknown (not evidenced).  ``prior`` is
    ``None`` unless the rule set has the condition (see `rate_year`).
    """
    if assessment.prior_shortcomings_fixed is not None or prior is None:
        return assessment, []
    params: dict[str, FindingParam] = {
        "subject": subject,
        "review_year": prior.year,
        "reviews": ",".join(prior.reviews),
        "remedied": prior.remedied,
        "total": prior.total,
        "share": str(prior.share),
        "as_of": prior.as_of.isoformat(),
    }
    finding = Finding(
        "rating.condition.remediation_from_reviews",
        _INFO,
        f"{subject}: the assessment does not say whether the previous review's shortcomings were remedied; "
        f"the review of {prior.year} ({', '.join(prior.reviews)}) shows {prior.remedied} of {prior.total} "
        f"remedied by {prior.as_of.isoformat()}.",
        rules.conditions_citation,
        params=params,
    )
    return attrs.evolve(assessment, prior_shortcomings_fixed=prior.complete), [finding]


def _rate_subject(
    subject: str,
    assessment: Assessment | None,
    rules: RatingRuleSet,
    extra: list[tuple[str, str, bool | None]],
    *,
    unit: bool = False,
    prior: RemediationShare | None = None,
) -> _Draft:
    if assessment is None:
        finding = Finding(
            "rating.not_assessed",
            Severity.WARNING,
            f"{subject}: no assessment for the year.",
            rules.band_citation,
            params={"subject": subject},
        )
        return _Draft(subject, None, None, None, [finding])
    level, reasons = _base_level(subject, assessment, rules)
    if level is not None:
        if rules.check_task_conditions:
            if level is _EXCELLENT:  # the only level whose conditions read the prior review
                assessment, more = _remediation_from_reviews(subject, assessment, rules, prior)
                reasons += more
            level, more = _apply_conditions(subject, level, assessment, rules, extra)
            reasons += more
        level, more = _listed_cases(subject, level, assessment, rules, unit=unit)
        reasons += more
    return _Draft(subject, level, None, assessment.score, reasons, assessment.quota_group)


def _apply_group_quota(
    drafts: list[_Draft],
    rules: RatingRuleSet,
    exceptions: frozenset[str],
    priority: Mapping[str, int],
    defer: Callable[[str], bool] | None = None,
) -> list[QuotaOutcome]:
    """Apply the quota per group; groups for which ``defer`` is true are left to the caller (streaming)."""
    by_group: defaultdict[str, list[_Draft]] = defaultdict(list)
    for draft in drafts:
        if draft.group is not None and draft.level in (_EXCELLENT, _GOOD) and (defer is None or not defer(draft.group)):
            by_group[draft.group].append(draft)
    outcomes: list[QuotaOutcome] = []
    for group in sorted(by_group):
        members = by_group[group]
        candidates = [
            QuotaCandidate(d.subject, d.score, priority.get(d.subject, 0)) for d in members if d.level is _EXCELLENT
        ]
        good = sum(1 for d in members if d.level is _GOOD)
        ratio = rules.quota_exception_ratio if group in exceptions else rules.quota_ratio
        outcome = apply_quota(
            group,
            candidates,
            good,
            ratio=ratio,
            denominator=rules.quota_denominator,
            rounding=rules.quota_rounding,
            citation=rules.quota_citation,
        )
        demoted = set(outcome.demoted)
        tied = {str(f.param("subject")) for f in outcome.findings if f.code == "quota.demoted" and f.param("tied") == 1}
        for draft in members:
            if draft.subject in demoted:
                draft.level = _GOOD
                draft.reasons.append(_demotion_reason(draft.subject, outcome, rules, tied=draft.subject in tied))
        # Each demotion is explained in the subject's own reasons; the group record keeps the rest (ties).
        outcomes.append(attrs.evolve(outcome, findings=tuple(f for f in outcome.findings if f.code != "quota.demoted")))
    return outcomes


def _candidate_in(draft: _Draft, groups: Callable[[str], bool]) -> bool:
    """Whether ``draft`` is a candidate of the quota (good or excellent) in a group that ``groups`` accepts."""
    return draft.group is not None and draft.level in (_EXCELLENT, _GOOD) and groups(draft.group)


def _demotion_reason(subject: str, outcome: QuotaOutcome, rules: RatingRuleSet, *, tied: bool) -> Finding:
    """The ``quota.demoted`` reason of ``subject``, lowered to good by the quota of ``outcome``'s group."""
    return Finding(
        "quota.demoted",
        _INFO,
        f"{subject}: group {outcome.group} allows {outcome.excellent_allowed} excellent of "
        f"{outcome.excellent_candidates} candidates (ratio {outcome.ratio} of those rated good); lowered to good.",
        rules.quota_citation,
        params=_params(
            subject=subject,
            group=outcome.group,
            ratio=format(outcome.ratio, "f"),
            allowed=outcome.excellent_allowed,
            candidates=outcome.excellent_candidates,
            tied=int(tied),
        ),
    )


def _member_group(member: Member, cell: str | None, dataset: Dataset) -> str | None:
    """The member's grassroots organization (HD 21 §B.2.3): the cell's parent if grassroots, else the cell itself.

    ``cell`` is the member's cell on the reference day; without one, the cell of their last membership.
    """
    cell = cell or _home_cell(member)
    return None if cell is None else _members_group(cell, dataset)


def _members_group(cell: str, dataset: Dataset) -> str:
    """The default quota group of the members of ``cell``: its parent if grassroots, else the cell itself."""
    parent = dataset.parent_of(cell)
    return parent.id if parent is not None and parent.kind is _GRASSROOTS else cell


def _cells_group(cell: Unit) -> str:
    """The default quota group of ``cell`` (where the regime puts cells under the quota): its parent's cells."""
    return f"{cell.parent or cell.id}:cells"


def _leadership_discipline(
    cell: Unit, dataset: Dataset, ref: dt.date, assessments: Mapping[str, Assessment]
) -> bool | None:
    """Whether no member of the cell's leadership (secretary, deputy, committee) was disciplined; None if unknown."""
    leaders = [
        m
        for m in dataset.members_of(cell.id, ref)
        if (ms := m.membership_on(ref)) is not None and ms.role is not Role.MEMBER
    ]
    facts = [assessments[m.id].disciplined if m.id in assessments else None for m in leaders]
    if any(f is True for f in facts):
        return False
    if any(f is None for f in facts):
        return None
    return True


def _cell_member_cap(
    cell: Unit, member_drafts: Mapping[str, _Draft], dataset: Dataset, ref: dt.date, rules: RatingRuleSet
) -> tuple[Level, Finding] | None:
    """HD 21 §B.1.3: the highest level the cell's members' levels allow, if lower than excellent."""
    levels = [
        member_drafts[m.id].level
        for m in dataset.members_of(cell.id, ref)
        if m.id in member_drafts and member_drafts[m.id].level is not None
    ]
    if not levels:
        return None
    rated = len(levels)
    all_complete = all(LEVEL_RANK[lv] >= LEVEL_RANK[_COMPLETE] for lv in levels if lv is not None)
    good_share = Decimal(sum(1 for lv in levels if lv is not None and LEVEL_RANK[lv] >= LEVEL_RANK[_GOOD])) / rated
    if all_complete and good_share >= rules.cell_excellent_min_good_share:
        return None
    ceiling = _GOOD if all_complete and good_share >= rules.cell_good_min_good_share else _COMPLETE
    message = (
        f"{cell.id}: of {rated} rated members, {'all' if all_complete else 'not all'} are at complete or above and "
        f"{good_share:.0%} at good or above; the cell can be at most {ceiling.value}."
    )
    params: dict[str, FindingParam] = {
        "cell": cell.id,
        "rated": rated,
        "all_complete": int(all_complete),
        "good_share": f"{good_share:.0%}",
        "ceiling": ceiling.value,
    }
    return ceiling, Finding("rating.cell.members", _INFO, message, rules.cell_citation, params=params)


def rate_year(
    dataset: Dataset,
    year: int,
    rules: RatingRuleSet,
    *,
    quota_exceptions: Iterable[str] = (),
    priority: Mapping[str, int] | None = None,
) -> RatingResult:
    """Rate every member and cell of ``dataset`` for ``year`` under ``rules``.

    Members listed: those in a cell on the reference day, and any other member
    with an assessment for the year.  Cells listed: those active on the
    reference day or assessed.  ``quota_exceptions`` names the quota groups
    allowed the exception ratio (25 % under QĐ 366); ``priority`` (subject → int,
    higher kept first) orders candidates before their score when the quota bites.

    Raises:
        InvalidArgumentError: an assessment names a subject the dataset does not have
            (cannot happen for a loaded `Dataset`, which checks it).
    """
    check_instance(dataset, Dataset, "dataset", " (see load_dataset)")
    check_year(year)
    check_instance(rules, RatingRuleSet, "rules")
    drafts, quota = _rate_drafts(dataset, year, rules, frozenset(quota_exceptions), dict(priority or {}))
    return RatingResult(
        year=year,
        ruleset=rules.id,
        ratings=tuple(d.freeze() for d in drafts.values()),
        quota=tuple(sorted(quota, key=lambda q: q.group)),
    )


def _rate_drafts(  # noqa: PLR0917 - rate_year's arguments, plus the deferral of the streaming engine
    dataset: Dataset,
    year: int,
    rules: RatingRuleSet,
    exceptions: frozenset[str],
    priorities: Mapping[str, int],
    defer: Callable[[str], bool] | None = None,
) -> tuple[dict[str, _Draft], list[QuotaOutcome]]:
    """The work of `rate_year`; quota groups for which ``defer`` is true keep their levels before the quota."""
    ref = rules.reference_date(year)
    assessments = {a.subject: a for a in dataset.assessments if a.year == year}
    # "100 % of the previous review's shortcomings remedied": last year's reviews, indexed once by subject,
    # answer for the assessments that do not state it (as of the reference day).
    needs_prior = rules.check_task_conditions and rules.excellent_needs_prior_fixed
    prior = _prior_shares(dataset.reviews, year, ref) if needs_prior else {}
    members = _rate_members(dataset, ref, assessments, rules, prior=prior)
    if not rules.quota_for_units:
        quota = _apply_group_quota(list(members.values()), rules, exceptions, priorities, defer)
    cells = _rate_cells(dataset, ref, assessments, rules, members, prior=prior)
    drafts = {**members, **cells}
    # With units in, one pass over members and cells, so a group named on both has one record.
    in_quota = list(drafts.values() if rules.quota_for_units else members.values())
    if rules.quota_for_units:
        quota = _apply_group_quota(in_quota, rules, exceptions, priorities, defer)
    if rules.rules and defer is not None and any(_candidate_in(d, defer) for d in in_quota):
        # a group decided later could demote a subject after its local caps, whose order matters (see below)
        msg = "a rule set with local rules cannot defer a quota group that spans parents; use the in-memory report"
        raise PartyReviewError(msg)
    # A local cap can lower a "good" subject and so shrink its group's quota: apply the quota
    # again until nothing changes (levels only go down, so this ends).
    while _apply_local_rules(dataset, year, rules, drafts):
        quota = _merge_quota(quota, _apply_group_quota(in_quota, rules, exceptions, priorities, defer))
    return drafts, quota


def _rate_members(
    dataset: Dataset,
    ref: dt.date,
    assessments: Mapping[str, Assessment],
    rules: RatingRuleSet,
    *,
    prior: Mapping[str, RemediationShare],
) -> dict[str, _Draft]:
    """Exclusions, then the national rules, for every member in a cell on ``ref`` or assessed."""
    drafts: dict[str, _Draft] = {}
    cutoff = _new_member_cutoff(ref, rules)
    for member in dataset.members:
        cell = member.cell_on(ref)
        if cell is None and member.id not in assessments:
            continue
        excluded = _exclusion(member, ref, rules, cutoff)
        if excluded is not None:
            kind, why = excluded
            finding = Finding(
                f"rating.excluded.{kind.value}",
                _INFO,
                f"{member.id}: not rated: {why}.",
                rules.exclusion_citation,
                params=_params(subject=member.id, reference_day=ref.isoformat(), months=rules.new_member_months or 0),
            )
            drafts[member.id] = _Draft(member.id, None, kind, None, [finding])
            continue
        draft = _rate_subject(member.id, assessments.get(member.id), rules, [], prior=prior.get(member.id))
        draft.group = draft.group or _member_group(member, cell, dataset)
        drafts[member.id] = draft
    return drafts


def _rate_cells(
    dataset: Dataset,
    ref: dt.date,
    assessments: Mapping[str, Assessment],
    rules: RatingRuleSet,
    members: Mapping[str, _Draft],
    *,
    prior: Mapping[str, RemediationShare],
) -> dict[str, _Draft]:
    """Every cell active on ``ref`` or assessed: its own assessment, capped by its members where the regime says."""
    drafts: dict[str, _Draft] = {}
    for cell in dataset.cells():
        if not _active_on(cell, ref) and cell.id not in assessments:
            continue
        extra: list[tuple[str, str, bool | None]] = []
        if rules.cell_excellent_needs_clean_leadership:
            extra.append(
                (
                    "leadership_clean",
                    "no member of its leadership disciplined",
                    _leadership_discipline(cell, dataset, ref, assessments),
                )
            )
        draft = _rate_subject(cell.id, assessments.get(cell.id), rules, extra, unit=True, prior=prior.get(cell.id))
        if rules.cell_from_members and draft.level is not None:
            capped = _cell_member_cap(cell, members, dataset, ref, rules)
            if capped is not None and LEVEL_RANK[capped[0]] < LEVEL_RANK[draft.level]:
                draft.level = capped[0]
                draft.reasons.append(capped[1])
        draft.group = draft.group or _cells_group(cell)
        drafts[cell.id] = draft
    return drafts


def _merge_quota(first: list[QuotaOutcome], again: list[QuotaOutcome]) -> list[QuotaOutcome]:
    """One record per group: the first pass's candidates, every demotion, the last pass's counts."""
    later = {q.group: q for q in again}
    merged = []
    for outcome in first:
        last = later.get(outcome.group)
        if last is None:  # nobody in the group is good or excellent any more
            merged.append(attrs.evolve(outcome, good=0, excellent_allowed=0, kept=()))
            continue
        merged.append(
            attrs.evolve(
                outcome,
                good=last.good,
                excellent_allowed=last.excellent_allowed,
                kept=last.kept,
                demoted=tuple(sorted((*outcome.demoted, *last.demoted))),
                findings=(*outcome.findings, *last.findings),
            )
        )
    return merged


def _apply_local_rules(dataset: Dataset, year: int, rules: RatingRuleSet, drafts: Mapping[str, _Draft]) -> bool:
    """Let the rule set's local rules cap levels (never raise them); whether any level changed."""
    changed = False
    if not rules.rules:
        return changed
    context = RatingContext(dataset, year, rules, {s: d.level for s, d in drafts.items()})
    for rule in rules.rules:
        for cap in rule.apply(context):
            target = drafts.get(cap.subject)
            if target is not None and target.level is not None and LEVEL_RANK[cap.level] < LEVEL_RANK[target.level]:
                target.level = cap.level
                target.reasons.append(cap.reason)
                changed = True
    return changed


def compare_ratings(before: RatingResult, after: RatingResult) -> tuple[RatingChange, ...]:
    """Who changes level between two ratings of the same year (what-if), and why, sorted by subject."""
    old = before.levels()
    changes = [
        RatingChange(r.subject, old.get(r.subject), r.level, r.reasons)
        for r in after.ratings
        if old.get(r.subject) != r.level
    ]
    return tuple(sorted(changes, key=lambda c: c.subject))
