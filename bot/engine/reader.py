"""The engine's read-only view of the fact database: what a question needs, read when needed.

The engine ranks synchronously, so it reads through its own read-only `sqlite3` connection to
the fact database (WAL: it never waits for the writer, and always sees a committed build). It
keeps in memory only what is small whatever the corpus: the articles' metadata, the people and
documents (merged across articles), the index vocabulary; sentences, their index records and
facts are read per question, through a bounded cache, and posting lists per query term.
`changed()` tells when another connection committed (an article added or removed): the engine
then reloads.
"""

from __future__ import annotations

import json
import sqlite3
import sys
import threading
from collections import OrderedDict, defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import numpy as np

from bot.engine.features import entry_of, heading_of, interned
from bot.engine.passage import Entry, Heading
from bot.ingest.clean import Article, Paragraph
from bot.ingest.extract import Sentence, merge_across
from bot.models import Fact, FactKind, Source
from bot.text import DateValue

# Sentences kept between questions (each about 5 KB on news articles): the passages of a few dozen
# questions.
ENTRY_CACHE = 12_000
# Ids per IN (...) list: under SQLite's default variable limit.
_CHUNK = 900
# Facts kept in memory whatever the corpus: few, and merged across articles.
MERGED_KINDS = (FactKind.PERSON, FactKind.DOCUMENT)
_FACT_COLUMNS = (
    "f.id, f.kind, f.text, f.sentence_id, f.date, f.fields, s.text, s.article_id, s.paragraph"
)


def _fields(stored: str) -> dict[str, Any]:
    """A fact's fields, their names shared by every fact (a figure has six)."""
    fields: dict[str, Any] = json.loads(stored)
    return {sys.intern(k): v for k, v in fields.items()} if fields else fields


def _chunks(ids: list[Any]) -> Iterator[list[Any]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start : start + _CHUNK]


class FactReader:
    """Read-only access to one fact database, with the caches a running engine needs."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._db = sqlite3.connect(
            f"file:{path}?mode=ro", uri=True, check_same_thread=False, timeout=10.0
        )
        self._lock = threading.RLock()
        self._version = self._data_version()
        self.load()

    # -- lifecycle ---------------------------------------------------------------------

    def load(self) -> None:
        """(Re)read what is kept in memory and forget every cache."""
        with self._lock:
            self.articles: dict[int, Article] = {}
            for row in self._rows(
                "SELECT id, file, title, outlet, author, published, url FROM articles ORDER BY id"
            ):
                published = DateValue.from_iso(row[5]) if row[5] else None
                self.articles[int(row[0])] = Article(
                    row[1], row[2], published, row[3], row[4], url=row[6]
                )
            self.sentence_count = int(self._rows("SELECT count(*) FROM sentences")[0][0])
            self.fact_count = int(self._rows("SELECT count(*) FROM facts")[0][0])
            self._entries: OrderedDict[int, Entry] = OrderedDict()
            # A neighbour's index terms, as a set of strings shared with every other set (the
            # sets are kept: made again for every question, they cost 1-2 ms a question).
            self._words: dict[int, frozenset[str]] = {}
            self._headings: dict[int, Heading] = {}
            self._article_sentences: dict[int, list[int]] = {}
            self._paragraphs: dict[int, list[Paragraph]] = {}
            self._sources: dict[tuple[int, int], Source] = {}
            self._by_kind: dict[FactKind, list[Fact]] = {}
            self._vocabulary: frozenset[str] | None = None
            # Read before `_merged` holds them: each is a new fact, merged below.
            self._merged: dict[str, Fact] = {}
            merged: list[Fact] = []
            for kind in MERGED_KINDS:
                merged.extend(self._query_facts("f.kind = ?", (str(kind),)))
            merge_across(merged)
            self._merged = {f.id: f for f in merged}

    def changed(self) -> bool:
        """Whether another connection committed to the fact database since the last look."""
        with self._lock:
            version = self._data_version()
            if version == self._version:
                return False
            self._version = version
            return True

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def _data_version(self) -> int:
        return int(self._db.execute("PRAGMA data_version").fetchone()[0])

    def _rows(self, sql: str, params: Iterable[Any] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            return list(self._db.execute(sql, tuple(params)).fetchall())

    # -- articles -----------------------------------------------------------------------

    def paragraphs(self, article_id: int) -> list[Paragraph]:
        cached = self._paragraphs.get(article_id)
        if cached is None:
            if len(self._paragraphs) > 200:
                self._paragraphs.clear()
            cached = self._paragraphs[article_id] = [
                Paragraph(text, idx, heading=bool(heading))
                for idx, text, heading in self._rows(
                    "SELECT idx, text, heading FROM paragraphs WHERE article_id = ? ORDER BY idx",
                    (article_id,),
                )
            ]
        return cached

    def heading(self, article_id: int) -> Heading:
        cached = self._headings.get(article_id)
        if cached is None:
            # A couple of kilobytes each (every number the article states): bounded like the rest.
            if len(self._headings) > 2_000:
                self._headings.clear()
            rows = self._rows("SELECT heading FROM articles WHERE id = ?", (article_id,))
            cached = self._headings[article_id] = heading_of(rows[0][0])
        return cached

    def article_sentences(self, article_id: int) -> list[int]:
        cached = self._article_sentences.get(article_id)
        if cached is None:
            if len(self._article_sentences) > 2_000:
                self._article_sentences.clear()
            cached = self._article_sentences[article_id] = [
                int(r[0])
                for r in self._rows(
                    "SELECT id FROM sentences WHERE article_id = ? ORDER BY id", (article_id,)
                )
            ]
        return cached

    # -- the index ----------------------------------------------------------------------

    def vocabulary(self) -> frozenset[str]:
        """Every index term (folded words and concept tokens), read once."""
        if self._vocabulary is None:
            self._vocabulary = frozenset(str(r[0]) for r in self._rows("SELECT term FROM postings"))
        return self._vocabulary

    def frequencies(self, terms: Iterable[str]) -> dict[str, int]:
        """term -> number of sentences holding it (terms no sentence holds are left out)."""
        wanted = sorted(set(terms))
        out: dict[str, int] = {}
        for chunk in _chunks(wanted):
            marks = ",".join("?" * len(chunk))
            for term, df in self._rows(
                f"SELECT term, df FROM postings WHERE term IN ({marks})", chunk
            ):
                out[str(term)] = int(df)
        return out

    def postings(self, term: str) -> np.ndarray:
        """The ids of the sentences holding a term, ascending (empty when none does)."""
        rows = self._rows("SELECT ids FROM postings WHERE term = ?", (term,))
        if not rows:
            return np.empty(0, dtype=np.int32)
        return np.frombuffer(rows[0][0], dtype=np.int32)

    def words_of(self, ids: Iterable[int]) -> dict[int, frozenset[str]]:
        """The index terms of these sentences, without the rest of their entries: what the
        context credit reads of a passage's neighbours (cached entries first)."""
        out: dict[int, frozenset[str]] = {}
        missing: list[int] = []
        with self._lock:
            for i in ids:
                e = self._entries.get(i)
                if e is not None:
                    out[i] = e.words
                elif (w := self._words.get(i)) is not None:
                    out[i] = w
                else:
                    missing.append(i)
            if missing:
                if len(self._words) > ENTRY_CACHE:
                    self._words.clear()
                wanted = sorted(set(missing))
                for chunk in _chunks(wanted):
                    marks = ",".join("?" * len(chunk))
                    for sid, terms in self._rows(
                        f"SELECT id, terms FROM sentences WHERE id IN ({marks})", chunk
                    ):
                        out[int(sid)] = self._words[int(sid)] = interned(str(terms).split())
        return out

    def entry(self, sentence_id: int) -> Entry | None:
        return self.entries([sentence_id]).get(sentence_id)

    def entries(self, ids: Iterable[int]) -> dict[int, Entry]:
        """The index entries of these sentences (the ids that exist), through the cache."""
        out: dict[int, Entry] = {}
        missing: list[int] = []
        with self._lock:
            for i in ids:
                e = self._entries.get(i)
                if e is None:
                    missing.append(i)
                else:
                    self._entries.move_to_end(i)
                    out[i] = e
            if missing:
                for e in self._load_entries(sorted(set(missing))):
                    out[e.sentence.id] = e
                    self._entries[e.sentence.id] = e
                while len(self._entries) > ENTRY_CACHE:
                    self._entries.popitem(last=False)
        return out

    def _load_entries(self, ids: list[int]) -> list[Entry]:
        out: list[Entry] = []
        for chunk in _chunks(ids):
            marks = ",".join("?" * len(chunk))
            facts: dict[int, list[Fact]] = defaultdict(list)
            for f in self._query_facts(f"f.sentence_id IN ({marks})", chunk):
                facts[f.sentence_id].append(f)
            for row in self._rows(
                "SELECT id, article_id, paragraph, text, caption, refers_to, terms, accented, "
                f"features FROM sentences WHERE id IN ({marks})",
                chunk,
            ):
                own = facts.get(int(row[0]), [])
                # The text its facts already hold: one string for the sentence and its facts.
                text = own[0].sentence if own and own[0].sentence == row[3] else row[3]
                sentence = Sentence(
                    int(row[0]),
                    int(row[1]),
                    int(row[2]),
                    text,
                    bool(row[4]),
                    facts=own,
                    refers_to=row[5],
                )
                out.append(entry_of(sentence, row[6], row[7], row[8]))
        return out

    # -- facts --------------------------------------------------------------------------

    def _source(self, article_id: int, paragraph: int) -> Source:
        key = (article_id, paragraph)
        source = self._sources.get(key)
        if source is None:
            if len(self._sources) > 50_000:
                self._sources.clear()
            a = self.articles[article_id]
            source = self._sources[key] = Source(
                a.file,
                a.title,
                a.outlet,
                a.published.iso() if a.published else None,
                paragraph,
                a.url,
            )
        return source

    def _query_facts(self, where: str, params: Iterable[Any]) -> list[Fact]:
        sql = (
            f"SELECT {_FACT_COLUMNS} FROM facts f JOIN sentences s ON s.id = f.sentence_id "
            f"WHERE {where} ORDER BY s.article_id, f.rowid"
        )
        out: list[Fact] = []
        # Each row repeats its sentence's text, and most facts' text is the sentence: the facts
        # of one sentence share one string.
        texts: dict[int, str] = {}
        for fid, kind, text, sid, date, fields, sentence, article_id, paragraph in self._rows(
            sql, params
        ):
            known = self._merged.get(fid)
            if known is not None:
                out.append(known)
                continue
            sentence = texts.setdefault(int(sid), sentence)
            if text == sentence:
                text = sentence
            out.append(
                Fact(
                    kind=FactKind(kind),
                    text=text,
                    sentence=sentence,
                    source=self._source(int(article_id), int(paragraph)),
                    fields=_fields(fields),
                    date=date,
                    sentence_id=int(sid),
                    id=fid,
                )
            )
        return out

    def facts_of(self, *kinds: FactKind) -> list[Fact]:
        """Every fact of these kinds, in the order of the articles (statements: never all)."""
        out: list[Fact] = []
        for kind in kinds:
            if kind is FactKind.STATEMENT:
                continue
            cached = self._by_kind.get(kind)
            if cached is None:
                if kind in MERGED_KINDS:
                    cached = [f for f in self._merged.values() if f.kind is kind]
                else:
                    cached = self._query_facts("f.kind = ?", (str(kind),))
                self._by_kind[kind] = cached
            out.extend(cached)
        if len(kinds) > 1:
            out.sort(key=lambda f: f.sentence_id)
        return out

    def every_fact(self) -> Iterator[Fact]:
        """Every fact, statements included, in the order of the articles (read in pages)."""
        last = -1
        while True:
            page = self._query_facts(
                "f.sentence_id > ? AND f.sentence_id <= ?", (last, last + 2_000)
            )
            more = self._rows("SELECT 1 FROM sentences WHERE id > ? LIMIT 1", (last + 2_000,))
            yield from page
            if not more:
                return
            last += 2_000

    def fact(self, fact_id: str) -> Fact | None:
        found = self._merged.get(fact_id)
        if found is None:
            facts = self._query_facts("f.id = ?", (fact_id,))
            found = facts[0] if facts else None
        return found

    def kind_counts(self) -> dict[str, int]:
        return {
            str(kind): int(n)
            for kind, n in self._rows("SELECT kind, count(*) FROM facts GROUP BY kind")
        }

    def busiest_day(self) -> str | None:
        """The day the articles report most events on (ISO), None without a dated event."""
        rows = self._rows(
            "SELECT date FROM facts WHERE kind = 'event' AND length(date) = 10 "
            "GROUP BY date ORDER BY count(*) DESC, min(rowid) LIMIT 1"
        )
        return str(rows[0][0]) if rows else None

    def sentences_with(self, terms: Iterable[str], at_least: int) -> list[int]:
        """The ids of the sentences holding at least `at_least` of these terms."""
        lists = [self.postings(t) for t in set(terms)]
        lists = [ids for ids in lists if len(ids)]
        if len(lists) < at_least:
            return []
        ids, counts = np.unique(np.concatenate(lists), return_counts=True)
        return [int(i) for i in ids[counts >= at_least]]

    def figures_in(self, sentence_ids: list[int]) -> list[Fact]:
        """The figures of these sentences."""
        out: list[Fact] = []
        for chunk in _chunks(sentence_ids):
            marks = ",".join("?" * len(chunk))
            # (+f.kind: the sentence index, not the kind index, which holds every figure.)
            out.extend(
                self._query_facts(f"+f.kind = 'figure' AND f.sentence_id IN ({marks})", chunk)
            )
        return out
