"""The domain thesaurus (bot/data/thesaurus.json): concepts of diplomacy, politics and economy
with their Vietnamese variants, abbreviations and English names, matched as phrases of folded
tokens; English words and question phrases for translating questions."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from bot.text import fold

_TOKEN_RE = re.compile(r"\d+(?:[.,]\d+)*%?|[a-z]+")


def _phrase_tokens(text: str) -> tuple[str, ...]:
    return tuple(_TOKEN_RE.findall(fold(text)))


@dataclass(frozen=True)
class Concept:
    """Expressions that mean the same thing; `entity` when it names an organisation or body."""

    id: str
    expressions: tuple[str, ...]
    entity: bool
    # Wider concepts it is a kind of: a joint statement is a document, the CPTPP an FTA.
    broader: tuple[str, ...] = ()
    # An event a question can ask about ("nâng cấp", "trúng cử", "thành lập"): the passage of
    # an answer must say it itself, not merely stand near a sentence that does.
    event: bool = False


@dataclass(frozen=True)
class Thesaurus:
    """Concepts of diplomacy, politics and economy, matched as phrases of folded tokens."""

    concepts: dict[str, Concept]
    # first token -> (the phrase lengths starting with it, longest first; phrase -> concept id)
    by_first: dict[str, tuple[tuple[int, ...], dict[tuple[str, ...], str]]]
    english_words: dict[str, str]
    question_words: dict[str, str]
    # Abbreviations that fold to a common word ("NGO" and "Ngô", "WHO" and "who"): they count
    # only in capitals, and stand for the concept's first expression.
    cased: dict[str, tuple[str, str]]
    cased_pattern: re.Pattern[str] | None
    # Initials users make of a name ("hdnq" for "Hội đồng Nhân quyền") -> the expression; only
    # initials that stand for one concept.
    initials: dict[str, str]

    def cased_in(self, text: str) -> list[str]:
        """Ids of the concepts a text names by a capitalised abbreviation."""
        if self.cased_pattern is None:
            return []
        return [self.cased[m.group(0)][0] for m in self.cased_pattern.finditer(text)]

    def spell_out(self, text: str, *, initials: bool = True) -> str:
        """The text with each capitalised abbreviation written as its concept's expression, and
        initials a user made of a name ("hdnq", "HNNG") written out."""
        if self.cased_pattern is not None:
            text = self.cased_pattern.sub(lambda m: self.cased[m.group(0)][1], text)

        if not initials:
            return text

        def written_out(m: re.Match[str]) -> str:
            from bot.engine.constraints import is_syllable

            word = m.group(0)
            key = fold(word)
            if key in self.initials and not is_syllable(key):
                return self.initials[key]
            return word

        return re.sub(r"(?<![^\W\d_])[^\W\d_]{3,6}(?![^\W\d_])", written_out, text)

    def with_broader(self, ids: set[str]) -> set[str]:
        """These concepts and every concept they are a kind of."""
        out = set(ids)
        todo = list(ids)
        while todo:
            for wider in self.concepts[todo.pop()].broader:
                if wider not in out:
                    out.add(wider)
                    todo.append(wider)
        return out

    def events_of(self, ids: set[str]) -> list[str]:
        """The events among these concepts and the concepts they are a kind of."""
        return sorted(c for c in self.with_broader(ids) if self.concepts[c].event)

    def event_phrases(self, event: str) -> tuple[str, ...]:
        """The folded phrases that say an event: its own and those of every kind of it
        ("nâng cấp quan hệ" says "nâng cấp"), as space-joined tokens."""
        return _event_phrases(event)

    def spans(self, words: list[str], *, nested: bool) -> list[tuple[int, int, str]]:
        """(start, end, concept id) of the concept phrases in a token sequence.

        With `nested`, every phrase is reported, also one inside a longer one (an article's
        "đối tác chiến lược toàn diện" also says "đối tác chiến lược"); without it, the longest
        phrase wins and phrases do not overlap (what a question asks).
        """
        out: list[tuple[int, int, str]] = []
        i = 0
        n = len(words)
        while i < n:
            matched = 0
            entry = self.by_first.get(words[i])
            if entry is not None:
                lengths, phrases = entry
                for length in lengths:
                    end = i + length
                    cid = phrases.get(tuple(words[i:end])) if end <= n else None
                    if cid is None:
                        continue
                    out.append((i, end, cid))
                    matched = max(matched, length)
                    if not nested:
                        break
            i += matched if (matched and not nested) else 1
        return out


_BODY_HEADS = frozenset({"quy", "vien", "nhom"})
_BODY_HEAD_PHRASES = (
    "hoi dong",
    "uy ban",
    "to chuc",
    "lien hop quoc",
    "lien minh",
    "hiep hoi",
    "dien dan",
    "ngan hang",
    "co quan",
    "van phong",
    "toa an",
    "chuong trinh",
    "cong dong",
    "phong trao",
    "hoi nghi cap cao",
    "dai hoi dong",
)
_BODY_WORDS_EN = frozenset(
    {
        "organization",
        "organisation",
        "council",
        "union",
        "association",
        "bank",
        "fund",
        "forum",
        "committee",
        "commission",
        "agency",
        "programme",
        "program",
        "court",
        "community",
        "movement",
        "nations",
        "assembly",
        "summit",
        "cooperation",
    }
)


def _names_a_body(english: str) -> bool:
    """'Human Rights Council', 'United Nations': a name in title case ending in a body word."""
    words = english.split()
    return (
        len(words) > 1
        and all(w[:1].isupper() for w in words if len(w) > 3)
        and fold(words[-1]) in _BODY_WORDS_EN
    )


_COMMON_ENGLISH = frozenset(
    {
        "who",
        "most",
        "am",
        "is",
        "it",
        "us",
        "as",
        "an",
        "at",
        "on",
        "in",
        "to",
        "do",
        "go",
        "no",
        "so",
        "up",
        "we",
        "me",
        "he",
        "be",
        "or",
        "if",
        "of",
    }
)


def _is_common_word(abbreviation: str) -> bool:
    """Whether an abbreviation folds to a Vietnamese syllable or a common English word."""
    from bot.engine.constraints import is_syllable

    folded = fold(abbreviation)
    return folded in _COMMON_ENGLISH or is_syllable(folded)


# What starts the index token of a concept: no word of text starts with it.
CONCEPT_PREFIX = "#"


def concept_token(cid: str) -> str:
    """The index token of a concept: it cannot collide with a word of text."""
    return CONCEPT_PREFIX + cid


@cache
def thesaurus() -> Thesaurus:
    data = json.loads(resources.files("bot").joinpath("data/thesaurus.json").read_text("utf-8"))
    concepts: dict[str, Concept] = {}
    phrases_by_first: dict[str, dict[tuple[str, ...], str]] = {}
    seen: set[tuple[str, ...]] = set()
    cased: dict[str, tuple[str, str]] = {}
    for entry in data["concepts"]:
        cid = str(entry["id"])
        expressions = [*entry.get("vi", []), *entry.get("abbr", []), *entry.get("en", [])]
        first = next(iter(entry.get("vi", [])), None)
        for abbr in entry.get("abbr", []):
            if abbr.isupper() and _is_common_word(abbr) and first:
                cased[abbr] = (cid, first)
        # An organisation, body or meeting with a name of its own: a question that names it
        # is not answered by a passage about another one.
        entity = any(
            fold(e).split(" ", 1)[0] in _BODY_HEADS or fold(e).startswith(_BODY_HEAD_PHRASES)
            for e in entry.get("vi", [])
            if e[:1].isupper()
        ) or any(_names_a_body(e) for e in entry.get("en", []))
        concepts[cid] = Concept(
            cid,
            tuple(expressions),
            entity,
            tuple(entry.get("broader", ())),
            bool(entry.get("event", False)),
        )
        for expression in expressions:
            phrase = _phrase_tokens(expression)
            if not phrase or phrase in seen or expression in cased:
                continue
            # One syllable with diacritics is ambiguous once folded ("ký" and "kỳ").
            if len(phrase) == 1 and not expression.isascii() and not expression.isupper():
                continue
            seen.add(phrase)
            phrases_by_first.setdefault(phrase[0], {})[phrase] = cid
    by_first = {
        first: (tuple(sorted({len(p) for p in phrases}, reverse=True)), phrases)
        for first, phrases in phrases_by_first.items()
    }
    by_initials: dict[str, set[str]] = {}
    spelled: dict[str, str] = {}
    for entry in data["concepts"]:
        for expression in entry.get("vi", []):
            words = _phrase_tokens(expression)
            if len(words) >= 3 and all(w.isalpha() for w in words):
                key = "".join(w[0] for w in words)
                by_initials.setdefault(key, set()).add(str(entry["id"]))
                spelled.setdefault(key, expression)
    initials = {k: spelled[k] for k, ids in by_initials.items() if len(ids) == 1}
    cased_pattern = (
        re.compile(
            r"(?<![\w])(?:"
            + "|".join(map(re.escape, sorted(cased, key=len, reverse=True)))
            + r")(?![\w])"
        )
        if cased
        else None
    )
    return Thesaurus(
        concepts=concepts,
        by_first=by_first,
        cased=cased,
        cased_pattern=cased_pattern,
        initials=initials,
        english_words={fold(k): fold(v) for k, v in data.get("english_words", {}).items()},
        question_words={fold(k): fold(v) for k, v in data.get("question_words", {}).items()},
    )


@cache
def _event_phrases(event: str) -> tuple[str, ...]:
    thes = thesaurus()
    phrases = {
        " ".join(_phrase_tokens(expression))
        for cid, concept in thes.concepts.items()
        if event in thes.with_broader({cid})
        for expression in concept.expressions
    }
    return tuple(sorted(p for p in phrases if p))
