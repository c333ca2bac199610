"""`make eval LOCALE=es`: one locale's phrase set and typed conversations (defaults: the
smoke sets in tests/understand/locales/; EVALSET= and CONVERSATIONS= for other sets)."""

from __future__ import annotations

import argparse
from pathlib import Path

from bot.catalog import load_bundle
from tests.understand.conversations_eval import evaluate_conversations, print_conversations
from tests.understand.evaluate import evaluate, print_phrases


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Accuracy of one locale's reading.")
    parser.add_argument("--locale", required=True, help="content locale, e.g. es")
    parser.add_argument("--set", type=Path, required=True, help="phrase set (the format of eval_set.yaml)")
    parser.add_argument("--conversations", type=Path, default=None, help="typed conversations to run too")
    args = parser.parse_args(argv)
    bundle = load_bundle()
    print_phrases(f"{args.set} ({args.locale})", evaluate(bundle, args.set, args.locale))
    if args.conversations:
        print_conversations(evaluate_conversations(bundle, args.conversations, args.locale))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
