"""The fresh set (tests/understand/fresh/, written by someone who never saw the vocabulary).

The vocabulary has since been tuned on its misses (by families, never its sentences), so these
are regression figures: they keep what was won. Measure understanding on a set nobody tuned to.
"""

from __future__ import annotations

import pytest
import yaml

from bot.catalog import load_bundle
from bot.engine import Bundle
from tests.understand.conversations import evaluate_conversations
from tests.understand.evaluate import FRESH_CONVERSATIONS, FRESH_PHRASES, evaluate


@pytest.fixture(scope="module")
def bundle() -> Bundle:
    return load_bundle()


def test_fresh_phrases_stay_at_least_90_percent_right_and_miss_no_emergency(bundle: Bundle) -> None:
    report = evaluate(bundle, FRESH_PHRASES)
    right, total = sum(report.right.values()), sum(report.total.values())
    assert right / total >= 0.90, report.misses
    assert report.emergency_missed == []


def test_fresh_conversations_reach_their_level_never_under_and_never_stuck(bundle: Bundle) -> None:
    talks = yaml.safe_load(FRESH_CONVERSATIONS.read_text(encoding="utf-8"))
    report = evaluate_conversations(bundle, talks)
    assert [r.name for r in report.under] == []
    assert [r.name for r in report.stuck] == []
    assert [r.name for r in report.too_long] == []  # within twice the number of questions
    assert len(report.exact) / len(report.runs) >= 0.93, [(r.name, r.expected, r.level) for r in report.runs]
