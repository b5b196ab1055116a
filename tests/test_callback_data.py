"""Callback data: every button fits Telegram's 64 bytes and is recognised by its pattern."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from telegram.constants import InlineKeyboardButtonLimit

from bot.telegram.handlers import callback_data

LIMIT = InlineKeyboardButtonLimit.MAX_CALLBACK_DATA


@given(st.text(max_size=200), st.integers(min_value=1, max_value=9999))
def test_paged_and_command_arguments_are_cut_to_fit(arg: str, page: int) -> None:
    paged = callback_data.page("documents", page, arg)
    command = callback_data.command("event", arg)
    assert len(paged.encode("utf-8")) <= LIMIT
    assert len(command.encode("utf-8")) <= LIMIT
    match = callback_data.PAGE.match(paged)
    assert match is not None and (match[1], int(match[2])) == ("documents", page)
    assert arg.startswith(match[3])
    match = callback_data.COMMAND.match(command)
    assert match is not None and arg.startswith(match[2])


def test_a_cut_never_splits_a_vietnamese_character() -> None:
    data = callback_data.command("people", "Bùi Thanh Sơn " * 10)
    assert len(data.encode("utf-8")) <= LIMIT
    assert data.encode("utf-8").decode("utf-8") == data


def test_more_keeps_the_ids_that_fit() -> None:
    ids = [f"{n:010x}" for n in range(10)]
    data = callback_data.more(ids)
    assert data is not None and len(data.encode("utf-8")) <= LIMIT
    match = callback_data.MORE.match(data)
    assert match is not None and match[1].split(",") == ids[: len(match[1].split(","))]
    assert callback_data.more([]) is None


def test_fact_buttons_match_their_patterns() -> None:
    assert callback_data.SOURCE.match(callback_data.source("abc123"))
    assert callback_data.ASK.match(callback_data.ask("abc123"))
    match = callback_data.FEEDBACK.match(callback_data.feedback("abc123", -1))
    assert match is not None and match[2] == "-1"
    assert callback_data.LANGUAGE.match(callback_data.language("en"))
    assert not callback_data.SOURCE.match("src:<script>")
