"""What the bot says, before rendering: a Reply of Items, each citing the facts it comes from."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bot.models import Answer, Fact, Source

if TYPE_CHECKING:
    from bot.chat.quiz import Quiz


@dataclass
class Item:
    """One entry of a reply: a line of text, the fact it cites, and the same fact as other
    articles (or other places of one article) tell it; or, for an item that is an article
    itself (/about), that article."""

    text: str
    fact: Fact | None = None
    also: list[Fact] = field(default_factory=list)
    article: Source | None = None

    @property
    def facts(self) -> list[Fact]:
        """Every fact behind the item, the one it shows first."""
        return [self.fact, *self.also] if self.fact is not None else []

    @property
    def sources(self) -> list[Source]:
        """The articles the item comes from, once each, in order."""
        seen: dict[str, Source] = {}
        if self.article is not None:
            seen[self.article.file] = self.article
        for fact in self.facts:
            seen.setdefault(fact.source.file, fact.source)
        return list(seen.values())


@dataclass
class Reply:
    """What the bot says, before rendering.

    A command's reply (`command` set) lists items and cites their articles in numbered
    references under the list; a free-text answer cites the fact it shows in a source line.
    `full_sources` asks for each reference's title, outlet, date and address (/source).
    """

    found: bool
    title: str | None = None
    items: list[Item] = field(default_factory=list)
    intro: str | None = None
    suggestions: list[str] = field(default_factory=list)
    did_you_mean: bool = False
    answer: Answer | None = None
    command: str | None = None
    arg: str = ""
    page: int = 1
    pages: int = 1
    footer: str | None = None
    full_sources: bool = False
    quiz: Quiz | None = None  # a quiz to ask (/quiz): a poll in Telegram, numbered in the terminal

    @property
    def facts(self) -> list[Fact]:
        """The facts the reply shows, one per item (an answer's facts for an answer)."""
        if self.answer is not None:
            return self.answer.facts
        return [i.fact for i in self.items if i.fact is not None]
