"""The three Telegram bots of the benchmark, each run as its own process.

    python -m bench.tg_bots {floor|conventional|ours} BASE_URL DATA_DIR

- floor: the bare framework, answering every update with one fixed message;
- conventional: the same six questions written the usual way (ConversationHandler,
  inline keyboards, PicklePersistence);
- ours: TwitchCheck's own Application, built from the composition root (bot/app.py) on
  the default store (SQLite; `BENCH_STORE=memory` for the memory store).
All three use the same rate limiter settings (no overall cap: the stand-in is local).
Prints READY once polling, stops on SIGTERM.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    ConversationHandler,
    MessageHandler,
    PicklePersistence,
    TypeHandler,
    filters,
)

TOKEN = "7000000001:AAFakeBenchToken"

# ---------------------------------------------------------------- floor


async def _fixed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    chat = update.effective_chat
    if chat is not None:
        await context.bot.send_message(chat.id, "ok")


def floor_app(base_url: str, data_dir: Path) -> Application:  # type: ignore[type-arg]
    app = ApplicationBuilder().token(TOKEN).base_url(base_url).rate_limiter(AIORateLimiter(overall_max_rate=0)).build()
    app.add_handler(TypeHandler(Update, _fixed))
    return app


# ---------------------------------------------------------------- conventional

QUESTIONS: list[tuple[str, bool, list[tuple[str, str]]]] = [
    ("Do you have any of these right now?", True, [("one_sided_weakness", "Sudden one-sided weakness"),
        ("bladder_bowel", "Bladder or bowel control"), ("cannot_walk", "Cannot walk"), ("none", "None of these")]),
    ("How often does it twitch?", False, [("rarely", "Rarely"), ("weekly", "Weekly"), ("daily", "Daily"),
        ("constant", "Constant")]),
    ("How long has it been going on?", False, [("less_than_1_week", "< 1 week"), ("1_to_2_weeks", "1-2 weeks"),
        ("more_than_2_weeks", "> 2 weeks")]),
    ("Better or worse?", False, [("improving", "Better"), ("same", "Same"), ("worsening", "Worse")]),
    ("What triggers it?", True, [("exercise", "Exercise"), ("dehydration", "Dehydration"), ("caffeine", "Caffeine"),
        ("stress", "Stress"), ("sleep", "Sleep"), ("medication", "Medication"), ("none", "None / not sure")]),
    ("Anything else?", True, [("weakness", "Weakness"), ("wasting", "Wasting"), ("numbness", "Numbness"),
        ("pain", "Pain"), ("spreading", "Spreading"), ("daily_life", "Daily life"), ("none", "None of these")]),
]
END = ConversationHandler.END


def _keyboard(index: int, ticked: list[str]) -> InlineKeyboardMarkup:
    _, multi, options = QUESTIONS[index]
    rows = [[InlineKeyboardButton(("✅ " if oid in ticked else "") + label, callback_data=oid)]
            for oid, label in options]
    if multi:
        rows.append([InlineKeyboardButton("Done", callback_data="done")])
    return InlineKeyboardMarkup(rows)


def _triage(answers: dict[str, Any]) -> str:
    if answers.get(0):
        return "🔴 Get emergency help now."
    symptoms = set(answers.get(5, []))
    if symptoms & {"weakness", "wasting"}:
        return "🟠 See a doctor soon."
    if (symptoms & {"numbness", "pain", "spreading", "daily_life"} or answers.get(2) == "more_than_2_weeks"
            or answers.get(3) == "worsening" or "medication" in answers.get(4, [])):
        return "🟡 See a doctor.\nℹ️ Not a diagnosis."
    return "🟢 Self-care.\nℹ️ Not a diagnosis."


async def conv_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    assert context.user_data is not None and update.message is not None
    context.user_data.clear()
    context.user_data["ticked"] = []
    await update.message.reply_text(QUESTIONS[0][0], reply_markup=_keyboard(0, []))
    return 0


def _state(index: int):  # type: ignore[no-untyped-def]
    async def handle(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
        query = update.callback_query
        assert query is not None and context.user_data is not None
        await query.answer()
        data = query.data or ""
        _, multi, _ = QUESTIONS[index]
        ticked: list[str] = context.user_data.setdefault("ticked", [])
        if multi and data != "done":
            if data in ticked:
                ticked.remove(data)
            else:
                ticked.append(data)
            await query.edit_message_reply_markup(_keyboard(index, ticked))
            return index
        answer: Any = [t for t in ticked if t != "none"] if multi else data
        context.user_data.setdefault("answers", {})[index] = answer
        context.user_data["ticked"] = []
        await query.edit_message_text(f"{QUESTIONS[index][0]} {answer}")
        if (index == 0 and answer) or index == len(QUESTIONS) - 1:
            assert query.message is not None
            await context.bot.send_message(query.message.chat.id, _triage(context.user_data["answers"]))
            return END
        assert query.message is not None
        await context.bot.send_message(query.message.chat.id, QUESTIONS[index + 1][0],
                                       reply_markup=_keyboard(index + 1, []))
        return index + 1
    return handle


async def conv_cancel(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    if update.message:
        await update.message.reply_text("Cancelled.")
    return END


def conventional_app(base_url: str, data_dir: Path) -> Application:  # type: ignore[type-arg]
    persistence = PicklePersistence(filepath=data_dir / "conversation.pickle")
    app = (ApplicationBuilder().token(TOKEN).base_url(base_url).persistence(persistence)
           .rate_limiter(AIORateLimiter(overall_max_rate=0)).build())
    app.add_handler(ConversationHandler(
        entry_points=[CommandHandler("start", conv_start)],
        states={i: [CallbackQueryHandler(_state(i))] for i in range(len(QUESTIONS))},
        fallbacks=[CommandHandler("cancel", conv_cancel), CommandHandler("start", conv_start)],
        name="twitch", persistent=True,
    ))
    app.add_handler(MessageHandler(filters.ALL, conv_cancel))
    return app


# ---------------------------------------------------------------- ours


def ours_env(base_url: str, data_dir: Path) -> None:
    os.environ.update({"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_BASE_URL": base_url,
                       "TWITCHCHECK_DATA_DIR": str(data_dir), "TELEGRAM_RATE_LIMIT": "0"})
    if os.environ.get("BENCH_STORE") == "memory":  # to see what the SQLite store costs
        os.environ["TWITCHCHECK_STORE_URL"] = "memory://"


async def main(kind: str, base_url: str, data_dir: Path) -> None:
    if kind == "ours":  # TwitchCheck as it serves: the composition root, the default store
        ours_env(base_url, data_dir)
        from bot.adapters.telegram.app import build_application
        from bot.app import open_app, ready_to_serve
        from bot.settings import load_settings

        async with open_app(load_settings()) as ours:
            ready_to_serve(ours.bundle)  # as `twitchcheck run` does
            await serve(build_application(ours.settings, ours.service))
        return
    await serve(floor_app(base_url, data_dir) if kind == "floor" else conventional_app(base_url, data_dir))


async def serve(app: Application) -> None:  # type: ignore[type-arg]
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0, timeout=1)
        print("READY", flush=True)
        await stop.wait()
        await app.updater.stop()
        await app.stop()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2], Path(sys.argv[3])))
