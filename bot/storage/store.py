"""SQLite through aiosqlite: the state database with the fact database attached (see opening).

One connection does all the writing (WAL mode, so readers never wait), one write at a time: every
write and every transaction holds the store's lock, so a transaction is never committed half-way
by another task's write. The fact tables are written by `bot.storage.corpus` when the content of
`seeds/` changes, into the fact database (`corpus_writes`); what users and admins gave the bot (language, feedback,
chats, subscriptions, broadcasts, the update inbox) lives in the state database, which a rebuild
never touches.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import time
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiosqlite

from bot.storage.opening import StorageError, attach_facts, connect_state, facts_path
from bot.storage.schema import MIGRATIONS
from bot.storage.sql import Transaction, fts_phrase
from bot.text import tokens

log = logging.getLogger(__name__)


class Store:
    """The bot's database: one aiosqlite connection, opened with `open()`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._db: aiosqlite.Connection | None = None
        self._write_lock = asyncio.Lock()

    @property
    def _conn(self) -> aiosqlite.Connection:
        if self._db is None:
            raise RuntimeError("store is not open")
        return self._db

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Transaction]:
        """A write transaction (BEGIN IMMEDIATE): committed when the block ends, else rolled back."""
        async with self._write_lock:
            await self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield Transaction(self._conn)
            except BaseException:
                await self._conn.rollback()
                raise
            await self._conn.commit()

    async def open(self) -> Store:
        """Open the state database, migrate it, attach the fact database (healed if damaged).

        StorageError (one line naming the file) when the state database is unusable; nothing is
        left open after a failure.
        """
        self._db = await connect_state(self.path)
        try:
            await self.migrate()
            await attach_facts(self._db, facts_path(self.path))
        except BaseException as exc:
            await self.close()
            if isinstance(exc, sqlite3.DatabaseError):
                raise StorageError(f"cannot use the database {self.path}: {exc}") from None
            raise
        return self

    async def backup_into(self, target: sqlite3.Connection) -> None:
        """Copy the state database (not the facts) into `target`, online (SQLite backup API).

        Under the write lock: a backup step on a connection with an uncommitted write (between
        a write's execute and its commit) gets SQLITE_LOCKED, which the backup retries forever
        while the commit waits behind it.
        """
        async with self._write_lock:
            await self._conn.backup(target, name="main")

    async def close(self) -> None:
        if self._db is not None:
            await self._db.close()
            self._db = None

    async def __aenter__(self) -> Store:
        return await self.open()

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def migrate(self) -> None:
        await self._conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at REAL)"
        )
        async with self._conn.execute("SELECT version FROM schema_migrations") as cur:
            done = {row[0] for row in await cur.fetchall()}
        for version, script in MIGRATIONS:
            if version in done:
                continue
            await self._conn.executescript(
                "BEGIN;"
                + script
                + f"INSERT INTO schema_migrations VALUES ({version}, {time.time()});COMMIT;"
            )
            log.info("applied migration %d", version)

    async def get_meta(self, key: str) -> str | None:
        async with self._conn.execute("SELECT value FROM corpus.meta WHERE key = ?", (key,)) as cur:
            row = await cur.fetchone()
        return str(row[0]) if row else None

    # -- the fact table ------------------------------------------------------------------

    async def search_fts(self, text: str, limit: int = 20) -> list[str]:
        """Fact ids whose folded text contains every word of `text`, best first."""
        query = fts_phrase(text)
        if query is None:
            return []
        sql = (
            "SELECT f.id FROM corpus.facts_fts JOIN corpus.facts f ON f.rowid = facts_fts.rowid "
            "WHERE facts_fts MATCH ? ORDER BY rank LIMIT ?"
        )
        async with self._conn.execute(sql, (query, limit)) as cur:
            return [str(row[0]) for row in await cur.fetchall()]

    # -- what users give the bot ----------------------------------------------------------

    async def touch_user(self, user_id: int, language: str | None = None) -> None:
        now = time.time()
        await self.execute(
            "INSERT INTO users (user_id, language, first_seen, last_seen) VALUES (?, ?, ?, ?) "
            # A user who writes again has unblocked the bot.
            "ON CONFLICT(user_id) DO UPDATE SET last_seen = excluded.last_seen, blocked = 0",
            (user_id, language, now, now),
        )

    async def set_language(self, user_id: int, language: str) -> None:
        now = time.time()
        await self.execute(
            "INSERT INTO users (user_id, language, first_seen, last_seen) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(user_id) DO UPDATE SET language = excluded.language",
            (user_id, language, now, now),
        )

    async def get_language(self, user_id: int) -> str | None:
        async with self._conn.execute(
            "SELECT language FROM users WHERE user_id = ?", (user_id,)
        ) as cur:
            row = await cur.fetchone()
        return str(row[0]) if row and row[0] else None

    async def mark_blocked(self, user_id: int) -> None:
        await self.execute("UPDATE users SET blocked = 1 WHERE user_id = ?", (user_id,))

    async def touch_chat(self, chat_id: int, chat_type: str, title: str | None) -> None:
        now = time.time()
        await self.execute(
            "INSERT INTO chats VALUES (?, ?, ?, ?, ?) ON CONFLICT(chat_id) DO UPDATE SET "
            "last_seen = excluded.last_seen, title = excluded.title",
            (chat_id, chat_type, title, now, now),
        )

    async def record_feedback(self, user_id: int, fact_id: str, value: int) -> None:
        await self.execute(
            "INSERT OR REPLACE INTO feedback VALUES (?, ?, ?, ?)",
            (user_id, fact_id, value, time.time()),
        )

    async def record_question(
        self, user_id: int | None, chat_id: int | None, text: str, found: bool
    ) -> None:
        await self.execute(
            "INSERT INTO questions (user_id, chat_id, text, found, ts) VALUES (?, ?, ?, ?, ?)",
            (user_id, chat_id, text[:500], int(found), time.time()),
        )

    async def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[aiosqlite.Row]:
        async with self._conn.execute(sql, params) as cur:
            return list(await cur.fetchall())

    async def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        """One write, committed; the number of rows it changed."""
        async with self._write_lock:
            cursor = await self._conn.execute(sql, params)
            await self._conn.commit()
            return cursor.rowcount

    # -- subscriptions ------------------------------------------------------------------

    async def subscribe(self, chat_id: int, chat_type: str) -> bool:
        """Subscribe a chat; False when it already was (subscribing twice changes nothing)."""
        rows = await self.fetchall("SELECT active FROM subscriptions WHERE chat_id = ?", (chat_id,))
        if rows and rows[0][0]:
            return False
        now = time.time()
        await self.execute(
            "INSERT INTO subscriptions VALUES (?, ?, 1, ?, ?, NULL) ON CONFLICT(chat_id) DO UPDATE "
            "SET active = 1, updated = excluded.updated, reason = NULL",
            (chat_id, chat_type, now, now),
        )
        return True

    async def unsubscribe(self, chat_id: int, reason: str = "unsubscribed") -> bool:
        """Deactivate a subscription; False when there was no active one."""
        changed = await self.execute(
            "UPDATE subscriptions SET active = 0, updated = ?, reason = ? WHERE chat_id = ? AND active = 1",
            (time.time(), reason, chat_id),
        )
        return changed > 0

    async def active_subscribers(self) -> list[int]:
        rows = await self.fetchall(
            "SELECT chat_id FROM subscriptions WHERE active = 1 ORDER BY created, chat_id"
        )
        return [int(r[0]) for r in rows]

    # -- the fact-of-the-day rotation ---------------------------------------------------------

    async def digest_posted(self) -> set[str]:
        """Ids of the facts already posted in the current rotation."""
        return {str(r[0]) for r in await self.fetchall("SELECT fact_id FROM digest_rotation")}

    async def mark_digest_posted(self, fact_id: str, *, new_cycle: bool = False) -> None:
        """Record a fact as posted; `new_cycle` forgets the facts of the finished rotation first."""
        async with self.transaction() as tx:
            if new_cycle:
                await tx.execute("DELETE FROM digest_rotation")
            await tx.execute(
                "INSERT OR REPLACE INTO digest_rotation VALUES (?, ?)", (fact_id, time.time())
            )

    # -- what admins read ---------------------------------------------------------------

    async def stats(self, days: int = 7) -> dict[str, Any]:
        """Subscribers, questions asked and answered, top unanswered questions, feedback."""
        since = time.time() - days * 86400
        subs = {
            int(r[0]): int(r[1])
            for r in await self.fetchall(
                "SELECT active, COUNT(*) FROM subscriptions GROUP BY active"
            )
        }
        asked = await self.fetchall(
            "SELECT COUNT(*), COALESCE(SUM(found), 0) FROM questions WHERE ts >= ?", (since,)
        )
        unanswered: dict[str, tuple[str, int]] = {}
        for row in await self.fetchall(
            "SELECT text FROM questions WHERE found = 0 AND ts >= ?", (since,)
        ):
            key = " ".join(tokens(row[0]))
            if key:
                text, n = unanswered.get(key, (str(row[0]), 0))
                unanswered[key] = (text, n + 1)
        top = sorted(unanswered.values(), key=lambda t: (-t[1], t[0]))[:5]
        votes = {
            int(r[0]): int(r[1])
            for r in await self.fetchall("SELECT value, COUNT(*) FROM feedback GROUP BY value")
        }
        return {
            "days": days,
            "active": subs.get(1, 0),
            "inactive": subs.get(0, 0),
            "asked": int(asked[0][0]),
            "answered": int(asked[0][1]),
            "unanswered_top": top,
            "up": votes.get(1, 0),
            "down": votes.get(-1, 0),
        }
