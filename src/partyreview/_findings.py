"""Findings: the explained outcomes of a check (a code, a severity, a message, a clause)."""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Final, TypeAlias, cast

import attrs

from ._enums import Enum
from ._validators import instance_of, non_empty_text
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


class Severity(Enum):
    """How much a finding matters."""

    ERROR = "error"
    """A rule is broken: the subject is not compliant."""
    WARNING = "warning"
    """A quality criterion is not met; compliance is not affected."""
    INFO = "info"
    """Context that explains a decision."""


_CONTROL_OR_SURROGATE: Final = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_PARAM_TYPES: Final = frozenset((str, int))
_set = object.__setattr__
_SORTED_NAMES_MAX: Final = 4096
_SORTED_NAMES: dict[tuple[object, ...], tuple[tuple[str, ...], Callable[[Any], Any]] | None] = {}
"""Parameter names in the order given -> (sorted, a getter of their values in that order), or ``None`` when one
is not an identifier: a bounded cache."""


def _no_values(_: object) -> tuple[()]:
    return ()


def _plain_text(value: object) -> bool:
    """What the ``non_empty_text`` validator accepts, in the common case of a `str` (no call to the validator)."""
    return type(value) is str and value != "" and not value.isspace() and _CONTROL_OR_SURROGATE.search(value) is None


def _sorted_names(names: tuple[object, ...]) -> tuple[tuple[str, ...], Callable[[Any], Any]] | None:
    """``names`` sorted and a getter of their values, if they are all identifiers (worked out once per set of names)."""
    try:
        return _SORTED_NAMES[names]
    except KeyError:
        pass
    result = None
    if all(type(n) is str and n.isidentifier() for n in names):
        ordered = tuple(sorted(cast("tuple[str, ...]", names)))
        # itemgetter of one name returns the value itself, not a 1-tuple
        getter = operator.itemgetter(*ordered) if len(ordered) > 1 else (lambda d: (d[ordered[0]],))
        result = (ordered, getter)
    if len(_SORTED_NAMES) < _SORTED_NAMES_MAX:  # bounded, should callers make up names
        _SORTED_NAMES[names] = result
    return result


@attrs.frozen(init=False)
class Finding:
    """One explained outcome of a check.

    ``code`` is stable: once released it keeps its meaning (see the README's
    compatibility policy).
    """

    code: str = attrs.field(validator=non_empty_text())
    """Stable dotted code, e.g. ``cadence.regular.missing``."""
    severity: Severity = attrs.field(validator=instance_of(Severity))
    """Error, warning or info."""
    message: str = attrs.field(validator=non_empty_text())
    """One sentence for people, naming the subject and what was expected."""
    citation: str = attrs.field(validator=instance_of(str))
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

    def __init__(
        self,
        code: str,
        severity: Severity,
        message: str,
        citation: str,
        params: Mapping[str, object] | Iterable[tuple[str, object]] = (),
    ) -> None:
        """Build a finding, checking every field (``params`` as a mapping or ``(name, value)`` pairs)."""
        # A report builds a finding for every reason of every decision (millions for a country), so the common
        # case -- plain strings and a dict of str/int params -- is checked here in one pass; anything else goes
        # through the fields' own converter and validators, which accept the same and name what is wrong.
        if (
            type(params) is dict
            and type(severity) is Severity
            and type(citation) is str
            and _plain_text(code)
            and _plain_text(message)
        ):
            sorting = _sorted_names(tuple(params)) if params else ((), _no_values)
            if sorting is not None and _PARAM_TYPES.issuperset(map(type, params.values())):
                names, values = sorting
                pairs = tuple(zip(names, values(params)))  # noqa: B905 - as many values as names
                _set(self, "code", code)
                _set(self, "severity", severity)
                _set(self, "message", message)
                _set(self, "citation", citation)
                _set(self, "params", pairs)
                return
        self.__attrs_init__(code, severity, message, citation, params)

    def param(self, name: str) -> FindingParam:
        """The parameter called ``name``; `KeyError` if the finding has none by that name."""
        for key, value in self.params:
            if key == name:
                return value
        raise KeyError(name)


def _trusted_finding(
    code: str, severity: Severity, message: str, citation: str, params: tuple[tuple[str, FindingParam], ...]
) -> Finding:
    """A `Finding` built without its checks: for the engine's own findings, made once per member and reason.

    Only for values known to pass them: a literal code, a message made of
    checked record values, ``params`` as ``(identifier, str or int)`` pairs
    sorted by name.  (The tests rebuild such findings through `Finding` and
    compare.)
    """
    finding: Finding = object.__new__(Finding)
    _set(finding, "code", code)
    _set(finding, "severity", severity)
    _set(finding, "message", message)
    _set(finding, "citation", citation)
    _set(finding, "params", params)
    return finding
