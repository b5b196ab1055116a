"""What `/quiz <topic>` asks for: a kind of fact (a topic), a year, words. No Telegram import."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from bot.text import clean, fold, tokens


class Topic(StrEnum):
    """What a question asks for; progress is counted per topic."""

    FIGURE = "figure"
    DATE = "date"
    PERSON = "person"
    PARTNER = "partner"
    DOCUMENT = "document"


# Folded words of a /quiz argument that name a topic.
TOPIC_WORDS: dict[str, Topic] = {
    "so lieu": Topic.FIGURE,
    "con so": Topic.FIGURE,
    "figure": Topic.FIGURE,
    "figures": Topic.FIGURE,
    "su kien": Topic.DATE,
    "ngay thang": Topic.DATE,
    "thoi gian": Topic.DATE,
    "date": Topic.DATE,
    "dates": Topic.DATE,
    "event": Topic.DATE,
    "events": Topic.DATE,
    "nhan vat": Topic.PERSON,
    "person": Topic.PERSON,
    "people": Topic.PERSON,
    "doi tac": Topic.PARTNER,
    "partner": Topic.PARTNER,
    "partners": Topic.PARTNER,
    "van kien": Topic.DOCUMENT,
    "document": Topic.DOCUMENT,
    "documents": Topic.DOCUMENT,
}


@dataclass(frozen=True)
class Wanted:
    """What `/quiz <topic>` narrows to: a topic, a year, words (all optional)."""

    topic: Topic | None = None
    year: int | None = None
    words: tuple[str, ...] = ()

    @property
    def anything(self) -> bool:
        return self.topic is None and self.year is None and not self.words


def parse_wanted(arg: str) -> Wanted:
    """'/quiz 2023' -> a year, '/quiz đối tác' -> a topic, other words must all be in the fact."""
    text = fold(clean(arg))
    topic = None
    for phrase, named in sorted(TOPIC_WORDS.items(), key=lambda p: -len(p[0])):
        if re.search(rf"\b{re.escape(phrase)}\b", text):
            topic = named
            text = re.sub(rf"\b{re.escape(phrase)}\b", " ", text)
            break
    year = None
    words = []
    for word in tokens(text):
        if re.fullmatch(r"(19|20)\d\d", word) and year is None:
            year = int(word)
        else:
            words.append(word)
    return Wanted(topic, year, tuple(words))
