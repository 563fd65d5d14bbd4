"""Annual assessments (tự đánh giá, xếp loại): the facts the rating rules read."""

from __future__ import annotations

from decimal import Decimal
from typing import Final

import attrs

from ._enums import Enum
from ._validators import decimal_between, instance_of, int_between, non_empty_text

__all__ = ["LEVEL_RANK", "Assessment", "Level"]

FIRST_YEAR: Final = 1930
LAST_YEAR: Final = 2200


class Level(Enum):
    """The four annual quality levels (QĐ 366-QĐ/TW Điều 11; same labels in QĐ 132 and QĐ 124)."""

    EXCELLENT = "excellent"
    """Hoàn thành xuất sắc nhiệm vụ (HTXSNV)."""
    GOOD = "good"
    """Hoàn thành tốt nhiệm vụ (HTTNV)."""
    COMPLETE = "complete"
    """Hoàn thành nhiệm vụ (HTNV)."""
    NOT_COMPLETE = "not_complete"
    """Không hoàn thành nhiệm vụ (KHTNV)."""


LEVEL_RANK: Final = {Level.NOT_COMPLETE: 0, Level.COMPLETE: 1, Level.GOOD: 2, Level.EXCELLENT: 3}
"""Levels from lowest (0) to highest (3)."""

_optional_bool = instance_of(bool, optional=True)
_fraction = decimal_between(0, 1)


@attrs.frozen
class Assessment:
    """One subject's (member's or unit's) annual self-assessment and the facts around it.

    Facts a regime does not use may be ``None``; a fact a level needs and that is
    ``None`` means that level is not evidenced.
    """

    subject: str = attrs.field(validator=non_empty_text())
    """Id of the member or unit assessed."""
    year: int = attrs.field(validator=int_between(FIRST_YEAR, LAST_YEAR))
    """The year under review."""
    score: Decimal | None = attrs.field(default=None, validator=decimal_between(0, 100))
    """Total on the 100-point scale (QĐ 366), exact."""
    proposed: Level | None = attrs.field(
        default=None,
        validator=instance_of(Level, optional=True),
    )
    """Level proposed by the subject or the cell."""
    tasks_done: Decimal | None = attrs.field(default=None, validator=_fraction)
    """Share of assigned tasks completed, 0–1."""
    tasks_behind: Decimal | None = attrs.field(default=None, validator=_fraction)
    """Share of tasks completed behind schedule, 0–1."""
    tasks_exceeded: Decimal | None = attrs.field(default=None, validator=_fraction)
    """Share of tasks exceeded, 0–1."""
    prior_shortcomings_fixed: bool | None = attrs.field(default=None, validator=_optional_bool)
    """Whether all shortcomings pointed out in the previous review were remedied."""
    disciplined: bool | None = attrs.field(default=None, validator=_optional_bool)
    """Whether disciplined (kỷ luật) in the year."""
    degradation: bool | None = attrs.field(default=None, validator=_optional_bool)
    """Whether concluded to show political, ethical or lifestyle degradation."""
    mitigated: bool | None = attrs.field(default=None, validator=_optional_bool)
    """Whether a listed case is mitigated (force majeure, self-detected and remedied)."""
    quota_group: str | None = attrs.field(default=None, validator=attrs.validators.optional(non_empty_text()))
    """The group within which the quota on "excellent" is counted."""
