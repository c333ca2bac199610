"""The result view: what a result says, laid out once for every channel.

The engine builds a `ResultView` from an assessment; the console and Telegram print
`result_text(view)`, Discord draws the same headline, sections and disclaimer as an embed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.engine.content import Messages
from bot.engine.triage import Assessment


@dataclass(frozen=True, slots=True)
class Section:
    """A titled part of a result: bullet lines ("Why:"), or one line after its title (the
    safety net), or, with no title, a plain paragraph."""

    title: str
    lines: tuple[str, ...]
    bullets: bool = True

    def body(self) -> str:
        """The section's text without its title, as a channel shows it under a heading."""
        if self.bullets:
            return "\n".join(f"• {line}" for line in self.lines)
        return " ".join(self.lines)

    def text(self) -> str:
        if not self.title:
            return self.body()
        return f"{self.title}\n{self.body()}" if self.bullets else f"{self.title} {self.body()}"


@dataclass(frozen=True, slots=True)
class ResultView:
    """A result as the person reads it: headline, sections (why first), disclaimer."""

    level: str
    headline: str
    sections: tuple[Section, ...]
    disclaimer: str
    emergency: bool = False
    assumed: tuple[str, ...] = ()  # a quick check: what it took as absent or unknown (issue 11)

    @property
    def first_why(self) -> str:
        """The first reason in plain words: for compact group replies."""
        return self.sections[0].lines[0]


def result_text(view: ResultView) -> str:
    """The one plain-text layout of a result (console, Telegram, JSON output)."""
    return "\n\n".join([view.headline, *(s.text() for s in view.sections), f"ℹ️ {view.disclaimer}"])


def compact_text(view: ResultView) -> str:
    """A result for a group: headline, one reason, what a quick check assumed, disclaimer;
    never the details."""
    lines = [view.headline, view.first_why, *compact_assumed(view), f"ℹ️ {view.disclaimer}"]
    return "\n".join(lines)


def compact_assumed(view: ResultView) -> list[str]:
    """What a quick check assumed, on one line (nothing for a full check)."""
    section = next((s for s in view.sections if s.lines == view.assumed and view.assumed), None)
    return [f"{section.title} {'; '.join(view.assumed)}"] if section else []


def why_lines(m: Messages, assessment: Assessment, emergency: bool, signs: Sequence[str]) -> tuple[str, ...]:
    """The reasons in plain words. With none: a possible emergency sign (a quick check that
    could not ask), listing `signs`, or, for self-care, that no warning sign was mentioned."""
    if assessment.reasons:
        return tuple(m.reasons[r] for r in assessment.reasons)
    if emergency:
        return (m.result.emergency_check, *signs)
    return (m.self_care_reason,)


def build_view(
    m: Messages, assessment: Assessment, *, emergency_level: str, emergency_signs: Sequence[str] = (),
    assumed: Sequence[str] = (),
) -> ResultView:
    """The view of `assessment`; `assumed` lines (a quick check) add what was taken as absent."""
    emergency = assessment.level == emergency_level
    level = m.levels[assessment.level]
    sections = [Section(m.result.why, why_lines(m, assessment, emergency, emergency_signs))]
    if assessment.tips:
        sections.append(Section(m.result.tips, tuple(m.tips[t] for t in assessment.tips)))
    if not emergency:  # in an emergency: get help now, no "see a doctor if" to weigh
        sections.append(Section(m.result.safety_net_title, (m.result.safety_net,), bullets=False))
    if assumed:
        sections.append(Section(m.result.assumed, tuple(assumed)))
        sections.append(Section("", (m.result.quick_more,), bullets=False))
    disclaimer = m.result.disclaimer_emergency if emergency else m.result.disclaimer
    return ResultView(assessment.level, f"{level.badge} {level.headline}", tuple(sections), disclaimer, emergency,
                      tuple(assumed))
