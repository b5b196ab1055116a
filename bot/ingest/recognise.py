"""Recognisers for one sentence of Vietnamese news: figures, people, documents, partners.

Pure functions over text, used by `extract.py` to turn sentences into typed facts.
"""

from __future__ import annotations

import re
from typing import Any

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
    rf"(?=(?P<unit>(?:\s+[\w/-]+){{0,4}}))",
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
_NOT_FIGURE_BEFORE = re.compile(
    r"(lần thứ|khóa|khoá|số|nghị quyết|chỉ thị|kết luận|quyết định|ngày|tháng|năm|covid|thứ|"
    r"trung ương|điều|mục|khoản|giai đoạn|từ|nhiệm kỳ)\s*$",
    re.IGNORECASE,
)

_DOC = re.compile(
    r"(?P<type>Nghị quyết|Chỉ thị|Kết luận|Quyết định|Quy định|Thông báo|Nghị định|Thông tư)"
    r"(?: số)? (?P<num>\d+)(?:-(?P<code>[A-ZĐ]+)/(?P<org>[A-ZĐ]+))?"
    r"(?P<tail>(?:(?!Nghị quyết|Chỉ thị|Kết luận|Quyết định)[^;.])*)"
)
_DOC_CODES = {"Nghị quyết": "NQ", "Chỉ thị": "CT", "Kết luận": "KL", "Quyết định": "QĐ"}
_DOC_ISSUERS = (
    "Bộ Chính trị",
    "Ban Bí thư",
    "Ban Chấp hành Trung ương",
    "Chính phủ",
    "Thủ tướng",
    "Quốc hội",
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
    "bang",
    "Huyện",
    "Điểm",
    "cầu",
}


def _starts_sentence(text: str) -> bool:
    head = text.lstrip("“\"'(")
    return bool(head) and (head[0].isupper() or head[0].isdigit())


def split_sentences(text: str) -> list[str]:
    """Sentences of a paragraph; a full stop before a lower-case word does not end one."""
    sentences: list[str] = []
    for part in _SENTENCE_END.split(text):
        part = part.strip()
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


def extract_figures(text: str) -> list[dict[str, Any]]:
    figures = []
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
        unit_words = []
        for word in (m["unit"] or "").split():
            if word.lower() in _UNIT_STOP or not any(c.isalpha() for c in word):
                break
            unit_words.append(word)
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
    return figures


def _person_name(run: str) -> str | None:
    """The personal name at the end of a capitalised run after a title."""
    lex = lexicon()
    rest = run.split()
    while rest:
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


def extract_people(text: str) -> list[dict[str, str]]:
    people = []
    lex = lexicon()
    for m in lex.title_pattern.finditer(text):
        words: list[str] = []
        end = m.end()
        for w in _RUN_WORD.finditer(text, m.end()):
            if w.start() != end:
                break
            word = w[1]
            if not (word[0].isupper() or word.startswith("(") or word in _RUN_CONNECTORS):
                break
            words.append(word)
            end = w.end()
        name = _person_name(" ".join(w for w in words if w not in _RUN_CONNECTORS))
        if not name:
            continue
        # The role runs from the first title of an appositive chain ("A, B Name") to the name.
        start = m.start()
        while True:
            prev = text[:start].rstrip()
            if not prev.endswith(","):
                break
            before = [t for t in lex.title_pattern.finditer(prev[:-1]) if t.end() >= len(prev) - 60]
            if not before or _person_name(prev[before[-1].end() : -1]):
                break
            start = before[-1].start()
        role = text[start:end].replace(name, "").strip(" ,")
        people.append({"name": name, "role": role})
    seen: set[str] = set()
    unique = []
    for person in people:
        if person["name"] not in seen:
            seen.add(person["name"])
            unique.append(person)
    return unique


def _document_mention(span: str) -> str:
    """A document reference without the connecting words that follow it."""
    span = re.sub(r"[\s,]*(và|cùng|với)?(\s+gần đây là)?[\s,]*$", "", span.strip())
    return span.strip(" ,")


def extract_documents(text: str) -> list[dict[str, Any]]:
    documents = []
    for m in _DOC.finditer(text):
        tail = m["tail"]
        code = m["code"] or _DOC_CODES.get(m["type"])
        key = f"{m['num']}-{code}/{m['org']}" if m["code"] else f"{m['type']} {m['num']}"
        date_match = re.search(r"ngày (\d{1,2}/\d{1,2}/\d{4})", tail)
        month_match = re.search(r"tháng (\d{1,2}/\d{4})", tail)
        issuer = next((i for i in _DOC_ISSUERS if f"của {i}" in tail), None)
        subject = re.search(r"\bvề (.+)$", tail)
        documents.append(
            {
                "type": m["type"],
                "number": m["num"],
                "code": code,
                "key": key,
                "date": date_match[1] if date_match else (month_match[1] if month_match else None),
                "issuer": issuer,
                "subject": subject[1].strip(" ,") if subject else None,
                "mention": _document_mention(m.group(0)),
            }
        )
    return documents


def extract_partner(text: str) -> dict[str, Any] | None:
    lex = lexicon()
    framework = lex.framework_in(text)
    if not framework:
        return None
    countries = [c for c in lex.countries_in(text)]
    if not countries:
        return None
    folded = fold(text)
    at = folded.find(fold(framework))
    country = min(countries, key=lambda c: abs(folded.find(fold(c)) - at))
    return {"country": country, "framework": framework}


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
