"""The summary for the doctor, as typed data: first noticed, the answers, the diary trend,
each result with its reasons, medicines mentioned. Rendered as a message here and as a
PDF by bot/followups/pdf.py; nothing in it is sent anywhere but to the person."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.engine.bundle import Bundle
from bot.engine.checkin import format_day, reason_text
from bot.engine.diary import DiaryEntry, sparkline, within
from bot.engine.followup import FollowUp

SUMMARY_DAYS = 30


@dataclass(frozen=True, slots=True)
class Section:
    heading: str
    lines: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Summary:
    title: str
    intro: str
    sections: tuple[Section, ...]
    spark: str  # the diary's last days as blocks (text only; the PDF draws a chart)
    footer: str

    def text(self) -> str:
        parts = [self.title, self.intro]
        for section in self.sections:
            parts.append("\n".join([section.heading, *(f"• {line}" for line in section.lines)]))
        parts.append(self.footer)
        return "\n\n".join(parts)


def build_summary(bundle: Bundle, record: FollowUp, diary: Sequence[DiaryEntry], today: int) -> Summary | None:
    """None when there is nothing to summarise (no check done)."""
    if not record.checks:
        return None
    assert bundle.followups is not None
    levels = bundle.followups.diary.levels
    content = bundle.content(record.locale)
    m = content.messages
    s = m.followups.summary
    sections = []
    if record.onset_at is not None and record.first_noticed:
        answer = m.option_label("duration", record.first_noticed)
        first = s.first_noticed.format(when=format_day(m, record.onset_at), answer=answer)
    else:
        first = s.first_noticed_unknown
    last = record.checks[-1]
    answers = tuple(f"{m.questions[q].short}: {m.answer_summary(q, last.answers[q])}"
                    for q in bundle.order if q in last.answers)
    sections.append(Section(first, ()))
    sections.append(Section(s.answers.format(when=format_day(m, last.at)), answers))
    recent = within(diary, today, SUMMARY_DAYS)
    labels = m.followups.diary.levels
    if recent:
        counts = [f"{labels[level]}: {sum(1 for e in recent if e.level == level)}" for level in reversed(levels)]
        spark = sparkline(recent, levels, today, SUMMARY_DAYS)
        lines = (m.chat.separator.join(counts),)
    else:
        spark, lines = "", (s.diary_none,)
    sections.append(Section(s.diary.format(days=content.count("days", SUMMARY_DAYS)), lines))
    results = []
    for check in record.checks:
        why = "; ".join(m.reasons[r] for r in check.reasons) or m.self_care_reason
        results.append(f"{format_day(m, check.at)}: {m.levels[check.level].headline} {why}")
    sections.append(Section(s.results, tuple(results)))
    if record.checkins:
        lines_ = []
        course = m.followups.checkin.options["course"]
        for ci in record.checkins:
            said = m.chat.separator.join(course[c] for c in ci.answers.get("course", ()))
            if ci.outcome == "advice" and ci.level:
                why = "; ".join(reason_text(m, r) for r in ci.reasons)
                lines_.append(f"{format_day(m, ci.at)}: {said}. {m.levels[ci.level].headline} {why}")
            else:
                lines_.append(f"{format_day(m, ci.at)}: {said}.")
        sections.append(Section(s.checkins, tuple(lines_)))
    medicine = any("medication" in c.answers.get("triggers", ()) for c in record.checks)
    medicine = medicine or any("medication" in e.triggers for e in recent)
    sections.append(Section(s.medicines, (s.medicines_yes if medicine else s.medicines_none,)))
    return Summary(s.title, s.intro, tuple(sections), spark, s.footer)
