"""Backups of the state database: one a day, online, kept for `BACKUP_DAYS`; and the restore.

Only the state is backed up (users, subscriptions, broadcasts, the inbox, feedback, questions):
the facts are rebuilt from seeds/. A backup is made with SQLite's backup API while the bot runs,
into ``<data>/backups/<name>-YYYYMMDD.sqlite3``; `restore` puts one back while the bot is stopped,
keeping the file it replaces.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import sqlite3
import time
from pathlib import Path

from bot.storage.locks import running_pid
from bot.storage.opening import StorageError, backups_dir
from bot.storage.store import Store

log = logging.getLogger(__name__)


def backup_name(db_path: Path, day: dt.date) -> Path:
    return backups_dir(db_path) / f"{db_path.stem}-{day:%Y%m%d}{db_path.suffix}"


async def backup_state(store: Store, keep_days: int, today: dt.date | None = None) -> Path | None:
    """Today's backup of the state (None if it exists already); backups older than kept go."""
    today = today or dt.date.today()
    target = backup_name(store.path, today)
    made: Path | None = None
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".partial")
        partial.unlink(missing_ok=True)
        db = sqlite3.connect(partial, check_same_thread=False)
        try:
            await store.backup_into(db)
        finally:
            db.close()
        partial.replace(target)
        log.info("state backed up to %s", target)
        made = target
    pattern = re.compile(rf"{re.escape(store.path.stem)}-(\d{{8}}){re.escape(store.path.suffix)}")
    oldest = today - dt.timedelta(days=max(keep_days, 1) - 1)
    for old in target.parent.iterdir():
        m = pattern.fullmatch(old.name)
        if m and dt.datetime.strptime(m[1], "%Y%m%d").date() < oldest:
            old.unlink()
            log.info("old backup %s removed", old)
    return made


def restore(backup: Path, db_path: Path) -> Path | None:
    """Put `backup` in place of the state database; the replaced file's new name (if any).

    StorageError when the bot is running or the backup is not a state database.
    """
    pid = running_pid(db_path)
    if pid is not None:
        raise StorageError(f"the bot is running on {db_path} (process {pid}); stop it first")
    if not backup.is_file():
        raise StorageError(f"no backup file {backup}")
    try:
        source = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
        try:
            if [r[0] for r in source.execute("PRAGMA quick_check")] != ["ok"]:
                raise StorageError(f"{backup} is damaged")
            source.execute("SELECT version FROM schema_migrations").fetchall()
            kept: Path | None = None
            if db_path.exists():
                kept = db_path.with_name(f"{db_path.name}.replaced-{int(time.time())}")
                db_path.replace(kept)
                for extra in ("-wal", "-shm"):
                    side = Path(f"{db_path}{extra}")
                    if side.exists():
                        side.replace(Path(f"{kept}{extra}"))
            db_path.parent.mkdir(parents=True, exist_ok=True)
            target = sqlite3.connect(db_path)
            try:
                source.backup(target)
            finally:
                target.close()
        finally:
            source.close()
    except sqlite3.Error as exc:
        raise StorageError(f"{backup} is not a state database of the bot: {exc}") from None
    return kept
