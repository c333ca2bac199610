"""Bad settings and odd command lines: exit 2 and one line naming the setting or option."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.faults.conftest import clean_env, one_error_line, twitchcheck

TOKEN = "46377123456:ABCdefGhIJKlmnoPQRstuVWXyz0123456789"


@pytest.mark.parametrize("settings, names", [
    # Was: "error: ValueError: something went wrong" (and "unsupported store 'sqlite'" inside).
    ({"TWITCHCHECK_STORE_URL": "sqlite://foo.db"}, "TWITCHCHECK_STORE_URL: 'sqlite://foo.db' names no file"),
    # Was: OperationalError plus an aiosqlite "Event loop is closed" traceback.
    ({"TWITCHCHECK_STORE_URL": "sqlite:///{tmp}"}, "TWITCHCHECK_STORE_URL: {tmp} is a directory"),
    ({"TWITCHCHECK_STORE_URL": "postgres://db/x"}, "TWITCHCHECK_STORE_URL: unsupported store 'postgres'"),
    # Was: "FileExistsError: something went wrong".
    ({"TWITCHCHECK_DATA_DIR": "{tmp}/afile"}, "TWITCHCHECK_DATA_DIR: {tmp}/afile is a file"),
    # Was: found only after Telegram had started (and then a network error).
    ({"TELEGRAM_BOT_TOKEN": TOKEN, "DISCORD_BOT_TOKEN": "x", "DISCORD_SHARD_IDS": "a,b"}, "DISCORD_SHARD_IDS:"),
    ({"DISCORD_BOT_TOKEN": "x", "DISCORD_SHARD_COUNT": "2", "DISCORD_SHARD_IDS": "0,2"}, "DISCORD_SHARD_IDS:"),
    # Was: the token in the error, InvalidURL("Invalid port: '46377123456:ABC…'").
    ({"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_BASE_URL": "http://127.0.0.1:9"}, "TELEGRAM_BASE_URL: must"),
], ids=["sqlite-two-slashes", "sqlite-dir", "unknown-scheme", "data-dir-is-a-file", "shard-ids-not-numbers",
        "shard-id-out-of-range", "base-url-without-bot"])
def test_a_bad_setting_stops_run_with_one_line_naming_it(tmp_path: Path, settings: dict[str, str],
                                                          names: str) -> None:
    (tmp_path / "afile").write_text("")
    data = tmp_path / "data"
    env = clean_env(data, **{k: v.format(tmp=tmp_path) for k, v in settings.items()})
    result = twitchcheck("run", data=data, env=env, timeout=20)
    assert result.returncode == 2
    assert one_error_line(result.stderr).startswith(f"error: {names.format(tmp=tmp_path)}")
    assert TOKEN not in result.stdout + result.stderr
    assert not (data / "twitchcheck.sqlite3").exists()  # stopped before anything started


def test_an_empty_id_secret_file_is_refused(data: Path) -> None:
    # Was: accepted; every user id hashed with an empty key.
    data.mkdir(mode=0o700)
    (data / "id_secret").write_text("\n")
    result = twitchcheck("chat", data=data, stdin=b"4\n")
    assert result.returncode == 2
    line = one_error_line(result.stderr)
    assert f"{data / 'id_secret'}: empty" in line and "TWITCHCHECK_ID_SECRET" in line


def test_graph_into_a_closed_pipe_exits_quietly(data: Path) -> None:
    # Was (`twitchcheck graph | head -1`): BrokenPipeError, exit 1.
    read, write = os.pipe()
    os.close(read)  # the reader has gone before the first line
    try:
        result = subprocess.run([sys.executable, "-m", "bot", "graph"], stdout=write, stderr=subprocess.PIPE,
                                cwd=data.parent, env=clean_env(data), timeout=20)
    finally:
        os.close(write)
    assert result.returncode == 0
    assert result.stderr == b""


def test_assess_with_a_huge_number_names_the_field(data: Path) -> None:
    # Was: "error: Exceeds the limit (4300 digits) for integer string conversion…".
    result = twitchcheck("assess", data=data, stdin=b'{"emergency": [], "frequency": ' + b"9" * 5000 + b"}")
    assert result.returncode == 2
    assert one_error_line(result.stderr).startswith("error: frequency: expected one option id")


def test_assess_states_its_input_cap(data: Path) -> None:
    assert "up to 1 MB" in twitchcheck("--help", data=data).stdout
    result = twitchcheck("assess", data=data, stdin=b" " * 1_000_001)
    assert result.returncode == 2
    assert one_error_line(result.stderr) == "error: input: larger than 1000000 bytes"


@pytest.mark.parametrize("command", [["quick", "daily for 3 weeks"], ["assess"], ["chat"]])
def test_an_unknown_locale_is_refused_not_silently_replaced(data: Path, command: list[str]) -> None:
    # Was: the English text, exit 0.
    result = twitchcheck(*command, "--locale", "xx", data=data, stdin=b'{"emergency": ["bladder_bowel"]}')
    assert result.returncode == 2
    assert one_error_line(result.stderr) == "error: --locale: no content for 'xx'; available: en, es, ru"
