"""A sentence as the index sees it, and what can be read off its text: the passage pieces and
signals the ranking and its gates share (titles, people, counts, ordinals, telex leftovers)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from bot.engine.constraints import person_names
from bot.ingest.extract import Sentence
from bot.models import FactKind
from bot.text import tokens
from bot.thesaurus import concept_token, thesaurus
from bot.vocabulary import lexicon

# Words that count the same things: "bao nhiêu nước" is answered by "189 quốc gia".
UNIT_SYNONYMS = {"quoc": "nuoc", "gia": "nuoc", "nuoc": "nuoc", "nc": "nuoc"}


YEAR = re.compile(r"(?<!\d)(19|20)\d\d(?!\d)")
_AT = re.compile(r"\b(?:[Tt]ại|ở)\s+(\w+)")


def names_place(text: str) -> bool:
    """'tại Hà Nội', 'ở Đà Nẵng': a capitalised place after a preposition (not 'tại Hội nghị')."""
    return any(m[1][0].isupper() and m[1] != "Hội" for m in _AT.finditer(text))


class Words:
    """Words held as one space-separated string, for membership only: a whole word is in it or
    not. A fraction of a set's memory, for what is only ever asked `in`."""

    __slots__ = ("_spaced",)

    def __init__(self, words: str) -> None:
        self._spaced = f" {' '.join(words.split())} "

    def __contains__(self, word: object) -> bool:
        # A word with a space in it, or none, is no word of the string (nor of its split).
        return isinstance(word, str) and word.split() == [word] and f" {word} " in self._spaced


# Slots: a cached sentence carries no attribute dictionary.
@dataclass(slots=True)
class Entry:
    """A sentence as the index sees it."""

    sentence: Sentence
    words: frozenset[str]
    accented: Words
    joined: str
    countries: frozenset[str]
    documents: frozenset[tuple[str | None, str]]
    kinds: frozenset[FactKind]
    neighbours: tuple[int, ...] = ()
    place: bool = False
    year: bool = False
    # Few per sentence: tuples hold them in a fraction of a set's memory.
    numbers: tuple[str, ...] = ()
    dates: tuple[tuple[int, int], ...] = ()
    years: tuple[int, ...] = ()
    event_years: tuple[int, ...] = ()


@dataclass(frozen=True)
class Traits:
    """What kinds of value a sentence holds, worked out once per sentence when first needed."""

    ordinal: bool
    relative_day: bool
    rough_quantity: bool


@dataclass(slots=True)
class Heading:
    """What an article's title and date add to every passage of the article."""

    words: frozenset[str]
    joined: str
    countries: frozenset[str]
    numbers: frozenset[str]
    dates: frozenset[tuple[int, int]]
    years: frozenset[int]
    # Every number the article's sentences state.
    article_numbers: frozenset[str] = frozenset()
    # How much the article speaks of the bot's field (bot.engine.features.topicality).
    topicality: float = 10.0


@dataclass
class Scored:
    entry: Entry
    score: float
    # Constraints of the question the passage does not meet ("year", "number", ...).
    unmet: list[str] = field(default_factory=list)
    coverage: float = 0.0
    # The sentence holds a value of exactly the kind asked ("bao nhiêu nước": a count of
    # countries), not merely some figure or date.
    exact: bool = True
    # What the score was multiplied by to order sources (an undated article's passages come
    # after a dated one's); the evidence is score / prior.
    prior: float = 1.0


def concept_words(words: list[str], text: str) -> list[str]:
    """The words of a text with a token for every concept phrase in it (nested ones too) and
    for the wider concepts they are a kind of."""
    thes = thesaurus()
    ids = {cid for _, _, cid in thes.spans(words, nested=True)} | set(thes.cased_in(text))
    # A passage naming a joint statement also names a document: a question may ask for either.
    return words + sorted(concept_token(cid) for cid in thes.with_broader(ids))


ORDINAL = re.compile(
    r"\b(thu|lan thu|khoa|dai hoi) ([ivxlc]+|\d+|nhat|hai|ba|tu|nam|sau|bay|tam|chin|muoi)\b"
)
# A sentence that opens with one of these speaks of what the sentence before it said as a
# whole ("Đây là lần thứ 3 ...", "Nghị quyết này ..."); matched on the lower-cased text with
# its diacritics ("Đẩy mạnh" folds like "Đây").
REFERS_BACK = re.compile(
    r"^(đây|điều này|điều đó|đó là|đó cũng là|theo đó|việc này|"
    r"(nghị quyết|chỉ thị|kết luận|quyết định|văn kiện|hiệp định|hội nghị|sự kiện|chuyến thăm|"
    r"chuyến công du|cuộc gặp|tuyên bố|kế hoạch|chiến lược|chương trình|đề án) (này|đó|trên))\b"
)
# ... or of the parties it named ("Hai bên", "Hai nước").
_PARTIES = re.compile(r"^(hai bên|hai nước|hai đảng|hai nhà lãnh đạo|cả hai)\b")


# ... or names, anywhere, the people the sentence before it counted ("đưa toàn bộ những người
# này về nước").
_THOSE_PEOPLE = re.compile(
    r"\b(những|các|số|nhóm) (người|công dân|lao động|nạn nhân|thuyền viên|ngư dân|du học sinh|"
    r"trường hợp) (này|nói trên|trên)\b"
)


def refers_back(text: str) -> bool:
    """Whether a sentence refers to what the sentence before it said: it opens with a reference
    to it, or names the people it counted."""
    lowered = text.lower()
    return bool(REFERS_BACK.match(lowered.lstrip("“\"'( ")) or _THOSE_PEOPLE.search(lowered))


def opens_with_reference(text: str) -> bool:
    """Whether a sentence opens with a reference to the sentence before it or its parties."""
    head = text.lstrip("“\"'( ").lower()
    return bool(REFERS_BACK.match(head) or _PARTIES.match(head))


# "hàng trăm lượt", "hàng nghìn công dân": a quantity without a number.
ROUGH_QUANTITY = re.compile(r"\bhang (chuc|tram|nghin|ngan|trieu|van|ty)\b")
RELATIVE_DAY = re.compile(
    r"\b(hom nay|sang nay|chieu nay|toi nay|trua nay|dem nay|hom qua|nay \(\d)"
)


@cache
def title_forms(title: str) -> tuple[str, ...]:
    """A folded title and the other ways of saying it ("ngoai truong": "bo truong ngoai giao")."""
    words = title.split()
    forms = [title]
    for start, end, cid in thesaurus().spans(words, nested=False):
        if (start, end) == (0, len(words)):
            for expression in thesaurus().concepts[cid].expressions:
                form = " ".join(tokens(expression))
                if form not in forms and not expression.isupper():
                    forms.append(form)
    return tuple(forms)


def has_title(
    joined: str, title: str, *, home: bool = False, of: frozenset[str] | None = None
) -> bool:
    """Whether a title stands in a text as itself: "thủ tướng" is not in "phó thủ tướng" nor
    "nguyên thủ tướng" (lexicon `title_modifiers`), and "đại sứ" is not in "đại sứ quán".
    With `of`, only the title of one of those countries counts ("Tổng thống Hàn Quốc"). With
    `home`, a title of another country ("Bộ trưởng Ngoại giao Mỹ") does not count: a question
    that names no country asks about Việt Nam's."""
    lex = lexicon()
    at = joined.find(f" {title} ")
    while at >= 0:
        rest = joined[at + len(title) + 2 :]
        after = rest.split(" ", 1)[0]
        # "Trợ lý Bộ trưởng", "nguyên Đại sứ": another role than the title.
        if not lex.modifies_title(joined[max(0, at - 30) : at]) and after not in {"quan"}:
            match = lex.country_pattern.match(rest.removeprefix("nuoc "))
            country = lex.country_by_variant[match.group(0)] if match else None
            if of is not None:
                # "Tổng thống Hàn Quốc": the title said of that country.
                if country in of:
                    return True
            elif not home or country in (None, "Việt Nam"):
                return True
        at = joined.find(f" {title} ", at + 1)
    return False


def holds_title(role: str, title: str) -> bool:
    """Whether a person's role (as extracted: "nguyên Đại sứ", "Trợ lý Bộ trưởng Ngoại giao")
    is the folded title asked, in any of its forms."""
    padded = f" {' '.join(tokens(role))} "
    return any(has_title(padded, form) for form in title_forms(title))


def unit_classes(unit: str) -> set[str]:
    """The classes of things a folded unit counts: {"nguoi"} for "cong dan viet nam"."""
    return {
        name
        for name, phrases in lexicon().unit_classes.items()
        if any(unit == p or unit.startswith(p + " ") for p in phrases)
    }


def names_someone_in(text: str) -> bool:
    """Whether a sentence names a person: a Vietnamese name, or a capitalised name right after
    a title ("Tổng thống Joko Widodo"); a foreign place ("Labuan Bajo") is no person."""
    if any(len(name) > 1 for name in person_names(text, shortest=2)):
        return True
    return any(
        re.match(r"\s+(?:[^\W\d_]+\s+){0,3}?[A-ZÀ-Ỵ][^\W\d_]+\s+[A-ZÀ-Ỵ]", text[m.end() :])
        for m in lexicon().title_pattern.finditer(text)
    )


def title_qualified(joined: str, title: str, qualifier: list[str]) -> bool:
    """Whether the title stands in the sentence with the qualifier the question gives it close
    after ("Đại sứ Việt Nam tại Ukraine" for "đại sứ ... Ukraine")."""
    at = joined.find(f" {title} ")
    if at < 0:
        return False
    following = joined[at + len(title) + 2 :].split()[:6]
    return all(w in following for w in qualifier)


_TELEX_DOUBLES = re.compile(r"(aa|ee|oo|dd)")


def untelex(word: str) -> list[str]:
    """What a word typed with telex keys left in ('vieejt', 'heej', 'nuwowcs', 'tacs') may be:
    doubled vowels and 'dd' undone, 'w' dropped, and one tone key (s f r x j) after the first
    vowel removed, the last one first."""
    plain = _TELEX_DOUBLES.sub(lambda m: m.group(0)[0], word)
    plain = re.sub(r"(?<=[aou])w", "", plain).replace("w", "u")
    out = [plain] if plain != word else []
    vowel = re.search(r"[aeiouy]", plain)
    if vowel:
        for i in range(len(plain) - 1, vowel.start(), -1):
            if plain[i] in "sfrxj":
                out.append(plain[:i] + plain[i + 1 :])
    return out


def has_bigram(entry: Entry, first: str, second: str) -> bool:
    """Whether the two words stand side by side in the sentence."""
    return first in entry.words and second in entry.words and f" {first} {second} " in entry.joined
