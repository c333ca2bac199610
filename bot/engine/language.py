"""Which language a check speaks: the one chosen with /language, else the platform's.

A language we lack falls back to the default one, and the person is told so once. The
choice lives in the session, so it survives a restart and a new check, in every channel.
"""

from __future__ import annotations

from dataclasses import replace

from babel import Locale, UnknownLocaleError

from bot.engine.bundle import Bundle
from bot.engine.events import Command, Event, Language, Start, Text
from bot.engine.replies import Reply, ResultReply
from bot.engine.session import Session

_TOLD_ON = (Start, Text, Command, Language)  # not on a button: its answer may be a short popup


def _base(code: str) -> str:
    return code.replace("_", "-").lower().split("-")[0]


def locale_of(bundle: Bundle, session: Session, platform: str) -> str:
    """The chosen language if we still have it, else the best match of the platform's."""
    if session.chosen_locale in bundle.locales:
        return session.chosen_locale
    return bundle.locale(platform)


def _unsupported(bundle: Bundle, platform: str) -> str:
    """The platform's language base ("de") when we lack it; "" when we have it or none was given."""
    if not platform or bundle.locale(platform) != bundle.default_locale:
        return ""
    base = _base(platform)
    return "" if base == _base(bundle.default_locale) or not base.isalpha() else base


def language_name(code: str, in_locale: str) -> str:
    """"German" for "de", in the language of `in_locale` (the code itself if unknown)."""
    try:
        name = Locale.parse(code).get_display_name(Locale.parse(in_locale))
    except (UnknownLocaleError, ValueError, TypeError):
        return code
    return name or code


def fallback_notice(bundle: Bundle, session: Session, event: Event) -> tuple[Session, str]:
    """The session (marked as told) and a note, the first time a language we lack is seen."""
    missing = _unsupported(bundle, event.locale)
    if not missing or session.chosen_locale or session.fallback_noted == missing or not isinstance(event, _TOLD_ON):
        return session, ""
    m = bundle.content(bundle.default_locale).messages
    note = m.chat.language_fallback.format(language=language_name(missing, bundle.default_locale))
    return session.model_copy(update={"fallback_noted": missing}), note


def with_notice(replies: list[Reply], notice: str) -> list[Reply]:
    """The notice above the first reply."""
    if not notice or not replies:
        return replies
    first = replies[0]
    if isinstance(first, ResultReply):
        first = replace(first, note=f"{notice}\n\n{first.note}" if first.note else notice)
    else:
        first = replace(first, text=f"{notice}\n\n{first.text}")
    return [first, *replies[1:]]


def choose(bundle: Bundle, session: Session, event: Language) -> tuple[Session, str]:
    """/language (the list) or /language <code>: the session in its new language and what to say."""
    listing = ", ".join(f"{content.messages.locale_name} ({code})" for code, content in sorted(bundle.locales.items()))
    m = bundle.content(session.locale).messages
    if not event.choice.strip():
        return session, m.chat.language_list.format(languages=listing)
    code = event.choice.strip().lower().replace("_", "-")
    known = code if code in bundle.locales else _base(code) if _base(code) in bundle.locales else ""
    if not known:
        return session, f"{m.chat.language_unknown} {m.chat.language_list.format(languages=listing)}"
    session = session.model_copy(update={"chosen_locale": known, "locale": known})
    return session, bundle.content(known).messages.chat.language_set



