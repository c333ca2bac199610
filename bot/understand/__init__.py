"""Free-text understanding: pure, locale data in, option ids out."""

from bot.understand.interpret import Interpretation, QuestionShape, Understanding
from bot.understand.vocabulary import Vocabulary

__all__ = ["Interpretation", "QuestionShape", "Understanding", "Vocabulary"]
