"""The SQLite store when its file is corrupt, locked, read-only or full; /forget; file modes."""

from __future__ import annotations

import ctypes
import os
import resource
import signal
import sqlite3
import stat
from pathlib import Path

from tests.faults.conftest import Chat, answers_in, modes, one_error_line, twitchcheck

DB = "twitchcheck.sqlite3"
PR_CAPBSET_DROP, CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH = 24, 1, 2


def started(data: Path, answers: tuple[str, ...] = ("4",)) -> None:
    """A check under way in `data` (the process has ended, its files are closed)."""
    result = twitchcheck("chat", data=data, stdin="".join(a + "\n" for a in answers).encode())
    assert result.returncode == 0, result.stderr


def test_a_corrupt_file_gives_one_line_naming_it_and_never_hangs(data: Path) -> None:
    # Was: "error: DatabaseError: something went wrong…", then a hang for ever.
    data.mkdir(mode=0o700)
    (data / DB).write_bytes(os.urandom(8192))
    result = twitchcheck("chat", data=data, stdin=b"none\n", timeout=20)
    assert result.returncode == 1
    line = one_error_line(result.stderr)
    assert str(data / DB) in line and "not a SQLite database" in line and "move it aside" in line


def test_a_file_locked_by_another_process_gives_one_line_and_keeps_what_was_saved(data: Path) -> None:
    started(data)
    holder = sqlite3.connect(data / DB, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # another program writing for a long time
    try:
        result = twitchcheck("chat", data=data, stdin=b"1\n")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.returncode == 1
    line = one_error_line(result.stderr)
    assert str(data / DB) in line and "locked by another process" in line
    assert twitchcheck("chat", data=data).stdout.lstrip().startswith("How often does it twitch?")


def test_a_read_only_data_dir_gives_one_line_naming_it(data: Path) -> None:
    # Was (under `run`): OperationalError plus an aiosqlite "Event loop is closed" traceback.
    data.mkdir(mode=0o700)
    data.chmod(0o555)
    try:
        result = twitchcheck("run", data=data, stdin=b"4\n", preexec_fn=obeying_file_modes)
    finally:
        data.chmod(0o700)
    assert result.returncode != 0
    line = one_error_line(result.stderr)
    assert str(data) in line and "writable" in line


def obeying_file_modes() -> None:
    """In the child: as root too, file modes apply (root's overrides dropped before exec)."""
    if os.geteuid() != 0:
        return
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH):
        if libc.prctl(PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def test_a_full_disk_gives_one_line_and_keeps_what_was_saved(data: Path) -> None:
    started(data)

    def tiny_files() -> None:  # a disk with almost no room left: writes stop after 1 KB
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (1024, 1024))

    result = twitchcheck("chat", data=data, stdin=b"1\n2\n", preexec_fn=tiny_files)
    assert result.returncode == 1
    line = one_error_line(result.stderr)
    assert str(data / DB) in line and "disk" in line
    assert twitchcheck("chat", data=data).stdout.lstrip().startswith("How often does it twitch?")


def test_forget_leaves_no_answer_in_any_file_and_every_file_is_private(data: Path) -> None:
    # Was: "I've erased everything" while twitchcheck.sqlite3-wal still held the answers,
    # and the WAL was 0644 beside a 0600 database.
    chat = Chat(data, "chat")
    try:
        chat.expect("> ")
        for answer in ("4", "3", "3", "3"):  # none, daily, more than 2 weeks, getting worse
            chat.say(answer)
        chat.say("3,4", then="Do you notice anything else")  # caffeine, stress
        assert {"more_than_2_weeks", "daily", "caffeine"} <= set(sum(answers_in(data).values(), []))
        wal = data / f"{DB}-wal"
        assert wal.exists()
        chat.say("/forget", then="erased everything")
        assert answers_in(data) == {}  # the process still running: database, WAL and index
        assert wal.stat().st_size == 0
        assert modes(data) == {"data": "0o700", "id_secret": "0o600", DB: "0o600", f"{DB}-wal": "0o600",
                               f"{DB}-shm": "0o600", "followups.sqlite3": "0o600",  # issue 14's file
                               "followups.sqlite3-wal": "0o600", "followups.sqlite3-shm": "0o600"}
        assert all(stat.S_IMODE(p.stat().st_mode) & 0o077 == 0 for p in data.iterdir())
    finally:
        chat.kill()
