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
from bot.followups.store import ClaimingStore, DueCheckIn

Delivery = Literal["sent", "blocked", "failed"]
# (the check-in, its messages) -> what happened. "blocked": the platform refused for good
# (Telegram 403, Discord closed DMs); "failed": worth another try later.
Deliver = Callable[[DueCheckIn, list[FollowupReply]], Awaitable[Delivery]]
Sent = Literal["sent", "blocked", "failed", "dropped", "nothing"]

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
        self.store: ClaimingStore = service.store  # type: ignore[assignment]

    async def tick(self) -> Tally:
        """Send every check-in due now (none at night: late ones wait for the morning)."""
        tally = Tally()
        now = self.clock()
        if not sendable_now(self.service.rules.schedule, now):
            return tally
        while True:
            batch = await self.store.claim_due(now, BATCH, tuple(self.deliver))
            if not batch:
                return tally
            for due in batch:
                await self._one(due, tally)

    async def send(self, due: DueCheckIn) -> Sent:
        """Open one due check-in and hand it to its platform; a refusal for good cancels
        the person's check-ins. The caller removes it unless it "failed"."""
        opened = await self.service.open_due(due)
        if not opened.replies or due.address is None or due.platform not in self.deliver:
            return "dropped" if opened.dropped else "nothing"
        outcome = await self.deliver[due.platform](due, opened.replies)
        if outcome == "blocked":
            await self.service.cancel(due.platform, due.user)
        return outcome

    async def _one(self, due: DueCheckIn, tally: Tally) -> None:
        outcome = await self.send(due)
        if outcome == "failed":
            tally.failed += 1  # left claimed: handed out again after the lease
            return
        tally.sent += outcome == "sent"
        tally.dropped += outcome == "dropped"
        tally.cancelled += outcome == "blocked"
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
