"""Locks on the data folder, so that several processes on one database never trip each other.

* The start-up lock (``<db>.lock``) is held while a process opens, migrates and builds the
  databases: processes starting together take turns (each waits, bounded) instead of failing with
  "database is locked" or creating the same table twice.
* The run lock (``<db>.run.lock``) is held by ``python -m bot run`` for as long as it serves: a
  second ``run`` on the same data folder says the bot is already running. ``ask``, ``chat`` and
  ``build`` do not need it; they read while the bot runs (WAL) and wait for their short writes.

Both are ``flock`` locks: the kernel releases them when the process dies, even by ``kill -9``.
"""

from __future__ import annotations

import asyncio
import fcntl
import os
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from bot.storage.opening import StorageError

STARTUP_WAIT = 60.0


def startup_lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


def run_lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".run.lock")


def _open(path: Path) -> int:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise StorageError(f"cannot create the lock file {path}: {exc}") from None


def _try_lock(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


@asynccontextmanager
async def startup_lock(db_path: Path, wait: float = STARTUP_WAIT) -> AsyncIterator[None]:
    """Hold the start-up lock of `db_path`, waiting for it at most `wait` seconds."""
    path = startup_lock_path(db_path)
    fd = _open(path)
    try:
        deadline = time.monotonic() + wait
        while not _try_lock(fd):
            if time.monotonic() > deadline:
                raise StorageError(
                    f"another process has been opening {db_path} for {wait:.0f} s ({path}); "
                    "try again when it has started"
                )
            await asyncio.sleep(0.05)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


class RunLock:
    """The lock of a serving bot; `acquire` raises StorageError when another one holds it."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path
        self.path = run_lock_path(db_path)
        self._fd: int | None = None

    def acquire(self) -> RunLock:
        fd = _open(self.path)
        if not _try_lock(fd):
            os.close(fd)
            pid = running_pid(self.db_path)
            raise StorageError(
                f"the bot is already running on {self.db_path}"
                + (f" (process {pid})" if pid else "")
                + "; stop it first, or give this one another BOT_DB_PATH"
            )
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self._fd = fd
        return self

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def running_pid(db_path: Path) -> int | None:
    """The process id of the bot serving `db_path`, or None when none is (0 if unknown)."""
    path = run_lock_path(db_path)
    if not path.is_file():
        return None
    fd = _open(path)
    try:
        if _try_lock(fd):
            return None
        text = path.read_text(encoding="ascii", errors="replace").strip()
        return int(text) if text.isdigit() else 0
    finally:
        os.close(fd)
