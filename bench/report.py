"""The targets of the benchmarks, their verdicts, and the README table made from results.json.

    python -m bench.report      # the README table again from bench/results.json (no measuring)

Every target names the figures to read beside it (the conventional bot, the floor, the
other offered rate): a figure is only as good as its peer measured in the same run.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.json"
README = ROOT / "README.md"
BEGIN, END = "<!-- bench-table:begin (made by `make bench` from bench/results.json) -->", "<!-- bench-table:end -->"


@dataclass(frozen=True)
class Target:
    op: str  # ">=", "<=", "<", "within"
    bound: float | tuple[float, float]
    peers: tuple[str, ...] = ()

    def met(self, value: float) -> bool:
        if self.op == "within":
            low, high = self.bound  # type: ignore[misc]
            return bool(low <= value <= high)
        bound = float(self.bound)  # type: ignore[arg-type]
        return {">=": value >= bound, "<=": value <= bound, "<": value < bound}[self.op]

    def text(self) -> str:
        if self.op == "within":
            low, high = self.bound  # type: ignore[misc]
            return f"{low:g} to {high:g}"
        return f"{self.op} {_num(float(self.bound))}"  # type: ignore[arg-type]


TG = ("conventional_tg_", "floor_tg_")
TARGETS: dict[str, Target] = {
    "engine_turns_per_s": Target(">=", 20_000),
    "engine_turn_p99_us": Target("<", 1000),
    "engine_rss_bytes_per_session": Target("<", 2048),
    "understand_interpret_us": Target("<=", 500),
    "sqlite_turns_per_s": Target(">=", 5000, ("sqlite_1_user_turns_per_s",)),
    "redis_turns_per_s": Target(">=", 5000, ("redis_1_user_turns_per_s",)),
    "tg_cpu_ratio_vs_conventional": Target("<=", 0.8, ("tg_cpu_us_per_update", *(p + "cpu_us_per_update" for p in TG))),
    "tg_throughput_ratio_vs_conventional": Target(">=", 1.25, ("tg_updates_per_s", *(p + "updates_per_s" for p in TG))),
    "tg_api_calls_per_update": Target("<=", 2.0, tuple(p + "api_calls_per_update" for p in TG)),
    "tg_reply_p99_ms": Target("<", 50, (*(p + "reply_p99_ms" for p in TG), "tg_reply_p99_ms_200_per_s",
                                        *(p + "reply_p99_ms_200_per_s" for p in TG))),
    "discord_ack_p99_ms": Target("<", 100, ("floor_discord_ack_p99_ms",)),
    "cold_start_ms": Target("<", 500, ("cold_start_cpu_ms",)),
    "followups_drain_per_s": Target(">=", 30, ("followups_cpu_us_per_checkin",)),
    # Flat: no tenth of the backlog much dearer than another (a cost that grows with the backlog
    # left was 0.07 here before the claim query kept to its index).
    "followups_cpu_last_vs_first_tenth": Target("within", (0.5, 1.25)),
    "flood_good_finished": Target(">=", 20),
    "flood_max_sends_in_1s": Target("<=", 30),
    "flood_sigterm_s": Target("<", 10),
}

# The README table, in reading order: (figure, what it is, the figures beside it).
ROWS: list[tuple[str, str, tuple[str, ...]]] = [
    ("engine_turns_per_s", "whole checks through CheckService, memory store, 100,000 live sessions, one core", ()),
    ("engine_turn_p99_us", "", ()),
    ("engine_rss_bytes_per_session", "", ()),
    ("understand_interpret_us", "one free-text reading, mixed phrases", ()),
    ("sqlite_turns_per_s", "load + versioned save, 100,000 sessions, 16 users at once", ("sqlite_1_user_turns_per_s",)),
    ("redis_turns_per_s", "the same on Redis", ("redis_1_user_turns_per_s",)),
    ("tg_cpu_us_per_update", "Telegram, bot process CPU per update, 200 users doing whole checks",
     ("conventional_tg_cpu_us_per_update", "floor_tg_cpu_us_per_update")),
    ("tg_cpu_ratio_vs_conventional", "ours / conventional", ()),
    ("tg_updates_per_s", "Telegram, every user at once", ("conventional_tg_updates_per_s", "floor_tg_updates_per_s")),
    ("tg_throughput_ratio_vs_conventional", "ours / conventional", ()),
    ("tg_api_calls_per_update", "Bot API calls per update",
     ("conventional_tg_api_calls_per_update", "floor_tg_api_calls_per_update")),
    ("tg_reply_p99_ms", "update to the message with the next step, 100 updates/s offered",
     ("conventional_tg_reply_p99_ms", "floor_tg_reply_p99_ms")),
    ("tg_reply_p99_ms_200_per_s", "the same at 200 updates/s offered",
     ("conventional_tg_reply_p99_ms_200_per_s", "floor_tg_reply_p99_ms_200_per_s")),
    ("discord_interactions_per_s", "Discord, every member at once", ("floor_discord_interactions_per_s",)),
    ("discord_cpu_us_per_interaction", "", ("floor_discord_cpu_us_per_interaction",)),
    ("discord_rest_calls_per_interaction", "", ("floor_discord_rest_calls_per_interaction",)),
    ("discord_ack_p99_ms", "INTERACTION_CREATE to its callback, 50 interactions/s offered",
     ("floor_discord_ack_p99_ms",)),
    ("discord_reply_p99_ms", "to the message the member sees, 50/s offered", ("floor_discord_reply_p99_ms",)),
    ("followups_drain_per_s", "100,000 due check-ins handed to a platform (its rate: 30/s)", ()),
    ("followups_cpu_us_per_checkin", "", ()),
    ("followups_cpu_last_vs_first_tenth", "CPU per check-in, last tenth of the backlog / first", ()),
    ("followups_bytes_per_user_90_days", "on disk: one accepted check and 90 days of diary", ()),
    ("flood_good_p99_alone_ms", "20 good users by buttons, no flood", ()),
    ("flood_good_p99_flooded_ms", "the same during the flood (issue 17)", ()),
    ("flood_good_finished", "good users finished during the flood", ()),
    ("flood_max_sends_in_1s", "most Bot API sends in one second", ()),
    ("flood_sigterm_s", "SIGTERM to exit, mid-flood", ()),
    ("cold_start_ms", "process start to the first `chat --jsonl` line", ("cold_start_cpu_ms",)),
]
PEER_NAMES = {"conventional_": "conventional", "floor_": "floor", "_1_user_": "one user at a time",
              "_cpu_ms": "CPU (start to exit)"}


def _num(value: float) -> str:
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def _peer_name(key: str) -> str:
    return next((name for part, name in PEER_NAMES.items() if part in key), key)


def verdicts(medians: dict[str, float]) -> list[tuple[str, bool | None, str]]:
    """(figure, met or None when not measured, one line) for every target."""
    out: list[tuple[str, bool | None, str]] = []
    for key, target in TARGETS.items():
        if key not in medians:
            out.append((key, None, f"SKIP {key}: not measured in this run (target {target.text()})"))
            continue
        value = medians[key]
        ok = target.met(value)
        beside = ", ".join(f"{p} {_num(medians[p])}" for p in target.peers if p in medians)
        out.append((key, ok, f"{'PASS' if ok else 'FAIL'} {key} = {_num(value)} (target {target.text()})"
                             + (f"; beside it: {beside}" if beside else "")))
    return out


def table(results: dict[str, Any]) -> str:
    """The README table: median (min-max) of ours, its peers, target and verdict."""
    med, low, high = results["medians"], results["min"], results["max"]
    machine = results.get("machine", {})
    lines = [f"Measured {machine.get('date', '?')} on {machine.get('cpus', '?')} cores, load average "
             f"{machine.get('load_1min_start', 0):.1f} at the start and {machine.get('load_1min_end', 0):.1f} at "
             f"the end, {machine.get('seconds', 0) / 60:.1f} minutes. Median of "
             f"{machine.get('runs', '?')} (min-max); peers measured in the same run."
             + (" The machine was busy with other work (load above 1): absolute timings are noisy,"
                " read ours beside its peers." if max(machine.get("load_1min_start", 0),
                                                      machine.get("load_1min_end", 0)) > 1 else ""), "",
             "| figure | ours | beside it (same run) | target |", "|---|---:|---|---|"]
    for key, what, peers in ROWS:
        if key not in med:
            continue
        spread = "" if low[key] == high[key] else f" ({_num(low[key])}-{_num(high[key])})"
        beside = "; ".join(f"{_peer_name(p)} {_num(med[p])}" for p in peers if p in med)
        target = TARGETS.get(key)
        verdict = "" if target is None else f"{target.text()} {'✅' if target.met(med[key]) else '❌'}"
        label = f"`{key}`" + (f" ({what})" if what else "")
        lines.append(f"| {label} | {_num(med[key])}{spread} | {beside} | {verdict} |")
    return "\n".join(lines)


def write_readme(results: dict[str, Any], readme: Path = README) -> bool:
    """Put the table between the markers of the README; False when they are missing."""
    text = readme.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(BEGIN) + ".*?" + re.escape(END), re.S)
    if not pattern.search(text):
        return False
    readme.write_text(pattern.sub(lambda _: f"{BEGIN}\n{table(results)}\n{END}", text), encoding="utf-8")
    return True


def main() -> int:
    results = json.loads(RESULTS.read_text(encoding="utf-8"))
    if not write_readme(results):
        print(f"{README}: the bench table markers are missing", flush=True)
        return 1
    print(f"written: the table in {README}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
