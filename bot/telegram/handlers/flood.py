"""A per-user flood guard: too many messages in a window get one polite reply, then silence."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from enum import Enum


class Verdict(Enum):
    """What to do with one message from a user."""

    OK = "ok"
    WARN = "warn"  # the user just went over the limit: say "slow down" once
    DROP = "drop"  # the user is paused: ignore the message


class FloodGuard:
    """At most `limit` messages per `window` seconds per user, then `pause` seconds of silence."""

    def __init__(
        self,
        limit: int = 20,
        window: float = 60.0,
        pause: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if limit < 1 or window <= 0 or pause < 0:
            raise ValueError("flood guard needs limit >= 1, window > 0 and pause >= 0")
        self.limit = limit
        self.window = window
        self.pause = pause
        self.clock = clock
        self._seen: dict[int, deque[float]] = {}
        self._paused_until: dict[int, float] = {}

    def check(self, user_id: int) -> Verdict:
        """Count one message from `user_id` and say whether to answer it."""
        now = self.clock()
        until = self._paused_until.get(user_id)
        if until is not None:
            if now < until:
                return Verdict.DROP
            del self._paused_until[user_id]
        times = self._seen.setdefault(user_id, deque())
        while times and now - times[0] >= self.window:
            times.popleft()
        times.append(now)
        if len(times) > self.limit:
            times.clear()
            self._paused_until[user_id] = now + self.pause
            return Verdict.WARN
        if len(self._seen) > 10_000:
            self._forget(now)
        return Verdict.OK

    def _forget(self, now: float) -> None:
        """Drop the users who have been quiet for a whole window."""
        for uid in [u for u, ts in self._seen.items() if not ts or now - ts[-1] >= self.window]:
            del self._seen[uid]
