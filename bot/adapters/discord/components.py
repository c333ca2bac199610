"""Persistent DynamicItems: every button and select of a check, routed by its custom id.

They live as long as the message, not the process: after a restart the new client
registers the same templates and old buttons keep working. Anything else (a forged,
unknown or stale id) is answered in `answer_stray`, never left to fail.
"""

from __future__ import annotations

import re
from typing import Any

import discord
from discord.ui import Button, DynamicItem, Item, Select

from bot.adapters.discord import check, ids, typed
from bot.adapters.discord.context import deps_of, tell
from bot.adapters.discord.followups import FollowupButton
from bot.engine.events import Answer, Command


class _Item:
    def __init__(self, item: Item[Any], match: re.Match[str]) -> None:
        super().__init__(item)  # type: ignore[call-arg]
        self.ref = ids.Ref.of(match) if match.groupdict() else None

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: Item[Any], match: re.Match[str]) -> Any:
        return cls(item, match)  # never raises: a bad id would leave the press unanswered


class AnswerButton(_Item, DynamicItem[Button[Any]], template=ids.ANSWER):
    async def callback(self, interaction: discord.Interaction) -> None:
        ref = self.ref
        assert ref is not None
        await check.press(interaction, ref, lambda loc: lambda now: Answer(now, loc, ref.question, (ref.option,)))


class AnswerSelect(_Item, DynamicItem[Select[Any]], template=ids.SELECT):
    async def callback(self, interaction: discord.Interaction) -> None:
        ref = self.ref
        assert ref is not None
        chosen = tuple(dict.fromkeys(str(v) for v in self.item.values))  # the engine validates them
        await check.press(interaction, ref, lambda loc: lambda now: Answer(now, loc, ref.question, chosen))


class BackButton(_Item, DynamicItem[Button[Any]], template=ids.BACK):
    async def callback(self, interaction: discord.Interaction) -> None:
        assert self.ref is not None
        await check.press(interaction, self.ref, lambda loc: lambda now: Command(now, loc, "back"))


class TypeButton(_Item, DynamicItem[Button[Any]], template=ids.TYPE):
    async def callback(self, interaction: discord.Interaction) -> None:
        assert self.ref is not None
        await typed.open_modal(interaction, self.ref)


class NewCheckButton(_Item, DynamicItem[Button[Any]], template=ids.NEW_CHECK):
    """Under a public quick result: anyone may press it to start their own private check."""

    async def callback(self, interaction: discord.Interaction) -> None:
        await check.start(interaction)


ITEMS: tuple[type[DynamicItem[Any]], ...] = (AnswerButton, AnswerSelect, BackButton, TypeButton, NewCheckButton,
                                              FollowupButton)


def _custom_ids(components: list[Any]) -> set[tuple[int, str]]:
    found: set[tuple[int, str]] = set()
    for component in components:
        custom_id = getattr(component, "custom_id", None)
        if custom_id:
            found.add((component.type.value, custom_id))
        found |= _custom_ids(list(getattr(component, "children", ()) or ()))
    return found


def claimed(interaction: discord.Interaction) -> bool:
    """Will a DynamicItem answer this press? Only if the id fits a template *and* is on the message."""
    data: Any = interaction.data or {}
    custom_id, kind = str(data.get("custom_id", "")), data.get("component_type")
    if not any(item.__discord_ui_compiled_template__.fullmatch(custom_id) for item in ITEMS):
        return False
    message = interaction.message
    return message is not None and (kind, custom_id) in _custom_ids(list(message.components))


async def answer_stray(interaction: discord.Interaction) -> None:
    """on_interaction: presses and forms nothing else will answer get an ephemeral note."""
    if interaction.type is discord.InteractionType.modal_submit:
        await typed.submit(interaction)
    elif interaction.type is discord.InteractionType.component and not claimed(interaction):
        await tell(interaction, deps_of(interaction).messages(interaction).chat.expired_button)
