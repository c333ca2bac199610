"""Helpers for the Discord end-to-end tests (simcord 3.2: an offline Discord stand-in).

Some helpers reach into simcord internals (`env.backend`, `env._begin_operation`,
`simcord.actors._*`) because its public API cannot forge a custom id or time a
request; they are pinned to simcord 3.2.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

import simcord
from simcord import actors as _actors
from simcord.components import walk_components

from bot.engine.session import Session
from bot.settings import Settings
from bot.stores.base import decode
from bot.stores.keys import hash_id
from bot.stores.sqlite_store import SqliteStore

GUILD_ID = 1234567890123456789
SECRET = b"discord-e2e-secret"


def discord_settings(data_dir: Path) -> Settings:
    """Settings for a bot in the test guild, with nothing read from the environment."""
    return Settings(_env_file=None, twitchcheck_data_dir=data_dir, twitchcheck_id_secret=SECRET.decode(),
                    discord_guild_id=GUILD_ID, discord_shard_count=None, discord_shard_ids=None,
                    discord_bot_token=None)


class SlowStore(SqliteStore):
    """A test double of the store's *timing* only: the real SqliteStore, with every load
    and save delayed as a busy database or a distant Redis would be."""

    def __init__(self, *args: Any, delay: float, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.delay = delay

    async def load(self, key):  # type: ignore[no-untyped-def]
        await asyncio.sleep(self.delay)
        return await super().load(key)

    async def save(self, key, record, expected):  # type: ignore[no-untyped-def]
        await asyncio.sleep(self.delay)
        return await super().save(key, record, expected)


def callbacks(env: simcord.Env) -> list[dict[str, Any]]:
    """Initial interaction responses (POST /interactions/{id}/{token}/callback), in order."""
    return [r.json for r in env.http_requests if r.method == "POST" and r.path.endswith("/callback")]


def custom_ids(components: list[dict[str, Any]]) -> list[str]:
    return [c["custom_id"] for c in walk_components(components) if "custom_id" in c]


def component(components: list[dict[str, Any]], prefix: str) -> dict[str, Any]:
    found = [c for c in walk_components(components) if c.get("custom_id", "").startswith(prefix)]
    assert len(found) == 1, (prefix, custom_ids(components))
    return found[0]


async def sessions_of(store: SqliteStore, user_id: int) -> list[Session]:
    """Every stored session of one Discord user (read straight from the SQLite table)."""
    user = hash_id(SECRET, "discord", user_id)
    rows = store.db.execute("SELECT data FROM sessions WHERE platform='discord' AND user=?", (user,)).fetchall()
    return [decode(row[0]).session for row in rows]


async def forge_component(env: simcord.Env, actor: Any, message: Any, custom_id: str, *,
                          component_type: int = 2, values: list[str] | None = None,
                          tamper_message: bool = False) -> simcord.InteractionResult:
    """A component interaction a real Discord client would not send.

    simcord's click()/select() refuse components that are not on the message or not
    visible to the actor, so this goes one level lower. With tamper_message=True the
    message embedded in the interaction is rewritten to carry the forged button too.
    """
    stored = env.backend.get_message(message.channel_id, message.id)
    data: dict[str, Any] = {"custom_id": custom_id, "component_type": component_type}
    if values is not None:
        data["values"] = values
    env._begin_operation("forge_component")
    try:
        if not tamper_message:
            return await _actors._component_interaction(actor, stored, data)
        from simcord.backend import serializers

        payload = dict(serializers.message_payload(env.backend, stored))
        payload["components"] = [
            {"type": 1, "components": [{"type": 2, "style": 1, "label": "x", "custom_id": custom_id}]}
        ]
        channel = simcord.ChannelHandle(env, actor.guild, env.backend.get_channel(stored.channel_id))
        return await _actors._dispatch_actor_interaction(
            actor, 3, channel, data, extra={"message": payload}, source_message_id=stored.id)
    finally:
        env._end_operation()


class AckTimer:
    """Wall-clock and virtual-clock times of INTERACTION_CREATE and of every REST call."""

    class _TimedList(list):
        def __init__(self, owner: AckTimer, items: list[Any]) -> None:
            super().__init__(items)
            self.owner = owner

        def append(self, entry: Any) -> None:  # simcord's router appends one entry per request
            self.owner.rest.append((time.perf_counter(), self.owner.env.backend.clock.elapsed, entry))
            super().append(entry)

    def __init__(self, env: simcord.Env) -> None:
        self.env = env
        self.dispatched: dict[str, tuple[float, float]] = {}
        self.rest: list[tuple[float, float, Any]] = []
        env.backend.http_requests = self._TimedList(self, env.backend.http_requests)
        env.backend.subscribers.insert(0, self._on_event)

    def _on_event(self, event: str, payload: dict[str, Any]) -> None:
        if event == "INTERACTION_CREATE":
            self.dispatched[payload["id"]] = (time.perf_counter(), self.env.backend.clock.elapsed)

    def ack_latency(self, result: simcord.InteractionResult) -> tuple[float, float]:
        """(wall seconds, virtual seconds) from dispatch to the first callback POST."""
        interaction_id = str(result._interaction.id)
        t0, v0 = self.dispatched[interaction_id]
        for t, v, entry in self.rest:
            if entry.method == "POST" and entry.path.startswith(f"/interactions/{interaction_id}/"):
                return t - t0, v - v0
        raise AssertionError("the interaction was never acknowledged")

    def last_rest(self, result: simcord.InteractionResult) -> float:
        """Virtual seconds from dispatch to the last REST call made for this interaction."""
        _, v0 = self.dispatched[str(result._interaction.id)]
        token = result._interaction.token
        times = [v for _, v, e in self.rest if token in e.path]
        return max(times) - v0


def note(result: simcord.InteractionResult) -> str:
    """The ephemeral note the presser got: the response itself, or a followup after a defer."""
    if result.followups:
        message = result.followups[-1]
    else:
        assert not result.deferred, "deferred without a followup"
        message = result.response
    assert message is not None and message.ephemeral, message
    return message.content
