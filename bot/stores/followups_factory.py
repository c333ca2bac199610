"""Choosing the follow-ups store to go with the session store (TWITCHCHECK_STORE_URL):
SQLite beside the sessions' file (the embedded default), in memory for memory://;
Redis (due check-ins as SAQ jobs) for redis://; none (follow-ups off) for redis+sentinel://."""

from __future__ import annotations

from pathlib import Path

from bot.followups.address import AddressSeal
from bot.followups.store import FollowupStore
from bot.stores.followups_sqlite import SqliteFollowupStore

FILE = "followups.sqlite3"


async def open_followup_store(url: str, data_dir: Path, secret: bytes, diary_days: int,
                              checkin_timeout: int = 30) -> FollowupStore | None:
    seal = AddressSeal(secret)
    if url.startswith("memory://"):
        return SqliteFollowupStore(":memory:", seal, diary_days=diary_days)
    if url.startswith("sqlite:///"):
        return SqliteFollowupStore(Path(url[len("sqlite:///"):]).parent / FILE, seal, diary_days=diary_days)
    if url.startswith(("redis://", "rediss://")):
        from bot.stores.followups_redis import RedisFollowupStore

        return await RedisFollowupStore.connect(url, seal, diary_days=diary_days, job_timeout=checkin_timeout)
    return None  # redis+sentinel:// and anything else: follow-ups are off (no offer is shown)
