"""The step function: `(bundle, session, event) -> (session, replies)`. No I/O, no clock."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from bot.engine.bundle import Bundle, LocaleContent
from bot.engine.dialog import NONE_OPTION, RESULT
from bot.engine.events import Answer, Command, Edit, Event, Start, Submit, Text, Toggle
from bot.engine.replies import NoteReply, Option, QuestionReply, Reply, ResultReply, StaleReply
from bot.engine.session import Session
from bot.engine.triage import assess
from bot.understand import MAX_CHARS

MAX_TEXT = MAX_CHARS  # characters read for answers; emergency signs are looked for further
MAX_SCAN = 10_000

Step = tuple[Session, list[Reply]]


def step(bundle: Bundle, session: Session, event: Event) -> Step:
    """Apply one event. Stale or invalid input leaves the session as it was."""
    locale = bundle.locale(event.locale)
    if isinstance(event, Start):
        return _new_check(bundle, session, locale, event.nonce, event.now, bundle.content(locale).messages.greeting)
    session = session.model_copy(update={"locale": locale}) if session.locale != locale else session
    if isinstance(event, Command):
        return _command(bundle, session, event)
    if isinstance(event, Text):
        return _text(bundle, session, event)
    if isinstance(event, Edit):
        return _edit(bundle, session, event)
    return _button(bundle, session, event)


# -- helpers ---------------------------------------------------------------------------


def _content(bundle: Bundle, session: Session) -> LocaleContent:
    return bundle.content(session.locale)


def _new_check(bundle: Bundle, old: Session, locale: str, nonce: str, now: float, prefix: str) -> Step:
    """A check from the first question; the version keeps growing, so old buttons stay stale."""
    fresh = Session(locale=locale, nonce=nonce, created_at=now, version=old.version)
    return _ask_next(bundle, _touch(fresh, now), now, prefix=prefix)


def _touch(session: Session, now: float, **changes: object) -> Session:
    return session.model_copy(update={**changes, "version": session.version + 1, "updated_at": now})


def _question_reply(bundle: Bundle, session: Session, text: str) -> QuestionReply:
    qid = session.question
    assert qid is not None
    m = _content(bundle, session).messages
    question = bundle.dialog.questions[qid]
    options = tuple(Option(o, m.option_label(qid, o)) for o in bundle.dialog.option_ids(qid))
    prompt = m.questions[qid].prompt
    return QuestionReply(
        text=f"{text}\n\n{prompt}" if text else prompt,
        question=qid,
        options=options,
        multi=question.multi,
        selected=session.draft,
        can_go_back=bool(session.history),
    )


def _info(text: str) -> NoteReply:
    return NoteReply(text)


def _next_unanswered(bundle: Bundle, answers: Mapping[str, tuple[str, ...]]) -> str | None:
    for qid in bundle.order:
        if qid not in answers:
            return qid
    return None


def _ask_next(bundle: Bundle, session: Session, now: float, prefix: str = "") -> Step:
    qid = _next_unanswered(bundle, session.answers)
    if qid is None:
        return _finish(bundle, session)
    draft = session.noted.get(qid, ())
    session = session.model_copy(update={"status": "asking", "question": qid, "draft": draft})
    return session, [_question_reply(bundle, session, prefix)]


def _finish(bundle: Bundle, session: Session, prefix: str = "") -> Step:
    assessment = assess(bundle.triage, session.answers)
    session = session.model_copy(
        update={"status": "done", "question": None, "draft": (), "result_level": assessment.level}
    )
    return session, [ResultReply(bundle.result_view(session.locale, assessment), assessment, prefix)]


def _apply(bundle: Bundle, session: Session, qid: str, chosen: tuple[str, ...], now: float, prefix: str = "") -> Step:
    """Record an answer to the question being asked and move on."""
    question = bundle.dialog.questions[qid]
    answers = {**session.answers, qid: chosen}
    session = _touch(session, now, answers=answers, history=(*session.history, qid), draft=())
    if question.end_if_any and chosen:
        return _finish(bundle, session, prefix)
    if question.next == RESULT and _next_unanswered(bundle, answers) is None:
        return _finish(bundle, session, prefix)
    return _ask_next(bundle, session, now, prefix)


# -- buttons ---------------------------------------------------------------------------


def _button(bundle: Bundle, session: Session, event: Answer | Toggle | Submit) -> Step:
    m = _content(bundle, session).messages
    if session.status != "asking" or event.question != session.question:
        return session, [StaleReply(m.chat.expired_button)]
    qid = event.question
    question = bundle.dialog.questions[qid]
    allowed = bundle.dialog.option_ids(qid)
    if isinstance(event, Toggle):
        if event.option not in allowed or not question.multi:
            return session, [StaleReply(m.chat.expired_button)]
        draft = _toggled(session.draft, event.option, allowed)
        session = _touch(session, event.now, draft=draft)
        return session, [_question_reply(bundle, session, "")]
    chosen = session.draft if isinstance(event, Submit) else event.options
    if isinstance(event, Answer) and any(o not in allowed for o in chosen):
        return session, [StaleReply(m.chat.expired_button)]
    if not chosen or (NONE_OPTION in chosen and len(chosen) > 1):
        # Nothing ticked, or "none" with signs: ask again rather than assume "none".
        return session, [_question_reply(bundle, session, m.chat.ask_again_safety)]
    if not question.multi and len(chosen) != 1:
        return session, [_question_reply(bundle, session, m.chat.choose_one)]
    answer = () if chosen == (NONE_OPTION,) else tuple(o for o in question.options if o in chosen)
    return _apply(bundle, session, qid, answer, event.now)


def _toggled(draft: tuple[str, ...], option: str, allowed: tuple[str, ...]) -> tuple[str, ...]:
    if option in draft:
        return tuple(o for o in draft if o != option)
    if option == NONE_OPTION:
        return (NONE_OPTION,)
    return tuple(o for o in allowed if o in draft and o != NONE_OPTION or o == option)


# -- commands --------------------------------------------------------------------------


def _command(bundle: Bundle, session: Session, event: Command) -> Step:
    m = _content(bundle, session).messages
    if event.name == "help":
        if session.status == "asking":
            return session, [_question_reply(bundle, session, m.help)]
        return session, [_info(m.help)]
    if event.name == "restart":
        return _new_check(bundle, session, session.locale, session.nonce, event.now, m.chat.restarted)
    if event.name == "cancel":
        if session.status == "idle":
            return session, [_info(m.chat.not_started)]
        cancelled = _touch(session, event.now, status="cancelled", question=None, answers={}, history=(),
                           draft=(), result_level=None)
        return cancelled, [_info(m.chat.cancelled)]
    return _back(bundle, session, event)


def _back(bundle: Bundle, session: Session, event: Command) -> Step:
    m = _content(bundle, session).messages
    if session.status not in ("asking", "done"):
        return session, [_info(m.chat.not_started)]
    if not session.history:
        return session, [_question_reply(bundle, session, m.chat.nothing_to_go_back)]
    previous = session.history[-1]
    earlier = session.answers.get(previous, ())
    answers = {k: v for k, v in session.answers.items() if k != previous}
    draft = earlier if earlier or not bundle.dialog.questions[previous].multi else (NONE_OPTION,)
    session = _touch(session, event.now, status="asking", question=previous, answers=answers,
                     history=session.history[:-1], draft=draft, result_level=None)
    text = m.chat.back.format(answer=m.answer_summary(previous, earlier))
    return session, [_question_reply(bundle, session, text)]


# -- free text -------------------------------------------------------------------------


def _emergency_in(bundle: Bundle, session: Session, text: str, start: int) -> tuple[tuple[str, ...], bool]:
    """Emergency signs (and whether one may be meant) anywhere in `text` from `start` on,
    read slice by slice: a sign at the end of a very long message is never cut off."""
    understanding = _content(bundle, session).understanding
    signs: list[str] = []
    unsure = False
    for i in range(start, min(len(text), MAX_SCAN), MAX_TEXT):
        reading = understanding.interpret(None, text[i:i + MAX_TEXT])
        signs.extend(reading.emergency)
        unsure = unsure or reading.emergency_unsure
    order = bundle.dialog.questions[bundle.dialog.emergency_question].options
    return tuple(o for o in order if o in signs), unsure and not signs


def _text(bundle: Bundle, session: Session, event: Text) -> Step:
    m = _content(bundle, session).messages
    emergency = bundle.dialog.emergency_question
    full = event.text.replace("\x00", "")
    note = m.chat.too_long + "\n\n" if len(full) > MAX_TEXT else ""
    raw = full[:MAX_TEXT]
    if session.status == "done":
        signs, unsure = _emergency_in(bundle, session, full, 0)
        if signs:  # an emergency told after the result: a new, emergency result
            done = _touch(session, event.now, answers={**session.answers, emergency: signs})
            return _finish(bundle, done, (note + m.chat.emergency_detected).strip())
        if not unsure:
            return session, [_info(note + m.chat.done_already)]
    later_signs, later_unsure = _emergency_in(bundle, session, full, MAX_TEXT)
    if session.status != "asking":
        session, _ = step(bundle, session, Start(now=event.now, locale=session.locale, nonce=session.nonce))
    qid = session.question
    assert qid is not None
    understanding = _content(bundle, session).understanding
    reading = understanding.interpret(qid, raw)
    if later_signs or later_unsure:
        signs = tuple(dict.fromkeys((*reading.emergency, *later_signs)))
        reading = replace(reading, emergency=signs, emergency_unsure=not signs)
    if reading.emergency:
        answers = {**session.answers, emergency: reading.emergency}
        asked = (qid,) if qid == emergency else (qid, emergency)
        done = _touch(session, event.now, answers=answers, history=(*session.history, *asked))
        prefix = note + (m.chat.emergency_detected if qid != emergency else "")
        return _finish(bundle, done, prefix.strip())
    if reading.emergency_unsure and qid != emergency:
        answers = {k: v for k, v in session.answers.items() if k != emergency}
        history = tuple(h for h in session.history if h != emergency)
        moved = _touch(session, event.now, answers=answers, history=(*history, qid), question=emergency,
                       draft=())
        return moved, [_question_reply(bundle, moved, note + m.chat.ask_again_safety)]
    session, story_note = _fill_from_story(bundle, session, qid, reading.story, event.now)
    answer = reading.answer
    question = bundle.dialog.questions[qid]
    if answer is not None and (not question.multi and len(answer) != 1 or not set(answer) <= set(question.options)):
        answer = None  # never trust a reading that does not fit the question
    if answer is None:
        if qid == emergency:
            ask = m.chat.ask_again_safety
        else:
            ask = m.chat.not_understood.format(example=m.questions[qid].example)
        text = "\n\n".join(t for t in (note.strip(), story_note, ask) if t)
        return session, [_question_reply(bundle, session, text)]
    got = m.chat.got_it.format(answer=m.answer_summary(qid, answer))
    prefix = "\n\n".join(t for t in (note.strip(), story_note, got) if t)
    return _apply(bundle, session, qid, answer, event.now, prefix)


def _edit(bundle: Bundle, session: Session, event: Edit) -> Step:
    """An edited message: the check has moved on, so it is read only for emergency signs
    (then taken as a new message); otherwise the person is told edits are not read."""
    signs, unsure = _emergency_in(bundle, session, event.text, 0)
    if signs or unsure:
        return _text(bundle, session, Text(event.now, event.locale, event.text))
    return session, [_info(_content(bundle, session).messages.chat.edited)]


def _fill_from_story(
    bundle: Bundle, session: Session, asked: str, story: Mapping[str, tuple[str, ...]], now: float
) -> tuple[Session, str]:
    """Answers a message gave to questions not yet answered: filled in, or noted to confirm."""
    m = _content(bundle, session).messages
    answers = dict(session.answers)
    noted = dict(session.noted)
    said: list[str] = []
    for qid, chosen in story.items():
        question = bundle.dialog.questions[qid]
        if qid in answers or qid == asked or question.always_ask:
            continue
        if question.confirm_from_story:
            noted[qid] = chosen
        else:
            answers[qid] = chosen
        said.append(m.answer_summary(qid, chosen))
    if not said:
        return session, ""
    session = _touch(session, now, answers=answers, noted=noted)
    return session, m.chat.noted_from_story.format(answers=m.chat.separator.join(said))


def resume(bundle: Bundle, session: Session, text: str = "") -> Reply | None:
    """What the session shows now, again: the question it waits on, or its result (after a
    restart, or for an update delivered twice whose first reply may have been lost)."""
    if session.status == "done":
        return _finish(bundle, session)[1][0]
    if session.status != "asking" or session.question is None:
        return None
    return _question_reply(bundle, session, text)
