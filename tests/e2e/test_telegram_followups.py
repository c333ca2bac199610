"""End to end through the Telegram stand-in: a check ending in self-care, "check in in 3 days",
the bot restarted with its clock 3 days ahead (an injected clock) sending the check-in exactly
once, and the answers judged: same past 14 days since onset -> persistent, worse -> worsening,
gone -> a kind close and nothing more. Then /log, /history (a photo) and /summary (a PDF)."""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from bot.adapters.telegram.followups import telegram_senders
from bot.engine import Bundle
from bot.engine.content import Messages
from bot.followups.address import AddressSeal
from bot.followups.chart import HEIGHT_PX, WIDTH_PX, png_size
from bot.followups.sending import checkins_sent
from bot.followups.service import FollowupService
from bot.service import CheckService
from bot.stores.followups_sqlite import SqliteFollowupStore
from bot.stores.sqlite_store import SqliteStore
from tests.fakes.telegram_server import FakeBotAPI
from tests.followups.given import DAY, T0, Clock

from .conftest import TG_SECRET, TelegramBot, button, buttons

pytestmark = pytest.mark.filterwarnings("ignore:.*retry_after.*:telegram.warnings.PTBDeprecationWarning")
ANN, BOB, CAT = 501, 502, 503



class FollowupBot(TelegramBot):
    """The conftest's bot with follow-ups on, an injected clock, and the check-in sender."""

    def __init__(self, fake: FakeBotAPI, bundle: Bundle, tmp_path: Path, clock: Clock) -> None:
        super().__init__(fake, bundle, tmp_path)
        self.clock = clock
        self.followups_db = tmp_path / "followups.sqlite3"
        self.sending = contextlib.AsyncExitStack()

    async def start(self) -> Any:
        from bot.adapters.telegram import build_application

        self.store = await SqliteStore(self.db, clock=self.clock).open()
        fstore = SqliteFollowupStore(self.followups_db, AddressSeal(TG_SECRET.encode()), clock=self.clock)
        followups = FollowupService(self.bundle, fstore, clock=self.clock)
        service = CheckService(self.bundle, self.store, clock=self.clock, followups=followups)
        app = build_application(self.settings, service, retry_delay=0.05)
        await app.initialize()
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0, timeout=1)
        self.app = app
        await self.sending.enter_async_context(checkins_sent(followups, telegram_senders(app), interval=0.05))
        return app

    async def stop(self) -> None:
        await self.sending.aclose()
        await super().stop()


def files(fake: FakeBotAPI) -> dict[str, list[dict[str, Any]]]:
    """sendPhoto and sendDocument, which the stand-in learns here (its `register` seam)."""
    got: dict[str, list[dict[str, Any]]] = {"sendPhoto": [], "sendDocument": []}

    def handler(method: str) -> Any:
        async def handle(params: dict[str, Any]) -> dict[str, Any]:
            got[method].append(params)
            chat = int(params["chat_id"])
            return {"message_id": 10_000 + len(got[method]), "date": 0, "chat": {"id": chat, "type": "private"},
                    "caption": params.get("caption", "")}
        return handle

    for method in got:
        fake.register(method, handler(method))
    return got


@pytest.fixture
def m(bundle: Bundle) -> Messages:
    return bundle.content("en").messages


async def check(tg: FollowupBot, user: int, m: Messages, duration: str) -> None:
    """A whole check by buttons, ending in self-care."""
    await tg.say(user, "/start")
    await tg.press(user, tg.last(user), button(tg.last(user), m.options["emergency"]["none"]))  # one tap
    for qid, option in (("frequency", "daily"), ("duration", duration), ("course", "same")):
        await tg.press(user, tg.last(user), button(tg.last(user), m.options[qid][option]))
    await tg.press(user, tg.last(user), button(tg.last(user), m.options["triggers"]["caffeine"]))
    await tg.press(user, tg.last(user), button(tg.last(user), m.chat.done_button))
    await tg.press(user, tg.last(user), button(tg.last(user), m.options["symptoms"]["none"]))  # one tap


def checkins(tg: FollowupBot, user: int, m: Messages) -> list[dict[str, Any]]:
    opening = m.followups.checkin.opening.split("{")[0]
    return [msg for msg in tg.sent(user) if msg["text"].startswith(opening)]


async def answer(tg: FollowupBot, user: int, m: Messages, course: str) -> dict[str, Any]:
    c = m.followups.checkin
    await tg.press(user, tg.last(user), button(tg.last(user), c.options["course"][course]))
    for _ in ("emergency", "signs"):
        await tg.press(user, tg.last(user), button(tg.last(user), c.none_label))
        await tg.press(user, tg.last(user), button(tg.last(user), m.chat.done_button))
    return tg.last(user)


async def test_a_checkin_three_days_later_sent_once_after_a_restart_and_judged(
        tg_fake: FakeBotAPI, bundle: Bundle, tmp_path: Path, m: Messages) -> None:
    clock = Clock(T0)
    tg = FollowupBot(tg_fake, bundle, tmp_path, clock)
    await tg.start()
    try:
        for user, duration in ((ANN, "1_to_2_weeks"), (BOB, "less_than_1_week"), (CAT, "less_than_1_week")):
            await check(tg, user, m, duration)
            offer = tg.last(user)
            assert offer["text"] == m.followups.offer.prompt
            assert [t for t, _ in buttons(offer)] == list(m.followups.offer.choices.values())
            await tg.press(user, offer, button(offer, m.followups.offer.choices["in_3_days"]))
            assert "I'll check in with you here on 28 November 2026" in tg.last(user)["text"]
        await asyncio.sleep(0.3)  # the sender ticks: nothing is due yet
        assert all(checkins(tg, u, m) == [] for u in (ANN, BOB, CAT))
    finally:
        await tg.stop()

    clock.now = T0 + 3 * DAY + 120  # the bot is back three days later
    for _ in range(2):  # ... and restarted once more: still one check-in each
        await tg.start()
        try:
            await tg_fake.wait_for("sendMessage", lambda c: c.params.get("chat_id") == CAT, ok=True, timeout=10) \
                if not checkins(tg, CAT, m) else None
            await asyncio.sleep(0.3)
            await tg.settle()
        finally:
            await tg.stop()
    for user in (ANN, BOB, CAT):
        [sent] = checkins(tg, user, m)
        assert "3 days ago" in sent["text"] and m.followups.checkin.questions["course"] in sent["text"]

    await tg.start()
    try:
        same = await answer(tg, ANN, m, "same")  # 1-2 weeks + 3 days: past 14 days since onset
        assert m.levels["see_doctor"].headline in same["text"] or m.levels["see_doctor"].headline in \
            tg.sent(ANN)[-2]["text"]
        verdict = next(msg for msg in reversed(tg.sent(ANN)) if m.followups.checkin.advice_intro in msg["text"])
        assert m.followups.reasons["persistent"] in verdict["text"]
        assert m.followups.reasons["worsening"] not in verdict["text"]

        await answer(tg, BOB, m, "worse")  # under a week + 3 days: not persistent, but worse
        verdict = next(msg for msg in reversed(tg.sent(BOB)) if m.followups.checkin.advice_intro in msg["text"])
        assert m.levels["see_doctor"].headline in verdict["text"]
        assert m.followups.reasons["worsening"] in verdict["text"]
        assert m.followups.reasons["persistent"] not in verdict["text"]

        closed = await answer(tg, CAT, m, "gone")
        assert closed["text"].startswith(m.followups.checkin.closed) and buttons(closed) == []
        count = len(tg.sent(CAT))
        clock.now += 10 * DAY
        await asyncio.sleep(0.3)
        await tg.settle()
        assert len(tg.sent(CAT)) == count  # closed: no further message
    finally:
        await tg.stop()


async def test_log_history_and_summary(tg_fake: FakeBotAPI, bundle: Bundle, tmp_path: Path, m: Messages) -> None:
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext (poppler-utils) is needed: apt-get install poppler-utils")
    got = files(tg_fake)
    clock = Clock(T0)
    tg = FollowupBot(tg_fake, bundle, tmp_path, clock)
    await tg.start()
    try:
        await tg.say(ANN, "/summary")
        assert tg.last(ANN)["text"] == m.followups.summary.empty
        await tg.say(ANN, "/log")
        prompt = tg.last(ANN)
        assert [t for t, _ in buttons(prompt)] == list(m.followups.diary.levels.values())
        await tg.press(ANN, prompt, button(prompt, m.followups.diary.levels["some"]))
        await tg.press(ANN, tg.last(ANN), button(tg.last(ANN), m.options["triggers"]["stress"]))
        await tg.press(ANN, tg.last(ANN), button(tg.last(ANN), m.chat.done_button))
        assert "Logged for 25 November 2026: Some (Stress or anxiety)" in tg.last(ANN)["text"]

        await tg.say(ANN, "/history")
        [photo] = got["sendPhoto"]
        assert png_size(photo["photo"]["data"]) == (WIDTH_PX, HEIGHT_PX)
        assert m.followups.history.title.format(days="14 days") in photo["caption"]

        await check(tg, ANN, m, "1_to_2_weeks")
        await tg.press(ANN, tg.last(ANN), button(tg.last(ANN), m.followups.offer.choices["in_a_week"]))
        await tg.say(ANN, "/summary")
        [document] = got["sendDocument"]
        pdf = tmp_path / "summary.pdf"
        pdf.write_bytes(document["document"]["data"])
        text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                                       check=True).stdout.split())
        for expected in ("How long: 1 to 2 weeks", "How often: Every day", m.self_care_reason.split(",")[0]):
            assert expected in text, expected
        summary_message = next(msg for msg in tg.sent(ANN) if msg["text"].startswith(m.followups.summary.title))
        assert "How long: 1 to 2 weeks" in summary_message["text"]

        await tg.say(ANN, "/forget")
        tg.store_rows = 0
    finally:
        await tg.stop()
    import sqlite3

    with sqlite3.connect(tmp_path / "followups.sqlite3") as db:
        assert [db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("followups", "diary", "checkins")] \
            == [0, 0, 0]


async def test_a_blocked_user_has_their_checkin_cancelled(tg_fake: FakeBotAPI, bundle: Bundle, tmp_path: Path,
                                                          m: Messages) -> None:
    clock = Clock(T0)
    tg = FollowupBot(tg_fake, bundle, tmp_path, clock)
    await tg.start()
    try:
        await check(tg, ANN, m, "less_than_1_week")
        await tg.press(ANN, tg.last(ANN), button(tg.last(ANN), m.followups.offer.choices["in_3_days"]))
        tg_fake.block(ANN)
        clock.now = T0 + 3 * DAY
        await tg_fake.wait_for("sendMessage", lambda c: c.params.get("chat_id") == ANN and not c.ok, timeout=10)
        clock.now += 1000
        await asyncio.sleep(0.3)
        failed = [c for c in tg.calls("sendMessage", ANN) if not c.ok]
        assert len(failed) == 1  # cancelled: no retry loop
        assert tg.followups_db.exists()
        import sqlite3

        with sqlite3.connect(tg.followups_db) as db:
            assert db.execute("SELECT count(*) FROM checkins").fetchone()[0] == 0
    finally:
        await tg.stop()
