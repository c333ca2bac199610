"""A quick check that understood nothing gives no level in any channel (issue 11): the
renderers only show what the service returned: what to tell, and the emergency signs."""

from __future__ import annotations

import discord

from bot.adapters.discord.render import public_embed, result_embed
from bot.adapters.telegram.render import html_chunks
from bot.engine import Bundle, result_text
from bot.engine.quick import quick_check
from bot.engine.result import compact_text

BADGES = ("🟢", "🟡", "🟠", "🔴")


def test_nothing_understood_is_no_level_but_what_to_tell_and_the_signs(bundle: Bundle) -> None:
    m = bundle.content("en").messages
    for text in ("hello", "😀", "asdf qwerty"):
        check = quick_check(bundle, "en", text)
        assert check.assessment is None
        assert check.to_dict()["level"] is None
        assert check.view.headline == m.chat.no_details
        assert m.options["emergency"]["cannot_walk"] in check.text
        assert not any(b in check.text for b in BADGES)


def test_telegram_and_discord_show_no_level_private_or_in_a_group(bundle: Bundle) -> None:
    view = quick_check(bundle, "en", "hi there").view
    for text in (*html_chunks(result_text(view), bold=view.headline), compact_text(view)):
        assert not any(b in text for b in BADGES)
    for embed in (result_embed(view), public_embed(view)):
        shown = " ".join(filter(None, [embed.title, embed.description, *(f.value for f in embed.fields)]))
        assert not any(b in shown for b in BADGES)
        assert embed.colour == discord.Colour.default()


def test_a_quick_result_lists_what_it_assumed_in_a_group_too(bundle: Bundle) -> None:
    view = quick_check(bundle, "en", "every day for 3 weeks").view
    m = bundle.content("en").messages
    assert m.result.assumed in compact_text(view)
    assert m.result.assumed in (public_embed(view).description or "")
