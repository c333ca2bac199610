"""A bot process's check-in worker on its own, for the worker-death test: a SAQ worker over
a real Redis whose "platform" appends each check-in's address to a file. With --die-after N
it exits abruptly (os._exit: no clean-up, as a killed process) before its N-th send."""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import time

from bot.catalog import load_bundle
from bot.engine.checkin import FollowupReply
from bot.followups.address import AddressSeal
from bot.followups.saq_queue import checkin_worker
from bot.followups.scheduler import Delivery, Scheduler
from bot.followups.service import FollowupService
from bot.followups.store import DueCheckIn
from bot.stores.followups_redis import RedisFollowupStore
from tests.followups.given import without_night


async def main(url: str, out: str, die_after: int) -> None:
    store = await RedisFollowupStore.connect(url, AddressSeal(b"secret"), job_timeout=3, retry_delay=0.5)
    sends = 0

    async def deliver(due: DueCheckIn, replies: list[FollowupReply]) -> Delivery:
        nonlocal sends
        sends += 1
        if die_after and sends >= die_after:
            os._exit(9)
        await asyncio.sleep(0.01)
        fd = os.open(out, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        os.write(fd, f"{due.address} {os.getpid()}\n".encode())
        os.close(fd)
        return "sent"

    service = FollowupService(without_night(load_bundle()), store, clock=time.time)
    worker = checkin_worker(Scheduler(service, {"telegram": deliver}, clock=time.time), store,
                            concurrency=5, sweep=1)
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    task = asyncio.create_task(worker.start())
    await stop.wait()
    await worker.stop()
    task.cancel()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("out")
    parser.add_argument("--die-after", type=int, default=0)
    args = parser.parse_args()
    asyncio.run(main(args.url, args.out, args.die_after))
