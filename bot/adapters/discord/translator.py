"""Command names and descriptions in the user's language, read from content.

Each translatable string carries the content path it came from (`key`, e.g.
"chat.slash_check" or "options.frequency.daily"); a locale we have no content for
gets None, so Discord shows the default.
"""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands

from bot.engine.bundle import Bundle
from bot.engine.content import Messages


def text_at(messages: Messages, path: str) -> str | None:
    node: Any = messages
    for part in path.split("."):
        node = node.get(part) if isinstance(node, dict) else getattr(node, part, None)
        if node is None:
            return None
    return node if isinstance(node, str) else None


def lstr(messages: Messages, path: str) -> app_commands.locale_str:
    """A default-locale text that the translator can look up again for other locales."""
    text = text_at(messages, path)
    if text is None:
        raise KeyError(f"content: {path}: missing")
    return app_commands.locale_str(text, key=path)


class ContentTranslator(app_commands.Translator):
    def __init__(self, bundle: Bundle) -> None:
        self.bundle = bundle

    def _locale(self, locale: discord.Locale) -> str | None:
        code = str(locale).lower()
        for candidate in (code, code.split("-")[0]):
            if candidate in self.bundle.locales:
                return candidate
        return None

    async def translate(self, string: app_commands.locale_str, locale: discord.Locale,
                        context: app_commands.TranslationContextTypes) -> str | None:
        code, key = self._locale(locale), string.extras.get("key")
        if code is None or not key:
            return None
        return text_at(self.bundle.content(code).messages, key)
