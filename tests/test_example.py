"""The synthetic example generator: deterministic, the right size, valid, and flawed in every expected way."""

from __future__ import annotations

import datetime as dt
import functools
import itertools
from collections import defaultdict
from decimal import Decimal

import pytest

from partyreview import (
    AttendanceMark,
    Dataset,
    InvalidArgumentError,
    Level,
    Meeting,
    Role,
    Unit,
    dumps_dataset,
    egalitarian_rating_finding,
    generate_example,
    loads_dataset,
    participation_by_cell,
    rate_year,
    summarize_participation,
)
from partyreview._example import ExampleSize
from partyreview._periods import MONTHS, month_span, quarter_of
from partyreview.rules import HD42_2025, QD366_2025

YEAR = 2025
YEAR_START = dt.date(YEAR, 1, 1)
YEAR_END = dt.date(YEAR, 12, 31)
SIZES: tuple[ExampleSize, ...] = ("demo", "small")

by_size = pytest.mark.parametrize("size", SIZES)


@functools.cache
def example(size: ExampleSize) -> Dataset:
    """The dataset most tests read, generated once per size."""
    return generate_example(size, seed=0, year=YEAR)


def active_months(cell: Unit) -> list[int]:
    return [m for m in MONTHS if cell.active.overlaps(month_span(YEAR, m))]


def regular_meetings_by_month(ds: Dataset, cell: Unit) -> dict[int, list[Meeting]]:
    by_month: defaultdict[int, list[Meeting]] = defaultdict(list)
    for meeting in ds.meetings_of(cell.id, YEAR):
        if meeting.is_regular:
            by_month[meeting.date.month].append(meeting)
    return by_month


def missed_months(ds: Dataset, cell: Unit) -> list[int]:
    held = regular_meetings_by_month(ds, cell)
    return [m for m in active_months(cell) if m not in held]


def marks_in_date_order(ds: Dataset) -> dict[str, list[AttendanceMark]]:
    marks: defaultdict[str, list[AttendanceMark]] = defaultdict(list)
    for meeting in sorted(ds.meetings, key=lambda m: (m.date, m.id)):
        for member, mark in meeting.attendance.items():
            marks[member].append(mark)
    return marks


def longest_run(marks: list[AttendanceMark], mark: AttendanceMark) -> int:
    return max((len(list(run)) for value, run in itertools.groupby(marks) if value is mark), default=0)


# -- determinism, size, validity ---------------------------------------------------------


@by_size
def test_the_same_seed_gives_byte_identical_json(size: ExampleSize) -> None:
    """Generating twice with the same arguments gives equal datasets and the same JSON text."""
    first = generate_example(size, seed=7, year=YEAR)
    second = generate_example(size, seed=7, year=YEAR)

    assert first == second
    assert dumps_dataset(first) == dumps_dataset(second)


@by_size
def test_different_seeds_give_different_datasets(size: ExampleSize) -> None:
    """Another seed gives another committee."""
    assert dumps_dataset(example(size)) != dumps_dataset(generate_example(size, seed=1, year=YEAR))


def test_small_mirrors_a_committee_of_295_cells_and_about_3400_members() -> None:
    """ "small" has one committee, about 20 grassroots organizations, 295 cells and 3,200–3,600 members."""
    ds = example("small")
    kinds = [u.kind.value for u in ds.units]

    assert 1 == kinds.count("committee")
    assert 15 <= kinds.count("grassroots") <= 25
    assert 295 == len(ds.cells())
    assert 3200 <= len(ds.members) <= 3600


def test_demo_is_a_six_cell_committee() -> None:
    """ "demo" has one committee, two grassroots organizations, six cells and about 60 members."""
    ds = example("demo")
    kinds = [u.kind.value for u in ds.units]

    assert ["committee", "grassroots", "grassroots"] == [k for k in kinds if k != "cell"]
    assert 6 == len(ds.cells())
    assert 50 <= len(ds.members) <= 70


@by_size
def test_the_dataset_round_trips_through_json(size: ExampleSize) -> None:
    """Loading the dumped JSON gives back an equal dataset."""
    ds = example(size)

    assert ds == loads_dataset(dumps_dataset(ds))


@by_size
def test_the_year_is_a_parameter(size: ExampleSize) -> None:
    """Meetings and assessments fall in the requested year, reviews in the year before."""
    ds = generate_example(size, seed=3, year=2031)

    assert {2031} == {m.date.year for m in ds.meetings}
    assert {2031} == {a.year for a in ds.assessments}
    assert {2030} == {r.year for r in ds.reviews}


def test_an_unknown_size_is_rejected() -> None:
    """Only "demo" and "small" are known sizes."""
    with pytest.raises(InvalidArgumentError, match="size must be one of 'demo', 'small' \\(got 'huge'\\)"):
        generate_example("huge")  # type: ignore[arg-type]


@pytest.mark.parametrize("year", [1930, 2201])
def test_a_year_without_a_valid_previous_year_is_rejected(year: int) -> None:
    """The year must leave room for last year's review: 1931–2200."""
    with pytest.raises(InvalidArgumentError, match=f"year must be an integer from 1931 to 2200 \\(got {year}\\)"):
        generate_example("demo", year=year)


# -- organization ------------------------------------------------------------------------


@by_size
def test_names_are_vietnamese(size: ExampleSize) -> None:
    """Cells are "Chi bộ …", grassroots organizations "Đảng bộ …", members have three or four name parts."""
    ds = example(size)

    assert all(c.name.startswith("Chi bộ ") for c in ds.cells())
    assert all(u.name.startswith("Đảng bộ ") for u in ds.units if not u.is_cell)
    assert all(3 <= len(m.name.split()) <= 4 for m in ds.members)
    assert any(m.name.startswith("Nguyễn ") for m in ds.members)


@by_size
def test_every_cell_has_a_secretary_and_large_cells_a_committee(size: ExampleSize) -> None:
    """Each cell's first members include a secretary; cells of 9 or more have a deputy and committee members."""
    ds = example(size)
    for cell in ds.cells():
        founders = [m for m in ds.ever_members_of(cell.id) if m.memberships[0].cell == cell.id]
        roles = [m.memberships[0].role for m in founders]

        assert 1 == roles.count(Role.SECRETARY)
        if len(founders) >= 9:
            assert 1 == roles.count(Role.DEPUTY_SECRETARY)
            assert Role.COMMITTEE_MEMBER in roles


@by_size
def test_a_cell_is_created_mid_year(size: ExampleSize) -> None:
    """A cell starts during the year; its memberships start and its meetings fall within its life."""
    ds = example(size)
    created = [c for c in ds.cells() if c.active_from is not None and YEAR_START < c.active_from <= YEAR_END]

    assert created
    for cell in created:
        assert all(
            ms.start >= cell.active.start
            for m in ds.ever_members_of(cell.id)
            for ms in m.memberships
            if ms.cell == cell.id
        )
        assert all(meeting.date >= cell.active.start for meeting in ds.meetings_of(cell.id))
        assert ds.meetings_of(cell.id)


@by_size
def test_a_cell_is_dissolved_mid_year_and_its_members_move(size: ExampleSize) -> None:
    """A cell ends during the year; its members move on the next day and it meets no more."""
    ds = example(size)
    dissolved = [c for c in ds.cells() if c.active_to is not None and c.active_to < YEAR_END]

    assert dissolved
    for cell in dissolved:
        assert cell.active_to is not None
        day_after = cell.active_to + dt.timedelta(days=1)
        members = ds.ever_members_of(cell.id)
        assert members
        assert all(
            m.cell_on(cell.active_to) == cell.id and m.cell_on(day_after) not in {None, cell.id} for m in members
        )
        assert all(meeting.date <= cell.active_to for meeting in ds.meetings_of(cell.id))


@by_size
def test_members_transfer_between_cells_mid_year(size: ExampleSize) -> None:
    """Some members have consecutive memberships in two cells, the second starting the day after the first ends."""
    ds = example(size)
    transfers = [
        (earlier, later)
        for m in ds.members
        for earlier, later in itertools.pairwise(m.memberships)
        if later.start.year == YEAR
    ]

    assert transfers
    assert all(old.end is not None and old.end + dt.timedelta(days=1) == new.start for old, new in transfers)
    assert all(old.cell != new.cell for old, new in transfers)


@by_size
def test_members_are_exempt_and_one_is_suspended_at_year_end(size: ExampleSize) -> None:
    """Some members are exempt (for years, or for a spell), and some are suspended, one still at year end."""
    ds = example(size)

    assert any(m.is_exempt_on(YEAR_END) for m in ds.members)
    assert any(p.end is not None and p.start.year == YEAR for m in ds.members for p in m.exempt)
    assert any(m.is_suspended_on(YEAR_END) for m in ds.members)


@by_size
def test_members_admitted_during_the_year_are_probationary(size: ExampleSize) -> None:
    """Some members are admitted in the year, before and after 30 June, and are not yet recognized."""
    ds = example(size)
    admitted = [m for m in ds.members if m.admitted_on.year == YEAR]
    cutoff = dt.date(YEAR, 6, 30)

    assert any(m.admitted_on <= cutoff for m in admitted)
    assert any(m.admitted_on > cutoff for m in admitted)
    assert all(m.recognized_on is None and m.memberships[0].start == m.admitted_on for m in admitted)


@by_size
def test_most_members_are_recognized_twelve_months_after_admission(size: ExampleSize) -> None:
    """Most members admitted before the year are recognized one year (365 or 366 days) after admission."""
    ds = example(size)
    delays = [(m.recognized_on - m.admitted_on).days for m in ds.members if m.recognized_on is not None]

    assert all(m.recognized_on is not None for m in ds.members if m.admitted_on.year < YEAR)
    assert all(delay >= 365 for delay in delays)
    assert sum(delay in {365, 366} for delay in delays) >= 0.7 * len(delays)


# -- meetings ----------------------------------------------------------------------------


@by_size
def test_a_cell_misses_a_month(size: ExampleSize) -> None:
    """Some active month of some cell has no regular meeting."""
    ds = example(size)

    assert any(missed_months(ds, cell) for cell in ds.cells())


@by_size
def test_a_second_regular_meeting_follows_a_missed_month(size: ExampleSize) -> None:
    """Some cell holds two regular meetings in the month after one without any."""
    ds = example(size)
    make_ups = [
        (cell.id, month)
        for cell in ds.cells()
        for month, meetings in regular_meetings_by_month(ds, cell).items()
        if len(meetings) == 2 and month - 1 in missed_months(ds, cell)
    ]

    assert make_ups


@by_size
def test_a_quarter_has_no_thematic_meeting(size: ExampleSize) -> None:
    """Some active quarter of some cell has no thematic meeting."""
    ds = example(size)

    def quarters_without_thematic(cell: Unit) -> set[int]:
        thematic = {quarter_of(m.date.month) for m in ds.meetings_of(cell.id, YEAR) if m.is_thematic}
        return {quarter_of(m) for m in active_months(cell)} - thematic

    assert any(quarters_without_thematic(cell) for cell in ds.cells())


@by_size
def test_most_cells_but_not_all_take_up_the_ho_chi_minh_topic(size: ExampleSize) -> None:
    """At least one cell never tags a meeting "ho-chi-minh"; most tag exactly one."""
    ds = example(size)
    counts = [sum("ho-chi-minh" in m.tags for m in ds.meetings_of(c.id, YEAR)) for c in ds.cells()]

    assert 0 in counts
    assert counts.count(1) >= len(counts) / 2
    assert max(counts) == 1


@by_size
def test_regular_meetings_are_monthly_and_thematic_ones_mostly_quarterly(size: ExampleSize) -> None:
    """Cells mostly hold one regular meeting a month and a thematic meeting each quarter, some combined."""
    ds = example(size)
    kinds = [tuple(k.value for k in sorted(m.kinds, key=lambda k: k.value)) for m in ds.meetings]
    held = sum(len(regular_meetings_by_month(ds, c)) for c in ds.cells())
    active = sum(len(active_months(c)) for c in ds.cells())

    assert {("regular",), ("thematic",), ("regular", "thematic")} == set(kinds)
    assert held >= 0.9 * active


@by_size
def test_some_meetings_are_short(size: ExampleSize) -> None:
    """A regular meeting lasts under 90 minutes and a combined one under 120; most last long enough."""
    ds = example(size)
    regular = [m for m in ds.meetings if m.is_regular and not m.is_thematic]
    combined = [m for m in ds.meetings if m.is_combined]

    assert any(m.duration_minutes < 90 for m in regular)
    assert any(m.duration_minutes < 120 for m in combined)
    assert sum(m.duration_minutes >= 90 for m in regular) >= 0.75 * len(regular)
    assert sum(m.duration_minutes >= 120 for m in combined) >= 0.75 * len(combined)


@by_size
def test_a_meeting_has_no_minutes(size: ExampleSize) -> None:
    """At least one meeting has no minutes; most have."""
    ds = example(size)
    without = [m for m in ds.meetings if not m.minutes]

    assert without
    assert len(without) < len(ds.meetings) / 10


@by_size
def test_ids_name_the_cell_year_and_month(size: ExampleSize) -> None:
    """Meeting ids are CELL-YEAR-MM, with -2, -3 for further sessions in a month; review ids R-CELL-YEAR."""
    ds = example(size)

    assert all(m.id.startswith(f"{m.cell}-{YEAR}-{m.date.month:02d}") for m in ds.meetings)
    assert all(r.id == f"R-{r.subject}-{YEAR - 1}" for r in ds.reviews)


# -- attendance and speaking ---------------------------------------------------------------


@by_size
def test_every_expected_member_has_a_mark(size: ExampleSize) -> None:
    """Each meeting marks exactly its expected members, plus exempt members who came."""
    ds = example(size)
    for meeting in ds.meetings:
        expected = set(ds.expected_attendees(meeting.cell, meeting.date))
        extra = set(meeting.attendance) - expected

        assert expected <= set(meeting.attendance)
        assert all(ds.member(m).is_exempt_on(meeting.date) for m in extra)
        assert all(meeting.attendance[m] is AttendanceMark.PRESENT for m in extra)


@by_size
def test_an_exempt_member_sometimes_attends(size: ExampleSize) -> None:
    """Some exempt member is marked present at some meeting."""
    ds = example(size)

    assert any(ds.member(m).is_exempt_on(meeting.date) for meeting in ds.meetings for m in meeting.attendance)


@by_size
def test_attendance_is_mostly_present(size: ExampleSize) -> None:
    """Most marks are "present"; there are excused and unexcused absences too."""
    ds = example(size)
    marks = [mark for m in ds.meetings for mark in m.attendance.values()]
    present = marks.count(AttendanceMark.PRESENT)

    assert present > 0.8 * len(marks)
    assert AttendanceMark.EXCUSED in marks
    assert AttendanceMark.UNEXCUSED in marks


@by_size
def test_a_member_misses_regular_meetings_without_reason_in_three_months(size: ExampleSize) -> None:
    """Some member has unexcused absences from regular meetings in three or more distinct months."""
    ds = example(size)
    months: defaultdict[str, set[int]] = defaultdict(set)
    for meeting in ds.meetings:
        if meeting.is_regular:
            for member in meeting.attendance.with_mark(AttendanceMark.UNEXCUSED):
                months[member].add(meeting.date.month)

    assert any(len(ms) >= 3 for ms in months.values())


@by_size
def test_a_member_is_excused_more_than_three_times_in_a_row(size: ExampleSize) -> None:
    """Some member has more than three consecutive excused absences."""
    ds = example(size)

    assert any(longest_run(marks, AttendanceMark.EXCUSED) > 3 for marks in marks_in_date_order(ds).values())


@by_size
def test_speakers_were_present_and_in_some_cell_only_the_secretary_speaks(size: ExampleSize) -> None:
    """Speakers are present members; the secretary usually speaks; some cell hears only its chair."""
    ds = example(size)
    secretary_spoke = []
    for meeting in ds.meetings:
        assert all(meeting.attendance[s] is AttendanceMark.PRESENT for s in meeting.speakers)
        secretaries = [
            m
            for m in meeting.attendance.with_mark(AttendanceMark.PRESENT)
            if (ms := ds.member(m).membership_on(meeting.date)) is not None and ms.role is Role.SECRETARY
        ]
        if secretaries:
            secretary_spoke.append(secretaries[0] in meeting.speakers)
    only_chair = [c for c in ds.cells() if all(len(m.speakers) <= 1 for m in ds.meetings_of(c.id))]

    assert sum(secretary_spoke) >= 0.9 * len(secretary_spoke)
    assert only_chair


@by_size
def test_presenters_are_recorded_for_thematic_meetings_of_some_cells(size: ExampleSize) -> None:
    """About half of the cells record who presents the thematic topic; presenters were present and spoke."""
    ds = example(size)
    recorded = [m for m in ds.meetings if m.presenters is not None]
    recording_cells = {m.cell for m in recorded}

    assert recorded
    assert all(m.is_thematic for m in recorded)
    assert any(m.is_thematic and m.presenters is None for m in ds.meetings)
    assert 0 < len(recording_cells) < len(ds.cells())
    assert all(
        p in m.speakers and m.attendance[p] is AttendanceMark.PRESENT for m in recorded for p in m.presenters or ()
    )


@by_size
def test_every_participation_and_formalism_finding_occurs(size: ExampleSize) -> None:
    """Each participation and formalism finding occurs at least once, the committee's cross-cell review included."""
    ds = example(size)
    cells = participation_by_cell(ds, YEAR, HD42_2025)
    committee = summarize_participation(cells, YEAR, HD42_2025)
    levels = rate_year(ds, YEAR, QD366_2025).levels()
    egalitarian = [
        egalitarian_rating_finding(c.id, {m.id: levels.get(m.id) for m in ds.members_of(c.id, YEAR_END)}, HD42_2025)
        for c in ds.cells()
    ]
    found = {f.code for c in cells for f in c.findings} | {f.code for f in committee.findings}
    found |= {f.code for f in egalitarian if f is not None}

    assert {
        "participation.meeting.below_bar",
        "participation.meeting.only_chair_spoke",
        "participation.member.excused_run",
        "participation.member.removal_review",
        "participation.cell.never_spoke",
        "participation.committee.removal_review",
        "formalism.secretary_only_speaker",
        "formalism.few_speakers",
        "formalism.thematic_no_presenter",
        "formalism.egalitarian_rating",
    } == found


@by_size
def test_many_cells_but_not_all_hear_half_of_those_present(size: ExampleSize) -> None:
    """Speaking rates vary by cell: some at or above half of those present, some below ("nhiều chi bộ có trên 50%")."""
    rates = [c.speaking_rate for c in participation_by_cell(example(size), YEAR, HD42_2025)]

    assert any(r is not None and r >= Decimal("0.5") for r in rates)
    assert any(r is not None and r < Decimal("0.5") for r in rates)


# -- assessments and reviews ---------------------------------------------------------------


@by_size
def test_rated_members_and_cells_each_have_one_assessment(size: ExampleSize) -> None:
    """Members in a cell at year end, not exempt or suspended, admitted by 30 June, and living cells are assessed."""
    ds = example(size)
    rated_members = {
        m.id
        for m in ds.members
        if m.cell_on(YEAR_END) is not None
        and not m.is_exempt_on(YEAR_END)
        and not m.is_suspended_on(YEAR_END)
        and m.admitted_on <= dt.date(YEAR, 6, 30)
    }
    living_cells = {c.id for c in ds.cells() if c.active.contains(YEAR_END)}

    assert rated_members | living_cells == {a.subject for a in ds.assessments}
    assert len(ds.assessments) == len({a.subject for a in ds.assessments})


@by_size
def test_proposed_levels_follow_the_score_bands(size: ExampleSize) -> None:
    """Scores have one decimal in 40.0–99.0, mostly 70–92; the proposed level is the score's band."""
    ds = example(size)

    def band(score: Decimal) -> Level:
        if score >= 90:
            return Level.EXCELLENT
        if score >= 70:
            return Level.GOOD
        return Level.COMPLETE if score >= 50 else Level.NOT_COMPLETE

    scores = [a.score for a in ds.assessments if a.score is not None]

    assert len(ds.assessments) == len(scores)
    assert all(a.score is not None and band(a.score) is a.proposed for a in ds.assessments)
    assert all(Decimal(40) <= s <= Decimal(99) and s.as_tuple().exponent == -1 for s in scores)
    assert sum(Decimal(70) <= s <= Decimal(92) for s in scores) >= 0.7 * len(scores)


@by_size
def test_assessment_facts_are_filled_in(size: ExampleSize) -> None:
    """Shares of tasks have two decimals in [0, 1]; members' quota group is their grassroots organization."""
    ds = example(size)
    for a in ds.assessments:
        shares = (a.tasks_done, a.tasks_behind, a.tasks_exceeded)
        assert all(s is not None and Decimal(0) <= s <= 1 and s.as_tuple().exponent == -2 for s in shares)
        assert None not in (a.disciplined, a.degradation, a.mitigated)
        reviewed = any(r.subject == a.subject and r.year == a.year - 1 for r in ds.reviews)
        assert (a.prior_shortcomings_fixed is None) == reviewed  # left to the reviews when there is one
        cell = ds.member(a.subject).cell_on(YEAR_END) if a.subject.startswith("M") else None
        assert (ds.unit(cell).parent if cell else "K") == a.quota_group


@by_size
def test_last_years_reviews_have_remedies_owned_by_members_of_the_cell(size: ExampleSize) -> None:
    """Each cell that existed last year has one review with 1–3 strengths and shortcomings, remedies due this year."""
    ds = example(size)
    last_day = dt.date(YEAR - 1, 12, 31)
    remedies = [(r, rem) for r in ds.reviews for s in r.shortcomings for rem in s.remedies]

    assert {c.id for c in ds.cells() if c.active.contains(last_day)} == {r.subject for r in ds.reviews}
    assert all(1 <= len(r.strengths) <= 3 and 1 <= len(r.shortcomings) <= 3 for r in ds.reviews)
    assert all(s.cause and 1 <= len(s.remedies) <= 2 for r in ds.reviews for s in r.shortcomings)
    assert all(rem.owner is not None and ds.member(rem.owner).cell_on(last_day) == r.subject for r, rem in remedies)
    assert all(rem.due is not None and rem.due.year == YEAR for _, rem in remedies)
    assert any(rem.done_on is None for _, rem in remedies)
    assert any(rem.done_on is not None for _, rem in remedies)
