"""Events into the engine: one small immutable record per kind."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

CommandName = Literal["back", "restart", "cancel", "help"]


@dataclass(frozen=True, slots=True)
class Start:
    """Begin a new check. `nonce` (any short string) tells this check from earlier ones;
    `numbered`: the person answers by typing option numbers (a console: no buttons)."""

    now: float
    locale: str
    nonce: str = ""
    numbered: bool = False


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
class Edit:
    """A message the person changed after sending it: read only for emergency signs."""

    now: float
    locale: str
    text: str


@dataclass(frozen=True, slots=True)
class Command:
    now: float
    locale: str
    name: CommandName


@dataclass(frozen=True, slots=True)
class Language:
    """/language: `choice` is a language code ("es"), or "" to list the languages we have."""

    now: float
    locale: str
    choice: str = ""


Event = Start | Answer | Toggle | Submit | Text | Edit | Command | Language
