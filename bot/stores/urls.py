"""Store URLs (TWITCHCHECK_STORE_URL): which are valid and which file a sqlite:/// URL names.

Kept free of the stores themselves so that the settings can check a URL cheaply.
"""

from __future__ import annotations

from pathlib import Path

SQLITE = "sqlite:///"
URL_HELP = ("use sqlite:///relative/path.sqlite3, sqlite:////absolute/path.sqlite3, "
            "redis://host:6379/0, redis+sentinel://host:26379/name or memory://")


def sqlite_path(url: str) -> Path | None:
    """The file of a sqlite:/// URL (sqlite:///data/x: relative, sqlite:////srv/x: absolute), else None."""
    if not url.startswith(SQLITE):
        return None
    rest = url[len(SQLITE):]
    return Path(rest) if rest else None


def check_url(url: str) -> str | None:
    """Why the URL cannot name a store (one phrase), or None if it can."""
    if url.startswith(("redis://", "rediss://", "redis+sentinel://")) or url == "memory://":
        return None
    if url.startswith("sqlite:"):
        if not url.startswith(SQLITE) or not url[len(SQLITE):]:
            return f"'{url}' names no file; {URL_HELP}"
        path = sqlite_path(url)
        if path is not None and path.is_dir():
            return f"{path} is a directory; name a file in it, e.g. sqlite:///{path / 'twitchcheck.sqlite3'}"
        return None
    scheme = url.split(":", 1)[0] if ":" in url else url
    return f"unsupported store '{scheme}'; {URL_HELP}"
