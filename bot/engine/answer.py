"""Question -> an answer or an honest "not found", with the facts behind it.

`Engine` ranks with `Index` (bot.engine.ranking) and composes what the user reads: the sentence, a list,
or a document summary, with the figures other articles give for the same thing, and a
confidence in three bands: answer, "did you mean", not found.
"""

from __future__ import annotations

import math

from bot.engine.query import Intent, Question, parse_question
from bot.engine.ranking import Index, Scored
from bot.models import Answer, Fact, FactKind
from bot.text import DateValue, tokens

ANSWER_THRESHOLD = 0.62
SUGGEST_THRESHOLD = 0.42


class Engine(Index):
    """The answering engine over one build of the fact table."""

    def answer(self, raw: str) -> Answer:
        """The answer to a free-text question; never raises on any text."""
        q = parse_question(raw)
        if not q.text:
            return self.not_found("empty")
        ranked = self.rank(q)
        if not ranked:
            return self.not_found("nothing")
        top = ranked[0]
        confidence = min(top.score, 1.0)
        if confidence < SUGGEST_THRESHOLD:
            return self.not_found("low", confidence)
        if confidence < ANSWER_THRESHOLD:
            return Answer(
                found=False,
                answer="",
                confidence=confidence,
                facts=[self.best_fact(s.entry, q) for s in ranked[:3]],
                suggestions=self.suggestions(ranked[:3]),
                notice="did_you_mean",
            )
        facts = self.ordered_facts(top.entry, q)
        text = self.compose(top, q, facts)
        extra = self.disagreements(top, q)
        if extra:
            text += "\n" + "\n".join(
                f"• Nguồn khác ({_source_label(f)}): {f.sentence}" for f in extra
            )
            facts += extra
        for s in ranked[1:4]:
            if s.score >= ANSWER_THRESHOLD:
                facts.append(self.best_fact(s.entry, q))
        unique: dict[str, Fact] = {}
        for f in facts:
            unique.setdefault(f.id, f)
        related = [
            self.best_fact(s.entry, q) for s in ranked[1:12] if s.score >= SUGGEST_THRESHOLD
        ]
        return Answer(
            found=True,
            answer=text,
            confidence=confidence,
            facts=list(unique.values()),
            related=related,
        )

    def compose(self, top: Scored, q: Question, facts: list[Fact]) -> str:
        """The text a user reads first: a document summary, a list, or the sentence."""
        first = facts[0]
        if first.kind is FactKind.DOCUMENT and q.documents:
            mentions = self.document_mentions[
                (first.fields.get("code"), first.fields.get("number"))
            ]
            summary = document_summary(first, mentions)
            # A bare mention ("Chỉ thị 45.") says less than the sentence around it.
            return summary if len(summary.split()) > 4 else top.entry.sentence.text
        lists = [f for f in facts if f.kind in (FactKind.LIST, FactKind.LESSON)]
        if lists and (
            q.intent in (Intent.FIGURE, Intent.WHAT)
            or len(set(q.words) & set(tokens(lists[0].fields["heading"]))) >= 2
        ):
            return lists[0].text
        return top.entry.sentence.text

    def disagreements(self, top: Scored, q: Question) -> list[Fact]:
        """Figures from other articles that count the same thing with another number."""
        if q.intent is not Intent.FIGURE:
            return []
        figures = [f for f in self.ordered_facts(top.entry, q) if f.kind is FactKind.FIGURE]
        if not figures:
            return []
        first = figures[0]
        mine = self.predicate(first)
        if len(mine) < 3:
            return []
        need = max(3, math.ceil(0.6 * len(mine)))
        # A figure sharing `need` of these words shares at least one of the rarest
        # len(mine) - need + 1 of them: only their figures are worth comparing.
        postings = self.predicate_postings()
        rarest = sorted(mine, key=lambda w: len(postings.get(w, ())))[: len(mine) - need + 1]
        candidates = sorted({i for w in rarest for i in postings.get(w, ())})
        out: list[Fact] = []
        seen_values = {first.fields.get("value")}
        for i in candidates:
            f = self.figure_facts[i]
            if f.source.file == first.source.file or f.fields.get("value") in seen_values:
                continue
            if len(mine & self.predicate(f)) >= need:
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
        return Answer(
            found=False,
            answer="",
            confidence=confidence,
            suggestions=["/partners", "/figures", "/event 14-12-2021", "/lessons", "/documents"],
            notice=reason,
        )


def _source_label(fact: Fact) -> str:
    s = fact.source
    published = DateValue.from_iso(s.published).display() if s.published else None
    return ", ".join(p for p in (s.outlet, s.title, published) if p)


def document_summary(fact: Fact, all_facts: object) -> str:
    """'Nghị quyết số 34-NQ/TW — ngày 9/1/2023, Bộ Chính trị: về ...' from every mention."""
    from collections.abc import Iterable

    number = fact.fields.get("number")
    code = fact.fields.get("code")
    mentions = [
        f
        for f in (all_facts if isinstance(all_facts, Iterable) else [])
        if isinstance(f, Fact)
        and f.kind is FactKind.DOCUMENT
        and f.fields.get("number") == number
        and f.fields.get("code") == code
    ]
    merged: dict[str, str] = {}
    for f in [fact, *mentions]:
        for k in ("key", "type", "date", "issuer", "subject"):
            if f.fields.get(k) and k not in merged:
                merged[k] = str(f.fields[k])
    head = f"{merged.get('type', '')} {merged.get('key', '')}".strip()
    if merged.get("key", "").startswith(merged.get("type", "\0")):
        head = merged["key"]
    parts = [head]
    if merged.get("date"):
        parts.append(f"ngày {merged['date']}")
    if merged.get("issuer"):
        parts.append(f"của {merged['issuer']}")
    if merged.get("subject"):
        parts.append(f"về {merged['subject']}")
    return " ".join(parts) + "."
