"""The sentence index and its ranking: which sentences answer a question, and how well.

`Index` ranks the sentences of the fact database through its `FactReader`: the stored posting
lists of the question's terms nominate candidates (weighted by rarity), and only those are read
and scored in full. Ranking is coverage of the
question's words weighted by rarity, with phrase (bigram) matches, the sentence's neighbours as
weaker context, the asked-for kind of answer, and hard constraints on named countries, document
numbers, dates, people and what a figure counts: an answer about another thing is no answer.
"""

from __future__ import annotations

import datetime
import functools
import heapq
import itertools
import math
from collections import defaultdict
from collections.abc import Iterable

import numpy as np
from rapidfuzz import fuzz, process

from bot.engine.constraints import is_syllable
from bot.engine.features import document_keys
from bot.engine.gates import Gates
from bot.engine.passage import Entry, Heading, Scored, has_bigram, refers_back, untelex
from bot.engine.query import STOPWORDS, Intent, Question, concept_spans, home_token
from bot.engine.reader import FactReader
from bot.ingest.clean import Article
from bot.models import Fact, FactKind
from bot.text import tokens
from bot.thesaurus import concept_token, thesaurus

_CONTEXT_CREDIT = 0.5
_NO_WORDS: frozenset[str] = frozenset()
# A word of the sentence that a sentence opening with "Đây", "Hai bên" refers to.
_ANTECEDENT_CREDIT = 0.85
# A date question's passage that does not say the event whose date is asked.
_OFF_FOCUS = 0.7
# A word of a capital the question names, in a passage naming its country.
_STANDS_FOR_CREDIT = 0.7
# Sentences whose neighbours' words and traits are kept between questions.
_CACHE_LIMIT = 2_000
# A word of the question only in the article's title: the passage is on that topic.
_TITLE_CREDIT = 0.4
# Sentences scored in full per question; the rest are ruled out by a cheap first pass.
_SHORTLIST = 80
# The best candidates whose next sentence is scored too when it refers back to them.
_FOLLOWED = 20
# Sentences under this share of the best sentence's rare-word weight are not scored.
_FLOOR_SHARE = 0.25
# An article naming at least this many thesaurus concepts per sentence is fully on topic
# (bot.engine.features.topicality: articles on foreign affairs 3 to 10, the median news story
# of another field about 0.5).
TOPICAL = 3.0
# The least weight an off-topic article's passages keep.
_OFF_TOPIC_FLOOR = 0.3
# The weight of the passages of an article with no date.
_UNDATED = 0.9
# A question on the present (who holds a title, how many): the weight an article loses per
# year of age, and the least it keeps (an undated article's).
_AGEING = 0.03
_OLDEST = 0.8
# In the shortlist: what a wider concept of a concept asked weighs, as a share of its weight.
_WIDER_CREDIT = 0.5
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


class Index:
    """The ranking over the sentences of a fact database, read through a `FactReader`."""

    def __init__(self, reader: FactReader) -> None:
        self.reader = reader
        self.document_postings: dict[tuple[str | None, str], list[int]] = defaultdict(list)
        self.document_mentions: dict[tuple[object, object], list[Fact]] = defaultdict(list)
        for f in reader.facts_of(FactKind.DOCUMENT):
            self.document_mentions[(f.fields.get("code"), f.fields.get("number"))].append(f)
            for key in document_keys(f):
                if f.sentence_id not in self.document_postings[key]:
                    self.document_postings[key].append(f.sentence_id)
        n = max(1, reader.sentence_count)
        self.sentence_count = n
        self.max_idf = math.log((n + 1) / 0.5)
        self._df: dict[str, int] = {}
        self._predicates: dict[str, frozenset[str]] = {}
        self._fact_words: dict[str, frozenset[str]] = {}
        self._weights_for: tuple[str, ...] = ()
        self._context_cache: dict[int, frozenset[str]] = {}
        self._antecedents: dict[int, frozenset[str]] = {}
        self._weights: list[tuple[str, float, bool]] = []
        self.gates = Gates(self)
        self._this_year = datetime.date.today().year
        self._by_initial: dict[str, list[str]] | None = None

    @property
    def vocabulary(self) -> frozenset[str]:
        return self.reader.vocabulary()

    def vocabulary_by_initial(self, initial: str) -> list[str]:
        """The words of three letters or more of the vocabulary that start with `initial`."""
        if self._by_initial is None:
            grouped: dict[str, list[str]] = defaultdict(list)
            for w in self.vocabulary:
                if len(w) >= 3 and w[0].isalpha() and not w.startswith("@"):
                    grouped[w[0]].append(w)
            self._by_initial = dict(grouped)
        return self._by_initial.get(initial, [])

    def entry(self, sentence_id: int) -> Entry | None:
        return self.reader.entry(sentence_id)

    def entries(self, ids: Iterable[int]) -> list[Entry]:
        """The entries of these sentences, in the order asked (ids that do not exist left out)."""
        ids = list(ids)
        found = self.reader.entries(ids)
        return [found[i] for i in ids if i in found]

    def heading(self, article_id: int) -> Heading:
        return self.reader.heading(article_id)

    def article(self, article_id: int) -> Article:
        return self.reader.articles[article_id]

    def article_entries(self, article_id: int) -> list[Entry]:
        return self.entries(self.reader.article_sentences(article_id))

    def fact(self, fact_id: str) -> Fact | None:
        return self.reader.fact(fact_id)

    # -- understanding ------------------------------------------------------------------

    def correct(self, word: str) -> str:
        """A word the corpus knows for a typo ('trungg' -> 'trung', telex leftovers 'vieejt' ->
        'viet'), or the word itself."""
        vocabulary = self.vocabulary
        if word in vocabulary or word[0].isdigit() or word[0] == "#":
            return word
        for candidate in untelex(word):
            if candidate in vocabulary:
                return candidate
        if len(word) < 4:
            return word
        # Typos rarely touch the first letter, and a short word needs a closer match:
        # "trungg" -> "trung", but "rung" (a word the articles lack) stays "rung".
        candidates = self.vocabulary_by_initial(word[0])
        cutoff = 90 if len(word) <= 5 else 84
        match = process.extractOne(word, candidates, scorer=fuzz.ratio, score_cutoff=cutoff)
        return str(match[0]) if match else word

    def unknown(self, word: str) -> bool:
        """A word of letters the corpus has never seen, even corrected (numbers are not words)."""
        return (
            len(word) > 2
            and word[0].isalpha()
            and word not in self.vocabulary
            and self.correct(word) not in self.vocabulary
        )

    def correct_text(self, text: str) -> str:
        return " ".join(self.correct(w) for w in tokens(text))

    def weight(self, word: str) -> float:
        if home_token(word):
            return 0.3
        df = self._df.get(word)
        if df is None:
            df = self._df[word] = self.reader.frequencies([word]).get(word, 0)
        if not df:
            return self.max_idf
        return math.log((self.sentence_count + 1) / (df + 0.5))

    def _learn_frequencies(self, terms: Iterable[str]) -> None:
        """The sentence counts of a question's terms, read in one go."""
        if len(self._df) > 20_000:
            self._df.clear()
        wanted = [t for t in set(terms) if t not in self._df]
        if wanted:
            found = self.reader.frequencies(wanted)
            for t in wanted:
                self._df[t] = found.get(t, 0)

    # -- ranking ------------------------------------------------------------------------

    def rank(self, q: Question, limit: int = 10) -> list[Scored]:
        # A word typed with its diacritics is the word meant: only plain words are corrected.
        q.words = [w if w in q.accents else self.correct(w) for w in q.words]
        content = [w for w in q.words if w not in STOPWORDS]
        if not content and not q.countries and not q.documents:
            return []
        q.constraints.names = [tuple(self.correct(w) for w in name) for name in q.constraints.names]
        accented = set(q.accents)
        q.sequence = [w if w in accented else self.correct(w) for w in q.sequence]
        q.concepts = concept_spans(q.sequence)
        fixed = {w: self.correct(w) for pair in q.adjacent for w in pair}
        # A foreign name ("Biden") is a word of its own: "tổng thống Biden thăm" is said as
        # "Tổng thống Joe Biden" and "chuyến thăm ... của", no phrase of it.
        q_bigrams = {
            (fixed[a], fixed[b])
            for a, b in q.adjacent
            if _syllable(fixed[a]) and _syllable(fixed[b])
        }
        candidates = self.shortlist(q, content, q_bigrams)
        # A sentence said twice in one paragraph keeps its facts on the first: the second has
        # nothing to cite.
        entries = [e for e in self.entries(candidates) if e.sentence.facts]
        entries += self._followers(candidates[:_FOLLOWED], entries)
        # The words of their neighbours are read in the same go: the context credit needs them;
        # so are their entries when a constraint may be met around a sentence.
        self._learn_context(entries)
        c = q.constraints
        if c.years or c.dates or q.titles or q.countries or q.documents:
            self.reader.entries(i for e in entries for i in e.neighbours)
        scored = (self._score(e, q, content, q_bigrams) for e in entries)
        return heapq.nlargest(
            limit, (s for s in scored if s.score > 0), key=lambda s: (s.score, -s.entry.sentence.id)
        )

    def _followers(self, ids: list[int], entries: list[Entry]) -> list[Entry]:
        """The sentences right after these that open with a reference to them ("Đây là lần
        thứ 3 ..."): they say what was asked in the words of the sentence before."""
        have = {e.sentence.id for e in entries}
        after = [i + 1 for i in ids if i + 1 not in have]
        return [
            e
            for e in self.entries(after)
            if e.sentence.facts and self.antecedent_words(e) and e.sentence.id - 1 in have
        ]

    def shortlist(
        self, q: Question, content: list[str], pairs: Iterable[tuple[str, str]] = ()
    ) -> list[int]:
        """The sentences worth scoring in full: most rare-word weight first.

        Rare words nominate candidates; in a large corpus the commonest words only do when the
        rare ones nominate too few. On a small corpus every matching sentence is scored. A
        sentence holding both words of a phrase of the question, or a wider concept of one of
        its concepts ("nâng cấp" of "nâng cấp quan hệ"), gains weight: among thousands of
        sentences sharing common words, the one that says "bất biến ... vạn biến" comes first.
        """
        n = self.sentence_count
        common_limit = _COMMON_SHARE * n if n > 2 * _SHORTLIST else float("inf")
        countries = ["@" + c for c in q.countries]
        asked = {token for token, _ in q.concepts}
        wider = sorted({w for token in asked for w in _wider_tokens(token)} - asked)
        events = set(q.events)
        # The sentence counts of every term, read in one go (the weights below and the scoring
        # read them too).
        self._learn_frequencies(content + [token for token, _ in q.concepts] + countries + wider)
        keys = (
            [(w, self.weight(w)) for w in set(content)]
            + [(c, 1.0) for c in countries]
            + [(token, self.weight(token)) for token, _ in q.concepts]
            # An event the answer must say (bot.engine.gates) weighs in full.
            + [
                (token, (1.0 if token[1:] in events else _WIDER_CREDIT) * self.weight(token))
                for token in wider
            ]
        )
        acc = np.zeros(0, dtype=np.float32)
        fetched: dict[str, np.ndarray] = {}

        def postings(key: str) -> np.ndarray:
            ids = fetched.get(key)
            if ids is None:
                ids = fetched[key] = self.reader.postings(key)
            return ids

        def add(key: str, weight: float, ids: np.ndarray | None = None) -> None:
            nonlocal acc
            ids = postings(key) if ids is None else ids
            if not len(ids):
                return
            if ids[-1] >= len(acc):
                acc = np.concatenate([acc, np.zeros(int(ids[-1]) + 1 - len(acc), np.float32)])
            acc[ids] += weight

        common: list[tuple[int, str, float]] = []
        for key, weight in keys:
            df = self._df.get(key, 0)
            if not df:
                continue
            if df > common_limit:
                common.append((df, key, weight))
                continue
            add(key, weight)
        for _, key, weight in sorted(common):
            if np.count_nonzero(acc) >= _SHORTLIST:
                break
            add(key, weight)
        # A concept's phrase is looked for as the concept, in any of its forms ("HĐND").
        in_concepts = {pair for _, phrase in q.concepts for pair in itertools.pairwise(phrase)}
        for a, b in pairs:
            if (a, b) in in_concepts or home_token(a) or home_token(b):
                continue
            if a not in fetched or b not in fetched:
                continue  # a common word that nominated nothing is no phrase to look for
            both = np.intersect1d(fetched[a], fetched[b], assume_unique=True)
            # What the two words together say beyond the rarer one: "chủ tịch" little (the
            # words nearly always stand together), "bất biến" much.
            together = math.log((n + 1) / (len(both) + 0.5))
            gain = together - max(self.weight(a), self.weight(b))
            if gain > 0:
                add(f"{a} {b}", gain, both)
        for document in q.documents:
            for i in self.document_postings.get(document, ()):
                if i >= len(acc):
                    acc = np.concatenate([acc, np.zeros(i + 1 - len(acc), np.float32)])
                acc[i] += 10.0
        if not len(acc) or not acc.max():
            return []
        # A sentence with a small part of the best one's rare-word weight cannot be the answer,
        # even with its neighbours' help: it is not worth scoring.
        kept = np.flatnonzero(acc >= _FLOOR_SHARE * acc.max())
        # The most weight first; between equals, the earlier sentence.
        order = np.lexsort((kept, -acc[kept]))
        kept = kept[order[:_SHORTLIST]]
        return [int(i) for i in kept]

    def _words_of(self, fact: Fact) -> frozenset[str]:
        cached = self._fact_words.get(fact.id)
        if cached is None:
            if len(self._fact_words) > _CACHE_LIMIT:
                self._fact_words.clear()
            text = fact.text + " " + str(fact.fields.get("unit", ""))
            cached = self._fact_words[fact.id] = frozenset(tokens(text))
        return cached

    @staticmethod
    def _missed_pairs(entry: Entry, q_bigrams: set[tuple[str, str]]) -> set[str]:
        """Words of the question that are in the sentence, but none of whose phrases are."""
        if not q_bigrams:
            return set()
        hit: set[str] = set()
        asked: set[str] = set()
        for a, b in q_bigrams:
            asked.update((a, b))
            if has_bigram(entry, a, b):
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
        words = self._context_cache.get(entry.sentence.id)
        if words is None:
            self._learn_context([entry])
            words = self._context_cache[entry.sentence.id]
        return words

    def _learn_context(self, entries: list[Entry]) -> None:
        """The neighbours' words of these sentences, read in one go."""
        todo = [e for e in entries if e.sentence.id not in self._context_cache]
        if not todo:
            return
        if len(self._context_cache) > _CACHE_LIMIT:
            self._context_cache.clear()
        words = self.reader.words_of(i for e in todo for i in e.neighbours)
        for e in todo:
            self._context_cache[e.sentence.id] = frozenset().union(
                *(words[i] for i in e.neighbours if i in words)
            )

    def antecedent_words(self, entry: Entry) -> frozenset[str]:
        """The words of the sentence before one that opens with a reference to it."""
        sid = entry.sentence.id
        words = self._antecedents.get(sid)
        if words is None:
            if len(self._antecedents) > _CACHE_LIMIT:
                self._antecedents.clear()
            before = sid - 1
            words = (
                self.reader.words_of([before]).get(before, _NO_WORDS)
                if before in entry.neighbours and refers_back(entry.sentence.text)
                else _NO_WORDS
            )
            self._antecedents[sid] = words
        return words

    def _title_has(self, entry: Entry, word: str) -> bool:
        return word in self.heading(entry.sentence.article).words

    def _score(
        self, entry: Entry, q: Question, content: list[str], q_bigrams: set[tuple[str, str]]
    ) -> Scored:
        exact = True
        total = 0.0
        got = 0.0
        substantive = 0.0
        direct = 0.0
        # A concept the passage says in other words earns the words of the question's phrase.
        said: dict[str, float] = {}
        antecedent = self.antecedent_words(entry)
        for token, phrase in q.concepts:
            credit = (
                1.0
                if token in entry.words
                else _ANTECEDENT_CREDIT
                if token in antecedent
                else _CONTEXT_CREDIT
                if self._context_has(entry, token)
                else _TITLE_CREDIT
                if self._title_has(entry, token)
                # "thỏa thuận" asked, "Hiệp định" said: another kind of the same thing.
                else _WIDER_CREDIT
                if any(wider in entry.words for wider in _wider_tokens(token))
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
                if not home:
                    direct += weight
            elif w in antecedent:
                # "Đây là lần thứ 3 ...": the sentence speaks of what the one before named.
                got += weight * max(_ANTECEDENT_CREDIT, said.get(w, 0.0))
                if not home:
                    direct += weight * _ANTECEDENT_CREDIT
            elif w in q.stands_for and _names_country(entry, q.stands_for[w]):
                got += weight * _STANDS_FOR_CREDIT  # "Hà Nội nhận ...": "Việt Nam nhận ..."
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
                c in e.countries for e in self.entries(entry.neighbours)
            ):
                got += weight * _CONTEXT_CREDIT  # "song phương" right after "Việt Nam-Brazil"
                near_countries.add(c)
        coverage = got / total if total else 0.0
        if q_bigrams:
            hits = sum(
                1.0
                for a, b in q_bigrams
                if has_bigram(entry, a, b)
                or min(said.get(a, 0.0), said.get(b, 0.0)) >= _ANTECEDENT_CREDIT
                or (a in antecedent and b in antecedent)
            )
            score = 0.75 * coverage + 0.25 * hits / len(q_bigrams)
        else:
            score = coverage
        wanted = _INTENT_KINDS[q.intent]
        if substantive and direct / substantive < 0.34:
            score *= 0.75  # the sentence itself says little of what was asked
        if q.intent is Intent.FRAMEWORK:
            score = score + 0.2 if self.gates.names_partner(entry, q) else score * 0.75
        elif q.intent is Intent.FIGURE and q.counted and not q.asks_ordinal:
            counts = self.gates.counts(entry, q.counted)
            exact = counts == 2
            if counts == 1 and len([w for w in content if not home_token(w)]) < 2:
                counts = 0  # one bare word near a number is too weak to call it the answer
            score = score + 0.1 if counts == 2 else score + 0.05 if counts else score * 0.5
        elif q.intent is Intent.DATE:
            # "khi nào" needs a date: a sentence without one cannot answer it (a gate below).
            dated = entry.kinds & {FactKind.EVENT, FactKind.DOCUMENT, FactKind.PARTNER}
            score = score + 0.1 if dated or entry.dates else score
        elif q.intent is Intent.PERSON:
            score = score + 0.1 if self.gates.names_person(entry, q) else score
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
            elif any(e.documents & asked for e in self.entries(entry.neighbours)):
                score *= 0.9  # "Trong đó, ..." right after the sentence naming the document
            else:
                score *= 0.4
        if q.quoted and any(phrase in entry.joined for phrase in q.quoted):
            score += 0.3  # the words the user quoted, as they stand in the article
        if entry.sentence.caption:
            score *= 0.92
        topicality = self.heading(entry.sentence.article).topicality
        if topicality < TOPICAL:
            # An article of another field (sport, weather, prices) answers no question here,
            # however well its words match: its passages weigh less the further it is off.
            score *= max(_OFF_TOPIC_FLOOR, topicality / TOPICAL)
        # An article that does not say when it was written cannot say when its figures and
        # "hôm nay" held, nor be cited with a date: a dated one saying as much comes first. (An
        # order between sources, not less evidence: the confidence leaves it out.)
        published = self.article(entry.sentence.article).published
        prior = _UNDATED if published is None else 1.0
        if q.asks_current:
            # Who holds a title, how many, what framework: the newest article's answer first,
            # an undated one's last (an order, not evidence; other articles' figures are still
            # shown).
            age = self._this_year - published.year if published is not None else 99
            prior *= min(1.0, max(_OLDEST, 1.0 - _AGEING * age))
        # The event the question asks about, when the thesaurus knows it, is its focus too.
        says_event = any(concept_token(e) in entry.words for e in q.events)
        if (
            q.focus
            and not says_event
            and not any(w in entry.words or w in antecedent for w in q.focus)
        ):
            # "... bắt đầu từ ngày nào": a passage dating another event of the same topic
            # comes after one that says the event (an order, like the date's: not evidence).
            prior *= _OFF_FOCUS
        unmet = self.gates.unmet(entry, q) + self.gates.missing_value(entry, q)
        if unmet:
            score *= 0.5
        return Scored(entry, score * prior, unmet, coverage, exact, prior)

    def ordered_facts(self, entry: Entry, q: Question) -> list[Fact]:
        wanted = _INTENT_KINDS[q.intent]
        words = set(q.words)

        def key(f: Fact) -> tuple[int, int, int, int]:
            overlap = len(words & self._words_of(f))
            doc = int(
                f.kind is FactKind.DOCUMENT
                and any(n == str(f.fields.get("number")) for _, n in q.documents)
            )
            # "Maldives (154), Việt Nam (145)": the count of the one the question names.
            holder = f.fields.get("holder")
            named = int(bool(holder) and set(tokens(str(holder))) <= words)
            return (-doc, -named, -int(f.kind in wanted), -overlap)

        return sorted(entry.sentence.facts, key=key)

    def best_fact(self, entry: Entry, q: Question) -> Fact:
        return self.ordered_facts(entry, q)[0]

    def predicate(self, fact: Fact) -> frozenset[str]:
        """The words that say what a figure counts: its comma-segment up to the number."""
        cached = self._predicates.get(fact.id)
        if cached is None:
            if len(self._predicates) > _CACHE_LIMIT:
                self._predicates.clear()
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


@functools.cache
def _wider_tokens(token: str) -> tuple[str, ...]:
    """The tokens of the concepts a concept is a kind of ("#document" for "#agreement")."""
    cid = token[1:]
    return tuple(concept_token(c) for c in sorted(thesaurus().with_broader({cid}) - {cid}))


@functools.lru_cache(maxsize=8192)
def _syllable(word: str) -> bool:
    return is_syllable(word)


def _names_country(entry: Entry, country: str) -> bool:
    """Whether a sentence names a country (the home country is not among its `countries`)."""
    return country in entry.countries or all(w in entry.words for w in tokens(country))
