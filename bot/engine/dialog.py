"""The dialog flow as data: questions, their options and where each leads."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator

RESULT = "result"
NONE_OPTION = "none"


class DayLimit(BaseModel):
    """Where an option of a duration question ends, in days: `under` (exclusive) or
    `at_most` (inclusive); the last option has neither."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    under: float | None = None
    at_most: float | None = None

    @model_validator(mode="after")
    def _one_limit(self) -> DayLimit:
        if self.under is not None and self.at_most is not None:
            raise ValueError("give under or at_most, not both")
        return self

    @property
    def limit(self) -> float | None:
        return self.under if self.under is not None else self.at_most


class Question(BaseModel):
    """One question of the check. `options` are ids; their labels live in content."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    multi: bool
    options: tuple[str, ...] = Field(min_length=1)
    none_option: bool = False
    always_ask: bool = False
    confirm_from_story: bool = False
    end_if_any: str | None = None
    days: dict[str, DayLimit] | None = None  # a duration question: a span of time picks its option
    next: str

    @model_validator(mode="after")
    def _options_unique(self) -> Question:
        if len(set(self.options)) != len(self.options):
            raise ValueError("options must be unique")
        if NONE_OPTION in self.options:
            raise ValueError(f"'{NONE_OPTION}' is reserved: use none_option: true")
        if self.none_option and not self.multi:
            raise ValueError("none_option is only for multi-choice questions")
        if self.days is not None:
            if tuple(self.days) != self.options:
                raise ValueError("days: expected one entry per option, in the order of options")
            limits = [d.limit for d in self.days.values()]
            if limits[-1] is not None or any(x is None for x in limits[:-1]):
                raise ValueError("days: every option but the last needs under or at_most; the last none")
            if any(b <= a for a, b in zip(limits[:-2], limits[1:-1], strict=True)):  # type: ignore[operator]
                raise ValueError("days: limits must grow from option to option")
        return self

    def days_cuts(self) -> tuple[tuple[str, float | None, bool], ...]:
        """(option, limit in days, limit included) in order; () when not a duration question."""
        return tuple((o, d.limit, d.at_most is not None) for o, d in (self.days or {}).items())


class Dialog(BaseModel):
    """The whole flow: a start question and a table of questions linked by `next`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int
    start: str
    emergency_question: str  # read in every message; its end_if_any is the emergency level
    questions: dict[str, Question] = Field(min_length=1)

    @model_validator(mode="after")
    def _graph_is_sound(self) -> Dialog:
        if self.start not in self.questions:
            raise ValueError(f"start: '{self.start}' is not a question")
        emergency = self.questions.get(self.emergency_question)
        if emergency is None:
            raise ValueError(f"emergency_question: '{self.emergency_question}' is not a question")
        if emergency.end_if_any is None or not emergency.multi or not emergency.none_option:
            raise ValueError(f"questions.{self.emergency_question}: the emergency question needs multi, "
                             "none_option and end_if_any (the emergency level)")
        durations = [qid for qid, q in self.questions.items() if q.days is not None]
        if len(durations) != 1:
            where = f"questions.{durations[1]}.days" if durations else "questions"
            raise ValueError(f"{where}: exactly one question (the duration) needs days: cut-offs")
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

    @property
    def emergency_level(self) -> str:
        level = self.questions[self.emergency_question].end_if_any
        assert level is not None  # checked at load
        return level

    @property
    def duration_question(self) -> str:
        return next(qid for qid, q in self.questions.items() if q.days is not None)

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
