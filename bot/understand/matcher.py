"""Finding vocabulary phrases in a message, with negation scope and overlaps resolved."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

DATED = ("#date",)  # the words of a span read as a date with the clock ("since Monday")
NONE = "__none__"
UNSURE = "__unsure__"
ABSENT = "__absent__"

# How a phrase is negated: not at all, by a negator in its own clause ("no pain"), or only
# by one before a comma ("not every day, a few times a week": a list or a new statement).
NOT_NEGATED, NEGATED, NEGATED_ACROSS_COMMA = 0, 1, 2


class Phrase(NamedTuple):  # a tuple: tens of thousands are built at a locale's first use
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
    context: frozenset[str] = frozenset()  # ConText categories: other_person, historical, ...

    @property
    def length(self) -> int:
        return self.end - self.start


_PHRASES = "\x00phrases"  # trie keys that cannot be words
_STARS = "\x00stars"
_OPTIONAL = "\x00optional"  # the children reached over an optional word (an article)
GAP = "~"  # a phrase word that stands for 0 to GAP_WORDS words of the same clause
GAP_WORDS = 3
_CLAUSE_ENDS = frozenset({",", ".", ";", "!", "?"})


class PhraseIndex:
    """All phrases of a locale in a word trie of plain dicts (a word ending in * matches
    any ending). Families of phrases expand to tens of thousands; plain dicts keep both
    building and matching fast.

    Words of `optional` (a locale's articles) may be left out of a message inside a phrase
    ("almost all time" for "almost all the time"): never a phrase's first or last word, and
    never down to a one-word match. Read at matching time, so the trie does not grow.
    """

    def __init__(self, phrases: Sequence[Phrase], gap_stops: Iterable[str] = (),
                 optional: Iterable[str] = ()) -> None:
        # A gap never runs past a clause end, nor over a negator ("between my legs isnt numb").
        self._gap_stops = _CLAUSE_ENDS | frozenset(gap_stops)
        optional = frozenset(optional)
        root: dict[str, Any] = {}
        for phrase in phrases:
            node = root
            for word in phrase.words:
                nxt = node.get(word)
                if nxt is None:
                    nxt = node[word] = {}
                    if word in optional and node is not root:
                        node.setdefault(_OPTIONAL, []).append(nxt)
                    if word[-1] == "*":  # by first letter: a token is tried only against its own
                        stem = word[:-1]
                        node.setdefault(_STARS, {}).setdefault(stem[:1], []).append((stem, nxt))
                node = nxt
            node.setdefault(_PHRASES, {})[phrase] = None
        self._root = root

    def find(self, words: Sequence[str]) -> list[tuple[Phrase, int, int]]:
        found: list[tuple[Phrase, int, int]] = []
        n = len(words)
        for i in range(n):
            # skipped: 0 no word left out, 1 one was and a word was read after it, 2 one was just left out
            stack: list[tuple[dict[str, Any], int, int]] = [(self._root, i, 0)]
            while stack:
                node, j, skipped = stack.pop()
                if skipped != 2 and (not skipped or j - i >= 2):
                    for phrase in node.get(_PHRASES, ()):
                        found.append((phrase, i, j))
                for child in node.get(_OPTIONAL, ()):
                    stack.append((child, j, 2))
                gap = node.get(GAP)
                if gap is not None:  # "getting up ~ is hard": skip a few words, never past a clause end
                    stack.append((gap, j, skipped))
                    for k in range(j, min(n, j + GAP_WORDS)):
                        if words[k] in self._gap_stops:
                            break
                        stack.append((gap, k + 1, skipped))
                if j >= n:
                    continue
                token = words[j]
                nxt = node.get(token)
                if nxt is not None:
                    stack.append((nxt, j + 1, skipped and 1))
                stars = node.get(_STARS)
                if stars:
                    for stem, node2 in (*stars.get(token[:1], ()), *stars.get("", ())):
                        if token.startswith(stem):
                            stack.append((node2, j + 1, skipped and 1))
        return found


def _vague(phrase: Phrase) -> bool:
    """A none / unsure phrase: at equal length, a phrase naming an option wins over it."""
    return phrase.option.startswith("__") and not phrase.option.startswith(ABSENT)


def resolve(spans: list[tuple[Phrase, int, int]], prefer: str | None = None) -> list[tuple[Phrase, int, int]]:
    """Keep the longest phrases; a shorter one inside a kept one is dropped.

    Between phrases of the same length, one naming an option wins over a none or unsure
    one, then a date read with the clock, then one of the question `prefer`.
    """
    kept: list[tuple[Phrase, int, int]] = []
    taken: set[int] = set()
    same: set[tuple[str, tuple[str, ...], int, int]] = set()  # a phrase given to several options
    order = sorted(spans, key=lambda s: (s[1] - s[2], _vague(s[0]), s[0].words != DATED, s[0].question != prefer, s[1]))
    for phrase, start, end in order:
        positions = range(start, end)
        key = (phrase.question, phrase.words, start, end)
        if any(p in taken for p in positions) and key not in same:
            continue
        same.add(key)
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


def says_at(words: Sequence[str], at: int, phrase: Sequence[str]) -> bool:
    """Whether `phrase` is the words from `at` on; a "." past the last word matches the end of
    the message ("debilidad no.")."""
    return all((words[at + k] if at + k < len(words) else ".") == w for k, w in enumerate(phrase))


def negated_after(words: Sequence[str], end: int, same_question: set[int], negators: Sequence[tuple[str, ...]],
                  links: frozenset[str], scope: int) -> bool:
    """True when a negator that follows what it denies comes after `end` ("слабости и
    онемения нет"), with only phrases of the same question and list links between."""
    for j in range(end, min(len(words), end + scope) + 1):
        if any(says_at(words, j, negator) for negator in negators):
            return True
        if j >= len(words) or not (j in same_question or words[j] in links):
            return False
    return False
