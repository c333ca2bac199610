"""Prometheus metrics (prometheus-client): what an operator watches, never who or what was said.

Labels are small closed sets (platform, outcome, level, store kind): no ids, no text.
With several webhook workers the parent sets PROMETHEUS_MULTIPROC_DIR before they start,
and /metrics adds up every worker's numbers (prometheus-client's multiprocess mode).
"""

from __future__ import annotations

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)

UPDATES = Counter("twitchcheck_updates", "Updates received, by platform and how they ended",
                  ["platform", "outcome"])  # outcome: done, dropped, stopped, store_down, refused
RESULTS = Counter("twitchcheck_results", "Check results given, by level", ["platform", "level"])
REPLY_SECONDS = Histogram("twitchcheck_reply_seconds", "From an update's arrival to its handling done",
                          ["platform"], buckets=(0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30))
STORE_ERRORS = Counter("twitchcheck_store_errors", "Session store calls that failed to reach the store",
                       ["store"])
QUEUE_DEPTH = Gauge("twitchcheck_queue_depth", "Updates waiting for their chat's turn or a slot",
                    ["platform"], multiprocess_mode="livesum")
STORE_UP = Gauge("twitchcheck_store_up", "1 if the session store answered the last look", ["store"],
                 multiprocess_mode="livemin")


def render(multiprocess_dir: object = None) -> tuple[bytes, str]:
    """The exposition text (every worker's, when several share PROMETHEUS_MULTIPROC_DIR)."""
    if multiprocess_dir:
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        return generate_latest(registry), CONTENT_TYPE_LATEST
    from prometheus_client import REGISTRY

    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST


def worker_gone(pid: int, multiprocess_dir: object = None) -> None:
    """Forget the live gauges of a worker that ended (multiprocess mode)."""
    if multiprocess_dir:
        multiprocess.mark_process_dead(pid)  # type: ignore[no-untyped-call]
