"""Broadcast delivery: the outbox in SQLite, exactly once, limits, failures, resume."""

from __future__ import annotations

from pathlib import Path

import pytest
from telegram.error import BadRequest, Forbidden, RetryAfter, TimedOut

from bot.storage.store import Store
from bot.telegram.broadcast import Broadcaster, Outbox

waits: list[float] = []


async def no_wait(seconds: float) -> None:
    """The Broadcaster's sleep in tests: remembered, not slept."""
    waits.append(seconds)


@pytest.fixture
async def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    async with Store(tmp_path / "bot.sqlite3") as s:
        yield s


async def test_subscribing_twice_subscribes_once(store: Store) -> None:
    assert await store.subscribe(7, "private")
    assert not await store.subscribe(7, "private")
    assert await store.active_subscribers() == [7]
    assert await store.unsubscribe(7)
    assert not await store.unsubscribe(7)
    assert await store.active_subscribers() == []


async def test_every_recipient_gets_the_message_once(store: Store) -> None:
    for chat in range(1, 51):
        await store.subscribe(chat, "private")
    outbox = Outbox(store)
    bid = await outbox.create("announcement", await store.active_subscribers(), text="hi")
    assert bid is not None
    got: list[int] = []

    async def send(chat_id: int) -> None:
        got.append(chat_id)

    counts = await Broadcaster(store, sleep=no_wait).deliver(bid, send)
    assert sorted(got) == list(range(1, 51))
    assert (counts.sent, counts.failed, counts.left) == (50, 0, 0)
    again = await Broadcaster(store, sleep=no_wait).deliver(bid, send)
    assert len(got) == 50 and again.sent == 50


async def test_a_403_deactivates_only_that_subscriber_and_429_is_waited_out(store: Store) -> None:
    for chat in (1, 2, 3):
        await store.subscribe(chat, "private")
    bid = await Outbox(store).create("announcement", [1, 2, 3], text="hi")
    assert bid is not None
    calls: list[int] = []

    async def send(chat_id: int) -> None:
        calls.append(chat_id)
        if chat_id == 2:
            raise Forbidden("Forbidden: bot was blocked by the user")
        if chat_id == 3 and calls.count(3) == 1:
            raise RetryAfter(1)

    broadcaster = Broadcaster(store, sleep=no_wait)
    counts = await broadcaster.deliver(bid, send)
    assert (counts.sent, counts.failed) == (2, 1)
    assert calls.count(3) == 2 and broadcaster.retry_after_seen == 1
    assert waits[-1] == 1.0
    assert await store.active_subscribers() == [1, 3]


async def test_chat_not_found_deactivates_and_other_errors_are_recorded(store: Store) -> None:
    for chat in (1, 2, 3):
        await store.subscribe(chat, "private")
    bid = await Outbox(store).create("announcement", [1, 2, 3], text="hi")
    assert bid is not None

    async def send(chat_id: int) -> None:
        if chat_id == 1:
            raise BadRequest("Chat not found")
        if chat_id == 2:
            raise TimedOut("timed out")

    counts = await Broadcaster(store, sleep=no_wait).deliver(bid, send)
    assert (counts.sent, counts.failed, counts.unknown) == (1, 1, 1)
    assert await store.active_subscribers() == [2, 3]


async def test_a_crash_mid_send_resumes_without_sending_twice(store: Store) -> None:
    bid = await Outbox(store).create("announcement", list(range(1, 11)), text="hi")
    assert bid is not None
    outbox = Outbox(store)
    for chat in (1, 2, 3):
        await outbox.mark(bid, chat, "sent")
    await outbox.mark(bid, 4, "sending")  # the process died during this request
    got: list[int] = []

    async def send(chat_id: int) -> None:
        got.append(chat_id)

    counts = await Broadcaster(store, sleep=no_wait).deliver(bid, send)
    assert got == [5, 6, 7, 8, 9, 10]
    assert (counts.sent, counts.unknown, counts.left) == (9, 1, 0)


async def test_a_digest_is_created_once_per_day(store: Store) -> None:
    outbox = Outbox(store)
    assert await outbox.create("digest", [1], text="x", digest_key="2025-12-14") is not None
    assert await outbox.create("digest", [1], text="x", digest_key="2025-12-14") is None
