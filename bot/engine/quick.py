"""One-line quick checks: a message in, an assessment out, with what was assumed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.engine.bundle import Bundle
from bot.engine.result import ResultView, Section, result_text
from bot.engine.triage import Assessment, assess
from bot.understand import MAX_CHARS


@dataclass(frozen=True, slots=True)
class QuickCheck:
    """`assessment` is None when the text gave no detail at all: then there is no level,
    only what to tell (and the emergency signs), never an all-clear from nothing."""

    assessment: Assessment | None
    assumed: dict[str, list[str] | None]
    understood: dict[str, list[str]]
    view: ResultView
    emergency_unsure: bool = False

    @property
    def text(self) -> str:
        return result_text(self.view)

    def to_dict(self) -> dict[str, Any]:
        level = self.assessment.to_dict() if self.assessment else {"level": None, "reasons": [], "tips": []}
        return {**level, "answers": self.understood, "assumed": self.assumed,
                "emergency_unsure": self.emergency_unsure, "text": self.text}


def quick_check(bundle: Bundle, locale: str, text: str) -> QuickCheck:
    """Read every answer the text gives. Fields it does not mention are assumed absent (no
    trigger, no other symptom; unknown frequency, duration and course) and listed in
    `assumed`. A quick check cannot ask, so a possible emergency sign is not assumed away:
    the result is the emergency level, with the signs listed to check against."""
    content = bundle.content(locale)
    m = content.messages
    emergency = bundle.dialog.emergency_question
    reading = content.understanding.interpret(None, text[:MAX_CHARS])
    answers: dict[str, tuple[str, ...]] = dict(reading.story)
    if reading.emergency:
        answers[emergency] = reading.emergency
    unsure = reading.emergency_unsure and not reading.emergency
    if not answers and not unsure:
        return _no_details(bundle, locale)
    assumed: dict[str, list[str] | None] = {}
    for qid in bundle.order:
        if qid not in answers and not (unsure and qid == emergency):
            assumed[qid] = [] if bundle.dialog.questions[qid].multi else None
    assessment = assess(bundle.triage, answers)
    if unsure:
        assessment = Assessment(level=bundle.triage.emergency_level, reasons=assessment.reasons, tips=(),
                                answers=assessment.answers)
    lines = []
    for qid in assumed:
        value = m.answer_summary(qid, ()) if bundle.dialog.questions[qid].multi else m.result.assumed_unknown
        lines.append(f"{m.questions[qid].short}: {value}")
    view = bundle.result_view(locale, assessment, lines)
    understood = {k: list(v) for k, v in answers.items()}
    return QuickCheck(assessment, assumed, understood, view, unsure)


def _no_details(bundle: Bundle, locale: str) -> QuickCheck:
    """Nothing understood: what to tell, and the emergency signs to act on. No level."""
    m = bundle.content(locale).messages
    qid = bundle.dialog.emergency_question
    signs = "; ".join(m.option_label(qid, o) for o in bundle.dialog.questions[qid].options)
    section = Section("", (f"{m.chat.no_details_signs} {signs}.",), bullets=False)
    view = ResultView("", m.chat.no_details, (section,), m.result.disclaimer)
    return QuickCheck(None, {}, {}, view)
