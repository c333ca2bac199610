"""Follow-ups on a real SQLite file: opt-in, due check-ins sent once across restarts, late and
too late, never at night, blocked users cancelled, /forget and retention."""

from __future__ import annotations

import datetime as dt
import sqlite3
import stat
from pathlib import Path

import pytest

from bot.engine import Bundle, Session
from bot.engine.checkin import Choose, Done, FollowupReply
from bot.engine.diary import DiaryEntry, day_of
from bot.followups.address import AddressSeal
from bot.followups.scheduler import Delivery, Scheduler
from bot.followups.service import FollowupService, offer_token
from bot.followups.store import DueCheckIn, FollowupConflict
from bot.stores.followups_sqlite import SqliteFollowupStore
from tests.followups.given import ANSWERS, DAY, T0, Clock

SECRET = b"test-secret"
CHAT = "987654321"



class Outbox:
    def __init__(self, outcome: Delivery = "sent") -> None:
        self.sent: list[tuple[str, list[FollowupReply]]] = []
        self.outcome: Delivery = outcome

    async def __call__(self, due: DueCheckIn, replies: list[FollowupReply]) -> Delivery:
        assert due.address is not None
        self.sent.append((due.address, replies))
        return self.outcome


def done_session(level: str = "self_care") -> Session:
    return Session(status="done", answers=ANSWERS, result_level=level, nonce="n1", version=7)


def open_service(bundle: Bundle, path: Path, clock: Clock) -> FollowupService:
    store = SqliteFollowupStore(path, AddressSeal(SECRET), clock=clock)
    ids = iter(f"id{i}" for i in range(1000))
    return FollowupService(bundle, store, clock=clock, new_id=lambda: next(ids))


async def accept(service: FollowupService, choice: str = "in_3_days") -> list[FollowupReply]:
    session = done_session()
    offer = service.offer(session)
    assert offer is not None and offer.token == offer_token(session)
    return await service.choose_offer("telegram", "u1", offer.token, choice, session, CHAT)


async def test_nothing_is_stored_until_the_offer_is_accepted(bundle: Bundle, tmp_path: Path) -> None:
    service = open_service(bundle, tmp_path / "f.sqlite3", Clock(T0))
    assert service.offer(done_session("emergency")) is None
    assert await service.store.load("telegram", "u1") is None
    replies = await accept(service)
    assert "28 November 2026" in replies[0].text
    assert await service.store.pending_by_day() == [(day_of(T0 + 3 * DAY), 1)]
    again = await accept(service)  # the same offer pressed twice: recorded once
    assert again[0].kind == "stale"
    stored = await service.store.load("telegram", "u1")
    assert stored is not None and len(stored.record.checks) == 1
    assert [e.level for e in await service.store.diary("telegram", "u1")] == ["some"]


async def test_a_due_checkin_is_sent_once_across_restarts(bundle: Bundle, tmp_path: Path) -> None:
    path = tmp_path / "f.sqlite3"
    clock = Clock(T0)
    service = open_service(bundle, path, clock)
    await accept(service)
    outbox = Outbox()
    clock.now = T0 + 2 * DAY
    assert (await Scheduler(service, {"telegram": outbox}, clock).tick()).sent == 0
    await service.store.close()
    clock.now = T0 + 3 * DAY + 60  # restarted three days later
    for _ in range(2):
        service = open_service(bundle, path, clock)
        await Scheduler(service, {"telegram": outbox}, clock).tick()
        await Scheduler(service, {"telegram": outbox}, clock).tick()
        await service.store.close()
    assert len(outbox.sent) == 1
    address, replies = outbox.sent[0]
    assert address == CHAT and replies[0].question == "course" and "3 days ago" in replies[0].text
    assert "later than planned" not in replies[0].text


async def test_a_late_checkin_says_so_and_a_too_late_one_is_dropped_and_told(bundle: Bundle, tmp_path: Path) -> None:
    clock = Clock(T0)
    service = open_service(bundle, tmp_path / "a.sqlite3", clock)
    await accept(service)
    outbox = Outbox()
    clock.now = T0 + 3 * DAY + 5 * 3600
    await Scheduler(service, {"telegram": outbox}, clock).tick()
    assert "later than planned" in outbox.sent[0][1][0].text

    clock.now = T0
    other = open_service(bundle, tmp_path / "b.sqlite3", clock)
    await accept(other)
    clock.now = T0 + 6 * DAY
    tally = await Scheduler(other, {"telegram": outbox}, clock).tick()
    assert (tally.sent, tally.dropped) == (0, 1) and len(outbox.sent) == 1
    told = await other.notices("telegram", "u1")
    assert len(told) == 1 and "28 November 2026 was missed" in told[0].text
    assert await other.notices("telegram", "u1") == []


async def test_nothing_is_sent_at_night(bundle: Bundle, tmp_path: Path) -> None:
    clock = Clock(T0)
    service = open_service(bundle, tmp_path / "f.sqlite3", clock)
    await accept(service)
    outbox = Outbox()
    clock.now = dt.datetime(2026, 11, 28, 23, 0, tzinfo=dt.UTC).timestamp()  # due at 14:30, down till 23:00
    await Scheduler(service, {"telegram": outbox}, clock).tick()
    assert outbox.sent == []
    clock.now = dt.datetime(2026, 11, 29, 9, 0, tzinfo=dt.UTC).timestamp()
    await Scheduler(service, {"telegram": outbox}, clock).tick()
    assert len(outbox.sent) == 1 and "later than planned" in outbox.sent[0][1][0].text


async def test_a_blocked_user_is_cancelled_without_retries(bundle: Bundle, tmp_path: Path) -> None:
    clock = Clock(T0)
    service = open_service(bundle, tmp_path / "f.sqlite3", clock)
    await accept(service)
    outbox = Outbox("blocked")
    clock.now = T0 + 3 * DAY
    tally = await Scheduler(service, {"telegram": outbox}, clock).tick()
    assert tally.cancelled == 1
    clock.now += 10 * DAY
    await Scheduler(service, {"telegram": outbox}, clock).tick()
    assert len(outbox.sent) == 1 and await service.store.pending_by_day() == []
    stored = await service.store.load("telegram", "u1")
    assert stored is not None and stored.record.pending is None and stored.record.conversation is None


async def test_a_failed_send_is_tried_again_after_the_lease_with_the_same_question(bundle: Bundle, tmp_path: Path) -> None:
    clock = Clock(T0)
    service = open_service(bundle, tmp_path / "f.sqlite3", clock)
    await accept(service)
    outbox = Outbox("failed")
    clock.now = T0 + 3 * DAY
    await Scheduler(service, {"telegram": outbox}, clock).tick()
    await Scheduler(service, {"telegram": outbox}, clock).tick()
    assert len(outbox.sent) == 1
    outbox.outcome = "sent"
    clock.now += 301
    await Scheduler(service, {"telegram": outbox}, clock).tick()
    assert len(outbox.sent) == 2 and outbox.sent[1][1][0].question == "course"
    await Scheduler(service, {"telegram": outbox}, clock).tick()
    assert len(outbox.sent) == 2


async def test_the_checkin_answered_through_the_service(bundle: Bundle, tmp_path: Path) -> None:
    clock = Clock(T0)
    service = open_service(bundle, tmp_path / "f.sqlite3", clock)
    await accept(service)
    clock.now = T0 + 3 * DAY
    outbox = Outbox()
    await Scheduler(service, {"telegram": outbox}, clock).tick()
    token = outbox.sent[0][1][0].token
    assert await service.in_checkin("telegram", "u1")
    await service.event("telegram", "u1", Choose(token, "course", "same"))
    await service.event("telegram", "u1", Choose(token, "emergency", "none"))
    await service.event("telegram", "u1", Done(token, "emergency"))
    await service.event("telegram", "u1", Choose(token, "signs", "none"))
    replies = await service.event("telegram", "u1", Done(token, "signs"))
    assert replies[0].reasons == ("persistent",)  # 1-2 weeks + 3 days: past 14 days since onset
    assert not await service.in_checkin("telegram", "u1")
    levels = [e.level for e in await service.store.diary("telegram", "u1")]
    assert levels == ["some", "some"]


async def test_forget_erases_record_diary_and_checkins_from_the_file(bundle: Bundle, tmp_path: Path) -> None:
    path = tmp_path / "f.sqlite3"
    service = open_service(bundle, path, Clock(T0))
    await accept(service)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(Path(f"{path}-wal").stat().st_mode) == 0o600
    raw = b"".join(p.read_bytes() for p in tmp_path.iterdir())
    assert b"1_to_2_weeks" in raw and CHAT.encode() not in raw  # the chat id is sealed
    assert await service.forget("telegram", "u1") >= 3
    await service.store.close()
    raw = b"".join(p.read_bytes() for p in tmp_path.iterdir())
    assert b"1_to_2_weeks" not in raw and b"caffeine" not in raw
    db = sqlite3.connect(path)
    assert [db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("followups", "diary", "checkins")] == [0, 0, 0]


async def test_retention_keeps_data_with_a_pending_checkin(bundle: Bundle, tmp_path: Path) -> None:
    clock = Clock(T0)
    service = open_service(bundle, tmp_path / "f.sqlite3", clock)
    await accept(service, "in_a_week")
    old = DiaryEntry(day=day_of(T0) - 100, level="some")
    stored = await service.store.load("telegram", "u1")
    assert stored is not None
    await service.store.save("telegram", "u1", stored.record, stored.version, entry=old)
    store = SqliteFollowupStore(tmp_path / "f.sqlite3", AddressSeal(SECRET), diary_days=5, clock=clock)
    clock.now = T0 + 6 * DAY
    assert await store.expire(clock.now) == 0  # everything waits for the pending check-in
    assert len(await store.diary("telegram", "u1")) == 2
    with pytest.raises(FollowupConflict):
        await store.save("telegram", "u1", stored.record, stored.version)
    await FollowupService(bundle, store, clock=clock).cancel("telegram", "u1")
    assert await store.expire(clock.now) == 2  # both diary days; the record was touched just now
    assert await store.load("telegram", "u1") is not None
    clock.now += 6 * DAY
    assert await store.expire(clock.now) == 1 and await store.load("telegram", "u1") is None
