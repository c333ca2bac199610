"""Shared texts in Discord's words: the commands they name are /twitch subcommands here.

The content names the commands people type on Telegram and in the console ("Type /start",
"/forget erases everything"). On Discord the same commands live in the /twitch group, so each
command a text names is rewritten to the subcommand that does the same ("/start" -> "/twitch
check"); a command Discord does not have is left as written.
"""

from __future__ import annotations

import re
from collections.abc import Collection

GROUP = "twitch"
ALIASES = {"start": "check", "restart": "check", "new": "check"}  # the same deed under Discord's name
_COMMAND = re.compile(r"(?<![\w/:.])/(?P<name>[a-z_]+)\b")  # not in "and/or", a URL or a path


def discord_commands(text: str, subcommands: Collection[str]) -> str:
    """`text` with each command it names written as the /twitch subcommand doing the same."""
    def swap(found: re.Match[str]) -> str:
        name = ALIASES.get(found["name"], found["name"])
        return f"/{GROUP} {name}" if name in subcommands else found[0]

    return _COMMAND.sub(swap, text)
