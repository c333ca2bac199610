"""/twitch forget, /twitch privacy and /twitch help."""

from __future__ import annotations

import logging

import discord

from bot.adapters.discord.context import PLATFORM, deps_of, words
from bot.logs import where

log = logging.getLogger(__name__)


async def forget(interaction: discord.Interaction) -> None:
    """Erase every session of this user, in every guild and in direct messages."""
    deps = deps_of(interaction)
    m = deps.messages(interaction)
    await interaction.response.defer(ephemeral=True, thinking=True)  # the store may be slow
    try:
        await deps.service.forget(PLATFORM, deps.user_hash(interaction.user.id))
    except Exception as exc:
        log.error("discord: /twitch forget failed: %s", where(exc))
        await interaction.edit_original_response(content=m.chat.error)
        return
    await interaction.edit_original_response(content=m.chat.forgotten)


async def privacy(interaction: discord.Interaction) -> None:
    deps = deps_of(interaction)
    text = deps.service.privacy(deps.locale(interaction))  # the configured session time, in words
    await interaction.response.send_message(words(interaction, text), ephemeral=True)


async def help_(interaction: discord.Interaction) -> None:
    m = deps_of(interaction).messages(interaction)
    await interaction.response.send_message(m.chat.slash_help_text, ephemeral=True)
