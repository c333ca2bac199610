"""An in-memory SessionStore: for tests, benchmarks and `chat --jsonl`.

Records are kept encoded (compact JSON), as the other stores keep them: a caller can
never share state with the store by accident, and a session costs a few hundred bytes.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from bot.stores.base import Record, SessionKey, VersionConflict, decode, encode


class MemoryStore:
    def __init__(self, ttl: float = 86400.0, clock: Callable[[], float] = time.time) -> None:
        self.ttl = ttl
        self.clock = clock
        self._data: dict[SessionKey, tuple[str, int, float]] = {}  # json, version, touched

    def __len__(self) -> int:
        return len(self._data)

    async def load(self, key: SessionKey) -> Record | None:
        item = self._data.get(key)
        if item is None:
            return None
        if item[2] + self.ttl < self.clock():
            del self._data[key]
            return None
        return decode(item[0])

    async def save(self, key: SessionKey, record: Record, expected: int | None) -> None:
        item = self._data.get(key)
        live = item is not None and item[2] + self.ttl >= self.clock()
        current_version = item[1] if live and item is not None else None
        if current_version != expected:
            raise VersionConflict(str(key))
        self._data[key] = (encode(record), record.session.version, self.clock())

    async def delete(self, key: SessionKey) -> None:
        self._data.pop(key, None)

    async def delete_user(self, platform: str, user: str) -> int:
        doomed = [k for k in self._data if k.platform == platform and k.user == user]
        for k in doomed:
            del self._data[k]
        return len(doomed)

    async def expire(self) -> int:
        limit = self.clock() - self.ttl
        doomed = [k for k, (_, _, at) in self._data.items() if at < limit]
        for k in doomed:
            del self._data[k]
        return len(doomed)

    async def close(self) -> None:
        return None
