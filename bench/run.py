"""`make bench`: every figure of issues 7, 16 and 17 in one run, each beside its peers.

    python -m bench.run                     # everything: bench/results.json, the README table
    python -m bench.run --only telegram     # one section (or several, comma-separated), printed only

Every figure is the median of the section's runs (min and max kept beside it). A whole run
writes bench/results.json and the README table (bench/report.py), and prints a PASS/FAIL
line per target. A run of some sections writes nothing: results.json stays one whole run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable

from bench import cold_start, discord_bench, engine_bench, followups_bench, store_bench
from bench.harness import load_average
from bench.report import RESULTS, verdicts, write_readme

BUDGET_S = 600  # the issue: under 10 minutes on 2 cores
TURNS = 10_000  # store turns per run (16 users at once; half as many one user at a time)
Samples = dict[str, list[float]]


def _repeat(name: str, runs: int, fn: Callable[[], dict[str, float]], samples: Samples,
            load_key: str | None = None) -> None:
    """Run `fn` `runs` times; with `load_key`, the machine's load average is kept beside its figures."""
    for i in range(runs):
        t0 = time.perf_counter()
        if load_key:
            samples[load_key].append(load_average())
        for key, value in fn().items():
            samples[key].append(float(value))
        print(f"  {name} run {i + 1}/{runs}: {time.perf_counter() - t0:.1f} s", file=sys.stderr, flush=True)


def _engine(samples: Samples) -> None:
    _repeat("engine memory", 3, lambda: {"engine_rss_bytes_per_session": engine_bench.memory_per_session()},
            samples)
    _repeat("engine turns", 3, engine_bench.run, samples)
    _repeat("free-text reading", 3, engine_bench.interpret_us, samples)


def _stores(samples: Samples) -> None:
    _repeat("sqlite", 3, lambda: store_bench.run_sqlite(TURNS), samples)
    if shutil.which("redis-server") is None:
        print("  redis: no redis-server found, skipped", file=sys.stderr)
        return
    from tests.redis_server import RedisServer  # the same helper the tests use

    server = RedisServer()
    server.start()
    try:
        _repeat("redis", 3, lambda: store_bench.run_redis(server.url, TURNS), samples)
    finally:
        server.stop()


def _telegram(samples: Samples) -> None:
    from bench import telegram_bench

    _repeat("telegram path (ours, floor, conventional)", 3, telegram_bench.run, samples, "machine_load_1min_tg")


def _flood(samples: Samples) -> None:
    from bench import flood_bench

    _repeat("flood (issue 17)", 1, flood_bench.run, samples)


SECTIONS: dict[str, Callable[[Samples], None]] = {
    "engine": _engine,
    "stores": _stores,
    "telegram": _telegram,
    "flood": _flood,
    "discord": lambda s: _repeat("discord path (ours, floor)", 3, discord_bench.run, s, "machine_load_1min_discord"),
    "followups": lambda s: _repeat("follow-ups (100,000 due check-ins; 90 days of diary)", 1, followups_bench.run, s),
    "cold_start": lambda s: _repeat("cold start", 7, cold_start.run, s),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n")[0])
    parser.add_argument("--only", help=f"comma-separated sections, printed only: {', '.join(SECTIONS)}")
    args = parser.parse_args(argv)
    chosen = list(SECTIONS) if not args.only else [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = [s for s in chosen if s not in SECTIONS]
    if unknown:
        parser.error(f"unknown section {', '.join(unknown)}; choose from {', '.join(SECTIONS)}")
    samples: Samples = defaultdict(list)
    start, load_start = time.perf_counter(), load_average()
    for name in chosen:
        SECTIONS[name](samples)
    seconds = time.perf_counter() - start
    medians = {k: statistics.median(v) for k, v in samples.items()}

    print(f"\n{'figure':<44}{'median':>14}{'min':>14}{'max':>14}")
    for key in sorted(samples):
        print(f"{key:<44}{medians[key]:>14.2f}{min(samples[key]):>14.2f}{max(samples[key]):>14.2f}")
    print()
    results = verdicts(medians)
    for _, ok, line in results:
        if ok is not None or not args.only:
            print(line)
    print(f"\n{sum(ok is True for _, ok, _ in results)} targets met, {sum(ok is False for _, ok, _ in results)} "
          f"missed; {seconds:.0f} s ({'within' if seconds < BUDGET_S else 'OVER'} the {BUDGET_S} s budget), "
          f"load average {load_start:.1f} at the start, {load_average():.1f} at the end")
    if args.only:
        return 0
    whole = {"medians": medians, "min": {k: min(v) for k, v in samples.items()},
             "max": {k: max(v) for k, v in samples.items()},
             "machine": {"date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"), "cpus": os.cpu_count(),
                         "load_1min_start": load_start, "load_1min_end": load_average(), "seconds": seconds,
                         "runs": "3 (flood and follow-ups 1, cold start 7)"},
             "targets": {key: ok for key, ok, _ in results}}
    RESULTS.write_text(json.dumps(whole, indent=2, sort_keys=True) + "\n")
    print(f"written: {RESULTS}")
    if write_readme(whole):
        print("written: the table in README.md (Performance)")
    else:
        print("README.md: the bench table markers are missing; the table was not written", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
