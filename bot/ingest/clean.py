"""Seed pages -> cleaned articles: page chrome removed, metadata found, duplicates dropped.

The rules are about the shape of news pages, not about particular files: teaser blocks start
at a block marker ("Đọc thêm", "Tin liên quan", ...) or at a teaser headline printed twice, and
run to the end of the page unless a new article head ("<title>" then "Ngày đăng: <date>")
begins. Metadata a file states (an HTML page's meta tags, a Markdown front matter) wins over
what the text suggests (`metadata.py`). An article met twice, in two files or inside one, is
kept once.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from bot.ingest import metadata as meta
from bot.ingest.metadata import fold
from bot.ingest.outlets import outlets
from bot.ingest.pages import PAGE_SUFFIXES, PageMetadata, UnreadableDocument, read_page
from bot.text import DateValue, clean

__all__ = [
    "Article",
    "Paragraph",
    "UnreadableDocument",
    "clean_article",
    "load_articles",
    "read_articles",
]

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
    "y kien ban doc",
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
    "doc nhieu",
    "tin doc nhieu",
)
# Folded prefixes of single lines of chrome.
LINE_MARKERS = (
    "back to e-magazine",
    "e magazine",
    "e-magazine",
    "analytic",
    "chu de ",
    "chu de:",
    "the:",
    "tags:",
    "tu khoa:",
    "chia se",
    "in bai",
    "tro ve",
    "tong so bai dang",
    "dong su kien",
)
_PAGINATION = re.compile(r"^trang \d+ ?/ ?\d+|first ?prev ?next ?last", re.I)
_CREDIT_LINE = re.compile(r"^(anh|do hoa|video|thiet ke|nguon|anh minh hoa|trinh bay)\s*:", re.I)
_TEASER_TAIL = re.compile(r"\d+ (?:giay|phut|gio|ngay) truoc$")
_PLACEHOLDER = re.compile(r"^\{[\w-]+\}$")
_TRAILING_CREDIT = re.compile(
    r"\s*(?:\((?:Nguồn|Ảnh)\s*:[^)]*\)\.?|[-–]?\s*(?:Ảnh|Nguồn|Đồ họa)\s*:\s*[^.]{1,60}\.?)\s*$"
)


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
    """A cleaned article with its metadata and body paragraphs (`url` when a page states it)."""

    file: str
    title: str
    published: DateValue | None
    outlet: str | None
    author: str | None
    paragraphs: list[Paragraph] = field(default_factory=list)
    url: str | None = None


def _is_block_marker(folded: str) -> bool:
    return folded.rstrip(" :").split(" (")[0] in BLOCK_MARKERS


def _is_line_chrome(line: str) -> bool:
    folded = fold(line)
    if any(folded.startswith(m) for m in LINE_MARKERS) and len(folded) < 80:
        return True
    if _PAGINATION.search(folded) or _PLACEHOLDER.match(folded) or _TEASER_TAIL.search(folded):
        return True
    if meta.url_line(line):
        return True
    return bool(_CREDIT_LINE.match(folded)) and len(folded) < 80


def _looks_like_heading(line: str) -> bool:
    words = line.split()
    return len(words) <= 16 and not line.endswith((".", ":", ";", "?", "!", "…", "”", '"'))


def _looks_like_signature(line: str) -> bool:
    """An author line: a few capitalised words ('Kim Hồng', 'Văn Hùng, Hoàn Vũ')."""
    words = line.replace(",", " ").split()
    return 1 <= len(words) <= 6 and all(w[0].isupper() for w in words) and not line.endswith(".")


def _is_teaser_head(line: str, nxt: str) -> bool:
    """A related-news teaser: a headline printed twice (its link and its picture's title)."""
    if fold(line) != fold(nxt) or meta.is_caption(line) or line.endswith((".", ",", ":")):
        return False
    return 4 <= len(line.split()) <= 30


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
        if fold(nxt).startswith(("ngay dang", "ngay xuat ban")) and meta.dates_in(nxt):
            if any(len(x.split()) >= 8 for x in current):
                articles.append(current)  # lines of navigation alone are not an article
            current, in_block = [line], False
            continue
        if _is_block_marker(fold(line)):
            in_block = True
            continue
        # After the head, a headline printed twice opens a block of teasers.
        if len(current) > 12 and _is_teaser_head(line, nxt):
            title_at = meta.find_headline(current)
            if title_at is None or not meta.is_title_variant(line, current[title_at]):
                in_block = True
        if not in_block:
            current.append(line)
    if current:
        articles.append(current)
    return articles


def _fallback_title(file: str) -> str:
    """For a page without a headline: its file name, which says where it came from."""
    return re.sub(r"[-_]+", " ", Path(file).stem).strip() or file


def clean_article(
    lines: list[str], file: str, stated: PageMetadata | None = None
) -> Article | None:
    """One article's lines -> an Article with chrome removed; None if nothing is left."""
    stated = stated or PageMetadata()
    title_at = meta.find_headline(lines) if stated.title is None else None
    title = stated.title or (lines[title_at] if title_at is not None else _fallback_title(file))
    head_end = title_at if title_at is not None else -1
    datelines = meta.datelines_near(lines, head_end if head_end >= 0 else 0)
    outlet = stated.outlet
    url = stated.url
    credited: str | None = None  # "Nguồn: Báo TG&VN", "Nguồn: https://…" lines
    body: list[str] = []
    for i, line in enumerate(lines):
        if i < head_end and (site := meta.site_name(line)):
            outlet = outlet or site  # a site name above the headline
            continue
        head = i == head_end or meta.is_dateline(line) or len(line.split()) < 5
        if i <= head_end and (head or meta.is_numbered_nav(line)):
            if meta.is_numbered_nav(line):
                continue  # "2. Tổng thống Hàn Quốc bị bắt": a menu of other stories
            continue  # the head: navigation, page date, section label, title
        if meta.is_dateline(line) or meta.is_title_variant(line, title):
            continue
        if _is_line_chrome(line):
            url = url or meta.url_line(line)
            credited = credited or meta.closing_outlet(line)
            continue
        body.append(line)

    if body and not outlet:
        found, body[0] = meta.lead_outlet(body[0])
        outlet = found
    else:
        body[:1] = [meta.lead_outlet(body[0])[1]] if body else []

    author = stated.author
    while body and len(body[-1]) < 120:
        last = body[-1]
        if credit := meta.closing_outlet(last):
            outlet = outlet or credit  # "Theo TTXVN": the agency the article is from
        elif byline := meta.byline_outlet(last):
            author, outlet = author or byline[0], outlet or byline[1]
        elif site := meta.site_name(last):
            outlet = outlet or site
        else:
            break
        body.pop()
    while body and _looks_like_signature(body[-1]):
        name = body.pop()
        if stated.author is None:
            author = name if author is None else f"{name}, {author}"
    if len(body) >= 2 and _looks_like_signature(body[-2]) and _looks_like_heading(body[-1]):
        # "Lê Hoài Trung" / "Bí thư Trung ương Đảng, Trưởng Ban ...": an author and their role.
        role = body.pop()
        name = body.pop()
        author = author or f"{name} ({role})"
    outlet = (
        outlet or credited or meta.credited_outlet(body) or outlets().in_file_name(Path(file).stem)
    )

    published = stated.published
    if published is None:
        latest = max((d for line in body for d in meta.dates_in(line)), default=None)
        if datelines:
            published = meta.choose_published(max(head_end, 0), datelines, latest)
        published = published or meta.infer_published(body)

    article = Article(
        file=file, title=title, published=published, outlet=outlet, author=author, url=url
    )
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


def same_text(a: frozenset[str], b: frozenset[str]) -> bool:
    """The same article saved twice (the titles are the same): most of the shorter text is in
    the other."""
    small, large = sorted((a, b), key=len)
    return len(small & large) >= 0.8 * len(small)


def folded_paragraphs(article: Article) -> frozenset[str]:
    """An article's paragraphs, folded: what `same_text` compares."""
    return frozenset(fold(p.text) for p in article.paragraphs)


def read_articles(path: Path) -> list[Article]:
    """The articles of one page file, repeats included (UnreadableDocument or OSError when the
    file cannot be read)."""
    page = read_page(path)
    found = (clean_article(lines, path.name, page.stated) for lines in split_articles(page.text))
    return [article for article in found if article is not None]


def load_articles(seeds_dir: Path) -> tuple[list[Article], list[str]]:
    """Every article of every seed page in `seeds_dir`, sorted by file name, and warnings.

    Pages are `.txt`, `.md` (with or without a front matter) and `.html`/`.htm` files. A file
    that cannot be read is skipped, and an article met a second time (the same page saved twice,
    or repeated inside a file) is kept once; each with one warning.
    """
    articles: list[Article] = []
    # Articles by folded title, each with the set of its folded paragraphs.
    by_title: dict[str, list[tuple[Article, frozenset[str]]]] = {}
    warnings: list[str] = []
    paths = sorted(p for p in seeds_dir.iterdir() if p.suffix.lower() in PAGE_SUFFIXES)
    for path in paths:
        try:
            found = read_articles(path)
        except (UnreadableDocument, OSError) as exc:
            warnings.append(f"skipped {exc}")
            log.warning("skipped %s", exc)
            continue
        for article in found:
            same_title = by_title.setdefault(fold(article.title), [])
            text = folded_paragraphs(article)
            earlier = next((a for a, t in same_title if same_text(t, text)), None)
            if earlier is not None:
                warning = f"{path.name}: the article “{article.title[:60]}” is already in {earlier.file}; kept once"
                warnings.append(warning)
                log.warning("%s", warning)
                continue
            articles.append(article)
            same_title.append((article, text))
    return articles, warnings
