"""A session: the plain data of one person's check, serialised to JSON and back exactly."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = 1
Status = Literal["idle", "asking", "done", "cancelled"]


class Keyboard(BaseModel):
    """Where the buttons of the question being asked are shown: an adapter's reference to its
    message and the text it shows. Kept with the session, so that any worker, after any
    restart, can retire those buttons; the engine carries it along and never reads it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    message: str
    question: str
    text: str = ""


class Session(BaseModel):
    """Immutable; the engine returns a new session on every accepted event.

    `version` grows by one on every accepted event: stores use it for optimistic
    concurrency and adapters put it in buttons so that stale presses are refused.
    `nonce` comes in with the Start event and tells one check from the next.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    schema_version: Literal[1] = 1
    locale: str = "en"
    chosen_locale: str = ""  # set by /language; "" follows the platform's language
    fallback_noted: str = ""  # a platform language we lack, already told about
    nonce: str = ""
    status: Status = "idle"
    question: str | None = None
    answers: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    history: tuple[str, ...] = ()
    draft: tuple[str, ...] = ()
    noted: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    result_level: str | None = None
    keyboard: Keyboard | None = None
    # issue 11: typed answers that missed each question, and messages typed in this check
    misses: dict[str, int] = Field(default_factory=dict)
    turns: int = 0
    version: int = 0
    created_at: float = 0.0
    updated_at: float = 0.0

    def to_json(self) -> str:
        return self.model_dump_json()

    @classmethod
    def from_json(cls, data: str | bytes) -> Session:
        return cls.model_validate_json(data)
