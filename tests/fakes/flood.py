"""The flood of issue 17, against a real bot process and the stand-in with Telegram's limits.

While 20 people do a check by buttons, one private chat sends 600 messages in 10 s and one
group sends 200 `/quick twitching daily`. Used by tests/e2e/test_telegram_flood.py and by
the benchmark (bench/flood_bench.py): `FloodBot` runs `python -m bot run` (polling, SQLite)
against an `InboxAPI` with `TelegramLimits` installed; `good_users` and `flood` drive it.
"""

from __future__ import annotations

import asyncio
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import TracebackType
from typing import Any

from tests.fakes.inbox import InboxAPI, has_keyboard, is_result
from tests.fakes.telegram_limits import TelegramLimits
from tests.fakes.telegram_server import TOKEN

ROOT = Path(__file__).resolve().parents[2]
ID_SECRET = "flood-test-secret"
GOOD = range(1001, 1021)
FLOODER = 666
GROUP = -1_009_999_000_001
FLOOD_MESSAGES, GROUP_COMMANDS, FLOOD_SECONDS = 600, 200, 10.0


class FloodBot:
    """`twitchcheck run` (Telegram by polling, SQLite in a temporary directory) on `api`."""

    def __init__(self, api: InboxAPI, **env: str) -> None:
        self.api = api
        self.tmp = tempfile.TemporaryDirectory()
        self.env = {**os.environ, "PYTHONPATH": str(ROOT), "TELEGRAM_BOT_TOKEN": TOKEN,
                    "TELEGRAM_BASE_URL": api.base_url, "TWITCHCHECK_ID_SECRET": ID_SECRET,
                    "TWITCHCHECK_DATA_DIR": self.tmp.name, "TWITCHCHECK_LOG_LEVEL": "WARNING", **env}
        for name in ("DISCORD_BOT_TOKEN", "TWITCHCHECK_STORE_URL", "TELEGRAM_WEBHOOK_URL"):
            self.env.pop(name, None)
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def db(self) -> Path:
        return Path(self.tmp.name) / "twitchcheck.sqlite3"

    async def __aenter__(self) -> FloodBot:
        self.proc = subprocess.Popen([sys.executable, "-m", "bot", "run"], cwd=self.tmp.name, env=self.env,
                                     stdin=subprocess.DEVNULL)
        await self.api.wait_for("getUpdates", timeout=60)
        return self

    async def terminate(self) -> float:
        """SIGTERM; the seconds until the process ended (it must exit 0)."""
        assert self.proc is not None
        t0 = time.perf_counter()
        self.proc.send_signal(signal.SIGTERM)
        code = await asyncio.to_thread(self.proc.wait, 60)
        assert code == 0, f"the bot exited {code}"
        return time.perf_counter() - t0

    async def __aexit__(self, et: type[BaseException] | None, e: BaseException | None,
                        tb: TracebackType | None) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.tmp.cleanup()


async def good_user(api: InboxAPI, uid: int, latencies: list[float], think: float = 2.0,
                    timeout: float = 90.0) -> bool:
    """A person doing a check by buttons, thinking about `think` s each time; True once a result came.

    Latency: from the press (or /start) to the first reply in the chat (an edit or a message).
    A several-choice question: tick "None ..." (the keyboard is redrawn), then press Done.
    """
    rng = random.Random(uid)
    inbox = api.inbox[uid]

    async def answer(update: Any, toggle: bool = False) -> dict[str, Any] | None:
        sent, first = time.perf_counter(), True
        while True:
            call = await asyncio.wait_for(inbox.get(), timeout)
            if first:
                latencies.append(time.perf_counter() - sent)
                first = False
            result = call.result if isinstance(call.result, dict) else None
            # a press edits the pressed message into the next step; a toggle redraws its keyboard
            if result is None or (call.method not in ("sendMessage", "editMessageText") and not toggle):
                continue
            message = api.message(uid, result["message_id"]) or result
            if is_result(message):
                return None
            if has_keyboard(message):
                return message

    message = await answer(api.user_text(uid, "/start"))
    while message is not None:
        await asyncio.sleep(think * rng.uniform(0.75, 1.25))
        buttons = [(str(b["text"]), str(b["callback_data"])) for row in message["reply_markup"]["inline_keyboard"]
                   for b in row if "callback_data" in b and not str(b["text"]).startswith("⬅")]
        done = [d for t, d in buttons if "Done" in t]
        if not done:
            message = await answer(api.user_press(uid, message, rng.choice(buttons)[1]))
        elif any(t.startswith("✅") for t, _ in buttons):
            message = await answer(api.user_press(uid, message, done[0]))
        else:
            none = [d for t, d in buttons if t.startswith("None")] or [buttons[0][1]]
            message = await answer(api.user_press(uid, message, none[0]), toggle=True)
    return True


async def flood(api: InboxAPI, seconds: float = FLOOD_SECONDS, private: int = FLOOD_MESSAGES,
                group: int = GROUP_COMMANDS) -> None:
    """`private` messages from one chat and `group` /quick in one group, spread over `seconds`."""
    events = [(i * seconds / private, "p", i) for i in range(private)]
    events += [(i * seconds / group, "g", i) for i in range(group)]
    t0 = time.perf_counter()
    for at, kind, i in sorted(events):
        if (wait := t0 + at - time.perf_counter()) > 0:
            await asyncio.sleep(wait)
        if kind == "p":
            api.user_text(FLOODER, f"spam spam {i}")
        else:
            api.user_text(2000 + i % 7, "/quick twitching daily", chat_id=GROUP, chat_type="supergroup")


async def quiet(api: InboxAPI, chats: tuple[int, ...], for_seconds: float = 4.0, timeout: float = 90) -> None:
    """Return once no message went to `chats` for `for_seconds` (their queues are drained)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        last = max((c.time for c in api.calls if c.params.get("chat_id") in chats), default=0.0)
        if time.time() - last >= for_seconds:
            return
        await asyncio.sleep(0.5)
    raise TimeoutError("the flooded chats never went quiet")


def p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.99 * (len(ordered) - 1))))]


async def run_good_users(api: InboxAPI, timeout: float = 90.0) -> tuple[int, list[float]]:
    latencies: list[float] = []
    results = await asyncio.gather(*(good_user(api, uid, latencies, timeout=timeout) for uid in GOOD),
                                   return_exceptions=True)
    return sum(r is True for r in results), latencies


async def measure(limits: TelegramLimits, api: InboxAPI) -> dict[str, Any]:
    """Good users alone, then with the flood: the figures of issue 17 (bot already running)."""
    finished0, alone = await run_good_users(api)
    for uid in GOOD:  # a fresh inbox for the second round
        api.inbox[uid] = asyncio.Queue()
    t0 = time.time()
    flooding = asyncio.create_task(flood(api))
    finished, flooded = await run_good_users(api)
    await flooding
    await quiet(api, (FLOODER, GROUP))
    return {"finished_alone": finished0, "finished_flooded": finished,
            "p99_alone_s": p99(alone), "p99_flooded_s": p99(flooded),
            "flooder_messages_first_minute": limits.messages_to(FLOODER, t0, t0 + 60),
            "group_messages_first_minute": limits.messages_to(GROUP, t0, t0 + 60),
            "max_sends_in_one_second": limits.max_in_one_second(), "refused_429": len(limits.refused),
            "refused_by": sorted({(m, c == FLOODER, c == GROUP) for _, m, c in limits.refused})}
