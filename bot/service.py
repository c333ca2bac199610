"""The adapters' one door: start a check, apply an event, show where a check is, forget.

Load, step, save with a version check, retry: two updates of one user arriving at once are
applied one after the other (a version conflict reloads and steps again), and an update
delivered twice (same event id) is applied once, its answer being where the check is now.
"""

from __future__ import annotations

import logging
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from bot.engine.bundle import Bundle
from bot.engine.content import Messages
from bot.engine.events import Edit, Event, Start
from bot.engine.machine import MAX_TEXT, resume, step
from bot.engine.quick import QuickCheck, quick_check
from bot.engine.replies import Reply, ResultReply
from bot.engine.session import Keyboard, Session
from bot.followups.door import FollowupDoor
from bot.followups.service import FollowupService
from bot.stores.base import Record, SessionKey, SessionStore, VersionConflict

MAX_ATTEMPTS = 50
SHOWN = "+shown"  # remembered beside an event id once its replies were delivered
__all__ = ["MAX_TEXT", "CheckService", "Outcome", "new_nonce"]  # MAX_TEXT: what a typed answer may hold
log = logging.getLogger(__name__)


def _count_result(platform: str, level: str) -> None:
    # prometheus-client is imported at the first result, not on every cold start
    from bot.metrics import RESULTS

    RESULTS.labels(platform, level).inc()


def new_nonce() -> str:
    """What tells one check from the next in buttons: short, [0-9a-f]."""
    return secrets.token_hex(4)


@dataclass(frozen=True, slots=True)
class Outcome:
    """The session after an event and what to show. `duplicate`: the event was applied
    before, and `replies` show where the check is now; `stale`: a button made for an
    earlier state, nothing changed and nothing to show."""

    session: Session
    replies: list[Reply] = field(default_factory=list)
    duplicate: bool = False
    stale: bool = False


class CheckService(FollowupDoor):
    """Checks (here) and follow-ups (check-ins, diary, summary: FollowupDoor), one door."""

    def __init__(self, bundle: Bundle, store: SessionStore, clock: Callable[[], float] = time.time,
                 followups: FollowupService | None = None, session_ttl: int = 86_400) -> None:
        self.bundle = bundle
        self.store = store
        self.clock = clock
        self.followups = followups
        self.session_ttl = session_ttl  # s an untouched check is kept (the store's TTL), as /privacy says

    def locale(self, code: str | None) -> str:
        """The best locale we have for a platform's language code."""
        return self.bundle.locale(code)

    def messages(self, locale: str) -> Messages:
        return self.bundle.content(locale).messages

    def privacy(self, locale: str) -> str:
        """/privacy in `locale`, naming the session TTL this bot runs with ("24 hours", "2 дня")."""
        content = self.bundle.content(locale)
        return content.messages.privacy.format(ttl=content.duration(self.session_ttl))

    async def _load(self, key: SessionKey) -> Record | None:
        """The stored record; one that cannot be read (an older format, damage) is dropped,
        so the person starts afresh instead of meeting an error on every message."""
        try:
            return await self.store.load(key)
        except ValueError:
            log.warning("an unreadable session was discarded (%s)", key.platform)
            await self.store.delete(key)
            return None

    async def current(self, key: SessionKey) -> Session | None:
        record = await self._load(key)
        return None if record is None else record.session

    async def start(self, key: SessionKey, locale: str, event_id: str | None = None, numbered: bool = False) -> Outcome:
        """A new check, with a fresh nonce (made here and nowhere else); `numbered`: answered
        by typing option numbers (no buttons)."""
        nonce = new_nonce()
        return await self.handle(key, lambda now: Start(now, locale, nonce, numbered), event_id)

    async def edited(self, key: SessionKey, locale: str, text: str, event_id: str | None = None) -> Outcome:
        """A message changed after it was sent (the engine reads it for emergency signs only)."""
        return await self.handle(key, lambda now: Edit(now, locale, text), event_id)

    async def resume(self, key: SessionKey, note: str = "") -> Outcome | None:
        """Where the check is now (the question it waits on, `note` above it, or its result);
        None when there is no check to show."""
        session = await self.current(key)
        reply = None if session is None else resume(self.bundle, session, note)
        return None if session is None or reply is None else Outcome(session, [reply])

    async def handle(
        self,
        key: SessionKey,
        make_event: Callable[[float], Event],
        event_id: str | None = None,
        expect: tuple[str, int] | None = None,
    ) -> Outcome:
        """Apply one event. `expect` = (nonce, version) a button was made for: else stale."""
        for _ in range(MAX_ATTEMPTS):
            record = await self._load(key)
            stored = record.session if record else None
            if record is not None and event_id is not None and event_id in record.events:
                if event_id + SHOWN in record.events:  # its answer reached the user: nothing twice
                    return Outcome(record.session, [], duplicate=True)
                again = resume(self.bundle, record.session)  # its first answer may have been lost
                return Outcome(record.session, [again] if again is not None else [], duplicate=True)
            session = stored or Session(locale=self.bundle.default_locale)
            if expect is not None and (stored is None or (session.nonce, session.version) != expect):
                return Outcome(session, [], stale=True)
            new, replies = step(self.bundle, session, make_event(self.clock()))
            if new is session:  # nothing changed (help, a stale press): nothing to save
                return Outcome(session, replies)
            base = record or Record(session)
            try:
                await self.store.save(key, base.with_event(new, event_id), None if stored is None else stored.version)
            except VersionConflict:
                continue
            for reply in replies:
                if isinstance(reply, ResultReply):
                    _count_result(key.platform, reply.assessment.level)
            return Outcome(new, replies)
        raise VersionConflict(f"gave up after {MAX_ATTEMPTS} attempts: {key}")

    async def keep_keyboard(self, key: SessionKey, shown: Session, keyboard: Keyboard | None) -> None:
        """Remember which message holds the live buttons of `shown` (None: no message does),
        unless the session has moved on since. The version stays: those buttons stay valid."""
        await self.delivered(key, shown, None, keyboard)

    async def shown(self, key: SessionKey, event_id: str | None) -> None:
        """The replies to `event_id` reached the user: if it is delivered again, show nothing.

        Best effort: if another event was saved meanwhile, its replies show where the check is."""
        await self.delivered(key, None, event_id)

    async def delivered(self, key: SessionKey, shown: Session | None, event_id: str | None,
                        keyboard: Keyboard | None = None) -> None:
        """`keep_keyboard` (with `shown`) and `shown` (with `event_id`) in one load and at most
        one save: what an adapter says once an update's replies reached the user."""
        record = await self._load(key)
        if record is None:
            return
        session = record.session
        if shown is not None and session.keyboard != keyboard \
                and (session.nonce, session.version) == (shown.nonce, shown.version):
            session = session.model_copy(update={"keyboard": keyboard})
        mark = event_id is not None and event_id in record.events and event_id + SHOWN not in record.events
        if session is record.session and not mark:
            return
        kept = Record(session, record.events).with_event(session, f"{event_id}{SHOWN}" if mark else None)
        try:
            await self.store.save(key, kept, record.session.version)
        except VersionConflict:  # a later update's reply keeps its own keyboard and marks
            log.info("a delivery was not remembered: the session moved on")

    async def forget(self, platform: str, user: str) -> int:
        """Erase every session of a user on a platform, and their diary, check-ins and
        summary data; the number of records erased."""
        return await self.store.delete_user(platform, user) + await self.forget_followups(platform, user)

    def quick(self, locale: str | None, text: str) -> QuickCheck:
        return quick_check(self.bundle, self.bundle.locale(locale), text)
