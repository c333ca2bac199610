"""The follow-ups' words of one locale (the `followups:` key of content/<locale>/messages.yaml),
and their cross-check against dialogs/followups.yaml."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from bot.engine.followup_rules import FollowupRules, JudgementRule


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class OfferText(_Strict):
    prompt: str = Field(min_length=1)
    choices: dict[str, str]
    scheduled: str  # {when}
    declined: str
    expired: str
    console_note: str = Field(min_length=1)  # the console cannot write later: when it asks instead


class CheckInText(_Strict):
    opening: str  # {days}
    opening_late: str  # {days}
    dropped: str  # {when}
    questions: dict[str, str]
    options: dict[str, dict[str, str]]
    none_label: str
    saw_doctor: dict[str, str]  # said after the answer to "did you manage to see someone?"
    closed: str
    again: str
    advice_intro: str
    not_understood: str
    not_now: str


class DiaryText(_Strict):
    prompt: str
    levels: dict[str, str]
    triggers_prompt: str
    skip_button: str
    saved: str  # {day} {level} {triggers}
    persistent: str


class HistoryText(_Strict):
    title: str  # {days}: the count in words, LocaleContent.count("days", n)
    empty: str
    legend: str
    not_logged: str


class SummaryText(_Strict):
    title: str
    intro: str
    first_noticed: str
    first_noticed_unknown: str
    answers: str
    diary: str
    diary_none: str
    results: str
    checkins: str
    medicines: str
    medicines_yes: str
    medicines_none: str
    footer: str
    empty: str
    document_caption: str


class FollowupText(_Strict):
    offer: OfferText
    checkin: CheckInText
    reasons: dict[str, str]
    diary: DiaryText
    history: HistoryText
    summary: SummaryText
    date_format: str  # {day} {month} {year}; months below
    months: tuple[str, ...] = Field(min_length=12, max_length=12)


def check_followup_text(rules: FollowupRules, text: FollowupText, triage_reasons: set[str]) -> list[str]:
    """Key paths under `followups.` that the locale lacks or has in excess."""
    errors: list[str] = []

    def same_keys(path: str, have: object, want: tuple[str, ...]) -> None:
        keys = tuple(have) if isinstance(have, dict) else ()
        errors.extend(f"followups.{path}.{k}: missing" for k in want if k not in keys)
        errors.extend(f"followups.{path}.{k}: not an id of dialogs/followups.yaml" for k in keys if k not in want)

    same_keys("offer.choices", text.offer.choices, tuple(rules.offer.choices))
    same_keys("checkin.questions", text.checkin.questions, rules.checkin.order)
    for qid, question in rules.checkin.questions.items():
        labels = text.checkin.options.get(qid)
        if labels is None:
            errors.append(f"followups.checkin.options.{qid}: missing")
            continue
        same_keys(f"checkin.options.{qid}", labels, question.options)
    same_keys("checkin.options", text.checkin.options, rules.checkin.order)
    if "saw_doctor" in rules.checkin.questions:
        same_keys("checkin.saw_doctor", text.checkin.saw_doctor, rules.checkin.questions["saw_doctor"].options)
    own = {r.reason for r in rules.judgement.rules if isinstance(r, JudgementRule) and r.reason}
    same_keys("reasons", text.reasons, tuple(sorted(own)))
    for rule in rules.judgement.rules:
        for reason in rules.judgement.reasons_of(rule):
            if reason not in own and reason not in triage_reasons:
                errors.append(f"followups.reasons.{reason}: missing (and not a reason of triage)")
    same_keys("diary.levels", text.diary.levels, rules.diary.levels)
    return errors
