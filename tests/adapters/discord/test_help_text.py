"""/twitch help lists every /twitch subcommand, in each language."""

import pytest

from bot.adapters.discord.commands import build_group
from bot.catalog import load_bundle

BUNDLE = load_bundle()
SUBCOMMANDS = sorted(c.name for c in build_group(BUNDLE).commands)


def test_the_group_has_the_diary_commands() -> None:
    assert {"check", "quick", "log", "history", "summary", "help"} <= set(SUBCOMMANDS)


@pytest.mark.parametrize("locale", sorted(BUNDLE.locales))
def test_help_lists_every_subcommand(locale: str) -> None:
    text = BUNDLE.content(locale).messages.chat.slash_help_text
    missing = [name for name in SUBCOMMANDS if f"/twitch {name} " not in text]
    assert missing == []
