"""What a sentence-initial reference stands for: "Nghị quyết này", "Đây là Nghị quyết …",
"Hai bên", "Hai nước" -> the document or the two countries the article named just before."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.ingest.documents import extract_documents
from bot.text import fold
from bot.vocabulary import lexicon

_DOC_TYPES = ("nghi quyet", "chi thi", "ket luan", "quyet dinh", "quy dinh", "nghi dinh")
_THIS_DOC = re.compile(rf"^(?P<type>{'|'.join(_DOC_TYPES)}) (?:nay|do|tren)\b")
_IT_IS_DOC = re.compile(rf"^(?:day|do) (?:cung )?la (?:mot )?(?P<type>{'|'.join(_DOC_TYPES)})\b")
_BOTH = re.compile(r"^(?:hai ben|hai nuoc|hai quoc gia|ca hai nuoc)\b")
_VIETNAM = "Việt Nam"


@dataclass
class Referents:
    """What an article has named so far: its documents by type, its countries by recency."""

    documents: dict[str, str] = field(default_factory=dict)
    countries: list[str] = field(default_factory=list)

    def observe(self, text: str) -> None:
        for doc in extract_documents(text):
            number = doc["key"] if "/" in doc["key"] else doc["number"]
            self.documents[fold(doc["type"])] = f"{doc['type']} số {number}"
        named = lexicon().countries_in(text)
        if "viet nam" in fold(text):
            named.insert(0, _VIETNAM)  # the lexicon holds Việt Nam's partners, not Việt Nam
        for country in named:
            if country in self.countries:
                self.countries.remove(country)
            self.countries.append(country)

    def resolve(self, text: str) -> str | None:
        """The referent of the reference a sentence starts with, or None."""
        head = fold(text.lstrip("“\"'( "))
        m = _THIS_DOC.match(head) or _IT_IS_DOC.match(head)
        if m:
            return self.documents.get(m["type"])
        if _BOTH.match(head):
            others = [c for c in self.countries if c != _VIETNAM]
            if _VIETNAM in self.countries and others:
                return f"{_VIETNAM} và {others[-1]}"
            if len(others) >= 2:
                return f"{others[-2]} và {others[-1]}"
        return None
