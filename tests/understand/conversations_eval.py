"""Typed conversations of one locale through the engine: exact level, under-triage, stuck.

Each conversation: `messages` (the opening, then the answers in the order asked) and
`expect_level`; the format of tests/understand/heldout_conversations.yaml.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bot.engine import Bundle, ResultReply
from tests.engine.drive import Driver


@dataclass
class Talks:
    total: int = 0
    exact: int = 0
    under: list[str] = field(default_factory=list)
    stuck: list[str] = field(default_factory=list)
    over: list[str] = field(default_factory=list)
    turns: list[int] = field(default_factory=list)


def evaluate_conversations(bundle: Bundle, path: Path, locale: str) -> Talks:
    levels = list(bundle.triage.levels)  # most severe first
    talks = Talks()
    for talk in yaml.safe_load(path.read_text(encoding="utf-8")):
        d = Driver(bundle, locale)
        reply = d.start()
        said = 0
        for message in talk["messages"]:
            if isinstance(reply, ResultReply):
                break
            reply = d.say(message)
            said += 1
        talks.total += 1
        talks.turns.append(said)
        name = talk.get("name", f"#{talks.total}")
        if not isinstance(reply, ResultReply):
            talks.stuck.append(name)
        elif reply.assessment.level == talk["expect_level"]:
            talks.exact += 1
        elif levels.index(reply.assessment.level) > levels.index(talk["expect_level"]):
            talks.under.append(f"{name}: {reply.assessment.level} for {talk['expect_level']}")
        else:
            talks.over.append(f"{name}: {reply.assessment.level} for {talk['expect_level']}")
    return talks


def print_conversations(talks: Talks) -> None:
    share = talks.exact / talks.total if talks.total else 1.0
    mean = sum(talks.turns) / len(talks.turns) if talks.turns else 0.0
    print(f"\nconversations: {talks.exact}/{talks.total} exact ({share:.1%}), {len(talks.under)} under-triaged, "
          f"{len(talks.stuck)} without a result, {len(talks.over)} over-triaged, {mean:.1f} messages on average")
    for kind, names in (("UNDER", talks.under), ("STUCK", talks.stuck), ("OVER", talks.over)):
        for name in names:
            print(f"  {kind} {name}")
