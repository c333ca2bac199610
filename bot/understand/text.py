"""Turning a message into words: lower-case, apostrophes dropped, small typos corrected."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache, lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA, Levenshtein

MAX_CHARS = 2000  # characters of a message that are read for answers
_TOKEN = re.compile(r"[^\W_]+(?:[./][^\W_]+)*|[.;!?,]|24/7")
_APOSTROPHES = re.compile(r"[’'`´]")
# "can not", "cannot", "do not" -> "cant", "dont": one spelling for each negated verb.
_NOT = re.compile(r"\b(can|do|does|did|is|are|was|were|have|has|had|could|would|should|will|must)\s*not\b")
_NOT_FORMS = {"can": "cant", "will": "wont"}
_GROUP = re.compile(r"\(([^()]*)\)")
_WEAK_WEEK = re.compile(r"\b((?:times|time|once|twice|x|days|day) (?:a|per|every|each|in a|this|last)"
                        r"|(?:a|one|two|few|couple|last|this)(?= weak (?:ago|or two)\b)) weak\b")
_RUN = re.compile(r"([^\W\d_])\1{2,}")  # "nooo", "sooo": a letter typed three times or more


def _contract(m: re.Match[str]) -> str:
    verb = m.group(1)
    return _NOT_FORMS.get(verb, verb + "nt")


def fold(text: str) -> str:
    """Accents dropped ("día" -> "dia", "ещё" -> "еще"): chat often leaves them out."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def normalise(text: str) -> str:
    """NFKC, lower-case, accents and apostrophes dropped ("don't" -> "dont"), capped at MAX_CHARS."""
    text = fold(unicodedata.normalize("NFKC", text[:MAX_CHARS]).lower())
    text = text.replace("&", " and ").replace("+", " and ").replace("(", " , ").replace(")", " , ")
    text = re.sub(r"\s*[\r\n\u2028\u2029]+\s*", " . ", text)  # a new line ends a clause
    text = _APOSTROPHES.sub("", text)
    text = _RUN.sub(r"\1\1", text)
    if "weak" in text:  # "twice a weak", "a weak ago": a misspelt week, never weakness
        text = _WEAK_WEEK.sub(r"\1 week", text)
    if not text.isascii():  # an emoji ends a clause, as a full stop would ("help 😭 it won't stop")
        text = "".join(" . " if unicodedata.category(c) == "So" else c for c in text)
    return _NOT.sub(_contract, text) if "not" in text else text


def tokens(normalised: str) -> list[tuple[str, int, int]]:
    """Words and punctuation of an already normalised text, with their character spans."""
    return [(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(normalised)]


def expand(phrase: str) -> list[str]:
    """A phrase family as its phrases: "(cant|cannot) walk" -> ["cant walk", "cannot walk"].

    `(a|b c|)` groups may hold several words; an empty alternative makes the group optional.
    """
    out: dict[str, None] = {}
    todo = [phrase]
    while todo:
        text = todo.pop()
        m = _GROUP.search(text)  # an innermost group: nested groups expand inside out
        if m is None:
            if flat := " ".join(text.split()):
                out[flat] = None
            continue
        todo.extend(f"{text[:m.start()]} {alt} {text[m.end():]}" for alt in reversed(m.group(1).split("|")))
    return list(out)


_TEMPLATE = re.compile(r"[()|]|[^\s()|]+")
_NOT_VERBS = frozenset({"can", "do", "does", "did", "is", "are", "was", "were", "have", "has", "had", "could",
                        "would", "should", "will", "must"})


def expand_tokens(phrase: str) -> list[tuple[str, ...]]:
    """A phrase family as the word tuples of its phrases, expanded word by word.

    Same result as `[phrase_tokens(p) for p in expand(phrase)]`, without normalising and
    tokenising every expanded phrase again (a family may stand for thousands of phrases).
    """
    parts = _TEMPLATE.findall(phrase)
    pos = 0

    def sequence() -> list[tuple[str, ...]]:
        nonlocal pos
        results: list[tuple[str, ...]] = [()]
        while pos < len(parts) and parts[pos] not in (")", "|"):
            part = parts[pos]
            pos += 1
            if part == "(":
                alternatives: list[tuple[str, ...]] = []
                while True:
                    alternatives.extend(sequence())
                    if pos < len(parts) and parts[pos] == "|":
                        pos += 1
                        continue
                    pos += 1  # the closing ")"
                    break
                results = [r + a for r in results for a in alternatives]
            else:
                words = _word_tokens(part)
                results = [r + words for r in results]
        return results

    out: dict[tuple[str, ...], None] = {}
    for words in sequence():
        out[_contract_tokens(words)] = None
    return [w for w in out if w]


def _contract_tokens(words: tuple[str, ...]) -> tuple[str, ...]:
    if "not" not in words:
        return words
    out: list[str] = []
    for word in words:
        if word == "not" and out and out[-1] in _NOT_VERBS:
            out[-1] = _NOT_FORMS.get(out[-1], out[-1] + "nt")
        else:
            out.append(word)
    return tuple(out)


GAP = "~"  # in a vocabulary phrase: up to a few words of the same clause ("getting up ~ is hard")


@cache
def _word_tokens(word: str) -> tuple[str, ...]:
    return (GAP,) if word == GAP else phrase_tokens(word)


def phrase_tokens(phrase: str) -> tuple[str, ...]:
    """The words of a vocabulary phrase (a trailing * is kept: it marks a prefix; `GAP` too)."""
    out: list[str] = []
    for word in normalise(phrase).split():
        if word == GAP:
            out.append(GAP)
            continue
        star = word.endswith("*")
        parts = _TOKEN.findall(word.rstrip("*"))
        if star and parts:
            parts[-1] += "*"
        out.extend(parts)
    return tuple(out)


class Corrector:
    """Maps a misspelt word to the nearest word of the vocabulary, if it is close enough.

    Uses rapidfuzz's optimal-string-alignment distance (a swap of two letters counts
    as one edit): one edit for words of 4 letters up to `two_edits_from` (6 by default), two for longer ones; the first
    letter must agree; words in `keep` are never changed. A long word may also be a
    misspelt prefix ("dehydation" for "dehydrat*", one edit in the prefix). With `letters`,
    a correction may only change those letters (Russian vowels and signs: "калено" -> "колено",
    never "пасха" -> "паха").
    """

    def __init__(self, lexicon: Iterable[str], prefixes: Iterable[str], keep: Iterable[str],
                 two_edits_from: int = 6, letters: str = "") -> None:
        self._two_edits_from = two_edits_from
        self._letters = frozenset(letters)
        self._lexicon = sorted(set(lexicon))
        self._known = frozenset(self._lexicon) | frozenset(keep)
        self._prefixes = tuple(sorted(set(prefixes), key=len, reverse=True))
        self._long_prefixes = tuple(p for p in self._prefixes if len(p) >= 6)
        self.correct = lru_cache(maxsize=16384)(self._correct)

    def _correct(self, word: str) -> str:
        if len(word) < 4 or word in self._known or not word.isalpha():
            return word
        if any(word.startswith(p) for p in self._prefixes):
            return word
        limit = 1 if len(word) < self._two_edits_from else 2
        candidates = [w for w in self._lexicon if w[0] == word[0] and abs(len(w) - len(word)) <= limit]
        candidates += [p for p in self._prefixes if p[0] == word[0] and len(p) >= 4]
        for best in process.extract(word, candidates, scorer=OSA.distance, score_cutoff=limit, limit=8):
            if self._allowed(word, best[0]):
                return str(best[0])
        if len(word) >= 6:
            for p in self._long_prefixes:
                if p[0] != word[0] or len(word) < len(p) - 1:
                    continue
                for size in (len(p) - 1, len(p), len(p) + 1):
                    if OSA.distance(word[:size], p, score_cutoff=1) <= 1 and self._allowed(word[:size], p):
                        return p
        return word

    def _allowed(self, word: str, target: str) -> bool:
        """Whether the edits from `word` to `target` change only `letters` (any, without it)."""
        if not self._letters:
            return True
        ok = self._letters
        for op in Levenshtein.editops(word, target):
            if op.tag != "insert" and word[op.src_pos] not in ok:
                return False
            if op.tag != "delete" and target[op.dest_pos] not in ok:
                return False
        return True
