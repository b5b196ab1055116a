"""Settings: the environment and .env, secrets kept secret, one clear line for a bad value."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import ConfigError, load_settings

TOKEN = "123456:AAE-fake-token-for-tests_0123456789"


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (
        "TELEGRAM_BOT_TOKEN",
        "TELEGRAM_BASE_URL",
        "TELEGRAM_BASE_FILE_URL",
        "ADMIN_IDS",
        "WEBHOOK_URL",
        "WEBHOOK_SECRET",
        "DIGEST_TIME",
        "TIMEZONE",
        "LOG_LEVEL",
        "WEBHOOK_PORT",
    ):
        monkeypatch.delenv(name, raising=False)


def test_defaults_without_any_setting(tmp_path: Path) -> None:
    settings = load_settings(tmp_path / ".env")
    assert (settings.has_token, settings.db_path, settings.seeds_dir) == (
        False,
        Path("data/bot.sqlite3"),
        Path("seeds"),
    )
    assert (settings.digest_time, settings.timezone, settings.admin_ids) == (
        (8, 0),
        "Asia/Ho_Chi_Minh",
        frozenset(),
    )


def test_env_file_is_read_and_the_environment_wins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = tmp_path / ".env"
    env.write_text(
        f"TELEGRAM_BOT_TOKEN={TOKEN}\nADMIN_IDS=1, 2 3\nDIGEST_TIME=7:30\nLOG_LEVEL=debug\n"
        "TELEGRAM_BASE_URL=http://127.0.0.1:8081/bot\nWEBHOOK_SECRET=\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("DIGEST_TIME", "21:05")
    settings = load_settings(env)
    assert settings.token_value == TOKEN
    assert settings.admin_ids == frozenset({1, 2, 3})
    assert settings.digest_time == (21, 5)
    assert settings.log_level == "DEBUG"
    assert settings.base_file_url == "http://127.0.0.1:8081/file/bot"
    assert settings.webhook_secret is None


def test_secrets_never_show_in_a_repr(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    monkeypatch.setenv("WEBHOOK_URL", "https://example.org/hook")
    monkeypatch.setenv("WEBHOOK_SECRET", "s3cret-value")
    settings = load_settings(tmp_path / ".env")
    assert TOKEN not in repr(settings) and "s3cret-value" not in repr(settings)
    assert settings.webhook_secret is not None
    assert settings.webhook_secret.get_secret_value() == "s3cret-value"


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        (
            "TELEGRAM_BOT_TOKEN",
            "not-a-token",
            "TELEGRAM_BOT_TOKEN malformed: expected '<digits>:<secret>' as given by @BotFather",
        ),
        ("ADMIN_IDS", "12,abc", "ADMIN_IDS must be a comma-separated list of numeric Telegram ids"),
        ("DIGEST_TIME", "25:00", "DIGEST_TIME must be HH:MM, e.g. 08:00"),
        ("TIMEZONE", "Mars/Base", "TIMEZONE 'Mars/Base' is not a known time zone"),
        ("TELEGRAM_BASE_URL", "ftp://x", "TELEGRAM_BASE_URL must start with http:// or https://"),
        (
            "WEBHOOK_URL",
            "https://example.org/hook",
            "WEBHOOK_SECRET is required when WEBHOOK_URL is set",
        ),
        (
            "WEBHOOK_PORT",
            "eighty",
            "WEBHOOK_PORT Input should be a valid integer, unable to parse string as an integer",
        ),
    ],
)
def test_a_bad_value_is_one_line_naming_the_setting(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, name: str, value: str, message: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError) as caught:
        load_settings(tmp_path / ".env")
    assert str(caught.value) == message
    assert value not in str(caught.value) or name != "TELEGRAM_BOT_TOKEN"
