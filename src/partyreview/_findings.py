"""Findings: the explained outcomes of a check (a code, a severity, a message, a clause)."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from typing import TypeAlias, cast

import attrs

from ._validators import non_empty_text
from .errors import InvalidRecordError

__all__ = ["Finding", "FindingParam", "Severity"]

FindingParam: TypeAlias = str | int
"""The value of one parameter of a finding: a text (an id, a date, a decimal) or a whole number."""


def _params(value: Mapping[str, object] | Iterable[tuple[str, object]]) -> tuple[tuple[str, FindingParam], ...]:
    # Typed loosely on purpose: a dict literal mixing str and int values is a Mapping[str, object] to mypy;
    # the validator checks every value is a str or an int.
    if not value:
        return ()
    pairs = value.items() if isinstance(value, Mapping) else value
    return cast("tuple[tuple[str, FindingParam], ...]", tuple(sorted(pairs, key=lambda pair: str(pair[0]))))


def _check_params(_: object, __: object, value: tuple[tuple[object, object], ...]) -> None:
    for name, param in value:
        if not isinstance(name, str) or not name.isidentifier():
            raise InvalidRecordError(f"finding parameter names must be identifiers, got {name!r}", "params")
        if isinstance(param, bool) or not isinstance(param, str | int):
            raise InvalidRecordError(f"finding parameter {name!r} must be a str or an int, got {param!r}", "params")


class Severity(enum.Enum):
    """How much a finding matters."""

    ERROR = "error"
    """A rule is broken: the subject is not compliant."""
    WARNING = "warning"
    """A quality criterion is not met; compliance is not affected."""
    INFO = "info"
    """Context that explains a decision."""


@attrs.frozen
class Finding:
    """One explained outcome of a check.

    ``code`` is stable: once released it keeps its meaning (see the README's
    compatibility policy).
    """

    code: str = attrs.field(validator=non_empty_text())
    """Stable dotted code, e.g. ``cadence.regular.missing``."""
    severity: Severity = attrs.field(validator=attrs.validators.instance_of(Severity))
    """Error, warning or info."""
    message: str = attrs.field(validator=non_empty_text())
    """One sentence for people, naming the subject and what was expected."""
    citation: str = attrs.field(validator=attrs.validators.instance_of(str))
    """The clause the rule rests on, e.g. ``"Điều lệ Đảng, Điều 24 khoản 2"``."""
    params: tuple[tuple[str, FindingParam], ...] = attrs.field(default=(), converter=_params, validator=_check_params)
    """The facts the message is made of (month, meeting id, member id, …), sorted by name.

    Pass a mapping; it is kept as sorted ``(name, value)`` pairs so a finding stays
    hashable.  The message catalogue (`localize`) fills its templates from them.

    >>> f = Finding("cadence.regular.missing", Severity.ERROR, "No regular meeting in month 3.", "",
    ...             params={"month": 3, "cell": "C1"})
    >>> f.params, f.param("month")
    ((('cell', 'C1'), ('month', 3)), 3)
    """

    def param(self, name: str) -> FindingParam:
        """The parameter called ``name``; `KeyError` if the finding has none by that name."""
        for key, value in self.params:
            if key == name:
                return value
        raise KeyError(name)
