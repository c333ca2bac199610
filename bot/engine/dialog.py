"""The dialog flow as data: questions, their options and where each leads."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator

RESULT = "result"
NONE_OPTION = "none"


class Question(BaseModel):
    """One question of the check. `options` are ids; their labels live in content."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    multi: bool
    options: tuple[str, ...] = Field(min_length=1)
    none_option: bool = False
    always_ask: bool = False
    confirm_from_story: bool = False
    end_if_any: str | None = None
    next: str

    @model_validator(mode="after")
    def _options_unique(self) -> Question:
        if len(set(self.options)) != len(self.options):
            raise ValueError("options must be unique")
        if NONE_OPTION in self.options:
            raise ValueError(f"'{NONE_OPTION}' is reserved: use none_option: true")
        if self.none_option and not self.multi:
            raise ValueError("none_option is only for multi-choice questions")
        return self


class Dialog(BaseModel):
    """The whole flow: a start question and a table of questions linked by `next`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int
    start: str
    questions: dict[str, Question] = Field(min_length=1)

    @model_validator(mode="after")
    def _graph_is_sound(self) -> Dialog:
        if self.start not in self.questions:
            raise ValueError(f"start: '{self.start}' is not a question")
        for qid, question in self.questions.items():
            if question.next != RESULT and question.next not in self.questions:
                raise ValueError(f"questions.{qid}.next: '{question.next}' is not a question or '{RESULT}'")
        seen: list[str] = []
        current = self.start
        while current != RESULT:
            if current in seen:
                raise ValueError(f"questions.{current}.next: the flow loops back to '{current}'")
            seen.append(current)
            current = self.questions[current].next
        unreachable = [qid for qid in self.questions if qid not in seen]
        if unreachable:
            raise ValueError(f"questions.{unreachable[0]}: unreachable from start '{self.start}'")
        return self

    def order(self) -> tuple[str, ...]:
        """Question ids in the order they are asked."""
        out: list[str] = []
        current = self.start
        while current != RESULT:
            out.append(current)
            current = self.questions[current].next
        return tuple(out)

    def option_ids(self, qid: str) -> tuple[str, ...]:
        """Option ids a user may pick for `qid`, the none option included."""
        question = self.questions[qid]
        return question.options + ((NONE_OPTION,) if question.none_option else ())
