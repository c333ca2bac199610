"""The flow core: the few moves every event makes on a session (ask the next question,
record an answer, finish with a result), shared by the step function (bot/engine/machine.py)
and the free-text policy (bot/engine/free_text.py). No I/O, no clock."""

from __future__ import annotations

from collections.abc import Mapping

from bot.engine import language
from bot.engine.bundle import Bundle, LocaleContent
from bot.engine.dialog import RESULT
from bot.engine.events import Start
from bot.engine.narrowing import NO, UNSURE, YES
from bot.engine.replies import Option, QuestionReply, Reply, ResultReply
from bot.engine.session import Session
from bot.engine.triage import assess

Step = tuple[Session, list[Reply]]


def content(bundle: Bundle, session: Session) -> LocaleContent:
    return bundle.content(session.locale)


def parent(qid: str) -> str:
    """The question a narrowing question narrows ("emergency.cannot_walk" -> "emergency")."""
    return qid.split(".", 1)[0]


def touch(session: Session, now: float, **changes: object) -> Session:
    return session.model_copy(update={**changes, "version": session.version + 1, "updated_at": now})


def new_check(bundle: Bundle, old: Session, locale: str, nonce: str, now: float, prefix: str) -> Step:
    """A check from the first question; the version keeps growing, so old buttons stay stale."""
    fresh = Session(locale=locale, nonce=nonce, created_at=now, version=old.version, keyboard=old.keyboard,
                    chosen_locale=old.chosen_locale, fallback_noted=old.fallback_noted)
    return ask_next(bundle, touch(fresh, now), now, prefix=prefix)


def start(bundle: Bundle, session: Session, event: Start) -> Step:
    locale = language.locale_of(bundle, session, event.locale)
    m = bundle.content(locale).messages
    how = m.chat.answer_numbers if event.numbered else m.chat.answer_buttons  # no "tap" where nothing is tapped
    return new_check(bundle, session, locale, event.nonce, event.now, f"{m.greeting} {how}")


def question_reply(bundle: Bundle, session: Session, text: str) -> QuestionReply:
    """The question the session waits on, after `text`: a question of the dialog, or one of
    its narrower forms (dialogs/narrowing.yaml)."""
    qid = session.question
    assert qid is not None
    if "." in qid:
        return narrow_reply(bundle, session, text)
    m = content(bundle, session).messages
    question = bundle.dialog.questions[qid]
    options = tuple(Option(o, m.option_label(qid, o), m.button_label(qid, o)) for o in bundle.dialog.option_ids(qid))
    prompt = m.questions[qid].prompt
    listed = [f"• {o.label}" for o in options if o.short]  # what a short button stands for, in full
    if listed:
        prompt = "\n".join([prompt, *listed])
    return QuestionReply(
        text=f"{text}\n\n{prompt}" if text else prompt,
        question=qid,
        options=options,
        multi=question.multi,
        selected=session.draft,
        can_go_back=bool(session.history),
    )


def narrow_reply(bundle: Bundle, session: Session, prefix: str) -> QuestionReply:
    """A narrowing question: a yes/no on one option, or the options by number with "I'm not sure"."""
    nid = session.question
    assert nid is not None
    m = content(bundle, session).messages
    qid = parent(nid)
    question = bundle.dialog.questions[qid]
    prompt = m.narrowing.prompts[nid]
    if bundle.narrowing.option(nid) is None:
        options = tuple(Option(o, m.option_label(qid, o)) for o in bundle.dialog.option_ids(qid))
        options += (Option(UNSURE, m.narrowing.unsure_option),)
        lead = m.narrowing.choose_several if question.multi else m.narrowing.choose
        numbered = "\n".join(f"{i}. {o.label}" for i, o in enumerate(options, 1))
        text = join(prefix, lead, f"{prompt}\n{numbered}")
        return QuestionReply(text, nid, options, question.multi, session.draft if question.multi else (),
                             bool(session.history))
    options = (Option(YES, m.narrowing.yes), Option(NO, m.narrowing.no))
    return QuestionReply(join(prefix, prompt), nid, options, False, (), bool(session.history))


def join(*parts: str) -> str:
    """Notes and a question, one paragraph each."""
    return "\n\n".join(p.strip() for p in parts if p and p.strip())


def next_unanswered(bundle: Bundle, answers: Mapping[str, tuple[str, ...]]) -> str | None:
    for qid in bundle.order:
        if qid not in answers:
            return qid
    return None


def budget_left(bundle: Bundle, session: Session) -> bool:
    """Whether one more answer may go to the current question and still leave one for each
    question after it, within twice the number of questions (issue 11: no dead ends)."""
    current = parent(session.question or "")
    later = [q for q in bundle.order if q not in session.answers and q != current]
    return session.turns + 1 + len(later) <= 2 * len(bundle.order)


def ask_next(bundle: Bundle, session: Session, now: float, prefix: str = "") -> Step:
    qid = next_unanswered(bundle, session.answers)
    if qid is None:
        return finish(bundle, session, prefix)
    draft = session.noted.get(qid, ())
    session = session.model_copy(update={"status": "asking", "question": qid, "draft": draft})
    return session, [question_reply(bundle, session, prefix)]


def finish(bundle: Bundle, session: Session, prefix: str = "") -> Step:
    assessment = assess(bundle.triage, session.answers)
    session = session.model_copy(
        update={"status": "done", "question": None, "draft": (), "result_level": assessment.level}
    )
    return session, [ResultReply(bundle.result_view(session.locale, assessment), assessment, prefix)]


def apply(bundle: Bundle, session: Session, qid: str, chosen: tuple[str, ...], now: float, prefix: str = "") -> Step:
    """Record an answer to question `qid` and move on."""
    question = bundle.dialog.questions[qid]
    answers = {**session.answers, qid: chosen}
    session = touch(session, now, answers=answers, history=(*session.history, qid), draft=())
    if question.end_if_any and chosen:
        return finish(bundle, session, prefix)
    if question.next == RESULT and next_unanswered(bundle, answers) is None:
        return finish(bundle, session, prefix)
    return ask_next(bundle, session, now, prefix)


def result_again(bundle: Bundle, session: Session, prefix: str = "") -> ResultReply:
    reply = finish(bundle, session, prefix)[1][0]
    assert isinstance(reply, ResultReply)
    return reply
