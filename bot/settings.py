"""Settings from the environment (and a .env file), validated by pydantic-settings."""

from __future__ import annotations

import os
import re
import secrets
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.logs import register_secret


class SettingsError(Exception):
    """Settings are invalid; the message is one line per problem, naming the variable."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    # Telegram
    telegram_bot_token: SecretStr | None = None
    telegram_base_url: str = "https://api.telegram.org/bot"
    telegram_webhook_url: str | None = None
    telegram_webhook_secret: SecretStr | None = None
    telegram_webhook_listen: str = "127.0.0.1"
    telegram_webhook_port: int = Field(default=8443, ge=1, le=65535)
    telegram_rate_limit: float = Field(default=30.0, ge=0)  # messages/s overall; 0: no overall cap
    telegram_concurrent_updates: int = Field(default=4, ge=1, le=1024)  # 1: one update at a time
    # Discord
    discord_bot_token: SecretStr | None = None
    discord_guild_id: int | None = None
    discord_shard_count: int | None = Field(default=None, ge=1)
    discord_shard_ids: str | None = None
    # TwitchCheck
    twitchcheck_data_dir: Path = Path("./data")
    twitchcheck_store_url: str | None = None
    twitchcheck_session_ttl: int = Field(default=86400, ge=60)
    twitchcheck_diary_days: int = Field(default=90, ge=1, le=3650)  # diary retention (issue 14)
    # s a check-in's send may take on Redis; one held by a worker that died is sent by another after this
    twitchcheck_checkin_timeout: int = Field(default=30, ge=2, le=600)
    twitchcheck_default_locale: str = "en"
    lang: str = ""  # the console's language when --locale is not given: the terminal's LANG ("es_ES.UTF-8")
    twitchcheck_id_secret: SecretStr | None = None
    twitchcheck_log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    twitchcheck_log_json: bool = False  # one JSON object a line (for log collectors)
    twitchcheck_redis_prefix: str = Field(default="tc", pattern=r"^[A-Za-z0-9_.-]{1,32}$")
    twitchcheck_store_patience: float = Field(default=300.0, ge=1)  # s a worker waits for its store, then exit 2
    prometheus_multiproc_dir: Path | None = None  # set by `run --workers` for its workers (metrics, notes)
    twitchcheck_workers: int = Field(default=1, ge=1)  # set by `run --workers` for its workers

    @property
    def console_language(self) -> str:
        """LANG as a language code ("es_ES.UTF-8" -> "es_ES"); "" for C and POSIX (no language)."""
        code = self.lang.split(".")[0].split("@")[0].strip()
        return "" if code.upper() in ("C", "POSIX") else code

    @field_validator("telegram_bot_token", "discord_bot_token", "telegram_webhook_secret", "twitchcheck_id_secret",
                     "discord_guild_id", "discord_shard_count", "telegram_webhook_url", "discord_shard_ids",
                     "twitchcheck_store_url", mode="before")
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        """An empty line in .env (`DISCORD_GUILD_ID=`) means "not set"."""
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("twitchcheck_log_level", mode="before")
    @classmethod
    def _level_upper(cls, value: object) -> object:
        return value.strip().upper() if isinstance(value, str) else value

    @field_validator("telegram_webhook_secret")
    @classmethod
    def _secret_chars(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", value.get_secret_value()):
            raise ValueError("1-256 characters: letters, digits, _ and - only (Telegram's rule)")
        return value

    @field_validator("twitchcheck_store_url")
    @classmethod
    def _store_url(cls, value: str | None) -> str | None:
        from bot.stores.urls import check_url

        problem = None if value is None else check_url(value)
        if problem is not None:
            raise ValueError(problem)
        return value

    @field_validator("telegram_base_url")
    @classmethod
    def _base_url(cls, value: str) -> str:
        # PTB appends the token right after this URL: without /bot at the end, the token would
        # become part of the host or port, and be quoted in the library's error messages.
        if not re.fullmatch(r"https?://[^/\s]+(/[^\s]*)?/bot", value):
            raise ValueError("must be an http(s) URL ending in /bot (the token follows it), "
                             "e.g. https://api.telegram.org/bot")
        return value

    @field_validator("twitchcheck_data_dir")
    @classmethod
    def _data_dir(cls, value: Path) -> Path:
        if value.exists() and not value.is_dir():
            raise ValueError(f"{value} is a file; name a directory (it is created if missing)")
        return value

    @field_validator("discord_shard_ids")
    @classmethod
    def _shard_ids(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"\s*\d+\s*(,\s*\d+\s*)*,?\s*", value):
            raise ValueError("expected comma-separated shard numbers, e.g. 0,1")
        return value

    @model_validator(mode="after")
    def _shards_within_count(self) -> Settings:
        ids = self.shard_ids()
        if ids is not None:
            if self.discord_shard_count is None:
                raise ValueError("DISCORD_SHARD_IDS needs DISCORD_SHARD_COUNT (the total number of shards)")
            if any(i >= self.discord_shard_count for i in ids):
                raise ValueError(f"DISCORD_SHARD_IDS: each must be below DISCORD_SHARD_COUNT "
                                 f"({self.discord_shard_count})")
        return self

    @property
    def store_url(self) -> str:
        return self.twitchcheck_store_url or f"sqlite:///{self.twitchcheck_data_dir / 'twitchcheck.sqlite3'}"

    def shard_ids(self) -> list[int] | None:
        if not self.discord_shard_ids:
            return None
        return [int(x) for x in self.discord_shard_ids.split(",") if x.strip()]

    def id_secret(self) -> bytes:
        """The key of the user-id hash: from the settings, else a file kept in the data dir (0600)."""
        if self.twitchcheck_id_secret is not None:
            return self.twitchcheck_id_secret.get_secret_value().encode()
        path = self.twitchcheck_data_dir / "id_secret"
        try:
            if not path.exists():
                self.twitchcheck_data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                with os.fdopen(fd, "w") as fh:
                    fh.write(secrets.token_hex(32))
            secret = path.read_text().strip()
        except OSError as exc:
            raise SettingsError(f"TWITCHCHECK_DATA_DIR: cannot {'read' if path.exists() else 'create'} {path} "
                                f"({exc.strerror}); make {self.twitchcheck_data_dir} writable by this user, "
                                "or set TWITCHCHECK_ID_SECRET") from None
        if not secret:
            raise SettingsError(f"{path}: empty; delete it and a new one is generated (sessions stored under "
                                "the old key cannot be found again), or set TWITCHCHECK_ID_SECRET")
        return secret.encode()

    def check_workers(self, workers: int) -> None:
        """Cross-field rules of `twitchcheck run --workers N` (N > 1): Telegram webhook mode,
        a store the worker processes can share, no Discord in the same processes."""
        if workers <= 1:
            return
        if not (self.telegram_bot_token and self.telegram_webhook_url and self.telegram_webhook_secret):
            raise SettingsError("--workers needs TELEGRAM_BOT_TOKEN, TELEGRAM_WEBHOOK_URL and "
                                "TELEGRAM_WEBHOOK_SECRET (webhook mode)")
        if self.store_url.startswith("memory"):
            raise SettingsError("TWITCHCHECK_STORE_URL: memory:// cannot be shared by several workers; use redis://")
        if self.discord_bot_token is not None:
            raise SettingsError("--workers runs Telegram webhook workers only; run Discord shards with "
                                "`twitchcheck run` (DISCORD_SHARD_IDS) in their own processes")


def load_settings() -> Settings:
    """The settings, or SettingsError; their secrets are registered so that nothing prints them."""
    try:
        settings = Settings()
    except ValidationError as exc:
        lines = []
        for err in exc.errors():
            name = "_".join(str(p) for p in err["loc"]).upper()
            message = str(err["msg"]).removeprefix("Value error, ")
            lines.append(f"{name}: {message}" if name else message)
        raise SettingsError("; ".join(lines)) from None
    for secret in (settings.telegram_bot_token, settings.discord_bot_token, settings.telegram_webhook_secret,
                   settings.twitchcheck_id_secret):
        register_secret(None if secret is None else secret.get_secret_value())
    return settings
