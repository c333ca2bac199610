"""The understanding evaluation: accuracy per question on the phrase files, and scripted
conversations run through the engine (exact level, under- and over-triage, stuck, turns).

Run with `make eval` (prints the tables and the misses) and from the tests (asserts them).
Files: tests/understand/eval_set.yaml (the first set), tests/understand/fresh/ (a set written
by someone who never saw the vocabulary: phrases.yaml, conversations.yaml), tests/understand/heldout1/
(the first held-out set, measured once unseen, then tuned to: phrases.yaml, conversations.yaml).
"""

from __future__ import annotations

import inspect
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.catalog import load_bundle
from bot.engine.bundle import Bundle
from tests.understand.conversations import (
    MAX_TURNS,
    ConversationReport,
    clock,
    evaluate_conversations,
)

EVAL_FILE = Path(__file__).with_name("eval_set.yaml")
FRESH = Path(__file__).with_name("fresh")
FRESH_PHRASES = FRESH / "phrases.yaml"
FRESH_CONVERSATIONS = FRESH / "conversations.yaml"
HELDOUT1 = Path(__file__).with_name("heldout1")
HELDOUT1_PHRASES = HELDOUT1 / "phrases.yaml"
HELDOUT1_CONVERSATIONS = HELDOUT1 / "conversations.yaml"
SCRIPTED = Path(__file__).with_name("scripted")  # sets written unseen, since read (scripted/README.md)
QUESTIONS = ["emergency", "frequency", "duration", "course", "triggers", "symptoms", "story"]
UNKNOWN = "unknown"


@dataclass
class Report:
    total: Counter[str] = field(default_factory=Counter)
    right: Counter[str] = field(default_factory=Counter)
    misses: list[tuple[str, str, str, str]] = field(default_factory=list)  # q, text, expected, got
    emergency_missed: list[str] = field(default_factory=list)
    deferred: list[str] = field(default_factory=list)
    emergency_asked: list[str] = field(default_factory=list)
    tags: Counter[str] = field(default_factory=Counter)
    tags_right: Counter[str] = field(default_factory=Counter)

    def accuracy(self, q: str) -> float:
        return self.right[q] / self.total[q] if self.total[q] else 1.0


def _fmt(value: Any) -> str:
    if value is None:
        return UNKNOWN
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(value) + "]"
    return str(value)


def _now(item: dict[str, Any]) -> float:
    return clock(item.get("now"))


def _reads_dates(understanding: Any) -> bool:
    """Whether this understanding takes the clock (the code before issue 11 did not)."""
    return "now" in inspect.signature(understanding.interpret).parameters


def _interpret(understanding: Any, q: str | None, text: str, now: float) -> Any:
    if _reads_dates(understanding):
        return understanding.interpret(q, text, now=now)
    return understanding.interpret(q, text)


def evaluate(bundle: Bundle | None = None, path: Path = EVAL_FILE, locale: str = "en") -> Report:
    bundle = bundle or load_bundle()
    understanding = bundle.content(locale).understanding
    items = yaml.safe_load(path.read_text(encoding="utf-8"))
    report = Report()
    for item in items:
        q, text, expect = item["q"], item["text"], item["expect"]
        tag = str(item.get("tag", ""))
        report.tags[tag] += 1
        if q == "story":
            if _story(report, understanding, text, expect, _now(item)):
                report.tags_right[tag] += 1
            continue
        reading = _interpret(understanding, q, text, _now(item))
        got = reading.answer
        wanted_signs = set(item.get("emergency", []))
        if q == "emergency" and expect != UNKNOWN:
            wanted_signs |= set(expect)
        missed_signs = wanted_signs - set(reading.emergency)
        if missed_signs and reading.emergency_unsure:
            report.emergency_asked.append(f"[{q}] {text!r}")  # not taken, but the signs are asked about
            missed_signs = set()
        if missed_signs:
            report.emergency_missed.append(f"[{q}] {text!r}: missed {sorted(missed_signs)}")
        report.total[q] += 1
        expected = None if expect == UNKNOWN else tuple(expect)
        ok = (got is None) if expected is None else (got is not None and set(got) == set(expected))
        if wanted_signs and not missed_signs and q != "emergency":
            ok = True  # the emergency ends the check: the answer to q no longer matters
        if ok:
            report.right[q] += 1
            report.tags_right[tag] += 1
        else:
            report.misses.append((q, text, _fmt(expected), _fmt(got)))
    return report


def _story(report: Report, understanding: Any, text: str, expect: dict[str, list[str]], now: float) -> bool:
    reading = _interpret(understanding, "emergency", text, now)
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
        wanted_list = wanted if isinstance(wanted, list) else [wanted]
        if got is None or set(got) != set(wanted_list):
            wrong.append(qid)
    extra = [qid for qid in reading.story if qid not in expect]
    if wrong or extra:
        report.misses.append(("story", text, _fmt(expect), _fmt(dict(reading.story))))
        return False
    report.right["story"] += 1
    return True


def print_phrases(title: str, report: Report, misses: bool = True) -> None:
    print(f"\n== phrases: {title}")
    print(f"{'question':<12}{'right':>7}{'total':>7}{'accuracy':>10}")
    right = total = 0
    for q in QUESTIONS:
        right += report.right[q]
        total += report.total[q]
        print(f"{q:<12}{report.right[q]:>7}{report.total[q]:>7}{report.accuracy(q):>10.1%}")
    print(f"{'all':<12}{right:>7}{total:>7}{right / max(total, 1):>10.1%}")
    print("by family: " + ", ".join(f"{t or '-'} {report.tags_right[t]}/{n}" for t, n in sorted(report.tags.items())))
    print(f"emergency phrases missed: {len(report.emergency_missed)}; "
          f"not taken but asked about again: {len(report.emergency_asked)}")
    for line in report.emergency_missed:
        print("  MISSED", line)
    if misses and report.misses:
        print("confusion of misses (question | expected -> got | text):")
        confusion: dict[tuple[str, str, str], list[str]] = defaultdict(list)
        for q, text, expected, got in report.misses:
            confusion[(q, expected, got)].append(text)
        for (q, expected, got), texts in sorted(confusion.items()):
            print(f"  {q} | {expected} -> {got} | {len(texts)}x: " + " / ".join(repr(t) for t in texts))
    if report.deferred:
        print(f"story 'no symptoms' asked again by design: {len(report.deferred)}")


def print_conversations(title: str, report: ConversationReport, transcripts: bool = True) -> None:
    n = len(report.runs)
    longest, mean = report.turns()
    print(f"\n== conversations: {title}")
    print(f"exact level   {len(report.exact):>4}/{n}  {len(report.exact) / max(n, 1):.1%}")
    print(f"under-triaged {len(report.under):>4}/{n}")
    print(f"over-triaged  {len(report.over):>4}/{n}")
    print(f"stuck         {len(report.stuck):>4}/{n}  (no result after {MAX_TURNS} answers)")
    print(f"turns         max {longest}, mean {mean:.1f}; longer than {2 * report.questions}: {len(report.too_long)}")
    if not transcripts:
        return
    for r in report.runs:
        if r.level == r.expected and r not in report.too_long:
            continue
        print(f"\n-- {r.name}: expected {r.expected}, got {r.level or 'no result'} after {r.answers} answers")
        for who, text in r.transcript[:24]:
            print(f"   {who:>6}: {' '.join(text.split())[:160]}")


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    quiet = "--quiet" in args
    bundle = load_bundle()
    print_phrases("first set (tuned to: regression figures)", evaluate(bundle), misses=not quiet)
    if FRESH_PHRASES.exists():
        print_phrases(f"fresh set ({FRESH_PHRASES.name})", evaluate(bundle, FRESH_PHRASES), misses=not quiet)
    if FRESH_CONVERSATIONS.exists():
        talks = yaml.safe_load(FRESH_CONVERSATIONS.read_text(encoding="utf-8"))
        print_conversations(f"fresh set ({FRESH_CONVERSATIONS.name})", evaluate_conversations(bundle, talks),
                            transcripts=not quiet)
    if HELDOUT1_PHRASES.exists():
        print_phrases("held-out 1 (tuned to since: regression figures)", evaluate(bundle, HELDOUT1_PHRASES),
                      misses=not quiet)
    if HELDOUT1_CONVERSATIONS.exists():
        talks = yaml.safe_load(HELDOUT1_CONVERSATIONS.read_text(encoding="utf-8"))
        print_conversations("held-out 1 (tuned to since: regression figures)",
                            evaluate_conversations(bundle, talks), transcripts=not quiet)
    for path in sorted(SCRIPTED.glob("*/*.yaml")):  # sets we have read: regression figures
        talks = yaml.safe_load(path.read_text(encoding="utf-8"))
        print_conversations(f"{path.parent.name}/{path.name} (seen: regression figures)",
                            evaluate_conversations(bundle, talks, path.stem), transcripts=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
