"""The console's /log, /history and /summary, and `twitchcheck checkins` (counts, no user data)."""

from __future__ import annotations

import asyncio
import io
import subprocess
import sys
from pathlib import Path

from bot.adapters.console import ConsoleChat
from bot.engine import Bundle, Session
from bot.followups.address import AddressSeal
from bot.followups.service import FollowupService, offer_token
from bot.service import CheckService
from bot.stores.base import SessionKey
from bot.stores.followups_sqlite import SqliteFollowupStore
from bot.stores.memory_store import MemoryStore
from tests.followups.given import ANSWERS, DAY, T0, Clock

ROOT = Path(__file__).resolve().parents[2]


async def test_console_log_history_and_summary(bundle: Bundle, tmp_path: Path) -> None:
    followups = FollowupService(bundle, SqliteFollowupStore(tmp_path / "f.sqlite3", AddressSeal(b"s")))
    service = CheckService(bundle, MemoryStore(), followups=followups)
    out = io.StringIO()
    chat = ConsoleChat(service, SessionKey("console", "me"), out, jsonl=False, locale="en")
    f = bundle.content("en").messages.followups
    await chat.say("/summary")
    assert f.summary.empty in out.getvalue()
    await chat.say("/history")
    assert f.history.empty in out.getvalue()
    await chat.say("/log")
    assert "  3. Some" in out.getvalue()
    await chat.say("3")
    assert f.diary.triggers_prompt in out.getvalue()
    await chat.say("3,4")  # coffee and stress, then done
    assert "Some (Coffee, energy drinks or other stimulants, Stress or anxiety)" in out.getvalue()
    await chat.say("/history")
    assert out.getvalue().rstrip().endswith(f.history.legend)
    assert "·············▅" in out.getvalue()
    await chat.say("/forget")
    assert await followups.store.diary("console", "me") == ()


def test_checkins_command_counts_by_day_and_prints_no_user_data(bundle: Bundle, tmp_path: Path) -> None:
    secret = "cli-secret"
    store = SqliteFollowupStore(tmp_path / "data" / "followups.sqlite3", AddressSeal(secret.encode()),
                                clock=lambda: 1_800_000_000.0)
    service = FollowupService(bundle, store, clock=lambda: 1_800_000_000.0)
    for user in ("alice-hash", "bob-hash"):
        session = Session(status="done", answers=ANSWERS, result_level="self_care", nonce="n", version=3)
        asyncio.run(service.choose_offer("telegram", user, offer_token(session), "in_a_week", session, "12345"))
    asyncio.run(store.close())
    env = {"PATH": "/usr/bin:/bin", "TWITCHCHECK_DATA_DIR": str(tmp_path / "data"), "TWITCHCHECK_ID_SECRET": secret}
    result = subprocess.run([sys.executable, "-m", "bot", "checkins"], capture_output=True, text=True, cwd=tmp_path,
                            env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["2027-01-22  2", "total  2"]
    assert "hash" not in result.stdout and "12345" not in result.stdout


async def answer_check(chat: ConsoleChat) -> None:
    """Answer every question of a check by its option numbers, as a person types them."""
    while chat.last is not None:
        ids = [o.id for o in chat.last.options]
        wanted = ANSWERS.get(chat.last.question) or ("none",)
        await chat.say(",".join(str(ids.index(w) + 1) for w in wanted))


async def test_console_offers_a_checkin_and_asks_it_at_the_next_start_once_due(bundle: Bundle, tmp_path: Path) -> None:
    clock = Clock(T0)
    followups = FollowupService(bundle, SqliteFollowupStore(tmp_path / "f.sqlite3", AddressSeal(b"s"), clock=clock),
                                clock=clock)
    service = CheckService(bundle, MemoryStore(), clock=clock, followups=followups)
    f = bundle.content("en").messages.followups
    out = io.StringIO()
    chat = ConsoleChat(service, SessionKey("console", "me"), out, jsonl=False, locale="en")
    await chat.begin(new=True)
    await answer_check(chat)
    shown = out.getvalue()
    assert f.offer.prompt in shown and "  1. In 3 days" in shown and f.offer.console_note in shown
    await chat.say("1")
    assert "Okay, I'll check in with you here on" in out.getvalue()

    clock.now = T0 + 2 * DAY  # not yet due: the chat starts as usual
    early = io.StringIO()
    await ConsoleChat(service, SessionKey("console", "me"), early, jsonl=False, locale="en").begin(new=False)
    assert "Hi, it's TwitchCheck" not in early.getvalue()

    clock.now = T0 + 3 * DAY + 60
    back = io.StringIO()
    again = ConsoleChat(service, SessionKey("console", "me"), back, jsonl=False, locale="en")
    await again.begin(new=False)
    assert back.getvalue().startswith("Hi, it's TwitchCheck. 3 days ago")
    assert f.checkin.questions["course"] in back.getvalue() and "  3. Worse" in back.getvalue()
    await again.say("3")  # worse
    await answer_rest(again, back)
    assert "worse" in back.getvalue().lower() and bundle.content("en").messages.result.why in back.getvalue()

    later = io.StringIO()
    await ConsoleChat(service, SessionKey("console", "me"), later, jsonl=False, locale="en").begin(new=False)
    assert "Hi, it's TwitchCheck" not in later.getvalue()  # asked once


async def answer_rest(chat: ConsoleChat, out: io.StringIO) -> None:
    """The check-in's other questions: "None of these" wherever it is offered."""
    for _ in range(4):
        last = out.getvalue().rstrip().splitlines()
        numbered = [line for line in last[-8:] if line.strip().endswith("None of these")]
        if not numbered:
            return
        await chat.say(numbered[-1].strip().split(".")[0])


def test_checkins_command_with_redis_down_is_one_line(tmp_path: Path) -> None:
    from tests.redis_server import free_port

    env = {"PATH": "/usr/bin:/bin", "TWITCHCHECK_DATA_DIR": str(tmp_path / "data"), "TWITCHCHECK_ID_SECRET": "s",
           "TWITCHCHECK_STORE_URL": f"redis://127.0.0.1:{free_port()}/0"}
    result = subprocess.run([sys.executable, "-m", "bot", "checkins"], capture_output=True, text=True, cwd=tmp_path,
                            env=env, timeout=60)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        "error: TWITCHCHECK_STORE_URL: cannot reach the store (ConnectionError); is it running?"]
