"""Session stores: one async interface, in-memory, SQLite and Redis implementations."""

from bot.stores.base import Record, SessionKey, SessionStore, VersionConflict
from bot.stores.keys import hash_id

__all__ = ["Record", "SessionKey", "SessionStore", "VersionConflict", "hash_id"]
