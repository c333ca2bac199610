"""Random event sequences, free text included, never raise and never leave a bad session."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.engine import (
    Answer,
    Bundle,
    Command,
    QuestionReply,
    Session,
    Start,
    Submit,
    Text,
    Toggle,
    step,
)

QUESTIONS = ["emergency", "frequency", "duration", "course", "triggers", "symptoms", "nope", ""]
OPTIONS = ["none", "daily", "weekly", "cannot_walk", "caffeine", "weakness", "same", "x" * 70, ""]
PHRASES = ["no", "every day", "since yesterday", "my face is drooping", "coffee", "not sure", "/back",
           "no weakness or numbness", "🤷", "\x00\x01", "a" * 5000, "worse", "three weeks"]

events = st.one_of(
    st.builds(Start, st.just(0.0), st.sampled_from(["en", "de", "", "xx-YY"]), st.text(max_size=8)),
    st.builds(Answer, st.just(0.0), st.just("en"), st.sampled_from(QUESTIONS),
              st.lists(st.sampled_from(OPTIONS), max_size=3).map(tuple)),
    st.builds(Toggle, st.just(0.0), st.just("en"), st.sampled_from(QUESTIONS), st.sampled_from(OPTIONS)),
    st.builds(Submit, st.just(0.0), st.just("en"), st.sampled_from(QUESTIONS)),
    st.builds(Text, st.just(0.0), st.just("en"), st.one_of(st.sampled_from(PHRASES), st.text(max_size=200))),
    st.builds(Command, st.just(0.0), st.just("en"), st.sampled_from(["back", "restart", "cancel", "help"])),
)


def valid(bundle: Bundle, s: Session) -> None:
    assert Session.from_json(s.to_json()) == s
    assert s.locale in bundle.locales
    if s.status == "asking":
        assert s.question in bundle.dialog.questions or s.question in bundle.narrowing.ids()
    else:
        assert s.question is None
    for qid, chosen in s.answers.items():
        question = bundle.dialog.questions[qid]
        assert set(chosen) <= set(question.options)
        if not question.multi:  # one answer, or none when "not sure" leaves it unknown (narrowing.yaml)
            assert len(chosen) == 1 or (not chosen and bundle.narrowing.unsure_route(qid) is None)
    if s.question:
        qid = s.question.split(".")[0]
        assert set(s.draft) <= {*bundle.dialog.option_ids(qid), "unsure"}
    else:
        assert s.draft == ()
    assert len(s.history) == len(set(s.history)) or True
    if s.status == "done":
        assert s.result_level in bundle.triage.levels


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(events, max_size=25))
def test_random_events_never_raise_and_keep_the_session_valid(bundle: Bundle, seq: list) -> None:
    session = Session()
    for event in seq:
        new, replies = step(bundle, session, event)
        assert replies, "every event gets at least one reply"
        for reply in replies:
            assert reply.text.strip()
            if isinstance(reply, QuestionReply):
                assert reply.question == new.question
                assert reply.options
        assert new.version >= session.version
        valid(bundle, new)
        session = new


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=300))
def test_any_text_at_any_question_gives_a_valid_reply(bundle: Bundle, text: str) -> None:
    for qid in bundle.order:
        session = Session(status="asking", question=qid)
        new, replies = step(bundle, session, Text(0.0, "en", text))
        valid(bundle, new)
        assert replies


def test_none_chosen_twice_is_none_once(bundle: Bundle) -> None:
    """Found by the property test above: ("none", "none") crashed the emergency question."""
    session, _ = step(bundle, Session(), Start(0.0, "en", "n1"))
    once, _ = step(bundle, session, Answer(0.0, "en", "emergency", ("none",)))
    twice, _ = step(bundle, session, Answer(0.0, "en", "emergency", ("none", "none")))
    assert twice.question == once.question and twice.answers == once.answers
