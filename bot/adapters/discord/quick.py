"""/twitch quick: a check from a few details, read by the free-text understanding module.

The chosen options are written out as their labels and joined with the free text into
one description (one sentence each, so a "none" in one field never negates the next),
which `CheckService.quick` reads exactly as it reads a typed /quick line.
"""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands

from bot.adapters.discord import ids
from bot.adapters.discord.context import deps_of
from bot.adapters.discord.render import clip, public_embed, result_embed
from bot.engine.content import Messages

CHOICE_FIELDS = ("frequency", "duration", "course")
TEXT_FIELDS = ("triggers", "symptoms")
MAX_SUGGESTIONS = 25


def description(m: Messages, chosen: dict[str, str | None], typed: dict[str, str | None]) -> str:
    parts = [m.option_label(q, o) for q, o in chosen.items() if o and o in m.options.get(q, {})]
    parts += [" ".join(t.split()) for t in typed.values() if t and t.strip()]
    return ". ".join(p.rstrip(" .") for p in parts)


async def run(interaction: discord.Interaction, chosen: dict[str, str | None],
              typed: dict[str, str | None], public: bool) -> None:
    deps = deps_of(interaction)
    locale = deps.locale(interaction)
    m = deps.bundle.content(locale).messages
    text = description(m, chosen, typed)
    if not text:
        await interaction.response.send_message(m.chat.quick_pick_one, ephemeral=True)
        return
    result = deps.service.quick(locale, text)  # pure and quick: no store involved
    if not public:
        embed = result_embed(result.view)
        await interaction.response.send_message(embed=embed, ephemeral=True)
        return
    view = discord.ui.View(timeout=None)
    view.add_item(discord.ui.Button(label=clip(m.chat.quick_private_button, 80), custom_id=ids.NEW_CHECK,
                                    style=discord.ButtonStyle.secondary))
    view.stop()  # answered by the persistent NewCheckButton
    await interaction.response.send_message(embed=public_embed(result.view), view=view)


def suggestions(m: Messages, qid: str, current: str) -> list[app_commands.Choice[str]]:
    """Option labels for what is being typed: the whole text, or what follows the last , or ;"""
    cut = max(current.rfind(","), current.rfind(";"))
    head, tail = current[: max(cut, 0)].strip(), current[cut + 1:].strip().lower()
    whole = current.strip().lower()
    values: list[str] = []
    for label in m.options.get(qid, {}).values():
        if whole and whole in label.lower():
            values.append(label)
        elif label.lower() not in head.lower() and (not tail or tail in label.lower()):
            values.append(f"{head}; {label}" if head else label)
    unique = dict.fromkeys(v for v in values if len(v) <= 100)
    return [app_commands.Choice(name=v, value=v) for v in unique][:MAX_SUGGESTIONS]


def autocomplete_for(qid: str) -> Any:
    async def complete(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        return suggestions(deps_of(interaction).messages(interaction), qid, current)

    return complete
