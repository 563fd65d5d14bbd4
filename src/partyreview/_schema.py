"""The JSON Schema of the ``partyreview/1`` dataset format, shipped inside the package."""

from __future__ import annotations

import json
from importlib.resources import files
from typing import Any, Final

__all__ = ["SCHEMA_ID", "dataset_schema"]

SCHEMA_ID: Final = "https://partyreview.invalid/schemas/partyreview-1.schema.json"
"""The ``$id`` of the schema (an ``.invalid`` host: the schema is not published online)."""

_SCHEMA_FILE: Final = "partyreview-1.schema.json"


def dataset_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the ``partyreview/1`` dataset format.

    The schema checks the shape of each record (keys, types, enums, date and
    decimal forms, ranges); rules across records, such as unknown ids or a
    missing attendance mark, are checked only by the loader.

    Returns:
        A freshly parsed copy on every call, which the caller may change freely.

    >>> from partyreview._schema import dataset_schema
    >>> dataset_schema()["properties"]["format"]["const"]
    'partyreview/1'
    """
    text = (files("partyreview") / "schemas" / _SCHEMA_FILE).read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema
