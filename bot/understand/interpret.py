"""What a message says: the answer to the question asked, emergency signs, and a story."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from bot.understand.matcher import ABSENT, NONE, UNSURE, Hit, Phrase, PhraseIndex, negated, resolve
from bot.understand.spans import SpanReader, duration_option
from bot.understand.text import Corrector, normalise, phrase_tokens, tokens
from bot.understand.vocabulary import Vocabulary

EMERGENCY = "emergency"
DURATION = "duration"
FREQUENCY = "frequency"
_SPAN = Phrase(question="", option="", words=("#",))


@dataclass(frozen=True, slots=True)
class Interpretation:
    """`answer`: option ids for the question asked (() = "none"), or None if not understood.

    `emergency`: emergency signs described anywhere in the message; `emergency_unsure`:
    words that may point at one. `story`: options found for every other question.
    """

    answer: tuple[str, ...] | None
    emergency: tuple[str, ...] = ()
    emergency_unsure: bool = False
    story: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class QuestionShape:
    """What the understanding needs to know of a question: its options in severity order."""

    options: tuple[str, ...]
    multi: bool


class Understanding:
    """Compiled vocabulary of one locale. Pure: `interpret` has no side effects."""

    def __init__(self, vocab: Vocabulary, shapes: Mapping[str, QuestionShape],
                 labels: Mapping[str, Mapping[str, str]]) -> None:
        self.vocab = vocab
        self.shapes = dict(shapes)
        phrases: list[Phrase] = []
        for qid, words in vocab.questions.items():
            for option, ow in words.options.items():
                for text in ow.phrases:
                    phrases.append(Phrase(qid, option, phrase_tokens(text), text in ow.direct_only))
                for text in ow.absent:
                    phrases.append(Phrase(qid, f"{ABSENT}{option}", phrase_tokens(text)))
            for text in words.none:
                phrases.append(Phrase(qid, NONE, phrase_tokens(text), True))
            for text in words.unsure:
                phrases.append(Phrase(qid, UNSURE, phrase_tokens(text), True))
        for text in vocab.emergency_unsure:
            phrases.append(Phrase(EMERGENCY, UNSURE + "emergency", phrase_tokens(text)))
        self._index = PhraseIndex([p for p in phrases if p.words])
        self._labels = {
            qid: {normalise(label).strip(" .!"): option for option, label in by_option.items()}
            for qid, by_option in labels.items()
        }
        lexicon = {w for p in phrases for w in p.words if not w.endswith("*")}
        prefixes = {w[:-1] for p in phrases for w in p.words if w.endswith("*")}
        self._corrector = Corrector(lexicon, prefixes, vocab.do_not_correct)
        self._negators = frozenset(vocab.negators)
        self._breakers = frozenset(b for b in vocab.scope_breakers if " " not in b)
        self._spans = SpanReader(vocab.durations, vocab.frequencies)

    # -- the parts -------------------------------------------------------------------

    def _hits(self, text: str, asked: str | None) -> list[Hit]:
        norm = normalise(text)
        toks = tokens(norm)
        words = [self._corrector.correct(t) for t, _, _ in toks]
        spans = [(p, s, e) for p, s, e in self._index.find(words)
                 if p.option not in (NONE, UNSURE) or p.question == asked]
        spans += self._number_spans(" ".join(words), words)
        kept = resolve(spans)
        covered = {i for p, s, e in kept if p.option not in (NONE, UNSURE) for i in range(s, e)}
        hits = []
        for p, s, e in kept:
            neg = negated(words, s, covered, self._negators, self._breakers, self.vocab.scope_length)
            hits.append(Hit(p.question, p.option, s, e, neg, p.direct_only))
        return hits

    def _number_spans(self, joined: str, words: Sequence[str]) -> list[tuple[Phrase, int, int]]:
        starts: list[int] = []
        pos = 0
        for w in words:
            starts.append(pos)
            pos += len(w) + 1

        def token_range(cs: int, ce: int) -> tuple[int, int]:
            first = max(i for i, s in enumerate(starts) if s <= cs)
            last = max(i for i, s in enumerate(starts) if s < ce)
            return first, last + 1

        out: list[tuple[Phrase, int, int]] = []
        if not words:
            return out
        for days, cs, ce in self._spans.days(joined):
            s, e = token_range(cs, ce)
            out.append((Phrase(DURATION, duration_option(days), ("#",)), s, e + 0))
        for option, cs, ce in self._spans.rate(joined):
            s, e = token_range(cs, ce)
            out.append((Phrase(FREQUENCY, option, ("#",)), s, e))
        return out

    def _options_of(self, hits: Sequence[Hit], qid: str, direct: bool) -> tuple[list[str], bool]:
        """Options asserted for `qid` (in option order) and whether any were negated."""
        negated_any = False
        found: set[str] = set()
        absent: set[str] = set()
        means = self.vocab.questions[qid].negated_means if qid in self.vocab.questions else {}
        for h in hits:
            if h.question != qid or h.option in (NONE, UNSURE) or h.option.startswith(UNSURE):
                continue
            if h.direct_only and not direct:
                continue
            if h.option.startswith(ABSENT):
                absent.add(h.option[len(ABSENT):])
                negated_any = True
            elif h.negated:
                negated_any = True
                if h.option in means:
                    found.add(means[h.option])
            else:
                found.add(h.option)
        found -= absent
        order = self.shapes[qid].options
        return [o for o in order if o in found], negated_any

    # -- the whole -------------------------------------------------------------------

    def exact(self, qid: str, text: str) -> tuple[str, ...] | None:
        """An option id or label typed as it is ("daily", "Every day", "stress, sleep")."""
        shape = self.shapes[qid]
        labels = self._labels.get(qid, {})
        parts = [p.strip(" .!") for p in normalise(text).split(",")] if shape.multi else [normalise(text).strip(" .!")]
        chosen: list[str] = []
        for part in parts:
            if part in shape.options or (part == "none" and shape.multi):
                chosen.append(part)
            elif part in labels:
                chosen.append(labels[part])
            else:
                return None
        if "none" in chosen:
            return () if chosen == ["none"] else None
        return tuple(o for o in shape.options if o in chosen) if chosen else None

    def interpret(self, asked: str | None, text: str) -> Interpretation:
        hits = self._hits(text, asked)
        signs, _ = self._options_of(hits, EMERGENCY, True)
        unsure_emergency = any(h.option == UNSURE + "emergency" and not h.negated for h in hits)
        story: dict[str, tuple[str, ...]] = {}
        for qid in self.shapes:
            if qid in (EMERGENCY, asked):
                continue
            options, _ = self._options_of(hits, qid, direct=False)
            if options:
                story[qid] = self._single(qid, options)
        answer: tuple[str, ...] | None = None
        if asked is not None:
            answer = self.exact(asked, text)
            if answer is None:
                answer = self._answer(asked, hits, signs)
        return Interpretation(answer, tuple(signs), unsure_emergency and not signs, story)

    def _single(self, qid: str, options: list[str]) -> tuple[str, ...]:
        # Several options for a single-choice question: the most severe one (the last).
        return tuple(options) if self.shapes[qid].multi else (options[-1],)

    def _answer(self, asked: str, hits: Sequence[Hit], signs: Sequence[str]) -> tuple[str, ...] | None:
        if asked == EMERGENCY and signs:
            return tuple(signs)
        options, negated_any = self._options_of(hits, asked, direct=True)
        if options:
            return self._single(asked, options)
        mine = [h for h in hits if h.question == asked]
        unsure = any(h.option == UNSURE for h in mine)
        none = any(h.option == NONE for h in mine)
        if unsure or not self.shapes[asked].multi:
            return None
        if asked == EMERGENCY:
            denied = any(h.negated for h in hits if h.question == EMERGENCY)
            return () if none or denied else None
        return () if none or negated_any else None
