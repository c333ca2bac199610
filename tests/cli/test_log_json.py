"""TWITCHCHECK_LOG_JSON: one JSON object a line, an error's type but never its message."""

from __future__ import annotations

import json
import logging

from bot.log_json import JsonFormatter


def test_a_record_is_one_json_line_and_an_error_only_its_type() -> None:
    try:
        raise ValueError("my knee twitches")  # what a user typed may end up in a message
    except ValueError:
        record = logging.getLogger("twitchcheck").makeRecord(
            "twitchcheck", logging.ERROR, __file__, 1, "update %s failed", (7,), exc_info=__import__("sys").exc_info())
    line = JsonFormatter().format(record)
    assert "\n" not in line and "twitches" not in line
    entry = json.loads(line)
    assert entry["level"] == "ERROR" and entry["message"] == "update 7 failed" and entry["error"] == "ValueError"
    assert entry["time"].endswith("Z") and entry["logger"] == "twitchcheck"
