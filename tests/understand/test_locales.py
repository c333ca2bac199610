"""Spanish and Russian are read by the same machinery as English: smoke sets, labels, examples.

The sets in tests/understand/locales/ were written with the vocabulary, so they check that it
works, not how well it understands strangers (the fresh sets measure that).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from bot.engine import Bundle, ResultReply
from tests.engine.drive import Driver
from tests.understand.evaluate import evaluate

LOCALES = ["es", "ru"]
SETS = Path(__file__).with_name("locales")
CONVERSATIONS = [(locale, talk) for locale in LOCALES
                 for talk in yaml.safe_load((SETS / f"{locale}_conversations.yaml").read_text(encoding="utf-8"))]


@pytest.mark.parametrize("locale", LOCALES)
def test_the_smoke_phrases_are_read_and_no_emergency_is_missed(bundle: Bundle, locale: str) -> None:
    report = evaluate(bundle, SETS / f"{locale}_phrases.yaml", locale)
    assert report.emergency_missed == []
    assert report.misses == []


@pytest.mark.parametrize(("locale", "talk"), CONVERSATIONS, ids=[f"{loc}-{t['name']}" for loc, t in CONVERSATIONS])
def test_a_typed_conversation_reaches_its_level(bundle: Bundle, locale: str, talk: dict) -> None:
    d = Driver(bundle, locale)
    reply = d.start()
    for message in talk["messages"]:
        if isinstance(reply, ResultReply):
            break
        reply = d.say(message)
    assert isinstance(reply, ResultReply), f"no result; last: {reply.text!r}"
    assert reply.assessment.level == talk["expect_level"]
    for qid, wanted in talk["answers"].items():
        assert set(d.session.answers[qid]) == set(wanted if isinstance(wanted, list) else [wanted]), qid


@pytest.mark.parametrize("locale", LOCALES)
def test_every_option_label_is_read_from_a_story(bundle: Bundle, locale: str) -> None:
    """Discord's /twitch quick writes chosen options out as their labels and reads them back."""
    content = bundle.content(locale)
    unread = []
    for qid, labels in content.messages.options.items():
        for option, label in labels.items():
            if option == "none":
                continue
            reading = content.understanding.interpret(None, label)
            found = reading.emergency if qid == "emergency" else reading.story.get(qid, ())
            if option not in found:
                unread.append(f"{qid}.{option}: {label!r} -> {found}")
    assert unread == []


@pytest.mark.parametrize("locale", LOCALES)
def test_every_example_answer_in_a_prompt_is_understood(bundle: Bundle, locale: str) -> None:
    content = bundle.content(locale)
    for qid, question in content.messages.questions.items():
        for part in re.split(r", (?:o|или): ", question.example):
            assert content.understanding.interpret(qid, part).answer is not None, (qid, part)
