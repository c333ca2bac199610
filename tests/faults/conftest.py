"""The fault suite: each case is a real `twitchcheck` process, met the way a user meets it.

* `twitchcheck(*args, data=..., env=..., stdin=...)`: run to the end (subprocess.run).
* `Chat`: a `twitchcheck chat` on pipes, answered line by line, signalled, waited for.
* `Terminal`: the same on a pseudo-terminal, for Ctrl-C and Ctrl-D as a person types them.
* `clean_env(data)`: the environment of a fresh install (no tokens, no TWITCHCHECK_*
  settings, no .env), with its data dir and id secret.
"""

from __future__ import annotations

import os
import pty
import select
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SECRET = "fault-suite-id-secret"
ANSWERS = ("more_than_2_weeks", "weakness", "1_to_2_weeks", "less_than_1_week", "getting_worse",
           "improving", "rarely", "weekly", "daily", "constant", "caffeine", "stress")


def clean_env(data: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("TELEGRAM_", "DISCORD_", "TWITCHCHECK_"))}
    env.update({"TWITCHCHECK_DATA_DIR": str(data), "PYTHONUNBUFFERED": "1"})
    env.update(extra)
    return env


def twitchcheck(*args: str, data: Path, env: dict[str, str] | None = None, stdin: bytes = b"",
                timeout: float = 30, **popen: object) -> subprocess.CompletedProcess[str]:
    """Run `twitchcheck args` from the data dir's parent (no .env there) until it exits."""
    result = subprocess.run([sys.executable, "-m", "bot", *args], input=stdin, capture_output=True,
                            cwd=data.parent, env=env or clean_env(data), timeout=timeout, **popen)  # type: ignore[call-overload]
    return subprocess.CompletedProcess(result.args, result.returncode, result.stdout.decode(errors="replace"),
                                       result.stderr.decode(errors="replace"))


def one_error_line(stderr: str) -> str:
    """The single line a failing command prints: no traceback, nothing else."""
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert "Traceback" not in stderr, stderr
    assert len(lines) == 1, stderr
    assert lines[0].startswith("error: "), stderr
    return lines[0]


def answers_in(data: Path) -> dict[str, list[str]]:
    """Which answer ids each file of the data dir holds (bytes, WAL and index included)."""
    found = {}
    for path in sorted(data.iterdir()):
        raw = path.read_bytes()
        hits = [a for a in ANSWERS if a.encode() in raw]
        if hits:
            found[path.name] = hits
    return found


def modes(data: Path) -> dict[str, str]:
    return {p.name: oct(p.stat().st_mode & 0o777) for p in [data, *sorted(data.iterdir())]}


class Chat:
    """`twitchcheck chat` (or `run`) on pipes: say a line, wait for text, signal, wait."""

    def __init__(self, data: Path, *args: str, env: dict[str, str] | None = None,
                 preexec_fn: Callable[[], None] | None = None) -> None:
        self.proc = subprocess.Popen([sys.executable, "-m", "bot", *(args or ("chat",))],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     cwd=data.parent, env=env or clean_env(data), preexec_fn=preexec_fn)
        assert self.proc.stdout is not None
        os.set_blocking(self.proc.stdout.fileno(), False)
        self.out = ""

    def expect(self, text: str, timeout: float = 15) -> None:
        assert self.proc.stdout is not None
        deadline = time.monotonic() + timeout
        while text not in self.out:
            if time.monotonic() > deadline or self.proc.poll() is not None and not self._read():
                raise AssertionError(f"{text!r} never came; output so far:\n{self.out}")
            select.select([self.proc.stdout], [], [], 0.05)
            self._read()

    def _read(self) -> bool:
        assert self.proc.stdout is not None
        try:
            chunk = self.proc.stdout.read()
        except BlockingIOError:
            return False
        if chunk:
            self.out += chunk.decode(errors="replace")
        return bool(chunk)

    def say(self, line: str, then: str | None = None) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(line.encode() + b"\n")
        self.proc.stdin.flush()
        if then is not None:
            self.expect(then)

    def signal(self, sig: int) -> None:
        self.proc.send_signal(sig)

    def finish(self, timeout: float = 15) -> tuple[int, str, str]:
        """Wait for the exit: (code, all stdout, stderr)."""
        try:
            code = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise AssertionError(f"still running after {timeout} s; output:\n{self.out}") from None
        self._read()
        assert self.proc.stderr is not None
        return code, self.out, self.proc.stderr.read().decode(errors="replace")

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


class Terminal:
    """A process on a pseudo-terminal: keys in (Ctrl-C is b"\\x03", Ctrl-D b"\\x04"), screen out."""

    def __init__(self, data: Path, *args: str, env: dict[str, str] | None = None) -> None:
        environment = env or clean_env(data)
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: becomes `twitchcheck` on the terminal
            os.chdir(data.parent)
            os.execve(sys.executable, [sys.executable, "-m", "bot", *args], environment)
        self.screen = ""

    def expect(self, text: str, timeout: float = 15) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.screen:
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} never came; screen so far:\n{self.screen}")
            self._read(0.05)

    def _read(self, wait: float) -> None:
        ready, _, _ = select.select([self.fd], [], [], wait)
        if ready:
            try:
                self.screen += os.read(self.fd, 65536).decode(errors="replace")
            except OSError:  # the child closed the terminal
                time.sleep(wait)

    def type(self, keys: bytes) -> None:
        os.write(self.fd, keys)

    def finish(self, timeout: float = 15) -> int:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self._read(0.02)
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self._read(0.05)
                os.close(self.fd)
                return os.waitstatus_to_exitcode(status)
        os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        os.close(self.fd)
        raise AssertionError(f"still running after {timeout} s; screen:\n{self.screen}")


@pytest.fixture
def data(tmp_path: Path) -> Iterator[Path]:
    """A data dir that does not exist yet (as on a fresh clone), under a private tmp dir."""
    yield tmp_path / "data"
