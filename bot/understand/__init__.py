"""Free-text understanding: pure, locale data in, option ids out."""

from bot.understand.interpret import Interpretation, QuestionShape, Understanding
from bot.understand.text import MAX_CHARS
from bot.understand.vocabulary import Vocabulary

__all__ = ["MAX_CHARS", "Interpretation", "QuestionShape", "Understanding", "Vocabulary"]
