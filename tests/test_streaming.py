"""Streaming evaluation: the report of a bundle file, group by group, equals the in-memory report."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import sys
import tempfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest

from committees import bundle_lines, committee_group, two_parents, with_mover
from partyreview import (
    AttendanceMark,
    Dataset,
    DatasetError,
    GroupResult,
    InvalidArgumentError,
    Level,
    Member,
    Membership,
    PartyReviewError,
    Role,
    Unit,
    UnitKind,
    build_report,
    dataset_bundles,
    dumps_dataset,
    evaluate_group,
    generate_example,
    group_bundles,
    iter_bundles,
    load_bundles,
    report_to_json,
    stream_report,
    write_bundles,
    write_report_json,
)
from partyreview import _streaming as streaming
from partyreview._cli import _is_utf8, main
from partyreview.rules import QD366_2025, CadenceRuleSet, RatingRuleSet, SecretaryNotAboveCell, default_registry


def _streamed(lines: list[str], year: int = 2025, **options: Any) -> dict[str, Any]:
    out = io.StringIO()
    with iter_bundles(lines) as stream:
        stream_report(stream, year, out, **options)
    document: dict[str, Any] = json.loads(out.getvalue())
    return document


def _in_memory(lines: list[str], year: int = 2025, lang: str = "en", **options: Any) -> dict[str, Any]:
    return report_to_json(build_report(load_bundles(lines), year, **options), lang)


def _by_subject(document: dict[str, Any]) -> dict[str, Any]:
    """The report with its ratings keyed by subject: the one list whose order streaming may change."""
    return {**document, "ratings": {r["subject"]: r for r in document["ratings"]}}


def test_the_demo_streams_to_exactly_the_in_memory_report() -> None:
    """Same JSON, same order, quota of the committee's cells (a group spanning parents) included."""
    lines = bundle_lines(generate_example("demo", seed=1, year=2025))

    streamed = _streamed(lines)

    assert _in_memory(lines) == streamed
    assert "K" in {q["group"] for q in streamed["quota"]}


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_the_small_example_streams_to_the_in_memory_report(lang: str) -> None:
    """Every cell, rating, quota record, remedy and the committee totals agree; ratings may come in another order."""
    lines = bundle_lines(generate_example("small", seed=0, year=2025))

    streamed = _streamed(lines, lang=lang, as_of=dt.date(2025, 11, 30))
    in_memory = _in_memory(lines, lang=lang, as_of=dt.date(2025, 11, 30))

    assert _by_subject(in_memory) == _by_subject(streamed)
    assert len(in_memory["ratings"]) == len(streamed["ratings"])
    assert 295 == len(streamed["cells"])


class _WriteOnly:
    """A destination with nothing but ``write``: written text, as a text file."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    def write(self, text: str) -> int:
        self.texts.append(text)
        return len(text)


@pytest.mark.parametrize("destination", ["BytesIO", "open wb", "NamedTemporaryFile", "write only"])
def test_a_binary_destination_gets_the_same_report_in_utf8(destination: str, tmp_path: Path) -> None:
    """The report's texts stay UTF-8 bytes from the encoder on: a binary file gets them as they are (the CLI's
    --out), a text file or an object with only ``write`` gets the same text."""
    lines = bundle_lines(generate_example("demo", seed=1, year=2025))
    text = io.StringIO()
    with iter_bundles(lines) as stream:
        stream_report(stream, 2025, text, lang="vi")

    with contextlib.ExitStack() as stack:
        makers: dict[str, Callable[[], Any]] = {
            "BytesIO": io.BytesIO,
            "open wb": lambda: stack.enter_context((tmp_path / "report.json").open("wb")),
            "NamedTemporaryFile": lambda: stack.enter_context(tempfile.NamedTemporaryFile()),
            "write only": _WriteOnly,
        }
        out = makers[destination]()
        with iter_bundles(lines) as stream:
            stream_report(stream, 2025, out, lang="vi")
        if isinstance(out, _WriteOnly):
            written = "".join(out.texts).encode()
        else:
            out.flush()
            written = (tmp_path / "report.json").read_bytes() if destination == "open wb" else _read_back(out)

    assert text.getvalue().encode() == written
    assert "Chi bộ" in text.getvalue()


def _read_back(file: Any) -> bytes:
    file.seek(0)
    data: bytes = file.read()
    return data


def test_bundles_whose_parents_come_back_are_refused() -> None:
    """Cells of one parent must be consecutive: a group is decided when the next parent starts."""
    bundles = list(dataset_bundles(generate_example("demo", seed=1, year=2025)))
    shuffled = [bundles[0], bundles[3], *bundles[1:3], *bundles[4:]]

    with pytest.raises(PartyReviewError, match="cell 'C2' of 'G1' comes after other parents' cells"):
        list(group_bundles(shuffled))


def test_a_file_whose_parents_come_back_is_refused_by_the_reader() -> None:
    """The reader checks the order too, naming the line."""
    lines = bundle_lines(generate_example("demo", seed=1, year=2025))
    shuffled = [lines[0], lines[1], lines[4], lines[2], *lines[5:]]

    with pytest.raises(DatasetError) as raised:
        _streamed(shuffled)

    assert "line 4" in str(raised.value.problems[0])


def test_unexcused_months_in_cells_of_two_parents_add_up_for_the_removal_review() -> None:
    """A member moved from C1 (G1) to C2 (G2) in July, absent without reason in January, February and
    July: three months only across the two groups, found by the streaming report as in memory."""
    base = two_parents(None, None)
    mover = Member(
        "M3",
        "Đảng viên 3",
        dt.date(2010, 1, 1),
        memberships=[
            Membership("C1", dt.date(2010, 1, 1), dt.date(2025, 6, 30), Role.MEMBER),
            Membership("C2", dt.date(2025, 7, 1), None, Role.MEMBER),
        ],
    )
    absent = {("C1", 1), ("C1", 2), ("C2", 7)}
    meetings = [
        attrs.evolve(
            m,
            attendance={
                **m.attendance,
                "M3": AttendanceMark.UNEXCUSED if (m.cell, m.date.month) in absent else AttendanceMark.PRESENT,
            },
        )
        if (m.cell == "C1") == (m.date.month <= 6)
        else m
        for m in base.meetings
    ]
    lines = bundle_lines(Dataset(base.units, [*base.members, mover], meetings, base.assessments))

    streamed = _streamed(lines)

    assert _in_memory(lines) == streamed
    assert ["M3"] == streamed["participation"]["removal_review"]
    assert ["participation.committee.removal_review"] == [f["code"] for f in streamed["participation"]["findings"]]


def test_members_in_a_quota_group_spanning_parents_are_decided_at_the_end() -> None:
    """Two excellent members of two grassroots organizations in the committee's group, none good: the quota
    (20 % of those rated good) demotes both, as in memory (product.md's example names such a group)."""
    lines = bundle_lines(two_parents("K", None))

    streamed = _streamed(lines)

    assert _by_subject(_in_memory(lines)) == _by_subject(streamed)
    ratings = {r["subject"]: r for r in streamed["ratings"]}
    assert {"M1": "good", "M2": "good"} == {m: ratings[m]["level"] for m in ("M1", "M2")}
    assert ["quota.demoted", "quota.demoted"] == [ratings[m]["reasons"][-1]["code"] for m in ("M1", "M2")]
    assert {"K": (0, 2)} == {
        q["group"]: (q["excellent_allowed"], q["excellent_candidates"]) for q in streamed["quota"] if q["group"] == "K"
    }


def test_evaluate_group_leaves_a_group_named_across_parents_to_the_assembly() -> None:
    """The part lists the member with its level before the quota, and rates it so."""
    stream = dataset_bundles(two_parents("K", None))
    registry = default_registry()
    cadence, rating = registry.for_year(CadenceRuleSet, 2025), registry.for_year(RatingRuleSet, 2025)
    first = next(iter(group_bundles(stream)))

    part = evaluate_group(
        stream.header, first, 2025, cadence_rules=cadence, rating_rules=rating, as_of=dt.date(2025, 12, 31)
    )

    assert [("K", "M1", Level.EXCELLENT)] == [(c.group, c.subject, c.level) for c in part.deferred]
    assert [Level.EXCELLENT] == [r.level for r in part.member_ratings]
    assert ["G1:cells"] == [q.group for q in part.quota]  # the cell's own group is decided here


@pytest.mark.parametrize(
    ("first", "second", "own", "egalitarian"),
    [
        # before the quota: good, good, excellent; the excellent one is demoted: all good.
        ([80, 80, 95], [], (), "good"),
        # before: all excellent; after: two kept of three (ten good in C2): not all alike any more.
        ([95, 94, 93], [80] * 10, (), None),
        # before: all excellent; after: all good (the finding stays, with another level).
        ([95, 95, 95], [], (), "good"),
        # two members in their own group already differ (good, complete): the cell need not wait.
        ([95, 95, 95], [], (80, 60), None),
    ],
)
def test_a_cells_egalitarian_finding_waits_for_its_members_quota(
    first: list[int], second: list[int], own: tuple[int, ...], egalitarian: str | None
) -> None:
    """A member's quota decided at the end can add, remove or change the cell's egalitarian-rating finding: the
    cells are held back until it is decided, and come out as in memory."""
    lines = committee_group(first, second, own)

    streamed = _streamed(lines)

    assert _by_subject(_in_memory(lines)) == _by_subject(streamed)
    assert ["C1", "C2"] == [c["id"] for c in streamed["cells"]]
    found = [f for c in streamed["cells"] if c["id"] == "C1" for f in c["participation"]["findings"]]
    levels = [f["params"]["level"] for f in found if f["code"] == "formalism.egalitarian_rating"]
    assert ([] if egalitarian is None else [egalitarian]) == levels
    assert (own == ()) == bool(streaming._waiting_cells(_first_part(lines)))


def _first_part(lines: list[str]) -> GroupResult:
    """`evaluate_group` of the first group of ``lines``, under the rule sets of 2025."""
    registry = default_registry()
    cadence, rating = registry.for_year(CadenceRuleSet, 2025), registry.for_year(RatingRuleSet, 2025)
    with iter_bundles(lines) as stream:
        header, first = stream.header, next(iter(group_bundles(stream)))
        return evaluate_group(
            header, first, 2025, cadence_rules=cadence, rating_rules=rating, as_of=dt.date(2025, 12, 31)
        )


def _dissolved(then: list[Membership], *, assessed: bool = True) -> list[str]:
    """C1 (of G1) dissolved at the end of June; its three members M3, M4, M5 leave it then for ``then``."""
    base = two_parents(None, None)
    units = [attrs.evolve(u, active_to=dt.date(2025, 6, 30)) if u.id == "C1" else u for u in base.units]
    movers = [
        Member(
            f"M{i}",
            f"Đảng viên {i}",
            dt.date(2010, 1, 1),
            memberships=[Membership("C1", dt.date(2010, 1, 1), dt.date(2025, 6, 30)), *then],
        )
        for i in (3, 4, 5)
    ]
    meetings = [
        attrs.evolve(
            m,
            attendance={
                **{k: v for k, v in m.attendance.items() if k != "M1"},
                **{x.id: AttendanceMark.PRESENT for x in movers if x.is_expected_on(m.date, m.cell)},
            },
        )
        for m in base.meetings
        if m.cell == "C2" or m.date.month <= 6
    ]
    members = [m for m in base.members if m.id != "M1"] + movers
    assessments = [attrs.evolve(base.assessments[0], subject=m.id) for m in movers] if assessed else []
    return bundle_lines(Dataset(units, members, meetings, assessments))


def test_a_dissolved_cells_egalitarian_finding_waits_for_its_members_rated_under_another_parent() -> None:
    """C1's members move to C2 (of G2), where they are rated (all excellent): C1's egalitarian finding, on its
    members at its end, needs their levels from G2's part."""
    lines = _dissolved([Membership("C2", dt.date(2025, 7, 1))])

    streamed = _streamed(lines)

    assert _by_subject(_in_memory(lines)) == _by_subject(streamed)
    c1 = next(c for c in streamed["cells"] if c["id"] == "C1")
    assert ["M3", "M4", "M5"] == c1["members"]
    assert "formalism.egalitarian_rating" == c1["participation"]["findings"][-1]["code"]
    assert ("M3", "M4", "M5") == _first_part(lines).elsewhere


def test_members_who_left_the_party_with_a_dissolved_cell_are_not_waited_for() -> None:
    """Rated nowhere (no cell on the reference day, no assessment): the cell's finding is final in its part."""
    lines = _dissolved([], assessed=False)

    streamed = _streamed(lines)

    assert _by_subject(_in_memory(lines)) == _by_subject(streamed)
    part = _first_part(lines)
    assert () == part.elsewhere
    assert () == streaming._waiting_cells(part)


@pytest.mark.parametrize("moved", [dt.date(2026, 1, 1), dt.date(2025, 12, 31)])
def test_a_member_assessed_where_they_moved_after_the_reference_day_is_refused(moved: dt.date) -> None:
    """Moved to C2 (of G2) after 31/12/2025 (the file goes on into 2026): the assessment travels with C2, the
    rating belongs with C1 (its quota group, its cell's levels). Refused, naming the line; in memory it is fine."""
    lines = bundle_lines(
        with_mover(
            two_parents(None, None),
            Membership("C1", dt.date(2010, 1, 1), moved - dt.timedelta(days=1)),
            Membership("C2", moved),
        )
    )
    if moved.year == 2025:  # moved on the reference day itself: rated with C2, as in memory
        assert _by_subject(_in_memory(lines)) == _by_subject(_streamed(lines))
        return

    with pytest.raises(
        PartyReviewError,
        match=r"^line 3: \$\.assessments\[\d\]: member 'M3' is in cell 'C1' of another parent on the reference "
        r"day \(2025-12-31\) but their assessment travels with their last cell 'C2'",
    ):
        _streamed(lines)
    assert "M3" in {r["subject"] for r in _in_memory(lines)["ratings"]}


def test_a_member_of_no_cell_is_rated_with_their_last_membership_however_they_are_listed() -> None:
    """No cell on the reference day; memberships listed out of date order: the one starting last (C2, of G2)
    gives the quota group, in memory as in the stream (where the assessment travels with it)."""
    lines = bundle_lines(
        with_mover(
            two_parents(None, None),
            Membership("C2", dt.date(2020, 1, 1), dt.date(2024, 6, 30)),
            Membership("C1", dt.date(2010, 1, 1), dt.date(2019, 12, 31)),
        )
    )

    streamed = _streamed(lines)

    assert _by_subject(_in_memory(lines)) == _by_subject(streamed)
    m3 = next(r for r in streamed["ratings"] if r["subject"] == "M3")
    assert "G2" == m3["reasons"][-1]["params"]["group"]


def test_cells_are_not_deferred_where_the_regime_keeps_them_out_of_the_quota() -> None:
    """Under QĐ 124 only members are under the quota: cells naming a group of another parent stay excellent."""
    base = two_parents(None, "K")
    proposed = [attrs.evolve(a, proposed=Level.EXCELLENT) for a in base.assessments]  # QĐ 124 rates the proposal
    lines = bundle_lines(attrs.evolve(base, assessments=proposed))
    rules = default_registry().get(RatingRuleSet, "qd124-2023")

    streamed = _streamed(lines, rating_rules=rules)

    assert _by_subject(_in_memory(lines, rating_rules=rules)) == _by_subject(streamed)
    assert {"excellent"} == {r["level"] for r in streamed["ratings"] if r["subject"] in {"C1", "C2"}}
    assert "K" not in {q["group"] for q in streamed["quota"]}


@pytest.mark.parametrize(("subject", "group"), [("M1", "G2"), ("M2", "G1")])
def test_a_parents_own_group_named_under_another_parent_is_refused(subject: str, group: str) -> None:
    """G2's members are decided with G2's cells; a member of G1 in group G2 cannot join them afterwards (nor a
    member of G2, on a later line, join G1's group already decided)."""
    base = two_parents(None, None)
    assessments = [attrs.evolve(a, quota_group=group) if a.subject == subject else a for a in base.assessments]
    lines = bundle_lines(attrs.evolve(base, assessments=assessments))

    with pytest.raises(
        PartyReviewError,
        match=rf"^quota group '{group}' is the default group of one parent's cells or members \(decided with them\) "
        rf"and is also named for '{subject}' elsewhere in the file; it cannot be decided one parent at a time: use "
        r"the in-memory report$",
    ):
        _streamed(lines)


def test_cells_in_a_quota_group_spanning_parents_are_decided_at_the_end() -> None:
    """Two excellent cells, none good, in the committee's group: the quota (20 %) demotes both, as in memory."""
    lines = bundle_lines(two_parents(None, "K"))

    streamed = _streamed(lines)

    assert _in_memory(lines) == streamed
    ratings = {r["subject"]: r for r in streamed["ratings"]}
    assert {"C1": Level.GOOD.value, "C2": Level.GOOD.value} == {c: ratings[c]["level"] for c in ("C1", "C2")}
    assert ["quota.demoted", "quota.demoted"] == [ratings[c]["reasons"][-1]["code"] for c in ("C1", "C2")]
    assert {"K": (0, 2)} == {
        q["group"]: (q["excellent_allowed"], q["excellent_candidates"]) for q in streamed["quota"] if q["group"] == "K"
    }


def test_no_bundles_make_no_groups() -> None:
    """An empty file body is an empty report, not an error."""
    assert [] == list(group_bundles([]))


@pytest.mark.parametrize(
    ("members", "cells", "cell_score"),
    [
        (None, "K", 95),
        # the local cap (a secretary not above the cell, rated complete) lowers the deferred members below good
        # after the quota demoted them in memory: refused, though nothing is left to defer
        ("K", None, 60),
    ],
)
def test_local_rules_with_a_deferred_group_are_refused(members: str | None, cells: str | None, cell_score: int) -> None:
    """A local cap after a quota decided only at the end cannot be honoured one group at a time."""
    base = two_parents(members, cells)
    scored = [attrs.evolve(a, score=Decimal(cell_score)) if a.subject.startswith("C") else a for a in base.assessments]
    lines = bundle_lines(attrs.evolve(base, assessments=scored))
    local = QD366_2025.derive(id="local-366", add=[SecretaryNotAboveCell()])

    with pytest.raises(PartyReviewError, match="local rules"):
        _streamed(lines, rating_rules=local)


def test_parts_can_be_evaluated_anywhere_and_assembled_later() -> None:
    """evaluate_group is pure: evaluated in any order (as a distributed engine may), assembled in file order."""
    lines = bundle_lines(generate_example("demo", seed=1, year=2025))
    registry = default_registry()
    cadence, rating = registry.for_year(CadenceRuleSet, 2025), registry.for_year(RatingRuleSet, 2025)
    with iter_bundles(lines) as stream:
        header = stream.header
        groups = list(group_bundles(stream))
    kwargs = {"cadence_rules": cadence, "rating_rules": rating, "as_of": dt.date(2025, 12, 31)}
    parts = [evaluate_group(header, g, 2025, **kwargs) for g in reversed(groups)][::-1]  # type: ignore[arg-type]
    parts.insert(0, evaluate_group(header, [], 2025, **kwargs))  # type: ignore[arg-type]
    out = io.StringIO()

    write_report_json(parts, out, year=2025, committee=header.units[0].name, lang="en", **kwargs)  # type: ignore[arg-type]

    assert _in_memory(lines) == json.loads(out.getvalue())


def test_the_command_line_streams_a_bundle_file(tmp_path: Path) -> None:
    """report --stream reads JSON Lines and writes the same JSON report as the in-memory command."""
    data = tmp_path / "demo.jsonl"
    data.write_text("\n".join(bundle_lines(generate_example("demo", seed=1, year=2025))) + "\n", encoding="utf-8")
    out = tmp_path / "report.json"

    stdout = io.StringIO()

    status = main(["report", str(data), "--year", "2025", "--stream", "--format", "json", "--out", str(out)])

    assert 0 == status
    assert _in_memory(data.read_text(encoding="utf-8").splitlines(), lang="vi") == json.loads(out.read_text("utf-8"))
    assert 0 == main(["report", str(data), "--year", "2025", "--stream"], stdout=stdout, stderr=io.StringIO())
    assert stdout.getvalue().encode() == out.read_bytes()  # the file is written in binary, standard output as text


def test_the_command_line_streams_json_without_being_told(tmp_path: Path) -> None:
    """With --stream, the report's only format is the default: the same JSON report on standard output."""
    data = tmp_path / "demo.jsonl"
    data.write_text("\n".join(bundle_lines(generate_example("demo", seed=1, year=2025))) + "\n", encoding="utf-8")
    out = io.StringIO()

    status = main(["report", str(data), "--year", "2025", "--stream"], stdout=out, stderr=io.StringIO())

    assert 0 == status
    assert _in_memory(data.read_text(encoding="utf-8").splitlines(), lang="vi") == json.loads(out.getvalue())


@pytest.mark.parametrize("output_format", ["text", "html", "json"])
def test_the_command_line_reports_a_bundle_file_in_memory(tmp_path: Path, output_format: str) -> None:
    """Without --stream, a bundle file is read whole: every format and the what-if, as from the same dataset."""
    dataset = generate_example("demo", seed=1, year=2025)
    bundles, document = tmp_path / "demo.jsonl", tmp_path / "demo.json"
    bundles.write_text("\n".join(bundle_lines(dataset)) + "\n", encoding="utf-8")
    document.write_text(dumps_dataset(dataset), encoding="utf-8")
    outputs = []
    for data in (bundles, document):
        out = io.StringIO()
        options = ["--year", "2025", "--format", output_format, "--compare-with", "qd132-2018", "--lang", "en"]
        assert 0 == main(["report", str(data), *options], stdout=out, stderr=io.StringIO())
        outputs.append(out.getvalue())

    if output_format == "json":  # the ratings come in the order of the members' records, which differs
        assert _by_subject(json.loads(outputs[0])) == _by_subject(json.loads(outputs[1]))
    else:
        assert outputs[0] == outputs[1]
    assert "M23" in outputs[0]  # a member up for removal review in the demo: the report is not empty


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--format", "text"], "--stream writes the JSON report; --format text needs the in-memory report"),
        (["--format", "html"], "--stream writes the JSON report; --format html needs the in-memory report"),
        (["--format", "json", "--compare-with", "qd132-2018"], "--compare-with: the what-if needs the in-memory"),
    ],
)
def test_stream_options_it_cannot_honour_exit_2(tmp_path: Path, extra: list[str], message: str) -> None:
    """Text and what-if need the whole report in memory: a usage error, not a silent fallback."""
    data = tmp_path / "demo.jsonl"
    data.write_text("\n".join(bundle_lines(generate_example("demo", seed=1, year=2025))) + "\n", encoding="utf-8")
    err = io.StringIO()

    status = main(["report", str(data), "--year", "2025", "--stream", *extra], stdout=io.StringIO(), stderr=err)

    assert 2 == status
    assert message in err.getvalue()


def test_a_missing_bundle_file_exits_2(tmp_path: Path) -> None:
    """The argument is named."""
    err = io.StringIO()

    status = main(
        ["report", str(tmp_path / "nope.jsonl"), "--year", "2025", "--stream", "--format", "json"],
        stdout=io.StringIO(),
        stderr=err,
    )

    assert 2 == status
    assert "cannot read" in err.getvalue()


@pytest.mark.parametrize("encoding", ["utf-8", "UTF8", "latin-1"])
def test_standard_output_in_utf8_gets_the_reports_bytes_as_they_are(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, encoding: str
) -> None:
    """Without --out, a standard output that writes UTF-8 gets the report's bytes directly (the same bytes); one in
    another encoding gets text, and one that cannot write the report's text says so."""
    data = tmp_path / "demo.jsonl"
    data.write_text("\n".join(bundle_lines(generate_example("demo", seed=1, year=2025))) + "\n", encoding="utf-8")
    expected = io.StringIO()
    assert 0 == main(["report", str(data), "--year", "2025", "--stream"], stdout=expected, stderr=io.StringIO())
    raw = io.BytesIO()
    stdout = io.TextIOWrapper(raw, encoding=encoding)
    stdout.write("before ")  # written first, not lost behind the bytes
    monkeypatch.setattr(sys, "stdout", stdout)
    err = io.StringIO()

    status = main(["report", str(data), "--year", "2025", "--stream"], stderr=err)

    if encoding == "latin-1":  # the Vietnamese names do not fit
        assert (1, "partyreview: error: the output's encoding (latin-1)") == (status, err.getvalue()[:51])
    else:
        assert (0, "") == (status, err.getvalue())
        assert b"before " + expected.getvalue().encode() == raw.getvalue()


def test_only_utf8_is_taken_for_utf8() -> None:
    assert [True, True, False, False, False] == [
        _is_utf8(e) for e in ("utf-8", "U8", "ascii", "no-such-encoding", None)
    ]


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_command_line_streams_to_standard_output_with_progress_on_a_terminal(tmp_path: Path) -> None:
    """Without --out the JSON goes to stdout; a terminal on stderr sees the cells counted."""
    data = tmp_path / "small.jsonl"
    assert 0 == main(["example", "--size", "small", "--format", "jsonl", "--out", str(data)])
    out, err = io.StringIO(), _Tty()

    status = main(["report", str(data), "--year", "2025", "--stream", "--format", "json"], stdout=out, stderr=err)

    assert 0 == status
    assert 295 == len(json.loads(out.getvalue())["cells"])
    assert "cells reported: 100" in err.getvalue()
    assert err.getvalue().endswith("cells reported: 295\n")


def test_the_command_line_names_an_unwritable_out(tmp_path: Path) -> None:
    """--out into a missing directory is a usage error naming the argument."""
    data = tmp_path / "demo.jsonl"
    data.write_text("\n".join(bundle_lines(generate_example("demo", seed=1, year=2025))) + "\n", encoding="utf-8")
    err = io.StringIO()

    status = main(
        ["report", str(data), "--year", "2025", "--stream", "--format", "json", "--out", str(tmp_path / "x" / "r")],
        stdout=io.StringIO(),
        stderr=err,
    )

    assert 2 == status
    assert "--out: cannot write" in err.getvalue()


@pytest.mark.parametrize("subject", ["C1", "K"], ids=["a cell's review", "the committee's review"])
def test_remedies_owned_in_another_group_and_shortcomings_without_remedy_stream_alike(subject: str) -> None:
    """A remedy owner from another grassroots organization (or, for the committee's review in the header, from a
    cell's line), a shortcoming with no remedy: same report."""
    from partyreview import Remedy, Review, Shortcoming

    base = two_parents(None, None)
    reviews = [
        Review(
            "R1",
            subject,
            2024,
            shortcomings=[
                Shortcoming("Ít phát biểu", remedies=[Remedy("Phân công chuẩn bị ý kiến", "M2", dt.date(2025, 3, 31))]),
                Shortcoming("Biên bản sơ sài"),
            ],
        )
    ]
    lines = bundle_lines(Dataset(base.units, base.members, base.meetings, base.assessments, reviews))

    streamed = _streamed(lines)

    assert _in_memory(lines) == streamed
    assert {"remediation.overdue", "remediation.no_remedy"} == {f["code"] for f in streamed["remediation"]["findings"]}


def test_the_same_quota_group_in_two_parts_is_refused() -> None:
    """Parts that both decide a group cannot be assembled into one report."""
    lines = bundle_lines(generate_example("demo", seed=1, year=2025))
    registry = default_registry()
    cadence, rating = registry.for_year(CadenceRuleSet, 2025), registry.for_year(RatingRuleSet, 2025)
    with iter_bundles(lines) as stream:
        header, first = stream.header, next(iter(group_bundles(stream)))
    part = evaluate_group(header, first, 2025, cadence_rules=cadence, rating_rules=rating, as_of=dt.date(2025, 12, 31))

    with pytest.raises(PartyReviewError, match="quota group 'G1' spans more than one parent"):
        write_report_json(
            [part, part],
            io.StringIO(),
            year=2025,
            committee="K",
            cadence_rules=cadence,
            rating_rules=rating,
            as_of=dt.date(2025, 12, 31),
        )


def test_a_committee_group_named_by_a_cell_directly_under_the_committee_is_decided_at_the_end() -> None:
    """The committee is no default group of its own cells (each is its own grassroots organization): every part
    defers it."""
    base = two_parents(None, "K")
    units = [*base.units, Unit("C0", "Chi bộ trực thuộc", UnitKind.CELL, "K", dt.date(2010, 1, 1))]
    assessments = [
        *base.assessments,
        attrs.evolve(next(a for a in base.assessments if a.subject == "C1"), subject="C0"),
    ]
    lines = bundle_lines(Dataset(units, base.members, base.meetings, assessments))

    streamed = _streamed(lines)

    assert _by_subject(_in_memory(lines)) == _by_subject(streamed)
    assert {"K": (0, 3)} == {
        q["group"]: (q["excellent_allowed"], q["excellent_candidates"]) for q in streamed["quota"] if q["group"] == "K"
    }


def test_a_problem_found_while_streaming_leaves_no_report_file(tmp_path: Path) -> None:
    """An invalid line after some cells were reported: exit 2 naming the line, and no (partial) --out file."""
    lines = bundle_lines(generate_example("demo", seed=1, year=2025))
    lines[-1] = lines[-1].replace('"duration_minutes":', '"duration_minutes":-', 1)
    data = tmp_path / "bad.jsonl"
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out, err = tmp_path / "report.json", io.StringIO()

    status = main(
        ["report", str(data), "--year", "2025", "--stream", "--format", "json", "--out", str(out)],
        stdout=io.StringIO(),
        stderr=err,
    )

    assert 2 == status
    assert f"line {len(lines)}: $.meetings[" in err.getvalue()
    assert ["bad.jsonl"] == [p.name for p in tmp_path.iterdir()]


def test_validate_reads_a_bundle_file_through(tmp_path: Path) -> None:
    """validate FILE.jsonl checks every line and the file as a whole, then sums it up."""
    dataset = generate_example("demo", seed=1, year=2025)
    data = tmp_path / "demo.jsonl"
    data.write_text("\n".join(bundle_lines(dataset)) + "\n", encoding="utf-8")
    out = io.StringIO()

    status = main(["validate", str(data)], stdout=out, stderr=io.StringIO())

    units, cells = len(dataset.units) - len(dataset.cells()), len(dataset.cells())
    assert 0 == status
    assert (
        f"{data}: valid partyreview.bundles/1 file: {units} units above {cells} cells, "
        f"{len(dataset.members)} members, {len(dataset.meetings)} meetings\n"
    ) == out.getvalue()


def test_validate_names_the_line_of_a_bad_bundle_and_a_missing_file(tmp_path: Path) -> None:
    """An invalid line: exit 2 with its line and JSON path; a missing file: exit 2 naming the argument."""
    lines = bundle_lines(generate_example("demo", seed=1, year=2025))
    lines[2] = lines[2].replace('"duration_minutes":', '"duration_minutes":-', 1)
    data = tmp_path / "bad.jsonl"
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    err = io.StringIO()

    status = main(["validate", str(data)], stdout=io.StringIO(), stderr=err)
    missing = main(["validate", str(tmp_path / "nope.jsonl")], stdout=io.StringIO(), stderr=io.StringIO())

    assert (2, 2) == (status, missing)
    assert f"{data}: line 3: $.meetings[" in err.getvalue()


@pytest.mark.parametrize("jobs", [1, 2])
@pytest.mark.parametrize("use", ["one bundle taken", "read through", "closed"])
def test_a_stream_already_used_is_refused(tmp_path: Path, use: str, jobs: int) -> None:
    """A report (or a copy) of a stream that has given bundles or been closed would miss cells: refused."""
    data = tmp_path / "demo.jsonl"
    data.write_text("\n".join(bundle_lines(generate_example("demo", seed=1, year=2025))) + "\n", encoding="utf-8")

    with iter_bundles(data) as stream:
        if use == "one bundle taken":
            next(stream)
        elif use == "read through":
            list(stream)
        else:
            stream.close()
        with pytest.raises(InvalidArgumentError, match=r"stream_report\(\) needs a stream from its first bundle"):
            stream_report(stream, 2025, io.StringIO(), jobs=jobs)
        with pytest.raises(InvalidArgumentError, match=r"write_bundles\(\) needs a stream from its first bundle"):
            write_bundles(stream, io.StringIO())


def test_evaluate_group_checks_what_it_is_given() -> None:
    """Bundles read from a file are trusted once each: given twice they are checked (and refused); cells of two
    parents are refused."""
    with iter_bundles(bundle_lines(two_parents(None, None))) as stream:
        header, (first, second) = stream.header, list(stream)
    options: dict[str, Any] = {
        "cadence_rules": default_registry().for_year(CadenceRuleSet, 2025),
        "rating_rules": QD366_2025,
        "as_of": dt.date(2025, 12, 31),
    }

    with pytest.raises(DatasetError) as twice:
        evaluate_group(header, [first, first], 2025, **options)
    assert "a second assessment of 'M1' for 2025" in str(twice.value.problems)
    with pytest.raises(InvalidArgumentError, match=r"needs the cells of one parent, got cells of \['G1', 'G2'\]"):
        evaluate_group(header, [first, second], 2025, **options)
    assert ("C1",) == tuple(c.cell for c in evaluate_group(header, [first], 2025, **options).cells)
