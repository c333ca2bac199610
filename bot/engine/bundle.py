"""Everything the engine needs, loaded once: the dialog, triage rules and each locale."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from bot.engine.article import ArticleTopics
from bot.engine.article_sentences import translate
from bot.engine.content import BUTTON_MAX, Messages
from bot.engine.dialog import NONE_OPTION, Dialog
from bot.engine.followup_rules import FollowupRules
from bot.engine.narrowing import NO, UNSURE, YES, NarrowingRules
from bot.engine.plurals import count
from bot.engine.result import ResultView, build_view
from bot.engine.triage import Assessment, TriageRules
from bot.understand import QuestionShape, Understanding, Vocabulary


@dataclass(frozen=True)
class LocaleContent:
    """One locale's texts and words. Its compiled understanding (a phrase index of tens of
    thousands of expanded phrases) is built on first use: a process that only ever reads one
    language (the console chat) never pays for compiling the others at start-up."""

    messages: Messages
    vocabulary: Vocabulary
    shapes: Mapping[str, QuestionShape]
    # English sentence of docs/source_article.txt -> this locale's (empty for English).
    article: Mapping[str, str] = field(default_factory=dict)
    code: str = "en"  # the locale's code, for its plural rules

    @cached_property
    def understanding(self) -> Understanding:
        return Understanding(self.vocabulary, self.shapes, self.messages.options)

    def count(self, noun: str, n: float) -> str:
        """"3 days", "3 дня": `n` with a noun of messages.yaml `counts`, in the right form."""
        return count(self.code, self.messages.counts[noun], n)

    def duration(self, seconds: int) -> str:
        """A span of time in words, exactly, in its largest whole unit: "24 hours", "2 дня",
        "90 minutes" (days from two days on: a day is said as "24 hours")."""
        for noun, size in (("days", 86_400), ("hours", 3_600), ("minutes", 60)):
            if seconds % size == 0 and seconds >= (2 * size if noun == "days" else size):
                return self.count(noun, seconds // size)
        return self.count("seconds", seconds)

    def passage(self, english: str) -> str:
        """A passage the rules quote from the article, in this locale."""
        return translate(english, self.article)


@dataclass(frozen=True)
class Bundle:
    dialog: Dialog
    triage: TriageRules
    locales: Mapping[str, LocaleContent]
    default_locale: str = "en"
    order: tuple[str, ...] = field(default=())
    followups: FollowupRules | None = None  # dialogs/followups.yaml (issue 14)
    narrowing: NarrowingRules = field(default_factory=lambda: NarrowingRules(questions={}))  # issue 11
    article: ArticleTopics = field(default_factory=lambda: ArticleTopics(topics={}))  # issue 11

    def __post_init__(self) -> None:
        object.__setattr__(self, "order", self.dialog.order())

    def locale(self, code: str | None) -> str:
        """The best locale we have for a platform language code ("pt-BR" -> "pt")."""
        if code:
            code = code.replace("_", "-").lower()
            if code in self.locales:
                return code
            base = code.split("-")[0]
            if base in self.locales:
                return base
        return self.default_locale

    def questions_asked(self) -> tuple[str, ...]:
        """Every question id a reply may carry: the dialog's, then their narrower forms."""
        return (*self.order, *self.narrowing.ids())

    def option_ids(self, qid: str) -> tuple[str, ...]:
        """The option ids a reply of question `qid` offers (buttons carry them): the dialog's,
        or for a narrower form, its options and "unsure" (by number) or yes and no."""
        if "." not in qid:
            return self.dialog.option_ids(qid)
        if self.narrowing.option(qid) is None:
            return (*self.dialog.option_ids(qid.split(".", 1)[0]), UNSURE)
        return (YES, NO)

    def content(self, code: str) -> LocaleContent:
        """A locale's content; a platform code is matched as `locale` does ("es-ES" -> es)."""
        return self.locales.get(code) or self.locales[self.locale(code)]

    def compile_all(self) -> None:
        """Build every locale's understanding now (long-running bots: no first-message delay)."""
        for content in self.locales.values():
            _ = content.understanding

    def result_view(self, locale: str, assessment: Assessment, assumed: Sequence[str] = ()) -> ResultView:
        """The one view of a result that every channel renders."""
        m = self.content(locale).messages
        qid = self.dialog.emergency_question
        signs = [m.option_label(qid, o) for o in self.dialog.questions[qid].options]
        return build_view(m, assessment, emergency_level=self.dialog.emergency_level, emergency_signs=signs,
                          assumed=assumed)


def build_locale(dialog: Dialog, messages: Messages, vocabulary: Vocabulary,
                 article: Mapping[str, str] | None = None, code: str = "en") -> LocaleContent:
    shapes = {qid: QuestionShape(q.options, q.multi, q.days_cuts()) for qid, q in dialog.questions.items()}
    return LocaleContent(messages, vocabulary, shapes, dict(article or {}), code)


def cross_check(dialog: Dialog, triage: TriageRules, messages: Messages, vocabulary: Vocabulary) -> list[tuple[str, str]]:
    """(file kind, "key.path: problem") for every key the locale lacks or has in excess."""
    errors: list[tuple[str, str]] = []
    for qid, q in dialog.questions.items():
        if qid not in messages.questions:
            errors.append(("messages", f"questions.{qid}: missing"))
        labels = messages.options.get(qid)
        if labels is None:
            errors.append(("messages", f"options.{qid}: missing"))
            continue
        for option in q.options + ((NONE_OPTION,) if q.none_option else ()):
            if option not in labels:
                errors.append(("messages", f"options.{qid}.{option}: missing"))
        for option in labels:
            if option not in q.options and not (q.none_option and option == NONE_OPTION):
                errors.append(("messages", f"options.{qid}.{option}: not an option of the dialog"))
        words = vocabulary.questions.get(qid)
        if words is None:
            errors.append(("vocabulary", f"questions.{qid}: missing"))
            continue
        for option in q.options:
            if option not in words.options:
                errors.append(("vocabulary", f"questions.{qid}.options.{option}: missing"))
        for option in words.options:
            if option not in q.options:
                errors.append(("vocabulary", f"questions.{qid}.options.{option}: not an option of the dialog"))
    errors += [("messages", e) for e in _check_buttons(dialog, messages)]
    for qid in messages.questions:
        if qid not in dialog.questions:
            errors.append(("messages", f"questions.{qid}: not a question of the dialog"))
    for level in triage.levels:
        if level not in messages.levels:
            errors.append(("messages", f"levels.{level}: missing"))
    for reason in triage.reason_order:
        if reason not in messages.reasons:
            errors.append(("messages", f"reasons.{reason}: missing"))
    for tip in triage.tips.order:
        if tip not in messages.tips:
            errors.append(("messages", f"tips.{tip}: missing"))
    return errors


def _check_buttons(dialog: Dialog, messages: Messages) -> list[str]:
    """Short button labels: of real options, at most BUTTON_MAX characters, and one for each
    emergency sign whose label is longer (phones cut long buttons; a sign must be read whole)."""
    errors: list[str] = []
    for qid, labels in messages.buttons.items():
        question = dialog.questions.get(qid)
        if question is None:
            errors.append(f"buttons.{qid}: not a question of the dialog")
            continue
        for option, label in labels.items():
            if option not in question.options:
                errors.append(f"buttons.{qid}.{option}: not an option of the dialog (\"none\" needs no short label)")
            if not 0 < len(label) <= BUTTON_MAX:
                errors.append(f"buttons.{qid}.{option}: {len(label)} characters; expected 1 to {BUTTON_MAX}")
    qid = dialog.emergency_question
    for option in dialog.questions[qid].options:
        full = messages.options.get(qid, {}).get(option, "")
        if len(full) > BUTTON_MAX and option not in messages.buttons.get(qid, {}):
            errors.append(f"buttons.{qid}.{option}: missing (the label has {len(full)} characters; "
                          f"a button shows at most {BUTTON_MAX})")
    return errors


def check_triage_against_dialog(dialog: Dialog, triage: TriageRules) -> list[str]:
    """Key paths in the triage file that name a question or option the dialog lacks."""
    errors: list[str] = []
    for i, rule in enumerate(triage.rules):
        for j, cond in enumerate(rule.conditions):
            q = dialog.questions.get(cond.question)
            if q is None:
                errors.append(f"rules.{i}.conditions.{j}.question: '{cond.question}' is not a question of the dialog")
                continue
            for option in cond.any_of:
                if option not in q.options:
                    errors.append(f"rules.{i}.conditions.{j}.any_of: '{option}' is not an option of '{cond.question}'")
    name = triage.tips.question
    triggers = dialog.questions.get(name)
    if triggers is None:
        errors.append(f"tips.question: '{name}' is not a question of the dialog")
    for trigger in triage.tips.by_trigger:
        if triggers is not None and trigger not in triggers.options:
            errors.append(f"tips.by_trigger.{trigger}: not an option of '{name}'")
    if triage.emergency_level != dialog.emergency_level:
        errors.append(f"emergency_level: '{triage.emergency_level}' differs from the end_if_any of the emergency "
                      f"question '{dialog.emergency_question}' ('{dialog.emergency_level}')")
    return errors
