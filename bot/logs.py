"""Logging set-up: our own messages at the chosen level, chatty libraries held back.

Some libraries log what users wrote at DEBUG (python-telegram-bot logs whole updates,
aiosqlite and redis log statements with their parameters, the stored answers), and httpx
logs request URLs, which hold the bot token, at INFO. Those stay at WARNING (or INFO)
whatever TWITCHCHECK_LOG_LEVEL says.
"""

from __future__ import annotations

import logging
import os
import traceback

HELD_BACK = {"httpx": logging.WARNING, "httpcore": logging.WARNING, "aiosqlite": logging.WARNING,
             "redis": logging.WARNING, "uvicorn": logging.WARNING, "uvicorn.access": logging.WARNING,
             "asyncio": logging.WARNING, "telegram": logging.INFO, "discord": logging.INFO,
             "hpack": logging.WARNING, "websockets": logging.WARNING}


def configure(level: str | int = "WARNING") -> None:
    logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger().setLevel(level.upper() if isinstance(level, str) else level)
    hold_back()


def hold_back() -> None:
    """Keep the chatty libraries at their floor (or higher), whatever else is configured."""
    for name, floor in HELD_BACK.items():
        logging.getLogger(name).setLevel(max(floor, logging.getLogger().level))



def where(exc: BaseException) -> str:
    """An exception as its type and where it was raised (our last frame > the innermost):
    never its message, which may quote what a user typed."""
    frames = traceback.extract_tb(exc.__traceback__)
    if not frames:
        return type(exc).__name__
    ours = [f for f in frames if f"{os.sep}bot{os.sep}" in f.filename and "site-packages" not in f.filename]
    spots = [f"{os.path.basename(f.filename)}:{f.lineno}" for f in (ours[-1:] + frames[-1:])]
    return f"{type(exc).__name__} at " + " > ".join(dict.fromkeys(spots))
