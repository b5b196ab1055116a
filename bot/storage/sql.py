"""SQL helpers of the store: user text as a safe FTS5 query, and the statements of a transaction."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import aiosqlite

from bot.text import tokens


def fts_phrase(text: str) -> str | None:
    """User text as a safe FTS5 query: folded words, each a quoted string, AND-ed.

    Nothing the user typed reaches MATCH as syntax: quotes, *, NEAR(, AND, -x, a:b all become
    plain quoted words.
    """
    words = tokens(text)[:32]
    if not words:
        return None
    return " ".join('"' + w.replace('"', '""') + '"' for w in words)


class Transaction:
    """Statements inside `Store.transaction()`: committed together, or not at all."""

    def __init__(self, db: aiosqlite.Connection) -> None:
        self._db = db

    async def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run one statement; the id of the row it inserted (0 if none)."""
        cursor = await self._db.execute(sql, params)
        return int(cursor.lastrowid or 0)

    async def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        await self._db.executemany(sql, rows)

    async def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[aiosqlite.Row]:
        async with self._db.execute(sql, params) as cur:
            return list(await cur.fetchall())
