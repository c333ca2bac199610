"""The embedded default: sessions in one SQLite file (aiosqlite, WAL)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import aiosqlite

from bot.stores.base import Record, SessionKey, VersionConflict, decode, encode

SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (
    platform   TEXT NOT NULL,
    user       TEXT NOT NULL,
    scope      TEXT NOT NULL,
    version    INTEGER NOT NULL,
    touched_at REAL NOT NULL,
    data       TEXT NOT NULL,
    PRIMARY KEY (platform, user, scope)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS sessions_touched ON sessions (touched_at);
"""


class SqliteStore:
    """`user` and `scope` hold keyed hashes, never raw platform ids."""

    def __init__(self, path: str | Path, ttl: float = 86400.0, clock: Callable[[], float] = time.time) -> None:
        self.path = Path(path)
        self.ttl = ttl
        self.clock = clock
        self._db: aiosqlite.Connection | None = None

    async def open(self) -> SqliteStore:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = await aiosqlite.connect(self.path, isolation_level=None)
        await db.execute("PRAGMA journal_mode=WAL")
        await db.execute("PRAGMA synchronous=NORMAL")
        await db.execute("PRAGMA busy_timeout=5000")
        await db.execute("PRAGMA secure_delete=ON")  # /forget leaves no bytes behind in free pages
        await db.executescript(SCHEMA)
        self._db = db
        try:
            self.path.chmod(0o600)
        except OSError:
            pass
        return self

    @property
    def db(self) -> aiosqlite.Connection:
        if self._db is None:
            raise RuntimeError("SqliteStore is not open: await store.open() first")
        return self._db

    async def load(self, key: SessionKey) -> Record | None:
        rows = await self.db.execute_fetchall(
            "SELECT data FROM sessions WHERE platform=? AND user=? AND scope=? AND touched_at>=?",
            (key.platform, key.user, key.scope, self.clock() - self.ttl),
        )
        return decode(rows[0][0]) if rows else None  # type: ignore[index]

    async def save(self, key: SessionKey, record: Record, expected: int | None) -> None:
        now = self.clock()
        data = encode(record)
        version = record.session.version
        if expected is None:
            # Insert, or replace an expired row; a live row means someone was first.
            cur = await self.db.execute(
                "INSERT INTO sessions VALUES (?,?,?,?,?,?) ON CONFLICT (platform, user, scope) DO UPDATE "
                "SET version=excluded.version, touched_at=excluded.touched_at, data=excluded.data "
                "WHERE sessions.touched_at < ?",
                (key.platform, key.user, key.scope, version, now, data, now - self.ttl),
            )
        else:
            cur = await self.db.execute(
                "UPDATE sessions SET version=?, touched_at=?, data=? "
                "WHERE platform=? AND user=? AND scope=? AND version=? AND touched_at>=?",
                (version, now, data, key.platform, key.user, key.scope, expected, now - self.ttl),
            )
        if cur.rowcount != 1:
            raise VersionConflict(str(key))

    async def delete(self, key: SessionKey) -> None:
        await self.db.execute(
            "DELETE FROM sessions WHERE platform=? AND user=? AND scope=?", (key.platform, key.user, key.scope)
        )

    async def delete_user(self, platform: str, user: str) -> int:
        cur = await self.db.execute("DELETE FROM sessions WHERE platform=? AND user=?", (platform, user))
        return cur.rowcount

    async def expire(self) -> int:
        cur = await self.db.execute("DELETE FROM sessions WHERE touched_at<?", (self.clock() - self.ttl,))
        return cur.rowcount

    async def close(self) -> None:
        if self._db is not None:
            await self._db.close()
            self._db = None
