"""Events into the engine and replies out of it: small immutable records."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from bot.engine.triage import Assessment

CommandName = Literal["back", "restart", "cancel", "help"]


@dataclass(frozen=True, slots=True)
class Start:
    """Begin a new check. `nonce` (any short string) tells this check from earlier ones."""

    now: float
    locale: str
    nonce: str = ""


@dataclass(frozen=True, slots=True)
class Answer:
    """Option ids chosen for `question` (one for single choice; "none" for an empty answer)."""

    now: float
    locale: str
    question: str
    options: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Toggle:
    """Tick or untick one option of a several-choice question (buttons with ✅ marks)."""

    now: float
    locale: str
    question: str
    option: str


@dataclass(frozen=True, slots=True)
class Submit:
    """Finish a several-choice question with the options ticked so far (a Done button)."""

    now: float
    locale: str
    question: str


@dataclass(frozen=True, slots=True)
class Text:
    """Anything the person typed."""

    now: float
    locale: str
    text: str


@dataclass(frozen=True, slots=True)
class Command:
    now: float
    locale: str
    name: CommandName


Event = Start | Answer | Toggle | Submit | Text | Command


@dataclass(frozen=True, slots=True)
class Option:
    id: str
    label: str


ReplyKind = Literal["question", "result", "info", "stale"]


@dataclass(frozen=True, slots=True)
class Reply:
    """What to show. `question` is the question id being asked (or None)."""

    text: str
    kind: ReplyKind = "info"
    question: str | None = None
    options: tuple[Option, ...] = ()
    multi: bool = False
    selected: tuple[str, ...] = ()
    can_go_back: bool = False
    result: Assessment | None = None

    def to_dict(self) -> dict[str, Any]:
        """The `twitchcheck chat --jsonl` line."""
        return {
            "text": self.text,
            "question": self.question,
            "options": [{"id": o.id, "label": o.label} for o in self.options],
            "multi": self.multi,
            "result": self.result.to_dict() if self.result else None,
        }
