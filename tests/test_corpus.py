"""The build: seeds -> facts in the store, run again only when the seeds change."""

from __future__ import annotations

import shutil
from pathlib import Path

from bot.storage.corpus import ensure_built, open_corpus
from bot.storage.store import Store
from tests.helpers import ARTICLE_WITH_NEW_FACTS, SEEDS


async def fact_ids(store: Store) -> list[str]:
    return [str(row[0]) for row in await store.fetchall("SELECT id FROM facts ORDER BY rowid")]


async def test_build_is_idempotent_and_reruns_only_when_seeds_change(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    async with Store(tmp_path / "bot.sqlite3") as store:
        assert (await ensure_built(store, seeds))[0]
        first = await fact_ids(store)
        assert (await ensure_built(store, seeds))[0] is False
        (seeds / "new.txt").write_text(ARTICLE_WITH_NEW_FACTS, encoding="utf-8")
        assert (await ensure_built(store, seeds))[0]
        second = await fact_ids(store)
    assert set(first) < set(second)


async def test_only_the_bytes_of_page_files_trigger_a_build(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "a.txt").write_text(ARTICLE_WITH_NEW_FACTS, encoding="utf-8")
    async with Store(tmp_path / "bot.sqlite3") as store:
        assert (await ensure_built(store, seeds))[0]
        (seeds / "notes.json").write_text("{}", encoding="utf-8")
        assert (await ensure_built(store, seeds))[0] is False
        (seeds / "a.txt").write_text(ARTICLE_WITH_NEW_FACTS + "\nThêm một câu.", encoding="utf-8")
        assert (await ensure_built(store, seeds))[0]


async def test_a_missing_seeds_directory_builds_an_empty_corpus_with_a_warning(
    tmp_path: Path,
) -> None:
    async with Store(tmp_path / "bot.sqlite3") as store:
        changed, warnings = await ensure_built(store, tmp_path / "nowhere")
        assert not changed and await fact_ids(store) == []
    assert warnings == [f"no seeds directory {tmp_path / 'nowhere'}"]


async def test_open_corpus_gives_the_engine_over_what_the_store_holds(tmp_path: Path) -> None:
    store, engine = await open_corpus(tmp_path / "bot.sqlite3", SEEDS)
    try:
        assert [f.id for f in engine.every_fact()] == await fact_ids(store)
    finally:
        await store.close()
