"""The library's enumerations: members hash by identity (in C), and still behave as enum members."""

from __future__ import annotations

import enum
import pickle

import pytest

import partyreview
from partyreview._enums import Enum

PUBLIC_ENUMS = sorted(
    (value for value in vars(partyreview).values() if isinstance(value, type) and issubclass(value, enum.Enum)),
    key=lambda cls: cls.__name__,
)


def test_every_public_enumeration_has_the_identity_hash() -> None:
    assert {"AttendanceMark", "Level", "MeetingKind", "Role", "Severity", "UnitKind"} <= {
        cls.__name__ for cls in PUBLIC_ENUMS
    }
    assert all(issubclass(cls, Enum) for cls in PUBLIC_ENUMS)


@pytest.mark.parametrize("cls", PUBLIC_ENUMS, ids=lambda cls: cls.__name__)
def test_members_hash_by_identity_and_survive_pickling(cls: type[enum.Enum]) -> None:
    """Sets and dicts of members work across a pickle round trip (as between worker processes)."""
    members = list(cls)
    by_member = {member: i for i, member in enumerate(members)}
    round_trip = pickle.loads(pickle.dumps(members))  # noqa: S301 - our own bytes

    assert [object.__hash__(m) for m in members] == [hash(m) for m in members]
    assert all(again is m for again, m in zip(round_trip, members, strict=True))
    assert [by_member[m] for m in round_trip] == list(range(len(members)))
    assert all(cls(m.value) is m and m != m.value for m in members)
