"""Follow-ups on Redis, shared by every worker: a record hash and a diary hash per person,
saved with WATCH/MULTI (optimistic, like the sessions), and each pending check-in a SAQ job
scheduled at its due time (SAQ: the queue library, its own tested protocol, not ours).

SAQ hands a job to one worker at a time; one whose worker died is found stuck by another
worker's sweep (past its timeout) and run again. `done` leaves a short marker so that a
check-in confirmed as sent is never sent again. Job arguments are the platform, the hashed
user id and the check-in's random id: nothing in the clear.
"""

from __future__ import annotations

import asyncio
from typing import Any

from redis.asyncio import Redis
from redis.exceptions import RedisError, WatchError
from saq import Job
from saq.job import Status

from bot.engine.diary import DAY_SECONDS, DiaryEntry, day_of
from bot.engine.followup import FollowUp
from bot.followups.address import AddressSeal
from bot.followups.saq_sweep import CheckinQueue
from bot.followups.store import DueCheckIn, FollowupConflict, Stored

SEND_CHECKIN = "send_checkin"  # the SAQ function name (bot/followups/saq_queue.py)
QUEUE = "twitchcheck-checkins"
JOB_TIMEOUT = 30  # seconds a send may take; a job active longer (its worker died) is swept and re-run
RETRIES = 20
GRACE_DAYS = 4  # a job outlives its due time by this much: the late and the too-late are handled
SENT_TTL = 7 * 86400
CLOSE_WITHIN = 3.0  # seconds; closing never waits on a Redis that is gone


class RedisFollowupStore:
    def __init__(self, redis: Redis, seal: AddressSeal, diary_days: int = 90, prefix: str = "tc:f",
                 job_timeout: int = JOB_TIMEOUT, retry_delay: float | None = None) -> None:
        self.redis: Any = redis  # redis-py's return types depend on decode_responses: read as bytes here
        self.job_timeout = job_timeout
        self.retry_delay = float(job_timeout) if retry_delay is None else retry_delay  # a failed send waits this long
        self.queue = CheckinQueue(redis, name=QUEUE)
        self.seal = seal
        self.diary_days = diary_days
        self.prefix = prefix

    @classmethod
    async def connect(cls, url: str, seal: AddressSeal, diary_days: int = 90, **options: Any) -> RedisFollowupStore:
        """No PING here: the session store has checked the server at start, and a webhook
        worker started during an outage must come up all the same (its calls fail, then
        succeed once Redis is back; SAQ's worker keeps polling)."""
        from bot.stores.redis_store import client_for

        return cls(client_for(url, retries=3), seal, diary_days, **options)

    def _keys(self, platform: str, user: str) -> tuple[str, str]:
        base = f"{self.prefix}:{{{platform}:{user}}}"
        return f"{base}:r", f"{base}:d"

    @property
    def _due(self) -> str:
        """Pending check-in ids scored by due time: for `twitchcheck checkins` counts only."""
        return f"{self.prefix}:due"

    def _sent(self, checkin_id: str) -> str:
        return f"{self.prefix}:sent:{checkin_id}"

    async def load(self, platform: str, user: str) -> Stored | None:
        found = await self.redis.hmget(self._keys(platform, user)[0], ["data", "version"])
        if found[0] is None:
            return None
        return Stored(FollowUp.from_json(found[0]), int(found[1]))

    async def save(self, platform: str, user: str, record: FollowUp, expected: int | None,
                   address: str | None = None, entry: DiaryEntry | None = None) -> int:
        rkey, dkey = self._keys(platform, user)
        before = await self.load(platform, user)
        pending = record.pending
        if pending is not None:  # the job first: a save that loses a race leaves a job that finds nothing
            await self.enqueue(platform, user, pending.id, pending.due_at)
            await self.redis.zadd(self._due, {pending.id: pending.due_at})
        version = (expected or 0) + 1
        old_days: list[str] = []
        if entry is not None and pending is None:  # days past the retention go (kept while one is pending)
            old_days = [d.decode() for d in await self.redis.hkeys(dkey) if int(d) < entry.day - self.diary_days]
        keep = self.diary_days * DAY_SECONDS
        if pending is not None:
            keep = max(keep, pending.due_at - record_time(record) + GRACE_DAYS * DAY_SECONDS)
        async with self.redis.pipeline(transaction=True) as pipe:
            try:
                await pipe.watch(rkey)
                stored = await pipe.hget(rkey, "version")
                if (None if stored is None else int(stored)) != expected:
                    raise FollowupConflict(f"{platform}:{user}")
                pipe.multi()
                fields = {"data": record.to_json(), "version": str(version)}
                if address is not None:
                    fields["address"] = self.seal.seal(platform, user, address).hex()
                pipe.hset(rkey, mapping=fields)
                if entry is not None:
                    pipe.hset(dkey, str(entry.day), entry.model_dump_json())
                if old_days:
                    pipe.hdel(dkey, *old_days)
                pipe.expire(rkey, int(keep))
                pipe.expire(dkey, int(keep))
                await pipe.execute()
            except WatchError:
                raise FollowupConflict(f"{platform}:{user}") from None
        old = before.record.pending if before else None
        if old is not None and (pending is None or pending.id != old.id):
            await self._unqueue(old.id)
        return version

    async def enqueue(self, platform: str, user: str, checkin_id: str, when: float, key: str | None = None) -> None:
        """The job that sends a check-in at `when` (a no-op when that job is queued already)."""
        job = Job(function=SEND_CHECKIN, kwargs={"platform": platform, "user": user, "checkin_id": checkin_id},
                  key=key or checkin_id, scheduled=int(when), timeout=self.job_timeout, retries=RETRIES,
                  retry_delay=self.retry_delay, ttl=60)
        await self.queue.enqueue(job)

    async def _unqueue(self, checkin_id: str) -> None:
        """A check-in no longer pending (cancelled, replaced, forgotten): its job goes."""
        await self.redis.zrem(self._due, checkin_id)
        for key in (checkin_id, f"{checkin_id}.m"):
            job = await self.queue.job(key)
            if job is not None and job.status in (Status.NEW, Status.QUEUED):
                await self.queue.abort(job, "cancelled")
                await self.redis.delete(job.id)

    async def diary(self, platform: str, user: str) -> tuple[DiaryEntry, ...]:
        rows = await self.redis.hgetall(self._keys(platform, user)[1])
        entries = [DiaryEntry.model_validate_json(v) for v in rows.values()]
        return tuple(sorted(entries, key=lambda e: e.day))

    async def due(self, platform: str, user: str, checkin_id: str) -> DueCheckIn | None:
        """The check-in a job names, with its address; None once confirmed sent."""
        if await self.redis.exists(self._sent(checkin_id)):
            return None
        rkey = self._keys(platform, user)[0]
        data, sealed = await self.redis.hmget(rkey, ["data", "address"])
        if data is None:
            return None
        record = FollowUp.from_json(data)
        due_at = record.pending.due_at if record.pending else 0.0
        address = None
        if sealed is not None:
            try:
                address = self.seal.open(platform, user, bytes.fromhex(sealed.decode()))
            except ValueError:
                address = None
        return DueCheckIn(checkin_id, platform, user, due_at, address)

    def _held(self, checkin_id: str) -> str:
        return f"{self.prefix}:held:{checkin_id}"

    async def hold(self, checkin_id: str) -> bool:
        """Only one run sends a check-in at a time: False while another run holds it (a job
        swept as stuck while its first run is only slow). The hold lapses after the job
        timeout, when a run that died holding it has been given up."""
        return bool(await self.redis.set(self._held(checkin_id), b"1", nx=True, ex=self.job_timeout + 5))

    async def let_go(self, checkin_id: str) -> None:
        await self.redis.delete(self._held(checkin_id))

    async def done(self, checkin_id: str) -> None:
        """Sent (or dropped): the marker every later run of its job finds first."""
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.set(self._sent(checkin_id), b"1", ex=SENT_TTL)
            pipe.delete(self._held(checkin_id))
            pipe.zrem(self._due, checkin_id)
            await pipe.execute()

    async def forget(self, platform: str, user: str) -> int:
        before = await self.load(platform, user)
        if before is not None and before.record.pending is not None:
            await self._unqueue(before.record.pending.id)
        return int(await self.redis.delete(*self._keys(platform, user)))

    async def pending_by_day(self) -> list[tuple[int, int]]:
        counts: dict[int, int] = {}
        for _member, score in await self.redis.zrange(self._due, 0, -1, withscores=True):
            counts[day_of(score)] = counts.get(day_of(score), 0) + 1
        return sorted(counts.items())

    async def expire(self, now: float) -> int:
        """Keys expire by their TTL (kept at least until a pending check-in); nothing to sweep."""
        return 0

    async def close(self) -> None:
        try:
            await asyncio.wait_for(self.queue.disconnect(), CLOSE_WITHIN)
        except (RedisError, OSError, TimeoutError):  # Redis gone: nothing left to flush
            await self.redis.connection_pool.disconnect()


def record_time(record: FollowUp) -> float:
    """When the record last changed, as far as it says (its last check or check-in)."""
    times = [c.at for c in record.checks] + [c.at for c in record.checkins]
    if record.pending is not None:
        times.append(record.pending.offered_at)
    return max(times) if times else 0.0

