"""Text pages: chrome removed, and the headline, publication date and outlet of each article."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest

from bot.ingest.clean import load_articles
from bot.storage.corpus import ensure_built
from bot.storage.store import Store
from bot.text import fold
from tests.helpers import ARTICLE_WITH_NEW_FACTS, ROOT, SEEDS

# Real news pages of other outlets, read in place (never copied into the project).
REAL_PAGES = Path(os.environ.get("REAL_PAGES_DIR", ROOT.parent / "shared/eval/real-dev/pages"))
needs_real_pages = pytest.mark.skipif(
    not REAL_PAGES.is_dir(), reason=f"no real pages at {REAL_PAGES} (set REAL_PAGES_DIR)"
)


def one_article(tmp_path: Path, text: str, name: str = "page.txt"):  # type: ignore[no-untyped-def]
    (tmp_path / name).write_text(text, encoding="utf-8")
    articles, _ = load_articles(tmp_path)
    assert len(articles) == 1
    return articles[0]


BODY = (
    "Chiều 7/3, tại Canberra, Thủ tướng Phạm Minh Chính hội đàm với Thủ tướng Australia "
    "Anthony Albanese.\n\n"
    "Hai bên nhất trí nâng cấp quan hệ lên Đối tác chiến lược toàn diện.\n\n"
    "Kế hoạch hợp tác sau năm 2025 sẽ được hai nước xây dựng trong thời gian tới.\n"
)


@pytest.fixture(scope="module")
def real_articles():  # type: ignore[no-untyped-def]
    articles, warnings = load_articles(REAL_PAGES)
    assert warnings == []
    return {a.file[:2]: a for a in articles}


@needs_real_pages
@pytest.mark.parametrize(
    ("page", "title", "published", "outlet"),
    [
        ("01", "Việt Nam làm Chủ tịch ASEAN 2020: Gắn kết và chủ động thích ứng", None, "Dân trí"),
        ("02", "Dấu ấn trên con đường xây dựng Cộng đồng ASEAN", None, "VietNamNet"),
        (
            "03",
            "Việt Nam nằm trong số 12 nước mới trúng cử Hội đồng Nhân quyền Liên Hợp Quốc",
            None,  # not 2025 from "nhiệm kỳ 2023 – 2025"
            "Infonet",
        ),
        ("04", None, None, "Người Lao Động"),
        ("05", "Hơn 600 công dân bị lừa sang Campuchia được đưa về nước an toàn", None, None),
        ("06", None, None, "Báo Thế giới & Việt Nam"),
        ("07", None, None, "Bộ Công Thương"),
        (
            "08",
            "Nâng cấp quan hệ Việt Nam - Pháp lên Đối tác Chiến lược Toàn diện",
            "2024-10-08",
            None,
        ),
    ],
)
def test_real_pages_of_other_outlets_have_their_metadata(
    real_articles,  # type: ignore[no-untyped-def]
    page: str,
    title: str | None,
    published: str | None,
    outlet: str | None,
) -> None:
    article = real_articles[page]
    first = article.paragraphs[0].text
    if title is None:
        # No headline on the page: never a caption, a crawler line, the lead or a fragment.
        assert article.title == Path(article.file).stem.replace("-", " ")
    else:
        assert article.title == title
    assert fold(article.title) not in fold(first)
    assert (article.published.iso() if article.published else None) == published
    if outlet is not None:
        assert article.outlet == outlet


@needs_real_pages
def test_a_menu_of_other_stories_is_not_the_article(real_articles) -> None:  # type: ignore[no-untyped-def]
    texts = fold(" ".join(p.text for p in real_articles["01"].paragraphs))
    assert "tong thong han quoc bi bat" not in texts and "dong su kien" not in texts


def test_the_seeds_name_their_outlets(tmp_path: Path) -> None:
    articles, _ = load_articles(SEEDS)
    outlets = {a.file[:3]: a.outlet for a in articles}
    assert outlets["000"] == "Báo Hà Tĩnh"  # "(Baohatinh.vn) -"
    assert outlets["001"] == "Báo Thế giới & Việt Nam"  # "(Nguồn: Báo TG&VN)"


@pytest.mark.parametrize(
    ("head", "outlet"),
    [
        ("(VTC News) - ", "VTC News"),
        ("(Dân trí) - ", "Dân trí"),
        ("HÀ NỘI (TTXVN) - ", "TTXVN"),
        ("(Chinhphu.vn) – ", "Báo điện tử Chính phủ"),
    ],
)
def test_the_lead_names_the_outlet(tmp_path: Path, head: str, outlet: str) -> None:
    text = "Thủ tướng hội đàm với Thủ tướng Australia tại Canberra\n\n" + head + BODY
    article = one_article(tmp_path, text)
    assert article.outlet == outlet
    assert article.paragraphs[0].text.startswith("Chiều 7/3")


@pytest.mark.parametrize(
    ("top", "tail", "outlet"),
    [
        ("Báo điện tử Công lý\nThời sự\n", "", "Công lý"),
        ("", "Minh Châu\n\nNguồn: Báo TG&VN\n", "Báo Thế giới & Việt Nam"),
        ("", "Theo VOV\n", "VOV"),
        ("", "Hoàng Lan / VietnamPlus\n", "VietnamPlus"),
        ("", "© 2024 Báo VnTin. All rights reserved\n", "Báo VnTin"),
        ("", "Nguồn: https://nhandan.vn/quan-he-viet-nam-australia-post1.html\n", "Nhân Dân"),
    ],
)
def test_site_names_credits_and_bylines_name_the_outlet(
    tmp_path: Path, top: str, tail: str, outlet: str
) -> None:
    text = top + "Thủ tướng hội đàm với Thủ tướng Australia tại Canberra\n\n" + BODY + "\n" + tail
    article = one_article(tmp_path, text)
    assert article.outlet == outlet
    assert all(fold(outlet) not in fold(p.text) for p in article.paragraphs)


def test_an_agency_photo_credit_is_not_the_outlet(tmp_path: Path) -> None:
    text = (
        "Thủ tướng hội đàm với Thủ tướng Australia tại Canberra\n\n"
        "Hai Thủ tướng tại lễ đón. (Nguồn: TTXVN)\n\n" + BODY
    )
    assert one_article(tmp_path, text).outlet is None


@pytest.mark.parametrize(
    ("dateline", "published"),
    [
        ("PV - 11:05, 14/12/2021", "2021-12-14"),
        ("Ngày đăng: 05/03/2024", "2024-03-05"),
        ("Thứ năm, 7/3/2024, 16:45 (GMT+7)", "2024-03-07"),
        ("08/10/2024 11:03", "2024-10-08"),
        ("", None),  # "sau năm 2025" in the text is not a publication date
    ],
)
def test_the_published_date_is_the_dateline_under_the_title(
    tmp_path: Path, dateline: str, published: str | None
) -> None:
    text = "Thủ tướng hội đàm với Thủ tướng Australia tại Canberra\n\n" + dateline + "\n\n" + BODY
    article = one_article(tmp_path, text)
    assert (article.published.iso() if article.published else None) == published


def test_a_caption_or_crawler_line_is_never_the_title(tmp_path: Path) -> None:
    text = (
        "Tổng số bài đăng 237.\n"
        "Cán bộ Đại sứ quán Việt Nam hỗ trợ bà con sơ tán tại Kiev - Ảnh: Bộ Ngoại giao cung cấp\n"
        + BODY
    )
    article = one_article(tmp_path, text, "ukraine-so-tan.txt")
    assert article.title == "ukraine so tan"
    assert "tong so bai dang" not in fold(" ".join(p.text for p in article.paragraphs))


def test_a_related_news_teaser_is_chrome_even_without_a_marker(tmp_path: Path) -> None:
    paragraphs = "\n\n".join(f"Đoạn {n} của bài viết về quan hệ hai nước." for n in range(12))
    teaser = (
        "Bắc Giang: Kiên quyết xử lý xe quá tải trọng lưu thông trên đê\n\n"
        "Bắc Giang: Kiên quyết xử lý xe quá tải trọng lưu thông trên đê\n\n"
        "Pháp luật - Thiên An - 4 giờ trước\n\n"
        "Chủ tịch UBND tỉnh vừa ban hành văn bản chỉ đạo tăng cường quản lý đê điều.\n"
    )
    text = (
        "Thủ tướng hội đàm với Thủ tướng Australia tại Canberra\n\n" + paragraphs + "\n\n" + teaser
    )
    article = one_article(tmp_path, text)
    texts = fold(" ".join(p.text for p in article.paragraphs))
    assert "doan 11" in texts
    assert "bac giang" not in texts and "de dieu" not in texts and "gio truoc" not in texts


def test_the_same_article_saved_twice_is_built_once_with_a_warning(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE_WITH_NEW_FACTS, encoding="utf-8")
    (tmp_path / "b.txt").write_text("Trang chủ\n" + ARTICLE_WITH_NEW_FACTS, encoding="utf-8")
    articles, warnings = load_articles(tmp_path)
    assert [a.file for a in articles] == ["a.txt"]
    assert len(warnings) == 1 and "b.txt" in warnings[0] and "a.txt" in warnings[0]


def test_a_page_repeated_inside_a_file_is_built_once(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "twice.txt").write_text(ARTICLE_WITH_NEW_FACTS * 2, encoding="utf-8")

    async def build() -> tuple[int, list[str]]:
        async with Store(tmp_path / "bot.sqlite3") as store:
            _, warnings = await ensure_built(store, seeds)
            rows = await store.fetchall("SELECT COUNT(*) FROM articles")
            return int(rows[0][0]), warnings

    count, warnings = asyncio.run(build())
    assert count == 1
    assert len(warnings) == 1 and "twice.txt" in warnings[0]


def test_a_caption_keeps_its_text_without_the_photo_credit(tmp_path: Path) -> None:
    text = (
        "Thủ tướng hội đàm với Thủ tướng Australia tại Canberra\n\n"
        "Thủ tướng nhận chiếc búa Chủ tịch ASEAN từ Thủ tướng Thái Lan (Ảnh: Reuters).\n\n" + BODY
    )
    caption = one_article(tmp_path, text).paragraphs[0]
    assert (caption.text, caption.caption) == (
        "Thủ tướng nhận chiếc búa Chủ tịch ASEAN từ Thủ tướng Thái Lan",
        True,
    )


def test_a_section_label_is_not_an_outlet() -> None:
    from bot.ingest.metadata import site_name

    assert site_name("Thời sự - Chính trị") is None
    assert site_name("© 2024 Báo VnTin") == "Báo VnTin"
