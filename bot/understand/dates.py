"""Relative dates read with the clock the event carries: "since Monday", "since the 3rd",
"since Christmas", "since Easter", "since the bank holiday", "from the start of the month",
"since the end of April" as a number of days before `now`.

The words are locale data (`dates:` in the vocabulary). The calendar is a few lines of
arithmetic on day numbers (the proleptic Gregorian calendar, day 0 = 1970-01-01), so that
this package imports nothing that could read a clock (tests/engine/test_purity.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

from bot.understand.vocabulary import Dates

DAY = 86_400


class Date(NamedTuple):
    year: int
    month: int
    day: int

    def number(self) -> int:
        """Days since 1970-01-01 (H. Hinnant's days_from_civil)."""
        y = self.year - (self.month <= 2)
        era = (y if y >= 0 else y - 399) // 400
        yoe = y - era * 400
        doy = (153 * (self.month + (-3 if self.month > 2 else 9)) + 2) // 5 + self.day - 1
        doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
        return era * 146097 + doe - 719468

    @staticmethod
    def of(number: int) -> Date:
        z = number + 719468
        era = (z if z >= 0 else z - 146096) // 146097
        doe = z - era * 146097
        yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
        doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
        mp = (5 * doy + 2) // 153
        day = doy - (153 * mp + 2) // 5 + 1
        month = mp + (3 if mp < 10 else -9)
        return Date(yoe + era * 400 + (month <= 2), month, day)

    def weekday(self) -> int:
        return (self.number() + 3) % 7  # 1970-01-01 was a Thursday; Monday = 0


def _valid(year: int, month: int, day: int) -> Date | None:
    if not 1 <= month <= 12 or not 1 <= day <= 31:
        return None
    date = Date(year, month, day)
    return date if Date.of(date.number()) == date else None  # 31 November is no date


def _alternatives(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


class DateReader:
    def __init__(self, dates: Dates) -> None:
        self._d = dates
        since = _alternatives(dates.since)
        last = _alternatives(dates.last) or "(?!)"
        weekday = _alternatives([*dates.weekdays, *dates.weekend]) or "(?!)"
        month = _alternatives(dates.months) or "(?!)"
        ordinal = _alternatives(dates.ordinals) or "(?!)"
        fixed = _alternatives(dates.days) or "(?!)"
        starts = _alternatives(dates.starts) or "(?!)"
        last_month = _alternatives(dates.last_month_parts) or "(?!)"
        the = rf"(?:(?:{_alternatives(dates.articles)})\s+)?"  # "since the 3rd", "desde el 3"
        of = _alternatives(dates.of) or "(?!)"
        month_starts = _alternatives([*dates.month_starts, *dates.month_parts]) or "(?!)"
        before_last = _alternatives(dates.before_last) or "(?!)"
        last_before = _alternatives(dates.last_before) or "(?!)"
        last_week = _alternatives(dates.last_week) or "(?!)"
        this_month = _alternatives(dates.this_month) or "(?!)"
        at = _alternatives(dates.at) or "(?!)"
        relative = _alternatives(dates.relative_months) or "(?!)"
        # "finales del mes pasado": a part of a month may lose its "of" word into the next one ("del")
        part_heads = _alternatives({*dates.month_starts, *dates.month_parts, *(
            p.rsplit(" ", 1)[0] for p in (*dates.month_starts, *dates.month_parts)
            if " " in p and p.rsplit(" ", 1)[1] in dates.of)}) or "(?!)"
        date = (
            rf"(?:(?P<weekday>{weekday})(?:\s+(?P<before>{before_last})|\s+(?P<week>{last_week}))?"
            # "desde el lunes 16 (de noviembre)": the day of the month says which Monday
            rf"(?:\s+(?P<wday_num>3[01]|[12]?\d)(?:\s+(?:(?:{of})\s+)?(?P<wday_month>{month}))?(?!\s*[^\W\d_]))?"
            rf"|(?P<start>{starts})"
            rf"|(?P<lstart>{last_month})"
            rf"|(?P<mstart>{month_starts})\s+(?P<smonth>{month})"
            rf"|(?P<rstart>{part_heads})\s+(?P<rmonth>{relative})"
            rf"|(?P<fixed>{fixed})"
            rf"|(?P<ord>{ordinal})(?:\s+(?:(?:{of})\s+)?(?P<ord_month>{month})|\s+(?P<ord_rel>{relative})|\s+(?:{this_month}))?"
            rf"|(?P<month>{month})(?:\s+(?:the\s+)?(?P<month_ord>{ordinal}))?"
            rf"|(?P<num>3[01]|[12]?\d)\.?\s+(?:(?:{of})\s+)?(?P<num_month>{month})"  # "since 8 Nov", "since 1. November"
            rf"|(?P<dnum>3[01]|[12]?\d)\s+(?:{this_month})"  # "с 20 числа", "desde el 20 de este mes"
            rf")\b"
        )
        lead = rf"(?:(?P<last>{last})\s+|(?P<prior>{last_before})\s+)?"  # "last Monday", "позапрошлой пятницы"
        direct = _alternatives(dates.direct) or "(?!)"
        self._pattern = re.compile(rf"\b(?:{since}|(?P<direct>{direct}))\s+{lead}{the}{date}")
        # "since my birthday on the 2nd": since ... on/in <date>, within the clause
        self._later = re.compile(rf"\b(?:{since})\b[^.,;!?]{{0,40}}?\b(?:{at})\s+{lead}{the}{date}")

    def days(self, text: str, now: float) -> list[tuple[float, int, int, bool]]:
        """(days before `now`, char start, char end, direct) for each date in `text` (normalised);
        `direct`: said as the answer to the duration question only ("в понедельник")."""
        today = Date.of(int(now // DAY))
        out: list[tuple[float, int, int, bool]] = []
        for pattern in (self._pattern, self._later):
            for m in pattern.finditer(text):
                if any(s <= m.start() < e for _, s, e, _ in out):
                    continue
                day = self._date(m, today)
                if day is not None and day <= today:
                    direct = pattern is self._pattern and m.group("direct") is not None
                    out.append((float(today.number() - day.number()), m.start(), m.end(), direct))
        return out

    def _date(self, m: re.Match[str], today: Date) -> Date | None:
        d = self._d
        if m.group("wday_num"):
            if m.group("wday_month"):
                return _latest(today, d.months[m.group("wday_month")], int(m.group("wday_num")))
            return _day_of_month(today, int(m.group("wday_num")))
        if m.group("weekday"):
            word = m.group("weekday")
            weekday = d.weekdays.get(word, 5)  # "the weekend": its Saturday
            back = (today.weekday() - weekday) % 7 or 7
            if (m.group("last") and word in d.weekdays or m.group("week")) and back <= today.weekday():
                back += 7  # "last Tuesday" or "Tuesday last week" on a Thursday: the week before
            if m.group("before") or m.group("prior"):
                back += 7  # "the weekend before last", "позапрошлая пятница": the one before the latest
            return Date.of(today.number() - back)
        if m.group("rstart"):
            head = m.group("rstart")
            part = next((v for k, v in d.month_parts.items() if k == head or k.startswith(head + " ")), 1)
            return _months_back(today, d.relative_months[m.group("rmonth")], part)
        if m.group("mstart"):
            return _latest(today, d.months[m.group("smonth")], d.month_parts.get(m.group("mstart"), 1))
        if m.group("start"):
            return _valid(today.year, today.month, d.starts[m.group("start")])
        if m.group("lstart"):
            month = today.month - 1 or 12
            return _valid(today.year - (month == 12), month, d.last_month_parts[m.group("lstart")])
        if m.group("fixed"):
            return _latest_of(today, d.days[m.group("fixed")])
        if m.group("ord"):
            day_of = d.ordinals[m.group("ord")]
            month_word = m.group("ord_month")
            if month_word:
                return _latest(today, d.months[month_word], day_of)
            if m.group("ord_rel"):
                return _months_back(today, d.relative_months[m.group("ord_rel")], day_of)
            return _day_of_month(today, day_of)
        if m.group("num"):
            return _latest(today, d.months[m.group("num_month")], int(m.group("num")))
        if m.group("dnum"):
            return _day_of_month(today, int(m.group("dnum")))
        month = d.months[m.group("month")]
        return _latest(today, month, d.ordinals.get(m.group("month_ord") or "", 1))


def _latest_of(today: Date, rules: str) -> Date | None:
    """The latest date not after today that one of `rules` gives (see `Dates.days`)."""
    found = [day for rule in rules.split(",") for year in (today.year, today.year - 1)
             if (day := _on(rule.strip(), year)) is not None and day <= today]
    return max(found) if found else None


def _on(rule: str, year: int) -> Date | None:
    """The date a rule gives in `year`: "12-25"; "easter", "easter-2"; "05-w0#1" (May's first
    Monday), "05-w0#-1" (its last); "2026-11-08" (a date of that year only)."""
    if rule.startswith("easter"):
        return Date.of(_easter(year).number() + int(rule[len("easter"):] or 0))
    parts = rule.split("-", 2)
    if len(parts) == 3 and len(parts[0]) == 4:
        return _valid(year, int(parts[1]), int(parts[2])) if int(parts[0]) == year else None
    month, day = rule[:2], rule[3:]
    if day.startswith("w"):
        weekday, _, nth = day[1:].partition("#")
        return _nth_weekday(year, int(month), int(weekday), int(nth))
    return _valid(year, int(month), int(day))


def _easter(year: int) -> Date:
    """Western Easter Sunday (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    g = (b - (b + 8) // 25 + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return Date(year, month, day + 1)


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> Date | None:
    """The nth `weekday` (0 = Monday) of a month; a negative nth counts from its end."""
    if nth > 0:
        first = Date(year, month, 1)
        return _valid(year, month, 1 + (weekday - first.weekday()) % 7 + 7 * (nth - 1))
    last = next(d for d in (31, 30, 29, 28) if _valid(year, month, d))
    end = Date(year, month, last)
    return _valid(year, month, last - (end.weekday() - weekday) % 7 + 7 * (nth + 1))


def _day_of_month(today: Date, day: int) -> Date | None:
    """The latest date with this day of the month that is not after today."""
    month = today.month if day <= today.day else today.month - 1 or 12
    year = today.year if month <= today.month else today.year - 1
    return _valid(year, month, day)


def _months_back(today: Date, back: int, day: int) -> Date | None:
    """This day of the month `back` months before today's month (None if it is no date)."""
    index = today.year * 12 + today.month - 1 - back
    return _valid(index // 12, index % 12 + 1, day)


def _latest(today: Date, month: int, day: int) -> Date | None:
    """The latest date with this month and day that is not after today."""
    this_year = _valid(today.year, month, day)
    if this_year is not None and this_year <= today:
        return this_year
    return _valid(today.year - 1, month, day)
