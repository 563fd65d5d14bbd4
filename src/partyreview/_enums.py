"""The base of the library's enumerations."""

from __future__ import annotations

import enum

__all__ = ["Enum"]


class Enum(enum.Enum):
    """An `enum.Enum` whose members hash by identity.

    `enum.Enum.__hash__` is a Python function (``hash(self._name_)``), run each
    time a member is looked up in a set or a dict (a meeting's kinds, the rank of
    a level): millions of times for a province.  A member of these enumerations
    equals only itself (no type is mixed in), so the identity hash, which runs in
    C, agrees with equality.
    """

    __hash__ = object.__hash__
