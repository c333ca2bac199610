"""A local stand-in for the Telegram Bot API server, for end-to-end tests.

``FakeBotAPI`` is a small aiohttp server on 127.0.0.1 (free port) that speaks enough of the
Bot API for a python-telegram-bot (PTB) ``Application`` to run against it unchanged::

    async with FakeBotAPI() as fake:
        app = (
            ApplicationBuilder()
            .token(TOKEN)
            .base_url(fake.base_url)            # "http://127.0.0.1:PORT/bot"
            .base_file_url(fake.base_file_url)  # "http://127.0.0.1:PORT/file/bot"
            .build()
        )
        ...
        fake.user_text(42, "/start")
        [call] = await fake.wait_for("sendMessage")

How PTB 22 encodes requests (read from ``telegram/request/``): ``HTTPXRequest.do_request``
posts ``RequestData.json_parameters`` as ``data=`` to httpx, so a normal call is
``application/x-www-form-urlencoded``; calls that upload files are ``multipart/form-data``.
In both cases every value is a string: ``str`` values are sent as they are, anything else
(int, bool, list, dict such as ``reply_markup``/``entities``/``commands``) is ``json.dumps``-ed,
and ``None`` values are left out. This server therefore JSON-decodes every form value except
for a set of known free-text fields (``text``, ``caption``, ...), so that ``text="123"`` stays a
string. JSON bodies (``application/json``) and query strings (GET) are accepted too.

Error bodies are what the real API sends; PTB maps them as follows
(``BaseRequest._request_wrapper``): a body with ``parameters.retry_after`` -> ``RetryAfter``;
400 -> ``BadRequest``; 401/404 -> ``InvalidToken`` (so an unknown method surfaces as
``InvalidToken("Not Found")``); 403 -> ``Forbidden``; 409 -> ``Conflict``; any other status,
including 500 and 502 -> plain ``NetworkError``; a dropped connection ->
``NetworkError("httpx.RemoteProtocolError: ...")``. ``AIORateLimiter`` only retries
``RetryAfter`` (sleeping ``retry_after + 0.1`` s); it does not retry 5xx or network errors,
see ``test_telegram_server.py`` for a limiter that does.

Deliberate simplifications (documented so tests do not rely on them):

* Any token is accepted unless ``token=`` is given; chats the bot has not seen are made up
  (``strict_chats=True`` gives the real "chat not found" instead).
* HTML checking is stricter than Telegram: a bare ``&`` or ``>`` is rejected (Telegram takes
  them literally); set ``strict_html=False`` to accept them. Markdown is not checked.
* As in the real API, the returned ``Message.text`` is the text *after* entity parsing (tags
  removed, ``entities`` filled in), a ``reply_markup`` is only echoed for inline keyboards, and
  ``editMessageText`` without ``reply_markup`` removes the inline keyboard.
* The 4096 limit counts code points after entity parsing.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import itertools
import json
import re
import socket
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any

import aiohttp
from aiohttp import web

__all__ = [
    "BOT_ID",
    "TOKEN",
    "ApiError",
    "Call",
    "FakeBotAPI",
    "parse_html",
]

BOT_ID = 7_000_000_001
TOKEN = f"{BOT_ID}:AAFakeTokenForTwitchCheckTests_0123456"
DEFAULT_GROUP_ID = -1_001_234_567_890

MAX_TEXT_LENGTH = 4096
MAX_CALLBACK_DATA = 64

# Form fields that carry free text and must never be JSON-decoded.
_STRING_FIELDS = frozenset(
    {
        "text",
        "caption",
        "parse_mode",
        "callback_query_id",
        "inline_message_id",
        "url",
        "secret_token",
        "ip_address",
        "action",
        "language_code",
        "business_connection_id",
        "message_effect_id",
        "title",
        "description",
        "short_description",
        "name",
        "emoji",
        "question",
        "explanation",
        "first_name",
        "last_name",
        "phone_number",
        "vcard",
        "address",
        "payload",
        "currency",
        "start_parameter",
        "custom_title",
        "sticker",
        "photo",
        "document",
        "video",
        "audio",
        "voice",
        "animation",
        "file_id",
        "file_path",
    }
)

_INLINE_BUTTON_KINDS = (
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)

_CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)

_COMMAND_RE = re.compile(r"^[a-z0-9_]{1,32}$")
_BOT_COMMAND_IN_TEXT_RE = re.compile(r"(?<!\S)/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?")
_SECRET_RE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _now() -> int:
    return int(time.time())


class ApiError(Exception):
    """An error answer of the Bot API (raise it from a custom method handler)."""

    def __init__(self, status: int, description: str, parameters: dict[str, Any] | None = None):
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.status,
            "description": self.description,
        }
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def _bad_request(detail: str) -> ApiError:
    return ApiError(400, f"Bad Request: {detail}")


# --------------------------------------------------------------------------------------------
# HTML parse mode
# --------------------------------------------------------------------------------------------

_HTML_TAGS = frozenset(
    {
        "b",
        "strong",
        "i",
        "em",
        "u",
        "ins",
        "s",
        "strike",
        "del",
        "span",
        "tg-spoiler",
        "a",
        "code",
        "pre",
        "tg-emoji",
        "blockquote",
    }
)
_TAG_ENTITY = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "span": "spoiler",
    "tg-spoiler": "spoiler",
    "code": "code",
    "pre": "pre",
}
_TAG_RE = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)([^<>]*)>")
_ATTR_RE = re.compile(r"""([A-Za-z_][A-Za-z0-9_-]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_HTML_ENTITY_RE = re.compile(r"&(?:(lt|gt|amp|quot)|#([0-9]{1,7})|#[xX]([0-9a-fA-F]{1,6}));")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}


class HtmlParseError(ValueError):
    pass


def parse_html(source: str, *, strict: bool = True) -> tuple[str, list[dict[str, Any]]]:
    """Parse Telegram-flavoured HTML into (plain text, entities) like the Bot API does.

    Raises ``HtmlParseError`` with a tdlib-style message for malformed markup.
    """
    out: list[str] = []
    utf16_pos = 0
    stack: list[dict[str, Any]] = []
    entities: list[dict[str, Any]] = []
    i = 0
    n = len(source)

    def byte_offset(idx: int) -> int:
        return len(source[:idx].encode("utf-8"))

    def emit(chunk: str) -> None:
        nonlocal utf16_pos
        out.append(chunk)
        utf16_pos += _utf16_len(chunk)

    while i < n:
        ch = source[i]
        if ch == "<":
            m = _TAG_RE.match(source, i)
            if m is None:
                raise HtmlParseError(f"Unclosed start tag at byte offset {byte_offset(i)}")
            closing, name, attr_text = m.group(1), m.group(2).lower(), m.group(3)
            if closing:
                if attr_text.strip():
                    raise HtmlParseError(f"Unclosed end tag at byte offset {byte_offset(i)}")
                if not stack:
                    raise HtmlParseError(f"Unexpected end tag at byte offset {byte_offset(i)}")
                top = stack.pop()
                if top["tag"] != name:
                    raise HtmlParseError(
                        f"Unmatched end tag at byte offset {byte_offset(i)}, expected "
                        f'"</{top["tag"]}>", found "</{name}>"'
                    )
                _close_tag(top, stack, utf16_pos, entities)
            else:
                if name not in _HTML_TAGS:
                    raise HtmlParseError(
                        f'Unsupported start tag "{name}" at byte offset {byte_offset(i)}'
                    )
                attrs = {
                    a.lower(): next(v for v in (v1, v2, v3) if v is not None)
                    for a, v1, v2, v3 in _ATTR_RE.findall(attr_text)
                }
                if name == "span" and attrs.get("class") != "tg-spoiler":
                    raise HtmlParseError(
                        f'Tag "span" must have class "tg-spoiler" at byte offset {byte_offset(i)}'
                    )
                if name == "blockquote" and re.search(r"\bexpandable\b", attr_text):
                    attrs["expandable"] = "1"
                stack.append({"tag": name, "attrs": attrs, "start": utf16_pos})
            i = m.end()
        elif ch == "&":
            m = _HTML_ENTITY_RE.match(source, i)
            if m is None:
                if strict:
                    raise HtmlParseError(
                        f'Unescaped "&" at byte offset {byte_offset(i)}; use "&amp;"'
                    )
                emit("&")
                i += 1
                continue
            named, dec, hexa = m.groups()
            if named:
                emit(_NAMED[named])
            else:
                code = int(dec) if dec else int(hexa, 16)
                try:
                    emit(chr(code))
                except (ValueError, OverflowError):
                    emit(m.group(0))
            i = m.end()
        elif ch == ">" and strict:
            raise HtmlParseError(f'Unescaped ">" at byte offset {byte_offset(i)}; use "&gt;"')
        else:
            j = i + 1
            while j < n and source[j] not in "<&>":
                j += 1
            emit(source[i:j])
            i = j

    if stack:
        raise HtmlParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1]["tag"]}"')
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(out), entities


def _close_tag(
    frame: dict[str, Any],
    stack: list[dict[str, Any]],
    end: int,
    entities: list[dict[str, Any]],
) -> None:
    tag, attrs, start = frame["tag"], frame["attrs"], frame["start"]
    length = end - start
    if tag == "code" and stack and stack[-1]["tag"] == "pre":
        cls = attrs.get("class", "")
        if cls.startswith("language-"):
            stack[-1]["language"] = cls[len("language-") :]
        return
    if length <= 0:
        return
    entity: dict[str, Any] = {"offset": start, "length": length}
    if tag == "a":
        href = attrs.get("href", "")
        if not href:
            return
        m = re.match(r"^tg://user\?id=(\d+)$", href)
        if m:
            entity.update(
                type="text_mention", user={"id": int(m.group(1)), "is_bot": False, "first_name": ""}
            )
        else:
            entity.update(type="text_link", url=href)
    elif tag == "tg-emoji":
        entity.update(type="custom_emoji", custom_emoji_id=attrs.get("emoji-id", ""))
    elif tag == "blockquote":
        entity["type"] = "expandable_blockquote" if attrs.get("expandable") else "blockquote"
    else:
        entity["type"] = _TAG_ENTITY[tag]
        if tag == "pre" and frame.get("language"):
            entity["language"] = frame["language"]
    entities.append(entity)


# --------------------------------------------------------------------------------------------
# Recorded calls
# --------------------------------------------------------------------------------------------


@dataclass
class Call:
    """One request the fake received. Also readable like a dict: ``call["params"]``.

    ``time`` is when the request arrived (``time.time()``); calls are appended to
    ``FakeBotAPI.calls`` when they complete, so a long poll shows up after calls made meanwhile.
    """

    method: str
    params: dict[str, Any]
    time: float
    http_method: str = "POST"
    content_type: str = ""
    status: int | None = None  # None: no response sent (dropped / client went away)
    response: dict[str, Any] | None = None
    injected: str | None = None  # "status:429", "drop", "drop+apply" for injected faults

    @property
    def ok(self) -> bool:
        return self.status == 200

    @property
    def result(self) -> Any:
        return (self.response or {}).get("result")

    def __getitem__(self, key: str) -> Any:
        return getattr(self, key)

    def get(self, key: str, default: Any = None) -> Any:
        return getattr(self, key, default)


@dataclass
class _Fault:
    kind: str  # "status" | "drop"
    status: int = 500
    retry_after: int = 1
    description: str | None = None
    apply: bool = False


@dataclass
class _Notifier:
    """Wake-up-everybody primitive: waiters grab ``event`` before checking their condition."""

    event: asyncio.Event = field(default_factory=asyncio.Event)

    def notify(self) -> None:
        self.event.set()
        self.event = asyncio.Event()


MethodHandler = Callable[[dict[str, Any]], Awaitable[Any]]


# --------------------------------------------------------------------------------------------
# The server
# --------------------------------------------------------------------------------------------


class FakeBotAPI:
    """In-process fake of ``https://api.telegram.org`` for one bot."""

    def __init__(
        self,
        *,
        username: str = "twitchcheck_bot",
        first_name: str = "TwitchCheck",
        token: str | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        strict_html: bool = True,
        strict_chats: bool = False,
    ) -> None:
        self.bot_id = BOT_ID
        self.username = username
        self.first_name = first_name
        self.token = token  # None: accept any token
        self.host = host
        self.port = port
        self.strict_html = strict_html
        self.strict_chats = strict_chats

        self.calls: list[Call] = []
        self.chats: dict[int | str, dict[str, Any]] = {}
        self.messages: dict[int | str, dict[int, dict[str, Any]]] = {}
        self.blocked: set[int | str] = set()
        self.callback_answers: dict[str, dict[str, Any]] = {}
        self.my_commands: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self.webhook_url: str = ""
        self.webhook_secret: str | None = None
        self.webhook_params: dict[str, Any] = {}
        self.allowed_updates: list[str] | None = None

        self._pending: list[dict[str, Any]] = []
        self._update_ids = itertools.count(100_000_001)
        self._callback_ids = itertools.count(4_200_000_000_000_000_001)
        self._file_ids = itertools.count(1)
        self._next_message_id: dict[int | str, int] = {}
        self._bot_message_ids: dict[int | str, list[int]] = {}
        self._bot_sent: list[tuple[int | str, int]] = []  # delivery order over all chats
        self._open_queries: set[str] = set()
        self._faults: dict[str, deque[_Fault]] = {}
        self._poll_generation = 0
        self._closing = False
        self._updates_changed: _Notifier | None = None
        self._calls_changed: _Notifier | None = None
        self._runner: web.AppRunner | None = None

        self._handlers: dict[str, tuple[str, MethodHandler]] = {}
        for name, handler in {
            "getMe": self._m_get_me,
            "getUpdates": self._m_get_updates,
            "sendMessage": self._m_send_message,
            "editMessageText": self._m_edit_message_text,
            "editMessageReplyMarkup": self._m_edit_message_reply_markup,
            "deleteMessage": self._m_delete_message,
            "answerCallbackQuery": self._m_answer_callback_query,
            "setMyCommands": self._m_set_my_commands,
            "getMyCommands": self._m_get_my_commands,
            "deleteMyCommands": self._m_delete_my_commands,
            "setWebhook": self._m_set_webhook,
            "deleteWebhook": self._m_delete_webhook,
            "getWebhookInfo": self._m_get_webhook_info,
            "sendChatAction": self._m_send_chat_action,
            "close": self._m_true,
            "logOut": self._m_true,
        }.items():
            self.register(name, handler)

    # ---------------------------------------------------------------- lifecycle

    @property
    def base_url(self) -> str:
        """For ``ApplicationBuilder().base_url()``; PTB appends the token."""
        return f"http://{self.host}:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        return f"http://{self.host}:{self.port}/file/bot"

    @property
    def bot_user(self) -> dict[str, Any]:
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": self.first_name,
            "username": self.username,
        }

    async def start(self) -> FakeBotAPI:
        if self._runner is not None:
            raise RuntimeError("FakeBotAPI already started")
        self._closing = False
        self._updates_changed = _Notifier()
        self._calls_changed = _Notifier()
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_route("*", "/file/bot{token}/{path:.*}", self._handle_file)
        # handler_cancellation: a long poll whose client went away (PTB cancels the pending
        # getUpdates on Updater.stop()) is cancelled instead of lingering until its timeout.
        runner = web.AppRunner(
            app, access_log=None, handler_cancellation=True, shutdown_timeout=1.0
        )
        await runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self.host, self.port))
        self.port = sock.getsockname()[1]
        await web.SockSite(runner, sock).start()
        self._runner = runner
        return self

    async def stop(self) -> None:
        if self._runner is None:
            return
        self._closing = True
        self._notify_updates()  # release long polls
        runner, self._runner = self._runner, None
        await runner.cleanup()

    async def __aenter__(self) -> FakeBotAPI:
        return await self.start()

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    def register(self, method: str, handler: MethodHandler) -> None:
        """Add or replace a method: ``async handler(params) -> result`` (raise ApiError)."""
        self._handlers[method.lower()] = (method, handler)

    # ---------------------------------------------------------------- inspection

    def calls_of(self, method: str, *, ok: bool | None = None) -> list[Call]:
        """Recorded calls of ``method`` (case-insensitive); ``ok`` filters on success."""
        m = method.lower()
        return [c for c in self.calls if c.method.lower() == m and (ok is None or c.ok == ok)]

    def clear_calls(self) -> None:
        self.calls.clear()

    def sent_messages(self, chat_id: int | str | None = None) -> list[dict[str, Any]]:
        """Messages the bot delivered (current state, edits applied; deleted ones excluded)."""
        wanted = self._chat_key(chat_id) if chat_id is not None else None
        found = []
        for key, mid in self._bot_sent:
            if wanted is not None and key != wanted:
                continue
            msg = self.messages.get(key, {}).get(mid)
            if msg is not None:
                found.append(copy.deepcopy(msg))
        return found

    def last_bot_message(self, chat_id: int | str) -> dict[str, Any] | None:
        key = self._chat_key(chat_id)
        store = self.messages.get(key, {})
        for mid in reversed(self._bot_message_ids.get(key, [])):
            if mid in store:
                return copy.deepcopy(store[mid])
        return None

    def message(self, chat_id: int | str, message_id: int) -> dict[str, Any] | None:
        msg = self.messages.get(self._chat_key(chat_id), {}).get(message_id)
        return copy.deepcopy(msg) if msg is not None else None

    @property
    def pending_updates(self) -> list[dict[str, Any]]:
        return copy.deepcopy(self._pending)

    async def wait_for(
        self,
        method: str,
        predicate: Callable[[Call], bool] | None = None,
        timeout: float = 5.0,
        count: int = 1,
        *,
        ok: bool | None = None,
    ) -> list[Call]:
        """Wait until at least ``count`` matching calls were recorded; return all matches."""
        if self._calls_changed is None:
            raise RuntimeError("FakeBotAPI is not started")
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            event = self._calls_changed.event
            matches = [c for c in self.calls_of(method, ok=ok) if predicate is None or predicate(c)]
            if len(matches) >= count:
                return matches
            remaining = deadline - loop.time()
            if remaining <= 0:
                recent = ", ".join(f"{c.method}->{c.status}" for c in self.calls[-15:])
                raise TimeoutError(
                    f"waited {timeout}s for {count} call(s) of {method}, got {len(matches)}; "
                    f"last calls: {recent}"
                )
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), remaining)

    # ---------------------------------------------------------------- fault injection

    def fail_next(
        self,
        method: str,
        status: int = 429,
        retry_after: int = 1,
        times: int = 1,
        description: str | None = None,
    ) -> None:
        """Answer the next ``times`` calls of ``method`` with an error; they are not applied.

        429 gives the flood-control body with ``parameters.retry_after`` (PTB needs >= 1: a 0
        is falsy and would not become RetryAfter); other statuses give
        ``{"ok": false, "error_code": status, "description": <reason phrase>}``.
        """
        for _ in range(times):
            self._faults.setdefault(method.lower(), deque()).append(
                _Fault("status", status=status, retry_after=retry_after, description=description)
            )

    def drop_connection_next(self, method: str, times: int = 1, *, apply: bool = False) -> None:
        """Close the connection of the next ``times`` calls without answering.

        With ``apply=True`` the call takes effect first (the response is "lost"), which is the
        nasty real-world case for non-idempotent methods such as sendMessage.
        """
        for _ in range(times):
            self._faults.setdefault(method.lower(), deque()).append(_Fault("drop", apply=apply))

    def block(self, chat_id: int | str) -> None:
        """Make send/edit calls to this chat fail with 403 "bot was blocked by the user"."""
        self.blocked.add(self._chat_key(chat_id))

    def unblock(self, chat_id: int | str) -> None:
        self.blocked.discard(self._chat_key(chat_id))

    # ---------------------------------------------------------------- simulated users

    def user_text(
        self,
        user_id: int,
        text: str,
        chat_id: int | None = None,
        chat_type: str = "private",
        first_name: str = "Ann",
        language_code: str | None = "en",
        username: str | None = None,
        *,
        title: str | None = None,
        reply_to: dict[str, Any] | int | None = None,
    ) -> dict[str, Any]:
        """Queue a text message from a user. Bot commands get ``bot_command`` entities."""
        msg = self._new_user_message(
            user_id, chat_id, chat_type, first_name, language_code, username, title
        )
        msg["text"] = text
        entities = [
            {
                "type": "bot_command",
                "offset": _utf16_len(text[: m.start()]),
                "length": _utf16_len(m.group(0)),
            }
            for m in _BOT_COMMAND_IN_TEXT_RE.finditer(text)
        ]
        if entities:
            msg["entities"] = entities
        if reply_to is not None:
            replied = self._lookup(msg["chat"]["id"], reply_to)
            if replied is not None:
                msg["reply_to_message"] = self._strip_reply(replied)
        return self._queue_message("message", msg)

    def group_text(
        self,
        user_id: int,
        text: str,
        chat_id: int = DEFAULT_GROUP_ID,
        title: str = "TwitchCheck test group",
        **kwargs: Any,
    ) -> dict[str, Any]:
        """``user_text`` in a supergroup (negative chat id)."""
        kwargs.setdefault("chat_type", "supergroup")
        return self.user_text(user_id, text, chat_id=chat_id, title=title, **kwargs)

    def user_sticker(
        self,
        user_id: int,
        emoji: str = "👍",
        chat_id: int | None = None,
        chat_type: str = "private",
        first_name: str = "Ann",
        language_code: str | None = "en",
        username: str | None = None,
    ) -> dict[str, Any]:
        msg = self._new_user_message(
            user_id, chat_id, chat_type, first_name, language_code, username, None
        )
        fid = next(self._file_ids)
        msg["sticker"] = {
            "file_id": f"CAACAgIAAxkBAAI{fid:08d}",
            "file_unique_id": f"AgAD{fid:06d}",
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": emoji,
            "set_name": "TestStickers",
            "file_size": 23_000,
        }
        return self._queue_message("message", msg)

    def user_photo(
        self,
        user_id: int,
        caption: str | None = None,
        chat_id: int | None = None,
        chat_type: str = "private",
        first_name: str = "Ann",
        language_code: str | None = "en",
        username: str | None = None,
    ) -> dict[str, Any]:
        msg = self._new_user_message(
            user_id, chat_id, chat_type, first_name, language_code, username, None
        )
        fid = next(self._file_ids)
        msg["photo"] = [
            {
                "file_id": f"AgACAgIAAxkBAAI{fid:08d}{suffix}",
                "file_unique_id": f"AQAD{fid:06d}{suffix}",
                "width": w,
                "height": h,
                "file_size": size,
            }
            for suffix, w, h, size in (
                ("s", 90, 67, 1_200),
                ("m", 320, 240, 15_000),
                ("x", 1280, 960, 120_000),
            )
        ]
        if caption is not None:
            msg["caption"] = caption
        return self._queue_message("message", msg)

    def user_edits(
        self,
        user_id: int,
        message: dict[str, Any] | int,
        new_text: str,
        chat_id: int | None = None,
    ) -> dict[str, Any]:
        """The user edits one of their earlier text messages -> ``edited_message`` update."""
        key = self._chat_key(chat_id if chat_id is not None else self._chat_of(message, user_id))
        mid = message["message_id"] if isinstance(message, dict) else int(message)
        stored = self.messages.get(key, {}).get(mid)
        if stored is None:
            raise ValueError(f"no message {mid} in chat {key}")
        if stored.get("from", {}).get("id") != user_id:
            raise ValueError("users can only edit their own messages")
        stored["text"] = new_text
        stored.pop("entities", None)
        entities = [
            {
                "type": "bot_command",
                "offset": _utf16_len(new_text[: m.start()]),
                "length": _utf16_len(m.group(0)),
            }
            for m in _BOT_COMMAND_IN_TEXT_RE.finditer(new_text)
        ]
        if entities:
            stored["entities"] = entities
        stored["edit_date"] = _now()
        return self._queue_update("edited_message", copy.deepcopy(stored))

    def user_press(
        self,
        user_id: int,
        message: dict[str, Any] | int,
        data: str,
        chat_id: int | None = None,
        chat_type: str = "private",
        first_name: str = "Ann",
        language_code: str | None = "en",
        username: str | None = None,
        *,
        check_button: bool = True,
    ) -> dict[str, Any]:
        """The user presses an inline button with ``data`` on a bot ``message``.

        ``message`` is the bot message dict (e.g. from ``last_bot_message``) or its id (then
        ``chat_id`` defaults to the user's private chat); the update carries the message's
        *current* stored state, so the chat (and its type) come from the message; ``chat_type``
        only matters for a message dict the fake has not stored. With ``check_button`` the
        press must match a ``callback_data`` button currently on the message.
        """
        if chat_id is None:
            chat_id = self._chat_of(message, user_id)
        key = self._chat_key(chat_id)
        mid = message["message_id"] if isinstance(message, dict) else int(message)
        stored = self.messages.get(key, {}).get(mid)
        if stored is None:
            if isinstance(message, int):
                raise ValueError(f"no message {mid} in chat {key}")
            stored = copy.deepcopy(message)
        if check_button:
            rows = (stored.get("reply_markup") or {}).get("inline_keyboard", [])
            datas = [b.get("callback_data") for row in rows for b in row]
            if data not in datas:
                raise ValueError(
                    f"message {mid} has no button with callback_data {data!r}: {datas}"
                )
        user = self._user(user_id, first_name, language_code, username)
        stored.setdefault("chat", {"id": key, "type": chat_type})
        query_id = str(next(self._callback_ids))
        self._open_queries.add(query_id)
        query = {
            "id": query_id,
            "from": user,
            "message": copy.deepcopy(stored),
            "chat_instance": str(-(5_000_000_000_000_000_000 + abs(hash(key)) % 10**18)),
            "data": data,
        }
        return self._queue_update("callback_query", query)

    def queue_update(self, update: dict[str, Any]) -> dict[str, Any]:
        """Queue an arbitrary update body (``update_id`` is assigned if missing)."""
        update = copy.deepcopy(update)
        update.setdefault("update_id", next(self._update_ids))
        self._pending.append(update)
        self._notify_updates()
        return copy.deepcopy(update)

    # ---------------------------------------------------------------- webhook delivery

    async def post_update_to_webhook(
        self, update: dict[str, Any], url: str | None = None, timeout: float = 10.0
    ) -> int:
        """POST ``update`` to the webhook like Telegram does; return the HTTP status.

        On a 2xx answer the update is removed from the getUpdates queue.
        """
        target = url or self.webhook_url
        if not target:
            raise RuntimeError("no webhook registered (setWebhook) and no url given")
        headers = {"Content-Type": "application/json"}
        if self.webhook_secret:
            headers["X-Telegram-Bot-Api-Secret-Token"] = self.webhook_secret
        async with (
            aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=timeout)) as session,
            session.post(target, data=json.dumps(update), headers=headers) as resp,
        ):
            await resp.read()
            status = resp.status
        if 200 <= status < 300:
            uid = update.get("update_id")
            self._pending = [u for u in self._pending if u.get("update_id") != uid]
        return status

    # ---------------------------------------------------------------- HTTP plumbing

    async def _handle_file(self, request: web.Request) -> web.Response:
        return web.json_response(
            {"ok": False, "error_code": 404, "description": "Not Found"}, status=404
        )

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        received = time.time()
        raw_method = request.match_info["method"]
        entry = self._handlers.get(raw_method.lower())
        method = entry[0] if entry else raw_method
        try:
            params = await self._read_params(request)
        except Exception as exc:  # noqa: BLE001 - answer like the API, record it
            params = {}
            err: ApiError | None = _bad_request(f"can't parse request body: {exc}")
        else:
            err = None
        call = Call(
            method=method,
            params=params,
            time=received,
            http_method=request.method,
            content_type=request.content_type,
        )
        if err is None and self.token is not None and request.match_info["token"] != self.token:
            err = ApiError(401, "Unauthorized")
        if err is None and entry is None:
            err = ApiError(404, "Not Found")
        if err is not None:
            return self._respond(call, err.status, err.body())

        assert entry is not None
        handler = entry[1]
        fault = self._take_fault(method)
        if fault is not None and fault.kind == "drop":
            call.injected = "drop+apply" if fault.apply else "drop"
            if fault.apply:
                with contextlib.suppress(ApiError):
                    call.response = {"ok": True, "result": await handler(params)}
            self._record(call)
            if request.transport is not None:
                request.transport.close()
            return web.Response(status=200)
        if fault is not None:
            call.injected = f"status:{fault.status}"
            return self._respond(call, fault.status, self._fault_body(fault))

        try:
            result = await handler(params)
        except ApiError as exc:
            return self._respond(call, exc.status, exc.body())
        except asyncio.CancelledError:
            self._record(call)  # client went away during a long poll
            raise
        body: dict[str, Any] = {"ok": True, "result": result}
        if method == "setWebhook":
            body["description"] = (
                "Webhook was set" if params.get("url") else "Webhook is already deleted"
            )
        elif method == "deleteWebhook":
            body["description"] = "Webhook was deleted"
        return self._respond(call, 200, body)

    def _respond(self, call: Call, status: int, body: dict[str, Any]) -> web.Response:
        call.status = status
        call.response = body
        self._record(call)
        return web.json_response(body, status=status)

    def _record(self, call: Call) -> None:
        self.calls.append(call)
        if self._calls_changed is not None:
            self._calls_changed.notify()

    def _take_fault(self, method: str) -> _Fault | None:
        queue = self._faults.get(method.lower())
        if queue:
            return queue.popleft()
        return None

    @staticmethod
    def _fault_body(fault: _Fault) -> dict[str, Any]:
        if fault.status == 429:
            return {
                "ok": False,
                "error_code": 429,
                "description": fault.description
                or f"Too Many Requests: retry after {fault.retry_after}",
                "parameters": {"retry_after": fault.retry_after},
            }
        try:
            phrase = HTTPStatus(fault.status).phrase
        except ValueError:
            phrase = "Error"
        return {"ok": False, "error_code": fault.status, "description": fault.description or phrase}

    async def _read_params(self, request: web.Request) -> dict[str, Any]:
        params: dict[str, Any] = {}
        for key, value in request.query.items():
            params[key] = self._decode_value(key, value)
        if request.method not in ("POST", "PUT"):
            return params
        if request.content_type == "application/json":
            raw = await request.read()
            if raw.strip():
                body = json.loads(raw)
                if not isinstance(body, dict):
                    raise ValueError("JSON body must be an object")
                for key, value in body.items():
                    params[key] = (
                        self._decode_value(key, value) if isinstance(value, str) else value
                    )
            return params
        if request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            form = await request.post()
            for key, value in form.items():
                if isinstance(value, web.FileField):
                    data = value.file.read()
                    params[key] = {
                        "filename": value.filename,
                        "content_type": value.content_type,
                        "size": len(data),
                        "data": data,
                    }
                else:
                    params[key] = self._decode_value(key, value)
            return params
        await request.read()
        return params

    @staticmethod
    def _decode_value(key: str, value: str) -> Any:
        if key in _STRING_FIELDS:
            return value
        try:
            return json.loads(value)
        except ValueError:
            return value

    # ---------------------------------------------------------------- state helpers

    @staticmethod
    def _chat_key(chat_id: Any) -> int | str:
        if isinstance(chat_id, bool):
            raise _bad_request("chat not found")
        if isinstance(chat_id, int):
            return chat_id
        if isinstance(chat_id, str):
            with contextlib.suppress(ValueError):
                return int(chat_id)
            return chat_id
        raise _bad_request("chat_id is empty")

    def _chat_of(self, message: dict[str, Any] | int, user_id: int) -> int | str:
        if isinstance(message, dict):
            return message["chat"]["id"]
        return user_id

    def _user(
        self, user_id: int, first_name: str, language_code: str | None, username: str | None
    ) -> dict[str, Any]:
        user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name}
        if username:
            user["username"] = username
        if language_code:
            user["language_code"] = language_code
        return user

    def _ensure_private_chat(self, user: dict[str, Any]) -> dict[str, Any]:
        chat = {"id": user["id"], "type": "private", "first_name": user["first_name"]}
        if "username" in user:
            chat["username"] = user["username"]
        self.chats[user["id"]] = chat
        return chat

    def _new_user_message(
        self,
        user_id: int,
        chat_id: int | None,
        chat_type: str,
        first_name: str,
        language_code: str | None,
        username: str | None,
        title: str | None,
    ) -> dict[str, Any]:
        user = self._user(user_id, first_name, language_code, username)
        if chat_type == "private":
            if chat_id is not None and chat_id != user_id:
                raise ValueError("a private chat's id is the user's id")
            chat = self._ensure_private_chat(user)
        else:
            if chat_id is None:
                chat_id = DEFAULT_GROUP_ID
            if chat_id >= 0:
                raise ValueError("group chat ids are negative")
            chat = {"id": chat_id, "type": chat_type, "title": title or "TwitchCheck test group"}
            self.chats[chat_id] = chat
        key = chat["id"]
        return {
            "message_id": self._take_message_id(key),
            "from": user,
            "chat": dict(chat),
            "date": _now(),
        }

    def _take_message_id(self, key: int | str) -> int:
        mid = self._next_message_id.get(key, 1)
        self._next_message_id[key] = mid + 1
        return mid

    def _queue_message(self, kind: str, msg: dict[str, Any]) -> dict[str, Any]:
        self.messages.setdefault(msg["chat"]["id"], {})[msg["message_id"]] = msg
        return self._queue_update(kind, copy.deepcopy(msg))

    def _queue_update(self, kind: str, payload: dict[str, Any]) -> dict[str, Any]:
        update = {"update_id": next(self._update_ids), kind: payload}
        self._pending.append(update)
        self._notify_updates()
        return copy.deepcopy(update)

    def _notify_updates(self) -> None:
        if self._updates_changed is not None:
            self._updates_changed.notify()

    def _lookup(self, chat_id: int | str, ref: dict[str, Any] | int) -> dict[str, Any] | None:
        mid = ref["message_id"] if isinstance(ref, dict) else int(ref)
        return self.messages.get(self._chat_key(chat_id), {}).get(mid)

    @staticmethod
    def _strip_reply(msg: dict[str, Any]) -> dict[str, Any]:
        reply = copy.deepcopy(msg)
        reply.pop("reply_to_message", None)
        return reply

    def _chat_for_send(self, params: dict[str, Any]) -> tuple[int | str, dict[str, Any]]:
        if params.get("chat_id") in (None, ""):
            raise _bad_request("chat_id is empty")
        key = self._chat_key(params["chat_id"])
        if key in self.blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        chat = self.chats.get(key)
        if chat is None:
            if self.strict_chats or isinstance(key, str):
                raise _bad_request("chat not found")
            if key > 0:
                chat = {"id": key, "type": "private", "first_name": "Ann"}
            else:
                chat = {"id": key, "type": "supergroup", "title": "TwitchCheck test group"}
            self.chats[key] = chat
        return key, chat

    def _render_text(self, params: dict[str, Any]) -> tuple[str, list[dict[str, Any]]]:
        text = params.get("text")
        if text is None or str(text).strip() == "":
            raise _bad_request("message text is empty")
        text = str(text)
        parse_mode = str(params.get("parse_mode") or "")
        entities: list[dict[str, Any]] = []
        if isinstance(params.get("entities"), list):
            entities = params["entities"]
        elif parse_mode.lower() == "html":
            try:
                text, entities = parse_html(text, strict=self.strict_html)
            except HtmlParseError as exc:
                raise _bad_request(f"can't parse entities: {exc}") from None
            if text.strip() == "":
                raise _bad_request("message text is empty")
        if len(text) > MAX_TEXT_LENGTH:
            raise _bad_request("message is too long")
        return text, entities

    @staticmethod
    def _check_markup(markup: Any) -> dict[str, Any] | None:
        """Validate reply_markup; return what a Message would echo (inline keyboards only)."""
        if markup is None or markup == "":
            return None
        if not isinstance(markup, dict):
            raise _bad_request("can't parse reply keyboard markup JSON object")
        if "inline_keyboard" not in markup:
            return None  # reply keyboards / remove / force_reply are not echoed
        rows = markup["inline_keyboard"]
        if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
            raise _bad_request(
                'field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays'
            )
        for row in rows:
            for button in row:
                if not isinstance(button, dict) or "text" not in button:
                    raise _bad_request('can\'t find field "text"')
                kinds = [k for k in _INLINE_BUTTON_KINDS if k in button]
                if not kinds:
                    raise _bad_request("text buttons are unallowed in the inline keyboard")
                if "callback_data" in button:
                    data = button["callback_data"]
                    if not isinstance(data, str):
                        data = json.dumps(data)
                    if not 1 <= len(data.encode("utf-8")) <= MAX_CALLBACK_DATA:
                        raise _bad_request("BUTTON_DATA_INVALID")
                if "url" in button and not re.match(r"^(https?|tg)://\S+$", str(button["url"])):
                    raise _bad_request("BUTTON_URL_INVALID")
        if not any(rows):
            return None
        return {"inline_keyboard": copy.deepcopy(rows)}

    def _find_editable(self, params: dict[str, Any]) -> dict[str, Any] | None:
        """The stored message to edit, or None for inline messages."""
        if params.get("inline_message_id"):
            return None
        key, _chat = self._chat_for_send(params)
        if params.get("message_id") in (None, ""):
            raise _bad_request("message identifier is not specified")
        msg = self.messages.get(key, {}).get(int(params["message_id"]))
        if msg is None:
            raise _bad_request("message to edit not found")
        if msg.get("from", {}).get("id") != self.bot_id:
            raise _bad_request("message can't be edited")
        return msg

    # ---------------------------------------------------------------- Bot API methods

    async def _m_true(self, params: dict[str, Any]) -> bool:
        return True

    async def _m_get_me(self, params: dict[str, Any]) -> dict[str, Any]:
        return {
            **self.bot_user,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    async def _m_get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        self._check_no_webhook()
        offset = int(params.get("offset") or 0)
        limit = min(max(int(params.get("limit") or 100), 1), 100)
        timeout = max(float(params.get("timeout") or 0), 0.0)
        if "allowed_updates" in params:
            self.allowed_updates = list(params["allowed_updates"] or []) or None
        if offset > 0:
            self._pending = [u for u in self._pending if u["update_id"] >= offset]
        elif offset < 0:
            self._pending = self._pending[offset:]
        # A newer getUpdates supersedes an older one still waiting (the real API answers the
        # old one with 409 "terminated by other getUpdates request"; we just end it quietly).
        self._poll_generation += 1
        generation = self._poll_generation
        self._notify_updates()
        assert self._updates_changed is not None
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            event = self._updates_changed.event
            self._check_no_webhook()
            if self.allowed_updates:
                allowed = set(self.allowed_updates)
                self._pending = [u for u in self._pending if allowed & (set(u) - {"update_id"})]
            batch = copy.deepcopy(self._pending[:limit])
            if batch or self._closing or generation != self._poll_generation:
                return batch
            remaining = deadline - loop.time()
            if remaining <= 0:
                return []
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), remaining)

    def _check_no_webhook(self) -> None:
        if self.webhook_url:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )

    async def _m_send_message(self, params: dict[str, Any]) -> dict[str, Any]:
        key, chat = self._chat_for_send(params)
        text, entities = self._render_text(params)
        markup = self._check_markup(params.get("reply_markup"))
        msg: dict[str, Any] = {
            "message_id": self._take_message_id(key),
            "from": self.bot_user,
            "chat": dict(chat),
            "date": _now(),
            "text": text,
        }
        if entities:
            msg["entities"] = entities
        if markup:
            msg["reply_markup"] = markup
        reply_ref = (params.get("reply_parameters") or {}).get("message_id") or params.get(
            "reply_to_message_id"
        )
        if reply_ref:
            replied = self.messages.get(key, {}).get(int(reply_ref))
            if replied is not None:
                msg["reply_to_message"] = self._strip_reply(replied)
            elif not (params.get("reply_parameters") or {}).get("allow_sending_without_reply"):
                raise _bad_request("message to be replied not found")
        self.messages.setdefault(key, {})[msg["message_id"]] = msg
        self._bot_message_ids.setdefault(key, []).append(msg["message_id"])
        self._bot_sent.append((key, msg["message_id"]))
        return copy.deepcopy(msg)

    async def _m_edit_message_text(self, params: dict[str, Any]) -> dict[str, Any] | bool:
        msg = self._find_editable(params)
        text, entities = self._render_text(params)
        markup = self._check_markup(params.get("reply_markup"))
        if msg is None:
            return True
        if (
            msg.get("text") == text
            and msg.get("entities", []) == entities
            and msg.get("reply_markup") == markup
        ):
            raise _not_modified()
        msg["text"] = text
        _set_or_pop(msg, "entities", entities)
        _set_or_pop(msg, "reply_markup", markup)
        msg["edit_date"] = _now()
        return copy.deepcopy(msg)

    async def _m_edit_message_reply_markup(self, params: dict[str, Any]) -> dict[str, Any] | bool:
        msg = self._find_editable(params)
        markup = self._check_markup(params.get("reply_markup"))
        if msg is None:
            return True
        if msg.get("reply_markup") == markup:
            raise _not_modified()
        _set_or_pop(msg, "reply_markup", markup)
        msg["edit_date"] = _now()
        return copy.deepcopy(msg)

    async def _m_delete_message(self, params: dict[str, Any]) -> bool:
        key, _chat = self._chat_for_send(params)
        mid = int(params.get("message_id") or 0)
        if self.messages.get(key, {}).pop(mid, None) is None:
            raise _bad_request("message to delete not found")
        return True

    async def _m_answer_callback_query(self, params: dict[str, Any]) -> bool:
        qid = str(params.get("callback_query_id") or "")
        if qid not in self._open_queries:
            raise _bad_request(
                "query is too old and response timeout expired or query ID is invalid"
            )
        if len(str(params.get("text") or "")) > 200:
            raise _bad_request("MESSAGE_TOO_LONG")
        self._open_queries.discard(qid)
        self.callback_answers[qid] = params
        return True

    @staticmethod
    def _commands_key(params: dict[str, Any]) -> tuple[str, str]:
        scope = params.get("scope") or {"type": "default"}
        return json.dumps(scope, sort_keys=True), str(params.get("language_code") or "")

    async def _m_set_my_commands(self, params: dict[str, Any]) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise _bad_request("can't parse commands JSON object")
        for cmd in commands:
            if not isinstance(cmd, dict) or not _COMMAND_RE.match(str(cmd.get("command", ""))):
                raise _bad_request("BOT_COMMAND_INVALID")
            if not 1 <= len(str(cmd.get("description", ""))) <= 256:
                raise _bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        key = self._commands_key(params)
        if commands:
            self.my_commands[key] = [
                {"command": c["command"], "description": c["description"]} for c in commands
            ]
        else:
            self.my_commands.pop(key, None)
        return True

    async def _m_get_my_commands(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        return copy.deepcopy(self.my_commands.get(self._commands_key(params), []))

    async def _m_delete_my_commands(self, params: dict[str, Any]) -> bool:
        self.my_commands.pop(self._commands_key(params), None)
        return True

    async def _m_set_webhook(self, params: dict[str, Any]) -> bool:
        url = str(params.get("url") or "")
        secret = params.get("secret_token")
        if url and not re.match(r"^https?://\S+$", url):
            raise _bad_request("bad webhook: Failed to resolve host: Name or service not known")
        if secret is not None and not _SECRET_RE.match(str(secret)):
            raise _bad_request("secret token contains unallowed characters")
        if params.get("drop_pending_updates"):
            self._pending.clear()
        self.webhook_url = url
        self.webhook_secret = str(secret) if (url and secret) else None
        self.webhook_params = dict(params) if url else {}
        if "allowed_updates" in params:
            self.allowed_updates = list(params["allowed_updates"] or []) or None
        self._notify_updates()  # a waiting getUpdates now conflicts
        return True

    async def _m_delete_webhook(self, params: dict[str, Any]) -> bool:
        if params.get("drop_pending_updates"):
            self._pending.clear()
        self.webhook_url = ""
        self.webhook_secret = None
        self.webhook_params = {}
        return True

    async def _m_get_webhook_info(self, params: dict[str, Any]) -> dict[str, Any]:
        info: dict[str, Any] = {
            "url": self.webhook_url,
            "has_custom_certificate": False,
            "pending_update_count": len(self._pending),
        }
        if self.webhook_url:
            info["max_connections"] = int(self.webhook_params.get("max_connections") or 40)
            if self.allowed_updates:
                info["allowed_updates"] = list(self.allowed_updates)
        return info

    async def _m_send_chat_action(self, params: dict[str, Any]) -> bool:
        self._chat_for_send(params)
        if params.get("action") not in _CHAT_ACTIONS:
            raise _bad_request("wrong parameter action in request")
        return True


def _not_modified() -> ApiError:
    return _bad_request(
        "message is not modified: specified new message content and reply markup are exactly "
        "the same as a current content and reply markup of the message"
    )


def _set_or_pop(target: dict[str, Any], key: str, value: Any) -> None:
    if value:
        target[key] = value
    else:
        target.pop(key, None)
