"""Invariants of participation over generated valid datasets: rates in [0, 1], counts that add up, removal review."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from partyreview import (
    AttendanceMark,
    CellParticipation,
    Dataset,
    participation_by_cell,
    summarize_participation,
)
from partyreview._participation import _rate
from partyreview.rules import HD12_2018, HD42_2025, CadenceRuleSet
from partyreview.testing import datasets
from strategies import YEAR

pytestmark = pytest.mark.property

rule_sets = st.sampled_from(
    [
        HD12_2018,
        HD42_2025,
        HD42_2025.derive(id="strict", removal_unexcused_months=1, max_consecutive_excused=0, attendance_bar="0"),
        HD42_2025.derive(id="lenient", removal_unexcused_months=12, unexcused_allowed=5, attendance_bar="1"),
    ]
)


def rates(cell: CellParticipation) -> list[Decimal | None]:
    out = [cell.attendance_rate, cell.speaking_rate]
    out += [r for m in cell.meetings for r in (m.attendance_rate, m.speaking_rate)]
    out += [m.attendance_rate for m in cell.members]
    return out


@given(datasets(), rule_sets)
def test_every_rate_lies_between_zero_and_one(dataset: Dataset, rules: CadenceRuleSet) -> None:
    """Attendance and speaking rates of meetings, members, cells and the committee are in [0, 1] (or None)."""
    cells = participation_by_cell(dataset, YEAR, rules)
    total = summarize_participation(cells, YEAR, rules)

    for rate in [r for cell in cells for r in rates(cell)] + [total.attendance_rate, total.speaking_rate]:
        assert rate is None or Decimal(0) <= rate <= Decimal(1)


@given(datasets(), rule_sets)
def test_removal_review_lists_exactly_the_members_with_enough_unexcused_regular_months(
    dataset: Dataset, rules: CadenceRuleSet
) -> None:
    """Per cell and for the committee, recomputed from the raw marks: distinct months of unexcused regular absence."""
    committee_months: defaultdict[str, set[int]] = defaultdict(set)
    for cell in participation_by_cell(dataset, YEAR, rules):
        months: defaultdict[str, set[int]] = defaultdict(set)
        for meeting in dataset.meetings_of(cell.cell, YEAR):
            if not meeting.is_regular:
                continue
            for member in meeting.attendance.with_mark(AttendanceMark.UNEXCUSED):
                if not dataset.member(member).is_exempt_on(meeting.date):
                    months[member].add(meeting.date.month)
                    committee_months[member].add(meeting.date.month)
        expected = tuple(sorted(m for m, ms in months.items() if len(ms) >= rules.removal_unexcused_months))

        assert expected == cell.removal_review
    cells = participation_by_cell(dataset, YEAR, rules)
    total = summarize_participation(cells, YEAR, rules)
    everyone = tuple(sorted(m for m, ms in committee_months.items() if len(ms) >= rules.removal_unexcused_months))

    assert everyone == total.removal_review
    assert set(total.removal_review) >= {m for cell in cells for m in cell.removal_review}


@given(datasets(), rule_sets)
def test_member_counts_add_up_to_the_meeting_totals(dataset: Dataset, rules: CadenceRuleSet) -> None:
    """Summed over members, expected, present, excused, unexcused, exempt attendances and speakers match the meetings."""
    for cell in participation_by_cell(dataset, YEAR, rules):
        for name in ("expected", "present", "excused", "unexcused", "exempt_present"):
            assert sum(getattr(m, name) for m in cell.members) == getattr(cell, name)
        assert sum(m.spoke for m in cell.members) == cell.speakers
        for meeting in cell.meetings:
            assert meeting.expected == meeting.present - meeting.exempt_present + meeting.excused + meeting.unexcused
        for member in cell.members:
            assert member.expected == member.present - member.exempt_present + member.excused + member.unexcused
            assert member.longest_excused_run <= member.excused
            assert member.spoke <= member.present


@given(datasets(), rule_sets)
def test_committee_totals_are_the_sums_of_the_cells(dataset: Dataset, rules: CadenceRuleSet) -> None:
    """The committee adds up counts; its rates come from the sums, whatever the cells' rates."""
    cells = participation_by_cell(dataset, YEAR, rules)
    total = summarize_participation(cells, YEAR, rules)

    assert len(cells) == total.cells
    assert sum(len(c.meetings) for c in cells) == total.meetings
    for name in ("expected", "present", "exempt_present", "excused", "unexcused", "speakers", "meetings_meeting_bar"):
        assert sum(getattr(c, name) for c in cells) == getattr(total, name)


@given(datasets(), rule_sets)
def test_a_meeting_meets_the_bar_exactly_when_its_counts_say_so(dataset: Dataset, rules: CadenceRuleSet) -> None:
    """meets_bar ⇔ present / base > bar (exactly) and unexcused ≤ allowed; a below-bar finding otherwise."""
    for cell in participation_by_cell(dataset, YEAR, rules):
        for meeting in cell.meetings:
            base = meeting.attendance_base
            meets = (
                base > 0
                and meeting.present * rules.attendance_bar.as_integer_ratio()[1]
                > rules.attendance_bar.as_integer_ratio()[0] * base
                and meeting.unexcused <= rules.unexcused_allowed
            )

            assert meets == meeting.meets_bar
            below = [f for f in meeting.findings if f.code == "participation.meeting.below_bar"]
            assert (base > 0 and not meets) == bool(below)


@given(st.integers(-(10**6), 10**6), st.integers(-(10**6), 10**6).filter(bool))
def test_a_rate_is_the_exact_ratio_rounded_half_to_even_to_4_places(numerator: int, denominator: int) -> None:
    """`_rate` rounds in whole numbers what `round(Fraction(n, d) * 10_000)` rounds (half to even)."""
    expected = Decimal(round(Fraction(numerator, denominator) * 10_000)).scaleb(-4)

    assert _rate(numerator, denominator) == expected
    assert str(_rate(numerator, denominator)) == str(expected)


@given(st.integers(0, 1000).map(lambda half: Fraction(2 * half + 1, 2)))
def test_a_rate_exactly_half_way_rounds_to_the_even_neighbour(half_way: Fraction) -> None:
    numerator, denominator = (half_way / 10_000).as_integer_ratio()

    assert _rate(numerator, denominator) == Decimal(round(half_way)).scaleb(-4)
    assert int(_rate(numerator, denominator).scaleb(4)) % 2 == 0  # type: ignore[union-attr]
