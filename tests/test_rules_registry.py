"""The rule-set registry: resolution by date, overlaps, gaps and ids."""

from __future__ import annotations

import datetime as dt

import pytest

from partyreview import InvalidArgumentError, Period, RuleSetNotFoundError, RuleSetOverlapError
from partyreview.rules import HD12_2018, HD42_2025, CadenceRuleSet, RuleSetRegistry, default_registry


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2018, 7, 6), "hd12-2018"),
        (dt.date(2025, 10, 27), "hd12-2018"),
        (dt.date(2025, 10, 28), "hd42-2025"),
        (dt.date(2040, 1, 1), "hd42-2025"),
    ],
)
def test_the_default_registry_resolves_the_rule_set_in_force(day: dt.date, expected: str) -> None:
    """HD 12 until 27/10/2025, HD 42 from 28/10/2025, both ends inclusive."""
    assert expected == default_registry().resolve(CadenceRuleSet, day).id


@pytest.mark.parametrize(("year", "expected"), [(2018, "hd12-2018"), (2024, "hd12-2018"), (2025, "hd42-2025")])
def test_a_year_is_governed_by_the_rule_set_in_force_on_31_december(year: int, expected: str) -> None:
    """product.md §6: year-end reviews use the regulation in force on 31 December."""
    assert expected == default_registry().for_year(CadenceRuleSet, year).id


def test_a_day_no_rule_set_covers_is_a_clear_lookup_error() -> None:
    """Before 2018 nothing is registered: the error lists what is."""
    with pytest.raises(
        RuleSetNotFoundError, match=r"no CadenceRuleSet is in force on 2017-12-31 \(registered: 'hd12-2018'"
    ):
        default_registry().for_year(CadenceRuleSet, 2017)

    with pytest.raises(LookupError):
        RuleSetRegistry().resolve(CadenceRuleSet, dt.date(2025, 1, 1))


def test_an_overlapping_rule_set_is_refused_naming_both() -> None:
    """A provincial variant over the national period must replace it explicitly."""
    registry = default_registry()
    variant = HD42_2025.derive(id="hanoi-2025")

    with pytest.raises(RuleSetOverlapError, match=r"'hanoi-2025' .* overlaps 'hd42-2025'"):
        registry.register(variant)

    registry.unregister("hd42-2025")
    registry.register(variant)
    assert "hanoi-2025" == registry.for_year(CadenceRuleSet, 2026).id


def test_a_taken_id_is_refused() -> None:
    """Ids are unique across the registry."""
    registry = RuleSetRegistry([HD12_2018])

    with pytest.raises(RuleSetOverlapError, match="id 'hd12-2018' is already registered"):
        registry.register(HD12_2018.derive(id="hd12-2018", effective=Period(dt.date(2030, 1, 1))))


def test_a_gap_between_rule_sets_is_reported_when_resolved() -> None:
    """A day between two registered periods is not silently given to either."""
    later = HD12_2018.derive(id="later", effective=Period(dt.date(2030, 1, 1)))
    registry = RuleSetRegistry([HD12_2018, later])

    with pytest.raises(RuleSetNotFoundError, match=r"on 2027-06-01 .*'hd12-2018' .*'later'"):
        registry.resolve(CadenceRuleSet, dt.date(2027, 6, 1))


def test_get_all_iter_and_len() -> None:
    """The registry lists its rule sets by kind and start date."""
    registry = RuleSetRegistry([HD42_2025, HD12_2018])

    assert (HD12_2018, HD42_2025) == registry.all(CadenceRuleSet)
    assert HD42_2025 == registry.get(CadenceRuleSet, "hd42-2025")
    assert [HD12_2018, HD42_2025] == list(registry)
    assert 2 == len(registry)
    with pytest.raises(RuleSetNotFoundError, match="no CadenceRuleSet with id 'x'"):
        registry.get(CadenceRuleSet, "x")
    with pytest.raises(RuleSetNotFoundError, match="no rule set with id 'x'"):
        registry.unregister("x")


def test_registering_something_that_is_not_a_rule_set_is_refused() -> None:
    """register() checks its argument."""
    with pytest.raises(InvalidArgumentError, match="needs a rule set with an id and an effective Period"):
        RuleSetRegistry().register("hd12-2018")  # type: ignore[arg-type]


def test_each_default_registry_is_independent() -> None:
    """default_registry() returns a fresh registry; changing one leaves the next untouched."""
    first = default_registry()
    first.unregister("hd12-2018")

    assert 5 == len(default_registry())
