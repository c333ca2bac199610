"""Finding vocabulary phrases in a message, with negation scope and overlaps resolved."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

NONE = "__none__"
UNSURE = "__unsure__"
ABSENT = "__absent__"

# How a phrase is negated: not at all, by a negator in its own clause ("no pain"), or only
# by one before a comma ("not every day, a few times a week": a list or a new statement).
NOT_NEGATED, NEGATED, NEGATED_ACROSS_COMMA = 0, 1, 2


@dataclass(frozen=True, slots=True)
class Phrase:
    question: str
    option: str  # an option id, or NONE / UNSURE / ABSENT:<option>
    words: tuple[str, ...]
    direct_only: bool = False
    kind: str = ""  # "", "hedge" (an unsure hedge) or "place" (a place, see OptionWords.places)


@dataclass(frozen=True, slots=True)
class Hit:
    question: str
    option: str
    start: int
    end: int
    negated: bool
    direct_only: bool = False
    across_comma: bool = False  # negated only by a negator before a comma
    kind: str = ""

    @property
    def length(self) -> int:
        return self.end - self.start


@dataclass(slots=True)
class _Node:
    exact: dict[str, _Node] = field(default_factory=dict)
    prefix: dict[str, list[tuple[str, _Node]]] = field(default_factory=dict)  # first letter -> (prefix, node)
    phrases: list[Phrase] = field(default_factory=list)

    def child(self, word: str) -> _Node:
        if not word.endswith("*"):
            return self.exact.setdefault(word, _Node())
        stem = word[:-1]
        bucket = self.prefix.setdefault(stem[:1], [])
        for known, node in bucket:
            if known == stem:
                return node
        node = _Node()
        bucket.append((stem, node))
        return node


class PhraseIndex:
    """All phrases of a locale in a word trie (a word ending in * matches any ending)."""

    def __init__(self, phrases: Sequence[Phrase]) -> None:
        self._root = _Node()
        for phrase in phrases:
            node = self._root
            for word in phrase.words:
                node = node.child(word)
            if phrase not in node.phrases:
                node.phrases.append(phrase)

    def find(self, words: Sequence[str]) -> list[tuple[Phrase, int, int]]:
        found: list[tuple[Phrase, int, int]] = []
        n = len(words)
        for i in range(n):
            stack = [(self._root, i)]
            while stack:
                node, j = stack.pop()
                for phrase in node.phrases:
                    found.append((phrase, i, j))
                if j >= n:
                    continue
                token = words[j]
                nxt = node.exact.get(token)
                if nxt is not None:
                    stack.append((nxt, j + 1))
                for stem, node2 in node.prefix.get(token[:1], ()):
                    if token.startswith(stem):
                        stack.append((node2, j + 1))
        return found


def resolve(spans: list[tuple[Phrase, int, int]], prefer: str | None = None) -> list[tuple[Phrase, int, int]]:
    """Keep the longest phrases; a shorter one inside a kept one is dropped.

    Between phrases of the same length, one of the question `prefer` wins.
    """
    kept: list[tuple[Phrase, int, int]] = []
    taken: set[int] = set()
    for phrase, start, end in sorted(spans, key=lambda s: (s[1] - s[2], s[0].question != prefer, s[1])):
        positions = range(start, end)
        if any(p in taken for p in positions):
            continue
        kept.append((phrase, start, end))
        taken.update(positions)
    return sorted(kept, key=lambda s: s[1])


def negated(
    words: Sequence[str], start: int, covered: set[int], negators: frozenset[str],
    breakers: frozenset[str], scope: int,
) -> int:
    """NEGATED when a negator comes before `start` in the same clause, NEGATED_ACROSS_COMMA
    when the nearest one is before a comma, else NOT_NEGATED."""
    comma = False
    for i in range(start - 1, max(-1, start - 1 - scope), -1):
        token = words[i]
        if token in breakers:
            return NOT_NEGATED
        if token == ",":
            comma = True
        elif token in negators and i not in covered:
            return NEGATED_ACROSS_COMMA if comma else NEGATED
    return NOT_NEGATED
