"""Triage: the rules of dialogs/triage.yaml as a model, and the pure `assess` function."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

Answers = Mapping[str, Sequence[str]]


class Condition(BaseModel):
    """Holds when the answer to `question` contains any of `any_of`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    question: str
    any_of: tuple[str, ...] = Field(min_length=1)
    source: str = Field(min_length=1)


class Rule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    level: str
    conditions: tuple[Condition, ...] = Field(min_length=1)


class Tips(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    question: str  # whose answer picks the tips (by_trigger keys are its options)
    by_trigger: dict[str, tuple[str, ...]]
    no_trigger: tuple[str, ...]
    order: tuple[str, ...]
    sources: dict[str, str]

    @model_validator(mode="after")
    def _tips_are_known(self) -> Tips:
        named = {t for tips in self.by_trigger.values() for t in tips} | set(self.no_trigger)
        for tip in sorted(named):
            if tip not in self.order:
                raise ValueError(f"order: tip '{tip}' is missing")
            if tip not in self.sources:
                raise ValueError(f"sources.{tip}: missing")
        return self


class TriageRules(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    levels: tuple[str, ...] = Field(min_length=1)
    default_level: str
    emergency_level: str
    rules: tuple[Rule, ...]
    reason_order: tuple[str, ...]
    tips: Tips

    @model_validator(mode="after")
    def _consistent(self) -> TriageRules:
        if self.default_level not in self.levels:
            raise ValueError(f"default_level: '{self.default_level}' is not in levels")
        if self.emergency_level not in self.levels:
            raise ValueError(f"emergency_level: '{self.emergency_level}' is not in levels")
        for i, rule in enumerate(self.rules):
            if rule.level not in self.levels:
                raise ValueError(f"rules.{i}.level: '{rule.level}' is not in levels")
            for j, cond in enumerate(rule.conditions):
                for option in cond.any_of:
                    if option not in self.reason_order:
                        raise ValueError(f"rules.{i}.conditions.{j}.any_of: '{option}' is not in reason_order")
        return self


@dataclass(frozen=True, slots=True)
class Assessment:
    """The outcome of a check: a level, why (reason ids) and what may help (tip ids)."""

    level: str
    reasons: tuple[str, ...]
    tips: tuple[str, ...]
    answers: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"level": self.level, "reasons": list(self.reasons), "tips": list(self.tips)}


def assess(rules: TriageRules, answers: Answers) -> Assessment:
    """Apply the rules to answers (question id -> chosen option ids; absent = unknown)."""
    level = rules.default_level
    matched: set[str] = set()
    for rule in sorted(rules.rules, key=lambda r: rules.levels.index(r.level)):
        fired = False
        for cond in rule.conditions:
            hit = set(answers.get(cond.question, ())) & set(cond.any_of)
            if hit:
                matched |= hit
                fired = True
        if fired and rules.levels.index(rule.level) < rules.levels.index(level):
            level = rule.level
    reasons = tuple(r for r in rules.reason_order if r in matched)
    if level == rules.emergency_level:
        tips: tuple[str, ...] = ()
    else:
        triggers = tuple(answers.get(rules.tips.question, ()))
        wanted: set[str] = set()
        for trigger in triggers:
            wanted |= set(rules.tips.by_trigger.get(trigger, ()))
        if not triggers:
            wanted = set(rules.tips.no_trigger)
        tips = tuple(t for t in rules.tips.order if t in wanted)
    frozen = {k: tuple(v) for k, v in answers.items()}
    return Assessment(level=level, reasons=reasons, tips=tips, answers=frozen)
