"""What users read, per locale (content/<locale>/messages.yaml)."""

from __future__ import annotations

from string import Formatter

from pydantic import BaseModel, ConfigDict, Field, field_validator

from bot.engine.article import ArticleText
from bot.engine.followup_text import FollowupText
from bot.engine.narrowing import NarrowingText

BUTTON_MAX = 30  # characters a phone shows on a full-width button without cutting it
DURATION_NOUNS = ("days", "hours", "minutes", "seconds")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class QuestionText(_Strict):
    short: str = Field(min_length=1)
    prompt: str = Field(min_length=1)
    example: str = Field(min_length=1)


class LevelText(_Strict):
    badge: str = Field(min_length=1)
    headline: str = Field(min_length=1)


class ResultText(_Strict):
    why: str
    tips: str
    safety_net_title: str
    safety_net: str
    disclaimer: str
    disclaimer_emergency: str  # an emergency result: nothing that softens "get help now"
    assumed: str
    assumed_unknown: str
    emergency_check: str
    quick_more: str


class ChatText(_Strict):
    got_it: str
    not_understood: str
    ask_again_safety: str
    emergency_detected: str
    noted_from_story: str
    choose_one: str
    cancelled: str
    restarted: str
    nothing_to_go_back: str
    back: str
    done_already: str
    not_started: str
    unknown_command: str
    too_long: str
    selected_none: str
    separator: str
    edited: str
    console_several: str
    console_start: str
    done_button: str
    back_button: str
    expired_button: str
    not_your_check: str
    error: str
    forgotten: str
    quick_usage: str
    quick_private_button: str
    group_check: str
    group_check_button: str
    # Telegram /forget in a group: not done there, pointed to the private chat (a link button)
    group_forget: str
    group_forget_button: str
    # after the greeting, how to answer: with buttons (Telegram, Discord) or by number (console)
    answer_buttons: str
    answer_numbers: str
    selected_option: str  # a ticked option of a several-choice keyboard: {label}
    text_only: str  # answer to stickers, photos and other non-text messages
    # /language: the list ({languages}), a choice made, an unknown code, and the one-time
    # note that the platform's language ({language}) is not available (default locale only)
    language_list: str
    language_set: str
    language_unknown: str
    language_fallback: str
    slow_down: str  # once, to a chat that sends faster than the bot may answer (the rest is skipped)
    moment: str  # once, while the session store is unreachable (the update comes again later)
    menu: dict[str, str]  # command -> description, for the platform's command menu
    # Discord slash commands, the "Type it" modal and /twitch help
    slash_twitch: str
    slash_check: str
    slash_quick: str
    slash_forget: str
    slash_privacy: str
    slash_help: str
    slash_public: str
    quick_pick_one: str
    type_button: str
    type_title: str
    type_label: str
    slash_help_text: str
    slash_language: str
    slash_language_choice: str
    slash_log: str  # issue 14: /twitch log, history (its days option), summary
    slash_history: str
    slash_history_days: str
    slash_summary: str
    # issue 11: stories listed back, fear after an emergency, quick checks with no details
    noted_line: str  # one answer filled from a story: {question}: {answer}
    scared_emergency: str
    result_again: str
    no_details: str
    no_details_signs: str


class Messages(_Strict):
    """Every string of one locale. Cross-checked against the dialog and triage at load."""

    locale_name: str
    greeting: str
    questions: dict[str, QuestionText]
    options: dict[str, dict[str, str]]
    levels: dict[str, LevelText]
    reasons: dict[str, str]
    self_care_reason: str
    tips: dict[str, str]
    result: ResultText
    chat: ChatText
    help: str
    help_group: str  # /help in a group: only the commands that work there
    privacy: str  # {ttl}: how long an untouched check is kept (TWITCHCHECK_SESSION_TTL, in words)
    # Short button labels (<= BUTTON_MAX characters) for options too long for a phone's button:
    # buttons.<question>.<option>. The question then lists the full labels in its text.
    buttons: dict[str, dict[str, str]]
    # Nouns with a count, in each plural form of the language (CLDR categories):
    # days: {one: "{n} day", other: "{n} days"}. See bot/engine/plurals.py.
    counts: dict[str, dict[str, str]]
    followups: FollowupText  # issue 14: check-ins, diary, history, summary
    narrowing: NarrowingText  # issue 11: narrower questions (dialogs/narrowing.yaml)
    article: ArticleText  # issue 11: questions back, answered from the article (dialogs/article.yaml)

    @field_validator("privacy")
    @classmethod
    def _privacy_names_the_ttl(cls, value: str) -> str:
        fields = {name for _, name, _, _ in Formatter().parse(value) if name is not None}
        if fields != {"ttl"}:
            raise ValueError("expected {ttl} (how long an untouched check is kept) and no other {field}")
        return value

    @field_validator("counts")
    @classmethod
    def _counts_for_durations(cls, value: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
        missing = [noun for noun in DURATION_NOUNS if noun not in value]
        if missing:
            raise ValueError(f"missing {', '.join(missing)} (times are said in words, e.g. in /privacy)")
        return value

    def button_label(self, qid: str, option: str) -> str:
        """The short label of an option's button, or "" when its full label fits one."""
        return self.buttons.get(qid, {}).get(option, "")

    def option_label(self, qid: str, option: str) -> str:
        return self.options[qid][option]

    def answer_summary(self, qid: str, chosen: tuple[str, ...]) -> str:
        """A short plain-words rendering of an answer, e.g. "Every day"."""
        if not chosen:
            return self.options[qid].get("none", self.chat.selected_none)
        return self.chat.separator.join(self.options[qid][o] for o in chosen)
