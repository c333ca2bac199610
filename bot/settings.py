"""Settings from the environment (and a .env file), validated by pydantic-settings."""

from __future__ import annotations

import os
import re
import secrets
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


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
    twitchcheck_default_locale: str = "en"
    twitchcheck_id_secret: SecretStr | None = None
    twitchcheck_log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    twitchcheck_log_json: bool = False  # one JSON object a line (for log collectors)
    twitchcheck_redis_prefix: str = Field(default="tc", pattern=r"^[A-Za-z0-9_.-]{1,32}$")
    twitchcheck_store_patience: float = Field(default=300.0, ge=1)  # s a worker waits for its store, then exit 2
    prometheus_multiproc_dir: Path | None = None  # set by `run --workers` for its workers (metrics, notes)
    twitchcheck_workers: int = Field(default=1, ge=1)  # set by `run --workers` for its workers

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
    def _store_scheme(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("sqlite://", "redis://", "rediss://", "redis+sentinel://", "memory://")):
            raise ValueError("must start with sqlite://, redis://, rediss://, redis+sentinel:// or memory://")
        return value

    @property
    def store_url(self) -> str:
        return self.twitchcheck_store_url or f"sqlite:///{self.twitchcheck_data_dir / 'twitchcheck.sqlite3'}"

    def shard_ids(self) -> list[int] | None:
        if not self.discord_shard_ids:
            return None
        try:
            return [int(x) for x in self.discord_shard_ids.split(",") if x.strip()]
        except ValueError:
            raise SettingsError("DISCORD_SHARD_IDS: expected comma-separated numbers, e.g. 0,1") from None

    def id_secret(self) -> bytes:
        """The key of the user-id hash: from the settings, else a file kept in the data dir."""
        if self.twitchcheck_id_secret is not None:
            return self.twitchcheck_id_secret.get_secret_value().encode()
        path = self.twitchcheck_data_dir / "id_secret"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as fh:
                fh.write(secrets.token_hex(32))
        return path.read_text().strip().encode()

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
    try:
        return Settings()
    except ValidationError as exc:
        lines = []
        for err in exc.errors():
            name = "_".join(str(p) for p in err["loc"]).upper() or "settings"
            lines.append(f"{name}: {err['msg']}")
        raise SettingsError("; ".join(lines)) from None
