"""Narrowing questions (dialogs/narrowing.yaml): the narrower forms a question takes after
it was missed twice or answered "not sure", so that no check ends in a dead end.

Ids: "<question>.<option>" is a yes/no on one option, "<question>.choose" the options by
number with "I'm not sure". This module holds the rules as data and the order of the
questions; the free-text policy (bot/engine/free_text.py) puts them.
"""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import BaseModel, ConfigDict, Field

CHOOSE = "choose"
YES, NO, UNSURE = "yes", "no", "unsure"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Unsure(_Strict):
    """Where "not sure" leads: a yes/no on `ask` (a no means `no`), a yes/no on `each`
    option, or (neither) the answer stays unknown."""

    ask: str | None = None
    no: str | None = None
    each: tuple[str, ...] = ()


class Narrowing(_Strict):
    each: tuple[str, ...] = ()  # a yes/no per option instead of the options by number
    unsure: Unsure = Unsure()


class NarrowingRules(_Strict):
    misses: int = Field(default=2, ge=1)
    questions: dict[str, Narrowing]

    def parent(self, nid: str) -> str:
        return nid.split(".", 1)[0]

    def option(self, nid: str) -> str | None:
        """The option a yes/no narrowing question asks about (None for the numbered form)."""
        _, _, rest = nid.partition(".")
        return None if rest in ("", CHOOSE) else rest

    def narrow(self, qid: str) -> str:
        """The first narrower form of `qid`, after it was missed."""
        rule = self.questions[qid]
        return f"{qid}.{rule.each[0]}" if rule.each else f"{qid}.{CHOOSE}"

    def unsure_route(self, qid: str) -> str | None:
        """The yes/no that "not sure" leads to (None: the answer stays unknown)."""
        unsure = self.questions[qid].unsure
        if unsure.ask:
            return f"{qid}.{unsure.ask}"
        if unsure.each:
            return f"{qid}.{unsure.each[0]}"
        return None

    def sequence(self, nid: str) -> tuple[str, ...]:
        """The yes/no questions `nid` belongs to, in order (one for an `ask`)."""
        qid = self.parent(nid)
        rule = self.questions[qid]
        option = self.option(nid)
        for options in (rule.each, rule.unsure.each):
            if option in options:
                return tuple(f"{qid}.{o}" for o in options)
        return (nid,)

    def after(self, nid: str, among: tuple[str, ...] = ()) -> str | None:
        """The next yes/no question of the sequence `nid` is in, None after the last;
        with `among`, only those on these options (the signs chosen beside "none")."""
        seq = self.sequence(nid)
        later = seq[seq.index(nid) + 1:]
        if among:
            later = tuple(n for n in later if self.option(n) in among)
        return later[0] if later else None

    def ids(self) -> list[str]:
        """Every narrowing question id (each needs its wording in every locale)."""
        out: list[str] = []
        for qid, rule in self.questions.items():
            out += [f"{qid}.{o}" for o in rule.each] if rule.each else [f"{qid}.{CHOOSE}"]
            if rule.unsure.ask:
                out.append(f"{qid}.{rule.unsure.ask}")
            out += [f"{qid}.{o}" for o in rule.unsure.each]
        return out


def check(rules: NarrowingRules, options: Mapping[str, tuple[str, ...]], multi: Mapping[str, bool]) -> list[str]:
    """Key paths of narrowing.yaml that name a question or option the dialog lacks, or that
    leave a question of the dialog with no narrower form."""
    errors: list[str] = []
    for qid in options:
        if qid not in rules.questions:
            errors.append(f"questions.{qid}: missing (every question needs a narrower form)")
    for qid, rule in rules.questions.items():
        if qid not in options:
            errors.append(f"questions.{qid}: not a question of the dialog")
            continue
        known = set(options[qid])
        named = [("each", o) for o in rule.each] + [("unsure.each", o) for o in rule.unsure.each]
        named += [(f"unsure.{k}", o) for k, o in (("ask", rule.unsure.ask), ("no", rule.unsure.no)) if o]
        for key, option in named:
            if option not in known:
                errors.append(f"questions.{qid}.{key}: '{option}' is not an option of '{qid}'")
        if rule.unsure.ask and not multi[qid] and not rule.unsure.no:
            errors.append(f"questions.{qid}.unsure.no: missing (what a no to '{rule.unsure.ask}' means)")
        if rule.unsure.each and not multi[qid]:
            errors.append(f"questions.{qid}.unsure.each: '{qid}' takes one answer; use ask and no")
    return errors


class NarrowingText(_Strict):
    """The words of the narrowing questions (content/<locale>/messages.yaml: narrowing)."""

    choose: str
    choose_several: str
    unsure_option: str
    yes: str
    no: str
    in_doubt: str
    maybe_sign: str  # words that may point at one emergency sign: that sign is asked about
    taken_as_yes: str
    budget_taken: str  # a question not put any more, taken as yes: {question}
    left_unknown: str
    one_at_a_time: str
    none_and_signs: str  # "None of these" chosen with emergency signs: each sign is asked yes/no
    prompts: dict[str, str]  # narrowing question id -> its question


def check_text(rules: NarrowingRules, text: NarrowingText) -> list[str]:
    """Key paths of messages.yaml (narrowing.prompts) that lack a narrowing question's
    wording, or word one that does not exist."""
    ids = rules.ids()
    errors = [f"narrowing.prompts.{i}: missing" for i in ids if i not in text.prompts]
    errors += [f"narrowing.prompts.{i}: not a narrowing question of dialogs/narrowing.yaml"
               for i in text.prompts if i not in ids]
    return errors
