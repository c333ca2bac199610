"""Choosing the follow-ups store to go with the session store (TWITCHCHECK_STORE_URL):
SQLite beside the sessions' file (the embedded default), in memory for memory://;
none on Redis yet (follow-ups are then off: no offer is shown)."""

from __future__ import annotations

from pathlib import Path

from bot.followups.address import AddressSeal
from bot.followups.store import FollowupStore
from bot.stores.followups_sqlite import SqliteFollowupStore

FILE = "followups.sqlite3"


async def open_followup_store(url: str, data_dir: Path, secret: bytes, diary_days: int) -> FollowupStore | None:
    seal = AddressSeal(secret)
    if url.startswith("memory://"):
        return SqliteFollowupStore(":memory:", seal, diary_days=diary_days)
    if url.startswith("sqlite:///"):
        return SqliteFollowupStore(Path(url[len("sqlite:///"):]).parent / FILE, seal, diary_days=diary_days)
    if url.startswith(("redis://", "rediss://")):
        return None  # follow-ups on Redis are not built yet: no offer is shown there
    raise ValueError(f"TWITCHCHECK_STORE_URL: unsupported store '{url.split(':')[0]}'")
