"""One result view, one layout: the console, Telegram and Discord show the same result text."""

from __future__ import annotations

from html import unescape

import discord
import pytest

from bot.adapters.console import render
from bot.adapters.discord.render import BLANK, result_embed
from bot.adapters.telegram.render import html_chunks
from bot.engine import Assessment, Bundle, ResultReply, ResultView, result_text
from bot.engine.quick import quick_check

CALM = {"emergency": (), "frequency": ("daily",), "duration": ("less_than_1_week",), "course": ("same",),
        "triggers": ("caffeine", "stress"), "symptoms": ()}


def views(bundle: Bundle) -> list[ResultView]:
    from bot.engine import assess

    worse = {**CALM, "duration": ("more_than_2_weeks",), "symptoms": ("numbness",)}
    return [
        bundle.result_view("en", assess(bundle.triage, CALM)),
        bundle.result_view("en", assess(bundle.triage, worse)),
        bundle.result_view("en", assess(bundle.triage, {"emergency": ("cannot_walk",)})),
        bundle.result_view("en", Assessment("emergency", (), ())),  # a quick check that could not ask
        quick_check(bundle, "en", "twitching every day for a month, after coffee").view,
    ]


def telegram_text(view: ResultView) -> str:
    """What Telegram shows: the HTML messages the adapter sends, as the reader sees them."""
    chunks = html_chunks(result_text(view), bold=view.headline)
    assert chunks[0].startswith(f"<b>{view.headline}</b>")
    return "\n".join(unescape(c.replace("<b>", "").replace("</b>", "")) for c in chunks)


def discord_text(embed: discord.Embed) -> str:
    """What Discord shows, read back in reading order: title, description, fields, footer."""
    assert embed.title and embed.description and embed.footer.text
    parts = [embed.title, embed.description.replace("**", "")]
    for field in embed.fields:
        assert field.name and field.value
        if field.name == BLANK:
            parts.append(field.value)
        elif field.value.startswith("• "):
            parts.append(f"{field.name}\n{field.value}")
        else:
            parts.append(f"{field.name} {field.value}")
    return "\n\n".join([*parts, f"ℹ️ {embed.footer.text}"])


@pytest.mark.parametrize("index", range(5))
def test_three_channels_show_the_same_result_text(bundle: Bundle, index: int) -> None:
    view = views(bundle)[index]
    expected = result_text(view)
    m = bundle.content("en").messages
    console = render(ResultReply(view, Assessment(view.level, (), ())), m)
    assert console == expected
    assert telegram_text(view) == expected
    assert discord_text(result_embed(view)) == expected


def test_the_view_says_what_the_level_needs(bundle: Bundle) -> None:
    m = bundle.content("en").messages
    calm, worse, emergency, unsure, quick = views(bundle)
    titles = [[s.title for s in v.sections] for v in (calm, emergency, quick)]
    assert titles[0] == [m.result.why, m.result.tips, m.result.safety_net_title]
    assert titles[1] == [m.result.why]  # an emergency: no tips, no "see a doctor if"
    assert m.result.assumed in titles[2]
    assert unsure.sections[0].lines[0] == m.result.emergency_check  # the signs to check, listed
    assert m.options["emergency"]["cannot_walk"] in unsure.sections[0].lines
    assert worse.first_why == m.reasons["numbness"]
