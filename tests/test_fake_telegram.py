"""Tests for the strict fake Telegram Bot API server in ``fake_telegram.py``.

The fake is exercised through a real ``telegram.Bot`` pointed at it (so the wire format is what
python-telegram-bot really sends), through a raw aiohttp client, and through a full
``telegram.ext.Application`` polling it.
"""

from __future__ import annotations

import asyncio
import datetime as dtm
import html
import time
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from telegram import Bot as TelegramBot
from telegram import (
    BotCommand,
    BotCommandScopeChat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    ReplyKeyboardMarkup,
    ReplyParameters,
    Update,
)
from telegram.error import BadRequest, Conflict, Forbidden, InvalidToken, RetryAfter
from telegram.ext import (
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
)

try:
    from tests.fake_telegram import FakeTelegram, parse_html, utf16_len
except ImportError:  # tests/ is not a package: pytest put tests/ itself on sys.path
    from fake_telegram import (  # type: ignore[no-redef,import-not-found,unused-ignore]
        FakeTelegram,
        parse_html,
        utf16_len,
    )

USER = 42
OTHER_USER = 43
GROUP = -100_123_456_789

_IGNORE_RETRY_AFTER_TYPE_WARNING = pytest.mark.filterwarnings(
    # PTB 22.2+ warns that RetryAfter.retry_after will become a timedelta; not our concern here.
    "ignore:.*retry_after.*:telegram.warnings.PTBDeprecationWarning"
)


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram() as server:
        yield server
        assert server.internal_errors == []


@pytest.fixture
async def bot(fake: FakeTelegram) -> AsyncIterator[TelegramBot]:
    async with TelegramBot(
        fake.token, base_url=fake.base_url, base_file_url=fake.base_file_url
    ) as telegram_bot:
        yield telegram_bot


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


@pytest.fixture
def user_chat(fake: FakeTelegram) -> int:
    """A private chat the user opened by writing to the bot."""
    fake.push_private_text(USER, "/start")
    return USER


async def raw_call(
    http: aiohttp.ClientSession,
    url: str,
    *,
    form: dict[str, str] | None = None,
    json_body: dict[str, Any] | None = None,
) -> tuple[int, dict[str, Any]]:
    async with http.post(url, data=form, json=json_body) as response:
        return response.status, await response.json()


# ---------------------------------------------------------------------------------------------
# Identity, auth, routing
# ---------------------------------------------------------------------------------------------


async def test_get_me(bot: TelegramBot) -> None:
    me = await bot.get_me()
    assert me.id == 123456
    assert me.is_bot
    assert me.first_name == "Test Bot"
    assert me.username == "test_fa_bot"
    assert me.can_join_groups
    assert me.supports_inline_queries
    assert me.can_read_all_group_messages is False


async def test_custom_username() -> None:
    server = FakeTelegram(bot_username="other_bot")
    async with server, TelegramBot(server.token, base_url=server.base_url) as telegram_bot:
        assert telegram_bot.username == "other_bot"


async def test_wrong_token_is_invalid_token(fake: FakeTelegram) -> None:
    wrong = TelegramBot("999:WRONG", base_url=fake.base_url, base_file_url=fake.base_file_url)
    with pytest.raises(InvalidToken):
        await wrong.get_me()
    await wrong.shutdown()
    assert fake.requests == []


async def test_wrong_token_raw_shape(fake: FakeTelegram, http: aiohttp.ClientSession) -> None:
    status, body = await raw_call(http, f"{fake.base_url}999:WRONG/getMe")
    assert status == 401
    assert body == {"ok": False, "error_code": 401, "description": "Unauthorized"}


async def test_unknown_method(fake: FakeTelegram, http: aiohttp.ClientSession) -> None:
    status, body = await raw_call(http, f"{fake.api_url}/sendTelepathy")
    assert status == 404
    assert body == {"ok": False, "error_code": 404, "description": "Not Found: method not found"}


async def test_raw_json_body_query_string_and_case_insensitive_method(
    fake: FakeTelegram, http: aiohttp.ClientSession, user_chat: int
) -> None:
    status, body = await raw_call(
        http,
        f"{fake.api_url}/SENDMESSAGE",
        json_body={
            "chat_id": user_chat,
            "text": "<b>hi</b>",
            "parse_mode": "HTML",
            "reply_markup": {"inline_keyboard": [[{"text": "A", "callback_data": "a"}]]},
        },
    )
    assert status == 200, body
    assert body["ok"] is True
    assert body["result"]["text"] == "hi"
    assert body["result"]["entities"] == [{"offset": 0, "length": 2, "type": "bold"}]
    assert fake.requests[-1][0] == "sendMessage"

    async with http.get(f"{fake.api_url}/getMe?unused=1") as response:
        assert (await response.json())["result"]["username"] == "test_fa_bot"

    # Form-encoded with a JSON-encoded nested object, as python-telegram-bot sends it.
    status, body = await raw_call(
        http,
        f"{fake.api_url}/sendMessage",
        form={
            "chat_id": str(user_chat),
            "text": "123",
            "reply_markup": '{"inline_keyboard": [[{"text": "B", "callback_data": "b"}]]}',
        },
    )
    assert status == 200, body
    assert body["result"]["text"] == "123"
    assert fake.requests[-1][1]["chat_id"] == user_chat
    assert fake.requests[-1][1]["reply_markup"]["inline_keyboard"][0][0]["text"] == "B"


async def test_invalid_json_object_parameter(
    fake: FakeTelegram, http: aiohttp.ClientSession, user_chat: int
) -> None:
    status, body = await raw_call(
        http,
        f"{fake.api_url}/sendMessage",
        form={"chat_id": str(user_chat), "text": "x", "reply_markup": "{not json"},
    )
    assert status == 400
    assert body["description"] == "Bad Request: can't parse reply keyboard markup JSON object"


# ---------------------------------------------------------------------------------------------
# sendMessage: HTML, lengths, markup
# ---------------------------------------------------------------------------------------------


async def test_send_message_valid_html(
    fake: FakeTelegram, bot: TelegramBot, user_chat: int
) -> None:
    message = await bot.send_message(
        user_chat,
        '<b>Chào</b> <i>bạn</i> &amp; <a href="https://e.vn/?a=1&amp;b=2">link</a> &lt;3',
        parse_mode="HTML",
    )
    assert message.text == "Chào bạn & link <3"
    assert message.from_user is not None and message.from_user.id == bot.id
    assert [(e.type, e.offset, e.length) for e in message.entities] == [
        ("bold", 0, 4),
        ("italic", 5, 3),
        ("text_link", 11, 4),
    ]
    assert message.entities[2].url == "https://e.vn/?a=1&b=2"
    assert fake.sent(user_chat)[-1]["text"] == "Chào bạn & link <3"
    assert fake.last_sent()["message_id"] == message.message_id


@pytest.mark.parametrize(
    "text",
    [
        '<tg-spoiler>s</tg-spoiler> <span class="tg-spoiler">s</span>',
        "<blockquote expandable>q</blockquote><blockquote>q</blockquote>",
        '<pre><code class="language-python">x = 1</code></pre>',
        '<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>',
        "<u>u</u><ins>u</ins><s>s</s><strike>s</strike><del>d</del><em>e</em><strong>s</strong>",
        "&#128512; &#x1F600; &quot;q&quot; &gt;",
        "<B>upper case tags</B> and a stray > is fine",
    ],
)
async def test_send_message_accepts_telegram_html(
    bot: TelegramBot, user_chat: int, text: str
) -> None:
    message = await bot.send_message(user_chat, text, parse_mode="HTML")
    assert message.text


async def test_html_pre_code_language_and_utf16_offsets(bot: TelegramBot, user_chat: int) -> None:
    message = await bot.send_message(
        user_chat,
        '😀 <b>x</b> <pre><code class="language-python">y</code></pre>',
        parse_mode="HTML",
    )
    assert message.text == "😀 x y"
    bold, pre = message.entities
    assert (bold.type, bold.offset, bold.length) == ("bold", 3, 1)
    assert (pre.type, pre.offset, pre.language) == ("pre", 5, "python")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<b>unclosed", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<foo>x</foo>", 'Unsupported start tag "foo" at byte offset 0'),
        ("Tom & Jerry", 'Character "&" at byte offset 4'),
        ("&amp without semicolon", 'Character "&" at byte offset 0'),
        ("<b>x</i>", 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'),
        ("1 < 2", 'Unsupported start tag "" at byte offset 2'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ("<b", "Unclosed start tag at byte offset 0"),
        ("<span>x</span>", 'Tag "span" must have class "tg-spoiler"'),
        ("<a>x</a>", 'Tag "a" must have a non-empty "href"'),
        ("<br>", 'Unsupported start tag "br"'),
        ("Ê <i>x</b>", "Unmatched end tag at byte offset 7"),
    ],
)
async def test_send_message_rejects_invalid_html(
    fake: FakeTelegram, bot: TelegramBot, user_chat: int, text: str, expected: str
) -> None:
    with pytest.raises(BadRequest) as info:
        await bot.send_message(user_chat, text, parse_mode="HTML")
    # python-telegram-bot strips "Bad Request: " and lower-cases all but the first letter.
    assert str(info.value).lower().startswith(f"can't parse entities: {expected}".lower())
    assert fake.calls[-1].response is not None
    assert fake.calls[-1].response["description"].startswith("Bad Request: can't parse entities")
    assert fake.sent(user_chat) == []


def test_parse_html_lenient_mode_matches_telegram() -> None:
    assert parse_html("Tom & Jerry &lt", strict=False) == ("Tom & Jerry <", [])
    _, entities = parse_html("<a>https://e.vn</a>", strict=False)
    assert entities == [{"offset": 0, "length": 12, "type": "text_link", "url": "https://e.vn"}]


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_properly_escaped_text_always_parses(text: str) -> None:
    """Whatever users type, escaping it the standard way must satisfy the strict parsers."""
    assert parse_html(html.escape(text)) == (text, [])
    assert parse_html(f"<b>{html.escape(text)}</b>")[0] == text


async def test_message_length_limits(bot: TelegramBot, user_chat: int) -> None:
    await bot.send_message(user_chat, "a" * 4096)
    await bot.send_message(user_chat, "<b>" + "a" * 4096 + "</b>", parse_mode="HTML")
    await bot.send_message(user_chat, "😀" * 2048)
    with pytest.raises(BadRequest, match="Message is too long"):
        await bot.send_message(user_chat, "a" * 4097)
    with pytest.raises(BadRequest, match="Message is too long"):
        await bot.send_message(user_chat, "😀" * 2049)  # 4098 UTF-16 code units
    assert utf16_len("😀" * 2049) == 4098


@pytest.mark.parametrize("text", ["   \n ", "<b> </b>"])
async def test_empty_message_text(bot: TelegramBot, user_chat: int, text: str) -> None:
    with pytest.raises(BadRequest, match="Message text is empty"):
        await bot.send_message(user_chat, text, parse_mode="HTML")


async def test_text_is_stripped(bot: TelegramBot, user_chat: int) -> None:
    message = await bot.send_message(user_chat, "\n  <b>x</b> y  \n", parse_mode="HTML")
    assert message.text == "x y"
    assert (message.entities[0].offset, message.entities[0].length) == (0, 1)


async def test_callback_data_limit(bot: TelegramBot, user_chat: int) -> None:
    ok = InlineKeyboardMarkup([[InlineKeyboardButton("ok", callback_data="x" * 64)]])
    message = await bot.send_message(user_chat, "fits", reply_markup=ok)
    assert message.reply_markup == ok
    for data in ("x" * 65, "đ" * 33):  # 65 bytes; 66 UTF-8 bytes but only 33 characters
        markup = InlineKeyboardMarkup([[InlineKeyboardButton("no", callback_data=data)]])
        with pytest.raises(BadRequest, match=r"(?i)button_data_invalid"):
            await bot.send_message(user_chat, "too big", reply_markup=markup)


async def test_inline_button_needs_exactly_one_action(
    fake: FakeTelegram, http: aiohttp.ClientSession, user_chat: int
) -> None:
    for button, error in [
        ({"text": "bare"}, "Text buttons are unallowed"),
        ({"text": "two", "url": "https://e.vn", "callback_data": "x"}, "exactly one action"),
        ({"text": "u", "url": "not a url"}, "BUTTON_URL_INVALID"),
    ]:
        status, body = await raw_call(
            http,
            f"{fake.api_url}/sendMessage",
            json_body={
                "chat_id": user_chat,
                "text": "x",
                "reply_markup": {"inline_keyboard": [[button]]},
            },
        )
        assert status == 400
        assert error in body["description"]


async def test_only_inline_keyboards_are_accepted(bot: TelegramBot, user_chat: int) -> None:
    with pytest.raises(BadRequest, match=r"(?i)can.t parse inline keyboard markup"):
        await bot.send_message(
            user_chat, "pick", reply_markup=ReplyKeyboardMarkup([["Có", "Không"]])
        )


async def test_reply_to_messages(fake: FakeTelegram, bot: TelegramBot) -> None:
    pushed = fake.push_private_text(USER, "Câu hỏi?")
    question_id = pushed["message"]["message_id"]
    answer = await bot.send_message(USER, "Trả lời", reply_parameters=ReplyParameters(question_id))
    assert answer.reply_to_message is not None
    assert answer.reply_to_message.text == "Câu hỏi?"
    assert answer.message_id == question_id + 1  # one message id sequence per chat
    with pytest.raises(BadRequest, match="Message to be replied not found"):
        await bot.send_message(USER, "x", reply_parameters=ReplyParameters(999))
    lenient = ReplyParameters(999, allow_sending_without_reply=True)
    assert (await bot.send_message(USER, "x", reply_parameters=lenient)).reply_to_message is None


async def test_cannot_initiate_conversation_or_write_to_unknown_group(
    fake: FakeTelegram, bot: TelegramBot
) -> None:
    with pytest.raises(Forbidden, match="bot can't initiate conversation with a user"):
        await bot.send_message(OTHER_USER, "hello")
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(-1001, "hello")
    fake.push_private_text(OTHER_USER, "/start")
    with pytest.raises(BadRequest, match="Unsupported parse_mode"):
        await bot.send_message(OTHER_USER, "x", parse_mode="XML")


# ---------------------------------------------------------------------------------------------
# Editing, deleting, copying
# ---------------------------------------------------------------------------------------------


async def test_edit_message_text(fake: FakeTelegram, bot: TelegramBot, user_chat: int) -> None:
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("More", callback_data="more")]])
    sent = await bot.send_message(user_chat, "<b>v1</b>", parse_mode="HTML", reply_markup=keyboard)

    with pytest.raises(BadRequest, match="Message is not modified: specified new message content"):
        await bot.edit_message_text(
            "<b>v1</b>", user_chat, sent.message_id, parse_mode="HTML", reply_markup=keyboard
        )

    edited = await bot.edit_message_text("v2", user_chat, sent.message_id, reply_markup=keyboard)
    assert isinstance(edited, object) and edited.text == "v2"  # type: ignore[union-attr]
    # Omitting reply_markup removes the keyboard, exactly like Telegram.
    await bot.edit_message_text("v3", user_chat, sent.message_id)
    current = fake.message(user_chat, sent.message_id)
    assert current is not None
    assert current["text"] == "v3" and "reply_markup" not in current and "edit_date" in current
    stored = fake.message(user_chat, sent.message_id)
    assert stored is not None and stored["text"] == "v3"
    assert len(fake.sent(user_chat)) == 1

    with pytest.raises(BadRequest, match="Message to edit not found"):
        await bot.edit_message_text("x", user_chat, 9999)
    with pytest.raises(BadRequest, match="Message can't be edited"):
        await bot.edit_message_text("x", user_chat, 1)  # the user's own /start
    with pytest.raises(BadRequest, match="Can't parse entities"):
        await bot.edit_message_text("<b>x", user_chat, sent.message_id, parse_mode="HTML")


async def test_copy_message(fake: FakeTelegram, bot: TelegramBot, user_chat: int) -> None:
    fake.push_private_text(OTHER_USER, "hi")
    sent = await bot.send_message(user_chat, "<i>x</i>", parse_mode="HTML")
    copied = await bot.copy_message(OTHER_USER, user_chat, sent.message_id)
    copy_in_store = fake.message(OTHER_USER, copied.message_id)
    assert copy_in_store is not None
    assert copy_in_store["entities"][0]["type"] == "italic"
    with pytest.raises(BadRequest, match="Message to copy not found"):
        await bot.copy_message(OTHER_USER, user_chat, 999)


# ---------------------------------------------------------------------------------------------
# Error injection
# ---------------------------------------------------------------------------------------------


@_IGNORE_RETRY_AFTER_TYPE_WARNING
async def test_fail_next_retry_after_then_success(
    fake: FakeTelegram, bot: TelegramBot, user_chat: int
) -> None:
    fake.fail_next("sendMessage", error_code=429, retry_after=3)
    with pytest.raises(RetryAfter) as info:
        await bot.send_message(user_chat, "hello")
    assert info.value.retry_after in (3, dtm.timedelta(seconds=3))
    assert fake.calls[-1].response == {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 3",
        "parameters": {"retry_after": 3},
    }
    assert fake.sent(user_chat) == []
    message = await bot.send_message(user_chat, "hello")
    assert message.text == "hello"


async def test_fail_next_filters_by_chat_and_counts(
    fake: FakeTelegram, bot: TelegramBot, user_chat: int
) -> None:
    fake.push_private_text(OTHER_USER, "hi")
    fake.fail_next(
        "sendmessage", error_code=400, description="Bad Request: boom", chat_id=7, times=2
    )
    fake.fail_next("getChat", error_code=502, times=2)
    await bot.send_message(user_chat, "unaffected")
    for _ in range(2):
        with pytest.raises(Exception, match="Bad Gateway"):
            await bot.get_chat(user_chat)
    assert (await bot.get_chat(user_chat)).id == user_chat


async def test_block_chat(fake: FakeTelegram, bot: TelegramBot, user_chat: int) -> None:
    fake.block_chat(user_chat)
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(user_chat, "hello")
    with pytest.raises(Forbidden):
        await bot.copy_message(user_chat, user_chat, 1)
    assert (await bot.get_chat(user_chat)).id == user_chat


async def test_my_chat_member_kicked_blocks(fake: FakeTelegram, bot: TelegramBot) -> None:
    update = fake.push_my_chat_member(USER, USER, old_status="member", new_status="kicked")
    parsed = Update.de_json(update, bot)
    assert parsed.my_chat_member is not None
    assert parsed.my_chat_member.new_chat_member.status == "kicked"
    with pytest.raises(Forbidden, match="blocked"):
        await bot.send_message(USER, "still there?")


async def test_missing_chat(fake: FakeTelegram, bot: TelegramBot, user_chat: int) -> None:
    fake.missing_chat(user_chat)
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(user_chat, "hello")
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.get_chat(user_chat)


@_IGNORE_RETRY_AFTER_TYPE_WARNING
async def test_rate_limit(fake: FakeTelegram, bot: TelegramBot, user_chat: int) -> None:
    fake.rate_limit(per_second=30, per_chat_per_second=1)
    await bot.send_message(user_chat, "one")
    with pytest.raises(RetryAfter) as info:
        await bot.send_message(user_chat, "two")
    assert info.value.retry_after in (1, dtm.timedelta(seconds=1))
    assert fake.rate_limited == 1
    fake.clear_rate_limit()
    await bot.send_message(user_chat, "three")


# ---------------------------------------------------------------------------------------------
# Updates
# ---------------------------------------------------------------------------------------------


async def test_get_updates_offset_semantics(fake: FakeTelegram, bot: TelegramBot) -> None:
    ids = [fake.push_private_text(USER, f"m{i}")["update_id"] for i in range(3)]
    assert [u.update_id for u in await bot.get_updates()] == ids
    assert [u.update_id for u in await bot.get_updates()] == ids  # nothing confirmed yet
    assert [u.update_id for u in await bot.get_updates(offset=ids[1])] == ids[1:]
    assert [u.update_id for u in await bot.get_updates(limit=1)] == ids[1:2]
    assert await bot.get_updates(offset=ids[2] + 1) == ()
    assert fake.pending_updates == []

    more = [fake.push_private_text(USER, f"n{i}")["update_id"] for i in range(3)]
    assert [u.update_id for u in await bot.get_updates(offset=-1)] == more[-1:]
    assert [u.update_id for u in await bot.get_updates()] == more[-1:]  # the rest is forgotten


async def test_get_updates_long_poll(fake: FakeTelegram, bot: TelegramBot) -> None:
    fake.long_poll_cap = 0.2
    started = time.monotonic()
    assert await bot.get_updates(timeout=10) == ()
    assert 0.15 <= time.monotonic() - started < 2

    fake.long_poll_cap = 5
    poll = asyncio.create_task(bot.get_updates(timeout=10))
    await asyncio.sleep(0.05)
    started = time.monotonic()
    pushed = fake.push_private_text(USER, "wake up")
    updates = await poll
    assert time.monotonic() - started < 1
    assert [u.update_id for u in updates] == [pushed["update_id"]]


async def test_allowed_updates(fake: FakeTelegram, bot: TelegramBot) -> None:
    text = fake.push_group_text(GROUP, USER, "/help")
    fake.push_inline_query(USER, "Việt Nam")
    updates = await bot.get_updates(allowed_updates=["message"])
    assert [u.update_id for u in updates] == [text["update_id"]]


async def test_webhook_conflicts_with_get_updates(bot: TelegramBot) -> None:
    with pytest.raises(BadRequest, match=r"(?i)https url must be provided"):
        await bot.set_webhook("http://example.com/hook")
    assert await bot.set_webhook("https://example.com/hook")
    assert (await bot.get_webhook_info()).url == "https://example.com/hook"
    with pytest.raises(Conflict, match="webhook is active"):
        await bot.get_updates()
    assert await bot.delete_webhook()
    assert await bot.get_updates() == ()


async def test_push_helpers_build_realistic_updates(fake: FakeTelegram, bot: TelegramBot) -> None:
    command = fake.push_group_text(GROUP, USER, "/help@test_fa_bot now")["message"]
    assert command["chat"]["type"] == "supergroup"
    assert command["from"]["language_code"] == "vi"
    assert command["entities"] == [{"offset": 0, "length": 17, "type": "bot_command"}]

    mention = fake.push_group_text(GROUP, OTHER_USER, "😀 @test_fa_bot hỏi #ASEAN", None, "en")
    # Privacy mode: a mention in a group does not reach the bot; the command does.
    assert fake.undelivered == [mention]
    delivered = await bot.get_updates()
    assert [u.update_id for u in delivered] == [1]
    assert delivered[0].message is not None
    assert delivered[0].message.text == "/help@test_fa_bot now"

    small_group = fake.push_group_text(-4567, USER, "/start")["message"]["chat"]
    assert small_group["type"] == "group"

    inline = fake.push_inline_query(USER, "Việt Nam")
    assert Update.de_json(inline, bot).inline_query is not None

    reply = await bot.send_message(GROUP, "ok")
    fake.set_admins(GROUP, [fake.bot_id])  # an admin bot sees everything
    plain = fake.push_group_text(GROUP, USER, "plain text", reply.message_id)
    assert plain not in fake.undelivered
    assert plain["message"]["reply_to_message"]["message_id"] == reply.message_id


# ---------------------------------------------------------------------------------------------
# Queries
# ---------------------------------------------------------------------------------------------


async def test_callback_query_flow(fake: FakeTelegram, bot: TelegramBot, user_chat: int) -> None:
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Xem", callback_data="show:1")]])
    sent = await bot.send_message(user_chat, "Tin", reply_markup=keyboard)
    with pytest.raises(ValueError, match="no button"):
        fake.push_callback(USER, user_chat, sent.message_id, "other")
    with pytest.raises(ValueError, match="has no message"):
        fake.push_callback(USER, user_chat, 1, "show:1")

    update = Update.de_json(fake.push_callback(USER, user_chat, sent.message_id, "show:1"), bot)
    query = update.callback_query
    assert query is not None and query.data == "show:1"
    assert query.message is not None and query.message.message_id == sent.message_id

    with pytest.raises(BadRequest, match=r"(?i)message_too_long"):
        await bot.answer_callback_query(query.id, text="x" * 201)
    assert await bot.answer_callback_query(query.id, text="x" * 200)
    with pytest.raises(BadRequest, match="Query is too old"):
        await bot.answer_callback_query(query.id)
    assert fake.callback_answers[0]["text"] == "x" * 200
    assert fake.callback_answers[0]["callback_query"]["data"] == "show:1"


async def test_inline_query_answers(fake: FakeTelegram, bot: TelegramBot) -> None:
    def article(result_id: str, text: str = "<b>ok</b>") -> InlineQueryResultArticle:
        return InlineQueryResultArticle(
            result_id, "Title", InputTextMessageContent(text, parse_mode="HTML")
        )

    query_id = fake.push_inline_query(USER, "asean")["inline_query"]["id"]
    with pytest.raises(BadRequest, match=r"(?i)results_too_much"):
        await bot.answer_inline_query(query_id, [article(str(i)) for i in range(51)])
    with pytest.raises(BadRequest, match=r"(?i)result_id_duplicate"):
        await bot.answer_inline_query(query_id, [article("1"), article("1")])
    with pytest.raises(BadRequest, match=r"(?i)result_id_invalid"):
        await bot.answer_inline_query(query_id, [article("x" * 65)])
    with pytest.raises(BadRequest, match="Can't parse entities"):
        await bot.answer_inline_query(query_id, [article("1", "<i>open")])
    with pytest.raises(BadRequest, match=r"(?i)message_too_long"):
        await bot.answer_inline_query(query_id, [article("1", "a" * 4097)])

    assert await bot.answer_inline_query(query_id, [article(str(i)) for i in range(50)])
    assert len(fake.inline_answers) == 1
    assert fake.inline_answers[0]["inline_query"]["query"] == "asean"
    assert len(fake.inline_answers[0]["results"]) == 50
    with pytest.raises(BadRequest, match="Query is too old"):
        await bot.answer_inline_query(query_id, [])


# ---------------------------------------------------------------------------------------------
# Commands, chats, members
# ---------------------------------------------------------------------------------------------


async def test_commands(fake: FakeTelegram, bot: TelegramBot, user_chat: int) -> None:
    commands = [BotCommand("start", "Bắt đầu"), BotCommand("help_2", "Trợ giúp")]
    assert await bot.set_my_commands(commands)
    assert await bot.set_my_commands(commands[:1], language_code="en")
    assert await bot.set_my_commands(commands[1:], scope=BotCommandScopeChat(user_chat))
    assert fake.get_commands({"type": "default"}) == [c.to_dict() for c in commands]
    assert fake.get_commands({"type": "default"}, "en") == [commands[0].to_dict()]
    assert fake.get_commands({"type": "chat", "chat_id": user_chat}) == [
        {"command": "help_2", "description": "Trợ giúp"}
    ]
    assert len(fake.commands) == 3

    for name in ("Help", "/help", "a" * 33, "trợ_giúp", ""):
        with pytest.raises(BadRequest, match=r"(?i)bot_command_invalid"):
            await bot.set_my_commands([BotCommand(name, "x")])
    with pytest.raises(BadRequest, match=r"(?i)bot_command_description_invalid"):
        await bot.set_my_commands([BotCommand("ok", "d" * 257)])
    with pytest.raises(BadRequest, match=r"(?i)bot_commands_too_much"):
        await bot.set_my_commands([BotCommand(f"c{i}", "x") for i in range(101)])


async def test_chats_and_members(fake: FakeTelegram, bot: TelegramBot, user_chat: int) -> None:
    fake.push_group_text(GROUP, USER, "/start", title="Nhóm ngoại giao")
    fake.add_user(OTHER_USER, "Lan", username="lan_vn")
    fake.set_admins(GROUP, [OTHER_USER, fake.bot_id], creator_id=USER)

    chat = await bot.get_chat(GROUP)
    assert (chat.type, chat.title) == ("supergroup", "Nhóm ngoại giao")
    assert (await bot.get_chat(user_chat)).type == "private"

    assert (await bot.get_chat_member(GROUP, fake.bot_id)).status == "administrator"
    assert (await bot.get_chat_member(GROUP, USER)).status == "creator"
    assert (await bot.get_chat_member(GROUP, OTHER_USER)).status == "administrator"
    with pytest.raises(BadRequest, match="User not found"):
        await bot.get_chat_member(GROUP, 999)


# ---------------------------------------------------------------------------------------------
# A real Application polling the fake
# ---------------------------------------------------------------------------------------------


async def test_application_end_to_end(fake: FakeTelegram) -> None:
    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Tiếp", callback_data="next")]])
        await update.effective_message.reply_html("<b>Xin chào!</b>", reply_markup=keyboard)

    async def on_next(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None
        await query.answer("Đã nhận")
        await query.edit_message_text("Trang 2")

    app = (
        ApplicationBuilder()
        .token(fake.token)
        .base_url(fake.base_url)
        .base_file_url(fake.base_file_url)
        .build()
    )
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CallbackQueryHandler(on_next))
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0)
        try:
            fake.push_group_text(GROUP, USER, "/start@test_fa_bot")
            params = await fake.wait_for("sendMessage", lambda p: p["chat_id"] == GROUP)
            assert params["parse_mode"] == "HTML"
            greeting = fake.last_sent(GROUP)
            assert greeting["text"] == "Xin chào!"
            assert greeting["reply_to_message"]["text"] == "/start@test_fa_bot"

            fake.push_callback(USER, GROUP, greeting["message_id"], "next")
            await fake.wait_for("editMessageText", ok_only=True)
            assert fake.callback_answers[-1]["text"] == "Đã nhận"
            assert fake.last_sent(GROUP)["text"] == "Trang 2"

            cursor = fake.mark()
            with pytest.raises(TimeoutError, match="no matching sendMessage"):
                await fake.wait_for("sendMessage", timeout=0.2, after=cursor)
        finally:
            await app.updater.stop()
            await app.stop()
    assert fake.pending_updates == []


# ---------------------------------------------------------------------------------------------
# Polls
# ---------------------------------------------------------------------------------------------


async def test_send_quiz_poll_and_its_answer_update(fake: FakeTelegram, bot: TelegramBot) -> None:
    fake.push_private_text(USER, "/start")
    message = await bot.send_poll(
        USER,
        "Năm nào?",
        ["2021", "2022"],
        is_anonymous=False,
        type="quiz",
        correct_option_ids=[1],
        explanation="Vì thế.",
    )
    assert message.poll is not None and message.poll.correct_option_ids == (1,)
    fake.push_poll_answer(message.poll.id, USER, [1])
    answers = [u for u in await bot.get_updates() if u.poll_answer is not None]
    assert [(a.poll_answer.poll_id, a.poll_answer.option_ids) for a in answers] == [  # type: ignore[union-attr]
        (message.poll.id, (1,))
    ]
    with pytest.raises(ValueError, match="only once"):
        fake.push_poll_answer(message.poll.id, USER, [0])


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"question": "x" * 301}, "poll question length must not exceed 300"),
        ({"options": ["a" * 101, "b"]}, "poll options length must not exceed 100"),
        ({"options": ["a"]}, "poll must have at least 2 option"),
        ({"explanation": "e" * 201}, "poll explanation is too long"),
        ({"correct_option_ids": [2]}, "wrong correct option id specified"),
    ],
)
async def test_send_poll_is_strict_on_telegrams_limits(
    fake: FakeTelegram, bot: TelegramBot, change: dict[str, Any], error: str
) -> None:
    fake.push_private_text(USER, "/start")
    params: dict[str, Any] = {
        "chat_id": USER,
        "question": "Năm nào?",
        "options": ["2021", "2022"],
        "type": "quiz",
        "correct_option_ids": [0],
        **change,
    }
    with pytest.raises(BadRequest, match=f"(?i){error}"):
        await bot.send_poll(**params)


async def test_non_anonymous_polls_are_refused_in_channels(
    fake: FakeTelegram, bot: TelegramBot
) -> None:
    fake.add_chat(-100_555, "channel", title="Kênh")
    fake.set_admins(-100_555, [fake.bot_id])
    with pytest.raises(BadRequest, match=r"(?i)non-anonymous polls can't be sent to channel"):
        await bot.send_poll(
            -100_555,
            "Năm nào?",
            ["2021", "2022"],
            is_anonymous=False,
            type="quiz",
            correct_option_ids=[0],
        )
    sent = await bot.send_poll(
        -100_555, "Năm nào?", ["2021", "2022"], type="quiz", correct_option_ids=[0]
    )
    assert sent.poll is not None and sent.poll.is_anonymous
    with pytest.raises(ValueError, match="anonymous"):
        fake.push_poll_answer(sent.poll.id, USER, [0])
