"""/history's chart image and /summary's PDF, produced and checked: the image's size, the
PDF's text as pdftotext (poppler) extracts it."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from bot.engine import Bundle
from bot.engine.diary import DiaryEntry
from bot.engine.summary import build_summary
from bot.followups.chart import HEIGHT_PX, WIDTH_PX, chart_png, png_size
from bot.followups.pdf import summary_pdf
from tests.followups.test_core import T0, day_of, run_checkin, scheduled

LEVELS = ("none", "a_little", "some", "a_lot")


def test_the_history_chart_is_a_png_of_the_promised_size() -> None:
    today = 20000
    entries = [DiaryEntry(day=today - d, level=LEVELS[d % 4]) for d in range(0, 30, 2)]
    png = chart_png(entries, LEVELS, ["Not at all", "A little", "Some", "A lot"], today, 30, "Last 30 days")
    assert png_size(png) == (WIDTH_PX, HEIGHT_PX)
    assert png_size(chart_png([], LEVELS, list(LEVELS), today, 14, "empty")) == (WIDTH_PX, HEIGHT_PX)


def test_the_summary_pdf_holds_the_answers_and_the_reasons(bundle: Bundle, tmp_path: Path) -> None:
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext (poppler-utils) is needed: apt-get install poppler-utils")
    done = run_checkin(bundle, scheduled(bundle), "worse", T0 + 3 * 86400, signs="numbness")
    assert done.entry is not None
    today = day_of(T0 + 3 * 86400)
    summary = build_summary(bundle, done.record, (done.entry,), today)
    assert summary is not None
    chart = chart_png((done.entry,), LEVELS, list(LEVELS), today, 30, "diary")
    path = tmp_path / "summary.pdf"
    path.write_bytes(summary_pdf(summary, chart))
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    flat = " ".join(text.split())
    for expected in ("a summary for your doctor", "How often: Every day", "How long: 1 to 2 weeks",
                     "Triggers: Coffee, energy drinks or other stimulants",
                     "Twitching with numbness should be checked by a doctor.",
                     "It is worse than before.", "First noticed: about 11 November 2026"):
        assert expected in flat, expected
