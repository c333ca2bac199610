"""PTB's Bot over our aiohttp transport, against a small HTTP server on loopback: what arrives,
timeouts, and which failures may be retried without sending a message twice."""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp import web
from telegram import Bot
from telegram.error import NetworkError, TimedOut

from bot.adapters.telegram.retry import retryable
from bot.adapters.telegram.transport import AiohttpRequest

TOKEN = "7000000001:AAsecretTransportToken"
MESSAGE = {"message_id": 5, "date": 0, "chat": {"id": 42, "type": "private"}, "text": "hi"}


class Server:
    def __init__(self) -> None:
        self.received: list[tuple[str, str, dict[str, Any]]] = []  # (method, content type, fields)
        self.delay = 0.0
        self.drop = False

    async def handle(self, request: web.Request) -> web.StreamResponse:
        fields: dict[str, Any] = {}
        if request.content_type == "multipart/form-data":
            async for part in await request.multipart():
                fields[part.name] = (part.filename, await part.read())  # type: ignore[union-attr]
        else:
            fields = dict(await request.post())
        method = request.match_info["method"]
        if method == "getMe":
            return web.json_response({"ok": True, "result": {"id": 7000000001, "is_bot": True, "first_name": "T",
                                                             "username": "t_bot"}})
        self.received.append((method, request.content_type, fields))
        if self.drop and request.transport is not None:
            request.transport.close()  # the request arrived; its answer never will
        await asyncio.sleep(self.delay)
        return web.json_response({"ok": True, "result": MESSAGE})


@pytest.fixture
async def server() -> AsyncIterator[tuple[Server, str]]:
    s = Server()
    app = web.Application()
    app.router.add_post("/bot{token}/{method}", s.handle)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    yield s, f"http://127.0.0.1:{runner.addresses[0][1]}/bot"
    await runner.cleanup()


def bot_at(base_url: str, **kwargs: Any) -> Bot:
    return Bot(TOKEN, base_url=base_url, request=AiohttpRequest(**kwargs))


async def test_a_call_arrives_form_encoded_and_its_answer_is_read(server: tuple[Server, str]) -> None:
    s, url = server
    async with bot_at(url) as bot:
        sent = await bot.send_message(42, "héllo <b>", reply_markup=None)
    assert sent.message_id == 5
    method, content_type, fields = s.received[-1]
    assert method == "sendMessage" and content_type == "application/x-www-form-urlencoded"
    assert fields["chat_id"] == "42" and fields["text"] == "héllo <b>"


async def test_a_file_goes_as_multipart_with_its_name(server: tuple[Server, str]) -> None:
    s, url = server
    async with bot_at(url) as bot:
        await bot.send_document(42, b"%PDF-1.4 summary", filename="summary.pdf", caption="yours")
    method, content_type, fields = s.received[-1]
    assert method == "sendDocument" and content_type == "multipart/form-data"
    assert fields["chat_id"] == (None, b"42") and fields["caption"] == (None, b"yours")
    assert fields["document"] == ("summary.pdf", b"%PDF-1.4 summary")


async def test_a_slow_answer_times_out_at_the_calls_own_read_timeout(server: tuple[Server, str]) -> None:
    s, url = server
    s.delay = 1.0
    async with bot_at(url, read_timeout=30.0) as bot:
        with pytest.raises(TimedOut):
            await bot.send_message(42, "hi", read_timeout=0.2)


async def test_a_refused_connection_was_never_sent_and_may_be_retried() -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    request = AiohttpRequest()
    await request.initialize()
    try:
        with pytest.raises(NetworkError) as caught:
            await request.post(f"http://127.0.0.1:{port}/bot{TOKEN}/sendMessage")
    finally:
        await request.shutdown()
    assert TOKEN not in str(caught.value) and "secretTransport" not in repr(caught.value)
    assert retryable("sendMessage", caught.value)


async def test_a_dropped_answer_is_retried_only_where_a_retry_cannot_duplicate(server: tuple[Server, str]) -> None:
    s, url = server
    s.drop = True
    async with bot_at(url) as bot:
        with pytest.raises(NetworkError) as caught:
            await bot.send_message(42, "hi")
    assert s.received and s.received[-1][0] == "sendMessage"  # it did arrive
    assert not retryable("sendMessage", caught.value)
    assert retryable("editMessageText", caught.value)
    assert TOKEN not in json.dumps(str(caught.value))
