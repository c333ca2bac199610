"""When a check-in is due, and whether one found due is on time, late or too late.
Pure arithmetic on epoch seconds by the bot's clock (UTC); the time is passed in."""

from __future__ import annotations

from typing import Literal

from bot.engine.followup_rules import Schedule

DAY = 86400.0
HOUR = 3600.0
Timeliness = Literal["on_time", "late", "drop"]


def _at_night(schedule: Schedule, hour: float) -> bool:
    start, end = schedule.night.from_hour, schedule.night.to_hour
    if start > end:  # the night spans midnight (21 -> 9)
        return hour >= start or hour < end
    return start <= hour < end


def due_at(schedule: Schedule, check_at: float, days: int) -> float:
    """`days` after the check, at the same time of day; a time that falls in the night
    moves on to the night's end (the next morning)."""
    due = check_at + days * DAY
    hour = (due % DAY) / HOUR
    if not _at_night(schedule, hour):
        return due
    midnight = due - due % DAY
    morning = midnight + schedule.night.to_hour * HOUR
    return morning if morning > due else morning + DAY


def timeliness(schedule: Schedule, due: float, now: float) -> Timeliness:
    """On time, late (the message says so) or too late (dropped, and said so next time)."""
    behind = now - due
    if behind > schedule.drop_after_hours * HOUR:
        return "drop"
    if behind > schedule.late_after_hours * HOUR:
        return "late"
    return "on_time"


def sendable_now(schedule: Schedule, now: float) -> bool:
    """Late check-ins wait for the morning too: nothing is sent at night."""
    return not _at_night(schedule, (now % DAY) / HOUR)
