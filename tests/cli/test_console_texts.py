"""Issue 12 item 9 in the console chat (a real `twitchcheck chat` process): no "tap the
buttons" where there are none, and /privacy names the session time actually configured."""

from __future__ import annotations

from pathlib import Path

from tests.cli.test_cli import run


def test_console_greeting_and_privacy_in_each_language(tmp_path: Path) -> None:
    said = {}
    for locale, ttl in (("en", "7200"), ("es", "3600"), ("ru", "259200")):
        (tmp_path / locale).mkdir()
        said[locale] = run("chat", "--new", "--locale", locale, stdin="/privacy\n", cwd=tmp_path / locale,
                           env={"TWITCHCHECK_SESSION_TTL": ttl}).stdout.decode()
    # no buttons in a terminal: the greeting says to answer by number or in words
    assert "Answer with an option's number (several: 1,3) or in your own words" in said["en"]
    assert "tap" not in said["en"].lower() and "button" not in said["en"].lower()
    assert "Responde con el número de una opción" in said["es"] and "botones" not in said["es"]
    assert "Отвечайте номером варианта" in said["ru"] and "кнопк" not in said["ru"]
    # /privacy: the configured time, in words and the language's plural
    assert "a check you don't touch for 2 hours is deleted" in said["en"]
    assert "una revisión que no tocas en 1 hora se borra" in said["es"]
    assert "проверка, к которой вы не возвращались 3 дня, удаляется" in said["ru"]
    assert not any("24" in out or "{ttl}" in out for out in said.values())
