"""The inline keyboards under the bot's messages."""

from __future__ import annotations

import re
from typing import Final

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.chat.i18n import LANGUAGES, t
from bot.chat.registry import examples
from bot.chat.reply import Reply
from bot.engine.answer import Engine
from bot.models import Fact

from . import callback_data

MORE_LIMIT: Final = 5


def button_label(text: str, limit: int = 48) -> str:
    """A short single-line button label."""
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def fact_keyboard(fact: Fact, lang: str, more: list[str] | None = None) -> InlineKeyboardMarkup:
    """Nguồn / Xem thêm / 👍 / 👎 under an answer that cites `fact`."""
    first = [InlineKeyboardButton(t("source", lang), callback_data=callback_data.source(fact.id))]
    more_data = callback_data.more(more or [])
    if more_data is not None:
        first.append(InlineKeyboardButton(t("more", lang), callback_data=more_data))
    votes = [
        InlineKeyboardButton("👍", callback_data=callback_data.feedback(fact.id, 1)),
        InlineKeyboardButton("👎", callback_data=callback_data.feedback(fact.id, -1)),
    ]
    return InlineKeyboardMarkup([first, votes])


def pages_row(reply: Reply) -> list[InlineKeyboardButton]:
    """◀ ▶ for a paged reply: only the directions that lead somewhere."""
    row: list[InlineKeyboardButton] = []
    if reply.command is None or reply.pages <= 1:
        return row
    if reply.page > 1:
        data = callback_data.page(reply.command, reply.page - 1, reply.arg)
        row.append(InlineKeyboardButton("◀", callback_data=data))
    if reply.page < reply.pages:
        data = callback_data.page(reply.command, reply.page + 1, reply.arg)
        row.append(InlineKeyboardButton("▶", callback_data=data))
    return row


def keyboard_for(reply: Reply, lang: str) -> InlineKeyboardMarkup | None:
    """The buttons that belong under a reply, or None."""
    if reply.pages > 1:
        return InlineKeyboardMarkup([pages_row(reply)])
    answer = reply.answer
    if reply.did_you_mean and answer is not None and answer.facts:
        rows = [
            [InlineKeyboardButton(button_label(f.sentence), callback_data=callback_data.ask(f.id))]
            for f in _unique_sentences(answer.facts)[:3]
        ]
        return InlineKeyboardMarkup(rows)
    if reply.found and answer is not None and answer.facts:
        return fact_keyboard(answer.facts[0], lang, more_ids(reply))
    return None


def examples_keyboard(engine: Engine) -> InlineKeyboardMarkup:
    """The registry's example commands, with arguments from the corpus, two per row."""
    buttons = [
        InlineKeyboardButton(
            f"/{command.name} {arg}".strip(), callback_data=callback_data.command(command.name, arg)
        )
        for command, arg in examples(engine)
    ]
    return InlineKeyboardMarkup([buttons[i : i + 2] for i in range(0, len(buttons), 2)])


def language_keyboard() -> InlineKeyboardMarkup:
    """Tiếng Việt / English."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t(f"language_{lang}", lang), callback_data=callback_data.language(lang)
                )
                for lang in LANGUAGES
            ]
        ]
    )


def _unique_sentences(facts: list[Fact]) -> list[Fact]:
    """The first fact of each sentence, in order."""
    seen: set[int] = set()
    out: list[Fact] = []
    for f in facts:
        if f.sentence_id not in seen:
            seen.add(f.sentence_id)
            out.append(f)
    return out


def more_ids(reply: Reply) -> list[str]:
    """Ids of up to five further facts for "Xem thêm": the answer's other facts, then the
    engine's next-ranked ones (`Answer.related`), never a sentence the answer already shows."""
    answer = reply.answer
    if answer is None or not answer.facts:
        return []
    shown = reply.intro or ""
    seen = {answer.facts[0].sentence_id}
    out: list[str] = []
    for f in [*answer.facts[1:], *answer.related]:
        if f.sentence_id in seen or f.sentence in shown:
            continue
        seen.add(f.sentence_id)
        out.append(f.id)
    return out[:MORE_LIMIT]
