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
    before = folded[: m.start()].split()[-1:] or [""]
    after = re.findall(r"[a-z]+|[-,;.]", folded[m.end() :])[:1] or [""]
    return before[0] in _BEFORE_COUNTRY_IN_TEXT or after[0] in {"va", "-", ";"}


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
        folded = fold(text)
        before = folded[: m.start()].split()[-1:] or [""]
        after = re.findall(r"[a-z]+|[-,?.!/]", folded[m.end() :])[:1] or [""]
        return before[0] in _BEFORE_COUNTRY or after[0] in _AFTER_COUNTRY

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
    )


# -- the domain thesaurus ------------------------------------------------------------------------

_TOKEN_RE = re.compile(r"\d+(?:[.,]\d+)*%?|[a-z]+")


def _phrase_tokens(text: str) -> tuple[str, ...]:
    return tuple(_TOKEN_RE.findall(fold(text)))


@dataclass(frozen=True)
class Concept:
    """Expressions that mean the same thing; `entity` when it names an organisation or body."""

    id: str
    expressions: tuple[str, ...]
    entity: bool


@dataclass(frozen=True)
class Thesaurus:
    """Concepts of diplomacy, politics and economy, matched as phrases of folded tokens."""

    concepts: dict[str, Concept]
    # first token -> (the phrase lengths starting with it, longest first; phrase -> concept id)
    by_first: dict[str, tuple[tuple[int, ...], dict[tuple[str, ...], str]]]
    english_words: dict[str, str]
    question_words: dict[str, str]
    # Abbreviations that fold to a common word ("NGO" and "Ngô", "WHO" and "who"): they count
    # only in capitals, and stand for the concept's first expression.
    cased: dict[str, tuple[str, str]]
    cased_pattern: re.Pattern[str] | None
    # Initials users make of a name ("hdnq" for "Hội đồng Nhân quyền") -> the expression; only
    # initials that stand for one concept.
    initials: dict[str, str]

    def cased_in(self, text: str) -> list[str]:
        """Ids of the concepts a text names by a capitalised abbreviation."""
        if self.cased_pattern is None:
            return []
        return [self.cased[m.group(0)][0] for m in self.cased_pattern.finditer(text)]

    def spell_out(self, text: str, *, initials: bool = True) -> str:
        """The text with each capitalised abbreviation written as its concept's expression, and
        initials a user made of a name ("hdnq", "HNNG") written out."""
        if self.cased_pattern is not None:
            text = self.cased_pattern.sub(lambda m: self.cased[m.group(0)][1], text)

        if not initials:
            return text

        def written_out(m: re.Match[str]) -> str:
            from bot.engine.constraints import is_syllable

            word = m.group(0)
            key = fold(word)
            if key in self.initials and not is_syllable(key):
                return self.initials[key]
            return word

        return re.sub(r"(?<![^\W\d_])[^\W\d_]{3,6}(?![^\W\d_])", written_out, text)

    def spans(self, words: list[str], *, nested: bool) -> list[tuple[int, int, str]]:
        """(start, end, concept id) of the concept phrases in a token sequence.

        With `nested`, every phrase is reported, also one inside a longer one (an article's
        "đối tác chiến lược toàn diện" also says "đối tác chiến lược"); without it, the longest
        phrase wins and phrases do not overlap (what a question asks).
        """
        out: list[tuple[int, int, str]] = []
        i = 0
        n = len(words)
        while i < n:
            matched = 0
            entry = self.by_first.get(words[i])
            if entry is not None:
                lengths, phrases = entry
                for length in lengths:
                    end = i + length
                    cid = phrases.get(tuple(words[i:end])) if end <= n else None
                    if cid is None:
                        continue
                    out.append((i, end, cid))
                    matched = max(matched, length)
                    if not nested:
                        break
            i += matched if (matched and not nested) else 1
        return out


_BODY_HEADS = frozenset({"quy", "vien", "nhom"})
_BODY_HEAD_PHRASES = (
    "hoi dong",
    "uy ban",
    "to chuc",
    "lien hop quoc",
    "lien minh",
    "hiep hoi",
    "dien dan",
    "ngan hang",
    "co quan",
    "van phong",
    "toa an",
    "chuong trinh",
    "cong dong",
    "phong trao",
    "hoi nghi cap cao",
    "dai hoi dong",
)
_BODY_WORDS_EN = frozenset(
    {
        "organization",
        "organisation",
        "council",
        "union",
        "association",
        "bank",
        "fund",
        "forum",
        "committee",
        "commission",
        "agency",
        "programme",
        "program",
        "court",
        "community",
        "movement",
        "nations",
        "assembly",
        "summit",
        "cooperation",
    }
)


_TONES = "\u0300\u0301\u0303\u0309\u0323"


def _has_tone(word: str) -> bool:
    return any(c in _TONES for c in unicodedata.normalize("NFD", word))


def _without_tone(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))


def _names_a_body(english: str) -> bool:
    """'Human Rights Council', 'United Nations': a name in title case ending in a body word."""
    words = english.split()
    return (
        len(words) > 1
        and all(w[:1].isupper() for w in words if len(w) > 3)
        and fold(words[-1]) in _BODY_WORDS_EN
    )


_COMMON_ENGLISH = frozenset(
    {
        "who",
        "most",
        "am",
        "is",
        "it",
        "us",
        "as",
        "an",
        "at",
        "on",
        "in",
        "to",
        "do",
        "go",
        "no",
        "so",
        "up",
        "we",
        "me",
        "he",
        "be",
        "or",
        "if",
        "of",
    }
)


def _is_common_word(abbreviation: str) -> bool:
    """Whether an abbreviation folds to a Vietnamese syllable or a common English word."""
    from bot.engine.constraints import is_syllable

    folded = fold(abbreviation)
    return folded in _COMMON_ENGLISH or is_syllable(folded)


def concept_token(cid: str) -> str:
    """The index token of a concept: it cannot collide with a word of text."""
    return "#" + cid


@cache
def thesaurus() -> Thesaurus:
    data = json.loads(resources.files("bot").joinpath("data/thesaurus.json").read_text("utf-8"))
    concepts: dict[str, Concept] = {}
    phrases_by_first: dict[str, dict[tuple[str, ...], str]] = {}
    seen: set[tuple[str, ...]] = set()
    cased: dict[str, tuple[str, str]] = {}
    for entry in data["concepts"]:
        cid = str(entry["id"])
        expressions = [*entry.get("vi", []), *entry.get("abbr", []), *entry.get("en", [])]
        first = next(iter(entry.get("vi", [])), None)
        for abbr in entry.get("abbr", []):
            if abbr.isupper() and _is_common_word(abbr) and first:
                cased[abbr] = (cid, first)
        # An organisation, body or meeting with a name of its own: a question that names it
        # is not answered by a passage about another one.
        entity = any(
            fold(e).split(" ", 1)[0] in _BODY_HEADS or fold(e).startswith(_BODY_HEAD_PHRASES)
            for e in entry.get("vi", [])
            if e[:1].isupper()
        ) or any(_names_a_body(e) for e in entry.get("en", []))
        concepts[cid] = Concept(cid, tuple(expressions), entity)
        for expression in expressions:
            phrase = _phrase_tokens(expression)
            if not phrase or phrase in seen or expression in cased:
                continue
            # One syllable with diacritics is ambiguous once folded ("ký" and "kỳ").
            if len(phrase) == 1 and not expression.isascii() and not expression.isupper():
                continue
            seen.add(phrase)
            phrases_by_first.setdefault(phrase[0], {})[phrase] = cid
    by_first = {
        first: (tuple(sorted({len(p) for p in phrases}, reverse=True)), phrases)
        for first, phrases in phrases_by_first.items()
    }
    by_initials: dict[str, set[str]] = {}
    spelled: dict[str, str] = {}
    for entry in data["concepts"]:
        for expression in entry.get("vi", []):
            words = _phrase_tokens(expression)
            if len(words) >= 3 and all(w.isalpha() for w in words):
                key = "".join(w[0] for w in words)
                by_initials.setdefault(key, set()).add(str(entry["id"]))
                spelled.setdefault(key, expression)
    initials = {k: spelled[k] for k, ids in by_initials.items() if len(ids) == 1}
    cased_pattern = (
        re.compile(
            r"(?<![\w])(?:"
            + "|".join(map(re.escape, sorted(cased, key=len, reverse=True)))
            + r")(?![\w])"
        )
        if cased
        else None
    )
    return Thesaurus(
        concepts=concepts,
        by_first=by_first,
        cased=cased,
        cased_pattern=cased_pattern,
        initials=initials,
        english_words={fold(k): fold(v) for k, v in data.get("english_words", {}).items()},
        question_words={fold(k): fold(v) for k, v in data.get("question_words", {}).items()},
    )
