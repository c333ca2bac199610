"""Telegram delivers an update again after the bot has already replied (its 200 was lost):
nothing is shown twice and no button goes dead (issue 13). The stand-in redelivers each
update, same id, right after the bot has answered it."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from bot.engine import Bundle
from bot.engine.content import Messages

from .conftest import TelegramBot, button

ANN = 4242
pytestmark = pytest.mark.filterwarnings("ignore:.*retry_after.*:telegram.warnings.PTBDeprecationWarning")


@pytest.fixture
def m(bundle: Bundle) -> Messages:
    return bundle.content("en").messages


async def twice(tg: TelegramBot, update: dict[str, Any]) -> None:
    """Let the bot answer `update`, then deliver the very same update once more."""
    await tg.settle()
    tg.fake.queue_update(copy.deepcopy(update))
    await tg.settle()


async def test_each_update_delivered_twice_the_check_still_shows_everything_once(tg: TelegramBot,
                                                                                m: Messages) -> None:
    await twice(tg, tg.fake.user_text(ANN, "/start"))
    steps = [("emergency", "none"), ("frequency", "daily"), ("duration", "more_than_2_weeks"),  # "none": one tap
             ("course", "same"), ("triggers", "caffeine"), ("triggers", None), ("symptoms", "none")]
    for qid, option in steps:
        current = tg.last(ANN)
        label = m.options[qid][option] if option else m.chat.done_button
        await twice(tg, tg.fake.user_press(ANN, current, button(current, label)))
    # every step shown: sent, or edited into the pressed message (a press moves the check on in place)
    texts = [c.params["text"] for method in ("sendMessage", "editMessageText")
             for c in tg.fake.calls_of(method, ok=True) if c.params.get("chat_id") == ANN]
    questions = [t for t in texts if any(m.questions[q].prompt in t for q in m.questions)]
    assert len(questions) == len(set(questions)) == 6  # each question shown once
    assert sum("ℹ️" in t for t in texts) == 1  # the result once
    assert not any(m.chat.expired_button == c.params.get("text") for c in tg.fake.calls_of("answerCallbackQuery"))
    session = await tg.session(ANN)
    assert session is not None and session.status == "done"
