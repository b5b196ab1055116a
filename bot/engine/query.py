"""Understanding a question: language, intent, entities and the words that matter.

Pure functions over text; the engine in `answer.py` ranks facts with what this returns.
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache

from bot.engine.constraints import (
    Constraints,
    is_syllable,
    named_concepts,
    proper_names,
    read_constraints,
)
from bot.engine.english import ENGLISH_COUNTED, is_english, translate_english
from bot.engine.shorthand import expand_shorthand, expand_shorthand_text
from bot.text import accent_key, clean, fold, tokens
from bot.thesaurus import concept_token, thesaurus
from bot.vocabulary import lexicon, visited


class Intent(StrEnum):
    """What kind of answer a question asks for."""

    FIGURE = "figure"
    DATE = "date"
    PERSON = "person"
    PLACE = "place"
    FRAMEWORK = "framework"
    LIST = "list"
    REASON = "reason"
    WHAT = "what"
    ANY = "any"


# Folded question phrases, most specific first, with the intent each signals.
_INTENT_PATTERNS: list[tuple[re.Pattern[str], Intent]] = [
    (re.compile(r"\b(bao nhieu|so luong|tong so|how many|how much)\b"), Intent.FIGURE),
    (
        re.compile(
            r"\bmay\s+(nuoc|quoc gia|bai hoc|doi tac|lan|nhiem vu|tru cot|chinh dang|fta|nhom|thi truong|lieu|to chuc|danh hieu|nam|nguoi|van kien|dieu uoc)\b"
        ),
        Intent.FIGURE,
    ),
    (re.compile(r"^\s*so\s+\w+"), Intent.FIGURE),
    (re.compile(r"\bmay\s+(?!bay|tinh|moc|in|man)[a-z]+"), Intent.FIGURE),
    # "<category> của Việt Nam" asks for the category's members or count.
    (
        re.compile(
            r"^(cac\s+)?(doi tac|nuoc|quoc gia|thanh tuu|ket qua)\b.*\bcua (viet nam|nuoc ta)\s*\??$"
        ),
        Intent.FIGURE,
    ),
    (
        re.compile(
            r"\b(khi nao|ngay nao|nam nao|thang nao|luc nao|thoi gian nao|thoi diem nao|bao gio|dip nao|ngay bao nhieu|(?:toi|sang|chieu|trua|dem)? ?hom nao|ngay may|thang may|when)\b"
        ),
        Intent.DATE,
    ),
    (
        re.compile(r"\b(la ai|ai la|nguoi nao|vi nao|who)\b|^\s*ai\b|\bai\s*\??\s*$|^\s*nguoi\s"),
        Intent.PERSON,
    ),
    (re.compile(r"\b(o dau|tai dau|noi nao|dia diem nao|where)\b"), Intent.PLACE),
    (
        re.compile(r"\b(muc nao|khuon kho nao|cap do nao|cap nao|quan he gi|doi tac gi)\b"),
        Intent.FRAMEWORK,
    ),
    (re.compile(r"\b(vi sao|tai sao|ly do|nguyen nhan|why)\b"), Intent.REASON),
    (
        re.compile(
            r"^\s*(neu|trinh bay|liet ke|ke ten|ke ra|phan tich|tom tat|list|name the|outline|describe)\b"
            r"|\b(gom nhung gi|gom nhung|bao gom|nhung .{1,30} nao|cac .{1,40} (la gi|gom))\b"
        ),
        Intent.LIST,
    ),
    (re.compile(r"\b(la gi|nhung gi|nhu the nao|the nao|ra sao|gi)\b"), Intent.WHAT),
    # "văn bản nào", "nước nào": which one.
    (re.compile(r"\b[a-z]+ nao\b"), Intent.WHAT),
]
_QUESTION_WORDS = re.compile(
    r"\b(bao nhieu|so luong|khi nao|ngay nao|nam nao|thang nao|luc nao|thoi gian nao|thoi diem nao|"
    r"bao gio|dip nao|(?:theo |duoi |bang )?hinh thuc (?:nao|gi)|(?:toi|sang|chieu|trua|dem) hom nao|hom nao|ngay may|thang may|(?:lan )?thu (?:may|bao nhieu)|la ai|ai la|nguoi nao|vi nao|o dau|tai dau|noi nao|dia diem nao|muc nao|"
    r"khuon kho nao|cap do nao|cap nao|la gi|gom nhung gi|nhung gi|nhu the nao|the nao|ra sao|"
    r"co phai|phai khong|duoc khong|hay khong|cho biet|xin hoi|cho hoi|cho toi biet|vay|nhi|a|"
    r"ke ten|liet ke|trinh bay|hay neu|neu ro|(co )?ten (day du|goi|chinh thuc)|"
    r"(duoc )?goi (day du )?la)\b|^\s*neu\b"
    r"|^\s*(so luong|tong so|so)\b"
)
# Function words that carry no topic, with their diacritics: "đang" is a function word but
# "Đảng" is not, and both fold to "dang". Typed without diacritics, only the words whose folded
# form is unambiguous are dropped; the rest are left to the corpus's word rarity.
STOPWORDS_ACCENTED = frozenset(
    [
        "ai",
        "gì",
        "nào",
        "mấy",
        "không",
        "có",
        "được",
        "của",
        "là",
        "và",
        "với",
        "cho",
        "các",
        "những",
        "một",
        "nhiều",
        "đã",
        "đang",
        "sẽ",
        "thì",
        "mà",
        "về",
        "đến",
        "trong",
        "trên",
        "ở",
        "tại",
        "vào",
        "này",
        "đó",
        "như",
        "hay",
        "hoặc",
        "theo",
        "bởi",
        "vì",
        "để",
        "ra",
        "lên",
        "hỏi",
        "tôi",
        "mình",
        "bạn",
        "nhé",
        "ơi",
        "vậy",
        "thế",
        "thôi",
        "lúc",
        "sao",
        "thuộc",
        "bị",
        "làm",
        "hãy",
        "nhỉ",
        "ạ",
        "à",
        # "Vị Phó Thủ tướng kiêm Ngoại trưởng nào": a classifier and a link between titles.
        "vị",
        "kiêm",
    ]
)
STOPWORDS = frozenset(
    [
        "khong",
        "duoc",
        "cua",
        "voi",
        "cho",
        "cac",
        "nhung",
        "mot",
        "nhieu",
        "trong",
        "tren",
        "tai",
        "vao",
        "nay",
        "boi",
        "hoac",
        "minh",
        "nhe",
        "oi",
        "vay",
        "nao",
        "gi",
        "ai",
        "la",
        "va",
        "sao",
        "thuoc",
        "hay",
        "khi",
    ]
)
# Tokens that a question uses for the country it is about ("Việt Nam có...").
_HOME = frozenset({"viet", "nam", "nuoc", "ta"})
# The home capital, which a question may name for the country ("Hà Nội nhận vai trò ...").
_HOME_CAPITAL = ("ha noi", "Việt Nam")
_DOC_FULL = re.compile(r"(\d+)\s*-\s*(nq|ct|kl|qd|tb)\s*/\s*([a-z]+)")
_DOC_SHORT = re.compile(r"\b(nghi quyet|chi thi|ket luan|quyet dinh)\s+(?:so\s+)?(\d+)\b")
_DOC_TYPES = {"nghi quyet": "NQ", "chi thi": "CT", "ket luan": "KL", "quyet dinh": "QĐ"}
# The noun a "how many" question counts: "bao nhiêu nước", "mấy bài học", "số FTA".
_COUNTED = re.compile(r"\b(?:bao nhieu|may|^so|so luong|tong so)\s+((?:[a-z]+\s*){1,2})")
_QUOTED = re.compile(r"[\"“'‘«]([^\"”'’»]{3,120})[\"”'’»]")
# Words between a date question's event and its question word ("bắt đầu từ ngày nào").
_FOCUS_SKIP = frozenset({"tu", "vao", "la", "duoc", "da", "se", "dien", "ra", "trong", "nam"})
_ASKS_FORMAT = re.compile(r"\bhinh thuc (nao|gi)\b|\bin what (format|form|way)\b")
_OF_VIETNAM = re.compile(r"\bcua (viet nam|nuoc ta)\s*\??$")


@dataclass
class Question:
    """A question taken apart: what the engine needs to rank facts."""

    raw: str
    text: str
    folded: str
    intent: Intent
    english: bool
    words: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    documents: list[tuple[str | None, str]] = field(default_factory=list)
    counted: list[str] = field(default_factory=list)
    accents: dict[str, str] = field(default_factory=dict)
    adjacent: list[tuple[str, str]] = field(default_factory=list)
    title: str | None = None
    qualifier: list[str] = field(default_factory=list)
    constraints: Constraints = field(default_factory=Constraints)
    # Titles the question names ("tổng thống", "đại sứ"), folded: the passage must hold them.
    titles: list[str] = field(default_factory=list)
    asks_day: bool = False
    # Countries the question names right after a title ("Tổng thống Hàn Quốc"), by title: the
    # passage must give the title to that country.
    title_countries: dict[str, list[str]] = field(default_factory=dict)
    # A title the question gives to Việt Nam ("đại sứ Việt Nam tại ..."): not another country's.
    home_title: bool = False
    # "năm nào", "what year": a day and month alone do not answer it.
    asks_year: bool = False
    # Phrases the user put in quotes, as folded tokens joined by spaces (" a b c ").
    quoted: list[str] = field(default_factory=list)
    asks_ordinal: bool = False
    # The event a date question asks the date of: the words before its question word.
    focus: list[str] = field(default_factory=list)
    # "nhiệm kỳ nào", "giai đoạn nào": a span of years.
    asks_term: bool = False
    # "theo hình thức nào", "in what format": how a meeting was held.
    asks_format: bool = False
    # Concept phrases of the question: (concept token, the words of the phrase); a passage
    # that says the concept in other words earns those words (see bot.vocabulary).
    concepts: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)
    # Words of a capital the question names, and the country it may stand for: a passage
    # naming that country says them in other words.
    stands_for: dict[str, str] = field(default_factory=dict)
    # Every folded word of the question in order, question words and names included.
    sequence: list[str] = field(default_factory=list)
    # Titles the question gives to someone it names right after ("tổng thống Biden").
    named_titles: set[str] = field(default_factory=set)
    # Where the visit asked about goes ("thăm Việt Nam"): a passage about a visit elsewhere
    # does not answer it.
    destinations: set[str] = field(default_factory=set)

    @property
    def asks_current(self) -> bool:
        """A question on the present state of things, naming no year: who holds a title, how
        many, what framework of relations."""
        if self.constraints.years:
            return False
        return (
            (self.intent is Intent.PERSON and self.title is not None)
            or self.intent is Intent.FRAMEWORK
            or (self.intent is Intent.FIGURE and not self.asks_ordinal)
        )

    @property
    def events(self) -> tuple[str, ...]:
        """The events the question asks about ("nâng cấp", "trúng cử"), as concept ids."""
        return _events_of(frozenset(token[1:] for token, _ in self.concepts))

    @property
    def content(self) -> list[str]:
        return [w for w in self.words if w not in STOPWORDS]


@functools.lru_cache(maxsize=1024)
def _events_of(concepts: frozenset[str]) -> tuple[str, ...]:
    return tuple(thesaurus().events_of(set(concepts)))


def _content_text(text: str, accents: dict[str, str] | None = None) -> str:
    """Folded text without question phrases and without function words written with diacritics.

    `accents` receives, for each kept word typed with diacritics, its folded -> accented form.
    """
    words = re.findall(r"[^\W_]+(?:[.,/-][^\W_]+)*", text)
    folded = [fold(w) for w in words]
    keep = [True] * len(words)
    joined = " ".join(folded)
    for m in _QUESTION_WORDS.finditer(joined):
        first = joined[: m.start()].count(" ")
        for i in range(first, first + m.group(0).count(" ") + 1):
            keep[i] = False
    kept = [
        (w, f)
        for w, f, k in zip(words, folded, keep, strict=True)
        if k and w.lower() not in STOPWORDS_ACCENTED
    ]
    if accents is not None:
        for w, f in kept:
            if w.lower() != f and w.isalpha():
                accents[f] = accent_key(w)
    return " ".join(f for _, f in kept)


def _date_focus(folded: str, words: list[str]) -> list[str]:
    """The words right before a date question's question word: the event whose date is asked
    ("nhiệm kỳ ... bắt đầu từ ngày nào" -> ["bat", "dau"])."""
    date_pattern = next(p for p, intent in _INTENT_PATTERNS if intent is Intent.DATE)
    m = date_pattern.search(folded)
    if m is None:
        return []
    before = [w for w in tokens(folded[: m.start()]) if w not in _FOCUS_SKIP]
    content = set(words) - STOPWORDS
    focus: list[str] = []
    for w in reversed(before[-2:]):
        if w not in content or home_token(w) or w[0].isdigit():
            break
        focus.insert(0, w)
    return focus


def detect_intent(folded: str) -> Intent:
    for pattern, intent in _INTENT_PATTERNS:
        if pattern.search(folded):
            return intent
    return Intent.ANY


def parse_question(raw: str) -> Question:
    """Clean, fold, translate and take apart a question."""
    text = clean(raw)[:1000]
    english = is_english(text)
    text = thesaurus().spell_out(text, initials=not english)
    folded = fold(text).replace("-", " - ")
    accents: dict[str, str] = {}
    content_source = _content_text(expand_shorthand_text(text), accents)
    countries = lexicon().countries_in(text, query=True)
    capitals = [c for c in lexicon().capitals_in(text) if c not in countries]
    if capitals:
        # "Hà Nội và Washington": the capitals stand for their countries.
        countries += capitals
        for capital, country in lexicon().capitals.items():
            if country in capitals:
                text = re.sub(re.escape(capital), " ", text)
        text = re.sub(r"(?i)\bh[aà] n[oộ]i\b", "Việt Nam", text)
        folded = fold(text).replace("-", " - ")
        content_source = _content_text(expand_shorthand_text(text), accents)
    if english:
        folded = translate_english(folded.lower())
    folded = expand_shorthand(folded)
    intent = detect_intent(folded)
    titles = _titles_in(folded)
    if intent in (Intent.ANY, Intent.WHAT) and any(
        re.search(rf"\b{re.escape(t)} nao\b", folded) for t in titles
    ):
        intent = Intent.PERSON  # "Thủ tướng nào dự ...": a person with that title
    if intent is Intent.ANY and countries and re.search(r"\bquan he\b", folded):
        intent = Intent.FRAMEWORK  # "Quan hệ Việt Nam - Trung Quốc": the framework is the answer
    documents: list[tuple[str | None, str]] = []
    for m in _DOC_FULL.finditer(folded):
        documents.append((m[2].upper().replace("QD", "QĐ"), m[1]))
    for m in _DOC_SHORT.finditer(folded):
        if not any(number == m[2] for _, number in documents):
            documents.append((_DOC_TYPES[m[1]], m[2]))
    body = _QUESTION_WORDS.sub(" ", folded) if english else content_source
    body = _DOC_FULL.sub(" ", body)
    for country in countries:
        for variant in [fold(country), *lexicon().countries[country]]:
            body = re.sub(rf"(?<![a-z]){re.escape(variant)}(?![a-z])", " ", body)
    words = [w for w in tokens(body) if w not in {"tw"}]
    # Concepts are read off every word of the question: a name may hold a function word
    # ("Hiệp hội các quốc gia Đông Nam Á") that the content words leave out.
    sequence = tokens(expand_shorthand(folded))
    concepts = concept_spans(sequence)
    counted: list[str] = []
    counted_match = _COUNTED.search(folded)
    if counted_match:
        counted = [w for w in counted_match.group(1).split() if w not in STOPWORDS][:2]
        phrase = ENGLISH_COUNTED.search(text.lower()) if english else None
        if phrase:
            # "how many COVID-19 vaccine doses does ...": the counted noun ends the phrase.
            counted = [
                w
                for w in tokens(translate_english(phrase[1]))
                if w not in STOPWORDS and not w[0].isdigit()
            ]
    elif intent is Intent.FIGURE and _OF_VIETNAM.search(folded):
        counted = [w for w in words if w not in STOPWORDS and w != "cac"][:2]
    content_set = {w for w in words if w not in STOPWORDS and not home_token(w)}
    adjacent = [
        (a, b) for a, b in itertools.pairwise(sequence) if a in content_set and b in content_set
    ]
    title, qualifier = (
        _asked_title(folded, content_set, countries) if intent is Intent.PERSON else (None, [])
    )
    constraints = read_constraints(text, folded, None)
    variants = lexicon().country_by_variant
    constraints.names = [
        name
        for name in constraints.names
        if " ".join(name) not in variants and not (len(name) == 1 and english)
    ]
    if not english:
        # "phường Kỳ Trinh": a place or body the user wrote as a name is no other one.
        constraints.names += [n for n in proper_names(text) if n not in constraints.names]
    entities = thesaurus().concepts
    constraints.entities = [token for token, _ in concepts if entities[token[1:]].entity]
    if not english:
        # "Các Di sản Thế giới": a concept written as a name is a constraint like a body's.
        named = {concept_token(cid) for cid in named_concepts(text)}
        constraints.entities += [
            token for token, _ in concepts if token in named and token not in constraints.entities
        ]
    quoted = [
        " " + " ".join(tokens(m[1])) + " " for m in _QUOTED.finditer(text) if len(tokens(m[1])) >= 2
    ]
    return Question(
        quoted=quoted,
        titles=titles,
        title_countries={
            t: paired
            for t in titles
            if (
                paired := [
                    c
                    for c in countries
                    if any(
                        re.search(rf"\b{re.escape(t)} {re.escape(v)}\b", folded)
                        for v in [fold(c), *lexicon().countries[c]]
                    )
                ]
            )
        },
        home_title=any(
            re.search(rf"\b{re.escape(t)} (cua )?(viet nam|nuoc ta)\b", folded) for t in titles
        ),
        asks_day=bool(
            re.search(r"\b(ngay nao|ngay bao nhieu|ngay may|hom nao|what date|which day)\b", folded)
        ),
        asks_year=bool(
            re.search(r"\b(nam nao|nam bao nhieu|nam may|what year|which year)\b", folded)
        ),
        asks_ordinal=bool(re.search(r"\b(thu may|lan thu may|thu bao nhieu|khoa may)\b", folded)),
        focus=_date_focus(folded, words) if intent is Intent.DATE else [],
        asks_term=bool(re.search(r"\b(nhiem ky|giai doan|khoa) (nao|bao nhieu|may)\b", folded)),
        asks_format=bool(_ASKS_FORMAT.search(folded) or _ASKS_FORMAT.search(fold(text).lower())),
        raw=raw,
        text=text,
        folded=folded,
        intent=intent,
        english=english,
        words=words,
        countries=countries,
        documents=documents,
        counted=counted,
        accents=accents,
        adjacent=list(dict.fromkeys(adjacent)),
        title=title,
        qualifier=qualifier,
        constraints=constraints,
        concepts=concepts,
        sequence=sequence,
        stands_for=_stands_for(folded),
        destinations=visited(folded, verbs=("tham",)),
        named_titles=_named_titles(titles, sequence),
    )


def _named_titles(titles: list[str], sequence: list[str]) -> set[str]:
    """The titles followed in the question by a foreign name: "tổng thống Biden"."""
    joined = " " + " ".join(sequence) + " "
    named: set[str] = set()
    for title in titles:
        at = joined.find(f" {title} ")
        if at >= 0:
            after = joined[at + len(title) + 2 :].split(" ", 1)[0]
            if after and after.isalpha() and not is_syllable(after):
                named.add(title)
    return named


def _titles_in(folded: str) -> list[str]:
    """The titles a question names, longest first, none inside another ("phó thủ tướng" is not
    also "thủ tướng"; "đại sứ quán" is an embassy, not an ambassador)."""
    found: list[str] = []
    for m in _title_pattern().finditer(folded):
        if m.group(0) not in found:
            found.append(m.group(0))
    return found


@cache
def _folded_titles() -> tuple[str, ...]:
    """The lexicon's titles, folded, longest first."""
    return tuple(fold(t) for t in lexicon().titles)


@cache
def _title_pattern() -> re.Pattern[str]:
    titles = sorted(set(_folded_titles()), key=len, reverse=True)
    return re.compile(
        r"(?<![a-z])(?:" + "|".join(re.escape(t) for t in titles) + r")(?![a-z])(?! quan\b)"
    )


def concept_spans(words: list[str]) -> list[tuple[str, tuple[str, ...]]]:
    """The concept phrases of the thesaurus in a question's words: (concept token, words)."""
    return [
        (concept_token(cid), tuple(words[start:end]))
        for start, end, cid in thesaurus().spans(words, nested=False)
    ]


def _asked_title(
    folded: str, content: set[str], countries: list[str]
) -> tuple[str | None, list[str]]:
    """The title a "who" question asks about and the words right after it that qualify it.

    "ai là bí thư thành ủy hà nội" -> ("bi thu thanh uy", ["ha", "noi"]);
    "thủ tướng nhật bản là ai" -> ("thu tuong", ["nhat", "ban"]).
    """
    best: tuple[int, int] | None = None
    for key in _folded_titles():
        at = folded.find(key)
        if at >= 0 and (best is None or len(key) > best[1] - best[0]):
            best = (at, at + len(key))
    if best is None:
        return None, []
    # "ai đón Thủ tướng": the title names someone else than the one asked for.
    before = folded[: best[0]].split()[-2:]
    after = folded[best[1] :]
    if before[-1:] != ["la"] and not re.match(r"^( [a-z]+){0,6} (la ai|nao|la)\b", after):
        return None, []
    rest = folded[best[1] :].strip()
    for country in countries:
        for variant in [fold(country), *lexicon().countries[country]]:
            if re.match(rf"{re.escape(variant)}(?![a-z])", rest):
                return folded[best[0] : best[1]], tokens(fold(country))
    qualifier = []
    for w in tokens(rest)[:3]:
        # "Phó Thủ tướng kiêm Ngoại trưởng": a second title, not a qualifier of the first.
        if w not in content or w == "kiem":
            break
        qualifier.append(w)
    return folded[best[0] : best[1]], qualifier


def _stands_for(folded: str) -> dict[str, str]:
    """The home capital's words, when the question names it but not the country."""
    capital, country = _HOME_CAPITAL
    if re.search(rf"\b{capital}\b", folded) and fold(country) not in folded:
        return dict.fromkeys(capital.split(), country)
    return {}


def home_token(word: str) -> bool:
    return word in _HOME
