"""Channel broadcasts and subscriptions, end to end: the real Application on the fake Bot API."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import signal
import sqlite3
import sys
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from conftest import BOT_TOKEN, ROOT, running_bot
from fake_telegram import FakeTelegram

from bot.config import Settings
from bot.telegram.publishing import post_digest

ADMIN = 9001
CHANNEL = -1001234567890
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def settings(telegram_fake: FakeTelegram, bot_settings: Settings) -> Settings:
    telegram_fake.add_chat(CHANNEL, "channel", title="Đối ngoại", username="fa_channel")
    telegram_fake.set_admins(CHANNEL, [telegram_fake.bot_id])
    telegram_fake.add_user(ADMIN, "Admin")
    telegram_fake.add_chat(ADMIN)
    return bot_settings.model_copy(
        update={"admin_ids": frozenset({ADMIN}), "broadcast_chat_id": "@fa_channel"}
    )


def subscribe_all(db: Path, chats: list[int]) -> None:
    with sqlite3.connect(db) as conn:
        conn.executemany(
            "INSERT INTO subscriptions VALUES (?, 'private', 1, 0, 0, NULL)", [(c,) for c in chats]
        )


def texts_to(fake: FakeTelegram, chat_id: int) -> list[str]:
    return [m.get("text", "") for m in fake.sent(chat_id)]


async def until(predicate: Any, timeout: float = 20.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not predicate():
        if asyncio.get_running_loop().time() > deadline:
            raise TimeoutError("condition not reached")
        await asyncio.sleep(0.05)


async def test_subscribe_twice_then_unsubscribe_in_private(
    telegram_fake: FakeTelegram, settings: Settings
) -> None:
    async with running_bot(settings) as app:
        telegram_fake.push_private_text(501, "/subscribe")
        first = await telegram_fake.wait_for("sendMessage", lambda p: p["chat_id"] == 501)
        telegram_fake.push_private_text(501, "/subscribe")
        second = await telegram_fake.wait_for("sendMessage", lambda p: p["chat_id"] == 501)
        assert "Đã đăng ký" in first["text"] and "đã đăng ký rồi" in second["text"]
        assert await app.bot_data["store"].active_subscribers() == [501]
        telegram_fake.push_private_text(501, "/unsubscribe")
        third = await telegram_fake.wait_for("sendMessage", lambda p: p["chat_id"] == 501)
        assert "hủy" in third["text"]
        assert await app.bot_data["store"].active_subscribers() == []


async def test_in_a_group_only_admins_subscribe(
    telegram_fake: FakeTelegram, settings: Settings
) -> None:
    group = -1009988776655
    telegram_fake.add_chat(group, title="Lớp chính trị")
    telegram_fake.set_admins(group, [701])
    async with running_bot(settings) as app:
        telegram_fake.push_group_text(group, 702, "/subscribe")
        refusal = await telegram_fake.wait_for("sendMessage", lambda p: p["chat_id"] == group)
        assert "quản trị viên" in refusal["text"]
        assert await app.bot_data["store"].active_subscribers() == []
        telegram_fake.push_group_text(group, 701, "/subscribe@test_fa_bot")
        ok = await telegram_fake.wait_for("sendMessage", lambda p: p["chat_id"] == group)
        assert "Đã đăng ký" in ok["text"]
        assert await app.bot_data["store"].active_subscribers() == [group]


async def test_admin_broadcast_reaches_channel_and_subscribers_with_progress(
    telegram_fake: FakeTelegram, settings: Settings, bot_db: Path
) -> None:
    subscribers = [601, 602, 603]
    for chat in subscribers:
        telegram_fake.add_chat(chat)
    subscribe_all(bot_db, subscribers)
    telegram_fake.block_chat(602)
    telegram_fake.fail_next("sendMessage", error_code=429, retry_after=1, chat_id=603)
    async with running_bot(settings) as app:
        telegram_fake.push_private_text(
            ADMIN, "/broadcast Hội nghị đối ngoại <toàn quốc> & bản tin"
        )
        await until(lambda: texts_to(telegram_fake, 603) and texts_to(telegram_fake, CHANNEL))
        await until(lambda: "Đã gửi xong" in (telegram_fake.sent(ADMIN)[-1].get("text") or ""))
        announcement = "Hội nghị đối ngoại <toàn quốc> & bản tin"
        assert texts_to(telegram_fake, CHANNEL) == [announcement]
        assert texts_to(telegram_fake, 601) == [announcement]
        assert texts_to(telegram_fake, 603) == [announcement]  # the 429 was waited out
        assert texts_to(telegram_fake, 602) == []
        summary = telegram_fake.sent(ADMIN)[-1]["text"]
        assert "3 đã gửi" in summary and "1 lỗi" in summary
        assert await app.bot_data["store"].active_subscribers() == [601, 603]
        telegram_fake.push_private_text(ADMIN, "/broadcast_status")
        status = await telegram_fake.wait_for("sendMessage", lambda p: p["chat_id"] == ADMIN)
        assert "3/4" in status["text"]


async def test_broadcast_in_reply_copies_the_message(
    telegram_fake: FakeTelegram, settings: Settings, bot_db: Path
) -> None:
    telegram_fake.add_chat(611)
    subscribe_all(bot_db, [611])
    async with running_bot(settings):
        original = telegram_fake.push_private_text(ADMIN, "Thông báo: lịch học tuần sau")
        message_id = original["message"]["message_id"]
        telegram_fake.push_private_text(ADMIN, "/broadcast", reply_to_message_id=message_id)
        copy = await telegram_fake.wait_for("copyMessage", lambda p: p["chat_id"] == 611)
        assert copy["from_chat_id"] == ADMIN and copy["message_id"] == message_id


async def test_non_admin_broadcast_is_refused_and_nothing_is_sent(
    telegram_fake: FakeTelegram, settings: Settings, bot_db: Path
) -> None:
    telegram_fake.add_chat(621)
    subscribe_all(bot_db, [621])
    async with running_bot(settings):
        telegram_fake.push_private_text(777, "/broadcast spam")
        refusal = await telegram_fake.wait_for("sendMessage", lambda p: p["chat_id"] == 777)
        assert "quản trị viên" in refusal["text"]
        await asyncio.sleep(0.5)
        assert texts_to(telegram_fake, 621) == [] and texts_to(telegram_fake, CHANNEL) == []
        telegram_fake.push_private_text(777, "/stats")
        refusal = await telegram_fake.wait_for("sendMessage", lambda p: p["chat_id"] == 777)
        assert "quản trị viên" in refusal["text"]


async def test_digest_on_a_day_with_events_and_on_a_day_without(
    telegram_fake: FakeTelegram, settings: Settings
) -> None:
    async with running_bot(settings) as app:
        assert await post_digest(app, dt.datetime(2025, 12, 14, 8, 0, tzinfo=HANOI)) is not None
        await until(lambda: len(texts_to(telegram_fake, CHANNEL)) == 1)
        on_this_day = texts_to(telegram_fake, CHANNEL)[0]
        assert (
            "Ngày này năm xưa" in on_this_day
            and "14/12/2021" in on_this_day
            and "Nguồn" in on_this_day
        )
        assert (
            await post_digest(app, dt.datetime(2025, 12, 14, 9, 0, tzinfo=HANOI)) is None
        )  # once a day
        await post_digest(app, dt.datetime(2025, 7, 1, 8, 0, tzinfo=HANOI))
        await until(lambda: len(texts_to(telegram_fake, CHANNEL)) == 2)
        fact_of_the_day = texts_to(telegram_fake, CHANNEL)[1]
        assert "Dữ kiện của ngày" in fact_of_the_day and "Nguồn" in fact_of_the_day


async def test_fact_of_the_day_does_not_repeat_across_a_restart(
    telegram_fake: FakeTelegram, settings: Settings
) -> None:
    posts = []
    for day in (1, 2):
        async with running_bot(settings) as app:
            await post_digest(app, dt.datetime(2025, 7, day, 8, 0, tzinfo=HANOI))
            await until(lambda: len(texts_to(telegram_fake, CHANNEL)) == day)  # noqa: B023
            posts.append(texts_to(telegram_fake, CHANNEL)[-1])
    assert posts[0] != posts[1]


async def test_stats_for_admins(telegram_fake: FakeTelegram, settings: Settings) -> None:
    async with running_bot(settings):
        telegram_fake.push_private_text(ADMIN, "giá vàng hôm nay")
        await telegram_fake.wait_for("sendMessage", lambda p: p["chat_id"] == ADMIN)
        telegram_fake.push_private_text(ADMIN, "/stats")
        stats = await telegram_fake.wait_for("sendMessage", lambda p: p["chat_id"] == ADMIN)
        assert "Thống kê" in stats["text"] and "giá vàng hôm nay" in stats["text"]


async def test_a_broadcast_killed_half_way_delivers_exactly_once_after_restart(
    telegram_fake: FakeTelegram, bot_db: Path
) -> None:
    recipients = list(range(10_001, 10_201))
    for chat in recipients:
        telegram_fake.add_chat(chat)
    telegram_fake.add_user(ADMIN, "Admin")
    telegram_fake.add_chat(ADMIN)
    subscribe_all(bot_db, recipients)
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": BOT_TOKEN,
        "TELEGRAM_BASE_URL": telegram_fake.base_url,
        "BOT_DB_PATH": str(bot_db),
        "SEEDS_DIR": str(ROOT / "seeds"),
        "ADMIN_IDS": str(ADMIN),
        "LOG_LEVEL": "WARNING",
    }

    async def start() -> asyncio.subprocess.Process:
        return await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "run",
            env=env,
            cwd=bot_db.parent,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
        )

    def delivered() -> int:
        return sum(1 for c in recipients if telegram_fake.sent(c))

    proc = await start()
    await telegram_fake.wait_for("getUpdates", timeout=30)
    telegram_fake.push_private_text(ADMIN, "/broadcast Bản tin đặc biệt")
    await until(lambda: delivered() >= 100, timeout=60)
    proc.send_signal(signal.SIGKILL)
    await proc.wait()
    half = delivered()
    assert 100 <= half < 200

    proc = await start()
    try:
        await until(lambda: _finished(bot_db), timeout=60)
    except TimeoutError:
        proc.kill()
        _, stderr = await proc.communicate()
        pytest.fail(f"the restarted bot did not finish the broadcast:\n{stderr.decode()[-3000:]}")
    proc.terminate()
    _, stderr = await proc.communicate()
    counts = {c: len(telegram_fake.sent(c)) for c in recipients}
    assert max(counts.values()) == 1, "nobody gets the message twice"
    with sqlite3.connect(bot_db) as conn:
        unknown = {r[0] for r in conn.execute("SELECT chat_id FROM outbox WHERE state = 'unknown'")}
    missing = {c for c, n in counts.items() if n == 0}
    assert missing <= unknown, "nobody is skipped, but a send whose outcome was unknown"
    assert len(unknown) <= 16
    if unknown:
        assert b"unknown outcome" in stderr


def _finished(db: Path) -> bool:
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT status FROM broadcasts").fetchall()
    return bool(rows) and all(r[0] == "done" for r in rows)
