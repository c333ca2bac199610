"""Discord follow-ups against simcord's offline Discord: a due check-in arrives as a DM with
buttons that answer it; a user with closed DMs (50007) has their check-ins cancelled;
/twitch log, history (a chart attached) and summary (a PDF attached), only to the person."""

from __future__ import annotations

import subprocess

import pytest

from bot.adapters.discord import build_client, sync_tree
from bot.adapters.discord.followups import discord_deliver
from bot.catalog import load_bundle
from bot.engine import Bundle, Session
from bot.followups.address import AddressSeal
from bot.followups.chart import HEIGHT_PX, WIDTH_PX, png_size
from bot.followups.scheduler import Scheduler
from bot.followups.service import FollowupService, offer_token
from bot.service import CheckService
from bot.settings import Settings
from bot.stores.followups_sqlite import SqliteFollowupStore
from bot.stores.sqlite_store import SqliteStore
from tests.e2e.discord_helpers import GUILD_ID, SECRET, custom_ids, discord_settings
from tests.followups.given import ANSWERS, DAY, T0, Clock


@pytest.fixture(scope="module")
def bundle() -> Bundle:
    return load_bundle()


@pytest.fixture
def clock() -> Clock:
    return Clock(T0)


@pytest.fixture
def settings(tmp_path) -> Settings:
    return discord_settings(tmp_path)


@pytest.fixture
async def service(tmp_path, bundle, clock):
    store = await SqliteStore(tmp_path / "tc.sqlite3").open()
    followups = FollowupService(bundle, SqliteFollowupStore(tmp_path / "f.sqlite3", AddressSeal(SECRET), clock=clock),
                                clock=clock)
    yield CheckService(bundle, store, clock=clock, followups=followups)
    await followups.store.close()
    await store.close()


@pytest.fixture
def simcord_bot(settings, service):  # simcord's plugin wraps this in a running Env
    return build_client(settings, service)


@pytest.fixture
async def world(simcord_env, settings):
    env = simcord_env
    guild = env.create_guild(id=GUILD_ID)
    guild.create_text_channel("general")
    alice = guild.add_member(env.create_user("alice"))
    bob = guild.add_member(env.create_user("bob"))
    await env.bot.tree.sync()
    assert await sync_tree(env.bot, settings) == 1
    return env, alice, bob


async def accept(service: CheckService, user_id: int) -> None:
    session = Session(status="done", answers=ANSWERS, result_level="self_care", nonce="n1", version=3)
    user = service_user(service, user_id)
    await service.choose_offer("discord", user, offer_token(session), "in_3_days", session, str(user_id))


def service_user(service: CheckService, user_id: int) -> str:
    from bot.stores.keys import hash_id

    return hash_id(SECRET, "discord", user_id)


async def test_a_checkin_arrives_as_a_dm_and_its_buttons_answer_it(world, service, bundle, clock) -> None:
    env, alice, _ = world
    m = bundle.content("en").messages
    await accept(service, alice.id)
    clock.now = T0 + 3 * DAY
    assert service.followups is not None
    tally = await Scheduler(service.followups, {"discord": discord_deliver(env.bot)}, clock).tick()
    assert tally.sent == 1
    [dm] = [msg for msg in env.backend.get_dm_channel(alice.id) and alice.user.dm_channel.history()
            if msg.author.id == env.bot.user.id]
    assert "3 days ago" in dm.content and m.followups.checkin.questions["course"] in dm.content
    assert all(cid.startswith("tc:f:") for cid in custom_ids(dm.components))
    await alice.user.click(dm, label=m.followups.checkin.options["course"]["same"])
    later = [msg for msg in alice.user.dm_channel.history() if msg.author.id == env.bot.user.id]
    assert m.followups.checkin.questions["emergency"] in later[-1].content
    assert await service.in_checkin("discord", service_user(service, alice.id))
    assert await Scheduler(service.followups, {"discord": discord_deliver(env.bot)}, clock).tick() == \
        type(tally)()  # nothing more to send


async def test_closed_dms_cancel_the_checkins_cleanly(world, service, bundle, clock) -> None:
    env, _, bob = world
    await accept(service, bob.id)
    clock.now = T0 + 3 * DAY
    env.inject_error("POST", "/channels/*/messages", status=403, code=50007,
                     message="Cannot send messages to this user", times=None)
    assert service.followups is not None
    scheduler = Scheduler(service.followups, {"discord": discord_deliver(env.bot)}, clock)
    tally = await scheduler.tick()
    assert (tally.sent, tally.cancelled) == (0, 1)
    stored = await service.followups.store.load("discord", service_user(service, bob.id))
    assert stored is not None and stored.record.pending is None and stored.record.conversation is None
    clock.now += 5 * DAY
    assert (await scheduler.tick()).cancelled == 0  # no retry loop


async def test_log_history_and_summary_on_discord_only_to_the_person(world, service, bundle, clock, tmp_path) -> None:
    env, alice, _ = world
    channel = env.guild.channels["general"]
    m = bundle.content("en").messages
    res = await alice.slash(channel, "twitch log")
    msg = res.response
    assert res.ephemeral and msg.content == m.followups.diary.prompt
    assert all(cid.startswith("tc:f:") and ":l:" in cid for cid in custom_ids(msg.components))
    picked = await alice.click(msg, label=m.followups.diary.levels["some"])
    triggers = picked.followups[-1]
    assert m.followups.diary.triggers_prompt in triggers.content and triggers.ephemeral
    await alice.click(triggers, label=m.option_label("triggers", "caffeine"))  # a tick: the same message
    await alice.click(triggers, label=m.chat.done_button)
    assert service.followups is not None
    [entry] = await service.followups.store.diary("discord", service_user(service, alice.id))
    assert (entry.level, entry.triggers) == ("some", ("caffeine",))

    res = await alice.slash(channel, "twitch history", days=30)
    [chart] = res.response.attachments
    assert res.ephemeral and chart.filename == "history.png" and "▅" in res.response.content
    assert png_size(await chart.read()) == (WIDTH_PX, HEIGHT_PX)

    await accept(service, alice.id)  # a check recorded: the summary has answers and reasons
    res = await alice.slash(channel, "twitch summary")
    [pdf] = res.response.attachments
    assert res.ephemeral and pdf.filename == "twitchcheck-summary.pdf"
    (tmp_path / "s.pdf").write_bytes(await pdf.read())
    text = " ".join(subprocess.run(["pdftotext", str(tmp_path / "s.pdf"), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    for expected in ("How long: 1 to 2 weeks", "How often: Every day", m.self_care_reason.split(",")[0]):
        assert expected in text, expected
    assert any("How long: 1 to 2 weeks" in f.content for f in res.followups)  # the text as messages too
