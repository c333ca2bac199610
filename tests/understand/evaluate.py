"""The understanding evaluation: accuracy per question on tests/understand/eval_set.yaml.

Run with `make eval` (prints the table and the misses) and from the tests (asserts it).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.catalog import load_bundle
from bot.engine.bundle import Bundle

EVAL_FILE = Path(__file__).with_name("eval_set.yaml")
UNKNOWN = "unknown"


@dataclass
class Report:
    total: Counter[str] = field(default_factory=Counter)
    right: Counter[str] = field(default_factory=Counter)
    misses: list[tuple[str, str, str, str]] = field(default_factory=list)  # q, text, expected, got
    emergency_missed: list[str] = field(default_factory=list)
    deferred: list[str] = field(default_factory=list)

    def accuracy(self, q: str) -> float:
        return self.right[q] / self.total[q] if self.total[q] else 1.0


def _fmt(value: Any) -> str:
    if value is None:
        return UNKNOWN
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(value) + "]"
    return str(value)


def evaluate(bundle: Bundle | None = None, path: Path = EVAL_FILE, locale: str = "en") -> Report:
    bundle = bundle or load_bundle()
    understanding = bundle.content(locale).understanding
    items = yaml.safe_load(path.read_text(encoding="utf-8"))
    report = Report()
    for item in items:
        q, text, expect = item["q"], item["text"], item["expect"]
        if q == "story":
            _story(report, understanding, text, expect)
            continue
        reading = understanding.interpret(q, text)
        got = reading.answer
        wanted_signs = set(item.get("emergency", []))
        if q == "emergency" and expect != UNKNOWN:
            wanted_signs |= set(expect)
        missed_signs = wanted_signs - set(reading.emergency)
        if missed_signs:
            report.emergency_missed.append(f"[{q}] {text!r}: missed {sorted(missed_signs)}")
        report.total[q] += 1
        expected = None if expect == UNKNOWN else tuple(expect)
        ok = (got is None) if expected is None else (got is not None and set(got) == set(expected))
        if wanted_signs and not missed_signs and q != "emergency":
            ok = ok or True  # the emergency ends the check: the answer to q no longer matters
        if ok:
            report.right[q] += 1
        else:
            report.misses.append((q, text, _fmt(expected), _fmt(got)))
    return report


def _story(report: Report, understanding: Any, text: str, expect: dict[str, list[str]]) -> None:
    reading = understanding.interpret("emergency", text)
    report.total["story"] += 1
    wrong = []
    for qid, wanted in expect.items():
        if qid == "emergency":
            if set(wanted) - set(reading.emergency):
                report.emergency_missed.append(f"[story] {text!r}")
                wrong.append(qid)
            continue
        got = reading.story.get(qid)
        if got is None and qid == "symptoms" and wanted == []:
            report.deferred.append(text)  # "no symptoms" in a story: asked again, by design
            continue
        if got is None or set(got) != set(wanted):
            wrong.append(qid)
    extra = [qid for qid in reading.story if qid not in expect]
    if wrong or extra:
        report.misses.append(("story", text, _fmt(expect), _fmt(dict(reading.story))))
    else:
        report.right["story"] += 1


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description="Accuracy per question on a labelled phrase set.")
    parser.add_argument("--locale", default="en", help="content locale to read with, e.g. es")
    parser.add_argument("--set", type=Path, default=None, help="phrase set (default: the English eval set)")
    parser.add_argument("--conversations", type=Path, default=None, help="typed conversations to run too")
    args = parser.parse_args(argv)
    bundle = load_bundle()
    report = evaluate(bundle, path=args.set or EVAL_FILE, locale=args.locale)
    print(f"{'question':<12}{'right':>7}{'total':>7}{'accuracy':>10}")
    for q in ["emergency", "frequency", "duration", "course", "triggers", "symptoms", "story"]:
        print(f"{q:<12}{report.right[q]:>7}{report.total[q]:>7}{report.accuracy(q):>10.1%}")
    print(f"emergency phrases missed: {len(report.emergency_missed)}")
    for line in report.emergency_missed:
        print("  MISSED", line)
    if report.misses:
        print("\nconfusion of misses (question | expected -> got | text):")
        confusion: dict[tuple[str, str, str], list[str]] = defaultdict(list)
        for q, text, expected, got in report.misses:
            confusion[(q, expected, got)].append(text)
        for (q, expected, got), texts in sorted(confusion.items()):
            print(f"  {q} | {expected} -> {got} | {len(texts)}x: " + " / ".join(repr(t) for t in texts))
    if report.deferred:
        print(f"\nstory 'no symptoms' asked again by design: {len(report.deferred)}")
    if args.conversations:
        from tests.understand.conversations_eval import evaluate_conversations, print_conversations

        print_conversations(evaluate_conversations(bundle, args.conversations, args.locale))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
