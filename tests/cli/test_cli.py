"""The `twitchcheck` CLI through real subprocesses: the contracts of assess, chat --jsonl, quick."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, stdin: bytes | str = b"", cwd: Path | None = None, env: dict[str, str] | None = None,
        ) -> subprocess.CompletedProcess[bytes]:
    data = stdin.encode() if isinstance(stdin, str) else stdin
    full_env = {**os.environ, "TWITCHCHECK_DATA_DIR": str(cwd or ROOT / "data"), **(env or {})}
    full_env.pop("TELEGRAM_BOT_TOKEN", None)
    full_env.pop("DISCORD_BOT_TOKEN", None)
    return subprocess.run([sys.executable, "-m", "bot", *args], input=data, capture_output=True,
                          cwd=cwd or ROOT, env=full_env, timeout=60)


def lines(out: bytes) -> list[dict]:
    return [json.loads(line) for line in out.decode().splitlines() if line.strip()]


CALM = {"emergency": [], "frequency": "daily", "duration": "less_than_1_week", "course": "same",
        "triggers": ["caffeine"], "symptoms": []}


def test_assess_prints_level_reasons_tips_and_text() -> None:
    result = run("assess", stdin=json.dumps(CALM))
    assert result.returncode == 0, result.stderr
    [out] = lines(result.stdout)
    assert set(out) == {"level", "reasons", "tips", "text"}
    assert out["level"] == "self_care" and out["reasons"] == [] and out["tips"] == ["cut_caffeine"]
    assert out["text"].startswith("🟢")


def test_assess_reads_json_lines_one_result_per_line() -> None:
    second = {**CALM, "symptoms": ["wasting", "pain"], "duration": "more_than_2_weeks"}
    result = run("assess", stdin=json.dumps(CALM) + "\n" + json.dumps(second) + "\n")
    assert result.returncode == 0, result.stderr
    outs = lines(result.stdout)
    assert [o["level"] for o in outs] == ["self_care", "see_doctor_soon"]
    assert outs[1]["reasons"] == ["wasting", "pain", "more_than_2_weeks"]


def test_assess_with_an_emergency_sign_needs_no_other_field() -> None:
    result = run("assess", stdin='{"emergency": ["bladder_bowel"]}')
    assert result.returncode == 0, result.stderr
    [out] = lines(result.stdout)
    assert out["level"] == "emergency" and out["tips"] == []


@pytest.mark.parametrize("payload, field", [
    ({**CALM, "frequency": "sometimes"}, "frequency"),
    ({**CALM, "triggers": "coffee"}, "triggers"),
    ({k: v for k, v in CALM.items() if k != "duration"}, "duration"),
    ({**CALM, "emergency": ["fainting"]}, "emergency"),
    ({**CALM, "mood": "sad"}, "mood"),
    ({**CALM, "course": 3}, "course"),
    ([1, 2], "input"),
])
def test_assess_bad_input_exits_2_naming_the_field(payload: object, field: str) -> None:
    result = run("assess", stdin=json.dumps(payload))
    assert result.returncode == 2
    err = result.stderr.decode()
    assert err.startswith(f"error: {field}"), err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("stdin", [b"", b"{not json", b"\xff\xfe\x00binary", b"[" * 100_000])
def test_assess_garbage_exits_2_with_one_line(stdin: bytes) -> None:
    result = run("assess", stdin=stdin)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr.decode()
    assert len(result.stderr.decode().strip().splitlines()) == 1


def test_chat_jsonl_speaks_first_and_follows_the_contract(tmp_path: Path) -> None:
    script = "\n".join(["none", "daily", "10 days", "getting worse", "coffee", "none"]) + "\n"
    result = run("chat", "--jsonl", stdin=script, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    outs = lines(result.stdout)
    assert len(outs) == 7  # the greeting, then one reply per message
    for out in outs:
        assert set(out) == {"text", "question", "options", "multi", "result"}
    assert [o["question"] for o in outs[:-1]] == ["emergency", "frequency", "duration", "course", "triggers",
                                                 "symptoms"]
    assert outs[0]["multi"] is True and {"id": "none", "label": "None of these"} in outs[0]["options"]
    final = outs[-1]
    assert final["question"] is None and final["options"] == []
    assert final["result"] == {"level": "see_doctor", "reasons": ["worsening"], "tips": ["cut_caffeine"]}


def test_chat_jsonl_emergency_in_words_ends_the_check(tmp_path: Path) -> None:
    result = run("chat", "--jsonl", stdin="my leg gave way and I can't stand up\n", cwd=tmp_path)
    outs = lines(result.stdout)
    assert outs[-1]["result"]["level"] == "emergency"


def test_chat_jsonl_commands_work(tmp_path: Path) -> None:
    result = run("chat", "--jsonl", stdin="none\ndaily\n/back\nweekly\n/restart\n/help\n/cancel\n", cwd=tmp_path)
    outs = lines(result.stdout)
    assert [o["question"] for o in outs] == ["emergency", "frequency", "duration", "frequency", "duration",
                                             "emergency", "emergency", None]


def test_the_console_chat_resumes_an_interrupted_check(tmp_path: Path) -> None:
    first = run("chat", stdin="4\n3\n", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    second = run("chat", stdin="", cwd=tmp_path)
    assert "How long has it been going on?" in second.stdout.decode()
    fresh = run("chat", "--new", stdin="", cwd=tmp_path)
    assert "Do you have any of these right now?" in fresh.stdout.decode()
    assert list(tmp_path.glob("*.sqlite3")), "the console session lives in the SQLite file"


def test_the_console_chat_takes_numbers_labels_and_commas(tmp_path: Path) -> None:
    result = run("chat", "--new", stdin="4\nEvery day\n1\n2\n3,4\nnone\n", cwd=tmp_path)
    out = result.stdout.decode()
    assert "\n• Sudden weakness" in out and "  1. One-sided weakness or speech" in out  # listed in full, short to pick
    assert "🟢" in out


def test_quick_prints_the_result_and_json_with_assumptions() -> None:
    text = run("quick", "daily for 3 weeks, coffee, my leg feels weak")
    assert text.returncode == 0, text.stderr
    assert text.stdout.decode().startswith("🟠")
    result = run("quick", "--json", "daily for 3 weeks, coffee, my leg feels weak")
    out = json.loads(result.stdout)
    assert out["level"] == "see_doctor_soon"
    assert out["reasons"] == ["weakness", "more_than_2_weeks"]
    assert out["answers"]["triggers"] == ["caffeine"]
    assert "emergency" in out["assumed"] and "course" in out["assumed"]
    assert "frequency" not in out["assumed"]


@pytest.mark.parametrize("arg", ["", "   ", "x" * 5000, "\x01\x02binary\x7f\x00"])
def test_quick_bad_input_exits_2(arg: str) -> None:
    result = run("quick", arg.replace("\x00", "")) if arg else run("quick")
    assert result.returncode == 2
    err = result.stderr.decode()
    assert err.startswith("error: text") and "Traceback" not in err


def test_check_summarises_and_graph_is_mermaid() -> None:
    check = run("check")
    assert check.returncode == 0 and b"ok" in check.stdout
    graph = run("graph")
    assert graph.stdout.decode().startswith("flowchart TD")
    assert b"emergency -- any sign --> level_emergency" in graph.stdout


def test_check_fails_on_broken_content(tmp_path: Path) -> None:
    import shutil

    shutil.copytree(ROOT / "dialogs", tmp_path / "dialogs")
    shutil.copytree(ROOT / "content", tmp_path / "content")
    shutil.copytree(ROOT / "docs", tmp_path / "docs")  # dialogs/article.yaml quotes the article
    (tmp_path / "content" / "en" / "messages.yaml").write_text("greeting: [\n")
    result = run("check", "--root", str(tmp_path))
    assert result.returncode == 1
    assert "content/en/messages.yaml: invalid YAML" in result.stderr.decode()


def test_bad_settings_are_one_clear_line(tmp_path: Path) -> None:
    result = run("chat", "--new", stdin="", cwd=tmp_path, env={"TWITCHCHECK_SESSION_TTL": "soon"})
    assert result.returncode == 2
    err = result.stderr.decode()
    assert "TWITCHCHECK_SESSION_TTL" in err and "Traceback" not in err


def test_unknown_command_is_a_usage_error() -> None:
    result = run("frobnicate")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr.decode()


def test_run_with_no_tokens_opens_the_console_chat(tmp_path: Path) -> None:
    # What `make run` does on a fresh machine: no tokens, so the console chat on SQLite.
    result = run("run", stdin="4\n", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = result.stdout.decode()
    assert "starting the console chat" in out
    assert "Do you have any of these right now?" in out and "How often does it twitch?" in out
    assert list(tmp_path.glob("*.sqlite3"))


def test_quick_never_assumes_away_a_possible_emergency_sign() -> None:
    result = run("quick", "--json", "my face feels a bit funny maybe")
    out = json.loads(result.stdout)
    assert out["level"] == "emergency" and out["emergency_unsure"] is True
    assert "emergency" not in out["assumed"]
    assert "Sudden weakness, numbness or drooping" in out["text"]


def test_quick_with_no_details_gives_no_level() -> None:
    result = run("quick", "--json", "hello")
    data = json.loads(result.stdout)
    assert result.returncode == 0 and data["level"] is None and data["answers"] == {}
    assert "get help now" in data["text"]
