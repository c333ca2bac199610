# ruff: noqa: F811 (the fixtures of test_discord_followups.py, imported by name, are the test arguments)
"""Issue 12 item 9 on Discord: the check-in offer under a result and its answers name the
/twitch commands, not Telegram's (simcord, the real service with its follow-up store)."""

from __future__ import annotations

from tests.e2e.test_discord_followups import bundle, clock, service, settings, simcord_bot, world  # noqa: F401


async def test_the_offer_and_its_answer_name_the_twitch_commands(world, bundle) -> None:
    env, alice, _ = world
    m = bundle.content("en").messages
    guild_channel = alice.guild.create_text_channel("texts")
    msg = (await alice.slash(guild_channel, "twitch check")).response
    await alice.select(msg, ["none"])
    for qid, option in (("frequency", "rarely"), ("duration", "less_than_1_week"), ("course", "improving")):
        await alice.click(msg, label=m.options[qid][option])
    await alice.select(msg, ["none"])
    done = await alice.select(msg, ["none"])
    offer = done.followups[-1]
    assert offer.content == m.followups.offer.prompt
    answer = await alice.click(offer, label=m.followups.offer.choices["no_thanks"])
    said = answer.followups[-1].content
    assert said == m.followups.offer.declined.replace("/start", "/twitch check")
