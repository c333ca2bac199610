"""What the follow-up tests share: a fixed afternoon, a check's answers, a clock the test
moves, and the shipped rules without a night (for tests that run at any hour)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from bot.engine import Bundle

DAY = 86400.0
T0 = dt.datetime(2026, 11, 25, 14, 30, tzinfo=dt.UTC).timestamp()  # a Wednesday afternoon, UTC
# A finished check ending in self-care: daily for one to two weeks, the same, after coffee.
ANSWERS: dict[str, tuple[str, ...]] = {"emergency": (), "frequency": ("daily",), "duration": ("1_to_2_weeks",),
                                      "course": ("same",), "triggers": ("caffeine",), "symptoms": ()}


class Clock:
    """The time an injected clock reads: set `now` to move it."""

    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def without_night(bundle: Bundle) -> Bundle:
    """The shipped rules with no night, so a test sends at any hour it runs."""
    assert bundle.followups is not None
    rules = bundle.followups
    night = rules.schedule.night.model_copy(update={"from_hour": 0, "to_hour": 0})
    schedule = rules.schedule.model_copy(update={"night": night})
    return dataclasses.replace(bundle, followups=rules.model_copy(update={"schedule": schedule}))
