"""Concurrent updates through CheckService with the real bundle, on every store.

Every successful save is recorded as (expected version, new version). No update is lost
when no two saves started from the same version and the saves chain from the first version
to the stored one: each accepted event was applied on top of the one before.
"""

from __future__ import annotations

import asyncio
import random
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.engine import Answer, Bundle, Event, Start, Text, Toggle
from bot.service import CheckService, Outcome
from bot.stores.base import RECENT_EVENTS, Record, SessionKey, SessionStore
from bot.stores.keys import hash_id
from bot.stores.sqlite_store import SqliteStore
from tests.stores.conftest import FakeClock, OpenStore

KEY = SessionKey("telegram", hash_id(b"concurrency", "telegram", 4242), "-")
SIGNS = ("one_sided_weakness", "bladder_bowel", "cannot_walk")
N = 50


class Recording:
    """A SessionStore that remembers its successful saves."""

    def __init__(self, inner: SessionStore, saves: list[tuple[int | None, int]]) -> None:
        self.inner = inner
        self.saves = saves

    async def load(self, key: SessionKey) -> Record | None:
        return await self.inner.load(key)

    async def save(self, key: SessionKey, record: Record, expected: int | None) -> None:
        await self.inner.save(key, record, expected)
        self.saves.append((expected, record.session.version))

    async def delete(self, key: SessionKey) -> None:
        await self.inner.delete(key)

    async def delete_user(self, platform: str, user: str) -> int:
        return await self.inner.delete_user(platform, user)

    async def expire(self) -> int:
        return await self.inner.expire()

    async def close(self) -> None:
        await self.inner.close()


def assert_chained(saves: list[tuple[int | None, int]], start: int, final: int) -> None:
    bases = [expected for expected, _ in saves]
    assert len(bases) == len(set(bases)), "two saves started from the same version: an update was lost"
    after = dict(saves)
    version, seen = start, 0
    while version in after:
        version, seen = after[version], seen + 1
    assert (version, seen) == (final, len(saves)), "the saves do not chain from the start to the end"


def on(store: SessionStore, bundle: Bundle, clock: FakeClock, saves: list[tuple[int | None, int]]) -> CheckService:
    return CheckService(bundle, Recording(store, saves), clock=clock)  # type: ignore[arg-type]


async def start_check(service: CheckService) -> int:
    out = await service.handle(KEY, lambda now: Start(now, "en", "nonce-1"), event_id="start")
    assert out.session.question == "emergency"  # a several-choice question: every Toggle lands
    return out.session.version


@dataclass
class Checking:
    """A service over the recorded store, a check started; `saves` recorded after the start."""

    service: CheckService
    saves: list[tuple[int | None, int]]
    initial: int


@pytest.fixture
async def checking(store: SessionStore, bundle: Bundle, clock: FakeClock) -> Checking:
    saves: list[tuple[int | None, int]] = []
    service = on(store, bundle, clock, saves)
    initial = await start_check(service)
    saves.clear()
    return Checking(service, saves, initial)


def toggle(option: str) -> Callable[[float], Event]:
    return lambda now: Toggle(now, "en", "emergency", option)


async def test_concurrent_events_of_one_user_all_land(checking: Checking, store: SessionStore) -> None:
    service, saves, initial = checking.service, checking.saves, checking.initial
    outcomes = await asyncio.gather(*(
        service.handle(KEY, toggle(SIGNS[i % 3]), event_id=f"tg:{i}") for i in range(N)
    ))
    final = await service.current(KEY)
    assert final is not None
    assert final.version == initial + N
    assert sorted(o.session.version for o in outcomes) == list(range(initial + 1, initial + N + 1))
    assert_chained(saves, initial, final.version)
    # Each sign was toggled 17, 17 and 16 times: the odd ones stay ticked.
    assert final.draft == SIGNS[:2]
    # The record remembers the ids of the last 32 events, in the order they were applied.
    applied = [f"tg:{i}" for _, i in sorted((o.session.version, i) for i, o in enumerate(outcomes))]
    record = await store.load(KEY)
    assert record is not None and record.events == tuple(applied[-RECENT_EVENTS:])


async def test_concurrent_texts_and_answers_apply_one_after_another(checking: Checking) -> None:
    service, saves, initial = checking.service, checking.saves, checking.initial
    rng = random.Random(7)
    makers: list[Callable[[float], Event]] = []
    for i in range(N):
        kind = i % 5
        if kind == 0:
            makers.append(lambda now: Text(now, "en", "no, none of those"))
        elif kind == 1:
            makers.append(lambda now: Answer(now, "en", "frequency", ("daily",)))
        elif kind == 2:
            makers.append(lambda now: Text(now, "en", "blah blah"))  # understood as nothing
        elif kind == 3:
            makers.append(lambda now: Answer(now, "en", "duration", ("1_to_2_weeks",)))
        else:
            makers.append(toggle(rng.choice(SIGNS)))
    outcomes: list[Outcome] = await asyncio.gather(*(
        service.handle(KEY, make, event_id=f"tg:{i}") for i, make in enumerate(makers)
    ))
    final = await service.current(KEY)
    assert final is not None
    assert not any(o.duplicate for o in outcomes)
    assert final.version == initial + len(saves)  # each accepted event adds one
    assert_chained(saves, initial, final.version)
    assert final.version == max(o.session.version for o in outcomes)


async def test_concurrent_duplicate_deliveries_are_applied_once(checking: Checking, store: SessionStore) -> None:
    service, saves, initial = checking.service, checking.saves, checking.initial
    outcomes = await asyncio.gather(*(
        service.handle(KEY, toggle("cannot_walk"), event_id="tg:dup") for _ in range(20)
    ))
    assert sum(not o.duplicate for o in outcomes) == 1
    assert saves == [(initial, initial + 1)]
    record = await store.load(KEY)
    assert record is not None
    assert record.session.version == initial + 1 and record.session.draft == ("cannot_walk",)
    assert record.events.count("tg:dup") == 1


async def test_two_workers_on_two_connections_lose_nothing(
    open_store: OpenStore, bundle: Bundle, clock: FakeClock, store_kind: str
) -> None:
    """Two services over two connections to the same data (for memory: the same object)."""
    saves: list[tuple[int | None, int]] = []
    one = on(await open_store(), bundle, clock, saves)
    two = on(await open_store(), bundle, clock, saves)
    initial = await start_check(one)
    saves.clear()
    workers = [one, two]
    # Every update is delivered to a worker at random, and one in five a second time to the
    # other worker as well (a redelivery): each is still applied once.
    rng = random.Random(11)
    deliveries: list[tuple[CheckService, str, str]] = []
    distinct = 41
    for i in range(distinct):
        sign = SIGNS[i % 3]
        first = rng.randrange(2)
        deliveries.append((workers[first], sign, f"tg:{i}"))
        if i % 5 == 0:
            deliveries.append((workers[1 - first], sign, f"tg:{i}"))
    assert len(deliveries) == N
    rng.shuffle(deliveries)
    outcomes = await asyncio.gather(*(w.handle(KEY, toggle(sign), event_id=e) for w, sign, e in deliveries))
    final = await two.current(KEY)
    assert final is not None and await one.current(KEY) == final
    assert final.version == initial + distinct
    assert sum(o.duplicate for o in outcomes) == N - distinct
    assert_chained(saves, initial, final.version)
    # 41 toggles over three signs: 14, 14 and 13 times; only the odd one stays ticked.
    assert final.draft == ("cannot_walk",)


async def test_an_unreadable_stored_session_is_dropped_not_an_error_forever(bundle: Bundle, tmp_path: Path) -> None:
    store = await SqliteStore(tmp_path / "s.sqlite3").open()
    with sqlite3.connect(tmp_path / "s.sqlite3") as db:
        db.execute("INSERT INTO sessions VALUES (?,?,?,?,?,?)",
                   (KEY.platform, KEY.user, KEY.scope, 3, 9e18, '{"s": {"schema_version": 99}}'))
    db.close()
    outcome = await CheckService(bundle, store).handle(KEY, lambda now: Start(now, "en", "n"))
    assert outcome.replies and outcome.session.question == "emergency"
    await store.close()
