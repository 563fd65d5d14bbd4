"""Docstring examples of the installed package run as doctests (Markdown docs run through --doctest-glob)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import partyreview

MODULES = sorted(
    info.name
    for info in pkgutil.walk_packages(partyreview.__path__, prefix="partyreview.")
    if "testing" not in info.name
)


@pytest.mark.parametrize("name", ["partyreview", *MODULES])
def test_docstring_examples_run(name: str) -> None:
    """Every >>> example in the module's docstrings gives the output it shows."""
    module = importlib.import_module(name)

    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)

    assert 0 == result.failed
