"""The follow-up half of CheckService's door: what adapters may ask about check-ins, the
diary and the summary. CheckService inherits it; with no follow-up store (Redis, for now)
every offer is None and the commands say so."""

from __future__ import annotations

from bot.engine.checkin import Choose, Done, FollowupEvent, FollowupReply, Typed
from bot.engine.session import Session
from bot.engine.summary import Summary
from bot.followups.service import FollowupService, History

__all__ = ["Choose", "Done", "FollowupDoor", "FollowupEvent", "FollowupReply", "History", "Typed"]


class FollowupDoor:
    followups: FollowupService | None = None

    def offer(self, session: Session) -> FollowupReply | None:
        """The check-in offer under a finished check's result; None after an emergency."""
        return None if self.followups is None else self.followups.offer(session)

    async def choose_offer(self, platform: str, user: str, token: str, choice: str,
                           session: Session | None, address: str) -> list[FollowupReply]:
        """A press on an offer; `address` is where the check-in will be sent (sealed)."""
        if self.followups is None:
            return []
        return await self.followups.choose_offer(platform, user, token, choice, session, address)

    async def in_checkin(self, platform: str, user: str) -> bool:
        return self.followups is not None and await self.followups.in_checkin(platform, user)

    async def checkin(self, platform: str, user: str, event: FollowupEvent) -> list[FollowupReply]:
        """A press on a check-in's keyboard, or text typed while a check-in waits."""
        return [] if self.followups is None else await self.followups.event(platform, user, event)

    def log_prompt(self, locale: str | None) -> FollowupReply | None:
        return None if self.followups is None else self.followups.log_prompt(locale)

    async def log(self, platform: str, user: str, locale: str | None, event: Choose | Done) -> list[FollowupReply]:
        return [] if self.followups is None else await self.followups.log_event(platform, user, locale, event)

    async def history(self, platform: str, user: str, locale: str | None, days: int) -> History | None:
        return None if self.followups is None else await self.followups.history(platform, user, locale, days)

    async def summary(self, platform: str, user: str) -> Summary | None:
        return None if self.followups is None else await self.followups.summary(platform, user)

    async def notices(self, platform: str, user: str) -> list[FollowupReply]:
        """Said once, before anything else: check-ins dropped while the bot was down."""
        return [] if self.followups is None else await self.followups.notices(platform, user)

    async def due_here(self, platform: str, user: str) -> list[FollowupReply]:
        """The console's check-in: shown when the person comes back, once it is due."""
        return [] if self.followups is None else await self.followups.due_here(platform, user)

    async def forget_followups(self, platform: str, user: str) -> int:
        return 0 if self.followups is None else await self.followups.forget(platform, user)
