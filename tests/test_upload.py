"""Pages given to the bot: checked, fetched, and added or removed from the command line."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import web

from bot.ingest.upload import MAX_PAGE_BYTES, Rejected, check_page, fetch_page, page_name
from tests.helpers import ARTICLE_WITH_NEW_FACTS, SEEDS
from tests.processes import bot_env, cli

ARTICLE = ARTICLE_WITH_NEW_FACTS.encode()
PAGE = (
    "<html><head><title>Việt Nam và Brazil tăng cường hợp tác</title></head><body><article>"
    "<h1>Việt Nam và Brazil tăng cường hợp tác</h1>"
    + "".join(f"<p>{line}</p>" for line in ARTICLE_WITH_NEW_FACTS.splitlines()[4:10] if line)
    + "</article></body></html>"
)


def test_page_names_are_safe_file_names() -> None:
    assert page_name("Bài báo (1).HTML") == "bai-bao-1.html"
    assert page_name("../../etc/passwd.txt") == "passwd.txt"
    assert page_name("...txt") == "page.txt"


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("a.pdf", ARTICLE, "type"),
        ("a.txt", b"  \n ", "empty"),
        ("a.txt", b"x" * (MAX_PAGE_BYTES + 1), "too_large"),
        ("a.txt", ARTICLE_WITH_NEW_FACTS.encode("utf-16"), "not_utf8"),
        ("a.txt", "Một dòng".encode(), "not_article"),
    ],
)
def test_a_page_that_is_not_an_article_is_refused_with_its_reason(
    name: str, data: bytes, reason: str
) -> None:
    with pytest.raises(Rejected) as refused:
        check_page(name, data)
    assert refused.value.reason == reason


def test_an_article_is_taken_under_a_safe_name() -> None:
    assert check_page("Brazil hợp tác.txt", ARTICLE) == "brazil-hop-tac.txt"


@pytest.fixture
async def site() -> AsyncIterator[str]:
    async def page(request: web.Request) -> web.Response:
        return web.Response(text=PAGE, content_type="text/html", charset="utf-8")

    async def huge(request: web.Request) -> web.Response:
        return web.Response(body=b"<p>" + b"x" * (MAX_PAGE_BYTES + 10), content_type="text/html")

    async def image(request: web.Request) -> web.Response:
        return web.Response(body=b"\x89PNG", content_type="image/png")

    app = web.Application()
    app.router.add_get("/tin/viet-nam-brazil.html", page)
    app.router.add_get("/huge", huge)
    app.router.add_get("/image", image)
    runner = web.AppRunner(app)
    await runner.setup()
    server = web.TCPSite(runner, "127.0.0.1", 0)
    await server.start()
    port = runner.addresses[0][1]
    yield f"http://127.0.0.1:{port}"
    await runner.cleanup()


async def test_a_page_is_fetched_and_named_after_its_address(site: str) -> None:
    name, data = await fetch_page(f"{site}/tin/viet-nam-brazil.html")
    assert name == "viet-nam-brazil.html" and "Brazil" in data.decode()


@pytest.mark.parametrize(
    ("path", "reason"),
    [("/missing", "fetch"), ("/huge", "too_large"), ("/image", "type")],
)
async def test_a_page_that_cannot_be_had_is_refused(site: str, path: str, reason: str) -> None:
    with pytest.raises(Rejected) as refused:
        await fetch_page(site + path)
    assert refused.value.reason == reason


async def test_an_address_nobody_answers_is_refused_within_the_timeout() -> None:
    with pytest.raises(Rejected) as refused:
        await fetch_page("http://127.0.0.1:9/page.html", timeout=2)
    assert refused.value.reason == "fetch"
    with pytest.raises(Rejected):
        await fetch_page("ftp://example.org/page.html")


def test_add_and_remove_from_the_command_line(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    env = bot_env(tmp_path / "data" / "bot.sqlite3", seeds)
    page = tmp_path / "Brazil.txt"
    page.write_bytes(ARTICLE)
    question = "Kim ngạch thương mại song phương Việt Nam Brazil năm 2023?"
    assert "7 tỷ USD" not in cli("ask", question, env=env).stdout

    done = cli("add", str(page), env=env)
    assert done.returncode == 0, done.stderr
    assert "brazil.txt" in done.stdout and "Việt Nam và Brazil tăng cường hợp tác" in done.stdout
    assert (seeds / "brazil.txt").read_bytes() == ARTICLE
    assert "7 tỷ USD" in cli("ask", question, env=env).stdout
    about = cli("ask", "/about", env=env).stdout
    assert "thêm: Việt Nam và Brazil tăng cường hợp tác (brazil.txt)" in about

    again = cli("add", str(page), env=env)
    bad = tmp_path / "bad.txt"
    bad.write_bytes(ARTICLE_WITH_NEW_FACTS.encode("utf-16"))
    refused = cli("add", str(bad), str(tmp_path / "missing.txt"), env=env)
    assert again.returncode == 1 and "đã có" in again.stdout
    assert refused.returncode == 1 and "UTF-8" in refused.stdout
    assert "missing.txt" in refused.stderr and "Traceback" not in refused.stderr
    assert sorted(p.name for p in seeds.iterdir()) == sorted(
        [*(p.name for p in SEEDS.iterdir()), "brazil.txt"]
    )

    gone = cli("remove", "brazil tang cuong", env=env)
    assert gone.returncode == 0 and "brazil.txt" in gone.stdout
    assert not (seeds / "brazil.txt").exists()
    assert "7 tỷ USD" not in cli("ask", question, env=env).stdout
    assert (
        "gỡ: Việt Nam và Brazil tăng cường hợp tác (brazil.txt)"
        in cli("ask", "/about", env=env).stdout
    )
    assert cli("remove", "không có bài này", env=env).returncode == 1
