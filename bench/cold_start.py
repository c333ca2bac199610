"""Cold start: from process start to the first reply line of `twitchcheck chat --jsonl`."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time


def once() -> float:
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "TWITCHCHECK_DATA_DIR": tmp}
        t0 = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "bot", "chat", "--jsonl"], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, env=env, cwd=tmp)
        assert proc.stdout is not None
        line = proc.stdout.readline()
        elapsed = (time.perf_counter() - t0) * 1000
        proc.communicate(b"")
        assert line.startswith(b"{"), line
        return elapsed


def run() -> dict[str, float]:
    return {"cold_start_ms": once()}
