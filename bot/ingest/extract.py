"""Cleaned articles -> sentences and typed facts (events, figures, partners, lists, ...).

Pure and deterministic: the same articles always give the same facts in the same order.
Nothing here knows a file name or a particular article; the patterns are those of Vietnamese
news writing about foreign affairs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from bot.ingest.clean import Article, Paragraph
from bot.lexicon import lexicon
from bot.models import Fact, FactKind, Source
from bot.text import DateValue, fold, make_date, normalise_number, parse_number

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
    rf"(?P<unit>(?:\s+[\w/-]+){{0,4}})",
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

_DATE_DMY = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/(\d{4})(?![\d/])")
_DATE_MY = re.compile(r"thang (\d{1,2})(?:/| nam )(\d{4})(?![\d/])")
_DATE_DM = re.compile(r"(?:ngay |\()(\d{1,2})/(\d{1,2})(?![\d/])")
_DATE_Y = re.compile(r"(?<!den )(?<!toi )nam (\d{4})(?![\d/ -]*\d{4})")
_DATE_TODAY = re.compile(r"\b(sang|chieu|toi|hom) nay\b")

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
_QUOTE = re.compile(r"[“\"]([^”\"]{20,})[”\"]")
_SPEECH_VERB = re.compile(
    r"(nói|khẳng định|nhấn mạnh|cho rằng|nêu rõ|kêu gọi|cho biết|phát biểu)", re.I
)
_ORDINALS = {
    "thu nhat": 1,
    "thu hai": 2,
    "thu ba": 3,
    "thu tu": 4,
    "thu nam": 5,
    "thu sau": 6,
    "thu bay": 7,
    "thu tam": 8,
    "thu chin": 9,
    "thu muoi": 10,
    "mot la": 1,
    "hai la": 2,
    "ba la": 3,
    "bon la": 4,
    "nam la": 5,
    "sau la": 6,
    "bay la": 7,
}
_COUNT_WORDS = {
    "hai": 2,
    "ba": 3,
    "bon": 4,
    "nam": 5,
    "sau": 6,
    "bay": 7,
    "tam": 8,
    "chin": 9,
    "muoi": 10,
}
_INLINE_LIST = re.compile(
    r"(?P<count>\d+|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười) (?P<noun>[\w ]{3,40}?) là "
    r"(?P<items>[^;.:]+(?:,[^;.:]+)+)"
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


@dataclass
class Sentence:
    """A sentence of an article body: the unit the engine ranks."""

    id: int
    article: int
    paragraph: int
    text: str
    caption: bool
    facts: list[Fact] = field(default_factory=list)


@dataclass
class Extraction:
    """Everything a build produces from the articles."""

    articles: list[Article]
    sentences: list[Sentence]
    facts: list[Fact]


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


def source_of(article: Article, paragraph: Paragraph) -> Source:
    return Source(
        file=article.file,
        title=article.title,
        outlet=article.outlet,
        published=article.published.iso() if article.published else None,
        paragraph=paragraph.index,
    )


def find_dates(text: str, published: DateValue | None) -> list[tuple[int, DateValue]]:
    """Dates in a sentence with their positions; partial dates take the article's year."""
    folded = fold(text)
    found: dict[int, DateValue] = {}
    taken: list[range] = []

    def add(pos: int, end: int, value: DateValue | None) -> None:
        if value and value not in found.values() and not any(pos in r for r in taken):
            found[pos] = value
            taken.append(range(pos, end))

    for m in _DATE_DMY.finditer(folded):
        add(m.start(), m.end(), make_date(int(m[3]), int(m[2]), int(m[1])))
    for m in _DATE_MY.finditer(folded):
        add(m.start(), m.end(), make_date(int(m[2]), int(m[1])))
    if published:
        for m in _DATE_DM.finditer(folded):
            add(m.start(1), m.end(), make_date(published.year, int(m[2]), int(m[1])))
        for m in _DATE_TODAY.finditer(folded):
            if published.precision == "day":
                add(m.start(), m.end(), published)
    for m in _DATE_Y.finditer(folded):
        add(m.start(), m.end(), make_date(int(m[1])))
    return sorted(found.items())


def _clause_around(text: str, pos: int) -> str:
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


def _quote_speaker(paragraph: str, quote_start: int, people: dict[str, str]) -> str | None:
    window = paragraph[max(0, quote_start - 200) : quote_start] + paragraph[quote_start:][-200:]
    for person in extract_people(window):
        return person["name"]
    for title, name in people.items():
        if title in window:
            return name
    return None


class _Builder:
    def __init__(self, articles: list[Article]) -> None:
        self.articles = articles
        self.sentences: list[Sentence] = []
        self.facts: list[Fact] = []

    def add(
        self,
        sentence: Sentence,
        kind: FactKind,
        text: str,
        fields: dict[str, Any],
        date: DateValue | None,
        source: Source,
    ) -> Fact:
        fact = Fact(
            kind=kind,
            text=text,
            sentence=sentence.text,
            source=source,
            fields=fields,
            date=date.iso() if date else None,
            sentence_id=sentence.id,
        )
        fact.assign_id()
        if any(f.id == fact.id for f in sentence.facts):
            return fact
        sentence.facts.append(fact)
        self.facts.append(fact)
        return fact

    def run(self) -> Extraction:
        for a_index, article in enumerate(self.articles):
            titles_to_names: dict[str, str] = {}
            for paragraph in article.paragraphs:
                if paragraph.heading or paragraph.question:
                    continue
                source = source_of(article, paragraph)
                for text in split_sentences(paragraph.text):
                    sentence = Sentence(
                        len(self.sentences), a_index, paragraph.index, text, paragraph.caption
                    )
                    self.sentences.append(sentence)
                    self.sentence_facts(sentence, article, source, titles_to_names)
                self.quotes(article, paragraph, source, titles_to_names)
            self.lists(a_index, article)
        for sentence in self.sentences:
            if not sentence.facts:
                self.add(
                    sentence, FactKind.STATEMENT, sentence.text, {}, None, self._source(sentence)
                )
        return Extraction(self.articles, self.sentences, self.facts)

    def _source(self, sentence: Sentence) -> Source:
        article = self.articles[sentence.article]
        return source_of(article, article.paragraphs[sentence.paragraph])

    def sentence_facts(
        self, sentence: Sentence, article: Article, source: Source, titles_to_names: dict[str, str]
    ) -> None:
        text = sentence.text
        dates = find_dates(text, article.published)
        for pos, value in dates:
            clause = _clause_around(text, pos) if len(dates) > 1 else text
            self.add(
                sentence, FactKind.EVENT, clause, {"precision": value.precision}, value, source
            )
        for figure in extract_figures(text):
            self.add(sentence, FactKind.FIGURE, text, figure, None, source)
        partner = extract_partner(text)
        if partner:
            since = dates[-1][1] if dates else None
            partner["since"] = since.display() if since else None
            self.add(sentence, FactKind.PARTNER, text, partner, since, source)
        for doc in extract_documents(text):
            date = None
            if doc["date"]:
                parts = [int(p) for p in doc["date"].split("/")]
                date = make_date(parts[-1], parts[-2], parts[0] if len(parts) == 3 else 0)
            self.add(sentence, FactKind.DOCUMENT, doc["mention"], doc, date, source)
        for person in extract_people(text):
            titles_to_names.setdefault(person["role"].split(",")[-1].strip(), person["name"])
            self.add(
                sentence,
                FactKind.PERSON,
                f"{person['name']} ({person['role']})",
                person,
                None,
                source,
            )

    def quotes(
        self,
        article: Article,
        paragraph: Paragraph,
        source: Source,
        titles_to_names: dict[str, str],
    ) -> None:
        for m in _QUOTE.finditer(paragraph.text):
            quote = m[1].strip()
            if len(quote.split()) < 8:
                continue
            speaker = _quote_speaker(paragraph.text, m.start(), titles_to_names)
            sentence = next(
                (
                    s
                    for s in reversed(self.sentences)
                    if s.article == self.articles.index(article)
                    and s.paragraph == paragraph.index
                    and quote[:30] in s.text
                ),
                None,
            )
            if sentence is None:
                continue
            self.add(sentence, FactKind.QUOTE, quote, {"speaker": speaker}, None, source)

    def lists(self, a_index: int, article: Article) -> None:
        paragraphs = [p for p in article.paragraphs if not p.heading and not p.caption]
        # Intro paragraph "... 5 bài học kinh nghiệm quan trọng:" followed by its items.
        for i, p in enumerate(paragraphs):
            if not p.text.endswith(":"):
                continue
            count_match = re.search(
                r"(\d+|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười) ([^\d:,]{3,60}):$", p.text
            )
            if not count_match:
                continue
            raw = count_match[1]
            count = int(raw) if raw.isdigit() else _COUNT_WORDS.get(fold(raw), 0)
            items = [q.text for q in paragraphs[i + 1 : i + 1 + count]]
            if 2 <= count <= 12 and len(items) == count:
                self._list_fact(a_index, article, p, p.text, items)
        # "Thứ nhất, ... Thứ năm, ..." or "Một là, ... Bốn là, ..." across paragraphs.
        self._ordinal_lists(a_index, article, paragraphs)
        for p in paragraphs:
            for m in _INLINE_LIST.finditer(p.text):
                items = [
                    x.strip(' “”"') for x in re.split(r",| và ", m["items"]) if x.strip(' “”"')
                ]
                raw = m["count"]
                count = int(raw) if raw.isdigit() else _COUNT_WORDS.get(fold(raw), 0)
                if count == len(items):
                    heading = f"{raw} {m['noun']}".strip()
                    self._list_fact(a_index, article, p, heading[0].upper() + heading[1:], items)

    def _ordinal_lists(self, a_index: int, article: Article, paragraphs: list[Paragraph]) -> None:
        runs: list[list[Paragraph]] = []
        for p in paragraphs:
            marker = _ORDINALS.get(" ".join(fold(p.text).split(",")[0].split()[:2]))
            if marker == 1:
                runs.append([p])
            elif marker and runs and marker == len(runs[-1]) + 1:
                runs[-1].append(p)
        for run in runs:
            if len(run) < 2:
                continue
            first = paragraphs.index(run[0])
            intro = paragraphs[first - 1].text if first > 0 else article.title
            items = [re.sub(r"^[^,]+,\s*", "", p.text, count=1) for p in run]
            items = [i[0].upper() + i[1:] if i else i for i in items]
            self._list_fact(a_index, article, run[0], intro, items)

    def _list_fact(
        self, a_index: int, article: Article, paragraph: Paragraph, heading: str, items: list[str]
    ) -> None:
        sentence = next(
            s for s in self.sentences if s.article == a_index and s.paragraph == paragraph.index
        )
        kind = FactKind.LESSON if "bai hoc" in fold(heading) else FactKind.LIST
        text = heading + "\n" + "\n".join(f"{n}. {item}" for n, item in enumerate(items, 1))
        fields = {"heading": heading, "count": len(items), "items": items}
        self.add(sentence, kind, text, fields, None, source_of(article, paragraph))


def extract(articles: list[Article]) -> Extraction:
    """Sentences and facts of the given articles, in a deterministic order."""
    return _Builder(articles).run()
