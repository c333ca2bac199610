"""Lines typed at the console, read on the event loop (no thread), ending cleanly on Ctrl-C,
Ctrl-D, SIGTERM or the end of piped input.

A reading thread cannot be stopped: at exit it still holds stdin's buffer lock, and the
interpreter aborts ("Fatal Python error: _enter_buffered_busy", exit 134). Here stdin's file
descriptor is watched by the loop instead, and read only when it has something, so nothing
is left reading when the chat ends. A regular file on stdin (`chat < answers.txt`) cannot
be watched (epoll refuses files) and never blocks, so it is simply read.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
from collections import deque
from collections.abc import AsyncIterator

CHUNK = 65536
MAX_LINE = 1_000_000  # a longer "line" is cut here (the chat keeps far less of it)


async def console_lines(prompt: str | None = "> ") -> AsyncIterator[str]:
    """Each line of stdin (without its newline), showing `prompt` before each when it is set.

    Ends at the end of input, or at SIGINT (Ctrl-C) or SIGTERM, after the line in hand has
    been handled. At a terminal it ends on a fresh line, so the shell prompt is not left
    after "> ".
    """
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    queue: asyncio.Queue[str | None] = asyncio.Queue()
    reader = _Reader(queue)
    signals = []
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(sig, stop.set)
            signals.append(sig)
    watching = reader.watch(loop)
    stopped = asyncio.create_task(stop.wait())
    try:
        while True:
            if prompt:
                sys.stdout.write(prompt)
                sys.stdout.flush()
            line = reader.next_from_file() if not watching else None
            if watching:
                got = asyncio.create_task(queue.get())
                await asyncio.wait([got, stopped], return_when=asyncio.FIRST_COMPLETED)
                if not got.done():
                    got.cancel()
                    break
                line = got.result()
            if line is None or stop.is_set():
                break
            yield line
    finally:
        stopped.cancel()
        if watching:
            loop.remove_reader(reader.fd)
        for sig in signals:
            loop.remove_signal_handler(sig)
        if prompt and sys.stdout.isatty():
            sys.stdout.write("\n")
            sys.stdout.flush()


class _Reader:
    """Splits what stdin's file descriptor delivers into lines."""

    def __init__(self, queue: asyncio.Queue[str | None]) -> None:
        self.queue = queue
        self.fd = sys.stdin.fileno()
        self.pending = b""
        self.lines: deque[str] = deque()
        self.eof = False

    def watch(self, loop: asyncio.AbstractEventLoop) -> bool:
        """Watch the descriptor; False when it cannot be watched (a regular file)."""
        try:
            loop.add_reader(self.fd, self._readable)
        except (PermissionError, OSError, NotImplementedError):
            return False
        return True

    def _readable(self) -> None:
        self._feed(self._read())
        while self.lines:
            self.queue.put_nowait(self.lines.popleft())
        if self.eof:
            asyncio.get_running_loop().remove_reader(self.fd)
            self.queue.put_nowait(None)

    def next_from_file(self) -> str | None:
        while not self.lines and not self.eof:
            self._feed(self._read())
        return self.lines.popleft() if self.lines else None

    def _read(self) -> bytes:
        try:
            data = os.read(self.fd, CHUNK)  # the loop said it is readable: this does not block
        except BlockingIOError:
            return b""
        except OSError:
            data = b""
        if not data:
            self.eof = True
        return data

    def _feed(self, data: bytes) -> None:
        *complete, self.pending = (self.pending + data).split(b"\n")
        if len(self.pending) > MAX_LINE or (self.eof and self.pending):
            complete.append(self.pending[:MAX_LINE])
            self.pending = b""
        self.lines.extend(raw.decode("utf-8", errors="replace") for raw in complete)
