"""/timeline's picture: dated events on a time axis, a PNG readable on a phone."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from fake_telegram import FakeTelegram

from bot.chat.commands import Commands
from bot.chat.timeline_image import MAX_EVENTS, timeline_png, wants_image
from bot.engine.answer import Engine
from bot.text import DateValue
from tests.helpers import build_engine

USER = 4343


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return build_engine(tmp_path_factory.mktemp("db") / "bot.sqlite3")


def events(engine: Engine, year: str = "") -> list[tuple[DateValue, str]]:
    reply = Commands(engine, page_size=10_000).timeline(year, "vi")
    return [
        (DateValue.from_iso(i.fact.date), i.fact.text)
        for i in reply.items
        if i.fact and i.fact.date
    ]


@pytest.mark.parametrize(
    ("arg", "expected"),
    [
        ("2023 ảnh", (True, "2023")),
        ("image", (True, "")),
        ("2023", (False, "2023")),
        ("", (False, "")),
    ],
)
def test_the_picture_is_asked_for_with_a_word(arg: str, expected: tuple[bool, str]) -> None:
    assert wants_image(arg) == expected


def test_the_picture_is_a_phone_wide_png_that_grows_with_the_events(engine: Engine) -> None:
    one_year = timeline_png(events(engine, "2023"), "Dòng thời gian 2023")
    everything = timeline_png(events(engine), "Dòng thời gian")
    width, height = png_size(one_year)
    assert 1000 <= width <= 1280 and height > width / 2
    assert png_size(everything)[0] == width
    # Capped: the whole corpus is taller than one year, but not more than MAX_EVENTS rows.
    assert (
        height < png_size(everything)[1] <= height * MAX_EVENTS / len(events(engine, "2023")) * 1.2
    )


def test_the_text_timeline_ignores_the_picture_word_in_the_terminal(engine: Engine) -> None:
    from bot.chat.registry import respond

    with_word = asyncio.run(respond(engine, None, "/timeline 2023 ảnh", page_size=10_000))
    without = asyncio.run(respond(engine, None, "/timeline 2023", page_size=10_000))
    assert with_word.found and [i.text for i in with_word.items] == [i.text for i in without.items]


async def test_telegram_sends_the_text_then_the_picture(
    telegram_fake: FakeTelegram, bot_app: Any
) -> None:
    telegram_fake.push_private_text(USER, "/timeline 2023 ảnh")
    photo = await telegram_fake.wait_for("sendPhoto", lambda p: p["chat_id"] == USER, timeout=20)
    texts = [m.get("text", "") for m in telegram_fake.sent(USER) if "text" in m]
    assert texts and "2023" in texts[0]
    assert "sự kiện trên trục thời gian" in photo["caption"]
    [(chat, data)] = telegram_fake.photos
    assert chat == USER and png_size(data)[0] >= 1000


async def test_telegram_sends_no_picture_unless_asked(
    telegram_fake: FakeTelegram, bot_app: Any
) -> None:
    telegram_fake.push_private_text(USER, "/timeline 2023")
    await telegram_fake.wait_for("sendMessage", lambda p: p["chat_id"] == USER)
    await asyncio.sleep(0.3)
    assert telegram_fake.photos == []
