"""Party and state documents in a sentence: type, number, code, date, issuer and subject.

"Nghị quyết số 34-NQ/TW ngày 09/01/2023 của Bộ Chính trị về …", "Bộ Chính trị đã ban hành Kết
luận 57-KL/TW …", "Nghị quyết Trung ương 8 khóa XIII (Nghị quyết số 44-NQ/TW …)".
"""

from __future__ import annotations

import itertools
import re
from typing import Any

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
_ISSUED_BY = re.compile(
    rf"({'|'.join(_DOC_ISSUERS)})(?: (?:đã|vừa|cũng đã|đã chính thức))? "
    r"(?:ban hành|ra|thông qua|ký ban hành)(?: (?:các|những|một số))?[^,;.]{0,20}?\s*$"
)
_PLENUM = re.compile(r"Nghị quyết Trung ương \d+(?: khóa [IVXL]+)?\s*\($")
_LIST_TAIL = re.compile(r"[\s,]*(?:và|cùng)?(?:\s+gần đây là)?[\s,]*")


def _issuer_before(before: str) -> str | None:
    """The issuer named just before a document: "Bộ Chính trị đã ban hành …", or the Central
    Committee of a plenum resolution."""
    before = before[-80:]
    m = _ISSUED_BY.search(before)
    if m:
        return m[1]
    return "Ban Chấp hành Trung ương" if _PLENUM.search(before) else None


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
        issuer = issuer or _issuer_before(text[: m.start()])
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
                "_list": bool(_LIST_TAIL.fullmatch(tail)),
            }
        )
    # "Nghị quyết 36, Chỉ thị 45 và gần đây là Kết luận 12 của Bộ Chính trị": one issuer for all.
    for doc, following in reversed(list(itertools.pairwise(documents))):
        if doc["_list"] and not doc["issuer"]:
            doc["issuer"] = following["issuer"]
    for doc in documents:
        del doc["_list"]
    return documents
