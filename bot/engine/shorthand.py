"""How users type: chat shorthand (vn, ko, bn, đtcl), doubled final letters ("quocc"), written
out before a question is read."""

from __future__ import annotations

import re

from bot.engine.constraints import roman_value
from bot.text import fold
from bot.vocabulary import lexicon

_TRAILING_DOUBLE = re.compile(r"(?<=[a-z])([a-np-z])\1+\b")


def undouble(folded: str) -> str:
    """'quocc' -> 'quoc', 'aii' -> 'ai': no Vietnamese word ends in a doubled letter (but 'oo'
    and roman numerals: 'xiii')."""

    def one(m: re.Match[str]) -> str:
        word = m.group(0)
        if len(word) < 2 or word[-1] != word[-2]:
            return word  # nothing doubled at its end (most words)
        if roman_value(word):
            return word
        return _TRAILING_DOUBLE.sub(r"\1", re.sub(r"^(a|e|u)\1+$", r"\1", word))

    return re.sub(r"[a-z]+", one, folded)


def expand_shorthand(folded: str) -> str:
    """Chat shorthand (vs, ko, dc, VN, nc ...) written out."""
    shorthand = lexicon().shorthand
    return re.sub(r"[a-z]+", lambda m: shorthand.get(m.group(0), m.group(0)), undouble(folded))


def expand_shorthand_text(text: str) -> str:
    """Shorthand expanded in text that keeps its diacritics ("vs" -> "với" is not needed:
    the expansion is folded, which is all that matching uses)."""
    shorthand = lexicon().shorthand

    def expand(m: re.Match[str]) -> str:
        word = m.group(0)
        plain = undouble(fold(word))
        if plain in shorthand:
            return shorthand[plain]
        if word.isascii() and plain != word.lower():
            return plain
        return word

    return re.sub(r"(?<![^\W_])[^\W\d_]+(?![^\W_])", expand, text)
