"""An article's metadata found in the text of a page: headline, publication date, outlet.

The headline is a short line near the top that is neither a caption, a numbered navigation item,
a crawler line nor a lead paragraph. The publication date is a dateline ("Ngày đăng: …",
"PV - 11:05, 14/12/2021", a date under the headline), never a date the article talks about;
without a dateline it is unknown, except "Sáng nay (14/12)" in a page whose year is plain. The
outlet comes from a "(VTC News) -" lead, a closing "Theo X" or "Nguồn: X" line, a site-name line,
an outlet's "(Nguồn: Báo X)" credit, or an outlet's site name in the file name.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.ingest.outlets import outlets
from bot.text import DateValue, make_date
from bot.text import fold as _fold

# A page's lines are compared many times over (datelines, titles, chrome, duplicates): each is
# folded once while its article is cleaned.
fold = lru_cache(maxsize=8192)(_fold)

_DMY = re.compile(r"(?<!\d)(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?!\d)")
_WORDS_DATE = re.compile(r"ngay (\d{1,2}) thang (\d{1,2}) nam (\d{4})")
_TIME = re.compile(r"\d{1,2}:\d{1,2}")
_DATELINE_NOISE = re.compile(
    r"thu (hai|ba|tu|nam|sau|bay)|chu nhat|ngay dang|ngay xuat ban|cap nhat|xuat ban|dang luc|"
    r"gmt|[\d:/|,'()+.-]|ngay|thang|nam|pv|\s",
)
_TODAY_PARTIAL = re.compile(r"\b(?:nay|hom nay)\s*\((\d{1,2})/(\d{1,2})\)")
_YEAR = re.compile(r"(?<![\d/])(19\d{2}|20\d{2})(?![\d/])")
_NUMBERED_NAV = re.compile(r"^\d{1,2}\.\s")
_CAPTION_CREDIT = re.compile(r"(?:\s[-–—]\s*|\(|\.\s*|\s)(?:Ảnh|Nguồn|Video|Đồ họa|Clip)\s*:", re.I)
_IMAGE_LABEL = re.compile(r"\s[-–]\s\d{1,2}$")
_LEAD_OUTLET = re.compile(r"^(?P<place>[^().;:]{0,30}?)\((?P<name>[^()]{2,40})\)\s*[-–—]+\s*")
_CLOSING_CREDIT = re.compile(r"^(?:Theo|Nguồn)\s*:?\s+(?P<name>.+?)\.?$")
_SOURCE_CREDIT = re.compile(r"\(Nguồn\s*:\s*(?P<name>[^)]{2,40})\)")
_BYLINE = re.compile(r"^(?P<author>[^/\-–]{2,40}?)\s*[/\-–]\s*(?P<outlet>[^/\-–]{2,40})$")
_COPYRIGHT = re.compile(r"^(?:©|\(c\)|copyright|bản quyền(?: thuộc về)?)\s*(?:\d{4}\s*)?", re.I)
_SITE_PREFIXES = (
    "bao dien tu ",
    "tap chi ",
    "cong thong tin dien tu ",
    "trang thong tin dien tu ",
    "bao ",
)
_URL = re.compile(r"^(?:nguồn\s*:\s*)?(?P<url>https?://\S+)$", re.I)


def dates_in(line: str) -> list[DateValue]:
    """Full dates written in a line: 14/12/2021, 14-12-2021, ngày 14 tháng 12 năm 2021."""
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


def is_dateline(line: str) -> bool:
    """A short line that is only a date, a time, a weekday and perhaps a byline."""
    if len(line) > 90 or not dates_in(line):
        return False
    rest = _DATELINE_NOISE.sub("", fold(line))
    return len(rest) <= 12


def is_caption(line: str) -> bool:
    """A photo caption: it credits a photo or a source ("… - Ảnh: Bộ Ngoại giao cung cấp")."""
    return bool(_CAPTION_CREDIT.search(line))


def is_numbered_nav(line: str) -> bool:
    """A short numbered item of a menu ("2. Tổng thống Hàn Quốc bị bắt")."""
    return bool(_NUMBERED_NAV.match(line)) and len(line.split()) <= 12


def is_headline(line: str) -> bool:
    """A line shaped like a headline: 5 to 40 words, no closing punctuation, no caption credit,
    not a numbered navigation item, no time of day."""
    words = [w for w in line.split() if any(c.isalpha() for c in w)]
    return (
        5 <= len(words) <= 40
        and not line.endswith((".", ":", "?", ";", ","))
        and not _TIME.search(line)
        and not _NUMBERED_NAV.match(line)
        and not is_caption(line)
        and site_name(line) is None
    )


def find_headline(lines: list[str]) -> int | None:
    """The index of the headline among the first lines, or None when the page has none.

    The last line is never the headline: a page cut short ends in a fragment.
    """
    for i, line in enumerate(lines[:12]):
        if i < len(lines) - 1 and is_headline(line):
            return i
    return None


def is_title_variant(line: str, title: str) -> bool:
    """The title again, perhaps as an image label ("<title> - 1")."""
    return fold(_IMAGE_LABEL.sub("", line)) == fold(title)


def datelines_near(lines: list[str], title_at: int) -> list[tuple[int, DateValue]]:
    return [
        (i, dates_in(line)[0])
        for i, line in enumerate(lines[: max(title_at, 0) + 6])
        if is_dateline(line)
    ]


def choose_published(
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


def infer_published(body: list[str]) -> DateValue | None:
    """For pages without a dateline: "Sáng nay (14/12)" in a page that names one year most.

    Nothing else: a year the article talks about ("sau năm 2025") is not its date.
    """
    today = next((m for line in body if (m := _TODAY_PARTIAL.search(fold(line)))), None)
    if today is None:
        return None
    years: dict[int, int] = {}
    for line in body:
        for y in _YEAR.findall(fold(line)):
            years[int(y)] = years.get(int(y), 0) + 1
    ranked = sorted(years.items(), key=lambda kv: -kv[1])
    if not ranked or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return None  # no year, or two years as frequent: the year is not certain
    return make_date(ranked[0][0], int(today[2]), int(today[1]))


def outlet_named(name: str) -> str | None:
    """The display name of an outlet a text names, if it looks like an outlet name at all."""
    name = name.strip(" .,:;-–")
    known = outlets().named(name)
    if known:
        return known
    words = name.split()
    if 1 <= len(words) <= 5 and all(w[0].isupper() or w[0].isdigit() for w in words):
        return name
    return None


def lead_outlet(first: str) -> tuple[str | None, str]:
    """The outlet of a "(VTC News) - …" or "HÀ NỘI (TTXVN) - …" lead, and the lead without it."""
    m = _LEAD_OUTLET.match(first)
    if not m or (m["place"].strip() and not m["place"].strip()[0].isupper()):
        return None, first
    name = m["name"].strip()
    outlet = outlets().named(name)
    if outlet is None and len(name.split()) <= 5 and name[0].isupper():
        outlet = name  # "(Dân trí) -", "(Chinhphu.vn) -": a lead names its outlet this way
    return (outlet, first[m.end() :]) if outlet else (None, first)


def closing_outlet(line: str) -> str | None:
    """'Theo TTXVN', 'Nguồn: Báo Quốc tế' or 'Nguồn: https://…' as the last line of a page."""
    if len(line) >= 120:
        return None
    m = _CLOSING_CREDIT.match(line)
    if not m:
        return None
    name = m["name"].strip()
    return outlets().of_url(name) if "://" in name else outlet_named(name)


def site_name(line: str) -> str | None:
    """A line that is only a site's name or its copyright ("© 2024 Báo VnTin")."""
    if len(line.split()) > 12 or line.endswith("."):
        return None
    rest = re.split(r"\.\s|\s[-|–]\s", _COPYRIGHT.sub("", line))[0].strip(" .")
    known = outlets().named(rest)
    if known:
        return known
    words = rest.split()
    if not words or len(words) > 8 or not words[0][0].isupper():
        return None
    folded = fold(rest)
    # A copyright line, or "Báo điện tử …", "Tạp chí …"; a section label such as "Thời sự -
    # Chính trị" is neither.
    if _COPYRIGHT.match(line.strip()) or folded.startswith(_SITE_PREFIXES[:4]):
        return rest
    if folded.startswith("bao ") and all(w[0].isupper() for w in words if w[0].isalpha()):
        return rest  # "Báo Hà Tĩnh"
    return None


def byline_outlet(line: str) -> tuple[str, str] | None:
    """'Minh Châu / VOV.VN' or 'Hoàng Lan - TTXVN': an author and a known outlet."""
    m = _BYLINE.match(line)
    if not m:
        return None
    outlet = outlets().named(m["outlet"])
    return (m["author"].strip(), outlet) if outlet else None


def credited_outlet(lines: list[str]) -> str | None:
    """An outlet credited as a source of the page's own pictures: '(Nguồn: Báo TG&VN)'.

    Agencies (TTXVN, Reuters, AFP) supply pictures to every outlet, so they do not count.
    """
    for line in lines:
        for m in _SOURCE_CREDIT.finditer(line):
            name = outlets().named(m["name"])
            if name and not outlets().is_agency(name):
                return name
    return None


def url_line(line: str) -> str | None:
    m = _URL.match(line.strip())
    return m["url"] if m else None
