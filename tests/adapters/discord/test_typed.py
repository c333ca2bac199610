"""The Discord adapter with discord.py's HTTP client faked (simcord replaces `HTTPClient`):
what a person types into the "Type it" form reaches the engine whole, several lines too."""

from __future__ import annotations

from pathlib import Path

import discord
import pytest
from simcord.components import walk_components

from bot.adapters.discord import build_client
from bot.engine import Bundle
from bot.service import CheckService
from bot.settings import Settings
from bot.stores.memory_store import MemoryStore

GUILD = 987654321098765432


@pytest.fixture
def simcord_bot(bundle: Bundle, tmp_path: Path) -> discord.Client:  # simcord's plugin runs it
    settings = Settings(_env_file=None, twitchcheck_data_dir=tmp_path, twitchcheck_id_secret="unit",  # type: ignore[call-arg]
                        discord_bot_token=None)
    return build_client(settings, CheckService(bundle, MemoryStore()))


async def test_a_typed_answer_of_several_lines_is_read_whole(simcord_env, bundle: Bundle) -> None:  # type: ignore[no-untyped-def]
    m = bundle.content("en").messages
    env = simcord_env
    guild = env.create_guild(id=GUILD)
    channel = guild.create_text_channel("general")
    alice = guild.add_member(env.create_user("alice"))
    await env.bot.tree.sync()
    msg = (await alice.slash(channel, "twitch check")).response
    form = await alice.click(msg, label=m.chat.type_button)
    [field] = [c for c in walk_components(form.modal["components"]) if c.get("type") == 4]
    assert field["style"] == 2  # a paragraph
    await alice.submit_modal(form, {"text": "no, none of those\nbut my leg just gave way and I can't stand"})
    assert msg.embeds and msg.embeds[0].title.startswith(m.levels["emergency"].badge)
