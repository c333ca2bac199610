"""The medical article in each locale: docs/source_article.txt sentence by sentence.

A locale's content/<locale>/article.yaml maps every English sentence of the article to
its translation, so any passage the rules (or answers) quote can be shown in the user's
language, and a changed article shows up at load as sentences missing or left over.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from pydantic import BaseModel, ConfigDict, Field

# A sentence ends at . ? ! followed by a capital; every line of the article is a paragraph
# or a heading.
_SENTENCE_END = re.compile(r"(?<=[.?!])\s+(?=[A-Z])")


class TranslatedArticle(BaseModel):
    """content/<locale>/article.yaml: English sentence -> the same sentence in this locale."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    sentences: dict[str, str] = Field(min_length=1)


def sentences(text: str) -> list[str]:
    """The sentences (and headings) of a text, in order."""
    out: list[str] = []
    for line in text.splitlines():
        if line := line.strip():
            out.extend(s.strip() for s in _SENTENCE_END.split(line) if s.strip())
    return out


def check_article_sentences(article: TranslatedArticle, english: Iterable[str]) -> list[str]:
    """"sentences.<sentence>: problem" for every sentence missing, left over or empty."""
    wanted = list(english)
    errors = [f"sentences: missing '{s}'" for s in wanted if s not in article.sentences]
    known = set(wanted)
    errors += [f"sentences: '{s}' is not a sentence of the article" for s in article.sentences if s not in known]
    errors += [f"sentences: '{s}': empty translation" for s, t in article.sentences.items() if not t.strip()]
    return errors


def unquoted(passages: Iterable[str], english: Iterable[str]) -> list[str]:
    """Quoted passages that are not whole sentences of the article."""
    known = set(english)
    return [p for p in passages if not all(s in known for s in sentences(p))]


def translate(passage: str, by_sentence: Mapping[str, str]) -> str:
    """A passage of the English article in a locale (unchanged where no translation is known:
    the default locale has none)."""
    return " ".join(by_sentence.get(s, s) for s in sentences(passage))
