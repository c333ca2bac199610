"""What a failure means for the person running the bot: one line naming the file, server or
setting and what to do (the CLI's last line of defence prints it instead of a traceback)."""

from __future__ import annotations

from bot.stores.errors import store_failure


def describe(exc: BaseException) -> str | None:
    """One line for a failure we know how to explain, else None."""
    stored = store_failure(exc)
    if stored is not None:
        return stored
    host = getattr(exc, "host", None)
    if isinstance(exc, OSError) and isinstance(host, str):  # aiohttp's ClientConnectorError and kin
        reason = getattr(getattr(exc, "os_error", None), "strerror", None) or exc.strerror or type(exc).__name__
        return f"cannot reach {host} ({reason}); check the network connection"
    if type(exc).__name__ == "LoginFailure":  # discord.py: the token was refused
        return "DISCORD_BOT_TOKEN: refused by Discord; copy the token again (Developer Portal > Bot > Reset Token)"
    return None
