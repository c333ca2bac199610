"""SAQ's Redis queue with a sweep that leaves jobs in hand-over alone.

SAQ finds a job whose worker died by sweeping: every job in the queue's active list whose
status is not ACTIVE (or that is past its timeout) is aborted and run again. But a worker
moves a job into that list (BLMOVE) a few milliseconds before it marks it ACTIVE, and a sweep
in between took healthy jobs away (saq issues #124 and #277): under load each sweep re-ran a
job or two, and SAQ waited up to 5 s for each abort that no dead worker would ever confirm,
one after another, so the check-ins of a worker that died came out a few seconds apart.

Here a job is swept only if it still looks abandoned a moment later (HANDOVER), and the sweep
does not wait for abort confirmations: a live worker cancels an aborted job itself within a
second, and the hold in RedisFollowupStore keeps two runs of one check-in apart meanwhile.
Only SAQ's public methods are used.
"""

from __future__ import annotations

import asyncio

from saq.job import Job, Status
from saq.queue.redis import RedisQueue

HANDOVER = 1.0  # seconds: far above the moment between a worker taking a job and marking it active


class CheckinQueue(RedisQueue):
    async def sweep(self, lock: int = 60, abort: float = 5.0) -> list[str]:
        if not await self.redis.set(self.namespace("sweep"), 1, nx=True, ex=lock):
            return []  # another worker swept within `lock` seconds
        first = await self.abandoned()
        if not first:
            return []
        await asyncio.sleep(HANDOVER)
        again = await self.abandoned()
        swept = [job_id for job_id in again if job_id in first]
        for job_id in swept:
            job = again[job_id]
            if job is None:  # its data is gone: nothing left to run
                await self.redis.lrem(self.namespace("active"), 0, job_id)
                await self.redis.zrem(self.namespace("incomplete"), job_id)
                continue
            await self.abort(job, error=self.swept_error_message)
            if job.retryable:
                await self.retry(job, error=self.swept_error_message)
            else:
                await self.finish(job, Status.ABORTED, error=self.swept_error_message)
        return swept

    async def abandoned(self) -> dict[str, Job | None]:
        """Jobs in the active list that are not running: not ACTIVE, past their timeout, or gone."""
        ids = [i.decode() if isinstance(i, bytes) else i for i in await self.redis.lrange(self.namespace("active"), 0, -1)]
        if not ids:
            return {}
        found: dict[str, Job | None] = {}
        for job_id, raw in zip(ids, await self.redis.mget(ids), strict=True):
            job = self.deserialize(raw) if raw else None
            if job is None or job.status != Status.ACTIVE or job.stuck:
                found[job_id] = job
        return found
