"""The error a store raises when it cannot serve: one line naming the file or server and what to do."""

from __future__ import annotations


class StoreError(Exception):
    """The store cannot serve (corrupt, locked, read-only or full file; server gone).

    The message is one line for a person: which file or server, what went wrong and
    what to do. It never holds a password or anything a user wrote.
    """


def store_failure(exc: BaseException) -> str | None:
    """A one-line description of a store failure raised by a store's library, else None.

    The SQLite store raises StoreError itself; this covers a Redis server that went away
    in the middle of a check (redis-py's own errors, after its retries).
    """
    if isinstance(exc, StoreError):
        return str(exc)
    try:
        from redis.exceptions import ConnectionError as RedisConnectionError
        from redis.exceptions import RedisError, TimeoutError
    except ImportError:  # pragma: no cover - redis is a runtime dependency
        return None
    if isinstance(exc, RedisConnectionError | TimeoutError):
        return ("TWITCHCHECK_STORE_URL: lost the connection to Redis; the answers saved so far are kept: "
                "start redis-server again, then resume the check")
    if isinstance(exc, RedisError):
        return f"TWITCHCHECK_STORE_URL: Redis refused a command ({type(exc).__name__}); check the server's log"
    return None
