"""/twitch log, /twitch history and /twitch summary: the diary and the summary for the doctor
on Discord, as on Telegram. Only the person sees them (ephemeral in a server, or in DMs):
/log's buttons (a level, then today's triggers), /history's chart as an attachment with the
text sparkline, /summary's text with its PDF attached. Translation only.
"""

from __future__ import annotations

import asyncio
import io
import logging

import discord

from bot.adapters.discord.context import PLATFORM, deps_of, words
from bot.adapters.discord.followups import followup_view
from bot.adapters.discord.render import CONTENT_MAX, clip
from bot.logs import where

log = logging.getLogger(__name__)
HISTORY_DAYS = (14, 30)
PDF_NAME = "twitchcheck-summary.pdf"


async def log_(interaction: discord.Interaction) -> None:
    """Today's level in one tap (then the triggers, or skip)."""
    deps = deps_of(interaction)
    m = deps.messages(interaction)
    prompt = deps.service.log_prompt(deps.locale(interaction))
    if prompt is None:
        await interaction.response.send_message(m.chat.error, ephemeral=True)
        return
    view = followup_view(deps.bundle, m, prompt, deps.tag(interaction.user.id))
    assert view is not None
    await interaction.response.send_message(prompt.text, view=view, ephemeral=True)


async def history(interaction: discord.Interaction, days: int) -> None:
    """The last 14 or 30 days: a chart (PNG attachment) with the sparkline as its text."""
    deps = deps_of(interaction)
    m = deps.messages(interaction)
    locale = deps.locale(interaction)
    await interaction.response.defer(ephemeral=True, thinking=True)  # the chart takes a moment
    try:
        shown = await deps.service.history(PLATFORM, deps.user_hash(interaction.user.id), locale, days)
        if shown is None or not shown.entries:
            await interaction.edit_original_response(content=shown.text if shown else m.chat.error)
            return
        from bot.followups.chart import chart_png

        code = deps.bundle.locale(locale)
        labels = [m.followups.diary.levels[level] for level in shown.levels]
        title = m.followups.history.title.format(days=deps.bundle.content(code).count("days", days))
        png = await asyncio.to_thread(chart_png, shown.entries, shown.levels, labels, shown.today, days, title)
    except Exception as exc:
        log.error("discord: /twitch history failed: %s", where(exc))
        await interaction.edit_original_response(content=m.chat.error)
        return
    await interaction.edit_original_response(content=clip(shown.text, CONTENT_MAX),
                                             attachments=[discord.File(io.BytesIO(png), "history.png")])


async def summary(interaction: discord.Interaction) -> None:
    """One page for the doctor: the text, and the same as a PDF attached."""
    deps = deps_of(interaction)
    m = deps.messages(interaction)
    await interaction.response.defer(ephemeral=True, thinking=True)
    try:
        found = await deps.service.summary(PLATFORM, deps.user_hash(interaction.user.id))
        if found is None:
            await interaction.edit_original_response(content=words(interaction, m.followups.summary.empty))
            return
        from bot.followups.pdf import summary_pdf

        pdf = await asyncio.to_thread(summary_pdf, found)
    except Exception as exc:
        log.error("discord: /twitch summary failed: %s", where(exc))
        await interaction.edit_original_response(content=m.chat.error)
        return
    await interaction.edit_original_response(content=clip(m.followups.summary.document_caption, CONTENT_MAX),
                                             attachments=[discord.File(io.BytesIO(pdf), PDF_NAME)])
    for part in chunks(found.text(), CONTENT_MAX):  # the text itself, readable without opening the PDF
        await interaction.followup.send(part, ephemeral=True)


def chunks(text: str, size: int) -> list[str]:
    """Text cut at line ends into messages of at most `size` characters (a longer line is cut)."""
    parts: list[str] = []
    current = ""
    for line in text.splitlines(keepends=True):
        for piece in [line[i:i + size] for i in range(0, len(line), size)]:
            if len(current) + len(piece) > size:
                parts.append(current)
                current = ""
            current += piece
    parts.append(current)
    return [p.rstrip("\n") for p in parts if p.strip()]
