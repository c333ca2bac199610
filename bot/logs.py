"""Logging set-up: our own messages at the chosen level, chatty libraries held back.

Some libraries log what users wrote at DEBUG (python-telegram-bot logs whole updates,
redis logs commands with their parameters, the stored answers), and httpx
logs request URLs, which hold the bot token, at INFO. Those stay at WARNING (or INFO)
whatever TWITCHCHECK_LOG_LEVEL says.

Secrets (bot tokens, the webhook secret) are replaced by *** in every log line and in every
error line printed through `redact`, wherever a library quotes them (PTB's InvalidToken does;
httpx quotes URLs). discord.py's warnings about voice support, which this bot never uses,
are dropped.
"""

from __future__ import annotations

import logging
import os
import traceback

HELD_BACK = {"httpx": logging.WARNING, "httpcore": logging.WARNING, "redis": logging.WARNING,
             "uvicorn": logging.WARNING, "uvicorn.access": logging.WARNING,
             "asyncio": logging.WARNING, "telegram": logging.INFO, "discord": logging.INFO,
             "hpack": logging.WARNING, "websockets": logging.WARNING,
             "saq": logging.WARNING}  # saq logs job ids and each retry at INFO


_SECRETS: set[str] = set()


def register_secret(value: str | None) -> None:
    """Never print this value: `redact` and every log line replace it with ***."""
    if value and len(value) >= 4:
        _SECRETS.add(value)


def redact(text: str) -> str:
    for secret in sorted(_SECRETS, key=len, reverse=True):
        text = text.replace(secret, "***")
    return text


class _Redacting(logging.Filter):
    """On the handlers: the formatted message (and traceback) with every secret replaced."""

    def filter(self, record: logging.LogRecord) -> bool:
        if _SECRETS:
            message = record.getMessage()
            clean = redact(message)
            if record.exc_info and record.exc_info[0] is not None:
                clean += "\n" + redact(logging.Formatter().formatException(record.exc_info))
                record.exc_info = None
                record.exc_text = None
            if clean != message:
                record.msg, record.args = clean, None
        return True


class _NoVoice(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return "voice will NOT be supported" not in record.getMessage()


def configure(level: str | int = "WARNING") -> None:
    logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger().setLevel(level.upper() if isinstance(level, str) else level)
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, _Redacting) for f in handler.filters):
            handler.addFilter(_Redacting())
    voice = logging.getLogger("discord.client")
    if not any(isinstance(f, _NoVoice) for f in voice.filters):
        voice.addFilter(_NoVoice())
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
