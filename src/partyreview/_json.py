"""The ``partyreview/1`` JSON dataset format: strict loading and canonical dumping (cattrs).

Loading never guesses: a string is not a number, a number is not a string, an
unknown key is an error, a duplicated JSON key is an error, and every problem is
reported with its JSON path.  Decimals are read exactly (``parse_float=Decimal``).
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import os
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Final, TypeVar, get_args, get_origin

import cattrs
from cattrs.errors import (
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
)
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from ._arguments import check_instance, check_path
from ._assessments import Assessment
from ._dataset import Dataset, key_path
from ._meetings import Attendance, AttendanceMark, Meeting, MeetingKind, sorted_kinds
from ._org import Member, Membership, Unit
from ._periods import Period
from ._reviews import Remedy, Review, Shortcoming
from ._validators import described
from .errors import DatasetError, InvalidArgumentError, InvalidRecordError, Problem

__all__ = [
    "DATASET_FORMAT",
    "dataset_from_json",
    "dataset_to_json",
    "dump_dataset",
    "dumps_dataset",
    "load_dataset",
    "loads_dataset",
]

DATASET_FORMAT: Final = "partyreview/1"
"""The value of the ``format`` key of a dataset."""

_COLLECTIONS: Final = {
    "units": Unit,
    "members": Member,
    "meetings": Meeting,
    "assessments": Assessment,
    "reviews": Review,
}
_RECORDS: Final = (
    Period,
    Unit,
    Membership,
    Member,
    Meeting,
    Assessment,
    Remedy,
    Shortcoming,
    Review,
)
_RENAMED: Final[dict[type, dict[str, str]]] = {
    Period: {"start": "from", "end": "to"},
    Membership: {"start": "from", "end": "to"},
}
_OMITTED_WHEN_NONE: Final[dict[type, tuple[str, ...]]] = {Meeting: ("presenters",)}
"""Optional keys added after the format was first released: not written while ``None``, so older files dump unchanged."""
_DATE: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DECIMAL: Final = re.compile(r"-?[0-9]+(\.[0-9]+)?")
_T = TypeVar("_T")
_MAX_DIGITS: Final = 30
"""Longest decimal accepted: far beyond any score or share, short of an exponent bomb."""


_JSON_TYPE_NAMES: Final = (
    (type(None), "null"),
    (bool, "a boolean"),
    (int | float | Decimal, "a number"),
    (str, "a string"),
    (list, "an array"),
    (dict, "an object"),
)


def _type_name(value: object) -> str:
    for kind, name in _JSON_TYPE_NAMES:
        if isinstance(value, kind):
            return name
    return type(value).__name__  # pragma: no cover - only JSON values reach here


def _expected(what: str, value: object) -> TypeError:
    if isinstance(value, str):
        shown = f" {value!r}"
    elif isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        shown = f" {value}"
    else:
        shown = ""
    return TypeError(f"expected {what}, got {_type_name(value)}{shown}")


def _structure_str(value: object, _: type) -> str:
    if not isinstance(value, str):
        raise _expected("a string", value)
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError(f"text with a lone surrogate cannot be stored as UTF-8: {value!r}") from None
    return value


def _structure_int(value: object, _: type) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _expected("an integer", value)
    return value


def _structure_bool(value: object, _: type) -> bool:
    if not isinstance(value, bool):
        raise _expected("true or false", value)
    return value


def _structure_decimal(value: object, _: type) -> Decimal:
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"expected a finite number, got {value}")
        if len(value.as_tuple().digits) > _MAX_DIGITS or abs(value.adjusted()) > _MAX_DIGITS:
            raise ValueError(f"expected a number of at most {_MAX_DIGITS} digits, got {value:.3E}")
        return value + 0  # normalises -0 to 0 without changing the digits
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    if isinstance(value, float):
        # A float only arrives from callers that decoded JSON themselves; its
        # shortest repr is the JSON text it came from.
        return _structure_decimal(Decimal(repr(value)), Decimal)
    if isinstance(value, str):
        if not _DECIMAL.fullmatch(value):
            raise ValueError(f'expected a decimal such as "91.5", got {value!r}')
        try:
            return Decimal(value)
        except InvalidOperation:  # pragma: no cover - the pattern admits only valid decimals
            raise ValueError(f"expected a decimal, got {value!r}") from None
    raise _expected("a decimal string or number", value)


def _structure_date(value: object, _: type) -> dt.date:
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        raise _expected("a date as YYYY-MM-DD", value)
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"impossible date {value!r}") from None


def _enum_hook(cls: type[enum.Enum]) -> Callable[[object, type], enum.Enum]:
    values = {member.value: member for member in cls}
    allowed = ", ".join(repr(v) for v in values)

    def structure(value: object, _: type) -> enum.Enum:
        if isinstance(value, str) and value in values:
            return values[value]
        raise ValueError(f"expected one of {allowed}, got {value!r}")

    return structure


def _is_homogeneous_tuple(t: Any) -> bool:
    args = get_args(t)
    return get_origin(t) is tuple and len(args) == 2 and args[1] is Ellipsis  # noqa: PLR2004


def _strict_array(element: Any, converter: cattrs.Converter) -> Callable[[object], list[Any]]:
    structure_element = converter.get_structure_hook(element)

    def structure(value: object) -> list[Any]:
        if not isinstance(value, list):
            raise _expected("an array", value)
        errors: list[Exception] = []
        out: list[Any] = []
        for i, item in enumerate(value):
            try:
                out.append(structure_element(item, element))
            except Exception as exc:  # noqa: BLE001 - collected and re-raised as a group
                exc.__notes__ = [
                    *getattr(exc, "__notes__", []),
                    cattrs.IterableValidationNote(f"@ {i}", i, element),
                ]
                errors.append(exc)
        if errors:
            raise IterableValidationError("While structuring an array", errors, list)
        return out

    return structure


def _record_guard(fn: Callable[[Any, type], _T], cls: type[_T]) -> Callable[[object, type], _T]:
    def structure(value: object, _: type) -> _T:
        if not isinstance(value, dict):
            raise _expected("an object", value)
        return fn(value, cls)

    return structure


def _unstructure_decimal(value: Decimal) -> str:
    return format(value, "f")


def _make_converter() -> cattrs.Converter:
    converter = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    converter.register_structure_hook(str, _structure_str)
    converter.register_structure_hook(int, _structure_int)
    converter.register_structure_hook(bool, _structure_bool)
    converter.register_structure_hook(Decimal, _structure_decimal)
    converter.register_structure_hook(dt.date, _structure_date)
    converter.register_unstructure_hook(dt.date, dt.date.isoformat)
    converter.register_unstructure_hook(Decimal, _unstructure_decimal)
    converter.register_structure_hook_factory(lambda t: isinstance(t, type) and issubclass(t, enum.Enum), _enum_hook)

    def tuple_factory(t: Any) -> Callable[[object, type], tuple[Any, ...]]:
        array = _strict_array(get_args(t)[0], converter)
        return lambda value, _: tuple(array(value))

    converter.register_structure_hook_factory(_is_homogeneous_tuple, tuple_factory)
    kinds = _strict_array(MeetingKind, converter)

    def structure_kinds(value: object, _: type) -> frozenset[MeetingKind]:
        items = kinds(value)
        if len(set(items)) != len(items):
            raise ValueError(f"a kind is listed twice in {value!r}")
        return frozenset(items)

    converter.register_structure_hook_func(lambda t: t == frozenset[MeetingKind], structure_kinds)
    converter.register_unstructure_hook_func(
        lambda t: t == frozenset[MeetingKind],
        lambda ks: [k.value for k in sorted_kinds(ks)],
    )

    def structure_attendance(value: object, _: type) -> Attendance:
        if not isinstance(value, dict):
            raise _expected("an object", value)
        return Attendance(converter.structure(value, dict[str, AttendanceMark]))

    converter.register_structure_hook(Attendance, structure_attendance)
    converter.register_unstructure_hook(Attendance, lambda a: {k: v.value for k, v in a.items()})

    for cls in _RECORDS:
        renames: dict[str, Any] = {attr: override(rename=key) for attr, key in _RENAMED.get(cls, {}).items()}
        structure_fn = make_dict_structure_fn(cls, converter, _cattrs_forbid_extra_keys=True, **renames)
        converter.register_structure_hook(cls, _record_guard(structure_fn, cls))
        omitted: dict[str, Any] = {attr: override(omit_if_default=True) for attr in _OMITTED_WHEN_NONE.get(cls, ())}
        converter.register_unstructure_hook(cls, make_dict_unstructure_fn(cls, converter, **renames, **omitted))
    return converter


_CONVERTER: Final = _make_converter()


def _problems(exc: BaseException, path: str, cls: type | None = None) -> list[Problem]:
    """Flatten a cattrs validation error into problems with JSON paths."""
    if isinstance(exc, ClassValidationError):
        renames = _RENAMED.get(exc.cl, {})
        with_notes, without = exc.group_exceptions()
        fields: list[tuple[BaseException, str, type | None]] = [
            (sub, f"{path}.{renames.get(note.name, note.name)}", exc.cl) for sub, note in with_notes
        ]
        return _flatten([*fields, *((sub, path, exc.cl) for sub in without)])
    if isinstance(exc, IterableValidationError):
        with_items, without_items = exc.group_exceptions()
        items: list[tuple[BaseException, str, type | None]] = [
            (
                sub,
                key_path(path, item.index) if isinstance(item.index, str) else f"{path}[{item.index}]",
                None,
            )
            for sub, item in with_items
        ]
        return _flatten([*items, *((sub, path, None) for sub in without_items)])
    return [_leaf_problem(exc, path, cls)]


def _flatten(located: list[tuple[BaseException, str, type | None]]) -> list[Problem]:
    return [problem for sub, sub_path, cls in located for problem in _problems(sub, sub_path, cls)]


def _leaf_problem(exc: BaseException, path: str, cls: type | None) -> Problem:
    if isinstance(exc, ForbiddenExtraKeysError):
        keys = ", ".join(repr(k) for k in sorted(exc.extra_fields))
        noun = "key" if len(exc.extra_fields) == 1 else "keys"
        return Problem(path, f"unknown {noun} {keys}")
    if isinstance(exc, KeyError):
        return Problem(path, "required key is missing")
    if isinstance(exc, InvalidRecordError):
        field = None if exc.field is None else _RENAMED.get(cls or object, {}).get(exc.field, exc.field)
        return Problem(path if field is None else f"{path}.{field}", exc.message)
    if isinstance(exc, ValueError | TypeError):
        return Problem(path, str(exc))
    raise exc  # pragma: no cover - a bug, not bad input


def _structure_record(value: object, cls: type[_T], path: str, problems: list[Problem]) -> _T | None:
    try:
        return _CONVERTER.structure(value, cls)
    except (
        ClassValidationError,
        IterableValidationError,
        ValueError,
        TypeError,
    ) as exc:
        problems += _problems(exc, path, cls)
        return None


def dataset_from_json(document: object) -> Dataset:
    """Build a `Dataset` from a decoded ``partyreview/1`` JSON document.

    Numbers should have been decoded as `Decimal` (``json.loads(text,
    parse_float=Decimal)``); `loads_dataset` does that for you.

    Raises:
        DatasetError: listing every problem found, each with its JSON path.
    """
    if not isinstance(document, dict):
        raise DatasetError.from_problems([Problem("$", str(_expected("an object", document)))])
    problems: list[Problem] = []
    if "format" not in document:
        problems.append(Problem("$.format", f"required key is missing (expected {DATASET_FORMAT!r})"))
    elif document["format"] != DATASET_FORMAT:
        problems.append(Problem("$.format", f"expected {DATASET_FORMAT!r}, got {document['format']!r}"))
    unknown = sorted(set(document) - {"format", *_COLLECTIONS})
    if unknown:
        problems.append(
            Problem(
                "$",
                "unknown " + ("key " if len(unknown) == 1 else "keys ") + ", ".join(map(repr, unknown)),
            )
        )
    collections: dict[str, list[Any]] = {}
    for name, cls in _COLLECTIONS.items():
        items = document.get(name, [])
        if not isinstance(items, list):
            problems.append(Problem(f"$.{name}", str(_expected("an array", items))))
            continue
        collections[name] = [_structure_record(item, cls, f"$.{name}[{i}]", problems) for i, item in enumerate(items)]
    if problems:
        raise DatasetError.from_problems(problems)
    return Dataset(**collections)


class _DuplicateKeys(dict[str, Any]):
    """A decoded JSON object in which some key appeared more than once."""

    duplicates: list[str]


def _reject_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) == len(pairs):
        return result
    flagged = _DuplicateKeys(result)
    seen: set[str] = set()
    flagged.duplicates = sorted({k for k, _ in pairs if k in seen or seen.add(k)})  # type: ignore[func-returns-value]
    return flagged


def _find_duplicate_keys(value: object, path: str, problems: list[Problem]) -> None:
    if isinstance(value, dict):
        if isinstance(value, _DuplicateKeys):
            problems += [
                Problem(key_path(path, k), "key appears more than once in the same object") for k in value.duplicates
            ]
        for k, v in value.items():
            _find_duplicate_keys(v, key_path(path, k), problems)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            _find_duplicate_keys(v, f"{path}[{i}]", problems)


def decode_json(text: str | bytes) -> Any:
    """Decode JSON text exactly: decimals as `Decimal`, duplicate keys rejected.

    Raises:
        DatasetError: the text is not JSON, or an object repeats a key.
    """
    duplicates_seen = False

    def hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        nonlocal duplicates_seen
        result = _reject_duplicate_keys(pairs)
        duplicates_seen = duplicates_seen or isinstance(result, _DuplicateKeys)
        return result

    try:
        document = json.loads(text, parse_float=Decimal, object_pairs_hook=hook)
    except json.JSONDecodeError as exc:
        raise DatasetError.from_problems(
            [
                Problem(
                    "$",
                    # json's "Unterminated string starting at" names the position after "at"
                    f"not valid JSON: {exc.msg.removesuffix(' at')} at line {exc.lineno}, column {exc.colno}",
                )
            ]
        ) from None
    except UnicodeDecodeError as exc:
        raise DatasetError.from_problems([Problem("$", f"not UTF-8 text: {exc.reason}")]) from None
    except RecursionError:
        raise DatasetError.from_problems([Problem("$", "JSON nested too deeply to read")]) from None
    except ValueError as exc:  # e.g. an integer literal beyond Python's digit limit
        raise DatasetError.from_problems([Problem("$", f"unreadable JSON number: {exc}")]) from None
    if duplicates_seen:
        problems: list[Problem] = []
        _find_duplicate_keys(document, "$", problems)
        raise DatasetError.from_problems(problems)
    return document


def loads_dataset(text: str | bytes) -> Dataset:
    """Parse ``partyreview/1`` JSON text into a `Dataset`.

    Raises:
        DatasetError: listing every problem found, each with its JSON path.
        InvalidArgumentError: ``text`` is not a `str` or `bytes`.
    """
    if not isinstance(text, str | bytes | bytearray):
        raise InvalidArgumentError(f"'text' must be the JSON text, a str or bytes (got {described(text)})")
    return dataset_from_json(decode_json(text))


def load_dataset(path: str | os.PathLike[str]) -> Dataset:
    """Read a ``partyreview/1`` JSON file into a `Dataset`.

    Raises:
        DatasetError: listing every problem found, each with its JSON path.
        OSError: the file cannot be read.
        InvalidArgumentError: ``path`` is not a path.
    """
    check_path(path, "path")
    return loads_dataset(Path(path).read_bytes())


def dataset_to_json(dataset: Dataset) -> dict[str, Any]:
    """The canonical JSON document of a dataset (decimals as strings, kinds ordered).

    Raises:
        InvalidArgumentError: ``dataset`` is not a `Dataset`.
    """
    check_instance(dataset, Dataset, "dataset")
    document: dict[str, Any] = {"format": DATASET_FORMAT}
    for name, cls in _COLLECTIONS.items():
        unstructure = _CONVERTER.get_unstructure_hook(cls)
        document[name] = [unstructure(record) for record in getattr(dataset, name)]
    return document


def dumps_dataset(dataset: Dataset) -> str:
    """The canonical JSON text of a dataset; dumping what it loads gives the same bytes."""
    return json.dumps(dataset_to_json(dataset), ensure_ascii=False, indent=2) + "\n"


def dump_dataset(dataset: Dataset, path: str | os.PathLike[str]) -> None:
    """Write the canonical JSON text of a dataset to ``path`` (UTF-8).

    Raises:
        InvalidArgumentError: ``dataset`` is not a `Dataset`, or ``path`` not a path.
        OSError: the file cannot be written.
    """
    check_path(path, "path")
    Path(path).write_text(dumps_dataset(dataset), encoding="utf-8")
