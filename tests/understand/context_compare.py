"""ConText: medspaCy's implementation against ours, on the context-tagged phrases.

Not part of the suite (medspaCy is no dependency of the project). Run it in a scratch venv:
    python3 -m venv /tmp/ms && /tmp/ms/bin/pip install medspacy pydantic rapidfuzz pyyaml
    /tmp/ms/bin/python -m tests.understand.context_compare
Each variant runs our whole reading (phrases, typos, negation, answers); only the step that
decides who and when a found phrase is about changes:
- ours: bot/understand/context.py over `context:` in the vocabulary;
- none: no context at all (negation only, as before issue 11);
- medspacy: medspaCy's ConText with its default rules, given our phrases as its targets
  (a spaCy span group on our words), our negation kept;
- medspacy+neg: the same, its negation replacing ours.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import yaml

from bot.catalog import load_bundle
from bot.understand.context import ContextReader
from bot.understand.interpret import _NOT_NOW, EMERGENCY, EMERGENCY_UNSURE, Understanding
from bot.understand.matcher import NONE, UNSURE, Hit
from tests.understand.evaluate import FRESH_PHRASES, UNKNOWN, clock

TAGS = {"hedged_no", "family", "past", "hypothetical", "uncertain"}  # the context families of the fresh set
MS_CATEGORIES = {"FAMILY": "other_person", "HISTORICAL": "historical", "HYPOTHETICAL": "hypothetical",
                 "POSSIBLE_EXISTENCE": "uncertain", "UNCERTAIN": "uncertain"}


def medspacy_context(u: Understanding, negation: bool) -> Any:
    import spacy
    from medspacy.context import ConText
    from spacy.tokens import Doc, Span

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    context = ConText(nlp, input_span_type="group", span_group_name="targets")
    sentencizer = nlp.get_pipe("sentencizer")

    def in_context(words: list[str], hits: list[Hit]) -> tuple[list[Hit], list[Hit]]:
        if not words:
            return hits, []
        doc = sentencizer(Doc(nlp.vocab, words=list(words)))
        doc.spans["targets"] = [Span(doc, h.start, h.end, label=h.question) for h in hits]
        context(doc)
        out, apart = [], []
        for h, span in zip(hits, doc.spans["targets"], strict=True):
            if h.option in (NONE, UNSURE):
                out.append(h)
                continue
            found = {MS_CATEGORIES[m.category] for m in span._.modifiers if m.category in MS_CATEGORIES}
            if found & _NOT_NOW:
                apart.append(h)
                continue
            if negation:
                h = replace(h, negated=bool(span._.is_negated), across_comma=False)
            if "uncertain" in found and h.question == EMERGENCY and not h.negated and not h.option.startswith("__"):
                h = replace(h, option=EMERGENCY_UNSURE)
            out.append(h)
        return out, apart

    return in_context


def phrases() -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for path in (FRESH_PHRASES, *map(Path, sys.argv[1:])):
        if path.exists():
            items += [i for i in yaml.safe_load(path.read_text(encoding="utf-8")) if i.get("tag") in TAGS]
    return items


def score(u: Understanding, items: list[dict[str, Any]]) -> tuple[int, float]:
    right = 0
    times = []
    for item in items:
        q, text, expect = item["q"], item["text"], item["expect"]
        t0 = time.perf_counter()
        reading = u.interpret(None if q == "story" else q, text, now=clock(item.get("now")))
        times.append(time.perf_counter() - t0)
        if q == "story":
            ok = all(set(reading.story.get(k) or []) == set(v if isinstance(v, list) else [v])
                     for k, v in expect.items() if k != "emergency")
            ok = ok and set(expect.get("emergency", [])) <= set(reading.emergency)
        else:
            got = reading.answer
            wanted = set(item.get("emergency", [])) | (set(expect) if q == "emergency" and expect != UNKNOWN else set())
            ok = (got is None) if expect == UNKNOWN else (got is not None and set(got) == set(expect))
            if wanted and wanted <= set(reading.emergency) and q != EMERGENCY:
                ok = True
        right += ok
    return right, statistics.median(times) * 1e6


def cold(code: str) -> float:
    runs = []
    for _ in range(3):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        runs.append(float(out.stdout.strip().splitlines()[-1]))
    return statistics.median(runs)


COLD_OURS = ("import time; t=time.perf_counter(); from bot.catalog import load_bundle; "
             "load_bundle(); print((time.perf_counter()-t)*1000)")
COLD_MEDSPACY = ("import time; t=time.perf_counter(); import spacy; from medspacy.context import ConText; "
                 "nlp=spacy.blank('en'); nlp.add_pipe('sentencizer'); "
                 "ConText(nlp, input_span_type='group', span_group_name='t'); print((time.perf_counter()-t)*1000)")


def main() -> int:
    items = phrases()
    bundle = load_bundle()
    u = bundle.content("en").understanding
    ours = u._in_context
    variants = {
        "ours": ours,
        "none": lambda words, hits: (hits, []),
        "medspacy": medspacy_context(u, negation=False),
        "medspacy+neg": medspacy_context(u, negation=True),
    }
    print(f"context-tagged phrases: {len(items)} (tags: {sorted({i['tag'] for i in items})})")
    print(f"{'variant':<14}{'right':>7}{'accuracy':>10}{'median us/message':>20}")
    for name, fn in variants.items():
        u._in_context = (lambda f: lambda words, hits, asking: f(words, hits))(fn) if name != "ours" else fn  # type: ignore[method-assign]
        score(u, items)  # warm up caches (typo corrector)
        right, us = score(u, items)
        print(f"{name:<14}{right:>7}{right / max(len(items), 1):>10.1%}{us:>20.0f}")
    u._in_context = ours  # type: ignore[method-assign]
    builds = []
    for _ in range(5):
        t0 = time.perf_counter()
        ContextReader(bundle.content("en").vocabulary.context)  # type: ignore[arg-type]
        builds.append((time.perf_counter() - t0) * 1000)
    print("cold start, ms (median of 3 fresh processes):")
    print(f"  load_bundle (whole reading, our ConText included): {cold(COLD_OURS):.0f}")
    print(f"  of which building our ConText reader (in process): {statistics.median(builds):.1f}")
    print(f"  import spaCy + medspaCy ConText (extra):           {cold(COLD_MEDSPACY):.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
