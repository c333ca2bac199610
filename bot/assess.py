"""`twitchcheck assess`: answers as JSON in, the assessment out, with exact error messages."""

from __future__ import annotations

import json
from typing import Any

from bot.engine import Bundle, assess
from bot.engine.result import result_text


class InputError(ValueError):
    """One line naming the field and the allowed values."""


def parse_answers(bundle: Bundle, raw: Any) -> dict[str, tuple[str, ...]]:
    if not isinstance(raw, dict):
        raise InputError("input: expected a JSON object with keys " + ", ".join(bundle.order))
    unknown = [k for k in raw if k not in bundle.dialog.questions]
    if unknown:
        raise InputError(f"{unknown[0]}: unknown field; allowed fields: " + ", ".join(bundle.order))
    answers: dict[str, tuple[str, ...]] = {}
    for qid in bundle.order:
        question = bundle.dialog.questions[qid]
        allowed = ", ".join(question.options)
        if qid not in raw:
            continue
        value = raw[qid]
        if question.multi:
            if isinstance(value, str):
                value = [value]
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise InputError(f"{qid}: expected a list of option ids (empty for none); allowed values: {allowed}")
            if value == ["none"]:
                value = []
        else:
            if isinstance(value, list) and len(value) == 1:
                value = value[0]
            if not isinstance(value, str):
                raise InputError(f"{qid}: expected one option id; allowed values: {allowed}")
            value = [value]
        bad = [v for v in value if v not in question.options]
        if bad:
            raise InputError(f"{qid}: '{bad[0]}' is not allowed; allowed values: {allowed}")
        answers[qid] = tuple(dict.fromkeys(value))
    first = bundle.order[0]
    has_sign = bool(answers.get(first))
    if not has_sign:
        missing = [q for q in bundle.order if q not in answers]
        if missing:
            q = missing[0]
            question = bundle.dialog.questions[q]
            kind = "a list of option ids (empty for none)" if question.multi else "one option id"
            raise InputError(f"{q}: missing; expected {kind}; allowed values: {', '.join(question.options)}")
    return answers


def assess_json(bundle: Bundle, text: str, locale: str) -> list[dict[str, Any]]:
    """Assess one JSON object, or JSON Lines (one object per line).

    Numbers are never answers; they are read as floats, so that a number of any length
    reaches the field check (which names the field) instead of Python's digit limit.
    """
    text = text.strip()
    if not text:
        raise InputError("input: empty; expected a JSON object or JSON Lines on stdin")
    try:
        items = [json.loads(text, parse_int=float)]
    except RecursionError:
        raise InputError("input: nested too deeply; expected a flat JSON object") from None
    except json.JSONDecodeError:
        items = []
        for n, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                items.append(json.loads(line, parse_int=float))
            except json.JSONDecodeError as exc:
                raise InputError(f"line {n}: not valid JSON ({exc.msg})") from None
            except RecursionError:
                raise InputError(f"line {n}: nested too deeply; expected a flat JSON object") from None
    out = []
    for raw in items:
        assessment = assess(bundle.triage, parse_answers(bundle, raw))
        out.append({**assessment.to_dict(), "text": result_text(bundle.result_view(locale, assessment))})
    return out
