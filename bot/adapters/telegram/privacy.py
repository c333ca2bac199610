"""/privacy (what is stored) and /forget (erase it all)."""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler, CommandHandler, ContextTypes, filters

from bot.adapters.telegram.delivery import Live, retire, send_html
from bot.adapters.telegram.deps import PLATFORM, Deps

Ctx = ContextTypes.DEFAULT_TYPE


def privacy_handlers(deps: Deps) -> list[BaseHandler[Update, Ctx, None]]:
    async def privacy(update: Update, context: Ctx) -> None:
        assert update.effective_chat is not None
        m = deps.messages(deps.locale(update))
        await send_html(context.bot, update.effective_chat.id, m.privacy)

    async def forget(update: Update, context: Ctx) -> None:
        assert update.effective_chat is not None and update.effective_user is not None
        locale = deps.locale(update)
        open_check = await deps.service.current(deps.key(update.effective_user.id, update.effective_chat.id))
        await deps.service.forget(PLATFORM, deps.user_hash(update.effective_user.id))
        live = Live.of(open_check.keyboard) if open_check is not None else None
        if live is not None:  # drop the buttons of the check left open
            await retire(context.bot, live)
        await send_html(context.bot, update.effective_chat.id, deps.messages(locale).chat.forgotten)

    new = filters.UpdateType.MESSAGE
    return [CommandHandler("privacy", privacy, filters=new), CommandHandler("forget", forget, filters=new)]
