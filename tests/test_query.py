"""Reading a question (bot.engine.query): intent, constraints, concepts, countries, typos."""

from __future__ import annotations

import pytest

from bot.engine.query import Intent, parse_question


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("Nêu các nhiệm vụ trọng tâm của ngành Ngoại giao", Intent.LIST),
        ("Trình bày kết quả công tác bảo hộ công dân", Intent.LIST),
        ("Thủ tướng nào dự phiên toàn thể?", Intent.PERSON),
        ("Vì sao hội nghị tổ chức trực tuyến?", Intent.REASON),
        ("Hội nghị kéo dài mấy ngày?", Intent.FIGURE),
        ("How many votes did Vietnam receive?", Intent.FIGURE),
    ],
)
def test_the_kind_of_answer_asked_for(question: str, intent: Intent) -> None:
    assert parse_question(question).intent == intent


def test_a_plane_is_not_a_question_of_how_many() -> None:
    assert parse_question("Đưa công dân về bằng máy bay nào?").intent != Intent.FIGURE


def test_a_title_inside_a_longer_one_is_not_asked() -> None:
    assert parse_question("Phó Thủ tướng là ai?").titles == ["pho thu tuong"]
    assert parse_question("Đại sứ quán ở Phnom Penh đưa bao nhiêu công dân về?").titles == []


def test_the_title_of_someone_else_is_no_qualifier_of_who_is_asked() -> None:
    assert parse_question("ai đón thủ tướng đến dự hội nghị").title is None
    assert parse_question("Thủ tướng Nhật Bản là ai?").title == "thu tuong"


@pytest.mark.parametrize(
    ("question", "countries"),
    [
        ("63 lao dong dc dua ve qua don bien phong nao", []),
        ("công dân bị lừa sang Campuchia", ["Campuchia"]),
        ("đề nghị áp dụng biện pháp gì", []),
        ("quan he viet lao", ["Lào"]),
        ("dtcl toàn diện vs mỹ năm nào", ["Hoa Kỳ"]),
        ("Tổng Bí thư phát biểu", []),
        ("Hà Nội và Washington nâng cấp quan hệ khi nào?", ["Hoa Kỳ"]),
    ],
)
def test_countries_are_read_where_a_country_stands(question: str, countries: list[str]) -> None:
    assert parse_question(question).countries == countries


def test_chat_shorthand_with_a_d_bar_is_written_out() -> None:
    assert parse_question("đtcl toàn diện vs mỹ").concepts


def test_a_concept_phrase_of_the_thesaurus_is_found_in_a_plain_question() -> None:
    concepts = dict(parse_question("von fdi luy ke bao nhieu").concepts)
    assert "#fdi" in concepts


def test_a_capitalised_abbreviation_that_is_also_a_word_counts_only_in_capitals() -> None:
    assert "#ngo" in dict(parse_question("Viện trợ từ các NGO nước ngoài").concepts)
    assert "#ngo" not in dict(parse_question("ông Ngô Xuân Lịch").concepts)


def test_english_how_many_counts_the_noun_that_ends_its_phrase() -> None:
    q = parse_question("How many COVID-19 vaccine doses has Vietnam received?")
    assert "lieu" in q.counted


@pytest.mark.parametrize(
    ("question", "date"),
    [
        ("What happened on 26 August 2022 in Sihanoukville?", (26, 8)),
        ("Who spoke on August 26, 2022?", (26, 8)),
    ],
)
def test_english_dates_are_days_the_answer_must_hold(question: str, date: tuple[int, int]) -> None:
    q = parse_question(question)
    assert q.constraints.dates == [date]
    assert q.constraints.years == [2022]


def test_an_english_ordinal_is_its_number() -> None:
    assert parse_question("Who attended the 32nd Diplomatic Conference?").constraints.numbers == [
        "32"
    ]


def test_plain_vietnamese_with_english_looking_syllables_is_not_english() -> None:
    assert not parse_question("to chuc nao the nao").english
    assert parse_question("When was Resolution 34-NQ/TW issued?").english


def test_letters_held_down_at_the_end_of_a_word_are_undone() -> None:
    from bot.engine.shorthand import undouble

    assert undouble("ngoai giao cay treee la gi") == "ngoai giao cay tre la gi"
    assert undouble("quocc aii trungg") == "quoc ai trung"
    assert undouble("dai hoi xiii") == "dai hoi xiii"
