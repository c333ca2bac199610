"""The check-in conversation, pure: the offer after a result, the check-in's questions and
its verdict. `(bundle, record, diary, event, now, new_id) -> CheckInStep`; the caller stores
the record (whose `pending` is the due check-in) and the diary entry it returns."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from bot.engine.bundle import Bundle, LocaleContent
from bot.engine.content import Messages
from bot.engine.dialog import NONE_OPTION
from bot.engine.diary import DiaryEntry, from_checkin, merged
from bot.engine.followup import DAY, CheckInRecord, Conversation, FollowUp, Pending, Verdict, judge
from bot.engine.followup_rules import FollowupRules
from bot.engine.replies import Option
from bot.engine.schedule import due_at

FollowupKind = Literal["offer", "checkin_question", "verdict", "info", "stale"]


@dataclass(frozen=True, slots=True)
class FollowupReply:
    """What to show. Buttons carry `token` (the offer's or the check-in's id) and `question`."""

    text: str
    kind: FollowupKind = "info"
    token: str = ""
    question: str | None = None
    options: tuple[Option, ...] = ()
    multi: bool = False
    selected: tuple[str, ...] = ()
    level: str | None = None
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Choose:
    """Pick an offer choice (question None) or a check-in option (toggles for several-choice)."""

    token: str
    question: str | None
    option: str


@dataclass(frozen=True, slots=True)
class Done:
    """Finish a several-choice check-in question with what is ticked."""

    token: str
    question: str


@dataclass(frozen=True, slots=True)
class Typed:
    text: str


FollowupEvent = Choose | Done | Typed


@dataclass(frozen=True, slots=True)
class CheckInStep:
    record: FollowUp
    replies: list[FollowupReply]
    entry: DiaryEntry | None = None
    verdict: Verdict | None = None
    changed: bool = True


def _rules(bundle: Bundle) -> FollowupRules:
    assert bundle.followups is not None, "the bundle was loaded without dialogs/followups.yaml"
    return bundle.followups


def _messages(bundle: Bundle, record: FollowUp) -> Messages:
    return bundle.content(record.locale).messages


def _content(bundle: Bundle, record: FollowUp) -> LocaleContent:
    return bundle.content(record.locale)


def format_day(messages: Messages, when: float) -> str:
    """A date in words ("28 November 2026"), computed without a calendar library."""
    days = int(when // DAY)
    # Civil-from-days (H. Hinnant's algorithm): exact for the proleptic Gregorian calendar.
    z = days + 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    day = doy - (153 * mp + 2) // 5 + 1
    month = mp + 3 if mp < 10 else mp - 9
    year = yoe + era * 400 + (1 if month <= 2 else 0)
    f = messages.followups
    return f.date_format.format(day=day, month=f.months[month - 1], year=year)


# -- the offer -------------------------------------------------------------------------


def offer_reply(bundle: Bundle, record: FollowUp) -> FollowupReply | None:
    """The check-in offer the record has open, as buttons; None when none is open."""
    if record.offer is None:
        return None
    return offer_for(bundle, record.locale, record.offer_level or "self_care", record.offer)


def offer_for(bundle: Bundle, locale: str, level: str, token: str) -> FollowupReply | None:
    """The offer after a result at `level` (None after an emergency or any level not in
    `offer.after_levels`). Nothing is stored until the person accepts: opt-in."""
    if level not in _rules(bundle).offer.after_levels:
        return None
    f = bundle.content(locale).messages.followups
    options = tuple(Option(cid, f.offer.choices[cid]) for cid in _rules(bundle).offer.choices)
    return FollowupReply(f.offer.prompt, "offer", token=token, options=options)


def _accept(bundle: Bundle, record: FollowUp, event: Choose, now: float, new_id: str) -> CheckInStep:
    rules = _rules(bundle)
    m = _messages(bundle, record)
    if record.offer is None or event.token != record.offer or event.option not in rules.offer.choices:
        return CheckInStep(record, [FollowupReply(m.followups.offer.expired, "stale")], changed=False)
    days = rules.offer.choices[event.option]
    origin = record.offer_level or "self_care"
    record = record.model_copy(update={"offer": None, "offer_level": None})
    if days is None:
        return CheckInStep(record, [FollowupReply(m.followups.offer.declined)])
    base = record.checks[-1].at if record.checks else now
    due = due_at(rules.schedule, base, days)
    pending = Pending(id=new_id, due_at=due, origin_level=origin, offered_at=now)
    text = m.followups.offer.scheduled.format(when=format_day(m, due))
    return CheckInStep(record.model_copy(update={"pending": pending}), [FollowupReply(text)])


# -- the check-in ----------------------------------------------------------------------


def _questions(rules: FollowupRules, origin: str) -> tuple[str, ...]:
    qs = rules.checkin.questions
    return tuple(q for q in rules.checkin.order if not qs[q].only_after or origin in qs[q].only_after)


def open_checkin(bundle: Bundle, record: FollowUp, now: float, late: bool) -> CheckInStep:
    """The due check-in's first message: the opening (late or not) and the first question."""
    pending = record.pending
    if pending is None:
        return CheckInStep(record, [], changed=False)
    rules = _rules(bundle)
    first = _questions(rules, pending.origin_level)[0]
    conversation = Conversation(id=pending.id, due_at=pending.due_at, origin_level=pending.origin_level,
                                question=first, late=late)
    record = record.model_copy(update={"pending": None, "conversation": conversation})
    f = _messages(bundle, record).followups
    since = record.checks[-1].at if record.checks else pending.offered_at
    days = max(1, round((now - since) / DAY))
    opening = (f.checkin.opening_late if late else f.checkin.opening).format(days=_content(bundle, record).count("days", days))
    return CheckInStep(record, [_question(bundle, record, conversation, opening)])


def resend(bundle: Bundle, record: FollowUp) -> list[FollowupReply]:
    """The open check-in's current question again (a send that was never confirmed)."""
    c = record.conversation
    return [] if c is None else [_question(bundle, record, c)]


def _question(bundle: Bundle, record: FollowUp, c: Conversation, prefix: str = "") -> FollowupReply:
    f = _messages(bundle, record).followups
    q = _rules(bundle).checkin.questions[c.question]
    options = [Option(o, f.checkin.options[c.question][o]) for o in q.options]
    if q.none_option:
        options.append(Option(NONE_OPTION, f.checkin.none_label))
    prompt = f.checkin.questions[c.question]
    return FollowupReply(f"{prefix}\n\n{prompt}" if prefix else prompt, "checkin_question", token=c.id,
                         question=c.question, options=tuple(options), multi=q.multi, selected=c.draft)


def _answered(bundle: Bundle, record: FollowUp, diary: Sequence[DiaryEntry], c: Conversation,
              chosen: tuple[str, ...], now: float, new_id: str) -> CheckInStep:
    answers = {**c.answers, c.question: () if chosen == (NONE_OPTION,) else chosen}
    rules = _rules(bundle)
    remaining = [q for q in _questions(rules, c.origin_level) if q not in answers]
    if answers.get("emergency"):
        remaining = []  # an emergency sign ends the check-in at once
    if remaining:
        c = c.model_copy(update={"answers": answers, "question": remaining[0], "draft": (), "version": c.version + 1})
        record = record.model_copy(update={"conversation": c})
        return CheckInStep(record, [_question(bundle, record, c)])
    return _finish(bundle, record, diary, c, answers, now, new_id)


def _finish(bundle: Bundle, record: FollowUp, diary: Sequence[DiaryEntry], c: Conversation,
            answers: dict[str, tuple[str, ...]], now: float, new_id: str) -> CheckInStep:
    rules = _rules(bundle)
    m = _messages(bundle, record)
    f = m.followups
    course = answers.get("course", ())
    entry = from_checkin(rules.diary, diary, course[0], now) if course else None
    history = merged(diary, entry) if entry else tuple(diary)
    verdict = judge(rules, bundle.triage.levels, answers, record.onset_at, history, now)
    done = CheckInRecord(at=now, due_at=c.due_at, answers=answers, outcome=verdict.outcome,
                         level=verdict.level, reasons=verdict.reasons, late=c.late)
    record = record.model_copy(update={"conversation": None, "checkins": (*record.checkins, done)})
    parts = []
    seen = answers.get("saw_doctor", ())
    if seen and f.checkin.saw_doctor.get(seen[0]):
        parts.append(f.checkin.saw_doctor[seen[0]])
    if verdict.outcome == "closed":
        parts.append(f.checkin.closed)
    elif verdict.outcome == "again":
        parts.append(f.checkin.again)
    else:
        assert verdict.level is not None
        level = m.levels[verdict.level]
        parts.append(f"{f.checkin.advice_intro}\n\n{level.badge} {level.headline}\n\n{m.result.why}")
        parts[-1] += "\n" + "\n".join(f"• {reason_text(m, r)}" for r in verdict.reasons)
    parts.append(f"ℹ️ {m.result.disclaimer}")
    replies = [FollowupReply("\n\n".join(parts), "verdict", level=verdict.level, reasons=verdict.reasons)]
    offer_level = verdict.level or c.origin_level
    if verdict.outcome == "again" or (verdict.level is not None and verdict.level in rules.offer.after_levels):
        record = record.model_copy(update={"offer": new_id, "offer_level": offer_level})
        offer = offer_reply(bundle, record)
        assert offer is not None
        replies.append(offer)
    return CheckInStep(record, replies, entry=entry, verdict=verdict)


def reason_text(messages: Messages, reason: str) -> str:
    return messages.followups.reasons.get(reason) or messages.reasons[reason]


def _typed_choice(bundle: Bundle, record: FollowUp, c: Conversation, text: str) -> tuple[str, ...] | None:
    """A typed answer: option numbers, ids or labels (commas between several)."""
    rules = _rules(bundle)
    f = _messages(bundle, record).followups
    q = rules.checkin.questions[c.question]
    ids = q.option_ids()
    labels = {**{o: f.checkin.options[c.question][o] for o in q.options}, NONE_OPTION: f.checkin.none_label}
    chosen: list[str] = []
    for part in (p.strip().lower() for p in text.split(",")):
        match = None
        if part.isdigit() and 1 <= int(part) <= len(ids):
            match = ids[int(part) - 1]
        for option in ids:
            if part in (option.replace("_", " "), option, labels[option].lower()):
                match = option
        if match is None:
            return None
        chosen.append(match)
    if not chosen or (not q.multi and len(chosen) != 1):
        return None
    return tuple(dict.fromkeys(chosen))


def step_followup(bundle: Bundle, record: FollowUp, diary: Sequence[DiaryEntry], event: FollowupEvent,
                  now: float, new_id: str) -> CheckInStep:
    """Apply one press or typed message to the offer or the check-in in progress."""
    m = _messages(bundle, record)
    f = m.followups
    if isinstance(event, Choose) and event.question is None:
        return _accept(bundle, record, event, now, new_id)
    c = record.conversation
    stale = CheckInStep(record, [FollowupReply(m.chat.expired_button, "stale")], changed=False)
    if c is None:
        if isinstance(event, Typed):
            return CheckInStep(record, [FollowupReply(f.checkin.not_now)], changed=False)
        return stale
    q = _rules(bundle).checkin.questions[c.question]
    if isinstance(event, Typed):
        reading = bundle.content(record.locale).understanding.interpret(None, event.text[:2000])
        if reading.emergency:
            return _finish(bundle, record, diary, c, {**c.answers, "emergency": reading.emergency}, now, new_id)
        if reading.emergency_unsure and c.question != "emergency":
            moved = c.model_copy(update={"question": "emergency", "draft": (), "version": c.version + 1})
            record = record.model_copy(update={"conversation": moved})
            return CheckInStep(record, [_question(bundle, record, moved, m.chat.ask_again_safety)])
        chosen = _typed_choice(bundle, record, c, event.text)
        if chosen is None or (NONE_OPTION in chosen and len(chosen) > 1):
            return CheckInStep(record, [_question(bundle, record, c, f.checkin.not_understood)], changed=False)
        return _answered(bundle, record, diary, c, chosen, now, new_id)
    if event.token != c.id or event.question != c.question:
        return stale
    if isinstance(event, Done):
        if not q.multi or not c.draft:
            return CheckInStep(record, [_question(bundle, record, c, m.chat.ask_again_safety)], changed=False)
        return _answered(bundle, record, diary, c, c.draft, now, new_id)
    if event.option not in q.option_ids():
        return stale
    if not q.multi:
        return _answered(bundle, record, diary, c, (event.option,), now, new_id)
    draft = _toggle(c.draft, event.option, q.option_ids())
    c = c.model_copy(update={"draft": draft, "version": c.version + 1})
    record = record.model_copy(update={"conversation": c})
    return CheckInStep(record, [_question(bundle, record, c)])


def _toggle(draft: tuple[str, ...], option: str, allowed: tuple[str, ...]) -> tuple[str, ...]:
    if option in draft:
        return tuple(o for o in draft if o != option)
    if option == NONE_OPTION:
        return (NONE_OPTION,)
    return tuple(o for o in allowed if (o in draft and o != NONE_OPTION) or o == option)


def notices(bundle: Bundle, record: FollowUp) -> tuple[FollowUp, list[FollowupReply]]:
    """What to tell the person before anything else: check-ins dropped as too late."""
    if not record.dropped:
        return record, []
    m = _messages(bundle, record)
    replies = [FollowupReply(m.followups.checkin.dropped.format(when=format_day(m, due))) for due in record.dropped]
    return record.model_copy(update={"dropped": ()}), replies


def drop_late(record: FollowUp) -> FollowUp:
    """A pending check-in found too late: dropped, remembered to be said next time."""
    if record.pending is None:
        return record
    return record.model_copy(update={"pending": None, "dropped": (*record.dropped, record.pending.due_at)})

