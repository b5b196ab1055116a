"""The data the engine passes around: sources, facts, answers."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any


class FactKind(StrEnum):
    """What a fact is about; every fact keeps the sentence it came from."""

    EVENT = "event"
    FIGURE = "figure"
    PARTNER = "partner"
    LESSON = "lesson"
    LIST = "list"
    DOCUMENT = "document"
    PERSON = "person"
    QUOTE = "quote"
    STATEMENT = "statement"


@dataclass(frozen=True)
class Source:
    """Where a fact comes from: the file, the article's title, outlet and publication date
    (ISO, None when unknown), the paragraph, and the article's web address when known."""

    file: str
    title: str
    outlet: str | None
    published: str | None
    paragraph: int
    url: str | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Fact:
    """One extracted fact: its kind, normalised fields, display text and source sentence."""

    kind: FactKind
    text: str
    sentence: str
    source: Source
    fields: dict[str, Any] = field(default_factory=dict)
    date: str | None = None
    sentence_id: int = 0
    id: str = ""

    def assign_id(self) -> None:
        """A short id that depends only on what the fact says and where: stable across builds."""
        key = json.dumps(
            [self.kind, self.source.file, self.source.paragraph, self.text, self.fields],
            ensure_ascii=False,
            sort_keys=True,
            default=str,
        )
        self.id = hashlib.blake2b(key.encode(), digest_size=5).hexdigest()

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": str(self.kind),
            "text": self.text,
            "date": self.date,
            "source": self.source.to_json(),
        }


@dataclass
class Answer:
    """What the engine says to a question: found or not, the text, the facts behind it."""

    found: bool
    answer: str
    confidence: float
    facts: list[Fact] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)
    notice: str | None = None
    # Facts of the next-ranked passages (for "see more"), never shown in the answer itself.
    related: list[Fact] = field(default_factory=list)
    # The same thing counted otherwise by other articles (224 markets vs. 230 countries).
    alternatives: list[Fact] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "found": self.found,
            "answer": self.answer,
            "confidence": round(self.confidence, 3),
            "facts": [f.to_json() for f in self.facts],
            "suggestions": self.suggestions,
        }
