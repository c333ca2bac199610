"""Custom ids: what a button, select or modal stands for, and whose check it belongs to.

`tc:<kind>:<tag>:<nonce>:<version>[:<question>[:<option>]]` where `tag` is a short
prefix of the user's keyed hash, and (nonce, version) name the session state the
component was drawn for: the service refuses it once the session has moved on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TAG = r"(?P<tag>[0-9a-f]{8})"
_STATE = r"(?P<nonce>[0-9a-z]{1,16}):(?P<version>[0-9]{1,9})"
_WORD = r"[a-z0-9_.]{1,40}"  # a question id may name a narrower form ("emergency.cannot_walk")

ANSWER = rf"tc:a:{_TAG}:{_STATE}:(?P<question>{_WORD}):(?P<option>{_WORD})"
SELECT = rf"tc:s:{_TAG}:{_STATE}:(?P<question>{_WORD})"
BACK = rf"tc:b:{_TAG}:{_STATE}"
TYPE = rf"tc:t:{_TAG}:{_STATE}:(?P<question>{_WORD})"
MODAL = rf"tc:m:{_TAG}:{_STATE}:(?P<question>{_WORD})"
NEW_CHECK = "tc:new"
TEXT_FIELD = "text"


@dataclass(frozen=True, slots=True)
class Ref:
    tag: str
    nonce: str
    version: int
    question: str = ""
    option: str = ""

    @classmethod
    def of(cls, match: re.Match[str]) -> Ref:
        found = match.groupdict()
        return cls(found["tag"], found["nonce"], int(found["version"]),
                   found.get("question") or "", found.get("option") or "")

    @property
    def expect(self) -> tuple[str, int]:
        return self.nonce, self.version

    def _base(self, kind: str) -> str:
        return f"tc:{kind}:{self.tag}:{self.nonce}:{self.version}"

    def answer(self, option: str) -> str:
        return f"{self._base('a')}:{self.question}:{option}"

    def select(self) -> str:
        return f"{self._base('s')}:{self.question}"

    def back(self) -> str:
        return self._base("b")

    def type_it(self) -> str:
        return f"{self._base('t')}:{self.question}"

    def modal(self) -> str:
        return f"{self._base('m')}:{self.question}"


def parse_modal(custom_id: str) -> Ref | None:
    match = re.fullmatch(MODAL, custom_id)
    return None if match is None else Ref.of(match)
