"""What a message says: the answer to the question asked, emergency signs, and a story."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from bot.understand.clauses import CLAUSE_ENDS, HEDGE, PLACE, ClauseReader
from bot.understand.context import HISTORICAL, HYPOTHETICAL, OTHER_PERSON, UNCERTAIN, ContextReader
from bot.understand.dates import DateReader
from bot.understand.matcher import (
    ABSENT,
    DATED,
    NEGATED,
    NEGATED_ACROSS_COMMA,
    NONE,
    NOT_NEGATED,
    UNSURE,
    Hit,
    Phrase,
    PhraseIndex,
    negated,
    negated_after,
    resolve,
    says_at,
)
from bot.understand.near import NearReader
from bot.understand.replies import ReplyReader
from bot.understand.spans import DayCuts, SpanReader, duration_option
from bot.understand.text import Corrector, expand_tokens, normalise, phrase_tokens, tokens
from bot.understand.vocabulary import Vocabulary

EMERGENCY = "emergency"
DURATION = "duration"
FREQUENCY = "frequency"
EMERGENCY_UNSURE = UNSURE + EMERGENCY
MAYBE = EMERGENCY_UNSURE + ":"  # MAYBE + a sign: words that may point at that sign
NEUTRAL = "__neutral__"  # an idiom that holds an option's words and says nothing ("such a pain")
_NOT_NOW = frozenset({OTHER_PERSON, HISTORICAL, HYPOTHETICAL})  # contexts that say nothing of the person now


@dataclass(frozen=True, slots=True)
class Interpretation:
    """`answer`: option ids for the question asked (() = "none"), or None if not understood.

    `emergency`: emergency signs described anywhere in the message; `emergency_unsure`:
    words that may point at one; `emergency_maybe`: the signs they may point at, when the
    words say which. `story`: options found for every other question.
    """

    answer: tuple[str, ...] | None
    emergency: tuple[str, ...] = ()
    emergency_unsure: bool = False
    emergency_maybe: tuple[str, ...] = ()
    story: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class QuestionShape:
    """What the understanding needs to know of a question: its options in severity order."""

    options: tuple[str, ...]
    multi: bool
    days: DayCuts = ()  # a duration question: (option, limit in days, limit included), from the dialog


@dataclass(frozen=True, slots=True)
class _Reading:
    hits: list[Hit]
    words: list[str]
    asks_back: bool  # the message asks a question about the options
    past: list[Hit] = field(default_factory=list)  # phrases about another time or person (for changes)
    clause: Sequence[int] = ()  # each word's clause number (ClauseReader.clauses)


class Understanding:
    """Compiled vocabulary of one locale. Pure: `interpret` has no side effects."""

    def __init__(self, vocab: Vocabulary, shapes: Mapping[str, QuestionShape],
                 labels: Mapping[str, Mapping[str, str]]) -> None:
        self.vocab = vocab
        self.shapes = dict(shapes)
        phrases: list[Phrase] = []
        articles = frozenset(vocab.articles)

        def add(qid: str, option: str, texts: Iterable[str], direct: Iterable[str] | bool = False,
                kind: str | Iterable[str] = "") -> None:
            for text in texts:
                is_direct = direct if isinstance(direct, bool) else text in direct
                is_kind = kind if isinstance(kind, str) else (HEDGE if text in kind else "")
                for words in expand_tokens(text):
                    phrases.append(Phrase(qid, option, words, is_direct, is_kind))

        for qid, words in vocab.questions.items():
            for option, ow in words.options.items():
                add(qid, option, ow.phrases, ow.direct_only)
                add(qid, option, ow.places, True, kind=PLACE)  # a place alone says nothing in a story
                add(qid, f"{ABSENT}{option}", ow.absent)
                if qid == EMERGENCY:
                    add(EMERGENCY, f"{MAYBE}{option}", ow.maybe)
            add(qid, NONE, words.none, True)
            add(qid, NEUTRAL, words.neutral)
            add(qid, NONE, words.story_none)
            add(qid, UNSURE, (*words.unsure, *vocab.unsure), True, vocab.hedges)
            if self.shapes[qid].multi:
                add(qid, NONE, vocab.no, True)  # "don't think so": none of these
        add(EMERGENCY, EMERGENCY_UNSURE, vocab.emergency_unsure)
        self._index = PhraseIndex([p for p in phrases if p.words], vocab.negators, articles)
        self._near = NearReader((qid, option, pair) for qid, words in vocab.questions.items()
                                for option, ow in words.options.items() for pair in ow.near)
        self._labels = {
            qid: {normalise(label).strip(" .!"): option for option, label in by_option.items()}
            for qid, by_option in labels.items()
        }
        d, f = vocab.durations, vocab.frequencies
        every_word: set[str] = set().union(*(p.words for p in phrases), self._near.words)
        lexicon = {w for w in every_word if not w.endswith("*")}
        prefixes = {w[:-1] for w in every_word if w.endswith("*")}
        number_words = {w for text in (*d.units, *d.numbers, *d.more_than, *d.less_than, *f.counts,
                                       *f.periods, *f.times_words) for w in text.split()}
        self._context = ContextReader(vocab.context, articles) if vocab.context else None
        context_words = self._context.words if self._context else set()
        date_words: set[str] = set()
        if vocab.dates:
            dt_ = vocab.dates
            date_words = {w for text in (*dt_.since, *dt_.last, *dt_.weekdays, *dt_.weekend, *dt_.months,
                                         *dt_.ordinals, *dt_.days, *dt_.starts) for w in text.split()}
        # A word that says whose age a span is ("ребенку три недели") is never "corrected" away.
        age_words = {w for text in d.ages_before for p in expand_tokens(text) for w in p}
        keep = {*vocab.do_not_correct, *number_words, *context_words, *date_words, *vocab.negators, *age_words,
                *vocab.question_words, *vocab.question_verbs, *vocab.spellings.values()}
        # Typos are corrected towards answer and date words ("sinse" -> "since"); context words are
        # only kept as they are (a trigger like "whose" must not swallow "wrose").
        self._corrector = Corrector(lexicon | number_words | date_words, prefixes, keep, vocab.typo_two_edits_from,
                                    vocab.typo_letters)
        self._spell = dict(vocab.spellings)
        self._negators = frozenset(vocab.negators)
        self._ages_after = frozenset(a.split()[0] for a in vocab.durations.ages if a)
        self._breakers = frozenset(b for b in vocab.scope_breakers if " " not in b)
        self._negators_after = [phrase_tokens(n) for n in vocab.negators_after]
        self._affirm_after = [phrase_tokens(n) for n in vocab.affirm_after]
        self._list_links = frozenset(vocab.list_links)
        self._fillers = frozenset(vocab.fillers)
        self._spans = SpanReader(vocab.durations, vocab.frequencies)
        self._dates = DateReader(vocab.dates) if vocab.dates else None
        self._clauses = ClauseReader(vocab)
        self._replies = ReplyReader(vocab.yes, vocab.no, vocab.not_sure, vocab.topics, vocab.scared,
                                    self._clauses, vocab.spellings, vocab.bare_no, vocab.fillers)

    # -- the parts -------------------------------------------------------------------

    def _words(self, text: str) -> list[str]:
        spell = self._spell
        correct = self._corrector.correct
        return [correct(spell.get(t, t)) for t, _, _ in tokens(normalise(text))]

    def _read(self, text: str, asked: str | None, now: float | None = None) -> _Reading:
        words = self._words(text)
        spans = [(p, s, e) for p, s, e in self._index.find(words)
                 if p.option not in (NONE, UNSURE) or p.question == asked or not p.direct_only]
        spans += self._number_spans(words, now)
        spans += self._near.spans(words)
        if self._ages_after:
            spans = [sp for sp in spans if not self._an_age(words, sp)]
        # Emergency phrases compete only with each other: no other phrase can hide a sign.
        kept = resolve([s for s in spans if s[0].question == EMERGENCY], EMERGENCY)
        every = resolve(spans, asked)  # a sign's words are not read again for another question
        kept += [s for s in every if s[0].question != EMERGENCY] + self._under_absent(spans, every, asked)
        kept.sort(key=lambda s: s[1])
        # A negator inside a phrase ("didn't drink much water") negates nothing else; one inside
        # a denial ("don't drink coffee") still reaches on ("or take any meds").
        covered = {i for p, s, e in kept if p.option not in (NONE, UNSURE) and not p.option.startswith(ABSENT)
                   for i in range(s, e)}
        clause = self._clauses.clauses(words)
        hits = []
        by_question: dict[str, set[int]] = {}
        for p, s, e in kept:
            by_question.setdefault(p.question, set()).update(range(s, e))
        for p, s, e in kept:
            neg = negated(words, s, covered, self._negators, self._breakers, self.vocab.scope_length)
            # A phrase that says "no" itself is made stronger, not denied, by one after it ("no siento la pierna para nada").
            if not neg and self._negators_after and not p.option.startswith("__") \
                    and not any(w in self._negators for w in p.words) and negated_after(
                    words, e, by_question[p.question], self._negators_after, self._list_links,
                    self.vocab.scope_length):
                neg = NEGATED
            if neg and self._affirm_after and not p.option.startswith("__") \
                    and any(says_at(words, e, a) for a in self._affirm_after):
                neg = NOT_NEGATED  # "hormigueo no, dolor sí": the words after it say yes
            if neg == NEGATED_ACROSS_COMMA and self._new_statement(words, s, covered, by_question[p.question]):
                neg = NOT_NEGATED  # "ya no aguanto la azada, la pierna se me afloja": the "no" denied something else
            hits.append(Hit(p.question, p.option, s, e, neg != 0, p.direct_only,
                            neg == NEGATED_ACROSS_COMMA, p.kind))
        hits = self._clauses.drop_modifiers(hits, words, clause)
        asking = self._clauses.question_positions(words)
        hits, past = self._in_context(words, hits, asking)
        hits = self._clauses.date_triggers(hits, words, clause)
        if self.vocab.change is not None:
            hits = self._clauses.date_changes(hits, clause, self.vocab.change.question)
        if asking:
            hits = [a for a in (self._asked_back(h) if h.start in asking else h for h in hits) if a]
        return _Reading(hits, words, bool(asking), past, clause)

    @staticmethod
    def _under_absent(spans: list[tuple[Phrase, int, int]], kept: list[tuple[Phrase, int, int]],
                      asked: str | None) -> list[tuple[Phrase, int, int]]:
        """Phrases of other questions that end a phrase saying an option does not hold, and that
        only it hid: "worse after coffee" is no worsening course, and coffee is still a trigger
        (the words inside one, "looks the same size", stay part of the denial)."""
        absents = [s for s in kept if s[0].option.startswith(ABSENT) and s[0].question != EMERGENCY]
        if not absents:
            return []
        taken = {i for p, a, b in kept if not p.option.startswith(ABSENT) for i in range(a, b)}
        hidden = []
        for span in spans:
            phrase, start, end = span
            if phrase.question == EMERGENCY or span in kept or any(i in taken for i in range(start, end)):
                continue
            over = [p.question for p, a, b in absents if a < start and end == b]
            if over and phrase.question not in over:
                hidden.append(span)
        return resolve(hidden, asked)

    def _in_context(self, words: Sequence[str], hits: list[Hit], asking: set[int]) -> tuple[list[Hit], list[Hit]]:
        """Phrases about someone else, the past or a what-if answer nothing (they are set
        apart: a change over time still reads them); an uncertain emergency sign ("maybe my
        face is drooping") makes the emergency question be asked."""
        if self._context is None:
            return hits, []
        reader = self._context
        scopes = reader.scopes(words)
        if not scopes:
            return hits, []
        out = []
        apart = []
        for h in hits:
            if h.option in (NONE, UNSURE):
                out.append(h)
                continue
            found = frozenset(c for c in reader.of(scopes, h.start) if reader.applies(c, h.question))
            if h.question == EMERGENCY and h.start in asking:
                found -= {HYPOTHETICAL}  # "what if my face is drooping?": asked about, see _asked_back
            sign = h.question == EMERGENCY and (not h.option.startswith("__") or h.option == EMERGENCY_UNSURE)
            # A sign both past and in doubt ("se me durmió la cara, ya se me pasó") is asked about, not dropped.
            if found & _NOT_NOW and not (sign and UNCERTAIN in found and found & _NOT_NOW == {HISTORICAL}):
                apart.append(replace(h, context=found))
                continue
            if UNCERTAIN in found and sign and not h.negated and not h.option.startswith("__"):
                h = replace(h, option=MAYBE + h.option)  # a sign in doubt: asked as one yes/no
            out.append(replace(h, context=found) if found else h)
        return out, apart

    def _hedges_other(self, hedge: Hit, reading: _Reading) -> bool:
        """An unsure word in a clause that answers another question ("it just aches a bit")
        hedges that answer, not the one asked."""
        clause = self._clauses.clauses(reading.words)
        c = clause[hedge.start]
        return any(h.question != hedge.question and not h.option.startswith("__") and clause[h.start] == c
                   for h in reading.hits)

    @staticmethod
    def _asked_back(h: Hit) -> Hit | None:
        """A phrase inside a question ("what's a saddle area?") answers nothing; an
        emergency sign there still makes the emergency question be asked again."""
        if h.question == EMERGENCY and not h.negated and h.option not in (NONE, UNSURE) \
                and not h.option.startswith(ABSENT):
            return replace(h, option=h.option if h.option.startswith(EMERGENCY_UNSURE) else MAYBE + h.option)
        return None

    def _number_spans(self, words: Sequence[str], now: float | None) -> list[tuple[Phrase, int, int]]:
        out: list[tuple[Phrase, int, int]] = []
        if not words:
            return out
        starts: list[int] = []
        pos = 0
        for w in words:
            starts.append(pos)
            pos += len(w) + 1
        joined = " ".join(words)

        def token_range(cs: int, ce: int) -> tuple[int, int]:
            return bisect_right(starts, cs) - 1, bisect_right(starts, ce - 1)

        dated = self._dates.days(joined, now) if self._dates and now is not None else []
        for days, cs, ce, direct in dated:  # read with the clock: wins over a fixed phrase of its length
            s, e = token_range(cs, ce)
            option = duration_option(days, self.shapes[DURATION].days)
            out.append((Phrase(DURATION, option, DATED, direct_only=direct), s, e))
        for days, cs, ce in self._spans.days(joined):
            s, e = token_range(cs, ce)
            out.append((Phrase(DURATION, duration_option(days, self.shapes[DURATION].days), ("#",)), s, e))
        for cs, ce in self._spans.ages(joined):  # an age hides the units inside it ("tengo 67 años")
            s, e = token_range(cs, ce)
            out.append((Phrase(DURATION, f"{ABSENT}age", ("#",)), s, e))
        for option, cs, ce in self._spans.rate(joined):
            s, e = token_range(cs, ce)
            out.append((Phrase(FREQUENCY, option, ("#",)), s, e))
        return out

    def _an_age(self, words: Sequence[str], span: tuple[Phrase, int, int]) -> bool:
        """A span of time right before "old" ("the baby is 3 weeks old") is an age, not how long
        it has lasted (SpanReader reads ages said before the number, "малышу три месяца")."""
        phrase, _, end = span
        return phrase.question == DURATION and end < len(words) and words[end] in self._ages_after

    def _new_statement(self, words: Sequence[str], start: int, covered: set[int], mine: set[int]) -> bool:
        """True when the negator before a comma denied words of its own clause that are no phrase of
        this question ("I can't lift the hoe, the leg goes slack"): the phrase after the comma is a new
        statement. "no pain in the knee, numbness" (a phrase of the question in the negated clause) and
        "no, numbness" (nothing between) stay a list under the "no"."""
        j = start - 1
        while j >= 0 and not (words[j] in self._negators and j not in covered):
            j -= 1
        if j < 0:
            return False
        k = j + 1
        while k < start and words[k] != ",":
            k += 1
        between = range(j + 1, k)
        return len(between) > 0 and not any(i in mine for i in between)

    def _options_of(self, reading: _Reading, qid: str, direct: bool) -> tuple[list[str], bool]:
        """Options asserted for `qid` (in option order) and whether any were negated."""
        hits = reading.hits
        negated_any = False
        found: set[str] = set()
        absent: set[str] = set()
        shape = self.shapes[qid]
        words = self.vocab.questions.get(qid)
        means = words.negated_means if words else {}
        for h in hits:
            if h.question != qid or h.option in (NONE, UNSURE, NEUTRAL) or h.option.startswith(UNSURE):
                continue
            if h.direct_only and not direct:
                continue
            if h.option.startswith(ABSENT):
                absent.add(h.option[len(ABSENT):])
                negated_any = True
            elif h.negated and h.across_comma and not shape.multi:
                found.add(h.option)  # "not daily, a few times a week": a new statement
            elif h.negated and h.across_comma and qid == EMERGENCY:
                continue  # "no X, <sign>": unsure, see _unsure_emergency
            elif h.negated:
                negated_any = True
                if h.option in means:
                    found.add(means[h.option])
            else:
                found.add(h.option)
        if qid != EMERGENCY:
            # "bladder's fine" denies what it covers, never a sign said elsewhere
            found -= absent
        else:
            found -= self._gone_since(reading)  # asked again, not taken, see _unsure_emergency
        if not shape.multi and len(found) > 1:
            latest = self._latest(reading, qid, tuple(found))
            if latest is not None:
                found = {latest}  # "nonstop at the weekend, now a few times a day": the latest state
        if words:
            for group in words.contradictions:
                if all(o in found for o in group):
                    latest = self._latest(reading, qid, group)
                    if latest is None:
                        return [], negated_any
                    found = (found - set(group)) | {latest}
        return [o for o in shape.options if o in found], negated_any

    def _latest(self, reading: _Reading, qid: str, group: Sequence[str]) -> str | None:
        """Of options that contradict, the one said after a word that brings in the latest
        state ("calmed down for a bit but now it's worse than ever": worsening), if any."""
        change = self.vocab.change
        if change is None:
            return None
        said = [h for h in reading.hits if h.question == qid and h.option in group and not h.negated]
        if not said:
            return None
        last = said[-1]
        first = said[0]
        between = reading.words[first.end:last.start]
        if last.option != first.option and any(w in change.latest for w in between):
            return last.option
        return None

    def _gone_since(self, reading: _Reading) -> set[str]:
        """Emergency signs told and then denied as the latest state ("my knee gave way on the
        stairs, but I'm walking fine now"): neither taken nor dropped, but asked about."""
        change = self.vocab.change
        latest = change.latest if change else ()
        gone = set()
        for i, h in enumerate(reading.hits):
            if h.question != EMERGENCY or h.negated or h.option.startswith("__"):
                continue
            for later in reading.hits[i + 1:]:
                if later.option == ABSENT + h.option and any(w in latest for w in reading.words[h.end:later.start]):
                    gone.add(h.option)
        return gone

    def _unsure_emergency(self, reading: _Reading) -> tuple[bool, set[str]]:
        """Whether an emergency sign may be meant, and which signs, when the words say."""
        maybe = self._gone_since(reading)
        unsure = bool(maybe)
        for h in reading.hits:
            if h.question != EMERGENCY:
                continue
            if h.option.startswith(EMERGENCY_UNSURE) and (not h.negated or h.across_comma):
                unsure = True
                if h.option.startswith(MAYBE):
                    maybe.add(h.option[len(MAYBE):])
            if h.negated and h.across_comma and not h.option.startswith("__"):
                unsure = True
                maybe.add(h.option)
        return unsure, maybe

    # -- the whole -------------------------------------------------------------------

    def yes_no(self, text: str) -> str | None:
        """"yes", "no" or "unsure" for a yes/no question, None when the text says none of them."""
        return self._replies.yes_no(text)

    def topics(self, text: str) -> tuple[str, ...]:
        """Topics of the article the text asks about (dialogs/article.yaml ids)."""
        return self._replies.topics(text)

    def scared(self, text: str) -> bool:
        return self._replies.scared(text)

    def asks(self, text: str) -> bool:
        """Whether the text asks the bot something back."""
        return self._replies.asks(text)

    def exact(self, qid: str, text: str) -> tuple[str, ...] | None:
        """An option id or label typed as it is ("daily", "Every day", "stress, sleep")."""
        shape = self.shapes[qid]
        labels = self._labels.get(qid, {})
        if shape.multi and self._replies.bare_no(text):
            return ()  # "не": none of these
        numbers = self._numbers(qid, text)
        if numbers is not None:
            return numbers
        parts = [p.strip(" .!") for p in normalise(text).split(",")] if shape.multi else [normalise(text).strip(" .!")]
        chosen: list[str] = []
        for part in parts:
            if part in shape.options or part == "none":
                chosen.append(part)
            elif part in labels:
                chosen.append(labels[part])
            else:
                return None
        if "none" in chosen:
            return () if chosen == ["none"] else None
        return tuple(o for o in shape.options if o in chosen) if chosen else None

    def _numbers(self, qid: str, text: str) -> tuple[str, ...] | None:
        """"1 and 3", "2,4" for a several-choice question: its options as the buttons number
        them (the options, then "none"). A single-choice answer "3" may mean 3 days: not read."""
        shape = self.shapes[qid]
        if not shape.multi or not any(c.isdigit() for c in text):
            return None
        words = [w for w, _, _ in tokens(normalise(text))]
        if any(not w.isdigit() and w not in self.vocab.number_links for w in words):
            return None
        picked: list[str] = []
        for w in words:
            if w.isdigit():
                i = int(w)
                if not 1 <= i <= len(shape.options) + 1:
                    return None
                picked.append(shape.options[i - 1] if i <= len(shape.options) else "none")
        if "none" in picked:
            return () if set(picked) == {"none"} else None
        return tuple(o for o in shape.options if o in picked)

    def interpret(self, asked: str | None, text: str, now: float | None = None) -> Interpretation:
        """Read `text` as an answer to `asked` (None: a story or a quick check). `now` (seconds
        since the epoch, the event's clock) dates relative times ("since Monday")."""
        reading = self._read(text, asked, now)
        hits = reading.hits
        signs, _ = self._options_of(reading, EMERGENCY, asked == EMERGENCY)
        unsure_emergency, maybe = self._unsure_emergency(reading)
        story: dict[str, tuple[str, ...]] = {}
        for qid in self.shapes:
            if qid in (EMERGENCY, asked):
                continue
            options, _ = self._options_of(reading, qid, direct=False)
            if options:
                story[qid] = self._single(qid, options)
            elif any(h.question == qid and h.option == NONE and not h.negated for h in hits):
                story[qid] = ()  # "no idea why" for triggers
        answer: tuple[str, ...] | None = None
        if asked is not None:
            answer = self.exact(asked, text)
            if asked == EMERGENCY and answer:
                signs = list(answer)  # "1 and 3", or the signs' labels typed
            if answer is None:
                answer = self._answer(asked, reading, signs, unsure_emergency)
        unsure_emergency = unsure_emergency and not signs
        maybe_signs = tuple(o for o in self.shapes[EMERGENCY].options if o in maybe) if unsure_emergency else ()
        return Interpretation(answer, tuple(signs), unsure_emergency, story=story, emergency_maybe=maybe_signs)

    def _single(self, qid: str, options: list[str]) -> tuple[str, ...]:
        # Several options for a single-choice question: the most severe one (the last).
        return tuple(options) if self.shapes[qid].multi else (options[-1],)

    def _answer(self, asked: str, reading: _Reading, signs: Sequence[str],
                unsure_emergency: bool) -> tuple[str, ...] | None:
        hits = reading.hits
        if asked == EMERGENCY and signs:
            return tuple(signs)
        options, negated_any = self._options_of(reading, asked, direct=True)
        if options:
            return self._single(asked, options)
        changed = self._change(asked, reading)
        if changed is not None:
            return changed
        mine = [h for h in hits if h.question == asked]
        if asked == EMERGENCY and not unsure_emergency and self._leading_no(reading):
            return ()  # "No. Should I be worried?": the answer stands, the question is for the engine
        unsure = reading.asks_back or any(h.option == UNSURE and not self._hedges_other(h, reading) for h in mine)
        none = any(h.option == NONE and not h.negated and not self._denies_next(reading, h, mine) for h in mine)
        if unsure or not self.shapes[asked].multi:
            return None
        if asked == EMERGENCY:
            return self._no_emergency(reading, mine, none, unsure_emergency)
        return () if none or negated_any else None

    def _no_emergency(self, reading: _Reading, mine: Sequence[Hit], none: bool,
                      unsure_emergency: bool) -> tuple[str, ...] | None:
        """() when the message clearly says "none of these" to the emergency signs, else None.

        A denial of other things ("no other symptoms", "no pain") is no answer to the
        emergency signs: when the message also tells the story, only an explicit "none of
        these" (several words) or a denial of every sign counts; a bare "no" counts only as
        a short answer on its own.
        """
        if unsure_emergency:
            return None
        denied = {h.option.removeprefix(ABSENT) for h in mine
                  if (h.negated and not h.across_comma) or h.option.startswith(ABSENT)}
        if set(self.shapes[EMERGENCY].options) <= denied:
            return ()
        explicit = any(h.option == NONE and h.length >= 2 for h in mine)  # "no, nothing like that"
        explicit = explicit or self._leading_no(reading) or self._closing_no(reading)
        other = any(h.question != EMERGENCY and h.option not in (NONE, UNSURE) for h in reading.hits)
        short = sum(1 for w in reading.words if w.isalnum()) <= 4
        if explicit:
            return ()
        if none and short and not other and not denied:
            return ()
        return None

    def _denies_next(self, reading: _Reading, h: Hit, mine: Sequence[Hit]) -> bool:
        """A `clause_no` word followed by more words of its clause ("la pierna no me da"):
        a denial of what follows, not "none of these" (unless what follows is a "none" too:
        "no noto nada más")."""
        words = reading.words
        if h.length != 1 or words[h.start] not in self.vocab.clause_no:
            return False
        rest = [w for w in words[h.end:] if w not in self._fillers]
        if not rest or rest[0] in CLAUSE_ENDS:
            return False
        clause = reading.clause
        return not any(o.option == NONE and o.start >= h.end and clause[o.start] == clause[h.start] for o in mine)

    def _leading_no(self, reading: _Reading) -> bool:
        """A "no" that opens the message as its own clause ("No. Why, should I be worried?",
        "um no??", "None, I'm walking fine", "no but I'm scared"): the rest is chatter, not a
        denial of something else (a sign or a hint of one in it has been read already)."""
        first = reading.hits[0] if reading.hits else None
        if first is None or first.question != EMERGENCY or first.option != NONE or first.negated:
            return False
        words = reading.words
        fillers = self._fillers
        if any(w not in fillers and w not in CLAUSE_ENDS for w in words[:first.start]):
            return False
        rest = [w for w in words[first.end:first.end + 3] if w not in fillers]
        return not rest or rest[0] in CLAUSE_ENDS or rest[0] in self._breakers

    def _closing_no(self, reading: _Reading) -> bool:
        """A "no" that closes the message as a sentence of its own ("the stroke was my dad,
        not me. None."): the story before it was about something else."""
        last = reading.hits[-1] if reading.hits else None
        if last is None or last.question != EMERGENCY or last.option != NONE or last.negated or last.start == 0:
            return False
        words = reading.words
        if words[last.start - 1] not in (".", ";", "!", "?"):
            return False
        return all(w in self._fillers or w in CLAUSE_ENDS for w in words[last.end:])

    def _change(self, asked: str, reading: _Reading) -> tuple[str, ...] | None:
        """"used to be daily, now once a week" answers the course question: improving."""
        change = self.vocab.change
        if change is None or asked != change.question or change.compare not in self.shapes:
            return None
        if not any(w in change.markers for w in reading.words):
            return None
        order = self.shapes[change.compare].options
        said = [order.index(h.option) for h in sorted((*reading.hits, *reading.past), key=lambda h: h.start)
                if h.question == change.compare and h.option in order and not h.negated]
        if len(said) < 2 or said[0] == said[-1]:
            return None
        return (change.up,) if said[-1] > said[0] else (change.down,)
