"""The twitch diary: one entry per day (how much, and that day's triggers), from /log, from
a check's frequency answer or from a check-in. Pure: days are counted from the epoch (UTC)
and `today` is passed in."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict

from bot.engine.followup_rules import Diary

DAY_SECONDS = 86400.0
Source = Literal["log", "check", "checkin"]
SPARK = "▁▃▅█"  # one block per level, least first
NOT_LOGGED = "·"


class DiaryEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    day: int  # days since 1970-01-01 (UTC)
    level: str
    triggers: tuple[str, ...] = ()
    source: Source = "log"


def day_of(now: float) -> int:
    return int(now // DAY_SECONDS)


def logged_span_days(entries: Sequence[DiaryEntry], quiet: str = "none") -> int:
    """Days between the first and the last day with twitching logged (0 with fewer than two)."""
    days = [e.day for e in entries if e.level != quiet]
    return max(days) - min(days) if days else 0


def merged(entries: Sequence[DiaryEntry], entry: DiaryEntry) -> tuple[DiaryEntry, ...]:
    """The diary with `entry` in: a day has one entry, the latest; sorted by day."""
    kept = [e for e in entries if e.day != entry.day]
    return tuple(sorted((*kept, entry), key=lambda e: e.day))


def from_check(rules: Diary, answers: Mapping[str, Sequence[str]], now: float) -> DiaryEntry | None:
    """The day of a check as a diary entry: its frequency answer as the level, its triggers."""
    frequency = tuple(answers.get("frequency", ()))
    if not frequency or frequency[0] not in rules.from_frequency:
        return None
    return DiaryEntry(day=day_of(now), level=rules.from_frequency[frequency[0]],
                      triggers=tuple(answers.get("triggers", ())), source="check")


def from_checkin(rules: Diary, entries: Sequence[DiaryEntry], course: str, now: float) -> DiaryEntry:
    """A check-in's answer as today's entry: the last level moved by the course's steps
    (kept between the first level with twitching and the most), or the level it names."""
    move = rules.from_course[course]
    if isinstance(move, str):
        return DiaryEntry(day=day_of(now), level=move, source="checkin")
    levels = rules.levels
    earlier = [e for e in entries if e.day <= day_of(now)]
    last = levels.index(earlier[-1].level) if earlier else 1
    index = min(max(last + move, 1), len(levels) - 1)
    return DiaryEntry(day=day_of(now), level=levels[index], source="checkin")


def series(entries: Sequence[DiaryEntry], levels: Sequence[str], today: int, days: int) -> list[int | None]:
    """Level index for each of the last `days` days, oldest first; None where nothing was logged."""
    by_day = {e.day: levels.index(e.level) for e in entries if e.level in levels}
    return [by_day.get(d) for d in range(today - days + 1, today + 1)]


def sparkline(entries: Sequence[DiaryEntry], levels: Sequence[str], today: int, days: int) -> str:
    """The last `days` days as blocks (▁▃▅█) and dots for days not logged."""
    scale = len(SPARK) - 1
    out = []
    for value in series(entries, levels, today, days):
        out.append(NOT_LOGGED if value is None else SPARK[round(value * scale / (len(levels) - 1))])
    return "".join(out)


def within(entries: Sequence[DiaryEntry], today: int, days: int) -> tuple[DiaryEntry, ...]:
    return tuple(e for e in entries if today - days < e.day <= today)
