# ruff: noqa: F811 (the fixtures of test_discord.py, imported by name, are the test arguments)
"""Issue 12 items 9 and 10 on Discord (simcord, the real engine, service and SQLite store):
texts name /twitch commands, /twitch privacy says the configured session time, the emergency
select has short labels with the signs listed in full, "None of these" chosen with signs is
never taken as none, and the private quick result lists short "I assumed" lines and its hint."""

from __future__ import annotations

import discord
import pytest
from simcord.components import walk_components

from bot.adapters.discord import build_client
from bot.service import CheckService
from tests.e2e.discord_helpers import component, forge_component, note
from tests.e2e.test_discord import bundle, m, settings, store, store_delay, world  # noqa: F401 (fixtures)

TTL = 3 * 3600


@pytest.fixture
def simcord_bot(settings, store, bundle):  # noqa: F811 (a service with a session time of its own)
    return build_client(settings, CheckService(bundle, store, session_ttl=TTL))


def select_labels(msg) -> dict[str, str]:
    return {o["value"]: o["label"] for c in walk_components(msg.components) if c.get("type") == 3 for o in c["options"]}


async def test_texts_name_the_twitch_commands_and_privacy_the_configured_time(world, m):
    env, channel, alice, bob = world
    res = await alice.slash(channel, "twitch privacy")
    text = res.response.content
    assert "a check you don't touch for 3 hours is deleted" in text and "{ttl}" not in text
    assert "/twitch forget erases everything" in text and "\n/forget" not in text
    msg = (await alice.slash(channel, "twitch check")).response
    theirs = component(msg.components, "tc:s:")["custom_id"]
    r = await forge_component(env, bob, msg, theirs, component_type=3, values=["none"])
    assert note(r) == m.chat.not_your_check.replace("/check", "/twitch check")
    assert "Start your own with /twitch check." in note(r)


async def test_emergency_select_has_short_labels_and_the_signs_in_full(world, m):
    env, channel, alice, bob = world
    msg = (await alice.slash(channel, "twitch check")).response
    labels = select_labels(msg)
    assert labels == {**m.buttons["emergency"], "none": m.options["emergency"]["none"]}
    assert all(f"• {m.options['emergency'][sign]}" in msg.content for sign in m.buttons["emergency"])
    assert component(msg.components, "tc:s:")["placeholder"] == m.questions["emergency"].prompt


async def test_none_with_a_sign_in_the_select_asks_about_that_sign(world, m):
    env, channel, alice, bob = world
    msg = (await alice.slash(channel, "twitch check")).response
    await alice.select(msg, ["none", "bladder_bowel"])
    assert m.narrowing.none_and_signs in msg.content
    assert m.narrowing.prompts["emergency.bladder_bowel"] in msg.content
    await alice.click(msg, label=m.narrowing.yes)
    assert msg.embeds[0].colour == discord.Colour.red()


async def test_quick_private_result_has_short_assumed_lines_and_the_hint(world, m):
    env, channel, alice, bob = world
    res = await alice.slash(channel, "twitch quick", frequency="daily")
    fields = {f.name: f.value for f in res.response.embeds[0].fields}
    assumed = fields[m.result.assumed].split("\n")
    assert f"• {m.questions['emergency'].short}: {m.options['emergency']['none']}" in assumed
    assert f"• {m.questions['duration'].short}: {m.result.assumed_unknown}" in assumed
    assert not any(q.prompt in fields[m.result.assumed] for q in m.questions.values())
    assert m.result.quick_more in fields.values()
