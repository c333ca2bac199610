"""Check-ins in the console chat: the offer under a result, and the check-in itself.

The console cannot write to anyone later: a check-in accepted here is shown when the person
next starts the chat (`make run`, `twitchcheck chat`) on or after its day, opened late or
dropped by the same rules as a sent one. Options are numbered; typed numbers (or words)
answer the check-in. Translation only: every decision is CheckService's.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.engine.checkin import FollowupReply, Typed
from bot.engine.content import Messages
from bot.service import CheckService, Outcome
from bot.stores.base import SessionKey

ADDRESS = "console"  # where a check-in goes: this terminal, the next time the chat starts


class ConsoleFollowups:
    def __init__(self, service: CheckService, key: SessionKey, messages: Callable[[], Messages],
                 on: bool = True) -> None:
        self.on = on  # off for a program's chat (--jsonl): its output is replies as JSON only
        self.service = service
        self.key = key
        self.messages = messages
        self.offer: FollowupReply | None = None  # the offer last shown, waiting for a number

    async def arrivals(self) -> list[FollowupReply]:
        """At the start of a chat: check-ins dropped as too late, then one now due (or open)."""
        platform, user = self.key.platform, self.key.user
        if not self.on:
            return []
        return [*await self.service.notices(platform, user), *await self.service.due_here(platform, user)]

    def after(self, outcome: Outcome) -> list[FollowupReply]:
        """Under a finished check's result: the check-in offer (never after an emergency)."""
        offer = self.service.offer(outcome.session) if self.on and outcome.session.status == "done" else None
        self.offer = offer if offer is not None and offer.options else None
        if self.offer is None:
            return []
        return [self.offer, FollowupReply(self.messages().followups.offer.console_note)]

    def _offered(self, text: str) -> str | None:
        offer = self.offer
        if offer is None or not text.isdigit() or not 1 <= int(text) <= len(offer.options):
            return None
        return offer.options[int(text) - 1].id

    async def answer(self, text: str) -> list[FollowupReply] | None:
        """A number picking an offer's choice, or text while a check-in waits: its replies;
        None when the line is for the check instead."""
        platform, user = self.key.platform, self.key.user
        if not self.on:
            return None
        choice = self._offered(text.strip())
        if choice is not None and self.offer is not None:
            token, self.offer = self.offer.token, None
            session = await self.service.current(self.key)
            replies = await self.service.choose_offer(platform, user, token, choice, session, ADDRESS)
        elif await self.service.in_checkin(platform, user):
            self.offer = None
            replies = await self.service.checkin(platform, user, Typed(text))
        else:
            return None
        self.offer = next((r for r in replies if r.kind == "offer" and r.options), None)
        return replies
