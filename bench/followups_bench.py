"""Follow-ups at scale: 100,000 due check-ins drained by the real scheduler, service and
SQLite store; the bytes a person costs with 90 days of diary.

Every record comes from one real accepted offer (a finished check, "in 3 days"), copied per
person with its own check-in id and sealed chat id, saved through the store. The drain runs
the Scheduler's own `tick` with delivery as a counter (a Bot API call costs what the
Telegram figures show): how fast the machinery can hand check-ins to a platform whose
configured rate (TELEGRAM_RATE_LIMIT, 30 messages/s) is the real limit, and whether its CPU
per check-in stays flat from the first tenth of the backlog to the last.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import itertools
import resource
import tempfile
import time
from pathlib import Path

from bot.catalog import load_bundle
from bot.engine import Session
from bot.engine.checkin import FollowupReply
from bot.engine.diary import DiaryEntry, day_of
from bot.followups.address import AddressSeal
from bot.followups.scheduler import Delivery, Scheduler
from bot.followups.service import FollowupService
from bot.followups.store import DueCheckIn
from bot.stores.followups_sqlite import SqliteFollowupStore
from bot.stores.keys import hash_id

DUE = 100_000
DIARY_USERS = 300
DIARY_DAYS = 90
T0 = dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC).timestamp()  # daytime: check-ins are sent
ANSWERS = {"emergency": (), "frequency": ("daily",), "duration": ("1_to_2_weeks",), "course": ("same",),
           "triggers": ("caffeine",), "symptoms": ()}


def user(i: int) -> str:
    """A person as the stores know them: a keyed hash of their platform id."""
    return hash_id(b"bench-secret", "telegram", i)


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


class Counter:
    """Delivery: counts, and notes the CPU used at every tenth of the backlog."""

    def __init__(self, total: int) -> None:
        self.sent = 0
        self.step = total // 10
        self.marks: list[float] = [_cpu()]

    async def __call__(self, due: DueCheckIn, replies: list[FollowupReply]) -> Delivery:
        self.sent += 1
        if self.sent % self.step == 0:
            self.marks.append(_cpu())
        return "sent"


async def _service(path: Path, clock: Clock) -> tuple[FollowupService, SqliteFollowupStore]:
    ids = (f"c{i}" for i in itertools.count())
    store = SqliteFollowupStore(path, AddressSeal(b"bench-secret"), clock=clock)
    return FollowupService(load_bundle(), store, clock=clock, new_id=lambda: next(ids)), store


async def _accepted(service: FollowupService) -> None:
    """One person (user 0) accepts a check-in in 3 days: their record is the template."""
    session = Session(status="done", answers=ANSWERS, result_level="self_care", nonce="n1", version=7)
    offer = service.offer(session)
    assert offer is not None and offer.token is not None
    await service.choose_offer("telegram", user(0), offer.token, "in_3_days", session, "100000")


async def drain(due: int = DUE) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        clock = Clock(T0)
        service, store = await _service(Path(tmp) / "followups.sqlite3", clock)
        await _accepted(service)
        stored = await store.load("telegram", user(0))
        assert stored is not None and stored.record.pending is not None
        template, pending = stored.record, stored.record.pending
        t0 = time.perf_counter()
        for i in range(1, due):
            record = template.model_copy(update={"pending": pending.model_copy(update={"id": f"d{i}"})})
            await store.save("telegram", user(i), record, None, address=str(100000 + i))
        fill_s = time.perf_counter() - t0
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the fill's pages written now, not in the drain
        clock.now = pending.due_at + 600  # ten minutes after they all fell due: on time
        counter = Counter(due)
        t0, cpu0 = time.perf_counter(), _cpu()
        tally = await Scheduler(service, {"telegram": counter}, clock).tick()
        elapsed, cpu = time.perf_counter() - t0, _cpu() - cpu0
        await store.close()
    if tally.sent != due or counter.sent != due:
        raise RuntimeError(f"follow-ups: {tally.sent} of {due} check-ins sent")
    tenths = [b - a for a, b in itertools.pairwise(counter.marks)]
    return {"followups_drain_per_s": due / elapsed, "followups_cpu_us_per_checkin": cpu * 1e6 / due,
            "followups_cpu_last_vs_first_tenth": tenths[-1] / tenths[0],
            "followups_fill_us_per_record": fill_s * 1e6 / (due - 1)}


async def diary_bytes(users: int = DIARY_USERS, days: int = DIARY_DAYS) -> dict[str, float]:
    """Bytes on disk per person: the record of one accepted check and `days` of diary."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "followups.sqlite3"
        clock = Clock(T0)
        service, store = await _service(path, clock)
        await _accepted(service)
        empty = _size(store, path)
        stored = await store.load("telegram", user(0))
        assert stored is not None and service.rules.diary is not None
        levels = service.rules.diary.levels
        today = day_of(T0)
        for i in range(1, users + 1):
            version = None
            for d in range(days):
                entry = DiaryEntry(day=today - days + d, level=levels[(i + d) % len(levels)],
                                   triggers=("caffeine",) if d % 3 == 0 else (), source="log")
                version = await store.save("telegram", user(i), stored.record, version,
                                           address=str(100000 + i) if version is None else None, entry=entry)
        full = _size(store, path)
        await store.close()
    return {"followups_bytes_per_user_90_days": (full - empty) / users}


def _size(store: SqliteFollowupStore, path: Path) -> int:
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))


def run() -> dict[str, float]:
    out = asyncio.run(drain())
    out.update(asyncio.run(diary_bytes()))
    return out


if __name__ == "__main__":
    import json
    import sys

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    print(json.dumps({**asyncio.run(drain(n)), **asyncio.run(diary_bytes())}, indent=1))
