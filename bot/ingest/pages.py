"""Seed files -> page text and the metadata the file states itself.

Three formats: `.txt` (and `.md` without a front matter), a page as a browser saves it as text,
whose metadata the cleaner finds in the text; `.md` with a front matter (`title`, `date`,
`outlet`, `author`, `url` between `---` lines), for maintainers who state the metadata
themselves; `.html` / `.htm`, whose main text and metadata (title, published date, site name,
author, canonical URL) trafilatura extracts — navigation, related-news boxes, comments and ads
never reach the text.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

from bot.ingest.outlets import outlets
from bot.text import DateError, DateValue, clean, fold, make_date, parse_user_date

log = logging.getLogger(__name__)

TEXT_SUFFIXES = frozenset({".txt", ".md"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
PAGE_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<body>.*?)\n---[ \t]*(?:\n|\Z)", re.S)
_FRONT_FIELD = re.compile(r"^(?P<key>[A-Za-z_][\w-]*)\s*:\s*(?P<value>.*?)\s*$")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?")
_FIELD_NAMES = {
    "title": "title",
    "tieu de": "title",
    "date": "date",
    "published": "date",
    "ngay": "date",
    "ngay dang": "date",
    "outlet": "outlet",
    "source": "outlet",
    "site": "outlet",
    "bao": "outlet",
    "nguon": "outlet",
    "author": "author",
    "tac gia": "author",
    "url": "url",
    "link": "url",
    "canonical": "url",
}


class UnreadableDocument(ValueError):
    """A seed file that is empty, not UTF-8, or an HTML page without article text."""


@dataclass(frozen=True)
class PageMetadata:
    """What a file states about its article; None where it states nothing."""

    title: str | None = None
    published: DateValue | None = None
    outlet: str | None = None
    author: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Page:
    """A seed file's text (one line per paragraph) and the metadata it states."""

    text: str
    stated: PageMetadata


def _decode(path: Path) -> str:
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


def parse_stated_date(value: str) -> DateValue | None:
    """A stated date: ISO (2024-03-07, 2024-03-07T16:45:00+07:00, 2024-03) or 7/3/2024."""
    value = clean(value).strip("'\"")
    m = _ISO_DATE.match(value)
    if m:
        return make_date(int(m[1]), int(m[2]), int(m[3] or 0))
    try:
        return parse_user_date(value.split()[0] if value else value)
    except DateError:
        return None


def _front_matter(text: str) -> tuple[PageMetadata, str]:
    m = _FRONT_MATTER.match(text)
    if not m:
        return PageMetadata(), text
    fields: dict[str, str] = {}
    for line in m["body"].split("\n"):
        f = _FRONT_FIELD.match(line)
        if f and (name := _FIELD_NAMES.get(fold(f["key"]).replace("_", " "))):
            fields[name] = clean(f["value"]).strip("'\"")
    outlet = fields.get("outlet")
    stated = PageMetadata(
        title=fields.get("title") or None,
        published=parse_stated_date(fields["date"]) if fields.get("date") else None,
        outlet=(outlets().named(outlet) or outlet) if outlet else None,
        author=fields.get("author") or None,
        url=fields.get("url") or None,
    )
    return stated, text[m.end() :]


def _html_page(path: Path, html: str) -> Page:
    import trafilatura  # imported here: only HTML pages need it, and it is slow to import

    doc = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        # Recall keeps the lead paragraph that many Vietnamese templates put outside <p>.
        favor_recall=True,
    )
    text = getattr(doc, "text", None) if doc is not None else None
    if not text or not text.strip():
        raise UnreadableDocument(f"{path.name}: no article text found in the HTML")
    url = getattr(doc, "url", None) or None
    site = clean(getattr(doc, "sitename", None) or "")
    outlet = (outlets().named(site) or site) if site else None
    outlet = outlet or (outlets().of_url(url) if url else None)
    date = getattr(doc, "date", None)
    stated = PageMetadata(
        title=clean(getattr(doc, "title", None) or "") or None,
        published=parse_stated_date(date) if date else None,
        outlet=outlet,
        author=clean(getattr(doc, "author", None) or "") or None,
        url=url,
    )
    return Page(text=text, stated=stated)


def read_page(path: Path) -> Page:
    """A seed file as a Page; raises UnreadableDocument with a short reason."""
    text = _decode(path)
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES:
        return _html_page(path, text)
    stated, body = _front_matter(text) if suffix == ".md" else (PageMetadata(), text)
    if not body.strip():
        raise UnreadableDocument(f"{path.name}: no text after the front matter")
    return Page(text=body, stated=stated)
