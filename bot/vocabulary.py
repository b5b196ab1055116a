"""The curated lexicons (countries, frameworks, titles, shorthand, English terms), loaded once.

The data lives in `bot/data/lexicon.json`; this module compiles the patterns that use it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from bot.text import fold

# Variants that are also common syllables of Vietnamese names and words.
_AMBIGUOUS_IN_TEXT = frozenset({"y", "han", "nhat", "duc", "us", "uc", "anh", "tq"})
_NEED_CAPITAL_IN_QUERY = frozenset({"anh", "y", "us"})


@dataclass(frozen=True)
class Lexicon:
    countries: dict[str, list[str]]
    frameworks: list[tuple[str, str]]
    titles: list[str]
    surnames: frozenset[str]
    shorthand: dict[str, str]
    english: dict[str, str]
    english_stopwords: frozenset[str]
    country_pattern: re.Pattern[str]
    country_by_variant: dict[str, str]
    title_pattern: re.Pattern[str]
    english_pattern: re.Pattern[str]

    def countries_in(self, text: str, *, query: bool = False) -> list[str]:
        """Canonical names of the countries a text names, in order of first mention.

        In article text a country is written with a capital letter, and short names that are
        also common syllables of names ("Nhật Bắc", "Đức Minh") are not read as countries.
        Users type without capitals, so a question needs a capital only for "Anh" and "Ý".
        """
        folded = fold(text)
        found: list[str] = []
        for m in self.country_pattern.finditer(folded):
            variant = m.group(0)
            capital = text[m.start() : m.start() + 1].isupper()
            if query and variant in _NEED_CAPITAL_IN_QUERY and not capital:
                continue
            if not query and (not capital or variant in _AMBIGUOUS_IN_TEXT):
                continue
            if variant == "my" and folded[m.end() : m.end() + 7] == " latinh":
                continue  # Mỹ Latinh is Latin America
            name = self.country_by_variant[variant]
            if name not in found:
                found.append(name)
        return found

    def framework_in(self, text: str) -> str | None:
        """The most specific partnership framework a text names, if any."""
        folded = fold(text)
        for display, key in self.frameworks:
            if key in folded:
                return display
        return None


@cache
def lexicon() -> Lexicon:
    data = json.loads(resources.files("bot").joinpath("data/lexicon.json").read_text("utf-8"))
    countries: dict[str, list[str]] = data["countries"]
    by_variant: dict[str, str] = {}
    for name, variants in countries.items():
        for variant in [fold(name), *variants]:
            by_variant.setdefault(variant, name)
    # Longest variants first so "trieu tien" wins over shorter overlaps.
    alternatives = sorted(by_variant, key=len, reverse=True)
    country_pattern = re.compile(
        r"(?<![a-z0-9])(?:" + "|".join(re.escape(v) for v in alternatives) + r")(?![a-z0-9])"
    )
    titles = sorted(data["titles"], key=len, reverse=True)
    title_pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(t) for t in titles) + r")(?!\w)")
    english = data["english"]
    english_pattern = re.compile(
        r"(?<![a-z'])(?:"
        + "|".join(re.escape(k) for k in sorted(english, key=len, reverse=True))
        + r")(?![a-z'])"
    )
    return Lexicon(
        countries=countries,
        frameworks=[(d, k) for d, k in data["frameworks"]],
        titles=titles,
        surnames=frozenset(data["surnames"]),
        shorthand=data["shorthand"],
        english=english,
        english_stopwords=frozenset(data["english_stopwords"]),
        country_pattern=country_pattern,
        country_by_variant=by_variant,
        title_pattern=title_pattern,
        english_pattern=english_pattern,
    )
