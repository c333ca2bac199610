"""A local stand-in for the Telegram Bot API, for end-to-end tests: only what the bot uses.

``FakeBotAPI`` is an aiohttp server on 127.0.0.1 (a free port) that a python-telegram-bot
``Application`` talks to unchanged (``base_url(fake.base_url)``). It answers getMe,
getUpdates (long polling), sendMessage, editMessageText, editMessageReplyMarkup,
answerCallbackQuery, setMyCommands and the webhook methods (set, delete, info), keeps every chat's messages
(edits applied), and records every call. Simulated users queue updates (``user_text``,
``user_press``, ``user_edits``, a sticker, a photo) or post them to a webhook.

How PTB 22 sends a call: form fields, every non-string value JSON-encoded; so every form
value is JSON-decoded here except the free-text fields (``text`` stays a string).

What it checks, as Telegram does: HTML (only the ``<b>`` the bot uses and the four escapes,
stricter than Telegram: a bare ``&`` or ``>`` is refused), the 4096-character limit after
parsing, callback data of 1-64 bytes, a press on a button the message really has, callback
queries answered at most once, "message is not modified". Errors have the real bodies,
which PTB maps to its exceptions (429 -> RetryAfter, 400 -> BadRequest, 403 -> Forbidden,
5xx -> NetworkError, a dropped connection -> NetworkError).

Seams: ``fail_next`` and ``drop_connection_next`` inject faults; ``add_check(check)`` runs a
check before every method (a rate limiter raising ``ApiError(429, ...)`` plugs in there);
``register(method, handler)`` adds or replaces a method.
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
from dataclasses import dataclass
from html import unescape
from http import HTTPStatus
from typing import Any

import aiohttp
from aiohttp import web

__all__ = ["BOT_ID", "DEFAULT_GROUP_ID", "TOKEN", "ApiError", "Call", "FakeBotAPI", "parse_html"]

BOT_ID = 7_000_000_001
TOKEN = f"{BOT_ID}:AAFakeTokenForTwitchCheckTests_0123456"
DEFAULT_GROUP_ID = -1_001_234_567_890
MAX_TEXT_LENGTH = 4096
MAX_CALLBACK_DATA = 64
TEXT_FIELDS = frozenset({"text", "caption", "parse_mode", "callback_query_id", "url", "secret_token",
                         "language_code", "description"})
_COMMAND_IN_TEXT = re.compile(r"(?<!\S)/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?")
_MARKUP = re.compile(r"<(/?)b>|&(lt|gt|amp|quot|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});|[<>&]")


class ApiError(Exception):
    """An error answer of the Bot API (raise it from a method handler or a check)."""

    def __init__(self, status: int, description: str, parameters: dict[str, Any] | None = None) -> None:
        super().__init__(description)
        self.status, self.description, self.parameters = status, description, parameters

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"ok": False, "error_code": self.status, "description": self.description}
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def bad_request(detail: str) -> ApiError:
    return ApiError(400, f"Bad Request: {detail}")


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def parse_html(source: str) -> tuple[str, list[dict[str, Any]]]:
    """Telegram HTML as the bot sends it (``<b>``, named and numeric escapes) -> (text, entities)."""
    out: list[str] = []
    entities: list[dict[str, Any]] = []
    bold_at: int | None = None
    pos = 0
    for m in _MARKUP.finditer(source):
        out.append(source[pos:m.start()])
        pos = m.end()
        here = _utf16("".join(out))
        if m.group(2):
            out.append(unescape(m.group(0)))
        elif m.group(0) in "<>&":
            raise ValueError(f'unescaped "{m.group(0)}" at offset {m.start()}')
        elif m.group(1) == "" and bold_at is None:
            bold_at = here
        elif m.group(1) == "/" and bold_at is not None:
            entities.append({"type": "bold", "offset": bold_at, "length": here - bold_at})
            bold_at = None
        else:
            raise ValueError(f"unmatched tag at offset {m.start()}")
    if bold_at is not None:
        raise ValueError('can\'t find end tag corresponding to start tag "b"')
    out.append(source[pos:])
    return "".join(out), entities


@dataclass
class Call:
    """One request the fake answered (or dropped). ``status`` None: no answer was sent."""

    method: str
    params: dict[str, Any]
    time: float
    status: int | None = None
    response: dict[str, Any] | None = None
    injected: str | None = None  # "status:429", "drop", "drop+apply"

    @property
    def ok(self) -> bool:
        return self.status == 200

    @property
    def result(self) -> Any:
        return (self.response or {}).get("result")

    def __getitem__(self, key: str) -> Any:
        return getattr(self, key)


@dataclass
class _Fault:
    status: int = 500  # 0: drop the connection
    retry_after: int = 1
    apply: bool = False


Handler = Callable[[dict[str, Any]], Awaitable[Any]]
Check = Callable[[str, dict[str, Any]], None]  # raises ApiError to refuse a call


class FakeBotAPI:
    """In-process fake of ``https://api.telegram.org`` for one bot."""

    def __init__(self, *, username: str = "twitchcheck_bot", token: str | None = None) -> None:
        self.token = token  # None: any token is taken
        self.bot_user = {"id": BOT_ID, "is_bot": True, "first_name": "TwitchCheck", "username": username}
        self.port = 0
        self.calls: list[Call] = []
        self.chats: dict[int, dict[str, Any]] = {}
        self.messages: dict[int, dict[int, dict[str, Any]]] = {}
        self.blocked: set[int] = set()
        self.callback_answers: dict[str, dict[str, Any]] = {}
        self.my_commands: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self.webhook_url = ""
        self.webhook_secret: str | None = None
        self.allowed_updates: list[str] | None = None
        self._pending: list[dict[str, Any]] = []
        self._ids = itertools.count(100_000_001)
        self._next_message_id: dict[int, int] = {}
        self._bot_sent: list[tuple[int, int]] = []  # delivery order over all chats
        self._open_queries: set[str] = set()
        self._faults: dict[str, deque[_Fault]] = {}
        self._checks: list[Check] = []
        self._changed = asyncio.Event()  # set and replaced whenever a call or an update comes
        self._poll = 0
        self._closing = False
        self._runner: web.AppRunner | None = None
        self._handlers: dict[str, Handler] = {
            "getMe": self._get_me, "getUpdates": self._get_updates, "sendMessage": self._send_message,
            "editMessageText": self._edit_text, "editMessageReplyMarkup": self._edit_markup,
            "answerCallbackQuery": self._answer_callback, "setMyCommands": self._set_commands,
            "setWebhook": self._set_webhook, "deleteWebhook": self._delete_webhook,
            "getWebhookInfo": self._webhook_info,
        }

    # -- lifecycle and seams ----------------------------------------------------------

    @property
    def base_url(self) -> str:
        """For ``ApplicationBuilder().base_url()``; PTB appends the token."""
        return f"http://127.0.0.1:{self.port}/bot"

    async def __aenter__(self) -> FakeBotAPI:
        app = web.Application()
        app.router.add_post("/bot{token}/{method}", self._handle)
        # handler_cancellation: a long poll whose client went away ends at once
        self._runner = web.AppRunner(app, access_log=None, handler_cancellation=True, shutdown_timeout=1.0)
        await self._runner.setup()
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        self.port = sock.getsockname()[1]
        await web.SockSite(self._runner, sock).start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        self._closing = True
        self._wake()  # release long polls
        if self._runner is not None:
            await self._runner.cleanup()

    def register(self, method: str, handler: Handler) -> None:
        self._handlers[method] = handler

    def add_check(self, check: Check) -> None:
        """Run `check(method, params)` before every call; it raises ApiError to refuse one."""
        self._checks.append(check)

    def fail_next(self, method: str, status: int = 429, retry_after: int = 1, times: int = 1) -> None:
        """The next `times` calls of `method` get an error status and are not applied."""
        self._faults.setdefault(method, deque()).extend(_Fault(status, retry_after) for _ in range(times))

    def drop_connection_next(self, method: str, times: int = 1, *, apply: bool = False) -> None:
        """Close the connection of the next calls unanswered; `apply`: after applying them
        (the answer is lost, the nasty case for sendMessage)."""
        self._faults.setdefault(method, deque()).extend(_Fault(0, apply=apply) for _ in range(times))

    def block(self, chat_id: int) -> None:
        """Sends and edits to this chat fail with 403 "bot was blocked by the user"."""
        self.blocked.add(chat_id)

    # -- looking ----------------------------------------------------------------------

    def calls_of(self, method: str, *, ok: bool | None = None) -> list[Call]:
        return [c for c in self.calls if c.method == method and (ok is None or c.ok == ok)]

    def sent_messages(self, chat_id: int | None = None) -> list[dict[str, Any]]:
        """The bot's messages as they are now (edits applied), in the order sent."""
        return [copy.deepcopy(self.messages[chat][mid]) for chat, mid in self._bot_sent
                if chat_id is None or chat == chat_id]

    def last_bot_message(self, chat_id: int) -> dict[str, Any] | None:
        sent = self.sent_messages(chat_id)
        return sent[-1] if sent else None

    def message(self, chat_id: int, message_id: int) -> dict[str, Any] | None:
        msg = self.messages.get(chat_id, {}).get(message_id)
        return copy.deepcopy(msg) if msg is not None else None

    async def wait_for(self, method: str, predicate: Callable[[Call], bool] | None = None, timeout: float = 5.0,
                       count: int = 1, *, ok: bool | None = None) -> list[Call]:
        """Wait until at least `count` matching calls were answered; return all matches."""

        def matches() -> list[Call]:
            return [c for c in self.calls_of(method, ok=ok) if predicate is None or predicate(c)]

        if not await self._until(lambda: len(matches()) >= count, timeout):
            recent = ", ".join(f"{c.method}->{c.status}" for c in self.calls[-15:])
            raise TimeoutError(f"waited {timeout}s for {count} call(s) of {method}; last calls: {recent}")
        return matches()

    async def _until(self, ready: Callable[[], bool], timeout: float) -> bool:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not ready():
            changed, remaining = self._changed, deadline - loop.time()
            if remaining <= 0:
                return False
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(changed.wait(), remaining)
        return True

    def _wake(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()

    # -- simulated users --------------------------------------------------------------

    def user_text(self, user_id: int, text: str, chat_id: int | None = None, chat_type: str = "private",
                  language_code: str | None = "en") -> dict[str, Any]:
        """A text message from a user; bot commands get ``bot_command`` entities."""
        msg = self._user_message(user_id, chat_id, chat_type, language_code)
        msg["text"] = text
        _command_entities(msg)
        return self._queue("message", msg)

    def user_sticker(self, user_id: int) -> dict[str, Any]:
        msg = self._user_message(user_id, None, "private", "en")
        msg["sticker"] = {"file_id": "CAACAgIAAxkBAAI1", "file_unique_id": "AgAD1", "type": "regular",
                          "width": 512, "height": 512, "is_animated": False, "is_video": False}
        return self._queue("message", msg)

    def user_photo(self, user_id: int, caption: str | None = None) -> dict[str, Any]:
        msg = self._user_message(user_id, None, "private", "en")
        msg["photo"] = [{"file_id": "AgACAgIAAxkBAAI1", "file_unique_id": "AQAD1", "width": 90, "height": 67}]
        if caption is not None:
            msg["caption"] = caption
        return self._queue("message", msg)

    def user_edits(self, user_id: int, message: dict[str, Any], new_text: str) -> dict[str, Any]:
        """The user edits one of their text messages -> an ``edited_message`` update."""
        stored = self.messages[message["chat"]["id"]][message["message_id"]]
        if stored["from"]["id"] != user_id:
            raise ValueError("users can only edit their own messages")
        stored["text"] = new_text
        stored.pop("entities", None)
        _command_entities(stored)
        stored["edit_date"] = int(time.time())
        return self._queue("edited_message", stored, store=False)

    def user_press(self, user_id: int, message: dict[str, Any], data: str, *, check_button: bool = True,
                   language_code: str | None = "en") -> dict[str, Any]:
        """The user presses the inline button with `data` on a bot `message` (as it is now);
        with `check_button` the message must have that button."""
        stored = self.messages.get(message["chat"]["id"], {}).get(message["message_id"]) or message
        if check_button:
            rows = (stored.get("reply_markup") or {}).get("inline_keyboard", [])
            if data not in [b.get("callback_data") for row in rows for b in row]:
                raise ValueError(f"message {message['message_id']} has no button {data!r}")
        query_id = str(next(self._ids))
        self._open_queries.add(query_id)
        query = {"id": query_id, "from": _user(user_id, language_code), "message": copy.deepcopy(stored),
                 "chat_instance": "-5000000000000000001", "data": data}
        return self._queue("callback_query", query, store=False)

    def queue_update(self, update: dict[str, Any]) -> dict[str, Any]:
        """Queue any update body again (Telegram delivering it twice, say)."""
        update = copy.deepcopy(update)
        update.setdefault("update_id", next(self._ids))
        self._pending.append(update)
        self._wake()
        return copy.deepcopy(update)

    async def post_update_to_webhook(self, update: dict[str, Any], timeout: float = 10.0) -> int:
        """POST `update` to the webhook as Telegram does; the HTTP status (2xx: delivered)."""
        headers = {"Content-Type": "application/json"}
        if self.webhook_secret:
            headers["X-Telegram-Bot-Api-Secret-Token"] = self.webhook_secret
        async with (aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=timeout)) as session,
                    session.post(self.webhook_url, data=json.dumps(update), headers=headers) as resp):
            await resp.read()
        if 200 <= resp.status < 300:
            self._pending = [u for u in self._pending if u["update_id"] != update["update_id"]]
        return resp.status

    def _user_message(self, user_id: int, chat_id: int | None, chat_type: str,
                      language_code: str | None) -> dict[str, Any]:
        if chat_type == "private":
            chat = {"id": user_id, "type": "private", "first_name": "Ann"}
        else:
            chat = {"id": chat_id or DEFAULT_GROUP_ID, "type": chat_type, "title": "TwitchCheck test group"}
        self.chats[chat["id"]] = chat
        return {"message_id": self._message_id(chat["id"]), "from": _user(user_id, language_code),
                "chat": dict(chat), "date": int(time.time())}

    def _message_id(self, chat: int) -> int:
        self._next_message_id[chat] = self._next_message_id.get(chat, 0) + 1
        return self._next_message_id[chat]

    def _queue(self, kind: str, payload: dict[str, Any], store: bool = True) -> dict[str, Any]:
        if store:
            self.messages.setdefault(payload["chat"]["id"], {})[payload["message_id"]] = payload
        update = {"update_id": next(self._ids), kind: copy.deepcopy(payload)}
        self._pending.append(update)
        self._wake()
        return copy.deepcopy(update)

    # -- HTTP -------------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        method = request.match_info["method"]
        form = await request.post()
        params: dict[str, Any] = {k: v if k in TEXT_FIELDS else _json_or_str(v) for k, v in form.items()
                                  if isinstance(v, str)}
        for k, v in form.items():  # uploads (sendPhoto, sendDocument): the file's bytes
            if isinstance(v, web.FileField):
                params[k] = {"filename": v.filename, "data": v.file.read()}
        call = Call(method, params, time.time())
        handler = self._handlers.get(method)
        faults = self._faults.get(method)
        fault = faults.popleft() if faults else None
        try:
            if self.token is not None and request.match_info["token"] != self.token:
                raise ApiError(401, "Unauthorized")
            if handler is None:
                raise ApiError(404, "Not Found")
            for check in self._checks:
                check(method, params)
            if fault is not None and fault.status:
                call.injected = f"status:{fault.status}"
                raise _fault_error(fault)
            if fault is not None:  # dropped: applied or not, the answer never comes
                call.injected = "drop+apply" if fault.apply else "drop"
                if fault.apply:
                    call.response = {"ok": True, "result": await handler(params)}
                self._record(call)
                if request.transport is not None:
                    request.transport.close()
                return web.Response()
            body = {"ok": True, "result": await handler(params)}
            status = 200
        except ApiError as exc:
            body, status = exc.body(), exc.status
        except asyncio.CancelledError:
            self._record(call)  # the client went away during a long poll
            raise
        call.status, call.response = status, body
        self._record(call)
        return web.json_response(body, status=status)

    def _record(self, call: Call) -> None:
        self.calls.append(call)
        self._wake()

    # -- methods ----------------------------------------------------------------------

    async def _get_me(self, params: dict[str, Any]) -> dict[str, Any]:
        return {**self.bot_user, "can_join_groups": True, "can_read_all_group_messages": False,
                "supports_inline_queries": False}

    async def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        if self.webhook_url:
            raise ApiError(409, "Conflict: can't use getUpdates method while webhook is active")
        offset = int(params.get("offset") or 0)
        if params.get("allowed_updates"):
            self.allowed_updates = list(params["allowed_updates"])
        self._pending = [u for u in self._pending if u["update_id"] >= offset]
        self._poll += 1  # a newer poll ends an older one still waiting
        poll = self._poll
        self._wake()
        await self._until(lambda: bool(self._pending) or self._closing or poll != self._poll,
                          float(params.get("timeout") or 0))
        return copy.deepcopy(self._pending[: int(params.get("limit") or 100)]) if poll == self._poll else []

    def _chat(self, params: dict[str, Any]) -> int:
        chat = int(params["chat_id"])
        if chat in self.blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        return chat

    async def _send_message(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._chat(params)
        msg: dict[str, Any] = {"message_id": self._message_id(chat), "from": self.bot_user, "date": int(time.time()),
                               "chat": self.chats.get(chat, {"id": chat, "type": "private" if chat > 0 else "group"})}
        _set_text(msg, params)
        reply_to = (params.get("reply_parameters") or {}).get("message_id") or params.get("reply_to_message_id")
        if reply_to:
            replied = self.messages.get(chat, {}).get(int(reply_to))
            if replied is None:
                raise bad_request("message to be replied not found")
            msg["reply_to_message"] = {k: v for k, v in replied.items() if k != "reply_to_message"}
        self.messages.setdefault(chat, {})[msg["message_id"]] = msg
        self._bot_sent.append((chat, msg["message_id"]))
        return copy.deepcopy(msg)

    def _editable(self, params: dict[str, Any]) -> dict[str, Any]:
        msg = self.messages.get(self._chat(params), {}).get(int(params["message_id"]))
        if msg is None or msg["from"]["id"] != BOT_ID:
            raise bad_request("message to edit not found")
        return msg

    async def _edit_text(self, params: dict[str, Any]) -> dict[str, Any]:
        msg = self._editable(params)
        before = copy.deepcopy(msg)
        _set_text(msg, params)  # without reply_markup, the inline keyboard goes
        if msg == before:
            raise _not_modified()
        return copy.deepcopy(msg)

    async def _edit_markup(self, params: dict[str, Any]) -> dict[str, Any]:
        msg = self._editable(params)
        markup = _inline_keyboard(params.get("reply_markup"))
        if msg.get("reply_markup") == markup:
            raise _not_modified()
        _set_or_pop(msg, "reply_markup", markup)
        return copy.deepcopy(msg)

    async def _answer_callback(self, params: dict[str, Any]) -> bool:
        query = str(params.get("callback_query_id"))
        if query not in self._open_queries:
            raise bad_request("query is too old and response timeout expired or query ID is invalid")
        if len(str(params.get("text") or "")) > 200:
            raise bad_request("MESSAGE_TOO_LONG")
        self._open_queries.discard(query)
        self.callback_answers[query] = params
        return True

    async def _set_commands(self, params: dict[str, Any]) -> bool:
        commands = params["commands"]
        if any(not re.fullmatch(r"[a-z0-9_]{1,32}", c["command"]) or not 1 <= len(c["description"]) <= 256
               for c in commands):
            raise bad_request("BOT_COMMAND_INVALID")
        scope = json.dumps(params.get("scope") or {"type": "default"}, sort_keys=True)
        self.my_commands[(scope, str(params.get("language_code") or ""))] = commands
        return True

    async def _set_webhook(self, params: dict[str, Any]) -> bool:
        secret = params.get("secret_token")
        if secret is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", secret):
            raise bad_request("secret token contains unallowed characters")
        self.webhook_url, self.webhook_secret = str(params.get("url") or ""), secret
        if params.get("allowed_updates"):
            self.allowed_updates = list(params["allowed_updates"])
        self._wake()  # a waiting getUpdates now conflicts
        return True

    async def _webhook_info(self, params: dict[str, Any]) -> dict[str, Any]:
        return {"url": self.webhook_url, "has_custom_certificate": False, "pending_update_count": len(self._pending)}

    async def _delete_webhook(self, params: dict[str, Any]) -> bool:
        if params.get("drop_pending_updates"):
            self._pending.clear()
        self.webhook_url, self.webhook_secret = "", None
        return True


def _user(user_id: int, language_code: str | None) -> dict[str, Any]:
    user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": "Ann"}
    if language_code:
        user["language_code"] = language_code
    return user


def _command_entities(msg: dict[str, Any]) -> None:
    text = msg["text"]
    found = [{"type": "bot_command", "offset": _utf16(text[: m.start()]), "length": _utf16(m.group(0))}
             for m in _COMMAND_IN_TEXT.finditer(text)]
    if found:
        msg["entities"] = found


def _json_or_str(value: str) -> Any:
    try:
        return json.loads(value)
    except ValueError:
        return value


def _set_text(msg: dict[str, Any], params: dict[str, Any]) -> None:
    """Text after parsing (entities filled in) and the inline keyboard, checked as Telegram does."""
    text, entities = str(params.get("text") or ""), []
    if str(params.get("parse_mode") or "").lower() == "html":
        try:
            text, entities = parse_html(text)
        except ValueError as exc:
            raise bad_request(f"can't parse entities: {exc}") from None
    if not text.strip():
        raise bad_request("message text is empty")
    if len(text) > MAX_TEXT_LENGTH:
        raise bad_request("message is too long")
    msg["text"] = text
    _set_or_pop(msg, "entities", entities)
    _set_or_pop(msg, "reply_markup", _inline_keyboard(params.get("reply_markup")))


def _inline_keyboard(markup: Any) -> dict[str, Any] | None:
    if not markup or "inline_keyboard" not in markup:
        return None
    for button in (b for row in markup["inline_keyboard"] for b in row):
        data = button.get("callback_data")
        if data is not None and not 1 <= len(str(data).encode()) <= MAX_CALLBACK_DATA:
            raise bad_request("BUTTON_DATA_INVALID")
        if data is None and "url" not in button:
            raise bad_request("text buttons are unallowed in the inline keyboard")
    return copy.deepcopy(markup) if any(markup["inline_keyboard"]) else None


def _fault_error(fault: _Fault) -> ApiError:
    if fault.status == 429:
        return ApiError(429, f"Too Many Requests: retry after {fault.retry_after}",
                        {"retry_after": fault.retry_after})
    return ApiError(fault.status, HTTPStatus(fault.status).phrase)


def _not_modified() -> ApiError:
    return bad_request("message is not modified: specified new message content and reply markup are exactly "
                       "the same as a current content and reply markup of the message")


def _set_or_pop(target: dict[str, Any], key: str, value: Any) -> None:
    if value:
        target[key] = value
    else:
        target.pop(key, None)
