"""`twitchcheck run`: start the platforms whose tokens are set, or the console chat."""

from __future__ import annotations

import argparse
import logging

from bot.settings import load_settings


def run(args: argparse.Namespace) -> int:
    settings = load_settings()
    logging.getLogger().setLevel(settings.twitchcheck_log_level)
    if settings.telegram_bot_token is None and settings.discord_bot_token is None:
        from bot.cli import cmd_chat

        print("No TELEGRAM_BOT_TOKEN or DISCORD_BOT_TOKEN set: starting the console chat. "
              "(Ctrl-D to quit.)")
        return cmd_chat(args)
    raise SystemExit("error: platform adapters are not available in this build")


def discord_sync(args: argparse.Namespace) -> int:
    raise SystemExit("error: the Discord adapter is not available in this build")
