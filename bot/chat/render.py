"""Replies -> terminal text or Telegram HTML (every piece of document text escaped), split to fit.

A command's items cite their articles by number ("… [1, 2]") and the numbered references follow
the list, one per article: its outlet (or title when the outlet is unknown) and date, the title
too when two articles of one outlet share a date; /source gives each in full.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from typing import Any

from bot.chat.i18n import t
from bot.chat.reply import Item, Reply
from bot.models import Fact, Source
from bot.text import DateValue

_NUMBERED = re.compile(r"\d+\.\s")
SHORT_TITLE = 60


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


def published(source: Source, lang: str) -> str:
    """The article's date as shown ('14/12/2021'), or 'không rõ ngày'."""
    if not source.published:
        return t("date_unknown", lang)
    return DateValue.from_iso(source.published).display()


def _short(text: str, limit: int = SHORT_TITLE) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def references(reply: Reply) -> list[Source]:
    """The articles a command's items cite, in the order they are first cited; none for an
    answer (its source line cites it) or a reply that is no command's."""
    if reply.command is None:
        return []
    seen: dict[str, Source] = {}
    for item in reply.items:
        for source in item.sources:
            seen.setdefault(source.file, source)
    return list(seen.values())


def reference_lines(reply: Reply, lang: str) -> list[str]:
    """'[1] Báo Hà Tĩnh, 14/12/2021' for each cited article; in full for /source."""
    sources = references(reply)
    if reply.full_sources:
        return [
            f"[{n}] " + " — ".join(p for p in (s.title, s.outlet, published(s, lang), s.url) if p)
            for n, s in enumerate(sources, 1)
        ]
    heads = [(s.outlet or _short(s.title), published(s, lang)) for s in sources]
    shared = Counter(heads)
    lines = []
    for n, (s, head) in enumerate(zip(sources, heads, strict=True), 1):
        label = f"{head[0]}, {head[1]}"
        if shared[head] > 1 and s.outlet:
            label += f" — {_short(s.title)}"
        lines.append(f"[{n}] {label}")
    return lines


def cited(item: Item, numbers: dict[str, int]) -> str:
    """The item's text with the numbers of its articles after its first line."""
    marks = [numbers[s.file] for s in item.sources if s.file in numbers]
    if not marks:
        return item.text
    first, sep, rest = item.text.partition("\n")
    return f"{first} [{', '.join(map(str, marks))}]{sep}{rest}"


def _numbers(reply: Reply) -> dict[str, int]:
    return {s.file: n for n, s in enumerate(references(reply), 1)}


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
    numbers = _numbers(reply) if sources else {}
    for item in reply.items:
        plain = item.text.startswith(("/", "•")) or _NUMBERED.match(item.text) is not None
        text = cited(item, numbers)
        lines.append(text if plain else f"• {text}")
    if numbers:
        lines += [f"{t('sources', lang)}:", *reference_lines(reply, lang)]
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
    """Telegram HTML messages, each within `limit` characters, split at paragraph boundaries.

    Each message carries the references of the items it shows, right under them, so that a
    page edited in place or a message read alone still names its sources.
    """
    esc = html.escape
    blocks: list[tuple[str, set[int]]] = []
    if reply.title:
        blocks.append((f"<b>{esc(reply.title)}</b>", set()))
    if reply.intro:
        blocks.append((esc(reply.intro), set()))
    if alternative_lines(reply, lang):
        blocks.append((esc("\n".join(alternative_lines(reply, lang))), set()))
    numbers = _numbers(reply)
    for item in reply.items:
        text = esc(cited(item, numbers))
        marks = {numbers[s.file] for s in item.sources if s.file in numbers}
        blocks.append((text if item.text.startswith("/") else "• " + text, marks))
    if reply.pages > 1:
        blocks.append((f"<i>{esc(t('page', lang, page=reply.page, pages=reply.pages))}</i>", set()))
    if reply.did_you_mean and reply.suggestions:
        blocks += [("• " + esc(s), set()) for s in reply.suggestions]
    elif reply.suggestions:
        blocks.append((esc(" | ".join(reply.suggestions)), set()))
    if reply.found and reply.answer is not None and reply.answer.facts:
        blocks.append((f"<i>{esc(source_line(reply.answer.facts[0], lang))}</i>", set()))
    if reply.footer:
        blocks.append((f"<i>{esc(reply.footer)}</i>", set()))
    lines = reference_lines(reply, lang)

    def with_references(part: list[tuple[str, set[int]]]) -> list[str]:
        """The blocks of one message, the references of its items after the last of them."""
        cited_numbers = sorted(set().union(*(marks for _, marks in part)))
        texts = [text for text, _ in part]
        if cited_numbers:
            last = max(i for i, (_, marks) in enumerate(part) if marks)
            refs = "\n".join(esc(lines[n - 1]) for n in cited_numbers)
            texts.insert(last + 1, f"<i>{esc(t('sources', lang))}:</i>\n{refs}")
        return texts

    messages: list[list[tuple[str, set[int]]]] = [[]]
    for block in blocks:
        candidate = messages[-1] + [block]
        if messages[-1] and len("\n\n".join(with_references(candidate))) > limit:
            messages.append([block])
        else:
            messages[-1] = candidate
    # A message still over the limit (one block longer than a message) is cut at its lines.
    return [m for part in messages for m in split_blocks(with_references(part), limit)]


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
            # The other articles' figures the answer names are facts it shows, with their sources.
            shown = {f["id"] for f in data["facts"]}
            data["facts"] += [f.to_json() for f in reply.answer.alternatives if f.id not in shown]
        return data
    # Every fact behind the reply with its own source, and each listed item with the ids of
    # its facts and every article it comes from.
    items = [i for i in reply.items if i.sources]
    facts = {f.id: f for i in items for f in i.facts}
    return {
        "found": reply.found,
        "answer": render_plain(reply, sources=False),
        "confidence": 1.0 if reply.found else 0.0,
        "facts": [f.to_json() for f in facts.values()],
        "items": [
            {
                "text": i.text,
                "facts": [f.id for f in i.facts],
                "sources": [s.to_json() for s in i.sources],
            }
            for i in items
        ],
        "suggestions": reply.suggestions,
    }
