"""The free-text policy: what a typed message does to a check.

Kept apart from the step/flow core (bot/engine/flow.py), as h11 keeps its state rules in one
place: the emergency screen read in every message, a story filling only what it states,
questions back answered from the article, and no dead ends: a question missed twice is put
in a narrower form (bot/engine/narrowing.py, dialogs/narrowing.yaml), "not sure" takes the
careful route, and the whole check uses at most twice as many answers as it has questions.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from bot.engine import article, flow
from bot.engine.bundle import Bundle
from bot.engine.dialog import NONE_OPTION
from bot.engine.events import Edit, Start, Text
from bot.engine.narrowing import NO, UNSURE, YES
from bot.engine.replies import NoteReply
from bot.engine.session import Session
from bot.understand import MAX_CHARS, Interpretation

MAX_TEXT = MAX_CHARS  # characters read for answers; emergency signs are looked for further
MAX_SCAN = 10_000

Step = flow.Step
_join = flow.join


def emergency_in(bundle: Bundle, session: Session, text: str, start: int, now: float) -> tuple[tuple[str, ...], bool]:
    """Emergency signs (and whether one may be meant) anywhere in `text` from `start` on,
    read slice by slice: a sign at the end of a very long message is never cut off."""
    understanding = flow.content(bundle, session).understanding
    signs: list[str] = []
    unsure = False
    for i in range(start, min(len(text), MAX_SCAN), MAX_TEXT):
        reading = understanding.interpret(None, text[i:i + MAX_TEXT], now=now)
        signs.extend(reading.emergency)
        unsure = unsure or reading.emergency_unsure
    order = bundle.dialog.questions[bundle.dialog.emergency_question].options
    return tuple(o for o in order if o in signs), unsure and not signs


def text(bundle: Bundle, session: Session, event: Text) -> Step:
    m = flow.content(bundle, session).messages
    understanding = flow.content(bundle, session).understanding
    emergency = bundle.dialog.emergency_question
    full = event.text.replace("\x00", "")
    note = m.chat.too_long if len(full) > MAX_TEXT else ""
    raw = full[:MAX_TEXT]
    if session.status == "done":
        return _after_result(bundle, session, event, full, note)
    later_signs, later_unsure = emergency_in(bundle, session, full, MAX_TEXT, event.now)
    if session.status != "asking":
        session, _ = flow.start(bundle, session, Start(now=event.now, locale=session.locale, nonce=session.nonce))
    qid = session.question
    assert qid is not None
    parent = flow.parent(qid)
    reading = understanding.interpret(parent, raw, now=event.now)
    if later_signs or later_unsure:
        signs = tuple(dict.fromkeys((*reading.emergency, *later_signs)))
        reading = replace(reading, emergency=signs, emergency_unsure=not signs)
    if reading.emergency:
        answers = {**session.answers, emergency: reading.emergency}
        asked = (parent,) if parent == emergency else (parent, emergency)
        done = flow.touch(session, event.now, answers=answers, history=(*session.history, *asked))
        prefix = _join(note, m.chat.emergency_detected if parent != emergency else "")
        return flow.finish(bundle, done, prefix)
    if reading.emergency_unsure and parent != emergency and not _screened(bundle, session):
        session, got = _keep_answer(bundle, session, qid, reading, event.now)
        return _ask_emergency_again(bundle, session, event.now, _join(note, got), reading.emergency_maybe)
    topics = understanding.topics(raw)
    if not topics or reading.answer is not None:  # a question back is no answer: it spends no turn
        session = flow.touch(session, event.now, turns=session.turns + 1)
    told = _article(bundle, session, topics)
    if "." in qid:
        return _narrow_text(bundle, session, qid, raw, reading, _join(note, told), event.now)
    session, story_note = _fill_from_story(bundle, session, qid, reading.story, event.now)
    answer = _with_noted(bundle, session, qid, _fits(bundle, qid, reading.answer))
    prefix = _join(note, told, story_note)
    if answer is not None:
        got = m.chat.got_it.format(answer=m.answer_summary(qid, answer))
        return flow.apply(bundle, session, qid, answer, event.now, _join(prefix, got))
    return _missed(bundle, session, qid, raw, prefix, event.now, asked_back=bool(topics),
                   maybe_sign=reading.emergency_unsure)


def edit(bundle: Bundle, session: Session, event: Edit) -> Step:
    """An edited message: the check has moved on, so it is read only for emergency signs
    (then taken as a new message); otherwise the person is told edits are not read."""
    signs, unsure = emergency_in(bundle, session, event.text, 0, event.now)
    if signs or unsure:
        return text(bundle, session, Text(event.now, event.locale, event.text))
    return session, [NoteReply(flow.content(bundle, session).messages.chat.edited)]


# -- after a result --------------------------------------------------------------------


def _after_result(bundle: Bundle, session: Session, event: Text, full: str, note: str) -> Step:
    m = flow.content(bundle, session).messages
    understanding = flow.content(bundle, session).understanding
    emergency = bundle.dialog.emergency_question
    signs, unsure = emergency_in(bundle, session, full, 0, event.now)
    if signs:  # an emergency told after the result: a new, emergency result
        done = flow.touch(session, event.now, answers={**session.answers, emergency: signs})
        return flow.finish(bundle, done, _join(note, m.chat.emergency_detected))
    if unsure and not _screened(bundle, session):
        moved = flow.touch(session, event.now, status="asking", result_level=None)
        return _ask_emergency_again(bundle, moved, event.now, note)
    raw = full[:MAX_TEXT]
    if session.result_level == bundle.triage.emergency_level and understanding.scared(raw):
        return session, [NoteReply(_join(note, m.chat.scared_emergency))]
    told = _article(bundle, session, understanding.topics(raw))
    if told:
        return session, [NoteReply(_join(note, told))]
    if understanding.asks(raw):
        return session, [flow.result_again(bundle, session, _join(note, m.chat.result_again))]
    return session, [NoteReply(_join(note, m.chat.done_already))]


# -- questions back ----------------------------------------------------------------------


def _article(bundle: Bundle, session: Session, topics: tuple[str, ...]) -> str:
    """The article's answers to the topics asked about, each with its passage."""
    content = flow.content(bundle, session)
    m = content.messages
    parts = []
    for topic in topics:
        part = m.article.topics[topic]
        passage = article.passage(bundle.article, topic)
        if passage:
            passage = content.passage(passage)  # in the locale's language (content/<locale>/article.yaml)
            part += f"\n{m.article.from_article} “{passage}”"
        parts.append(part)
    return "\n\n".join(parts)


# -- misses and narrowing ------------------------------------------------------------------


def none_with_options(bundle: Bundle, session: Session, qid: str, chosen: tuple[str, ...], now: float) -> Step:
    """"None of these" chosen together with options (a select, ticks then a one-tap "none",
    "1,4"). Never resolved toward "none": the emergency signs chosen are put one by one as
    yes/no questions (a yes or "not sure" ends the check at the emergency result, a no to each
    means none); for any other question the options chosen hold (the careful reading)."""
    m = flow.content(bundle, session).messages
    question = bundle.dialog.questions[flow.parent(qid)]
    options = tuple(o for o in question.options if o in chosen)
    if qid != bundle.dialog.emergency_question:
        got = m.chat.got_it.format(answer=m.answer_summary(flow.parent(qid), options))
        if "." in qid:
            return narrow_answer(bundle, session, options, now)
        return flow.apply(bundle, session, qid, options, now, got)
    session = session.model_copy(update={"question": qid, "draft": ()})  # the signs go into the narrowing draft
    at = session.model_copy(update={"question": f"{qid}.{options[0]}", "draft": options})
    if not flow.budget_left(bundle, at):
        return flow.apply(bundle, session, qid, options, now, m.narrowing.none_and_signs)
    return at, [flow.narrow_reply(bundle, at, m.narrowing.none_and_signs)]


def _missed(bundle: Bundle, session: Session, qid: str, raw: str, prefix: str, now: float,
            asked_back: bool, maybe_sign: bool) -> Step:
    """A message that did not answer `qid`: put it again once; then narrower; "not sure"
    takes the careful route at once."""
    m = flow.content(bundle, session).messages
    understanding = flow.content(bundle, session).understanding
    rules = bundle.narrowing
    misses = session.misses.get(qid, 0) + 1
    session = flow.touch(session, now, misses={**session.misses, qid: misses})
    emergency = qid == bundle.dialog.emergency_question
    unsure = (not asked_back and understanding.yes_no(raw) == UNSURE) or (emergency and maybe_sign)
    if unsure:
        if emergency:  # gone through sign by sign: a vague mention later does not open them again
            session = session.model_copy(update={"misses": {**session.misses, qid: max(misses, rules.misses)}})
            return _put_narrow(bundle, session, rules.narrow(qid), _join(prefix, m.narrowing.in_doubt), now)
        return _unsure(bundle, session, qid, prefix, now)
    if misses < rules.misses:
        if emergency:
            ask = m.chat.ask_again_safety
        elif asked_back:
            ask = m.article.again
        else:
            ask = m.chat.not_understood.format(example=m.questions[qid].example)
        return session, [flow.question_reply(bundle, session, _join(prefix, ask))]
    lead = m.narrowing.in_doubt if emergency else ""
    return _put_narrow(bundle, session, rules.narrow(qid), _join(prefix, lead), now)


def _unsure(bundle: Bundle, session: Session, qid: str, prefix: str, now: float) -> Step:
    """"Not sure": a yes/no that leans to the careful answer, or the answer left unknown."""
    m = flow.content(bundle, session).messages
    route = bundle.narrowing.unsure_route(qid)
    if route is None:
        kept = _with_noted(bundle, session, qid, ()) or ()
        return flow.apply(bundle, session, qid, kept, now, _join(prefix, m.narrowing.left_unknown))
    lead = m.narrowing.one_at_a_time if flow.budget_left(bundle, session) else ""
    return _put_narrow(bundle, session, route, _join(prefix, lead), now)


def _put_narrow(bundle: Bundle, session: Session, nid: str, prefix: str, now: float) -> Step:
    """Put narrowing question `nid`, or, when the check has no answers left to spend on it,
    take the careful answer now (a check ends within twice its number of questions)."""
    if not flow.budget_left(bundle, session):
        return _careful(bundle, session, nid, prefix, now)
    keep = session.draft if "." in (session.question or "") and flow.parent(session.question or "") == flow.parent(nid) else ()
    session = session.model_copy(update={"question": nid, "draft": keep})
    return session, [flow.narrow_reply(bundle, session, prefix)]


def _narrow_text(bundle: Bundle, session: Session, nid: str, raw: str, reading: Interpretation,
                 prefix: str, now: float) -> Step:
    understanding = flow.content(bundle, session).understanding
    parent = flow.parent(nid)
    option = bundle.narrowing.option(nid)
    if option is None:
        ids = (*bundle.dialog.option_ids(parent), UNSURE)
        numbered = _by_number(raw, ids, bundle.dialog.questions[parent].multi)
        if numbered is not None:
            return narrow_answer(bundle, session, numbered, now, prefix)
        chosen = understanding.exact(parent, raw) or reading.answer
        if chosen is None:
            said = understanding.yes_no(raw)
            chosen_ids: tuple[str, ...] = (UNSURE,) if said in (UNSURE, None) else ()
        else:
            chosen_ids = chosen or (NONE_OPTION,)
        return narrow_answer(bundle, session, chosen_ids, now, prefix)
    said = understanding.yes_no(raw)
    if said is None:  # "my leg is weak" to "is it weaker?": the answer named
        if reading.answer is not None:
            said = YES if option in reading.answer else NO
        else:
            said = UNSURE
    return narrow_answer(bundle, session, (said,), now, prefix)


def narrow_answer(bundle: Bundle, session: Session, chosen: tuple[str, ...], now: float, prefix: str = "") -> Step:
    """An answer to the narrowing question being asked (typed or pressed)."""
    m = flow.content(bundle, session).messages
    nid = session.question
    assert nid is not None
    parent = flow.parent(nid)
    rules = bundle.narrowing
    option = rules.option(nid)
    emergency = parent == bundle.dialog.emergency_question
    if option is None:  # the numbered form
        if UNSURE in chosen or not chosen:
            return _unsure(bundle, session, parent, prefix, now)
        answer = tuple(o for o in bundle.dialog.questions[parent].options if o in chosen)  # "none" with them: they hold
        answer = _with_noted(bundle, session, parent, answer) or ()
        got = m.chat.got_it.format(answer=m.answer_summary(parent, answer))
        return flow.apply(bundle, session, parent, answer, now, _join(prefix, got))
    said = chosen[0] if chosen else UNSURE
    if said == UNSURE:
        prefix = _join(prefix, m.narrowing.taken_as_yes)
        said = YES
    if emergency:
        if said == YES:
            return flow.apply(bundle, session, parent, (option,), now, prefix)
        nxt = rules.after(nid, among=session.draft)
        if nxt is None:
            got = m.chat.got_it.format(answer=m.answer_summary(parent, ()))
            return flow.apply(bundle, session, parent, (), now, _join(prefix, got))
        return _put_narrow(bundle, session, nxt, prefix, now)
    unsure = bundle.narrowing.questions[parent].unsure
    if unsure.ask == option:  # "more than two weeks?": yes = the option, no = `no`
        answer = (option,) if said == YES else ((unsure.no,) if unsure.no else ())
        got = m.chat.got_it.format(answer=m.answer_summary(parent, answer))
        return flow.apply(bundle, session, parent, answer, now, _join(prefix, got))
    draft = tuple(o for o in unsure.each if o in session.draft or (o == option and said == YES)
                  or o in session.noted.get(parent, ()))
    session = session.model_copy(update={"draft": draft})
    nxt = rules.after(nid)
    if nxt is None:
        got = m.chat.got_it.format(answer=m.answer_summary(parent, draft))
        return flow.apply(bundle, session, parent, draft, now, _join(prefix, got))
    return _put_narrow(bundle, session, nxt, prefix, now)


def _careful(bundle: Bundle, session: Session, nid: str, prefix: str, now: float) -> Step:
    """No answers left to spend (a check ends within twice its questions): `nid` is not put
    but taken as a "yes", and the person is told which question that was. A sequence of
    yes/no questions stops there; the numbered form takes its "not sure" route."""
    m = flow.content(bundle, session).messages
    rules = bundle.narrowing
    option = rules.option(nid)
    parent = flow.parent(nid)
    at = session.model_copy(update={"question": nid})
    if option is None:
        return _unsure(bundle, at, parent, prefix, now)
    note = _join(prefix, m.narrowing.budget_taken.format(question=m.narrowing.prompts[nid]))
    each = rules.questions[parent].unsure.each
    if option in each:  # several choice: what was said yes to, and this one
        answer = tuple(o for o in each if o in session.draft or o == option or o in session.noted.get(parent, ()))
        got = m.chat.got_it.format(answer=m.answer_summary(parent, answer))
        return flow.apply(bundle, at, parent, answer, now, _join(note, got))
    return narrow_answer(bundle, at, (YES,), now, note)


def _keep_answer(bundle: Bundle, session: Session, qid: str, reading: Interpretation, now: float) -> tuple[Session, str]:
    """The answer a message gave to the question asked, kept while a sign it may have told is
    asked about (the question is not put again for it)."""
    answer = _with_noted(bundle, session, qid, _fits(bundle, qid, reading.answer)) if "." not in qid else None
    if answer is None or qid == bundle.dialog.emergency_question:
        return session, ""
    m = flow.content(bundle, session).messages
    kept = flow.touch(session, now, answers={**session.answers, qid: answer})
    return kept, m.chat.got_it.format(answer=m.answer_summary(qid, answer))


def _ask_emergency_again(bundle: Bundle, session: Session, now: float, note: str,
                         maybe: tuple[str, ...] = ()) -> Step:
    """A message that may describe an emergency sign: the emergency question again, at once
    in its narrower form when it was put before (never the same way a third time). When the
    signs were answered already and the words point at some of them ("my knee gives out"),
    only those are asked about, one yes/no each."""
    m = flow.content(bundle, session).messages
    emergency = bundle.dialog.emergency_question
    current = session.question if session.status == "asking" else None
    answered = emergency in session.answers
    answers = {k: v for k, v in session.answers.items() if k != emergency}
    history = tuple(h for h in session.history if h != emergency)
    if current and "." not in current and current != emergency:
        history = (*history, current)
    moved = flow.touch(session, now, answers=answers, history=history, question=emergency, draft=(),
                       status="asking")
    if maybe and answered:
        moved = moved.model_copy(update={"misses": {**moved.misses, emergency: bundle.narrowing.misses}})
        nid = f"{emergency}.{maybe[0]}"
        if not flow.budget_left(bundle, moved):
            return _careful(bundle, moved.model_copy(update={"draft": maybe}), nid, _join(note, m.narrowing.maybe_sign), now)
        moved = moved.model_copy(update={"question": nid, "draft": maybe})
        return moved, [flow.narrow_reply(bundle, moved, _join(note, m.narrowing.maybe_sign))]
    if moved.misses.get(emergency, 0) + 1 >= bundle.narrowing.misses:
        moved = moved.model_copy(update={"misses": {**moved.misses, emergency: bundle.narrowing.misses}})
        return _put_narrow(bundle, moved, bundle.narrowing.narrow(emergency), _join(note, m.narrowing.in_doubt), now)
    moved = moved.model_copy(update={"misses": {**moved.misses, emergency: moved.misses.get(emergency, 0) + 1}})
    return moved, [flow.question_reply(bundle, moved, _join(note, m.chat.ask_again_safety))]


def _screened(bundle: Bundle, session: Session) -> bool:
    """The emergency signs were gone through one by one already: a vague mention does not
    open them again (a clear sign still ends the check)."""
    emergency = bundle.dialog.emergency_question
    return emergency in session.answers and session.misses.get(emergency, 0) >= bundle.narrowing.misses


# -- stories -----------------------------------------------------------------------------


def _fill_from_story(
    bundle: Bundle, session: Session, asked: str, story: Mapping[str, tuple[str, ...]], now: float
) -> tuple[Session, str]:
    """Answers a message gave to questions not yet answered, each listed back to the person."""
    m = flow.content(bundle, session).messages
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
        said.append(m.chat.noted_line.format(question=m.questions[qid].short, answer=m.answer_summary(qid, chosen)))
    if not said:
        return session, ""
    session = flow.touch(session, now, answers=answers, noted=noted)
    return session, "\n".join([m.chat.noted_from_story, *said])


def _with_noted(bundle: Bundle, session: Session, qid: str, answer: tuple[str, ...] | None) -> tuple[str, ...] | None:
    """A typed answer to a question a story already answered in part (confirm_from_story):
    what the story said stays ("nothing else" after a story of pain is still pain)."""
    noted = session.noted.get(qid, ())
    if answer is None or not noted:
        return answer
    return tuple(o for o in bundle.dialog.questions[qid].options if o in noted or o in answer)


def _fits(bundle: Bundle, qid: str, answer: tuple[str, ...] | None) -> tuple[str, ...] | None:
    """Never trust a reading that does not fit the question."""
    question = bundle.dialog.questions[qid]
    if answer is None or (not question.multi and len(answer) != 1) or not set(answer) <= set(question.options):
        return None
    return answer


def _by_number(raw: str, ids: tuple[str, ...], multi: bool) -> tuple[str, ...] | None:
    """"2" or "1, 3": options by the numbers they were shown with."""
    parts = [p for p in raw.replace(",", " ").replace("+", " ").split() if p]
    if not parts or not all(p.isdigit() for p in parts) or (len(parts) > 1 and not multi):
        return None
    if not all(1 <= int(p) <= len(ids) for p in parts):
        return None
    return tuple(dict.fromkeys(ids[int(p) - 1] for p in parts))

