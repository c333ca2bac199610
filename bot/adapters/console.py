"""The console chat: a person at a terminal (numbered options) or a program (--jsonl)."""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable
from typing import TextIO

from bot.engine import Answer, Command, Event, Reply, Start, Text
from bot.engine.content import Messages
from bot.engine.machine import resume
from bot.service import CheckService
from bot.stores.base import SessionKey

COMMANDS = {"/back": "back", "/restart": "restart", "/cancel": "cancel", "/help": "help"}
START_WORDS = ("/start", "/new", "/check")


class ConsoleChat:
    def __init__(self, service: CheckService, key: SessionKey, out: TextIO, jsonl: bool, locale: str) -> None:
        self.service = service
        self.key = key
        self.out = out
        self.jsonl = jsonl
        self.locale = locale
        self.last: Reply | None = None

    def show(self, replies: list[Reply]) -> None:
        for reply in replies:
            if reply.kind == "question" or reply.kind == "result":
                self.last = reply
            if self.jsonl:
                self.out.write(json.dumps(reply.to_dict(), ensure_ascii=False) + "\n")
            else:
                self.out.write(self.render(reply) + "\n")
            self.out.flush()

    def render(self, reply: Reply) -> str:
        lines = [reply.text]
        for i, option in enumerate(reply.options, 1):
            mark = "[x] " if option.id in reply.selected else ""
            lines.append(f"  {i}. {mark}{option.label}")
        if reply.multi:
            lines.append("  " + self.messages.chat.console_several)
        return "\n".join(lines)

    async def begin(self, new: bool) -> None:
        current = None if new else await self.service.current(self.key)
        nonce = secrets.token_hex(4)
        if current is not None:
            again = resume(self.service.bundle, current)
            if again is not None:
                self.show([again])
                return
        outcome = await self.service.handle(self.key, lambda now: Start(now, self.locale, nonce))
        self.show(outcome.replies)

    def event_for(self, line: str) -> Callable[[float], Event]:
        text = line.strip()
        if text.lower() in COMMANDS:
            name = COMMANDS[text.lower()]
            return lambda now: Command(now, self.locale, name)  # type: ignore[arg-type]
        if text.lower() in START_WORDS:
            nonce = secrets.token_hex(4)
            return lambda now: Start(now, self.locale, nonce)
        chosen = self._numbers(text)
        if chosen is not None and self.last is not None and self.last.question is not None:
            qid = self.last.question
            return lambda now: Answer(now, self.locale, qid, chosen)
        return lambda now: Text(now, self.locale, line)

    def _numbers(self, text: str) -> tuple[str, ...] | None:
        """"2" or "1,3": option numbers of the question last shown."""
        if self.last is None or not self.last.options:
            return None
        parts = [p.strip() for p in text.replace(" ", ",").split(",") if p.strip()]
        if not parts or not all(p.isdigit() for p in parts):
            return None
        picked = []
        for p in parts:
            i = int(p)
            if not 1 <= i <= len(self.last.options):
                return None
            picked.append(self.last.options[i - 1].id)
        return tuple(dict.fromkeys(picked))

    @property
    def messages(self) -> Messages:
        return self.service.bundle.content(self.locale).messages

    async def say(self, line: str) -> None:
        text = line.strip()
        if not text:
            return
        word = text.split()[0].lower()
        if word == "/forget":
            await self.service.forget(self.key.platform, self.key.user)
            self.last = None
            self.show([Reply(text=self.messages.chat.forgotten)])
            return
        if word == "/privacy":
            self.show([Reply(text=self.messages.privacy)])
            return
        if word.startswith("/") and word not in COMMANDS and word not in START_WORDS:
            self.show([Reply(text=self.messages.chat.unknown_command)])
            return
        outcome = await self.service.handle(self.key, self.event_for(line))
        self.show(outcome.replies)

