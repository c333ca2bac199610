"""The console chat: a person at a terminal (numbered options) or a program (--jsonl)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TextIO

from bot.adapters.console_followups import ConsoleFollowups
from bot.engine.checkin import Choose, Done, FollowupReply
from bot.engine.content import Messages
from bot.engine.diary_log import LEVEL, TRIGGERS
from bot.engine.events import Answer, Command, CommandName, Event, Language, Text
from bot.engine.replies import NoteReply, QuestionReply, Reply, ResultReply, reply_dict
from bot.service import CheckService, Outcome
from bot.stores.base import SessionKey

COMMANDS: dict[str, CommandName] = {"/back": "back", "/restart": "restart", "/cancel": "cancel", "/help": "help"}
START_WORDS = ("/start", "/new", "/check")
LANGUAGE = "/language"
FOLLOWUP_WORDS = ("/log", "/history", "/summary")


def render(reply: Reply, messages: Messages) -> str:
    """A reply as terminal text: the text, then numbered options ([x] when ticked)."""
    if not isinstance(reply, QuestionReply):
        return reply.text
    lines = [reply.text]
    for i, option in enumerate(reply.options, 1):
        mark = "[x] " if option.id in reply.selected else ""
        lines.append(f"  {i}. {mark}{option.button}")
    if reply.multi:
        lines.append("  " + messages.chat.console_several)
    return "\n".join(lines)


class ConsoleChat:
    def __init__(self, service: CheckService, key: SessionKey, out: TextIO, jsonl: bool, locale: str) -> None:
        self.service = service
        self.key = key
        self.out = out
        self.jsonl = jsonl
        self.locale = locale  # the platform's language (--locale or LANG)
        self.speaking = locale  # the check's language, as the session last said (/language)
        self.last: QuestionReply | None = None
        self.log_question: FollowupReply | None = None  # /log's question waiting for a number
        self.checkins = ConsoleFollowups(service, key, lambda: self.messages, on=not jsonl)

    def show(self, replies: list[Reply]) -> None:
        self.log_question = None
        for reply in replies:
            if isinstance(reply, QuestionReply | ResultReply):
                self.last = reply if isinstance(reply, QuestionReply) else None
            if self.jsonl:
                self.out.write(json.dumps(reply_dict(reply), ensure_ascii=False) + "\n")
            else:
                self.out.write(render(reply, self.messages) + "\n")
            self.out.flush()

    async def begin(self, new: bool) -> None:
        """Show where the stored check is (unless `new`), else start one."""
        arrived = await self.checkins.arrivals()  # a check-in due since the last chat comes first
        if arrived:
            self._show_followup(arrived)
            if await self.service.in_checkin(self.key.platform, self.key.user):
                return
        again = None if new else await self.service.resume(self.key)
        outcome = again or await self.service.start(self.key, self.locale, numbered=True)
        self.speaking = outcome.session.locale
        self.show(outcome.replies)
        self._show_followup(self.checkins.after(outcome))

    def event_for(self, line: str) -> Callable[[float], Event]:
        text = line.strip()
        if text.split()[0].lower() == LANGUAGE:
            choice = text[len(LANGUAGE):].strip()
            return lambda now: Language(now, self.locale, choice)
        if text.lower() in COMMANDS:
            name = COMMANDS[text.lower()]
            return lambda now: Command(now, self.locale, name)
        chosen = self._numbers(text)
        if chosen is not None and self.last is not None:
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
        return self.service.messages(self.speaking)

    async def say(self, line: str) -> None:
        text = line.strip()
        if not text:
            return
        word = text.split()[0].lower()
        if word == "/forget":
            await self.service.forget(self.key.platform, self.key.user)
            self.last = None
            self.show([NoteReply(self.messages.chat.forgotten)])
            return
        if word == "/privacy":
            self.show([NoteReply(self.service.privacy(self.speaking))])
            return
        if word == "/quick":  # listed by /help: a one-line quick check, nothing stored
            described = text[len(word):].strip()
            note = self.service.quick(self.locale, described).text if described else self.messages.chat.quick_usage
            self.show([NoteReply(note)])
            return
        if word in FOLLOWUP_WORDS or (self.log_question is not None and self._log_numbers(text) is not None):
            await self._followup(word, text)
            return
        if not word.startswith("/") and (answered := await self.checkins.answer(text)) is not None:
            self._show_followup(answered)
            return
        outcome: Outcome
        if text.lower() in START_WORDS:
            outcome = await self.service.start(self.key, self.locale, numbered=True)
        elif word.startswith("/") and word not in COMMANDS and word not in START_WORDS and word != LANGUAGE:
            self.show([NoteReply(self.messages.chat.unknown_command)])
            return
        else:
            outcome = await self.service.handle(self.key, self.event_for(line))
        self.speaking = outcome.session.locale
        self.show(outcome.replies)
        self._show_followup(self.checkins.after(outcome))

    def _log_numbers(self, text: str) -> tuple[str, ...] | None:
        question = self.log_question
        if question is None:
            return None
        parts = [p for p in text.replace(" ", ",").split(",") if p]
        if not parts or not all(p.isdigit() and 1 <= int(p) <= len(question.options) for p in parts):
            return None
        return tuple(question.options[int(p) - 1].id for p in parts)

    def _show_followup(self, replies: list[FollowupReply]) -> None:
        self.log_question = None
        for reply in replies:
            lines = [reply.text]
            if reply.kind in ("checkin_question", "offer"):
                if reply.question in (LEVEL, TRIGGERS):
                    self.log_question = reply
                lines += [f"  {i}. {o.label}" for i, o in enumerate(reply.options, 1)]
                if reply.multi:
                    lines.append("  " + self.messages.chat.console_several)
            self.out.write("\n".join(lines) + "\n")
        self.out.flush()

    async def _followup(self, word: str, text: str) -> None:
        """/log (numbers pick the answers), /history (a sparkline), /summary (the text)."""
        service, key = self.service, self.key
        if word == "/log":
            prompt = service.log_prompt(self.locale)
            self._show_followup([prompt] if prompt else [])
        elif word == "/history":
            days = 30 if text.split()[1:2] == ["30"] else 14
            shown = await service.history(key.platform, key.user, self.locale, days)
            self._show_followup([FollowupReply(shown.text)] if shown else [])
        elif word == "/summary":
            summary = await service.summary(key.platform, key.user)
            text_ = summary.text() if summary else self.messages.followups.summary.empty
            self._show_followup([FollowupReply(text_)])
        else:
            question, chosen = self.log_question, self._log_numbers(text)
            assert question is not None and question.question is not None and chosen is not None
            replies: list[FollowupReply] = []
            for option in chosen if question.multi else chosen[:1]:
                replies = await service.log(key.platform, key.user, self.locale,
                                            Choose(question.token, question.question, option))
            if question.multi:
                replies = await service.log(key.platform, key.user, self.locale, Done(question.token, question.question))
            self._show_followup(replies)
