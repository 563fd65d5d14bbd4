"""The strict ``partyreview/1`` JSON loader and the canonical dumper."""

from __future__ import annotations

import datetime as dt
import json
import pickle
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from partyreview import (
    DATASET_FORMAT,
    Assessment,
    AttendanceMark,
    Dataset,
    DatasetError,
    InvalidRecordError,
    Level,
    MeetingKind,
    Member,
    Membership,
    Period,
    Problem,
    Role,
    Unit,
    UnitKind,
    dataset_from_json,
    dataset_to_json,
    dump_dataset,
    dumps_dataset,
    load_dataset,
    loads_dataset,
)
from partyreview.errors import PartyReviewError

_DROP = object()
"""Marks a key to delete in `_changed`."""


def _doc() -> dict[str, Any]:
    """A fresh, valid, canonical document using every record type and every optional field."""
    return {
        "format": "partyreview/1",
        "units": [
            {
                "id": "K",
                "name": "Đảng bộ Khối",
                "kind": "committee",
                "parent": None,
                "active_from": None,
                "active_to": None,
            },
            {
                "id": "G",
                "name": "Đảng bộ cơ sở",
                "kind": "grassroots",
                "parent": "K",
                "active_from": "2000-01-01",
                "active_to": None,
            },
            {
                "id": "C1",
                "name": "Chi bộ Văn phòng",
                "kind": "cell",
                "parent": "G",
                "active_from": "2010-01-01",
                "active_to": None,
            },
            {
                "id": "C2",
                "name": "Chi bộ Kế toán",
                "kind": "cell",
                "parent": "G",
                "active_from": "2010-01-01",
                "active_to": "2030-12-31",
            },
        ],
        "members": [
            {
                "id": "M1",
                "name": "Nguyễn Văn A",
                "admitted_on": "2015-03-26",
                "recognized_on": "2016-03-26",
                "leadership_post": True,
                "memberships": [{"cell": "C1", "from": "2015-03-26", "to": None, "role": "secretary"}],
                "exempt": [],
                "suspended": [],
            },
            {
                "id": "M2",
                "name": "Trần Thị B",
                "admitted_on": "2020-01-10",
                "recognized_on": None,
                "leadership_post": False,
                "memberships": [
                    {"cell": "C2", "from": "2020-01-10", "to": "2024-12-31", "role": "committee_member"},
                    {"cell": "C1", "from": "2025-01-01", "to": None, "role": "deputy_secretary"},
                ],
                "exempt": [{"from": "2021-01-01", "to": "2021-06-30"}],
                "suspended": [],
            },
            {
                "id": "M3",
                "name": "Lê Văn C",
                "admitted_on": "2018-05-05",
                "recognized_on": "2019-05-05",
                "leadership_post": False,
                "memberships": [{"cell": "C1", "from": "2018-05-05", "to": None, "role": "member"}],
                "exempt": [],
                "suspended": [{"from": "2025-06-01", "to": "2025-08-31"}, {"from": "2026-01-01", "to": None}],
            },
        ],
        "meetings": [
            {
                "id": "C1-2025-01",
                "cell": "C1",
                "date": "2025-01-14",
                "kinds": ["regular", "thematic"],
                "duration_minutes": 120,
                "topic": "Học tập và làm theo Bác",
                "tags": ["ho-chi-minh", "quý-1"],
                "attendance": {"M1": "present", "M2": "excused", "M3": "unexcused"},
                "speakers": ["M1"],
                "minutes": True,
            },
            {
                "id": "C1-2025-07",
                "cell": "C1",
                "date": "2025-07-08",
                "kinds": ["regular"],
                "duration_minutes": 90,
                "topic": "",
                "tags": [],
                "attendance": {"M1": "present", "M2": "present"},
                "speakers": ["M2", "M1"],
                "minutes": False,
            },
            {
                "id": "C2-2024-03",
                "cell": "C2",
                "date": "2024-03-12",
                "kinds": ["thematic"],
                "duration_minutes": 150,
                "topic": "Chuyển đổi số",
                "tags": [],
                "attendance": {"M2": "present"},
                "speakers": [],
                "minutes": True,
            },
        ],
        "assessments": [
            {
                "subject": "M1",
                "year": 2025,
                "score": "91.5",
                "proposed": "excellent",
                "tasks_done": "1",
                "tasks_behind": "0",
                "tasks_exceeded": "0.35",
                "prior_shortcomings_fixed": True,
                "disciplined": False,
                "degradation": False,
                "mitigated": False,
                "quota_group": "G",
            },
            {
                "subject": "C1",
                "year": 2025,
                "score": None,
                "proposed": "good",
                "tasks_done": None,
                "tasks_behind": None,
                "tasks_exceeded": None,
                "prior_shortcomings_fixed": None,
                "disciplined": None,
                "degradation": None,
                "mitigated": None,
                "quota_group": None,
            },
        ],
        "reviews": [
            {
                "id": "R1",
                "subject": "C1",
                "year": 2024,
                "opinions": 16,
                "strengths": ["Đoàn kết", "Hoàn thành kế hoạch"],
                "shortcomings": [
                    {
                        "text": "Sinh hoạt chưa đều",
                        "cause": "Chủ quan",
                        "remedies": [
                            {"action": "Lập lịch cả năm", "owner": "M1", "due": "2025-03-31", "done_on": None},
                            {"action": "Nhắc lịch", "owner": None, "due": None, "done_on": "2025-02-01"},
                        ],
                    },
                    {"text": "Ít phát biểu", "cause": "", "remedies": []},
                ],
            },
            {"id": "R2", "subject": "M2", "year": 2025, "opinions": 0, "strengths": [], "shortcomings": []},
        ],
    }


def _changed(*changes: tuple[tuple[str | int, ...], object]) -> dict[str, Any]:
    """`_doc()` with the value at each key path replaced (or deleted with `_DROP`)."""
    doc = _doc()
    for location, value in changes:
        target: Any = doc
        for key in location[:-1]:
            target = target[key]
        if value is _DROP:
            del target[location[-1]]
        else:
            target[location[-1]] = value
    return doc


def _problems(document: object) -> list[tuple[str, str]]:
    """The (path, message) of every problem reported for a decoded document."""
    with pytest.raises(DatasetError) as info:
        dataset_from_json(document)
    return [(p.path, p.message) for p in info.value.problems]


def _text_problems(text: str | bytes) -> list[tuple[str, str]]:
    """The (path, message) of every problem reported for JSON text."""
    with pytest.raises(DatasetError) as info:
        loads_dataset(text)
    return [(p.path, p.message) for p in info.value.problems]


def _single(problems: list[tuple[str, str]]) -> tuple[str, str]:
    assert 1 == len(problems), problems
    return problems[0]


# -- a valid document ------------------------------------------------------------


def test_the_reference_document_loads() -> None:
    """The hand-written document covering every record type loads into the expected records."""
    dataset = dataset_from_json(_doc())

    assert ["K", "G", "C1", "C2"] == [u.id for u in dataset.units]
    assert UnitKind.GRASSROOTS == dataset.unit("G").kind
    assert dt.date(2030, 12, 31) == dataset.unit("C2").active_to
    assert (
        Membership("C2", dt.date(2020, 1, 10), dt.date(2024, 12, 31), Role.COMMITTEE_MEMBER),
        Membership("C1", dt.date(2025, 1, 1), None, Role.DEPUTY_SECRETARY),
    ) == dataset.member("M2").memberships
    assert (Period(dt.date(2021, 1, 1), dt.date(2021, 6, 30)),) == dataset.member("M2").exempt
    assert frozenset({MeetingKind.REGULAR, MeetingKind.THEMATIC}) == dataset.meetings[0].kinds
    assert AttendanceMark.UNEXCUSED == dataset.meetings[0].attendance["M3"]
    assert ("M2", "M1") == dataset.meetings[1].speakers
    assert Level.EXCELLENT == dataset.assessments[0].proposed
    assert "Nhắc lịch" == dataset.reviews[0].shortcomings[0].remedies[1].action


def test_canonical_document_dumps_back_unchanged() -> None:
    """A document written in canonical form is given back key for key: nothing dropped or added."""
    assert _doc() == dataset_to_json(dataset_from_json(_doc()))


def test_load_dump_load_gives_equal_datasets() -> None:
    """Loading the dumped text of a dataset gives an equal dataset."""
    dataset = loads_dataset(json.dumps(_doc()))

    assert dataset == loads_dataset(dumps_dataset(dataset))


def test_dump_load_dump_is_byte_identical() -> None:
    """Dumping, loading and dumping again gives the same text."""
    text = dumps_dataset(loads_dataset(json.dumps(_doc())))

    assert text == dumps_dataset(loads_dataset(text))


def test_dumps_is_indented_utf8_text_ending_in_a_newline() -> None:
    """The canonical text keeps Vietnamese letters as is, is indented, and ends with a newline."""
    text = dumps_dataset(dataset_from_json(_doc()))

    assert text.endswith("}\n")
    assert '"name": "Đảng bộ Khối"' in text
    assert text.startswith('{\n  "format": "partyreview/1",\n')


def test_optional_keys_may_be_omitted() -> None:
    """Keys with defaults may be left out; they load as their defaults and dump explicitly."""
    doc = {
        "format": "partyreview/1",
        "units": [{"id": "C1", "name": "Chi bộ", "kind": "cell"}],
        "members": [{"id": "M1", "name": "A", "admitted_on": "2020-01-01"}],
        "meetings": [],
        "assessments": [{"subject": "M1", "year": 2025}],
    }

    dataset = dataset_from_json(doc)
    dumped = dataset_to_json(dataset)

    assert Unit("C1", "Chi bộ", UnitKind.CELL) == dataset.units[0]
    assert Member("M1", "A", dt.date(2020, 1, 1)) == dataset.members[0]
    assert Assessment("M1", 2025) == dataset.assessments[0]
    assert [] == dumped["reviews"]
    assert {
        "id": "C1",
        "name": "Chi bộ",
        "kind": "cell",
        "parent": None,
        "active_from": None,
        "active_to": None,
    } == dumped["units"][0]


def test_only_format_is_an_empty_dataset() -> None:
    """A document with only its format is a valid, empty dataset."""
    assert Dataset() == loads_dataset('{"format": "partyreview/1"}')


def test_dataset_format_constant() -> None:
    """The format identifier is partyreview/1."""
    assert "partyreview/1" == DATASET_FORMAT


def test_kinds_are_dumped_in_canonical_order() -> None:
    """Kinds listed thematic first are dumped regular first."""
    doc = _changed((("meetings", 0, "kinds"), ["thematic", "regular"]))

    assert ["regular", "thematic"] == dataset_to_json(dataset_from_json(doc))["meetings"][0]["kinds"]


def test_attendance_is_dumped_in_member_order() -> None:
    """Attendance marks are dumped sorted by member id."""
    doc = _changed((("meetings", 0, "attendance"), {"M3": "unexcused", "M1": "present", "M2": "excused"}))

    assert ["M1", "M2", "M3"] == list(dataset_to_json(dataset_from_json(doc))["meetings"][0]["attendance"])


# -- decimals ------------------------------------------------------------------------


def test_decimals_are_read_exactly() -> None:
    """JSON numbers and decimal strings load as exact Decimals, keeping their digits."""
    text = """{"format": "partyreview/1", "units": [{"id": "C1", "name": "c", "kind": "cell"}],
    "assessments": [{"subject": "C1", "year": 2025, "score": 0.1, "tasks_done": "0.10", "tasks_exceeded": 0.30}]}"""

    assessment = loads_dataset(text).assessments[0]

    assert isinstance(assessment.score, Decimal)
    assert Decimal("0.1").as_tuple() == assessment.score.as_tuple()
    assert Decimal("0.10").as_tuple() == assessment.tasks_done.as_tuple()  # type: ignore[union-attr]
    assert Decimal("0.30").as_tuple() == assessment.tasks_exceeded.as_tuple()  # type: ignore[union-attr]


def test_decimals_are_dumped_as_strings() -> None:
    """Dumping writes decimals as strings with their exact digits, never floats."""
    text = """{"format": "partyreview/1", "units": [{"id": "C1", "name": "c", "kind": "cell"}],
    "assessments": [{"subject": "C1", "year": 2025, "score": 0.1, "tasks_done": "0.10", "tasks_behind": 0}]}"""

    dumped = dataset_to_json(loads_dataset(text))["assessments"][0]

    assert ("0.1", "0.10", "0") == (dumped["score"], dumped["tasks_done"], dumped["tasks_behind"])


def test_exponent_numbers_are_dumped_in_plain_notation() -> None:
    """A JSON number with an exponent is dumped as a plain decimal string."""
    text = """{"format": "partyreview/1", "units": [{"id": "C1", "name": "c", "kind": "cell"}],
    "assessments": [{"subject": "C1", "year": 2025, "score": 1e1, "tasks_done": 5E-1}]}"""

    dumped = dataset_to_json(loads_dataset(text))["assessments"][0]

    assert ("10", "0.5") == (dumped["score"], dumped["tasks_done"])


def test_floats_from_a_caller_decoded_document_keep_their_shortest_form() -> None:
    """A float in a document decoded without parse_float=Decimal is read from its shortest repr."""
    doc = _changed((("assessments", 0, "score"), 91.1), (("assessments", 0, "tasks_exceeded"), 0.1))

    assessment = dataset_from_json(doc).assessments[0]

    assert (Decimal("91.1"), Decimal("0.1")) == (assessment.score, assessment.tasks_exceeded)


# -- structural problems ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("location", "path", "message"),
    [
        (("colour",), "$", "unknown key 'colour'"),
        (("units", 0, "colour"), "$.units[0]", "unknown key 'colour'"),
        (("members", 0, "memberships", 0, "until"), "$.members[0].memberships[0]", "unknown key 'until'"),
        (("members", 1, "exempt", 0, "reason"), "$.members[1].exempt[0]", "unknown key 'reason'"),
        (("meetings", 0, "chair"), "$.meetings[0]", "unknown key 'chair'"),
        (("assessments", 0, "rank"), "$.assessments[0]", "unknown key 'rank'"),
        (
            ("reviews", 0, "shortcomings", 0, "remedies", 0, "cost"),
            "$.reviews[0].shortcomings[0].remedies[0]",
            "unknown key 'cost'",
        ),
    ],
)
def test_unknown_key_is_rejected(location: tuple[str | int, ...], path: str, message: str) -> None:
    """A key the format does not define is an error at the object holding it."""
    assert (path, message) == _single(_problems(_changed((location, 1))))


def test_several_unknown_keys_are_named_together() -> None:
    """Several unknown keys in one object make one problem naming them all, sorted."""
    assert ("$", "unknown keys 'a', 'b'") == _single(_problems(_changed((("b",), 1), (("a",), 2))))


@pytest.mark.parametrize(
    ("location", "path", "message"),
    [
        (("format",), "$.format", "required key is missing (expected 'partyreview/1')"),
        (("units", 1, "name"), "$.units[1].name", "required key is missing"),
        (("units", 1, "kind"), "$.units[1].kind", "required key is missing"),
        (("members", 0, "admitted_on"), "$.members[0].admitted_on", "required key is missing"),
        (("members", 0, "memberships", 0, "from"), "$.members[0].memberships[0].from", "required key is missing"),
        (("meetings", 0, "duration_minutes"), "$.meetings[0].duration_minutes", "required key is missing"),
        (("assessments", 0, "year"), "$.assessments[0].year", "required key is missing"),
        (("reviews", 0, "shortcomings", 0, "text"), "$.reviews[0].shortcomings[0].text", "required key is missing"),
    ],
)
def test_missing_required_key_is_rejected(location: tuple[str | int, ...], path: str, message: str) -> None:
    """A required key that is absent is an error at its own path."""
    assert (path, message) == _single(_problems(_changed((location, _DROP))))


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("partyreview/2", "expected 'partyreview/1', got 'partyreview/2'"),
        ("", "expected 'partyreview/1', got ''"),
        (1, "expected 'partyreview/1', got 1"),
        (None, "expected 'partyreview/1', got None"),
    ],
)
def test_wrong_format_is_rejected(value: object, message: str) -> None:
    """Any format other than partyreview/1 is refused."""
    assert ("$.format", message) == _single(_problems(_changed((("format",), value))))


@pytest.mark.parametrize(
    ("location", "value", "path", "message"),
    [
        (
            ("meetings", 0, "duration_minutes"),
            "120",
            "$.meetings[0].duration_minutes",
            "expected an integer, got a string '120'",
        ),
        (("assessments", 0, "year"), "2025", "$.assessments[0].year", "expected an integer, got a string '2025'"),
        (
            ("meetings", 0, "duration_minutes"),
            True,
            "$.meetings[0].duration_minutes",
            "expected an integer, got a boolean",
        ),
        (("units", 0, "name"), 5, "$.units[0].name", "expected a string, got a number 5"),
        (("members", 0, "id"), 1, "$.members[0].id", "expected a string, got a number 1"),
        (("units", 2, "parent"), ["G"], "$.units[2].parent", "expected a string, got an array"),
        (("meetings", 0, "minutes"), "yes", "$.meetings[0].minutes", "expected true or false, got a string 'yes'"),
        (
            ("members", 0, "leadership_post"),
            1,
            "$.members[0].leadership_post",
            "expected true or false, got a number 1",
        ),
        (
            ("assessments", 0, "disciplined"),
            "false",
            "$.assessments[0].disciplined",
            "expected true or false, got a string 'false'",
        ),
        (("meetings", 0, "kinds"), "regular", "$.meetings[0].kinds", "expected an array, got a string 'regular'"),
        (("meetings", 0, "tags"), "ho-chi-minh", "$.meetings[0].tags", "expected an array, got a string 'ho-chi-minh'"),
        (("meetings", 0, "attendance"), [], "$.meetings[0].attendance", "expected an object, got an array"),
        (
            ("meetings", 0, "date"),
            20250114,
            "$.meetings[0].date",
            "expected a date as YYYY-MM-DD, got a number 20250114",
        ),
        (("members", 0, "admitted_on"), None, "$.members[0].admitted_on", "expected a date as YYYY-MM-DD, got null"),
        (("units",), {}, "$.units", "expected an array, got an object"),
        (("meetings",), None, "$.meetings", "expected an array, got null"),
        (("units", 0), "K", "$.units[0]", "expected an object, got a string 'K'"),
        (("members", 0, "memberships", 0), None, "$.members[0].memberships[0]", "expected an object, got null"),
        (
            ("assessments", 0, "score"),
            True,
            "$.assessments[0].score",
            "expected a decimal string or number, got a boolean",
        ),
    ],
)
def test_wrong_type_is_rejected(location: tuple[str | int, ...], value: object, path: str, message: str) -> None:
    """A value of the wrong JSON type is never coerced: strings are not numbers, numbers not strings."""
    assert (path, message) == _single(_problems(_changed((location, value))))


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2025-02-30", "impossible date '2025-02-30'"),
        ("2025-13-01", "impossible date '2025-13-01'"),
        ("2025-00-10", "impossible date '2025-00-10'"),
        ("20250114", "expected a date as YYYY-MM-DD, got a string '20250114'"),
        ("2025-1-14", "expected a date as YYYY-MM-DD, got a string '2025-1-14'"),
        ("14/01/2025", "expected a date as YYYY-MM-DD, got a string '14/01/2025'"),
        ("2025-01-14T09:00", "expected a date as YYYY-MM-DD, got a string '2025-01-14T09:00'"),
        ("2025-01-14\n", "expected a date as YYYY-MM-DD, got a string '2025-01-14\\n'"),
        ("２０２５-01-14", "expected a date as YYYY-MM-DD, got a string '２０２５-01-14'"),
    ],
)
def test_bad_date_is_rejected(value: str, message: str) -> None:
    """Only real calendar dates written exactly as YYYY-MM-DD are accepted."""
    assert ("$.meetings[0].date", message) == _single(_problems(_changed((("meetings", 0, "date"), value))))


@pytest.mark.parametrize(
    ("location", "value", "path", "message"),
    [
        (
            ("meetings", 0, "attendance", "M1"),
            "late",
            "$.meetings[0].attendance.M1",
            "expected one of 'present', 'excused', 'unexcused', got 'late'",
        ),
        (
            ("meetings", 0, "kinds"),
            ["regular", "committee2"],
            "$.meetings[0].kinds[1]",
            "expected one of 'regular', 'thematic', got 'committee2'",
        ),
        (
            ("units", 0, "kind"),
            "Committee",
            "$.units[0].kind",
            "expected one of 'committee', 'grassroots', 'cell', got 'Committee'",
        ),
        (
            ("members", 0, "memberships", 0, "role"),
            "chair",
            "$.members[0].memberships[0].role",
            "expected one of 'secretary', 'deputy_secretary', 'committee_member', 'member', got 'chair'",
        ),
        (
            ("assessments", 0, "proposed"),
            "outstanding",
            "$.assessments[0].proposed",
            "expected one of 'excellent', 'good', 'complete', 'not_complete', got 'outstanding'",
        ),
        (
            ("assessments", 0, "proposed"),
            1,
            "$.assessments[0].proposed",
            "expected one of 'excellent', 'good', 'complete', 'not_complete', got 1",
        ),
    ],
)
def test_bad_enum_value_is_rejected(location: tuple[str | int, ...], value: object, path: str, message: str) -> None:
    """Marks, kinds, unit kinds, roles and levels must be one of the listed values, case included."""
    assert (path, message) == _single(_problems(_changed((location, value))))


def test_duplicate_kind_is_rejected() -> None:
    """A meeting listing the same kind twice is refused."""
    doc = _changed((("meetings", 0, "kinds"), ["regular", "regular"]))

    assert ("$.meetings[0].kinds", "a kind is listed twice in ['regular', 'regular']") == _single(_problems(doc))


def test_empty_kinds_is_rejected() -> None:
    """A meeting with an empty kinds array is refused at its kinds."""
    doc = _changed((("meetings", 0, "kinds"), []))

    assert ("$.meetings[0].kinds", "meeting 'C1-2025-01' must have at least one kind") == _single(_problems(doc))


@pytest.mark.parametrize(
    ("location", "value", "path", "message"),
    [
        (("assessments", 0, "score"), "101", "$.assessments[0].score", "'score' must be in [0, 100] (got 101)"),
        (("assessments", 0, "score"), "-0.5", "$.assessments[0].score", "'score' must be in [0, 100] (got -0.5)"),
        (
            ("assessments", 0, "score"),
            "abc",
            "$.assessments[0].score",
            "expected a decimal such as \"91.5\", got 'abc'",
        ),
        (
            ("assessments", 0, "score"),
            "NaN",
            "$.assessments[0].score",
            "expected a decimal such as \"91.5\", got 'NaN'",
        ),
        (
            ("assessments", 0, "score"),
            "1e2",
            "$.assessments[0].score",
            "expected a decimal such as \"91.5\", got '1e2'",
        ),
        (
            ("assessments", 0, "score"),
            " 91",
            "$.assessments[0].score",
            "expected a decimal such as \"91.5\", got ' 91'",
        ),
        (
            ("assessments", 0, "score"),
            "91.",
            "$.assessments[0].score",
            "expected a decimal such as \"91.5\", got '91.'",
        ),
        (
            ("assessments", 0, "tasks_done"),
            "1.5",
            "$.assessments[0].tasks_done",
            "'tasks_done' must be in [0, 1] (got 1.5)",
        ),
        (
            ("assessments", 0, "tasks_behind"),
            2,
            "$.assessments[0].tasks_behind",
            "'tasks_behind' must be in [0, 1] (got 2)",
        ),
        (
            ("meetings", 0, "duration_minutes"),
            0,
            "$.meetings[0].duration_minutes",
            "'duration_minutes' must be ≥ 1 (got 0)",
        ),
        (("assessments", 0, "year"), 1929, "$.assessments[0].year", "'year' must be in [1930, 2200] (got 1929)"),
        (("reviews", 0, "opinions"), -1, "$.reviews[0].opinions", "'opinions' must be ≥ 0 (got -1)"),
    ],
)
def test_number_out_of_range_or_malformed_is_rejected(
    location: tuple[str | int, ...], value: object, path: str, message: str
) -> None:
    """Scores, fractions, durations, years and counts must be well-formed and in range."""
    assert (path, message) == _single(_problems(_changed((location, value))))


@pytest.mark.parametrize(
    ("fields", "path", "message"),
    [
        ('"year": 2025, "score": NaN', "$.assessments[0].score", "expected a finite number, got NaN"),
        ('"year": 2025, "score": Infinity', "$.assessments[0].score", "expected a finite number, got Infinity"),
        ('"year": 2025, "score": -Infinity', "$.assessments[0].score", "expected a finite number, got -Infinity"),
        ('"year": 2025.0', "$.assessments[0].year", "expected an integer, got a number"),
        ('"year": 2.025e3', "$.assessments[0].year", "expected an integer, got a number"),
    ],
)
def test_non_finite_and_fractional_json_numbers_are_rejected(fields: str, path: str, message: str) -> None:
    """NaN and Infinity are never decimals, and a number with a fraction part is never an integer."""
    text = (
        '{"format": "partyreview/1", "units": [{"id": "C1", "name": "c", "kind": "cell"}], '
        f'"assessments": [{{"subject": "C1", {fields}}}]}}'
    )

    found_path, found_message = _single(_text_problems(text))

    assert path == found_path
    assert found_message.startswith(message)


@pytest.mark.parametrize(
    ("location", "value", "path", "message"),
    [
        (
            ("members", 0, "memberships", 0, "to"),
            "2015-03-25",
            "$.members[0].memberships[0].to",
            "the period ends (2015-03-25) before it starts (2015-03-26)",
        ),
        (
            ("members", 1, "exempt", 0, "to"),
            "2020-12-31",
            "$.members[1].exempt[0].to",
            "a period must not end before it starts (from 2021-01-01, to 2020-12-31)",
        ),
        (
            ("members", 0, "recognized_on"),
            "2015-03-25",
            "$.members[0].recognized_on",
            "member 'M1' is recognized on 2015-03-25, before admission on 2015-03-26",
        ),
        (
            ("members", 1, "exempt"),
            [{"from": "2021-01-01", "to": "2021-06-30"}, {"from": "2021-06-30", "to": None}],
            "$.members[1].exempt",
            "'exempt' of member 'M2' has overlapping periods starting 2021-01-01 and 2021-06-30",
        ),
        (
            ("meetings", 0, "speakers"),
            ["M2"],
            "$.meetings[0].speakers",
            "speaker 'M2' of meeting 'C1-2025-01' is not marked present",
        ),
        (("units", 0, "name"), " ", "$.units[0].name", "'name' must not be empty"),
        (
            ("reviews", 0, "shortcomings", 0, "remedies", 1, "done_on"),
            "2023-12-31",
            "$.reviews[0].shortcomings",
            "review 'R1': remedy 'Nhắc lịch' is done on 2023-12-31, before the year reviewed (2024)",
        ),
        (("meetings", 0, "tags"), ["a", "a"], "$.meetings[0].tags", "'tags' lists 'a' twice"),
    ],
)
def test_record_invariant_is_reported_at_its_field(
    location: tuple[str | int, ...], value: object, path: str, message: str
) -> None:
    """A broken record invariant is reported at the JSON key of the field at fault (from/to renamed)."""
    assert (path, message) == _single(_problems(_changed((location, value))))


def test_overlap_with_the_same_start_and_an_open_end_is_reported() -> None:
    """Two exemptions starting the same day, one open, are an overlap reported at the exempt list."""
    doc = _changed(
        (("members", 1, "exempt"), [{"from": "2021-01-01", "to": None}, {"from": "2021-01-01", "to": "2021-06-30"}])
    )

    assert (
        "$.members[1].exempt",
        "'exempt' of member 'M2' has overlapping periods starting 2021-01-01 and 2021-01-01",
    ) == _single(_problems(doc))


@pytest.mark.parametrize(
    ("key", "path"),
    [
        ("odd key", '$.meetings[0].attendance["odd key"]'),
        ('say "hi"', '$.meetings[0].attendance["say \\"hi\\""]'),
        ("1M", '$.meetings[0].attendance["1M"]'),
    ],
)
def test_odd_mapping_keys_are_quoted_in_paths(key: str, path: str) -> None:
    """A mapping key that is not an identifier is written in brackets and quotes."""
    doc = _changed((("meetings", 0, "attendance", key), "late"))

    assert (path, "expected one of 'present', 'excused', 'unexcused', got 'late'") == _single(_problems(doc))


@pytest.mark.parametrize("key", ["M1\n", "a\nb"])
def test_path_of_a_key_with_a_newline_stays_on_one_line(key: str) -> None:
    """A mapping key containing a newline is escaped in the path, so each problem prints on one line."""
    doc = _changed((("meetings", 0, "attendance", key), "present"))

    with pytest.raises(DatasetError) as info:
        dataset_from_json(doc)

    assert 1 == len(str(info.value).splitlines())


def test_empty_attendance_key_is_reported_at_the_attendance() -> None:
    """An empty member id in attendance is reported at that meeting's attendance, not at a doubled path."""
    doc = _changed((("meetings", 0, "attendance", ""), "present"))

    path, message = _single(_problems(doc))

    assert "attendance keys must be member ids (got '')" == message
    assert path in {"$.meetings[0].attendance", '$.meetings[0].attendance[""]'}


# -- text that is not a valid document ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "path"),
    [
        ('{"format": "partyreview/1", "format": "partyreview/1"}', "$.format"),
        (
            '{"format": "partyreview/1", "units": [{"id": "K", "id": "K", "name": "k", "kind": "cell"}]}',
            "$.units[0].id",
        ),
        (
            '{"format": "partyreview/1", "meetings": [{"attendance": {"M1": "present", "M1": "excused"}}]}',
            "$.meetings[0].attendance.M1",
        ),
    ],
)
def test_repeated_key_is_rejected_at_its_path(text: str, path: str) -> None:
    """An object that repeats a key is refused, naming the key's path, before anything else is checked."""
    assert (path, "key appears more than once in the same object") == _single(_text_problems(text))


def test_every_repeated_key_is_reported() -> None:
    """Each repeated key is its own problem, in path order."""
    text = '{"units": [], "format": "partyreview/1", "units": [], "format": "x"}'

    assert ["$.format", "$.units"] == [path for path, _ in _text_problems(text)]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"format": ', "not valid JSON: Expecting value at line 1, column 12"),
        ('{\n  "format": "partyreview/1",\n  "units": [,]\n}', "not valid JSON: Expecting value at line 3, column 13"),
        ("", "not valid JSON: Expecting value at line 1, column 1"),
        (
            "{'format': 'partyreview/1'}",
            "not valid JSON: Expecting property name enclosed in double quotes at line 1, column 2",
        ),
        ('{"format": "partyreview/1"} x', "not valid JSON: Extra data at line 1, column 29"),
        ('{"format": "partyreview/1', "not valid JSON: Unterminated string starting at line 1, column 12"),
    ],
)
def test_text_that_is_not_json_is_rejected_with_line_and_column(text: str, message: str) -> None:
    """Text that does not parse is one problem at $ giving the parser's line and column."""
    assert ("$", message) == _single(_text_problems(text))


def test_bytes_that_are_not_utf8_are_rejected() -> None:
    """Bytes that do not decode are one problem at $."""
    path, message = _single(_text_problems(b'{"format": "\xff"}'))

    assert "$" == path
    assert message.startswith("not UTF-8 text")


def test_utf8_bytes_are_accepted() -> None:
    """UTF-8 encoded bytes load like text."""
    dataset = loads_dataset(json.dumps(_doc(), ensure_ascii=False).encode())

    assert "Đảng bộ Khối" == dataset.units[0].name


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[]", "expected an object, got an array"),
        ('"partyreview/1"', "expected an object, got a string 'partyreview/1'"),
        ("null", "expected an object, got null"),
        ("42", "expected an object, got a number 42"),
    ],
)
def test_top_level_must_be_an_object(text: str, message: str) -> None:
    """A document that is not a JSON object is refused at $."""
    assert ("$", message) == _single(_text_problems(text))


def test_many_problems_are_all_reported_sorted_by_path() -> None:
    """Every problem of every record is reported at once, ordered by path."""
    doc = _changed(
        (("zzz",), 1),
        (("units", 1, "name"), 5),
        (("meetings", 0, "date"), "2025-02-30"),
        (("members", 0, "admitted_on"), _DROP),
        (("assessments", 0, "score"), "abc"),
        (("reviews", 1, "opinions"), "0"),
        (("meetings", 1, "kinds"), ["weekly"]),
    )

    assert [
        ("$", "unknown key 'zzz'"),
        ("$.assessments[0].score", "expected a decimal such as \"91.5\", got 'abc'"),
        ("$.meetings[0].date", "impossible date '2025-02-30'"),
        ("$.meetings[1].kinds[0]", "expected one of 'regular', 'thematic', got 'weekly'"),
        ("$.members[0].admitted_on", "required key is missing"),
        ("$.reviews[1].opinions", "expected an integer, got a string '0'"),
        ("$.units[1].name", "expected a string, got a number 5"),
    ] == _problems(doc)


def test_many_problems_in_one_record_are_all_reported() -> None:
    """Several bad fields of one record are each reported."""
    doc = _changed(
        (("meetings", 0, "date"), "x"),
        (("meetings", 0, "minutes"), "no"),
        (("meetings", 0, "cell"), 3),
    )

    assert ["$.meetings[0].cell", "$.meetings[0].date", "$.meetings[0].minutes"] == [p for p, _ in _problems(doc)]


def test_huge_integer_literal_is_a_dataset_error() -> None:
    """An integer literal too long to convert is reported as a problem, not a raw ValueError."""
    text = '{"format": "partyreview/1", "assessments": [{"subject": "C1", "year": ' + "1" * 5000 + "}]}"

    path, _ = _single(_text_problems(text))

    assert path.startswith("$")


def test_deeply_nested_text_is_a_dataset_error() -> None:
    """Pathologically nested JSON is reported as a problem, not a RecursionError."""
    text = '{"format": "partyreview/1", "units": ' + "[" * 100_000 + "]" * 100_000 + "}"

    path, _ = _single(_text_problems(text))

    assert path.startswith("$")


# -- files ------------------------------------------------------------------------------------


def test_load_dataset_reads_a_file(tmp_path: Path) -> None:
    """load_dataset reads UTF-8 JSON from a path."""
    path = tmp_path / "data.json"
    path.write_text(json.dumps(_doc(), ensure_ascii=False), encoding="utf-8")

    assert dataset_from_json(_doc()) == load_dataset(path)
    assert dataset_from_json(_doc()) == load_dataset(str(path))


def test_dump_dataset_writes_the_canonical_text(tmp_path: Path) -> None:
    """dump_dataset writes exactly what dumps_dataset returns, and it loads back."""
    dataset = dataset_from_json(_doc())
    path = tmp_path / "out.json"

    dump_dataset(dataset, path)

    assert dumps_dataset(dataset) == path.read_text(encoding="utf-8")
    assert dataset == load_dataset(path)


def test_load_dataset_of_a_missing_file_raises_os_error(tmp_path: Path) -> None:
    """A file that cannot be read raises OSError (FileNotFoundError), not DatasetError."""
    with pytest.raises(FileNotFoundError, match=re.escape("missing.json")):
        load_dataset(tmp_path / "missing.json")


def test_load_dataset_of_an_invalid_file_raises_dataset_error(tmp_path: Path) -> None:
    """A readable file with a bad document raises DatasetError with paths."""
    path = tmp_path / "bad.json"
    path.write_text('{"format": "partyreview/0"}', encoding="utf-8")

    with pytest.raises(DatasetError, match="invalid dataset: 1 problem") as info:
        load_dataset(path)

    assert "$.format: expected 'partyreview/1', got 'partyreview/0'" == str(info.value)


# -- DatasetError and Problem -------------------------------------------------------------------


def _error() -> DatasetError:
    doc = _changed((("units", 1, "name"), 5), (("zzz",), 1))
    with pytest.raises(DatasetError) as info:
        dataset_from_json(doc)
    return info.value


def test_dataset_error_is_an_exception_group_of_problems() -> None:
    """DatasetError groups Problems, is a PartyReviewError and says how many problems it holds."""
    error = _error()

    assert isinstance(error, ExceptionGroup)
    assert isinstance(error, PartyReviewError)
    assert all(isinstance(p, Problem) for p in error.exceptions)
    assert error.problems == error.exceptions
    assert "invalid dataset: 2 problems" == error.message


def test_single_problem_message_is_singular() -> None:
    """With one problem the group message says "1 problem"."""
    with pytest.raises(DatasetError) as info:
        loads_dataset("[]")

    assert "invalid dataset: 1 problem" == info.value.message


def test_except_star_problem_catches_the_problems() -> None:
    """except* Problem catches every problem of a DatasetError."""
    caught: list[Problem] = []
    try:
        dataset_from_json(_changed((("units", 1, "name"), 5), (("zzz",), 1)))
    except* Problem as group:
        caught.extend(p for p in group.exceptions if isinstance(p, Problem))

    assert ["$", "$.units[1].name"] == [p.path for p in caught]


def test_except_star_value_error_also_catches() -> None:
    """Problems are ValueErrors, so except* ValueError catches them too."""
    caught = 0
    try:
        loads_dataset("[]")
    except* ValueError as group:
        caught = len(group.exceptions)

    assert 1 == caught


def test_dataset_error_str_is_one_line_per_problem() -> None:
    """str() of a DatasetError lists "path: message" lines in path order."""
    assert "$: unknown key 'zzz'\n$.units[1].name: expected a string, got a number 5" == str(_error())


def test_problem_attributes_and_str() -> None:
    """A Problem carries its path and message, has no field, and prints as "path: message"."""
    problem = Problem("$.meetings[3].date", "impossible date '2025-02-30'")

    assert ("$.meetings[3].date", "impossible date '2025-02-30'", None) == (
        problem.path,
        problem.message,
        problem.field,
    )
    assert "$.meetings[3].date: impossible date '2025-02-30'" == str(problem)
    assert isinstance(problem, InvalidRecordError)


def test_problem_pickles_round_trip() -> None:
    """A Problem survives pickling with its path and message."""
    problem = Problem("$.units[0].id", "duplicate id 'K'")

    copy = pickle.loads(pickle.dumps(problem))  # noqa: S301 - our own bytes

    assert (type(problem), problem.path, problem.message, str(problem)) == (
        type(copy),
        copy.path,
        copy.message,
        str(copy),
    )


def test_dataset_error_from_problems_sorts_by_path_then_message() -> None:
    """from_problems orders problems by path, then message."""
    error = DatasetError.from_problems([Problem("$.b", "y"), Problem("$.a", "z"), Problem("$.b", "x")])

    assert [("$.a", "z"), ("$.b", "x"), ("$.b", "y")] == [(p.path, p.message) for p in error.problems]


def test_a_lone_surrogate_is_refused_with_its_path() -> None:
    """Text that cannot be written back as UTF-8 is refused when loading, not when dumping."""
    text = '{"format": "partyreview/1", "units": [{"id": "K", "name": "\\ud800", "kind": "committee"}]}'

    with pytest.raises(DatasetError) as caught:
        loads_dataset(text)

    assert "$.units[0].name" == caught.value.problems[0].path
    assert "lone surrogate" in caught.value.problems[0].message


@pytest.mark.parametrize("number", ["1e-50000000", "1e400", "1234567890123456789012345678901.5"])
def test_an_exponent_bomb_is_refused(number: str) -> None:
    """A 20-byte number that would dump as megabytes of digits is refused with its path."""
    text = f'{{"format": "partyreview/1", "units": [{{"id": "K", "name": "K", "kind": "committee"}}], "assessments": [{{"subject": "K", "year": 2025, "score": {number}}}]}}'

    with pytest.raises(DatasetError) as caught:
        loads_dataset(text)

    assert "$.assessments[0].score" == caught.value.problems[0].path
    assert "at most 30 digits" in caught.value.problems[0].message


def test_negative_zero_is_read_as_zero() -> None:
    """-0 is normalised so reports never show "-0"."""
    text = '{"format": "partyreview/1", "units": [{"id": "K", "name": "K", "kind": "committee"}], "assessments": [{"subject": "K", "year": 2025, "tasks_behind": -0.0}]}'

    assert "0.0" == format(loads_dataset(text).assessments[0].tasks_behind, "f")
