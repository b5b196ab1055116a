"""The rate limiter: Telegram's limits kept by schedule, on a clock that tests move by hand."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from telegram.error import BadRequest, NetworkError, RetryAfter, TelegramError, TimedOut

from bot.telegram.pacing import PRIVATE_MARGIN, Pacer, group_key


class FakeClock:
    """A monotonic clock that only moves when someone sleeps."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += max(0.0, seconds)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def pacer(clock: FakeClock, **options: Any) -> Pacer:
    return Pacer(clock=clock, sleep=clock.sleep, **options)


async def post(p: Pacer, clock: FakeClock, chat_id: int, stamps: list[float]) -> bool:
    """One sendMessage through the limiter; the fake request notes when it started."""

    async def request() -> bool:
        stamps.append(clock.now)
        return True

    result = await p.process_request(request, (), {}, "sendMessage", {"chat_id": chat_id}, None)
    return bool(result)


async def test_sends_are_spaced_evenly_below_thirty_a_second(clock: FakeClock) -> None:
    p = pacer(clock)
    stamps: list[float] = []
    for chat in range(1, 101):
        await post(p, clock, chat, stamps)
    gaps = [b - a for a, b in itertools.pairwise(stamps)]
    assert min(gaps) == pytest.approx(1 / 28.5)
    for start in stamps:
        assert sum(1 for s in stamps if start <= s < start + 1.0) <= 29


async def test_a_group_gets_at_most_twenty_a_minute(clock: FakeClock) -> None:
    p = pacer(clock)
    stamps: list[float] = []
    for _ in range(21):
        await post(p, clock, -100123, stamps)
    # 60 s and half a second of margin, so that Telegram's own minute has surely passed.
    assert stamps[20] - stamps[0] == pytest.approx(60.5)
    assert stamps[19] - stamps[0] < 1.0


async def test_private_chats_and_requests_that_post_nothing_are_not_held(clock: FakeClock) -> None:
    p = pacer(clock)
    started = clock.now

    async def request() -> bool:
        return True

    for _ in range(50):
        await p.process_request(
            request, (), {}, "answerCallbackQuery", {"callback_query_id": "1"}, None
        )
    assert clock.now == started


async def test_retry_after_pauses_every_send_then_retries(clock: FakeClock) -> None:
    p = pacer(clock)
    stamps: list[float] = []
    failures = iter([RetryAfter(3)])

    async def flaky() -> bool:
        stamps.append(clock.now)
        error = next(failures, None)
        if error is not None:
            raise error
        return True

    assert await p.process_request(flaky, (), {}, "sendMessage", {"chat_id": 5}, None)
    assert stamps[1] - stamps[0] == pytest.approx(3.1)
    await post(p, clock, 6, stamps)
    assert stamps[2] - stamps[0] >= 3.1
    assert p.retry_after_seen == 1


async def test_retry_after_beyond_the_retries_is_raised(clock: FakeClock) -> None:
    p = pacer(clock, max_retries=1)

    async def always_429() -> bool:
        raise RetryAfter(1)

    with pytest.raises(RetryAfter):
        await p.process_request(always_429, (), {}, "sendMessage", {"chat_id": 5}, None)
    assert p.retry_after_seen == 2


@pytest.mark.parametrize(
    ("chat_id", "expected"),
    [(-100123, -100123), ("-100123", -100123), ("@channel", "@channel"), (42, None), ("42", None)],
)
def test_groups_and_channels_are_negative_ids_or_names(chat_id: object, expected: object) -> None:
    assert group_key(chat_id) == expected


async def test_a_reserved_turn_is_not_waited_for_twice(clock: FakeClock) -> None:
    p = pacer(clock)
    stamps: list[float] = []
    for chat in (1, 2, 3):
        await p.reserve(chat)
    reserved_at = clock.now
    for chat in (1, 2, 3):
        await post(p, clock, chat, stamps)
    assert stamps == [reserved_at] * 3
    await post(p, clock, 4, stamps)
    assert stamps[-1] - reserved_at == pytest.approx(1 / 28.5)


async def test_a_private_chat_gets_at_most_one_a_second_without_holding_others(
    clock: FakeClock,
) -> None:
    p = pacer(clock)
    mine: list[float] = []
    others: list[float] = []
    for n in range(4):
        await post(p, clock, 7, mine)
        await post(p, clock, 100 + n, others)
    assert min(b - a for a, b in itertools.pairwise(mine)) >= 1.0
    # Other chats go in the overall schedule, not behind chat 7's second.
    assert others[0] - mine[0] < 0.1


async def test_the_rates_are_settings(clock: FakeClock) -> None:
    p = pacer(clock, per_second=1000 * 0.95, private_per_second=2.0)
    stamps: list[float] = []
    for chat in range(1, 2001):
        await post(p, clock, chat, stamps)
    assert stamps[-1] - stamps[0] == pytest.approx(1999 / 950)
    same: list[float] = []
    for _ in range(3):
        await post(p, clock, 1, same)
    assert same[1] - same[0] == pytest.approx(PRIVATE_MARGIN / 2)


@pytest.mark.parametrize(
    "fault",
    [
        NetworkError("Bad Gateway"),
        NetworkError("Internal Server Error (500)"),
        TimedOut(),
        TelegramError("Invalid server response"),
        RetryAfter(2),
    ],
)
async def test_a_transient_fault_is_retried_with_backoff(
    clock: FakeClock, fault: Exception
) -> None:
    p = pacer(clock, retry_seconds=30.0)
    faults = iter([fault, fault, fault])
    stamps: list[float] = []

    async def flaky() -> bool:
        stamps.append(clock.now)
        error = next(faults, None)
        if error is not None:
            raise error
        return True

    assert await p.process_request(flaky, (), {}, "sendMessage", {"chat_id": 5}, None)
    assert len(stamps) == 4
    assert all(b > a for a, b in itertools.pairwise(stamps))


async def test_retries_stop_at_the_time_bound(clock: FakeClock) -> None:
    p = pacer(clock, retry_seconds=20.0)
    started = clock.now
    attempts = 0

    async def down() -> bool:
        nonlocal attempts
        attempts += 1
        raise NetworkError("Bad Gateway")

    with pytest.raises(NetworkError):
        await p.process_request(down, (), {}, "sendMessage", {"chat_id": 5}, None)
    assert 15.0 <= clock.now - started <= 20.0 + PRIVATE_MARGIN
    assert 5 <= attempts <= 10


@pytest.mark.parametrize("limit", [0, None])
async def test_bad_requests_and_callers_that_retry_themselves_get_no_retry(
    clock: FakeClock, limit: int | None
) -> None:
    p = pacer(clock)
    attempts = 0

    async def fail() -> bool:
        nonlocal attempts
        attempts += 1
        raise BadRequest("chat not found") if limit is None else TimedOut()

    with pytest.raises(NetworkError):
        await p.process_request(fail, (), {}, "sendMessage", {"chat_id": 5}, limit)
    assert attempts == 1
