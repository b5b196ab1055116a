"""The update inbox: every update is stored here before Telegram is told it was received.

An update's life: ``new`` when stored (before the getUpdates offset that confirms it is sent, or
before a webhook request is answered 200), ``started`` when its handling begins, ``done`` after
its reply, or ``failed`` (with the error) when its reply could not be sent. After a crash the
updates still ``new`` or ``started`` are handled again; only a ``started`` one can have been
answered already, so at most the update in flight is answered twice, and that is logged.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from bot.storage.store import Store

NEW, STARTED, DONE, FAILED = "new", "started", "done", "failed"


@dataclass(frozen=True)
class Stored:
    """An update from the inbox, still to be handled."""

    update_id: int
    body: str
    state: str


class Inbox:
    """The update inbox of a store."""

    def __init__(self, store: Store) -> None:
        self.store = store

    async def receive(self, update_id: int, body: str) -> bool:
        """Store an update, committed; False when it was already stored (fetched again)."""
        now = time.time()
        changed = await self.store.execute(
            "INSERT OR IGNORE INTO update_inbox (update_id, body, state, received, updated) "
            "VALUES (?, ?, ?, ?, ?)",
            (update_id, body, NEW, now, now),
        )
        return changed > 0

    async def _set(self, update_id: int, state: str, error: str | None = None) -> None:
        await self.store.execute(
            "UPDATE update_inbox SET state = ?, updated = ?, error = COALESCE(?, error) "
            "WHERE update_id = ? AND state != ?",
            (state, time.time(), error, update_id, FAILED),
        )

    async def started(self, update_id: int) -> None:
        await self._set(update_id, STARTED)

    async def done(self, update_id: int) -> None:
        """Handled and answered (a failed update stays failed)."""
        await self._set(update_id, DONE)

    async def failed(self, update_id: int, error: str) -> None:
        await self._set(update_id, FAILED, error[:500])

    async def pending(self) -> list[Stored]:
        """The updates not yet handled to the end, oldest first."""
        rows = await self.store.fetchall(
            "SELECT update_id, body, state FROM update_inbox WHERE state IN (?, ?) "
            "ORDER BY update_id",
            (NEW, STARTED),
        )
        return [Stored(int(r[0]), str(r[1]), str(r[2])) for r in rows]

    async def counts(self) -> dict[str, int]:
        """How many updates are in each state."""
        rows = await self.store.fetchall("SELECT state, count(*) FROM update_inbox GROUP BY state")
        return {str(r[0]): int(r[1]) for r in rows}

    async def prune(self, days: float = 7.0) -> int:
        """Forget handled updates older than `days`; how many were removed."""
        return await self.store.execute(
            "DELETE FROM update_inbox WHERE state IN (?, ?) AND updated < ?",
            (DONE, FAILED, time.time() - days * 86400),
        )
