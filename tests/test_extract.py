"""Facts: events dated by day, month, year or range, and sentence-initial references resolved."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.ingest.clean import load_articles
from bot.ingest.dates import find_dates
from bot.ingest.extract import extract
from bot.ingest.recognise import extract_people, split_sentences
from bot.models import FactKind
from bot.text import DateValue
from tests.helpers import SEEDS

PAGES = Path(__file__).parent / "data" / "pages"


@pytest.mark.parametrize(
    ("text", "published", "dates"),
    [
        (
            "Hội nghị thượng đỉnh APEC (2006, 2017); Hội nghị thượng đỉnh Hoa Kỳ - Triều Tiên (2019).",
            None,
            ["2006", "2017", "2019"],
        ),
        (
            "Ủy viên không thường trực Hội đồng Bảo an (2008 - 2009 và 2020 - 2021).",
            None,
            ["2008", "2009", "2020", "2021"],
        ),
        ("Việt Nam đăng cai Năm APEC vào các năm 2006 và 2017.", None, ["2006", "2017"]),
        ("Tuần lễ cấp cao APEC 2017 diễn ra tại Đà Nẵng.", None, ["2017"]),
        ("Chuyến thăm diễn ra từ ngày 7 đến 9/3/2024.", None, ["2024-03-07"]),
        ("Hội thảo tổ chức tháng 10-2022 tại Hà Nội.", None, ["2022-10"]),
        ("Công điện ngày 15-12 của Chính phủ.", DateValue(2021, 12, 16), ["2021-12-15"]),
        ("Công điện ngày 15-12 của Chính phủ.", None, []),  # the year is not certain
        ("Tầm nhìn Cộng đồng ASEAN sau năm 2025 và giai đoạn 2021-2030.", None, []),
        ("Kế hoạch tổng thể Cộng đồng ASEAN 2025 đã được đánh giá.", None, []),
    ],
)
def test_events_are_dated_by_day_month_year_or_range(
    text: str, published: DateValue | None, dates: list[str]
) -> None:
    assert [d.iso() for _, d in find_dates(text, published)] == dates


def test_year_only_events_of_the_seeds_are_found() -> None:
    ex = extract(load_articles(SEEDS)[0])
    years = {f.date for f in ex.facts if f.kind is FactKind.EVENT}
    assert {"2006", "2008", "2017", "2019", "2020"} <= years


@pytest.fixture(scope="module")
def html_extraction():  # type: ignore[no-untyped-def]
    return extract(load_articles(PAGES)[0])


def test_this_resolution_refers_to_the_document_named_before(html_extraction) -> None:  # type: ignore[no-untyped-def]
    sentence = next(s for s in html_extraction.sentences if s.text.startswith("Nghị quyết này"))
    assert sentence.refers_to == "Nghị quyết số 22-NQ/TW"


def test_both_sides_refer_to_the_two_countries_and_give_each_step_of_their_partnership(
    html_extraction,
) -> None:  # type: ignore[no-untyped-def]
    sentence = next(s for s in html_extraction.sentences if s.text.startswith("Hai nước trở thành"))
    assert sentence.refers_to == "Việt Nam và Australia"
    partners = [f for f in sentence.facts if f.kind is FactKind.PARTNER]
    assert [(f.fields["country"], f.fields["framework"], f.date) for f in partners] == [
        ("Australia", "Đối tác toàn diện", "2009"),
        ("Australia", "Đối tác chiến lược", "2018-03"),
    ]
    events = sorted(f.date for f in sentence.facts if f.kind is FactKind.EVENT if f.date)
    assert events == ["2009", "2018-03"]


def test_a_date_the_sentence_counts_from_is_not_an_event_of_its_referent() -> None:
    ex = extract(load_articles(SEEDS)[0])
    sentence = next(s for s in ex.sentences if s.text.startswith("Đây là Nghị quyết toàn diện"))
    assert sentence.refers_to == "Nghị quyết số 34-NQ/TW"
    assert [f for f in sentence.facts if f.kind is FactKind.EVENT] == []


@pytest.fixture(scope="module")
def seeds_extraction():  # type: ignore[no-untyped-def]
    return extract(load_articles(SEEDS)[0])


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        ("Qua 35 năm thực hiện đường lối đổi mới, Việt Nam đã đạt được thành tựu.", ["năm"]),
        (
            "Tổ chức trên 700 chuyến bay đưa trên 200.000 công dân về nước an toàn.",
            ["chuyến bay", "công dân"],
        ),
        ("Có khoảng 7.000 người Việt Nam sinh sống, làm việc tại Ukraine.", ["người Việt Nam"]),
        (
            "Quan hệ ngoại giao với 189/193 quốc gia thành viên Liên Hợp Quốc.",
            ["quốc gia thành viên"],
        ),
    ],
)
def test_figure_labels_are_whole_noun_phrases(text: str, labels: list[str]) -> None:
    from bot.ingest.recognise import extract_figures

    assert [f["unit"] for f in extract_figures(text)] == labels


def test_a_person_has_every_title_once(seeds_extraction) -> None:  # type: ignore[no-untyped-def]
    roles: dict[str, set[str]] = {}
    titles: dict[str, list[str]] = {}
    for f in seeds_extraction.facts:
        if f.kind is FactKind.PERSON:
            roles.setdefault(f.fields["name"], set()).add(f.fields["role"])
            titles[f.fields["name"]] = f.fields["titles"]
    assert roles["Lê Hoài Trung"] == {"Bí thư Trung ương Đảng, Trưởng Ban Đối ngoại Trung ương"}
    assert roles["Joe Biden"] == {"Tổng thống Hoa Kỳ", "Tổng thống"}  # as each sentence says
    assert titles["Joe Biden"] == ["Tổng thống Hoa Kỳ"]
    assert titles["Võ Văn Thưởng"] == ["Thường trực Ban Bí thư", "Chủ tịch nước"]
    assert titles["Lương Nguyễn Minh Triết"] == [
        "Ủy viên dự khuyết BCH Trung ương Đảng",
        "Phó Bí thư Thường trực Thành uỷ",
        "Chủ tịch HĐND thành phố Đà Nẵng",
    ]


def test_documents_are_merged_across_mentions(seeds_extraction) -> None:  # type: ignore[no-untyped-def]
    docs = [f for f in seeds_extraction.facts if f.kind is FactKind.DOCUMENT]
    by_mention = {f.text: f for f in docs}
    short = by_mention["Kết luận 12 của Bộ Chính trị"]
    assert (short.fields["key"], short.date) == ("12-KL/TW", "2021-08-12")
    assert "người Việt Nam ở nước ngoài" in short.fields["subject"]
    issuers = {f.fields["key"]: f.fields["issuer"] for f in docs}
    assert issuers["57-KL/TW"] == "Bộ Chính trị"  # "Bộ Chính trị đã ban hành Kết luận 57-KL/TW"
    assert issuers["44-NQ/TW"] == "Ban Chấp hành Trung ương"  # "Nghị quyết Trung ương 8 (…)"
    assert issuers["Chỉ thị 45"] == "Bộ Chính trị"  # "…, Chỉ thị 45 và … của Bộ Chính trị"


def test_a_headline_that_states_a_partnership_yields_it(tmp_path: Path) -> None:
    (tmp_path / "nz.txt").write_text(
        "Nâng cấp quan hệ Việt Nam - New Zealand lên Đối tác chiến lược toàn diện\n\n"
        "Ngày đăng: 27/02/2025\n\n"
        "Chiều 25/2, tại Hà Nội, Thủ tướng Phạm Minh Chính hội đàm với Thủ tướng New Zealand "
        "Christopher Luxon.\n\n"
        "Hai Thủ tướng chứng kiến lễ ký kết nhiều văn kiện hợp tác quan trọng.\n",
        encoding="utf-8",
    )
    ex = extract(load_articles(tmp_path)[0])
    partners = [f for f in ex.facts if f.kind is FactKind.PARTNER]
    assert [(f.fields["country"], f.fields["framework"], f.date) for f in partners] == [
        ("New Zealand", "Đối tác chiến lược toàn diện", "2025-02-25")
    ]


def test_a_word_that_is_also_a_noun_does_not_end_a_label() -> None:
    from bot.ingest.recognise import extract_figures

    text = "Việt Nam là thành viên của hơn 70 tổ chức, diễn đàn đa phương; nhận 182 phiếu ủng hộ."
    assert [f["unit"] for f in extract_figures(text)] == ["tổ chức", "phiếu ủng hộ"]


def test_a_period_looked_back_on_is_not_an_event() -> None:
    assert find_dates("Đặc biệt, 5 năm qua (2016 - 2021), Việt Nam vẫn tận dụng tốt.", None) == []


def test_the_counts_of_an_enumeration_take_the_unit_of_the_figure_before_them() -> None:
    from bot.ingest.recognise import extract_figures

    text = "Bangladesh nhận được 160 phiếu ủng hộ, theo sau là Maldives (154), Việt Nam (145)."
    got = [(f["number"], f["unit"], f.get("holder")) for f in extract_figures(text)]
    assert got == [
        ("160", "phiếu ủng hộ", None),
        ("154", "phiếu ủng hộ", "Maldives"),
        ("145", "phiếu ủng hộ", "Việt Nam"),
    ]
    assert [f["number"] for f in extract_figures("Kim ngạch đạt 7 tỷ USD (2023).")] == ["7"]


@pytest.mark.parametrize(
    ("text", "name", "role"),
    [
        # A caption run into its paragraph: the name ends before "Tuy nhiên".
        (
            "Thủ tướng Anh Theresa May Tuy nhiên, bà May đã cảnh cáo.",
            "Theresa May",
            "Thủ tướng Anh",
        ),
        # A word that makes the title another role stays in the role.
        (
            "Trong bài viết, nguyên Đại sứ Nguyễn Thành Châu nhấn mạnh.",
            "Nguyễn Thành Châu",
            "nguyên Đại sứ",
        ),
        # The envoy of the Secretary-General is not the Secretary-General.
        (
            "Tại buổi tiếp Hoàng hậu Máxima, Đặc phái viên của Tổng Thư ký Liên hợp quốc về tài "
            "chính toàn diện, Phó Thủ tướng Vương Đình Huệ khẳng định.",
            "Vương Đình Huệ",
            "Phó Thủ tướng",
        ),
        # "Tổng thống Philippines Duterte," names its holder: no title of the next person.
        (
            "Diễn đàn có Tổng thống Philippines Duterte, Thủ tướng Việt Nam Nguyễn Xuân Phúc dự.",
            "Nguyễn Xuân Phúc",
            "Thủ tướng Việt Nam",
        ),
    ],
)
def test_a_person_is_named_with_their_own_titles_only(text: str, name: str, role: str) -> None:
    people = {p["name"]: p["role"] for p in extract_people(text)}
    assert people.get(name) == role


def test_a_province_after_its_body_is_no_person() -> None:
    assert extract_people("Bí thư Tỉnh ủy Hà Tĩnh cho biết.") == []
    people = extract_people("Bí thư Tỉnh ủy Hà Tĩnh Lê Đình Sơn cho biết.")
    assert people == [{"name": "Lê Đình Sơn", "role": "Bí thư Tỉnh ủy Hà Tĩnh"}]


@pytest.mark.parametrize(
    ("text", "name", "role"),
    [
        (
            "Dự có Tổng Thư ký Liên hợp quốc Antonio Guterres và nhiều lãnh đạo.",
            "Antonio Guterres",
            "Tổng Thư ký Liên hợp quốc",
        ),
        ("Tổng Thư ký ASEAN Lim Jock Hoi cho biết.", "Lim Jock Hoi", "Tổng Thư ký ASEAN"),
    ],
)
def test_the_body_of_a_title_is_part_of_the_title(text: str, name: str, role: str) -> None:
    assert {p["name"]: p["role"] for p in extract_people(text)} == {name: role}


def test_an_organisation_after_a_title_is_no_person() -> None:
    text = "Dự có lãnh đạo các tổ chức như: Tổng Thư ký Liên Hợp Quốc, Chủ tịch Ngân hàng Thế giới."
    assert extract_people(text) == []


def test_a_bulleted_digest_is_split_into_its_items() -> None:
    text = "Mi-an-ma sẽ tạo điều kiện. * Chiều 15-5, đoàn rời Bắc Kinh. - Năm 2017 tăng 5%."
    assert split_sentences(text) == [
        "Mi-an-ma sẽ tạo điều kiện.",
        "Chiều 15-5, đoàn rời Bắc Kinh.",
        "Năm 2017 tăng 5%.",
    ]
