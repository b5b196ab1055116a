"""The sentence index and its ranking: which sentences answer a question, and how well.

`Index` holds an in-memory index of the sentences of the fact table (inverted lists of folded
words, document frequencies, a vocabulary for typo correction). Ranking is coverage of the
question's words weighted by rarity, with phrase (bigram) matches, the sentence's neighbours as
weaker context, the asked-for kind of answer, and hard constraints on named countries, document
numbers, dates, people and what a figure counts: an answer about another thing is no answer.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from bot.engine.constraints import passage_dates, passage_numbers, passage_years, person_names
from bot.engine.query import STOPWORDS, Intent, Question, concept_spans, home_token
from bot.ingest.clean import Article
from bot.ingest.extract import Extraction, Sentence
from bot.models import Fact, FactKind
from bot.text import DateValue, accented_words, fold, tokens
from bot.vocabulary import concept_token, lexicon, thesaurus

_CONTEXT_CREDIT = 0.5
# Sentences whose neighbours' words and traits are kept between questions.
_CACHE_LIMIT = 2_000
# A word of the question only in the article's title: the passage is on that topic.
_TITLE_CREDIT = 0.4
# Sentences scored in full per question; the rest are ruled out by a cheap first pass.
_SHORTLIST = 80
# Sentences under this share of the best sentence's rare-word weight are not scored.
_FLOOR_SHARE = 0.25
# In a large corpus, words in more than this share of sentences do not nominate candidates.
_COMMON_SHARE = 0.2

_INTENT_KINDS: dict[Intent, tuple[FactKind, ...]] = {
    Intent.FIGURE: (FactKind.FIGURE, FactKind.LESSON, FactKind.LIST),
    Intent.DATE: (FactKind.EVENT, FactKind.DOCUMENT, FactKind.PARTNER),
    Intent.PERSON: (FactKind.PERSON, FactKind.QUOTE),
    Intent.FRAMEWORK: (FactKind.PARTNER,),
    Intent.WHAT: (
        FactKind.LIST,
        FactKind.LESSON,
        FactKind.PARTNER,
        FactKind.DOCUMENT,
        FactKind.QUOTE,
    ),
    Intent.LIST: (FactKind.LIST, FactKind.LESSON),
    Intent.REASON: (),
    Intent.PLACE: (),
    Intent.ANY: (),
}


# Words that count the same things: "bao nhiêu nước" is answered by "189 quốc gia".
_UNIT_SYNONYMS = {"quoc": "nuoc", "gia": "nuoc", "nuoc": "nuoc", "nc": "nuoc"}


_YEAR = re.compile(r"(?<!\d)(19|20)\d\d(?!\d)")
_AT = re.compile(r"\b(?:[Tt]ại|ở)\s+(\w+)")


def names_place(text: str) -> bool:
    """'tại Hà Nội', 'ở Đà Nẵng': a capitalised place after a preposition (not 'tại Hội nghị')."""
    return any(m[1][0].isupper() and m[1] != "Hội" for m in _AT.finditer(text))


@dataclass
class Entry:
    """A sentence as the index sees it."""

    sentence: Sentence
    words: frozenset[str]
    accented: frozenset[str]
    joined: str
    countries: frozenset[str]
    documents: frozenset[tuple[str | None, str]]
    kinds: frozenset[FactKind]
    neighbours: tuple[int, ...] = ()
    place: bool = False
    year: bool = False
    # Few per sentence: tuples hold them in a fraction of a set's memory.
    numbers: tuple[str, ...] = ()
    dates: tuple[tuple[int, int], ...] = ()
    years: tuple[int, ...] = ()
    event_years: tuple[int, ...] = ()


@dataclass(frozen=True)
class Traits:
    """What kinds of value a sentence holds, worked out once per sentence when first needed."""

    ordinal: bool
    relative_day: bool
    rough_quantity: bool


@dataclass
class Heading:
    """What an article's title and date add to every passage of the article."""

    words: frozenset[str]
    joined: str
    countries: frozenset[str]
    numbers: frozenset[str]
    dates: frozenset[tuple[int, int]]
    years: frozenset[int]


@dataclass
class Scored:
    entry: Entry
    score: float
    matched: list[str] = field(default_factory=list)
    # Constraints of the question the passage does not meet ("year", "number", ...).
    unmet: list[str] = field(default_factory=list)
    coverage: float = 0.0
    # The sentence holds a value of exactly the kind asked ("bao nhiêu nước": a count of
    # countries), not merely some figure or date.
    exact: bool = True


def concept_words(words: list[str], text: str) -> list[str]:
    """The words of a text with a token for every concept phrase in it (nested ones too)."""
    thes = thesaurus()
    found = {concept_token(cid) for _, _, cid in thes.spans(words, nested=True)}
    found.update(concept_token(cid) for cid in thes.cased_in(text))
    return words + sorted(found)


_ORDINAL = re.compile(
    r"\b(thu|lan thu|khoa|dai hoi) ([ivxlc]+|\d+|nhat|hai|ba|tu|nam|sau|bay|tam|chin|muoi)\b"
)
# "hàng trăm lượt", "hàng nghìn công dân": a quantity without a number.
_ROUGH_QUANTITY = re.compile(r"\bhang (chuc|tram|nghin|ngan|trieu|van|ty)\b")
_RELATIVE_DAY = re.compile(
    r"\b(hom nay|sang nay|chieu nay|toi nay|trua nay|dem nay|hom qua|nay \(\d)"
)


def _has_title(joined: str, title: str) -> bool:
    """Whether a title stands in a text as itself: "thủ tướng" is not in "phó thủ tướng", and
    "đại sứ" is not in "đại sứ quán"."""
    at = joined.find(f" {title} ")
    while at >= 0:
        before = joined[max(0, at - 4) : at]
        after = joined[at + len(title) + 2 :].split(" ", 1)[0]
        if before != " pho" and after not in {"quan"}:
            return True
        at = joined.find(f" {title} ", at + 1)
    return False


def unit_classes(unit: str) -> set[str]:
    """The classes of things a folded unit counts: {"nguoi"} for "cong dan viet nam"."""
    return {
        name
        for name, phrases in lexicon().unit_classes.items()
        if any(unit == p or unit.startswith(p + " ") for p in phrases)
    }


def _names_someone(text: str) -> bool:
    """Whether a sentence names a person: a Vietnamese name, or a capitalised name right after
    a title ("Tổng thống Joko Widodo"); a foreign place ("Labuan Bajo") is no person."""
    if any(len(name) > 1 for name in person_names(text, shortest=2)):
        return True
    return any(
        re.match(r"\s+(?:[^\W\d_]+\s+){0,3}?[A-ZÀ-Ỵ][^\W\d_]+\s+[A-ZÀ-Ỵ]", text[m.end() :])
        for m in lexicon().title_pattern.finditer(text)
    )


def _title_qualified(joined: str, title: str, qualifier: list[str]) -> bool:
    """Whether the title stands in the sentence with the qualifier the question gives it close
    after ("Đại sứ Việt Nam tại Ukraine" for "đại sứ ... Ukraine")."""
    at = joined.find(f" {title} ")
    if at < 0:
        return False
    following = joined[at + len(title) + 2 :].split()[:6]
    return all(w in following for w in qualifier)


_TELEX_DOUBLES = re.compile(r"(aa|ee|oo|dd)")


def untelex(word: str) -> list[str]:
    """What a word typed with telex keys left in ('vieejt', 'heej', 'nuwowcs', 'tacs') may be:
    doubled vowels and 'dd' undone, 'w' dropped, and one tone key (s f r x j) after the first
    vowel removed, the last one first."""
    plain = _TELEX_DOUBLES.sub(lambda m: m.group(0)[0], word)
    plain = re.sub(r"(?<=[aou])w", "", plain).replace("w", "u")
    out = [plain] if plain != word else []
    vowel = re.search(r"[aeiouy]", plain)
    if vowel:
        for i in range(len(plain) - 1, vowel.start(), -1):
            if plain[i] in "sfrxj":
                out.append(plain[:i] + plain[i + 1 :])
    return out


def _has_bigram(entry: Entry, first: str, second: str) -> bool:
    """Whether the two words stand side by side in the sentence."""
    return first in entry.words and second in entry.words and f" {first} {second} " in entry.joined


class Index:
    """The ranking over one build of the fact table's sentences."""

    def __init__(self, extraction: Extraction) -> None:
        self.extraction = extraction
        self.facts: dict[str, Fact] = {f.id: f for f in extraction.facts}
        self.entries: list[Entry] = []
        self.postings: dict[str, list[int]] = defaultdict(list)
        self.document_postings: dict[tuple[str | None, str], list[int]] = defaultdict(list)
        self.document_mentions: dict[tuple[object, object], list[Fact]] = defaultdict(list)
        for f in extraction.facts:
            if f.kind is FactKind.DOCUMENT:
                self.document_mentions[(f.fields.get("code"), f.fields.get("number"))].append(f)
        lex = lexicon()
        by_paragraph: dict[tuple[int, int], list[int]] = defaultdict(list)
        for s in extraction.sentences:
            by_paragraph[(s.article, s.paragraph)].append(s.id)
        self.headings = [self._heading(a) for a in extraction.articles]
        for s in extraction.sentences:
            # "Nghị quyết này", "Hai bên": the sentence also says what it refers to.
            said = f"{s.text} ({s.refers_to})" if s.refers_to else s.text
            words = concept_words(tokens(said), said)
            folded = fold(s.text)
            dates = passage_dates(folded) | {
                (DateValue.from_iso(f.date).day, DateValue.from_iso(f.date).month)
                for f in s.facts
                if f.date and f.kind is FactKind.EVENT and len(f.date) == 10
            }
            documents = set()
            for f in s.facts:
                if f.kind is FactKind.DOCUMENT:
                    documents.add((f.fields.get("code"), str(f.fields.get("number"))))
                    documents.add((None, str(f.fields.get("number"))))
            same = [i for i in by_paragraph[(s.article, s.paragraph)] if i != s.id]
            prev = by_paragraph.get((s.article, s.paragraph - 1), [])
            nxt = by_paragraph.get((s.article, s.paragraph + 1), [])
            entry = Entry(
                sentence=s,
                words=frozenset(words),
                accented=frozenset(accented_words(s.text)),
                joined=" " + " ".join(words) + " ",
                countries=frozenset(lex.countries_in(said))
                | frozenset(f.fields["country"] for f in s.facts if f.kind is FactKind.PARTNER),
                documents=frozenset(documents),
                kinds=frozenset(f.kind for f in s.facts),
                neighbours=tuple(same + prev[-2:] + nxt[:1])[:6],
                place=names_place(s.text),
                year=bool(_YEAR.search(s.text)),
                numbers=tuple(sorted(passage_numbers(set(words), s.text))),
                dates=tuple(sorted(dates)),
                years=tuple(sorted(passage_years(folded))),
                event_years=tuple(
                    sorted(
                        {int(f.date[:4]) for f in s.facts if f.kind is FactKind.EVENT and f.date}
                    )
                ),
            )
            self.entries.append(entry)
            for w in entry.words:
                self.postings[w].append(s.id)
            for c in entry.countries:
                self.postings["@" + c].append(s.id)
            for document in entry.documents:
                self.document_postings[document].append(s.id)
        # What each article says anywhere: a number, name or body the question names must be
        # in the article of the answer (years, dates and countries: in its passage).
        self.article_entries: dict[int, list[int]] = defaultdict(list)
        for e in self.entries:
            self.article_entries[e.sentence.article].append(e.sentence.id)
        self.article_numbers: dict[int, frozenset[str]] = {
            a: frozenset().union(*(self.entries[i].numbers for i in ids))
            for a, ids in self.article_entries.items()
        }
        n = max(1, len(self.entries))
        self.idf: dict[str, float] = {
            w: math.log((n + 1) / (len(ids) + 0.5)) for w, ids in self.postings.items()
        }
        self.max_idf = math.log((n + 1) / 0.5)
        self.figure_facts = [f for f in extraction.facts if f.kind is FactKind.FIGURE]
        self._predicates: dict[str, frozenset[str]] = {}
        self._predicate_postings: dict[str, list[int]] | None = None
        self._units: dict[str, set[str]] = {}
        self._fact_words: dict[str, frozenset[str]] = {}
        self._weights_for: tuple[str, ...] = ()
        self._context_cache: dict[int, frozenset[str]] = {}
        self._traits: dict[int, Traits] = {}
        self._someone: dict[int, bool] = {}
        self._weights: list[tuple[str, float, bool]] = []
        self.vocabulary_by_initial: dict[str, list[str]] = defaultdict(list)
        for w in self.postings:
            if not w.startswith("@") and len(w) >= 3:
                self.vocabulary_by_initial[w[0]].append(w)

    @staticmethod
    def _heading(article: Article) -> Heading:
        words = concept_words(tokens(article.title), article.title)
        folded = fold(article.title)
        years = passage_years(folded)
        if article.published:
            years.add(article.published.year)
        return Heading(
            words=frozenset(words),
            joined=" " + " ".join(words) + " ",
            countries=frozenset(lexicon().countries_in(article.title)),
            numbers=frozenset(passage_numbers(set(words), article.title)),
            dates=frozenset(passage_dates(folded)),
            years=frozenset(years),
        )

    # -- understanding ------------------------------------------------------------------

    def correct(self, word: str) -> str:
        """A word the corpus knows for a typo ('trungg' -> 'trung', telex leftovers 'vieejt' ->
        'viet'), or the word itself."""
        if word in self.postings or word[0].isdigit() or word[0] == "#":
            return word
        for candidate in untelex(word):
            if candidate in self.postings:
                return candidate
        if len(word) < 4:
            return word
        # Typos rarely touch the first letter, and a short word needs a closer match:
        # "trungg" -> "trung", but "rung" (a word the articles lack) stays "rung".
        candidates = self.vocabulary_by_initial.get(word[0], [])
        cutoff = 90 if len(word) <= 5 else 84
        match = process.extractOne(word, candidates, scorer=fuzz.ratio, score_cutoff=cutoff)
        return str(match[0]) if match else word

    def unknown(self, word: str) -> bool:
        """A word of letters the corpus has never seen, even corrected (numbers are not words)."""
        return (
            len(word) > 2
            and word[0].isalpha()
            and word not in self.postings
            and self.correct(word) not in self.postings
        )

    def correct_text(self, text: str) -> str:
        return " ".join(self.correct(w) for w in tokens(text))

    def weight(self, word: str) -> float:
        if home_token(word):
            return 0.3
        return self.idf.get(word, self.max_idf)

    # -- ranking ------------------------------------------------------------------------

    def rank(self, q: Question, limit: int = 10) -> list[Scored]:
        # A word typed with its diacritics is the word meant: only plain words are corrected.
        q.words = [w if w in q.accents else self.correct(w) for w in q.words]
        content = [w for w in q.words if w not in STOPWORDS]
        if not content and not q.countries and not q.documents:
            return []
        q.constraints.names = [tuple(self.correct(w) for w in name) for name in q.constraints.names]
        q.concepts = concept_spans(q.words)
        candidates = self.shortlist(q, content)
        fixed = {w: self.correct(w) for pair in q.adjacent for w in pair}
        q_bigrams = {(fixed[a], fixed[b]) for a, b in q.adjacent}
        scored = (self._score(self.entries[i], q, content, q_bigrams) for i in candidates)
        return heapq.nlargest(
            limit, (s for s in scored if s.score > 0), key=lambda s: (s.score, -s.entry.sentence.id)
        )

    def shortlist(self, q: Question, content: list[str]) -> list[int]:
        """The sentences worth scoring in full: most rare-word weight first.

        Rare words nominate candidates; in a large corpus the commonest words only do when the
        rare ones nominate too few. On a small corpus every matching sentence is scored.
        """
        n = len(self.entries)
        common_limit = _COMMON_SHARE * n if n > 2 * _SHORTLIST else float("inf")
        acc: dict[int, float] = defaultdict(float)
        common: list[tuple[int, str]] = []
        for key, weight in (
            [(w, self.weight(w)) for w in set(content)]
            + [("@" + c, 1.0) for c in q.countries]
            + [(token, self.weight(token)) for token, _ in q.concepts]
        ):
            ids = self.postings.get(key)
            if not ids:
                continue
            if len(ids) > common_limit:
                common.append((len(ids), key))
                continue
            for i in ids:
                acc[i] += weight
        for _, key in sorted(common):
            if len(acc) >= _SHORTLIST:
                break
            weight = 1.0 if key.startswith("@") else self.weight(key)
            for i in self.postings[key]:
                acc[i] += weight
        for document in q.documents:
            for i in self.document_postings.get(document, ()):
                acc[i] += 10.0
        if not acc:
            return []
        # A sentence with a small part of the best one's rare-word weight cannot be the answer,
        # even with its neighbours' help: it is not worth scoring.
        floor = _FLOOR_SHARE * max(acc.values())
        kept = [i for i, weight in acc.items() if weight >= floor]
        if len(kept) <= _SHORTLIST:
            return kept
        return heapq.nlargest(_SHORTLIST, kept, key=acc.__getitem__)

    def _words_of(self, fact: Fact) -> frozenset[str]:
        cached = self._fact_words.get(fact.id)
        if cached is None:
            text = fact.text + " " + str(fact.fields.get("unit", ""))
            cached = self._fact_words[fact.id] = frozenset(tokens(text))
        return cached

    @staticmethod
    def _names_person(entry: Entry, q: Question) -> bool:
        """A "who" answer names a person, with the title and qualifier asked ("Bộ trưởng Quốc
        phòng" is not answered by a "Bộ trưởng Ngoại giao")."""
        people = [f for f in entry.sentence.facts if f.kind is FactKind.PERSON]
        if not people:
            return False
        if q.title is None:
            return True
        for person in people:
            role = fold(str(person.fields.get("role", "")))
            if q.title not in role:
                continue
            role_rest = role.split(q.title, 1)[1].split(",")[0].split()
            if not q.qualifier:
                return True
            where = set(tokens(role)) if role_rest else entry.words
            if set(q.qualifier) <= where:
                return True
        return False

    def _unit(self, fact: Fact) -> set[str]:
        """The words of what a figure counts, with the class of the thing counted ("công dân"
        is a count of people, "quốc gia" of countries)."""
        cached = self._units.get(fact.id)
        if cached is None:
            words = tokens(str(fact.fields.get("unit", "")))[:4]
            cached = {_UNIT_SYNONYMS.get(w, w) for w in words}
            cached |= unit_classes(" ".join(words))
            self._units[fact.id] = cached
        return cached

    def counts_what_asked(self, fact: Fact, counted: list[str]) -> bool:
        """Whether a figure's unit is what a "bao nhiêu" question counts."""
        wanted = {_UNIT_SYNONYMS.get(w, w) for w in counted} | unit_classes(" ".join(counted))
        return bool(wanted & self._unit(fact))

    def _counts(self, entry: Entry, counted: list[str]) -> int:
        """2 when a figure's unit is what the question counts, 1 when the counted word is in the
        clause of a figure or in a list's heading, 0 when the sentence counts something else."""
        wanted = {_UNIT_SYNONYMS.get(w, w) for w in counted} | unit_classes(" ".join(counted))
        near = 0
        folded = fold(entry.sentence.text)
        for m in _ROUGH_QUANTITY.finditer(folded):
            # "hàng trăm lượt cán bộ": a rough count of what was asked.
            if wanted & {_UNIT_SYNONYMS.get(w, w) for w in folded[m.end() :].split()[:2]}:
                return 2
        for f in entry.sentence.facts:
            if f.kind is FactKind.FIGURE:
                if wanted & self._unit(f):
                    return 2
                # "bỏ phiếu bầu 14 quốc gia": the counted word before a figure of something
                # else does not make it the count asked for.
                if not self._unit(f) and wanted & {
                    _UNIT_SYNONYMS.get(w, w) for w in self.predicate(f)
                }:
                    near = 1
            elif f.kind in (FactKind.LIST, FactKind.LESSON) and wanted & set(
                tokens(f.fields["heading"])
            ):
                near = 1
        return near

    @staticmethod
    def _missed_pairs(entry: Entry, q_bigrams: set[tuple[str, str]]) -> set[str]:
        """Words of the question that are in the sentence, but none of whose phrases are."""
        if not q_bigrams:
            return set()
        hit: set[str] = set()
        asked: set[str] = set()
        for a, b in q_bigrams:
            asked.update((a, b))
            if _has_bigram(entry, a, b):
                hit.update((a, b))
        return {w for w in asked - hit if w in entry.words}

    def _weighted(self, content: list[str]) -> list[tuple[str, float, bool]]:
        """(word, weight, is-home-word) for the question's content words, computed once."""
        key = tuple(content)
        if self._weights_for != key:
            self._weights_for = key
            self._weights = [(w, self.weight(w), home_token(w)) for w in content]
        return self._weights

    def _context_has(self, entry: Entry, word: str) -> bool:
        return word in self._context_words(entry)

    def _context_words(self, entry: Entry) -> frozenset[str]:
        """The words of a sentence's neighbours, kept for the sentences questions reach."""
        sid = entry.sentence.id
        words = self._context_cache.get(sid)
        if words is None:
            if len(self._context_cache) > _CACHE_LIMIT:
                self._context_cache.clear()
            words = frozenset().union(*(self.entries[i].words for i in entry.neighbours))
            self._context_cache[sid] = words
        return words

    def traits(self, entry: Entry) -> Traits:
        """The kinds of value a sentence holds, kept for every sentence a question reached."""
        sid = entry.sentence.id
        traits = self._traits.get(sid)
        if traits is None:
            folded = fold(entry.sentence.text)
            traits = Traits(
                ordinal=bool(_ORDINAL.search(folded)),
                relative_day=bool(_RELATIVE_DAY.search(folded)),
                rough_quantity=bool(_ROUGH_QUANTITY.search(folded)),
            )
            self._traits[sid] = traits
        return traits

    def names_someone(self, entry: Entry) -> bool:
        """Whether a sentence names a person (worked out once, for "ai" questions)."""
        sid = entry.sentence.id
        named = self._someone.get(sid)
        if named is None:
            named = bool(entry.kinds & {FactKind.PERSON, FactKind.QUOTE}) or _names_someone(
                entry.sentence.text
            )
            self._someone[sid] = named
        return named

    def _title_has(self, entry: Entry, word: str) -> bool:
        return word in self.headings[entry.sentence.article].words

    def missing_value(self, entry: Entry, q: Question) -> list[str]:
        """["value"] when the sentence does not hold the kind of value the question asks for:
        a date for "khi nào" (a day for "ngày nào"), a person for "ai", a number for "bao
        nhiêu", an ordinal for "thứ mấy"."""
        text = entry.sentence.text
        traits = self.traits(entry)
        if q.asks_ordinal and not traits.ordinal:
            return ["value"]
        if q.intent is Intent.DATE:
            relative = traits.relative_day
            if q.asks_day:
                ok = bool(entry.dates) or relative
            else:
                ok = (
                    bool(entry.dates or entry.years)
                    or relative
                    or bool(entry.kinds & {FactKind.EVENT, FactKind.DOCUMENT, FactKind.PARTNER})
                )
            return [] if ok else ["value"]
        if q.intent is Intent.PERSON:
            named = self.names_someone(entry)
            # "Bí thư Thành ủy Hà Nội" is not answered by the one of Đà Nẵng.
            qualified = (
                q.title is None
                or self._names_person(entry, q)
                or _title_qualified(entry.joined, q.title, q.qualifier)
            )
            return [] if named and qualified else ["value"]
        if q.intent is Intent.FRAMEWORK:
            framed = any(
                f.kind is FactKind.PARTNER
                and (not q.countries or f.fields["country"] in q.countries)
                for f in entry.sentence.facts
            ) or bool(lexicon().framework_in(text))
            return [] if framed else ["value"]
        if q.intent is Intent.FIGURE and not q.asks_ordinal:
            # A figure the extraction recognised: "COVID-19" or "Đại hội XIII" count nothing.
            has_number = (
                bool(entry.kinds & {FactKind.FIGURE, FactKind.LIST, FactKind.LESSON})
                or traits.rough_quantity
            )
            return [] if has_number else ["value"]
        return []

    def unmet(self, entry: Entry, q: Question) -> list[str]:
        """The constraints of the question that the entry's passage (the sentence, its
        neighbours, its article's title and date) does not meet."""
        c = q.constraints
        if not c and not q.countries and not q.titles:
            return []
        heading = self.headings[entry.sentence.article]
        around = [self.entries[i] for i in entry.neighbours]
        out: list[str] = []
        for year in c.years:
            if year in entry.years or year in entry.event_years:
                continue
            # A sentence dated to another year by an event of its own speaks of that year; one
            # that is not (or names a year only in "ASEAN 2025", "sau 2025") takes its year from
            # the passage around it or from the article's title and date.
            if entry.event_years or not (
                year in heading.years or any(year in e.years for e in around)
            ):
                out.append("year")
                break
        for date in c.dates:
            if not (
                date in entry.dates or date in heading.dates or any(date in e.dates for e in around)
            ):
                out.append("date")
                break
        article = entry.sentence.article
        for number in c.numbers:
            if not (number in heading.numbers or number in self.article_numbers[article]):
                out.append("number")
                break
        for name in c.names:
            phrase = " " + " ".join(name) + " "
            if phrase not in heading.joined and not any(
                phrase in self.entries[i].joined for i in self.article_entries[article]
            ):
                out.append("name")
                break
        for token in c.entities:
            if token not in heading.words and not any(
                token in self.entries[i].words for i in self.article_entries[article]
            ):
                out.append("entity")
                break
        for title in q.titles:
            if not (
                _has_title(entry.joined, title) or any(_has_title(e.joined, title) for e in around)
            ):
                out.append("title")
                break
        for country in q.countries:
            if not (
                country in entry.countries
                or country in heading.countries
                or any(country in e.countries for e in around)
            ):
                out.append("country")
                break
        return out

    def _score(
        self, entry: Entry, q: Question, content: list[str], q_bigrams: set[tuple[str, str]]
    ) -> Scored:
        exact = True
        total = 0.0
        got = 0.0
        substantive = 0.0
        direct = 0.0
        matched = []
        # A concept the passage says in other words earns the words of the question's phrase.
        said: dict[str, float] = {}
        for token, phrase in q.concepts:
            credit = (
                1.0
                if token in entry.words
                else _CONTEXT_CREDIT
                if self._context_has(entry, token)
                else _TITLE_CREDIT
                if self._title_has(entry, token)
                else 0.0
            )
            for w in phrase:
                said[w] = max(said.get(w, 0.0), credit)
        missed = self._missed_pairs(entry, q_bigrams) - {w for w, c in said.items() if c == 1.0}
        for w, weight, home in self._weighted(content):
            total += weight
            if not home:
                substantive += weight
            if said.get(w) == 1.0 and w not in entry.words:
                got += weight
                matched.append(w)
                if not home:
                    direct += weight
            elif w in entry.words and w in q.accents and q.accents[w] not in entry.accented:
                # Typed "dân" but the sentence has "đàn": the same letters, another word.
                got += weight * 0.3
            elif w in missed:
                # "dân số" asked, "nhân dân ... chỉ thị số" found: the words, not the phrase.
                got += weight * 0.5
            elif w in entry.words:
                got += weight
                matched.append(w)
                if not home:
                    direct += weight
            elif self._context_has(entry, w):
                got += weight * max(_CONTEXT_CREDIT, said.get(w, 0.0))
            elif self._title_has(entry, w):
                got += weight * max(_TITLE_CREDIT, said.get(w, 0.0))
            elif w in said:
                got += weight * said[w]
        near_countries: set[str] = set()
        for c in q.countries:
            # A named country is a constraint (below), not the bulk of the evidence.
            weight = 1.0
            total += weight
            if c in entry.countries:
                got += weight
            elif not entry.countries and any(
                c in self.entries[i].countries for i in entry.neighbours
            ):
                got += weight * _CONTEXT_CREDIT  # "song phương" right after "Việt Nam-Brazil"
                near_countries.add(c)
        coverage = got / total if total else 0.0
        if q_bigrams:
            hits = sum(
                1.0
                for a, b in q_bigrams
                if _has_bigram(entry, a, b) or (said.get(a) == 1.0 and said.get(b) == 1.0)
            )
            score = 0.75 * coverage + 0.25 * hits / len(q_bigrams)
        else:
            score = coverage
        wanted = _INTENT_KINDS[q.intent]
        if substantive and direct / substantive < 0.34:
            score *= 0.75  # the sentence itself says little of what was asked
        if q.intent is Intent.FRAMEWORK:
            framework = any(
                f.kind is FactKind.PARTNER
                and (not q.countries or f.fields["country"] in q.countries)
                for f in entry.sentence.facts
            )
            score = score + 0.2 if framework else score * 0.75
        elif q.intent is Intent.FIGURE and q.counted and not q.asks_ordinal:
            counts = self._counts(entry, q.counted)
            exact = counts == 2
            if counts == 1 and len([w for w in content if not home_token(w)]) < 2:
                counts = 0  # one bare word near a number is too weak to call it the answer
            score = score + 0.1 if counts == 2 else score + 0.05 if counts else score * 0.5
        elif q.intent is Intent.DATE:
            # "khi nào" needs a date: a sentence without one cannot answer it (a gate below).
            dated = entry.kinds & {FactKind.EVENT, FactKind.DOCUMENT, FactKind.PARTNER}
            score = score + 0.1 if dated or entry.dates else score
        elif q.intent is Intent.PERSON:
            score = score + 0.1 if self._names_person(entry, q) else score
        elif wanted and entry.kinds & set(wanted):
            score += 0.1
        elif q.intent is Intent.ANY and entry.kinds - {
            FactKind.STATEMENT,
            FactKind.PERSON,
            FactKind.QUOTE,
        }:
            score += 0.06  # with no question word, a dated or counted fact says the most
        elif q.intent is Intent.PLACE:
            score = score + 0.12 if entry.place else score * 0.9
        if q.countries and not (entry.countries & set(q.countries)):
            score *= 0.9 if near_countries else 0.4
        if q.documents:
            asked = set(q.documents)
            if entry.documents & asked:
                score += 0.25
            elif any(self.entries[i].documents & asked for i in entry.neighbours):
                score *= 0.9  # "Trong đó, ..." right after the sentence naming the document
            else:
                score *= 0.4
        if q.quoted and any(phrase in entry.joined for phrase in q.quoted):
            score += 0.3  # the words the user quoted, as they stand in the article
        if entry.sentence.caption:
            score *= 0.92
        unmet = self.unmet(entry, q) + self.missing_value(entry, q)
        if unmet:
            score *= 0.5
        return Scored(entry, score, matched, unmet, coverage, exact)

    def ordered_facts(self, entry: Entry, q: Question) -> list[Fact]:
        wanted = _INTENT_KINDS[q.intent]
        words = set(q.words)

        def key(f: Fact) -> tuple[int, int, int]:
            overlap = len(words & self._words_of(f))
            doc = int(
                f.kind is FactKind.DOCUMENT
                and any(n == str(f.fields.get("number")) for _, n in q.documents)
            )
            return (-doc, -int(f.kind in wanted), -overlap)

        return sorted(entry.sentence.facts, key=key)

    def best_fact(self, entry: Entry, q: Question) -> Fact:
        return self.ordered_facts(entry, q)[0]

    def predicate_postings(self) -> dict[str, list[int]]:
        """Word -> positions in `figure_facts` of the figures whose predicate holds it (built once)."""
        if self._predicate_postings is None:
            postings: dict[str, list[int]] = defaultdict(list)
            for i, f in enumerate(self.figure_facts):
                for w in self.predicate(f):
                    postings[w].append(i)
            self._predicate_postings = dict(postings)
        return self._predicate_postings

    def predicate(self, fact: Fact) -> frozenset[str]:
        """The words that say what a figure counts: its comma-segment up to the number."""
        cached = self._predicates.get(fact.id)
        if cached is None:
            raw = str(fact.fields.get("raw", ""))
            at = fact.sentence.find(raw) if raw else -1
            start = (
                max(fact.sentence.rfind(",", 0, at), fact.sentence.rfind(";", 0, at)) + 1
                if at > 0
                else 0
            )
            words = tokens(fact.sentence[start : at if at > 0 else None])
            cached = frozenset(
                w
                for w in words[-8:]
                if w not in STOPWORDS and not home_token(w) and not w[0].isdigit()
            )
            self._predicates[fact.id] = cached
        return cached
