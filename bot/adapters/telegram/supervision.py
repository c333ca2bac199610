"""A webhook worker's hold on its store: connect in the background, keep trying, give up loudly.

A worker starts serving at once, whether its store is up or not (the replacement of a dead
worker must not take the service down during an outage): until the store answers, updates
are answered 503, so Telegram sends them again, and /readyz says why. Once the store has
been unreachable for TWITCHCHECK_STORE_PATIENCE seconds the worker truly cannot serve: it
logs one line, leaves that line for the parent (`GAVE_UP` in the run directory) and exits 3,
which makes uvicorn's parent stop every worker; `serve()` then fails with that line (exit 2).
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
from pathlib import Path

from bot.metrics import STORE_ERRORS, STORE_UP
from bot.stores.factory import open_store
from bot.stores.resilient import ResilientStore

log = logging.getLogger(__name__)
GAVE_UP = "store-gave-up"
EXIT_CANNOT_SERVE = 3  # uvicorn's "startup failure": its parent stops instead of restarting us
EXPIRE_EVERY = 600.0


def store_kind(url: str) -> str:
    return url.split(":", 1)[0].split("+", 1)[0]


def redacted(url: str) -> str:
    from bot.stores.redis_store import _redacted

    return _redacted(url)


class StoreKeeper:
    """Opens the store when it can, watches it, expires idle sessions, gives up after `patience`."""

    def __init__(self, url: str, ttl: float, prefix: str, patience: float, run_dir: Path | None) -> None:
        self.url = url
        self.patience = patience
        self.run_dir = run_dir
        kind = store_kind(url)
        self.kind = kind
        self.store = ResilientStore(None, opener=lambda: open_store(url, ttl, prefix),
                                    on_error=lambda: STORE_ERRORS.labels(kind).inc())

    async def watch(self, every: float = 1.0) -> None:
        """Look at the store every `every` s (and expire idle sessions now and then)."""
        expired_at = 0.0
        while True:
            up = await self.store.ping()
            STORE_UP.labels(self.kind).set(1 if up else 0)
            now = time.monotonic()
            if up and now - expired_at > EXPIRE_EVERY:
                expired_at = now
                try:
                    log.info("expired %d idle sessions", await self.store.expire())
                except Exception as exc:  # noqa: BLE001 - tried again at the next round
                    log.warning("expiring idle sessions failed (%s)", type(exc).__name__)
            down = self.store.down_since
            if down is not None and now - down > self.patience:
                self.give_up(now - down)
            await asyncio.sleep(every)

    def give_up(self, seconds: float) -> None:
        line = (f"TWITCHCHECK_STORE_URL: the store at {redacted(self.url)} has been unreachable for "
                f"{seconds:.0f} s (TWITCHCHECK_STORE_PATIENCE); this worker cannot serve")
        log.critical(line)
        if self.run_dir is not None:
            (self.run_dir / GAVE_UP).write_text(line + "\n")
        logging.shutdown()
        os._exit(EXIT_CANNOT_SERVE)  # uvicorn's parent then stops every worker
