"""Whole conversations typed in people's own words reach the right level (none under-triaged)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.engine import Bundle, ResultReply
from tests.engine.drive import Driver

CONVERSATIONS = yaml.safe_load(Path(__file__).with_name("heldout_conversations.yaml").read_text())


@pytest.mark.parametrize("talk", CONVERSATIONS, ids=[c["name"] for c in CONVERSATIONS])
def test_a_typed_conversation_reaches_its_level(bundle: Bundle, talk: dict) -> None:
    d = Driver(bundle)
    reply = d.start()
    for message in talk["messages"]:
        if isinstance(reply, ResultReply):
            break  # an emergency ends the check; later messages are not needed
        reply = d.say(message)
    assert isinstance(reply, ResultReply), f"no result after {len(talk['messages'])} messages; last: {reply.text!r}"
    assert reply.assessment.level == talk["expect_level"]
    for qid, wanted in talk["answers"].items():
        if qid in d.session.answers:
            got = d.session.answers[qid]
            assert set(got) == set(wanted if isinstance(wanted, list) else [wanted]), qid

