"""Inline keyboards and their callback data: compact, <= 64 bytes, and never trusted.

Data is `kind|owner|nonce|version|question[|option]`: kind a (answer), t (toggle),
d (done), b (back); owner is the presser's short pseudonym; nonce and version name the
session state the keyboard was made for; question and option are indexes into the dialog.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.engine.bundle import Bundle
from bot.engine.content import Messages
from bot.engine.dialog import NONE_OPTION
from bot.engine.events import Answer, Command, Event, Submit, Toggle
from bot.engine.replies import QuestionReply

MAX_DATA = 64
_DATA = re.compile(
    r"(?P<kind>[atdb])\|(?P<owner>[0-9a-f]{8})\|(?P<nonce>[0-9A-Za-z_-]{0,16})\|(?P<version>[0-9]{1,9})"
    r"\|(?P<q>[0-9]{1,2})(?:\|(?P<o>[0-9]{1,2}))?"
)


@dataclass(frozen=True, slots=True)
class Press:
    kind: str
    owner: str
    nonce: str
    version: int
    question: str
    option: str | None = None

    def event(self, locale: str) -> Callable[[float], Event]:
        q, o = self.question, self.option or ""
        if self.kind == "a":
            return lambda now: Answer(now, locale, q, (o,))
        if self.kind == "t":
            return lambda now: Toggle(now, locale, q, o)
        if self.kind == "d":
            return lambda now: Submit(now, locale, q)
        return lambda now: Command(now, locale, "back")


def parse(bundle: Bundle, data: str | None) -> Press | None:
    """The press a button's data describes, or None if it is malformed or out of range."""
    if not data or len(data.encode("utf-8")) > MAX_DATA:
        return None
    m = _DATA.fullmatch(data)
    if m is None:
        return None
    kind, q, o = m["kind"], m["q"], m["o"]
    asked = bundle.questions_asked()
    if (kind in "at") != (o is not None) or int(q) >= len(asked):
        return None
    question, option = asked[int(q)], None
    if o is not None:
        options = bundle.option_ids(question)
        if int(o) >= len(options):
            return None
        option = options[int(o)]
    return Press(kind, m["owner"], m["nonce"], int(m["version"]), question, option)


def question_keyboard(
    bundle: Bundle, m: Messages, reply: QuestionReply, owner: str, nonce: str, version: int
) -> InlineKeyboardMarkup:
    """One button per option (✅ marks for ticked ones; short labels where the text lists the
    options in full), then Back and/or Done. "None" answers in one tap, Done not needed: what
    was ticked before it is kept and asked about by the engine, never dropped."""
    head = f"{owner}|{nonce}|{version}"
    qi = bundle.questions_asked().index(reply.question)
    ids = bundle.option_ids(reply.question)
    rows = []
    for option in reply.options:
        oi = ids.index(option.id)
        if reply.multi and option.id != NONE_OPTION:
            label = m.chat.selected_option.format(label=option.button) if option.id in reply.selected else option.button
            rows.append([InlineKeyboardButton(label, callback_data=f"t|{head}|{qi}|{oi}")])
        else:
            rows.append([InlineKeyboardButton(option.button, callback_data=f"a|{head}|{qi}|{oi}")])
    last = []
    if reply.can_go_back:
        last.append(InlineKeyboardButton(m.chat.back_button, callback_data=f"b|{head}|{qi}"))
    if reply.multi:
        last.append(InlineKeyboardButton(m.chat.done_button, callback_data=f"d|{head}|{qi}"))
    if last:
        rows.append(last)
    return InlineKeyboardMarkup(rows)


def link_keyboard(label: str, url: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(label, url=url)]])
