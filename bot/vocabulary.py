"""The curated lexicons (countries, frameworks, titles, shorthand, English terms), loaded once.

The data lives in `bot/data/lexicon.json`; this module compiles the patterns that use it.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

from bot.text import accent_key, fold

# Variants that are also common syllables of Vietnamese names and words.
_AMBIGUOUS_IN_TEXT = frozenset({"y", "han", "nhat", "duc", "us", "uc", "anh", "tq"})
_NEED_CAPITAL_IN_QUERY = frozenset({"anh", "y", "us"})
_BEFORE_COUNTRY = frozenset(
    {"voi", "va", "vs", "sang", "tai", "o", "cua", "giua", "nuoc", "-", ",", "tham", "den", "nam"}
    # "Việt - Pháp", and a title's last word: "tổng thống Pháp", "thủ tướng Nhật"
    | {"viet", "thong", "tuong", "tich", "su", "quan", "vuong"}
)


def _stands_as_country(folded: str, m: re.Match[str]) -> bool:
    """A short name that is also a syllable of names ("Anh", "Đức", "Nhật") is a country in an
    article where a country stands: "Việt Nam - Anh", "thăm Anh", "với Nhật", "Anh và Pháp"."""
    before, after = _words_around(folded, m, "-,;.")
    return before in _BEFORE_COUNTRY_IN_TEXT or after in {"va", "-", ";"}


def _words_around(folded: str, m: re.Match[str], marks: str) -> tuple[str, str]:
    """The word before a match and the word (or one of `marks`) after it; "" at either end."""
    before = folded[: m.start()].split()[-1:] or [""]
    after = re.findall(rf"[a-z]+|[{re.escape(marks)}]", folded[m.end() :])[:1] or [""]
    return before[0], after[0]


_BEFORE_COUNTRY_IN_TEXT = frozenset(
    {"voi", "va", "sang", "tai", "cua", "giua", "tham", "den", "-", "nuoc", "quoc"}
)
_AFTER_COUNTRY = frozenset({"", "va", "voi", "vs", "-", ",", "?", ".", "!", "/", "la", "co"})


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
    short_names: dict[str, list[str]]
    # What a count counts, by class: "bao nhiêu người" is answered by "50.000 công dân".
    unit_classes: dict[str, tuple[str, ...]]
    capitals: dict[str, str]
    capital_by_fold: dict[str, str]
    capital_pattern: re.Pattern[str]
    title_pattern: re.Pattern[str]
    english_pattern: re.Pattern[str]
    # The ways a meeting is held ("trực tuyến", "cầu truyền hình"): what "hình thức nào" asks.
    format_pattern: re.Pattern[str]
    # Folded words that make a title another role when they precede it: "Phó", "Trợ lý",
    # "nguyên" ("nguyên Đại sứ" is no ambassador now).
    title_modifiers: tuple[str, ...] = ()
    # Folded words before an event that say it has not happened: wished for, proposed, a
    # purpose, denied ("mong muốn nâng cấp quan hệ", "chưa ký").
    unrealised: tuple[str, ...] = ()

    def realised(self, joined: str, phrase: str) -> bool | None:
        """Whether folded, space-padded text says an event phrase as done at least once (None
        when it does not say the phrase at all)."""
        at = joined.find(f" {phrase} ")
        if at < 0:
            return None
        while at >= 0:
            window = " " + " ".join(joined[:at].split()[-3:]) + " "
            if not any(f" {w} " in window for w in self.unrealised):
                return True
            at = joined.find(f" {phrase} ", at + 1)
        return False

    def title_modifier(self, before: str) -> str | None:
        """The folded word(s) that folded text ends in and that make the title after it
        another role ("tro ly" of "... tro ly"), if any."""
        padded = " " + before.rstrip()
        return next((m for m in self.title_modifiers if padded.endswith(" " + m)), None)

    def modifies_title(self, before: str) -> bool:
        """Whether folded text ends in a word that makes the title after it another role."""
        return self.title_modifier(before) is not None

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
            if query and " " not in variant and not self._names_country_here(text, m, variant):
                continue
            if not query and not capital:
                continue
            if not query and variant in _AMBIGUOUS_IN_TEXT and not _stands_as_country(folded, m):
                continue
            if variant == "my" and folded[m.end() : m.end() + 7] == " latinh":
                continue  # Mỹ Latinh is Latin America
            name = self.country_by_variant[variant]
            if name not in found:
                found.append(name)
        return found

    def _names_country_here(self, text: str, m: re.Match[str], variant: str) -> bool:
        """Whether a one-syllable country name in a question is the country ("Lào", "vs my")
        and not a syllable of another word ("lao động", "bị lừa", "pháp luật").

        Typed with diacritics, it must be the country's own spelling; typed without, it must
        stand where a country stands: after "với", "và", "sang" ..., before "và", "-", or last.
        """
        span = text[m.start() : m.end()]
        if span.isascii() and (span[:1].isupper() or len(variant) > 4):
            return True
        if not span.isascii():
            name = self.country_by_variant[variant]
            spellings = {accent_key(name), *(accent_key(s) for s in self.short_names.get(name, ()))}
            typed = accent_key(span)
            # Typed without its tone mark ("Nhât" for "Nhật") it may still be the country; a
            # different tone ("Bí" in "Tổng Bí thư" for "Bỉ") makes another word.
            if typed not in spellings and (
                _has_tone(typed) or typed not in {_without_tone(w) for w in spellings}
            ):
                return False
            if span[:1].isupper():
                return True
        before, after = _words_around(fold(text), m, "-,?.!/")
        return before in _BEFORE_COUNTRY or after in _AFTER_COUNTRY

    def capitals_in(self, text: str) -> list[str]:
        """Countries a question names by their capital ("Hà Nội và Washington")."""
        found: list[str] = []
        for m in self.capital_pattern.finditer(fold(text)):
            capital = self.capital_by_fold[m.group(0)]
            # "Lima", "Viên": a capital spelled like a common word counts only as written.
            if capital.isascii() and capital not in text:
                continue
            if self.capitals[capital] not in found:
                found.append(self.capitals[capital])
        return found

    def framework_in(self, text: str) -> str | None:
        """The most specific partnership framework a text names, if any: one of the known
        frameworks, else a name the article gives one ("quan hệ “Đối tác vì sự phát triển”")."""
        folded = fold(text)
        for display, key in self.frameworks:
            if key in folded:
                return display
        named = _NAMED_FRAMEWORK.search(text)
        return named[1] if named else None

    def names_format(self, text: str) -> bool:
        """Whether a text says how a meeting was held (online, in person, by phone)."""
        return bool(self.format_pattern.search(text.lower()))


# A visit and where it goes: "thăm chính thức Việt Nam", "sang Nhật", "tới Hà Nội".
_VISIT_VERBS = ("tham", "sang", "toi", "den")
_VISIT_FILLERS = (
    "chinh thuc",
    "cap nha nuoc",
    "lam viec",
    "cap cao",
    "tai",
    "o",
    "thu do",
    "nuoc",
    "chnd",
    "cong hoa",
)
# Folded names of Việt Nam as a place: itself, "nước ta", its capital.
HOME_PLACES = {"viet nam": "Việt Nam", "nuoc ta": "Việt Nam", "ha noi": "Việt Nam"}


@cache
def _visit_pattern(verbs: tuple[str, ...] = _VISIT_VERBS) -> re.Pattern[str]:
    places = sorted({*lexicon().country_by_variant, *HOME_PLACES}, key=len, reverse=True)
    return re.compile(
        rf"(?<![a-z])(?:{'|'.join(verbs)})"
        rf"(?: (?:{'|'.join(_VISIT_FILLERS)}))* "
        rf"({'|'.join(re.escape(p) for p in places)})(?![a-z])"
    )


def visited(folded: str, *, verbs: tuple[str, ...] = _VISIT_VERBS) -> set[str]:
    """The countries a folded text says someone visits or goes to ("Việt Nam" for "thăm Việt
    Nam", "tới Hà Nội"). A question asks about a visit only with "thăm" (`verbs`): "bị lừa
    sang Campuchia" is no visit."""
    by_variant = lexicon().country_by_variant
    return {
        HOME_PLACES.get(m[1]) or by_variant[m[1]] for m in _visit_pattern(verbs).finditer(folded)
    }


# A partnership framework named in the text, capitalised as Vietnamese news write them:
# "quan hệ Đối tác vì sự phát triển", "“Quan hệ Đối tác tin cậy”".
_NAMED_FRAMEWORK = re.compile(r"(?:quan hệ|[“\"])\s*((?:Quan hệ )?Đối tác(?: [a-zà-ỹđ]+){1,8})")


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
    capitals: dict[str, str] = data.get("capitals", {})
    capital_by_fold = {fold(c): c for c in capitals}
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
        short_names=data.get("short_names", {}),
        unit_classes={
            name: tuple(fold(p) for p in phrases)
            for name, phrases in data.get("unit_classes", {}).items()
        },
        capitals=capitals,
        capital_by_fold=capital_by_fold,
        capital_pattern=re.compile(
            r"(?<![a-z])(?:"
            + "|".join(re.escape(c) for c in sorted(capital_by_fold, key=len, reverse=True))
            + r")(?![a-z])"
        ),
        title_pattern=title_pattern,
        english_pattern=english_pattern,
        format_pattern=re.compile(
            r"(?<!\w)(?:"
            + "|".join(
                re.escape(f.lower())
                for f in sorted(data.get("meeting_formats", []), key=len, reverse=True)
            )
            + r")(?!\w)"
        ),
        title_modifiers=tuple(fold(m) for m in data.get("title_modifiers", [])),
        unrealised=tuple(fold(w) for w in data.get("unrealised", [])),
    )


_TONES = "\u0300\u0301\u0303\u0309\u0323"


def _has_tone(word: str) -> bool:
    return any(c in _TONES for c in unicodedata.normalize("NFD", word))


def _without_tone(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
