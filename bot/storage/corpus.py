"""The build: seeds/ -> extraction -> the store's fact table, only when the seeds changed.

`open_corpus` is what every entry point calls: an open store with an up-to-date fact table, and
the engine built from what the store holds. The store itself only persists; deciding when to
rebuild, and running the extraction, happens here.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from bot.engine.answer import Engine
from bot.ingest.clean import load_articles
from bot.ingest.extract import extract
from bot.ingest.pages import PAGE_SUFFIXES
from bot.storage.locks import startup_lock
from bot.storage.store import Store

log = logging.getLogger(__name__)

# Bump when extraction changes so that an existing database is rebuilt from the seeds.
EXTRACTOR_VERSION = "6"


def seed_files(seeds_dir: Path) -> list[Path]:
    """The page files of the seeds directory, by name (none when it is missing)."""
    if not seeds_dir.is_dir():
        return []
    return sorted(
        p for p in seeds_dir.iterdir() if p.suffix.lower() in PAGE_SUFFIXES and p.is_file()
    )


def seeds_fingerprint(seeds_dir: Path) -> str:
    """A hash of the names and bytes of the seed files and of the extractor version."""
    digest = hashlib.sha256(EXTRACTOR_VERSION.encode())
    for path in seed_files(seeds_dir):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


async def ensure_built(
    store: Store, seeds_dir: Path, *, force: bool = False
) -> tuple[bool, list[str]]:
    """Rebuild the fact table when the seeds changed; (rebuilt, warnings about seed files).

    A missing or empty seeds directory never replaces a fact table that was built before: that
    table is kept, with a warning (on every start, until the seeds are back).
    """
    built = await store.get_meta("seeds_fingerprint")
    if not seed_files(seeds_dir) and built is not None:
        facts = await store.fetchall("SELECT count(*) FROM facts")
        what = "no seeds directory" if not seeds_dir.is_dir() else "no pages in"
        return False, [
            f"{what} {seeds_dir}: keeping the fact table built before ({facts[0][0]} facts)"
        ]
    fingerprint = seeds_fingerprint(seeds_dir)
    if not force and built == fingerprint:
        return False, []
    if seeds_dir.is_dir():
        articles, warnings = load_articles(seeds_dir)
    else:
        articles, warnings = [], [f"no seeds directory {seeds_dir}"]
    await store.write_extraction(extract(articles), fingerprint)
    return True, warnings


async def open_corpus(
    db_path: Path, seeds_dir: Path, *, force: bool = False
) -> tuple[Store, Engine]:
    """An open store with an up-to-date fact table, and the engine built from it.

    Opening and building hold the data folder's start-up lock, so processes that start together
    take turns. StorageError when a database cannot be used.
    """
    async with startup_lock(db_path):
        store = await Store(db_path).open()
        try:
            rebuilt, warnings = await ensure_built(store, seeds_dir, force=force)
        except BaseException:
            await store.close()
            raise
    try:
        for warning in warnings:
            log.warning("%s", warning)
        if rebuilt:
            log.info("fact table rebuilt from %s", seeds_dir)
        engine = Engine(await store.load_extraction())
    except BaseException:
        await store.close()
        raise
    return store, engine
