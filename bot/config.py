"""Settings from the environment and a `.env` file; a bad value fails fast with one clear line.

`Settings` is a pydantic-settings model: each field reads the environment variable named in its
alias (the environment wins over `.env`; empty values count as unset). The token and the webhook
secret are `SecretStr`, so they never show in a repr or a log line.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AliasChoices,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

_TOKEN = re.compile(r"^\d{3,}:[A-Za-z0-9_-]{20,}$")
_HHMM = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")
_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


class ConfigError(ValueError):
    """A setting that is missing or malformed; the message names it."""


def _env(name: str, env: str) -> Any:
    """An optional field read from `env`, also settable by its own name in code and tests."""
    return Field(None, validation_alias=AliasChoices(name, env))


class Settings(BaseSettings):
    """Every setting of the bot; see .env.example."""

    model_config = SettingsConfigDict(
        env_file=".env",
        env_file_encoding="utf-8",
        env_ignore_empty=True,
        extra="ignore",
        frozen=True,
        populate_by_name=True,
    )

    token: SecretStr | None = _env("token", "TELEGRAM_BOT_TOKEN")
    base_url: str | None = _env("base_url", "TELEGRAM_BASE_URL")
    base_file_url: str | None = _env("base_file_url", "TELEGRAM_BASE_FILE_URL")
    db_path: Path = Field(
        Path("data/bot.sqlite3"), validation_alias=AliasChoices("db_path", "BOT_DB_PATH")
    )
    seeds_dir: Path = Field(Path("seeds"), validation_alias=AliasChoices("seeds_dir", "SEEDS_DIR"))
    admin_ids: Annotated[frozenset[int], NoDecode] = Field(
        frozenset(), validation_alias=AliasChoices("admin_ids", "ADMIN_IDS")
    )
    log_level: str = Field("INFO", validation_alias=AliasChoices("log_level", "LOG_LEVEL"))
    webhook_url: str | None = _env("webhook_url", "WEBHOOK_URL")
    webhook_secret: SecretStr | None = _env("webhook_secret", "WEBHOOK_SECRET")
    webhook_listen: str = Field(
        "0.0.0.0", validation_alias=AliasChoices("webhook_listen", "WEBHOOK_LISTEN")
    )
    webhook_port: int = Field(8443, validation_alias=AliasChoices("webhook_port", "WEBHOOK_PORT"))
    broadcast_chat_id: str | None = _env("broadcast_chat_id", "BROADCAST_CHAT_ID")
    digest_time: Annotated[tuple[int, int], NoDecode] = Field(
        (8, 0), validation_alias=AliasChoices("digest_time", "DIGEST_TIME")
    )
    timezone: str = Field("Asia/Ho_Chi_Minh", validation_alias=AliasChoices("timezone", "TIMEZONE"))
    broadcast_rate: float = Field(
        30.0, ge=1, le=1000, validation_alias=AliasChoices("broadcast_rate", "BROADCAST_RATE")
    )
    private_rate: float = Field(
        1.0, gt=0, le=30, validation_alias=AliasChoices("private_rate", "PRIVATE_RATE")
    )
    group_rate: int = Field(
        20, ge=1, le=60, validation_alias=AliasChoices("group_rate", "GROUP_RATE")
    )
    send_retry_seconds: float = Field(
        30.0,
        ge=0,
        le=600,
        validation_alias=AliasChoices("send_retry_seconds", "SEND_RETRY_SECONDS"),
    )
    backup_days: int = Field(
        7, ge=0, le=365, validation_alias=AliasChoices("backup_days", "BACKUP_DAYS")
    )
    health_max_age: float = Field(
        120.0, ge=10, validation_alias=AliasChoices("health_max_age", "HEALTH_MAX_AGE")
    )

    @property
    def has_token(self) -> bool:
        return self.token is not None

    @property
    def token_value(self) -> str:
        """The token itself, for the one place that sends it to Telegram."""
        return self.token.get_secret_value() if self.token is not None else ""

    @field_validator("token", "webhook_secret", mode="before")
    @classmethod
    def _strip_secret(cls, value: Any) -> Any:
        if isinstance(value, str):
            return value.strip() or None
        return value

    @field_validator("token")
    @classmethod
    def _token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not _TOKEN.match(value.get_secret_value()):
            raise ValueError("malformed: expected '<digits>:<secret>' as given by @BotFather")
        return value

    @field_validator("webhook_secret")
    @classmethod
    def _secret_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not _SECRET.fullmatch(value.get_secret_value()):
            raise ValueError("may hold only A-Z, a-z, 0-9, _ and - (1-256 characters)")
        return value

    @field_validator("base_url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value and not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _id_list(cls, value: Any) -> Any:
        if isinstance(value, str):
            try:
                return frozenset(int(x) for x in re.split(r"[,\s]+", value.strip()) if x)
            except ValueError:
                raise ValueError("must be a comma-separated list of numeric Telegram ids") from None
        return value

    @field_validator("digest_time", mode="before")
    @classmethod
    def _hhmm(cls, value: Any) -> Any:
        if isinstance(value, str):
            m = _HHMM.match(value.strip())
            if not m:
                raise ValueError("must be HH:MM, e.g. 08:00")
            return int(m[1]), int(m[2])
        return value

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"{value!r} is not a known time zone") from None
        return value

    @field_validator("log_level", mode="before")
    @classmethod
    def _level(cls, value: Any) -> Any:
        level = str(value).strip().upper()
        if level not in _LEVELS:
            raise ValueError("must be one of " + ", ".join(_LEVELS))
        return level

    @model_validator(mode="after")
    def _derived(self) -> Settings:
        if self.webhook_url and self.webhook_secret is None:
            raise ValueError("WEBHOOK_SECRET is required when WEBHOOK_URL is set")
        if self.base_url and not self.base_file_url:
            base = self.base_url.rstrip("/")
            file_url = re.sub(r"/bot$", "/file/bot", base)
            object.__setattr__(
                self, "base_file_url", file_url if file_url != base else base + "/file"
            )
        return self


_ENV_NAMES = {
    name: str(choice)
    for name, field in Settings.model_fields.items()
    if isinstance(field.validation_alias, AliasChoices)
    for choice in field.validation_alias.choices[1:]
}


def _one_line(error: ValidationError) -> str:
    """The first problem of a validation error, named by its environment variable."""
    first = error.errors()[0]
    message = str(first["msg"]).removeprefix("Value error, ")
    field = str(first["loc"][0]) if first["loc"] else ""
    env = _ENV_NAMES.get(field, field)
    return f"{env} {message}" if env else message


def load_settings(env_file: Path | None = Path(".env")) -> Settings:
    """Settings from the environment and `env_file` (the environment wins); ConfigError if bad."""
    try:
        return Settings(_env_file=env_file)  # type: ignore[call-arg]
    except ValidationError as exc:
        raise ConfigError(_one_line(exc)) from None
