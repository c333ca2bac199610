"""Plain engine text to Telegram HTML: everything escaped, cut into messages of <= 4096."""

from __future__ import annotations

from html import escape

LIMIT = 4096


def _cut(line: str, limit: int) -> list[str]:
    """One raw line as escaped pieces of at most `limit` characters each."""
    whole = escape(line)
    if len(whole) <= limit:  # nearly always: no need to go character by character
        return [whole]
    pieces: list[str] = []
    current = ""
    for ch in line:
        esc = escape(ch)
        if len(current) + len(esc) > limit:
            pieces.append(current)
            current = ""
        current += esc
    pieces.append(current)
    return pieces


def html_chunks(text: str, bold: str | None = None, limit: int = LIMIT) -> list[str]:
    """`text` escaped as HTML and split at line ends into chunks of at most `limit`.

    The line equal to `bold` (the result headline, say) is set in bold.
    """
    lines: list[str] = []
    for raw in text.split("\n"):
        if bold is not None and raw == bold and len(escape(raw)) + 7 <= limit:
            lines.append(f"<b>{escape(raw)}</b>")
        else:
            lines.extend(_cut(raw, limit))
    chunks: list[str] = []
    current: str | None = None
    for line in lines:
        if current is None:
            current = line
        elif len(current) + 1 + len(line) <= limit:
            current = f"{current}\n{line}"
        else:
            chunks.append(current)
            current = line
    if current is not None:
        chunks.append(current)
    return [c.strip("\n") for c in chunks if c.strip()]
