"""Bad input gets a clear, short reply and never a traceback."""

from __future__ import annotations

import asyncio

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from telegram.constants import MessageLimit

from bot.chat.registry import respond
from bot.chat.render import render_html, render_plain
from bot.engine.answer import Engine
from bot.storage.store import fts_phrase
from tests.helpers import build_engine


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return build_engine(tmp_path_factory.mktemp("db") / "bot.sqlite3")


HOSTILE = [
    "",
    "   ",
    "x" * 10_000,
    "🇻🇳🤝🌏",
    "\x00\x01\x02\x7f",
    "<b>đối tác</b><script>alert(1)</script>",
    '"; DROP TABLE facts; --',
    '" * AND NEAR( -x a:b',
    "đối tác NEAR(chiến lược, 2) OR *",
    "\u202eđối tác\u200f",
    "Vi\u0323\u0302t Nam co\u0301 bao nhie\u0302u đối tác?",
    "/event 31-02-2021",
    "/",
    "/@",
    "/event@",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_input_gets_a_short_reply(engine: Engine, text: str) -> None:
    reply = asyncio.run(respond(engine, None, text))
    plain = render_plain(reply)
    assert plain.strip()
    assert len(plain) < 5000
    assert all(
        len(m) <= MessageLimit.MAX_TEXT_LENGTH
        for m in render_html(reply, limit=MessageLimit.MAX_TEXT_LENGTH)
    )


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=300))
def test_answering_never_raises_on_any_text(engine: Engine, text: str) -> None:
    answer = engine.answer(text)
    assert isinstance(answer.found, bool)
    assert 0.0 <= answer.confidence <= 1.0


@given(st.text(max_size=200))
def test_fts_queries_are_always_quoted(text: str) -> None:
    query = fts_phrase(text)
    if query is not None:
        for term in query.split(" "):
            assert term.startswith('"') and term.endswith('"')
