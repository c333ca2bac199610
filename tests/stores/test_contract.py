"""One contract for every SessionStore: memory, SQLite and Redis (the `store` fixture)."""

from __future__ import annotations

import json

import pytest
import redis

from bot.engine import Session
from bot.stores.base import RECENT_EVENTS, Record, SessionKey, SessionStore, VersionConflict
from bot.stores.keys import hash_id
from tests.stores.conftest import FakeClock, OpenStore

SECRET = b"contract-test-secret"
ALICE = hash_id(SECRET, "telegram", 1001)
BOB = hash_id(SECRET, "telegram", 1002)


def key(user: str = ALICE, scope: str = "-", platform: str = "telegram") -> SessionKey:
    return SessionKey(platform, user, scope)


def full_session(version: int = 1, **changes: object) -> Session:
    """A session with every field set away from its default, floats with awkward digits."""
    base = Session(
        locale="en",
        nonce="n-ü-🦵-1",
        status="asking",
        question="triggers",
        answers={"emergency": (), "frequency": ("daily",), "triggers": ("caffeine", "stress")},
        history=("emergency", "frequency", "duration"),
        draft=("caffeine",),
        noted={"duration": ("1_to_2_weeks",)},
        result_level="see_doctor",
        version=version,
        created_at=1_700_000_000.123456789,
        updated_at=1_700_000_123.000001,
    )
    return base.model_copy(update=changes) if changes else base


def record(version: int = 1, events: tuple[str, ...] = ("u:1", "u:2")) -> Record:
    return Record(full_session(version), events)


async def test_load_of_a_missing_key_is_none(store: SessionStore) -> None:
    assert await store.load(key()) is None


async def test_save_new_then_load_round_trips_everything(store: SessionStore) -> None:
    saved = record(version=3, events=tuple(f"tg:{i}" for i in range(RECENT_EVENTS)))
    await store.save(key(), saved, None)
    loaded = await store.load(key())
    assert loaded == saved
    assert loaded is not None
    assert loaded.events == saved.events and isinstance(loaded.events, tuple)
    assert loaded.session.model_dump(mode="json") == saved.session.model_dump(mode="json")
    assert json.loads(loaded.session.to_json()) == json.loads(saved.session.to_json())
    assert loaded.session.created_at == 1_700_000_000.123456789  # floats exactly, not rounded
    assert loaded.session.answers["emergency"] == ()
    # Other keys are untouched: another scope, another user, another platform.
    assert await store.load(key(scope="chat-2")) is None
    assert await store.load(key(user=BOB)) is None
    assert await store.load(key(platform="discord")) is None


async def test_a_default_session_round_trips(store: SessionStore) -> None:
    await store.save(key(), Record(Session()), None)
    assert await store.load(key()) == Record(Session())


async def test_save_with_the_expected_version_replaces(store: SessionStore) -> None:
    await store.save(key(), record(1), None)
    newer = Record(full_session(2, status="done", question=None), ("u:1", "u:2", "u:3"))
    await store.save(key(), newer, 1)
    assert await store.load(key()) == newer


@pytest.mark.parametrize("wrong", [0, 2, 7, -1])
async def test_save_with_a_wrong_version_conflicts_and_changes_nothing(store: SessionStore, wrong: int) -> None:
    first = record(1)
    await store.save(key(), first, None)
    with pytest.raises(VersionConflict):
        await store.save(key(), record(wrong + 1, events=("other",)), wrong)
    assert await store.load(key()) == first


async def test_save_with_a_version_when_nothing_is_stored_conflicts(store: SessionStore) -> None:
    with pytest.raises(VersionConflict):
        await store.save(key(), record(2), 1)
    assert await store.load(key()) is None


async def test_save_new_over_a_live_session_conflicts(store: SessionStore) -> None:
    first = record(1)
    await store.save(key(), first, None)
    with pytest.raises(VersionConflict):
        await store.save(key(), record(1, events=("other",)), None)
    assert await store.load(key()) == first


async def test_a_conflict_is_seen_through_a_second_connection(open_store: OpenStore) -> None:
    one, two = await open_store(), await open_store()
    await one.save(key(), record(1), None)
    assert await two.load(key()) == record(1)
    await two.save(key(), record(2), 1)
    with pytest.raises(VersionConflict):
        await one.save(key(), record(2, events=("late",)), 1)
    assert await one.load(key()) == record(2)


async def test_delete(store: SessionStore) -> None:
    await store.save(key(), record(1), None)
    await store.save(key(scope="other"), record(1), None)
    await store.delete(key())
    assert await store.load(key()) is None
    assert await store.load(key(scope="other")) == record(1)
    await store.delete(key())  # deleting again is fine
    await store.save(key(), record(1), None)  # and the key is free for a new session
    assert await store.load(key()) == record(1)


async def test_delete_user_removes_all_their_sessions_and_nobody_elses(
    store: SessionStore, store_kind: str, request: pytest.FixtureRequest
) -> None:
    scopes = ["-", hash_id(SECRET, "telegram", "chat:1"), hash_id(SECRET, "telegram", "chat:2")]
    for scope in scopes:
        await store.save(key(scope=scope), record(1), None)
    await store.save(key(user=BOB), record(1), None)
    await store.save(key(user=BOB, scope=scopes[1]), record(1), None)
    await store.save(key(platform="discord"), record(1), None)  # same hash, other platform
    await store.delete(key(scope=scopes[2]))  # a session deleted earlier is not counted

    assert await store.delete_user("telegram", ALICE) == 2
    for scope in scopes:
        assert await store.load(key(scope=scope)) is None
    assert await store.load(key(user=BOB)) == record(1)
    assert await store.load(key(user=BOB, scope=scopes[1])) == record(1)
    assert await store.load(key(platform="discord")) == record(1)
    assert await store.delete_user("telegram", ALICE) == 0

    if store_kind == "redis":
        admin: redis.Redis = request.getfixturevalue("redis_admin")
        left = sorted(k.decode() for k in admin.scan_iter(match=f"*{ALICE}*", count=1000))
        assert left == [f"tc:{{discord:{ALICE}}}:s:-", f"tc:{{discord:{ALICE}}}:u"]  # only the discord ones
    # A new session after the erasure works as usual.
    await store.save(key(), record(1), None)
    assert await store.load(key()) == record(1)


async def test_delete_user_of_an_unknown_user_is_zero(store: SessionStore) -> None:
    assert await store.delete_user("telegram", BOB) == 0


async def test_a_session_idle_longer_than_the_ttl_is_gone(store: SessionStore, clock: FakeClock, ttl: float) -> None:
    await store.save(key(), record(1), None)
    await store.save(key(user=BOB), record(1), None)
    clock.advance(ttl - 1)
    assert await store.load(key()) == record(1)
    await store.save(key(user=BOB), record(2), 1)  # Bob stays active
    clock.advance(2)  # Alice is now idle for ttl + 1
    assert await store.load(key()) is None
    assert await store.load(key(user=BOB)) == record(2)
    with pytest.raises(VersionConflict):  # an expired session cannot be updated...
        await store.save(key(), record(2), 1)
    await store.save(key(), record(1, events=("fresh",)), None)  # ...but a new one can start
    assert await store.load(key()) == record(1, events=("fresh",))


async def test_expire_deletes_idle_sessions_only(
    store: SessionStore, clock: FakeClock, ttl: float, store_kind: str
) -> None:
    await store.save(key(), record(1), None)
    await store.save(key(scope="other"), record(1), None)
    clock.advance(ttl / 2)
    await store.save(key(user=BOB), record(1), None)
    clock.advance(ttl / 2 + 1)
    assert await store.expire() == (0 if store_kind == "redis" else 2)  # Redis drops idle keys itself
    assert await store.load(key()) is None
    assert await store.load(key(scope="other")) is None
    assert await store.load(key(user=BOB)) == record(1)
    assert await store.expire() == 0


async def test_saving_refreshes_the_idle_ttl(store: SessionStore, clock: FakeClock, ttl: float) -> None:
    await store.save(key(), record(1), None)
    for version in range(1, 4):
        clock.advance(ttl * 0.75)
        await store.save(key(), record(version + 1), version)
    clock.advance(ttl * 0.75)  # 3 ttl after the first save, 0.75 ttl after the last
    assert await store.load(key()) == record(4)
    assert await store.expire() == 0
    clock.advance(ttl * 0.5)
    assert await store.load(key()) is None


async def test_loading_does_not_refresh_the_idle_ttl(store: SessionStore, clock: FakeClock, ttl: float) -> None:
    await store.save(key(), record(1), None)
    clock.advance(ttl * 0.75)
    assert await store.load(key()) == record(1)
    clock.advance(ttl * 0.5)
    assert await store.load(key()) is None


async def test_close_then_reopen_keeps_the_data(open_store: OpenStore) -> None:
    first = await open_store()
    await first.save(key(), record(1), None)
    await first.close()
    second = await open_store()
    assert await second.load(key()) == record(1)
