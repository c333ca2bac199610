"""The step function: `(bundle, session, event) -> (session, replies)`. No I/O, no clock.

Buttons and commands are handled here; typed text by the free-text policy
(bot/engine/free_text.py); the moves both make (ask, record, finish) are the flow core
(bot/engine/flow.py).
"""

from __future__ import annotations

from bot.engine import flow, free_text, language
from bot.engine.bundle import Bundle
from bot.engine.dialog import NONE_OPTION
from bot.engine.events import Answer, Command, Edit, Event, Language, Start, Submit, Text, Toggle
from bot.engine.narrowing import UNSURE
from bot.engine.replies import NoteReply, Reply, StaleReply
from bot.engine.session import Session

Step = flow.Step
MAX_TEXT = free_text.MAX_TEXT  # characters of a message read for answers (the service clips to it)


def step(bundle: Bundle, session: Session, event: Event) -> Step:
    """Apply one event. Stale or invalid input leaves the session as it was; an accepted
    event adds exactly one to the version, however many moves it made (stores chain on it).
    A platform language we lack is answered in the default one, saying so once."""
    told, notice = language.fallback_notice(bundle, session, event)
    new, replies = _step(bundle, told, event)
    if notice and new.fallback_noted != told.fallback_noted:
        new = new.model_copy(update={"fallback_noted": told.fallback_noted})
    if new.version > session.version + 1:
        new = new.model_copy(update={"version": session.version + 1})
    return new, language.with_notice(replies, notice)


def _step(bundle: Bundle, session: Session, event: Event) -> Step:
    if isinstance(event, Start):
        return flow.start(bundle, session, event)
    locale = language.locale_of(bundle, session, event.locale)
    session = session.model_copy(update={"locale": locale}) if session.locale != locale else session
    if isinstance(event, Language):
        return _language(bundle, session, event)
    if isinstance(event, Command):
        return _command(bundle, session, event)
    if isinstance(event, Text):
        return free_text.text(bundle, session, event)
    if isinstance(event, Edit):
        return free_text.edit(bundle, session, event)
    return _button(bundle, session, event)


# -- buttons ---------------------------------------------------------------------------


def _button(bundle: Bundle, session: Session, event: Answer | Toggle | Submit) -> Step:
    m = flow.content(bundle, session).messages
    if session.status != "asking" or event.question != session.question:
        return session, [StaleReply(m.chat.expired_button)]
    qid = event.question
    narrowing = "." in qid
    question = bundle.dialog.questions[flow.parent(qid)]
    allowed = bundle.option_ids(qid)
    if isinstance(event, Toggle):
        if event.option not in allowed or not question.multi or bundle.narrowing.option(qid) is not None:
            return session, [StaleReply(m.chat.expired_button)]
        draft = _toggled(session.draft, event.option, allowed)
        session = flow.touch(session, event.now, draft=draft)
        return session, [flow.question_reply(bundle, session, "")]
    chosen = tuple(dict.fromkeys(session.draft if isinstance(event, Submit) else event.options))  # ("none", "none"): once
    if isinstance(event, Answer) and any(o not in allowed for o in chosen):
        return session, [StaleReply(m.chat.expired_button)]
    if isinstance(event, Answer) and question.multi and not narrowing and chosen == (NONE_OPTION,):
        chosen = tuple(dict.fromkeys((*session.draft, NONE_OPTION)))  # a one-tap "none" never drops ticks
    if not chosen:  # Done with nothing ticked: ask again rather than assume "none"
        return session, [flow.question_reply(bundle, session, m.chat.ask_again_safety)]
    if NONE_OPTION in chosen and len(chosen) > 1:
        return free_text.none_with_options(bundle, flow.touch(session, event.now), qid, tuple(chosen), event.now)
    if narrowing:
        return free_text.narrow_answer(bundle, flow.touch(session, event.now), tuple(chosen), event.now)
    if not question.multi and len(chosen) != 1:
        return session, [flow.question_reply(bundle, session, m.chat.choose_one)]
    answer = () if chosen == (NONE_OPTION,) else tuple(o for o in question.options if o in chosen)
    return flow.apply(bundle, session, qid, answer, event.now)


def _toggled(draft: tuple[str, ...], option: str, allowed: tuple[str, ...]) -> tuple[str, ...]:
    if option in draft:
        return tuple(o for o in draft if o != option)
    if option in (NONE_OPTION, UNSURE):
        return (option,)
    return tuple(o for o in allowed if o in draft and o not in (NONE_OPTION, UNSURE) or o == option)


# -- commands --------------------------------------------------------------------------


def _language(bundle: Bundle, session: Session, event: Language) -> Step:
    """/language: a mid-check switch keeps every answer and asks the same question again."""
    chosen, note = language.choose(bundle, session, event)
    if chosen is not session:
        chosen = flow.touch(chosen, event.now)
    if chosen.status == "asking":
        return chosen, [flow.question_reply(bundle, chosen, note)]
    return chosen, [NoteReply(note)]


def _command(bundle: Bundle, session: Session, event: Command) -> Step:
    m = flow.content(bundle, session).messages
    if event.name == "help":
        if session.status == "asking":
            return session, [flow.question_reply(bundle, session, m.help)]
        return session, [NoteReply(m.help)]
    if event.name == "restart":
        return flow.new_check(bundle, session, session.locale, session.nonce, event.now, m.chat.restarted)
    if event.name == "cancel":
        if session.status == "idle":
            return session, [NoteReply(m.chat.not_started)]
        cancelled = flow.touch(session, event.now, status="cancelled", question=None, answers={}, history=(),
                               draft=(), result_level=None)
        return cancelled, [NoteReply(m.chat.cancelled)]
    return _back(bundle, session, event)


def _back(bundle: Bundle, session: Session, event: Command) -> Step:
    m = flow.content(bundle, session).messages
    if session.status not in ("asking", "done"):
        return session, [NoteReply(m.chat.not_started)]
    if not session.history:
        return session, [flow.question_reply(bundle, session, m.chat.nothing_to_go_back)]
    previous = session.history[-1]
    earlier = session.answers.get(previous, ())
    answers = {k: v for k, v in session.answers.items() if k != previous}
    draft = earlier if earlier or not bundle.dialog.questions[previous].multi else (NONE_OPTION,)
    session = flow.touch(session, event.now, status="asking", question=previous, answers=answers,
                         history=session.history[:-1], draft=draft, result_level=None,
                         misses={k: v for k, v in session.misses.items() if k != previous})
    text = m.chat.back.format(answer=m.answer_summary(previous, earlier))
    return session, [flow.question_reply(bundle, session, text)]


def resume(bundle: Bundle, session: Session, text: str = "") -> Reply | None:
    """What the session shows now, again: the question it waits on, or its result (after a
    restart, or for an update delivered twice whose first reply may have been lost)."""
    if session.status == "done":
        return flow.result_again(bundle, session)
    if session.status != "asking" or session.question is None:
        return None
    return flow.question_reply(bundle, session, text)
