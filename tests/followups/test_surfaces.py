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
from tests.followups.given import ANSWERS

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
