"""Follow-ups on Redis, shared by every worker: a record hash and a diary hash per person,
saved with WATCH/MULTI (optimistic, like the sessions), and each pending check-in an arq job
deferred to its due time (arq: the queue library, its own tested protocol, not ours).

arq hands a job to one worker at a time and runs it again if that worker dies (after its
in-progress key expires); `done` leaves a short marker so that a check-in confirmed as
sent is never sent again. Job arguments are the platform, the hashed user id and the
check-in's random id: nothing in the clear.
"""

from __future__ import annotations

import datetime as dt

from arq.connections import ArqRedis, RedisSettings, create_pool
from arq.constants import default_queue_name, job_key_prefix
from redis.exceptions import WatchError

from bot.engine.diary import DAY_SECONDS, DiaryEntry, day_of
from bot.engine.followup import FollowUp
from bot.followups.address import AddressSeal
from bot.followups.store import DueCheckIn, FollowupConflict, Stored

SEND_CHECKIN = "send_checkin"  # the arq function name (bot/followups/arq_queue.py)
GRACE_DAYS = 4  # a job outlives its due time by this much: the late and the too-late are handled
SENT_TTL = 7 * 86400


class RedisFollowupStore:
    def __init__(self, redis: ArqRedis, seal: AddressSeal, diary_days: int = 90, prefix: str = "tc:f",
                 url: str | None = None) -> None:
        self.redis = redis
        self.url = url  # arq's workers open their own connections from it
        self.seal = seal
        self.diary_days = diary_days
        self.prefix = prefix

    @classmethod
    async def connect(cls, url: str, seal: AddressSeal, diary_days: int = 90) -> RedisFollowupStore:
        redis = await create_pool(RedisSettings.from_dsn(url))
        return cls(redis, seal, diary_days, url=url)

    def _keys(self, platform: str, user: str) -> tuple[str, str]:
        base = f"{self.prefix}:{{{platform}:{user}}}"
        return f"{base}:r", f"{base}:d"

    def _sent(self, checkin_id: str) -> str:
        return f"{self.prefix}:sent:{checkin_id}"

    async def load(self, platform: str, user: str) -> Stored | None:
        found = await self.redis.hmget(self._keys(platform, user)[0], ["data", "version"])  # type: ignore[misc]
        if found[0] is None:
            return None
        return Stored(FollowUp.from_json(found[0]), int(found[1]))

    async def save(self, platform: str, user: str, record: FollowUp, expected: int | None,
                   address: str | None = None, entry: DiaryEntry | None = None) -> int:
        rkey, dkey = self._keys(platform, user)
        before = await self.load(platform, user)
        pending = record.pending
        if pending is not None:  # the job first: a save that loses a race leaves a job that finds nothing
            await self.redis.enqueue_job(
                SEND_CHECKIN, platform, user, pending.id, _job_id=pending.id,
                _defer_until=dt.datetime.fromtimestamp(pending.due_at, dt.UTC),
                _expires=dt.timedelta(seconds=max(0.0, pending.due_at - record_time(record)) + GRACE_DAYS * DAY_SECONDS))
        version = (expected or 0) + 1
        old_days: list[str] = []
        if entry is not None and pending is None:  # days past the retention go (kept while one is pending)
            old_days = [d.decode() for d in await self.redis.hkeys(dkey) if int(d) < entry.day - self.diary_days]  # type: ignore[misc]
        keep = self.diary_days * DAY_SECONDS
        if pending is not None:
            keep = max(keep, pending.due_at - record_time(record) + GRACE_DAYS * DAY_SECONDS)
        async with self.redis.pipeline(transaction=True) as pipe:
            try:
                await pipe.watch(rkey)
                stored = await pipe.hget(rkey, "version")  # type: ignore[misc]
                if (None if stored is None else int(stored)) != expected:
                    raise FollowupConflict(f"{platform}:{user}")
                pipe.multi()  # type: ignore[no-untyped-call]
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

    async def _unqueue(self, checkin_id: str) -> None:
        """A check-in no longer pending (cancelled, replaced, forgotten): its job goes."""
        await self.redis.zrem(default_queue_name, checkin_id)
        await self.redis.delete(job_key_prefix + checkin_id)

    async def diary(self, platform: str, user: str) -> tuple[DiaryEntry, ...]:
        rows = await self.redis.hgetall(self._keys(platform, user)[1])  # type: ignore[misc]
        entries = [DiaryEntry.model_validate_json(v) for v in rows.values()]
        return tuple(sorted(entries, key=lambda e: e.day))

    async def due(self, platform: str, user: str, checkin_id: str) -> DueCheckIn | None:
        """The check-in an arq job names, with its address; None once confirmed sent."""
        if await self.redis.exists(self._sent(checkin_id)):
            return None
        rkey = self._keys(platform, user)[0]
        data, sealed = await self.redis.hmget(rkey, ["data", "address"])  # type: ignore[misc]
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

    async def done(self, checkin_id: str) -> None:
        await self.redis.set(self._sent(checkin_id), b"1", ex=SENT_TTL)

    async def forget(self, platform: str, user: str) -> int:
        before = await self.load(platform, user)
        if before is not None and before.record.pending is not None:
            await self._unqueue(before.record.pending.id)
        return int(await self.redis.delete(*self._keys(platform, user)))

    async def pending_by_day(self) -> list[tuple[int, int]]:
        counts: dict[int, int] = {}
        for _member, score in await self.redis.zrange(default_queue_name, 0, -1, withscores=True):
            day = day_of(score / 1000)
            counts[day] = counts.get(day, 0) + 1
        return sorted(counts.items())

    async def expire(self, now: float) -> int:
        """Keys expire by their TTL (kept at least until a pending check-in); nothing to sweep."""
        return 0

    async def close(self) -> None:
        await self.redis.aclose()


def record_time(record: FollowUp) -> float:
    """When the record last changed, as far as it says (its last check or check-in)."""
    times = [c.at for c in record.checks] + [c.at for c in record.checkins]
    if record.pending is not None:
        times.append(record.pending.offered_at)
    return max(times) if times else 0.0

