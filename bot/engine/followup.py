"""A person's follow-up record and the pure rules over it: onset, the offer after a result,
and the judgement of a check-in with the whole history (issue 14).

The record is plain data, serialised to JSON by the store; every function here takes
the time as an argument and returns new values.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from bot.engine.diary import DiaryEntry, logged_span_days
from bot.engine.followup_rules import FollowupRules, JudgementRule, When

DAY = 86400.0
Outcome = Literal["advice", "closed", "again"]


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CheckRecord(_Frozen):
    """A finished check: its answers and result, kept for the check-ins and the summary."""

    at: float
    answers: dict[str, tuple[str, ...]]
    level: str
    reasons: tuple[str, ...]
    token: str = ""  # the offer shown with it: accepting twice records it once


class CheckInRecord(_Frozen):
    """An answered check-in and how it was judged."""

    at: float
    due_at: float
    answers: dict[str, tuple[str, ...]]
    outcome: Outcome
    level: str | None
    reasons: tuple[str, ...]
    late: bool = False


class Pending(_Frozen):
    """A check-in that will be sent at `due_at`."""

    id: str
    due_at: float
    origin_level: str
    offered_at: float


class Conversation(_Frozen):
    """A check-in being answered: the question asked and what was answered so far."""

    id: str
    due_at: float
    origin_level: str
    question: str
    answers: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    draft: tuple[str, ...] = ()
    late: bool = False
    version: int = 0


class FollowUp(_Frozen):
    """Everything follow-ups keep about one person. Opt-in: created only when a check-in
    is accepted or a diary entry is logged."""

    schema_version: Literal[1] = 1
    locale: str = "en"
    onset_at: float | None = None
    first_noticed: str | None = None  # the duration answer the onset came from
    checks: tuple[CheckRecord, ...] = ()
    checkins: tuple[CheckInRecord, ...] = ()
    offer: str | None = None  # id of the open offer (buttons carry it; stale otherwise)
    offer_level: str | None = None
    pending: Pending | None = None
    conversation: Conversation | None = None
    dropped: tuple[float, ...] = ()  # due times of check-ins dropped as too late: told next time

    def to_json(self) -> str:
        return self.model_dump_json()

    @classmethod
    def from_json(cls, data: str | bytes) -> FollowUp:
        return cls.model_validate_json(data)


KEEP_CHECKS = 20  # the summary needs the recent past, not every check ever done


def onset_from(rules: FollowupRules, duration: Sequence[str], at: float) -> float | None:
    """The earliest the twitching can have started, from the duration answer given at `at`."""
    days = [rules.onset.duration_days[d] for d in duration if d in rules.onset.duration_days]
    return at - max(days) * DAY if days else None


def record_check(rules: FollowupRules, record: FollowUp, answers: Mapping[str, Sequence[str]],
                 level: str, reasons: Sequence[str], now: float, offer_id: str) -> FollowUp:
    """A check just ended: remember it, move the onset earlier if it says so, open the offer."""
    frozen = {k: tuple(v) for k, v in answers.items()}
    onset = onset_from(rules, frozen.get("duration", ()), now)
    first = record.first_noticed
    if onset is not None and (record.onset_at is None or onset < record.onset_at):
        first = frozen["duration"][0]
    else:
        onset = record.onset_at
    check = CheckRecord(at=now, answers=frozen, level=level, reasons=tuple(reasons), token=offer_id)
    offered = level in rules.offer.after_levels
    return record.model_copy(update={
        "onset_at": onset, "first_noticed": first, "checks": (*record.checks, check)[-KEEP_CHECKS:],
        "offer": offer_id if offered else None, "offer_level": level if offered else None,
    })


def offers_checkin(rules: FollowupRules, level: str) -> bool:
    return level in rules.offer.after_levels


@dataclass(frozen=True, slots=True)
class Verdict:
    """How a check-in was judged: advice at a level with reasons, a kind close, or
    another check-in offered. `sources` quotes the passages the reasons rest on."""

    outcome: Outcome
    level: str | None
    reasons: tuple[str, ...]
    sources: tuple[str, ...]


def _holds(when: When, answers: Mapping[str, tuple[str, ...]], onset_at: float | None,
           diary: Sequence[DiaryEntry], now: float, quiet: str) -> bool:
    if any(set(answers.get(q, ())) & set(opts) for q, opts in when.unless.items()):
        return False
    if when.answer is not None:
        return bool(set(answers.get(when.answer, ())) & set(when.any_of))
    if when.onset_over_days is not None:
        return onset_at is not None and now - onset_at > when.onset_over_days * DAY
    assert when.logged_over_days is not None
    return logged_span_days(diary, quiet) > when.logged_over_days


def judge(rules: FollowupRules, levels: Sequence[str], answers: Mapping[str, tuple[str, ...]],
          onset_at: float | None, diary: Sequence[DiaryEntry], now: float) -> Verdict:
    """Every rule that holds adds its reasons; the most severe level wins. No rule: gone
    closes, anything else offers another check-in. `levels` is triage's order, worst first."""
    j = rules.judgement
    quiet = rules.diary.levels[0]
    fired: list[JudgementRule] = [r for r in j.rules if _holds(r.when, answers, onset_at, diary, now, quiet)]
    if fired:
        level = min((r.level for r in fired), key=levels.index)
        matched = set()
        for rule in fired:
            if rule.reason:
                matched.add(rule.reason)
            else:
                assert rule.when.answer is not None
                matched |= set(answers.get(rule.when.answer, ())) & set(rule.when.any_of)
        reasons = tuple(r for r in j.reason_order if r in matched)
        sources = tuple(dict.fromkeys(r.source for r in fired))
        return Verdict("advice", level, reasons, sources)
    if _holds(j.close.when, answers, onset_at, diary, now, quiet):
        return Verdict("closed", None, (), (j.close.source,))
    return Verdict("again", None, (), ())
