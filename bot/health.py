"""`python -m bot health`: are the databases usable, and is a running bot still hearing Telegram?

The running bot touches a heartbeat file (``<db>.heartbeat``) after every successful poll
(getUpdates), every update its webhook stored and every successful getWebhookInfo (asked each
minute in webhook mode). The check reads both databases read-only and, when a bot holds the run
lock, the age of that heartbeat. Exit status 0 when healthy, 1 otherwise: Docker's HEALTHCHECK.
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
from pathlib import Path

from bot.storage.locks import running_pid
from bot.storage.opening import facts_path

BEAT_EVERY = 5.0


def heartbeat_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".heartbeat")


class Heartbeat:
    """Touches the heartbeat file, at most every `BEAT_EVERY` seconds."""

    def __init__(self, db_path: Path) -> None:
        self.path = heartbeat_path(db_path)
        self._last = 0.0

    def beat(self) -> None:
        now = time.monotonic()
        if now - self._last < BEAT_EVERY:
            return
        self._last = now
        with contextlib.suppress(OSError):  # a full disk must not stop the answers
            self.path.touch()


def _check_db(path: Path, what: str, table: str) -> str | None:
    """None when the database opens read-only, passes quick_check and has `table`."""
    if not path.is_file():
        return f"{what} {path} is missing"
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5.0)
        try:
            rows = db.execute("PRAGMA quick_check").fetchall()
            if [r[0] for r in rows] != ["ok"]:
                return f"{what} {path} is damaged: {rows[0][0]}"
            db.execute(f"SELECT count(*) FROM {table}").fetchone()
        finally:
            db.close()
    except sqlite3.Error as exc:
        return f"{what} {path} is unusable: {exc}"
    return None


def check_health(db_path: Path, max_age: float, now: float | None = None) -> tuple[bool, str]:
    """(healthy, one line saying why)."""
    problems = [
        p
        for p in (
            _check_db(db_path, "the state database", "schema_migrations"),
            _check_db(facts_path(db_path), "the fact database", "facts"),
        )
        if p
    ]
    if problems:
        return False, "; ".join(problems)
    pid = running_pid(db_path)
    if pid is None:
        return True, "databases ok; the bot is not running"
    beat = heartbeat_path(db_path)
    if not beat.is_file():
        return False, f"the bot (process {pid}) has not reached Telegram yet"
    age = (now if now is not None else time.time()) - beat.stat().st_mtime
    if age > max_age:
        return False, f"the bot (process {pid}) has not reached Telegram for {age:.0f} s"
    return True, f"databases ok; the bot (process {pid}) reached Telegram {age:.0f} s ago"
