"""/quick: a one-line check. Private chats get the full result; groups a compact reply."""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler, CommandHandler, ContextTypes, filters

from bot.adapters.telegram.delivery import send_html
from bot.adapters.telegram.deps import Deps, deep_link
from bot.adapters.telegram.keyboards import link_keyboard
from bot.engine.result import compact_text

Ctx = ContextTypes.DEFAULT_TYPE


def quick_handlers(deps: Deps) -> list[BaseHandler[Update, Ctx, None]]:
    async def quick(update: Update, context: Ctx) -> None:
        message = update.effective_message
        assert message is not None and message.text is not None
        locale = deps.locale(update)
        m = deps.messages(locale)
        parts = message.text.split(maxsplit=1)
        said = parts[1].strip() if len(parts) > 1 else ""
        private = message.chat.type == "private"
        reply_to = None if private else message.message_id
        if not said:
            await send_html(context.bot, message.chat_id, m.chat.quick_usage, reply_to=reply_to)
            return
        check = deps.service.quick(locale, said)
        headline = check.view.headline
        if private:
            await send_html(context.bot, message.chat_id, check.text, bold=headline)
            return
        compact = compact_text(check.view)
        markup = link_keyboard(m.chat.quick_private_button, deep_link(context.bot.username))
        await send_html(context.bot, message.chat_id, compact, bold=headline, markup=markup, reply_to=reply_to)

    return [CommandHandler("quick", quick, filters=filters.UpdateType.MESSAGE)]
