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
    sources = {f.source for f in engine.extraction.facts}
    assert {s.url for s in sources} == {
        "https://vntin.example.vn/the-gioi/viet-nam-australia-nang-cap-quan-he-4721.html"
    }
    assert {(s.outlet, s.published) for s in sources} == {("Báo VnTin", "2024-03-07")}
