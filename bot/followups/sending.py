"""Running the sender inside a bot process: the polling loop over the SQLite due-index, or a
SAQ worker on Redis.
Adapters give it their platform's delivery; the composition is the same for all."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

from bot.followups.saq_queue import checkin_worker
from bot.followups.scheduler import Deliver, Scheduler
from bot.followups.service import FollowupService
from bot.stores.followups_redis import RedisFollowupStore

INTERVAL = 30.0  # seconds between looks at the SQLite due-index


@contextlib.asynccontextmanager
async def checkins_sent(service: FollowupService | None, deliver: dict[str, Deliver],
                        interval: float = INTERVAL) -> AsyncIterator[None]:
    """Send due check-ins while the block runs (nothing without a follow-up store)."""
    if service is None:
        yield
        return
    scheduler = Scheduler(service, deliver, clock=service.clock)
    if isinstance(service.store, RedisFollowupStore):
        worker = checkin_worker(scheduler, service.store)
        task = asyncio.create_task(worker.start())
        try:
            yield
        finally:
            await worker.stop()
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
        return
    stop = asyncio.Event()
    loop = asyncio.create_task(scheduler.run(stop, interval))
    try:
        yield
    finally:
        stop.set()
        await loop
