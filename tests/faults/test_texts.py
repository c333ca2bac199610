"""Texts a person reads that contradicted the bot (issue 12, item 9: the console and the result)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.faults.conftest import twitchcheck


def test_an_emergency_result_does_not_end_by_softening_get_help_now(data: Path) -> None:
    # Was: "… If you are worried, talk to a doctor." under "Get emergency help now".
    result = twitchcheck("assess", data=data, stdin=b'{"emergency": ["bladder_bowel"]}')
    text = json.loads(result.stdout)["text"]
    assert "If you are worried" not in text
    assert text.endswith("call your local emergency number now.")
    calm = twitchcheck("assess", data=data, stdin=json.dumps({
        "emergency": [], "frequency": "daily", "duration": "less_than_1_week", "course": "same",
        "triggers": [], "symptoms": []}).encode())
    assert json.loads(calm.stdout)["text"].endswith("If you are worried, talk to a doctor.")


def test_the_console_does_what_its_help_lists(data: Path) -> None:
    # Was: /help listed /quick, and /quick answered "I don't know that command".
    replies = [json.loads(line)["text"] for line in twitchcheck(
        "chat", "--jsonl", data=data, stdin=b"/help\n/quick daily for 3 weeks\n/quick\n").stdout.splitlines()]
    assert "/quick <text>" in replies[-3]
    assert replies[-2].startswith("🟡") and "more than two weeks" in replies[-2]
    assert replies[-1].startswith("Describe it in one line")
    assert not any(r.startswith("I don't know that command") for r in replies)
