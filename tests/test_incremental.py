"""Incremental builds: a changed, added or removed page file changes its own articles only, and
the stored index always equals the one a build from nothing gives."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from bot.engine.answer import Engine
from bot.engine.reader import FactReader
from bot.storage import corpus
from bot.storage.corpus import add_pages, ensure_built, remove_pages, sync_files
from bot.storage.opening import facts_path
from bot.storage.store import Store
from tests.helpers import ARTICLE_WITH_NEW_FACTS, SEEDS

QUESTION = "Kim ngạch thương mại song phương Việt Nam Brazil năm 2023 đạt bao nhiêu?"


async def index_by_text(store: Store) -> dict[str, set[str]]:
    """Every posting list as the set of the texts of its sentences (ids differ between builds)."""
    texts = {
        int(sid): f"{file}:{text}"
        for sid, file, text in await store.fetchall(
            "SELECT s.id, a.file, s.text FROM corpus.sentences s "
            "JOIN corpus.articles a ON a.id = s.article_id"
        )
    }
    out: dict[str, set[str]] = {}
    for term, df, blob in await store.fetchall("SELECT term, df, ids FROM corpus.postings"):
        ids = np.frombuffer(blob, dtype=np.int32)
        assert len(ids) == df and list(ids) == sorted(ids), term
        out[str(term)] = {texts[int(i)] for i in ids}
    return out


async def articles(store: Store) -> dict[str, tuple[int, str]]:
    rows = await store.fetchall("SELECT file, id, fingerprint FROM corpus.articles")
    return {str(f): (int(i), str(fp)) for f, i, fp in rows}


async def test_adding_changing_and_removing_a_file_touch_that_file_only(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    async with Store(tmp_path / "bot.sqlite3") as store:
        await ensure_built(store, seeds)
        before = await articles(store)
        (seeds / "new.txt").write_text(ARTICLE_WITH_NEW_FACTS, encoding="utf-8")
        report = await sync_files(store, seeds)
        assert report.added == ["new.txt"] and report.removed == []
        after = await articles(store)
        assert {f: after[f] for f in before} == before  # the others were not extracted again
        # An edit re-extracts the file; removing it takes its rows out, postings included.
        (seeds / "new.txt").write_text(ARTICLE_WITH_NEW_FACTS + "\nThêm một câu.\n", "utf-8")
        assert (await sync_files(store, seeds)).added == ["new.txt"]
        (seeds / "new.txt").unlink()
        report = await sync_files(store, seeds)
        assert report.removed == ["new.txt"]
        assert await articles(store) == before
        changed = await index_by_text(store)
    async with Store(tmp_path / "fresh.sqlite3") as fresh:
        await ensure_built(fresh, seeds)
        assert changed == await index_by_text(fresh)


async def test_batches_and_one_by_one_adds_give_the_index_of_one_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    (seeds / "new.txt").write_text(ARTICLE_WITH_NEW_FACTS, encoding="utf-8")
    async with Store(tmp_path / "one.sqlite3") as one:
        await ensure_built(one, seeds)
        whole = await index_by_text(one)
    monkeypatch.setattr(corpus, "BATCH_FILES", 2)
    async with Store(tmp_path / "batched.sqlite3") as batched:
        await ensure_built(batched, seeds)
        assert await index_by_text(batched) == whole
    one_by_one = tmp_path / "growing"
    one_by_one.mkdir()
    async with Store(tmp_path / "grown.sqlite3") as grown:
        for path in sorted(seeds.iterdir()):
            report = await add_pages(grown, one_by_one, [(path.name, path.read_bytes())])
            assert report.added == [path.name]
        assert await index_by_text(grown) == whole


async def test_a_running_engine_answers_from_an_added_article_and_forgets_a_removed_one(
    tmp_path: Path,
) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    db = tmp_path / "bot.sqlite3"
    async with Store(db) as store:
        await ensure_built(store, seeds)
        engine = Engine(FactReader(facts_path(db)))
        try:
            assert not engine.answer(QUESTION).found
            # Written by the store's connection: the engine sees it on the next question.
            await add_pages(store, seeds, [("brazil.txt", ARTICLE_WITH_NEW_FACTS.encode())])
            answer = engine.answer(QUESTION)
            assert answer.found and "7 tỷ USD" in answer.answer
            assert answer.facts[0].source.file == "brazil.txt"
            await remove_pages(store, seeds, ["brazil.txt"])
            assert not engine.answer(QUESTION).found
            assert not (seeds / "brazil.txt").exists()
        finally:
            engine.close()


async def test_a_page_with_no_new_article_is_not_kept(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    async with Store(tmp_path / "bot.sqlite3") as store:
        await ensure_built(store, seeds)
        before = await articles(store)
        copy = (SEEDS / sorted(p.name for p in SEEDS.iterdir())[0]).read_bytes()
        report = await add_pages(store, seeds, [("again.txt", copy)])
        assert report.added == [] and "again.txt" in report.duplicates
        assert not (seeds / "again.txt").exists()
        assert await articles(store) == before


async def test_repeated_sentences_and_pages_of_a_news_corpus_build_and_answer(
    tmp_path: Path,
) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    said_twice = ARTICLE_WITH_NEW_FACTS.replace(
        "Kim ngạch thương mại song phương đạt gần 7 tỷ USD trong năm 2023, tăng 12% so với "
        "năm trước.",
        "Kim ngạch thương mại song phương đạt gần 7 tỷ USD trong năm 2023, tăng 12% so với "
        "năm trước. Kim ngạch thương mại song phương đạt gần 7 tỷ USD trong năm 2023, tăng 12% "
        "so với năm trước.",
    )
    assert said_twice != ARTICLE_WITH_NEW_FACTS
    (seeds / "a.txt").write_text(said_twice, encoding="utf-8")
    (seeds / "b.txt").write_text(said_twice, encoding="utf-8")
    db = tmp_path / "bot.sqlite3"
    async with Store(db) as store:
        changed, warnings = await ensure_built(store, seeds)
        assert changed and any("already in a.txt" in w for w in warnings)
        engine = Engine(FactReader(facts_path(db)))
        try:
            answer = engine.answer(QUESTION)
            assert answer.found and "7 tỷ USD" in answer.answer
        finally:
            engine.close()
