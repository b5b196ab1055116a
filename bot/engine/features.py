"""What the index keeps of each sentence and each article, worked out once, when an article is
added to the fact table, and read back when a question reaches it.

A sentence's record is its index terms (folded words and concept tokens, space-separated: the
postings and the phrase checks read them), its accented words, and a small JSON object of what
the gates check (countries, numbers, dates, years, neighbours, ...). An article's record says
what its title and date add to every passage of it, and every number the article states.
Keeping them in the fact database is what lets the bot start at once on a large corpus: nothing
is tokenised again when it starts.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from bot.engine.constraints import passage_dates, passage_numbers, passage_years
from bot.engine.passage import YEAR, Entry, Heading, Words, concept_words, names_place
from bot.ingest.clean import Article
from bot.ingest.extract import Sentence
from bot.models import Fact, FactKind
from bot.text import DateValue, accented_words, fold, tokens
from bot.thesaurus import CONCEPT_PREFIX
from bot.vocabulary import lexicon


@dataclass
class SentenceRecord:
    """A sentence's index terms, accented words and gate features, as stored."""

    terms: str
    accented: str
    features: str


def document_keys(fact: Fact) -> tuple[tuple[str | None, str], tuple[None, str]]:
    """How a question may name a document fact: by its code and number ("34-NQ/TW") or by its
    number alone ("Nghị quyết 34")."""
    number = str(fact.fields.get("number"))
    return (fact.fields.get("code"), number), (None, number)


def _documents(sentence: Sentence) -> set[tuple[str | None, str]]:
    return {key for f in sentence.facts if f.kind is FactKind.DOCUMENT for key in document_keys(f)}


def sentence_records(sentences: list[Sentence]) -> list[SentenceRecord]:
    """The records of one article's sentences (their neighbours are among them)."""
    lex = lexicon()
    by_paragraph: dict[int, list[int]] = defaultdict(list)
    for s in sentences:
        by_paragraph[s.paragraph].append(s.id)
    out: list[SentenceRecord] = []
    for s in sentences:
        # "Nghị quyết này", "Hai bên": the sentence also says what it refers to.
        said = f"{s.text} ({s.refers_to})" if s.refers_to else s.text
        words = concept_words(tokens(said), said)
        folded = fold(s.text)
        event_days = {
            (DateValue.from_iso(f.date).day, DateValue.from_iso(f.date).month)
            for f in s.facts
            if f.date and f.kind is FactKind.EVENT and len(f.date) == 10
        }
        same = [i for i in by_paragraph[s.paragraph] if i != s.id]
        prev = by_paragraph.get(s.paragraph - 1, [])
        nxt = by_paragraph.get(s.paragraph + 1, [])
        countries = set(lex.countries_in(said)) | {
            f.fields["country"] for f in s.facts if f.kind is FactKind.PARTNER
        }
        features: dict[str, Any] = {
            "countries": sorted(countries),
            "documents": sorted(_documents(s), key=lambda d: (d[0] or "", d[1])),
            # As offsets from the sentence's own id: they hold whatever id it is stored under.
            "neighbours": [i - s.id for i in (same + prev[-2:] + nxt[:1])[:6]],
            "place": names_place(s.text),
            "year": bool(YEAR.search(s.text)),
            "numbers": sorted(passage_numbers(set(words), s.text)),
            "dates": sorted(passage_dates(folded) | event_days),
            "years": sorted(passage_years(folded)),
            "event_years": sorted(
                {int(f.date[:4]) for f in s.facts if f.kind is FactKind.EVENT and f.date}
            ),
        }
        out.append(
            SentenceRecord(
                " ".join(words),
                " ".join(sorted(accented_words(s.text))),
                json.dumps(features, ensure_ascii=False, separators=(",", ":")),
            )
        )
    return out


# What the cached entries and headings share rather than each hold a copy of: the empty set,
# and each combination of fact kinds.
_NONE: frozenset[Any] = frozenset()
_KINDS: dict[frozenset[FactKind], frozenset[FactKind]] = {}


def interned(words: Iterable[str]) -> frozenset[str]:
    """A set of words whose strings are shared with every other set holding the same word."""
    return frozenset(map(sys.intern, words)) or _NONE


def _kinds(sentence: Sentence) -> frozenset[FactKind]:
    kinds = frozenset(fact.kind for fact in sentence.facts)
    return _KINDS.setdefault(kinds, kinds)


def entry_of(sentence: Sentence, terms: str, accented: str, features: str) -> Entry:
    """The index's view of a stored sentence (its facts already on `sentence.facts`)."""
    f = json.loads(features)
    return Entry(
        sentence=sentence,
        words=interned(terms.split()),
        accented=Words(accented),
        joined=" " + terms + " ",
        countries=interned(f["countries"]),
        documents=frozenset((d[0], d[1]) for d in f["documents"]) or _NONE,
        kinds=_kinds(sentence),
        neighbours=tuple(sentence.id + d for d in f["neighbours"]),
        place=f["place"],
        year=f["year"],
        numbers=tuple(map(sys.intern, f["numbers"])),
        dates=tuple((d[0], d[1]) for d in f["dates"]),
        years=tuple(f["years"]),
        event_years=tuple(f["event_years"]),
    )


def topicality(records: list[SentenceRecord]) -> float:
    """How much an article speaks the language of the bot's field: the thesaurus concepts
    (diplomacy, politics, the economy between states) its sentences name, per sentence.
    Articles on foreign affairs name 3 to 10 per sentence; nine news stories of other fields in
    ten name fewer than 2."""
    if not records:
        return 0.0
    named = sum(t.startswith(CONCEPT_PREFIX) for r in records for t in r.terms.split())
    return round(named / len(records), 3)


def heading_record(article: Article, records: list[SentenceRecord]) -> str:
    """What an article's title and date add to its passages, the numbers its sentences state
    and how much the article is about the bot's field, as stored."""
    words = concept_words(tokens(article.title), article.title)
    folded = fold(article.title)
    years = passage_years(folded)
    if article.published:
        years.add(article.published.year)
    record = {
        "terms": " ".join(words),
        "countries": sorted(lexicon().countries_in(article.title)),
        "numbers": sorted(passage_numbers(set(words), article.title)),
        "dates": sorted(passage_dates(folded)),
        "years": sorted(years),
        "article_numbers": sorted(article_numbers(records)),
        "topicality": topicality(records),
    }
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def heading_of(record: str) -> Heading:
    f = json.loads(record)
    return Heading(
        words=interned(f["terms"].split()),
        joined=" " + f["terms"] + " ",
        countries=interned(f["countries"]),
        numbers=interned(f["numbers"]),
        dates=frozenset((d[0], d[1]) for d in f["dates"]) or _NONE,
        years=frozenset(f["years"]) or _NONE,
        article_numbers=interned(f["article_numbers"]),
        topicality=f["topicality"],
    )


def article_numbers(records: list[SentenceRecord]) -> set[str]:
    """Every number the sentences of an article state."""
    out: set[str] = set()
    for r in records:
        out.update(json.loads(r.features)["numbers"])
    return out
