"""User ids are never stored in the clear: a keyed hash (HMAC-SHA256) stands in for them."""

from __future__ import annotations

import hashlib
import hmac


def hash_id(secret: bytes, platform: str, raw_id: str | int) -> str:
    """A stable, secret-keyed pseudonym for a platform id (32 hex characters)."""
    msg = f"{platform}\x00{raw_id}".encode()
    return hmac.new(secret, msg, hashlib.sha256).hexdigest()[:32]
