"""Admins change the corpus from Telegram, end to end: the real Application on the fake Bot API.

An admin sends the bot a page file in a private chat (downloaded through getFile), or uses
/add <url> and /remove; the reply says what changed, and the next question is answered from the
corpus as it now is. Every test works on its own copy of seeds/ (the project's own is never
written) and of the databases.
"""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from conftest import BOT_TOKEN, SEEDS, running_bot
from fake_telegram import MAX_DOWNLOAD_BYTES, FakeTelegram

from bot.config import Settings
from bot.ingest.upload import MAX_PAGE_BYTES
from tests.helpers import ARTICLE_WITH_NEW_FACTS

Message = dict[str, Any]
ADMIN = 9001
USER = 4242
GROUP = -1001234567890
TIMEOUT = 10.0
TITLE = "Việt Nam và Brazil tăng cường hợp tác"
QUESTION = "Kim ngạch thương mại Việt Nam Brazil năm 2023"
FIGURE = "7 tỷ USD"
ARTICLE = ARTICLE_WITH_NEW_FACTS.encode("utf-8")
# The same article as a news page, for /add <url>.
PAGE = f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8">
<title>{TITLE} | Báo Thế giới &amp; Việt Nam</title>
<meta property="og:title" content="{TITLE}">
<meta property="article:published_time" content="2024-03-05T09:00:00+07:00">
<meta property="og:site_name" content="Báo Thế giới &amp; Việt Nam"></head>
<body><nav><a href="/">Trang chủ</a> <a href="/thoi-su">Thời sự</a></nav>
<article><h1>{TITLE}</h1>
<p>Sáng nay (5/3), tại Hà Nội, Bộ trưởng Ngoại giao Bùi Thanh Sơn hội đàm với Bộ trưởng Ngoại
giao Brazil Mauro Vieira.</p>
<p>Hai bên nhất trí nâng cấp quan hệ Việt Nam-Brazil lên Đối tác chiến lược năm 2024.</p>
<p>Kim ngạch thương mại song phương đạt gần 7 tỷ USD trong năm 2023, tăng 12% so với năm
trước.</p>
</article><footer>© Báo Thế giới &amp; Việt Nam</footer></body></html>
"""


# -- fixtures ----------------------------------------------------------------------------------


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file of a folder, by name, with its bytes."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture
def seeds(tmp_path: Path) -> Iterator[Path]:
    """A copy of the project's seeds/ for one test; the project's own stays as it was."""
    before = snapshot(SEEDS)
    copy = tmp_path / "seeds"
    shutil.copytree(SEEDS, copy)
    yield copy
    assert snapshot(SEEDS) == before


@pytest.fixture
def settings(telegram_fake: FakeTelegram, bot_settings: Settings, seeds: Path) -> Settings:
    telegram_fake.add_user(ADMIN, "Admin")
    telegram_fake.add_chat(ADMIN)
    return bot_settings.model_copy(update={"admin_ids": frozenset({ADMIN}), "seeds_dir": seeds})


@pytest.fixture
async def app(settings: Settings) -> AsyncIterator[Any]:
    async with running_bot(settings) as application:
        yield application


class Site:
    """A small web server on 127.0.0.1 serving the pages /add fetches."""

    def __init__(self) -> None:
        self.release = asyncio.Event()  # /slow.html answers once this is set
        self.asked = asyncio.Event()  # set when /slow.html was requested
        self.port = 0

    async def page(self, request: web.Request) -> web.Response:
        return web.Response(text=PAGE, content_type="text/html", charset="utf-8")

    async def slow(self, request: web.Request) -> web.Response:
        self.asked.set()
        await self.release.wait()
        return await self.page(request)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"


@pytest.fixture
async def site() -> AsyncIterator[Site]:
    server = Site()
    web_app = web.Application()
    web_app.router.add_get("/page.html", server.page)
    web_app.router.add_get("/slow.html", server.slow)
    runner = web.AppRunner(web_app, access_log=None, shutdown_timeout=1.0)
    await runner.setup()
    tcp = web.TCPSite(runner, "127.0.0.1", 0)
    await tcp.start()
    server.port = int(runner.addresses[0][1])
    try:
        yield server
    finally:
        server.release.set()
        await runner.cleanup()


# -- helpers -----------------------------------------------------------------------------------


async def until(condition: Callable[[], bool], timeout: float = TIMEOUT) -> None:
    """Wait until `condition()` holds (the bot works in the background)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise TimeoutError("condition not met in time")
        await asyncio.sleep(0.01)


async def next_messages(
    fake: FakeTelegram, chat_id: int, before: int, count: int = 1
) -> list[Message]:
    """The messages the bot sent to `chat_id` after it had sent `before`, once `count` came."""
    await until(lambda: len(fake.sent(chat_id)) >= before + count)
    return fake.sent(chat_id)[before:]


async def say(fake: FakeTelegram, text: str, *, user: int = ADMIN) -> Message:
    """A user writes to the bot in private; the bot's first message in return."""
    before = len(fake.sent(user))
    fake.push_private_text(user, text)
    return (await next_messages(fake, user, before))[0]


async def send_file(
    fake: FakeTelegram, data: bytes, name: str, *, user: int = ADMIN, mime: str | None = None
) -> Message:
    """A user sends the bot a file in private; the bot's message in return."""
    before = len(fake.sent(user))
    fake.push_private_document(user, data, name, mime)
    return (await next_messages(fake, user, before))[0]


async def changes(app: Any) -> list[tuple[str, str, str, str]]:
    """The corpus change log: (action, file, title, by)."""
    rows = await app.bot_data["store"].fetchall(
        "SELECT action, file, title, by FROM corpus_changes ORDER BY id"
    )
    return [tuple(str(v) for v in row) for row in rows]


def answered_from_the_article(message: Message) -> bool:
    return FIGURE in message["text"] and TITLE in message["text"]


# -- an admin adds a file ------------------------------------------------------------------------


async def test_an_admin_sends_a_file_and_it_is_answered_from_at_once(
    telegram_fake: FakeTelegram, app: Any, seeds: Path
) -> None:
    fake = telegram_fake
    assert not answered_from_the_article(await say(fake, QUESTION, user=USER))

    added = await send_file(fake, ARTICLE, "brazil.txt")
    assert added["text"].startswith("Đã thêm 1 bài từ brazil.txt")
    assert f"• {TITLE}" in added["text"]
    [call] = fake.calls_for("getFile")
    assert fake.downloads == [call.result["file_path"]]
    assert (seeds / "brazil.txt").read_bytes() == ARTICLE

    # Anyone's next question is answered from it, without a restart.
    answer = await say(fake, QUESTION, user=USER)
    assert answered_from_the_article(answer), answer["text"]
    about = await say(fake, "/about", user=USER)
    assert f"thêm: {TITLE} (brazil.txt)" in about["text"]
    assert await changes(app) == [("added", "brazil.txt", TITLE, f"telegram:{ADMIN}")]

    # The same file again: a duplicate, and nothing changes.
    before = snapshot(seeds)
    articles = len(app.bot_data["engine"].articles)
    again = await send_file(fake, ARTICLE, "brazil.txt")
    assert again["text"] == "Bài này đã có (trong brazil.txt); không thêm lần nữa."
    assert snapshot(seeds) == before
    assert len(app.bot_data["engine"].articles) == articles
    assert len(await changes(app)) == 1
    assert not fake.internal_errors


async def test_remove_takes_the_article_out_of_the_answers(
    telegram_fake: FakeTelegram, app: Any, seeds: Path
) -> None:
    fake = telegram_fake
    await send_file(fake, ARTICLE, "brazil.txt")
    assert answered_from_the_article(await say(fake, QUESTION, user=USER))

    removed = await say(fake, "/remove brazil tăng cường")
    assert removed["text"].startswith("Đã gỡ 1 bài của brazil.txt")
    assert f"• {TITLE}" in removed["text"]
    assert not (seeds / "brazil.txt").exists()
    assert not answered_from_the_article(await say(fake, QUESTION, user=USER))
    about = await say(fake, "/about", user=USER)
    assert f"gỡ: {TITLE} (brazil.txt)" in about["text"]

    nothing = await say(fake, "/remove brazil tăng cường")
    assert nothing["text"] == 'Không có bài nào khớp "brazil tăng cường" (xem /about).'
    usage = await say(fake, "/remove")
    assert usage["text"].startswith("Gỡ một bài: /remove <tên tệp")
    assert [c[0] for c in await changes(app)] == ["added", "removed"]
    assert not fake.internal_errors


# -- what is refused -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "expected", "downloaded"),
    [
        ("utf16.txt", ARTICLE_WITH_NEW_FACTS.encode("utf-16"), "không phải văn bản UTF-8", True),
        ("blank.txt", b" \n\n \r\n", "Tệp trống", True),
        (
            "bai-bao.pdf",
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n",
            "Không nhận loại tệp này (.pdf)",
            False,
        ),
        ("huge.txt", b"x" * (MAX_PAGE_BYTES + 1), "Tệp quá lớn", False),
    ],
)
async def test_a_file_that_is_not_a_page_is_refused_and_nothing_is_written(
    telegram_fake: FakeTelegram,
    app: Any,
    seeds: Path,
    name: str,
    data: bytes,
    expected: str,
    downloaded: bool,
) -> None:
    fake = telegram_fake
    before = snapshot(seeds)
    refusal = await send_file(fake, data, name)
    assert expected in refusal["text"]
    assert "\n" not in refusal["text"].strip()  # one clear line
    # Types and sizes that are never taken are refused before anything is downloaded.
    assert bool(fake.calls_for("getFile")) is downloaded
    assert len(fake.downloads) == int(downloaded)
    # One message, and the bot goes on as before.
    assert not answered_from_the_article(await say(fake, QUESTION))
    assert len(fake.sent(ADMIN)) == 2
    assert snapshot(seeds) == before
    assert await changes(app) == []
    assert not fake.internal_errors


async def test_only_admins_change_the_corpus_and_never_in_groups(
    telegram_fake: FakeTelegram, app: Any, seeds: Path
) -> None:
    fake = telegram_fake
    before = snapshot(seeds)
    refusal = await send_file(fake, ARTICLE, "brazil.txt", user=USER)
    assert refusal["text"] == "Lệnh này chỉ dành cho quản trị viên của bot."
    for command in ("/add http://127.0.0.1:9/page.html", "/remove Hội nghị"):
        assert (await say(fake, command, user=USER))["text"] == refusal["text"]

    # In a group a file is ignored, even an admin's; a question addressed to the bot afterwards
    # is answered, so the file was handled (and ignored) before it.
    fake.push_group_document(GROUP, ADMIN, ARTICLE, "brazil.txt")
    fake.push_group_text(GROUP, USER, f"@{fake.bot_username} {QUESTION}")
    await until(lambda: len(fake.sent(GROUP)) == 1)
    assert not answered_from_the_article(fake.sent(GROUP)[0])

    assert fake.calls_for("getFile") == [] and fake.downloads == []
    assert len(fake.sent(USER)) == 3
    assert snapshot(seeds) == before
    assert await changes(app) == []
    assert not fake.internal_errors


# -- /add <url> ------------------------------------------------------------------------------


async def test_add_a_page_by_its_address(
    telegram_fake: FakeTelegram, app: Any, seeds: Path, site: Site
) -> None:
    fake = telegram_fake
    usage = await say(fake, "/add")
    assert usage["text"] == "Gửi tệp .txt, .md hoặc .html cho tôi, hoặc /add <địa chỉ trang>."

    before = snapshot(seeds)
    missing = await say(fake, f"/add {site.url('/missing.html')}")
    assert missing["text"] == "Không tải được trang (HTTP 404); không có gì thay đổi."
    assert snapshot(seeds) == before
    assert await changes(app) == []

    added = await say(fake, f"/add {site.url('/page.html')}")
    assert added["text"].startswith("Đã thêm 1 bài từ page.html")
    assert f"• {TITLE}" in added["text"]
    assert set(snapshot(seeds)) == set(before) | {"page.html"}
    assert answered_from_the_article(await say(fake, QUESTION, user=USER))
    assert await changes(app) == [("added", "page.html", TITLE, f"telegram:{ADMIN}")]
    assert not fake.internal_errors


async def test_others_are_answered_while_a_page_is_fetched(
    telegram_fake: FakeTelegram, app: Any, site: Site
) -> None:
    fake = telegram_fake
    fake.push_private_text(ADMIN, f"/add {site.url('/slow.html')}")
    await asyncio.wait_for(site.asked.wait(), TIMEOUT)
    # The page has not come yet: another user's question is answered all the same.
    answer = await say(fake, "/help", user=USER)
    assert "/partners" in answer["text"]
    assert fake.sent(ADMIN) == []
    site.release.set()
    [added] = await next_messages(fake, ADMIN, 0)
    assert added["text"].startswith("Đã thêm 1 bài từ slow.html")
    assert answered_from_the_article(await say(fake, QUESTION, user=USER))
    assert not fake.internal_errors


# -- the fake's files --------------------------------------------------------------------------


async def test_the_fake_serves_a_file_only_through_get_file() -> None:
    async with FakeTelegram(token=BOT_TOKEN) as fake, aiohttp.ClientSession() as http:

        async def call(method: str, **params: Any) -> tuple[int, Any]:
            async with http.post(f"{fake.api_url}/{method}", data=params) as response:
                return response.status, await response.json()

        async def download(path: str, token: str = BOT_TOKEN) -> tuple[int, bytes]:
            async with http.get(f"{fake.base_file_url}{token}/{path}") as response:
                return response.status, await response.read()

        update = fake.push_private_document(USER, b"hello", "a.txt")
        document = update["message"]["document"]
        assert document["file_name"] == "a.txt" and document["mime_type"] == "text/plain"
        assert document["file_size"] == 5 and "text" not in update["message"]

        status, _ = await download("documents/file_1.txt")
        assert status == 404  # no getFile yet
        assert await call("getFile") == (
            400,
            {"ok": False, "error_code": 400, "description": "Bad Request: file_id not specified"},
        )
        status, body = await call("getFile", file_id="nope")
        assert (status, body["description"]) == (400, "Bad Request: invalid file_id")

        status, body = await call("getFile", file_id=document["file_id"])
        assert status == 200
        path = body["result"]["file_path"]
        assert body["result"]["file_size"] == 5
        assert await download(path) == (200, b"hello")
        assert (await download(path, "999:WRONG"))[0] == 401
        assert fake.downloads == [path]

        big = fake.push_private_document(USER, b"x" * (MAX_DOWNLOAD_BYTES + 1), "big.txt")
        status, body = await call("getFile", file_id=big["message"]["document"]["file_id"])
        assert (status, body["description"]) == (400, "Bad Request: file is too big")
        with pytest.raises(ValueError, match="empty"):
            fake.push_private_document(USER, b"", "empty.txt")
        assert fake.internal_errors == []
