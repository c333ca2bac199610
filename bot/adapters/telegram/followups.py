"""Follow-ups on Telegram: the check-in offer's buttons, the check-in in the private chat,
/log, /history (a chart photo), /summary (a message and a PDF document), and the sender
the scheduler uses. Translation only: every decision is CheckService's.

Button data: `f|owner|kind|token|q|o` (<= 64 bytes, never trusted): kind o (offer),
c (check-in option), d (check-in done), l (diary level), g (diary trigger), e (diary done).
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from html import escape
from typing import Any

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import (
    Application,
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    filters,
)

from bot.adapters.telegram.delivery import send_html
from bot.adapters.telegram.deps import PLATFORM, Deps
from bot.engine.bundle import Bundle
from bot.engine.checkin import Choose, Done, FollowupReply, Typed
from bot.engine.content import Messages
from bot.engine.diary_log import TRIGGERS
from bot.followups.scheduler import Deliver, Delivery
from bot.followups.store import DueCheckIn

Ctx = ContextTypes.DEFAULT_TYPE
log = logging.getLogger(__name__)
MAX_DATA = 64
_DATA = re.compile(r"f\|(?P<owner>[0-9a-f]{8})\|(?P<kind>[ocdlge])\|(?P<token>[0-9A-Za-z._-]{1,24})"
                   r"\|(?P<q>[0-9]{1,2})(?:\|(?P<o>[0-9]{1,2}))?")
PATTERN = r"^f\|"
HISTORY_DAYS = (14, 30)


@dataclass(frozen=True, slots=True)
class FollowupPress:
    kind: str
    owner: str
    token: str
    event: Choose | Done


def parse_press(bundle: Bundle, data: str | None) -> FollowupPress | None:
    if not data or len(data.encode()) > MAX_DATA or (m := _DATA.fullmatch(data)) is None:
        return None
    assert bundle.followups is not None
    kind, q, o = m["kind"], int(m["q"]), m["o"]
    if (kind in "ocgl") != (o is not None):
        return None
    question = bundle.followups.button_question(kind, q)
    if kind in "cd" and question is None:
        return None
    options = bundle.followups.button_ids(question, bundle.dialog)
    if o is not None and int(o) >= len(options):
        return None
    if kind in "de" and question is not None:
        return FollowupPress(kind, m["owner"], m["token"], Done(m["token"], question))
    assert o is not None
    return FollowupPress(kind, m["owner"], m["token"], Choose(m["token"], question, options[int(o)]))


def keyboard(bundle: Bundle, m: Messages, reply: FollowupReply, owner: str) -> InlineKeyboardMarkup | None:
    """Buttons for an offer, a check-in question or a /log question; None for plain text."""
    assert bundle.followups is not None
    address = bundle.followups.button_address(reply.kind, reply.question)
    if address is None:
        return None
    kind, qi = address
    head = f"f|{owner}|{{k}}|{reply.token}|{qi}"
    ids = bundle.followups.button_ids(None if kind == "o" else reply.question, bundle.dialog)
    rows = []
    for option in reply.options:
        label = m.chat.selected_option.format(label=option.label) if option.id in reply.selected else option.label
        rows.append([InlineKeyboardButton(label, callback_data=f"{head.format(k=kind)}|{ids.index(option.id)}")])
    if kind == "c" and reply.multi:
        rows.append([InlineKeyboardButton(m.chat.done_button, callback_data=head.format(k="d"))])
    if kind == "g":
        done = m.chat.done_button if reply.selected else m.followups.diary.skip_button
        rows.append([InlineKeyboardButton(done, callback_data=head.format(k="e"))])
    return InlineKeyboardMarkup(rows)


async def send_replies(deps: Deps, bot: Bot, chat_id: int, owner: str, locale: str,
                       replies: list[FollowupReply]) -> None:
    m = deps.messages(locale)
    for reply in replies:
        bold = None
        if reply.kind == "verdict" and reply.level:
            bold = m.levels[reply.level].headline
        await send_html(bot, chat_id, reply.text, bold=bold, markup=keyboard(deps.bundle, m, reply, owner))


def followup_handlers(deps: Deps) -> list[BaseHandler[Update, Ctx, None]]:
    private = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE

    def who(update: Update) -> tuple[int, str, str]:
        assert update.effective_user is not None and update.effective_chat is not None
        return update.effective_chat.id, deps.user_hash(update.effective_user.id), deps.locale(update)

    async def log_command(update: Update, context: Ctx) -> None:
        chat, user, locale = who(update)
        prompt = deps.service.log_prompt(locale)
        if prompt is not None:
            await send_replies(deps, context.bot, chat, user[:8], locale, [prompt])

    async def history(update: Update, context: Ctx) -> None:
        chat, user, locale = who(update)
        days = 30 if context.args and context.args[0] == "30" else HISTORY_DAYS[0]
        shown = await deps.service.history(PLATFORM, user, locale, days)
        if shown is None:
            return
        if not shown.entries:
            await send_html(context.bot, chat, shown.text)
            return
        from bot.followups.chart import chart_png

        m = deps.messages(locale)
        labels = [m.followups.diary.levels[level] for level in shown.levels]
        title = m.followups.history.title.format(days=deps.bundle.content(locale).count("days", days))
        png = await asyncio.to_thread(chart_png, shown.entries, shown.levels, labels, shown.today, days, title)
        await context.bot.send_photo(chat, photo=png, caption=shown.text[:1024])

    async def summary(update: Update, context: Ctx) -> None:
        chat, user, locale = who(update)
        m = deps.messages(locale)
        found = await deps.service.summary(PLATFORM, user)
        if found is None:
            await send_html(context.bot, chat, m.followups.summary.empty)
            return
        await send_html(context.bot, chat, found.text())
        from bot.followups.pdf import summary_pdf

        pdf = await asyncio.to_thread(summary_pdf, found)
        await context.bot.send_document(chat, document=pdf, filename="twitchcheck-summary.pdf",
                                        caption=m.followups.summary.document_caption)

    async def press(update: Update, context: Ctx) -> None:
        query = update.callback_query
        assert query is not None and update.effective_user is not None
        chat, user, locale = who(update)
        m = deps.messages(locale)
        p = parse_press(deps.bundle, query.data)
        if p is None or query.message is None or p.owner != user[:8]:
            await query.answer(m.chat.expired_button if p is None or p.owner == user[:8] else m.chat.not_your_check,
                               show_alert=True)
            deps.answered.put(query.id, True)
            return
        service = deps.service
        if p.kind == "o":
            session = await service.current(deps.key(update.effective_user.id, chat))
            replies = await service.choose_offer(PLATFORM, user, p.token, p.event.option if isinstance(p.event, Choose)
                                                 else "", session, str(chat))
        elif p.kind in "cd":
            replies = await service.checkin(PLATFORM, user, p.event)
        else:
            replies = await service.log(PLATFORM, user, locale, p.event)
        if any(r.kind == "stale" for r in replies):
            await query.answer(m.chat.expired_button, show_alert=True)
            deps.answered.put(query.id, True)
            return
        await query.answer()
        deps.answered.put(query.id, True)
        last = replies[-1] if replies else None
        if last is not None and last.multi and isinstance(p.event, Choose) and (
                (p.kind == "c" and len(replies) == 1 and last.question == p.event.question)
                or (p.kind == "g" and last.question == TRIGGERS)):
            # a tick on a several-choice question: redraw the same message in place
            markup = keyboard(deps.bundle, m, last, user[:8])
            await context.bot.edit_message_text(escape(last.text), chat, query.message.message_id,
                                                parse_mode=ParseMode.HTML, reply_markup=markup)
            return
        try:
            await context.bot.edit_message_reply_markup(chat, query.message.message_id, reply_markup=None)
        except TelegramError as exc:  # cosmetic: its buttons are refused anyway
            log.info("telegram: could not retire a follow-up keyboard (%s)", type(exc).__name__)
        await send_replies(deps, context.bot, chat, user[:8], locale, replies)

    return [
        CommandHandler("log", log_command, filters=private),
        CommandHandler("history", history, filters=private),
        CommandHandler("summary", summary, filters=private),
        CallbackQueryHandler(press, pattern=PATTERN),
    ]


async def answer_checkin(deps: Deps, update: Update, context: Ctx, text: str) -> bool:
    """Text typed while a check-in waits is its answer (True); otherwise it is for the check."""
    assert update.effective_user is not None and update.effective_chat is not None
    user = deps.user_hash(update.effective_user.id)
    if not await deps.service.in_checkin(PLATFORM, user):
        return False
    replies = await deps.service.checkin(PLATFORM, user, Typed(text))
    await send_replies(deps, context.bot, update.effective_chat.id, user[:8], deps.locale(update), replies)
    return True


async def tell_notices(deps: Deps, update: Update, context: Ctx) -> None:
    """Before a new check: check-ins dropped while the bot was down, said once."""
    assert update.effective_user is not None and update.effective_chat is not None
    replies = await deps.service.notices(PLATFORM, deps.user_hash(update.effective_user.id))
    await send_replies(deps, context.bot, update.effective_chat.id, "", deps.locale(update), replies)


async def offer_after_result(deps: Deps, bot: Bot, chat_id: int, owner: str, session: Any) -> None:
    """Under a self-care or see-a-doctor result: the check-in offer (private chats only)."""
    if chat_id <= 0:
        return
    offer = deps.service.offer(session)
    if offer is not None:
        await send_replies(deps, bot, chat_id, owner, session.locale, [offer])


def telegram_deliver(deps: Deps, bot: Bot) -> Callable[[DueCheckIn, list[FollowupReply]], Coroutine[Any, Any, Delivery]]:
    """Send a due check-in to its private chat. 403 (blocked) or a chat that is gone: the
    person's check-ins are cancelled; anything else is tried again later."""
    async def deliver(due: DueCheckIn, replies: list[FollowupReply]) -> Delivery:
        assert due.address is not None
        locale = deps.bundle.default_locale
        if deps.service.followups is not None:
            stored = await deps.service.followups.store.load(due.platform, due.user)
            locale = stored.record.locale if stored else locale
        try:
            await send_replies(deps, bot, int(due.address), due.user[:8], locale, replies)
        except Forbidden:
            return "blocked"
        except BadRequest as exc:
            return "blocked" if "chat not found" in str(exc).lower() else "failed"
        except TelegramError:
            return "failed"
        return "sent"

    return deliver


def telegram_senders(application: Application[Any, Any, Any, Any, Any, Any]) -> dict[str, Deliver]:
    """What bot/followups/sending.py needs to send check-ins through this application's bot
    (so through its rate limiter, like every other message)."""
    deps: Deps = application.bot_data["twitchcheck"]
    return {PLATFORM: telegram_deliver(deps, application.bot)}
