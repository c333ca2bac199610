"""Sending due check-ins: claim them from the store, open each (on time, late or dropped),
hand the messages to the platform, and cancel a person who blocked the bot or closed DMs.

Each check-in is claimed by one sender only and removed once sent, so it is sent once
across restarts. A process that dies between claiming and confirming leaves a claim that
is handed out again after the store's lease, and the open check-in's question is sent
again: in that window a check-in may arrive twice, never zero times.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Literal

from bot.engine.checkin import FollowupReply
from bot.engine.schedule import sendable_now
from bot.followups.service import FollowupService
from bot.followups.store import DueCheckIn

Delivery = Literal["sent", "blocked", "failed"]
# (platform, address, replies) -> what happened. "blocked": the platform refused for good
# (Telegram 403, Discord closed DMs); "failed": worth another try later.
Deliver = Callable[[str, str, list[FollowupReply]], Awaitable[Delivery]]

log = logging.getLogger(__name__)
BATCH = 50


@dataclass
class Tally:
    sent: int = 0
    dropped: int = 0
    cancelled: int = 0
    failed: int = 0


class Scheduler:
    def __init__(self, service: FollowupService, deliver: dict[str, Deliver],
                 clock: Callable[[], float] = time.time) -> None:
        self.service = service
        self.deliver = deliver
        self.clock = clock
        self.store = service.store

    async def tick(self) -> Tally:
        """Send every check-in due now (none at night: late ones wait for the morning)."""
        tally = Tally()
        now = self.clock()
        if not sendable_now(self.service.rules.schedule, now):
            return tally
        while True:
            batch = [d for d in await self.store.claim_due(now, BATCH) if d.platform in self.deliver]
            if not batch:
                return tally
            for due in batch:
                await self._one(due, tally)

    async def _one(self, due: DueCheckIn, tally: Tally) -> None:
        opened = await self.service.open_due(due)
        if opened.dropped:
            tally.dropped += 1
        if not opened.replies or due.address is None:
            await self.store.done(due.id)
            return
        outcome = await self.deliver[due.platform](due.platform, due.address, opened.replies)
        if outcome == "failed":
            tally.failed += 1  # left claimed: handed out again after the lease
            return
        if outcome == "blocked":
            await self.service.cancel(due.platform, due.user)
            tally.cancelled += 1
        else:
            tally.sent += 1
        await self.store.done(due.id)

    async def run(self, stop: asyncio.Event, interval: float = 30.0) -> None:
        """Tick until `stop` is set; an error is logged (its type only) and the loop goes on."""
        while not stop.is_set():
            try:
                tally = await self.tick()
                if tally.sent or tally.dropped or tally.cancelled:
                    log.info("check-ins: %d sent, %d dropped as too late, %d cancelled",
                             tally.sent, tally.dropped, tally.cancelled)
            except Exception as exc:  # never let one bad row stop the sending
                log.error("check-in sending failed: %s", type(exc).__name__)
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(stop.wait(), interval)
