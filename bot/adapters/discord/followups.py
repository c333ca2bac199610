"""Follow-ups on Discord: the check-in offer under a result, the check-in as a DM with
persistent buttons, and the sender the scheduler uses (closed DMs cancel the person's
check-ins). Translation only: every decision is CheckService's.

Custom ids: `tc:f:<tag>:<kind>:<token>:<q>[:<o>]`, kind o (offer), c (option), d (done),
l (diary level), g (diary trigger), e (diary done); q and o are indexes into the rules'
`button_ids` (dialogs/followups.yaml).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Coroutine
from typing import Any

import discord
from discord.ui import Button, DynamicItem, Item

from bot.adapters.discord.context import PLATFORM, client_words, deps_of, tell, words
from bot.adapters.discord.render import CONTENT_MAX, clip
from bot.engine.bundle import Bundle
from bot.engine.checkin import Choose, Done, FollowupEvent, FollowupReply
from bot.engine.content import Messages
from bot.followups.scheduler import Delivery
from bot.followups.store import DueCheckIn

log = logging.getLogger(__name__)
TEMPLATE = (r"tc:f:(?P<tag>[0-9a-f]{8}):(?P<kind>[ocdlge]):(?P<token>[0-9A-Za-z._-]{1,24}):(?P<q>[0-9]{1,2})"
            r"(?::(?P<o>[0-9]{1,2}))?")
CANNOT_DM = 50007  # Discord: "Cannot send messages to this user" (closed DMs, no shared server)


def event_of(bundle: Bundle, match: re.Match[str]) -> FollowupEvent | None:
    """The press a custom id describes, or None when it is out of range."""
    assert bundle.followups is not None
    kind, q, o = match["kind"], int(match["q"]), match["o"]
    question = bundle.followups.button_question(kind, q)
    if kind in "cd" and question is None:
        return None
    if kind in "de":
        return None if o is not None or question is None else Done(match["token"], question)
    ids = bundle.followups.button_ids(question, bundle.dialog)
    if o is None or int(o) >= len(ids):
        return None
    return Choose(match["token"], question, ids[int(o)])


def followup_view(bundle: Bundle, m: Messages, reply: FollowupReply, tag: str) -> discord.ui.View | None:
    """Buttons for an offer or a check-in question (✅ on ticked options); None otherwise."""
    assert bundle.followups is not None
    address = bundle.followups.button_address(reply.kind, reply.question)
    if address is None:
        return None
    kind, qi = address
    head = f"tc:f:{tag}:{{k}}:{reply.token}:{qi}"
    ids = bundle.followups.button_ids(None if kind == "o" else reply.question, bundle.dialog)
    view = discord.ui.View(timeout=None)
    for i, option in enumerate(reply.options[:20]):
        label = m.chat.selected_option.format(label=option.label) if option.id in reply.selected else option.label
        view.add_item(Button(label=clip(label, 80), custom_id=f"{head.format(k=kind)}:{ids.index(option.id)}",
                             style=discord.ButtonStyle.primary, row=i // 5))
    if kind == "c" and reply.multi:
        view.add_item(Button(label=clip(m.chat.done_button, 80), custom_id=head.format(k="d"),
                             style=discord.ButtonStyle.success, row=4))
    if kind == "g":
        done = m.chat.done_button if reply.selected else m.followups.diary.skip_button
        view.add_item(Button(label=clip(done, 80), custom_id=head.format(k="e"), style=discord.ButtonStyle.success,
                             row=4))
    view.stop()  # not kept in memory: FollowupButton answers, also after a restart
    return view


class FollowupButton(DynamicItem[Button[Any]], template=TEMPLATE):
    def __init__(self, item: Button[Any], match: re.Match[str] | None = None) -> None:
        super().__init__(item)
        self.match = match

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: Item[Any], match: re.Match[str]) -> Any:
        return cls(item, match)  # type: ignore[arg-type]

    async def callback(self, interaction: discord.Interaction) -> None:
        deps = deps_of(interaction)
        m = deps.messages(interaction)
        match = self.match
        event = None if match is None else event_of(deps.bundle, match)
        if match is None or event is None:
            await tell(interaction, m.chat.expired_button)
            return
        if match["tag"] != deps.tag(interaction.user.id):
            await tell(interaction, m.chat.not_your_check)
            return
        user = deps.user_hash(interaction.user.id)
        service = deps.service
        if match["kind"] == "o" and isinstance(event, Choose):
            session = await service.current(deps.key(interaction))
            replies = await service.choose_offer(PLATFORM, user, event.token, event.option, session,
                                                 str(interaction.user.id))
        elif match["kind"] in "lge" and isinstance(event, Choose | Done):
            replies = await service.log(PLATFORM, user, deps.locale(interaction), event)
        else:
            replies = await service.checkin(PLATFORM, user, event)
        if not replies or any(r.kind == "stale" for r in replies):
            await tell(interaction, m.chat.expired_button)
            return
        tag = deps.tag(interaction.user.id)
        private = interaction.guild_id is not None
        last = replies[-1]
        if len(replies) == 1 and last.multi and isinstance(event, Choose) and last.question == event.question:
            await interaction.response.edit_message(view=followup_view(deps.bundle, m, last, tag))
            return
        await interaction.response.edit_message(view=None)  # its buttons are answered
        for reply in replies:
            view = followup_view(deps.bundle, m, reply, tag)
            kwargs: dict[str, Any] = {"view": view} if view is not None else {}
            await interaction.followup.send(clip(words(interaction, reply.text), CONTENT_MAX), ephemeral=private,
                                            **kwargs)


async def offer_after_result(interaction: discord.Interaction, session: Any) -> None:
    """Under a self-care or see-a-doctor result: the offer to check in (by DM), only to them."""
    deps = deps_of(interaction)
    offer = deps.service.offer(session)
    if offer is None:
        return
    m = deps.bundle.content(session.locale).messages
    view = followup_view(deps.bundle, m, offer, deps.tag(interaction.user.id))
    assert view is not None
    await interaction.followup.send(words(interaction, offer.text), view=view, ephemeral=True)


def discord_deliver(client: discord.Client) -> Callable[[DueCheckIn, list[FollowupReply]], Coroutine[Any, Any, Delivery]]:
    """Send a due check-in as a DM. Closed DMs (50007) or a user that is gone: cancelled."""
    async def deliver(due: DueCheckIn, replies: list[FollowupReply]) -> Delivery:
        assert due.address is not None
        deps = client.twitch  # type: ignore[attr-defined]
        locale = deps.bundle.default_locale
        if deps.service.followups is not None:
            stored = await deps.service.followups.store.load(due.platform, due.user)
            locale = stored.record.locale if stored else locale
        m = deps.bundle.content(locale).messages
        await client.wait_until_ready()
        try:
            user = client.get_user(int(due.address)) or await client.fetch_user(int(due.address))
            for reply in replies:
                view = followup_view(deps.bundle, m, reply, due.user[:8])
                kwargs: dict[str, Any] = {"view": view} if view is not None else {}
                await user.send(clip(client_words(client, reply.text), CONTENT_MAX), **kwargs)
        except discord.NotFound:
            return "blocked"
        except discord.Forbidden as exc:
            return "blocked" if exc.code == CANNOT_DM or exc.status == 403 else "failed"
        except discord.HTTPException:
            return "failed"
        return "sent"

    return deliver
