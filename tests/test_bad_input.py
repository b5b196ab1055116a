"""Bad input gets a clear, short reply and never a traceback."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from telegram.constants import MessageLimit

from bot.chat.i18n import t
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
def test_any_text_gets_an_answer_with_its_source_or_says_it_does_not_know(
    engine: Engine, text: str
) -> None:
    reply = asyncio.run(respond(engine, None, text))
    plain = render_plain(reply)
    assert plain.strip()
    answer = reply.answer
    if answer is not None and reply.found:
        assert f"[{answer.facts[0].id}]" in plain
    elif answer is not None:
        assert plain.startswith((t("did_you_mean", "vi"), t("not_found", "vi")))


@pytest.fixture(scope="module")
def fts() -> Iterator[sqlite3.Connection]:
    """A real FTS5 table shaped like the store's, holding one folded sentence."""
    conn = sqlite3.connect(":memory:")
    conn.execute(
        "CREATE VIRTUAL TABLE f USING fts5(fact_id UNINDEXED, body, tokenize = 'unicode61')"
    )
    conn.execute("INSERT INTO f VALUES ('a', 'doi tac chien luoc toan dien near and or')")
    yield conn
    conn.close()


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=200))
def test_fts5_accepts_every_query_built_from_user_text(fts: sqlite3.Connection, text: str) -> None:
    query = fts_phrase(text)
    if query is not None:
        fts.execute("SELECT fact_id FROM f WHERE f MATCH ?", (query,)).fetchall()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("đối tác chiến lược", ["a"]),
        ('doi tac" OR "xyzzy', []),
        ("NEAR(doi tac)", ["a"]),
        ("doi AND tac", ["a"]),
        ("-chien", ["a"]),
        ("*", []),
    ],
)
def test_fts5_query_syntax_in_user_text_is_only_words(
    fts: sqlite3.Connection, text: str, expected: list[str]
) -> None:
    query = fts_phrase(text)
    rows = (
        fts.execute("SELECT fact_id FROM f WHERE f MATCH ?", (query,)).fetchall() if query else []
    )
    assert [r[0] for r in rows] == expected
