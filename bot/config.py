"""Settings from the environment and a `.env` file; a bad value fails fast with one clear line."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dotenv import load_dotenv

_TOKEN = re.compile(r"^\d{3,}:[A-Za-z0-9_-]{20,}$")
_HHMM = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


class ConfigError(ValueError):
    """A setting that is missing or malformed; the message names it."""


@dataclass(frozen=True)
class Settings:
    token: str | None = None
    base_url: str | None = None
    base_file_url: str | None = None
    db_path: Path = Path("data/bot.sqlite3")
    seeds_dir: Path = Path("seeds")
    admin_ids: frozenset[int] = field(default_factory=frozenset)
    log_level: str = "INFO"
    webhook_url: str | None = None
    webhook_secret: str | None = None
    webhook_listen: str = "0.0.0.0"
    webhook_port: int = 8443
    broadcast_chat_id: str | None = None
    digest_time: tuple[int, int] = (8, 0)
    timezone: str = "Asia/Ho_Chi_Minh"

    @property
    def has_token(self) -> bool:
        return bool(self.token)


def _int_list(name: str, raw: str) -> frozenset[int]:
    try:
        return frozenset(int(x) for x in re.split(r"[,\s]+", raw.strip()) if x)
    except ValueError:
        raise ConfigError(
            f"{name} must be a comma-separated list of numeric Telegram ids"
        ) from None


def load_settings(env_file: Path | None = Path(".env")) -> Settings:
    """Settings from the environment, after loading `.env` if present (the environment wins)."""
    if env_file is not None and env_file.is_file():
        load_dotenv(env_file, override=False)
    env = os.environ
    token = env.get("TELEGRAM_BOT_TOKEN", "").strip() or None
    if token is not None and not _TOKEN.match(token):
        raise ConfigError(
            "TELEGRAM_BOT_TOKEN is malformed: expected '<digits>:<secret>' as given by @BotFather"
        )
    base_url = env.get("TELEGRAM_BASE_URL", "").strip() or None
    base_file_url = env.get("TELEGRAM_BASE_FILE_URL", "").strip() or None
    if base_url and not base_url.startswith(("http://", "https://")):
        raise ConfigError("TELEGRAM_BASE_URL must start with http:// or https://")
    if base_url and not base_file_url:
        base_file_url = re.sub(r"/bot$", "/file/bot", base_url.rstrip("/"))
        if base_file_url == base_url.rstrip("/"):
            base_file_url = base_url.rstrip("/") + "/file"
    webhook_url = env.get("WEBHOOK_URL", "").strip() or None
    webhook_secret = env.get("WEBHOOK_SECRET", "").strip() or None
    if webhook_url and not webhook_secret:
        raise ConfigError("WEBHOOK_SECRET is required when WEBHOOK_URL is set")
    if webhook_secret and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", webhook_secret):
        raise ConfigError("WEBHOOK_SECRET may hold only A-Z, a-z, 0-9, _ and - (1-256 characters)")
    try:
        port = int(env.get("WEBHOOK_PORT", "8443"))
    except ValueError:
        raise ConfigError("WEBHOOK_PORT must be a number") from None
    digest = env.get("DIGEST_TIME", "08:00").strip()
    m = _HHMM.match(digest)
    if not m:
        raise ConfigError("DIGEST_TIME must be HH:MM, e.g. 08:00")
    tz = env.get("TIMEZONE", "Asia/Ho_Chi_Minh").strip()
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"TIMEZONE {tz!r} is not a known time zone") from None
    level = env.get("LOG_LEVEL", "INFO").strip().upper()
    if level not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
        raise ConfigError("LOG_LEVEL must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL")
    return Settings(
        token=token,
        base_url=base_url,
        base_file_url=base_file_url,
        db_path=Path(env.get("BOT_DB_PATH", "data/bot.sqlite3")),
        seeds_dir=Path(env.get("SEEDS_DIR", "seeds")),
        admin_ids=_int_list("ADMIN_IDS", env.get("ADMIN_IDS", "")),
        log_level=level,
        webhook_url=webhook_url,
        webhook_secret=webhook_secret,
        webhook_listen=env.get("WEBHOOK_LISTEN", "0.0.0.0"),
        webhook_port=port,
        broadcast_chat_id=env.get("BROADCAST_CHAT_ID", "").strip() or None,
        digest_time=(int(m[1]), int(m[2])),
        timezone=tz,
    )
