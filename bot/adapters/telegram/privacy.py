"""/privacy (what is stored) and /forget (erase it all).

/forget in a group erases nothing there: the answer says, briefly and without a word about
anyone's health, to send it in the private chat (a link button), where it is done and
confirmed. A bot cannot open a private chat by itself, so "act here, confirm privately" could
leave the confirmation with nobody to receive it.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler, CommandHandler, ContextTypes, filters

from bot.adapters.telegram.delivery import Live, retire, send_html
from bot.adapters.telegram.deps import PLATFORM, Deps
from bot.adapters.telegram.keyboards import link_keyboard

Ctx = ContextTypes.DEFAULT_TYPE


def privacy_handlers(deps: Deps) -> list[BaseHandler[Update, Ctx, None]]:
    async def privacy(update: Update, context: Ctx) -> None:
        assert update.effective_chat is not None
        text = deps.service.privacy(deps.locale(update))  # the configured session time, in words
        await send_html(context.bot, update.effective_chat.id, text)

    async def forget(update: Update, context: Ctx) -> None:
        assert update.effective_chat is not None and update.effective_user is not None
        locale = deps.locale(update)
        open_check = await deps.service.current(deps.key(update.effective_user.id, update.effective_chat.id))
        await deps.service.forget(PLATFORM, deps.user_hash(update.effective_user.id))
        live = Live.of(open_check.keyboard) if open_check is not None else None
        if live is not None:  # drop the buttons of the check left open
            await retire(context.bot, live)
        await send_html(context.bot, update.effective_chat.id, deps.messages(locale).chat.forgotten)

    async def forget_in_group(update: Update, context: Ctx) -> None:
        message = update.effective_message
        assert message is not None
        m = deps.messages(deps.locale(update))
        markup = link_keyboard(m.chat.group_forget_button, f"https://t.me/{context.bot.username}")
        await send_html(context.bot, message.chat_id, m.chat.group_forget, markup=markup, reply_to=message.message_id)

    new = filters.UpdateType.MESSAGE
    private = filters.ChatType.PRIVATE
    return [CommandHandler("privacy", privacy, filters=new), CommandHandler("forget", forget, filters=new & private),
            CommandHandler("forget", forget_in_group, filters=new & ~private)]
