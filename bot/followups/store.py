"""What follow-ups keep, whatever the backend: the protocol both stores implement (SQLite,
bot/stores/followups_sqlite.py; Redis to come) and its values."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from bot.engine.diary import DiaryEntry
from bot.engine.followup import FollowUp


class FollowupConflict(Exception):
    """Someone saved the record first: load it again and retry."""


@dataclass(frozen=True, slots=True)
class Stored:
    record: FollowUp
    version: int


@dataclass(frozen=True, slots=True)
class DueCheckIn:
    """A check-in claimed for sending: whose, when it was due, and where to send it."""

    id: str
    platform: str
    user: str
    due_at: float
    address: str | None


class FollowupStore(Protocol):
    """Records (one per person), the diary (one entry per day) and the due-index of pending
    check-ins, kept consistent with `record.pending` by `save`."""

    async def load(self, platform: str, user: str) -> Stored | None: ...

    async def save(self, platform: str, user: str, record: FollowUp, expected: int | None,
                   address: str | None = None, entry: DiaryEntry | None = None) -> int:
        """Write if the stored version is `expected` (None: nothing stored), else raise
        FollowupConflict. Returns the new version."""
        ...

    async def diary(self, platform: str, user: str) -> tuple[DiaryEntry, ...]: ...

    async def done(self, checkin_id: str) -> None:
        """The check-in was handed to its platform (or dropped): never hand it out again."""
        ...

    async def forget(self, platform: str, user: str) -> int:
        """Erase the record, the diary and the check-ins of one person; how many rows."""
        ...

    async def pending_by_day(self) -> list[tuple[int, int]]:
        """(day since the epoch, pending check-ins due that day): counts only, no user data."""
        ...

    async def expire(self, now: float) -> int: ...

    async def close(self) -> None: ...


class ClaimingStore(FollowupStore, Protocol):
    """A store whose sender polls it (SQLite): a claimed check-in is handed to one caller
    only; `done` removes it; one left claimed by a process that died is handed out again
    after the lease."""

    async def claim_due(self, now: float, limit: int, platforms: tuple[str, ...]) -> list[DueCheckIn]: ...
