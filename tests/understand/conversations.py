"""Scripted conversations (tests/understand/*conversations*.yaml, format in EVALFORMAT):
a person who answers whatever the bot asks, run through the engine as `chat --jsonl` would.

Each bot reply is read as its `chat --jsonl` line (question id, options, result). The person
answers a question with the next unused entry of `say[question]` (the last one again if asked
more often); a narrower question (`<question>.<something>`) from `truth`: yes/no when it
offers yes/no (yes when `<something>` is true of `<question>`), else the labels of the true
options (the none option's label for an empty answer), else their `unsure` words.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.engine import Bundle, Session, Start, Text, step
from bot.engine.replies import reply_dict

DEFAULT_DAY = "2026-11-25"
MAX_TURNS = 40  # a conversation still without a result after this many answers is stuck
YES, NO = "yes", "no"


def clock(day: str | None) -> float:
    """Noon UTC of the conversation's date, as the engine's clock."""
    date = dt.date.fromisoformat(str(day or DEFAULT_DAY))
    return dt.datetime(date.year, date.month, date.day, 12, tzinfo=dt.UTC).timestamp()


class Chat:
    """One fresh chat through the engine, with the conversation's date as the clock."""

    def __init__(self, bundle: Bundle, now: float, locale: str = "en") -> None:
        self.bundle = bundle
        self.now = now
        self.locale = locale
        self.session = Session(locale=locale)

    def _go(self, event: Any) -> list[dict[str, Any]]:
        self.now += 20  # a person takes a few seconds per answer; the day stays the same
        self.session, replies = step(self.bundle, self.session, event)
        return [reply_dict(r) for r in replies]

    def start(self) -> list[dict[str, Any]]:
        return self._go(Start(self.now, self.locale, "eval"))

    def say(self, text: str) -> list[dict[str, Any]]:
        return self._go(Text(self.now, self.locale, text))


@dataclass
class Run:
    name: str
    expected: str
    level: str | None = None
    answers: int = 0  # messages typed after the opening
    asked: list[str] = field(default_factory=list)  # question ids in the order asked
    transcript: list[tuple[str, str]] = field(default_factory=list)  # (who, text)

    @property
    def stuck(self) -> bool:
        return self.level is None


def _truthy(truth: Mapping[str, Any], qid: str) -> list[str]:
    value = truth.get(qid)
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def narrow_answer(talk: Mapping[str, Any], qid: str, options: Sequence[Mapping[str, str]]) -> str:
    """What the scripted person types to a narrower question, from their `truth`."""
    parent, _, what = qid.partition(".")
    true = _truthy(talk.get("truth", {}), parent)
    ids = [o["id"] for o in options]
    if YES in ids and NO in ids:
        return str(talk.get("yes", "yes") if what in true else talk.get("no", "no"))
    labels = [o["label"] for o in options if o["id"] in true]
    if labels:
        return ", ".join(labels)
    if not true:
        none = [o["label"] for o in options if o["id"] == "none"]
        if none:
            return none[0]
    return str(talk.get("unsure", "not sure"))


def run(bundle: Bundle, talk: Mapping[str, Any], locale: str = "en") -> Run:
    out = Run(str(talk["name"]), str(talk["expect_level"]))
    chat = Chat(bundle, clock(talk.get("now")), locale)
    used: dict[str, int] = {}
    says: Mapping[str, Sequence[str]] = talk.get("say") or {}
    lines = chat.start()
    message = str(talk.get("opening") or "hi")
    for _ in range(MAX_TURNS + 1):
        out.transcript.append(("person", message))
        lines = chat.say(message)
        for line in lines:
            out.transcript.append(("bot", line["text"]))
        final = lines[-1] if lines else {}
        if final.get("result"):
            out.level = final["result"]["level"]
            return out
        qid = final.get("question")
        if qid is None or out.answers >= MAX_TURNS:
            return out
        out.asked.append(qid)
        out.answers += 1
        if "." in qid:
            message = narrow_answer(talk, qid, final.get("options", []))
            continue
        script = list(says.get(qid) or [])
        if script:
            i = used.get(qid, 0)
            used[qid] = i + 1
            message = str(script[min(i, len(script) - 1)])
        else:  # not scripted (the story was meant to cover it): answer from the truth
            message = narrow_answer(talk, f"{qid}.choose", final.get("options", []))
    return out


@dataclass
class ConversationReport:
    runs: list[Run]
    levels: Sequence[str]
    questions: int

    def _rank(self, level: str | None) -> int:
        return self.levels.index(level) if level in self.levels else len(self.levels)

    @property
    def exact(self) -> list[Run]:
        return [r for r in self.runs if r.level == r.expected]

    @property
    def under(self) -> list[Run]:
        """Less urgent than it should be (levels are listed most urgent first)."""
        return [r for r in self.runs if r.level is not None and self._rank(r.level) > self._rank(r.expected)]

    @property
    def over(self) -> list[Run]:
        return [r for r in self.runs if r.level is not None and self._rank(r.level) < self._rank(r.expected)]

    @property
    def stuck(self) -> list[Run]:
        return [r for r in self.runs if r.stuck]

    @property
    def too_long(self) -> list[Run]:
        return [r for r in self.runs if r.answers > 2 * self.questions]

    def turns(self) -> tuple[int, float]:
        counts = [r.answers for r in self.runs] or [0]
        return max(counts), sum(counts) / len(counts)


def evaluate_conversations(bundle: Bundle, talks: Sequence[Mapping[str, Any]], locale: str = "en") -> ConversationReport:
    return ConversationReport([run(bundle, t, locale) for t in talks], bundle.triage.levels, len(bundle.order))
