"""A tiny driver for engine tests: feed events, keep the session, read the last reply."""

from __future__ import annotations

from bot.engine import Answer, Bundle, Command, Reply, Session, Start, Submit, Text, Toggle, step


class Driver:
    def __init__(self, bundle: Bundle, locale: str = "en") -> None:
        self.bundle = bundle
        self.locale = locale
        self.session = Session()
        self.now = 1_700_000_000.0
        self.replies: list[Reply] = []

    @property
    def last(self) -> Reply:
        return self.replies[-1]

    def _go(self, event: object) -> Reply:
        self.now += 1
        self.session, self.replies = step(self.bundle, self.session, event)  # type: ignore[arg-type]
        assert self.replies, "every event gets a reply"
        return self.last

    def start(self, nonce: str = "n1") -> Reply:
        return self._go(Start(self.now, self.locale, nonce))

    def answer(self, *options: str, question: str | None = None) -> Reply:
        return self._go(Answer(self.now, self.locale, question or self.session.question or "", options))

    def toggle(self, option: str) -> Reply:
        return self._go(Toggle(self.now, self.locale, self.session.question or "", option))

    def submit(self) -> Reply:
        return self._go(Submit(self.now, self.locale, self.session.question or ""))

    def say(self, text: str) -> Reply:
        return self._go(Text(self.now, self.locale, text))

    def command(self, name: str) -> Reply:
        return self._go(Command(self.now, self.locale, name))  # type: ignore[arg-type]
