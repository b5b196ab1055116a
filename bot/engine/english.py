"""English questions: told apart from plain Vietnamese, translated into folded Vietnamese
through the thesaurus and lexicons, with English dates and ordinals made numeric."""

from __future__ import annotations

import re
from functools import cache

from bot.engine.constraints import is_syllable
from bot.text import fold
from bot.thesaurus import thesaurus
from bot.vocabulary import lexicon

_ENGLISH_HINT = re.compile(
    r"\b(the|what|who|when|where|how|why|does|did|is|are|was|were|has|have|which|with|of|and|"
    r"to|in|on|at|for|vietnam|vietnam's)\b"
)


ENGLISH_COUNTED = re.compile(
    r"\bhow (?:many|much) (.+?)(?= (?:does|do|did|has|have|had|is|are|was|were|will|can|in|on)\b|\?|$)"
)


def is_english(text: str) -> bool:
    """ASCII text with English function words: the question is in English."""
    if not text.isascii():
        return False
    folded = text.lower()
    hints = _ENGLISH_HINT.findall(folded)
    # "to", "the", "in", "on" are also Vietnamese typed plain ("tổ chức", "thế nào"): one hint
    # at least must be a word Vietnamese cannot spell.
    return (len(hints) >= 2 and any(not is_syllable(h) for h in hints)) or bool(
        re.search(r"\b(how many|what are|who is|who was)\b", folded)
    )


@cache
def _english_map() -> tuple[dict[str, str], re.Pattern[str]]:
    """English phrase -> folded Vietnamese: the thesaurus's concepts, words and question words,
    with the lexicon's own terms on top."""
    table: dict[str, str] = {}
    thes = thesaurus()
    for concept in thes.concepts.values():
        vietnamese = next((fold(e) for e in concept.expressions if not e.isascii()), None)
        if vietnamese is None:
            continue
        for expression in concept.expressions:
            if expression.isascii() and " " in expression.strip():
                table[fold(expression)] = vietnamese
    table.update(thes.english_words)
    table.update(thes.question_words)
    table.update(lexicon().english)
    # Auxiliaries ("does", "have") carry no topic, and templates ("có ... không") no words.
    stop = lexicon().english_stopwords
    table = {k: v for k, v in table.items() if k not in stop and "..." not in v and "/" not in v}
    pattern = re.compile(
        r"(?<![a-z'])(?:"
        + "|".join(re.escape(k) for k in sorted(table, key=len, reverse=True))
        + r")(?![a-z'])"
    )
    return table, pattern


_MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        1,
    )
    for m in names
}
_MONTH_NAMES = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DAY_MONTH_EN = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)? ({_MONTH_NAMES})\b,?(?: (\d{{4}}))?")
_MONTH_DAY_EN = re.compile(rf"\b({_MONTH_NAMES}) (\d{{1,2}})(?:st|nd|rd|th)?\b,?(?: (\d{{4}}))?")
_MONTH_YEAR_EN = re.compile(rf"\b({_MONTH_NAMES}) (\d{{4}})\b")
_ORDINAL_EN = re.compile(r"\b(\d+)(?:st|nd|rd|th)\b")


def english_dates(folded: str) -> str:
    """'26 August 2022', 'August 26, 2022', 'March 2024', '32nd' -> 26/8/2022, 3/2024, 32."""

    def day_month(day: str, month: str, year: str | None) -> str:
        return f"{int(day)}/{_MONTHS[month]}" + (f"/{year}" if year else "")

    folded = _DAY_MONTH_EN.sub(lambda m: day_month(m[1], m[2], m[3]), folded)
    folded = _MONTH_DAY_EN.sub(lambda m: day_month(m[2], m[1], m[3]), folded)
    folded = _MONTH_YEAR_EN.sub(lambda m: f"{_MONTHS[m[1]]}/{m[2]}", folded)
    return _ORDINAL_EN.sub(r"\1", folded)


def translate_english(folded: str) -> str:
    """English words and phrases -> folded Vietnamese; English function words dropped."""
    table, pattern = _english_map()
    folded = english_dates(folded)
    out = pattern.sub(lambda m: " " + table[m.group(0)] + " ", folded)
    stop = lexicon().english_stopwords
    words = [w for w in re.findall(r"[a-z0-9'/-]+", out) if w not in stop]
    return " ".join(w[:-2] if w.endswith("'s") else w for w in words)
