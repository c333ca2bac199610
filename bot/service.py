"""Applying events to stored sessions: load, step, save with a version check, retry.

This is the one place adapters call. Two updates of one user arriving at once are
applied one after the other (a version conflict reloads and steps again), and an
update delivered twice (same event id) is applied once.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from bot.engine import Bundle, Event, Reply, Session, step
from bot.engine.quick import QuickCheck, quick_check
from bot.stores.base import Record, SessionKey, SessionStore, VersionConflict

MAX_ATTEMPTS = 50
log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Outcome:
    session: Session
    replies: list[Reply] = field(default_factory=list)
    duplicate: bool = False
    stale: bool = False


class CheckService:
    def __init__(self, bundle: Bundle, store: SessionStore, clock: Callable[[], float] = time.time) -> None:
        self.bundle = bundle
        self.store = store
        self.clock = clock

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
                return Outcome(record.session, [], duplicate=True)
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
            return Outcome(new, replies)
        raise VersionConflict(f"gave up after {MAX_ATTEMPTS} attempts: {key}")

    async def forget(self, platform: str, user: str) -> int:
        return await self.store.delete_user(platform, user)

    def quick(self, locale: str | None, text: str) -> QuickCheck:
        return quick_check(self.bundle, self.bundle.locale(locale), text)
