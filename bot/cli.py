"""`twitchcheck`: chat, assess, quick, check, graph, run (and discord-sync)."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from bot.catalog import ROOT, CatalogError, load_bundle
from bot.engine.bundle import Bundle
from bot.understand import MAX_CHARS

if TYPE_CHECKING:
    from bot.settings import Settings

EXIT_USAGE = 2
MAX_STDIN = 1_000_000


def _bundle(root: Path | None = None) -> Bundle:
    try:
        return load_bundle(root) if root else load_bundle()
    except CatalogError as exc:
        for line in exc.problems:
            print(f"error: {line}", file=sys.stderr)
        raise SystemExit(1) from None


def cmd_check(args: argparse.Namespace) -> int:
    bundle = _bundle(args.root)
    d = bundle.dialog
    rules = bundle.triage
    print(f"dialogs/twitch_check.yaml: {len(d.questions)} questions: {' -> '.join(bundle.order)}")
    print(f"dialogs/triage.yaml: {len(rules.rules)} rules, levels {', '.join(rules.levels)}, "
          f"{len(rules.tips.order)} tips")
    bundle.compile_all()  # every vocabulary compiles
    for code, content in sorted(bundle.locales.items()):
        vocab = content.vocabulary
        phrases = sum(len(o.phrases) for q in vocab.questions.values() for o in q.options.values())
        print(f"content/{code}/: messages and vocabulary ok ({content.messages.locale_name}, {phrases} phrases)")
    if bundle.followups is not None:
        f = bundle.followups
        print(f"dialogs/followups.yaml: {len(f.checkin.order)} check-in questions, {len(f.judgement.rules)} rules, "
              f"offered after {', '.join(f.offer.after_levels)}")
    print("ok")
    return 0


def cmd_graph(args: argparse.Namespace) -> int:
    from bot.graph import mermaid

    print(mermaid(_bundle()))
    return 0


def _read_stdin() -> str:
    data = sys.stdin.buffer.read(MAX_STDIN + 1)
    if len(data) > MAX_STDIN:
        raise ValueError(f"input: larger than {MAX_STDIN} bytes")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise ValueError("input: not UTF-8 text") from None


def cmd_assess(args: argparse.Namespace) -> int:
    from bot.assess import InputError, assess_json

    bundle = _bundle()
    try:
        results = assess_json(bundle, _read_stdin(), args.locale or bundle.default_locale)
    except (InputError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    for result in results:
        print(json.dumps(result, ensure_ascii=False))
    return 0


def cmd_quick(args: argparse.Namespace) -> int:
    from bot.engine.quick import quick_check

    text = " ".join(args.text)
    if not text.strip():
        print('error: text: empty; describe the twitching, e.g. twitchcheck quick "daily for 3 weeks, after coffee"',
              file=sys.stderr)
        return EXIT_USAGE
    if len(text) > MAX_CHARS:
        print(f"error: text: longer than {MAX_CHARS} characters; describe it in a line or two", file=sys.stderr)
        return EXIT_USAGE
    if any(ord(c) < 32 and c not in "\t\n\r" for c in text) or "\ufffd" in text or _surrogates(text):
        print("error: text: contains binary or control characters; type plain text", file=sys.stderr)
        return EXIT_USAGE
    bundle = _bundle()
    result = quick_check(bundle, bundle.locale(args.locale), text)
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False))
    else:
        print(result.text)
    return 0


def _surrogates(text: str) -> bool:
    return any(0xD800 <= ord(c) <= 0xDFFF for c in text)


async def _chat(args: argparse.Namespace, settings: Settings) -> int:
    from bot.adapters.console import ConsoleChat
    from bot.adapters.console_input import console_lines
    from bot.app import open_app
    from bot.stores.base import SessionKey
    from bot.stores.keys import hash_id
    from bot.stores.memory_store import MemoryStore

    fresh = args.jsonl and not args.resume  # a program's chat: nothing stored, nothing resumed
    secret = b"console" if fresh else settings.id_secret()
    key = SessionKey("console", hash_id(secret, "console", "local"))
    async with open_app(settings, store=MemoryStore() if fresh else None) as app:
        chat = ConsoleChat(app.service, key, sys.stdout, args.jsonl, args.locale or app.settings.console_language)
        await chat.begin(new=args.new or fresh)
        async for line in console_lines(prompt=None if args.jsonl else "> "):
            await chat.say(line[:10_000])
    return 0


def cmd_chat(args: argparse.Namespace) -> int:
    from bot.settings import load_settings

    settings = load_settings()
    try:
        return asyncio.run(_chat(args, settings))
    except KeyboardInterrupt:
        print()
        return 0


def cmd_run(args: argparse.Namespace) -> int:
    """The platforms whose tokens are set; with none, the console chat."""
    from bot.settings import load_settings

    settings = load_settings()
    if settings.telegram_bot_token is None and settings.discord_bot_token is None:
        from bot.app import bundle_for
        from bot.logs import configure

        configure(settings.twitchcheck_log_level)
        bundle = bundle_for(settings)
        print(bundle.content(bundle.default_locale).messages.chat.console_start)
        return cmd_chat(args)
    from bot.runner import run

    return run(settings, args.workers)


def cmd_checkins(args: argparse.Namespace) -> int:
    """Pending check-ins by the day they are due: counts only, never user data."""
    import asyncio

    from bot.followups.report import checkins_by_day
    from bot.settings import load_settings
    from bot.stores.followups_factory import open_followup_store

    settings = load_settings()

    async def report() -> list[str] | None:
        store = await open_followup_store(settings.store_url, settings.twitchcheck_data_dir, settings.id_secret(),
                                          settings.twitchcheck_diary_days)
        if store is None:
            return None
        try:
            return await checkins_by_day(store)
        finally:
            await store.close()

    from redis.exceptions import RedisError

    try:
        lines = asyncio.run(report())
    except (RedisError, OSError) as exc:  # Redis down (the follow-up store does not PING at open)
        print(f"error: TWITCHCHECK_STORE_URL: cannot reach the store ({type(exc).__name__}); is it running?",
              file=sys.stderr)
        return 1
    if lines is None:
        print("error: TWITCHCHECK_STORE_URL: check-ins are not available on this store (SQLite or Redis, "
              "not Redis Sentinel)", file=sys.stderr)
        return 1
    print("\n".join(lines))
    return 0


def cmd_discord_sync(args: argparse.Namespace) -> int:
    from bot.runner import discord_sync
    from bot.settings import load_settings

    return discord_sync(load_settings())


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="twitchcheck", description="TwitchCheck: should I worry about my twitching knee?")
    sub = parser.add_subparsers(dest="command", metavar="command")

    p = sub.add_parser("chat", help="chat in the terminal (numbered options; --jsonl for programs)")
    p.add_argument("--jsonl", action="store_true", help="one JSON line per bot reply, one message per input line")
    p.add_argument("--new", action="store_true", help="start a new check instead of resuming")
    p.add_argument("--resume", action="store_true", help="with --jsonl: resume the stored console session")
    p.add_argument("--locale", default=None, help="content locale, e.g. en")
    p.set_defaults(func=cmd_chat)

    p = sub.add_parser("assess", help="assess answers given as JSON (or JSON Lines, up to 1 MB) on stdin")
    p.add_argument("--locale", default=None, help="content locale of the text, e.g. en")
    p.set_defaults(func=cmd_assess)

    p = sub.add_parser("quick", help="a one-line quick check of a description")
    p.add_argument("text", nargs="*", help='e.g. "daily for 3 weeks, coffee, my leg feels weak"')
    p.add_argument("--json", action="store_true", help="print the assessment and what was assumed as JSON")
    p.add_argument("--locale", default=None, help="content locale of the text, e.g. en")
    p.set_defaults(func=cmd_quick)

    p = sub.add_parser("check", help="validate dialogs/ and content/ and print a summary")
    p.add_argument("--root", type=Path, default=None,
                   help="the folder holding dialogs/ and content/ (default: the installed ones)")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("graph", help="print the dialog as a Mermaid flowchart")
    p.set_defaults(func=cmd_graph)

    p = sub.add_parser("run", help="start the platforms whose tokens are set; with none, the console chat")
    p.add_argument("--workers", type=int, default=1, help="webhook worker processes (Telegram webhook mode)")
    p.set_defaults(func=cmd_run, jsonl=False, new=False, resume=False, locale=None)

    p = sub.add_parser("checkins", help="count pending check-ins by the day they are due (no user data)")
    p.set_defaults(func=cmd_checkins)

    p = sub.add_parser("discord-sync", help="sync the Discord slash commands now")
    p.set_defaults(func=cmd_discord_sync)
    return parser


def _known_locale(code: str | None) -> None:
    """--locale names a locale that has content, or the command stops here (exit 2)."""
    if code is None:
        return
    root = Path(os.environ.get("TWITCHCHECK_ROOT") or ROOT) / "content"
    known = sorted(p.name for p in root.iterdir() if (p / "messages.yaml").is_file()) if root.is_dir() else []
    if code not in known:
        from bot.settings import SettingsError

        raise SettingsError(f"--locale: no content for '{code}'; available: {', '.join(known) or 'none'}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_USAGE
    from bot.logs import configure

    level = os.environ.get("TWITCHCHECK_LOG_LEVEL", "WARNING").upper()
    configure(level if level in ("DEBUG", "INFO", "WARNING", "ERROR") else "WARNING")
    try:
        _known_locale(getattr(args, "locale", None))
        code = int(args.func(args))
        sys.stdout.flush()  # a closed pipe shows here, not at exit
        return code
    except SystemExit:
        raise
    except KeyboardInterrupt:  # Ctrl-C before the chat or the bot was listening for it
        print(file=sys.stderr)
        return 130
    except BrokenPipeError:  # `twitchcheck graph | head -1`: the reader had enough; not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:  # the last line of defence: one line, never a traceback
        from bot.failures import describe
        from bot.logs import redact
        from bot.settings import SettingsError

        if isinstance(exc, SettingsError):
            print(f"error: {redact(str(exc))}", file=sys.stderr)
            return EXIT_USAGE
        failure = describe(exc)
        if failure is not None:
            print(f"error: {redact(failure)}", file=sys.stderr)
            return 1
        if isinstance(exc, CatalogError):
            for line in exc.problems:
                print(f"error: {line}", file=sys.stderr)
            return 1
        logging.getLogger("twitchcheck").debug("unexpected error", exc_info=True)
        print(f"error: {type(exc).__name__}: something went wrong; run with TWITCHCHECK_LOG_LEVEL=DEBUG for details",
              file=sys.stderr)
        return 1
