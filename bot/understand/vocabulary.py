"""The words of one locale (content/<locale>/vocabulary.yaml) as a validated model."""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from bot.understand.text import fold

_DAY_RULE = re.compile(r"easter(?:[+-]\d{1,2})?|\d\d-(?:\d\d|w[0-6]#-?[1-5])|\d{4}-\d\d-\d\d")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class NearPair(_Strict):
    """A word of `first` and one of `second`, in either order, at most `within` words apart in
    one clause, mean the option together ("ingle" ... "dormida"); see bot/understand/near.py."""

    first: tuple[str, ...] = Field(min_length=1)
    second: tuple[str, ...] = Field(min_length=1)
    within: int = Field(default=3, ge=0, le=8)
    # Phrases that take a word of the pair out of it ("el lado izquierdo del muslo" is no side of the body).
    unless: tuple[str, ...] = ()


class OptionWords(_Strict):
    """Phrases that mean an option. A trailing `*` on a word matches any ending;
    `(a|b c|)` is a family: one phrase per alternative (an empty one = optional)."""

    phrases: tuple[str, ...] = Field(min_length=1)
    # Phrases that say the option does NOT hold ("sleep well" for `sleep`).
    absent: tuple[str, ...] = ()
    # Phrases too vague to be read from a story: they count only when this question is asked.
    direct_only: tuple[str, ...] = ()
    # Places ("my foot"): they mean the option unless they only say where another
    # option of the same question is felt ("tingling in my foot").
    places: tuple[str, ...] = ()
    # Pairs of words that mean the option together, in either order (a place and how it feels).
    near: tuple[NearPair, ...] = ()
    # Emergency signs only: phrases that may point at this sign without saying it ("my knee
    # gives out under load", "my bowels"): the sign is asked about as a yes/no, never taken.
    maybe: tuple[str, ...] = ()


class QuestionWords(_Strict):
    options: dict[str, OptionWords]
    # Words that answer the question with "none" (an empty answer).
    none: tuple[str, ...] = ()
    # "none" phrases clear enough to be read from a story too ("no idea why" for triggers).
    story_none: tuple[str, ...] = ()
    # Phrases that are too vague to answer: the question is asked again.
    unsure: tuple[str, ...] = ()
    # Phrases that hold an option's words but say nothing of it (idioms: "exams are such a
    # pain", "my brain is numb"): they hide those words and answer nothing.
    neutral: tuple[str, ...] = ()
    # When an option is negated ("not getting worse"), the option it means instead.
    negated_means: dict[str, str] = {}
    # Options that cannot hold together: saying all of them is no answer ("better some days, worse others").
    contradictions: tuple[tuple[str, ...], ...] = ()


class Durations(_Strict):
    """How spans of time are read: units in days, number words, fixed phrases in days."""

    units: dict[str, float]
    numbers: dict[str, float]
    phrases: dict[str, float]
    more_than: tuple[str, ...]  # words allowed before a span ("about", "more than")
    less_than: tuple[str, ...]
    # A span followed by one of these is an age ("my 3 month old") or the length of something
    # else said as an adjective ("12 hour nights"), not how long it has lasted.
    ages: tuple[str, ...] = ()
    # A span of one of `age_units` right after one of these is an age too ("tengo 67 años",
    # "un bebé de tres meses"): languages that say the age before the number.
    ages_before: tuple[str, ...] = ()
    age_units: tuple[str, ...] = ()
    # Whether a unit may come before its number ("недели три": about three weeks).
    unit_first: bool = False
    # Of `more_than`, those that mean strictly more: half a unit is added ("over 2 weeks").
    strictly_more: tuple[str, ...] = ()
    ranges: tuple[str, ...] = ()  # between two numbers: "2 to 3 weeks", "2-3 weeks"
    halves: tuple[str, ...] = ()  # after a unit, adding half of it: "a week and a half"


class Busier(_Strict):
    """"N times a <period>" with N at least `at_least` means `option` ("7 times a week": daily)."""

    periods: tuple[str, ...]
    at_least: float
    option: str


class Frequencies(_Strict):
    """Counts per period: `twice a day`, `3 times a week`; `every N <period>`."""

    counts: dict[str, float]
    periods: dict[str, str]  # period word -> option id for "N times a <period>"
    times_words: tuple[str, ...]
    per: tuple[str, ...] = ()  # between a count and its period: "twice a day", "3 times per week"
    every: tuple[str, ...] = ()  # "every <period>", "every 2 <period>s"
    # Counts that may follow `every` ("every few days", "every other day"); a count of 1
    # means the period itself, any other one `every_n`.
    every_counts: tuple[str, ...] = ()
    busier: tuple[Busier, ...] = ()
    # period word -> option id for "every few <period>s" ("every couple of hours" = daily).
    every_n: dict[str, str] = {}


class Change(_Strict):
    """A change between two answers of `compare` ("used to be daily, now weekly") answers `question`."""

    question: str
    compare: str
    markers: tuple[str, ...]
    up: str
    down: str
    # Words that bring in the latest state of a contrast ("better for a bit, but now worse"):
    # the option said after one of them wins over one said before it.
    latest: tuple[str, ...] = ()


class ContextCategory(_Strict):
    """One ConText category: trigger phrases whose scope runs forward (to the right) or
    backward (to the left) until a terminator, a clause end or `Context.scope` words."""

    forward: tuple[str, ...] = ()
    backward: tuple[str, ...] = ()
    both: tuple[str, ...] = ()  # triggers whose scope runs both ways ("years ago")
    # Words or phrases that end this category's scope ("but", "now", "i" for another person).
    terminators: tuple[str, ...] = ()
    # Phrases that hold a trigger but are not one ("not sure if" is no hypothetical "if").
    pseudo: tuple[str, ...] = ()
    # The questions whose phrases this category changes (empty: all of them).
    questions: tuple[str, ...] = ()


class Context(_Strict):
    """Who and when a phrase is about (the ConText algorithm, Harkema et al. 2009): a phrase
    about someone else, the past or a what-if answers nothing; an uncertain emergency sign
    is asked about rather than taken or dropped."""

    scope: int = 8
    terminators: tuple[str, ...] = ()  # end every category's scope
    other_person: ContextCategory
    historical: ContextCategory
    hypothetical: ContextCategory
    uncertain: ContextCategory


class Dates(_Strict):
    """Relative dates read with the event's clock: "since Monday", "since the 3rd", "since Christmas"."""

    since: tuple[str, ...]  # words before a date that make it the start ("since", "from")
    last: tuple[str, ...] = ()  # "last Monday": the one of the week before
    weekdays: dict[str, int] = {}  # word -> 0 (Monday) .. 6
    weekend: tuple[str, ...] = ()  # "the weekend": its Saturday
    months: dict[str, int] = {}  # word -> 1..12
    ordinals: dict[str, int] = {}  # "3rd", "third" -> 3 (a day of the month)
    # Named days: "christmas" -> "12-25"; movable ones as rules, the latest date not after
    # today of any of them: "easter", "easter-2" (Good Friday), "05-w0#1" (May's first Monday),
    # "08-w0#-1" (August's last Monday), "2026-11-08" (a lunar feast, one date per year).
    days: dict[str, str] = {}
    starts: dict[str, int] = {}  # "the start of the month": phrase -> 1 (day of the month)
    last_month_parts: dict[str, int] = {}  # "the end of last month": phrase -> its day (25)
    month_starts: tuple[str, ...] = ()  # "the beginning of <month>": its 1st
    month_parts: dict[str, int] = {}  # "the middle of <month>": phrase -> its day (15)
    before_last: tuple[str, ...] = ()  # "the weekend before last": a week earlier
    last_before: tuple[str, ...] = ()  # before the day: "позапрошлые выходные" (the weekend before last)
    last_week: tuple[str, ...] = ()  # after a weekday: "Monday last week", "понедельника прошлой недели"
    # Words before a date that answer the duration question when it is asked ("в понедельник"),
    # never read from a story (it tells of other days: "on Monday I went to the gym").
    direct: tuple[str, ...] = ()
    this_month: tuple[str, ...] = ()  # after a day of the month: "the 20th of this month", "el 20 de este mes"
    # "since I got back on the 16th": a date introduced by one of these later in the clause
    at: tuple[str, ...] = ()
    articles: tuple[str, ...] = ("the",)  # before a date: "since the 3rd", "desde el día 3"
    of: tuple[str, ...] = ("of",)  # between a day and its month: "the 3rd of May", "el 3 de mayo"
    # A month said by where it lies from today, after a day or a part of a month: phrase -> months
    # back ("desde el 20 de este mes": 0, "desde finales del mes pasado": 1).
    relative_months: dict[str, int] = {}

    @field_validator("days")
    @classmethod
    def _day_rules(cls, days: dict[str, str]) -> dict[str, str]:
        for name, rules in days.items():
            for rule in rules.split(","):
                if not _DAY_RULE.fullmatch(rule.strip()):
                    raise ValueError(f"days.{name}: '{rule}' is no day rule (12-25, easter+1, 05-w0#1, 2026-11-08)")
        return days


def _folded(data: Any) -> Any:
    if isinstance(data, str):
        return fold(data.lower())
    if isinstance(data, dict):
        return {_folded(k): _folded(v) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return [_folded(v) for v in data]
    return data


class Vocabulary(_Strict):
    """Every word is kept lower-case and without accents, the form messages are read in."""

    @model_validator(mode="before")
    @classmethod
    def _fold_words(cls, data: Any) -> Any:
        return _folded(data)

    negators: tuple[str, ...]
    scope_breakers: tuple[str, ...]
    scope_length: int = 8
    # Words that may be left out inside a phrase ("almost all time", "as child"): a phrase
    # also matches without any of these after its first word (never shorter than two words).
    articles: tuple[str, ...] = ()
    # Negators that follow what they deny ("слабости нет", "debilidad tampoco"); they reach
    # back over phrases of the same question and `list_links` only. A "." in an entry also
    # matches the end of the message ("debilidad no.").
    negators_after: tuple[str, ...] = ()
    list_links: tuple[str, ...] = ()
    do_not_correct: tuple[str, ...] = ()
    # Typos: one edit is corrected in shorter words, two from this length on. A language whose
    # endings inflect (Spanish verbs) sets it higher: real words lie two edits from each other.
    typo_two_edits_from: int = Field(default=6, ge=4)
    # Letters a typo correction may change (empty: any). Russian sets its vowels and signs: real
    # words there lie one consonant apart ("пасха"/"паха", "катаю"/"какаю").
    typo_letters: str = ""
    # Chat spellings read as the word they stand for before typo correction ("n": "and").
    spellings: dict[str, str] = {}
    # Hedges ("a bit") are unsure only on their own, not before a word they modify ("a bit tired").
    hedges: tuple[str, ...] = ()
    # Phrases that make any answer unsure ("what do you mean").
    unsure: tuple[str, ...] = ()
    # A clause is a question about the options when it starts with one of `question_words`
    # (first clause, or ending in "?") or with one of `question_verbs` and ends in "?".
    question_words: tuple[str, ...] = ()
    question_verbs: tuple[str, ...] = ()
    # Words between option numbers typed for a several-choice question ("1 and 3").
    number_links: tuple[str, ...] = (",",)
    # A clause starting with one of these is a hedge, not a question ("could be stress?").
    hedge_starts: tuple[str, ...] = ()
    # Words allowed between a symptom and a place that only locates it ("in", "around").
    place_links: tuple[str, ...] = ()
    # A span of time right before one of these dates something else when a trigger comes first
    # in the clause ("started a new pill 2 weeks ago"), unless `since` does.
    ago_words: tuple[str, ...] = ()
    # The same, for languages that put the words before the span ("empecé el gym hace un mes").
    ago_before: tuple[str, ...] = ()
    # Words right after such a span that date the twitching from it too ("y desde entonces").
    since_then: tuple[str, ...] = ()
    since_words: tuple[str, ...] = ()
    emergency_unsure: tuple[str, ...] = ()
    # Words around a short answer that say nothing ("um", "lol", "mate"): "um no??", "No sir."
    fillers: tuple[str, ...] = ()
    change: Change | None = None
    context: Context | None = None
    dates: Dates | None = None
    # Answers to a yes/no question (narrowing questions). `no` phrases also answer "none"
    # to every several-choice question ("don't think so", "nope, none").
    yes: tuple[str, ...] = ()
    no: tuple[str, ...] = ()
    not_sure: tuple[str, ...] = ()
    # Words that are a "no" only when they are the whole message (Russian "не": elsewhere it
    # negates the word after it, "не могу ходить").
    bare_no: tuple[str, ...] = ()
    # Words that answer "none" to a several-choice question only at the end of their clause
    # ("no.", "no, nada"): before other words they deny those words (Spanish "la pierna no me da"
    # says something about the leg, not "none of these").
    clause_no: tuple[str, ...] = ()
    # Words right after a phrase that assert it, whatever negator came before ("hormigueo no, dolor sí");
    # a "." also matches the end of the message, as in `negators_after`.
    affirm_after: tuple[str, ...] = ()
    # Words that name a topic of the article a person may ask about ("is it MS?"):
    # topic id (dialogs/article.yaml) -> phrases.
    topics: dict[str, tuple[str, ...]] = {}
    # Words that say the person is frightened (after an emergency result: the advice again).
    scared: tuple[str, ...] = ()
    questions: dict[str, QuestionWords]
    durations: Durations
    frequencies: Frequencies
