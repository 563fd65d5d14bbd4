"""JSON Lines cell bundles (``partyreview.bundles/1``): writing, strict streaming reading, the big examples."""

from __future__ import annotations

import datetime as dt
import gc
import io
import itertools
import json
import re
from collections import Counter
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest

from partyreview import (
    BUNDLES_FORMAT,
    Assessment,
    AttendanceMark,
    BundleHeader,
    BundleStream,
    CellBundle,
    Dataset,
    DatasetError,
    InvalidArgumentError,
    InvalidRecordError,
    Meeting,
    MeetingKind,
    Member,
    Membership,
    Period,
    Problem,
    Remedy,
    Review,
    Role,
    Shortcoming,
    Unit,
    UnitKind,
    _bundles,
    _example,
    _fastpath,
    dataset_bundles,
    dump_bundles,
    dump_dataset,
    generate_example,
    iter_bundles,
    iter_example_bundles,
    load_bundles,
    write_bundles,
)
from partyreview._cli import main
from partyreview._json import _CONVERTER, _structure_record

YEAR = 2025
D = dt.date


def day(month: int, d: int = 1) -> dt.date:
    return dt.date(YEAR, month, d)


def meeting(cell: str, month: int, marks: dict[str, AttendanceMark], **changes: Any) -> Meeting:
    fields: dict[str, Any] = {
        "id": f"{cell}-{month:02d}",
        "cell": cell,
        "date": day(month, 10),
        "kinds": {MeetingKind.REGULAR},
        "duration_minutes": 120,
        "attendance": marks,
    }
    return Meeting(**(fields | changes))


P = AttendanceMark.PRESENT


def committee() -> Dataset:
    """K > G1 > (C1, C2), K > G2 > C3; M2 moves from C1 to C2 on 1 July; remedies owned across cells."""
    units = [
        Unit("K", "Đảng bộ Khối", UnitKind.COMMITTEE),
        Unit("G1", "Đảng bộ cơ sở 1", UnitKind.GRASSROOTS, "K"),
        Unit("C1", "Chi bộ 1", UnitKind.CELL, "G1"),
        Unit("C2", "Chi bộ 2", UnitKind.CELL, "G1"),
        Unit("G2", "Đảng bộ cơ sở 2", UnitKind.GRASSROOTS, "K"),
        Unit("C3", "Chi bộ 3", UnitKind.CELL, "G2", D(2010, 1, 1)),
    ]
    members = [
        Member("M1", "Nguyễn Văn A", D(2000, 1, 1), D(2001, 1, 1), memberships=[Membership("C1", D(2000, 1, 1))]),
        Member(
            "M2",
            "Trần Thị B",
            D(2005, 1, 1),
            D(2006, 1, 1),
            memberships=[Membership("C1", D(2005, 1, 1), day(6, 30)), Membership("C2", day(7))],
        ),
        Member("M3", "Lê Văn C", D(2010, 1, 1), memberships=[Membership("C3", D(2010, 1, 1), role=Role.SECRETARY)]),
        Member("M4", "Phạm Văn D", D(2011, 1, 1), memberships=[Membership("C2", D(2011, 1, 1))]),
        Member("M5", "Hoàng Văn E", D(2012, 1, 1)),  # in no cell
    ]
    meetings = [
        meeting("C1", 3, {"M1": P, "M2": P}, speakers=["M2"]),
        meeting("C1", 9, {"M1": P}),
        meeting("C2", 3, {"M4": P}),
        meeting("C2", 9, {"M2": P, "M4": AttendanceMark.EXCUSED}, presenters=["M2"]),
        meeting("C3", 3, {"M3": P}, kinds={MeetingKind.REGULAR, MeetingKind.THEMATIC}),
    ]
    assessments = [
        Assessment("M1", YEAR, Decimal("91.5")),
        Assessment("M2", YEAR, Decimal(80)),
        Assessment("C1", YEAR, Decimal("85.0"), quota_group="K"),
        Assessment("G1", YEAR, Decimal(88)),
        Assessment("M5", YEAR),
    ]
    remedies = [Remedy("Sửa", "M3", day(3, 31)), Remedy("Làm", "M5")]
    reviews = [
        Review("R1", "C1", YEAR - 1, 5, ["Tốt"], [Shortcoming("Chậm", "Bận", remedies)]),
        Review("R2", "M2", YEAR - 1),
        Review("R3", "G2", YEAR - 1, shortcomings=[Shortcoming("Ít họp", remedies=[Remedy("Họp", "M1")])]),
    ]
    return Dataset(units, members, meetings, assessments, reviews)


def lines_of(dataset: Dataset) -> list[str]:
    buffer = io.StringIO()
    dump_bundles(dataset, buffer)
    return buffer.getvalue().splitlines()


def docs_of(dataset: Dataset) -> list[dict[str, Any]]:
    return [json.loads(line) for line in lines_of(dataset)]


def text_lines(docs: list[dict[str, Any]]) -> list[str]:
    return [json.dumps(d, ensure_ascii=False) for d in docs]


def read_all(source: Any) -> list[CellBundle]:
    with iter_bundles(source) as stream:
        return list(stream)


def problems(source: Any) -> list[str]:
    """The problems reading ``source`` finds (none: ``[]``)."""
    try:
        read_all(source)
    except DatasetError as error:
        return [str(p) for p in error.problems]
    return []


def changed(change: Callable[[list[dict[str, Any]]], object]) -> list[str]:
    """The problems of the committee's bundle file after ``change`` edited its decoded lines."""
    docs = docs_of(committee())
    change(docs)
    return problems(text_lines(docs))


def replaced(line: int, old: str, new: str) -> list[str]:
    """The problems of the committee's bundle file after replacing ``old`` by ``new`` on line ``line`` (1-based)."""
    lines = lines_of(committee())
    assert old in lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(old, new)
    return problems(lines)


def canonical(dataset: Dataset) -> tuple[Counter[object], ...]:
    """The records of a dataset, each kind as a multiset: equal when two datasets hold the same records.

    (Not their reprs: equal frozensets, e.g. a meeting's kinds, may list their items in another order.)
    """
    return tuple(Counter(getattr(dataset, name)) for name in ("units", "members", "meetings", "assessments", "reviews"))


@pytest.fixture(params=[True, False], ids=["orjson", "stdlib"])
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> bool:
    """Run with the optional fast parser and without it."""
    if not request.param:
        monkeypatch.setattr(_bundles, "_orjson", None)
    return bool(request.param)


# -- the format ----------------------------------------------------------------------------------------


def test_the_header_holds_the_units_that_are_not_cells_and_the_records_of_no_cell() -> None:
    header = docs_of(committee())[0]

    assert list(header) == ["format", "units", "members", "assessments", "reviews"]
    assert header["format"] == BUNDLES_FORMAT == "partyreview.bundles/1"
    assert [u["id"] for u in header["units"]] == ["K", "G1", "G2"]
    assert [m["id"] for m in header["members"]] == ["M5"]
    assert [a["subject"] for a in header["assessments"]] == ["G1", "M5"]
    assert [r["id"] for r in header["reviews"]] == ["R3"]


_CELL = Unit("C1", "Chi bộ 1", UnitKind.CELL, "G1")
_GRASSROOTS = Unit("G1", "Đảng bộ cơ sở 1", UnitKind.GRASSROOTS, "K")


@pytest.mark.parametrize(
    ("build", "field", "message"),
    [
        (lambda: CellBundle("C1"), "cell", "'cell' must be a Unit (got str 'C1')"),  # type: ignore[arg-type]
        (
            lambda: CellBundle(_GRASSROOTS),
            "cell",
            "'cell' must be a unit of kind 'cell' (got 'G1' of kind 'grassroots')",
        ),
        (lambda: CellBundle(_CELL, members="M1"), "members", "'members' must be a list of Member records (got str"),
        (lambda: CellBundle(_CELL, meetings=[None]), "meetings", "'meetings'[0] must be a Meeting (got NoneType None)"),
        (lambda: CellBundle(_CELL, assessments=3), "assessments", "'assessments' must be a list of Assessment"),  # type: ignore[arg-type]
        (lambda: CellBundle(_CELL, reviews=[{}]), "reviews", "'reviews'[0] must be a Review (got dict {})"),
        (lambda: CellBundle(_CELL, header={}), "header", "'header' must be a BundleHeader (got dict {})"),  # type: ignore[arg-type]
        (lambda: CellBundle(_CELL, line=0), "line", "'line' must be ≥ 1 (got 0)"),
        (lambda: CellBundle(_CELL, line="2"), "line", "'line' must be a whole number (got '2')"),  # type: ignore[arg-type]
        (lambda: BundleHeader([_CELL]), "units", "'units'[0]: cell 'C1' belongs in a CellBundle of its own"),
        (lambda: BundleHeader(["G1"]), "units", "'units'[0] must be a Unit (got str 'G1')"),
        (
            lambda: BundleHeader(members=[committee().member("M1")]),
            "members",
            "'members'[0]: member 'M1' belongs to a cell: list them in the bundle of each of their cells",
        ),
        (lambda: BundleHeader(reviews="R1"), "reviews", "'reviews' must be a list of Review records (got str 'R1')"),
    ],
)
def test_bundles_and_headers_cannot_be_built_from_bad_values(build: Any, field: str, message: str) -> None:
    """A bundle or header built by hand is checked as it is built (its records against each other when evaluated)."""
    with pytest.raises(InvalidRecordError, match=re.escape(message)) as caught:
        build()

    assert field == caught.value.field


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (({}, iter(())), "'header' must be a BundleHeader (got dict {})"),
        ((BundleHeader(), [CellBundle(_CELL)]), "'bundles' must be an iterator of CellBundle, e.g. iter(a_list)"),
        ((BundleHeader(), iter(()), "close"), "'close' must be callable or None (got str 'close')"),
    ],
)
def test_a_bundle_stream_cannot_be_built_from_bad_arguments(arguments: Any, message: str) -> None:
    with pytest.raises(InvalidArgumentError, match=re.escape(message)):
        BundleStream(*arguments)


def test_each_cell_is_a_line_with_its_members_meetings_and_the_records_of_its_subjects() -> None:
    cells = docs_of(committee())[1:]

    assert [list(c) for c in cells] == [["cell", "members", "meetings", "assessments", "reviews"]] * 3
    assert [c["cell"]["id"] for c in cells] == ["C1", "C2", "C3"]
    # M2 moved from C1 to C2: listed, unchanged, in both; assessed and reviewed with C2, their last cell
    assert [[m["id"] for m in c["members"]] for c in cells] == [["M1", "M2"], ["M2", "M4"], ["M3"]]
    assert cells[0]["members"][1] == cells[1]["members"][0]
    assert [[a["subject"] for a in c["assessments"]] for c in cells] == [["M1", "C1"], ["M2"], []]
    assert [[r["id"] for r in c["reviews"]] for c in cells] == [["R1"], ["R2"], []]
    assert [[m["id"] for m in c["meetings"]] for c in cells] == [["C1-03", "C1-09"], ["C2-03", "C2-09"], ["C3-03"]]


def test_lines_are_compact_json_ending_in_a_newline() -> None:
    buffer = io.StringIO()
    count = dump_bundles(committee(), buffer)

    assert count == 3
    text = buffer.getvalue()
    assert text.count("\n") == 4
    assert text.endswith("\n")
    assert '": ' not in text
    assert "Đảng bộ Khối" in text  # not \u-escaped


def test_cells_of_a_parent_are_grouped_in_the_order_of_the_parents() -> None:
    units = [
        Unit("K", "K", UnitKind.COMMITTEE),
        Unit("A", "A", UnitKind.CELL, "G2"),
        Unit("G1", "G1", UnitKind.GRASSROOTS, "K"),
        Unit("B", "B", UnitKind.CELL, "G1"),
        Unit("G2", "G2", UnitKind.GRASSROOTS, "K"),
        Unit("C", "C", UnitKind.CELL, "G2"),
        Unit("R", "R", UnitKind.CELL),
        Unit("D", "D", UnitKind.CELL, "G1"),
    ]
    stream = dataset_bundles(Dataset(units))

    assert [(b.cell.id, b.parent) for b in stream] == [
        ("B", "G1"),
        ("D", "G1"),
        ("A", "G2"),
        ("C", "G2"),
        ("R", None),
    ]


def test_members_of_a_bundle_come_in_the_order_of_the_first_bundle_listing_them() -> None:
    ds = committee()
    reordered = attrs.evolve(ds, members=[ds.members[3], ds.members[1], ds.members[0], ds.members[2], ds.members[4]])
    bundles = list(dataset_bundles(reordered))

    assert [m.id for m in bundles[1].members] == ["M2", "M4"]  # M2 came first, in C1's bundle


def test_the_header_knows_the_units_above_each_cell() -> None:
    stream = dataset_bundles(committee())
    header = stream.header

    assert header.unit("G2").parent == "K"
    assert [u.id for u in header.ancestors("G2")] == ["G2", "K"]
    assert header.ancestors(None) == ()
    assert [u.id for u in BundleHeader([Unit("X", "X", UnitKind.GRASSROOTS, "X")]).ancestors("X")] == ["X"]
    with pytest.raises(KeyError):
        header.unit("C1")
    bundle = next(stream)
    assert bundle.header is header
    assert bundle.parent == "G1"
    assert bundle.line is None


# -- reading ------------------------------------------------------------------------------------------------


def test_loading_gives_back_the_same_records_and_writing_them_the_same_bytes(parser: bool) -> None:
    ds = committee()
    lines = lines_of(ds)

    loaded = load_bundles(lines)

    assert canonical(loaded) == canonical(ds)
    assert lines_of(loaded) == lines
    assert [u.id for u in loaded.units] == ["K", "G1", "C1", "C2", "G2", "C3"]
    assert [m.id for m in loaded.members] == ["M5", "M1", "M2", "M4", "M3"]
    assert parser in {True, False}


@pytest.mark.parametrize("size", ["demo", "small"])
def test_the_examples_round_trip(size: str, tmp_path: Path) -> None:
    ds = generate_example(size, seed=3)  # type: ignore[arg-type]
    path = tmp_path / "example.jsonl"
    dump_bundles(ds, path)

    loaded = load_bundles(path)

    assert canonical(loaded) == canonical(ds)
    again = tmp_path / "again.jsonl"
    dump_bundles(loaded, again)
    assert again.read_bytes() == path.read_bytes()


def test_bundles_read_from_a_file_know_their_line(tmp_path: Path) -> None:
    path = tmp_path / "k.jsonl"
    dump_bundles(committee(), path)

    with path.open("rb") as binary:
        from_binary = read_all(binary)
    with path.open(encoding="utf-8") as text:
        from_text = read_all(text)
    from_path = read_all(path)
    from_str = read_all(str(path))

    assert from_binary == from_text == from_path == from_str == list(dataset_bundles(committee()))
    assert [b.line for b in from_path] == [2, 3, 4]
    assert from_path[0].header.units == dataset_bundles(committee()).header.units


def test_the_stream_is_single_pass_and_closes_its_file(tmp_path: Path) -> None:
    path = tmp_path / "k.jsonl"
    dump_bundles(committee(), path)

    stream = iter_bundles(path)
    assert iter(stream) is stream
    assert next(stream).cell.id == "C1"
    stream.close()
    stream.close()
    assert list(stream) == []


def test_a_bulk_load_pauses_the_garbage_collector_and_restores_it(monkeypatch: pytest.MonkeyPatch) -> None:
    lines = lines_of(committee())
    during: list[bool] = []
    read = _bundles._Reader._read_bundle

    def spy(self: _bundles._Reader, text: str | bytes, checker: _bundles._LineChecker) -> CellBundle:
        during.append(gc.isenabled())
        return read(self, text, checker)

    monkeypatch.setattr(_bundles._Reader, "_read_bundle", spy)
    assert gc.isenabled()

    load_bundles(lines)
    assert gc.isenabled()
    read_all(lines)  # streaming leaves it alone
    assert during == [False] * 3 + [True] * 3

    gc.disable()
    try:
        load_bundles(lines)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_decimals_written_as_json_numbers_are_read_exactly(parser: bool) -> None:
    docs = docs_of(committee())
    docs[1]["assessments"][0]["score"] = Decimal("91.50")
    text = [json.dumps(d, ensure_ascii=False, default=float) for d in docs]
    text[1] = text[1].replace("91.5,", "91.50,")

    bundles = read_all(text)

    assert bundles[0].assessments[0].score == Decimal("91.50")
    assert str(bundles[0].assessments[0].score) == "91.50"
    assert parser in {True, False}


def test_escaped_colons_and_keys_are_read_the_slow_way_and_right(parser: bool) -> None:
    lines = lines_of(committee())
    lines[1] = lines[1].replace('"Chi bộ 1"', '"Chi bộ\\u003a 1"')

    bundles = read_all(lines)

    assert bundles[0].cell.name == "Chi bộ: 1"
    assert parser in {True, False}


def test_records_the_fast_path_cannot_vouch_for_are_checked_the_slow_way(parser: bool) -> None:
    docs = docs_of(committee())
    docs[1]["meetings"][0]["topic"] = "a\u00a0b"  # a non-printable but allowed space
    docs[1]["members"][0]["name"] = "Nguyễn\u00a0Văn A"

    bundles = read_all(text_lines(docs))

    assert bundles[0].meetings[0].topic == "a\u00a0b"
    assert parser in {True, False}


@pytest.mark.usefixtures("parser")
@pytest.mark.parametrize("separators", [(", ", ": "), (",", " : "), (",", ":\t"), (",\r", ":")])
def test_json_spacing_does_not_matter(separators: tuple[str, str]) -> None:
    lines = [json.dumps(doc, ensure_ascii=False, separators=separators) for doc in docs_of(committee())]

    assert read_all(lines) == list(dataset_bundles(committee()))


@pytest.mark.usefixtures("parser")
@pytest.mark.parametrize("topic", [": mở đầu", 'Chủ đề "Dân vận khéo"', "Ghi chú :", "a\\b"])
def test_text_that_looks_like_json_is_read_as_text(topic: str) -> None:
    docs = docs_of(committee())
    docs[1]["meetings"][0]["topic"] = topic
    docs[1]["members"][0]["name"] = topic

    bundles = read_all(text_lines(docs))

    assert bundles[0].meetings[0].topic == bundles[0].members[0].name == topic


# -- problems ---------------------------------------------------------------------------------------------------


def test_an_empty_file_is_refused() -> None:
    assert problems([]) == [f"line 1: $: empty file: expected a {BUNDLES_FORMAT} header line"]


@pytest.mark.usefixtures("parser")
def test_a_line_that_is_not_json_names_its_line_and_column() -> None:
    lines = lines_of(committee())
    lines[2] = lines[2][:-1]

    found = problems(lines)

    assert len(found) == 1
    assert found[0].startswith("line 3: $: not valid JSON: Expecting ',' delimiter at column ")


def test_a_line_cut_short_is_named_as_such() -> None:
    """json counts the line's newline as the start of a line 2: the message says 'the end of the line' instead."""
    assert problems(['{"format": \n']) == ["line 1: $: not valid JSON: Expecting value at the end of the line"]


def test_a_dataset_read_as_a_bundle_file_is_told_apart(tmp_path: Path) -> None:
    path = tmp_path / "dataset.json"
    dump_dataset(committee(), path)

    assert problems(path) == [
        f"line 1: $: {_bundles._SPREAD_OVER_LINES}",
        "line 1: $: not valid JSON: Expecting property name enclosed in double quotes at the end of the line",
    ]


@pytest.mark.usefixtures("parser")
@pytest.mark.parametrize("where", [2, -1])
def test_an_empty_line_is_named_as_such(where: int) -> None:
    """A blank line (in the middle or at the end) is not 'invalid JSON at line 2' of a one-line text."""
    lines = lines_of(committee())
    lines.insert(where if where > 0 else len(lines), "\n")

    found = problems(lines)

    line = where + 1 if where > 0 else len(lines)
    assert [f"line {line}: $: empty line: expected a JSON object on every line"] == found


@pytest.mark.usefixtures("parser")
def test_a_repeated_key_is_refused() -> None:
    lines = lines_of(committee())
    lines[3] = lines[3].replace('{"cell":{"id":"C3",', '{"cell":{"id":"C3","id":"C3",', 1)

    assert problems(lines) == ["line 4: $.cell.id: key appears more than once in the same object"]


def test_the_fast_path_counts_every_key_of_a_valid_line() -> None:
    """Else the count would not match that of the text, and every line would be read the slow way."""
    lines = lines_of(committee())
    period = '[{"from":"2020-01-01","to":"2020-02-01"},{"from":"2021-01-01","to":null}]'
    lines[1] = lines[1].replace('"exempt":[],"suspended":[]', f'"exempt":{period},"suspended":{period}', 1)
    for number, line in enumerate(lines):
        document = json.loads(line)

        _fastpath.reset_keys()
        _bundles._structure_fast(document, header=number == 0)

        assert _fastpath.keys_seen() + len(document) == line.count('":'), number


@pytest.mark.parametrize(
    ("text", "repeated", "path"),
    [
        ('{"id":"M1",', '{"id":"M1","id":"M1",', "members[0].id"),
        ('[{"cell":"C1",', '[{"cell":"C1","cell":"C1",', "members[0].memberships[0].cell"),
        ('"exempt":[]', '"exempt":[{"from":"2020-01-01","from":"2020-01-01"}]', "members[0].exempt[0].from"),
        ('"suspended":[]', '"suspended":[{"from":"2020-01-01","to":null,"to":null}]', "members[0].suspended[0].to"),
        ('"cell":"C1","date"', '"cell":"C1","cell":"C1","date"', "meetings[0].cell"),
        ('"M1":"present",', '"M1":"present","M1":"present",', "meetings[0].attendance.M1"),
        ('"minutes":true}', '"minutes":true,"minutes":true}', "meetings[0].minutes"),
        ('"year":2025,', '"year":2025,"year":2025,', "assessments[0].year"),
        ('"cause":"Bận",', '"cause":"Bận","cause":"Bận",', "reviews[0].shortcomings[0].cause"),
    ],
    ids=["member", "membership", "exemption", "suspension", "meeting", "mark", "last key", "assessment", "shortcoming"],
)
@pytest.mark.usefixtures("parser")
def test_a_key_repeated_in_any_object_is_refused(text: str, repeated: str, path: str) -> None:
    """The fast parser keeps the last of repeated keys: the keys of every object read are counted, wherever it is."""
    lines = lines_of(committee())
    lines[1] = lines[1].replace(text, repeated, 1)

    assert problems(lines) == [f"line 2: $.{path}: key appears more than once in the same object"]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda h: h.update(format="partyreview/1"), ["line 1: $.format: expected 'partyreview.bundles/1', got 'partyreview/1'"]),
        (lambda h: h.pop("format"), ["line 1: $.format: required key is missing (expected 'partyreview.bundles/1')"]),
        (lambda h: h.update(extra=1), ["line 1: $: unknown key 'extra'"]),
        (lambda h: h.update(units={}), ["line 1: $.units: expected an array, got an object"]),
        (lambda h: h["units"][1].update(kind="cell"), ["line 1: $.units[1].kind: cell 'G1' belongs on a line of its own"]),
        (lambda h: h["units"][1].update(parent="Z"), ["line 1: $.units[1].parent: unknown unit 'Z'"]),
        (
            lambda h: h["members"][0].update(memberships=[{"cell": "C1", "from": "2020-01-01", "to": None, "role": "member"}]),
            [
                "line 1: $.members[0].memberships: member 'M5' belongs to a cell: list them in the bundle of each of their cells",
                "line 1: $.members[0].memberships[0].cell: unknown cell 'C1'",
            ],
        ),
        (lambda h: h["assessments"][0].update(subject="X"), ["line 1: $.assessments[0].subject: unknown member or unit 'X'"]),
        (lambda h: h["units"][0].update(name=""), ["line 1: $.units[0].name: 'name' must not be empty"]),
    ],
)  # fmt: skip
@pytest.mark.usefixtures("parser")
def test_header_problems(change: Callable[[dict[str, Any]], object], expected: list[str]) -> None:
    assert changed(lambda docs: change(docs[0])) == expected


def test_a_header_that_is_not_an_object_is_refused() -> None:
    def change(docs: list[Any]) -> None:
        docs[0] = []

    assert changed(change) == ["line 1: $: expected an object, got an array (the header object)"]


def test_a_header_owner_elsewhere_is_checked_at_the_end() -> None:
    def change(docs: list[dict[str, Any]]) -> None:
        docs[0]["reviews"][0]["shortcomings"][0]["remedies"][0]["owner"] = "M9"

    assert changed(change) == ["line 1: $.reviews[0].shortcomings[0].remedies[0].owner: unknown member 'M9'"]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda b: b.pop("cell"), ["line 2: $.cell: required key is missing"]),
        (lambda b: b.update(cells=[]), ["line 2: $: unknown key 'cells'"]),
        (lambda b: b.update(meetings=None), ["line 2: $.meetings: expected an array, got null"]),
        (
            lambda b: b["meetings"][1].update(date="2025-02-30"),
            ["line 2: $.meetings[1].date: impossible date '2025-02-30'"],
        ),
        (lambda b: b["cell"].update(kind="grassroots"), ["line 2: $.cell.kind: expected a cell, got a grassroots: those belong in the header"]),
        (lambda b: b["cell"].update(parent="Z"), ["line 2: $.cell.parent: unknown unit 'Z'"]),
        (lambda b: b["cell"].update(parent="C2"), ["line 2: $.cell.parent: 'C2' is a cell and cannot have sub-units"]),
        (lambda b: b["cell"].update(parent=None), []),
        (lambda b: b["cell"].update(active_from="2025-04-01"), [
            "line 2: $.meetings[0].date: meeting 'C1-03' on 2025-03-10 is outside the active period of cell 'C1'",
            "line 2: $.members[0].memberships[0]: membership of 'M1' in 'C1' runs outside the cell's active period",
            "line 2: $.members[1].memberships[0]: membership of 'M2' in 'C1' runs outside the cell's active period",
        ]),
        (
            lambda b: b["members"][0]["memberships"][0].update(cell="C3"),
            ["line 2: $.members[0].memberships: member 'M1' never belonged to cell 'C1': a bundle lists only its cell's members"],
        ),
        (
            lambda b: b["members"][1]["memberships"][1].update(cell="G2"),
            ["line 2: $.members[1].memberships[1].cell: 'G2' is a grassroots, not a cell"],
        ),
        (lambda b: b["meetings"][1].update(cell="C2"), ["line 2: $.meetings[1].cell: a meeting of 'C2' in the bundle of cell 'C1'"]),
        (lambda b: b["meetings"][1]["attendance"].pop("M1"), ["line 2: $.meetings[1].attendance: no attendance mark for expected member 'M1'"]),
        (lambda b: b["meetings"][1]["attendance"].update(M9="present"), ["line 2: $.meetings[1].attendance.M9: unknown member 'M9'"]),
        (
            lambda b: b["assessments"][1].update(subject="G1"),
            ["line 2: $.assessments[1].subject: 'G1' is neither this cell nor one of its members: its assessments belong in the header"],
        ),
        (
            lambda b: b["assessments"][1].update(subject="C3"),
            [f"line 2: $.assessments[1].subject: no member or unit 'C3' on this line or in the header{_bundles._TRAVEL}"],
        ),
        (
            lambda b: b["assessments"][1].update(subject="C2"),
            ["line 2: $.assessments[1].subject: 'C2' is neither this cell nor one of its members: its assessments belong in its own bundle"],
        ),
        (
            lambda b: b["assessments"][1].update(subject="G2"),
            [
                "line 2: $.assessments[1].subject: 'G2' is neither this cell nor one of its members: its assessments belong in the header",
            ],
        ),
        (
            lambda b: b["assessments"].append(dict(b["assessments"][0], subject="M2")),
            ["line 2: $.assessments[2].subject: the assessments of member 'M2' belong in the bundle of cell 'C2', the cell of their last membership"],
        ),
        (
            lambda b: b["reviews"].append({"id": "R9", "subject": "M9", "year": 2024}),
            [f"line 2: $.reviews[1].subject: no member or unit 'M9' on this line or in the header{_bundles._TRAVEL}"],
        ),
        (
            lambda b: b["reviews"].append({"id": "R9", "subject": "M2", "year": 2024}),
            ["line 2: $.reviews[1].subject: the reviews of member 'M2' belong in the bundle of cell 'C2', the cell of their last membership"],
        ),
    ],
)  # fmt: skip
def test_bundle_problems(change: Callable[[dict[str, Any]], object], expected: list[str]) -> None:
    assert changed(lambda docs: change(docs[1])) == expected


def test_a_bundle_line_that_is_not_an_object_is_refused() -> None:
    def change(docs: list[Any]) -> None:
        docs[2] = "C2"

    assert changed(change) == ["line 3: $: expected an object, got a string 'C2' (a cell bundle object)"]


def test_the_cells_of_a_parent_must_be_on_consecutive_lines() -> None:
    def change(docs: list[dict[str, Any]]) -> None:
        docs[3]["cell"]["parent"] = "G1"
        docs[2]["cell"]["parent"] = "G2"

    assert changed(change) == [
        "line 4: $.cell.parent: the cells of 'G1' must be on consecutive lines: another parent's cells came after line 2"
    ]


@pytest.mark.parametrize(
    ("line", "old", "new", "expected"),
    [
        (4, '"C3"', '"C1"', ["line 4: $.cell.id: id 'C1' is already the id of a cell on an earlier line"]),
        (4, '"C3"', '"M1"', ["line 4: $.cell.id: id 'M1' is already the id of a member on an earlier line"]),
        (4, '"M3"', '"M1"', ["line 4: $.members[0].id: id 'M1' is already the id of a member on an earlier line"]),
        (4, '"M3"', '"C2"', ["line 4: $.members[0].id: id 'C2' is already the id of a cell on an earlier line"]),
        (4, '"M3"', '"K"', ["line 4: $.members[0].id: id 'K' is also the id of a unit"]),
        (4, '"C3-03"', '"C1-03"', ["line 4: $.meetings[0].id: id 'C1-03' is already the id of a meeting on an earlier line"]),
        (3, '"R2"', '"R1"', ["line 3: $.reviews[0].id: id 'R1' is already the id of a review on an earlier line"]),
        (3, '"R2"', '"R3"', ["line 3: $.reviews[0].id: id 'R3' is already the id of a review on an earlier line"]),
        (
            3,
            '"Trần Thị B"',
            '"Trần Thị Bê"',
            ["line 3: $.members[0]: member 'M2' differs from their record on line 2: a member is repeated unchanged in the bundle of each of their cells"],
        ),
    ],
)  # fmt: skip
def test_problems_across_lines(line: int, old: str, new: str, expected: list[str]) -> None:
    assert replaced(line, old, new) == expected


def test_a_cell_may_not_take_the_id_of_a_header_unit() -> None:
    assert replaced(2, '"C1"', '"G2"') == ["line 2: $.cell.id: id 'G2' is also the id of a unit in the header"]


def _without_m2(doc: dict[str, Any]) -> None:
    """Take M2 and everything about them out of C2's bundle."""
    doc["members"] = [m for m in doc["members"] if m["id"] != "M2"]
    doc["assessments"] = doc["reviews"] = []
    for meeting in doc["meetings"]:
        meeting["attendance"].pop("M2", None)
        meeting.pop("presenters", None)


def test_a_member_missing_from_one_of_their_cells_is_found_at_the_end() -> None:
    assert changed(lambda docs: _without_m2(docs[2])) == [
        "line 2: $.members[1].memberships: member 'M2' belongs to cell 'C2', but the bundle of cell 'C2' does not list them"
    ]


def _moved_on(docs: list[dict[str, Any]], cell: str) -> None:
    """M2 moves on from C2 to ``cell`` in 2026, in both bundles listing them."""
    for doc in (docs[1], docs[2]):
        member = next(m for m in doc["members"] if m["id"] == "M2")
        member["memberships"][1]["to"] = "2025-12-31"
        member["memberships"].append({"cell": cell, "from": "2026-01-01", "to": None, "role": "member"})
    docs[2]["assessments"] = docs[2]["reviews"] = []


def test_a_member_of_a_cell_without_a_line_is_found_at_the_end() -> None:
    assert changed(lambda docs: _moved_on(docs, "C7")) == [
        "line 2: $.members[1].memberships: member 'M2' belongs to cell 'C7', but there is no cell 'C7'"
    ]


def test_a_member_of_a_cell_that_does_not_list_them_is_found_at_the_end() -> None:
    assert changed(lambda docs: _moved_on(docs, "C3")) == [
        "line 2: $.members[1].memberships: member 'M2' belongs to cell 'C3', but the bundle of cell 'C3' does not list them"
    ]


def test_a_member_listed_in_all_their_cells_is_fine() -> None:
    def change(docs: list[dict[str, Any]]) -> None:
        _moved_on(docs, "C3")
        docs[3]["members"].append(docs[1]["members"][1])

    assert changed(change) == []


def test_a_remedy_owner_on_a_later_line_is_fine_and_one_on_no_line_is_not() -> None:
    assert problems(lines_of(committee())) == []  # R1's owner M3 is on line 4, after R1 on line 2

    def change(docs: list[dict[str, Any]]) -> None:
        docs[1]["reviews"][0]["shortcomings"][0]["remedies"][0]["owner"] = "C3"

    assert changed(change) == ["line 2: $.reviews[0].shortcomings[0].remedies[0].owner: unknown member 'C3'"]


def test_the_file_is_checked_when_the_iteration_ends() -> None:
    docs = docs_of(committee())
    docs[1]["reviews"][0]["shortcomings"][0]["remedies"][0]["owner"] = "M9"

    with iter_bundles(text_lines(docs)) as stream:
        first_three = list(itertools.islice(stream, 3))
        with pytest.raises(DatasetError) as caught:
            next(stream)
    assert len(first_three) == 3
    assert [str(p) for p in caught.value.problems] == [
        "line 2: $.reviews[0].shortcomings[0].remedies[0].owner: unknown member 'M9'"
    ]


def test_a_bad_header_closes_the_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text("[]\n", encoding="utf-8")

    assert problems(path) == ["line 1: $: expected an object, got an array (the header object)"]


@pytest.mark.parametrize("batch", [2, 1000])
def test_the_ledger_finds_ids_met_again_and_answers_lookups(batch: int) -> None:
    ledger = _bundles._IdLedger(partitions=3, batch=batch)
    ledger.look_up("uC1", 0)  # asked before it is met: answered from the whole file
    ledger.add("uC1", "c", 2, 0)
    ledger.add("uM1", "m", 2, 0)
    ledger.add("gC1-03", "g", 2, 0)  # another namespace: no clash with the cell
    ledger.add("uM1", "m", 4, 1)  # met again, but on a later line than the first line meeting an id again
    ledger.add("uC1", "m", 3, 2)
    ledger.add("rR1", "r", 3, 0)
    ledger.add("uC1", "c", 3, 0)
    ledger.add("uC1", "c", 5, 0)  # after line 3 in its partition, whatever the order of the partitions
    ledger.look_up("uM9", 1)
    ledger.look_up("rR1", 2)

    repeated, answers = ledger.resolve()
    ledger.close()

    assert sorted(repeated) == [(3, 0, "uC1", "c", "c"), (3, 2, "uC1", "m", "c")]
    assert answers == {0: "c", 1: None, 2: "r"}
    assert ledger.resolve() == ([], {})  # closed: forgotten


def test_the_ledger_writes_its_batches_to_one_file_and_deletes_it() -> None:
    ledger = _bundles._IdLedger(partitions=4, batch=3)
    for i in range(20):
        ledger.add(f"uM{i}", "m", i + 2, 0)
    file = ledger._file
    assert file is not None
    assert sum(len(_bundles._batch_at(file, *at)) for chunks in ledger._chunks for at in chunks) == 18  # 2 in memory

    assert ledger.resolve() == ([], {})
    ledger.close()
    assert file.closed
    assert ledger._file is None


def test_an_id_used_again_in_another_group_is_found_when_the_file_is_read() -> None:
    lines = lines_of(committee())
    lines[3] = lines[3].replace('"M3"', '"M1"')  # line 4, under G2; M1 is on line 2, under G1

    with iter_bundles(lines) as stream:
        read = [next(stream).cell.id for _ in range(3)]
        with pytest.raises(DatasetError) as caught:
            next(stream)

    assert read == ["C1", "C2", "C3"]
    assert [str(p) for p in caught.value.problems] == [
        "line 4: $.members[0].id: id 'M1' is already the id of a member on an earlier line"
    ]


def test_an_id_used_again_in_the_same_group_is_found_at_once() -> None:
    lines = lines_of(committee())
    lines[2] = lines[2].replace('"C2-03"', '"C1-03"')  # line 3, under G1 as line 2

    with iter_bundles(lines) as stream:
        next(stream)
        with pytest.raises(DatasetError) as caught:
            next(stream)

    assert [str(p) for p in caught.value.problems] == [
        "line 3: $.meetings[0].id: id 'C1-03' is already the id of a meeting on an earlier line"
    ]


def test_the_first_line_with_an_id_used_before_is_named_with_all_its_repeated_ids(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(_bundles, "_LEDGER_BATCH", 2)  # through the files on disk
    lines = lines_of(committee())
    lines[3] = lines[3].replace('"M3"', '"M1"').replace('"C3-03"', '"C1-03"')

    assert problems(lines) == [
        "line 4: $.meetings[0].id: id 'C1-03' is already the id of a meeting on an earlier line",
        "line 4: $.members[0].id: id 'M1' is already the id of a member on an earlier line",
    ]
    assert problems(lines_of(committee())) == []


def test_a_stream_closed_early_deletes_the_ledger(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_bundles, "_LEDGER_BATCH", 1)
    stream = iter_bundles(lines_of(committee()))
    next(stream)
    assert stream._reader is not None
    file = stream._reader.checks._ledger._file
    assert file is not None

    stream.close()

    assert file.closed


def test_an_id_met_again_under_another_parent_comes_before_a_later_problem() -> None:
    lines = lines_of(committee())
    lines[3] = lines[3].replace('"M3"', '"M1"')  # line 4 (G2) uses M1 of line 2 (G1) again
    lines.append(lines[3].replace('"kind":"cell"', '"kind":"cel"'))  # line 5: a problem of its own

    assert problems(lines) == ["line 4: $.members[0].id: id 'M1' is already the id of a member on an earlier line"]


def test_the_first_line_using_an_id_again_is_named_even_if_a_later_one_repeats_it_in_its_group() -> None:
    lines = lines_of(committee())
    lines[3] = lines[3].replace('"M3"', '"M1"')  # line 4 (G2): M1 of line 2 (G1)
    lines.append(lines[3].replace('"C3"', '"C4"').replace('"C3-03"', '"C4-03"'))  # line 5 (G2): M1 again

    assert problems(lines) == ["line 4: $.members[0].id: id 'M1' is already the id of a member on an earlier line"]


def test_a_line_with_an_id_met_again_lists_its_other_problems_too() -> None:
    lines = lines_of(committee())
    # line 5 (G2): M1 of line 2 (G1), and meeting C3-03 of line 4 (G2, found at once)
    lines.append(lines[3].replace('"C3"', '"C4"').replace('"M3"', '"M1"'))

    assert problems(lines) == [
        "line 5: $.meetings[0].id: id 'C3-03' is already the id of a meeting on an earlier line",
        "line 5: $.members[0].id: id 'M1' is already the id of a member on an earlier line",
    ]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda docs: _moved_on(docs, "C3"),
            (
                "line 2: $.members[1].memberships: member 'M2' belongs to cell 'C3', but the bundle of cell 'C3' "
                "does not list them"
            ),
        ),
        (
            lambda docs: docs[1]["reviews"][0]["shortcomings"][0]["remedies"][0].update(owner="C3"),  # a cell
            "line 2: $.reviews[0].shortcomings[0].remedies[0].owner: unknown member 'C3'",
        ),
    ],
)
def test_the_checks_of_the_whole_file_look_ids_up_on_disk(
    monkeypatch: pytest.MonkeyPatch, change: Callable[[list[dict[str, Any]]], object], expected: str
) -> None:
    monkeypatch.setattr(_bundles, "_LEDGER_BATCH", 1)

    assert expected in changed(change)


# -- writing -------------------------------------------------------------------------------------------------------


def test_write_bundles_writes_any_stream_to_a_path_or_a_file(tmp_path: Path) -> None:
    header = BundleHeader([Unit("G", "G", UnitKind.GRASSROOTS)])
    cell = Unit("C", "C", UnitKind.CELL, "G")

    path = tmp_path / "one.jsonl"
    count = write_bundles(BundleStream(header, iter([CellBundle(cell, header=header)])), path)

    assert count == 1
    assert read_all(path) == [CellBundle(cell)]
    with pytest.raises(OSError, match="No such file"):
        write_bundles(BundleStream(header, iter(())), tmp_path / "missing" / "x.jsonl")


# -- the examples -------------------------------------------------------------------------------------------------


def test_the_in_memory_examples_stream_as_their_dataset_bundles() -> None:
    streamed = iter_example_bundles("demo", seed=2)
    expected = dataset_bundles(generate_example("demo", seed=2))

    assert streamed.header == expected.header
    assert list(streamed) == list(expected)


def test_unknown_sizes_and_years_are_refused() -> None:
    with pytest.raises(InvalidArgumentError, match="size must be one of 'demo', 'small', 'province', 'country'"):
        iter_example_bundles("galaxy")  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentError, match="year must be an integer from 1931 to 2200"):
        iter_example_bundles("province", year=1930)
    with pytest.raises(InvalidArgumentError, match=r"use iter_example_bundles\('country'\)"):
        generate_example("country")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("size", "cells", "members", "committees"),
    [("province", 30_000, 500_000, 120), ("country", 330_000, 5_600_000, 1_320)],
)
def test_the_layout_has_the_size_of_a_province_and_of_the_country(size: str, cells: int, members: int, committees: int) -> None:  # fmt: skip
    above, chunks = _example._layout(size, 0)

    assert len(chunks) == committees
    assert sum(c.shape.cells for c in chunks) == cells
    assert sum(c.shape.members for c in chunks) == members
    assert all(3 * c.shape.cells <= c.shape.members <= 30 * c.shape.cells for c in chunks)
    assert all(2 <= c.shape.grassroots <= 24 for c in chunks)
    assert [c.numbering.cell_start for c in chunks[:2]] == [0, chunks[0].shape.cells]
    assert len({c.committee.id for c in chunks}) == committees
    if size == "country":
        assert [u.id for u in above[:3]] == ["TW", "T01", "T02"]
        assert len(above) == 35
        assert {c.committee.parent for c in chunks} == {u.id for u in above[1:]}
    else:
        assert above == [Unit("T", "Đảng bộ tỉnh", UnitKind.COMMITTEE)]
    assert _example._layout(size, 0) == (above, chunks)
    assert _example._layout(size, 1) != (above, chunks)


@pytest.fixture
def tiny_scales(monkeypatch: pytest.MonkeyPatch) -> None:
    """Shrink the province and the country so that they generate in a second."""
    monkeypatch.setattr(_example, "FEWEST_COMMITTEE_CELLS", 10)
    scales = {
        "province": attrs.evolve(_example.SCALES["province"], committees=2, cells=40, members=560),
        "country": attrs.evolve(_example.SCALES["country"], provinces=2, committees=3, cells=45, members=600),
    }
    monkeypatch.setattr(_example, "SCALES", scales)


@pytest.mark.usefixtures("tiny_scales")
@pytest.mark.parametrize("size", ["province", "country"])
def test_a_generated_province_is_deterministic_valid_and_flawed(size: str, parser: bool) -> None:
    stream = iter_example_bundles(size, seed=5)  # type: ignore[arg-type]
    buffer = io.StringIO()
    count = write_bundles(stream, buffer)
    again = io.StringIO()
    write_bundles(iter_example_bundles(size, seed=5), again)  # type: ignore[arg-type]

    assert buffer.getvalue() == again.getvalue()
    loaded = load_bundles(buffer.getvalue().splitlines())  # every check of the stream and of a Dataset
    assert count == len(loaded.cells()) == _example.SCALES[size].cells
    assert len(loaded.members) == _example.SCALES[size].members
    assert lines_of(loaded) == buffer.getvalue().splitlines()
    kinds = [u.kind for u in loaded.units]
    assert kinds.count(UnitKind.COMMITTEE) == 1 + _example.SCALES[size].provinces + _example.SCALES[size].committees
    transferred = [m for m in loaded.members if len({ms.cell for ms in m.memberships}) > 1]
    assert transferred
    assert any(c.active_to is not None for c in loaded.cells())
    assert any(c.active_from is not None and c.active_from.year == YEAR for c in loaded.cells())
    assert {m.id for m in loaded.members} >= {"M001", "M560"} if size == "province" else {"M001", "M600"}
    assert parser in {True, False}


def test_the_real_province_starts_with_its_first_committee() -> None:
    stream = iter_example_bundles("province", seed=0)
    first = list(itertools.islice(stream, 3))

    header = stream.header
    committees = [u for u in header.units if u.kind is UnitKind.COMMITTEE]
    assert [u.id for u in committees[:2]] == ["T", "K001"]
    assert len(committees) == 121
    assert len(header.units) == 121 + sum(1 for u in header.units if u.kind is UnitKind.GRASSROOTS)
    assert [b.cell.id for b in first] == ["C00001", "C00002", "C00003"]
    assert [u.id for u in header.ancestors(first[0].parent)] == ["G0001", "K001", "T"]
    assert all(m.id.startswith("M") and len(m.id) == 7 for b in first for m in b.members)
    assert all(3 <= len(b.members) for b in first)
    assert all(len(b.meetings) >= 12 for b in first if b.cell.active_from is None or b.cell.active_from.year < YEAR)


# -- the command line ---------------------------------------------------------------------------------------------


def test_the_cli_writes_bundles(tmp_path: Path) -> None:
    out = tmp_path / "demo.jsonl"

    assert main(["example", "--size", "demo", "--format", "jsonl", "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8").splitlines() == lines_of(generate_example("demo"))


@pytest.mark.usefixtures("tiny_scales")
def test_the_cli_writes_a_province_as_bundles_only(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "province.jsonl"

    assert main(["example", "--size", "province", "--seed", "2", "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8").splitlines() == [
        line.rstrip("\n") for line in _written(iter_example_bundles("province", seed=2))
    ]
    assert main(["example", "--size", "province", "--format", "json", "--out", str(out)]) == 2
    assert "--format json: a province does not fit in one JSON document; use --format jsonl" in capsys.readouterr().err
    assert main(["example", "--size", "country", "--out", str(tmp_path / "no" / "x.jsonl")]) == 2
    assert "--out: cannot write" in capsys.readouterr().err


def _written(stream: BundleStream) -> Iterator[str]:
    buffer = io.StringIO()
    write_bundles(stream, buffer)
    yield from buffer.getvalue().splitlines()


# -- the fast path ----------------------------------------------------------------------------------------------------


def test_the_fast_path_knows_every_field_of_every_record() -> None:
    """If this fails, a record changed: update partyreview/_fastpath.py (until then it falls back, slowly)."""
    for cls, fields in _fastpath.FAST_PATH_FIELDS.items():
        assert _fastpath._fields_of(cls) == fields, cls.__name__
    assert _fastpath.ENABLED


def test_a_disabled_fast_path_falls_back_for_every_record(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_fastpath, "ENABLED", False)
    for structure in (_fastpath.unit, _fastpath.member, _fastpath.meeting, _fastpath.assessment, _fastpath.review):
        with pytest.raises(_fastpath.Fallback):
            structure({})
    assert read_all(lines_of(committee())) == list(dataset_bundles(committee()))


def test_the_fast_path_falls_back_on_a_record_that_is_not_an_object() -> None:
    for structure in (_fastpath.unit, _fastpath.member, _fastpath.meeting, _fastpath.assessment, _fastpath.review):
        with pytest.raises(_fastpath.Fallback):
            structure(["not", "an", "object"])


def test_the_fast_path_builds_what_the_slow_path_builds() -> None:
    docs = docs_of(committee())
    period = {"from": "2025-01-01", "to": "2025-02-01"}
    docs[1]["members"][0]["exempt"] = [period, {"from": "2025-03-01", "to": None}]
    docs[1]["members"][0]["suspended"] = [period]

    fast = [_fastpath.member(m) for m in docs[1]["members"]]

    assert fast[0].exempt == (Period(day(1), day(2)), Period(day(3)))
    assert fast[0].suspended == (Period(day(1), day(2)),)
    assert fast[1] == committee().members[1]


def _record_doc(kind: str) -> dict[str, Any]:
    """A valid JSON object of each kind of record, from the committee's bundle file."""
    docs = docs_of(committee())
    member = docs[2]["members"][0]  # M2: two memberships
    found: dict[str, dict[str, Any]] = {
        "unit": docs[3]["cell"],  # C3: active from 2010
        "member": member,
        "meeting": docs[2]["meetings"][1],  # with presenters
        "assessment": docs[1]["assessments"][0],
        "review": docs[1]["reviews"][0],
    }
    return found[kind]


_STRUCTURE: dict[str, tuple[Callable[[Any], Any], type]] = {
    "unit": (_fastpath.unit, Unit),
    "member": (_fastpath.member, Member),
    "meeting": (_fastpath.meeting, Meeting),
    "assessment": (_fastpath.assessment, Assessment),
    "review": (_fastpath.review, Review),
}


def _set(path: str, value: object) -> Callable[[dict[str, Any]], None]:
    """A change of the value at a dotted path (``memberships.0.to``); ``_DELETE`` removes the key."""

    def change(doc: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        target: Any = doc
        for part in parents:
            target = target[int(part)] if isinstance(target, list) else target[part]
        if value is _DELETE:
            del target[last]
        elif isinstance(target, list):
            target[int(last)] = value
        else:
            target[last] = value

    return change


_DELETE = object()


@pytest.mark.parametrize(
    ("kind", "path", "value"),
    [
        ("unit", "id", 5),
        ("unit", "name", "A\x01"),
        ("unit", "parent", " "),
        ("unit", "kind", "cell2"),
        ("unit", "active_to", "2009-12-31"),
        ("unit", "x", 1),
        ("unit", "kind", _DELETE),
        ("member", "id", " "),
        ("member", "admitted_on", "20050101"),
        ("member", "admitted_on", "2005-13-01"),
        ("member", "admitted_on", ["2005-01-01"]),
        ("member", "recognized_on", "2004-12-31"),
        ("member", "leadership_post", 1),
        ("member", "memberships", {}),
        ("member", "exempt", None),
        ("member", "memberships.0.cell", ""),
        ("member", "memberships.0.cell", "C\x7f1"),
        ("member", "memberships.0.from", "2004-12-31"),
        ("member", "memberships.0.to", "2004-12-31"),
        ("member", "memberships.0.role", "boss"),
        ("member", "memberships.0.to", "2025-07-01"),
        ("member", "exempt", [{"from": "2025-03-01", "to": "2025-02-01"}]),
        ("member", "exempt", [{"from": "2025-03-01", "to": None}, {"from": "2025-04-01"}]),
        ("member", "suspended", [{"from": "2025-03-01", "to": None}, {"from": "2025-04-01"}]),
        ("member", "exempt", [{"from": "2025-03-01", "till": None}]),
        ("meeting", "cell", ""),
        ("meeting", "duration_minutes", 0),
        ("meeting", "minutes", "yes"),
        ("meeting", "topic", "a\ud800"),
        ("meeting", "attendance", []),
        ("meeting", "attendance.", "present"),
        ("meeting", "attendance.M\ud800", "present"),
        ("meeting", "attendance.M2", "here"),
        ("meeting", "speakers", "M2"),
        ("meeting", "speakers", ["M2", "M2"]),
        ("meeting", "speakers", ["M4"]),
        ("meeting", "speakers", [" "]),
        ("meeting", "speakers", ["M\x012"]),
        ("meeting", "kinds", []),
        ("meeting", "kinds", ["regular", "regular"]),
        ("meeting", "kinds", "regular"),
        ("meeting", "tags", ["x", "x"]),
        ("meeting", "tags", ["x\x01"]),
        ("meeting", "tags", "x"),
        ("meeting", "presenters", ["M2", "M2"]),
        ("meeting", "date", "2025-09-31"),
        ("meeting", "presenters", _DELETE),  # then the object is short of ``presenters`` and has …
        ("assessment", "subject", ""),
        ("assessment", "year", 1929),
        ("assessment", "year", "2025"),
        ("assessment", "score", "101"),
        ("assessment", "score", "9e1"),
        ("assessment", "score", Decimal("1E+40")),
        ("assessment", "score", -1),
        ("assessment", "proposed", "great"),
        ("assessment", "disciplined", "no"),
        ("assessment", "quota_group", ""),
        ("assessment", "year", _DELETE),
        ("review", "id", 1),
        ("review", "strengths", "x"),
        ("review", "strengths", [" "]),
        ("review", "opinions", -1),
        ("review", "shortcomings.0.remedies.0.done_on", "2023-12-31"),
        ("review", "shortcomings.0.remedies.0.owner", ""),
        ("review", "shortcomings.0.cause", "\ud800"),
        ("review", "shortcomings.0.remedies.0.action", _DELETE),
        ("review", "shortcomings", {}),
    ],
    ids=lambda v: repr(v) if not isinstance(v, str) else v,
)
def test_the_fast_path_falls_back_on_what_it_cannot_vouch_for(kind: str, path: str, value: object) -> None:
    """Every such record is refused by the slow path too, which then names the problem."""
    fast, cls = _STRUCTURE[kind]
    doc = _record_doc(kind)
    _set(path, value)(doc)
    if kind == "meeting" and "presenters" not in doc:
        doc["extra"] = 1  # … an unknown key instead

    with pytest.raises(Exception):  # noqa: B017, PT011 - Fallback, or the KeyError or ValueError that means it
        fast(doc)
    problems: list[Problem] = []
    assert _structure_record(doc, cls, "$", problems) is None
    assert problems


@pytest.mark.parametrize(
    ("member_id", "speaks", "refused"),
    [
        ("M\x012", True, True),
        ("M\x012", False, False),
        ("M\u00a02", True, False),
        ("M\u20282", True, False),
    ],
    ids=["control speaker", "control mark", "no-break space", "line separator"],
)
def test_the_fast_path_checks_texts_that_are_not_printable_like_the_slow_path(
    member_id: str, speaks: bool, refused: bool
) -> None:
    """A speaker is one of the marks: a mark's key may hold a control character (it names no member), a speaker not."""
    doc = _record_doc("meeting")
    doc["attendance"][member_id] = "present"
    doc["speakers"] = [member_id] if speaks else []
    problems: list[Problem] = []

    slow = _structure_record(doc, Meeting, "$", problems)

    if refused:
        assert slow is None
        with pytest.raises(_fastpath.Fallback):
            _fastpath.meeting(doc)
    else:
        assert _fastpath.meeting(doc) == slow


def test_the_fast_path_reads_a_meeting_with_no_presenter_like_the_slow_path() -> None:
    doc = _record_doc("meeting") | {"presenters": [], "tags": ["ho-chi-minh"]}

    assert _fastpath.meeting(doc) == _CONVERTER.structure(doc, Meeting)
    assert _fastpath.meeting(doc).presenters == ()


def test_the_fast_path_reads_numbers_and_defaults_like_the_slow_path() -> None:
    doc = _record_doc("assessment") | {"score": 50, "tasks_done": Decimal("-0"), "tasks_behind": 0}
    del doc["proposed"]
    short = {"action": "Sửa"}

    assert _fastpath.assessment(doc) == _CONVERTER.structure(doc, Assessment)
    assert str(_fastpath.assessment(doc).tasks_done) == "0"
    assert _fastpath._remedy(short) == Remedy("Sửa")
    with pytest.raises(_fastpath.Fallback):  # a float is not exact: the slow path decides (and takes its repr)
        _fastpath.assessment(doc | {"score": 91.5})
    assert _CONVERTER.structure(doc | {"score": 91.5}, Assessment).score == Decimal("91.5")


def test_the_value_caches_stop_growing_at_their_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_fastpath, "_CACHE_LIMIT", 0)

    assert _fastpath._date("1999-01-02") == D(1999, 1, 2)
    assert _fastpath._decimal("12.25", {}, Decimal(100)) == (Decimal("12.25"),)
    assert "1999-01-02" not in _fastpath._DATES
