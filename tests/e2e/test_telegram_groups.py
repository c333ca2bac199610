"""End-to-end: groups (quick checks, deep links) and untrusted button presses."""

from __future__ import annotations

import pytest

from bot.engine import Bundle
from bot.engine.content import Messages
from bot.engine.quick import quick_check
from bot.engine.result import compact_assumed
from tests.fakes.telegram_server import DEFAULT_GROUP_ID as GROUP

from .conftest import TelegramBot, button, buttons

ANN, BOB = 42, 43
DEEP_LINK = "https://t.me/twitchcheck_bot?start=check"
pytestmark = pytest.mark.filterwarnings("ignore:.*retry_after.*:telegram.warnings.PTBDeprecationWarning")


@pytest.fixture
def m(bundle: Bundle) -> Messages:
    return bundle.content("en").messages


@pytest.mark.parametrize("command", ["/quick", "/quick@twitchcheck_bot"])
async def test_group_quick_replies_compactly_to_the_sender(
    tg: TelegramBot, bundle: Bundle, m: Messages, command: str
) -> None:
    said = "daily for 3 weeks, after coffee, no weakness"
    update = await tg.say(BOB, f"{command} {said}", chat_id=GROUP, chat_type="supergroup")
    reply = tg.last(GROUP)
    assert reply["reply_to_message"]["message_id"] == update["message"]["message_id"]
    assert reply["reply_to_message"]["from"]["id"] == BOB
    expected = quick_check(bundle, "en", said)
    level = m.levels[expected.assessment.level]
    why = m.reasons[expected.assessment.reasons[0]] if expected.assessment.reasons else m.self_care_reason
    assumed = compact_assumed(expected.view)  # what the quick check assumed, in a group too (issue 11)
    assert assumed and assumed[0].startswith(m.result.assumed)
    assert reply["text"] == "\n".join([f"{level.badge} {level.headline}", why, *assumed, f"ℹ️ {m.result.disclaimer}"])
    assert reply["entities"][0]["type"] == "bold"
    assert buttons(reply) == [(m.chat.quick_private_button, DEEP_LINK)]
    assert tg.rows(BOB) == 0  # a quick check stores nothing


async def test_group_quick_with_no_details_gives_no_level(tg: TelegramBot, m: Messages) -> None:
    await tg.say(BOB, "/quick 😀", chat_id=GROUP, chat_type="supergroup")
    text = tg.last(GROUP)["text"]
    assert text.startswith(m.chat.no_details)
    assert not any(level.badge in text for level in m.levels.values())


async def test_group_quick_without_text_explains_usage(tg: TelegramBot, m: Messages) -> None:
    await tg.say(BOB, "/quick@twitchcheck_bot", chat_id=GROUP, chat_type="group")
    assert tg.last(GROUP)["text"] == m.chat.quick_usage


async def test_private_quick_gives_the_full_result(tg: TelegramBot, bundle: Bundle, m: Messages) -> None:
    await tg.say(ANN, "/quick twitching every day for a month, getting worse")
    check = quick_check(bundle, "en", "twitching every day for a month, getting worse")
    texts = [msg["text"] for msg in tg.sent(ANN)]
    assert "\n".join(texts) == check.text
    assert tg.rows(ANN) == 0


@pytest.mark.parametrize("command", ["/check", "/start", "/start@twitchcheck_bot check", "/back"])
async def test_group_check_gives_the_deep_link(tg: TelegramBot, m: Messages, command: str) -> None:
    update = await tg.say(BOB, command, chat_id=GROUP, chat_type="supergroup")
    reply = tg.last(GROUP)
    assert reply["text"] == m.chat.group_check
    assert reply["reply_to_message"]["message_id"] == update["message"]["message_id"]
    assert buttons(reply) == [(m.chat.group_check_button, DEEP_LINK)]
    assert tg.rows(BOB) == 0


async def test_group_chatter_and_other_bots_commands_are_ignored(tg: TelegramBot) -> None:
    await tg.say(BOB, "my knee twitches", chat_id=GROUP, chat_type="supergroup")
    await tg.say(BOB, "/quick@some_other_bot daily", chat_id=GROUP, chat_type="supergroup")
    await tg.say(BOB, "/frobnicate", chat_id=GROUP, chat_type="supergroup")
    assert tg.sent(GROUP) == []


async def test_someone_elses_buttons_are_refused(tg: TelegramBot, m: Messages) -> None:
    await tg.say(ANN, "/start")
    question = tg.last(ANN)
    before = await tg.session(ANN)
    press = await tg.press(BOB, question, button(question, m.options["emergency"]["none"]))
    answer = tg.fake.callback_answers[press["callback_query"]["id"]]
    assert answer["text"] == m.chat.not_your_check and answer["show_alert"] is True
    assert await tg.session(ANN) == before
    assert await tg.session(BOB, ANN) is None
    assert tg.last(ANN) == question  # nothing edited, nothing sent
    assert len(tg.sent(ANN)) == 1


async def test_forged_and_stale_presses_change_nothing(tg: TelegramBot, m: Messages) -> None:
    await tg.say(ANN, "/start")
    await tg.press(ANN, tg.last(ANN), button(tg.last(ANN), m.buttons["emergency"]["bladder_bowel"]))  # a tick
    question = tg.last(ANN)
    real = button(question, m.buttons["emergency"]["cannot_walk"])  # a toggle ("none" answers in one tap)
    kind, owner, nonce, version, q, o = real.split("|")
    forged = [
        "garbage",
        "",
        "a" * 65,
        f"t|{owner}|{nonce}|{version}|{q}|{o}|" + "9" * 60,  # oversize
        f"t|{owner}|{nonce}|{int(version) - 1}|{q}|{o}",  # an older version
        f"t|{owner}|{nonce}|{int(version) + 1}|{q}|{o}",  # a newer one
        f"t|{owner}|deadbeef|{version}|{q}|{o}",  # another check
        f"t|{owner}|{nonce}|{version}|{q}|99",  # no such option
        f"t|{owner}|{nonce}|{version}|77|{o}",  # no such question
        f"a|{owner}|{nonce}|{version}|1|0",  # another question than the one asked
        f"a|{owner}|{nonce}|{version}|{q}",  # answer without option
        f"d|{owner}|{nonce}|{version}|{q}|{o}",  # done with an option
        f"t|{owner}|{nonce}|{version}|{q}|{o}\n",
        f"t|{owner}|{nonce}|{version}|{q}|٣",  # a non-ASCII digit
    ]
    before = await tg.session(ANN)
    sent_before = tg.sent(ANN)
    presses = [tg.fake.user_press(ANN, question, data, check_button=False) for data in forged]
    await tg.settle()
    for press in presses:
        answer = tg.fake.callback_answers[press["callback_query"]["id"]]
        assert answer.get("show_alert") is True, (press["callback_query"]["data"], answer)
        assert answer["text"] == m.chat.expired_button, press["callback_query"]["data"]
    after = await tg.session(ANN)
    assert after is not None and before is not None
    assert after.model_dump(exclude={"updated_at"}) == before.model_dump(exclude={"updated_at"})
    assert tg.sent(ANN) == sent_before
    assert not tg.fake._open_queries
