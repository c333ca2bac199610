"""Updates of different chats are handled at once; updates of one chat, in arrival order.

PTB's own choice is all-or-nothing (one update at a time, or any order). The engine and
the store already keep concurrent updates of one user correct (optimistic versions), but
a user's double press or quick typing should still be applied in the order sent.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor


class PerChatUpdateProcessor(BaseUpdateProcessor):
    def __init__(self, max_concurrent_updates: int) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: dict[int, tuple[asyncio.Lock, list[int]]] = {}  # chat -> (lock, [users])

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = 0
        if isinstance(update, Update):
            chat, user = update.effective_chat, update.effective_user
            key = chat.id if chat is not None else (user.id if user is not None else 0)
        lock, users = self._locks.setdefault(key, (asyncio.Lock(), [0]))
        users[0] += 1
        try:
            async with lock:  # asyncio.Lock is first come, first served
                await coroutine
        finally:
            users[0] -= 1
            if users[0] == 0:  # nobody holds or waits for it: forget it
                del self._locks[key]

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None
