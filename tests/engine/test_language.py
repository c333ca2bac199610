"""The language of a check: the platform's, or the one chosen with /language (kept in the
session); a language we lack falls back to English and says so once."""

from __future__ import annotations

from bot.engine import Bundle, Language, QuestionReply
from tests.engine.drive import Driver


def test_the_platform_language_picks_the_content(bundle: Bundle) -> None:
    for code, locale in (("es", "es"), ("es-419", "es"), ("ru", "ru"), ("en-GB", "en")):
        d = Driver(bundle, code)
        assert d.start().text.startswith(bundle.content(locale).messages.greeting)
        assert d.session.locale == locale


def test_a_language_we_lack_falls_back_to_english_and_says_so_once(bundle: Bundle) -> None:
    m = bundle.content("en").messages
    d = Driver(bundle, "de-DE")
    first = d.start()
    assert first.text.startswith(m.chat.language_fallback.format(language="German"))
    assert m.greeting in first.text
    assert not d.say("no").text.startswith(m.chat.language_fallback[:20])
    assert not d.start("n2").text.startswith(m.chat.language_fallback[:20])  # a new check: not again


def test_language_switches_mid_check_without_losing_answers(bundle: Bundle) -> None:
    d = Driver(bundle, "en")
    d.start()
    d.say("none of these")
    d.say("every day")
    answers, version = dict(d.session.answers), d.session.version
    reply = d._go(Language(d.now, "en", "ru"))
    ru = bundle.content("ru").messages
    assert isinstance(reply, QuestionReply) and reply.question == "duration"
    assert reply.text.startswith(ru.chat.language_set) and ru.questions["duration"].prompt in reply.text
    assert [o.label for o in reply.options] == list(ru.options["duration"].values())
    assert d.session.answers == answers and d.session.version > version  # old buttons are stale
    # The platform still says English: the choice wins, and is read in Russian.
    assert d.say("дней десять").text.startswith(ru.chat.got_it.format(answer=ru.options["duration"]["1_to_2_weeks"]))
    assert d.start("n2").text.startswith(ru.greeting)  # remembered for the next check


def test_language_lists_the_languages_and_refuses_an_unknown_one(bundle: Bundle) -> None:
    d = Driver(bundle, "es")
    d.start()
    listed = d._go(Language(d.now, "es", ""))
    assert "English (en), Español (es), Русский (ru)" in listed.text
    unknown = d._go(Language(d.now, "es", "xx"))
    assert unknown.text.startswith(bundle.content("es").messages.chat.language_unknown)
    assert d.session.locale == "es" and d.session.chosen_locale == ""
