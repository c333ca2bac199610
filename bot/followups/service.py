"""Follow-ups, stored: load a person's record and diary, step the pure core, save with a
version check (retry on conflict). CheckService delegates here; adapters never call it.

Opt-in: nothing is stored after a result until the person accepts the check-in offer
(then the check's answers are recorded) or logs a diary entry.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass

from bot.engine import Bundle, Session
from bot.engine.checkin import (
    CheckInStep,
    Choose,
    Done,
    FollowupEvent,
    FollowupReply,
    Typed,
    drop_late,
    notices,
    offer_for,
    open_checkin,
    resend,
    step_followup,
)
from bot.engine.diary import DiaryEntry, day_of, from_check, sparkline, within
from bot.engine.diary_log import log_prompt, step_diary
from bot.engine.followup import FollowUp, record_check
from bot.engine.schedule import timeliness
from bot.engine.summary import Summary, build_summary
from bot.engine.triage import assess
from bot.followups.store import DueCheckIn, FollowupConflict, FollowupStore, Stored

ATTEMPTS = 20


@dataclass(frozen=True, slots=True)
class History:
    days: int
    today: int
    levels: tuple[str, ...]
    entries: tuple[DiaryEntry, ...]
    text: str  # title, sparkline and legend: the console's rendering and the photo's caption


@dataclass(frozen=True, slots=True)
class Opened:
    """What the scheduler does with a claimed check-in: send these replies, or nothing."""

    replies: list[FollowupReply]
    dropped: bool = False


def offer_token(session: Session) -> str:
    """The token of the offer shown with a result: that check's nonce and version."""
    return f"s{session.nonce}.{session.version}"


class FollowupService:
    def __init__(self, bundle: Bundle, store: FollowupStore, clock: Callable[[], float] = time.time,
                 new_id: Callable[[], str] = lambda: secrets.token_hex(8)) -> None:
        assert bundle.followups is not None
        self.bundle = bundle
        self.rules = bundle.followups
        self.store = store
        self.clock = clock
        self.new_id = new_id

    def offer(self, session: Session) -> FollowupReply | None:
        """The check-in offer to show under a finished check's result (never after an emergency)."""
        if session.status != "done" or session.result_level is None:
            return None
        return offer_for(self.bundle, session.locale, session.result_level, offer_token(session))

    async def _update(self, platform: str, user: str, locale: str,
                      change: Callable[[FollowUp, tuple[DiaryEntry, ...]], CheckInStep],
                      address: str | None = None) -> CheckInStep:
        for _ in range(ATTEMPTS):
            stored = await self.store.load(platform, user)
            record = stored.record if stored else FollowUp(locale=locale)
            diary = await self.store.diary(platform, user) if stored else ()
            step = change(record, diary)
            if not step.changed:
                return step
            try:
                await self.store.save(platform, user, step.record, stored.version if stored else None,
                                      address=address, entry=step.entry)
            except FollowupConflict:
                continue
            return step
        raise FollowupConflict(f"gave up after {ATTEMPTS} attempts")

    async def choose_offer(self, platform: str, user: str, token: str, choice: str, session: Session | None,
                           address: str) -> list[FollowupReply]:
        """A press on an offer: the one under a result (the check is recorded now) or one
        after a check-in (the record has it open)."""
        now = self.clock()
        new = self.new_id()

        def change(record: FollowUp, diary: tuple[DiaryEntry, ...]) -> CheckInStep:
            entry = None
            fresh = not any(c.token == token for c in record.checks)
            if session is not None and token == offer_token(session) and session.status == "done" and fresh:
                assessment = assess(self.bundle.triage, session.answers)
                record = record_check(self.rules, record.model_copy(update={"locale": session.locale}),
                                      session.answers, assessment.level, assessment.reasons, now, token)
                entry = from_check(self.rules.diary, session.answers, now)
            step = step_followup(self.bundle, record, diary, Choose(token, None, choice), now, new)
            return CheckInStep(step.record, step.replies, entry, step.verdict, step.changed)

        locale = session.locale if session else self.bundle.default_locale
        return (await self._update(platform, user, locale, change, address=address)).replies

    async def in_checkin(self, platform: str, user: str) -> bool:
        """Whether a check-in waits for an answer (typed text goes to it, not to a check)."""
        stored = await self.store.load(platform, user)
        return stored is not None and stored.record.conversation is not None

    async def event(self, platform: str, user: str, event: FollowupEvent) -> list[FollowupReply]:
        """A press on a check-in keyboard, or text typed while a check-in waits."""
        now = self.clock()
        new = self.new_id()
        stored = await self.store.load(platform, user)
        if stored is None:
            m = self.bundle.content(self.bundle.default_locale).messages
            return [FollowupReply(m.chat.expired_button if not isinstance(event, Typed) else
                                  m.followups.checkin.not_now, "stale")]
        step = await self._update(platform, user, stored.record.locale,
                                  lambda r, d: step_followup(self.bundle, r, d, event, now, new))
        return step.replies

    def log_prompt(self, locale: str | None) -> FollowupReply:
        return log_prompt(self.bundle, self.bundle.locale(locale), self.clock())

    async def log_event(self, platform: str, user: str, locale: str | None, event: Choose | Done) -> list[FollowupReply]:
        now = self.clock()
        code = self.bundle.locale(locale)

        def change(record: FollowUp, diary: tuple[DiaryEntry, ...]) -> CheckInStep:
            step = step_diary(self.bundle, code, diary, event, now)
            return CheckInStep(record, step.replies, step.entry, changed=step.entry is not None)

        return (await self._update(platform, user, code, change)).replies

    async def notices(self, platform: str, user: str) -> list[FollowupReply]:
        """Check-ins dropped as too late, said once, the next time the person writes."""
        stored = await self.store.load(platform, user)
        if stored is None or not stored.record.dropped:
            return []

        def change(record: FollowUp, diary: tuple[DiaryEntry, ...]) -> CheckInStep:
            new, replies = notices(self.bundle, record)
            return CheckInStep(new, replies, changed=bool(replies))

        return (await self._update(platform, user, stored.record.locale, change)).replies

    async def history(self, platform: str, user: str, locale: str | None, days: int) -> History:
        code = self.bundle.locale(locale)
        f = self.bundle.content(code).messages.followups
        today = day_of(self.clock())
        entries = within(await self.store.diary(platform, user), today, days)
        levels = self.rules.diary.levels
        if not entries:
            return History(days, today, levels, (), f.history.empty)
        line = sparkline(entries, levels, today, days)
        return History(days, today, levels, entries, f"{f.history.title.format(days=self.bundle.content(code).count('days', days))}\n{line}\n"
                       f"{f.history.legend}")

    async def summary(self, platform: str, user: str) -> Summary | None:
        stored = await self.store.load(platform, user)
        if stored is None:
            return None
        diary = await self.store.diary(platform, user)
        return build_summary(self.bundle, stored.record, diary, day_of(self.clock()))

    async def forget(self, platform: str, user: str) -> int:
        return await self.store.forget(platform, user)

    async def cancel(self, platform: str, user: str) -> None:
        """The person blocked the bot or closed DMs: no check-in is waiting any more."""
        def change(record: FollowUp, diary: tuple[DiaryEntry, ...]) -> CheckInStep:
            quiet = record.model_copy(update={"pending": None, "conversation": None, "offer": None})
            return CheckInStep(quiet, [], changed=quiet != record)

        if await self.store.load(platform, user) is not None:
            await self._update(platform, user, self.bundle.default_locale, change)

    async def due_here(self, platform: str, user: str) -> list[FollowupReply]:
        """For a person the bot cannot write to later (the console): their check-in, once
        due, opened when they come back (late or dropped by the same rules as a sent one),
        or the question an open check-in waits on; nothing before it is due."""
        stored = await self.store.load(platform, user)
        if stored is None:
            return []
        record = stored.record
        if record.conversation is not None:
            return resend(self.bundle, record)
        pending = record.pending
        if pending is None or pending.due_at > self.clock():
            return []
        opened = await self.open_due(DueCheckIn(pending.id, platform, user, pending.due_at, None))
        await self.store.done(pending.id)
        return opened.replies

    async def open_due(self, due: DueCheckIn) -> Opened:
        """A claimed check-in: opened (on time or late), dropped as too late, or already
        open (a send that was not confirmed: its question again)."""
        now = self.clock()
        stored: Stored | None = await self.store.load(due.platform, due.user)
        if stored is None:
            return Opened([])
        record = stored.record
        c = record.conversation
        if c is not None and c.id == due.id:
            return Opened(resend(self.bundle, record))
        if record.pending is None or record.pending.id != due.id:
            return Opened([])
        when = timeliness(self.rules.schedule, record.pending.due_at, now)

        def change(r: FollowUp, diary: tuple[DiaryEntry, ...]) -> CheckInStep:
            if r.pending is None or r.pending.id != due.id:
                return CheckInStep(r, [], changed=False)
            if when == "drop":
                return CheckInStep(drop_late(r), [])
            return open_checkin(self.bundle, r, now, late=when == "late")

        step = await self._update(due.platform, due.user, record.locale, change)
        return Opened(step.replies, dropped=when == "drop")

