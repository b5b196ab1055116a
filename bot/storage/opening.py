"""Opening the two databases: the state (what users and admins gave the bot) and the facts.

The state database (``BOT_DB_PATH``) holds users, languages, chats, subscriptions, broadcasts,
the update inbox, feedback and questions: nothing else has them, so a damaged state database is
never overwritten; the bot stops with one line naming the file and the way back (a backup).
The fact database next to it (``<name>.facts.sqlite3``) is derived from ``seeds/``: it is
attached to the same connection as the schema ``corpus`` (so every query reads both), and when it
is damaged or unreadable it is deleted and rebuilt.

Every failure closes the connection before it propagates: an aiosqlite connection runs a
non-daemon thread, and one left open keeps the process alive after the error (it used to hang).
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

import aiosqlite

log = logging.getLogger(__name__)

# Bump when the fact tables change shape: the fact database is then rebuilt from seeds/.
FACTS_VERSION = 2
# One row per article, with the fingerprint of the file it came from: a build re-extracts only
# the files whose bytes changed. A sentence keeps its index record (bot.engine.features); the
# postings hold, for every index term, its number of sentences and their ids (int32, ascending).
FACT_SCHEMA = """
CREATE TABLE corpus.meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE corpus.articles (
    id INTEGER PRIMARY KEY AUTOINCREMENT, file TEXT NOT NULL, fingerprint TEXT NOT NULL,
    title TEXT NOT NULL, title_key TEXT NOT NULL, outlet TEXT, author TEXT, published TEXT,
    url TEXT, heading TEXT NOT NULL
);
CREATE INDEX corpus.articles_file ON articles(file);
CREATE INDEX corpus.articles_title ON articles(title_key);
CREATE TABLE corpus.sentences (
    id INTEGER PRIMARY KEY, article_id INTEGER NOT NULL REFERENCES articles(id),
    paragraph INTEGER NOT NULL, text TEXT NOT NULL, caption INTEGER NOT NULL, refers_to TEXT,
    terms TEXT NOT NULL, accented TEXT NOT NULL, features TEXT NOT NULL
);
CREATE INDEX corpus.sentences_article ON sentences(article_id);
CREATE TABLE corpus.paragraphs (
    article_id INTEGER NOT NULL, idx INTEGER NOT NULL, text TEXT NOT NULL,
    heading INTEGER NOT NULL, PRIMARY KEY (article_id, idx)
);
CREATE TABLE corpus.facts (
    id TEXT PRIMARY KEY, kind TEXT NOT NULL, text TEXT NOT NULL,
    sentence_id INTEGER NOT NULL REFERENCES sentences(id), date TEXT, fields TEXT NOT NULL
);
CREATE INDEX corpus.facts_kind ON facts(kind);
CREATE INDEX corpus.facts_date ON facts(date);
CREATE INDEX corpus.facts_sentence ON facts(sentence_id);
CREATE VIRTUAL TABLE corpus.facts_fts USING fts5(body, tokenize = 'unicode61');
CREATE TABLE corpus.postings (
    term TEXT PRIMARY KEY, df INTEGER NOT NULL, ids BLOB NOT NULL
) WITHOUT ROWID;
"""


class StorageError(Exception):
    """A database the bot cannot use; the message is one line an operator can act on."""


def facts_path(state_path: Path) -> Path:
    """The fact database that goes with a state database: `bot.sqlite3` -> `bot.facts.sqlite3`."""
    return state_path.with_name(f"{state_path.stem}.facts{state_path.suffix or '.sqlite3'}")


def backups_dir(state_path: Path) -> Path:
    """Where the daily backups of a state database are kept."""
    return state_path.parent / "backups"


def _damaged(path: Path, exc: BaseException) -> StorageError:
    backups = sorted(backups_dir(path).glob(f"{path.stem}-*{path.suffix}"))
    way_back = (
        f"restore the latest backup with `python -m bot restore {backups[-1]}`"
        if backups
        else "restore a backup with `python -m bot restore FILE`"
    )
    return StorageError(
        f"the state database {path} is damaged or unreadable ({exc}); {way_back}, "
        f"or move {path} away to start again without users and subscriptions"
    )


async def _quick_check(db: aiosqlite.Connection, schema: str) -> None:
    async with db.execute(f"PRAGMA {schema}.quick_check") as cur:
        rows = [str(r[0]) for r in await cur.fetchall()]
    if rows != ["ok"]:
        raise sqlite3.DatabaseError("; ".join(rows[:3]))


async def connect_state(path: Path) -> aiosqlite.Connection:
    """The state database, checked; StorageError (and nothing left open) when it is unusable."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StorageError(f"cannot create the data folder {path.parent}: {exc}") from None
    if path.exists() and not path.is_file():
        raise StorageError(f"the state database {path} is not a file; move it away")
    try:
        db = await aiosqlite.connect(path, timeout=10.0)
    except sqlite3.Error as exc:
        raise StorageError(f"cannot open the state database {path}: {exc}") from None
    try:
        db.row_factory = aiosqlite.Row
        await db.execute("PRAGMA busy_timeout=10000")
        await _quick_check(db, "main")
        await db.execute("PRAGMA journal_mode=WAL")
        await db.execute("PRAGMA synchronous=NORMAL")
        await db.execute("PRAGMA foreign_keys=ON")
    except BaseException as exc:
        await db.close()
        if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
            raise StorageError(f"the state database {path} stayed locked: {exc}") from None
        if isinstance(exc, sqlite3.OperationalError) and "readonly" in str(exc):
            raise StorageError(f"the state database {path} is not writable: {exc}") from None
        if isinstance(exc, sqlite3.DatabaseError):
            raise _damaged(path, exc) from None
        raise
    return db


def _check_header(path: Path) -> None:
    """A fact database's file is an SQLite database as long as its header says: a cheap check
    (a full quick_check reads every page, seconds on a large corpus). Text, random bytes and a
    truncated file fail it; the attach then deletes and rebuilds the database."""
    if not path.is_file() or path.stat().st_size == 0:
        return
    with path.open("rb") as fh:
        header = fh.read(100)
    if len(header) < 100 or not header.startswith(b"SQLite format 3\x00"):
        raise sqlite3.DatabaseError("not an SQLite database")
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    if path.stat().st_size < pages * page_size:
        raise sqlite3.DatabaseError("the file is shorter than its header says (truncated)")


async def _attach(db: aiosqlite.Connection, path: Path) -> None:
    _check_header(path)
    await db.execute("ATTACH DATABASE ? AS corpus", (str(path),))
    try:
        async with db.execute("SELECT count(*) FROM corpus.sqlite_master") as cur:
            await cur.fetchall()
        await db.execute("PRAGMA corpus.journal_mode=WAL")
        async with db.execute("PRAGMA corpus.user_version") as cur:
            row = await cur.fetchone()
        version = int(row[0]) if row else 0
        if version == FACTS_VERSION:
            return
        async with db.execute("SELECT count(*) FROM corpus.sqlite_master") as cur:
            row = await cur.fetchone()
        if row and int(row[0]):
            raise sqlite3.DatabaseError(f"fact schema {version}, expected {FACTS_VERSION}")
        await db.executescript(
            f"BEGIN; {FACT_SCHEMA} PRAGMA corpus.user_version = {FACTS_VERSION}; COMMIT;"
        )
    except BaseException:
        await db.execute("DETACH DATABASE corpus")
        raise


def _remove(path: Path) -> None:
    for name in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
        if name.is_file() or name.is_symlink():
            name.unlink()


async def attach_facts(db: aiosqlite.Connection, path: Path) -> None:
    """Attach the fact database as `corpus`; a damaged or outdated one is deleted and recreated."""
    if path.exists() and not path.is_file():
        raise StorageError(f"the fact database {path} is not a file; move it away")
    try:
        await _attach(db, path)
        return
    except sqlite3.DatabaseError as exc:
        if "locked" in str(exc):
            raise StorageError(f"the fact database {path} stayed locked: {exc}") from None
        log.warning(
            "the fact database %s is unusable (%s): rebuilding it from the seeds", path, exc
        )
    try:
        _remove(path)
        await _attach(db, path)
    except (OSError, sqlite3.Error) as exc:
        raise StorageError(f"cannot recreate the fact database {path}: {exc}") from None
