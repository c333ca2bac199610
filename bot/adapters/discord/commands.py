"""The /twitch command group, built per client from the default locale's content."""

from __future__ import annotations

import discord
from discord import app_commands

from bot.adapters.discord import check, diary, privacy, quick
from bot.adapters.discord.translator import lstr
from bot.engine.bundle import Bundle

FreeText = app_commands.Range[str, 1, 200]
QUICK_COOLDOWN = (3, 30.0)  # /twitch quick: 3 a user in any 30 s; more gets the "slow down" note


def _choices(bundle: Bundle, qid: str) -> list[app_commands.Choice[str]]:
    m = bundle.content(bundle.default_locale).messages
    return [app_commands.Choice(name=lstr(m, f"options.{qid}.{o}"), value=o) for o in bundle.dialog.option_ids(qid)]


def build_group(bundle: Bundle) -> app_commands.Group:
    m = bundle.content(bundle.default_locale).messages
    group = app_commands.Group(name="twitch", description=lstr(m, "chat.slash_twitch"))

    @group.command(name="check", description=lstr(m, "chat.slash_check"))
    async def check_(interaction: discord.Interaction) -> None:
        await check.start(interaction)

    @group.command(name="quick", description=lstr(m, "chat.slash_quick"))
    @app_commands.describe(**{q: lstr(m, f"questions.{q}.prompt") for q in (*quick.CHOICE_FIELDS, *quick.TEXT_FIELDS)},
                           public=lstr(m, "chat.slash_public"))
    @app_commands.choices(**{q: _choices(bundle, q) for q in quick.CHOICE_FIELDS})
    @app_commands.autocomplete(**{q: quick.autocomplete_for(q) for q in quick.TEXT_FIELDS})
    @app_commands.checks.cooldown(*QUICK_COOLDOWN, key=lambda interaction: interaction.user.id)
    async def quick_(interaction: discord.Interaction, frequency: str | None = None, duration: str | None = None,
                     course: str | None = None, triggers: FreeText | None = None,
                     symptoms: FreeText | None = None, public: bool = False) -> None:
        await quick.run(interaction, {"frequency": frequency, "duration": duration, "course": course},
                        {"triggers": triggers, "symptoms": symptoms}, public)

    @group.command(name="forget", description=lstr(m, "chat.slash_forget"))
    async def forget_(interaction: discord.Interaction) -> None:
        await privacy.forget(interaction)

    @group.command(name="privacy", description=lstr(m, "chat.slash_privacy"))
    async def privacy_(interaction: discord.Interaction) -> None:
        await privacy.privacy(interaction)

    @group.command(name="language", description=lstr(m, "chat.slash_language"))
    @app_commands.describe(language=lstr(m, "chat.slash_language_choice"))
    @app_commands.choices(language=[  # each language named in itself: never translated
        app_commands.Choice(name=content.messages.locale_name, value=code) for code, content in sorted(bundle.locales.items())])
    async def language_(interaction: discord.Interaction, language: str) -> None:
        await check.language(interaction, language)

    @group.command(name="log", description=lstr(m, "chat.slash_log"))
    async def log_(interaction: discord.Interaction) -> None:
        await diary.log_(interaction)

    @group.command(name="history", description=lstr(m, "chat.slash_history"))
    @app_commands.describe(days=lstr(m, "chat.slash_history_days"))
    @app_commands.choices(days=[app_commands.Choice(name=str(n), value=n) for n in diary.HISTORY_DAYS])
    async def history_(interaction: discord.Interaction, days: int = diary.HISTORY_DAYS[0]) -> None:
        await diary.history(interaction, days)

    @group.command(name="summary", description=lstr(m, "chat.slash_summary"))
    async def summary_(interaction: discord.Interaction) -> None:
        await diary.summary(interaction)

    @group.command(name="help", description=lstr(m, "chat.slash_help"))
    async def help_(interaction: discord.Interaction) -> None:
        await privacy.help_(interaction)

    return group
