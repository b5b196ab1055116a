"""How an answer is compared with its keys (the same rules as the shared evaluation).

fold(): lowercase, NFC, no diacritics, đ->d, digit group separators dropped, dates unified.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

_VI_MONTH = re.compile(r"ngay (\d{1,2}) thang (\d{1,2}) nam (\d{4})")
_MONTH_YEAR_WORDS = re.compile(r"thang (\d{1,2}) nam (\d{4})")
_DMY = re.compile(r"\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b")
_YMD = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
_MY = re.compile(r"\b(\d{1,2})[/-](\d{4})\b")
_SEP = re.compile(r"(?<=\d)[.,](?=\d)")


def fold(s: str) -> str:
    s = unicodedata.normalize("NFD", s or "")
    s = "".join(c for c in s if unicodedata.category(c) != "Mn")
    s = s.replace("đ", "d").replace("Đ", "D").lower()
    s = _VI_MONTH.sub(lambda m: f"{int(m[1])}/{int(m[2])}/{m[3]}", s)
    s = _MONTH_YEAR_WORDS.sub(lambda m: f"{int(m[1])}/{m[2]}", s)
    s = _YMD.sub(lambda m: f"{int(m[3])}/{int(m[2])}/{m[1]}", s)
    s = _DMY.sub(lambda m: f"{int(m[1])}/{int(m[2])}/{m[3]}", s)
    s = _MY.sub(lambda m: f"{int(m[1])}/{m[2]}", s)
    s = _SEP.sub("", s)
    return re.sub(r"\s+", " ", s)


def has(text: str, key: str) -> bool:
    k = re.escape(fold(key))
    if k[:1].isdigit():
        k = r"(?<!\d)" + k
    if k[-1:].isdigit():
        k = k + r"(?!\d)"
    return re.search(k, fold(text)) is not None


def check(item: dict[str, Any], answer: str, limit: int = 600) -> bool:
    text = (answer or "")[:limit]
    return all(has(text, k) for k in item.get("all", [])) and all(
        any(has(text, k) for k in group) for group in item.get("any", [])
    )
