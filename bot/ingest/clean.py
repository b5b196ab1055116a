"""Raw news pages -> cleaned articles: page chrome removed, metadata found.

The rules are about the shape of news pages, not about particular files: teaser blocks start
at a block marker ("Đọc thêm", "Tin liên quan", ...) and run to the end of the page unless a new
article head ("<title>" then "Ngày đăng: <date>") begins; the article's own date is the dateline
nearest its title, never a page header that is older than what the article reports.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from bot.text import DateValue, clean, fold, make_date

log = logging.getLogger(__name__)

# Folded lines that open a block of teasers, comments or navigation.
BLOCK_MARKERS = (
    "doc them",
    "tin lien quan",
    "tin noi bat trang chu",
    "tin noi bat",
    "cac tin khac",
    "tin khac",
    "y kien doc gia",
    "ma bao mat",
    "phan hoi",
    "thu vien anh",
    "lien ket website",
    "bai viet lien quan",
    "tin cung chuyen muc",
    "xem them",
    "moi nhat",
    "tin moi",
    "binh luan",
    "gui binh luan",
)
# Folded prefixes of single lines of chrome.
LINE_MARKERS = (
    "back to e-magazine",
    "e magazine",
    "e-magazine",
    "analytic",
    "chu de ",
    "the:",
    "tags:",
    "chia se",
    "in bai",
    "tro ve",
)
_PAGINATION = re.compile(r"^trang \d+ ?/ ?\d+|first ?prev ?next ?last", re.I)
_CREDIT_LINE = re.compile(r"^(anh|do hoa|video|thiet ke|nguon|anh minh hoa|trinh bay)\s*:", re.I)
_TRAILING_CREDIT = re.compile(
    r"\s*(?:\((?:Nguồn|Ảnh)\s*:[^)]*\)|(?:Ảnh|Nguồn|Đồ họa)\s*:\s*[^.]{1,60}\.?)\s*$"
)
_CREDITED_SOURCE = re.compile(r"^(?:Theo|Nguồn)\s*:?\s+(.+?)\.?$")
_OUTLET = re.compile(r"^\(([A-Za-z0-9][A-Za-z0-9.-]*\.(?:vn|com|net|org|info))\)\s*[-–—]?\s*")
_DMY = re.compile(r"(?<!\d)(\d{1,2})/(\d{1,2})/(\d{4})(?!\d)")
_WORDS_DATE = re.compile(r"ngay (\d{1,2}) thang (\d{1,2}) nam (\d{4})")
_TIME = re.compile(r"\d{1,2}:\d{1,2}")
_DATELINE_NOISE = re.compile(
    r"thu (hai|ba|tu|nam|sau|bay)|chu nhat|ngay dang|cap nhat|xuat ban|gmt|[\d:/|,'()+-]|ngay|thang|nam|pv|\s",
)
_TODAY_PARTIAL = re.compile(r"\b(?:nay|hom nay)\s*\((\d{1,2})/(\d{1,2})\)")
_YEAR = re.compile(r"(?<![\d/])(19\d{2}|20\d{2})(?![\d/])")


@dataclass
class Paragraph:
    """One kept paragraph of an article body."""

    text: str
    index: int
    caption: bool = False
    heading: bool = False
    question: bool = False


@dataclass
class Article:
    """A cleaned article with its metadata and body paragraphs."""

    file: str
    title: str
    published: DateValue | None
    outlet: str | None
    author: str | None
    paragraphs: list[Paragraph] = field(default_factory=list)


class UnreadableDocument(ValueError):
    """A seed file that is empty or not UTF-8."""


def read_document(path: Path) -> str:
    """The text of a seed file: UTF-8 with or without BOM, NFC, `\\n` line endings."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableDocument(
            f"{path.name}: not valid UTF-8 ({exc.reason} at byte {exc.start})"
        ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise UnreadableDocument(f"{path.name}: empty")
    return text


def _is_block_marker(folded: str) -> bool:
    return folded.rstrip(" :") in BLOCK_MARKERS


def _is_line_chrome(folded: str) -> bool:
    if any(folded.startswith(m) for m in LINE_MARKERS) and len(folded) < 80:
        return True
    if _PAGINATION.search(folded):
        return True
    return bool(_CREDIT_LINE.match(folded)) and len(folded) < 80


def _dates_in(line: str) -> list[DateValue]:
    folded = fold(line)
    found = []
    for m in _DMY.finditer(folded):
        value = make_date(int(m[3]), int(m[2]), int(m[1]))
        if value:
            found.append(value)
    for m in _WORDS_DATE.finditer(folded):
        value = make_date(int(m[3]), int(m[2]), int(m[1]))
        if value:
            found.append(value)
    return found


def _is_dateline(line: str) -> bool:
    """A short line that is only a date, a time, a weekday and perhaps a byline."""
    if len(line) > 90 or not _dates_in(line):
        return False
    rest = _DATELINE_NOISE.sub("", fold(line))
    return len(rest) <= 12


def _is_title_like(line: str) -> bool:
    words = [w for w in line.split() if any(c.isalpha() for c in w)]
    return (
        5 <= len(words) <= 40 and not line.endswith((".", ":", "?", ";")) and not _TIME.search(line)
    )


def _looks_like_heading(line: str) -> bool:
    words = line.split()
    return len(words) <= 16 and not line.endswith((".", ":", ";", "?", "!", "…", "”", '"'))


def _looks_like_signature(line: str) -> bool:
    """An author line: a few capitalised words ('Kim Hồng', 'Văn Hùng, Hoàn Vũ')."""
    words = line.replace(",", " ").split()
    return 1 <= len(words) <= 6 and all(w[0].isupper() for w in words) and not line.endswith(".")


def _head(lines: list[str]) -> tuple[int, str, list[tuple[int, DateValue]]]:
    """Index and text of the title, and the datelines around it with their positions."""
    title_at = next((i for i, line in enumerate(lines[:12]) if _is_title_like(line)), 0)
    datelines = [
        (i, _dates_in(line)[0])
        for i, line in enumerate(lines[: title_at + 6])
        if _is_dateline(line)
    ]
    return title_at, lines[title_at], datelines


def _choose_published(
    title_at: int, datelines: list[tuple[int, DateValue]], latest_in_body: DateValue | None
) -> DateValue | None:
    """The article's date: the dateline nearest after the title, else nearest before it.

    A page's "today" header is older than the article or far from the title; a date older than
    the newest full date the article itself reports cannot be the article's date.
    """
    ranked = sorted(datelines, key=lambda d: (d[0] < title_at, abs(d[0] - title_at)))
    for _, value in ranked:
        # Years, not days: an interview published on 13/12 may announce the 14/12 meeting.
        if latest_in_body is None or value.year >= latest_in_body.year:
            return value
    return None


def _infer_published(body: list[str]) -> DateValue | None:
    """For pages without a dateline: 'Sáng nay (14/12)' with the year the article talks about."""
    years: dict[int, int] = {}
    for line in body:
        for y in _YEAR.findall(fold(line)):
            years[int(y)] = years.get(int(y), 0) + 1
    year = max(years, key=lambda y: (years[y], y)) if years else None
    for line in body:
        m = _TODAY_PARTIAL.search(fold(line))
        if m and year:
            return make_date(year, int(m[2]), int(m[1]))
    return DateValue(year) if year else None


def split_articles(text: str) -> list[list[str]]:
    """Cleaned non-empty lines, in articles: a page may carry a second full article."""
    lines = [clean(line) for line in text.split("\n")]
    lines = [line for line in lines if line]
    articles: list[list[str]] = []
    current: list[str] = []
    in_block = False
    for i, line in enumerate(lines):
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        # A title followed by "Ngày đăng: <date>" opens an article, inside a teaser block too.
        if fold(nxt).startswith(("ngay dang", "ngay xuat ban")) and _dates_in(nxt):
            if current:
                articles.append(current)
            current, in_block = [line], False
            continue
        folded = fold(line)
        if _is_block_marker(folded):
            in_block = True
            continue
        if not in_block:
            current.append(line)
    if current:
        articles.append(current)
    return articles


def clean_article(lines: list[str], file: str) -> Article | None:
    """One article's lines -> an Article with chrome removed; None if nothing is left."""
    title_at, title, datelines = _head(lines)
    title_key = fold(title)
    body: list[str] = []
    for i, line in enumerate(lines):
        if i <= title_at and (i == title_at or _is_dateline(line) or len(line.split()) < 5):
            continue  # the head: navigation, page date, section label, title
        folded = fold(line)
        if _is_dateline(line) or _is_line_chrome(folded) or folded == title_key:
            continue
        body.append(line)

    outlet = None
    if body and (m := _OUTLET.match(body[0])):
        outlet = m[1]
        body[0] = body[0][m.end() :]

    author = None
    while body and (credit := _CREDITED_SOURCE.match(body[-1])) and len(body[-1]) < 60:
        outlet = outlet or credit[1].strip()  # "Theo TTXVN": the agency the article is from
        body.pop()
    while body and _looks_like_signature(body[-1]):
        author = body.pop() if author is None else f"{body.pop()}, {author}"
    if len(body) >= 2 and _looks_like_signature(body[-2]) and _looks_like_heading(body[-1]):
        # "Lê Hoài Trung" / "Bí thư Trung ương Đảng, Trưởng Ban ...": an author and their role.
        role = body.pop()
        author = f"{body.pop()} ({role})"

    latest = max((d for line in body for d in _dates_in(line)), default=None)
    published = _choose_published(title_at, datelines, latest) if datelines else None
    published = published or _infer_published(body)

    article = Article(file=file, title=title, published=published, outlet=outlet, author=author)
    seen: set[str] = set()
    for line in body:
        text = _TRAILING_CREDIT.sub("", line).strip()
        caption = text != line.strip()
        key = fold(text)
        if not text or key in seen:
            continue  # captions and leads repeated on the page
        seen.add(key)
        article.paragraphs.append(
            Paragraph(
                text=text,
                index=len(article.paragraphs),
                caption=caption,
                heading=_looks_like_heading(text) and not caption,
                question=text.endswith("?"),
            )
        )
    return article if article.paragraphs else None


def load_articles(seeds_dir: Path) -> tuple[list[Article], list[str]]:
    """Every article of every .txt/.md file in `seeds_dir`, sorted by file name, and warnings."""
    articles: list[Article] = []
    warnings: list[str] = []
    paths = sorted(p for p in seeds_dir.iterdir() if p.suffix.lower() in {".txt", ".md"})
    for path in paths:
        try:
            text = read_document(path)
        except (UnreadableDocument, OSError) as exc:
            warnings.append(f"skipped {exc}")
            log.warning("skipped %s", exc)
            continue
        for lines in split_articles(text):
            article = clean_article(lines, path.name)
            if article:
                articles.append(article)
    return articles, warnings
