"""The adapter's pure helpers: HTML chunks within Telegram's limit, and button data."""

from __future__ import annotations

from html import unescape

from bot.adapters.telegram.keyboards import parse
from bot.adapters.telegram.render import html_chunks
from bot.engine import Bundle
from tests.fakes.telegram_server import parse_html


def test_everything_is_escaped_and_the_headline_bold() -> None:
    [html] = html_chunks("pre <x> & \"q\"\n🟢 Fine\n• a < b", bold="🟢 Fine")
    assert html == "pre &lt;x&gt; &amp; &quot;q&quot;\n<b>🟢 Fine</b>\n• a &lt; b"
    text, entities = parse_html(html)
    assert text == "pre <x> & \"q\"\n🟢 Fine\n• a < b" and entities[0]["type"] == "bold"


def test_long_text_is_split_at_line_ends_within_the_limit() -> None:
    lines = [f"line {i} " + "&" * 50 for i in range(300)]
    chunks = html_chunks("\n".join(lines))
    assert len(chunks) > 1 and all(len(c) <= 4096 for c in chunks)
    assert "\n".join(unescape(c) for c in chunks) == "\n".join(lines)
    giant = html_chunks("<" * 10_000)  # one line longer than a message
    assert all(len(c) <= 4096 for c in giant) and "".join(unescape(c) for c in giant) == "<" * 10_000
    assert html_chunks("\n\n  \n") == []


def test_button_data_is_parsed_strictly(bundle: Bundle) -> None:
    press = parse(bundle, "t|0123abcd|beef|12|0|3")
    assert press is not None and (press.kind, press.question, press.option, press.version) == (
        "t", "emergency", "none", 12)
    for bad in (None, "", "x|0123abcd|beef|1|0|0", "a|0123ABCD|beef|1|0|0", "a|0123abcd|beef|1|0",
                "d|0123abcd|beef|1|0|0", "a|0123abcd|beef|1|60|0",  # 6 and on: narrower questions (issue 11)
                "a|0123abcd|beef|1|0|" + "1" * 60):
        assert parse(bundle, bad) is None, bad
    longest = "t|0123abcd|0123456789abcdef|999999999|99|99"
    assert len(longest.encode()) <= 64 and parse(bundle, longest) is None  # no question 99
