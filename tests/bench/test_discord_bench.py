"""The Discord benchmark still measures what it says: real bot processes over the loopback
gateway and REST stand-in, every interaction acknowledged, every check reaching a result."""

from __future__ import annotations

import pytest

from bench import discord_bench


@pytest.mark.parametrize(("kind", "rest_calls"), [("floor", 1.0), ("ours", 2.0)])
async def test_a_few_members_finish_their_checks(kind: str, rest_calls: float) -> None:
    figures = await discord_bench.measure(kind, users=3, rate=None)

    assert figures["interactions"] >= 3 * 7  # the command, then a press per question (at least six)
    # floor: the answer; ours: the defer, then the edit (and, once per check, the follow-up offer)
    assert rest_calls <= figures["rest_calls_per_interaction"] <= rest_calls + 1 / 7
    assert 0 < figures["ack_p99_ms"] <= figures["reply_p99_ms"]
