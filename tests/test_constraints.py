"""What a question names and its answer's passage must hold (bot.engine.constraints)."""

from __future__ import annotations

import pytest

from bot.engine.constraints import (
    is_syllable,
    passage_dates,
    passage_numbers,
    passage_years,
    person_names,
    read_constraints,
    roman_value,
)
from bot.text import fold


def constraints_of(question: str):  # type: ignore[no-untyped-def]
    return read_constraints(question, fold(question), None)


def test_a_named_year_day_and_number_are_constraints() -> None:
    c = constraints_of("Ngày 26/8/2022 Tổng Lãnh sự quán giải cứu bao nhiêu lao động, đợt 3?")
    assert c.dates == [(26, 8)]
    assert c.years == [2022]
    assert c.numbers == ["3"]


def test_both_ends_of_a_period_are_years_also_before_a_full_stop() -> None:
    assert constraints_of("kết quả giai đoạn 2016-2021.").years == [2016, 2021]


def test_a_document_number_is_not_a_number_constraint() -> None:
    assert constraints_of("Nghị quyết 34-NQ/TW ban hành khi nào?").numbers == []


def test_an_ordinal_in_roman_numerals_is_its_number() -> None:
    assert constraints_of("Đại hội XIII của Đảng").numbers == ["13"]
    assert roman_value("XIII") == 13
    assert roman_value("ASEAN") is None


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Đại sứ Nguyễn Hồng Thạch cho biết", [("nguyen", "hong", "thach")]),
        ("Tổng thống Joe Biden thăm Việt Nam", [("biden",)]),
        ("Chủ tịch Đại hội đồng LHQ Kőrösi công bố", [("korosi",)]),
        # "Đảng" folds like the surname "Đặng"; "Hà Nội" is a place; ASEAN is an acronym.
        ("Cuộc gặp ba Đảng Việt Nam, Lào tại Hà Nội", []),
        ("Hội nghị Cấp cao ASEAN", []),
    ],
)
def test_names_of_people_are_read_from_capitals(text: str, names: list[tuple[str, ...]]) -> None:
    assert person_names(text) == names


def test_a_vietnamese_syllable_is_not_a_foreign_name() -> None:
    assert is_syllable("Thạch") and is_syllable("nghiêng")
    assert not is_syllable("Biden") and not is_syllable("Sihanoukville")


def test_a_passage_states_its_numbers_in_digits_words_and_roman_numerals() -> None:
    numbers = passage_numbers({"ba", "7.000", "84%"}, "Đại hội XIII")
    assert {"3", "7000", "84", "13"} <= numbers


def test_a_passage_states_days_and_years_in_every_form() -> None:
    folded = fold("Đêm 3-3, ngày 1/9 và ngày 14 tháng 12 năm 2021 (2008 - 2009)")
    assert {(3, 3), (1, 9), (14, 12)} <= passage_dates(folded)
    assert {2008, 2009, 2021} <= passage_years(folded)
