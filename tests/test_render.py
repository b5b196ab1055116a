"""Rendering replies: terminal text, and Telegram HTML escaped and split within the limit."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.chat.render import render_html, render_plain, split_blocks
from bot.chat.reply import Item, Reply


def test_article_text_is_escaped_in_html() -> None:
    reply = Reply(found=True, title="A & B", items=[Item("<b>x</b> & y")])
    assert render_html(reply, limit=4096) == ["<b>A &amp; B</b>\n\n• &lt;b&gt;x&lt;/b&gt; &amp; y"]


def test_long_replies_are_split_at_paragraphs_within_the_limit() -> None:
    items = [Item(f"dòng {n} " + "chữ " * 30) for n in range(200)]
    messages = render_html(Reply(found=True, title="Dài", items=items), limit=4096)
    assert len(messages) > 1
    assert all(len(m) <= 4096 for m in messages)
    assert "".join(messages).count("• dòng") == 200


@given(st.lists(st.text(alphabet="a &<>;\n", max_size=300), max_size=20), st.integers(20, 200))
def test_no_message_exceeds_the_limit_or_cuts_an_entity(texts: list[str], limit: int) -> None:
    import html

    blocks = [html.escape(t) for t in texts]
    for message in split_blocks(blocks, limit):
        assert len(message) <= limit
        tail = message[message.rfind("&") :] if "&" in message else ""
        assert not tail or ";" in tail or len(tail) > 8


def test_plain_text_pages_and_bullets() -> None:
    reply = Reply(found=True, title="T", items=[Item("x"), Item("1. y"), Item("/help — z")])
    reply.pages, reply.page = 3, 2
    assert render_plain(reply, lang="en") == "T\n• x\n1. y\n/help — z\nPage 2/3"
