"""Self-test of ``FakeBotAPI`` with a real python-telegram-bot ``Application``.

Retry behaviour of PTB 22.8, as checked here against the fake:

* 429 with ``parameters.retry_after`` -> ``telegram.error.RetryAfter``. ``AIORateLimiter``
  catches it, sleeps ``retry_after + 0.1`` s (and pauses all other requests meanwhile) and
  retries up to ``max_retries`` times. ``retry_after`` must be >= 1: PTB tests
  ``if retry_after:``, so 0 would turn into a plain ``NetworkError``.
* 500 / 502 (any non-2xx status other than 400/401/403/404/409) -> plain
  ``telegram.error.NetworkError`` with the server's description. ``AIORateLimiter`` does NOT
  retry it; it surfaces in the handler (and then in the error handlers).
* Connection dropped without a response -> ``NetworkError("httpx.RemoteProtocolError: ...")``,
  not retried either. Timeouts -> ``TimedOut`` (a ``NetworkError`` subclass), not retried.
* Careful: ``BadRequest`` and ``TimedOut`` are subclasses of ``NetworkError``.
* Only the polling loop (``Updater``) retries ``getUpdates`` on NetworkError itself, with a
  back-off of 1 s, 1.5 s, ... up to 30 s; that sleep is not interrupted by ``Updater.stop()``.

So to survive 5xx one needs a rate limiter that also retries ``NetworkError`` (minus
``BadRequest`` and ``TimedOut``): ``RetryingRateLimiter`` below, which subclasses
``AIORateLimiter`` and wraps its ``process_request``. Retrying after a *dropped connection* can
duplicate a message if Telegram had applied the call before the connection broke
(``test_retry_after_lost_response_duplicates`` shows it with ``drop_connection_next(apply=True)``).
"""

from __future__ import annotations

import asyncio
import json
import socket
import time
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest, EndPointNotFound, InvalidToken, NetworkError, TimedOut
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    ExtBot,
    MessageHandler,
    filters,
)

from bot.adapters.telegram.webhook import webhook_server

from .telegram_server import TOKEN, FakeBotAPI, parse_html

USER = 42

# PTB itself reads the deprecated int ``RetryAfter.retry_after`` in its constructor.
pytestmark = pytest.mark.filterwarnings(
    "ignore:.*retry_after.*:telegram.warnings.PTBDeprecationWarning"
)


class RetryingRateLimiter(AIORateLimiter):
    """``AIORateLimiter`` that also retries server errors (5xx) and connection errors."""

    def __init__(self, *, network_retries: int = 2, retry_delay: float = 0.2, **kwargs: Any):
        super().__init__(**kwargs)
        self._network_retries = network_retries
        self._retry_delay = retry_delay

    async def process_request(self, callback, args, kwargs, endpoint, data, rate_limit_args):  # type: ignore[override]
        for attempt in range(self._network_retries + 1):
            try:
                return await super().process_request(
                    callback, args, kwargs, endpoint, data, rate_limit_args
                )
            except (BadRequest, TimedOut):
                raise
            except NetworkError:
                if attempt == self._network_retries:
                    raise
                await asyncio.sleep(self._retry_delay * 2**attempt)
        raise AssertionError("unreachable")


# ------------------------------------------------------------------------------- fixtures


@pytest.fixture
async def fake():
    async with FakeBotAPI() as server:
        yield server


async def _echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await update.effective_message.reply_text(update.effective_message.text)


async def _start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton("Yes", callback_data="ans:yes"),
                InlineKeyboardButton("No", callback_data="ans:no"),
            ]
        ]
    )
    await update.effective_message.reply_text("Does your knee twitch?", reply_markup=keyboard)


async def _pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    await query.answer("Noted")
    await query.edit_message_text(f"You said <b>{query.data.split(':')[1]}</b>", parse_mode="HTML")


@pytest.fixture
async def app(fake: FakeBotAPI):
    errors: list[BaseException] = []

    async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        errors.append(context.error)

    application = (
        ApplicationBuilder()
        .token(TOKEN)
        .base_url(fake.base_url)
        .base_file_url(fake.base_file_url)
        .rate_limiter(RetryingRateLimiter(max_retries=3))
        .build()
    )
    application.add_handler(CommandHandler("start", _start))
    application.add_handler(CallbackQueryHandler(_pressed, pattern=r"^ans:"))
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, _echo))
    application.add_error_handler(on_error)
    application.bot_data["errors"] = errors

    await application.initialize()  # calls getMe: the fake must already be up
    await application.start()
    await application.updater.start_polling(poll_interval=0, timeout=1)
    try:
        yield application
    finally:
        # Order matters: updater first (it cancels the long poll and sends a final getUpdates
        # to confirm the offset, so the fake must still be running), then the application.
        await application.updater.stop()
        await application.stop()
        await application.shutdown()


# ------------------------------------------------------------------------------- with PTB


async def test_text_is_echoed(fake: FakeBotAPI, app: Application) -> None:
    assert app.bot.username == "twitchcheck_bot"
    fake.user_text(USER, "my knee twitches 123")
    [call] = await fake.wait_for("sendMessage", ok=True)
    assert call.params["chat_id"] == USER  # form value "42" JSON-decoded
    assert call.params["text"] == "my knee twitches 123"
    assert call.content_type == "application/x-www-form-urlencoded"
    [msg] = fake.sent_messages(USER)
    assert msg["text"] == "my knee twitches 123"
    assert msg["chat"] == {"id": USER, "type": "private", "first_name": "Ann"}
    assert "reply_to_message" not in msg  # reply_text() only quotes outside private chats

    fake.group_text(7, "123")  # numeric-looking text stays a string
    [call] = await fake.wait_for("sendMessage", lambda c: c.params["chat_id"] < 0, ok=True)
    assert call.params["text"] == "123"
    reply = fake.last_bot_message(call.params["chat_id"])
    assert reply["chat"]["type"] == "supergroup"
    assert reply["reply_to_message"]["from"]["id"] == 7
    assert app.bot_data["errors"] == []


async def test_inline_keyboard_press_is_answered_and_edited(
    fake: FakeBotAPI, app: Application
) -> None:
    update = fake.user_text(USER, "/start")
    assert update["message"]["entities"] == [{"type": "bot_command", "offset": 0, "length": 6}]
    [call] = await fake.wait_for("sendMessage", ok=True)
    assert isinstance(call.params["reply_markup"], dict)  # arrived as a JSON string
    question = fake.last_bot_message(USER)
    assert question["reply_markup"]["inline_keyboard"][0][1]["callback_data"] == "ans:no"

    press = fake.user_press(USER, question, "ans:yes")
    [answer] = await fake.wait_for("answerCallbackQuery", ok=True)
    assert answer.params["callback_query_id"] == press["callback_query"]["id"]
    assert answer.params["text"] == "Noted"
    await fake.wait_for("editMessageText", ok=True)

    edited = fake.last_bot_message(USER)
    assert edited["message_id"] == question["message_id"]
    assert edited["text"] == "You said yes"
    assert edited["entities"] == [{"offset": 9, "length": 3, "type": "bold"}]
    assert "reply_markup" not in edited  # editMessageText without markup drops the keyboard
    assert "edit_date" in edited
    with pytest.raises(ValueError):
        fake.user_press(USER, edited, "ans:no")  # the button is gone


async def test_429_is_retried_by_aioratelimiter_and_delivered_once(
    fake: FakeBotAPI, app: Application
) -> None:
    fake.fail_next("sendMessage", status=429, retry_after=1)
    started = time.monotonic()
    fake.user_text(USER, "flood")
    await fake.wait_for("sendMessage", ok=True, timeout=5)
    assert time.monotonic() - started >= 1.0
    calls = fake.calls_of("sendMessage")
    assert [c.status for c in calls] == [429, 200]
    assert calls[0].response == {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 1",
        "parameters": {"retry_after": 1},
    }
    assert [m["text"] for m in fake.sent_messages(USER)] == ["flood"]
    assert app.bot_data["errors"] == []


@pytest.mark.parametrize("status", [500, 502])
async def test_5xx_is_retried_by_retrying_limiter(
    fake: FakeBotAPI, app: Application, status: int
) -> None:
    fake.fail_next("sendMessage", status=status)
    fake.user_text(USER, "server hiccup")
    await fake.wait_for("sendMessage", ok=True)
    calls = fake.calls_of("sendMessage")
    assert [c.status for c in calls] == [status, 200]
    assert calls[0].response["error_code"] == status
    assert [m["text"] for m in fake.sent_messages(USER)] == ["server hiccup"]
    assert app.bot_data["errors"] == []


async def test_dropped_connection_is_retried(fake: FakeBotAPI, app: Application) -> None:
    fake.drop_connection_next("sendMessage")
    fake.user_text(USER, "flaky network")
    await fake.wait_for("sendMessage", ok=True)
    assert [c.status for c in fake.calls_of("sendMessage")] == [None, 200]
    assert [m["text"] for m in fake.sent_messages(USER)] == ["flaky network"]


async def test_retry_after_lost_response_duplicates(fake: FakeBotAPI, app: Application) -> None:
    fake.drop_connection_next("sendMessage", apply=True)
    fake.user_text(USER, "twice")
    await fake.wait_for("sendMessage", ok=True)
    assert [m["text"] for m in fake.sent_messages(USER)] == ["twice", "twice"]


async def test_oversize_text_gives_400(fake: FakeBotAPI, app: Application) -> None:
    with pytest.raises(BadRequest, match="(?i)message is too long"):
        await app.bot.send_message(USER, "x" * 4097)
    [call] = fake.calls_of("sendMessage")  # BadRequest is not retried
    assert call.status == 400
    assert call.response["description"] == "Bad Request: message is too long"
    assert fake.sent_messages(USER) == []
    await app.bot.send_message(USER, "x" * 4096)
    assert len(fake.sent_messages(USER)) == 1


# ------------------------------------------------------------------------------- plain bots


@pytest.fixture
async def plain_bot(fake: FakeBotAPI):
    bot = ExtBot(
        TOKEN,
        base_url=fake.base_url,
        base_file_url=fake.base_file_url,
        rate_limiter=AIORateLimiter(max_retries=3),
    )
    async with bot:
        yield bot


async def test_plain_aioratelimiter_does_not_retry_5xx(fake: FakeBotAPI, plain_bot: ExtBot):
    fake.fail_next("sendMessage", status=500)
    with pytest.raises(NetworkError, match="Internal Server Error") as info:
        await plain_bot.send_message(USER, "hi")
    assert type(info.value) is NetworkError
    assert len(fake.calls_of("sendMessage")) == 1
    assert fake.sent_messages() == []

    fake.drop_connection_next("sendMessage")
    with pytest.raises(NetworkError, match="RemoteProtocolError"):
        await plain_bot.send_message(USER, "hi")


async def test_validation_errors(fake: FakeBotAPI, plain_bot: ExtBot) -> None:
    bad_button = InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data="d" * 65)]])
    with pytest.raises(BadRequest, match="(?i)button_data_invalid"):
        await plain_bot.send_message(USER, "hi", reply_markup=bad_button)
    with pytest.raises(BadRequest, match="(?i)can't parse entities"):
        await plain_bot.send_message(USER, "<b>bold<i>x</b></i>", parse_mode="HTML")
    with pytest.raises(BadRequest, match="(?i)can't parse entities"):
        await plain_bot.send_message(USER, "knee < thigh", parse_mode="HTML")
    with pytest.raises(BadRequest, match="(?i)message text is empty"):
        await plain_bot.send_message(USER, "  ")
    assert fake.sent_messages() == []

    ok = InlineKeyboardMarkup([[InlineKeyboardButton("é" * 32, callback_data="é" * 32)]])
    msg = await plain_bot.send_message(
        USER,
        "<b>knee</b> &lt; thigh &amp; <a href='https://x.org'>more</a>",
        parse_mode="HTML",
        reply_markup=ok,
    )
    assert msg.text == "knee < thigh & more"
    assert msg.reply_markup == ok
    with pytest.raises(BadRequest, match="(?i)message is not modified"):
        await plain_bot.edit_message_reply_markup(USER, msg.message_id, reply_markup=ok)
    edited = await plain_bot.edit_message_reply_markup(USER, msg.message_id)
    assert edited.reply_markup is None
    assert msg.message_id + 1 == (await plain_bot.send_message(USER, "next")).message_id

    # A 404 maps to InvalidToken in PTB; do_api_request turns it into EndPointNotFound.
    with pytest.raises(EndPointNotFound):
        await plain_bot.do_api_request("sendTeleportation", api_kwargs={"chat_id": USER})
    with pytest.raises(InvalidToken, match="Not Found"):
        await plain_bot._post("sendTeleportation")


async def test_commands_chat_action_and_webhook(fake: FakeBotAPI, plain_bot: ExtBot) -> None:
    await plain_bot.set_my_commands([("start", "Begin"), ("quick", "Quick check")])
    assert [c.command for c in await plain_bot.get_my_commands()] == ["start", "quick"]
    await plain_bot.delete_my_commands()
    assert await plain_bot.get_my_commands() == ()
    assert await plain_bot.send_chat_action(USER, "typing")

    received: list[tuple[str | None, dict[str, Any]]] = []

    async def hook(request: web.Request) -> web.Response:
        received.append(
            (request.headers.get("X-Telegram-Bot-Api-Secret-Token"), await request.json())
        )
        return web.Response()

    webapp = web.Application()
    webapp.router.add_post("/hook", hook)
    runner = web.AppRunner(webapp)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        url = f"http://127.0.0.1:{port}/hook"
        await plain_bot.set_webhook(url, secret_token="s3cret")
        info = await plain_bot.get_webhook_info()
        assert info.url == url
        assert fake.webhook_secret == "s3cret"
        with pytest.raises(Exception, match="Conflict"):
            await plain_bot.get_updates(timeout=0)
        update = fake.user_text(USER, "via webhook")
        assert await fake.post_update_to_webhook(update) == 200
        assert received == [("s3cret", update)]
        assert fake.pending_updates == []
        await plain_bot.delete_webhook()
        assert (await plain_bot.get_webhook_info()).url == ""
    finally:
        await runner.cleanup()


# ------------------------------------------------------------------------------- raw HTTP


async def test_long_polling_offset_and_body_encodings(fake: FakeBotAPI) -> None:
    url = f"{fake.base_url}{TOKEN}"
    async with aiohttp.ClientSession() as http:

        async def call(method: str, **kwargs: Any) -> dict[str, Any]:
            async with http.post(f"{url}/{method}", **kwargs) as resp:
                return await resp.json()

        started = time.monotonic()
        poll = asyncio.create_task(call("getUpdates", json={"timeout": 5}))
        await asyncio.sleep(0.1)
        first = fake.user_sticker(USER)
        body = await poll
        assert time.monotonic() - started < 2
        assert body["result"] == [first]
        second = fake.user_photo(USER, caption="rash")
        assert second["update_id"] == first["update_id"] + 1
        body = await call("getUpdates", data={"offset": str(first["update_id"] + 1)})
        assert [u["update_id"] for u in body["result"]] == [second["update_id"]]
        text = fake.user_text(USER, "/quick@twitchcheck_bot now")
        assert text["message"]["entities"] == [{"type": "bot_command", "offset": 0, "length": 22}]
        edit = fake.user_edits(USER, text["message"], "later")
        assert edit["edited_message"]["message_id"] == text["message"]["message_id"]
        assert edit["edited_message"]["text"] == "later"
        assert "entities" not in edit["edited_message"]
        body = await call("getUpdates", json={"offset": second["update_id"] + 1, "limit": 1})
        assert body["result"] == [text]

        started = time.monotonic()
        body = await call(
            "getUpdates", params={"offset": str(edit["update_id"] + 1), "timeout": "0.3"}
        )
        assert body == {"ok": True, "result": []}
        assert 0.25 < time.monotonic() - started < 2

        form = aiohttp.FormData()
        form.add_field("chat_id", "42")
        form.add_field("text", "true")
        form.add_field(
            "reply_markup", json.dumps({"inline_keyboard": [[{"text": "a", "callback_data": "b"}]]})
        )
        form.add_field("document", b"hello", filename="a.txt", content_type="text/plain")
        body = await call("sendMessage", data=form)
        assert body["ok"], body
        params = fake.calls_of("sendMessage")[-1].params
        assert params["chat_id"] == 42 and params["text"] == "true"
        assert params["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "b"
        assert params["document"]["data"] == b"hello"

        body = await call(
            "sendMessage",
            json={"chat_id": 42, "text": "hi", "reply_markup": '{"inline_keyboard": []}'},
        )
        assert body["ok"] and "reply_markup" not in body["result"]

        async with http.get(f"{url}/getMe") as resp:
            assert (await resp.json())["result"]["username"] == "twitchcheck_bot"
        async with http.post(f"{url}/nope") as resp:
            assert resp.status == 404
            assert await resp.json() == {"ok": False, "error_code": 404, "description": "Not Found"}


def test_parse_html() -> None:
    assert parse_html('<pre><code class="language-py">x = 1</code></pre>') == (
        "x = 1",
        [{"offset": 0, "length": 5, "type": "pre", "language": "py"}],
    )
    assert parse_html("😀 <i>a</i>")[1] == [{"offset": 3, "length": 1, "type": "italic"}]
    with pytest.raises(ValueError, match="Unsupported start tag"):
        parse_html("<div>x</div>")
    with pytest.raises(ValueError, match="Can't find end tag"):
        parse_html("<b>x")
    assert parse_html("a & b > c", strict=False)[0] == "a & b > c"


async def test_a_webhook_receives_posted_updates(fake: FakeBotAPI) -> None:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    application = (
        ApplicationBuilder()
        .token(TOKEN)
        .base_url(fake.base_url)
        .base_file_url(fake.base_file_url)
        .build()
    )
    application.add_handler(MessageHandler(filters.TEXT, _echo))
    await application.initialize()
    await application.start()
    # The bot's own webhook server (Starlette/uvicorn; PTB's tornado extra is not installed).
    server = webhook_server(application, url=f"http://127.0.0.1:{port}/hook", listen="127.0.0.1", port=port,
                            secret="s3cret", allowed_updates=["message"])
    await server.__aenter__()
    try:
        assert fake.webhook_url == f"http://127.0.0.1:{port}/hook"
        update = fake.user_text(USER, "hello webhook")
        assert await fake.post_update_to_webhook(update) == 200
        await fake.wait_for("sendMessage", ok=True)
        assert fake.last_bot_message(USER)["text"] == "hello webhook"

        fake.webhook_secret = "wrong"
        assert await fake.post_update_to_webhook(fake.user_text(USER, "spoofed")) == 403
    finally:
        await server.__aexit__(None, None, None)
        await application.stop()
        await application.shutdown()
