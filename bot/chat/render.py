"""Replies -> terminal text or Telegram HTML (every piece of document text escaped), split to fit."""

from __future__ import annotations

import html
import re
from typing import Any

from bot.chat.i18n import t
from bot.chat.reply import Reply
from bot.models import Fact
from bot.text import DateValue

_NUMBERED = re.compile(r"\d+\.\s")


def source_line(fact: Fact, lang: str = "vi") -> str:
    """'Nguồn: outlet — title — date [id]'."""
    s = fact.source
    date = DateValue.from_iso(s.published).display() if s.published else None
    parts = [p for p in (s.outlet, s.title, date) if p]
    return f"{t('source', lang)}: " + " — ".join(parts) + f" [{fact.id}]"


def source_label(fact: Fact) -> str:
    """'outlet, title, date' of a fact's article."""
    s = fact.source
    published = DateValue.from_iso(s.published).display() if s.published else None
    return ", ".join(p for p in (s.outlet, s.title, published) if p)


def alternative_lines(reply: Reply, lang: str) -> list[str]:
    """'• Nguồn khác (outlet, title, date): sentence' for each other article's figure."""
    if reply.answer is None or not reply.found:
        return []
    return [
        f"• {t('other_source', lang)} ({source_label(f)}): {f.sentence}"
        for f in reply.answer.alternatives
    ]


def render_plain(reply: Reply, *, sources: bool = True, lang: str = "vi") -> str:
    lines: list[str] = []
    if reply.title:
        lines.append(reply.title)
    if reply.intro:
        lines.append(reply.intro)
    lines += alternative_lines(reply, lang)
    for item in reply.items:
        plain = item.text.startswith(("/", "•")) or _NUMBERED.match(item.text) is not None
        lines.append(item.text if plain else f"• {item.text}")
    if reply.pages > 1:
        lines.append(t("page", lang, page=reply.page, pages=reply.pages))
    if reply.suggestions:
        lines.append("   " + " | ".join(reply.suggestions))
    if sources and reply.found and reply.answer is not None and reply.answer.facts:
        lines.append(source_line(reply.answer.facts[0], lang))
    if reply.footer:
        lines.append(reply.footer)
    return "\n".join(lines)


def render_html(reply: Reply, lang: str = "vi", *, limit: int) -> list[str]:
    """Telegram HTML messages, each within `limit` characters, split at paragraph boundaries."""
    esc = html.escape
    blocks: list[str] = []
    if reply.title:
        blocks.append(f"<b>{esc(reply.title)}</b>")
    if reply.intro:
        blocks.append(esc(reply.intro))
    if alternative_lines(reply, lang):
        blocks.append(esc("\n".join(alternative_lines(reply, lang))))
    for item in reply.items:
        blocks.append(esc(item.text) if item.text.startswith("/") else "• " + esc(item.text))
    if reply.pages > 1:
        blocks.append(f"<i>{esc(t('page', lang, page=reply.page, pages=reply.pages))}</i>")
    if reply.did_you_mean and reply.suggestions:
        blocks += ["• " + esc(s) for s in reply.suggestions]
    elif reply.suggestions:
        blocks.append(esc(" | ".join(reply.suggestions)))
    if reply.found and reply.answer is not None and reply.answer.facts:
        blocks.append(f"<i>{esc(source_line(reply.answer.facts[0], lang))}</i>")
    if reply.footer:
        blocks.append(f"<i>{esc(reply.footer)}</i>")
    return split_blocks(blocks, limit)


def split_blocks(blocks: list[str], limit: int) -> list[str]:
    """Join blocks with blank lines into messages of at most `limit` characters.

    A block longer than the limit is cut at line ends, then at spaces; a cut never falls
    inside an HTML entity because blocks are escaped before and cut on whitespace only.
    """
    pieces: list[str] = []
    for block in blocks:
        while len(block) > limit:
            cut = block.rfind("\n", 0, limit)
            if cut <= 0:
                cut = block.rfind(" ", 0, limit)
            if cut <= 0:
                cut = limit
                while (
                    "&" in block[max(0, cut - 8) : cut]
                    and ";" not in block[block.rfind("&", 0, cut) : cut]
                ):
                    cut -= 1
            pieces.append(block[:cut])
            block = block[cut:].lstrip()
        pieces.append(block)
    messages: list[str] = []
    current = ""
    for piece in pieces:
        candidate = f"{current}\n\n{piece}" if current else piece
        if len(candidate) <= limit:
            current = candidate
        else:
            messages.append(current)
            current = piece
    if current:
        messages.append(current)
    return messages or [""]


def reply_json(reply: Reply) -> dict[str, Any]:
    """The machine-readable form of a reply (`ask --json`)."""
    if reply.answer is not None and reply.command is None:
        data = reply.answer.to_json()
        if not reply.found:
            data["answer"] = render_plain(reply)
        else:
            data["answer"] = "\n".join([reply.answer.answer, *alternative_lines(reply, "vi")])
        return data
    return {
        "found": reply.found,
        "answer": render_plain(reply, sources=False),
        "confidence": 1.0 if reply.found else 0.0,
        "facts": [f.to_json() for f in reply.facts],
        "suggestions": reply.suggestions,
    }
