"""The embedded default: sessions in one SQLite file (the standard sqlite3 module, WAL).

Statements run on the event loop's own thread: a load or a save is one indexed statement
of some tens of microseconds, far cheaper than handing each one to a worker thread and
back (what aiosqlite did, at about 1.4 ms of CPU per update in a busy bot). Nothing here
waits on a lock inside SQLite (busy_timeout is 0): a write that finds the file locked by
another process is retried with `asyncio.sleep`, so the loop keeps serving meanwhile.

Durability: WAL with synchronous=NORMAL. A commit is written to the WAL file but not
fsynced; the WAL is fsynced at each checkpoint. After a crash of the process nothing
committed is lost; after a power cut or an OS crash the last commits (at most the
answers given since the last checkpoint, about 1,000 pages) can be rolled back, never
corrupted. synchronous=FULL would fsync every commit (one disk flush per answer).

Privacy: secure_delete zeroes deleted rows in the database file, and `delete_user`
(/forget) checkpoints the WAL with TRUNCATE, so no byte of the erased sessions stays in
either file. The file, its WAL and its shared-memory index are created 0600 (SQLite gives
the -wal and -shm files the database file's mode), new directories 0700.
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bot.stores.base import Record, SessionKey, VersionConflict, decode, encode
from bot.stores.errors import StoreError

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

LOCK_WAIT = 3.0  # seconds a write waits for another process's lock before giving up
BUSY = {sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED}


class SqliteStore:
    """`user` and `scope` hold keyed hashes, never raw platform ids."""

    def __init__(self, path: str | Path, ttl: float = 86400.0, clock: Callable[[], float] = time.time,
                 lock_wait: float = LOCK_WAIT) -> None:
        self.path = Path(path)
        self.ttl = ttl
        self.clock = clock
        self.lock_wait = lock_wait
        self._db: sqlite3.Connection | None = None

    async def open(self) -> SqliteStore:
        self._create_file()
        try:
            db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        except sqlite3.Error as exc:
            raise self._failure(exc) from None
        try:
            db.execute("PRAGMA busy_timeout=0")
            mode = db.execute("PRAGMA journal_mode=WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                raise StoreError(f"{self.path}: SQLite cannot use WAL mode on this file system; "
                                 "put TWITCHCHECK_DATA_DIR on a local disk")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("PRAGMA secure_delete=ON")  # /forget leaves no bytes behind in free pages
            await self._retry(lambda: db.executescript(SCHEMA))
        except BaseException as exc:
            db.close()
            if isinstance(exc, sqlite3.Error):
                raise self._failure(exc) from None
            raise
        self._db = db
        return self

    def _create_file(self) -> None:
        """The directory 0700 (only those made here) and the file 0600 before SQLite opens it."""
        if self.path.is_dir():
            raise StoreError(f"{self.path}: is a directory; TWITCHCHECK_STORE_URL must name a file, "
                             "e.g. sqlite:///data/twitchcheck.sqlite3")
        try:
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            try:
                if os.fstat(fd).st_uid == os.geteuid():
                    os.fchmod(fd, 0o600)  # an older, wider file: as tight as a new one
            finally:
                os.close(fd)
        except FileExistsError:
            raise StoreError(f"{self.path.parent}: is a file, not a directory; move it or set "
                             "TWITCHCHECK_DATA_DIR to a directory") from None
        except OSError as exc:
            raise StoreError(f"{self.path}: cannot open it for writing ({exc.strerror}); make "
                             f"{self.path.parent} writable by this user or set TWITCHCHECK_DATA_DIR") from None

    def _failure(self, exc: sqlite3.Error) -> StoreError:
        """One line for a person: which file, what is wrong with it, what to do."""
        code = getattr(exc, "sqlite_errorcode", None)
        base = None if code is None else code & 0xFF
        if base in (sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT):
            what = ("is not a SQLite database or is damaged; move it aside (its sessions are lost) "
                    "and start again, or set TWITCHCHECK_STORE_URL to another file")
        elif base == sqlite3.SQLITE_FULL:
            what = "cannot grow: the disk is full; free some space (the answers saved so far are kept)"
        elif base in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM):
            what = (f"cannot be written (read-only file or directory); make it and {self.path.parent} "
                    "writable by this user")
        elif base in BUSY:
            what = (f"is locked by another process for more than {self.lock_wait:g} s; stop the other "
                    "process using it, or give each bot its own file")
        elif base == sqlite3.SQLITE_IOERR:
            what = "could not be written (disk full or failing?); free space or check the disk"
        else:
            what = f"SQLite failed ({exc.sqlite_errorname if hasattr(exc, 'sqlite_errorname') else type(exc).__name__})"
        return StoreError(f"{self.path}: {what}")

    async def _retry(self, statement: Callable[[], Any]) -> Any:
        """Run one statement; while another process holds the lock, wait without blocking the loop."""
        deadline = time.monotonic() + self.lock_wait
        pause = 0.002
        while True:
            try:
                return statement()
            except sqlite3.Error as exc:
                code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
                if code not in BUSY or time.monotonic() >= deadline:
                    raise self._failure(exc) from None
            await asyncio.sleep(pause)
            pause = min(pause * 2, 0.1)

    @property
    def db(self) -> sqlite3.Connection:
        if self._db is None:
            raise RuntimeError("SqliteStore is not open: await store.open() first")
        return self._db

    async def load(self, key: SessionKey) -> Record | None:
        db = self.db
        row = await self._retry(lambda: db.execute(
            "SELECT data FROM sessions WHERE platform=? AND user=? AND scope=? AND touched_at>=?",
            (key.platform, key.user, key.scope, self.clock() - self.ttl),
        ).fetchone())
        return decode(row[0]) if row else None

    async def save(self, key: SessionKey, record: Record, expected: int | None) -> None:
        now = self.clock()
        data = encode(record)
        version = record.session.version
        db = self.db
        if expected is None:
            # Insert, or replace an expired row; a live row means someone was first.
            sql = ("INSERT INTO sessions VALUES (?,?,?,?,?,?) ON CONFLICT (platform, user, scope) DO UPDATE "
                   "SET version=excluded.version, touched_at=excluded.touched_at, data=excluded.data "
                   "WHERE sessions.touched_at < ?")
            params: tuple[object, ...] = (key.platform, key.user, key.scope, version, now, data, now - self.ttl)
        else:
            sql = ("UPDATE sessions SET version=?, touched_at=?, data=? "
                   "WHERE platform=? AND user=? AND scope=? AND version=? AND touched_at>=?")
            params = (version, now, data, key.platform, key.user, key.scope, expected, now - self.ttl)
        cur = await self._retry(lambda: db.execute(sql, params))
        if cur.rowcount != 1:
            raise VersionConflict(str(key))

    async def delete(self, key: SessionKey) -> None:
        db = self.db
        await self._retry(lambda: db.execute(
            "DELETE FROM sessions WHERE platform=? AND user=? AND scope=?", (key.platform, key.user, key.scope)))

    async def delete_user(self, platform: str, user: str) -> int:
        db = self.db
        cur = await self._retry(lambda: db.execute(
            "DELETE FROM sessions WHERE platform=? AND user=?", (platform, user)))
        await self.checkpoint()
        return int(cur.rowcount)

    async def expire(self) -> int:
        db = self.db
        cur = await self._retry(lambda: db.execute(
            "DELETE FROM sessions WHERE touched_at<?", (self.clock() - self.ttl,)))
        if cur.rowcount:
            await self.checkpoint()
        return int(cur.rowcount)

    async def checkpoint(self) -> None:
        """Copy the WAL into the database and truncate it to 0 bytes (old row versions gone).

        Another connection reading an older snapshot holds the checkpoint back; it is retried
        until it completes or the lock wait runs out (then the next checkpoint finishes it).
        """
        db = self.db
        deadline = time.monotonic() + self.lock_wait
        while True:
            busy = await self._retry(lambda: db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0])
            if not busy or time.monotonic() >= deadline:
                return
            await asyncio.sleep(0.01)

    async def close(self) -> None:
        if self._db is not None:
            db, self._db = self._db, None
            db.close()
