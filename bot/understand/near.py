"""Two words that mean an option only together: a place and how it feels, in either order,
a few words apart in one clause ("la ingle la tengo dormida", "dormida la zona donde me siento").

A phrase family would have to spell out every order, link word and pronoun between the two
(tens of thousands of phrases for one sign); a pair is read as one span covering both, so it
is negated, put in context and resolved like any other phrase. The words are data
(`near:` under an option in content/<locale>/vocabulary.yaml).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from bot.understand.matcher import Phrase, PhraseIndex
from bot.understand.text import expand_tokens
from bot.understand.vocabulary import NearPair

CLAUSE_ENDS = frozenset({",", ".", ";", "!", "?"})
_FIRST, _SECOND, _UNLESS = "first", "second", "unless"
SPAN_WORDS = ("#near",)  # the words of a pair's span: no phrase has them


class NearReader:
    def __init__(self, pairs: Iterable[tuple[str, str, NearPair]]) -> None:
        self._pairs: list[tuple[str, str, NearPair]] = list(pairs)
        phrases: list[Phrase] = []
        for i, (_, _, pair) in enumerate(self._pairs):
            for side, texts in ((_FIRST, pair.first), (_SECOND, pair.second), (_UNLESS, pair.unless)):
                for text in texts:
                    phrases.extend(Phrase(str(i), side, words) for words in expand_tokens(text))
        self._index = PhraseIndex(phrases)
        self.words = {w for p in phrases for w in p.words}

    def spans(self, words: Sequence[str]) -> list[tuple[Phrase, int, int]]:
        """One span per pair found: both parts in one clause, at most `within` words apart."""
        if not self._pairs:
            return []
        found: dict[str, dict[str, list[tuple[int, int]]]] = {}
        for phrase, start, end in self._index.find(words):
            found.setdefault(phrase.question, {}).setdefault(phrase.option, []).append((start, end))
        out: list[tuple[Phrase, int, int]] = []
        for key, sides in found.items():
            if _FIRST not in sides or _SECOND not in sides:
                continue
            question, option, pair = self._pairs[int(key)]
            unless = sides.get(_UNLESS, [])
            best: tuple[int, int] | None = None
            for a in _outside(sides[_FIRST], unless):
                for b in _outside(sides[_SECOND], unless):
                    left, right = (a, b) if a[0] <= b[0] else (b, a)
                    if right[0] < left[1] or right[0] - left[1] > pair.within:
                        continue  # overlapping, or too far apart
                    if any(w in CLAUSE_ENDS for w in words[left[1]:right[0]]):
                        continue
                    span = (left[0], max(left[1], right[1]))
                    if best is None or span[1] - span[0] > best[1] - best[0]:
                        best = span
            if best is not None:
                out.append((Phrase(question, option, SPAN_WORDS), best[0], best[1]))
        return out


def _outside(parts: list[tuple[int, int]], unless: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The parts not inside one of the `unless` spans."""
    return [p for p in parts if not any(s <= p[0] and p[1] <= e for s, e in unless)]
