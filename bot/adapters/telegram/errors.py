"""The error handler: log the kind of failure (never user text), tell the user if it matters."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from telegram import Update
from telegram.error import Forbidden, TelegramError
from telegram.ext import ContextTypes

from bot.adapters.telegram.delivery import send_html, show
from bot.adapters.telegram.deps import Deps
from bot.adapters.telegram.limiter import Dropped
from bot.adapters.telegram.outage import store_down
from bot.logs import where
from bot.stores.resilient import StoreDown

log = logging.getLogger(__name__)
Ctx = ContextTypes.DEFAULT_TYPE


def make_error_handler(deps: Deps) -> Callable[[object, Ctx], Coroutine[Any, Any, None]]:
    async def on_error(update: object, context: Ctx) -> None:
        error = context.error
        if isinstance(error, StoreDown) and isinstance(update, Update):
            return await store_down(deps, update, context)  # kept for later: not an error to show
        if isinstance(error, Dropped):  # shutting down: a reply over its chat's budget is let go
            log.info("telegram: a reply dropped at shutdown")
            return
        update_id = update.update_id if isinstance(update, Update) else None
        cause = f" (from {type(error.__cause__).__name__})" if error is not None and error.__cause__ else ""
        log.error("telegram: %s%s in update %s", where(error) if error else "?", cause, update_id)
        if not isinstance(update, Update) or isinstance(error, Forbidden):
            return  # a polling hiccup, or a user who blocked the bot: nobody to tell
        text = deps.messages(deps.locale(update)).chat.error
        with contextlib.suppress(TelegramError):
            query = update.callback_query
            if query is not None and deps.answered.pop(query.id) is None:
                await query.answer(text, show_alert=True)
            elif update.effective_chat is not None:
                await _tell(deps, update, context, text)

    return on_error


async def _tell(deps: Deps, update: Update, context: Ctx, text: str) -> None:
    """The error message; in a private check, with the question it waits on shown again."""
    chat, user = update.effective_chat, update.effective_user
    assert chat is not None
    if chat.type == "private" and user is not None:
        key = deps.key(user.id, chat.id)
        try:
            again = await deps.service.resume(key, text)
        except Exception:  # noqa: BLE001 - the store may be what failed
            again = None
        if again is not None:
            kept = await show(deps, context.bot, chat.id, key, deps.owner_tag(user.id), again.session, again.replies)
            await deps.service.keep_keyboard(key, again.session, kept)
            return
    await send_html(context.bot, chat.id, text)
