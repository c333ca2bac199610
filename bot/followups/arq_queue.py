"""Check-ins on Redis: an arq worker in each bot process runs the jobs RedisFollowupStore
queued, each at its due time, each on one worker at a time (arq retries it elsewhere if
that worker dies). Sending goes through the platform's own client, so the bot-wide rate
limiter paces it like every other message.
"""

from __future__ import annotations

import logging
from typing import Any

from arq.connections import RedisSettings
from arq.worker import Retry, Worker, func

from bot.engine.schedule import HOUR, sendable_now
from bot.followups.scheduler import Scheduler
from bot.stores.followups_redis import SEND_CHECKIN, RedisFollowupStore

log = logging.getLogger(__name__)
RETRY_AFTER = 60  # seconds before a send that failed (not refused) is tried again
MAX_TRIES = 20


async def send_checkin(ctx: dict[str, Any], platform: str, user: str, checkin_id: str) -> str:
    """One job: open the check-in and send it (or drop it, or find it gone)."""
    scheduler: Scheduler = ctx["scheduler"]
    store: RedisFollowupStore = ctx["store"]
    now = scheduler.clock()
    schedule = scheduler.service.rules.schedule
    if not sendable_now(schedule, now):  # night: wait for the morning
        hour = (now % 86400) / HOUR
        wait = ((schedule.night.to_hour - hour) % 24) * HOUR
        raise Retry(defer=max(60.0, wait))
    if platform not in scheduler.deliver:
        raise Retry(defer=RETRY_AFTER)  # a worker for another platform takes it
    due = await store.due(platform, user, checkin_id)
    if due is None:
        return "nothing"
    outcome = await scheduler.send(due)
    if outcome == "failed":
        raise Retry(defer=RETRY_AFTER)
    await store.done(checkin_id)
    return outcome


def checkin_worker(scheduler: Scheduler, store: RedisFollowupStore, max_jobs: int = 10,
                   poll_delay: float = 0.5) -> Worker:
    """An arq Worker to run inside a bot process (`await worker.async_run()`, then `close()`)."""
    connection: dict[str, Any] = ({"redis_settings": RedisSettings.from_dsn(store.url)} if store.url
                                  else {"redis_pool": store.redis})
    return Worker(
        functions=[func(send_checkin, name=SEND_CHECKIN, max_tries=MAX_TRIES, timeout=60)],
        **connection, handle_signals=False, max_jobs=max_jobs, poll_delay=poll_delay,
        keep_result=0, ctx={"scheduler": scheduler, "store": store}, log_results=False,
    )
