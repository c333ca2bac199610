"""Showing engine replies in a chat, and retiring the keyboard of the question answered.

At most one message per session has live buttons. Which one is kept in the session itself
(`Session.keyboard`), so any worker, after any restart, can retire it: when a new reply
comes, that message is edited first (to show the answer given, or just to drop its
buttons), then the replies are sent as new messages.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from html import escape

from telegram import Bot, InlineKeyboardMarkup, Message
from telegram.constants import ParseMode
from telegram.error import TelegramError

from bot.adapters.telegram.deps import Deps
from bot.adapters.telegram.keyboards import question_keyboard
from bot.adapters.telegram.render import html_chunks
from bot.engine.replies import QuestionReply, Reply, ResultReply
from bot.engine.session import Keyboard, Session
from bot.stores.base import SessionKey

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Live:
    """The one message of a session whose keyboard still works (its text as sent, in HTML)."""

    chat_id: int
    message_id: int
    question: str
    html: str

    def keyboard(self) -> Keyboard:
        return Keyboard(message=f"{self.chat_id}:{self.message_id}", question=self.question, text=self.html)

    @classmethod
    def of(cls, keyboard: Keyboard | None) -> Live | None:
        """The live message a session names; None for none (or a reference not ours)."""
        if keyboard is None:
            return None
        chat, _, message = keyboard.message.partition(":")
        try:
            return cls(int(chat), int(message), keyboard.question, keyboard.text)
        except ValueError:
            return None


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
    """Retire the live keyboard (the pressed one, else the session's), send the replies, and
    keep the new live keyboard in the session."""
    if not replies:
        return
    live = pressed or Live.of(session.keyboard)
    if live is not None:
        await retire(deps, bot, live, session)
    m = deps.messages(session.locale)
    kept: Keyboard | None = None
    for reply in replies:
        if isinstance(reply, QuestionReply):
            markup = question_keyboard(deps.bundle, m, reply, owner, session.nonce, session.version)
            sent, html = await send_html(bot, chat_id, reply.text, markup=markup)
            kept = Live(chat_id, sent.message_id, reply.question, html).keyboard()
        elif isinstance(reply, ResultReply):
            await send_html(bot, chat_id, reply.text, bold=reply.view.headline)
        else:
            await send_html(bot, chat_id, reply.text)
    await deps.service.keep_keyboard(key, session, kept)


async def refresh(deps: Deps, bot: Bot, live: Live, owner: str, session: Session, reply: QuestionReply) -> None:
    """A toggle: redraw the keyboard of the pressed message in place (it stays the live one)."""
    m = deps.messages(session.locale)
    markup = question_keyboard(deps.bundle, m, reply, owner, session.nonce, session.version)
    await bot.edit_message_reply_markup(live.chat_id, live.message_id, reply_markup=markup)
