"""Recognisers for one sentence of Vietnamese news: figures, people, documents, partners.

Pure functions over text, used by `extract.py` to turn sentences into typed facts.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from bot.engine.constraints import is_syllable
from bot.text import fold, normalise_number, parse_number
from bot.vocabulary import lexicon

_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")

_NUMBER = r"\d+(?:[.,]\d+)*"
_QUALIFIERS = (
    "hơn",
    "gần",
    "trên",
    "khoảng",
    "gần như",
    "hàng",
    "vượt mốc",
    "vượt",
    "tới",
    "lên",
    "đến",
    "dưới",
    "ít nhất",
    "tổng cộng",
)
_MULTIPLIERS = {"nghìn": 1e3, "ngàn": 1e3, "triệu": 1e6, "tỷ": 1e9, "tỉ": 1e9}
_FIGURE = re.compile(
    rf"(?:(?P<qual>{'|'.join(sorted(_QUALIFIERS, key=len, reverse=True))})\s+)?"
    rf"(?<![\w/.,-])(?P<num>{_NUMBER})(?P<of>/\d+)?(?P<pct>\s?%)?"
    rf"(?:\s+(?P<mult>nghìn|ngàn|triệu|tỷ|tỉ)(?!\w))?"
    # A lookahead: the words after a number must stay free to hold the next number
    # ("năm 2022 đạt khoảng 15,7 tỷ USD").
    rf"(?=(?P<unit>(?:\s+[\w/-]+[,;.:]?){{0,6}}))",
    re.IGNORECASE,
)
_UNIT_STOP = {
    "ở",
    "với",
    "của",
    "và",
    "trong",
    "đã",
    "để",
    "cho",
    "tại",
    "là",
    "từ",
    "đến",
    "được",
    "có",
    "các",
    "qua",
    "nhưng",
    "mà",
    "sau",
    "trước",
    "theo",
    "về",
    "khi",
    "thì",
    "này",
    "đó",
    "lên",
    "vào",
    "ra",
    "như",
    "nhằm",
    "cùng",
    "so",
    "do",
    "bằng",
    "hoặc",
    "hay",
}
# Verbs that follow a counted noun ("700 chuyến bay đưa …", "35 năm thực hiện …"); words that
# are as often nouns ("tổ chức", "ủng hộ", "hỗ trợ") are not among them.
_UNIT_VERBS = frozenset(
    {
        "đưa",
        "đạt",
        "bị",
        "ký",
        "đón",
        "cử",
        "gồm",
        "thăm",
        "nhận",
        "giúp",
        "dự",
        "thực hiện",
        "triển khai",
        "tham gia",
        "thiết lập",
        "sinh sống",
        "làm việc",
        "học tập",
        "góp phần",
        "ban hành",
        "tiếp nhận",
        "giải cứu",
        "bỏ trốn",
        "công bố",
        "phối hợp",
        "đề ra",
        "diễn ra",
        "kéo dài",
        "trúng cử",
        "thu hút",
        "ký kết",
        "đón tiếp",
        "nâng cấp",
        "xác lập",
    }
)
_NOT_FIGURE_BEFORE = re.compile(
    r"(lần thứ|khóa|khoá|số|nghị quyết|chỉ thị|kết luận|quyết định|ngày|tháng|năm|covid|thứ|"
    r"trung ương|điều|mục|khoản|giai đoạn|từ|nhiệm kỳ)\s*$",
    re.IGNORECASE,
)

_RUN_WORD = re.compile(r"\s+(\([A-Z]+\)|[^\W\d_][\w'-]*)")
_RUN_CONNECTORS = {"tỉnh", "thành", "phố", "nước"}
_ORG_WORDS = {
    "Chính",
    "phủ",
    "Tỉnh",
    "ủy",
    "Thành",
    "Trung",
    "ương",
    "Đảng",
    "Nhân",
    "dân",
    "Cách",
    "mạng",
    "Quốc",
    "hội",
    "Cộng",
    "sản",
    "Việt",
    "Nam",
    "Hội",
    "đồng",
    "An",
    "ninh",
    "quốc",
    "gia",
    "UBND",
    "HĐND",
    "Thường",
    "trực",
    "Ban",
    "Bộ",
    "Ngoại",
    "giao",
    "Đối",
    "ngoại",
    "Thống",
    "nhất",
    "Liên",
    "Hợp",
    "bang",
    "Huyện",
    "Điểm",
    "cầu",
}


# How titles begin, for appositive titles the lexicon does not list.
_TITLE_HEAD = re.compile(
    r"(?:Phó |Nguyên |Quyền )?(?:Ủy viên|Uỷ viên|Bí thư|Trưởng|Chủ tịch|Bộ trưởng|Thứ trưởng|"
    r"Giám đốc|Tổng [Bb]í thư|Tổng Giám đốc|Đại sứ|Chủ nhiệm|Tư lệnh|Thủ tướng)\b"
)


def _ends_in_name(text: str) -> bool:
    """True when a text ends in a personal name: a surname and one to three capitalised words."""
    words = text.split()
    surnames = lexicon().surnames
    for i, word in enumerate(words):
        rest = words[i + 1 :]
        if word in surnames and 1 <= len(rest) <= 3:
            return all(w[0].isupper() and w not in _ORG_WORDS for w in rest)
    return False


def _starts_sentence(text: str) -> bool:
    head = text.lstrip("“\"'(")
    return bool(head) and (head[0].isupper() or head[0].isdigit())


# A bullet that opens an item of a digest run into one paragraph: ". * Chiều 15-5, ...".
_BULLET = re.compile(r"^[*•+–-]\s+(?=\S)")


def split_sentences(text: str) -> list[str]:
    """Sentences of a paragraph; a full stop before a lower-case word does not end one, and a
    bullet after one starts an item of its own (without the bullet)."""
    sentences: list[str] = []
    for part in _SENTENCE_END.split(text):
        part = part.strip()
        bulleted = _BULLET.match(part)
        if bulleted and sentences:
            part = part[bulleted.end() :]
        if not part:
            continue
        if sentences and not _starts_sentence(part):
            sentences[-1] += " " + part
        else:
            sentences.append(part)
    return sentences


def clause_around(text: str, pos: int) -> str:
    """The ;-separated clause of a sentence that holds position `pos`."""
    start = text.rfind(";", 0, pos) + 1
    end = text.find(";", pos)
    clause = text[start : end if end != -1 else len(text)].strip(" ;")
    return clause[0].upper() + clause[1:] if clause else text


# "… nhận được 182 phiếu, theo sau là Algeria (178), Morocco (178)": a count in parentheses
# after a name, in a sentence that stated the same kind of count before it.
_ENUMERATED = re.compile(
    r"(?P<holder>[A-ZĐ][\w-]*(?: [A-ZĐ][\w-]*){0,3})\s*\((?P<num>\d{1,3}(?:[.,]\d{3})*(?:,\d+)?)\)"
)


def _enumerated(text: str, figures: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The counts of an enumeration after a figure, each with the name it belongs to and the
    unit of the figure before it."""
    out: list[dict[str, Any]] = []
    for m in _ENUMERATED.finditer(text):
        before = [
            f
            for f in figures
            if f["unit"] and not f["unit"].startswith("%") and f["raw"] in text[: m.start()]
        ]
        value = parse_number(m["num"])
        if not before or value is None or (len(m["num"]) == 4 and 1900 <= value <= 2100):
            continue  # "(2023)" is a year
        out.append(
            {
                "value": value,
                "number": normalise_number(m["num"]),
                "qualifier": None,
                "multiplier": None,
                "unit": before[-1]["unit"],
                "raw": m.group(0),
                "holder": m["holder"],
            }
        )
    return out


def extract_figures(text: str) -> list[dict[str, Any]]:
    figures: list[dict[str, Any]] = []
    if not any(c.isdigit() for c in text):
        return figures
    for m in _FIGURE.finditer(text):
        num = m["num"]
        if _NOT_FIGURE_BEFORE.search(text[: m.start("num")]) and not m["qual"]:
            continue
        after = text[m.end("num") : m.end("num") + 2]
        if (after[:1] in {"/", "-"} and not m["of"]) or (after[:1] == "/" and m["of"] is None):
            continue
        value = parse_number(num)
        if value is None:
            continue
        is_year = len(num) == 4 and 1900 <= value <= 2100 and not m["mult"] and not m["pct"]
        unit_words: list[str] = []
        words = (m["unit"] or "").split()
        for i, word in enumerate(words):
            low = word.lower()
            pair = f"{low} {words[i + 1].lower().rstrip(',;.:')}" if i + 1 < len(words) else ""
            if len(unit_words) == 4 or low in _UNIT_STOP or not any(c.isalpha() for c in word):
                break
            if low in _QUALIFIERS or low in _UNIT_VERBS or pair in _UNIT_VERBS:
                break  # what a figure counts is a noun phrase: a verb or a new figure ends it
            unit_words.append(word.rstrip(",;.:"))
            if word[-1] in ",;.:":
                break
        following = words[len(unit_words)] if len(words) > len(unit_words) else ""
        if len(unit_words) == 4 and following[:1].isupper():
            while unit_words and unit_words[-1][0].isupper():
                unit_words.pop()  # never half a name: "… thành viên Liên" of "Liên Hợp Quốc"
        unit = " ".join(unit_words)
        if is_year or (not unit and not m["pct"] and not m["mult"]):
            continue
        if m["pct"]:
            unit = "%" + (" " + unit if unit else "")
        mult = (m["mult"] or "").lower()
        figures.append(
            {
                "value": value * _MULTIPLIERS.get(mult, 1),
                "number": normalise_number(num) + (m["of"] or ""),
                "qualifier": (m["qual"] or "").lower() or None,
                "multiplier": mult or None,
                "unit": unit,
                "raw": text[m.start() : m.start("unit") + len(" ".join(["", *unit_words]))].strip(),
            }
        )
    return figures + _enumerated(text, figures)


# Two words that open a sentence ("Tuy nhiên", "Theo đó"): a capitalised run before the
# second one ends before the first ("Thủ tướng Anh Theresa May Tuy nhiên, ..." in a caption
# run into its paragraph).
_SENTENCE_OPENERS = frozenset(
    {
        ("Tuy", "nhiên"),
        ("Theo", "đó"),
        ("Trong", "đó"),
        ("Do", "đó"),
        ("Sau", "đó"),
        ("Trước", "đó"),
        ("Bên", "cạnh"),
        ("Ngoài", "ra"),
        ("Đồng", "thời"),
        ("Vì", "vậy"),
        ("Cùng", "ngày"),
        ("Hiện", "nay"),
        ("Trong", "khi"),
    }
)


@functools.cache
def _short_country_names() -> frozenset[str]:
    """The short names of countries, as written ("Anh", "Đức", "Nhật")."""
    return frozenset(s for names in lexicon().short_names.values() for s in names)


def _person_name(run: str) -> str | None:
    """The personal name at the end of a capitalised run after a title."""
    lex = lexicon()
    rest = run.split()
    while rest:
        # "Thủ tướng Anh Theresa May": right after a title, a short country name is the
        # country's (a Vietnamese name opens with its surname, never with "Anh" or "Đức").
        if rest[0] in _short_country_names() and len(rest) > 2:
            rest.pop(0)
            continue
        # Drop leading organisations and countries ("Đảng Nhân dân Campuchia (CPP)",
        # "Hoa Kỳ Joe Biden", "Thái Lan Parnpree ...").
        if rest[0] in _ORG_WORDS or rest[0].startswith("("):
            rest.pop(0)
            continue
        joined = " ".join(rest)
        country = next(
            (c for c in lex.countries_in(joined) if fold(joined).startswith(fold(c))), None
        )
        if country is None:
            break
        rest = rest[len(country.split()) :]
    for i, word in enumerate(rest):
        if word in lex.surnames and 2 <= len(rest) - i <= 4:
            return " ".join(rest[i:])
    if 2 <= len(rest) <= 4:
        return " ".join(rest)
    return None


# A title of a province or city's body: the two words after it name the place.
_LOCAL_BODY = re.compile(r"(?:Tỉnh ủy|Thành ủy|tỉnh|thành phố|Thành phố|UBND|HĐND)$")


def _names_person(run: str) -> bool:
    """Whether the words after a title name its holder: a full name, or one foreign name after
    the country ("Tổng thống Philippines Duterte")."""
    if _person_name(run):
        return True
    words = run.split()
    return bool(words) and not is_syllable(words[-1]) and words[-1][:1].isupper()


@functools.cache
def _body_pattern() -> re.Pattern[str]:
    """Folded names of bodies (thesaurus concepts that name one: "liên hợp quốc", "ngân hàng
    thế giới"), as they may follow a title."""
    from bot.thesaurus import thesaurus

    names = {
        fold(e)
        for c in thesaurus().concepts.values()
        if c.entity
        for e in c.expressions
        # An acronym that folds to a syllable ("NGO": "Ngô") could be the name itself.
        if len(e.split()) >= 2 or (e.isupper() and not is_syllable(e))
    }
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"\s+(?:{alternatives})(?![\w])")


def _modified_from(text: str, start: int) -> int:
    """Where a title starting at `start` begins with the word before it that modifies it."""
    before = text[max(0, start - 30) : start]
    modifier = lexicon().title_modifier(fold(before))
    if modifier is None:
        return start
    tail = " ".join(before.split()[-len(modifier.split()) :])
    return start - len(before) + before.rindex(tail)


def _owned(before: str) -> bool:
    """Whether the text before a title makes the title another person's: "của Tổng Thư ký"."""
    return fold(before).rstrip().endswith(" cua")


def extract_people(text: str) -> list[dict[str, str]]:
    people = []
    lex = lexicon()
    for m in lex.title_pattern.finditer(text):
        words: list[str] = []
        # "Tổng Thư ký Liên hợp quốc Antonio Guterres": the body of the title, in any case,
        # is part of the title, not of the name.
        body = _body_pattern().match(fold(text[m.end() : m.end() + 80]))
        ends = [m.end() + (body.end() if body else 0)]
        for w in _RUN_WORD.finditer(text, ends[0]):
            if w.start() != ends[-1]:
                break
            word = w[1]
            if not (word[0].isupper() or word.startswith("(") or word in _RUN_CONNECTORS):
                if words and (words[-1], word.rstrip(",")) in _SENTENCE_OPENERS:
                    words.pop()
                    ends.pop()
                break
            words.append(word)
            ends.append(w.end())
        end = ends[-1]
        name = _person_name(" ".join(w for w in words if w not in _RUN_CONNECTORS))
        if not name or (_LOCAL_BODY.search(m.group(0)) and len(name.split()) == 2):
            # "Bí thư Tỉnh ủy Hà Tĩnh": the province, not a person named Hà.
            continue
        # The role runs from the first title of an appositive chain ("A, B Name") to the name,
        # with a word that makes it another role ("nguyên Đại sứ", "Trợ lý Bộ trưởng").
        start = _modified_from(text, m.start())
        while True:
            prev = text[:start].rstrip()
            if not prev.endswith(","):
                break
            before = [t for t in lex.title_pattern.finditer(prev[:-1]) if t.end() >= len(prev) - 60]
            if before and _owned(prev[: before[-1].start()]):
                # "Đặc phái viên của Tổng Thư ký LHQ, Phó Thủ tướng X": another's title.
                break
            if before and not _names_person(prev[before[-1].end() : -1]):
                start = _modified_from(text, before[-1].start())
                continue
            # A title the lexicon does not list: "Ủy viên dự khuyết BCH Trung ương Đảng,".
            segment_start = max(prev.rfind(",", 0, len(prev) - 1), prev.rfind(";")) + 1
            segment = prev[segment_start:-1].strip()
            head = _TITLE_HEAD.match(segment)
            if not head or len(segment.split()) > 10 or _ends_in_name(segment[head.end() :]):
                break
            start = prev.index(segment, segment_start)
        role = text[start:end].replace(name, "").strip(" ,")
        people.append({"name": name, "role": role})
    seen: set[str] = set()
    unique = []
    for person in people:
        if person["name"] not in seen:
            seen.add(person["name"])
            unique.append(person)
    return unique


def quote_speaker(
    paragraph: str, quote_start: int, quote_end: int, people: dict[str, str]
) -> str | None:
    """Who said a quote: the nearest person or known title before it in the paragraph
    ("Tổng Bí thư nhấn mạnh ... “...”"), else one right after it ("“...” - Tổng Bí thư nói")."""
    before, after = paragraph[:quote_start], paragraph[quote_end : quote_end + 120]
    candidates: list[tuple[int, str]] = []
    for person in extract_people(before):
        candidates.append((before.rfind(person["name"]), person["name"]))
    for title, name in people.items():
        if title and title in before:
            candidates.append((before.rfind(title), name))
    if candidates:
        return max(candidates)[1]
    for person in extract_people(after):
        return person["name"]
    for title, name in people.items():
        if title and title in after:
            return name
    return None
