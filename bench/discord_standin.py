"""A loopback Discord for the benchmark: the gateway (a websocket, zlib-stream compressed as
Discord's is) and the REST endpoints a bot answering interactions calls, on 127.0.0.1.

Only what the bench needs: login, the gateway handshake (HELLO, IDENTIFY, READY, heartbeats),
INTERACTION_CREATE pushed by the load, interaction callbacks, and the interaction webhook
(edit the original response, followups). Every callback and webhook call is timed against
the moment its interaction was written to the socket, on this process's clock.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
import zlib
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

APP_ID = 900000000000000001
BOT_ID = 900000000000000002
GUILD_ID = 900000000000000003
CHANNEL_ID = 900000000000000004
TOKEN = "bench.discord.token"
EPHEMERAL = 1 << 6
LOADING = 1 << 7
ISO = "2026-11-25T00:00:00.000000+00:00"
BOT_USER = {"id": str(BOT_ID), "username": "bench-bot", "discriminator": "0", "global_name": None,
            "avatar": None, "bot": True, "verified": True, "flags": 0, "mfa_enabled": False}
CHANNEL = {"id": str(CHANNEL_ID), "type": 0, "guild_id": str(GUILD_ID), "name": "general", "position": 0,
           "permission_overwrites": [], "nsfw": False, "parent_id": None, "topic": None, "flags": 0,
           "rate_limit_per_user": 0, "last_message_id": None}


def user_payload(uid: int) -> dict[str, Any]:
    return {"id": str(uid), "username": f"user{uid}", "discriminator": "0", "global_name": None,
            "avatar": None, "public_flags": 0}


@dataclass
class Sent:
    """One interaction pushed to the bot, and what the bot did about it."""

    user: int
    at: float
    message_id: int | None = None  # the message its @original edits: the source, or the deferred reply
    acked: float | None = None
    replied: float | None = None
    rest_calls: int = 0


@dataclass
class Reply:
    """A message the bot showed a user (an initial response, an edit or a followup)."""

    message: dict[str, Any]
    latency_ms: float


@dataclass
class DiscordStandIn:
    host: str = "127.0.0.1"
    port: int = 0
    sent: dict[str, Sent] = field(default_factory=dict)  # by interaction token
    messages: dict[int, dict[str, Any]] = field(default_factory=dict)
    inbox: defaultdict[int, asyncio.Queue[Reply]] = field(default_factory=lambda: defaultdict(asyncio.Queue))
    identified: asyncio.Event = field(default_factory=asyncio.Event)
    rest_calls: int = 0
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _seq: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _ws: web.WebSocketResponse | None = None
    _zlib: Any = None

    # ------------------------------------------------------------------ lifecycle
    async def __aenter__(self) -> DiscordStandIn:
        app = web.Application()
        app.router.add_get("/", self._gateway)
        api = "/api/v10"
        app.router.add_get(api + "/gateway/bot", self._gateway_bot)
        app.router.add_get(api + "/users/@me", self._me)
        app.router.add_get(api + "/oauth2/applications/@me", self._application)
        app.router.add_post(api + "/interactions/{iid}/{token}/callback", self._callback)
        app.router.add_patch(api + "/webhooks/{app}/{token}/messages/@original", self._edit_original)
        app.router.add_post(api + "/webhooks/{app}/{token}", self._followup)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        self.port = self._runner.addresses[0][1]
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._ws is not None:
            await self._ws.close()
        await self._runner.cleanup()

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def gateway_url(self) -> str:
        return f"ws://{self.host}:{self.port}/"

    def snowflake(self) -> int:
        return ((int(time.time() * 1000) - 1420070400000) << 22) | (next(self._ids) & 0x3FFFFF)

    # ------------------------------------------------------------------ gateway
    async def _send(self, payload: dict[str, Any]) -> None:
        assert self._ws is not None
        data = self._zlib.compress(json.dumps(payload).encode()) + self._zlib.flush(zlib.Z_SYNC_FLUSH)
        await self._ws.send_bytes(data)

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(max_msg_size=0)
        await ws.prepare(request)
        self._ws, self._zlib = ws, zlib.compressobj()
        await self._send({"op": 10, "d": {"heartbeat_interval": 41250}, "s": None, "t": None})
        async for msg in ws:
            if msg.type is not WSMsgType.TEXT:
                continue
            op = json.loads(msg.data).get("op")
            if op == 1:
                await self._send({"op": 11, "d": None, "s": None, "t": None})
            elif op == 2:
                await self.dispatch("READY", {
                    "v": 10, "user": BOT_USER, "guilds": [], "session_id": "bench", "shard": [0, 1],
                    "resume_gateway_url": self.gateway_url, "application": {"id": str(APP_ID), "flags": 0}})
                self.identified.set()
        return ws

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        await self._send({"op": 0, "t": event, "s": next(self._seq), "d": data})

    # ------------------------------------------------------------------ interactions (the load's side)
    async def interact(self, user: int, kind: int, data: dict[str, Any],
                       message: dict[str, Any] | None = None) -> None:
        """Push one INTERACTION_CREATE from `user` in the bench guild's channel."""
        iid = self.snowflake()
        token = f"itok.{iid}"
        payload: dict[str, Any] = {
            "id": str(iid), "application_id": str(APP_ID), "type": kind, "data": data, "token": token,
            "version": 1, "guild_id": str(GUILD_ID), "guild": {"id": str(GUILD_ID), "locale": "en-US", "features": []},
            "channel_id": str(CHANNEL_ID), "channel": CHANNEL, "locale": "en-US", "guild_locale": "en-US",
            "member": {"user": user_payload(user), "roles": [], "joined_at": ISO, "deaf": False, "mute": False,
                       "flags": 0, "pending": False, "nick": None, "avatar": None, "permissions": "2248473465835073"},
            "app_permissions": "2248473465835073", "entitlements": [], "context": 0,
            "authorizing_integration_owners": {"0": str(GUILD_ID)}, "attachment_size_limit": 8388608,
        }
        if message is not None:
            payload["message"] = message
        self.sent[token] = Sent(user, time.perf_counter(), int(message["id"]) if message else None)
        await self.dispatch("INTERACTION_CREATE", payload)

    # ------------------------------------------------------------------ REST
    @staticmethod
    def _json(body: Any, status: int = 200) -> web.Response:
        # exactly this content type: discord.py parses the body as JSON only then
        return web.Response(body=json.dumps(body).encode(), status=status, headers={"Content-Type": "application/json"})

    async def _me(self, request: web.Request) -> web.Response:
        return self._json(BOT_USER)

    async def _gateway_bot(self, request: web.Request) -> web.Response:
        return self._json({"url": self.gateway_url, "shards": 1, "session_start_limit": {
            "total": 1000, "remaining": 1000, "reset_after": 0, "max_concurrency": 1}})

    async def _application(self, request: web.Request) -> web.Response:
        return self._json({"id": str(APP_ID), "name": "bench", "icon": None, "description": "", "rpc_origins": [],
                           "bot_public": True, "bot_require_code_grant": False, "owner": BOT_USER, "summary": "",
                           "verify_key": "0" * 64, "team": None, "flags": 0, "interactions_endpoint_url": None})

    def _message(self, mid: int, body: dict[str, Any], flags: int = 0) -> dict[str, Any]:
        message: dict[str, Any] = {"id": str(mid), "channel_id": str(CHANNEL_ID), "guild_id": str(GUILD_ID), "author": BOT_USER,
                   "content": "", "timestamp": ISO, "edited_timestamp": None, "tts": False,
                   "mention_everyone": False, "mentions": [], "mention_roles": [], "attachments": [],
                   "embeds": [], "components": [], "pinned": False, "type": 20, "flags": flags,
                   "application_id": str(APP_ID)}
        self.messages[mid] = message
        return self._apply(message, body)

    @staticmethod
    def _apply(message: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
        for key in ("content", "embeds", "components"):
            if key in body:
                message[key] = body[key] if body[key] is not None else ([] if key != "content" else "")
        return message

    def _lookup(self, request: web.Request) -> Sent:
        self.rest_calls += 1
        sent = self.sent[request.match_info["token"]]
        sent.rest_calls += 1
        return sent

    def _deliver(self, sent: Sent, message: dict[str, Any]) -> None:
        now = time.perf_counter()
        if sent.replied is None:
            sent.replied = now
        self.inbox[sent.user].put_nowait(Reply(dict(message), (now - sent.at) * 1000))

    async def _callback(self, request: web.Request) -> web.Response:
        sent = self._lookup(request)
        sent.acked = time.perf_counter()
        body = await request.json()
        kind, data = body["type"], body.get("data") or {}
        flags = int(data.get("flags") or 0)
        message: dict[str, Any] | None = None
        if kind == 4:  # a message as the response
            sent.message_id = self.snowflake()
            message = self._message(sent.message_id, data, flags)
            self._deliver(sent, message)
        elif kind == 5:  # deferred ("thinking"): the message comes with the edit of @original
            sent.message_id = self.snowflake()
            self._message(sent.message_id, {}, (flags & EPHEMERAL) | LOADING)
        elif kind == 7 and sent.message_id is not None:  # the source message, updated in place
            message = self._apply(self.messages[sent.message_id], data)
            self._deliver(sent, message)
        response: dict[str, Any] = {"interaction": {
            "id": request.match_info["iid"], "type": kind, "activity_instance_id": None,
            "response_message_id": str(sent.message_id) if kind in (4, 5) else None,
            "response_message_loading": kind == 5, "response_message_ephemeral": bool(flags & EPHEMERAL)}}
        if message is not None:
            response["resource"] = {"type": kind, "message": message}
        return self._json(response)

    async def _edit_original(self, request: web.Request) -> web.Response:
        sent = self._lookup(request)
        if sent.message_id is None or sent.message_id not in self.messages:
            return self._json({"code": 10008, "message": "Unknown Message"}, 404)
        message = self._apply(self.messages[sent.message_id], await request.json())
        message["flags"] = message["flags"] & ~LOADING
        self._deliver(sent, message)
        return self._json(message)

    async def _followup(self, request: web.Request) -> web.Response:
        sent = self._lookup(request)
        body = await request.json()
        message = self._message(self.snowflake(), body, int(body.get("flags") or 0))
        self._deliver(sent, message)
        return self._json(message)
