"""The diary as a chart image (PNG): one bar per day, its height the level, gaps where
nothing was logged. matplotlib is imported on first use only: the bot's cold start does
not pay for it."""

from __future__ import annotations

import io
from collections.abc import Sequence

from bot.engine.diary import DiaryEntry, series

WIDTH_PX, HEIGHT_PX, DPI = 800, 400, 100
COLOURS = ("#9ccc65", "#ffd54f", "#ffb74d", "#e57373")  # least to most


def chart_png(entries: Sequence[DiaryEntry], levels: Sequence[str], labels: Sequence[str],
              today: int, days: int, title: str) -> bytes:
    """A WIDTH_PX x HEIGHT_PX PNG of the last `days` days (level labels on the y axis)."""
    import matplotlib

    matplotlib.use("Agg")  # no display: render to memory only
    from matplotlib.figure import Figure

    values = series(entries, levels, today, days)
    fig = Figure(figsize=(WIDTH_PX / DPI, HEIGHT_PX / DPI), dpi=DPI)
    ax = fig.add_subplot()
    xs = list(range(days))
    heights = [0.0 if v is None else v + 0.15 for v in values]  # "none" logged still shows a stub
    colours = [COLOURS[min(v or 0, len(COLOURS) - 1)] for v in values]
    ax.bar(xs, heights, color=colours, width=0.8)
    ax.set_ylim(0, len(levels) - 0.5)
    ax.set_yticks(range(len(levels)), list(labels))
    step = max(1, days // 7)
    ticks = [x for x in xs if (days - 1 - x) % step == 0]
    ax.set_xticks(ticks, [f"-{days - 1 - x}" if x != days - 1 else "0" for x in ticks])
    ax.set_title(title)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=DPI)
    return out.getvalue()


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's header."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
