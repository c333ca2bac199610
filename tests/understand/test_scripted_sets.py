"""The scripted sets we have read (tests/understand/scripted/, see its README): no conversation is
under-triaged, none ends without a result, none is longer than twice the questions. Exact levels on
them are regression figures only; `make eval` prints them."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.engine import Bundle
from tests.understand.conversations import evaluate_conversations

SETS = sorted(Path(__file__).with_name("scripted").glob("*/*.yaml"))


def test_the_scripted_sets_are_there() -> None:
    assert len(SETS) >= 18


@pytest.mark.parametrize("path", SETS, ids=[f"{p.parent.name}-{p.stem}" for p in SETS])
def test_no_seen_scripted_conversation_is_under_triaged_stuck_or_too_long(bundle: Bundle, path: Path) -> None:
    talks = yaml.safe_load(path.read_text(encoding="utf-8"))
    report = evaluate_conversations(bundle, talks, path.stem)
    assert [r.name for r in report.under] == []
    assert [r.name for r in report.stuck] == []
    assert [r.name for r in report.too_long] == []
