"""The SQLite store: migrations, builds that happen only when seeds change, safe search, user data."""

from __future__ import annotations

import shutil
from pathlib import Path

from bot.engine.answer import Engine
from bot.engine.reader import FactReader
from bot.storage.corpus import ensure_built
from bot.storage.opening import facts_path
from bot.storage.store import Store
from bot.text import tokens
from tests.helpers import SEEDS


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
        await ensure_built(store, seeds)
        await store.set_language(42, "en")
        await store.record_feedback(42, "abc", 1)
        await ensure_built(store, seeds, force=True)
    async with Store(db) as store:
        assert await store.get_language(42) == "en"
        assert len(await store.fetchall("SELECT * FROM feedback")) == 1


async def test_full_text_search_folds_diacritics_and_ignores_query_syntax(tmp_path: Path) -> None:
    async with Store(tmp_path / "bot.sqlite3") as store:
        await ensure_built(store, SEEDS)
        engine = Engine(FactReader(facts_path(store.path)))
        hits = await store.search_fts("vac xin")
        facts = [engine.fact(i) for i in hits]
        bodies = [tokens(f.text + " " + f.sentence) for f in facts if f is not None]
        assert len(bodies) == len(hits)
        assert hits and all({"vac", "xin"} <= set(words) for words in bodies)
        strategic = await store.search_fts("đối tác chiến lược")
        assert strategic and strategic == await store.search_fts("doi tac chien luoc")
        # Query syntax is taken as words: OR does not widen, a missing word empties the result.
        assert await store.search_fts('chiến lược" OR "xyzzy') == []
        for hostile in ['"', "*", "NEAR(", "-", ":", ""]:
            assert await store.search_fts(hostile) == []


async def test_a_failed_transaction_writes_nothing(tmp_path: Path) -> None:
    async with Store(tmp_path / "bot.sqlite3") as store:
        try:
            async with store.transaction() as tx:
                await tx.execute("INSERT INTO digest_rotation VALUES ('a', 0)")
                raise RuntimeError("interrupted")
        except RuntimeError:
            pass
        assert await store.digest_posted() == set()
        await store.mark_digest_posted("a")
        await store.mark_digest_posted("b")
        assert await store.digest_posted() == {"a", "b"}
        await store.mark_digest_posted("c", new_cycle=True)
        assert await store.digest_posted() == {"c"}


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
