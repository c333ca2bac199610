"""Every locale has every key of English, the same placeholders, the article, and texts
that fit the platforms' limits; `twitchcheck check` names whatever a locale lacks."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from bot.catalog import CatalogError, load_bundle
from bot.engine import Bundle

ROOT = Path(__file__).resolve().parents[2]
TRANSLATED = ["es", "ru"]


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "dialogs", tmp_path / "dialogs")
    shutil.copytree(ROOT / "content", tmp_path / "content")
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    return tmp_path


def edit(path: Path, change: Callable[[dict], None]) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def problems(root: Path) -> list[str]:
    with pytest.raises(CatalogError) as info:
        load_bundle(root)
    return info.value.problems


def test_twitchcheck_check_names_each_key_a_locale_lacks(tree: Path) -> None:
    def drop(d: dict) -> None:
        del d["chat"]["menu"]["quick"]  # inside a mapping: only the key-by-key comparison sees it
        del d["result"]["why"]

    edit(tree / "content" / "ru" / "messages.yaml", drop)
    run = subprocess.run([sys.executable, "-m", "bot", "check", "--root", str(tree)], capture_output=True, timeout=60)
    assert run.returncode == 1
    err = run.stderr.decode()
    assert "error: content/ru/messages.yaml: chat.menu.quick: missing" in err
    assert "error: content/ru/messages.yaml: result.why: missing" in err
    assert err.count("result.why") == 1  # reported once, though the model and the tree both see it


def test_a_key_only_english_has_is_missing_in_every_other_locale(tree: Path) -> None:
    edit(tree / "content" / "en" / "messages.yaml", lambda d: d["chat"]["menu"].update(diary="Your diary"))
    assert problems(tree) == [f"content/{loc}/messages.yaml: chat.menu.diary: missing" for loc in TRANSLATED]


def test_a_lost_placeholder_is_an_error(tree: Path) -> None:
    edit(tree / "content" / "es" / "messages.yaml", lambda d: d["chat"].update(got_it="Entendido."))
    assert problems(tree) == ["content/es/messages.yaml: chat.got_it: placeholders differ (expected {answer})"]


def test_the_article_must_have_every_sentence(tree: Path) -> None:
    sentence = "Stress and anxiety can trigger muscle twitches."
    edit(tree / "content" / "es" / "article.yaml", lambda d: d["sentences"].pop(sentence))
    assert problems(tree) == [f"content/es/article.yaml: sentences: missing '{sentence}'"]


def test_a_rule_must_quote_the_article(tree: Path) -> None:
    edit(tree / "dialogs" / "triage.yaml",
         lambda d: d["rules"][1]["conditions"][0].update(source="Twitching is always fine."))
    assert problems(tree) == ["dialogs/triage.yaml: source 'Twitching is always fine.' is not a passage of "
                              "docs/source_article.txt"]


@pytest.mark.parametrize("locale", TRANSLATED)
def test_every_passage_the_rules_quote_is_translated(bundle: Bundle, locale: str) -> None:
    content = bundle.content(locale)
    sources = [c.source for r in bundle.triage.rules for c in r.conditions if c.source != "product-emergency-screen"]
    for source in [*sources, *bundle.triage.tips.sources.values()]:
        shown = content.passage(source)
        assert shown and shown != source
    assert bundle.content("en").passage(sources[0]) == sources[0]


@pytest.mark.parametrize("locale", ["en", *TRANSLATED])
def test_texts_fit_the_platforms_limits(bundle: Bundle, locale: str) -> None:
    m = bundle.content(locale).messages
    chat = m.chat
    discord_descriptions = [chat.slash_twitch, chat.slash_check, chat.slash_quick, chat.slash_forget,
                            chat.slash_privacy, chat.slash_help, chat.slash_public,
                            *(q.prompt for q in m.questions.values())]
    assert max(len(t) for t in discord_descriptions) <= 100  # slash and option descriptions
    assert max(len(label) for labels in m.options.values() for label in labels.values()) <= 100  # choices
    assert len(chat.type_title) <= 45 and len(chat.type_label) <= 45  # the "Type it" modal
    assert all(3 <= len(text) <= 256 for text in chat.menu.values())  # Telegram's command menu


@pytest.mark.parametrize(("locale", "shown"), [
    ("en", ["1 day", "2 days", "5 days", "21 days"]),
    ("es", ["1 día", "2 días", "5 días", "21 días"]),
    ("ru", ["1 день", "2 дня", "5 дней", "21 день"]),
])
def test_counts_take_the_plural_form_of_the_language(bundle: Bundle, locale: str, shown: list[str]) -> None:
    assert [bundle.content(locale).count("days", n) for n in (1, 2, 5, 21)] == shown


def test_a_plural_form_the_language_needs_is_an_error(tree: Path) -> None:
    edit(tree / "content" / "ru" / "messages.yaml", lambda d: d["counts"]["days"].pop("few"))
    assert problems(tree) == ["content/ru/messages.yaml: counts.days: missing the plural form(s) few"]
