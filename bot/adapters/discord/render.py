"""Engine replies as Discord messages: a question with buttons or a select, a result embed.

Views are drawn, then stopped before sending, so discord.py never keeps them in memory:
every press is routed by its custom id to the persistent DynamicItems (components.py).
"""

from __future__ import annotations

from typing import Any

import discord

from bot.adapters.discord.ids import Ref
from bot.engine import Assessment, Reply
from bot.engine.content import Messages, one_line_why, render_result, why_lines
from bot.service import Outcome

COLOURS = {
    "emergency": discord.Colour.red(),
    "see_doctor_soon": discord.Colour.orange(),
    "see_doctor": discord.Colour.gold(),
    "self_care": discord.Colour.green(),
}
CONTENT_MAX = 2000


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _bullets(lines: list[str]) -> str:
    return "\n".join(f"• {line}" for line in lines)


def _embed(m: Messages, assessment: Assessment) -> discord.Embed:
    level = m.levels[assessment.level]
    return discord.Embed(title=clip(f"{level.badge} {level.headline}", 256),
                         colour=COLOURS.get(assessment.level, discord.Colour.default()))


def result_embed(m: Messages, assessment: Assessment, assumed: list[str] | None = None) -> discord.Embed:
    """The full result: badge and headline, why, tips, safety net, (assumptions), disclaimer."""
    embed = _embed(m, assessment)
    why = why_lines(m, assessment)
    embed.description = clip(f"**{m.result.why}**\n{_bullets(why)}", 4096)
    if assessment.tips:
        embed.add_field(name=m.result.tips, value=clip(_bullets([m.tips[t] for t in assessment.tips]), 1024),
                        inline=False)
    if assessment.level != "emergency":
        embed.add_field(name=m.result.safety_net_title, value=clip(m.result.safety_net, 1024), inline=False)
    if assumed:
        embed.add_field(name=m.result.assumed, value=clip(_bullets(assumed), 1024), inline=False)
    embed.set_footer(text=clip(m.result.disclaimer, 2048))
    return embed


def public_embed(m: Messages, assessment: Assessment) -> discord.Embed:
    """For a channel: the badge, the headline and one line of why, never the details."""
    embed = _embed(m, assessment)
    embed.description = clip(one_line_why(m, assessment), 4096)
    embed.set_footer(text=clip(m.result.disclaimer, 2048))
    return embed


def question_view(m: Messages, reply: Reply, ref: Ref) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    if reply.multi:
        select: discord.ui.Select[Any] = discord.ui.Select(
            custom_id=ref.select(), min_values=1, max_values=len(reply.options), row=0,
            placeholder=clip(m.questions[ref.question].prompt, 150))
        for option in reply.options:
            select.add_option(label=clip(option.label, 100), value=option.id,
                              default=option.id in reply.selected)
        view.add_item(select)
    else:
        for i, option in enumerate(reply.options[:20]):
            view.add_item(discord.ui.Button(label=clip(option.label, 80), custom_id=ref.answer(option.id),
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
    main = next((r for r in reversed(outcome.replies) if r.kind in ("question", "result")), None)
    if main is None or any(r.kind == "stale" for r in outcome.replies):
        return None
    notes = [r.text for r in outcome.replies if r is not main and r.kind == "info"]
    if main.kind == "question" and main.question is not None:
        ref = Ref(tag, outcome.session.nonce, outcome.session.version, main.question)
        content = clip("\n\n".join([*notes, main.text]), CONTENT_MAX)
        return {"content": content, "embed": None, "view": question_view(m, main, ref)}
    assert main.result is not None
    body = render_result(m, main.result)
    prefix = main.text[: -len(body)].strip() if main.text.endswith(body) else ""
    content = "\n\n".join(t for t in [*notes, prefix] if t)
    return {"content": clip(content, CONTENT_MAX) or None, "embed": result_embed(m, main.result), "view": None}
