"""Replies out of the engine: one frozen type per kind, as events are."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.engine.result import ResultView, result_text
from bot.engine.triage import Assessment


@dataclass(frozen=True, slots=True)
class Option:
    """An answer on offer. `short`: the label for a button when `label` is too long for one
    (the question's text then lists `label` in full)."""

    id: str
    label: str
    short: str = ""

    @property
    def button(self) -> str:
        """What a button or a numbered line shows."""
        return self.short or self.label


@dataclass(frozen=True, slots=True)
class QuestionReply:
    """A question waiting for an answer; `text` is any note before it, then the prompt."""

    text: str
    question: str
    options: tuple[Option, ...]
    multi: bool = False
    selected: tuple[str, ...] = ()
    can_go_back: bool = False


@dataclass(frozen=True, slots=True)
class ResultReply:
    """The outcome of a check; `note` is what was said just before it (an answer taken,
    an emergency sign noticed), shown above the result."""

    view: ResultView
    assessment: Assessment
    note: str = ""

    @property
    def text(self) -> str:
        body = result_text(self.view)
        return f"{self.note}\n\n{body}" if self.note else body


@dataclass(frozen=True, slots=True)
class NoteReply:
    """Something to read, with no buttons: help, cancelled, not understood outside a check."""

    text: str


@dataclass(frozen=True, slots=True)
class StaleReply:
    """A button or answer for a question no longer asked: nothing was changed."""

    text: str


Reply = QuestionReply | ResultReply | NoteReply | StaleReply


def reply_dict(reply: Reply) -> dict[str, Any]:
    """The `twitchcheck chat --jsonl` line."""
    question = reply if isinstance(reply, QuestionReply) else None
    result = reply.assessment.to_dict() if isinstance(reply, ResultReply) else None
    return {
        "text": reply.text,
        "question": question.question if question else None,
        "options": [{"id": o.id, "label": o.label} for o in question.options] if question else [],
        "multi": question.multi if question else False,
        "result": result,
    }
