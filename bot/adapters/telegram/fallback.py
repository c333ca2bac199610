"""Whatever else arrives in a private chat: unknown commands, stickers, photos and the like.

Edited messages and group chatter have no handler: they are ignored on purpose.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler, ContextTypes, MessageHandler, filters

from bot.adapters.telegram.delivery import send_html
from bot.adapters.telegram.deps import Deps

Ctx = ContextTypes.DEFAULT_TYPE


def fallback_handlers(deps: Deps) -> list[BaseHandler[Update, Ctx, None]]:
    async def unknown(update: Update, context: Ctx) -> None:
        assert update.effective_chat is not None
        await send_html(context.bot, update.effective_chat.id, deps.messages(deps.locale(update)).chat.unknown_command)

    async def not_text(update: Update, context: Ctx) -> None:
        assert update.effective_chat is not None
        await send_html(context.bot, update.effective_chat.id, deps.messages(deps.locale(update)).chat.text_only)

    private_new = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
    return [
        MessageHandler(private_new & filters.COMMAND, unknown),
        MessageHandler(private_new & ~filters.TEXT & ~filters.StatusUpdate.ALL, not_text),
    ]
