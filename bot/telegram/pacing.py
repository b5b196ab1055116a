"""The one rate limiter every request of the bot goes through: answers and broadcasts alike.

Telegram allows about 30 messages a second overall (up to 1,000 with paid broadcasts), one a
second to a private chat and 20 a minute to a group or channel, and answers 429 (`RetryAfter`)
above. `Pacer` keeps below by construction: requests that post to a chat are scheduled one every
1/rate seconds, at most one a second to a private chat and `group_per_minute` a minute to one group
or channel, and checked against a sliding one-second window when they really start. A `RetryAfter`
that still comes pauses every request for the time Telegram asks, then the request is retried.
Requests that post nothing (getUpdates, answers to buttons and inline queries) are not paced.

The clock and the sleep are injectable, so the schedule can be tested without waiting.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import itertools
import logging
import math
import time
import warnings
from collections import Counter, defaultdict, deque
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from telegram.constants import FloodLimit
from telegram.error import BadRequest, ChatMigrated, NetworkError, RetryAfter, TelegramError
from telegram.ext import BaseRateLimiter

log = logging.getLogger(__name__)

Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]
JSON = bool | dict[str, Any] | list[dict[str, Any]]

# 28.5 a second, not 30: 31 requests then span 1.05 s, so a request held back by up to 50 ms
# still does not make Telegram count 31 in one second.
RATE = FloodLimit.MESSAGES_PER_SECOND * 0.95
GROUP_PER_MINUTE = int(FloodLimit.MESSAGES_PER_MINUTE_PER_GROUP)
PRIVATE_MARGIN = 1.1
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


def transient(exc: Exception) -> bool:
    """An error worth sending again: 5xx, timeouts, connection errors, a malformed response."""
    if isinstance(exc, BadRequest | RetryAfter | ChatMigrated):
        return False
    if isinstance(exc, NetworkError):
        return True
    return type(exc) is TelegramError and "invalid server response" in str(exc).lower()


class Pacer(BaseRateLimiter[int]):
    """Spaces requests: an overall rate, `private_per_second` to one private chat and
    `group_per_minute` to one group or channel; retries failed sends for `retry_seconds`.

    ``rate_limit_args`` of a request (e.g. ``bot.send_message(..., rate_limit_args=0)``) is the
    number of retries it may get instead: 0 for a caller that handles failures itself.
    """

    def __init__(
        self,
        per_second: float = RATE,
        group_per_minute: int = GROUP_PER_MINUTE,
        *,
        private_per_second: float = 1.0,
        retry_seconds: float = 30.0,
        max_retries: int | None = None,
        clock: Clock = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.interval = 1.0 / per_second
        self.window_limit = max(1, math.ceil(per_second))
        self.group_per_minute = group_per_minute
        # 10% more than the limit's spacing: a request held back a little on a busy machine, or
        # one that arrives late, still keeps the window (one chat gets few messages anyway).
        self.private_interval = PRIVATE_MARGIN / private_per_second
        self.retry_seconds = retry_seconds
        self.max_retries = max_retries
        self.clock = clock
        self.sleep = sleep
        self.retry_after_seen = 0
        self.transient_seen = 0
        self._next = 0.0
        self._lock = asyncio.Lock()
        self._started: deque[float] = deque()
        self._admit_lock = asyncio.Lock()
        self._group_sends: dict[int | str, deque[float]] = defaultdict(deque)
        self._private_next: dict[object, float] = {}
        self._reserved: Counter[object] = Counter()
        self.listeners: list[Callable[[str], None]] = []

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    def _private_turn(self, chat_id: object, start: float) -> float:
        key = _key(chat_id)
        start = max(start, self._private_next.get(key, 0.0))
        self._private_next[key] = start + self.private_interval
        if len(self._private_next) > 10_000:
            self._private_next = {k: t for k, t in self._private_next.items() if t > start}
        return start

    async def wait(self, chat_id: object) -> None:
        """Wait for this request's turn in the schedule."""
        async with self._lock:
            now = self.clock()
            start = max(now, self._next)
            group = group_key(chat_id)
            if group is not None:
                sends = self._group_sends[group]
                while sends and sends[0] <= start - 60.5:
                    sends.popleft()
                if len(sends) >= self.group_per_minute:
                    start = max(start, sends[0] + 60.5)
                sends.append(start)
            else:
                start = self._private_turn(chat_id, start)
            # A turn later than the overall schedule does not hold back other chats.
            self._next = max(self._next, max(now, self._next) + self.interval)
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
        """Pace a request that posts to a chat; retry a failed send until `retry_seconds` pass.

        A RetryAfter means Telegram did not deliver: every request waits, then it is sent again.
        A transient fault (5xx, timeout, connection, malformed response) is retried with backoff
        (0.2 s doubling up to 5 s). After a timeout the message may have arrived already, so a
        retried answer can arrive twice; an answer is never silently dropped before the bound.
        """
        posting = "chat_id" in data and endpoint.startswith(_POSTING)
        limit = self.max_retries if rate_limit_args is None else rate_limit_args
        deadline = self.clock() + self.retry_seconds
        for attempt in itertools.count():
            if posting:
                key = _key(data["chat_id"])
                if attempt == 0 and self._reserved[key] > 0:
                    self._reserved[key] -= 1
                else:
                    await self.wait(data["chat_id"])
                await self.admit()
            try:
                result = await callback(*args, **kwargs)
            except RetryAfter as exc:
                self.retry_after_seen += 1
                delay = retry_seconds(exc) + 0.1
                log.info("flood control: every request waits %.1f s", delay)
                async with self._lock:
                    self._next = max(self._next, self.clock() + delay)
                if not self._may_retry(attempt, limit, deadline, delay):
                    raise
                if not posting:
                    await self.sleep(delay)
            except Exception as exc:
                if not (posting and transient(exc)):
                    raise
                self.transient_seen += 1
                delay = min(0.2 * 2**attempt, 5.0)
                if not self._may_retry(attempt, limit, deadline, delay):
                    raise
                log.warning(
                    "%s to chat %s failed (%s); retrying in %.1f s",
                    endpoint,
                    data["chat_id"],
                    exc,
                    delay,
                )
                await self.sleep(delay)
            else:
                for listener in self.listeners:
                    listener(endpoint)
                return result
        raise AssertionError("unreachable")  # pragma: no cover - the loop returns or raises

    def _may_retry(self, attempt: int, limit: int | None, deadline: float, delay: float) -> bool:
        if limit is not None:
            return attempt < limit
        return self.clock() + delay <= deadline
