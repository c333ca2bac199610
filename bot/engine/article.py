"""Questions back to the bot (dialogs/article.yaml): each topic quotes its passage of
docs/source_article.txt, or names the product's own emergency screen."""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import BaseModel, ConfigDict

PRODUCT = "product-emergency-screen"


class ArticleTopics(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    topics: dict[str, str]  # topic id -> the passage it is answered from (or PRODUCT)


def _flat(text: str) -> str:
    return " ".join(text.split())


def check(topics: ArticleTopics, article: str) -> list[str]:
    """Key paths whose passage is not, word for word, in the article."""
    flat = _flat(article)
    return [f"topics.{topic}: the passage is not in docs/source_article.txt"
            for topic, passage in topics.topics.items() if passage != PRODUCT and _flat(passage) not in flat]


class ArticleText(BaseModel):
    """Answers to questions back (content/<locale>/messages.yaml: article)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    from_article: str
    again: str
    topics: dict[str, str]  # topic id -> the answer in plain words


def check_text(topics: ArticleTopics, text: ArticleText, words: Mapping[str, object]) -> list[tuple[str, str]]:
    """(file kind, key path) for a topic without its answer (messages) or its words (vocabulary)."""
    errors = [("messages", f"article.topics.{t}: missing") for t in topics.topics if t not in text.topics]
    errors += [("messages", f"article.topics.{t}: not a topic of dialogs/article.yaml") for t in text.topics
               if t not in topics.topics]
    errors += [("vocabulary", f"topics.{t}: missing") for t in topics.topics if t not in words]
    errors += [("vocabulary", f"topics.{t}: not a topic of dialogs/article.yaml") for t in words if t not in topics.topics]
    return errors


def passage(topics: ArticleTopics, topic: str) -> str | None:
    """The article's own words for `topic` (None for the product's emergency screen)."""
    text = topics.topics[topic]
    return None if text == PRODUCT else text
