"""Follow-ups on the embedded default: records, diary and due check-ins in one SQLite file
beside the sessions' (stdlib sqlite3, WAL, file mode 0600).

Calls are short single statements or one IMMEDIATE transaction, run on the event loop's
thread. Several processes may share the file (webhook workers on one machine): a claim is
one UPDATE ... RETURNING, so each due check-in goes to one of them.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

from bot.engine.diary import DAY_SECONDS, DiaryEntry, day_of
from bot.engine.followup import FollowUp
from bot.followups.address import AddressSeal
from bot.followups.store import DueCheckIn, FollowupConflict, Stored

SCHEMA = """
CREATE TABLE IF NOT EXISTS followups (
    platform TEXT NOT NULL, user TEXT NOT NULL, version INTEGER NOT NULL,
    touched_at REAL NOT NULL, data TEXT NOT NULL, address BLOB,
    PRIMARY KEY (platform, user)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS diary (
    platform TEXT NOT NULL, user TEXT NOT NULL, day INTEGER NOT NULL, data TEXT NOT NULL,
    PRIMARY KEY (platform, user, day)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS checkins (
    id TEXT PRIMARY KEY, platform TEXT NOT NULL, user TEXT NOT NULL,
    due_at REAL NOT NULL, claimed_at REAL) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS checkins_due ON checkins (due_at);
CREATE INDEX IF NOT EXISTS checkins_user ON checkins (platform, user);
"""


def _create_private(path: Path) -> None:
    """The file exists, readable by its owner only, before SQLite opens it (its -wal and
    -shm files take the same mode)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
    os.close(fd)
    path.chmod(0o600)


class SqliteFollowupStore:
    def __init__(self, path: str | Path, seal: AddressSeal, diary_days: int = 90, lease: float = 300.0,
                 clock: Callable[[], float] = time.time) -> None:
        self.path = Path(path)
        self.clock = clock
        self.seal = seal
        self.diary_days = diary_days
        self.lease = lease
        if str(path) != ":memory:":
            _create_private(self.path)
        db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("PRAGMA busy_timeout=5000")
        db.execute("PRAGMA secure_delete=ON")  # /forget leaves no bytes in free pages
        db.executescript(SCHEMA)
        self.db = db

    async def load(self, platform: str, user: str) -> Stored | None:
        row = self.db.execute("SELECT data, version FROM followups WHERE platform=? AND user=?",
                              (platform, user)).fetchone()
        return None if row is None else Stored(FollowUp.from_json(row[0]), row[1])

    async def save(self, platform: str, user: str, record: FollowUp, expected: int | None,
                   address: str | None = None, entry: DiaryEntry | None = None) -> int:
        now_version = (expected or 0) + 1
        sealed = self.seal.seal(platform, user, address) if address is not None else None
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
            if expected is None:
                cur = db.execute("INSERT OR IGNORE INTO followups VALUES (?,?,?,?,?,?)",
                                 (platform, user, now_version, self.clock(), record.to_json(), sealed))
            else:
                cur = db.execute(
                    "UPDATE followups SET version=?, touched_at=?, data=?, "
                    "address=coalesce(?, address) WHERE platform=? AND user=? AND version=?",
                    (now_version, self.clock(), record.to_json(), sealed, platform, user, expected))
            if cur.rowcount != 1:
                raise FollowupConflict(f"{platform}:{user}")
            keep = record.pending.id if record.pending else ""
            db.execute("DELETE FROM checkins WHERE platform=? AND user=? AND claimed_at IS NULL AND id!=?",
                       (platform, user, keep))
            if record.pending is not None:
                db.execute("INSERT OR IGNORE INTO checkins VALUES (?,?,?,?,NULL)",
                           (record.pending.id, platform, user, record.pending.due_at))
            if entry is not None:
                db.execute("INSERT OR REPLACE INTO diary VALUES (?,?,?,?)",
                           (platform, user, entry.day, entry.model_dump_json()))
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        return now_version

    async def diary(self, platform: str, user: str) -> tuple[DiaryEntry, ...]:
        rows = self.db.execute("SELECT data FROM diary WHERE platform=? AND user=? ORDER BY day",
                               (platform, user)).fetchall()
        return tuple(DiaryEntry.model_validate_json(r[0]) for r in rows)

    async def claim_due(self, now: float, limit: int, platforms: tuple[str, ...]) -> list[DueCheckIn]:
        """Due check-ins of these platforms, each handed to one caller (again after the lease).

        `+platform` keeps SQLite on the due_at index (read in order, stopping at `limit`):
        on the platform index it sorted every pending check-in for each batch, and a backlog
        of 100,000 cost 14 times more CPU per check-in at its start than at its end."""
        marks = ",".join("?" * len(platforms))
        rows = self.db.execute(
            f"UPDATE checkins SET claimed_at=? WHERE id IN (SELECT id FROM checkins WHERE due_at<=? "
            f"AND +platform IN ({marks}) AND (claimed_at IS NULL OR claimed_at<?) ORDER BY due_at LIMIT ?) "
            "RETURNING id, platform, user, due_at",
            (now, now, *platforms, now - self.lease, limit)).fetchall()
        out = []
        for cid, platform, user, due in sorted(rows, key=lambda r: r[3]):
            found = self.db.execute("SELECT address FROM followups WHERE platform=? AND user=?",
                                    (platform, user)).fetchone()
            address = None
            if found is not None and found[0] is not None:
                try:
                    address = self.seal.open(platform, user, found[0])
                except ValueError:
                    address = None
            out.append(DueCheckIn(cid, platform, user, due, address))
        return out

    async def done(self, checkin_id: str) -> None:
        self.db.execute("DELETE FROM checkins WHERE id=?", (checkin_id,))

    async def forget(self, platform: str, user: str) -> int:
        n = 0
        for table in ("followups", "diary", "checkins"):
            n += self.db.execute(f"DELETE FROM {table} WHERE platform=? AND user=?", (platform, user)).rowcount
        self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # nothing of it left in the -wal file either
        return n

    async def pending_by_day(self) -> list[tuple[int, int]]:
        rows = self.db.execute("SELECT CAST(due_at / ? AS INTEGER) AS d, count(*) FROM checkins GROUP BY d ORDER BY d",
                               (DAY_SECONDS,)).fetchall()
        return [(int(d), int(n)) for d, n in rows]

    async def expire(self, now: float) -> int:
        """Diary days older than the retention go; a record untouched that long goes too,
        unless a check-in of it is still pending (data never expires before its check-in)."""
        n = self.db.execute(
            "DELETE FROM diary WHERE day<? AND NOT EXISTS (SELECT 1 FROM checkins c "
            "WHERE c.platform=diary.platform AND c.user=diary.user)", (day_of(now) - self.diary_days,)).rowcount
        n += self.db.execute(
            "DELETE FROM followups WHERE touched_at<? AND NOT EXISTS (SELECT 1 FROM checkins c "
            "WHERE c.platform=followups.platform AND c.user=followups.user)",
            (now - self.diary_days * DAY_SECONDS,)).rowcount
        return n

    async def close(self) -> None:
        self.db.close()
