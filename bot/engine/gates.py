"""The gates a passage must pass to be an answer: the constraints the question names, and the
kind of value it asks for (a date, a person with the title asked, a count of what was asked)."""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

import numpy as np

from bot.engine.passage import (
    ORDINAL,
    RELATIVE_DAY,
    ROUGH_QUANTITY,
    UNIT_SYNONYMS,
    Entry,
    Traits,
    concept_words,
    has_title,
    holds_title,
    names_someone_in,
    title_forms,
    title_qualified,
    unit_classes,
)
from bot.engine.query import STOPWORDS, Intent, Question, concept_spans
from bot.models import Fact, FactKind
from bot.text import fold, tokens
from bot.thesaurus import thesaurus
from bot.vocabulary import lexicon, visited

# Question terms whose sentences are kept, at most.
_CACHE_LIMIT = 512
# Sentences and figures whose traits and units are kept, at most (a long-running bot meets
# every sentence of the corpus in the end).
_KEPT = 20_000

if TYPE_CHECKING:
    from bot.engine.ranking import Index


class Gates:
    """Judges the passages of one index; what it works out per sentence is kept."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self._units: dict[str, set[str]] = {}
        self._traits: dict[int, Traits] = {}
        self._someone: dict[int, bool] = {}
        self._together: dict[tuple[str, ...], np.ndarray] = {}

    @staticmethod
    def names_person(entry: Entry, q: Question) -> bool:
        """A "who" answer names a person, with the title and qualifier asked ("Bộ trưởng Quốc
        phòng" is not answered by a "Bộ trưởng Ngoại giao")."""
        people = [f for f in entry.sentence.facts if f.kind is FactKind.PERSON]
        if not people:
            return False
        if q.title is None:
            return True
        for person in people:
            role = fold(str(person.fields.get("role", "")))
            if q.title not in role or not holds_title(role, q.title):
                continue
            role_rest = role.split(q.title, 1)[1].split(",")[0].split()
            if not q.qualifier:
                return True
            where = set(tokens(role)) if role_rest else entry.words
            if set(q.qualifier) <= where:
                return True
        return False

    def unit(self, fact: Fact) -> set[str]:
        """The words of what a figure counts, with the class of the thing counted ("công dân"
        is a count of people, "quốc gia" of countries) and its concepts, wider ones included
        ("thỏa thuận" is a document)."""
        cached = self._units.get(fact.id)
        if cached is None:
            words = tokens(str(fact.fields.get("unit", "")))[:4]
            cached = {UNIT_SYNONYMS.get(w, w) for w in words}
            cached |= unit_classes(" ".join(words))
            cached |= {w for w in concept_words(words, "") if w.startswith("#")}
            if len(self._units) > _KEPT:
                self._units.clear()
            self._units[fact.id] = cached
        return cached

    def _counts_it(self, fact: Fact, counted: list[str]) -> int:
        """2 when a figure counts what the question counts, 1 when its unit shares only a word
        of a longer name ("bao nhiêu văn bản": "26 Ủy ban thành viên"), 0 otherwise."""
        unit = self.unit(fact)
        key = tuple(counted)
        if _asked_kinds(key) & unit:
            return 2
        words = _synonyms(key)
        if not words & unit:
            return 0
        return 2 if words <= unit else 1

    @staticmethod
    def names_partner(entry: Entry, q: Question) -> bool:
        """Whether a sentence states a partnership framework of a country the question names
        (of any country when it names none)."""
        return any(
            f.kind is FactKind.PARTNER and (not q.countries or f.fields["country"] in q.countries)
            for f in entry.sentence.facts
        )

    def counts_what_asked(self, fact: Fact, counted: list[str]) -> bool:
        """Whether a figure's unit is what a "bao nhiêu" question counts."""
        return self._counts_it(fact, counted) == 2

    def counts(self, entry: Entry, counted: list[str]) -> int:
        """2 when a figure's unit is what the question counts, 1 when the counted word is in the
        clause of a figure or in a list's heading, 0 when the sentence counts something else."""
        wanted = _wanted(tuple(counted))
        near = 0
        if self.traits(entry).rough_quantity:
            folded = fold(entry.sentence.text)
            for m in ROUGH_QUANTITY.finditer(folded):
                # "hàng trăm lượt cán bộ": a rough count of what was asked.
                if wanted & {UNIT_SYNONYMS.get(w, w) for w in folded[m.end() :].split()[:2]}:
                    return 2
        for f in entry.sentence.facts:
            if f.kind is FactKind.FIGURE:
                match = self._counts_it(f, counted)
                if match == 2:
                    return 2
                near = max(near, match)
                # "bỏ phiếu bầu 14 quốc gia": the counted word before a figure of something
                # else does not make it the count asked for.
                if not self.unit(f) and wanted & {
                    UNIT_SYNONYMS.get(w, w) for w in self.index.predicate(f)
                }:
                    near = 1
            elif f.kind in (FactKind.LIST, FactKind.LESSON) and wanted & set(
                tokens(f.fields["heading"])
            ):
                near = 1
        return near

    def traits(self, entry: Entry) -> Traits:
        """The kinds of value a sentence holds, kept for every sentence a question reached."""
        sid = entry.sentence.id
        traits = self._traits.get(sid)
        if traits is None:
            folded = fold(entry.sentence.text)
            traits = Traits(
                ordinal=bool(ORDINAL.search(folded)),
                relative_day=bool(RELATIVE_DAY.search(folded)),
                rough_quantity=bool(ROUGH_QUANTITY.search(folded)),
            )
            if len(self._traits) > _KEPT:
                self._traits.clear()
            self._traits[sid] = traits
        return traits

    def names_someone(self, entry: Entry) -> bool:
        """Whether a sentence names a person (worked out once, for "ai" questions)."""
        sid = entry.sentence.id
        named = self._someone.get(sid)
        if named is None:
            named = bool(entry.kinds & {FactKind.PERSON, FactKind.QUOTE}) or names_someone_in(
                entry.sentence.text
            )
            if len(self._someone) > _KEPT:
                self._someone.clear()
            self._someone[sid] = named
        return named

    def missing_value(self, entry: Entry, q: Question) -> list[str]:
        """["value"] when the sentence does not hold the kind of value the question asks for:
        a date for "khi nào" (a day for "ngày nào"), a person for "ai", a number for "bao
        nhiêu", an ordinal for "thứ mấy"."""
        text = entry.sentence.text
        traits = self.traits(entry)
        if q.asks_ordinal and not traits.ordinal:
            return ["value"]
        if q.asks_format and not lexicon().names_format(text):
            return ["value"]
        if q.asks_term or (q.intent is Intent.DATE and q.asks_year):
            # The years of the passage that the question does not name itself: "Trước nhiệm
            # kỳ 2023-2025, ... nhiệm kỳ nào?" is not answered by "nhiệm kỳ 2023 – 2025".
            own = set(entry.years) | set(entry.event_years)
            if own and own <= set(q.constraints.years):
                return ["value"]
            if q.asks_term and not own:
                return ["value"]
        if q.intent is Intent.DATE:
            relative = traits.relative_day
            if q.asks_year:
                # A year of its own, or one the article's date gives "25/5" and "sáng nay".
                dated = bool(self.index.heading(entry.sentence.article).years)
                ok = bool(entry.years or entry.event_years) or (
                    dated and bool(entry.dates or relative)
                )
            elif q.asks_day:
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
                or self.names_person(entry, q)
                or title_qualified(entry.joined, q.title, q.qualifier)
            )
            if named and qualified and q.title and (q.home_title or not q.countries):
                # "Đại sứ Mỹ Ted Osius" does not answer who Việt Nam's ambassador is.
                forms = title_forms(q.title)
                foreign = any(has_title(entry.joined, f) for f in forms) and not any(
                    has_title(entry.joined, f, home=True) for f in forms
                )
                return ["value"] if foreign else []
            return [] if named and qualified else ["value"]
        if q.intent is Intent.FRAMEWORK:
            framed = self.names_partner(entry, q) or bool(lexicon().framework_in(text))
            return [] if framed else ["value"]
        if q.intent is Intent.FIGURE and _of_another_country(entry, q):
            # "How many votes did Vietnam receive" is not answered by "Nam Phi … 182 phiếu".
            return ["value"]
        if q.intent is Intent.FIGURE and not q.asks_ordinal:
            # A figure the extraction recognised: "COVID-19" or "Đại hội XIII" count nothing.
            has_number = (
                bool(entry.kinds & {FactKind.FIGURE, FactKind.LIST, FactKind.LESSON})
                or traits.rough_quantity
            )
            return [] if has_number else ["value"]
        return []

    def says_events(self, entry: Entry, events: tuple[str, ...]) -> bool:
        """Whether the sentence (or the one it refers back to) says each event the question
        asks about as done: "Australia mong muốn nâng cấp quan hệ" upgrades nothing, and the
        sentence after an upgrade does not date it."""
        said = [entry]
        if self.index.antecedent_words(entry):
            before = self.index.entry(entry.sentence.id - 1)
            if before is not None:
                said.append(before)
        lex = lexicon()
        return all(
            any(
                lex.realised(e.joined, phrase)
                for e in said
                for phrase in thesaurus().event_phrases(event)
            )
            for event in events
        )

    def holding(self, article: int, words: tuple[str, ...]) -> list[int]:
        """The sentences of an article that hold all these index terms, found through the
        posting lists: a whole article is not read to look for a name."""
        together = self._together.get(words)
        if together is None:
            if len(self._together) > _CACHE_LIMIT:
                self._together.clear()
            postings = [self.index.reader.postings(w) for w in dict.fromkeys(words)]
            together = postings[0] if postings else np.empty(0, dtype=np.int32)
            for ids in postings[1:]:
                together = np.intersect1d(together, ids, assume_unique=True)
            self._together[words] = together
        if not len(together):
            return []
        own = np.asarray(self.index.reader.article_sentences(article), dtype=np.int32)
        return [int(i) for i in np.intersect1d(together, own, assume_unique=True)]

    def unmet(self, entry: Entry, q: Question) -> list[str]:
        """The constraints of the question that the entry's passage (the sentence, its
        neighbours, its article's title and date) does not meet."""
        c = q.constraints
        if not c and not q.countries and not q.titles and not q.events and not q.destinations:
            return []
        heading = self.index.heading(entry.sentence.article)
        read: list[list[Entry]] = []

        def around() -> list[Entry]:
            """The neighbours' entries, read the first time a check needs them."""
            if not read:
                read.append(self.index.entries(entry.neighbours))
            return read[0]

        out: list[str] = []
        for year in c.years:
            if year in entry.years or year in entry.event_years:
                continue
            # A sentence dated to another year by an event of its own speaks of that year; one
            # that is not (or names a year only in "ASEAN 2025", "sau 2025") takes its year from
            # the passage around it or from the article's title and date.
            if entry.event_years or not (
                year in heading.years or any(year in e.years for e in around())
            ):
                out.append("year")
                break
        for date in c.dates:
            if not (
                date in entry.dates
                or date in heading.dates
                or any(date in e.dates for e in around())
            ):
                out.append("date")
                break
        article = entry.sentence.article
        for number in c.numbers:
            if not (number in heading.numbers or number in heading.article_numbers):
                out.append("number")
                break
        for name in c.names:
            phrase = " " + " ".join(name) + " "
            if phrase not in heading.joined and not any(
                phrase in e.joined for e in self.index.entries(self.holding(article, name))
            ):
                out.append("name")
                break
        phrases = dict(q.concepts)
        for token in c.entities:
            # Named as such in the article, or its words said around the passage ("cả hai hội
            # nghị cấp cao ... các nhà lãnh đạo ASEAN").
            words = set(phrases.get(token, ())) - STOPWORDS
            if not (
                token in heading.words
                or self.holding(article, (token,))
                or (words and any(words <= e.words for e in (entry, *around())))
            ):
                out.append("entity")
                break
        if q.events and not self.says_events(entry, q.events):
            out.append("event")
        if q.destinations:
            # "Tổng thống Hàn Quốc thăm Việt Nam" is not answered by a visit to Japan, nor by
            # a sentence on something else than a visit.
            gone = visited(entry.joined)
            if not (gone & q.destinations if gone else _speaks_of_visit(entry)):
                out.append("visit")
        # "Đại sứ Việt Nam tại Thổ Nhĩ Kỳ": Việt Nam's ambassador, whatever country is named.
        home = not q.countries or q.home_title
        # "Tổng thống Hàn Quốc": the title said of that country, not of another one.
        for title in q.titles:
            forms = title_forms(title)
            # "tổng thống Biden": the title of the one named, whatever country they serve.
            own = home and title not in q.named_titles
            paired = frozenset(q.title_countries.get(title, ())) or None
            if not any(
                has_title(e.joined, form, home=own, of=paired)
                for e in (entry, *around())
                for form in forms
            ):
                out.append("title")
                break
        for country in q.countries:
            if country in entry.countries:
                continue
            # A sentence about other countries speaks of them, whatever its article is about.
            if entry.countries or not (
                country in heading.countries or any(country in e.countries for e in around())
            ):
                out.append("country")
                break
        else:
            if q.countries and _of_third_country(entry, q):
                out.append("country")
        return out


@functools.lru_cache(maxsize=1024)
def _asked_kinds(counted: tuple[str, ...]) -> frozenset[str]:
    """The classes and concepts of what a "bao nhiêu" question counts ("văn bản": a document)."""
    # The concept itself: "bao nhiêu hiệp định" is not answered by a count of any document.
    concepts = {token for token, _ in concept_spans(list(counted))}
    return frozenset(unit_classes(" ".join(counted)) | concepts)


@functools.lru_cache(maxsize=1024)
def _synonyms(counted: tuple[str, ...]) -> frozenset[str]:
    """The words a "bao nhiêu" question counts, each as the word that counts the same things."""
    return frozenset(UNIT_SYNONYMS.get(w, w) for w in counted)


@functools.lru_cache(maxsize=1024)
def _wanted(counted: tuple[str, ...]) -> frozenset[str]:
    """What a "bao nhiêu" question counts: its words, their synonyms and classes."""
    return _synonyms(counted) | unit_classes(" ".join(counted))


_VISIT = re.compile(r"(?<!\w)(?:thăm(?! dò| hỏi| khám)|công du)(?!\w)")


def _speaks_of_visit(entry: Entry) -> bool:
    """Whether a sentence speaks of a visit ("thăm", "công du"; "thăm dò" is no visit), going
    nowhere it names."""
    return "thăm" in entry.accented and bool(_VISIT.search(entry.sentence.text.lower()))


def _of_third_country(entry: Entry, q: Question) -> bool:
    """A question on Việt Nam and a partner ("Với Trung Quốc, Việt Nam đã ký ...") and a
    sentence naming the partner with a third country, not Việt Nam: it is about those two."""
    asks_home = {"viet", "nam"} <= set(q.words) or "ta" in q.words
    says_home = {"viet", "nam"} <= entry.words or "ta" in entry.words
    return asks_home and not says_home and bool(entry.countries - set(q.countries))


def _of_another_country(entry: Entry, q: Question) -> bool:
    """A count the question asks of Việt Nam (named, no other country) in a sentence that
    names other countries and not Việt Nam: it counts for one of them."""
    asks_home = {"viet", "nam"} <= set(q.words) and not q.countries
    says_home = {"viet", "nam"} <= entry.words or "ta" in entry.words
    return asks_home and bool(entry.countries) and not says_home
