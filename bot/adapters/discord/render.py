"""Engine replies as Discord messages: a question with buttons or a select, a result embed.

Views are drawn, then stopped before sending, so discord.py never keeps them in memory:
every press is routed by its custom id to the persistent DynamicItems (components.py).
"""

from __future__ import annotations

import re
from typing import Any

import discord

from bot.adapters.discord.ids import Ref
from bot.engine.content import Messages
from bot.engine.replies import NoteReply, QuestionReply, ResultReply, StaleReply
from bot.engine.result import ResultView, compact_assumed
from bot.service import Outcome

COLOURS = {
    "see_doctor_soon": discord.Colour.orange(),
    "see_doctor": discord.Colour.gold(),
    "self_care": discord.Colour.green(),
}
BLANK = "\u200b"  # a field with no title of its own
CONTENT_MAX = 2000
_LISTED = re.compile(r"\s*(•|\d+\.)\s")  # "• a sign in full", "2. an option by number"


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _embed(view: ResultView) -> discord.Embed:
    colour = discord.Colour.red() if view.emergency else COLOURS.get(view.level, discord.Colour.default())
    embed = discord.Embed(title=clip(view.headline, 256), colour=colour)
    embed.set_footer(text=clip(view.disclaimer, 2048))
    return embed


def result_embed(view: ResultView) -> discord.Embed:
    """The result view as an embed: the headline as title, the first section (why) as the
    description, every other section as a field, the disclaimer as the footer."""
    embed = _embed(view)
    why, *rest = view.sections
    embed.description = clip(f"**{why.title}**\n{why.body()}", 4096)
    for section in rest:
        embed.add_field(name=clip(section.title or BLANK, 256), value=clip(section.body(), 1024), inline=False)
    return embed


def public_embed(view: ResultView) -> discord.Embed:
    """For a channel: the badge, the headline and one line of why, never the details."""
    embed = _embed(view)
    embed.description = clip("\n".join([view.first_why, *compact_assumed(view)]), 4096)
    return embed


def _question_line(text: str) -> str:
    """The question itself: the last line of a reply that is not an option listed under it."""
    lines = [line for line in text.split("\n") if line.strip() and not _LISTED.match(line)]
    return lines[-1] if lines else text


def question_view(m: Messages, reply: QuestionReply, ref: Ref) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    if reply.multi:
        select: discord.ui.Select[Any] = discord.ui.Select(
            custom_id=ref.select(), min_values=1, max_values=len(reply.options), row=0,
            placeholder=clip(_question_line(reply.text), 150))
        for option in reply.options:
            select.add_option(label=clip(option.button, 100), value=option.id,
                              default=option.id in reply.selected)
        view.add_item(select)
    else:
        for i, option in enumerate(reply.options[:20]):
            view.add_item(discord.ui.Button(label=clip(option.button, 80), custom_id=ref.answer(option.id),
                                            style=discord.ButtonStyle.primary, row=i // 5))
    if reply.can_go_back:
        view.add_item(discord.ui.Button(label=clip(m.chat.back_button, 80), custom_id=ref.back(),
                                        style=discord.ButtonStyle.secondary, row=4))
    view.add_item(discord.ui.Button(label=clip(m.chat.type_button, 80), custom_id=ref.type_it(),
                                    style=discord.ButtonStyle.secondary, row=4))
    view.stop()  # not kept in memory: the DynamicItems answer, also after a restart
    return view


def outcome_message(m: Messages, outcome: Outcome, tag: str) -> dict[str, Any] | None:
    """Keyword arguments for sending or editing the check message; None if nothing to show."""
    main = next((r for r in reversed(outcome.replies) if isinstance(r, QuestionReply | ResultReply)), None)
    if main is None or any(isinstance(r, StaleReply) for r in outcome.replies):
        return None
    notes = [r.text for r in outcome.replies if r is not main and isinstance(r, NoteReply)]
    if isinstance(main, QuestionReply):
        ref = Ref(tag, outcome.session.nonce, outcome.session.version, main.question)
        content = clip("\n\n".join([*notes, main.text]), CONTENT_MAX)
        return {"content": content, "embed": None, "view": question_view(m, main, ref)}
    content = "\n\n".join(t for t in [*notes, main.note] if t)
    return {"content": clip(content, CONTENT_MAX) or None, "embed": result_embed(main.view), "view": None}
