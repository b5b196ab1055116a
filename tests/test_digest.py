"""The daily digest: on this day when the articles have events, else a fact of the day that rotates."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path

import pytest

from bot.chat.digest import compose_digest, fact_pool, next_fact_of_the_day
from bot.chat.render import render_plain
from bot.storage.store import Store
from tests.helpers import SEEDS, abuild_engine


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    async with Store(tmp_path / "bot.sqlite3") as s:
        yield s


async def test_digest_on_a_day_with_events_is_on_this_day(store: Store, tmp_path: Path) -> None:
    engine = await abuild_engine(tmp_path / "e.sqlite3", SEEDS)
    reply = await compose_digest(engine, store, date(2025, 12, 14))
    assert reply.title and "Ngày này năm xưa" in reply.title
    assert any("14/12/2021" in item.text for item in reply.items)
    assert all(item.sources for item in reply.items)
    assert "\nNguồn:\n[1] Báo Hà Tĩnh, 14/12/2021" in render_plain(reply)


async def test_fact_of_the_day_rotates_without_repeats_across_restarts(tmp_path: Path) -> None:
    engine = await abuild_engine(tmp_path / "e.sqlite3", SEEDS)
    pool = fact_pool(engine)
    seen: list[str] = []
    for _ in range(len(pool)):
        async with Store(tmp_path / "bot.sqlite3") as store:  # a restart every day
            reply = await compose_digest(engine, store, date(2025, 7, 1))
            assert reply.title == "Dữ kiện của ngày"
            assert "\nNguồn:\n[1] " in render_plain(reply)
            fact = reply.items[0].fact
            assert fact is not None
            seen.append(fact.id)
    assert sorted(seen) == sorted(f.id for f in pool)
    async with Store(tmp_path / "bot.sqlite3") as store:
        again = await next_fact_of_the_day(engine, store)
    assert again is not None and again.id == seen[0]


async def test_the_digest_speaks_english_to_english_readers(store: Store, tmp_path: Path) -> None:
    engine = await abuild_engine(tmp_path / "e.sqlite3", SEEDS)
    on_this_day = await compose_digest(engine, store, date(2025, 12, 14), lang="en")
    assert on_this_day.title == "On this day — 14/12"
    assert "\nSources:\n[1] " in render_plain(on_this_day, lang="en")
    fact_of_the_day = await compose_digest(engine, store, date(2025, 7, 1), lang="en")
    assert fact_of_the_day.title == "Fact of the day"
