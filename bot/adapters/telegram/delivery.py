"""Showing engine replies in a chat, with at most one live keyboard per session.

Which message holds the live buttons is kept in the session itself (`Session.keyboard`), so
any worker, after any restart, can retire it. A press edits the pressed message into the next
step (the answer taken on its first line): with the press's own answer that is two Bot API
calls per press. A typed answer or a command retires the live keyboard (its buttons only) and
sends the replies as new messages.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from telegram import Bot, InlineKeyboardMarkup, Message
from telegram.constants import ParseMode
from telegram.error import TelegramError

from bot.adapters.telegram.deps import Deps
from bot.adapters.telegram.keyboards import question_keyboard
from bot.adapters.telegram.render import html_chunks
from bot.engine.content import Messages
from bot.engine.replies import QuestionReply, Reply, ResultReply
from bot.engine.session import Keyboard, Session
from bot.stores.base import SessionKey

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Live:
    """The one message of a session whose keyboard still works, and the question it asks."""

    chat_id: int
    message_id: int
    question: str

    def keyboard(self) -> Keyboard:
        return Keyboard(message=f"{self.chat_id}:{self.message_id}", question=self.question)

    @classmethod
    def of(cls, keyboard: Keyboard | None) -> Live | None:
        """The live message a session names; None for none (or a reference not ours)."""
        if keyboard is None:
            return None
        chat, _, message = keyboard.message.partition(":")
        try:
            return cls(int(chat), int(message), keyboard.question)
        except ValueError:
            return None


async def send_html(
    bot: Bot, chat_id: int, text: str, bold: str | None = None, markup: InlineKeyboardMarkup | None = None,
    reply_to: int | None = None,
) -> Message:
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
    return sent


async def retire(bot: Bot, live: Live) -> None:
    """Drop the buttons of a question no longer current (the next reply says what was taken)."""
    try:
        await bot.edit_message_reply_markup(live.chat_id, live.message_id, reply_markup=None)
    except TelegramError as exc:  # cosmetic: the buttons are stale anyway (version check)
        log.info("telegram: could not retire a keyboard (%s)", type(exc).__name__)


def _drawn(deps: Deps, m: Messages, reply: Reply, owner: str, session: Session,
           got: str = "") -> tuple[list[str], InlineKeyboardMarkup | None]:
    """A reply as HTML chunks (`got` first) and the keyboard that goes on the last one."""
    markup = None
    bold = None
    if isinstance(reply, QuestionReply):
        markup = question_keyboard(deps.bundle, m, reply, owner, session.nonce, session.version)
    elif isinstance(reply, ResultReply):
        bold = reply.view.headline
    return html_chunks("\n\n".join(t for t in (got, reply.text) if t), bold), markup


async def _edit_into(bot: Bot, pressed: Live, html: str, markup: InlineKeyboardMarkup | None) -> bool:
    try:
        await bot.edit_message_text(html, pressed.chat_id, pressed.message_id, parse_mode=ParseMode.HTML,
                                    reply_markup=markup)
    except TelegramError as exc:  # too old to edit, say: sent as a new message instead
        log.info("telegram: could not edit the pressed message (%s)", type(exc).__name__)
        await retire(bot, pressed)
        return False
    return True


async def show(
    deps: Deps, bot: Bot, chat_id: int, key: SessionKey, owner: str, session: Session, replies: list[Reply],
    pressed: Live | None = None,
) -> Keyboard | None:
    """The replies in the chat, leaving one live keyboard at most; that keyboard is returned,
    for the caller to keep in the session (`CheckService.delivered`).

    After a press, the pressed message becomes the first reply (the answer taken on its
    first line): one call where a new message would take two. Otherwise the session's live
    keyboard loses its buttons and the replies are sent as new messages.
    """
    if not replies:
        return session.keyboard
    remembered = Live.of(session.keyboard)
    if remembered is not None and (pressed is None or (remembered.chat_id, remembered.message_id)
                                   != (pressed.chat_id, pressed.message_id)):
        await retire(bot, remembered)
    m = deps.messages(session.locale)
    kept: Keyboard | None = None
    first = True
    for reply in replies:
        got = ""
        if first and pressed is not None:
            answer = session.answers.get(pressed.question)
            if answer is not None and session.question != pressed.question:
                got = m.chat.got_it.format(answer=m.answer_summary(pressed.question, answer))
        chunks, markup = _drawn(deps, m, reply, owner, session, got)
        if not chunks:
            continue
        message_id = None
        if first and pressed is not None and await _edit_into(bot, pressed, chunks[0],
                                                              markup if len(chunks) == 1 else None):
            message_id, chunks = pressed.message_id, chunks[1:]
        first = False
        for i, chunk in enumerate(chunks):
            last = i == len(chunks) - 1
            sent = await bot.send_message(chat_id, chunk, parse_mode=ParseMode.HTML,
                                          reply_markup=markup if last else None)
            message_id = sent.message_id
        if isinstance(reply, QuestionReply) and message_id is not None:
            kept = Live(chat_id, message_id, reply.question).keyboard()
    return kept


async def refresh(deps: Deps, bot: Bot, live: Live, owner: str, session: Session, reply: QuestionReply) -> None:
    """A toggle: redraw the keyboard of the pressed message in place (it stays the live one)."""
    m = deps.messages(session.locale)
    markup = question_keyboard(deps.bundle, m, reply, owner, session.nonce, session.version)
    await bot.edit_message_reply_markup(live.chat_id, live.message_id, reply_markup=markup)
