"""Nothing lost, nothing hung, against the fake Bot API: kill -9 in a burst, fault storms,
Telegram's limits enforced exactly, forum topics, and logs without secrets."""

from __future__ import annotations

import asyncio
import logging
import signal
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from conftest import BOT_TOKEN, SEEDS, TEST_PRIVATE_RATE, running_bot
from fake_telegram import FakeTelegram

from bot.config import Settings
from bot.storage.inbox import Inbox
from tests.processes import bot_env, cli, finish, start, stop

USERS = range(1001, 1041)


def answers_per_user(fake: FakeTelegram, users: range) -> Counter[int]:
    """How many answers each user got (every answer to /start is one message)."""
    sent = Counter(int(c.params["chat_id"]) for c in fake.calls_for("sendMessage", ok_only=True))
    return Counter({user: sent[user] for user in users})


async def wait_until(condition: Any, timeout: float) -> bool:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        if condition():
            return True
        await asyncio.sleep(0.05)
    return bool(condition())


async def test_kill_9_mid_burst_then_restart_answers_every_update(
    telegram_fake: FakeTelegram, bot_db: Path, tmp_path: Path
) -> None:
    fake = telegram_fake
    env = bot_env(bot_db, SEEDS, TELEGRAM_BOT_TOKEN=BOT_TOKEN, TELEGRAM_BASE_URL=fake.base_url)
    log = tmp_path / "bot.log"
    first = await start("run", env=env, log=log)
    try:
        assert await wait_until(lambda: fake.calls_for("getUpdates"), 20)
        second = await start("run", env=env, log=tmp_path / "second.log")
        assert await finish(second, 20) == 1
        assert "already running" in (tmp_path / "second.log").read_text()
        asked = await asyncio.to_thread(cli, "ask", "/help", env=bot_env(bot_db, SEEDS))
        assert asked.returncode == 0 and asked.stdout.strip()  # works beside the running bot
        for user in USERS:
            fake.push_private_text(user, "/start")
        assert await wait_until(lambda: sum(answers_per_user(fake, USERS).values()) >= 8, 20)
    finally:
        first.send_signal(signal.SIGKILL)
        await first.wait()
    answered_before = sum(answers_per_user(fake, USERS).values())
    assert answered_before < len(USERS)  # the kill came mid-burst
    restarted = await start("run", env=env, log=log)
    try:
        assert await wait_until(lambda: all(answers_per_user(fake, USERS).values()), 30)
        await asyncio.sleep(0.5)  # time for a duplicate to show
    finally:
        assert await stop(restarted) == 0
    counts = Counter(answers_per_user(fake, USERS).values())
    assert counts[0] == 0 and counts[1] >= len(USERS) - 1 and counts[2] <= 1
    if counts[2]:
        assert "handled again" in log.read_text()
    assert BOT_TOKEN.split(":")[1] not in log.read_text()


def storm_settings(fake: FakeTelegram, db: Path, **extra: Any) -> Settings:
    return Settings(
        token=BOT_TOKEN,
        base_url=fake.base_url,
        base_file_url=fake.base_file_url,
        db_path=db,
        seeds_dir=SEEDS,
        **extra,
    )


async def test_a_fault_storm_still_answers_every_user_once(
    telegram_fake: FakeTelegram, bot_db: Path
) -> None:
    fake = telegram_fake
    users = range(2001, 2006)
    fake.fail_next("sendMessage", error_code=500, chat_id=2001, times=2)
    fake.fail_next("sendMessage", error_code=502, chat_id=2002)
    fake.fail_next("sendMessage", error_code=429, retry_after=1, chat_id=2003, times=2)
    fake.fault_next("sendMessage", "malformed")
    fake.fault_next("sendMessage", "disconnect")
    async with running_bot(storm_settings(fake, bot_db, send_retry_seconds=30)):
        for user in users:
            fake.push_private_text(user, "/start")
        assert await wait_until(lambda: all(answers_per_user(fake, users).values()), 40)
    assert set(answers_per_user(fake, users).values()) == {1}
    assert fake.faults_served == 2 and not fake.pending_updates


async def test_a_fault_beyond_the_bound_is_recorded_as_failed_with_the_update_id(
    telegram_fake: FakeTelegram, bot_db: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake = telegram_fake
    fake.fail_next("sendMessage", error_code=500, times=1000)
    # The retries of one chat's answer must not also wait for that chat's one-a-second turn, or
    # a slow machine fits only two attempts into the bound; 3 s leave room for a loaded one.
    settings = storm_settings(fake, bot_db, send_retry_seconds=3.0, private_rate=TEST_PRIVATE_RATE)
    async with running_bot(settings) as app:
        update = fake.push_private_text(3001, "/start")
        inbox: Inbox = app.bot_data["inbox"]
        assert await wait_until(lambda: len(fake.calls_for("sendMessage")) >= 3, 10)
        for _ in range(200):
            if (await inbox.counts()).get("failed"):
                break
            await asyncio.sleep(0.05)
        rows = await inbox.store.fetchall("SELECT update_id, state, error FROM update_inbox")
    assert [(r[0], r[1]) for r in rows] == [(update["update_id"], "failed")]
    assert "500" in rows[0][2] or "Internal Server Error" in rows[0][2]
    assert f"update {update['update_id']}: the reply could not be sent" in caplog.text
    assert "Traceback" not in caplog.text


async def test_telegrams_limits_enforced_exactly_draw_no_429(
    telegram_fake: FakeTelegram, bot_db: Path
) -> None:
    fake = telegram_fake
    fake.rate_limit(per_second=30, per_chat_per_second=1, per_group_per_minute=20)
    users = range(4001, 4046)
    async with running_bot(storm_settings(fake, bot_db)):
        for user in users:
            fake.push_private_text(user, "/start")
        for _ in range(3):
            fake.push_private_text(4001, "/help")
        assert await wait_until(lambda: len(fake.calls_for("sendMessage", ok_only=True)) >= 48, 20)
    assert fake.rate_limited == 0


async def test_replies_in_a_forum_topic_stay_in_that_topic(
    telegram_fake: FakeTelegram, bot_db: Path
) -> None:
    fake = telegram_fake
    forum = -1001234
    chat = fake.add_chat(forum, "supergroup", title="Forum", is_forum=True)
    user = fake.add_user(5001)
    async with running_bot(storm_settings(fake, bot_db)) as app:
        for topic in (7, 9):
            fake.push_update(
                {
                    "message": {
                        "message_id": 100 + topic,
                        "message_thread_id": topic,
                        "is_topic_message": True,
                        "from": user,
                        "chat": chat,
                        "date": 1,
                        "text": f"@{app.bot.username} Việt Nam hợp tác với Trung Quốc thế nào?",
                    }
                }
            )
        assert await wait_until(lambda: len(fake.calls_for("sendMessage", ok_only=True)) >= 2, 20)
    topics = [c.params.get("message_thread_id") for c in fake.calls_for("sendMessage")]
    assert sorted(set(topics)) == [7, 9]


async def test_no_secret_in_the_log_at_debug_and_one_warning_per_outage(
    telegram_fake: FakeTelegram, bot_db: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from bot.telegram.app import protect_token

    fake = telegram_fake
    secret = "webhook-secret-0123456789"
    caplog.set_level(logging.DEBUG)
    caplog.handler.addFilter(protect_token(BOT_TOKEN, secret))
    async with running_bot(storm_settings(fake, bot_db)) as app:
        await app.bot.set_webhook("https://bot.example.org/hook", secret_token=secret)
        await app.bot.delete_webhook()
        fake.fail_next("getUpdates", error_code=502, times=3)
        assert await wait_until(lambda: len(fake.calls_for("getUpdates", ok_only=True)) >= 3, 30)
        fake.push_private_text(6001, "Việt Nam hợp tác với Trung Quốc thế nào?")
        assert await wait_until(lambda: fake.calls_for("sendMessage", ok_only=True), 10)
    text = caplog.text
    assert secret not in text and BOT_TOKEN.split(":")[1] not in text
    # One line when polling starts failing, one when it works again; the rest at DEBUG.
    loud = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(loud) == 2, loud
    assert loud[0].startswith("cannot reach Telegram (Bad Gateway)")
    assert loud[1].startswith("Telegram answers again after")
    assert not any(r.exc_info for r in caplog.records if r.name.startswith("telegram.ext"))
    asked = [r for r in caplog.records if "hợp tác với Trung Quốc" in r.getMessage()]
    assert asked and all(r.levelno == logging.DEBUG for r in asked)


async def test_a_webhook_update_is_stored_before_the_200(
    telegram_fake: FakeTelegram, bot_db: Path
) -> None:
    import socket

    import aiohttp

    from bot.telegram.app import build_application

    fake = telegram_fake
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings = storm_settings(
        fake, bot_db, webhook_url="https://bot.example.org/hook", webhook_secret="s3cret"
    )
    app = build_application(settings)
    assert app.post_init is not None and app.post_shutdown is not None and app.updater
    await app.initialize()
    try:
        await app.post_init(app)
        await app.updater.start_webhook(
            listen="127.0.0.1",
            port=port,
            url_path="hook",
            webhook_url=settings.webhook_url,
            secret_token="s3cret",
        )
        update = fake.push_private_text(7001, "/start")  # the JSON Telegram would post
        async with (
            aiohttp.ClientSession() as http,
            http.post(
                f"http://127.0.0.1:{port}/hook",
                json=update,
                headers={"X-Telegram-Bot-Api-Secret-Token": "s3cret"},
            ) as response,
        ):
            status = response.status
        inbox: Inbox = app.bot_data["inbox"]
        # Nothing handles updates yet (the application is not started): stored, not answered.
        assert (status, await inbox.counts()) == (200, {"new": 1})
        await app.start()
        assert await wait_until(lambda: fake.calls_for("sendMessage", ok_only=True), 10)
        await app.updater.stop()
        await app.stop()
        assert await inbox.counts() == {"done": 1}
    finally:
        await app.shutdown()
        await app.post_shutdown(app)


async def test_an_update_that_cannot_be_stored_is_not_confirmed(tmp_path: Path) -> None:
    from telegram import Update
    from telegram.error import NetworkError

    from bot.storage.store import Store
    from bot.telegram.durable import DurableQueue

    store = await Store(tmp_path / "bot.sqlite3").open()
    queue = DurableQueue()
    queue.inbox = Inbox(store)
    await queue.put(Update(1))
    await queue.put(Update(1))  # fetched again: stored once, queued once
    await store.close()  # the database goes away
    with pytest.raises(NetworkError, match="update 2 could not be stored"):
        await queue.put(Update(2))
    assert queue.qsize() == 1


def test_scheduled_jobs_run_late_rather_than_not_at_all(
    telegram_fake: FakeTelegram, bot_db: Path
) -> None:
    # A bot busy at start-up or at digest time runs the job late: the scheduler's default
    # skipped a job more than 1 s late, and an unfinished broadcast was never resumed.
    from bot.telegram.app import build_application
    from bot.telegram.publishing import DIGEST_JOB
    from bot.telegram.quizzing import QUIZ_JOB

    app = build_application(storm_settings(telegram_fake, bot_db))
    assert app.job_queue is not None
    grace = {
        name: app.job_queue.get_jobs_by_name(name)[0].job.misfire_grace_time
        for name in ("resume-broadcasts", DIGEST_JOB, QUIZ_JOB)
    }
    assert grace["resume-broadcasts"] is None
    assert grace[DIGEST_JOB] >= 600 and grace[QUIZ_JOB] >= 600
