"""Cleaned articles -> sentences and typed facts (events, figures, partners, lists, ...).

Pure and deterministic: the same articles always give the same facts in the same order.
Nothing here knows a file name or a particular article; the patterns are those of Vietnamese
news writing about foreign affairs (the sentence-level recognisers are in `recognise.py`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from bot.ingest.anaphora import Referents
from bot.ingest.clean import Article, Paragraph
from bot.ingest.dates import find_dates
from bot.ingest.documents import extract_documents
from bot.ingest.merge import merge_documents, merge_people
from bot.ingest.partners import extract_partnerships
from bot.ingest.recognise import (
    clause_around,
    extract_figures,
    extract_people,
    quote_speaker,
    split_sentences,
)
from bot.models import Fact, FactKind, Source
from bot.text import DateValue, fold, make_date

_SETTING_UP = re.compile(r"\b(nang cap|thiet lap|nang tam|tro thanh|xac lap)\b")
_SINCE = re.compile(r"\bke tu\b[^,;]*$")
_QUOTE = re.compile(r"[“\"]([^”\"]{20,})[”\"]")
_ORDINALS = {
    "thu nhat": 1,
    "thu hai": 2,
    "thu ba": 3,
    "thu tu": 4,
    "thu nam": 5,
    "thu sau": 6,
    "thu bay": 7,
    "thu tam": 8,
    "thu chin": 9,
    "thu muoi": 10,
    "mot la": 1,
    "hai la": 2,
    "ba la": 3,
    "bon la": 4,
    "nam la": 5,
    "sau la": 6,
    "bay la": 7,
}
_COUNT_WORDS = {
    "hai": 2,
    "ba": 3,
    "bon": 4,
    "nam": 5,
    "sau": 6,
    "bay": 7,
    "tam": 8,
    "chin": 9,
    "muoi": 10,
}
_INLINE_LIST = re.compile(
    r"(?P<count>\d+|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười) (?P<noun>[\w ]{3,40}?) là "
    r"(?P<items>[^;.:]+(?:,[^;.:]+)+)"
)


@dataclass
class Sentence:
    """A sentence of an article body: the unit the engine ranks."""

    id: int
    article: int
    paragraph: int
    text: str
    caption: bool
    facts: list[Fact] = field(default_factory=list)
    # The phrase a sentence-initial reference stands for: "Đây là Nghị quyết toàn diện đầu tiên…"
    # after a sentence about "Nghị quyết số 34-NQ/TW" refers to "Nghị quyết số 34-NQ/TW";
    # "Hai bên …" after "Việt Nam và Pháp …" refers to "Việt Nam và Pháp". None when the
    # sentence starts with no such reference or its referent is not found. The facts of the
    # sentence are read with the referent in place of the reference; matching and answer text
    # may use it the same way.
    refers_to: str | None = None


@dataclass
class Extraction:
    """Everything a build produces from the articles."""

    articles: list[Article]
    sentences: list[Sentence]
    facts: list[Fact]


def source_of(article: Article, paragraph: Paragraph) -> Source:
    return Source(
        file=article.file,
        title=article.title,
        outlet=article.outlet,
        published=article.published.iso() if article.published else None,
        paragraph=paragraph.index,
        url=article.url,
    )


def _date_of(fact: Fact) -> DateValue | None:
    return DateValue.from_iso(fact.date) if fact.date else None


class _Builder:
    """The sentences and facts of one article; sentence ids count on from `first_id`."""

    def __init__(self, article: Article, a_index: int, first_id: int) -> None:
        self.article = article
        self.a_index = a_index
        self.first_id = first_id
        self.sentences: list[Sentence] = []
        self.facts: list[Fact] = []
        self.ids: set[str] = set()

    def add(
        self,
        sentence: Sentence,
        kind: FactKind,
        text: str,
        fields: dict[str, Any],
        date: DateValue | None,
        source: Source,
    ) -> Fact:
        fact = Fact(
            kind=kind,
            text=text,
            sentence=sentence.text,
            source=source,
            fields=fields,
            date=date.iso() if date else None,
            sentence_id=sentence.id,
        )
        fact.assign_id()
        if fact.id in self.ids:
            return fact  # the same fact said again in the same place: kept once
        self.ids.add(fact.id)
        sentence.facts.append(fact)
        self.facts.append(fact)
        return fact

    def run(self) -> None:
        article, a_index = self.article, self.a_index
        titles_to_names: dict[str, str] = {}
        referents = Referents()
        referents.observe(article.title)
        for paragraph in article.paragraphs:
            if paragraph.heading or paragraph.question:
                continue
            source = source_of(article, paragraph)
            for text in split_sentences(paragraph.text):
                sentence = Sentence(
                    self.first_id + len(self.sentences),
                    a_index,
                    paragraph.index,
                    text,
                    paragraph.caption,
                )
                sentence.refers_to = referents.resolve(text)
                referents.observe(text)
                self.sentences.append(sentence)
                self.sentence_facts(sentence, article, source, titles_to_names)
            self.quotes(paragraph, source, titles_to_names)
        self.lists()
        self.headline_facts()
        for sentence in self.sentences:
            if not sentence.facts:
                self.add(
                    sentence, FactKind.STATEMENT, sentence.text, {}, None, self._source(sentence)
                )

    def headline_facts(self) -> None:
        """A partnership the headline states and the body does not ("Nâng cấp quan hệ Việt
        Nam - Pháp lên Đối tác chiến lược toàn diện"), on the article's first sentence."""
        article, own = self.article, self.sentences
        if not own:
            return
        first = own[0]
        told = {
            (f.fields["country"], f.fields["framework"])
            for s in own
            for f in s.facts
            if f.kind is FactKind.PARTNER
        }
        dates = find_dates(article.title, article.published)
        if not dates and _SETTING_UP.search(fold(article.title)):
            # The news of the day: the date the lead reports, else the article's own date.
            lead = [d for f in first.facts if f.kind is FactKind.EVENT if (d := _date_of(f))]
            on = lead[0] if lead else article.published
            dates = [(len(article.title), on)] if on else []
        for step in extract_partnerships(article.title, dates):
            if (step["country"], step["framework"]) in told:
                continue
            since = step.pop("since")
            step["since"] = since.display() if since else None
            self.add(first, FactKind.PARTNER, article.title, step, since, self._source(first))

    def _source(self, sentence: Sentence) -> Source:
        return source_of(self.article, self.article.paragraphs[sentence.paragraph])

    def sentence_facts(
        self, sentence: Sentence, article: Article, source: Source, titles_to_names: dict[str, str]
    ) -> None:
        text = sentence.text
        dates = find_dates(text, article.published)
        if sentence.refers_to:
            # "Đây là Nghị quyết … kể từ Nghị quyết số 13 vào tháng 5/1988": a date the
            # sentence counts from is not an event of what it refers to.
            dates = [(p, d) for p, d in dates if not _SINCE.search(fold(text[:p])[-60:])]
        for pos, value in dates:
            clause = clause_around(text, pos) if len(dates) > 1 else text
            self.add(
                sentence,
                FactKind.EVENT,
                clause,
                {"precision": value.precision, "on": value.iso()},
                value,
                source,
            )
        for figure in extract_figures(text):
            self.add(sentence, FactKind.FIGURE, text, figure, None, source)
        for step in extract_partnerships(text, dates, sentence.refers_to):
            since = step.pop("since")
            step["since"] = since.display() if since else None
            self.add(sentence, FactKind.PARTNER, text, step, since, source)
        for doc in extract_documents(text):
            date = None
            if doc["date"]:
                parts = [int(p) for p in doc["date"].split("/")]
                date = make_date(parts[-1], parts[-2], parts[0] if len(parts) == 3 else 0)
            self.add(sentence, FactKind.DOCUMENT, doc["mention"], doc, date, source)
        for person in extract_people(text):
            titles_to_names.setdefault(person["role"].split(",")[-1].strip(), person["name"])
            self.add(
                sentence,
                FactKind.PERSON,
                f"{person['name']} ({person['role']})",
                person,
                None,
                source,
            )

    def quotes(
        self,
        paragraph: Paragraph,
        source: Source,
        titles_to_names: dict[str, str],
    ) -> None:
        for m in _QUOTE.finditer(paragraph.text):
            quote = m[1].strip()
            if len(quote.split()) < 8:
                continue
            speaker = quote_speaker(paragraph.text, m.start(), m.end(), titles_to_names)
            sentence = next(
                (
                    s
                    for s in reversed(self.sentences)
                    if s.paragraph == paragraph.index and quote[:30] in s.text
                ),
                None,
            )
            if sentence is None:
                continue
            self.add(sentence, FactKind.QUOTE, quote, {"speaker": speaker}, None, source)

    def lists(self) -> None:
        article = self.article
        paragraphs = [p for p in article.paragraphs if not p.heading and not p.caption]
        # Intro paragraph "... 5 bài học kinh nghiệm quan trọng:" followed by its items.
        for i, p in enumerate(paragraphs):
            if not p.text.endswith(":"):
                continue
            count_match = re.search(
                r"(\d+|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười) ([^\d:,]{3,60}):$", p.text
            )
            if not count_match:
                continue
            raw = count_match[1]
            count = int(raw) if raw.isdigit() else _COUNT_WORDS.get(fold(raw), 0)
            items = [q.text for q in paragraphs[i + 1 : i + 1 + count]]
            if 2 <= count <= 12 and len(items) == count:
                self._list_fact(p, p.text, items)
        # "Thứ nhất, ... Thứ năm, ..." or "Một là, ... Bốn là, ..." across paragraphs.
        self._ordinal_lists(paragraphs)
        for p in paragraphs:
            for m in _INLINE_LIST.finditer(p.text):
                items = [
                    x.strip(' “”"') for x in re.split(r",| và ", m["items"]) if x.strip(' “”"')
                ]
                raw = m["count"]
                count = int(raw) if raw.isdigit() else _COUNT_WORDS.get(fold(raw), 0)
                if count == len(items):
                    heading = f"{raw} {m['noun']}".strip()
                    self._list_fact(p, heading[0].upper() + heading[1:], items)

    def _ordinal_lists(self, paragraphs: list[Paragraph]) -> None:
        runs: list[list[Paragraph]] = []
        for p in paragraphs:
            marker = _ORDINALS.get(" ".join(fold(p.text).split(",")[0].split()[:2]))
            if marker == 1:
                runs.append([p])
            elif marker and runs and marker == len(runs[-1]) + 1:
                runs[-1].append(p)
        for run in runs:
            if len(run) < 2:
                continue
            first = paragraphs.index(run[0])
            intro = paragraphs[first - 1].text if first > 0 else self.article.title
            items = [re.sub(r"^[^,]+,\s*", "", p.text, count=1) for p in run]
            items = [i[0].upper() + i[1:] if i else i for i in items]
            self._list_fact(run[0], intro, items)

    def _list_fact(self, paragraph: Paragraph, heading: str, items: list[str]) -> None:
        sentence = next((s for s in self.sentences if s.paragraph == paragraph.index), None)
        if sentence is None:
            return  # a paragraph no sentence is taken from (a question, a heading)
        kind = FactKind.LESSON if "bai hoc" in fold(heading) else FactKind.LIST
        text = heading + "\n" + "\n".join(f"{n}. {item}" for n, item in enumerate(items, 1))
        fields = {"heading": heading, "count": len(items), "items": items}
        self.add(sentence, kind, text, fields, None, source_of(self.article, paragraph))


def extract_article(article: Article, a_index: int = 0, first_id: int = 0) -> Extraction:
    """The sentences and facts of one article, on its own: what a build stores per article.

    Sentences are numbered from `first_id` and refer to the article as `a_index`. What several
    articles say of one person or document is merged when the facts are read together
    (`merge_across`), not here.
    """
    builder = _Builder(article, a_index, first_id)
    builder.run()
    return Extraction([article], builder.sentences, builder.facts)


def merge_across(facts: list[Fact]) -> None:
    """One person's titles and one document's number, date, issuer and subject, across the
    mentions of every article."""
    merge_people(facts)
    merge_documents(facts)


def extract(articles: list[Article]) -> Extraction:
    """Sentences and facts of the given articles, in a deterministic order (each article on its
    own, then merged across articles); a fact said again in another article is kept once."""
    sentences: list[Sentence] = []
    facts: list[Fact] = []
    seen: set[str] = set()
    for a_index, article in enumerate(articles):
        one = extract_article(article, a_index, len(sentences))
        sentences.extend(one.sentences)
        for fact in one.facts:
            if fact.id not in seen:
                seen.add(fact.id)
                facts.append(fact)
    merge_across(facts)
    return Extraction(articles, sentences, facts)
