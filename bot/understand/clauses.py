"""Clause-level readings: which words ask a question back, hedges and places that only
modify another phrase, and spans of time that date a trigger rather than the twitching."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from bot.understand.matcher import NONE, UNSURE, Hit
from bot.understand.vocabulary import Vocabulary

DURATION = "duration"
TRIGGERS = "triggers"
HEDGE = "hedge"
PLACE = "place"
_SUBJECT_LINKS = frozenset({"is", "are", "feels", "feel", "gets", "got", "seems", "went", "has", "keeps", "just", "always",
                            "still", "now", "kind", "of", "kinda", "a", "bit", "so", "really", "very", "been", "gone"})
CLAUSE_ENDS = frozenset({",", ".", ";", "!", "?"})


class ClauseReader:
    def __init__(self, vocab: Vocabulary) -> None:
        self._question_words = frozenset(vocab.question_words)
        self._question_verbs = frozenset(vocab.question_verbs)
        self._hedge_starts = [tuple(h.split()) for h in vocab.hedge_starts]
        self._place_links = frozenset(vocab.place_links)
        self._ago = frozenset(vocab.ago_words)
        self._ago_before = [tuple(a.split()) for a in vocab.ago_before]
        self._links = frozenset(vocab.list_links)
        self._since_then = [tuple(p.split()) for p in vocab.since_then]
        self._since = frozenset(vocab.since_words)

    @staticmethod
    def clauses(words: Sequence[str]) -> list[int]:
        """The clause number of each word (clauses end at , . ; ! ?)."""
        out = []
        n = 0
        for w in words:
            out.append(n)
            if w in CLAUSE_ENDS:
                n += 1
        return out

    def question_positions(self, words: Sequence[str]) -> set[int]:
        """Word positions inside clauses that ask about the options ("what's a saddle area?")."""
        out: set[int] = set()
        start = 0
        first = True
        n = len(words)
        for end in range(n + 1):
            if end < n and words[end] not in CLAUSE_ENDS:
                continue
            part = words[start:end]
            if part:
                ends_q = end < n and words[end] == "?"
                wh = any(w in self._question_words for w in part[:3]) and (first or ends_q)
                hedge = any(tuple(part[:len(h)]) == h for h in self._hedge_starts)
                if not hedge and (wh or (ends_q and part[0] in self._question_verbs)):
                    out.update(range(start, end + 1))
                first = False
            start = end + 1
        return out

    def drop_modifiers(self, hits: list[Hit], words: Sequence[str], clause: Sequence[int]) -> list[Hit]:
        """Hedges before a known word ("a bit tired") and places that locate another
        option ("tingling in my foot") are not answers of their own."""
        starts = {h.start: h for h in hits if h.option not in (NONE, UNSURE) and not h.option.startswith(UNSURE)}
        out = []
        for i, h in enumerate(hits):
            if h.kind == HEDGE and h.end in starts:
                continue
            if h.kind == PLACE and (self._locates(h, hits[:i], words, clause)
                                    or self._is_subject(h, hits[i + 1:], words, clause)):
                continue
            out.append(h)
        return out

    def _locates(self, place: Hit, before: Sequence[Hit], words: Sequence[str], clause: Sequence[int]) -> bool:
        for h in reversed(before):
            if h.question != place.question or h.option in (NONE, UNSURE) or h.option == place.option:
                continue
            between = words[h.end:place.start]
            return clause[h.start] == clause[place.start] and all(w in self._place_links for w in between)
        return False

    def _is_subject(self, place: Hit, after: Sequence[Hit], words: Sequence[str], clause: Sequence[int]) -> bool:
        """"my foot drags", "my foot is lazy": the place is where another option is, not a spread."""
        for h in after:
            if h.question != place.question or h.option in (NONE, UNSURE) or h.kind == PLACE:
                continue
            if h.option == place.option:
                return False
            between = words[place.end:h.start]
            return clause[h.start] == clause[place.start] and len(between) <= 2 and all(
                w in _SUBJECT_LINKS for w in between)
        return False

    def date_changes(self, hits: list[Hit], clause: Sequence[int], course: str) -> list[Hit]:
        """"it eased off for three days, now it's worse": a span in a clause that tells a
        change dates the change, not the twitching, so it is not read from a story."""
        changes = [h for h in hits if h.question == course and not h.option.startswith("__")]
        return [replace(h, direct_only=True)
                if h.question == DURATION and any(c.end <= h.start and clause[c.start] == clause[h.start] for c in changes)
                else h for h in hits]

    def _since_then_after(self, words: Sequence[str], end: int) -> bool:
        rest = [w for w in words[end:end + 6] if w not in self._links]
        return any(tuple(rest[:len(p)]) == p for p in self._since_then)

    def date_triggers(self, hits: list[Hit], words: Sequence[str], clause: Sequence[int]) -> list[Hit]:
        """"started a new pill 2 weeks ago": the span dates the trigger, not the twitching,
        so it is not read from a story (it still answers the duration question)."""
        if not self._ago and not self._ago_before:
            return hits
        out = []
        for h in hits:
            before = any(tuple(words[h.start:h.start + len(a)]) == a for a in self._ago_before)
            ago = (h.end < len(words) and words[h.end] in self._ago) or before
            if h.question == DURATION and ago:
                c = clause[h.start]
                # before the span, the trigger it dates comes right ahead ("empecé el gym hace un mes"),
                # not in a statement of its own ("me pincho insulina y desde hace 5 días me tiembla")
                trigger = next((t for t in hits if t.question == TRIGGERS and t.end <= h.start
                                and clause[t.start] == c and not t.option.startswith("__")
                                and not (before and self._links & set(words[t.end:h.start]))), None)
                if trigger is not None and before and self._since_then_after(words, h.end):
                    trigger = None  # "... hace dos semanas y desde entonces me salta": it dates the twitching too
                if trigger is not None:
                    lead = range(trigger.start - 1, -1, -1)
                    since = any(words[i] in self._since for i in lead if clause[i] == c)
                    if not since:
                        h = replace(h, direct_only=True)
            out.append(h)
        return out
