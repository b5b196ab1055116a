"""Study mode end to end: quiz polls, answers, scores, the Leitner schedule, group leaderboards
and the daily quiz, with the real Application on the fake Bot API."""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from conftest import running_bot
from fake_telegram import FakeTelegram

from bot.config import Settings
from bot.storage.study import INTERVALS, StudyStore
from bot.telegram.quizzing import post_daily_quiz

USER = 4242
GROUP = -1004455667788
CHANNEL = -1001234567890
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


async def until(predicate: Any, timeout: float = 10.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not await predicate():
        if asyncio.get_running_loop().time() > deadline:
            raise TimeoutError("condition not reached")
        await asyncio.sleep(0.05)


async def ask_quiz(
    app: Any, fake: FakeTelegram, chat_id: int, text: str = "/quiz", user: int = USER
) -> Any:
    """Send /quiz and return the sendPoll call the bot made (params and the poll it created),
    once the bot has recorded the poll."""
    after = fake.mark()
    if chat_id > 0:
        fake.push_private_text(user, text)
    else:
        fake.push_group_text(chat_id, user, text)
    call = await fake.wait_for_call(
        "sendPoll", lambda p: int(p["chat_id"]) == chat_id, after=after, ok_only=True
    )
    study = StudyStore(app.bot_data["store"])

    async def recorded() -> bool:
        return await study.poll(call.result["poll"]["id"]) is not None

    await until(recorded)
    return call


async def answer(app: Any, fake: FakeTelegram, poll_id: str, user: int, option: int) -> None:
    """A user answers a poll; wait until the bot has stored it."""
    fake.push_poll_answer(poll_id, user, [option])
    store = app.bot_data["store"]

    async def stored() -> bool:
        rows = await store.fetchall(
            "SELECT 1 FROM quiz_answers WHERE poll_id = ? AND user_id = ?", (poll_id, user)
        )
        return bool(rows)

    await until(stored)


def right_and_wrong(params: dict[str, Any]) -> tuple[int, int]:
    correct = int(params["correct_option_ids"][0])
    return correct, (correct + 1) % len(params["options"])


async def test_quiz_in_private_is_a_non_anonymous_quiz_poll_with_its_source(
    telegram_fake: FakeTelegram, bot_app: Any
) -> None:
    call = await ask_quiz(bot_app, telegram_fake, USER, "/quiz văn kiện")
    params, poll = call.params, call.result["poll"]
    assert (params["type"], params["is_anonymous"]) == ("quiz", False)
    options = [o["text"] if isinstance(o, dict) else o for o in params["options"]]
    assert len(options) == 4 and len(set(options)) == 4
    assert all(o.endswith("/TW") for o in options)
    right = options[int(params["correct_option_ids"][0])]
    assert f"Đáp án: {right}. Nguồn:" in params["explanation"]
    assert "có số hiệu nào?" in params["question"]
    assert (poll["type"], poll["correct_option_ids"]) == ("quiz", params["correct_option_ids"])


async def test_answers_are_scored_and_score_shows_streak_and_weakest_topic(
    telegram_fake: FakeTelegram, bot_app: Any
) -> None:
    telegram_fake.add_user(USER, "Lan")
    first = await ask_quiz(bot_app, telegram_fake, USER, "/quiz văn kiện")
    right, _ = right_and_wrong(first.params)
    await answer(bot_app, telegram_fake, first.result["poll"]["id"], USER, right)
    second = await ask_quiz(bot_app, telegram_fake, USER, "/quiz số liệu")
    _, wrong = right_and_wrong(second.params)
    await answer(bot_app, telegram_fake, second.result["poll"]["id"], USER, wrong)
    third = await ask_quiz(bot_app, telegram_fake, USER, "/quiz văn kiện")
    right, _ = right_and_wrong(third.params)
    await answer(bot_app, telegram_fake, third.result["poll"]["id"], USER, right)

    telegram_fake.push_private_text(USER, "/score")
    score = await telegram_fake.wait_for("sendMessage", lambda p: p["chat_id"] == USER)
    assert "Đúng 2, sai 1 (tổng 3)" in score["text"]
    assert "Chuỗi đúng liên tiếp: 1" in score["text"]
    assert "Cần ôn thêm: số liệu" in score["text"]


async def test_a_wrong_answer_comes_back_when_due_and_climbs_the_boxes(
    telegram_fake: FakeTelegram, bot_app: Any
) -> None:
    store = bot_app.bot_data["store"]
    study = StudyStore(store)
    first = await ask_quiz(bot_app, telegram_fake, USER, "/quiz")
    fact_id = (await study.poll(first.result["poll"]["id"])).fact_id  # type: ignore[union-attr]
    _, wrong = right_and_wrong(first.params)
    before = time.time()
    await answer(bot_app, telegram_fake, first.result["poll"]["id"], USER, wrong)
    box, due = await study.card(USER, fact_id)  # type: ignore[misc]
    assert box == 1 and before + INTERVALS[1] <= due <= time.time() + INTERVALS[1]

    # Not due yet: the next quiz is another fact the user has not met.
    second = await ask_quiz(bot_app, telegram_fake, USER, "/quiz")
    assert second.params["question"] != first.params["question"]

    # Ten minutes later (the card's due time moved into the past), it comes back first.
    await store.execute(
        "UPDATE quiz_cards SET due = ? WHERE fact_id = ?", (time.time() - 1, fact_id)
    )
    again = await ask_quiz(bot_app, telegram_fake, USER, "/quiz")
    assert (await study.poll(again.result["poll"]["id"])).fact_id == fact_id  # type: ignore[union-attr]
    right, _ = right_and_wrong(again.params)
    await answer(bot_app, telegram_fake, again.result["poll"]["id"], USER, right)
    box, due = await study.card(USER, fact_id)  # type: ignore[misc]
    assert box == 2 and due >= time.time() + INTERVALS[2] - 60
    assert await study.due(USER) == []


async def test_group_quiz_posts_a_poll_and_top_ranks_the_players(
    telegram_fake: FakeTelegram, bot_app: Any
) -> None:
    telegram_fake.add_chat(GROUP, title="Lớp chính trị")
    telegram_fake.add_user(801, "An")
    telegram_fake.add_user(802, "Bình")
    call = await ask_quiz(bot_app, telegram_fake, GROUP, "/quiz@test_fa_bot", user=801)
    assert call.params["is_anonymous"] is False
    poll_id = call.result["poll"]["id"]
    right, wrong = right_and_wrong(call.params)
    await answer(bot_app, telegram_fake, poll_id, 802, right)
    await answer(bot_app, telegram_fake, poll_id, 801, wrong)
    telegram_fake.push_group_text(GROUP, 801, "/top")
    top = await telegram_fake.wait_for("sendMessage", lambda p: p["chat_id"] == GROUP)
    lines = [line.removeprefix("• ") for line in top["text"].splitlines()]
    lines = [line for line in lines if line[:2] in ("1.", "2.")]
    assert lines == ["1. Bình: 1/1 đúng", "2. An: 0/1 đúng"]


async def test_top_in_a_private_chat_says_it_is_for_groups(
    telegram_fake: FakeTelegram, bot_app: Any
) -> None:
    telegram_fake.push_private_text(USER, "/top")
    reply = await telegram_fake.wait_for("sendMessage", lambda p: p["chat_id"] == USER)
    assert "nhóm" in reply["text"]


async def test_quiz_on_an_unknown_topic_says_what_exists(
    telegram_fake: FakeTelegram, bot_app: Any
) -> None:
    telegram_fake.push_private_text(USER, "/quiz xyzzy")
    reply = await telegram_fake.wait_for("sendMessage", lambda p: p["chat_id"] == USER)
    assert "Chưa có câu hỏi nào về «xyzzy»" in reply["text"]
    assert telegram_fake.calls_for("sendPoll") == []


@pytest.fixture
def channel_settings(telegram_fake: FakeTelegram, bot_settings: Settings) -> Settings:
    telegram_fake.add_chat(CHANNEL, "channel", title="Đối ngoại", username="fa_channel")
    telegram_fake.set_admins(CHANNEL, [telegram_fake.bot_id])
    return bot_settings.model_copy(update={"broadcast_chat_id": "@fa_channel"})


async def test_daily_quiz_reaches_channel_and_quiz_subscribers_once_across_a_restart(
    telegram_fake: FakeTelegram, channel_settings: Settings
) -> None:
    morning = dt.datetime(2025, 12, 14, 8, 0, tzinfo=HANOI)
    async with running_bot(channel_settings) as app:
        telegram_fake.push_private_text(USER, "/subscribe quiz")
        ok = await telegram_fake.wait_for("sendMessage", lambda p: p["chat_id"] == USER)
        assert "câu hỏi ôn tập hằng ngày" in ok["text"]
        assert await app.bot_data["store"].active_subscribers() == []  # not the digest
        assert await post_daily_quiz(app, morning) is not None

        async def delivered() -> bool:
            return len(telegram_fake.sent_polls()) == 2

        await until(delivered)
    async with running_bot(channel_settings) as app:
        assert await post_daily_quiz(app, morning.replace(hour=9)) is None
        await asyncio.sleep(0.3)
    channel_polls = telegram_fake.sent_polls(CHANNEL)
    private_polls = telegram_fake.sent_polls(USER)
    assert len(channel_polls) == 1 and len(private_polls) == 1
    assert channel_polls[0]["is_anonymous"] is True
    assert private_polls[0]["is_anonymous"] is False
    assert channel_polls[0]["question"] == private_polls[0]["question"]

    async with running_bot(channel_settings) as app:
        # The subscriber's answer to the daily quiz counts like any other.
        poll_id = next(p for p in telegram_fake.polls if telegram_fake.polls[p][0] == USER)
        await answer(app, telegram_fake, poll_id, USER, private_polls[0]["correct_option_ids"][0])
        assert (await StudyStore(app.bot_data["store"]).score(USER)).right == 1


async def test_a_quiz_subscriber_who_blocked_the_bot_is_dropped(
    telegram_fake: FakeTelegram, channel_settings: Settings
) -> None:
    async with running_bot(channel_settings) as app:
        telegram_fake.push_private_text(USER, "/subscribe quiz")
        await telegram_fake.wait_for("sendMessage", lambda p: p["chat_id"] == USER)
        telegram_fake.block_chat(USER)
        study = StudyStore(app.bot_data["store"])
        assert await post_daily_quiz(app, dt.datetime(2025, 12, 15, 8, 0, tzinfo=HANOI))

        async def dropped() -> bool:
            return await study.subscribers() == []

        await until(dropped)
        assert len(telegram_fake.sent_polls(CHANNEL)) == 1


async def test_daily_quizzes_ask_about_a_new_fact_each_day(
    telegram_fake: FakeTelegram, channel_settings: Settings
) -> None:
    async with running_bot(channel_settings) as app:
        for day in (1, 2, 3):
            when = dt.datetime(2025, 12, day, 8, 0, tzinfo=HANOI)
            assert await post_daily_quiz(app, when) is not None

        study = StudyStore(app.bot_data["store"])

        async def recorded() -> bool:
            polls = [await study.poll(poll_id) for poll_id in list(telegram_fake.polls)]
            return len(polls) == 3 and None not in polls

        await until(recorded)
        polls = [await study.poll(poll_id) for poll_id in list(telegram_fake.polls)]
        assert len({p.fact_id for p in polls if p is not None}) == 3
