"""Dates in one sentence of Vietnamese news: days, months, years and ranges.

"14/12/2021", "ngày 26-2", "Sáng 21/12", "tháng 9/2023", "tháng 10-2022", "năm 2019",
"(2006, 2017)", "APEC 2017", "(2008 - 2009 và 2020 - 2021)", "từ ngày 7 đến 9/3/2024",
"(6-7/10/2024)". A date without its year takes the article's year, and only when the article's
date is known. A year the sentence only looks towards ("đến năm 2030", "sau năm 2025",
"giai đoạn 2021-2030") is not an event.
"""

from __future__ import annotations

import re

from bot.text import DateValue, fold, make_date

_DAY_RANGE = re.compile(
    r"(?<![\d/])(\d{1,2})\s*(?:-|–|den ngay|den)\s*(\d{1,2})/(\d{1,2})/(\d{4})(?![\d/])"
)
_DATE_DMY = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/(\d{4})(?![\d/])")
_DATE_MY = re.compile(r"thang (\d{1,2})(?:/|-| nam )(\d{4})(?![\d/])")
_DATE_DM = re.compile(
    r"(?:ngay |\(|(?:sang|chieu|toi|trua|dem|dau|cuoi|hom) )(\d{1,2})[/-](\d{1,2})(?![\d/-])"
)
_YEAR = r"(?:19|20)\d{2}"
_YEAR_LIST = re.compile(
    rf"(?:(?:cac )?nam |\()(?P<years>{_YEAR}(?:\s*[-–]\s*{_YEAR})?"
    rf"(?:\s*(?:,|va)\s*{_YEAR}(?:\s*[-–]\s*{_YEAR})?)*)(?![\d/])"
)
_NAMED_YEAR = re.compile(rf"\b[A-Z]{{3,}}(?: [A-Z]{{3,}})? ({_YEAR})(?![\d/-])")
_LOOKING_AHEAD = re.compile(r"(?:den|toi|sau|truoc|tu|giai doan|tam nhin)\s*(?:nam\s*)?$")
_RANGE = re.compile(rf"{_YEAR}\s*[-–]\s*{_YEAR}")
_PERIOD = re.compile(r"(?:nam (?:vua )?qua|giai doan|thoi ky|thap ky|thap nien)[^,;.]{0,25}$")
_PLAN_NAME = re.compile(r"(?:ke hoach|tam nhin|chien luoc|muc tieu|lo trinh|chuong trinh)[^,;.]*$")
_DATE_TODAY = re.compile(r"\b(sang|chieu|toi|hom) nay\b")


def find_dates(text: str, published: DateValue | None) -> list[tuple[int, DateValue]]:
    """Dates in a sentence with their positions; partial dates take the article's year."""
    if not any(c.isdigit() for c in text):  # most sentences: only "sáng nay" can date them
        if published is None or published.precision != "day":
            return []
        today = _DATE_TODAY.search(fold(text))
        return [(today.start(), published)] if today else []
    folded = fold(text)
    found: dict[int, DateValue] = {}
    taken: list[range] = []

    def add(pos: int, end: int, value: DateValue | None) -> None:
        if value and value not in found.values() and not any(pos in r for r in taken):
            found[pos] = value
            taken.append(range(pos, end))

    for m in _DAY_RANGE.finditer(folded):
        add(m.start(), m.end(), make_date(int(m[4]), int(m[3]), int(m[1])))
        taken.append(range(m.start(), m.end()))
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
    for m in _YEAR_LIST.finditer(folded):
        if _LOOKING_AHEAD.search(folded[: m.start()]):
            continue
        if _RANGE.search(m["years"]) and _PERIOD.search(folded[max(0, m.start() - 40) : m.start()]):
            continue  # "5 năm qua (2016 - 2021)": a period looked back on, not an event
        for y in re.finditer(_YEAR, m["years"]):
            pos = m.start("years") + y.start()
            add(pos, pos + 4, make_date(int(y[0])))
    for m in _NAMED_YEAR.finditer(text):
        if _PLAN_NAME.search(folded[max(0, m.start() - 60) : m.start()]):
            continue  # "Kế hoạch tổng thể Cộng đồng ASEAN 2025" names a plan, not an event
        add(m.start(1), m.end(1), make_date(int(m[1])))  # "APEC 2017", "ASEAN 2020"
    return sorted(found.items())
