"""The per-user flood guard, on a clock the test moves by hand."""

from __future__ import annotations

import pytest

from bot.telegram.handlers.flood import FloodGuard, Verdict


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_over_the_limit_one_warning_then_silence_then_back() -> None:
    clock = Clock()
    guard = FloodGuard(limit=3, window=60, pause=60, clock=clock)
    assert [guard.check(1) for _ in range(5)] == [
        Verdict.OK,
        Verdict.OK,
        Verdict.OK,
        Verdict.WARN,
        Verdict.DROP,
    ]
    assert guard.check(2) is Verdict.OK  # other users are not affected
    clock.now = 61
    assert guard.check(1) is Verdict.OK


def test_messages_spread_over_the_window_are_fine() -> None:
    clock = Clock()
    guard = FloodGuard(limit=3, window=60, pause=60, clock=clock)
    for n in range(10):
        clock.now = n * 21
        assert guard.check(1) is Verdict.OK


def test_nonsense_limits_are_refused() -> None:
    with pytest.raises(ValueError):
        FloodGuard(limit=0)
