"""`RuleSetRegistry`: which rule set is in force on a date, per kind of rule set."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Protocol, TypeVar, final

from .._periods import Period
from ..errors import InvalidArgumentError, RuleSetNotFoundError, RuleSetOverlapError

__all__ = ["RuleSetRegistry", "VersionedRuleSet", "default_registry"]


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
        for existing in self:
            if existing.id == ruleset.id:
                raise RuleSetOverlapError(f"a rule set with id {ruleset.id!r} is already registered")
        timeline = self._by_kind.setdefault(type(ruleset), [])
        for existing in timeline:
            if existing.effective.overlaps(ruleset.effective):
                raise RuleSetOverlapError(
                    f"{type(ruleset).__name__} {_describe(ruleset)} overlaps {_describe(existing)}; "
                    "unregister() the one it replaces or give it a disjoint period"
                )
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


def default_registry() -> RuleSetRegistry:
    """A new registry holding every built-in national rule set."""
    from ._cadence_hd12_2018 import HD12_2018
    from ._cadence_hd42_2025 import HD42_2025
    from ._rating_qd124_2023 import QD124_2023
    from ._rating_qd132_2018 import QD132_2018
    from ._rating_qd366_2025 import QD366_2025

    return RuleSetRegistry([HD12_2018, HD42_2025, QD132_2018, QD124_2023, QD366_2025])
