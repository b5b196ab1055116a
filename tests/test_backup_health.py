"""Daily backups of the state, `python -m bot restore`, `python -m bot health`, the run lock."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import time
from pathlib import Path
from typing import Any

import pytest

from bot.health import Heartbeat, check_health, heartbeat_path
from bot.storage.backup import backup_name, backup_state, restore
from bot.storage.locks import RunLock
from bot.storage.opening import StorageError, facts_path
from bot.storage.store import Store
from tests.helpers import SEEDS
from tests.processes import bot_env, cli

DAY = dt.date(2025, 3, 10)


async def test_one_backup_a_day_kept_for_the_days_set(tmp_path: Path) -> None:
    db = tmp_path / "bot.sqlite3"
    async with Store(db) as store:
        await store.set_language(42, "en")
        for n in range(10):
            await backup_state(store, keep_days=7, today=DAY + dt.timedelta(days=n))
        assert await backup_state(store, keep_days=7, today=DAY + dt.timedelta(days=9)) is None
    kept = sorted(p.name for p in backup_name(db, DAY).parent.iterdir())
    assert kept == [backup_name(db, DAY + dt.timedelta(days=n)).name for n in range(3, 10)]


async def test_a_backup_taken_between_a_write_and_its_commit_finishes(tmp_path: Path) -> None:
    """The daily backup may start while another task's write waits for its commit."""
    db = tmp_path / "bot.sqlite3"
    async with Store(db) as store:
        writes = [asyncio.create_task(store.set_language(n, "en")) for n in range(20)]
        await asyncio.sleep(0)  # the first write is now between its execute and its commit
        backup = await asyncio.wait_for(backup_state(store, keep_days=7, today=DAY), 10)
        await asyncio.wait_for(asyncio.gather(*writes), 10)
        assert backup is not None and await store.get_language(19) == "en"


async def test_restore_puts_a_backup_back_and_keeps_the_replaced_file(tmp_path: Path) -> None:
    db = tmp_path / "bot.sqlite3"
    async with Store(db) as store:
        await store.set_language(42, "en")
        backup = await backup_state(store, keep_days=7, today=DAY)
        await store.set_language(42, "vi")
    assert backup is not None
    db.write_bytes(os.urandom(5000))  # damaged since
    done = cli("restore", str(backup), env=bot_env(db, SEEDS), timeout=20)
    assert done.returncode == 0, done.stderr
    assert "replaced is kept" in done.stdout
    async with Store(db) as store:
        assert await store.get_language(42) == "en"


async def test_restore_refuses_while_the_bot_runs_and_a_file_that_is_no_backup(
    tmp_path: Path,
) -> None:
    db = tmp_path / "bot.sqlite3"
    async with Store(db) as store:
        backup = await backup_state(store, keep_days=7, today=DAY)
    assert backup is not None
    lock = RunLock(db).acquire()
    try:
        with pytest.raises(StorageError, match="running"):
            restore(backup, db)
    finally:
        lock.release()
    text = tmp_path / "notes.txt"
    text.write_text("hello", encoding="utf-8")
    with pytest.raises(StorageError, match="not a state database"):
        restore(text, db)


def test_a_second_run_lock_on_one_data_folder_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "bot.sqlite3"
    first = RunLock(db).acquire()
    try:
        with pytest.raises(StorageError, match=f"already running on {db} \\(process {os.getpid()}"):
            RunLock(db).acquire()
    finally:
        first.release()
    RunLock(db).acquire().release()


def test_health_checks_the_databases_and_the_heartbeat_of_a_running_bot(bot_db: Path) -> None:
    healthy, why = check_health(bot_db, max_age=60)
    assert healthy, why
    lock = RunLock(bot_db).acquire()
    try:
        assert check_health(bot_db, max_age=60) == (
            False,
            f"the bot (process {os.getpid()}) has not reached Telegram yet",
        )
        Heartbeat(bot_db).beat()
        assert check_health(bot_db, max_age=60)[0]
        stale = time.time() - 300
        os.utime(heartbeat_path(bot_db), (stale, stale))
        healthy, why = check_health(bot_db, max_age=60)
        assert not healthy and "has not reached Telegram for 300 s" in why
    finally:
        lock.release()
    facts_path(bot_db).write_text("damaged", encoding="utf-8")
    done = cli("health", env=bot_env(bot_db, SEEDS), timeout=20)
    assert done.returncode == 1 and done.stdout.startswith("unhealthy: the fact database")


async def test_the_running_bot_beats_after_telegram_answers(
    telegram_fake: Any, bot_db: Path
) -> None:
    from conftest import BOT_TOKEN, running_bot

    from bot.config import Settings

    settings = Settings(
        token=BOT_TOKEN,
        base_url=telegram_fake.base_url,
        base_file_url=telegram_fake.base_file_url,
        db_path=bot_db,
        seeds_dir=SEEDS,
    )
    beat = heartbeat_path(bot_db)
    async with running_bot(settings) as app:
        for _ in range(100):  # a successful poll
            if beat.exists():
                break
            await asyncio.sleep(0.05)
        assert beat.exists()
        beat.unlink()
        app.bot_data["poll_monitor"].heartbeat._last = 0.0  # the next success beats at once
        await app.bot.get_webhook_info()  # what the webhook mode asks every minute
        assert beat.exists()
