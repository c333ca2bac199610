"""Running the sender inside a bot process (the polling loop over the SQLite due-index).
Adapters give it their platform's delivery; the composition is the same for all."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

from bot.followups.scheduler import Deliver, Scheduler
from bot.followups.service import FollowupService

INTERVAL = 30.0  # seconds between looks at the SQLite due-index


@contextlib.asynccontextmanager
async def checkins_sent(service: FollowupService | None, deliver: dict[str, Deliver],
                        interval: float = INTERVAL) -> AsyncIterator[None]:
    """Send due check-ins while the block runs (nothing without a follow-up store)."""
    if service is None:
        yield
        return
    scheduler = Scheduler(service, deliver, clock=service.clock)
    stop = asyncio.Event()
    loop = asyncio.create_task(scheduler.run(stop, interval))
    try:
        yield
    finally:
        stop.set()
        await loop
