"""Every item a command lists names its articles: numbered references, one item per fact
however many articles tell it, /source and /about in full, and Telegram's limits kept."""

from __future__ import annotations

import asyncio
import html
import re
from pathlib import Path

import pytest
from telegram.constants import MessageLimit

from bot.chat.commands import Commands
from bot.chat.grouping import near_identical
from bot.chat.registry import COMMANDS, respond, run_command
from bot.chat.render import render_html, render_plain, reply_json
from bot.chat.reply import Reply
from bot.engine.answer import Engine
from bot.text import DateValue
from tests.helpers import build_engine

LIMIT = int(MessageLimit.MAX_TEXT_LENGTH)

ALPHA = """---
title: Việt Nam và Brazil tăng cường hợp tác
date: 2024-03-06
outlet: Báo Alpha
url: https://alpha.example.vn/viet-nam-brazil
---

Ngày 5/3/2024, tại Hà Nội, Bộ trưởng Ngoại giao Bùi Thanh Sơn hội đàm với Bộ trưởng Ngoại giao Brazil Mauro Vieira.

Kim ngạch thương mại song phương giữa hai nước đạt gần 7 tỉ USD trong năm 2023.

Hai bên nhắc lại Nghị quyết số 34-NQ/TW ngày 9/1/2023 của Bộ Chính trị về một số định hướng, chủ trương lớn triển khai đường lối đối ngoại.

Ngày 5/3/2024, đoàn đại biểu thứ 1 của Brazil đã thăm Bắc Ninh và ký 3 văn bản hợp tác.
"""

BETA = """---
title: Brazil và Việt Nam thúc đẩy thương mại
date: 2024-03-07
outlet: Báo Beta
---

Sáng ngày 5/3/2024, tại Hà Nội, Bộ trưởng Ngoại giao Bùi Thanh Sơn đã hội đàm với Bộ trưởng Ngoại giao Brazil Mauro Vieira.

Kim ngạch thương mại song phương giữa hai nước đạt gần 7 tỷ USD trong năm 2023.

Nghị quyết 34-NQ/TW của Bộ Chính trị là cơ sở cho hợp tác.

Ngày 5/3/2024, đoàn đại biểu thứ 2 của Brazil đã thăm Bắc Ninh và ký 4 văn bản hợp tác.
"""


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return build_engine(tmp_path_factory.mktemp("db") / "bot.sqlite3")


@pytest.fixture(scope="module")
def twice(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """Two outlets telling the same meeting, figure, resolution and people."""
    seeds = tmp_path_factory.mktemp("seeds")
    (seeds / "alpha.md").write_text(ALPHA, encoding="utf-8")
    (seeds / "beta.md").write_text(BETA, encoding="utf-8")
    return build_engine(tmp_path_factory.mktemp("db") / "bot.sqlite3", seeds)


def arguments(engine: Engine, name: str) -> list[str]:
    """Sensible arguments for a command over this corpus: none, and what it asks for."""
    facts = engine.every_fact()
    given = {
        "event": [engine.example_date or "", (engine.example_date or "")[-4:]],
        "timeline": ["", (engine.example_date or "")[-4:]],
        "source": [f.id for f in facts[:: max(1, len(facts) // 12)]],
        "search": ["đối ngoại", "đối tác chiến lược"],
        "documents": ["", "34-NQ/TW"],
        "people": ["", "Bùi Thanh Sơn"],
        "figures": ["", "vắc-xin"],
        "partners": ["", "Nhật Bản"],
    }
    return given.get(name, [""])


def every_page(engine: Engine, name: str, arg: str) -> list[Reply]:
    commands = Commands(engine)

    async def run() -> list[Reply]:
        first = await run_command(commands, name, arg, "vi")
        rest = [await run_command(commands, name, arg, "vi", p) for p in range(2, first.pages + 1)]
        return [first, *rest]

    return asyncio.run(run())


def listing_commands() -> list[str]:
    """The registry's commands that list facts (not the list of commands, /start and /help)."""
    return [c.name for c in COMMANDS if c.run is not None and c.name not in ("start", "help")]


def test_every_item_of_every_command_has_a_source(engine: Engine, twice: Engine) -> None:
    checked = 0
    for corpus in (engine, twice):
        for name in listing_commands():
            for arg in arguments(corpus, name):
                if name == "search":
                    continue  # needs the store; checked below
                for reply in every_page(corpus, name, arg):
                    if not reply.found:
                        continue
                    text = render_plain(reply)
                    references = dict(re.findall(r"^\[(\d+)\] (.+)$", text, re.M))
                    for item in reply.items:
                        assert item.sources, (name, arg, item.text)
                        checked += 1
                        for source in item.sources:
                            label = next(
                                v
                                for v in references.values()
                                if (source.outlet or source.title[:40]) in v
                            )
                            date = DateValue.from_iso(source.published or "0").display()
                            assert date in label, (name, label)
    assert checked > 100


def test_search_items_cite_their_articles(bot_db: Path) -> None:
    from bot.storage.corpus import open_corpus
    from tests.helpers import SEEDS

    async def run() -> Reply:
        store, engine = await open_corpus(bot_db, SEEDS)
        try:
            return await respond(engine, store, "/search đối tác chiến lược")
        finally:
            await store.close()

    reply = asyncio.run(run())
    assert reply.found and reply.items
    assert all(item.sources for item in reply.items)
    assert "\nNguồn:\n[1] " in render_plain(reply)


def test_the_same_fact_told_by_two_articles_is_one_item_with_both(twice: Engine) -> None:
    for command, shown in [
        ("/event 05-03-2024", "Bùi Thanh Sơn hội đàm"),
        ("/figures", "7 tỉ USD"),
        ("/documents", "34-NQ/TW"),
        ("/people", "Mauro Vieira"),
    ]:
        reply = asyncio.run(respond(twice, None, command))
        lines = [line for line in render_plain(reply).splitlines() if shown in line]
        assert len(lines) == 1, (command, lines)
        assert lines[0].endswith("[1, 2]"), lines[0]
        assert "[1] Báo Alpha, 6/3/2024\n[2] Báo Beta, 7/3/2024" in render_plain(reply)


def test_different_events_of_one_day_stay_apart(twice: Engine) -> None:
    text = render_plain(asyncio.run(respond(twice, None, "/event 05-03-2024")))
    assert "đoàn đại biểu thứ 1" in text and "đoàn đại biểu thứ 2" in text
    assert not near_identical(
        "Ngày 5/3/2024, đoàn đại biểu thứ 1 đã thăm Bắc Ninh.",
        "Ngày 5/3/2024, đoàn đại biểu thứ 2 đã thăm Bắc Ninh.",
        85,
    )


def test_the_conference_told_by_two_seed_articles_is_listed_once(engine: Engine) -> None:
    text = render_plain(asyncio.run(respond(engine, None, "/event 14-12-2021")))
    conference = [line for line in text.splitlines() if "tổ chức hội nghị trực tuyến" in line]
    assert len(conference) == 1 and conference[0].endswith("[1, 2]")
    assert "Hội nghị đối ngoại toàn quốc triển khai" not in text.split("Nguồn:")[0]


def test_a_figure_of_two_different_things_is_not_merged(engine: Engine) -> None:
    text = render_plain(asyncio.run(respond(engine, None, "/figures", page_size=1000)))
    assert "• 5 năm: Đặc biệt, 5 năm qua (2016 - 2021)" in text
    assert "• 5 năm: Việt Nam đã vận động thành công UNESCO" in text


def test_people_show_each_title_once(engine: Engine) -> None:
    text = render_plain(asyncio.run(respond(engine, None, "/people Joe Biden")))
    assert "Joe Biden — Tổng thống Hoa Kỳ [" in text


def test_source_names_the_article_in_full(twice: Engine) -> None:
    fact = next(f for f in twice.every_fact() if "Mauro Vieira" in f.sentence)
    text = render_plain(asyncio.run(respond(twice, None, f"/source {fact.id}")))
    assert fact.sentence in text.split("Nguồn:")[0]
    assert (
        "[1] Việt Nam và Brazil tăng cường hợp tác — Báo Alpha — 6/3/2024 — "
        "https://alpha.example.vn/viet-nam-brazil"
    ) in text
    assert "[2] Brazil và Việt Nam thúc đẩy thương mại — Báo Beta — 7/3/2024" in text


def test_about_lists_each_article_with_outlet_and_date(engine: Engine) -> None:
    text = render_plain(asyncio.run(respond(engine, None, "/about")))
    references = dict(re.findall(r"^\[(\d+)\] (.+)$", text, re.M))
    for article in engine.articles.values():
        [number] = re.findall(rf"^• {re.escape(article.title)} \[(\d+)\]$", text, re.M)
        date = article.published.display() if article.published else "không rõ ngày"
        head = article.outlet or article.title[:40]
        assert references[number].startswith(head) and date in references[number]


def test_json_keeps_every_source_of_every_item(twice: Engine) -> None:
    data = reply_json(asyncio.run(respond(twice, None, "/event 05-03-2024")))
    [meeting] = [i for i in data["items"] if "hội đàm" in i["text"]]
    assert [s["outlet"] for s in meeting["sources"]] == ["Báo Alpha", "Báo Beta"]
    assert {f["id"] for f in data["facts"]} >= set(meeting["facts"])
    assert meeting["sources"][0]["url"] == "https://alpha.example.vn/viet-nam-brazil"


def test_every_page_fits_one_telegram_message_with_its_references(engine: Engine) -> None:
    for command in COMMANDS:
        if not command.pages or command.name == "search":
            continue
        for arg in arguments(engine, command.name):
            for reply in every_page(engine, command.name, arg):
                for lang in ("vi", "en"):
                    messages = render_html(reply, lang, limit=LIMIT)
                    assert len(messages) == 1 and len(messages[0]) <= LIMIT
                    if reply.found:
                        assert "<i>Nguồn:</i>\n[1] " in messages[0] or lang == "en"


def test_a_long_reply_carries_the_references_of_each_message(engine: Engine) -> None:
    commands = Commands(engine, page_size=1000)
    reply = asyncio.run(run_command(commands, "figures", "", "vi"))
    messages = render_html(reply, limit=1500)
    assert len(messages) > 2
    for message in messages:
        assert len(message) <= 1500
        cited = {
            n for marks in re.findall(r"\[([\d, ]+)\]$", message, re.M) for n in marks.split(", ")
        }
        listed = set(re.findall(r"^\[(\d+)\] ", message, re.M))
        assert cited <= listed, html.unescape(message)[:300]
