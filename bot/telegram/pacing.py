"""The one rate limiter every request of the bot goes through: answers and broadcasts alike.

Telegram allows about 30 messages a second overall and 20 a minute to a group or channel, and
answers 429 (`RetryAfter`) above. `Pacer` keeps below by construction: requests that post to a
chat are scheduled one every 1/rate seconds, at most `group_per_minute` a minute to one group or
channel, and checked against a sliding one-second window when they really start. A `RetryAfter`
that still comes pauses every request for the time Telegram asks, then the request is retried.
Requests that post nothing (getUpdates, answers to buttons and inline queries) are not paced.

The clock and the sleep are injectable, so the schedule can be tested without waiting.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import math
import time
import warnings
from collections import Counter, defaultdict, deque
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from telegram.constants import FloodLimit
from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

log = logging.getLogger(__name__)

Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]
JSON = bool | dict[str, Any] | list[dict[str, Any]]

# 28.5 a second, not 30: 31 requests then span 1.05 s, so a request held back by up to 50 ms
# still does not make Telegram count 31 in one second.
RATE = FloodLimit.MESSAGES_PER_SECOND * 0.95
GROUP_PER_MINUTE = int(FloodLimit.MESSAGES_PER_MINUTE_PER_GROUP)
_POSTING = ("send", "copyMessage", "copyMessages", "forwardMessage", "forwardMessages", "edit")


def retry_seconds(exc: RetryAfter) -> float:
    """Seconds to wait, whether this version of the library gives an int or a timedelta."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        delay = exc.retry_after
    return float(delay.total_seconds()) if isinstance(delay, dt.timedelta) else float(delay)


def group_key(chat_id: object) -> int | str | None:
    """The chat as a group or channel (negative ids, '@name'), or None for a private chat."""
    if isinstance(chat_id, str):
        try:
            chat_id = int(chat_id)
        except ValueError:
            return chat_id
    if isinstance(chat_id, int) and chat_id < 0:
        return chat_id
    return None


def _key(chat_id: object) -> object:
    """A chat id as the same key whether it came as int or str."""
    try:
        return int(str(chat_id))
    except ValueError:
        return chat_id


class Pacer(BaseRateLimiter[int]):
    """Spaces requests: an overall rate, and `group_per_minute` to one group or channel."""

    def __init__(
        self,
        per_second: float = RATE,
        group_per_minute: int = GROUP_PER_MINUTE,
        *,
        max_retries: int = 3,
        clock: Clock = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.interval = 1.0 / per_second
        self.window_limit = max(1, math.ceil(per_second))
        self.group_per_minute = group_per_minute
        self.max_retries = max_retries
        self.clock = clock
        self.sleep = sleep
        self.retry_after_seen = 0
        self._next = 0.0
        self._lock = asyncio.Lock()
        self._started: deque[float] = deque()
        self._admit_lock = asyncio.Lock()
        self._group_sends: dict[int | str, deque[float]] = defaultdict(deque)
        self._reserved: Counter[object] = Counter()

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    async def wait(self, chat_id: object) -> None:
        """Wait for this request's turn in the schedule."""
        async with self._lock:
            now = self.clock()
            start = max(now, self._next)
            group = group_key(chat_id)
            if group is not None:
                sends = self._group_sends[group]
                while sends and sends[0] <= start - 60:
                    sends.popleft()
                if len(sends) >= self.group_per_minute:
                    start = max(start, sends[0] + 60)
                sends.append(start)
            self._next = start + self.interval
        delay = start - self.clock()
        if delay > 0:
            await self.sleep(delay)

    async def reserve(self, chat_id: object) -> None:
        """Wait for a turn now, for a request to `chat_id` that will follow.

        A broadcast takes its turn before it records a message as being sent, so that a crash
        leaves as few messages of unknown outcome as possible; the request then only passes the
        window check.
        """
        await self.wait(chat_id)
        self._reserved[_key(chat_id)] += 1

    async def admit(self) -> None:
        """Right before a request: never more than `per_second` requests in any one second.

        The schedule of `wait` spaces requests evenly, but a busy event loop can hold some back
        and release them together; this window check, taken when the request really starts,
        keeps such a bunch within the limit too.
        """
        async with self._admit_lock:
            while True:
                now = self.clock()
                while self._started and self._started[0] <= now - 1.0:
                    self._started.popleft()
                if len(self._started) < self.window_limit:
                    self._started.append(now)
                    return
                await self.sleep(self._started[0] + 1.0 - now)

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, JSON]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> JSON:
        """Pace a request that posts to a chat; retry it after a RetryAfter (it was not delivered)."""
        posting = "chat_id" in data and endpoint.startswith(_POSTING)
        retries = self.max_retries if rate_limit_args is None else rate_limit_args
        for attempt in range(retries + 1):
            if posting:
                key = _key(data["chat_id"])
                if attempt == 0 and self._reserved[key] > 0:
                    self._reserved[key] -= 1
                else:
                    await self.wait(data["chat_id"])
                await self.admit()
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as exc:
                self.retry_after_seen += 1
                if attempt == retries:
                    raise
                delay = retry_seconds(exc) + 0.1
                log.info("flood control: every request waits %.1f s", delay)
                async with self._lock:
                    self._next = max(self._next, self.clock() + delay)
                if not posting:
                    await self.sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover - the loop returns or raises
