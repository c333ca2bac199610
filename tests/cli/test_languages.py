"""The console speaks the terminal's language (LANG) or --locale's, and /language switches."""

from __future__ import annotations

import json

from bot.catalog import load_bundle
from tests.cli.test_cli import run

BUNDLE = load_bundle()


def first_texts(out: bytes) -> list[str]:
    return [json.loads(line)["text"] for line in out.decode().splitlines() if line.strip()]


def test_lang_picks_the_language_and_locale_wins_over_it(tmp_path) -> None:
    es, ru = BUNDLE.content("es").messages, BUNDLE.content("ru").messages
    by_lang = run("chat", "--jsonl", stdin="", cwd=tmp_path, env={"LANG": "es_ES.UTF-8"})
    assert first_texts(by_lang.stdout)[0].startswith(es.greeting)
    by_flag = run("chat", "--jsonl", "--locale", "ru", stdin="", cwd=tmp_path, env={"LANG": "es_ES.UTF-8"})
    assert first_texts(by_flag.stdout)[0].startswith(ru.greeting)


def test_a_language_we_lack_is_english_with_a_note_and_language_switches(tmp_path) -> None:
    en, ru = BUNDLE.content("en").messages, BUNDLE.content("ru").messages
    out = run("chat", "--jsonl", stdin="/language ru\nнет\n", cwd=tmp_path, env={"LANG": "de_DE.UTF-8"})
    texts = first_texts(out.stdout)
    assert texts[0].startswith(en.chat.language_fallback.format(language="German"))
    assert texts[1].startswith(ru.chat.language_set) and ru.questions["emergency"].prompt in texts[1]
    assert ru.questions["frequency"].prompt in texts[2]
