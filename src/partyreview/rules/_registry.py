"""`RuleSetRegistry`: which rule set is in force on a date, per kind of rule set.

`default_registry` holds the built-in national rule sets and those that installed
packages publish under the entry point group ``partyreview.rulesets`` (plugins;
see ``docs/how-to/publish-a-ruleset-plugin.md``).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Iterable, Iterator
from importlib.metadata import EntryPoint, entry_points
from typing import Final, Protocol, TypeVar, final

import attrs

from .._periods import Period
from ..errors import InvalidArgumentError, RuleSetNotFoundError, RuleSetOverlapError, RuleSetPluginError

__all__ = ["RuleSetRegistry", "VersionedRuleSet", "default_registry"]

_PLUGIN_GROUP: Final = "partyreview.rulesets"
"""The entry point group under which packages publish rule sets."""
_NO_PLUGINS_VARIABLE: Final = "PARTYREVIEW_NO_PLUGINS"
"""Environment variable that, set to anything but ``""`` or ``"0"``, turns plugin discovery off."""
_NO_PLUGINS_HINT: Final = f"set {_NO_PLUGINS_VARIABLE}=1 to start without plugins"


class VersionedRuleSet(Protocol):
    """What the registry needs of a rule set: an id and an effective period."""

    @property
    def id(self) -> str:
        """Stable identifier."""
        ...

    @property
    def effective(self) -> Period:
        """Days on which the rule set is in force."""
        ...


R = TypeVar("R", bound=VersionedRuleSet)


def _describe(ruleset: VersionedRuleSet) -> str:
    period = ruleset.effective
    end = "open-ended" if period.end is None else f"to {period.end.isoformat()}"
    return f"{ruleset.id!r} (from {period.start.isoformat()} {end})"


@final
class RuleSetRegistry:
    """Rule sets by kind (their class), each kind a timeline without overlaps.

    The registry is an explicit object, never module state: create your own to
    customise, or start from `default_registry`.

    >>> import datetime as dt
    >>> from partyreview.rules import CadenceRuleSet, default_registry
    >>> default_registry().resolve(CadenceRuleSet, dt.date(2024, 5, 1)).id
    'hd12-2018'
    """

    def __init__(self, rulesets: Iterable[VersionedRuleSet] = ()) -> None:
        """A registry holding ``rulesets`` (each checked as by `register`)."""
        self._by_kind: dict[type, list[VersionedRuleSet]] = {}
        for ruleset in rulesets:
            self.register(ruleset)

    def register(self, ruleset: VersionedRuleSet) -> None:
        """Add a rule set.

        Raises:
            RuleSetOverlapError: its period overlaps a rule set of the same kind,
                or its id is taken; the message names both.
            InvalidArgumentError: it has no ``id`` or ``effective`` period.
        """
        if not isinstance(getattr(ruleset, "id", None), str) or not isinstance(
            getattr(ruleset, "effective", None), Period
        ):
            raise InvalidArgumentError(
                f"register() needs a rule set with an id and an effective Period, got {ruleset!r}"
            )
        existing = _clash(self, ruleset)
        if existing is not None and existing.id == ruleset.id:
            raise RuleSetOverlapError(f"a rule set with id {ruleset.id!r} is already registered")
        if existing is not None:
            raise RuleSetOverlapError(
                f"{type(ruleset).__name__} {_describe(ruleset)} overlaps {_describe(existing)}; "
                "unregister() the one it replaces or give it a disjoint period"
            )
        timeline = self._by_kind.setdefault(type(ruleset), [])
        timeline.append(ruleset)
        timeline.sort(key=lambda r: r.effective.start)

    def unregister(self, ruleset_id: str) -> None:
        """Remove the rule set with this id.

        Raises:
            RuleSetNotFoundError: no rule set has that id.
        """
        for timeline in self._by_kind.values():
            for ruleset in timeline:
                if ruleset.id == ruleset_id:
                    timeline.remove(ruleset)
                    return
        raise RuleSetNotFoundError(f"no rule set with id {ruleset_id!r} is registered")

    def resolve(self, kind: type[R], on: dt.date) -> R:
        """The rule set of class ``kind`` in force on ``on``.

        Raises:
            RuleSetNotFoundError: none is in force that day (the message lists those registered).
        """
        timeline = self.all(kind)
        for ruleset in timeline:
            if ruleset.effective.contains(on):
                return ruleset
        known = "; ".join(_describe(r) for r in timeline) or "none"
        raise RuleSetNotFoundError(
            f"no {kind.__name__} is in force on {on.isoformat()} (registered: {known}); "
            "register one with RuleSetRegistry.register()"
        )

    def for_year(self, kind: type[R], year: int) -> R:
        """The rule set that governs ``year``: the one in force on 31 December of it."""
        return self.resolve(kind, dt.date(year, 12, 31))

    def get(self, kind: type[R], ruleset_id: str) -> R:
        """The rule set of class ``kind`` with this id.

        Raises:
            RuleSetNotFoundError: there is none.
        """
        for ruleset in self.all(kind):
            if ruleset.id == ruleset_id:
                return ruleset
        raise RuleSetNotFoundError(f"no {kind.__name__} with id {ruleset_id!r} is registered")

    def all(self, kind: type[R]) -> tuple[R, ...]:
        """Every rule set of class ``kind``, by start date."""
        return tuple(self._by_kind.get(kind, ()))  # type: ignore[arg-type]

    def __iter__(self) -> Iterator[VersionedRuleSet]:
        """Every rule set, kind by kind, by start date."""
        for timeline in self._by_kind.values():
            yield from timeline

    def __len__(self) -> int:
        """Number of rule sets registered."""
        return sum(len(t) for t in self._by_kind.values())


def _clash(registry: RuleSetRegistry, ruleset: VersionedRuleSet) -> VersionedRuleSet | None:
    """The registered rule set with the same id as ``ruleset``, else one of its kind it overlaps, else ``None``."""
    for existing in registry:
        if existing.id == ruleset.id:
            return existing
    for existing in registry.all(type(ruleset)):
        if existing.effective.overlaps(ruleset.effective):
            return existing
    return None


def _builtins() -> tuple[VersionedRuleSet, ...]:
    from ._cadence_hd12_2018 import HD12_2018
    from ._cadence_hd42_2025 import HD42_2025
    from ._rating_qd124_2023 import QD124_2023
    from ._rating_qd132_2018 import QD132_2018
    from ._rating_qd366_2025 import QD366_2025

    return (HD12_2018, HD42_2025, QD132_2018, QD124_2023, QD366_2025)


@attrs.frozen
class _Plugin:
    """The rule sets one entry point gave."""

    label: str
    """``rule-set plugin 'name' (module:object, distribution name version)``."""
    rulesets: tuple[VersionedRuleSet, ...]


_DISCOVERED: Final[dict[tuple[str, ...], tuple[_Plugin, ...]]] = {}
"""Plugins found, by ``sys.path``: discovery runs again only when the path changes."""


def _label(entry_point: EntryPoint) -> str:
    dist = entry_point.dist
    return (
        f"rule-set plugin {entry_point.name!r} ({entry_point.value}, "
        f"distribution {getattr(dist, 'name', '?')} {getattr(dist, 'version', '?')})"
    )


def _rulesets_in(value: object) -> tuple[object, ...] | None:
    """``value`` as a tuple of candidate rule sets, or ``None`` when it is neither a rule set nor an iterable."""
    from ._cadence import CadenceRuleSet
    from ._rating import RatingRuleSet

    if isinstance(value, CadenceRuleSet | RatingRuleSet):
        return (value,)
    if isinstance(value, Iterable) and not isinstance(value, str | bytes):
        return tuple(value)
    return None


def _load(entry_point: EntryPoint) -> _Plugin:
    """Import an entry point and check it gave rule sets.

    Raises:
        RuleSetPluginError: it failed to import or raised, or gave something else.
    """
    from ._cadence import CadenceRuleSet
    from ._rating import RatingRuleSet

    label = _label(entry_point)
    try:
        value = entry_point.load()
        if callable(value):
            value = value()
        found = _rulesets_in(value)
    except Exception as exc:  # any failure of third-party code becomes one clear error
        raise RuleSetPluginError(
            f"{label} failed to load: {type(exc).__name__}: {exc}; fix or uninstall it, or {_NO_PLUGINS_HINT}"
        ) from exc
    rulesets = tuple(item for item in found or () if isinstance(item, CadenceRuleSet | RatingRuleSet))
    if found is None or len(rulesets) != len(found):
        wrong = value if found is None else next(i for i in found if not isinstance(i, CadenceRuleSet | RatingRuleSet))
        raise RuleSetPluginError(
            f"{label} gave {wrong!r}: expected a CadenceRuleSet or a RatingRuleSet, "
            f"an iterable of them, or a function of no arguments returning either; fix or uninstall it, "
            f"or {_NO_PLUGINS_HINT}"
        )
    return _Plugin(label, rulesets)


def _plugins() -> tuple[_Plugin, ...]:
    """Every plugin installed, sorted by entry point name; found once per ``sys.path``."""
    key = tuple(sys.path)
    found = _DISCOVERED.get(key)
    if found is None:
        points = sorted(entry_points(group=_PLUGIN_GROUP), key=lambda p: (p.name, p.value))
        found = _DISCOVERED[key] = tuple(_load(p) for p in points)
    return found


def _plugins_disabled() -> bool:
    return os.environ.get(_NO_PLUGINS_VARIABLE, "") not in {"", "0"}


def default_registry(*, plugins: bool = True) -> RuleSetRegistry:
    """A new registry holding every built-in national rule set, and the rule sets of installed plugins.

    A plugin is an entry point of the group ``partyreview.rulesets`` that gives a
    `CadenceRuleSet` or `RatingRuleSet`, an iterable of them, or a function of no
    arguments returning either.  Plugins only add: a plugin rule set may not
    overlap a built-in one (or another plugin's) of its kind, nor reuse an id.
    They are looked up once per ``sys.path``.  ``plugins=False``, or the environment
    variable ``PARTYREVIEW_NO_PLUGINS`` set to anything but ``""`` or ``"0"``,
    leaves them out (see ``docs/how-to/publish-a-ruleset-plugin.md``).

    Raises:
        RuleSetOverlapError: a plugin's rule set overlaps a rule set of its kind,
            or reuses an id; the message names the plugin (entry point and
            distribution) and the other rule set.
        RuleSetPluginError: a plugin failed to import or raised, or gave
            something other than rule sets; the message names it.
    """
    registry = RuleSetRegistry(_builtins())
    if not plugins or _plugins_disabled():
        return registry
    origins: dict[str, str | None] = dict.fromkeys((r.id for r in registry), None)
    for plugin in _plugins():
        for ruleset in plugin.rulesets:
            existing = _clash(registry, ruleset)
            if existing is not None:
                origin = origins[existing.id]
                other = f"built-in {_describe(existing)}" if origin is None else f"{_describe(existing)} of {origin}"
                clash = "reuses the id of" if existing.id == ruleset.id else "overlaps"
                raise RuleSetOverlapError(
                    f"{type(ruleset).__name__} {_describe(ruleset)} of {plugin.label} {clash} {other}; "
                    "a plugin may only add rule sets, with new ids, for periods no rule set of their kind covers "
                    "(to replace a rule set, derive a variant and register it in a registry of your own); "
                    f"uninstall the plugin, or {_NO_PLUGINS_HINT}"
                )
            registry.register(ruleset)
            origins[ruleset.id] = plugin.label
    return registry
