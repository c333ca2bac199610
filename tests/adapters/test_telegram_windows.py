"""The limiter's moving windows in one process: an item's amount in any `expiry` seconds."""

from __future__ import annotations

from limits import RateLimitItemPerSecond

from bot.adapters.telegram.windows import SWEEP_EVERY, LoopWindows


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def test_a_window_holds_its_amount_and_frees_as_hits_leave_it() -> None:
    clock = Clock()
    windows, three_in_3s = LoopWindows(clock), RateLimitItemPerSecond(3, 3)
    for t in (0.0, 0.5, 1.0):
        clock.now = 1000.0 + t
        assert await windows.hit(three_in_3s, "chat:1")
    assert not await windows.hit(three_in_3s, "chat:1") and not await windows.test(three_in_3s, "chat:1")
    assert await windows.hit(three_in_3s, "chat:2")  # another chat has its own window
    stats = await windows.get_window_stats(three_in_3s, "chat:1")
    assert stats.reset_time == 1003.0 and stats.remaining == 0
    clock.now = 1003.0  # the first hit leaves the window
    assert await windows.test(three_in_3s, "chat:1") and not await windows.test(three_in_3s, "chat:1", cost=2)
    assert await windows.hit(three_in_3s, "chat:1")


async def test_windows_left_empty_are_forgotten() -> None:
    clock = Clock()
    windows, item = LoopWindows(clock), RateLimitItemPerSecond(1)
    for chat in range(100):
        await windows.hit(item, f"chat:{chat}")
    clock.now += SWEEP_EVERY + 1
    await windows.hit(item, "chat:new")
    assert len(windows) == 1
