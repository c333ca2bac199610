"""The Discord adapter: a /twitch app-command group, persistent buttons and selects.

Thin by design: every clinical decision is the engine's; this package turns
interactions into engine events and replies into messages, embeds and components.
"""

from bot.adapters.discord.client import build_client, run_discord, sync_commands, sync_tree

__all__ = ["build_client", "run_discord", "sync_commands", "sync_tree"]
