"""End to end: the Discord adapter against simcord's offline Discord, with the real
engine, service and SQLite store (no network, no mocks of our code)."""

from __future__ import annotations

import discord
import pytest
from simcord.components import walk_components

from bot.adapters.discord import build_client, sync_commands, sync_tree
from bot.adapters.discord.translator import ContentTranslator
from bot.catalog import load_bundle
from bot.engine import Bundle
from bot.service import CheckService
from bot.settings import Settings, SettingsError
from bot.stores.sqlite_store import SqliteStore
from tests.e2e.discord_helpers import (
    GUILD_ID,
    AckTimer,
    SlowStore,
    callbacks,
    component,
    custom_ids,
    discord_settings,
    forge_component,
    note,
    sessions_of,
)


# ----------------------------------------------------------------------------- fixtures
@pytest.fixture(scope="module")
def bundle() -> Bundle:
    return load_bundle()


@pytest.fixture
def settings(tmp_path) -> Settings:
    return discord_settings(tmp_path)


@pytest.fixture
def store_delay() -> float:
    return 0.0  # overridden with @pytest.mark.parametrize("store_delay", [...])


@pytest.fixture
async def store(tmp_path, store_delay):
    store = SlowStore(tmp_path / "tc.sqlite3", delay=store_delay) if store_delay else SqliteStore(tmp_path / "tc.sqlite3")
    await store.open()
    yield store
    await store.close()


@pytest.fixture
def simcord_bot(settings, store, bundle):  # simcord's plugin wraps this in a running Env
    return build_client(settings, CheckService(bundle, store))


@pytest.fixture
async def world(simcord_env, settings):
    env = simcord_env
    guild = env.create_guild(id=GUILD_ID)
    channel = guild.create_text_channel("general")
    alice = guild.add_member(env.create_user("alice"))
    bob = guild.add_member(env.create_user("bob"))
    await env.bot.tree.sync()  # global too: direct messages only see global commands
    assert await sync_tree(env.bot, settings) == 1  # the /twitch group, to the guild
    return env, channel, alice, bob


@pytest.fixture
def m(bundle):
    return bundle.content("en").messages


def options_of(msg) -> list[str]:
    return [o["value"] for c in walk_components(msg.components) if c.get("type") == 3 for o in c["options"]]


# ----------------------------------------------------------------------------- sync
async def test_sync_records_guild_commands_with_content_texts(world, m):
    env, *_ = world
    puts = [r for r in env.http_requests if r.method == "PUT" and r.path.endswith("/commands")]
    assert puts[-1].path.split("/")[-2] == str(GUILD_ID)  # guild bulk overwrite, last
    root = puts[-1].json[0]
    assert root["name"] == "twitch" and root["description"] == m.chat.slash_twitch
    es, ru = (load_bundle().content(code).messages.chat.slash_twitch for code in ("es", "ru"))
    assert root["description_localizations"] == {"en-US": m.chat.slash_twitch, "en-GB": m.chat.slash_twitch,
                                                 "es-ES": es, "es-419": es, "ru": ru}
    subs = {o["name"]: o for o in root["options"]}
    assert set(subs) == {"check", "quick", "forget", "privacy", "language", "help", "log", "history", "summary"}
    language = subs["language"]["options"][0]
    assert [(c["name"], c["value"]) for c in language["choices"]] == [("English", "en"), ("Español", "es"),
                                                                       ("Русский", "ru")]
    assert "name_localizations" not in language["choices"][0]  # each language named in itself
    quick = {o["name"]: o for o in subs["quick"]["options"]}
    assert [c["name"] for c in quick["frequency"]["choices"]] == list(m.options["frequency"].values())
    assert [c["value"] for c in quick["course"]["choices"]] == ["improving", "same", "worsening"]
    assert quick["triggers"]["autocomplete"] and quick["symptoms"]["autocomplete"]
    assert quick["public"]["type"] == 5 and not quick["public"].get("required")
    assert quick["frequency"]["description"] == m.questions["frequency"].prompt


# ----------------------------------------------------------------------------- /twitch check
async def test_check_through_to_result_with_buttons_selects_and_back(world, store, m):
    env, channel, alice, bob = world
    res = await alice.slash(channel, "twitch check")
    assert callbacks(env)[-1] == {"type": 5, "data": {"flags": 64}}  # ephemeral defer first
    msg = res.response
    assert res.ephemeral and msg.flags.ephemeral
    assert msg.content.startswith(m.greeting) and m.questions["emergency"].prompt in msg.content
    select = component(msg.components, "tc:s:")
    assert (select["min_values"], select["max_values"]) == (1, 4)
    assert options_of(msg) == ["one_sided_weakness", "bladder_bowel", "cannot_walk", "none"]
    assert not any(i.startswith("tc:b:") for i in custom_ids(msg.components))  # nothing to go back to

    r = await alice.select(msg, ["none"])
    assert callbacks(env)[-1] == {"type": 6}  # deferred update, then the message is edited
    assert r.response.id == msg.id and m.questions["frequency"].prompt in msg.content
    await alice.click(msg, label=m.options["frequency"]["daily"])
    assert m.questions["duration"].prompt in msg.content
    await alice.click(msg, label=m.chat.back_button)
    assert m.questions["frequency"].prompt in msg.content
    assert m.chat.back.format(answer=m.options["frequency"]["daily"]) in msg.content
    await alice.click(msg, label=m.options["frequency"]["weekly"])
    await alice.click(msg, label=m.options["duration"]["more_than_2_weeks"])
    await alice.click(msg, label=m.options["course"]["same"])
    await alice.select(msg, ["caffeine", "stress"])
    await alice.select(msg, ["none"])

    assert msg.components == []
    embed = msg.embeds[0]
    level = m.levels["see_doctor"]
    assert embed.title == f"{level.badge} {level.headline}"
    assert embed.colour == discord.Colour.gold()
    assert m.reasons["more_than_2_weeks"] in embed.description
    fields = {f.name: f.value for f in embed.fields}
    assert m.tips["cut_caffeine"] in fields[m.result.tips] and m.tips["manage_stress"] in fields[m.result.tips]
    assert fields[m.result.safety_net_title] == m.result.safety_net
    assert embed.footer.text == m.result.disclaimer
    [session] = await sessions_of(store, alice.id)
    assert session.status == "done" and session.result_level == "see_doctor"
    assert session.answers["frequency"] == ("weekly",) and session.answers["symptoms"] == ()


async def test_emergency_sign_ends_with_a_red_result(world, m):
    env, channel, alice, bob = world
    msg = (await alice.slash(channel, "twitch check")).response
    await alice.select(msg, ["cannot_walk"])
    embed = msg.embeds[0]
    assert embed.colour == discord.Colour.red() and embed.title.startswith(m.levels["emergency"].badge)
    assert m.result.safety_net_title not in {f.name for f in embed.fields}


async def test_none_with_a_sign_asks_about_the_sign_not_assumed(world, store, m):
    env, channel, alice, bob = world
    msg = (await alice.slash(channel, "twitch check")).response
    await alice.select(msg, ["none", "bladder_bowel"])
    assert m.narrowing.prompts["emergency.bladder_bowel"] in msg.content
    [session] = await sessions_of(store, alice.id)
    assert session.question == "emergency.bladder_bowel" and "emergency" not in session.answers


async def test_type_it_modal_reads_own_words(world, m):
    env, channel, alice, bob = world
    msg = (await alice.slash(channel, "twitch check")).response
    await alice.select(msg, ["none"])
    shown = await alice.click(msg, label=m.chat.type_button)
    assert callbacks(env)[-1]["type"] == 9
    assert shown.modal["title"] == m.chat.type_title
    inputs = [c for c in walk_components(shown.modal["components"]) if c.get("type") == 4]
    assert [i["custom_id"] for i in inputs] == ["text"]
    assert inputs[0]["placeholder"] == m.questions["frequency"].example and inputs[0]["style"] == 2  # a paragraph: the engine reads several lines
    done = await alice.submit_modal(shown, {"text": "every day, for about 3 weeks now"})
    assert not env.errors
    assert m.chat.got_it.format(answer=m.options["frequency"]["daily"]) in msg.content
    assert m.questions["course"].prompt in msg.content  # the duration came with the story
    assert done.acknowledged
    shown = await alice.click(msg, label=m.chat.type_button)
    await alice.submit_modal(shown, {"text": "my leg suddenly gave way and I can't stand"})
    assert msg.embeds[0].colour == discord.Colour.red()
    assert m.chat.emergency_detected in msg.content


# ----------------------------------------------------------------------------- /twitch quick
async def test_quick_private_shows_the_details(world, m):
    env, channel, alice, bob = world
    res = await alice.slash(channel, "twitch quick", frequency="daily", duration="more_than_2_weeks",
                            triggers="coffee; stress", symptoms="none")
    assert res.ephemeral and callbacks(env)[-1]["data"]["flags"] == 64
    embed = res.response.embeds[0]
    assert embed.title.startswith(m.levels["see_doctor"].badge)
    fields = {f.name: f.value for f in embed.fields}
    assert m.tips["cut_caffeine"] in fields[m.result.tips]
    assert m.questions["course"].short in fields[m.result.assumed]  # not given: said so
    assert embed.footer.text == m.result.disclaimer


async def test_quick_free_text_is_read_with_negation(world, m):
    env, channel, alice, bob = world
    res = await alice.slash(channel, "twitch quick", frequency="rarely", triggers="none",
                            symptoms="no pain but some numbness")
    embed = res.response.embeds[0]
    assert embed.title.startswith(m.levels["see_doctor"].badge)
    assert m.reasons["numbness"] in embed.description and m.reasons["pain"] not in embed.description


async def test_quick_public_shows_no_details(world, m):
    env, channel, alice, bob = world
    res = await alice.slash(channel, "twitch quick", duration="more_than_2_weeks", course="worsening",
                            symptoms="numbness", public=True)
    assert not res.ephemeral and callbacks(env)[-1]["type"] == 4
    shown = channel.last_message
    embed = shown.embeds[0]
    assert embed.title == f"{m.levels['see_doctor'].badge} {m.levels['see_doctor'].headline}"
    why, assumed = embed.description.split("\n")  # one line of why, one of what was assumed (issue 11)
    assert why == m.reasons["numbness"] and assumed.startswith(m.result.assumed)
    assert embed.fields == [] and embed.footer.text == m.result.disclaimer  # no details, but the disclaimer
    everything = str(res.response.components) + embed.title + embed.description
    for detail in (m.reasons["worsening"], m.reasons["more_than_2_weeks"], m.result.safety_net, m.result.tips):
        assert detail not in everything
    # anyone may start their own private check from it
    mine = await bob.click(res.response, label=m.chat.quick_private_button)
    assert mine.ephemeral and m.questions["emergency"].prompt in mine.response.content


async def test_quick_autocomplete_and_empty(world, m):
    env, channel, alice, bob = world
    found = await alice.autocomplete(channel, "twitch quick", "triggers", "cof")
    assert [c["value"] for c in found] == [m.options["triggers"]["caffeine"]]
    found = await alice.autocomplete(channel, "twitch quick", "symptoms", "Pain; num")
    assert [c["value"] for c in found] == [f"Pain; {m.options['symptoms']['numbness']}"]
    res = await alice.slash(channel, "twitch quick")
    assert res.ephemeral and res.response.content == m.chat.quick_pick_one


async def test_quick_flood_by_one_user_gets_the_slow_down_note(world, m):
    env, channel, alice, bob = world
    for _ in range(3):
        res = await alice.slash(channel, "twitch quick", frequency="daily")
        assert res.response.embeds
    res = await alice.slash(channel, "twitch quick", frequency="daily")
    assert res.ephemeral and res.response.content == m.chat.slow_down and not res.response.embeds
    assert [type(e) for e in env.errors] == [discord.app_commands.CommandOnCooldown]  # seen, answered
    res = await bob.slash(channel, "twitch quick", frequency="daily")  # others are not held back
    assert res.response.embeds


# ----------------------------------------------------------------------------- who and what may press
async def test_foreign_press_is_refused(world, store, m):
    env, channel, alice, bob = world
    msg = (await alice.slash(channel, "twitch check")).response
    before = await sessions_of(store, alice.id)
    # An ephemeral message is only visible to alice; a leaked custom id is bob's only way in.
    daily = component(msg.components, "tc:s:")["custom_id"]
    r = await forge_component(env, bob, msg, daily, component_type=3, values=["none"])
    assert note(r) == m.chat.not_your_check.replace("/check", "/twitch check")  # Discord's command
    assert await sessions_of(store, alice.id) == before and await sessions_of(store, bob.id) == []


async def test_forged_and_stale_custom_ids_change_nothing(world, store, m):
    env, channel, alice, bob = world
    msg = (await alice.slash(channel, "twitch check")).response
    await alice.select(msg, ["none"])
    before = await sessions_of(store, alice.id)
    answer = custom_ids(msg.components)[0]  # tc:a:<tag>:<nonce>:<version>:frequency:rarely
    older = answer.replace(f":{before[0].version}:", f":{before[0].version - 1}:")
    forged = [
        dict(custom_id="garbage:123"),  # matches nothing
        dict(custom_id=older),  # a real-looking id that is not on the message
        dict(custom_id=older, tamper_message=True),  # ... and is (message tampered): stale version
        dict(custom_id=answer.rsplit(":", 1)[0] + ":mars", tamper_message=True),  # unknown option
        dict(custom_id=answer.replace(":frequency:", ":symptoms:"), tamper_message=True),  # wrong question
        dict(custom_id=component(msg.components, "tc:b:")["custom_id"].replace("tc:b:", "tc:x:")),
    ]
    for kwargs in forged:
        r = await forge_component(env, alice, msg, **kwargs)
        assert r.acknowledged and note(r) == m.chat.expired_button, kwargs
    assert await sessions_of(store, alice.id) == before
    assert m.questions["frequency"].prompt in msg.content  # the check itself is untouched
    assert not env.errors


async def test_old_check_message_is_stale_after_a_new_check(world, store, m):
    env, channel, alice, bob = world
    first = (await alice.slash(channel, "twitch check")).response
    second = (await alice.slash(channel, "twitch check")).response
    before = await sessions_of(store, alice.id)
    r = await alice.select(first, ["none"])
    assert note(r) == m.chat.expired_button
    assert await sessions_of(store, alice.id) == before
    await alice.select(second, ["none"])
    assert m.questions["frequency"].prompt in second.content


# ----------------------------------------------------------------------------- timing, restart, forget
@pytest.mark.parametrize("store_delay", [1.6])
async def test_acknowledged_within_deadline_while_store_is_slow(world, m):
    env, channel, alice, bob = world
    timer = AckTimer(env)
    res = await alice.slash(channel, "twitch check")  # load + save: 3.2 s
    wall, virtual = timer.ack_latency(res)
    assert wall < 1.0 and virtual < 1.0
    assert timer.last_rest(res) > 3.0  # the answer itself came after Discord's 3 s limit
    msg = res.response
    assert m.questions["emergency"].prompt in msg.content
    r = await alice.select(msg, ["none"])
    wall, virtual = timer.ack_latency(r)
    assert wall < 1.0 and virtual < 1.0
    assert m.questions["frequency"].prompt in msg.content
    assert not env.errors  # no 10062 "Unknown interaction"


async def test_restart_mid_check_resumes_from_an_old_button(world, tmp_path, settings, bundle, m):
    env, channel, alice, bob = world
    msg = (await alice.slash(channel, "twitch check")).response
    await alice.select(msg, ["none"])
    await alice.click(msg, label=m.options["frequency"]["daily"])

    fresh = await SqliteStore(tmp_path / "tc.sqlite3").open()  # a new process: new client, new connection
    try:
        await env.restart_bot(build_client(settings, CheckService(bundle, fresh)))
        await alice.click(msg, label=m.options["duration"]["less_than_1_week"])  # drawn by the old client
        assert m.questions["course"].prompt in msg.content
        [session] = await sessions_of(fresh, alice.id)
        assert session.answers["frequency"] == ("daily",) and session.answers["duration"] == ("less_than_1_week",)
        await alice.click(msg, label=m.options["course"]["improving"])
        await alice.select(msg, ["none"])
        await alice.select(msg, ["none"])
        assert msg.embeds[0].title.startswith(m.levels["self_care"].badge)
    finally:
        await env.shutdown()  # before closing the connection the client uses
        await fresh.close()


async def test_forget_removes_all_sessions_of_the_user(world, store, m):
    env, channel, alice, bob = world
    msg = (await alice.slash(channel, "twitch check")).response
    await alice.select(msg, ["none"])
    await alice.user.slash("twitch check")  # and one in direct messages
    await bob.slash(channel, "twitch check")
    assert len(await sessions_of(store, alice.id)) == 2
    res = await alice.slash(channel, "twitch forget")
    assert res.ephemeral and res.response.content == m.chat.forgotten
    assert await sessions_of(store, alice.id) == []
    assert len(await sessions_of(store, bob.id)) == 1
    r = await alice.click(msg, label=m.options["frequency"]["daily"])
    assert note(r) == m.chat.expired_button


async def test_privacy_and_help(world, m):
    env, channel, alice, bob = world
    res = await alice.slash(channel, "twitch privacy")
    assert res.ephemeral and res.response.content == m.privacy.format(ttl="24 hours").replace(
        "/forget", "/twitch forget").replace("/log", "/twitch log")
    res = await alice.slash(channel, "twitch help")
    assert res.ephemeral and res.response.content == m.chat.slash_help_text


async def test_a_command_no_longer_in_the_tree_is_still_answered(world, m):
    env, channel, alice, bob = world
    tree = env.bot.tree

    async def old(interaction: discord.Interaction) -> None: ...

    tree.add_command(discord.app_commands.Command(name="oldcheck", description="-", callback=old))
    await tree.sync()  # an earlier deployment registered it ...
    tree.remove_command("oldcheck")  # ... this one no longer has it
    res = await alice.slash(channel, "oldcheck")
    assert res.ephemeral and res.response.content == m.chat.unknown_command.replace("/help", "/twitch help")
    # simcord also records what reached the tree's error handler (reading acknowledges it)
    assert [type(e) for e in env.errors] == [discord.app_commands.CommandNotFound]


# ----------------------------------------------------------------------------- wiring without Discord
async def test_translator_reads_content_only_for_locales_we_have(bundle, m):
    translator = ContentTranslator(bundle)
    text = discord.app_commands.locale_str(m.chat.slash_check, key="chat.slash_check")
    context = discord.app_commands.TranslationContext(
        discord.app_commands.TranslationContextLocation.command_description, None)
    assert await translator.translate(text, discord.Locale.british_english, context) == m.chat.slash_check
    assert await translator.translate(text, discord.Locale.german, context) is None


async def test_sharded_client_and_sync_without_token(settings, bundle, store):
    service = CheckService(bundle, store)
    plain = build_client(settings, service)
    assert not isinstance(plain, discord.AutoShardedClient)
    sharded = settings.model_copy(update={"discord_shard_count": 4, "discord_shard_ids": "2,3"})
    client = build_client(sharded, service)
    assert isinstance(client, discord.AutoShardedClient)
    assert (client.shard_count, client.shard_ids) == (4, [2, 3])
    with pytest.raises(SettingsError, match="DISCORD_BOT_TOKEN"):
        await sync_commands(settings, service)


# ----------------------------------------------------------------------------- languages
async def test_language_mid_check_shows_the_question_again_in_russian(world, store, m):
    env, channel, alice, bob = world
    msg = (await alice.slash(channel, "twitch check")).response
    await alice.select(msg, ["none"])
    ru = load_bundle().content("ru").messages
    res = await alice.slash(channel, "twitch language", language="ru")  # simcord's locale is en-US
    shown = res.response
    assert res.ephemeral and shown.content.startswith(ru.chat.language_set)
    assert ru.questions["frequency"].prompt in shown.content
    await alice.click(shown, label=ru.options["frequency"]["daily"])
    assert ru.questions["duration"].prompt in shown.content
    [session] = await sessions_of(store, alice.id)
    assert session.chosen_locale == "ru" and session.answers == {"emergency": (), "frequency": ("daily",)}


async def test_translator_covers_spanish_and_russian_clients(bundle):
    translator = ContentTranslator(bundle)
    text = discord.app_commands.locale_str(bundle.content("en").messages.chat.slash_check, key="chat.slash_check")
    context = discord.app_commands.TranslationContext(
        discord.app_commands.TranslationContextLocation.command_description, None)
    for locale, code in ((discord.Locale.spain_spanish, "es"), (discord.Locale.latin_american_spanish, "es"),
                         (discord.Locale.russian, "ru")):
        assert await translator.translate(text, locale, context) == bundle.content(code).messages.chat.slash_check
