"""Loading dialogs/ and content/ from disk into a Bundle, with errors naming file and key."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from bot.engine.article import ArticleTopics
from bot.engine.article import check as check_article
from bot.engine.article import check_text as check_article_text
from bot.engine.article_sentences import (
    TranslatedArticle,
    check_article_sentences,
    sentences,
    unquoted,
)
from bot.engine.bundle import (
    Bundle,
    LocaleContent,
    build_locale,
    check_triage_against_dialog,
    cross_check,
)
from bot.engine.content import Messages
from bot.engine.dialog import Dialog
from bot.engine.followup_rules import FollowupRules, check_followups
from bot.engine.followup_text import check_followup_text
from bot.engine.narrowing import NarrowingRules
from bot.engine.narrowing import check as check_narrowing
from bot.engine.narrowing import check_text as check_narrowing_text
from bot.engine.plurals import check_counts
from bot.engine.translation import REFERENCE_LOCALE, key_problems
from bot.engine.triage import TriageRules
from bot.understand import Vocabulary

ROOT = Path(__file__).resolve().parent.parent
DIALOG_FILE = "dialogs/twitch_check.yaml"
TRIAGE_FILE = "dialogs/triage.yaml"
FOLLOWUPS_FILE = "dialogs/followups.yaml"
NARROWING_FILE = "dialogs/narrowing.yaml"  # issue 11: narrower questions
ARTICLE_FILE = "dialogs/article.yaml"  # issue 11: questions back, answered from the article
SOURCE_ARTICLE = "docs/source_article.txt"
MESSAGES_FILE = "messages.yaml"
VOCABULARY_FILE = "vocabulary.yaml"
LOCALE_ARTICLE_FILE = "article.yaml"  # the article sentence by sentence: every locale but English
PRODUCT_SOURCE = "product-emergency-screen"  # a rule the product defines, not the article

M = TypeVar("M", bound=BaseModel)


class CatalogError(Exception):
    """Dialog or content files are invalid. `problems` holds one line per problem."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def _rel(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


# libyaml's safe loader when PyYAML has it (its wheels do): the same YAML, read ~8x faster,
# which is most of a cold start (issue 11 grew the vocabulary).
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read_yaml(path: Path, root: Path) -> Any:
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    except FileNotFoundError:
        raise CatalogError([f"{_rel(path, root)}: file not found"]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        problem = getattr(exc, "problem", None) or "not valid YAML"
        raise CatalogError([f"{_rel(path, root)}: invalid YAML{where}: {problem}"]) from None
    except UnicodeDecodeError:
        raise CatalogError([f"{_rel(path, root)}: not UTF-8 text"]) from None


def _model(model: type[M], path: Path, root: Path) -> M:
    data = _read_yaml(path, root)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        lines = []
        for err in exc.errors():
            key = ".".join(str(p) for p in err["loc"])
            msg = err["msg"]
            if err["type"] == "extra_forbidden":
                msg = "unknown key"
            elif err["type"] == "missing":
                msg = "missing"
            elif err["type"] == "value_error":
                msg = str(err.get("ctx", {}).get("error", msg))
            if not key and data is None:
                key, msg = "(whole file)", "empty; expected a mapping"
            lines.append(f"{_rel(path, root)}: {key}: {msg}" if key else f"{_rel(path, root)}: {msg}")
        raise CatalogError(lines) from None


def _quiet_yaml(path: Path) -> Any:
    """A file's YAML for comparing keys, or None (its loader reports why it cannot be read)."""
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    except (OSError, yaml.YAMLError, UnicodeDecodeError):
        return None


def _article_sentences(root: Path) -> list[str]:
    """The sentences of the English article (the shipped one when `root` has no docs/)."""
    path = root / SOURCE_ARTICLE
    if not path.is_file():
        path = ROOT / SOURCE_ARTICLE
    return sentences(path.read_text(encoding="utf-8"))


def load_bundle(root: Path = ROOT, default_locale: str = "en") -> Bundle:
    """Load and cross-check every data file; raise CatalogError listing all problems."""
    problems: list[str] = []

    def attempt(model: type[M], path: Path) -> M | None:
        try:
            return _model(model, path, root)
        except CatalogError as exc:
            problems.extend(exc.problems)
            return None

    dialog = attempt(Dialog, root / DIALOG_FILE)
    triage = attempt(TriageRules, root / TRIAGE_FILE)
    if dialog and triage:
        problems.extend(f"{TRIAGE_FILE}: {p}" for p in check_triage_against_dialog(dialog, triage))
    followups = attempt(FollowupRules, root / FOLLOWUPS_FILE)
    if dialog and triage and followups:
        problems.extend(f"{FOLLOWUPS_FILE}: {p}" for p in check_followups(followups, dialog, triage))
    narrowing = attempt(NarrowingRules, root / NARROWING_FILE)
    if dialog and narrowing:
        problems.extend(f"{NARROWING_FILE}: {p}" for p in check_narrowing(
            narrowing, {q: d.options for q, d in dialog.questions.items()},
            {q: d.multi for q, d in dialog.questions.items()}))
    article = attempt(ArticleTopics, root / ARTICLE_FILE)
    if article:
        source = root / SOURCE_ARTICLE
        if source.is_file():
            problems.extend(f"{ARTICLE_FILE}: {p}" for p in check_article(article, source.read_text(encoding="utf-8")))
        else:
            problems.append(f"{SOURCE_ARTICLE}: file not found (dialogs/article.yaml quotes it)")
    content_dir = root / "content"
    locale_dirs = sorted(p for p in content_dir.iterdir() if p.is_dir()) if content_dir.is_dir() else []
    if not locale_dirs:
        problems.append("content/: no locale folder (expected content/<locale>/)")
    english = _article_sentences(root)
    if triage:
        quoted = [c.source for r in triage.rules for c in r.conditions if c.source != PRODUCT_SOURCE]
        problems.extend(f"{TRIAGE_FILE}: source '{p}' is not a passage of {SOURCE_ARTICLE}"
                        for p in unquoted([*quoted, *triage.tips.sources.values()], english))
    reference = root / "content" / REFERENCE_LOCALE / MESSAGES_FILE
    locales: dict[str, LocaleContent] = {}
    for folder in locale_dirs:
        messages = attempt(Messages, folder / MESSAGES_FILE)
        vocabulary = attempt(Vocabulary, folder / VOCABULARY_FILE)
        translated: TranslatedArticle | None = None
        if folder.name != REFERENCE_LOCALE:
            if reference.is_file():
                lacking = key_problems(_quiet_yaml(reference), _quiet_yaml(folder / MESSAGES_FILE))
                problems.extend(f"{_rel(folder / MESSAGES_FILE, root)}: {p}" for p in lacking)
            translated = attempt(TranslatedArticle, folder / LOCALE_ARTICLE_FILE)
            if translated is None:
                continue
            problems.extend(f"{_rel(folder / LOCALE_ARTICLE_FILE, root)}: {p}"
                            for p in check_article_sentences(translated, english))
        if not (dialog and triage and messages and vocabulary):
            continue
        files = {"messages": folder / MESSAGES_FILE, "vocabulary": folder / VOCABULARY_FILE}
        found = cross_check(dialog, triage, messages, vocabulary)
        found += [("messages", p) for p in check_counts(folder.name, messages.counts)]
        if followups:
            found += [("messages", p) for p in check_followup_text(followups, messages.followups, set(messages.reasons))]
        if narrowing:
            found += [("messages", p) for p in check_narrowing_text(narrowing, messages.narrowing)]
        if article:
            found += check_article_text(article, messages.article, vocabulary.topics)
        problems.extend(f"{_rel(files[kind], root)}: {msg}" for kind, msg in found)
        if not found:
            locales[folder.name] = build_locale(dialog, messages, vocabulary,
                                                translated.sentences if translated else None, folder.name)
    problems = list(dict.fromkeys(problems))  # a key both the model and the tree check report
    if not problems and default_locale not in locales:
        problems.append(f"content/{default_locale}/: the default locale is missing")
    if problems:
        raise CatalogError(problems)
    assert dialog and triage and followups and narrowing and article
    return Bundle(dialog=dialog, triage=triage, locales=locales, default_locale=default_locale, followups=followups,
                  narrowing=narrowing, article=article)
