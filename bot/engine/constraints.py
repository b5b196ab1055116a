"""What a question names and an answer's passage must hold: years, dates, numbers, ordinals,
names of people, organisations, titles.

A question that names "năm 2023", "lần thứ 43", "ngày 26/8", "Nguyễn Hồng Thạch" or "Hội đồng
Nhân quyền" is not answered by a passage about another year, summit, day, person or body,
however many of its other words that passage shares. Pure functions over text.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from functools import cache

from bot.text import fold

_YEAR = re.compile(r"(?<!\d)(?<!\d[/.,])(19\d\d|20\d\d)(?!\d|[/.,]\d)")
# d/m, d-m, d.m (optionally with a year), never part of a longer number or a document number.
_DAY_MONTH = re.compile(
    r"(?<![\d/.,-])(\d{1,2})\s*[/.-]\s*(\d{1,2})(?:\s*[/.-]\s*(\d{4}))?"
    r"(?![\d/-]|[.,]\d|\s*-?\s*[a-z]{2,3}\s*/)"
)
_WORD_DATE = re.compile(r"ngay (\d{1,2}) thang (\d{1,2})")
_NUMBER = re.compile(r"(?<![\d.,/])\d+(?:[.,]\d+)*(?![\d/])")
_DOCUMENT = re.compile(r"\d+\s*-\s*[a-z]{2,3}\s*/\s*[a-z]+")
_ROMAN_AFTER = re.compile(
    r"\b(?:dai hoi|khoa|lan thu|thu|hoi nghi trung uong|trung uong)\s+([ivxlc]{1,6})\b"
)
_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
_NUMBER_WORDS = {
    "mot": "1",
    "hai": "2",
    "ba": "3",
    "bon": "4",
    "tu": "4",
    "nam": "5",
    "sau": "6",
    "bay": "7",
    "tam": "8",
    "chin": "9",
    "muoi": "10",
}
# Vietnamese is written in syllables: a capitalised word that is not one is a foreign name
# ("Biden", "Macron", "Kőrösi"), not a word of the language.
_SYLLABLE = re.compile(
    r"^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx])?"
    r"(?:[aăâeêioôơuưy]{1,3})"
    r"(?:ng|nh|ch|[cmnptiyou])?$"
)


def roman_value(text: str) -> int | None:
    """XIII -> 13; None for anything that is not a roman numeral."""
    upper = text.upper()
    if not upper or any(c not in "IVXLC" for c in upper):
        return None
    total = 0
    values = [_ROMAN_VALUES[c] for c in upper.lower()]
    for i, v in enumerate(values):
        total += -v if i + 1 < len(values) and values[i + 1] > v else v
    return total if 0 < total < 200 else None


def is_syllable(word: str) -> bool:
    """Whether a word (any case, with or without diacritics) can be one Vietnamese syllable."""
    return bool(_SYLLABLE.match(fold(word).replace("đ", "d")))


@dataclass
class Constraints:
    """What the passage of an answer must hold."""

    years: list[int] = field(default_factory=list)
    dates: list[tuple[int, int]] = field(default_factory=list)
    numbers: list[str] = field(default_factory=list)
    names: list[tuple[str, ...]] = field(default_factory=list)
    entities: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.years or self.dates or self.numbers or self.names or self.entities)


def _numbers_key(raw: str) -> str:
    """One spelling of a number for comparison: '7.000' and '7000' alike, '84%' as '84'."""
    body = raw.rstrip("%")
    if re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", body):
        body = re.sub(r"[.,]", "", body)
    return body.replace(",", ".")


def read_constraints(text: str, folded: str, asked_span: tuple[int, int] | None) -> Constraints:
    """The years, dates, numbers and names a question names (not the value it asks for).

    `folded` is the question folded and with shorthand written out; `asked_span` is where in it
    the asked value stands ("bao nhiêu ...", "lần thứ mấy"), whose numbers are not constraints.
    """
    c = Constraints()
    busy: list[tuple[int, int]] = [m.span() for m in _DOCUMENT.finditer(folded)]

    def free(span: tuple[int, int]) -> bool:
        return not any(overlaps(span, taken) for taken in busy)

    for m in _DAY_MONTH.finditer(folded):
        day, month = int(m[1]), int(m[2])
        if free(m.span()) and 1 <= day <= 31 and 1 <= month <= 12:
            c.dates.append((day, month))
            if m[3]:
                c.years.append(int(m[3]))
            busy.append(m.span())
    for m in _WORD_DATE.finditer(folded):
        c.dates.append((int(m[1]), int(m[2])))
        busy.append(m.span())
    for m in _YEAR.finditer(folded):
        if free(m.span()):
            c.years.append(int(m[1]))
            busy.append(m.span())
    for m in _NUMBER.finditer(folded):
        if free(m.span()) and (asked_span is None or not overlaps(m.span(), asked_span)):
            c.numbers.append(_numbers_key(m[0]))
    for m in _ROMAN_AFTER.finditer(folded):
        value = roman_value(m[1])
        if value:
            c.numbers.append(str(value))
    c.names = person_names(text)
    c.years = list(dict.fromkeys(c.years))
    c.dates = list(dict.fromkeys(c.dates))
    c.numbers = list(dict.fromkeys(c.numbers))
    return c


def overlaps(span: tuple[int, int], other: tuple[int, int]) -> bool:
    """Whether two spans overlap."""
    return span[0] < other[1] and other[0] < span[1]


_CAPITALISED = re.compile(r"[^\W\d_][^\W_]*", re.UNICODE)


@cache
def _name_lexicon() -> tuple[frozenset[str], frozenset[str], dict[str, str]]:
    """Surnames as written and folded, and country variants (a name is no country)."""
    from bot.vocabulary import lexicon

    surnames = frozenset(lexicon().surnames)
    return surnames, frozenset(fold(s) for s in surnames), lexicon().country_by_variant


def person_names(text: str, *, shortest: int = 3) -> list[tuple[str, ...]]:
    """Names of people a question names, as folded tokens.

    A Vietnamese name is a known surname followed by two (or, with `shortest=2`, one) to three
    capitalised syllables ("Nguyễn Hồng Thạch"); a foreign name is a capitalised word, not the
    text's first, that cannot be a Vietnamese syllable ("Biden", "Kőrösi"; acronyms such as ASEAN
    are not names).
    """
    surnames, plain_surnames, countries = _name_lexicon()
    words = [(m.group(0), m.start()) for m in _CAPITALISED.finditer(text)]
    names: list[tuple[str, ...]] = []

    def adjacent(k: int) -> bool:
        """Word k follows word k - 1 with nothing but one space between them."""
        previous, at = words[k - 1]
        return text[at + len(previous) : words[k][1]] == " "

    i = 0
    while i < len(words):
        word, at = words[i]
        # "Đảng" is no surname though it folds like "Đặng": typed with diacritics, they must match.
        known = word in surnames if not word.isascii() else fold(word) in plain_surnames
        if word[0].isupper() and known:
            j = i + 1
            while j < len(words) and j - i < 4 and words[j][0][0].isupper() and adjacent(j):
                if not is_syllable(words[j][0]):
                    break
                j += 1
            # Two capitalised syllables are as often a place ("Hà Nội") as a person.
            name = tuple(fold(w) for w, _ in words[i:j])
            if j - i >= shortest and not any(
                " ".join(name[k:]) in countries for k in range(1, len(name))
            ):
                names.append(name)
                i = j
                continue
        if (
            at > 0
            and word[0].isupper()
            and not word.isupper()
            and len(word) >= 4
            and not is_syllable(word)
        ):
            names.append((fold(word),))
        i += 1
    return names


def _words_at(text: str) -> list[tuple[str, int, int]]:
    """The words of a text with where each starts and ends."""
    return [(m.group(0), m.start(), m.end()) for m in _CAPITALISED.finditer(text)]


def _named_word(word: str, at: int) -> bool:
    """A word written as part of a name: capitalised, not an acronym, not the text's first."""
    return at > 0 and word[0].isupper() and not word.isupper()


def named_concepts(text: str) -> list[str]:
    """Thesaurus concepts a question writes as a name, two of their words or more in capitals
    past its first word ("Triển lãm ảnh Các Di sản Thế giới"): ids of concepts the article of an
    answer must name, like an organisation (titles are matched as titles)."""
    from bot.thesaurus import thesaurus
    from bot.vocabulary import lexicon

    words = _words_at(text)
    if sum(1 for w, at, _ in words if _named_word(w, at)) < 2:
        return []
    titled = [m.span() for m in lexicon().title_pattern.finditer(text)]
    folded = [fold(w) for w, _, _ in words]
    out: list[str] = []
    for start, end, cid in thesaurus().spans(folded, nested=False):
        span = words[start:end]
        capitals = [w for w, at, _ in span if _named_word(w, at)]
        begins, ends = span[0][1], span[-1][2]
        if len(capitals) >= 2 and not any(overlaps((begins, ends), t) for t in titled):
            out.append(cid)
    return out


def proper_names(text: str) -> list[tuple[str, ...]]:
    """Names of places and bodies a question writes in capitals ("phường Kỳ Trinh", "Biển
    Đông"), as folded tokens: two or more capitalised words in a row, not the text's first
    word, outside the names of people, countries, capitals, titles and thesaurus concepts
    (those are matched in their own ways, in any of their forms)."""
    from bot.thesaurus import thesaurus
    from bot.vocabulary import HOME_PLACES, lexicon

    lex = lexicon()
    words = _words_at(text)
    if not any(
        a[0][0].isupper() and b[0][0].isupper() and a[1] > 0 and text[a[2] : b[1]] == " "
        for a, b in itertools.pairwise(words)
    ):
        return []  # no two capitalised words in a row past the first
    folded = [fold(w) for w, _, _ in words]
    taken = [False] * len(words)

    def take(start: int, end: int) -> None:
        for i, (_, at, stop) in enumerate(words):
            if at < end and start < stop:
                taken[i] = True

    for m in lex.title_pattern.finditer(text):
        take(m.start(), m.end())
    joined = " ".join(folded)
    offsets = list(itertools.accumulate((len(f) + 1 for f in folded[:-1]), initial=0))

    def take_folded(start: int, end: int) -> None:
        for i, at in enumerate(offsets):
            if at < end and start < at + len(folded[i]):
                taken[i] = True

    for m in lex.country_pattern.finditer(joined):
        take_folded(m.start(), m.end())
    for m in lex.capital_pattern.finditer(joined):
        take_folded(m.start(), m.end())
    for home in HOME_PLACES:
        for m in re.finditer(rf"(?<![a-z]){home}(?![a-z])", joined):
            take_folded(m.start(), m.end())
    for start, end, _ in thesaurus().spans(folded, nested=True):
        for i in range(start, end):
            taken[i] = True
    for name in person_names(text, shortest=2):
        for i in range(len(folded) - len(name) + 1):
            if tuple(folded[i : i + len(name)]) == name:
                for k in range(i, i + len(name)):
                    taken[k] = True
    names: list[tuple[str, ...]] = []
    run: list[int] = []

    def close() -> None:
        if len(run) >= 2:
            names.append(tuple(folded[i] for i in run))
        run.clear()

    for i, (word, at, _) in enumerate(words):
        named = _named_word(word, at)
        joined_to_run = bool(run) and text[words[run[-1]][2] : at] == " "
        if not named or taken[i] or (run and not joined_to_run):
            close()
            if not named or taken[i]:
                continue
        run.append(i)
    close()
    return names


def passage_numbers(words: frozenset[str] | set[str], raw_text: str) -> set[str]:
    """Numbers a passage states: digits, roman numerals of ordinals, Vietnamese number words."""
    out = {_numbers_key(w) for w in words if w[:1].isdigit()}
    out |= {_NUMBER_WORDS[w] for w in words if w in _NUMBER_WORDS}
    for m in re.finditer(r"\b[IVXLC]{2,7}\b", raw_text):
        value = roman_value(m.group(0))
        if value:
            out.add(str(value))
    return out


def passage_dates(folded: str) -> set[tuple[int, int]]:
    """(day, month) pairs a folded passage states."""
    out: set[tuple[int, int]] = set()
    for m in _DAY_MONTH.finditer(folded):
        day, month = int(m[1]), int(m[2])
        if 1 <= day <= 31 and 1 <= month <= 12:
            out.add((day, month))
    for m in _WORD_DATE.finditer(folded):
        out.add((int(m[1]), int(m[2])))
    return out


_ANY_YEAR = re.compile(r"(?<![\d.,])(19\d\d|20\d\d)(?![\d.,]\d|\d)")


def passage_years(folded: str) -> set[int]:
    """Years a folded passage states: alone, in dates (6/9/2023) and at both ends of ranges."""
    return {int(m[1]) for m in _ANY_YEAR.finditer(folded)}
