"""A real redis-server for tests: on a free loopback port, in its own directory.

    from tests.redis_server import RedisServer, require_redis_server

    with RedisServer(tmp_path) as server:          # skips (or fails when CI is set) if missing
        store = await RedisStore.connect(server.url, ttl=60)
        ...
        server.restart()                           # same port, same directory

`RedisServer(dir, persistent=True)` turns on the append-only file with fsync on every
write (`--appendonly yes --appendfsync always`), so data survives `restart()` and even
`kill()` + `start()`. The default keeps nothing on disk (`--save '' --appendonly no`).

pytest fixtures built on this live in tests/stores/conftest.py (`redis_server`, session
scoped); other test packages can import that fixture or start their own server here.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import TracebackType

import pytest

HOST = "127.0.0.1"
INSTALL_HINT = "install it with: apt-get install -y redis-server"


class RedisServerError(RuntimeError):
    """redis-server did not start or stop as asked (the message ends with its log)."""


def find_redis_server() -> str | None:
    """The redis-server executable ($REDIS_SERVER, else on PATH), or None."""
    explicit = os.environ.get("REDIS_SERVER")
    if explicit:
        return explicit if os.access(explicit, os.X_OK) else None
    return shutil.which("redis-server")


def require_redis_server() -> str:
    """The redis-server path; else pytest.fail when CI is set, pytest.skip otherwise."""
    path = find_redis_server()
    if path is not None:
        return path
    if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
        pytest.fail(f"redis-server not found on PATH and CI={os.environ['CI']}: the Redis tests must run in CI; "
                    f"{INSTALL_HINT}", pytrace=False)
    pytest.skip(f"redis-server not found on PATH; {INSTALL_HINT} (in CI, where CI=true, this fails instead)")


def free_port(host: str = HOST) -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


def ping(host: str, port: int, timeout: float = 0.5) -> bool:
    """True if a Redis server answers PING on host:port."""
    try:
        with socket.create_connection((host, port), timeout=timeout) as s:
            s.sendall(b"PING\r\n")
            return s.recv(64).startswith(b"+PONG")
    except OSError:
        return False


class RedisServer:
    """One redis-server process; start(), stop(), kill(), restart() on the same port and dir."""

    def __init__(
        self,
        directory: str | Path | None = None,
        *,
        port: int | None = None,
        persistent: bool = False,
        executable: str | None = None,
        extra_args: Sequence[str] = (),
        start_timeout: float = 10.0,
    ) -> None:
        self._own_dir = directory is None
        self.dir = Path(tempfile.mkdtemp(prefix="redis-test-")) if directory is None else Path(directory)
        self.fixed_port = port
        self.port = port or 0
        self.persistent = persistent
        self.executable = executable
        self.extra_args = tuple(extra_args)
        self.start_timeout = start_timeout
        self.proc: subprocess.Popen[bytes] | None = None

    # -- addresses ---------------------------------------------------------------------

    @property
    def host(self) -> str:
        return HOST

    @property
    def url(self) -> str:
        return f"redis://{HOST}:{self.port}/0"

    def url_for(self, db: int) -> str:
        return f"redis://{HOST}:{self.port}/{db}"

    @property
    def log_path(self) -> Path:
        return self.dir / "redis.log"

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    # -- life cycle --------------------------------------------------------------------

    def command(self) -> list[str]:
        exe = self.executable or require_redis_server()
        persistence = ["--appendonly", "yes", "--appendfsync", "always", "--save", ""] if self.persistent \
            else ["--save", "", "--appendonly", "no"]
        return [
            exe, "--port", str(self.port), "--bind", HOST, "--dir", str(self.dir),
            "--daemonize", "no", "--logfile", str(self.log_path), "--databases", "16",
            *persistence, *self.extra_args,
        ]

    def start(self) -> RedisServer:
        if self.running:
            return self
        self.dir.mkdir(parents=True, exist_ok=True)
        attempts = 1 if (self.fixed_port or self.port) else 5
        for attempt in range(attempts):
            if not self.port:
                self.port = free_port()
            if self._spawn_and_wait():
                return self
            if attempt + 1 < attempts:
                self.port = 0  # the free port was taken in between: try another
        raise RedisServerError(f"redis-server did not answer PING on {HOST}:{self.port} within "
                               f"{self.start_timeout:.0f} s\n{self.log_tail()}")

    def _spawn_and_wait(self) -> bool:
        self.proc = subprocess.Popen(self.command(), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.STDOUT, cwd=self.dir)
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                self.proc = None
                return False
            if ping(HOST, self.port):
                return True
            time.sleep(0.02)
        self.kill()
        return False

    def stop(self, timeout: float = 10.0) -> None:
        """SIGTERM (Redis flushes the append-only file and exits), then wait."""
        if self.proc is None:
            return
        proc, self.proc = self.proc, None
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
                raise RedisServerError(f"redis-server did not stop within {timeout:.0f} s\n{self.log_tail()}") from None

    def kill(self) -> None:
        """SIGKILL, as in a crash: only what was fsynced survives."""
        if self.proc is None:
            return
        proc, self.proc = self.proc, None
        if proc.poll() is None:
            proc.kill()
        proc.wait()

    def restart(self) -> RedisServer:
        """Stop, then start again on the same port and directory."""
        self.stop()
        return self.start()

    def cleanup(self) -> None:
        self.stop()
        if self._own_dir:
            shutil.rmtree(self.dir, ignore_errors=True)

    def log_tail(self, lines: int = 20) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no redis.log)"

    def __enter__(self) -> RedisServer:
        try:
            return self.start()
        except BaseException:
            self.cleanup()
            raise

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.cleanup()

    def __repr__(self) -> str:
        state = "running" if self.running else "stopped"
        return f"RedisServer({self.url}, dir={self.dir}, persistent={self.persistent}, {state})"


# -- pytest fixture (re-export it from a conftest.py to use it there) ------------------------------


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    """One throw-away redis-server (no persistence) for the whole test session."""
    require_redis_server()
    with RedisServer(tmp_path_factory.mktemp("redis")) as server:
        yield server
