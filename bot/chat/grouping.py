"""The same fact told by several articles, as one item: facts grouped by what they say.

A command lists each thing once and cites every article that tells it. What counts as "the
same" depends on the kind of fact: an event is its date and near-identical wording (one
article's "tỉ" is another's "tỷ"), a figure its value and what it counts, a document its
number, a person their name, a partnership its country, framework and date, and a sentence
(search results) its near-identical text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterable

from rapidfuzz import fuzz

from bot.models import Fact, FactKind, Source
from bot.text import fold

# Wording this close (rapidfuzz token-set similarity of the folded texts, 0-100) on the same
# date is the same event told twice; the texts of different events of one day stay below 75.
SAME_EVENT = 85
# Sentences this close are one sentence printed by two articles.
SAME_SENTENCE = 92
# A one-word label ("5 năm", "71 nước") says little: the same value and label are the same figure
# only in clauses at least this close ("71 nước đã công nhận quy chế kinh tế thị trường" told
# twice scores 90 and more, "5 năm qua" of two different achievements under 60).
SAME_FIGURE_CONTEXT = 70


_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def same_numbers(a: str, b: str) -> bool:
    """Whether every number of one text is in the other ("14/12" and "14/12/2021" agree; "đoàn
    thứ 1" and "đoàn thứ 2" do not, however alike the rest)."""
    na, nb = set(_NUMBER.findall(a)), set(_NUMBER.findall(b))
    return na <= nb or nb <= na


def near_identical(a: str, b: str, threshold: int) -> bool:
    """Whether two texts say the same thing in nearly the same words, with the same numbers.

    The shorter must be at least half the longer: a short text whose words all occur in a long
    one is a mention, not the same fact.
    """
    fa, fb = fold(a), fold(b)
    if min(len(fa), len(fb)) < max(len(fa), len(fb)) / 2 or not same_numbers(a, b):
        return False
    return fuzz.token_set_ratio(fa, fb) >= threshold


def group(
    facts: Iterable[Fact],
    key: Callable[[Fact], Hashable],
    same: Callable[[Fact, Fact], bool] | None = None,
) -> list[list[Fact]]:
    """Facts grouped by `key` (and, given `same`, by near-identical content within a key), in
    the order their first fact comes; a fact joins the first group one of whose facts it
    matches."""
    groups: list[list[Fact]] = []
    by_key: dict[Hashable, list[list[Fact]]] = {}
    for fact in facts:
        candidates = by_key.setdefault(key(fact), [])
        home = next(
            (g for g in candidates if same is None or any(same(fact, f) for f in g)),
            None,
        )
        if home is None:
            home = []
            candidates.append(home)
            groups.append(home)
        home.append(fact)
    return groups


def event_key(fact: Fact) -> Hashable:
    return fact.date


def same_event(a: Fact, b: Fact) -> bool:
    return near_identical(a.text, b.text, SAME_EVENT)


def _spelling(text: object) -> str:
    """Folded, with the two spellings of 'tỉ' (billion) made one."""
    return " ".join("ty" if w == "ti" else w for w in fold(str(text or "")).split())


def figure_key(fact: Fact) -> Hashable:
    f = fact.fields
    return (f.get("value"), _spelling(f.get("multiplier")), _spelling(f.get("unit")))


def _clause(fact: Fact) -> str:
    """The part of the figure's sentence between semicolons that holds the figure."""
    raw = str(fact.fields.get("raw", ""))
    parts = fact.sentence.split(";")
    return next((p for p in parts if raw and raw in p), fact.sentence)


def same_figure(a: Fact, b: Fact) -> bool:
    if len(_spelling(a.fields.get("unit")).split()) >= 2:
        return True
    ca, cb = _clause(a), _clause(b)
    return same_numbers(ca, cb) and fuzz.token_set_ratio(fold(ca), fold(cb)) >= SAME_FIGURE_CONTEXT


def document_key(fact: Fact) -> Hashable:
    return (fact.fields.get("code"), fact.fields.get("number"))


def person_key(fact: Fact) -> Hashable:
    return fold(str(fact.fields.get("name", "")))


def partner_key(fact: Fact) -> Hashable:
    f = fact.fields
    return (f.get("country"), fold(str(f.get("framework", ""))), f.get("since"))


def sentence_key(fact: Fact) -> Hashable:
    return None


def same_sentence(a: Fact, b: Fact) -> bool:
    return a.sentence_id == b.sentence_id or near_identical(a.sentence, b.sentence, SAME_SENTENCE)


def items_key(fact: Fact) -> Hashable:
    return tuple(fold(str(i)) for i in fact.fields.get("items", []))


Key = Callable[[Fact], Hashable]
Same = Callable[[Fact, Fact], bool] | None

RULES: dict[FactKind, tuple[Key, Same]] = {
    FactKind.EVENT: (event_key, same_event),
    FactKind.FIGURE: (figure_key, same_figure),
    FactKind.DOCUMENT: (document_key, None),
    FactKind.PERSON: (person_key, None),
    FactKind.PARTNER: (partner_key, None),
    FactKind.LESSON: (items_key, None),
    FactKind.LIST: (items_key, None),
}


def rule(kind: FactKind) -> tuple[Key, Same]:
    """How facts of a kind are told apart: a key, and a test within it (sentences otherwise)."""
    return RULES.get(kind, (sentence_key, same_sentence))


def of_kind(facts: Iterable[Fact], kind: FactKind) -> list[list[Fact]]:
    """Facts of one kind grouped: one group per thing, however many articles tell it."""
    key, same = rule(kind)
    return group((f for f in facts if f.kind is kind), key, same)


def same_as(facts: Iterable[Fact], fact: Fact) -> list[Fact]:
    """The other facts that say what `fact` says (in its article or others)."""
    key, same = rule(fact.kind)
    wanted = key(fact)
    return [
        f
        for f in facts
        if f.kind is fact.kind
        and f.id != fact.id
        and key(f) == wanted
        and (same is None or same(fact, f))
    ]


def joined_by_sentence(groups: list[list[Fact]]) -> list[list[Fact]]:
    """Groups that share a sentence made one (a sentence counting two things is one item)."""
    out: list[list[Fact]] = []
    home: dict[int, list[Fact]] = {}
    for g in groups:
        target = next((home[f.sentence_id] for f in g if f.sentence_id in home), None)
        if target is None:
            target = []
            out.append(target)
        for f in g:
            target.append(f)
            home.setdefault(f.sentence_id, target)
    return out


def sources_of(facts: Iterable[Fact]) -> list[Source]:
    """The articles that tell these facts, once each, in order (the first paragraph kept)."""
    seen: dict[str, Source] = {}
    for fact in facts:
        seen.setdefault(fact.source.file, fact.source)
    return list(seen.values())
