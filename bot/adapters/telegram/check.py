"""The full check in a private chat: commands, typed answers and button presses."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Coroutine
from typing import Any

from telegram import Bot, Update
from telegram.error import BadRequest
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.adapters.telegram.delivery import Live, refresh, send_html, show
from bot.adapters.telegram.deps import Deps, deep_link
from bot.adapters.telegram.followups import answer_checkin, offer_after_result, tell_notices
from bot.adapters.telegram.keyboards import link_keyboard, parse
from bot.engine.events import Command, CommandName, Event, Language, Text
from bot.engine.replies import QuestionReply, Reply, ResultReply, StaleReply
from bot.engine.session import Keyboard, Session
from bot.service import Outcome
from bot.stores import SessionKey

Ctx = ContextTypes.DEFAULT_TYPE
NEW = filters.UpdateType.MESSAGE  # commands in edited messages are ignored
PRIVATE = filters.ChatType.PRIVATE
COMMANDS: tuple[CommandName, ...] = ("back", "restart", "cancel", "help")


async def show_with_offer(deps: Deps, bot: Bot, chat_id: int, key: SessionKey, owner: str, session: Session,
                          replies: list[Reply], pressed: Live | None = None) -> Keyboard | None:
    """`show`, then under a self-care or see-a-doctor result the offer to check in later;
    the live keyboard to keep in the session."""
    kept = await show(deps, bot, chat_id, key, owner, session, replies, pressed)
    if any(isinstance(r, ResultReply) for r in replies):
        await offer_after_result(deps, bot, chat_id, owner, session)
    return kept


def event_id(update: Update) -> str:
    return f"tg:{update.update_id}"


async def run_event(deps: Deps, update: Update, context: Ctx, make_event: Callable[[float], Event]) -> None:
    user, chat = update.effective_user, update.effective_chat
    assert user is not None and chat is not None
    outcome = await deps.service.handle(deps.key(user.id, chat.id), make_event, event_id=event_id(update))
    await show_outcome(deps, update, context, outcome)


async def show_outcome(deps: Deps, update: Update, context: Ctx, outcome: Outcome) -> None:
    """The replies of a private check (for an update delivered again: where the check is now)."""
    user, chat = update.effective_user, update.effective_chat
    assert user is not None and chat is not None
    key = deps.key(user.id, chat.id)
    kept = await show_with_offer(deps, context.bot, chat.id, key, deps.owner_tag(user.id), outcome.session,
                                 outcome.replies)
    # Delivered again, this update shows nothing twice (a duplicate was marked the first time).
    await deps.service.delivered(key, outcome.session, None if outcome.duplicate else event_id(update), kept)


async def group_redirect(deps: Deps, update: Update, context: Ctx) -> None:
    """Checks happen in private: a group gets a deep-link button instead."""
    message = update.effective_message
    assert message is not None
    m = deps.messages(deps.locale(update))
    markup = link_keyboard(m.chat.group_check_button, deep_link(context.bot.username))
    await send_html(context.bot, message.chat_id, m.chat.group_check, markup=markup, reply_to=message.message_id)


def private_handlers(deps: Deps) -> list[BaseHandler[Update, Ctx, None]]:
    async def start(update: Update, context: Ctx) -> None:
        if update.effective_chat and update.effective_chat.type != "private":
            return await group_redirect(deps, update, context)
        user, chat = update.effective_user, update.effective_chat
        assert user is not None and chat is not None
        await tell_notices(deps, update, context)
        outcome = await deps.service.start(deps.key(user.id, chat.id), deps.locale(update), event_id(update))
        await show_outcome(deps, update, context, outcome)

    def command(name: CommandName) -> Callable[[Update, Ctx], Coroutine[Any, Any, None]]:
        async def handler(update: Update, context: Ctx) -> None:
            if update.effective_chat and update.effective_chat.type != "private":
                if name == "help":  # only what works in a group (its command menu: app.GROUP_MENU)
                    m = deps.messages(deps.locale(update))
                    await send_html(context.bot, update.effective_chat.id, m.help_group)
                    return
                return await group_redirect(deps, update, context)
            locale = deps.locale(update)
            await run_event(deps, update, context, lambda now: Command(now, locale, name))
        return handler

    async def language(update: Update, context: Ctx) -> None:
        if update.effective_chat and update.effective_chat.type != "private":
            return await group_redirect(deps, update, context)
        locale, choice = deps.locale(update), " ".join(context.args or ())
        await run_event(deps, update, context, lambda now: Language(now, locale, choice))

    async def text(update: Update, context: Ctx) -> None:
        locale, said = deps.locale(update), (update.effective_message and update.effective_message.text) or ""
        if await answer_checkin(deps, update, context, said):
            return
        await run_event(deps, update, context, lambda now: Text(now, locale, said))

    return [
        CommandHandler(["start", "check"], start, filters=NEW),
        *(CommandHandler(name, command(name), filters=NEW) for name in COMMANDS),
        CommandHandler("language", language, filters=NEW),
        MessageHandler(PRIVATE & NEW & filters.TEXT & ~filters.COMMAND, text),
        CallbackQueryHandler(_press_handler(deps)),
    ]


def _press_handler(deps: Deps) -> Callable[[Update, Ctx], Coroutine[Any, Any, None]]:
    async def press(update: Update, context: Ctx) -> None:
        query = update.callback_query
        assert query is not None and update.effective_user is not None
        locale = deps.locale(update)
        m = deps.messages(locale)

        async def alert(text: str) -> None:
            await query.answer(text, show_alert=True)
            deps.answered.put(query.id, True)  # the error handler must not answer it again

        p = parse(deps.bundle, query.data)
        message = query.message
        if p is None or message is None:
            return await alert(m.chat.expired_button)
        if p.owner != deps.owner_tag(update.effective_user.id):
            return await alert(m.chat.not_your_check)
        key = deps.key(update.effective_user.id, message.chat.id)
        outcome = await deps.service.handle(key, p.event(locale), event_id=event_id(update), expect=(p.nonce, p.version))
        if outcome.duplicate:  # delivered again: show where the check is now, unless it was shown
            with contextlib.suppress(BadRequest):  # "query is too old": it was answered the first time
                await query.answer()
            deps.answered.put(query.id, True)
            owner = deps.owner_tag(update.effective_user.id)
            kept = await show_with_offer(deps, context.bot, message.chat.id, key, owner, outcome.session,
                                         outcome.replies)
            return await deps.service.keep_keyboard(key, outcome.session, kept)
        if outcome.stale or any(isinstance(r, StaleReply) for r in outcome.replies):
            return await alert(m.chat.expired_button)
        await query.answer()
        deps.answered.put(query.id, True)
        pressed = Live(message.chat.id, message.message_id, p.question)
        owner = deps.owner_tag(update.effective_user.id)
        replies = outcome.replies
        if p.kind == "t" and len(replies) == 1 and isinstance(replies[0], QuestionReply) \
                and replies[0].question == p.question:
            await refresh(deps, context.bot, pressed, owner, outcome.session, replies[0])
            kept = pressed.keyboard()
        else:
            kept = await show_with_offer(deps, context.bot, message.chat.id, key, owner, outcome.session, replies,
                                         pressed)
        # Delivered again, this update shows nothing twice.
        await deps.service.delivered(key, outcome.session, event_id(update), kept)

    return press
