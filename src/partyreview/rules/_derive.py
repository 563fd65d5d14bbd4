"""The shared mechanics of ``derive()`` for every kind of rule set."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, Protocol, TypeVar

import attrs

from .._periods import Period
from ..errors import InvalidArgumentError, InvalidRecordError

__all__ = ["derive_ruleset", "named_rules"]


class _Named(Protocol):
    @property
    def name(self) -> str: ...


class _Derivable(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def effective(self) -> Period: ...
    @property
    def rules(self) -> tuple[Any, ...]: ...


_R = TypeVar("_R", bound=_Derivable)


def derive_ruleset(
    base: _R,
    *,
    ruleset_id: str,
    effective: Period | None,
    add: Iterable[_Named],
    replace: Mapping[str, _Named] | None,
    remove: Iterable[str],
    changes: Mapping[str, Any],
) -> _R:
    """A copy of ``base`` with a new id, period, fields, and rules replaced, removed or added by name.

    Raises:
        InvalidArgumentError: an unknown rule name or field.
    """
    replace = dict(replace or {})
    names = {r.name for r in base.rules}
    unknown = sorted((set(replace) | set(remove)) - names)
    if unknown:
        raise InvalidArgumentError(
            f"no rule named {', '.join(map(repr, unknown))} in {base.id!r}; rules: {sorted(names)}"
        )
    removed = set(remove)
    rules = [replace.get(r.name, r) for r in base.rules if r.name not in removed]
    instance: Any = base
    bad = sorted((set(changes) - set(attrs.fields_dict(type(instance)))) | ({"rules"} & set(changes)))
    if bad:
        raise InvalidArgumentError(f"{type(base).__name__} has no field {', '.join(map(repr, bad))} to override")
    derived: _R = attrs.evolve(
        instance, id=ruleset_id, effective=effective or base.effective, rules=(*rules, *add), **changes
    )
    return derived


def named_rules(protocol: type, kind: str, needs: str) -> Callable[[object, object, tuple[Any, ...]], None]:
    """A validator for a rule set's ``rules``: each implements ``protocol``, and names are unique.

    ``kind`` ("cadence", "rating") and ``needs`` (".name and .check()") word the messages.
    """

    def validate(_: object, __: object, rules: tuple[Any, ...]) -> None:
        names: set[str] = set()
        for rule in rules:
            if not isinstance(rule, protocol):
                raise InvalidRecordError(f"{rule!r} is not a {protocol.__name__} (it needs {needs})", "rules")
            name: str = getattr(rule, "name")  # noqa: B009 - the protocol guarantees it; `type` hides it from mypy
            if name in names:
                raise InvalidRecordError(f"two {kind} rules are named {name!r}", "rules")
            names.add(name)

    return validate
