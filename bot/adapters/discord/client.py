"""Wiring: the client (sharded when configured), its command tree, and the entry points."""

from __future__ import annotations

import logging
from typing import Any

import discord
from discord import app_commands

from bot.adapters.discord import components
from bot.adapters.discord.commands import build_group
from bot.adapters.discord.context import PLATFORM, Deps, deps_of, tell
from bot.adapters.discord.followups import discord_deliver
from bot.adapters.discord.translator import ContentTranslator
from bot.followups.sending import checkins_sent
from bot.logs import where
from bot.service import CheckService
from bot.settings import Settings, SettingsError

log = logging.getLogger(__name__)


class _Wiring:
    """Shared by the plain and the auto-sharded client."""

    twitch: Deps
    tree: app_commands.CommandTree[Any]

    def _wire(self, deps: Deps) -> None:
        self.twitch = deps
        self.tree = app_commands.CommandTree(self)  # simcord looks for `tree`
        self.tree.add_command(build_group(deps.bundle))
        self.tree.error(_on_tree_error)

    async def setup_hook(self) -> None:
        await self.tree.set_translator(ContentTranslator(self.twitch.bundle))
        self.add_dynamic_items(*components.ITEMS)  # type: ignore[attr-defined]

    async def on_interaction(self, interaction: discord.Interaction) -> None:
        await components.answer_stray(interaction)


async def _on_tree_error(interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
    """A command that failed or no longer exists still gets an answer (never "did not respond")."""
    if interaction.type is discord.InteractionType.autocomplete:
        return  # nothing to show; Discord's client shows no suggestions
    m = deps_of(interaction).messages(interaction)
    if isinstance(error, app_commands.CommandOnCooldown):  # one person's flood: a kind note, nothing run
        await tell(interaction, m.chat.slow_down)
        return
    unknown = isinstance(error, app_commands.CommandNotFound | app_commands.CommandSignatureMismatch)
    if not unknown:
        log.error("discord: command failed: %s", where(error))
    try:
        await tell(interaction, m.chat.unknown_command if unknown else m.chat.error)
    except discord.HTTPException:
        log.warning("discord: could not answer a failed command")


class TwitchClient(_Wiring, discord.Client):
    def __init__(self, deps: Deps, **options: Any) -> None:
        super().__init__(**options)
        self._wire(deps)


class ShardedTwitchClient(_Wiring, discord.AutoShardedClient):
    def __init__(self, deps: Deps, **options: Any) -> None:
        super().__init__(**options)
        self._wire(deps)


def build_client(settings: Settings, service: CheckService) -> discord.Client:
    deps = Deps(service=service, secret=settings.id_secret())
    intents = discord.Intents.none()
    intents.guilds = True  # interactions need no privileged or message intents
    if settings.discord_shard_count:
        return ShardedTwitchClient(deps, intents=intents, shard_count=settings.discord_shard_count,
                                   shard_ids=settings.shard_ids())
    return TwitchClient(deps, intents=intents)


async def sync_tree(client: discord.Client, settings: Settings) -> int:
    """Publish the commands: to DISCORD_GUILD_ID when set (instant), else globally."""
    tree: app_commands.CommandTree[Any] = client.tree  # type: ignore[attr-defined]
    if settings.discord_guild_id:
        guild = discord.Object(settings.discord_guild_id)
        tree.copy_global_to(guild=guild)
        return len(await tree.sync(guild=guild))
    return len(await tree.sync())


def _token(settings: Settings) -> str:
    if settings.discord_bot_token is None:
        raise SettingsError("DISCORD_BOT_TOKEN: not set")
    return settings.discord_bot_token.get_secret_value()


async def sync_commands(settings: Settings, service: CheckService) -> int:
    """`twitchcheck discord-sync`: log in over REST (no gateway), sync, return the command count."""
    token = _token(settings)
    client = build_client(settings, service)
    async with client:
        await client.login(token)
        return await sync_tree(client, settings)


async def run_discord(settings: Settings, service: CheckService) -> None:
    """Connect and serve until cancelled or the connection is closed for good."""
    token = _token(settings)
    client = build_client(settings, service)
    async with client, checkins_sent(service.followups, {PLATFORM: discord_deliver(client)}):
        await client.start(token)
