"""The bench report: a verdict per target with its peers, and the README table between its markers."""

from __future__ import annotations

from pathlib import Path

from bench.report import BEGIN, END, TARGETS, table, verdicts, write_readme

MEDIANS = {"tg_cpu_ratio_vs_conventional": 0.6, "tg_cpu_us_per_update": 1800.0,
           "conventional_tg_cpu_us_per_update": 3000.0, "tg_reply_p99_ms": 75.0,
           "followups_cpu_last_vs_first_tenth": 0.3}


def test_each_target_passes_fails_or_says_it_was_not_measured() -> None:
    lines = {key: (ok, line) for key, ok, line in verdicts(MEDIANS)}
    assert set(lines) == set(TARGETS)
    ok, line = lines["tg_cpu_ratio_vs_conventional"]
    assert ok is True and line.startswith("PASS") and "conventional_tg_cpu_us_per_update 3,000" in line
    assert lines["tg_reply_p99_ms"][0] is False and lines["tg_reply_p99_ms"][1].startswith("FAIL")
    assert lines["followups_cpu_last_vs_first_tenth"][0] is False  # flat means neither much cheaper nor dearer
    assert lines["cold_start_ms"][0] is None and lines["cold_start_ms"][1].startswith("SKIP")


def test_the_readme_table_is_replaced_between_its_markers(tmp_path: Path) -> None:
    results = {"medians": MEDIANS, "min": MEDIANS, "max": {**MEDIANS, "tg_cpu_us_per_update": 2000.0},
               "machine": {"date": "2026-11-26 01:00 UTC", "cpus": 2, "runs": 3}}
    readme = tmp_path / "README.md"
    readme.write_text(f"# Title\n\n{BEGIN}\nold table\n{END}\n\nAfter.\n")
    assert write_readme(results, readme)
    text = readme.read_text()
    assert "old table" not in text and text.endswith("\n\nAfter.\n") and table(results) in text
    assert "| `tg_cpu_us_per_update`" in text and "1,800 (1,800-2,000)" in text and "conventional 3,000" in text
    other = tmp_path / "other.md"
    other.write_text("no markers\n")
    assert not write_readme(results, other) and other.read_text() == "no markers\n"
