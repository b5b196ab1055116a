"""Keyboards under replies: sources, more, feedback, pages, did-you-mean, examples, languages."""

from __future__ import annotations

import asyncio

import pytest

from bot.chat.registry import examples, respond
from bot.chat.reply import Reply
from bot.engine.answer import Engine
from bot.telegram.handlers.keyboards import (
    examples_keyboard,
    keyboard_for,
    language_keyboard,
    more_ids,
)
from tests.helpers import build_engine


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return build_engine(tmp_path_factory.mktemp("db") / "bot.sqlite3")


def reply_to(engine: Engine, text: str, lang: str = "vi") -> Reply:
    return asyncio.run(respond(engine, None, text, lang))


def labels(reply: Reply, lang: str = "vi") -> list[str]:
    markup = keyboard_for(reply, lang)
    assert markup is not None
    return [b.text for row in markup.inline_keyboard for b in row]


def test_an_answer_gets_source_more_and_feedback(engine: Engine) -> None:
    reply = reply_to(engine, "Việt Nam có quan hệ ngoại giao với bao nhiêu quốc gia?")
    assert reply.found
    assert labels(reply) == ["Nguồn", "Xem thêm", "👍", "👎"]
    assert labels(reply, "en")[:2] == ["Source", "More"]


def test_more_never_repeats_what_the_answer_shows(engine: Engine) -> None:
    reply = reply_to(engine, "Việt Nam có quan hệ ngoại giao với bao nhiêu quốc gia?")
    assert reply.answer is not None
    ids = more_ids(reply)
    assert 1 <= len(ids) <= 5
    shown = {reply.answer.facts[0].sentence_id}
    related = {f.id: f for f in [*reply.answer.facts, *reply.answer.related]}
    assert all(related[i].sentence_id not in shown for i in ids)


def test_a_paged_list_gets_only_the_arrows_that_lead_somewhere(engine: Engine) -> None:
    reply = reply_to(engine, "/timeline")
    assert reply.pages > 1
    assert labels(reply) == ["▶"]


def test_a_not_found_reply_has_no_buttons(engine: Engine) -> None:
    assert keyboard_for(reply_to(engine, "/partners Argentina"), "vi") is None


def test_examples_and_languages(engine: Engine) -> None:
    texts = [b.text for row in examples_keyboard(engine).inline_keyboard for b in row]
    assert texts == [f"/{c.name} {arg}".strip() for c, arg in examples(engine)]
    assert f"/event {engine.example_date}" in texts
    languages = [b.callback_data for row in language_keyboard().inline_keyboard for b in row]
    assert languages == ["lang:vi", "lang:en"]
