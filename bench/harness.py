"""What the platform benchmarks share: a bot in its own process (its CPU read from /proc),
and a pacer that offers load at a fixed rate."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far."""
    with open(f"/proc/{pid}/stat") as fh:
        fields = fh.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def load_average() -> float:
    """The machine's 1-minute load average: printed beside figures a busy machine skews."""
    return os.getloadavg()[0]


class Pacer:
    """Offers one event every 1/rate seconds (no rate: as fast as the load can go)."""

    def __init__(self, rate: float | None) -> None:
        self.interval = 1.0 / rate if rate else 0.0
        self.next = time.perf_counter()

    async def wait(self) -> None:
        if not self.interval:
            return
        now = time.perf_counter()
        self.next = max(self.next + self.interval, now)
        if self.next > now:
            await asyncio.sleep(self.next - now)


class BotProcess:
    """`python -m MODULE KIND URL DATA_DIR` in a fresh data directory; ready once it prints READY."""

    def __init__(self, module: str, kind: str, url: str, env: dict[str, str] | None = None) -> None:
        self.module, self.kind, self.url, self.env = module, kind, url, env or {}

    async def __aenter__(self) -> int:
        self.tmp = tempfile.TemporaryDirectory()
        env = {**os.environ, **self.env, "PYTHONPATH": str(ROOT)}
        self.proc = subprocess.Popen([sys.executable, "-m", self.module, self.kind, self.url, self.tmp.name],
                                     stdout=subprocess.PIPE, env=env)
        assert self.proc.stdout is not None
        line = await asyncio.to_thread(self.proc.stdout.readline)
        if not line.startswith(b"READY"):
            self.proc.kill()
            raise RuntimeError(f"{self.module} {self.kind}: the bot did not start")
        return self.proc.pid

    async def __aexit__(self, *exc: object) -> None:
        self.proc.terminate()
        try:
            await asyncio.to_thread(self.proc.wait, 15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.tmp.cleanup()
