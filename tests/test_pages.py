"""Input formats: text pages, Markdown with a front matter, and HTML pages through trafilatura."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.ingest.clean import load_articles
from bot.ingest.pages import read_page
from bot.text import fold
from tests.helpers import ARTICLE_WITH_NEW_FACTS, build_engine

PAGES = Path(__file__).parent / "data" / "pages"


def article_of(path: Path):  # type: ignore[no-untyped-def]
    folder = path.parent
    articles, warnings = load_articles(folder)
    assert warnings == []
    return next(a for a in articles if a.file == path.name)


def body(article) -> str:  # type: ignore[no-untyped-def]
    return fold(" ".join(p.text for p in article.paragraphs))


@pytest.fixture(scope="module")
def html_articles():  # type: ignore[no-untyped-def]
    articles, warnings = load_articles(PAGES)
    assert warnings == []
    return {a.file: a for a in articles}


def test_an_html_page_gives_its_metadata_from_meta_tags(html_articles) -> None:  # type: ignore[no-untyped-def]
    article = html_articles["vnexpress-style.html"]
    assert (
        article.title == "Việt Nam và Australia nâng cấp quan hệ lên Đối tác chiến lược toàn diện"
    )
    assert article.published is not None and article.published.iso() == "2024-03-07"
    assert (article.outlet, article.author) == ("Báo VnTin", "Minh Châu")
    assert (
        article.url
        == "https://vntin.example.vn/the-gioi/viet-nam-australia-nang-cap-quan-he-4721.html"
    )


def test_an_html_page_gives_its_metadata_from_json_ld(html_articles) -> None:  # type: ignore[no-untyped-def]
    article = html_articles["portal-style.html"]
    assert article.title == "Chủ động hội nhập quốc tế: dấu mốc Nghị quyết 22-NQ/TW"
    assert article.published is not None and article.published.iso() == "2023-04-10"
    assert (article.outlet, article.author) == ("Cổng Tin Đối ngoại", "Hoàng Lan")
    assert article.url is not None and article.url.endswith("post88231.html")


@pytest.mark.parametrize(
    "chrome",
    [
        "Quảng cáo",
        "Vay tiêu dùng",
        "Giá vàng hôm nay",  # related-news box
        "Tin vui cho kiều bào",  # a comment
        "Bão số 3",  # other stories of the section
        "Giấy phép số",  # footer
        "Trang chủ",  # navigation
        "Hà Nội công bố lịch nghỉ Tết",  # "Đọc thêm" teasers
        "Kết quả xổ số",  # most read
        "Bài viết rất hay",  # a comment
        "Mua sắm trực tuyến",  # a side advertisement
        "Thứ năm, 7/3/2024",  # the dateline
    ],
)
def test_html_chrome_never_reaches_the_text(html_articles, chrome: str) -> None:  # type: ignore[no-untyped-def]
    text = " ".join(body(a) for a in html_articles.values())
    assert fold(chrome) not in text


def test_an_html_page_keeps_its_lead_and_article_text(html_articles) -> None:  # type: ignore[no-untyped-def]
    portal = html_articles["portal-style.html"]
    assert portal.paragraphs[0].text.startswith("Mười năm thực hiện Nghị quyết 22-NQ/TW")
    assert "16 hiệp định thương mại tự do" in " ".join(p.text for p in portal.paragraphs)
    australia = body(html_articles["vnexpress-style.html"])
    assert fold("Đây là chuyến thăm chính thức Australia đầu tiên") in australia


def test_markdown_front_matter_states_the_metadata(tmp_path: Path) -> None:
    page = (
        "---\n"
        "title: Việt Nam và Brazil tăng cường hợp tác\n"
        "date: 2024-03-05\n"
        "outlet: TG&VN\n"
        "url: https://example.vn/viet-nam-brazil.html\n"
        "---\n\n" + ARTICLE_WITH_NEW_FACTS.split("\n", 3)[3]
    )
    (tmp_path / "brazil.md").write_text(page, encoding="utf-8")
    article = article_of(tmp_path / "brazil.md")
    assert article.title == "Việt Nam và Brazil tăng cường hợp tác"
    assert article.published is not None and article.published.iso() == "2024-03-05"
    assert article.outlet == "Báo Thế giới & Việt Nam"
    assert article.url == "https://example.vn/viet-nam-brazil.html"
    assert "url:" not in body(article) and "outlet" not in body(article)


def test_markdown_without_front_matter_is_read_as_a_text_page(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(ARTICLE_WITH_NEW_FACTS, encoding="utf-8")
    (tmp_path / "b.txt").write_text(ARTICLE_WITH_NEW_FACTS.replace("Brazil", "Chile"), "utf-8")
    articles, _ = load_articles(tmp_path)
    assert [a.title for a in articles] == [
        "Việt Nam và Brazil tăng cường hợp tác",
        "Việt Nam và Chile tăng cường hợp tác",
    ]


def test_an_html_page_without_article_text_is_skipped_with_a_warning(tmp_path: Path) -> None:
    (tmp_path / "empty.html").write_text(
        "<html><head><title>Trang chủ</title></head><body><script>var ads = 1;</script></body></html>",
        "utf-8",
    )
    articles, warnings = load_articles(tmp_path)
    assert articles == []
    assert len(warnings) == 1 and "empty.html" in warnings[0]


def test_a_page_read_as_text_states_nothing(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("---\ntitle: x\n---\nNội dung", encoding="utf-8")
    page = read_page(tmp_path / "a.txt")
    assert page.stated.title is None and page.text.startswith("---")


def test_the_web_address_of_an_html_page_reaches_every_source(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(PAGES / "vnexpress-style.html", seeds)
    engine = build_engine(tmp_path / "bot.sqlite3", seeds)
    sources = {f.source for f in engine.every_fact()}
    assert {s.url for s in sources} == {
        "https://vntin.example.vn/the-gioi/viet-nam-australia-nang-cap-quan-he-4721.html"
    }
    assert {(s.outlet, s.published) for s in sources} == {("Báo VnTin", "2024-03-07")}


def test_an_html_page_without_meta_tags_is_dated_by_its_dateline(tmp_path: Path) -> None:
    (tmp_path / "plain.html").write_text(
        "<html><head><title>Hai nước ký hiệp định hợp tác giáo dục mới</title></head><body>"
        '<div class="top">Thứ Hai, 25/11/2024</div><article>'
        "<h1>Hai nước ký hiệp định hợp tác giáo dục mới</h1><p>PV - 11:05, 14/12/2021</p>"
        "<p>Chiều 13/12, tại Hà Nội, Bộ trưởng Ngoại giao hai nước đã ký hiệp định.</p>"
        "<p>Theo hiệp định, mỗi năm hai bên trao đổi 100 học bổng cho sinh viên.</p>"
        "<p>Hiệp định sẽ được xem xét gia hạn sau năm 2025.</p></article></body></html>",
        encoding="utf-8",
    )
    article = article_of(tmp_path / "plain.html")
    assert article.title == "Hai nước ký hiệp định hợp tác giáo dục mới"
    assert article.published is not None and article.published.iso() == "2021-12-14"
    assert article.paragraphs[0].text.startswith("Chiều 13/12")


def test_references_are_stored_and_read_back(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(PAGES / "portal-style.html", seeds)
    engine = build_engine(tmp_path / "bot.sqlite3", seeds)
    sentences = [e.sentence for a in engine.articles for e in engine.index.article_entries(a)]
    referring = {s.text[:14]: s.refers_to for s in sentences if s.refers_to}
    assert referring == {"Nghị quyết này": "Nghị quyết số 22-NQ/TW"}


def test_a_database_of_the_previous_schema_is_migrated_and_rebuilt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import asyncio

    from bot.storage import corpus
    from bot.storage import store as store_module

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(PAGES / "portal-style.html", seeds)
    db = tmp_path / "bot.sqlite3"
    every_migration = store_module.MIGRATIONS

    async def build(migrations: int, version: str) -> bool:
        monkeypatch.setattr(store_module, "MIGRATIONS", every_migration[:migrations])
        monkeypatch.setattr(corpus, "EXTRACTOR_VERSION", version)
        async with store_module.Store(db) as store:
            if migrations < 3:  # the previous schema had no url and refers_to columns
                await store.execute("DELETE FROM meta")
                await store.execute("DELETE FROM articles")
                return False
            rebuilt, _ = await corpus.ensure_built(store, seeds)
            return rebuilt

    current = corpus.EXTRACTOR_VERSION
    asyncio.run(build(2, "3"))
    assert asyncio.run(build(3, current)) is True
    engine = build_engine(db, seeds)
    assert {f.source.url for f in engine.every_fact()} == {
        "https://doingoai.example.vn/hoi-nhap/nghi-quyet-22-dau-moc-hoi-nhap-post88231.html"
    }
