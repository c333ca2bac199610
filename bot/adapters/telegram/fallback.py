"""Whatever else arrives in a private chat: unknown commands, stickers, photos, edits.

An edited message is not taken as a new answer (it would answer whatever is asked now);
the person is asked to send the change as a new message, except that an edit describing
an emergency sign is read at once. Group chatter has no handler: ignored on purpose.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler, ContextTypes, MessageHandler, filters

from bot.adapters.telegram.check import event_id, show_outcome
from bot.adapters.telegram.delivery import send_html
from bot.adapters.telegram.deps import Deps
from bot.engine.replies import NoteReply

Ctx = ContextTypes.DEFAULT_TYPE


def fallback_handlers(deps: Deps) -> list[BaseHandler[Update, Ctx, None]]:
    async def unknown(update: Update, context: Ctx) -> None:
        assert update.effective_chat is not None
        await send_html(context.bot, update.effective_chat.id, deps.messages(deps.locale(update)).chat.unknown_command)

    async def not_text(update: Update, context: Ctx) -> None:
        assert update.effective_chat is not None
        await send_html(context.bot, update.effective_chat.id, deps.messages(deps.locale(update)).chat.text_only)

    async def edited(update: Update, context: Ctx) -> None:
        message = update.edited_message
        assert message is not None and update.effective_chat is not None
        assert update.effective_user is not None
        key = deps.key(update.effective_user.id, update.effective_chat.id)
        outcome = await deps.service.edited(key, deps.locale(update), message.text or "", event_id(update))
        if all(isinstance(r, NoteReply) for r in outcome.replies):  # edits are not read: say so, keep the keyboard
            for reply in outcome.replies:
                await send_html(context.bot, update.effective_chat.id, reply.text)
            return
        await show_outcome(deps, update, context, outcome)  # an emergency sign, read as a new message

    private_new = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
    private_edit = filters.ChatType.PRIVATE & filters.UpdateType.EDITED_MESSAGE & filters.TEXT
    return [
        MessageHandler(private_new & filters.COMMAND, unknown),
        MessageHandler(private_new & ~filters.TEXT & ~filters.StatusUpdate.ALL, not_text),
        MessageHandler(private_edit, edited),
    ]
