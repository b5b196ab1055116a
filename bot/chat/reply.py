"""What the bot says, before rendering: a Reply of Items, each citing the fact it comes from."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bot.models import Answer, Fact

if TYPE_CHECKING:
    from bot.chat.quiz import Quiz


@dataclass
class Item:
    """One entry of a reply: a line of text and the fact it cites, if any."""

    text: str
    fact: Fact | None = None


@dataclass
class Reply:
    """What the bot says, before rendering."""

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
    quiz: Quiz | None = None  # a quiz to ask (/quiz): a poll in Telegram, numbered in the terminal

    @property
    def facts(self) -> list[Fact]:
        if self.answer is not None:
            return self.answer.facts
        return [i.fact for i in self.items if i.fact is not None]
