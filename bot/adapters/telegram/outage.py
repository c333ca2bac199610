"""While the session store is down: one kind "give me a moment", and the update kept for later.

Nothing is lost: a webhook worker answers Telegram non-2xx (`Outage`), so Telegram sends
the update again; by polling, the update is put back in the queue after `AGAIN_AFTER` s.
Either way the store's event ids apply it once when it finally runs. The note goes to a
chat at most once per `NOTE_EVERY` seconds (per process), however many updates wait.
"""

from __future__ import annotations

import asyncio
import contextlib
import time

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import Application, ContextTypes

from bot.adapters.telegram.delivery import send_html
from bot.adapters.telegram.deps import Deps, Lru
from bot.stores.resilient import Outage

AGAIN_AFTER = 5.0
NOTE_EVERY = 600.0
_noted: Lru[float] = Lru(10_000)  # chat id -> when the note was last sent


async def store_down(deps: Deps, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The error handler's answer to StoreDown."""
    application: Application = context.application  # type: ignore[type-arg]
    if Outage.current() is None and application.updater is not None and application.running:
        application.create_task(_again(application, update))  # polling: Telegram will not resend it
    chat = update.effective_chat
    query = update.callback_query
    m = deps.messages(deps.locale(update))
    now = time.monotonic()
    with contextlib.suppress(TelegramError):
        if query is not None and deps.answered.pop(query.id) is None:
            await query.answer(m.chat.moment)
        if chat is None:
            return
        last = _noted.get(str(chat.id))
        if last is None or now - last > NOTE_EVERY:
            _noted.put(str(chat.id), now)
            await send_html(context.bot, chat.id, m.chat.moment)


async def _again(application: Application, update: Update) -> None:  # type: ignore[type-arg]
    await asyncio.sleep(AGAIN_AFTER)
    if application.running:
        await application.update_queue.put(update)
