"""Enum members read once per record, mark or meeting on the hot path, as module globals.

On Python 3.11, reading a member from its class (``Level.GOOD``) goes through
the hook for ``EnumType.__getattr__``, about ten times slower than reading a
global (3.12 dropped the hook); the per-cell work reads these instead.
"""

from __future__ import annotations

from typing import Final

from ._assessments import Level
from ._findings import Severity
from ._meetings import AttendanceMark, MeetingKind
from ._org import Role, UnitKind

__all__: list[str] = []

EXCELLENT: Final = Level.EXCELLENT
GOOD: Final = Level.GOOD
COMPLETE: Final = Level.COMPLETE
NOT_COMPLETE: Final = Level.NOT_COMPLETE
INFO: Final = Severity.INFO
PRESENT: Final = AttendanceMark.PRESENT
EXCUSED: Final = AttendanceMark.EXCUSED
REGULAR: Final = MeetingKind.REGULAR
THEMATIC: Final = MeetingKind.THEMATIC
SECRETARY: Final = Role.SECRETARY
DEPUTY_SECRETARY: Final = Role.DEPUTY_SECRETARY
CELL: Final = UnitKind.CELL
GRASSROOTS: Final = UnitKind.GRASSROOTS
