"""What every handler needs: the service, the bundle, the id secret, and who is asking."""

from __future__ import annotations

from dataclasses import dataclass

import discord
from discord import app_commands

from bot.adapters.discord.wording import GROUP, discord_commands
from bot.engine.bundle import Bundle
from bot.engine.content import Messages
from bot.service import CheckService
from bot.stores.base import SessionKey
from bot.stores.keys import hash_id

PLATFORM = "discord"
TAG_LEN = 8  # hex characters of the user hash carried in custom ids


@dataclass(frozen=True)
class Deps:
    service: CheckService
    secret: bytes

    @property
    def bundle(self) -> Bundle:
        return self.service.bundle

    def user_hash(self, user_id: int) -> str:
        return hash_id(self.secret, PLATFORM, user_id)

    def tag(self, user_id: int) -> str:
        """The short user-hash prefix put in custom ids (a raw user id never is)."""
        return self.user_hash(user_id)[:TAG_LEN]

    def key(self, interaction: discord.Interaction) -> SessionKey:
        """One session per user and conversation: a guild (hashed) or direct messages."""
        guild = interaction.guild_id
        scope = "dm" if guild is None else hash_id(self.secret, PLATFORM, f"guild:{guild}")
        return SessionKey(PLATFORM, self.user_hash(interaction.user.id), scope)

    def locale(self, interaction: discord.Interaction) -> str:
        """The interaction's locale as Discord gives it ("es-ES"): the engine picks the content."""
        return str(interaction.locale)

    def messages(self, interaction: discord.Interaction) -> Messages:
        return self.bundle.content(self.locale(interaction)).messages


def deps_of(interaction: discord.Interaction) -> Deps:
    deps: Deps = interaction.client.twitch  # type: ignore[attr-defined]
    return deps


def event_id(interaction: discord.Interaction) -> str:
    return f"dc:{interaction.id}"


def words(interaction: discord.Interaction, text: str) -> str:
    """A shared text as said on Discord: the commands it names as this bot's /twitch ones."""
    return client_words(interaction.client, text)


def client_words(client: discord.Client, text: str) -> str:
    """`words` for a message the client sends on its own (a check-in by DM)."""
    tree = getattr(client, "tree", None)
    group = tree.get_command(GROUP) if isinstance(tree, app_commands.CommandTree) else None
    names = {c.name for c in group.commands} if isinstance(group, app_commands.Group) else set()
    return discord_commands(text, names)


async def tell(interaction: discord.Interaction, text: str) -> None:
    """An ephemeral note to the presser: as the response, or as a followup once acknowledged."""
    text = words(interaction, text)
    if interaction.response.is_done():
        await interaction.followup.send(text, ephemeral=True)
    else:
        await interaction.response.send_message(text, ephemeral=True)
