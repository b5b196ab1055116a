"""Channel posts and subscriber fan-out: exactly once, across crashes, within Telegram's limits.

A broadcast is written to SQLite with one outbox row per recipient before the first message
goes out. Each row moves pending -> sending -> sent | failed; `sending` is committed before the
request and `sent` after it, so a process killed at any point resumes where it stopped: pending
rows are sent, sent rows are not, and a row left in `sending` (the outcome of that one request is
unknown) is marked `unknown` and logged instead of being sent a second time.

Sends are paced by the bot's one rate limiter (`bot.telegram.pacing.Pacer`; a recipient's turn is
taken before its row goes to `sending`), so 429s are rare;
a `RetryAfter` that still reaches a delivery is waited out and the message sent again (Telegram
did not deliver it). A 403 or a 400 "chat not found" deactivates that subscription.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

from bot.storage.store import Store
from bot.telegram.pacing import Pacer, Sleep, retry_seconds

log = logging.getLogger(__name__)

Send = Callable[[int], Awaitable[object]]
Progress = Callable[["Counts", bool], Awaitable[None]]

PENDING, SENDING, SENT, FAILED, UNKNOWN = "pending", "sending", "sent", "failed", "unknown"
_GONE = (
    "chat not found",
    "user is deactivated",
    "bot was kicked",
    "chat_write_forbidden",
    "peer_id_invalid",
)


@dataclass
class Counts:
    """Where a broadcast stands."""

    total: int = 0
    sent: int = 0
    failed: int = 0
    unknown: int = 0

    @property
    def left(self) -> int:
        return self.total - self.sent - self.failed - self.unknown


class Outbox:
    """The broadcasts and their per-recipient rows in SQLite."""

    def __init__(self, store: Store) -> None:
        self.store = store

    async def create(
        self,
        kind: str,
        recipients: list[int],
        *,
        text: str | None = None,
        from_chat_id: int | None = None,
        message_id: int | None = None,
        created_by: int | None = None,
        digest_key: str | None = None,
        progress_chat_id: int | None = None,
    ) -> int | None:
        """Write a broadcast and its outbox in one transaction; None if `digest_key` exists."""
        now = time.time()
        unique = list(dict.fromkeys(recipients))
        async with self.store.transaction() as tx:
            if digest_key is not None and await tx.fetchall(
                "SELECT 1 FROM broadcasts WHERE digest_key = ?", (digest_key,)
            ):
                return None
            broadcast_id = await tx.execute(
                "INSERT INTO broadcasts (kind, text, from_chat_id, message_id, created_by, created, "
                "status, digest_key, progress_chat_id) VALUES (?, ?, ?, ?, ?, ?, 'running', ?, ?)",
                (
                    kind,
                    text,
                    from_chat_id,
                    message_id,
                    created_by,
                    now,
                    digest_key,
                    progress_chat_id,
                ),
            )
            await tx.executemany(
                "INSERT INTO outbox VALUES (?, ?, ?, 'pending', NULL, ?)",
                [(broadcast_id, chat, n, now) for n, chat in enumerate(unique)],
            )
        return broadcast_id

    async def has_digest(self, digest_key: str) -> bool:
        """Whether the digest of this day was already created."""
        rows = await self.store.fetchall(
            "SELECT 1 FROM broadcasts WHERE digest_key = ?", (digest_key,)
        )
        return bool(rows)

    async def set_progress_message(self, broadcast_id: int, chat_id: int, message_id: int) -> None:
        await self.store.execute(
            "UPDATE broadcasts SET progress_chat_id = ?, progress_message_id = ? WHERE id = ?",
            (chat_id, message_id, broadcast_id),
        )

    async def get(self, broadcast_id: int) -> dict[str, object]:
        rows = await self.store.fetchall("SELECT * FROM broadcasts WHERE id = ?", (broadcast_id,))
        return dict(rows[0]) if rows else {}

    async def unfinished(self) -> list[int]:
        rows = await self.store.fetchall(
            "SELECT id FROM broadcasts WHERE status = 'running' ORDER BY id"
        )
        return [int(r[0]) for r in rows]

    async def counts(self, broadcast_id: int) -> Counts:
        rows = await self.store.fetchall(
            "SELECT state, COUNT(*) FROM outbox WHERE broadcast_id = ? GROUP BY state",
            (broadcast_id,),
        )
        by = {str(r[0]): int(r[1]) for r in rows}
        return Counts(
            total=sum(by.values()),
            sent=by.get(SENT, 0),
            failed=by.get(FAILED, 0),
            unknown=by.get(UNKNOWN, 0),
        )

    async def recover(self, broadcast_id: int) -> int:
        """Rows caught mid-send by a crash: marked unknown and logged, never sent twice."""
        rows = await self.store.fetchall(
            "SELECT chat_id FROM outbox WHERE broadcast_id = ? AND state = 'sending'",
            (broadcast_id,),
        )
        for row in rows:
            log.warning(
                "broadcast %d: delivery to chat %d has an unknown outcome (interrupted)",
                broadcast_id,
                row[0],
            )
        await self.store.execute(
            "UPDATE outbox SET state = 'unknown', error = 'interrupted', updated = ? "
            "WHERE broadcast_id = ? AND state = 'sending'",
            (time.time(), broadcast_id),
        )
        return len(rows)

    async def pending(self, broadcast_id: int) -> list[int]:
        rows = await self.store.fetchall(
            "SELECT chat_id FROM outbox WHERE broadcast_id = ? AND state = 'pending' ORDER BY position",
            (broadcast_id,),
        )
        return [int(r[0]) for r in rows]

    async def mark(
        self, broadcast_id: int, chat_id: int, state: str, error: str | None = None
    ) -> None:
        await self.store.execute(
            "UPDATE outbox SET state = ?, error = ?, updated = ? WHERE broadcast_id = ? AND chat_id = ?",
            (state, error, time.time(), broadcast_id, chat_id),
        )

    async def finish(self, broadcast_id: int) -> None:
        await self.store.execute(
            "UPDATE broadcasts SET status = 'done', finished = ? WHERE id = ?",
            (time.time(), broadcast_id),
        )

    async def recent(self, limit: int = 5) -> list[tuple[dict[str, object], Counts]]:
        rows = await self.store.fetchall(
            "SELECT * FROM broadcasts ORDER BY id DESC LIMIT ?", (limit,)
        )
        return [(dict(r), await self.counts(int(r["id"]))) for r in rows]


class Broadcaster:
    """Delivers one broadcast's outbox with `send(chat_id)`, reporting progress as it goes."""

    def __init__(
        self,
        store: Store,
        pacer: Pacer | None = None,
        *,
        concurrency: int = 8,
        progress_every: float = 2.0,
        max_retries: int = 5,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.store = store
        self.outbox = Outbox(store)
        self.pacer = pacer
        self.sleep = sleep
        self.concurrency = concurrency
        self.progress_every = progress_every
        self.max_retries = max_retries
        self.retry_after_seen = 0

    async def deliver(
        self, broadcast_id: int, send: Send, progress: Progress | None = None
    ) -> Counts:
        await self.outbox.recover(broadcast_id)
        queue = await self.outbox.pending(broadcast_id)
        counts = await self.outbox.counts(broadcast_id)
        gate = asyncio.Semaphore(self.concurrency)
        last_report = 0.0

        async def one(chat_id: int) -> None:
            nonlocal last_report
            try:
                await self._send_one(broadcast_id, chat_id, send, counts)
            finally:
                gate.release()
            if progress and time.monotonic() - last_report >= self.progress_every:
                last_report = time.monotonic()
                await _quietly(progress(counts, False))

        tasks = []
        for chat_id in queue:
            await gate.acquire()
            if self.pacer is not None:
                await self.pacer.reserve(chat_id)
            tasks.append(asyncio.create_task(one(chat_id)))
        await asyncio.gather(*tasks)
        await self.outbox.finish(broadcast_id)
        counts = await self.outbox.counts(broadcast_id)
        if progress:
            await _quietly(progress(counts, True))
        return counts

    async def _send_one(self, broadcast_id: int, chat_id: int, send: Send, counts: Counts) -> None:
        await self.outbox.mark(broadcast_id, chat_id, SENDING)
        for _ in range(self.max_retries + 1):
            try:
                await send(chat_id)
            except RetryAfter as exc:
                # Telegram did not deliver: waiting and sending again cannot duplicate.
                self.retry_after_seen += 1
                await self.sleep(retry_seconds(exc))
                continue
            except Forbidden as exc:
                await self._gone(broadcast_id, chat_id, counts, f"forbidden: {exc.message}")
                return
            except BadRequest as exc:
                if any(marker in exc.message.lower() for marker in _GONE):
                    await self._gone(broadcast_id, chat_id, counts, f"gone: {exc.message}")
                else:
                    await self.outbox.mark(broadcast_id, chat_id, FAILED, exc.message[:200])
                    counts.failed += 1
                return
            except (TimedOut, NetworkError) as exc:
                # The request may or may not have reached Telegram: never send it twice.
                log.warning("broadcast %d: chat %d outcome unknown: %s", broadcast_id, chat_id, exc)
                await self.outbox.mark(broadcast_id, chat_id, UNKNOWN, str(exc)[:200])
                counts.unknown += 1
                return
            await self.outbox.mark(broadcast_id, chat_id, SENT)
            counts.sent += 1
            return
        await self.outbox.mark(broadcast_id, chat_id, FAILED, "too many retries")
        counts.failed += 1

    async def _gone(self, broadcast_id: int, chat_id: int, counts: Counts, reason: str) -> None:
        await self.outbox.mark(broadcast_id, chat_id, FAILED, reason[:200])
        await self.store.unsubscribe(chat_id, reason=reason[:200])
        counts.failed += 1


async def _quietly(awaitable: Awaitable[None]) -> None:
    """Progress reports must never stop a delivery."""
    try:
        await awaitable
    except Exception:
        log.warning("progress report failed", exc_info=True)
