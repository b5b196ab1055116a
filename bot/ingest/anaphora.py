"""What a sentence-initial reference stands for: "Nghị quyết này", "Đây là Nghị quyết …",
"Hai bên", "Hai nước" -> the document or the two countries the article named just before."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.ingest.documents import extract_documents
from bot.text import fold
from bot.vocabulary import lexicon

_DOC_TYPES = {
    "nghi quyet": "Nghị quyết",
    "chi thi": "Chỉ thị",
    "ket luan": "Kết luận",
    "quyet dinh": "Quyết định",
    "quy dinh": "Quy định",
    "nghi dinh": "Nghị định",
}
_TYPES = "|".join(_DOC_TYPES)
_THIS_DOC = re.compile(rf"^(?P<type>{_TYPES}) (?:nay|do|tren)\b")
_IT_IS_DOC = re.compile(rf"^(?:day|do) (?:cung )?la (?:mot )?(?P<type>{_TYPES})\b")
_BOTH = re.compile(r"^(?:hai ben|hai nuoc|hai quoc gia|ca hai nuoc)\b")
_VIETNAM = "Việt Nam"
# How far back a reference may point, in sentences.
_REACH = 8


@dataclass
class Referents:
    """The sentences an article has said so far (its title first), searched back on demand."""

    said: list[str] = field(default_factory=list)

    def observe(self, text: str) -> None:
        self.said.append(text)

    def resolve(self, text: str) -> str | None:
        """The referent of the reference a sentence starts with, or None."""
        head = fold(text.lstrip("“\"'( ")[:40])
        m = _THIS_DOC.match(head) or _IT_IS_DOC.match(head)
        if m:
            return self._last_document(_DOC_TYPES[m["type"]])
        if _BOTH.match(head):
            return self._two_countries()
        return None

    def _last_document(self, doc_type: str) -> str | None:
        for text in reversed(self.said[-_REACH:]):
            if doc_type not in text:
                continue
            found = [d for d in extract_documents(text) if d["type"] == doc_type]
            if found:
                doc = found[-1]
                number = doc["key"] if "/" in doc["key"] else doc["number"]
                return f"{doc_type} số {number}"
        return None

    def _two_countries(self) -> str | None:
        named: list[str] = []  # most recent first
        vietnam = False
        for text in reversed(self.said[-_REACH:]):
            vietnam = vietnam or "viet nam" in fold(text)
            for country in reversed(lexicon().countries_in(text)):
                if country not in named:
                    named.append(country)
            if named and (vietnam or len(named) >= 2):
                break
        others = [c for c in named if c != _VIETNAM]
        if vietnam and others:
            return f"{_VIETNAM} và {others[0]}"
        if len(others) >= 2:
            return f"{others[1]} và {others[0]}"
        return None
