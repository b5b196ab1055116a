"""Ingestion: page chrome removed, article metadata found, facts extracted by general rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.ingest.clean import load_articles
from bot.ingest.extract import extract
from bot.models import FactKind
from bot.text import fold
from tests.helpers import ARTICLE_WITH_NEW_FACTS, SEEDS


@pytest.fixture(scope="module")
def seeds_extraction():  # type: ignore[no-untyped-def]
    articles, warnings = load_articles(SEEDS)
    assert warnings == []
    return extract(articles)


def all_text(ex) -> str:  # type: ignore[no-untyped-def]
    return fold(" ".join(p.text for a in ex.articles for p in a.paragraphs))


@pytest.mark.parametrize(
    "teaser",
    [
        "Rừng khỏe mạnh để con người khỏe mạnh",
        "xe quá tải trọng",
        "SoundFest",
        "Kỳ Trinh",
        "Văn Yên",
        "Hương Sơn tinh gọn",
        "Thổ Nhĩ Kỳ Đỗ Sơn Hải",
        "Back to E-magazine",
        "Mã bảo mật",
        "Trang 1 / 23",
    ],
)
def test_page_chrome_never_reaches_the_articles(seeds_extraction, teaser: str) -> None:  # type: ignore[no-untyped-def]
    assert fold(teaser) not in all_text(seeds_extraction)


def test_repeated_titles_and_captions_are_kept_once(seeds_extraction) -> None:  # type: ignore[no-untyped-def]
    for article in seeds_extraction.articles:
        texts = [fold(p.text) for p in article.paragraphs]
        assert len(texts) == len(set(texts))
        assert fold(article.title) not in texts


def test_article_dates_are_the_articles_own_not_the_page_header(seeds_extraction) -> None:  # type: ignore[no-untyped-def]
    dates = {
        a.title.split()[0]: a.published.iso() if a.published else None
        for a in seeds_extraction.articles
    }
    assert dates["Xây"] == "2021-12-14"  # from "Sáng nay (14/12)"
    assert dates["Những"] == "2023-12-19"  # not the 2024 page header
    assert dates["Công"] == "2021-12-14"  # not the 2019 page header
    assert dates["Ngành"] == "2021-12-13"


def test_outlet_is_read_from_the_lead(seeds_extraction) -> None:  # type: ignore[no-untyped-def]
    outlets = {a.outlet for a in seeds_extraction.articles}
    assert "Báo Hà Tĩnh" in outlets


def test_figures_carry_number_unit_and_qualifier(seeds_extraction) -> None:  # type: ignore[no-untyped-def]
    figures = {
        (f.fields["number"], fold(f.fields["unit"])): f
        for f in seeds_extraction.facts
        if f.kind is FactKind.FIGURE
    }
    assert ("189", "quoc gia") in figures
    assert ("247", "chinh dang") in figures
    assert figures[("140", "nuoc")].fields["qualifier"] == "hơn"
    vaccine = figures[("151", "lieu vac-xin")]
    assert vaccine.fields["value"] == 151_000_000 and vaccine.fields["qualifier"] == "trên"
    assert figures[("2.85", "usd")].fields["value"] == 2_850_000_000
    assert any(number == "84" and unit.startswith("%") for number, unit in figures)


def test_no_year_or_ordinal_is_taken_for_a_figure(seeds_extraction) -> None:  # type: ignore[no-untyped-def]
    numbers = {f.fields["number"] for f in seeds_extraction.facts if f.kind is FactKind.FIGURE}
    assert not numbers & {"2021", "2023", "31", "13"}


def test_documents_have_number_date_issuer_and_subject(seeds_extraction) -> None:  # type: ignore[no-untyped-def]
    docs = {
        f.fields["key"]: f
        for f in seeds_extraction.facts
        if f.kind is FactKind.DOCUMENT and f.fields.get("date")
    }
    assert docs["34-NQ/TW"].date == "2023-01-09"
    assert docs["34-NQ/TW"].fields["issuer"] == "Bộ Chính trị"
    assert docs["12-CT/TW"].date == "2022-01-05"
    assert "đối ngoại nhân dân" in docs["12-CT/TW"].fields["subject"]
    assert docs["57-KL/TW"].date == "2023-06-15"


def test_partners_have_country_framework_and_since(seeds_extraction) -> None:  # type: ignore[no-untyped-def]
    partners = {
        f.fields["country"]: f.fields for f in seeds_extraction.facts if f.kind is FactKind.PARTNER
    }
    assert partners["Hoa Kỳ"]["framework"] == "Đối tác chiến lược toàn diện"
    assert partners["Hoa Kỳ"]["since"] == "9/2023"
    assert partners["Nhật Bản"]["since"] == "11/2023"
    assert partners["Hàn Quốc"]["since"] == "2022"
    assert partners["Trung Quốc"]["framework"] == "Đối tác hợp tác chiến lược toàn diện"


def test_the_five_lessons_are_one_ordered_list(seeds_extraction) -> None:  # type: ignore[no-untyped-def]
    lessons = [f for f in seeds_extraction.facts if f.kind is FactKind.LESSON]
    assert len(lessons) == 1
    items = lessons[0].fields["items"]
    assert len(items) == 5
    assert items[0].startswith("Kết hợp sức mạnh dân tộc")
    assert items[4].startswith("Xây dựng tổ chức bộ máy")


def test_people_have_names_and_roles(seeds_extraction) -> None:  # type: ignore[no-untyped-def]
    people = {
        f.fields["name"]: f.fields["role"]
        for f in seeds_extraction.facts
        if f.kind is FactKind.PERSON
    }
    assert people["Bùi Thanh Sơn"] == "Bộ trưởng Ngoại giao"
    assert people["Nguyễn Văn Quảng"] == "Bí thư Thành ủy Đà Nẵng"
    assert people["Joe Biden"].startswith("Tổng thống")
    assert "trưởng ban đối ngoại trung ương" in people["Lê Hoài Trung"].lower()
    assert all(len(name.split()) >= 2 for name in people)


def test_events_resolve_partial_dates_from_the_article(seeds_extraction) -> None:  # type: ignore[no-untyped-def]
    events = [
        f
        for f in seeds_extraction.facts
        if f.kind is FactKind.EVENT and "Sáng nay (14/12)" in f.text
    ]
    assert [e.date for e in events] == ["2021-12-14"]


def test_build_is_deterministic() -> None:
    first = extract(load_articles(SEEDS)[0])
    second = extract(load_articles(SEEDS)[0])
    assert [f.id for f in first.facts] == [f.id for f in second.facts]
    assert len({f.id for f in first.facts}) == len(first.facts)


def test_a_new_article_of_the_same_kind_is_understood(tmp_path: Path) -> None:
    (tmp_path / "brazil.txt").write_text(ARTICLE_WITH_NEW_FACTS, encoding="utf-8")
    ex = extract(load_articles(tmp_path)[0])
    kinds = {f.kind for f in ex.facts}
    assert {
        FactKind.EVENT,
        FactKind.FIGURE,
        FactKind.PARTNER,
        FactKind.PERSON,
        FactKind.LIST,
    } <= kinds
    partner = next(f for f in ex.facts if f.kind is FactKind.PARTNER)
    assert (partner.fields["country"], partner.fields["since"]) == ("Brazil", "2024")
    assert ex.articles[0].published is not None and ex.articles[0].published.iso() == "2024-03-05"
    assert "dong thap" not in fold(" ".join(f.text for f in ex.facts))


def test_unreadable_and_empty_files_are_skipped_with_a_warning(tmp_path: Path) -> None:
    (tmp_path / "bad.txt").write_bytes(b"\xff\xfe\xfa not utf-8")
    (tmp_path / "empty.md").write_text("  \n", encoding="utf-8")
    (tmp_path / "ok.txt").write_bytes(
        b"\xef\xbb\xbf" + ARTICLE_WITH_NEW_FACTS.replace("\n", "\r\n").encode()
    )
    articles, warnings = load_articles(tmp_path)
    assert [a.file for a in articles] == ["ok.txt"]
    assert len(warnings) == 2
    assert any("bad.txt" in w for w in warnings) and any("empty.md" in w for w in warnings)


def test_a_time_of_day_with_a_partial_date_takes_the_article_year() -> None:
    from bot.ingest.dates import find_dates
    from bot.text import DateValue

    found = find_dates("Chiều 10/7, tại Hà Nội, hai Thủ tướng hội đàm.", DateValue(2023, 7, 10))
    assert [d.iso() for _, d in found] == ["2023-07-10"]


def test_a_year_does_not_swallow_the_figure_after_it() -> None:
    from bot.ingest.recognise import extract_figures

    figures = extract_figures("Kim ngạch thương mại năm 2022 đạt khoảng 15,7 tỷ USD, tăng 28%.")
    assert [(f["number"], f["qualifier"], f["value"]) for f in figures] == [
        ("15.7", "khoảng", 15.7e9),
        ("28", None, 28.0),
    ]


def test_a_closing_source_credit_names_the_outlet(tmp_path: Path) -> None:
    text = ARTICLE_WITH_NEW_FACTS.split("Đọc thêm")[0] + "Ngọc Anh\n\nTheo TTXVN\n"
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    article = load_articles(tmp_path)[0][0]
    assert (article.outlet, article.author) == ("TTXVN", "Ngọc Anh")


def test_quotes_are_attributed_to_the_nearest_speaker_before_them(seeds_extraction) -> None:  # type: ignore[no-untyped-def]
    quotes = {
        f.text[:20]: f.fields["speaker"] for f in seeds_extraction.facts if f.kind is FactKind.QUOTE
    }
    assert quotes["là bạn, là đối tác t"] == "Nguyễn Phú Trọng"
    assert quotes["Tôn vinh Chủ tịch Hồ"] is None  # a name inside the quote is not its speaker
