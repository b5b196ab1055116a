"""Opening the corpus: the store, rebuilt when the seeds changed, and an engine over it."""

from __future__ import annotations

import logging
from pathlib import Path

from bot.engine.answer import Engine
from bot.storage.store import Store

log = logging.getLogger(__name__)


async def open_corpus(
    db_path: Path, seeds_dir: Path, *, force: bool = False
) -> tuple[Store, Engine]:
    """An open store with an up-to-date fact table, and the engine built from it."""
    store = await Store(db_path).open()
    try:
        rebuilt, warnings = await store.ensure_built(seeds_dir, force=force)
        for warning in warnings:
            log.warning("%s", warning)
        if rebuilt:
            log.info("fact table rebuilt from %s", seeds_dir)
        engine = Engine(await store.load_extraction())
    except BaseException:
        await store.close()
        raise
    return store, engine
