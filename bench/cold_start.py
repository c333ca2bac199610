"""Cold start: from process start to the first reply line of `twitchcheck chat --jsonl`.

Beside the wall-clock figure, the CPU the whole process used (start to exit, just after
that line): on a shared machine the wall clock also counts waiting for a core.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def once() -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "TWITCHCHECK_DATA_DIR": tmp}
        cpu0, t0 = _children_cpu(), time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "bot", "chat", "--jsonl"], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, env=env, cwd=tmp)
        assert proc.stdout is not None
        line = proc.stdout.readline()
        elapsed = (time.perf_counter() - t0) * 1000
        proc.communicate(b"")
        assert line.startswith(b"{"), line
        return elapsed, (_children_cpu() - cpu0) * 1000


def run() -> dict[str, float]:
    wall, cpu = once()
    return {"cold_start_ms": wall, "cold_start_cpu_ms": cpu}
