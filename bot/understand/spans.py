"""Numbers in answers: spans of time ("10 days") and rates ("twice a day")."""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.understand.text import expand
from bot.understand.vocabulary import Durations, Frequencies


def _alternatives(words: Iterable[str]) -> str:
    """A regex alternation of the words, longest first; one that never matches if none."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) or "(?!)"


class SpanReader:
    """Reads `[more than] N unit(s)` as days, and `N times a period` as a frequency option."""

    def __init__(self, durations: Durations, frequencies: Frequencies) -> None:
        self._d = durations
        self._f = frequencies
        self._strictly_more = frozenset(durations.strictly_more)
        num = rf"(?P<n>\d+(?:\.\d+)?|{_alternatives(durations.numbers)})"
        units = _alternatives(durations.units)
        more = _alternatives(durations.more_than)
        less = _alternatives(durations.less_than)
        ranges = _alternatives(durations.ranges)
        halves = _alternatives(durations.halves)
        self._duration = re.compile(
            rf"\b(?:(?P<more>{more})\s+|(?P<less>{less})\s+)?{num}\s*(?:{ranges})?\s*(?:(?P<n2>\d+)\s*)?"
            rf"(?P<u>{units})\b(?P<half>\s+(?:{halves}))?"
        )
        self._unit_first = re.compile(
            # never "неделя три раз" (a count per week): a unit first is a span only when no
            # other unit nor a times word ("раз") follows its number
            rf"\b(?:(?P<more>{more})\s+|(?P<less>{less})\s+)?(?P<u>{units})\s+{num}\b"
            rf"(?!\s*(?:{units}|{_alternatives(frequencies.times_words)})\b)"
        ) if durations.unit_first else None
        before = [p for text in durations.ages_before for p in expand(text)]
        self._age_before = re.compile(rf"\b(?:{_alternatives(before)})\s+$")
        self._age_units = frozenset(durations.age_units)
        self._duration_phrases = re.compile(_alternatives(durations.phrases)) if durations.phrases else None
        counts = _alternatives(frequencies.counts)
        times = _alternatives(frequencies.times_words)
        periods = _alternatives(frequencies.periods)
        per = _alternatives(frequencies.per)
        self._rate = re.compile(
            rf"\b(?P<n>\d+|{counts})\s*(?:(?:{times})\s*)?(?:{per})\s+(?P<p>{periods})s?\b"
        )
        every = _alternatives(frequencies.every)
        every_counts = _alternatives(frequencies.every_counts)
        self._every = re.compile(rf"\b(?:{every})\s+(?P<n>\d+|{every_counts})?\s*(?P<p>{periods})s?\b")

    def days(self, text: str) -> list[tuple[float, int, int]]:
        """(days, char start, char end) for each span of time in `text` (already normalised)."""
        out: list[tuple[float, int, int]] = []
        if self._duration_phrases:
            for m in self._duration_phrases.finditer(text):
                out.append((self._d.phrases[m.group(0)], m.start(), m.end()))
        for m in self._duration.finditer(text):
            if any(s <= m.start() < e for _, s, e in out):
                continue
            if text[m.end():].split(" ", 2)[1:2] and text[m.end():].split(" ", 2)[1] in self._d.ages:
                continue  # "a 3 month old": an age
            if self._is_age(text, m):
                continue
            out.append((self._span_days(m), m.start(), m.end()))
        if self._unit_first:
            for m in self._unit_first.finditer(text):  # "недели три"
                if not any(s <= m.start() < e or m.start() <= s < m.end() for _, s, e in out):
                    out.append((self._span_days(m), m.start(), m.end()))
        return out

    def _span_days(self, m: re.Match[str]) -> float:
        """Days in a matched span: its number times its unit, a half added, "over" or "under" it."""
        groups = m.groupdict()
        raw = groups.get("n2") or m.group("n")
        number = float(raw) if raw[0].isdigit() else self._d.numbers[raw]
        unit = self._d.units[m.group("u")]
        days = number * unit
        if groups.get("half"):
            days += 0.5 * unit
        if groups.get("more") in self._strictly_more:
            days += 0.5
        elif groups.get("less"):
            days -= 0.5
        return days

    def _is_age(self, text: str, m: re.Match[str]) -> bool:
        """"tengo 67 años", "un bebé de tres meses": an age said before the number."""
        return m.group("u") in self._age_units and not (m.group("more") or m.group("less")) \
            and self._age_before.search(text, max(0, m.start() - 30), m.start()) is not None

    def ages(self, text: str) -> list[tuple[int, int]]:
        """(char start, char end) of each age said before its number: it dates nothing."""
        out = []
        for m in self._duration.finditer(text):
            if self._is_age(text, m):
                before = self._age_before.search(text, max(0, m.start() - 30), m.start())
                out.append((before.start() if before else m.start(), m.end()))
        return out

    def rate(self, text: str) -> list[tuple[str, int, int]]:
        """(frequency option, char start, char end) for "twice a day", "every 5 minutes"..."""
        out: list[tuple[str, int, int]] = []
        for m in self._rate.finditer(text):
            raw = m.group("n")
            count = float(raw) if raw.isdigit() else self._f.counts.get(raw, 1)
            option = self._f.periods[m.group("p")]
            for busier in self._f.busier:  # "7 times a week" is daily
                if m.group("p") in busier.periods and count >= busier.at_least:
                    option = busier.option
            out.append((option, m.start(), m.end()))
        for m in self._every.finditer(text):
            period = m.group("p")
            option = self._f.periods[period]
            n = m.group("n")
            if n and (float(n) if n.isdigit() else self._f.counts.get(n, 0)) != 1:
                # every 2 days / few days / other day = weekly; every couple of hours = daily
                option = self._f.every_n.get(period, option)
            out.append((option, m.start(), m.end()))
        return out


DayCuts = tuple[tuple[str, float | None, bool], ...]  # (option, limit in days, limit included)


def duration_option(days: float, cuts: DayCuts) -> str:
    """The first option whose limit `days` is within (the dialog's `days:` cut-offs)."""
    for option, limit, included in cuts:
        if limit is None or days < limit or (included and days == limit):
            return option
    return cuts[-1][0]
