"""Check-ins on Redis: a SAQ worker in each bot process runs the jobs RedisFollowupStore
queued, each at its due time and on one worker at a time (a job whose worker died is swept
by another worker and run again). Sending goes through the platform's own client, so the
bot-wide rate limiter paces it like every other message.
"""

from __future__ import annotations

import logging
from typing import Any

from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeout
from saq import Worker
from saq.types import PartialTimersDict

from bot.engine.schedule import HOUR, sendable_now
from bot.followups.scheduler import Scheduler
from bot.stores.followups_redis import SEND_CHECKIN, RedisFollowupStore

log = logging.getLogger(__name__)


class CheckinError(Exception):
    """A send that failed (not refused): SAQ tries the job again after its retry delay."""


async def send_checkin(ctx: Any, *, platform: str, user: str, checkin_id: str) -> str:
    """One job: open the check-in and send it (or drop it, or find it gone)."""
    scheduler: Scheduler = ctx["scheduler"]
    store: RedisFollowupStore = ctx["store"]
    now = scheduler.clock()
    schedule = scheduler.service.rules.schedule
    if not sendable_now(schedule, now):  # night: a job for the morning takes over
        hour = (now % 86400) / HOUR
        morning = now + ((schedule.night.to_hour - hour) % 24) * HOUR
        await store.enqueue(platform, user, checkin_id, morning, key=f"{checkin_id}.m")
        return "night"
    due = await store.due(platform, user, checkin_id)
    if due is None:
        return "nothing"
    if not await store.hold(checkin_id):
        raise CheckinError("another run is sending it; tried again later")
    try:
        outcome = await scheduler.send(due)
    except BaseException:  # a timeout's cancellation included: the next run may send
        await store.let_go(checkin_id)
        raise
    if outcome == "failed":
        await store.let_go(checkin_id)
        raise CheckinError("send failed; tried again later")
    await store.done(checkin_id)
    return outcome


class _QuietSaq(logging.Filter):
    """SAQ's own error lines, kept to one line: an upkeep round that could not reach Redis is
    dropped (the store keeper reports outages, and a traceback a second filled the pipe of a
    worker whose stderr nobody read until it blocked); any other traceback becomes its type."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.exc_info[0] is not None:
            kind = record.exc_info[0]
            if record.msg.startswith("Upkeep") and issubclass(kind, RedisConnectionError | RedisTimeout | OSError):
                return False
            record.msg, record.args = f"{record.getMessage().split(chr(10))[0][:200]} ({kind.__name__})", None
            record.exc_info, record.exc_text = None, None
        return True


def quiet_saq_logs() -> None:
    saq_log = logging.getLogger("saq")
    if not any(isinstance(f, _QuietSaq) for f in saq_log.filters):
        saq_log.addFilter(_QuietSaq())


class CheckinWorker(Worker):  # type: ignore[type-arg]
    SIGNALS: list[Any] = []  # the bot process handles SIGINT/SIGTERM itself


def checkin_worker(scheduler: Scheduler, store: RedisFollowupStore, concurrency: int = 10,
                   sweep: float | None = None, poll: float = 0.5) -> CheckinWorker:
    """A SAQ worker to run inside a bot process (`await worker.start()`, `await worker.stop()`);
    it looks for jobs stuck on a dead worker every `sweep` s (half the job timeout)."""
    quiet_saq_logs()
    sweep = sweep or max(1, store.job_timeout // 2)

    async def startup(ctx: Any) -> None:
        ctx["scheduler"] = scheduler
        ctx["store"] = store

    return CheckinWorker(store.queue, functions=[(SEND_CHECKIN, send_checkin)], concurrency=concurrency,
                         startup=startup, timers=PartialTimersDict(schedule=1, worker_info=10, sweep=int(sweep), abort=1),
                         dequeue_timeout=poll)
