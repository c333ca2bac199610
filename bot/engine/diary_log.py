"""/log in one or two taps: today's level, then (unless none) today's triggers. Every tap is
saved at once as today's entry, so there is no half-logged state to keep. Pure."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.engine.bundle import Bundle
from bot.engine.checkin import Choose, Done, FollowupReply, format_day, reason_text
from bot.engine.diary import DiaryEntry, day_of, logged_span_days, merged
from bot.engine.followup_rules import DIARY_LEVEL, DIARY_TRIGGERS
from bot.engine.replies import Option

LEVEL = DIARY_LEVEL
TRIGGERS = DIARY_TRIGGERS
PERSISTENT = "persistent"


@dataclass(frozen=True, slots=True)
class LogStep:
    entry: DiaryEntry | None
    replies: list[FollowupReply]


def log_prompt(bundle: Bundle, locale: str, now: float) -> FollowupReply:
    assert bundle.followups is not None
    f = bundle.content(locale).messages.followups
    options = tuple(Option(level, f.diary.levels[level]) for level in bundle.followups.diary.levels)
    return FollowupReply(f.diary.prompt, "checkin_question", token=str(day_of(now)), question=LEVEL, options=options)


def _triggers_question(bundle: Bundle, locale: str, entry: DiaryEntry, prefix: str) -> FollowupReply:
    assert bundle.followups is not None
    m = bundle.content(locale).messages
    ids = bundle.followups.button_ids(TRIGGERS, bundle.dialog)
    options = tuple(Option(o, m.option_label("triggers", o)) for o in ids)
    text = f"{prefix}\n\n{m.followups.diary.triggers_prompt}"
    return FollowupReply(text, "checkin_question", token=str(entry.day), question=TRIGGERS, options=options,
                         multi=True, selected=entry.triggers)


def _saved(bundle: Bundle, locale: str, entry: DiaryEntry) -> str:
    m = bundle.content(locale).messages
    f = m.followups
    triggers = m.chat.separator.join(m.option_label("triggers", t) for t in entry.triggers)
    return f.diary.saved.format(day=format_day(m, entry.day * 86400.0), level=f.diary.levels[entry.level],
                                triggers=f" ({triggers})" if triggers else "")


def _persistent_note(bundle: Bundle, locale: str, diary: Sequence[DiaryEntry]) -> FollowupReply | None:
    """Twitching logged over more than the persistent span counts as persistent."""
    assert bundle.followups is not None
    rules = bundle.followups
    days = [r.when.logged_over_days for r in rules.judgement.rules if r.when.logged_over_days]
    if not days or logged_span_days(diary, rules.diary.levels[0]) <= min(days):
        return None
    m = bundle.content(locale).messages
    level = next(r.level for r in rules.judgement.rules if r.when.logged_over_days)
    text = (f"{m.followups.diary.persistent}\n\n{m.levels[level].badge} {m.levels[level].headline}\n\n"
            f"{m.result.why}\n• {reason_text(m, PERSISTENT)}\n\nℹ️ {m.result.disclaimer}")
    return FollowupReply(text, "verdict", level=level, reasons=(PERSISTENT,))


def step_diary(bundle: Bundle, locale: str, diary: Sequence[DiaryEntry], event: Choose | Done,
               now: float) -> LogStep:
    """A press on a /log keyboard. Presses from another day's keyboard are stale."""
    assert bundle.followups is not None
    m = bundle.content(locale).messages
    today = day_of(now)
    stale = LogStep(None, [FollowupReply(m.chat.expired_button, "stale")])
    if event.token != str(today):
        return stale
    current = next((e for e in diary if e.day == today), None)
    if event.question == LEVEL and isinstance(event, Choose):
        if event.option not in bundle.followups.diary.levels:
            return stale
        triggers = current.triggers if current and current.source == "log" else ()
        entry = DiaryEntry(day=today, level=event.option, triggers=triggers, source="log")
        return _after_save(bundle, locale, diary, entry, ask_triggers=event.option != bundle.followups.diary.levels[0])
    if event.question != TRIGGERS or current is None:
        return stale
    if isinstance(event, Done):
        return LogStep(None, [FollowupReply(_saved(bundle, locale, current))])
    allowed = bundle.dialog.questions["triggers"].options
    if event.option not in allowed:
        return stale
    chosen = set(current.triggers) ^ {event.option}
    entry = current.model_copy(update={"triggers": tuple(o for o in allowed if o in chosen)})
    return LogStep(entry, [_triggers_question(bundle, locale, entry, _saved(bundle, locale, entry))])


def _after_save(bundle: Bundle, locale: str, diary: Sequence[DiaryEntry], entry: DiaryEntry,
                ask_triggers: bool) -> LogStep:
    saved = _saved(bundle, locale, entry)
    replies = [_triggers_question(bundle, locale, entry, saved) if ask_triggers else FollowupReply(saved)]
    note = _persistent_note(bundle, locale, merged(diary, entry))
    if note is not None:  # the advice first, the triggers question last (its keyboard stays live)
        replies.insert(0, note)
    return LogStep(entry, replies)
