"""Interface strings: every string exists in Vietnamese and English, with the same placeholders."""

from __future__ import annotations

import string

import pytest

from bot.chat.i18n import LANGUAGES, STRINGS, language_of, t


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_string_has_the_same_languages_and_placeholders() -> None:
    for key, forms in STRINGS.items():
        assert set(forms) == set(LANGUAGES), key
        assert placeholders(forms["vi"]) == placeholders(forms["en"]), key
        assert all(form.strip() for form in forms.values()), key


def test_strings_are_formatted_in_the_language_asked() -> None:
    assert t("page", "en", page=2, pages=5) == "Page 2/5"
    assert t("page", "vi", page=2, pages=5) == "Trang 2/5"
    assert t("page", "fr", page=2, pages=5) == "Trang 2/5"


@pytest.mark.parametrize(
    ("code", "expected"), [("en", "en"), ("en-GB", "en"), ("vi", "vi"), ("fr", "vi"), (None, "vi")]
)
def test_telegram_clients_in_english_get_english(code: str | None, expected: str) -> None:
    assert language_of(code) == expected
