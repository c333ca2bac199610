"""dialogs/followups.yaml as a model: the offer, the check-in's questions, the judgement
rules, the diary's levels and the sending schedule. Validated at load; cross-checked
against the check's dialog and triage by `check_followups`."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator

from bot.engine.dialog import NONE_OPTION, Dialog
from bot.engine.triage import TriageRules

DIARY_LEVEL = "diary_level"  # /log's first question: today's level
DIARY_TRIGGERS = "diary_triggers"  # /log's second: today's triggers (the check's own options)

EMERGENCY_LEVEL = "emergency"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Offer(_Strict):
    after_levels: tuple[str, ...] = Field(min_length=1)
    choices: dict[str, int | None] = Field(min_length=2)

    @model_validator(mode="after")
    def _sound(self) -> Offer:
        if EMERGENCY_LEVEL in self.after_levels:
            raise ValueError("after_levels: a check-in is never offered after an emergency result")
        if None not in self.choices.values():
            raise ValueError("choices: one choice must be null (\"no thanks\")")
        for cid, days in self.choices.items():
            if days is not None and not 1 <= days <= 60:
                raise ValueError(f"choices.{cid}: days must be 1 to 60")
        return self


class Onset(_Strict):
    duration_days: dict[str, int] = Field(min_length=1)


class CheckInQuestion(_Strict):
    multi: bool
    options: tuple[str, ...] = Field(min_length=1)
    none_option: bool = False
    only_after: tuple[str, ...] = ()

    def option_ids(self) -> tuple[str, ...]:
        return self.options + ((NONE_OPTION,) if self.none_option else ())


class CheckIn(_Strict):
    order: tuple[str, ...] = Field(min_length=1)
    questions: dict[str, CheckInQuestion]

    @model_validator(mode="after")
    def _order_matches(self) -> CheckIn:
        if sorted(self.order) != sorted(self.questions):
            raise ValueError("order: must list every question of `questions` once")
        for name in ("course", "emergency", "signs"):
            if name not in self.questions:
                raise ValueError(f"questions.{name}: missing (the judgement needs it)")
        return self


class When(_Strict):
    """One condition: an answer containing any of `any_of`, an onset or a logged span
    older than so many days. `unless` switches it off for some answers."""

    answer: str | None = None
    any_of: tuple[str, ...] = ()
    onset_over_days: int | None = Field(default=None, ge=1)
    logged_over_days: int | None = Field(default=None, ge=1)
    unless: dict[str, tuple[str, ...]] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _one_kind(self) -> When:
        kinds = [self.answer is not None, self.onset_over_days is not None, self.logged_over_days is not None]
        if sum(kinds) != 1:
            raise ValueError("exactly one of answer, onset_over_days, logged_over_days")
        if (self.answer is None) != (not self.any_of):
            raise ValueError("answer and any_of go together")
        return self


class JudgementRule(_Strict):
    level: str
    reason: str | None = None
    when: When
    source: str = Field(min_length=1)


class Close(_Strict):
    when: When
    source: str = Field(min_length=1)


class Judgement(_Strict):
    rules: tuple[JudgementRule, ...] = Field(min_length=1)
    reason_order: tuple[str, ...]
    close: Close

    def reasons_of(self, rule: JudgementRule) -> tuple[str, ...]:
        return (rule.reason,) if rule.reason else rule.when.any_of


class Diary(_Strict):
    levels: tuple[str, ...] = Field(min_length=2)
    from_frequency: dict[str, str]
    from_course: dict[str, int | str]
    history_days: tuple[int, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _levels_known(self) -> Diary:
        for key, level in self.from_frequency.items():
            if level not in self.levels:
                raise ValueError(f"from_frequency.{key}: '{level}' is not a level")
        for key, move in self.from_course.items():
            if isinstance(move, str) and move not in self.levels:
                raise ValueError(f"from_course.{key}: '{move}' is not a level")
        return self


class Night(_Strict):
    from_hour: int = Field(ge=0, le=23)
    to_hour: int = Field(ge=0, le=23)


class Schedule(_Strict):
    night: Night
    late_after_hours: float = Field(gt=0)
    drop_after_hours: float = Field(gt=0)

    @model_validator(mode="after")
    def _order(self) -> Schedule:
        if self.drop_after_hours <= self.late_after_hours:
            raise ValueError("drop_after_hours: must be more than late_after_hours")
        return self


class FollowupRules(_Strict):
    version: int
    offer: Offer
    onset: Onset
    checkin: CheckIn
    judgement: Judgement
    diary: Diary
    schedule: Schedule

    def button_ids(self, question: str | None, dialog: Dialog) -> tuple[str, ...]:
        """The option ids a button's number points into, one derivation for every adapter:
        the offer's choices (question None), a check-in question's options (with "none"),
        the diary's levels, or today's triggers (the check's, without "none")."""
        if question is None:
            return tuple(self.offer.choices)
        if question == DIARY_LEVEL:
            return self.diary.levels
        if question == DIARY_TRIGGERS:
            return tuple(o for o in dialog.option_ids("triggers") if o != NONE_OPTION)
        return self.checkin.questions[question].option_ids()

    def question_at(self, number: int) -> str | None:
        """The check-in question a button's question number names; None when out of range."""
        return self.checkin.order[number] if 0 <= number < len(self.checkin.order) else None

    def button_address(self, reply_kind: str, question: str | None) -> tuple[str, int] | None:
        """The kind letter and question number a reply's buttons carry in their ids (the same for
        every adapter): "o" the offer, "l"/"g" /log's level and triggers, "c" a check-in question;
        None for a reply without buttons."""
        if reply_kind == "offer":
            return "o", 0
        if reply_kind != "checkin_question":
            return None
        if question == DIARY_LEVEL:
            return "l", 0
        if question == DIARY_TRIGGERS:
            return "g", 1
        if question in self.checkin.order:
            return "c", self.checkin.order.index(question)
        return None

    def button_question(self, kind: str, number: int) -> str | None:
        """The question a button's kind letter and number name: None for the offer, /log's two,
        or a check-in question ("d"/"e" are the Done buttons of a check-in question and of /log)."""
        if kind in "lge":
            return DIARY_LEVEL if kind == "l" else DIARY_TRIGGERS
        return self.question_at(number) if kind in "cd" else None


def check_followups(rules: FollowupRules, dialog: Dialog, triage: TriageRules) -> list[str]:
    """Key paths of followups.yaml naming an id the check's dialog or triage lacks."""
    errors: list[str] = []
    for i, level in enumerate(rules.offer.after_levels):
        if level not in triage.levels:
            errors.append(f"offer.after_levels.{i}: '{level}' is not a level of triage")
    duration = dialog.questions.get("duration")
    known = duration.options if duration else ()
    for option in known:
        if option not in rules.onset.duration_days:
            errors.append(f"onset.duration_days.{option}: missing")
    for option in rules.onset.duration_days:
        if option not in known:
            errors.append(f"onset.duration_days.{option}: not an option of 'duration'")
    same_as = {"emergency": "emergency", "signs": "symptoms"}
    for qid, check_qid in same_as.items():
        mine = rules.checkin.questions[qid].options
        theirs = dialog.questions[check_qid].options if check_qid in dialog.questions else ()
        for option in mine:
            if option not in theirs:
                errors.append(f"checkin.questions.{qid}.options: '{option}' is not an option of '{check_qid}'")
    course = rules.checkin.questions["course"].options
    for key in rules.diary.from_course:
        if key not in course:
            errors.append(f"diary.from_course.{key}: not an option of the check-in's 'course'")
    for option in course:
        if option not in rules.diary.from_course:
            errors.append(f"diary.from_course.{option}: missing")
    frequency = dialog.questions["frequency"].options if "frequency" in dialog.questions else ()
    for option in frequency:
        if option not in rules.diary.from_frequency:
            errors.append(f"diary.from_frequency.{option}: missing")
    checked: list[tuple[str, JudgementRule | Close]] = [(f"judgement.rules.{i}", r) for i, r in enumerate(rules.judgement.rules)]
    for path, rule in [*checked, ("judgement.close", rules.judgement.close)]:
        when = rule.when
        if isinstance(rule, JudgementRule):
            if rule.level not in triage.levels:
                errors.append(f"{path}.level: '{rule.level}' is not a level of triage")
            for reason in rules.judgement.reasons_of(rule):
                if reason not in rules.judgement.reason_order:
                    errors.append(f"{path}: reason '{reason}' is not in judgement.reason_order")
        for qid, options in [*([(when.answer, when.any_of)] if when.answer else []), *when.unless.items()]:
            question = rules.checkin.questions.get(qid)
            if question is None:
                errors.append(f"{path}.when: '{qid}' is not a check-in question")
                continue
            for option in options:
                if option not in question.options:
                    errors.append(f"{path}.when: '{option}' is not an option of '{qid}'")
    return errors
