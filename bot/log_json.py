"""Structured logs for log collectors: one JSON object a line (TWITCHCHECK_LOG_JSON=true).

`configure_logging(level, json_lines)` is `bot.logs.configure` (levels, chatty libraries held
back) plus, when asked, this formatter on the root handler. Records carry only what our
messages carry: never what users typed (see bot/logs.py).
"""

from __future__ import annotations

import json
import logging
import os
import time


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + f".{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "pid": os.getpid(),
        }
        if record.exc_info and record.exc_info[0] is not None:
            entry["error"] = record.exc_info[0].__name__  # the type only: a message may quote user text
        return json.dumps(entry, ensure_ascii=False)


def configure_logging(level: str, json_lines: bool = False) -> None:
    from bot.logs import configure

    configure(level)
    if json_lines:
        for handler in logging.getLogger().handlers:
            handler.setFormatter(JsonFormatter())
