"""The shipped JSON Schema of ``partyreview/1`` agrees with the strict loader and cannot drift from the model."""

from __future__ import annotations

import copy
import importlib.util
import itertools
import typing
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs
import pytest
from jsonschema import Draft202012Validator

from partyreview import (
    Assessment,
    Dataset,
    DatasetError,
    Meeting,
    Member,
    Membership,
    Period,
    Remedy,
    Review,
    Shortcoming,
    Unit,
)
from partyreview import _json as json_format
from partyreview._json import dataset_from_json, dataset_to_json
from partyreview._schema import SCHEMA_ID, dataset_schema

SCHEMA = dataset_schema()
VALIDATOR = Draft202012Validator(SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER)

# The example of product.md section 3, verbatim ("..." strings kept), except that its meeting
# marks M2 and M3, who are not in "members": minimal M2 and M3 members of C1 are added below
# so that the document also passes the loader's cross-record checks.
EXAMPLE: dict[str, Any] = {
    "format": "partyreview/1",
    "units": [
        {"id": "K", "name": "Đảng bộ Khối", "kind": "committee", "parent": None},
        {
            "id": "C1",
            "name": "Chi bộ Văn phòng",
            "kind": "cell",
            "parent": "K",
            "active_from": "2010-01-01",
            "active_to": None,
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
        # Added (not in product.md): the example's attendance marks M2 and M3.
        {
            "id": "M2",
            "name": "Trần Thị B",
            "admitted_on": "2020-01-10",
            "memberships": [{"cell": "C1", "from": "2020-01-10"}],
        },
        {
            "id": "M3",
            "name": "Lê Văn C",
            "admitted_on": "2021-06-01",
            "memberships": [{"cell": "C1", "from": "2021-06-01"}],
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
            "tags": ["ho-chi-minh"],
            "attendance": {"M1": "present", "M2": "excused", "M3": "unexcused"},
            "speakers": ["M1"],
            "minutes": True,
        }
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
            "quota_group": "K",
        }
    ],
    "reviews": [
        {
            "id": "R1",
            "subject": "C1",
            "year": 2024,
            "opinions": 16,
            "strengths": ["..."],
            "shortcomings": [
                {
                    "text": "...",
                    "cause": "...",
                    "remedies": [{"action": "...", "owner": "M1", "due": "2025-03-31", "done_on": None}],
                }
            ],
        }
    ],
}

RECORD_DEFS: dict[type, str] = {
    Unit: "unit",
    Member: "member",
    Membership: "membership",
    Period: "period",
    Meeting: "meeting",
    Assessment: "assessment",
    Review: "review",
    Shortcoming: "shortcoming",
    Remedy: "remedy",
}


def example() -> dict[str, Any]:
    return copy.deepcopy(EXAMPLE)


def schema_errors(document: object) -> list[str]:
    return [f"{error.json_path}: {error.message}" for error in VALIDATOR.iter_errors(document)]


def loader_accepts(document: object) -> bool:
    try:
        dataset_from_json(document)
    except DatasetError:
        return False
    return True


def json_keys(cls: type) -> dict[str, attrs.Attribute[Any]]:
    renames = json_format._RENAMED.get(cls, {})
    return {renames.get(field.name, field.name): field for field in attrs.fields(cls) if field.init}


def accepts_at(pointer: str, value: object) -> bool:
    wrapper = {"$schema": SCHEMA["$schema"], "$defs": SCHEMA["$defs"], "$ref": f"#/{pointer}"}
    return Draft202012Validator(wrapper).is_valid(value)


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    """The shipped schema is itself a valid draft 2020-12 schema with the documented $id."""
    Draft202012Validator.check_schema(SCHEMA)

    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert SCHEMA["$id"] == SCHEMA_ID


def test_dataset_schema_returns_a_fresh_copy() -> None:
    """Changing the returned schema does not change what the next call returns."""
    changed = dataset_schema()
    changed["properties"].clear()

    assert dataset_schema() == SCHEMA


def test_product_example_validates_and_loads() -> None:
    """The product.md section-3 example passes the schema and the loader."""
    document = example()

    assert schema_errors(document) == []
    assert [m.id for m in dataset_from_json(document).meetings] == ["C1-2025-01"]


def test_canonical_dump_of_example_validates() -> None:
    """The canonical dump (every key written, null for absent optionals) passes the schema."""
    dumped = dataset_to_json(dataset_from_json(example()))

    assert schema_errors(dumped) == []


def test_canonical_dump_of_generated_example_validates() -> None:
    """The canonical dump of the embedded demo example passes the schema."""
    if importlib.util.find_spec("partyreview._example") is None:
        pytest.skip("partyreview._example is not written yet")
    from partyreview._example import generate_example  # type: ignore[import-not-found, unused-ignore]

    dumped = dataset_to_json(generate_example("demo", seed=1))

    assert schema_errors(dumped) == []


Mutation = Callable[[dict[str, Any]], object]

INVALID: dict[str, Mutation] = {
    "wrong format string": lambda d: d.update(format="partyreview/2"),
    "missing format": lambda d: d.pop("format"),
    "unknown top-level key": lambda d: d.update(extra=[]),
    "unknown unit key": lambda d: d["units"][0].update(colour="red"),
    "unknown period key": lambda d: d["members"][0].update(exempt=[{"from": "2020-01-01", "until": "2020-02-01"}]),
    "unknown remedy key": lambda d: d["reviews"][0]["shortcomings"][0]["remedies"][0].update(status="open"),
    "bad unit kind": lambda d: d["units"][1].update(kind="branch"),
    "bad role": lambda d: d["members"][0]["memberships"][0].update(role="chair"),
    "bad meeting kind": lambda d: d["meetings"][0].update(kinds=["regular", "special"]),
    "bad attendance mark": lambda d: d["meetings"][0]["attendance"].update(M2="late"),
    "bad level": lambda d: d["assessments"][0].update(proposed="outstanding"),
    "bad date pattern": lambda d: d["members"][0].update(admitted_on="26/03/2015"),
    "date without zero padding": lambda d: d["meetings"][0].update(date="2025-1-14"),
    "impossible date": lambda d: d["meetings"][0].update(date="2025-02-30"),
    "missing member admitted_on": lambda d: d["members"][0].pop("admitted_on"),
    "missing membership from": lambda d: d["members"][0]["memberships"][0].pop("from"),
    "missing meeting kinds": lambda d: d["meetings"][0].pop("kinds"),
    "missing review year": lambda d: d["reviews"][0].pop("year"),
    "missing remedy action": lambda d: d["reviews"][0]["shortcomings"][0]["remedies"][0].pop("action"),
    "no meeting kind": lambda d: d["meetings"][0].update(kinds=[]),
    "kind listed twice": lambda d: d["meetings"][0].update(kinds=["regular", "regular"]),
    "blank id": lambda d: d["units"][0].update(id=" "),
    "number as id": lambda d: d["assessments"][0].update(subject=1),
    "null where a default applies": lambda d: d["meetings"][0].update(minutes=None),
    "zero duration": lambda d: d["meetings"][0].update(duration_minutes=0),
    "year before 1930": lambda d: d["assessments"][0].update(year=1929),
    "score string above 100": lambda d: d["assessments"][0].update(score="100.5"),
    "score number above 100": lambda d: d["assessments"][0].update(score=Decimal("100.5")),
    "negative score": lambda d: d["assessments"][0].update(score="-1"),
    "fraction string above 1": lambda d: d["assessments"][0].update(tasks_done="1.01"),
    "fraction number above 1": lambda d: d["assessments"][0].update(tasks_exceeded=2),
    "decimal comma": lambda d: d["assessments"][0].update(score="91,5"),
    "boolean as decimal": lambda d: d["assessments"][0].update(score=True),
    "string as boolean": lambda d: d["assessments"][0].update(disciplined="false"),
    "collection not an array": lambda d: d.update(units={}),
}


@pytest.mark.parametrize("mutate", INVALID.values(), ids=INVALID.keys())
def test_invalid_documents_are_rejected_by_schema_and_loader(mutate: Mutation) -> None:
    """Each broken variant of the example fails both the schema and the loader."""
    document = example()
    mutate(document)

    assert schema_errors(document)
    with pytest.raises(DatasetError):
        dataset_from_json(document)


def test_top_level_keys_match_dataset() -> None:
    """The schema's top-level keys are "format" and the Dataset's collections; only "format" is required."""
    collections = {field.name for field in attrs.fields(Dataset) if field.init}

    assert {"format", *collections} == set(SCHEMA["properties"])
    assert SCHEMA["required"] == ["format"]
    assert SCHEMA["properties"]["format"]["const"] == json_format.DATASET_FORMAT


@pytest.mark.parametrize("cls", RECORD_DEFS, ids=lambda cls: cls.__name__)
def test_record_keys_match_loader(cls: type) -> None:
    """For each record class the schema's property names are the JSON keys the loader uses."""
    definition = SCHEMA["$defs"][RECORD_DEFS[cls]]

    assert set(json_keys(cls)) == set(definition["properties"])
    assert definition["additionalProperties"] is False


@pytest.mark.parametrize("cls", RECORD_DEFS, ids=lambda cls: cls.__name__)
def test_required_keys_match_fields_without_default(cls: type) -> None:
    """A key is required by the schema exactly when its attrs field has no default."""
    required = {key for key, field in json_keys(cls).items() if field.default is attrs.NOTHING}

    assert required == set(SCHEMA["$defs"][RECORD_DEFS[cls]]["required"])


@pytest.mark.parametrize("cls", RECORD_DEFS, ids=lambda cls: cls.__name__)
def test_null_is_allowed_exactly_for_optional_fields(cls: type) -> None:
    """The schema accepts null for a key exactly when the field's type includes None."""
    hints = typing.get_type_hints(cls)
    def_name = RECORD_DEFS[cls]
    nullable = {key for key, field in json_keys(cls).items() if type(None) in typing.get_args(hints[field.name])}

    assert nullable == {key for key in json_keys(cls) if accepts_at(f"$defs/{def_name}/properties/{key}", None)}


SIGNS = ("", "-")
INTEGER_PARTS = ("0", "00", "1", "01", "001", "2", "9", "10", "42", "99", "099", "100", "0100", "101", "110", "1000")
FRACTION_PARTS = ("", ".0", ".00", ".000001", ".5", ".01", ".99")
MALFORMED = ("", ".5", "5.", "+1", "1e2", "1,5", " 1", "1 ", "--1", "0x1", "1.2.3", "NaN", "Infinity")
DECIMAL_STRINGS = (*("".join(parts) for parts in itertools.product(SIGNS, INTEGER_PARTS, FRACTION_PARTS)), *MALFORMED)


def assessment_document(key: str, value: object) -> dict[str, Any]:
    return {
        "format": "partyreview/1",
        "units": [{"id": "K", "name": "K", "kind": "committee"}],
        "assessments": [{"subject": "K", "year": 2025, key: value}],
    }


@pytest.mark.parametrize("key", ["score", "tasks_done"])
def test_decimal_strings_bounded_like_the_loader(key: str) -> None:
    """Score and fraction strings (bounded by pattern) are accepted by the schema exactly when the loader accepts them."""
    disagreements = [
        value
        for value in DECIMAL_STRINGS
        if (not schema_errors(assessment_document(key, value))) != loader_accepts(assessment_document(key, value))
    ]

    assert disagreements == []


@pytest.mark.parametrize("value", ["٩١.٥", "９１"], ids=["arabic-indic digits", "fullwidth digits"])
def test_non_ascii_digits_are_rejected_by_loader_as_by_schema(value: str) -> None:
    """A decimal string with non-ASCII digits fails the schema and the loader."""
    document = assessment_document("score", value)

    assert schema_errors(document)
    assert not loader_accepts(document)
