"""`make eval LOCALE=es`: one locale's phrase set and typed conversations (defaults: the
smoke sets in tests/understand/locales/; EVALSET= and CONVERSATIONS= for other sets).
Conversations are either fixed messages (`messages`, the smoke sets) or scripted persons
(`truth`/`say`, the format of EVALFORMAT and tests/understand/conversations.py)."""

from __future__ import annotations

import argparse
from pathlib import Path

import yaml

from bot.catalog import load_bundle
from tests.understand import conversations as persons
from tests.understand.conversations_eval import evaluate_conversations, print_conversations
from tests.understand.evaluate import evaluate, print_phrases
from tests.understand.evaluate import print_conversations as print_persons


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Accuracy of one locale's reading.")
    parser.add_argument("--locale", required=True, help="content locale, e.g. es")
    parser.add_argument("--set", type=Path, required=True, help="phrase set (the format of eval_set.yaml)")
    parser.add_argument("--conversations", type=Path, default=None, help="typed conversations to run too")
    args = parser.parse_args(argv)
    bundle = load_bundle()
    print_phrases(f"{args.set} ({args.locale})", evaluate(bundle, args.set, args.locale))
    if args.conversations:
        talks = yaml.safe_load(args.conversations.read_text(encoding="utf-8"))
        if all("messages" in t for t in talks):
            print_conversations(evaluate_conversations(bundle, args.conversations, args.locale))
        else:
            print_persons(f"{args.conversations} ({args.locale})",
                          persons.evaluate_conversations(bundle, talks, args.locale))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
