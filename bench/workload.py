"""The workload every benchmark drives: whole checks by buttons, varied per user."""

from __future__ import annotations

import random
from collections.abc import Callable

from bot.engine import Answer, Event, Session, Start
from bot.stores.base import SessionKey

Script = list[Callable[[float], Event]]

CHOICES = {
    "frequency": ["rarely", "weekly", "daily", "constant"],
    "duration": ["less_than_1_week", "1_to_2_weeks", "more_than_2_weeks"],
    "course": ["improving", "same", "worsening"],
    "triggers": ["none", "exercise", "caffeine", "stress", "sleep"],
    "symptoms": ["none", "pain", "numbness", "weakness"],
}
ORDER = ["frequency", "duration", "course", "triggers", "symptoms"]


def script(rng: random.Random, nonce: str = "b") -> Script:
    """Start, the emergency screen (none), then one answer per question: 7 turns."""
    steps: Script = [lambda now: Start(now, "en", nonce), lambda now: Answer(now, "en", "emergency", ("none",))]
    for qid in ORDER:
        option = rng.choice(CHOICES[qid])
        steps.append(lambda now, q=qid, o=option: Answer(now, "en", q, (o,)))
    return steps


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    k = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def mid_check(now: float, version: int = 4) -> Session:
    """A session part-way through a check: emergency, frequency and duration answered."""
    return Session(locale="en", nonce="n", status="asking", question="course",
                   answers={"emergency": (), "frequency": ("daily",), "duration": ("1_to_2_weeks",)},
                   history=("emergency", "frequency", "duration"), version=version, created_at=now, updated_at=now)


def bench_key(i: int) -> SessionKey:
    return SessionKey("bench", f"{i:032x}", "-")
