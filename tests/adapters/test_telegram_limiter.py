"""The outgoing limiter and the fair processor, on their own (no network: PTB's seams called directly)."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from telegram import Chat, Message, Update, User
from telegram.error import RetryAfter

from bot.adapters.telegram.limiter import Dropped, TelegramLimiter
from bot.adapters.telegram.processing import Outcome, PerChatUpdateProcessor


async def send(limiter: TelegramLimiter, chat: int, log: list[tuple[int, float]],
               fail: dict[int, int] | None = None, endpoint: str = "sendMessage") -> Any:
    async def callback() -> dict[str, Any]:
        if fail and fail.get(chat, 0) > 0:
            fail[chat] -= 1
            raise RetryAfter(2)
        log.append((chat, time.monotonic()))
        return {}
    return await limiter.process_request(callback, (), {}, endpoint, {"chat_id": chat}, None)


async def test_a_429_for_one_chat_delays_only_that_chat() -> None:
    limiter, log = TelegramLimiter(overall=30), []
    t0 = time.monotonic()
    await asyncio.gather(send(limiter, 1, log, fail={1: 1}), *(send(limiter, c, log) for c in range(2, 6)))
    when = {chat: at - t0 for chat, at in log}
    assert when[1] >= 2.0  # waited out its retry_after
    assert all(when[c] < 0.5 for c in range(2, 6))  # the others went at once


async def test_a_chat_gets_a_burst_of_three_then_one_a_second_and_edits_are_not_messages() -> None:
    limiter, log = TelegramLimiter(overall=30), []
    t0 = time.monotonic()
    await asyncio.gather(*(send(limiter, 7, log, endpoint="editMessageText") for _ in range(5)))
    assert time.monotonic() - t0 < 0.5
    await asyncio.gather(*(send(limiter, 7, log) for _ in range(4)))
    assert time.monotonic() - t0 >= 2.9  # the fourth message waited for the window to move


async def test_overall_budget_is_strict_and_shutdown_drops_long_waits() -> None:
    limiter, log = TelegramLimiter(overall=5), []
    t0 = time.monotonic()
    await asyncio.gather(*(send(limiter, c, log, endpoint="answerCallbackQuery") for c in range(10)))
    times = sorted(at - t0 for _, at in log)
    assert all(sum(1 for u in times if t <= u < t + 1.0) <= 5 for t in times)
    limiter.stop()
    await asyncio.gather(*(send(limiter, 9, log) for _ in range(3)))
    try:
        await send(limiter, 9, log)  # a fourth message would wait ~3 s: dropped
    except Dropped:
        pass
    else:
        raise AssertionError("a long wait at shutdown was not dropped")


def message(chat_id: int, text: str, kind: str = "private") -> Update:
    user = User(id=abs(chat_id) % 1000 + 1, first_name="A", is_bot=False)
    chat = Chat(id=chat_id, type=kind)
    return Update(update_id=1, message=Message(message_id=1, date=None, chat=chat, from_user=user,  # type: ignore[arg-type]
                                               text=text))


async def test_a_busy_chat_queues_a_few_a_group_one_command_a_window_others_run_meanwhile() -> None:
    processor = PerChatUpdateProcessor(2, backlog=3, group_window=60.0)
    gate, ran = asyncio.Event(), []

    async def work(tag: str) -> None:
        ran.append(tag)
        if tag.startswith("busy"):
            await gate.wait()

    busy = [asyncio.create_task(processor.run(message(5, "x"), work(f"busy{i}"))) for i in range(6)]
    group = [asyncio.create_task(processor.run(message(-9, "/quick daily", "group"), work(f"g{i}")))
             for i in range(4)]
    other = asyncio.create_task(processor.run(message(6, "y"), work("other")))
    assert await other == Outcome.DONE  # not held up by the busy chat
    gate.set()
    outcomes = [await t for t in busy]
    assert outcomes.count(Outcome.DONE) == 3 and outcomes.count(Outcome.DROPPED) == 3
    assert [await t for t in group].count(Outcome.DONE) == 1
    assert [t for t in ran if t.startswith("busy")] == ["busy0", "busy1", "busy2"]  # in order
