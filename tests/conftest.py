"""Shared fixtures: a prebuilt fact table, the fake Telegram server, the real bot running on it."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
# A token that also passes bot.config's format check; the fake accepts only this one.
BOT_TOKEN = "123456:AAE-fake-token-for-tests_0123456789"
TEST_PRIVATE_RATE = 30.0


@pytest.fixture(scope="session")
def prebuilt_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fact table of the real seeds/, built once per test session (copied per test)."""
    from bot.storage.corpus import open_corpus

    path = tmp_path_factory.mktemp("prebuilt") / "bot.sqlite3"

    async def build() -> None:
        """Build the fact table and close the database."""
        store, engine = await open_corpus(path, SEEDS)
        engine.close()
        await store.close()

    asyncio.run(build())
    return path


@pytest.fixture
def bot_db(prebuilt_db: Path, tmp_path: Path) -> Path:
    """A fresh copy of the prebuilt databases (state and facts) for one test."""
    from bot.storage.opening import facts_path

    path = tmp_path / "data" / "bot.sqlite3"
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(prebuilt_db, path)
    shutil.copyfile(facts_path(prebuilt_db), facts_path(path))
    return path


@pytest.fixture
async def telegram_fake() -> AsyncIterator[Any]:
    """The strict fake Bot API on 127.0.0.1, with group privacy mode off so that the bot
    receives (and must ignore) ordinary group chatter."""
    from fake_telegram import FakeTelegram

    async with FakeTelegram(token=BOT_TOKEN, privacy_mode=False) as fake:
        yield fake


@pytest.fixture
def bot_settings(telegram_fake: Any, bot_db: Path) -> Any:
    """Settings pointing the bot at the fake server and the per-test database."""
    from bot.config import Settings

    return Settings(
        token=BOT_TOKEN,
        base_url=telegram_fake.base_url,
        base_file_url=telegram_fake.base_file_url,
        db_path=bot_db,
        seeds_dir=SEEDS,
        # A quick conversation needs no second between answers here; the pacing tests
        # (test_durability_e2e, test_pacing) keep Telegram's one a second per private chat.
        private_rate=TEST_PRIVATE_RATE,
    )


@asynccontextmanager
async def running_bot(settings: Any, **options: Any) -> AsyncIterator[Any]:
    """The real Application, polling the fake server, shut down properly afterwards.

    This is what ``Application.run_polling`` does, step by step, without owning the loop.
    """
    from telegram import Update

    from bot.telegram.app import build_application

    app = build_application(settings, **options)
    assert app.post_init is not None and app.post_shutdown is not None
    assert app.updater is not None
    await app.initialize()
    try:
        await app.post_init(app)
        # run_polling hands polling errors to the error handler, which tells the PollMonitor.
        await app.updater.start_polling(
            poll_interval=0,
            timeout=timedelta(seconds=1),
            allowed_updates=Update.ALL_TYPES,
            error_callback=app.bot_data["poll_monitor"].failed,
        )
        await app.start()
        try:
            yield app
        finally:
            await app.updater.stop()
            await app.stop()
    finally:
        await app.shutdown()
        await app.post_shutdown(app)


@pytest.fixture
async def bot_app(bot_settings: Any) -> AsyncIterator[Any]:
    """The bot running against the fake server with default options."""
    async with running_bot(bot_settings) as app:
        yield app
