"""Where to reach a person for a check-in (a Telegram chat id, a Discord user id), sealed.

User ids are never stored in the clear, but a check-in has to be sent to someone: the id
is encrypted with AES-GCM (the `cryptography` package) under a key derived from the id
secret, bound to the row's platform and hashed user so it cannot be moved to another row.
"""

from __future__ import annotations

import os
from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

NONCE = 12


class AddressSeal:
    def __init__(self, secret: bytes) -> None:
        self._secret = secret

    @cached_property
    def _aead(self) -> AESGCM:
        """Made at the first seal or open: `cryptography` stays off the cold start of a chat."""
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM
        from cryptography.hazmat.primitives.kdf.hkdf import HKDF

        key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"twitchcheck address v1").derive(self._secret)
        return AESGCM(key)

    def seal(self, platform: str, user: str, address: str) -> bytes:
        nonce = os.urandom(NONCE)
        return nonce + self._aead.encrypt(nonce, address.encode(), f"{platform}\x00{user}".encode())

    def open(self, platform: str, user: str, sealed: bytes) -> str:
        """The address; raises ValueError when the data was changed or the secret differs."""
        try:
            return self._aead.decrypt(sealed[:NONCE], sealed[NONCE:], f"{platform}\x00{user}".encode()).decode()
        except Exception as exc:  # cryptography raises InvalidTag
            raise ValueError("the sealed address cannot be opened with this secret") from exc
