"""The SessionStore protocol every store implements, and the values it deals in."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from pydantic import BaseModel, ConfigDict

from bot.engine.session import Session

RECENT_EVENTS = 32  # update / interaction ids remembered per session, for de-duplication


@dataclass(frozen=True, slots=True)
class SessionKey:
    """Whose session: a platform, a hashed user id and a hashed conversation scope."""

    platform: str
    user: str
    scope: str = "-"

    def __str__(self) -> str:
        return f"{self.platform}:{self.user}:{self.scope}"


@dataclass(frozen=True, slots=True)
class Record:
    """A stored session with the ids of the events last applied to it."""

    session: Session
    events: tuple[str, ...] = ()

    def with_event(self, session: Session, event_id: str | None) -> Record:
        events = self.events if event_id is None else (*self.events, event_id)[-RECENT_EVENTS:]
        return Record(session, events)


class VersionConflict(Exception):
    """Someone saved the session first: load it again and retry."""


class SessionStore(Protocol):
    """Async session storage with optimistic concurrency.

    `save` writes only if the stored version equals `expected` (None: no session
    stored); otherwise it raises VersionConflict and changes nothing. Sessions idle
    for longer than the store's TTL are gone: `load` does not return them and
    `expire` deletes them.
    """

    async def load(self, key: SessionKey) -> Record | None: ...

    async def save(self, key: SessionKey, record: Record, expected: int | None) -> None: ...

    async def delete(self, key: SessionKey) -> None: ...

    async def delete_user(self, platform: str, user: str) -> int:
        """Erase every session of one user; returns how many were deleted."""
        ...

    async def expire(self) -> int:
        """Delete idle sessions; returns how many."""
        ...

    async def close(self) -> None: ...


class _Stored(BaseModel):
    """The stored form of a Record: compact JSON, encoded and decoded by pydantic-core."""

    model_config = ConfigDict(extra="forbid")

    s: Session
    e: tuple[str, ...] = ()


def encode(record: Record) -> str:
    return _Stored(s=record.session, e=record.events).model_dump_json()


def decode(data: str | bytes) -> Record:
    stored = _Stored.model_validate_json(data)
    return Record(stored.s, stored.e)
