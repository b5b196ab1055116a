"""Partnership frameworks in a sentence, each with its country and the date it was set up.

"Hai nước trở thành Đối tác toàn diện năm 2009 và Đối tác chiến lược tháng 3/2018" gives two
steps of one country's history: (Australia, Đối tác toàn diện, 2009) and (Australia, Đối tác
chiến lược, 3/2018).
"""

from __future__ import annotations

from typing import Any

from bot.text import DateValue, fold
from bot.vocabulary import lexicon


def _framework_spans(folded: str) -> list[tuple[int, int, str]]:
    """Non-overlapping framework mentions, most specific first where they overlap."""
    spans: list[tuple[int, int, str]] = []
    for display, key in lexicon().frameworks:  # the lexicon lists longer frameworks first
        start = folded.find(key)
        while start != -1:
            end = start + len(key)
            if not any(s < end and start < e for s, e, _ in spans):
                spans.append((start, end, display))
            start = folded.find(key, end)
    return sorted(spans)


def extract_partnerships(
    text: str, dates: list[tuple[int, DateValue]], context: str | None = None
) -> list[dict[str, Any]]:
    """Each framework a sentence names, with its country and its date.

    With one framework the date is the sentence's last one (as news writes "…, nâng cấp quan
    hệ lên Đối tác chiến lược toàn diện (9/2023)"); with several, each takes the nearest date
    after it and before the next framework, else the nearest before it. `context` names the
    countries when the sentence only says "Hai nước" (its `refers_to`).
    """
    folded = fold(text)
    spans = _framework_spans(folded)
    if not spans:
        return []
    lex = lexicon()
    countries = lex.countries_in(text) or (lex.countries_in(context) if context else [])
    if not countries:
        return []
    found = []
    for n, (start, end, framework) in enumerate(spans):
        next_start = spans[n + 1][0] if n + 1 < len(spans) else len(text)
        prev_end = spans[n - 1][1] if n else 0
        if len(spans) == 1:
            since = dates[-1][1] if dates else None
        else:
            after = [d for p, d in dates if end <= p < next_start]
            before = [d for p, d in dates if prev_end <= p < start]
            since = after[0] if after else before[-1] if before else None
        positions = {c: folded.find(fold(c)) for c in countries}
        country = min(
            countries, key=lambda c: abs(positions[c] - start) if positions[c] >= 0 else 10**6
        )
        found.append({"country": country, "framework": framework, "since": since})
    return found
