"""Vietnamese text normalisation: NFC, folding diacritics and đ, tokens, numbers and dates.

Everything that compares text (ingestion, the full-text index, answering) goes through
`fold` so that "Hòa", "hoà", "HOA" and the NFD form of each compare equal.
"""

from __future__ import annotations

import calendar
import re
import sys
import unicodedata
from dataclasses import dataclass

# Control characters (C0, C1, DEL), bidi marks and zero-width characters that users paste by
# accident; they carry no meaning for a question and break tokenisation.
_INVISIBLE = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]"
)
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*%?|[a-z]+")


def clean(text: str) -> str:
    """NFC, invisible characters removed, runs of spaces collapsed, ends stripped."""
    text = unicodedata.normalize("NFC", text or "")
    text = _INVISIBLE.sub("", text)
    return _SPACES.sub(" ", text).strip()


def _fold_table() -> dict[int, str | None]:
    """Precomposed Latin letters -> their base letter; combining marks -> nothing."""
    table: dict[int, str | None] = {}
    for code in range(0x00C0, 0x2000):
        base = "".join(
            c for c in unicodedata.normalize("NFD", chr(code)) if unicodedata.category(c) != "Mn"
        )
        if base and base != chr(code):
            table[code] = base
    for code in range(0x0300, 0x0370):
        table[code] = None
    table[ord("đ")], table[ord("Đ")] = "d", "D"
    return table


_FOLD = _fold_table()


def fold(text: str) -> str:
    """Lower case without diacritics, đ folded to d: the form every comparison uses.

    One translate() over a precomputed table (letters with marks -> base letter, combining marks
    dropped): the same result as NFD and dropping the marks, several times faster.
    """
    return (text or "").translate(_FOLD).lower()


# Old-style tone placement ("hoà", "thuỷ") -> new style ("hòa", "thủy"), so both compare equal.
_TONE_MOVES = [
    (re.compile(r"o([àáảãạ])(?![a-zàáảãạâăêôơưđ])"), "oa"),
    (re.compile(r"o([èéẻẽẹ])(?![a-zàáảãạâăêôơưđ])"), "oe"),
    (re.compile(r"u([ỳýỷỹỵ])(?![a-zàáảãạâăêôơưđ])"), "uy"),
]
_TONE_OF = {
    "à": "ò",
    "á": "ó",
    "ả": "ỏ",
    "ã": "õ",
    "ạ": "ọ",
    "è": "ò",
    "é": "ó",
    "ẻ": "ỏ",
    "ẽ": "õ",
    "ẹ": "ọ",
    "ỳ": "ù",
    "ý": "ú",
    "ỷ": "ủ",
    "ỹ": "ũ",
    "ỵ": "ụ",
}
_WORD = re.compile(r"[^\W\d_]+")


def accent_key(word: str) -> str:
    """A word with its diacritics, lower case, NFC, tone marks placed the new way."""
    word = unicodedata.normalize("NFC", word.lower())
    for pattern, plain in _TONE_MOVES:

        def move(m: re.Match[str], vowel: str = plain[1]) -> str:
            return _TONE_OF[m.group(1)] + vowel

        word = pattern.sub(move, word)
    return word


def accented_words(text: str) -> list[str]:
    """The words of a text with their diacritics (see `accent_key`), interned."""
    return [sys.intern(w) for w in _WORD.findall(accent_key(text))]


def normalise_number(raw: str) -> str:
    """'50.000' -> '50000', '2,85' -> '2.85', '84%' -> '84%': one spelling per number."""
    pct = raw.endswith("%")
    body = raw.rstrip("%")
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", body):
        body = body.replace(".", "")
    elif re.fullmatch(r"\d+,\d+", body):
        body = body.replace(",", ".")
    elif re.fullmatch(r"\d{1,3}(?:,\d{3})+", body):
        body = body.replace(",", "")
    return body + ("%" if pct else "")


def tokens(text: str) -> list[str]:
    """Folded word and number tokens of a text, numbers in one spelling (interned: many
    sentences share the same words, and the index holds each string once)."""
    out = []
    for tok in _TOKEN.findall(fold(text)):
        out.append(sys.intern(normalise_number(tok) if tok[0].isdigit() else tok))
    return out


def parse_number(raw: str) -> float | None:
    """The value of a number as written in Vietnamese ('2,85' is 2.85, '50.000' is 50000)."""
    try:
        return float(normalise_number(raw).rstrip("%"))
    except ValueError:
        return None


@dataclass(frozen=True, order=True)
class DateValue:
    """A date with its precision: 'day', 'month' or 'year'."""

    year: int
    month: int = 0
    day: int = 0

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    def iso(self) -> str:
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    def display(self) -> str:
        """Vietnamese display: 14/12/2021, 12/2021 or 2021."""
        if self.day:
            return f"{self.day}/{self.month}/{self.year}"
        if self.month:
            return f"{self.month}/{self.year}"
        return str(self.year)

    def contains(self, other: DateValue) -> bool:
        """True when `other` falls within this date at this date's precision."""
        if self.year != other.year:
            return False
        if self.month and self.month != other.month:
            return False
        return not (self.day and self.day != other.day)

    @classmethod
    def from_iso(cls, text: str) -> DateValue:
        parts = [int(p) for p in text.split("-")]
        return cls(*parts)


class DateError(ValueError):
    """A date the user typed that cannot be understood or does not exist."""


def valid_date(year: int, month: int = 0, day: int = 0) -> bool:
    if not 1 <= year <= 9999:
        return False
    if month and not 1 <= month <= 12:
        return False
    return not (day and (not month or not 1 <= day <= calendar.monthrange(year, month)[1]))


def make_date(year: int, month: int = 0, day: int = 0) -> DateValue | None:
    """A DateValue, or None when the parts do not make a real date."""
    return DateValue(year, month, day) if valid_date(year, month, day) else None


_USER_DATE_FORMS = [
    (re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})"), ("d", "m", "y")),
    (re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})"), ("y", "m", "d")),
    (re.compile(r"(\d{1,2})[-/.](\d{4})"), ("m", "y")),
    (re.compile(r"(\d{4})[-/.](\d{1,2})"), ("y", "m")),
    (re.compile(r"(\d{4})"), ("y",)),
    (re.compile(r"ngay (\d{1,2}) thang (\d{1,2}) nam (\d{4})"), ("d", "m", "y")),
    (re.compile(r"thang (\d{1,2}) nam (\d{4})"), ("m", "y")),
    (re.compile(r"nam (\d{4})"), ("y",)),
]


def parse_user_date(text: str) -> DateValue:
    """Parse a date typed by a user: 14-12-2021, 14/12/2021, 2021-12-14, 12-2021, 12/2021, 2021.

    Raises DateError with a short Vietnamese reason when the text is not a date or the date
    does not exist (31-02-2021).
    """
    folded = fold(clean(text)).strip()
    if not folded:
        raise DateError("thiếu ngày")
    for pattern, order in _USER_DATE_FORMS:
        m = pattern.fullmatch(folded)
        if not m:
            continue
        parts = dict(zip(order, (int(g) for g in m.groups()), strict=True))
        year, month, day = parts.get("y", 0), parts.get("m", 0), parts.get("d", 0)
        value = make_date(year, month, day)
        written_zero = ("d" in parts and day == 0) or ("m" in parts and month == 0)
        if value is None or written_zero:
            raise DateError(f"ngày không tồn tại: {clean(text)[:40]}")
        return value
    raise DateError(f"không hiểu ngày: {clean(text)[:40]}")
