"""What every handler needs: the service, the bundle, the id secret and small in-memory state."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from telegram import Update

from bot.engine.bundle import Bundle
from bot.engine.content import Messages
from bot.service import CheckService
from bot.stores import SessionKey, hash_id

PLATFORM = "telegram"
V = TypeVar("V")


class Lru(Generic[V]):
    """A small bounded mapping (oldest entries dropped): in-memory adapter state only."""

    def __init__(self, size: int = 10_000) -> None:
        self.size = size
        self._data: OrderedDict[str, V] = OrderedDict()

    def get(self, key: str) -> V | None:
        return self._data.get(key)

    def put(self, key: str, value: V) -> None:
        self._data[key] = value
        self._data.move_to_end(key)
        while len(self._data) > self.size:
            self._data.popitem(last=False)

    def pop(self, key: str) -> V | None:
        return self._data.pop(key, None)

    def keys(self) -> list[str]:
        return list(self._data)


@dataclass
class Deps:
    service: CheckService
    secret: bytes
    answered: Lru[bool] = field(default_factory=lambda: Lru(1024))  # callback query ids

    @property
    def bundle(self) -> Bundle:
        return self.service.bundle

    def user_hash(self, user_id: int) -> str:
        return hash_id(self.secret, PLATFORM, user_id)

    def owner_tag(self, user_id: int) -> str:
        """A short pseudonym put in buttons, so that only their owner may press them."""
        return self.user_hash(user_id)[:8]

    def key(self, user_id: int, chat_id: int) -> SessionKey:
        return SessionKey(PLATFORM, self.user_hash(user_id), hash_id(self.secret, "telegram-chat", chat_id))

    def locale(self, update: object) -> str:
        """The user's language code as Telegram gives it: the engine picks the content for it
        (and says once when it has none)."""
        user = update.effective_user if isinstance(update, Update) else None
        return (user.language_code or "") if user else ""

    def messages(self, locale: str) -> Messages:
        return self.bundle.content(locale).messages


def deep_link(username: str | None) -> str:
    return f"https://t.me/{username}?start=check"
