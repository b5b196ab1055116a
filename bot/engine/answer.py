"""Question -> an answer or an honest "not found", with the facts behind it.

`Engine` ranks passages with its `Index` (bot.engine.ranking), has `compose` (bot.engine.compose)
write what the user reads — the asked value first, then its sentence, a list or a document
summary —, adds the figures other articles give for the same thing, and decides in three bands:
answer, "did you mean", not found.
"""

from __future__ import annotations

import math

from bot.engine.compose import compose, document_summary
from bot.engine.passage import Scored
from bot.engine.query import Intent, Question, parse_question
from bot.engine.ranking import TOPICAL, Index
from bot.engine.reader import FactReader
from bot.ingest.clean import Article, Paragraph
from bot.models import Answer, Fact, FactKind

__all__ = ["ANSWER_THRESHOLD", "SUGGEST_THRESHOLD", "Engine", "document_summary"]

ANSWER_THRESHOLD = 0.62
SUGGEST_THRESHOLD = 0.42
# A passage that meets every constraint, scores at least MARGIN_FLOOR and leads every other
# passage by MARGIN is the answer, though its score alone is under the answer band.
MARGIN_FLOOR = 0.5
MARGIN = 0.2
# Unmet constraints that make a passage speak of another happening than the one asked.
_OTHER_HAPPENING = frozenset({"event", "visit"})
# Sentences whose figures are compared with the answer's, at most.
_DISAGREEMENT_SENTENCES = 200


def _same_sentence(a: Scored, b: Scored) -> bool:
    """The same sentence told by two articles (a comma for a semicolon) is one candidate."""
    x, y = a.entry.words, b.entry.words
    return len(x & y) >= 0.8 * max(len(x), len(y))


class Engine:
    """The answering engine over one build of the fact table: ranks passages with its `Index`
    and composes what a user reads."""

    def __init__(self, reader: FactReader) -> None:
        self.reader = reader
        # Counts the loads of the fact database: what is derived from the facts is kept per load.
        self.generation = 0
        self._load()

    def _load(self) -> None:
        self.generation += 1
        self.index = Index(self.reader)
        self.document_mentions = self.index.document_mentions
        # The day the articles report most events on: the example /event hints offer.
        day = self.reader.busiest_day()
        self.example_date = "-".join(reversed(day.split("-"))) if day else None

    def refresh(self) -> bool:
        """Read the fact database again when it changed since the last look (an article added
        or removed, by this process or another); whether it had."""
        if not self.reader.changed():
            return False
        self.reader.load()
        self._load()
        return True

    def close(self) -> None:
        self.reader.close()

    # -- what the fact database holds -----------------------------------------------------

    @property
    def articles(self) -> dict[int, Article]:
        """The articles, by id (metadata only; `paragraphs()` reads an article's body)."""
        return self.reader.articles

    def paragraphs(self, article_id: int) -> list[Paragraph]:
        return self.reader.paragraphs(article_id)

    def facts_of(self, *kinds: FactKind) -> list[Fact]:
        """Every fact of these kinds, in article order (statements are never listed whole)."""
        return self.reader.facts_of(*kinds)

    def fact(self, fact_id: str) -> Fact | None:
        return self.reader.fact(fact_id)

    def every_fact(self) -> list[Fact]:
        """Every fact, statements included, in article order (a whole read: for exports)."""
        return list(self.reader.every_fact())

    def correct_text(self, text: str) -> str:
        """The text with its typos corrected to words the corpus knows."""
        return self.index.correct_text(text)

    def answer(self, raw: str) -> Answer:
        """The answer to a free-text question; never raises on any text."""
        self.refresh()
        q = parse_question(raw)
        if not q.text:
            return self.not_found("empty")
        ranked = self.index.rank(q)
        if not ranked:
            return self.not_found("nothing")
        # A passage that meets what the question names comes before one that does not, whatever
        # order the sources' priors gave them.
        ranked.sort(key=lambda s: bool(s.unmet))
        top = ranked[0]
        confidence = self.confidence(ranked, q)
        if confidence < SUGGEST_THRESHOLD:
            return self.not_found("low", confidence)
        if confidence < ANSWER_THRESHOLD:
            return Answer(
                found=False,
                answer="",
                confidence=confidence,
                facts=[self.index.best_fact(s.entry, q) for s in ranked[:3]],
                suggestions=self.suggestions(ranked[:3]),
                notice="did_you_mean",
            )
        text, facts = compose(self.index, ranked, q)
        alternatives = self.disagreements(top, q)
        facts += alternatives
        for s in ranked[1:4]:
            if s.score >= ANSWER_THRESHOLD and not s.unmet:
                facts.append(self.index.best_fact(s.entry, q))
        unique: dict[str, Fact] = {}
        for f in facts:
            unique.setdefault(f.id, f)
        related = [
            self.index.best_fact(s.entry, q)
            for s in ranked[1:12]
            if s.score >= SUGGEST_THRESHOLD and not s.unmet
        ]
        return Answer(
            found=True,
            answer=text,
            confidence=confidence,
            facts=list(unique.values()),
            related=related,
            alternatives=alternatives,
        )

    def confidence(self, ranked: list[Scored], q: Question) -> float:
        """How sure the engine is of the first passage.

        Its score, held below the answer band when the passage misses a constraint of the
        question, or when a word of the question that the corpus has never seen is left out of
        a passage that covers little else; raised into the band when the passage meets every
        constraint and stands clearly above any other passage.
        """
        top = ranked[0]
        confidence = min(top.score / top.prior, 1.0)
        if top.unmet:
            return min(confidence, SUGGEST_THRESHOLD + 0.05)
        # (Untranslated words of an English question are expected, not a sign of another topic.)
        unknown = [w for w in q.content if self.index.unknown(w) and not q.english]
        if unknown and top.coverage < 0.75:
            return min(confidence, ANSWER_THRESHOLD - 0.01)
        # A passage about another happening (one that does not say the event asked about, or a
        # visit elsewhere) is no rival to the answer.
        runner_up = next(
            (
                s.score
                for s in ranked[1:]
                if not _same_sentence(s, top) and not _OTHER_HAPPENING & set(s.unmet)
            ),
            0.0,
        )
        # Standing alone lifts a passage of the bot's field only: a weak match in a story on
        # prices ("Giá xăng hôm nay") is no answer for lack of a better one.
        topical = self.index.heading(top.entry.sentence.article).topicality >= TOPICAL
        if (
            top.exact
            and topical
            and confidence >= MARGIN_FLOOR
            and confidence - runner_up >= MARGIN
        ):
            confidence = max(confidence, ANSWER_THRESHOLD)
        return confidence

    def disagreements(self, top: Scored, q: Question) -> list[Fact]:
        """Figures from other articles that count the same thing with another number."""
        if q.intent is not Intent.FIGURE:
            return []
        figures = [f for f in self.index.ordered_facts(top.entry, q) if f.kind is FactKind.FIGURE]
        if not figures:
            return []
        first = figures[0]
        mine = self.index.predicate(first)
        if len(mine) < 3:
            return []
        need = max(3, math.ceil(0.6 * len(mine)))
        # Only the figures of sentences holding `need` of these words are worth comparing.
        candidates = self.reader.sentences_with(mine, need)[:_DISAGREEMENT_SENTENCES]
        out: list[Fact] = []
        asked = set(q.words)
        seen_values = {first.fields.get("value")}
        for f in self.reader.figures_in(candidates):
            if f.source.file == first.source.file or f.fields.get("value") in seen_values:
                continue
            theirs = self.index.predicate(f)
            # What the question asked of the first figure must be said of the other one too:
            # "quan hệ ngoại giao với 189 quốc gia" is not told otherwise by "quan hệ với 247
            # chính đảng ở 111 quốc gia".
            if len(mine & theirs) >= need and (asked & mine) <= theirs:
                out.append(f)
                seen_values.add(f.fields.get("value"))
        return out[:2]

    def suggestions(self, ranked: list[Scored]) -> list[str]:
        out: list[str] = []
        for s in ranked:
            text = s.entry.sentence.text
            short = text if len(text) <= 90 else text[:87].rsplit(" ", 1)[0] + "…"
            if short not in out:
                out.append(short)
        return out[:3]

    def not_found(self, reason: str, confidence: float = 0.0) -> Answer:
        """No answer; the chat layer adds what the bot does know."""
        return Answer(found=False, answer="", confidence=confidence, notice=reason)
