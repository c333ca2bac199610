"""The "Type it" button: a modal for an answer in the person's own words (an engine Text)."""

from __future__ import annotations

from typing import Any

import discord

from bot.adapters.discord import check
from bot.adapters.discord.context import deps_of, tell
from bot.adapters.discord.ids import TEXT_FIELD, Ref, parse_modal
from bot.adapters.discord.render import clip
from bot.engine.events import Text
from bot.service import MAX_TEXT


def modal_for(interaction: discord.Interaction, ref: Ref) -> discord.ui.Modal:
    m = deps_of(interaction).messages(interaction)
    question = m.questions.get(ref.question)
    modal = discord.ui.Modal(title=clip(m.chat.type_title, 45), custom_id=ref.modal())
    modal.add_item(discord.ui.TextInput(
        label=clip(m.chat.type_label, 45), custom_id=TEXT_FIELD, style=discord.TextStyle.paragraph,
        placeholder=clip(question.example, 100) if question else None, max_length=MAX_TEXT))
    modal.stop()  # not kept in memory: submissions are read in on_interaction, also after a restart
    return modal


async def open_modal(interaction: discord.Interaction, ref: Ref) -> None:
    if ref.tag != deps_of(interaction).tag(interaction.user.id):
        await tell(interaction, deps_of(interaction).messages(interaction).chat.not_your_check)
        return
    await interaction.response.send_modal(modal_for(interaction, ref))


def _field(components: list[Any], custom_id: str) -> str | None:
    for component in components:
        value = component.get("value")
        if component.get("custom_id") == custom_id and isinstance(value, str):
            return value
        inner = component.get("components") or ([component["component"]] if "component" in component else [])
        found = _field(inner, custom_id)
        if found is not None:
            return found
    return None


async def submit(interaction: discord.Interaction) -> None:
    """A modal submission (from on_interaction): our typed answer, or an expired form."""
    data: Any = interaction.data or {}
    ref = parse_modal(str(data.get("custom_id", "")))
    text = _field(data.get("components") or [], TEXT_FIELD)
    if ref is None or text is None:
        await tell(interaction, deps_of(interaction).messages(interaction).chat.expired_button)
        return
    await check.press(interaction, ref, lambda locale: lambda now: Text(now, locale, text))
