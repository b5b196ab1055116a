"""Pages an admin gives the bot (a file, or the address of a page): checked and named before
they reach seeds/, and fetched with a timeout and a size limit.

Every refusal is a `Rejected` with a reason an admin can act on; nothing refused is written.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from bot.ingest.clean import read_articles
from bot.ingest.pages import PAGE_SUFFIXES, UnreadableDocument
from bot.text import fold

# The largest page taken (a long news page with its markup is a few hundred kilobytes).
MAX_PAGE_BYTES = 3_000_000
FETCH_TIMEOUT = 15.0
# The fewest words of body text a page must have to hold an article.
MIN_WORDS = 20
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_TEXT_TYPES = ("text/plain", "text/markdown")


class Rejected(ValueError):
    """A page that is not taken; `reason` names why (i18n key suffix), `detail` says more."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


def page_name(name: str, suffix: str | None = None) -> str:
    """A safe seeds/ file name for a page: folded, letters, digits and dashes, its suffix kept
    ('Bài báo (1).HTML' -> 'bai-bao-1.html')."""
    base = Path(name.replace("\\", "/")).name
    stem, dot, ext = base.rpartition(".")
    if not dot:
        stem, ext = base, ""
    ext = (suffix or "." + ext).lower()
    slug = re.sub(r"[^a-z0-9]+", "-", fold(stem)).strip("-")[:80] or "page"
    return slug + ext


def check_page(name: str, data: bytes) -> str:
    """The seeds/ name of a page that holds at least one article; Rejected otherwise."""
    safe = page_name(name)
    suffix = Path(safe).suffix
    if suffix not in PAGE_SUFFIXES:
        raise Rejected("type", suffix or name[:40])
    if not data.strip():
        raise Rejected("empty")
    if len(data) > MAX_PAGE_BYTES:
        raise Rejected("too_large", f"{len(data) // 1000} KB")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        raise Rejected("not_utf8") from None
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / safe
        path.write_bytes(data)
        try:
            articles = read_articles(path)
        except (UnreadableDocument, OSError) as exc:
            raise Rejected("not_article", str(exc)[:100]) from None
    if not any(sum(len(p.text.split()) for p in a.paragraphs) >= MIN_WORDS for a in articles):
        raise Rejected("not_article")
    return safe


def _name_of_url(url: str, html: bool) -> str:
    parts = urlsplit(url)
    path = parts.path.rstrip("/")
    stem = path.rsplit("/", 1)[-1].rsplit(".", 1)[0] or parts.netloc
    return page_name(stem, ".html" if html else ".txt")


async def fetch_page(url: str, *, timeout: float = FETCH_TIMEOUT) -> tuple[str, bytes]:
    """(seeds/ name, UTF-8 bytes) of the page at `url`; Rejected when it cannot be had."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise Rejected("url", url[:80])
    try:
        async with (
            httpx.AsyncClient(timeout=timeout, follow_redirects=True, max_redirects=5) as client,
            client.stream("GET", url.strip()) as response,
        ):
            if response.status_code != 200:
                raise Rejected("fetch", f"HTTP {response.status_code}")
            kind = response.headers.get("content-type", "").split(";")[0].strip().lower()
            if kind not in _HTML_TYPES + _TEXT_TYPES:
                raise Rejected("type", kind or "?")
            body = bytearray()
            async for chunk in response.aiter_bytes():
                body += chunk
                if len(body) > MAX_PAGE_BYTES:
                    raise Rejected("too_large", f"> {MAX_PAGE_BYTES // 1000} KB")
            encoding = response.charset_encoding or "utf-8"
    except httpx.HTTPError as exc:
        raise Rejected("fetch", type(exc).__name__) from None
    try:
        text = bytes(body).decode(encoding)
    except (UnicodeDecodeError, LookupError):
        raise Rejected("not_utf8") from None
    data = text.encode("utf-8")
    return check_page(_name_of_url(str(response.url), kind in _HTML_TYPES), data), data
