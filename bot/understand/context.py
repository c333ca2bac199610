"""Who and when a phrase is about: a ConText reader (Harkema et al., 2009) over locale data.

ConText marks each found phrase with the context its sentence gives it: a trigger ("my mum",
"as a kid", "if", "maybe") opens a scope that runs forward or backward until a terminator
("but", "i", "now"), a clause end or a number of words; a pseudo-trigger ("not sure if") holds
a trigger's words without being one. Negation stays with `matcher.negated`, whose comma rules
the answers rely on; this module adds the other four categories. The words are all data
(`context:` in content/<locale>/vocabulary.yaml); nothing here knows a language.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.understand.matcher import Phrase, PhraseIndex, resolve
from bot.understand.text import expand_tokens
from bot.understand.vocabulary import Context, ContextCategory

OTHER_PERSON, HISTORICAL, HYPOTHETICAL, UNCERTAIN = "other_person", "historical", "hypothetical", "uncertain"
CATEGORIES = (OTHER_PERSON, HISTORICAL, HYPOTHETICAL, UNCERTAIN)
_FORWARD, _BACKWARD, _BOTH, _PSEUDO, _END = "forward", "backward", "both", "pseudo", "end"
_ALL = "*"  # terminators of every category
CLAUSE_ENDS = frozenset({".", ";", "!", "?"})


@dataclass(frozen=True, slots=True)
class Scope:
    category: str
    start: int  # first word in scope
    end: int  # one past the last word in scope


class ContextReader:
    def __init__(self, context: Context, articles: frozenset[str] = frozenset()) -> None:
        self.scope = context.scope
        self.categories: dict[str, ContextCategory] = {name: getattr(context, name) for name in CATEGORIES}
        phrases: list[Phrase] = []

        def add(category: str, kind: str, texts: Iterable[str]) -> None:
            for text in texts:
                for words in expand_tokens(text):
                    phrases.append(Phrase(category, kind, words))

        add(_ALL, _END, context.terminators)
        for name, cat in self.categories.items():
            add(name, _FORWARD, cat.forward)
            add(name, _BACKWARD, cat.backward)
            add(name, _BOTH, cat.both)
            add(name, _PSEUDO, cat.pseudo)
            add(name, _END, cat.terminators)
        self._index = PhraseIndex(phrases, optional=articles)
        self.words = {w for p in phrases for w in p.words}

    def applies(self, category: str, question: str) -> bool:
        questions = self.categories[category].questions
        return not questions or question in questions

    def scopes(self, words: Sequence[str]) -> list[Scope]:
        """Every context scope in `words`."""
        found = self._index.find(words)
        ends: dict[str, set[int]] = {}  # category -> word positions where a scope ends
        for phrase, start, _ in found:
            if phrase.option == _END:
                ends.setdefault(phrase.question, set()).add(start)
        every_end = ends.get(_ALL, set()) | {i for i, w in enumerate(words) if w in CLAUSE_ENDS}
        out: list[Scope] = []
        for name in self.categories:
            mine = [f for f in found if f[0].question == name and f[0].option != _END]
            stops = every_end | ends.get(name, set())
            for phrase, start, end in resolve(mine):  # the longest wins: a pseudo-trigger hides its trigger
                if phrase.option in (_FORWARD, _BOTH):
                    stop = end
                    while stop < len(words) and stop - end < self.scope and stop not in stops:
                        stop += 1
                    # from the trigger's second word: "her tablets", "quit coffee" are about her, the past;
                    # a two-way trigger from its first: "five years ago" is itself a past span
                    first_in = start if phrase.option == _BOTH else min(start + 1, end)
                    out.append(Scope(name, first_in, stop))
                if phrase.option in (_BACKWARD, _BOTH):
                    first = start
                    while first > 0 and start - first < self.scope and first - 1 not in stops:
                        first -= 1
                    out.append(Scope(name, first, start))
        return out

    @staticmethod
    def of(scopes: Sequence[Scope], start: int) -> frozenset[str]:
        """The categories of the scopes a phrase starting at `start` lies in."""
        return frozenset(s.category for s in scopes if s.start <= start < s.end)
