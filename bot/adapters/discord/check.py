"""/twitch check: the full check in an ephemeral message, step by step through the engine."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import discord

from bot.adapters.discord.context import deps_of, event_id, tell, words
from bot.adapters.discord.followups import offer_after_result
from bot.adapters.discord.ids import Ref
from bot.adapters.discord.render import outcome_message
from bot.engine.events import Event, Language
from bot.engine.replies import ResultReply
from bot.logs import where
from bot.service import Outcome

log = logging.getLogger(__name__)

EventFor = Callable[[str], Callable[[float], Event]]  # locale -> (now -> event)


async def start(interaction: discord.Interaction) -> None:
    """A new check (a fresh nonce), shown only to the person who asked."""
    deps = deps_of(interaction)
    await interaction.response.defer(ephemeral=True, thinking=True)  # the store may be slow
    try:
        outcome = await deps.service.start(deps.key(interaction), deps.locale(interaction), event_id(interaction))
        await show(interaction, outcome)
    except Exception as exc:
        log.error("discord: /twitch check failed: %s", where(exc))
        await interaction.edit_original_response(content=deps.messages(interaction).chat.error)


async def language(interaction: discord.Interaction, choice: str) -> None:
    """/twitch language: the engine switches (or lists); a check under way is shown again in it."""
    deps = deps_of(interaction)
    await interaction.response.defer(ephemeral=True, thinking=True)
    platform = deps.locale(interaction)
    try:
        outcome = await deps.service.handle(deps.key(interaction), lambda now: Language(now, platform, choice),
                                            event_id=event_id(interaction))
    except Exception as exc:
        log.error("discord: /twitch language failed: %s", where(exc))
        await interaction.edit_original_response(content=deps.messages(interaction).chat.error)
        return
    m = deps.bundle.content(outcome.session.locale).messages
    shown = outcome_message(m, outcome, deps.tag(interaction.user.id))
    if shown is None:
        shown = {"content": "\n\n".join(r.text for r in outcome.replies)}
    await interaction.edit_original_response(**_worded(interaction, shown))


async def press(interaction: discord.Interaction, ref: Ref, event_for: EventFor) -> None:
    """A button, select or typed answer: checked against the presser, then the engine."""
    deps = deps_of(interaction)
    m = deps.messages(interaction)
    if ref.tag != deps.tag(interaction.user.id):
        await tell(interaction, m.chat.not_your_check)
        return
    await interaction.response.defer()  # updates the message later; the store may be slow
    make_event = event_for(deps.locale(interaction))
    try:
        outcome = await deps.service.handle(deps.key(interaction), make_event,
                                            event_id=event_id(interaction), expect=ref.expect)
    except Exception as exc:
        log.error("discord: a press failed: %s", where(exc))
        await tell(interaction, m.chat.error)
        return
    await show(interaction, outcome)


def _worded(interaction: discord.Interaction, shown: dict[str, Any]) -> dict[str, Any]:
    """The message's text with the commands it names in Discord's words."""
    content = shown.get("content")
    return {**shown, "content": words(interaction, content)} if isinstance(content, str) else shown


async def show(interaction: discord.Interaction, outcome: Outcome) -> None:
    """Edit the check message to the engine's reply; a stale press only gets a note."""
    if outcome.duplicate:
        return
    deps = deps_of(interaction)
    m = deps.bundle.content(outcome.session.locale).messages
    shown = None if outcome.stale else outcome_message(m, outcome, deps.tag(interaction.user.id))
    if shown is None:
        await tell(interaction, deps.messages(interaction).chat.expired_button)
        return
    await interaction.edit_original_response(**_worded(interaction, shown))
    if any(isinstance(r, ResultReply) for r in outcome.replies):
        await offer_after_result(interaction, outcome.session)
