"""`twitchcheck checkins`: pending check-ins counted by the day they are due, for operators.
Counts only: no user id, hash, answer or address is read or printed."""

from __future__ import annotations

import datetime as dt

from bot.followups.store import FollowupStore


async def checkins_by_day(store: FollowupStore) -> list[str]:
    """Lines "YYYY-MM-DD  N" (UTC days), then the total."""
    rows = await store.pending_by_day()
    lines = [f"{dt.date.fromordinal(dt.date(1970, 1, 1).toordinal() + day).isoformat()}  {count}"
             for day, count in rows]
    lines.append(f"total  {sum(count for _, count in rows)}")
    return lines
