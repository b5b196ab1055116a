"""End to end: the real Application (bot.telegram.app.build_application) against the strict fake Bot API.

Every test drives the bot the way a user would (messages, buttons, inline queries) and asserts
what that user would see. The fake parses the bot's HTML strictly, so unescaped document text,
over-long messages, oversized callback data and no-op edits all fail here.
"""

from __future__ import annotations

import asyncio
import io
import logging
import re
import shutil
import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import BOT_TOKEN, SEEDS, TEST_PRIVATE_RATE, running_bot
from fake_telegram import FakeTelegram
from telegram.constants import InlineKeyboardButtonLimit, MessageLimit

from bot.chat.registry import public
from bot.config import Settings
from bot.telegram.app import protect_token, run_bot

Message = dict[str, Any]
USER = 4242
GROUP = -1001234567890
TIMEOUT = 5.0


# -- helpers -----------------------------------------------------------------------------------


async def until(condition: Callable[[], bool], timeout: float = TIMEOUT) -> None:
    """Wait until `condition()` holds (the bot works in the background)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise TimeoutError("condition not met in time")
        await asyncio.sleep(0.01)


async def replies(fake: FakeTelegram, chat_id: int, before: int, count: int = 1) -> list[Message]:
    """The next `count` messages the bot sends to `chat_id` after it had sent `before`."""
    await until(lambda: len(fake.sent(chat_id)) >= before + count)
    return fake.sent(chat_id)[before:]


async def say(
    fake: FakeTelegram, text: str, *, user: int = USER, lang: str = "vi", count: int = 1
) -> list[Message]:
    """A user writes to the bot in private; the bot's answer (count messages)."""
    before = len(fake.sent(user))
    fake.push_private_text(user, text, language_code=lang)
    return await replies(fake, user, before, count)


async def say_in_group(
    fake: FakeTelegram, text: str, *, user: int = USER, reply_to: int | None = None
) -> dict[str, Any]:
    """A user writes in the group; returns the pushed update."""
    return fake.push_group_text(GROUP, user, text, reply_to_message_id=reply_to)


def buttons(message: Message) -> list[dict[str, Any]]:
    """The inline buttons under a message."""
    rows = message.get("reply_markup", {}).get("inline_keyboard", [])
    return [button for row in rows for button in row]


def button_data(message: Message, prefix: str) -> list[str]:
    """callback_data of the buttons starting with `prefix`."""
    return [
        b["callback_data"]
        for b in buttons(message)
        if b.get("callback_data", "").startswith(prefix)
    ]


def assert_well_formed(fake: FakeTelegram) -> None:
    """What holds for everything the bot sent: HTML without previews, sizes within limits."""
    assert not fake.internal_errors
    for message in fake.sent(include_deleted=True):
        assert len(message["text"]) <= MessageLimit.MAX_TEXT_LENGTH
        for button in buttons(message):
            assert (
                len(button["callback_data"].encode("utf-8"))
                <= InlineKeyboardButtonLimit.MAX_CALLBACK_DATA
            ), button
    for call in fake.calls_for("sendMessage") + fake.calls_for("editMessageText"):
        assert call.params.get("parse_mode") == "HTML", call.params
        assert call.params.get("link_preview_options") == {"is_disabled": True}, call.params


async def fetch(app: Any, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    """Rows from the bot's own SQLite database."""
    rows = await app.bot_data["store"].fetchall(sql, params)
    return [tuple(row) for row in rows]


# -- private chats -----------------------------------------------------------------------------


async def test_start_help_and_commands(telegram_fake: FakeTelegram, bot_app: Any) -> None:
    fake = telegram_fake
    [welcome] = await say(fake, "/start")
    assert "Tôi trả lời câu hỏi về đối ngoại Việt Nam" in welcome["text"]
    assert "/partners" in welcome["text"]
    examples = button_data(welcome, "cmd:")
    assert "cmd:partners:" in examples and "cmd:event:14-12-2021" in examples

    [help_] = await say(fake, "/help")
    listed = re.findall(r"^/(\w+) — ", help_["text"], re.M)
    assert listed == [c.name for c in public()]

    [partners] = await say(fake, "/partners")
    assert partners["text"].startswith("Quan hệ đối tác của Việt Nam")
    assert "30" in partners["text"]
    assert any(e["type"] == "bold" for e in partners["entities"])  # HTML title, parsed

    [event] = await say(fake, "/event 14-12-2021")
    assert "Sự kiện 14/12/2021" in event["text"]
    assert "Hội nghị" in event["text"] or "hội nghị" in event["text"]

    [bad] = await say(fake, "/event 31-02-2021")
    assert "31-02-2021" in bad["text"]
    assert "\n" not in bad["text"].strip()  # one clear line
    assert not buttons(bad)

    [unknown] = await say(fake, "/frobnicate")
    assert "/frobnicate" in unknown["text"] and "/help" in unknown["text"]

    rows = await fetch(
        bot_app, "SELECT text, found FROM questions WHERE user_id = ? ORDER BY id", USER
    )
    assert ("/event 14-12-2021", 1) in rows and ("/event 31-02-2021", 0) in rows
    assert await fetch(bot_app, "SELECT user_id FROM users WHERE user_id = ?", USER) == [(USER,)]
    assert await fetch(bot_app, "SELECT type FROM chats WHERE chat_id = ?", USER) == [("private",)]
    assert_well_formed(fake)


async def test_deep_link_and_example_button(telegram_fake: FakeTelegram, bot_app: Any) -> None:
    fake = telegram_fake
    fact = next(f for f in bot_app.bot_data["engine"].every_fact() if "30" in f.sentence)
    [opened] = await say(fake, f"/start f_{fact.id}")
    assert fact.id in opened["text"] and fact.sentence[:40] in opened["text"]

    [welcome] = await say(fake, "/start")
    before = len(fake.sent(USER))
    fake.push_callback(USER, USER, welcome["message_id"], "cmd:partners:")
    [partners] = await replies(fake, USER, before)
    assert partners["text"].startswith("Quan hệ đối tác của Việt Nam")
    assert_well_formed(fake)


async def test_free_text_answer_with_source_and_buttons(
    telegram_fake: FakeTelegram, bot_app: Any
) -> None:
    fake = telegram_fake
    [answer] = await say(fake, "Việt Nam có bao nhiêu đối tác chiến lược?")
    assert "30" in answer["text"]
    assert re.search(r"Nguồn: .+\[[0-9a-f]{10}\]", answer["text"])
    [source] = button_data(answer, "src:")
    fact_id = source.removeprefix("src:")
    assert button_data(answer, "fb:") == [f"fb:{fact_id}:1", f"fb:{fact_id}:-1"]
    assert [b["text"] for b in buttons(answer)][:1] == ["Nguồn"]
    # The question is recorded right after the reply is sent: wait for it, a few seconds at most.
    query = "SELECT found FROM questions WHERE text LIKE 'Việt Nam có bao nhiêu%'"
    for _ in range(100):
        rows = await fetch(bot_app, query)
        if rows:
            break
        await asyncio.sleep(0.05)
    assert rows == [(1,)]

    # Nguồn: the paragraph the fact came from.
    before = len(fake.sent(USER))
    fake.push_callback(USER, USER, answer["message_id"], source)
    [paragraph] = await replies(fake, USER, before)
    assert f"[{fact_id}]" in paragraph["text"] and "«" in paragraph["text"]
    article = bot_app.bot_data["engine"].fact(fact_id).source
    assert f"[1] {article.title} — " in paragraph["text"]

    # Xem thêm: further results, each with its source.
    [more] = button_data(answer, "more:")
    before = len(fake.sent(USER))
    fake.push_callback(USER, USER, answer["message_id"], more)
    [further] = await replies(fake, USER, before)
    assert further["text"].startswith("Các kết quả khác")
    assert further["text"].count("Nguồn:") == len(more.removeprefix("more:").split(","))

    # 👍: recorded in SQLite, answered with a short thanks.
    fake.push_callback(USER, USER, answer["message_id"], f"fb:{fact_id}:1")
    await fake.wait_for("answerCallbackQuery", ok_only=True)
    assert fake.callback_answers[-1]["text"] == "Cảm ơn!"
    rows = await fetch(bot_app, "SELECT user_id, fact_id, value FROM feedback")
    assert rows == [(USER, fact_id, 1)]
    fake.push_callback(USER, USER, answer["message_id"], f"fb:{fact_id}:-1")
    await fake.wait_for("answerCallbackQuery", ok_only=True)
    assert await fetch(bot_app, "SELECT value FROM feedback") == [(-1,)]
    assert_well_formed(fake)


async def test_did_you_mean_buttons(telegram_fake: FakeTelegram, bot_app: Any) -> None:
    fake = telegram_fake
    engine = bot_app.bot_data["engine"]
    candidates = [
        "bùi thanh sơn nói về thời tiết",
        "ngoại giao biển đảo du lịch",
        "tổng bí thư đi Pháp",
        "vắc xin cho châu Phi năm 2030",
    ]
    question = next((q for q in candidates if engine.answer(q).notice == "did_you_mean"), None)
    assert question is not None, "no did-you-mean question among the candidates"
    [reply] = await say(fake, question)
    assert reply["text"].startswith("Có phải bạn muốn hỏi")
    suggestions = button_data(reply, "ask:")
    assert 1 <= len(suggestions) <= 3
    before = len(fake.sent(USER))
    fake.push_callback(USER, USER, reply["message_id"], suggestions[0])
    [answer] = await replies(fake, USER, before)
    fact = engine.fact(suggestions[0].removeprefix("ask:"))
    assert fact is not None
    assert fact.sentence in answer["text"] and "Nguồn:" in answer["text"]
    assert button_data(answer, "src:") == [f"src:{fact.id}"]
    assert_well_formed(fake)


async def test_pages_edit_in_place(telegram_fake: FakeTelegram, bot_app: Any) -> None:
    fake = telegram_fake
    [timeline] = await say(fake, "/timeline")
    assert re.search(r"Trang 1/\d+", timeline["text"])
    assert button_data(timeline, "pg:") == ["pg:timeline:2:"]
    message_id = timeline["message_id"]

    fake.push_callback(USER, USER, message_id, "pg:timeline:2:")
    await fake.wait_for("editMessageText", ok_only=True)
    page2 = fake.message(USER, message_id)
    assert page2 is not None and re.search(r"Trang 2/\d+", page2["text"])
    assert button_data(page2, "pg:")[0] == "pg:timeline:1:"

    fake.push_callback(USER, USER, message_id, "pg:timeline:1:")
    await fake.wait_for("editMessageText", ok_only=True)
    page1 = fake.message(USER, message_id)
    assert page1 is not None and page1["text"] == timeline["text"]

    # A stale button for the page already shown: no edit that changes nothing.
    mark = fake.mark()
    fake.push_callback(USER, USER, message_id, "pg:timeline:1:", check_button=False)
    await fake.wait_for("answerCallbackQuery", ok_only=True)
    [help_] = await say(fake, "/help")
    assert "/partners" in help_["text"]
    assert not [c for c in fake.calls[mark:] if c.method == "editMessageText"]
    assert len(fake.sent(USER)) == 2  # the timeline and the /help, no apology
    assert_well_formed(fake)


async def test_paged_argument_is_truncated_to_64_bytes(
    telegram_fake: FakeTelegram, bot_app: Any
) -> None:
    fake = telegram_fake
    [reply] = await say(fake, "/search đối ngoại " + "Việt Nam " * 3)
    data = button_data(reply, "pg:")
    if data:  # only paged results carry the argument
        assert all(
            len(d.encode("utf-8")) <= InlineKeyboardButtonLimit.MAX_CALLBACK_DATA for d in data
        )
    [long_arg] = await say(fake, "/timeline " + "ủ" * 60)
    assert len(long_arg["text"]) <= MessageLimit.MAX_TEXT_LENGTH
    assert_well_formed(fake)


# -- groups ------------------------------------------------------------------------------------


async def test_group_speaks_only_when_spoken_to(telegram_fake: FakeTelegram, bot_app: Any) -> None:
    fake = telegram_fake
    me = fake.bot_username

    pushed = await say_in_group(fake, "/help")
    [help_] = await replies(fake, GROUP, 0)
    assert "/partners" in help_["text"]
    assert help_["reply_to_message"]["message_id"] == pushed["message"]["message_id"]

    await say_in_group(fake, f"/help@{me}")
    await replies(fake, GROUP, 1)

    # Not addressed to this bot, then chatter: no reply. The next command proves they were
    # processed (updates are handled in order) without an answer.
    await say_in_group(fake, "/help@some_other_bot")
    await say_in_group(fake, "/event@some_other_bot 14-12-2021")
    await say_in_group(fake, "Chào mọi người, chiều nay họp lúc mấy giờ?")
    await say_in_group(fake, "Việt Nam có bao nhiêu đối tác chiến lược?")  # not asked to the bot
    await say_in_group(fake, "/nonexistent")
    pushed = await say_in_group(fake, "/partners")
    [partners] = await replies(fake, GROUP, 2)
    assert partners["reply_to_message"]["message_id"] == pushed["message"]["message_id"]
    assert len(fake.sent(GROUP)) == 3

    # A mention: the rest of the message is the question.
    await say_in_group(fake, f"@{me} Việt Nam có bao nhiêu đối tác chiến lược?")
    [answer] = await replies(fake, GROUP, 3)
    assert "30" in answer["text"] and "Nguồn:" in answer["text"]

    # A reply to one of the bot's messages.
    await say_in_group(fake, "còn hội nghị ngoại giao thì sao?", reply_to=answer["message_id"])
    [followup] = await replies(fake, GROUP, 4)
    assert "Nguồn:" in followup["text"] or "Không tìm thấy" in followup["text"]

    # A reply to a person's message is chatter again.
    other = await say_in_group(fake, "ai biết không?", user=777)
    await say_in_group(fake, "không biết", user=778, reply_to=other["message"]["message_id"])
    await say_in_group(fake, f"/help@{me}")
    await replies(fake, GROUP, 5)
    assert len(fake.sent(GROUP)) == 6
    assert await fetch(bot_app, "SELECT type FROM chats WHERE chat_id = ?", GROUP) == [
        ("supergroup",)
    ]
    assert_well_formed(fake)


# -- inline mode -------------------------------------------------------------------------------


async def test_inline_queries(telegram_fake: FakeTelegram, bot_app: Any) -> None:
    fake = telegram_fake
    fake.push_inline_query(USER, "")
    await fake.wait_for("answerInlineQuery", ok_only=True)
    results = fake.inline_answers[-1]["results"]
    assert 1 <= len(results) <= 10
    assert any("30" in r["input_message_content"]["message_text"] for r in results)
    for result in results:
        assert result["type"] == "article" and result["title"] and result["description"]
        content = result["input_message_content"]
        assert content["parse_mode"] == "HTML" and "Nguồn:" in content["message_text"]
        assert bot_app.bot_data["engine"].fact(result["id"]) is not None

    fake.push_inline_query(USER, "đối tác chiến lược toàn diện")
    await fake.wait_for("answerInlineQuery", ok_only=True)
    answer = fake.inline_answers[-1]
    assert 1 <= len(answer["results"]) <= 10
    assert answer["cache_time"] is not None and answer["cache_time"] <= 60

    fake.push_inline_query(USER, "zzzz qqqq")
    await fake.wait_for("answerInlineQuery", ok_only=True)
    assert fake.inline_answers[-1]["results"] == []


# -- escaping and long replies -----------------------------------------------------------------

ESCAPE_ARTICLE = """Việt Nam ký thỏa thuận với tập đoàn <Alpha & Omega>

Ngày đăng: 20/05/2022

Sáng ngày 20/5/2022, tại Hà Nội, Bộ Ngoại giao Việt Nam đã ký 7 thỏa thuận hợp tác với tập đoàn <Alpha & Omega> trị giá > 2 tỷ USD.

Theo thỏa thuận, hai bên sẽ hợp tác về năng lượng sạch, với mục tiêu tăng trưởng x > 5% & y < 3% mỗi năm.

"""


@pytest.fixture
def escape_settings(telegram_fake: FakeTelegram, tmp_path: Path) -> Settings:
    """The real seeds plus an article full of <, & and >, and a 7000-character paragraph."""
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    long_paragraph = " ".join(
        f"Ngày 21/5/2022, đoàn đại biểu thứ {n} đã thăm tập đoàn <Alpha & Omega> và ký "
        f"{n + 2} văn bản hợp tác về năng lượng & môi trường."
        for n in range(1, 61)
    )
    (seeds / "900_escape.txt").write_text(ESCAPE_ARTICLE + long_paragraph + "\n", encoding="utf-8")
    return Settings(
        token=BOT_TOKEN,
        base_url=telegram_fake.base_url,
        base_file_url=telegram_fake.base_file_url,
        db_path=tmp_path / "escape.sqlite3",
        seeds_dir=seeds,
        private_rate=TEST_PRIVATE_RATE,
    )


async def test_document_text_is_escaped(
    telegram_fake: FakeTelegram, escape_settings: Settings
) -> None:
    fake = telegram_fake
    async with running_bot(escape_settings) as app:
        [event] = await say(fake, "/event 20-05-2022")
        assert "tập đoàn <Alpha & Omega> trị giá > 2 tỷ USD" in event["text"]

        [answer] = await say(fake, "thỏa thuận với tập đoàn Alpha Omega trị giá bao nhiêu")
        assert "<Alpha & Omega>" in answer["text"]

        # Paged reply with escaped text, turned by editing.
        [paged] = await say(fake, "/event 21-05-2022")
        assert "<Alpha & Omega>" in paged["text"] and "Trang 1/" in paged["text"]
        fake.push_callback(USER, USER, paged["message_id"], "pg:event:2:21-05-2022")
        await fake.wait_for("editMessageText", ok_only=True)
        edited = fake.message(USER, paged["message_id"])
        assert edited is not None and "Trang 2/" in edited["text"]

        # The source of one of those facts is a paragraph longer than one message.
        fact = next(
            f for f in app.bot_data["engine"].every_fact() if "đoàn đại biểu thứ 7 " in f.sentence
        )
        messages = await say(fake, f"/source {fact.id}", count=2)
        assert len(messages) >= 2
        assert all(len(m["text"]) <= MessageLimit.MAX_TEXT_LENGTH for m in messages)
        assert "<Alpha & Omega>" in messages[1]["text"]

        fake.push_inline_query(USER, "Alpha Omega")
        await fake.wait_for("answerInlineQuery", ok_only=True)
        results = fake.inline_answers[-1]["results"]
        assert any(
            "&lt;Alpha &amp; Omega&gt;" in r["input_message_content"]["message_text"]
            for r in results
        )
    assert_well_formed(fake)


# -- failures ----------------------------------------------------------------------------------


# PTB's own RetryAfter warns about the future type of `retry_after`; nothing this bot can change.
@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
async def test_retry_after_is_honoured(telegram_fake: FakeTelegram, bot_app: Any) -> None:
    fake = telegram_fake
    fake.fail_next("sendMessage", error_code=429, retry_after=1)
    [help_] = await say(fake, "/help")
    assert "/partners" in help_["text"]
    statuses = [c.status for c in fake.calls_for("sendMessage")]
    assert statuses == [429, 200]
    assert len(fake.sent(USER)) == 1


async def test_blocked_user_is_recorded_and_bot_keeps_working(
    telegram_fake: FakeTelegram, bot_app: Any
) -> None:
    fake = telegram_fake
    fake.block_chat(USER)
    fake.push_private_text(USER, "/help")
    await fake.wait_for_call("sendMessage", lambda p: int(p["chat_id"]) == USER)

    async def blocked() -> list[tuple[Any, ...]]:
        """The user's blocked flag."""
        return await fetch(bot_app, "SELECT blocked FROM users WHERE user_id = ?", USER)

    for _ in range(200):
        if await blocked() == [(1,)]:
            break
        await asyncio.sleep(0.01)
    assert await blocked() == [(1,)]

    [help_] = await say(fake, "/help", user=USER + 1)
    assert "/partners" in help_["text"]
    to_blocked = [c for c in fake.calls_for("sendMessage") if int(c.params["chat_id"]) == USER]
    assert len(to_blocked) == 1  # no retry, no apology to a chat that refuses messages


async def test_user_blocking_the_bot_is_recorded(telegram_fake: FakeTelegram, bot_app: Any) -> None:
    fake = telegram_fake
    await say(fake, "/help")
    fake.push_my_chat_member(USER, USER, old_status="member", new_status="kicked")
    [_] = await say(fake, "/help", user=USER + 1)  # processed after the membership change
    rows = await fetch(bot_app, "SELECT blocked FROM users WHERE user_id = ?", USER)
    assert rows == [(1,)]


async def test_error_gets_an_apology_and_bot_keeps_running(
    telegram_fake: FakeTelegram, bot_app: Any, caplog: pytest.LogCaptureFixture
) -> None:
    fake = telegram_fake
    fake.fail_next("sendMessage", error_code=400, description="Bad Request: something odd")
    with caplog.at_level(logging.ERROR):
        [apology] = await say(fake, "/help")
    assert apology["text"].startswith("Xin lỗi")
    assert any(
        "failed" in r.getMessage() and "something odd" in r.getMessage().lower()
        for r in caplog.records
    )
    [help_] = await say(fake, "/help")
    assert "/partners" in help_["text"]


# -- language ----------------------------------------------------------------------------------


async def test_english_interface_survives_restart(
    telegram_fake: FakeTelegram, bot_settings: Settings
) -> None:
    fake = telegram_fake
    async with running_bot(bot_settings):
        [help_vi] = await say(fake, "/help")
        assert help_vi["text"].startswith("Tôi trả lời")
        [switched] = await say(fake, "/lang en")
        assert switched["text"] == "Switched to English."
        [help_en] = await say(fake, "/help")
        assert help_en["text"].startswith("I answer questions")
        [answer] = await say(fake, "Việt Nam có bao nhiêu đối tác chiến lược?")
        assert "Source:" in answer["text"] and "30" in answer["text"]  # facts stay Vietnamese
        assert [b["text"] for b in buttons(answer)][:2] == ["Source", "More"]

    async with running_bot(bot_settings):
        [again] = await say(fake, "/help")
        assert again["text"].startswith("I answer questions")
        [choice] = await say(fake, "/lang")
        assert button_data(choice, "lang:") == ["lang:vi", "lang:en"]
        fake.push_callback(USER, USER, choice["message_id"], "lang:vi")
        await fake.wait_for("answerCallbackQuery", ok_only=True)
        [back] = await say(fake, "/help")
        assert back["text"].startswith("Tôi trả lời")

    # An English Telegram client gets English by default.
    async with running_bot(bot_settings):
        [english] = await say(fake, "/start", user=USER + 5, lang="en")
        assert english["text"].startswith("I answer questions")
    assert_well_formed(fake)


# -- flood guard -------------------------------------------------------------------------------


async def test_flood_guard(telegram_fake: FakeTelegram, bot_settings: Settings) -> None:
    fake = telegram_fake
    async with running_bot(bot_settings, flood_limit=3, flood_window=60, flood_pause=60):
        for n in range(6):
            fake.push_private_text(USER, "/about" if n % 2 else "/lessons")
        [sentinel] = await say(fake, "/help", user=USER + 1)
        assert "/partners" in sentinel["text"]
        sent = fake.sent(USER)
        assert len(sent) == 4  # three answers, one polite slow-down, then silence
        assert "chờ" in sent[3]["text"]
        rows = await fetch_questions(bot_settings)
        assert rows == 3


async def fetch_questions(settings: Settings) -> int:
    """How many questions of USER the database recorded (read with a second connection)."""
    import sqlite3

    with sqlite3.connect(settings.db_path) as db:
        (count,) = db.execute(
            "SELECT COUNT(*) FROM questions WHERE user_id = ?", (USER,)
        ).fetchone()
    return int(count)


# -- run_bot -------------------------------------------------------------------------------------


def test_run_bot_without_token(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_bot(Settings(token=None)) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "TELEGRAM_BOT_TOKEN" in err


def _closed_port() -> int:
    """A local TCP port nothing listens on (free for a server to take)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_run_bot_unreachable_api(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    port = _closed_port()
    settings = Settings(
        token=BOT_TOKEN,
        base_url=f"http://127.0.0.1:{port}/bot",
        base_file_url=f"http://127.0.0.1:{port}/file/bot",
        db_path=tmp_path / "bot.sqlite3",
    )
    assert run_bot(settings) == 1
    err = capsys.readouterr().err
    assert "cannot reach the Telegram Bot API" in err
    assert "Traceback" not in err and BOT_TOKEN not in err
    assert err.strip().count("\n") == 0


async def test_run_bot_invalid_token(
    telegram_fake: FakeTelegram, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    wrong = "999999:AAE-this-token-was-revoked_0123456789"
    settings = Settings(
        token=wrong,
        base_url=telegram_fake.base_url,
        base_file_url=telegram_fake.base_file_url,
        db_path=tmp_path / "bot.sqlite3",
    )
    assert await asyncio.to_thread(run_bot, settings) == 1
    err = capsys.readouterr().err
    assert "rejected TELEGRAM_BOT_TOKEN" in err
    assert "Traceback" not in err and wrong not in err


def test_token_never_logged() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        protect_token(BOT_TOKEN)
        logging.getLogger("telegram.test").warning(
            "POST https://api.telegram.org/bot%s/getMe", BOT_TOKEN
        )
        try:
            raise RuntimeError(f"failed https://api.telegram.org/bot{BOT_TOKEN}/getUpdates")
        except RuntimeError:
            logging.getLogger("telegram.test").exception("polling failed")
        assert logging.getLogger("httpx").level == logging.WARNING
    finally:
        root.removeHandler(handler)
    output = stream.getvalue()
    assert BOT_TOKEN not in output
    assert output.count("<token>") == 2


# -- python -m bot run, as deployed ----------------------------------------------------------


async def _start_process(env: dict[str, str]) -> asyncio.subprocess.Process:
    """`python -m bot run` with `env` on top of this environment (minus Telegram settings)."""
    import os
    import sys

    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "WEBHOOK_"))}
    full_env.update(env)
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        cwd=str(Path(__file__).resolve().parents[1]),
        env=full_env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def _stop_process(process: asyncio.subprocess.Process) -> tuple[int, str]:
    """Ctrl-C the bot; its exit status and stderr."""
    import signal

    if process.returncode is None:
        process.send_signal(signal.SIGINT)
    _, err = await asyncio.wait_for(process.communicate(), 20)
    assert process.returncode is not None
    return process.returncode, err.decode()


async def test_python_m_bot_run_polling(telegram_fake: FakeTelegram, bot_db: Path) -> None:
    fake = telegram_fake
    process = await _start_process(
        {
            "TELEGRAM_BOT_TOKEN": BOT_TOKEN,
            "TELEGRAM_BASE_URL": fake.base_url,
            "BOT_DB_PATH": str(bot_db),
            "SEEDS_DIR": str(SEEDS),
            "LOG_LEVEL": "DEBUG",
        }
    )
    try:
        await fake.wait_for("getUpdates", timeout=20)
        [welcome] = await say(fake, "/start")
        assert welcome["text"].startswith("Tôi trả lời")
        allowed = fake.calls_for("getUpdates")[-1].params.get("allowed_updates")
        assert allowed and "callback_query" in allowed and "inline_query" in allowed
    finally:
        code, err = await _stop_process(process)
    assert code == 0, err
    assert BOT_TOKEN not in err and BOT_TOKEN.split(":")[1] not in err
    assert "DEBUG" in err  # the logs were there, only without the token


def test_webhook_without_tornado_is_one_clear_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import importlib.util

    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a: None if name == "tornado" else real_find_spec(name, *a),
    )
    settings = Settings(
        token=BOT_TOKEN,
        webhook_url="https://bot.example.org/hook",
        webhook_secret="abc",
        db_path=tmp_path / "bot.sqlite3",
    )
    assert run_bot(settings) == 2
    err = capsys.readouterr().err
    assert "python-telegram-bot[webhooks]" in err and err.count("\n") == 1


async def test_python_m_bot_run_webhook(telegram_fake: FakeTelegram, bot_db: Path) -> None:
    pytest.importorskip("tornado", reason="webhook mode needs python-telegram-bot[webhooks]")
    import aiohttp

    fake = telegram_fake
    port = _closed_port()
    secret = "s3cret-for-tests"
    process = await _start_process(
        {
            "TELEGRAM_BOT_TOKEN": BOT_TOKEN,
            "TELEGRAM_BASE_URL": fake.base_url,
            "BOT_DB_PATH": str(bot_db),
            "SEEDS_DIR": str(SEEDS),
            "WEBHOOK_URL": "https://bot.example.org/telegram/hook",
            "WEBHOOK_SECRET": secret,
            "WEBHOOK_LISTEN": "127.0.0.1",
            "WEBHOOK_PORT": str(port),
        }
    )
    try:
        await fake.wait_for("setWebhook", ok_only=True, timeout=20)
        assert fake.webhook_url == "https://bot.example.org/telegram/hook"
        assert fake.calls_for("setWebhook")[-1].params.get("secret_token") == secret
        # Telegram posts the update; here the test plays Telegram.
        update = fake.push_private_text(USER, "/help")
        fake._queue.clear()  # delivered by webhook, not by getUpdates
        url = f"http://127.0.0.1:{port}/telegram/hook"
        async with aiohttp.ClientSession() as http:
            for _ in range(100):  # the server may still be starting
                try:
                    async with http.post(url, json=update) as response:
                        status = response.status
                    break
                except aiohttp.ClientConnectionError:
                    await asyncio.sleep(0.1)
            assert status == 403  # no secret header: refused
            headers = {"X-Telegram-Bot-Api-Secret-Token": secret}
            async with http.post(url, json=update, headers=headers) as response:
                assert response.status == 200
        [help_] = await replies(fake, USER, 0)
        assert "/partners" in help_["text"]
    finally:
        code, err = await _stop_process(process)
    assert code == 0, err
    assert BOT_TOKEN not in err
