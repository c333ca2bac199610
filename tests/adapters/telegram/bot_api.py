"""PTB's own network seam, faked: a `BaseRequest` that answers Bot API calls from memory.

Only what the handlers call is answered (getMe, sendMessage, the two edits, callback
answers); every call is recorded, so a test reads what the bot did.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from telegram.request import BaseRequest, RequestData

BOT = {"id": 7_000_000_001, "is_bot": True, "first_name": "TwitchCheck", "username": "twitchcheck_bot"}


@dataclass
class Message:
    chat_id: int
    message_id: int
    text: str
    markup: dict[str, Any] | None = None


@dataclass
class FakeBotApi(BaseRequest):
    calls: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    messages: dict[int, Message] = field(default_factory=dict)
    next_id: int = 100

    @property
    def read_timeout(self) -> float | None:
        return 1.0

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    async def do_request(self, url: str, method: str, request_data: RequestData | None = None,
                         *args: Any, **kwargs: Any) -> tuple[int, bytes]:
        endpoint = url.rsplit("/", 1)[-1]
        params = dict(request_data.parameters) if request_data else {}
        self.calls.append((endpoint, params))
        result = self.answer(endpoint, params)
        return 200, json.dumps({"ok": True, "result": result}).encode()

    def answer(self, endpoint: str, params: dict[str, Any]) -> Any:
        if endpoint == "getMe":
            return BOT
        if endpoint == "sendMessage":
            self.next_id += 1
            msg = Message(int(params["chat_id"]), self.next_id, str(params["text"]), params.get("reply_markup"))
            self.messages[msg.message_id] = msg
            return self.as_dict(msg)
        if endpoint in ("editMessageText", "editMessageReplyMarkup"):
            msg = self.messages[int(params["message_id"])]
            msg.text = str(params.get("text", msg.text))
            msg.markup = params.get("reply_markup")
            return self.as_dict(msg)
        return True  # answerCallbackQuery, setMyCommands, ...

    @staticmethod
    def as_dict(msg: Message) -> dict[str, Any]:
        out: dict[str, Any] = {"message_id": msg.message_id, "date": 0, "text": msg.text, "from": BOT,
                               "chat": {"id": msg.chat_id, "type": "private"}}
        if msg.markup:
            out["reply_markup"] = msg.markup
        return out

    def sent(self, chat_id: int) -> list[Message]:
        return [m for m in self.messages.values() if m.chat_id == chat_id]

    def of(self, endpoint: str) -> list[dict[str, Any]]:
        return [p for e, p in self.calls if e == endpoint]
