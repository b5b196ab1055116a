"""The SQLite store: migrations, builds that happen only when seeds change, safe search, user data."""

from __future__ import annotations

import shutil
from pathlib import Path

from bot.storage.store import Store
from tests.helpers import ARTICLE_WITH_NEW_FACTS, SEEDS


async def test_build_is_idempotent_and_reruns_only_when_seeds_change(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    async with Store(tmp_path / "bot.sqlite3") as store:
        rebuilt, _ = await store.ensure_built(seeds)
        assert rebuilt
        first = [row[0] for row in await store.fetchall("SELECT id FROM facts ORDER BY position")]
        rebuilt, _ = await store.ensure_built(seeds)
        assert not rebuilt
        (seeds / "new.txt").write_text(ARTICLE_WITH_NEW_FACTS, encoding="utf-8")
        rebuilt, _ = await store.ensure_built(seeds)
        assert rebuilt
        second = [row[0] for row in await store.fetchall("SELECT id FROM facts ORDER BY position")]
    assert set(first) < set(second)


async def test_migrations_are_recorded_and_wal_is_on(tmp_path: Path) -> None:
    async with Store(tmp_path / "bot.sqlite3") as store:
        versions = [row[0] for row in await store.fetchall("SELECT version FROM schema_migrations")]
        mode = (await store.fetchall("PRAGMA journal_mode"))[0][0]
    assert versions == sorted(versions) and versions[0] == 1
    assert mode == "wal"


async def test_user_data_survives_a_rebuild_and_a_restart(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    db = tmp_path / "bot.sqlite3"
    async with Store(db) as store:
        await store.ensure_built(seeds)
        await store.set_language(42, "en")
        await store.record_feedback(42, "abc", 1)
        await store.ensure_built(seeds, force=True)
    async with Store(db) as store:
        assert await store.get_language(42) == "en"
        assert len(await store.fetchall("SELECT * FROM feedback")) == 1


async def test_full_text_search_folds_diacritics_and_ignores_query_syntax(tmp_path: Path) -> None:
    async with Store(tmp_path / "bot.sqlite3") as store:
        await store.ensure_built(SEEDS)
        assert await store.search_fts("vac xin")
        assert await store.search_fts("đối tác chiến lược") == await store.search_fts(
            "doi tac chien luoc"
        )
        for hostile in ['"', "*", "AND", "NEAR(", "-x", "a:b", '" OR 1=1 --', ""]:
            assert isinstance(await store.search_fts(hostile), list)


async def test_stats_count_subscribers_questions_and_feedback(tmp_path: Path) -> None:
    async with Store(tmp_path / "bot.sqlite3") as store:
        await store.subscribe(1, "private")
        await store.subscribe(2, "private")
        await store.unsubscribe(2)
        await store.record_question(1, 1, "Bộ trưởng Ngoại giao là ai?", True)
        for text in ("giá vàng hôm nay", "Giá vàng hôm nay?", "thời tiết"):
            await store.record_question(1, 1, text, False)
        await store.record_feedback(1, "a", 1)
        await store.record_feedback(2, "a", -1)
        stats = await store.stats()
    assert (stats["active"], stats["inactive"]) == (1, 1)
    assert (stats["asked"], stats["answered"]) == (4, 1)
    assert stats["unanswered_top"][0][1] == 2
    assert (stats["up"], stats["down"]) == (1, 1)
