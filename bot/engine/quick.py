"""One-line quick checks: a message in, an assessment out, with what was assumed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.engine.bundle import Bundle
from bot.engine.content import render_result
from bot.engine.triage import Assessment, assess
from bot.understand import MAX_CHARS


@dataclass(frozen=True, slots=True)
class QuickCheck:
    assessment: Assessment
    assumed: dict[str, list[str] | None]
    understood: dict[str, list[str]]
    text: str
    emergency_unsure: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {**self.assessment.to_dict(), "answers": self.understood, "assumed": self.assumed,
                "emergency_unsure": self.emergency_unsure, "text": self.text}


def quick_check(bundle: Bundle, locale: str, text: str) -> QuickCheck:
    """Read every answer the text gives. Fields it does not mention are assumed absent (no
    trigger, no other symptom; unknown frequency, duration and course) and listed in
    `assumed`. A quick check cannot ask, so a possible emergency sign is not assumed away:
    the result is the emergency level, with the signs listed to check against."""
    content = bundle.content(locale)
    m = content.messages
    reading = content.understanding.interpret(None, text[:MAX_CHARS])
    answers: dict[str, tuple[str, ...]] = dict(reading.story)
    if reading.emergency:
        answers["emergency"] = reading.emergency
    unsure = reading.emergency_unsure and not reading.emergency
    assumed: dict[str, list[str] | None] = {}
    for qid in bundle.order:
        if qid not in answers and not (unsure and qid == "emergency"):
            assumed[qid] = [] if bundle.dialog.questions[qid].multi else None
    assessment = assess(bundle.triage, answers)
    if unsure:
        assessment = Assessment(level="emergency", reasons=assessment.reasons, tips=(), answers=assessment.answers)
    body = render_result(m, assessment)
    if assumed:
        parts = []
        for qid in assumed:
            value = m.answer_summary(qid, ()) if bundle.dialog.questions[qid].multi else m.result.assumed_unknown
            parts.append(f"{m.questions[qid].short}: {value}")
        body += f"\n\n{m.result.assumed}\n" + "\n".join(f"• {p}" for p in parts)
        body += f"\n\n{m.result.quick_more}"
    understood = {k: list(v) for k, v in answers.items()}
    return QuickCheck(assessment, assumed, understood, body, unsure)
