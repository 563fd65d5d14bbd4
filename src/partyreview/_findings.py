"""Findings: the explained outcomes of a check (a code, a severity, a message, a clause)."""

from __future__ import annotations

import enum

import attrs

from ._validators import non_empty_text

__all__ = ["Finding", "Severity"]


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
