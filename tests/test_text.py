"""Vietnamese normalisation: folding, cleaning, dates typed by users."""

import unicodedata

import pytest

from bot.text import DateError, DateValue, accent_key, clean, fold, parse_user_date, tokens


def test_fold_removes_diacritics_and_folds_d() -> None:
    assert fold("Đối tác Chiến lược") == "doi tac chien luoc"


def test_fold_treats_nfd_like_nfc() -> None:
    nfd = unicodedata.normalize("NFD", "Việt Nam đối ngoại")
    assert fold(nfd) == fold("Việt Nam đối ngoại")


def test_accent_key_unifies_old_and_new_tone_placement() -> None:
    assert accent_key("hoà") == accent_key("hòa")
    assert accent_key("thuỷ") == accent_key("thủy")


def test_clean_removes_control_characters_and_bidi_marks() -> None:
    assert clean("a\x00b\u200fc\u202e d\t\te ") == "abc d e"


def test_tokens_unify_number_spellings() -> None:
    assert tokens("50.000 công dân, 2,85 tỷ USD, 84%") == [
        "50000",
        "cong",
        "dan",
        "2.85",
        "ty",
        "usd",
        "84%",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("14-12-2021", DateValue(2021, 12, 14)),
        ("14/12/2021", DateValue(2021, 12, 14)),
        ("2021-12-14", DateValue(2021, 12, 14)),
        ("12-2021", DateValue(2021, 12)),
        ("12/2021", DateValue(2021, 12)),
        ("2021", DateValue(2021)),
        ("ngày 14 tháng 12 năm 2021", DateValue(2021, 12, 14)),
    ],
)
def test_parse_user_date_accepts_the_documented_forms(text: str, expected: DateValue) -> None:
    assert parse_user_date(text) == expected


@pytest.mark.parametrize("text", ["31-02-2021", "abc", "", "13/2021", "00-12-2021", "2021-13-01"])
def test_parse_user_date_rejects_impossible_or_unreadable_dates(text: str) -> None:
    with pytest.raises(DateError):
        parse_user_date(text)


def test_date_contains_respects_precision() -> None:
    assert DateValue(2021).contains(DateValue(2021, 12, 14))
    assert DateValue(2021, 12).contains(DateValue(2021, 12, 14))
    assert not DateValue(2021, 12, 14).contains(DateValue(2021, 12))
    assert not DateValue(2022).contains(DateValue(2021, 12, 14))
