"""Moving windows counted in this process, on the event loop's own thread.

The same counting as `limits`' MovingWindowRateLimiter over its in-memory storage (an item
allows `amount` hits in any `expiry` seconds), without that storage's expiry task, which
hands every key to a worker thread and back: with a hit or two per Bot API call, those GIL
hand-overs cost the bot more CPU than the counting itself. Across workers the budgets stay
in Redis (`limits`' Redis storage); this is for one process, and for a worker counting its
share while Redis is away.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from typing import NamedTuple

from limits import RateLimitItem

SWEEP_EVERY = 60.0  # seconds between forgetting windows with nothing left in them


class Stats(NamedTuple):
    reset_time: float  # when the oldest hit in the window leaves it (time.time())
    remaining: int


class LoopWindows:
    """`hit`, `test` and `get_window_stats` as `limits.aio.strategies.MovingWindowRateLimiter`
    has them, for the one key the limiter passes."""

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self.clock = clock
        self._hits: dict[tuple[str, int, int], deque[float]] = {}
        self._sweep_at = clock() + SWEEP_EVERY

    def __len__(self) -> int:
        """How many windows are remembered (the empty ones go at the next sweep)."""
        return len(self._hits)

    def _window(self, item: RateLimitItem, key: str, now: float) -> deque[float]:
        expiry = item.get_expiry()
        slot = (key, item.amount, expiry)
        hits = self._hits.get(slot)
        if hits is None:
            if now >= self._sweep_at:
                self._sweep(now)
            hits = self._hits[slot] = deque()
        while hits and hits[0] <= now - expiry:
            hits.popleft()
        return hits

    def _sweep(self, now: float) -> None:
        self._hits = {slot: hits for slot, hits in self._hits.items() if hits and hits[-1] > now - slot[2]}
        self._sweep_at = now + SWEEP_EVERY

    async def hit(self, item: RateLimitItem, key: str, cost: int = 1) -> bool:
        now = self.clock()
        hits = self._window(item, key, now)
        if len(hits) + cost > item.amount:
            return False
        hits.extend([now] * cost)
        return True

    async def test(self, item: RateLimitItem, key: str, cost: int = 1) -> bool:
        return len(self._window(item, key, self.clock())) + cost <= item.amount

    async def get_window_stats(self, item: RateLimitItem, key: str) -> Stats:
        now = self.clock()
        hits = self._window(item, key, now)
        return Stats((hits[0] if hits else now) + item.get_expiry(), item.amount - len(hits))
