"""The console chat ends cleanly however it is left, and the check waits where it was."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

from tests.faults.conftest import Chat, Terminal, twitchcheck

FREQUENCY = "How often does it twitch?"


def resumes_at_frequency(data: Path) -> None:
    """A new `chat` resumes the stored check at the question after the emergency one."""
    again = twitchcheck("chat", data=data)
    assert again.returncode == 0, again.stderr
    assert again.stdout.lstrip().startswith(FREQUENCY), again.stdout


def test_ctrl_c_at_the_prompt_exits_0_on_a_fresh_line_and_keeps_the_check(data: Path) -> None:
    # Was: "Fatal Python error: _enter_buffered_busy: could not acquire lock for
    # <_io.BufferedReader name='<stdin>'>", exit 134 (a thread left reading stdin).
    term = Terminal(data, "run")
    term.expect("> ")
    term.type(b"4\n")
    term.expect(FREQUENCY)
    term.expect("> ")
    term.type(b"\x03")
    assert term.finish() == 0
    assert "Fatal Python error" not in term.screen and "Traceback" not in term.screen
    assert term.screen.endswith("\r\n"), repr(term.screen[-40:])
    resumes_at_frequency(data)


def test_ctrl_d_ends_the_chat_on_a_fresh_line(data: Path) -> None:
    # Was: the shell's prompt left after "> " on the same line.
    term = Terminal(data, "chat")
    term.expect("> ")
    term.type(b"\x04")
    assert term.finish() == 0
    assert term.screen.endswith("> \r\n"), repr(term.screen[-40:])


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_signal_ends_a_piped_chat_cleanly_and_keeps_the_check(data: Path, sig: int) -> None:
    chat = Chat(data, "chat")
    try:
        chat.expect("> ")
        chat.say("4", then=FREQUENCY)
        chat.signal(sig)
        code, _, err = chat.finish()
    finally:
        chat.kill()
    assert code == 0 and err == "", err
    resumes_at_frequency(data)


def test_ctrl_c_while_starting_exits_130_without_a_traceback(data: Path) -> None:
    # Was: a KeyboardInterrupt traceback from wherever start-up had got to.
    term = Terminal(data, "run")
    term.expect("starting the console chat")  # printed before the content is loaded
    term.type(b"\x03")
    assert term.finish() in (0, 130)  # 0 if start-up won the race and the prompt took it
    assert "Traceback" not in term.screen
