"""The Telegram adapter (python-telegram-bot 22): thin glue between Telegram and CheckService.

`build_application(settings, service, bundle)` wires the handlers; `run_telegram(...)` runs
polling (or a webhook when TELEGRAM_WEBHOOK_URL is set) until `stop_event` is set.
"""

from bot.adapters.telegram.app import build_application, run_telegram

__all__ = ["build_application", "run_telegram"]
