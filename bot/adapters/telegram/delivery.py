"""Showing engine replies in a chat, and retiring the keyboard of the question answered.

At most one message per session has live buttons (remembered in `Deps.live`, in memory).
When a new reply comes, that message is edited first: to show the answer given, or just
to drop its buttons; then the replies are sent as new messages.
"""

from __future__ import annotations

import logging
from html import escape

from telegram import Bot, InlineKeyboardMarkup, Message
from telegram.constants import ParseMode
from telegram.error import TelegramError

from bot.adapters.telegram.deps import Deps, Live
from bot.adapters.telegram.keyboards import question_keyboard
from bot.adapters.telegram.render import html_chunks
from bot.engine.replies import QuestionReply, Reply, ResultReply
from bot.engine.session import Session
from bot.stores import SessionKey

log = logging.getLogger(__name__)


async def send_html(
    bot: Bot, chat_id: int, text: str, bold: str | None = None, markup: InlineKeyboardMarkup | None = None,
    reply_to: int | None = None,
) -> tuple[Message, str]:
    """Send `text` (plain, escaped here) in as many messages as needed; markup on the last."""
    chunks = html_chunks(text, bold)
    sent: Message | None = None
    for i, chunk in enumerate(chunks):
        last = i == len(chunks) - 1
        sent = await bot.send_message(
            chat_id, chunk, parse_mode=ParseMode.HTML, reply_markup=markup if last else None,
            reply_to_message_id=reply_to if i == 0 else None,
        )
    assert sent is not None
    return sent, chunks[-1]


async def retire(deps: Deps, bot: Bot, live: Live, session: Session) -> None:
    """Edit a question message that is no longer current: show its answer, drop its buttons."""
    m = deps.messages(session.locale)
    answer = session.answers.get(live.question)
    try:
        if answer is not None and session.question != live.question:
            got = escape(m.chat.got_it.format(answer=m.answer_summary(live.question, answer)))
            await bot.edit_message_text(f"{live.html}\n\n{got}", live.chat_id, live.message_id,
                                        parse_mode=ParseMode.HTML)
        else:
            await bot.edit_message_reply_markup(live.chat_id, live.message_id, reply_markup=None)
    except TelegramError as exc:  # cosmetic: the buttons are stale anyway (version check)
        log.info("telegram: could not retire a keyboard (%s)", type(exc).__name__)


async def show(
    deps: Deps, bot: Bot, chat_id: int, key: SessionKey, owner: str, session: Session, replies: list[Reply],
    pressed: Live | None = None,
) -> None:
    """Retire the live keyboard (the pressed one, else the remembered one), then send replies."""
    if not replies:
        return
    live = pressed or deps.live.pop(str(key))
    if pressed is not None:
        deps.live.pop(str(key))
    if live is not None:
        await retire(deps, bot, live, session)
    m = deps.messages(session.locale)
    for reply in replies:
        if isinstance(reply, QuestionReply):
            markup = question_keyboard(deps.bundle, m, reply, owner, session.nonce, session.version)
            sent, html = await send_html(bot, chat_id, reply.text, markup=markup)
            deps.live.put(str(key), Live(chat_id, sent.message_id, reply.question, html))
        elif isinstance(reply, ResultReply):
            await send_html(bot, chat_id, reply.text, bold=reply.view.headline)
        else:
            await send_html(bot, chat_id, reply.text)


async def refresh(deps: Deps, bot: Bot, live: Live, key: SessionKey, owner: str, session: Session,
                  reply: QuestionReply) -> None:
    """A toggle: redraw the keyboard of the pressed message in place."""
    m = deps.messages(session.locale)
    markup = question_keyboard(deps.bundle, m, reply, owner, session.nonce, session.version)
    await bot.edit_message_reply_markup(live.chat_id, live.message_id, reply_markup=markup)
    deps.live.put(str(key), live)
