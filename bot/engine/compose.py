"""What a user reads first: the asked value, then the passage it comes from.

"khi nào" gets the date first (also when the sentence says "sáng nay" or the date is in the
sentence before), "bao nhiêu" the figure, "ai" the person with the title; a sentence that opens
with "Đây", "Hai bên" or "Nghị quyết này" comes after the sentence it refers to; exam and list
questions get a list fact or the consecutive sentences of the passage, within 600 characters.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.engine.passage import Entry, Scored, holds_title, opens_with_reference, refers_back
from bot.engine.query import Intent, Question
from bot.engine.ranking import Index
from bot.ingest.dates import find_dates
from bot.ingest.recognise import clause_around
from bot.models import Fact, FactKind
from bot.text import DateValue, fold, tokens

# What a list answer may hold: the first 600 characters are what a reader (and a phone) sees.
LIST_LIMIT = 600


def compose(index: Index, ranked: list[Scored], q: Question) -> tuple[str, list[Fact]]:
    """The answer text for the first passage, and the facts it shows, the answering one first."""
    top = _definitional(ranked) if q.intent in _EXPLAINED else ranked[0]
    entry = top.entry
    facts = index.ordered_facts(entry, q)
    first = facts[0]
    if (
        first.kind is FactKind.DOCUMENT
        and q.documents
        and q.intent not in (Intent.LIST, Intent.REASON)
    ):
        mentions = index.document_mentions[(first.fields.get("code"), first.fields.get("number"))]
        summary = document_summary(first, mentions)
        # A bare mention ("Chỉ thị 45.") says less than the sentence around it.
        if len(summary.split()) > 4:
            return summary, facts
    lists = [f for f in facts if f.kind in (FactKind.LIST, FactKind.LESSON)]
    if lists and (
        q.intent in (Intent.FIGURE, Intent.WHAT, Intent.LIST)
        or len(set(q.words) & set(tokens(lists[0].fields["heading"]))) >= 2
    ):
        return lists[0].text, facts
    sentences = [entry]
    before = _antecedent(index, entry)
    if before is not None:
        sentences.insert(0, before)
    if q.intent in _EXPLAINED:
        # Passages as good as the first one say more of what was asked, then what follows it.
        for other in ranked[:3]:
            room = LIST_LIMIT - sum(len(e.sentence.text) + 1 for e in sentences)
            if (
                other.score >= ranked[0].score - 0.05
                and not other.unmet
                and other.entry not in sentences
                and len(other.entry.sentence.text) <= room
            ):
                sentences.append(other.entry)
        room = LIST_LIMIT - sum(len(e.sentence.text) + 1 for e in sentences)
        sentences += _following(index, entry, room, same_paragraph=q.intent is not Intent.LIST)
    body = " ".join(focus(e.sentence.text, q) if e is entry else e.sentence.text for e in sentences)
    if before is None and entry.sentence.refers_to:
        body = f"{entry.sentence.refers_to} — {body}"
    value = asked_value(index, entry, q, facts)
    text = (
        f"{value}: {body}" if value and fold(value) not in fold(body)[: len(value) + 40] else body
    )
    extra = [f for e in sentences if e is not entry for f in e.sentence.facts[:1]]
    return text, facts + extra


_EXPLAINED = (Intent.LIST, Intent.WHAT, Intent.REASON)


# A sentence longer than this that enumerates (";") is shown by its head and the clause asked.
FOCUS_LENGTH = 400


def focus(text: str, q: Question) -> str:
    """A long enumeration ("… như: Chỉ thị số 12 …; Chỉ thị số 15 …; Kết luận số 53 …") cut to
    its head and the clause that holds what was asked, so the answer shows it within reach."""
    if len(text) <= FOCUS_LENGTH or ";" not in text:
        return text
    head, colon, rest = text.partition(":")
    if not colon or len(head) > FOCUS_LENGTH:
        head, rest = "", text
    clauses = [c.strip() for c in rest.split(";") if c.strip()]
    asked = set(q.words) | {n for _, n in q.documents}
    years = {str(y) for y in q.constraints.years}

    def weight(clause: str) -> int:
        words = set(tokens(clause))
        return len(asked & words) + 2 * len(years & words)

    best = max(clauses, key=weight)
    if weight(best) == 0 or (clauses.index(best) == 0 and len(head) + len(best) > FOCUS_LENGTH):
        return text
    shown = f"{head}: … {best}" if head else f"… {best}"
    return shown if shown.endswith((".", "…")) else shown + " …"


def _definitional(ranked: list[Scored]) -> Scored:
    """Of the passages as good as the first, the one that says what the thing is ("… là …",
    "… đó là …"), the shorter first: a definition, not a sentence that merely names it."""
    tied = [s for s in ranked[:4] if s.score >= ranked[0].score - 0.05 and not s.unmet]
    if len(tied) < 2:
        return ranked[0]
    return min(
        tied,
        key=lambda s: (
            not _DEFINES.search(fold(s.entry.sentence.text)),
            len(s.entry.sentence.text),
        ),
    )


_DEFINES = re.compile(r"\b(la|do la|chinh la|tuc la)\b|:")


def asked_value(index: Index, entry: Entry, q: Question, facts: list[Fact]) -> str | None:
    """The value the question asks for, as it should open the answer, when the passage has it."""
    if q.intent is Intent.DATE:
        date = passage_date(index, entry, q)
        return date.display() if date else None
    if q.intent is Intent.FIGURE and not q.asks_ordinal:
        figures = [f for f in facts if f.kind is FactKind.FIGURE]
        if not figures:
            return None
        # The figure that counts what was asked, of the clause that says most of the question:
        # "quan hệ ngoại giao với 189 quốc gia", not "thương mại với hơn 230 nước".
        counting = [f for f in figures if index.gates.counts_what_asked(f, q.counted)] or figures
        asked = set(q.words)
        # An enumeration's count of the one the question names ("Việt Nam (145)") first.
        best = max(
            counting,
            key=lambda f: (
                bool(f.fields.get("holder")) and set(tokens(str(f.fields["holder"]))) <= asked,
                len(asked & index.predicate(f)),
            ),
        )
        if best.fields.get("holder"):
            return f"{best.fields['number']} {best.fields['unit']}"
        return str(best.fields.get("raw") or "") or None
    if q.intent is Intent.PERSON:
        people = [f for f in facts if f.kind is FactKind.PERSON]
        if q.title:
            # Nobody named with the title asked ("Tổng Thư ký Liên Hợp Quốc" met by the Prime
            # Minister): the sentence answers without a name put first.
            title = q.title
            people = [f for f in people if holds_title(str(f.fields.get("role", "")), title)]
        return people[0].text if people else None
    return None


def passage_date(index: Index, entry: Entry, q: Question) -> DateValue | None:
    """The date a sentence speaks of: its own (with "sáng nay" read from the article's date),
    else the one of the sentence before it in its paragraph. Of several, the date of the clause
    that says most of the question, then the most precise."""
    article = index.article(entry.sentence.article)
    asked = set(q.words)
    for candidate in (entry, _previous(index, entry)):
        if candidate is None:
            continue
        text = candidate.sentence.text
        dates = find_dates(text, article.published)
        if dates:
            return max(
                dates,
                key=lambda pd: (
                    len(asked & set(tokens(_segment_around(text, pd[0])))),
                    len(asked & set(tokens(clause_around(text, pd[0])))),
                    pd[1].day > 0,
                    pd[1].month > 0,
                ),
            )[1]
    return None


def _segment_around(text: str, pos: int) -> str:
    """The comma-separated piece of a sentence that holds position `pos`: of "Chuyến thăm
    Trung Quốc (tháng 10/2022), đón Tổng thống Joe Biden thăm Việt Nam (tháng 9/2023)", the
    second date's piece is the one about Biden."""
    start = max(text.rfind(",", 0, pos), text.rfind(";", 0, pos)) + 1
    ends = [i for i in (text.find(",", pos), text.find(";", pos)) if i >= 0]
    return text[start : min(ends) if ends else len(text)]


def _previous(index: Index, entry: Entry) -> Entry | None:
    before = index.entry(entry.sentence.id - 1)
    if before is None:
        return None
    same = (before.sentence.article, before.sentence.paragraph) == (
        entry.sentence.article,
        entry.sentence.paragraph,
    )
    return before if same else None


def _antecedent(index: Index, entry: Entry) -> Entry | None:
    """The sentence a sentence referring back ("Đây", "Hai bên", "những người này") speaks of."""
    text = entry.sentence.text
    if not (opens_with_reference(text) or refers_back(text)):
        return None
    before = index.entry(entry.sentence.id - 1)
    if before is None:
        return None
    return before if before.sentence.article == entry.sentence.article else None


def _following(index: Index, entry: Entry, room: int, *, same_paragraph: bool) -> list[Entry]:
    """The sentences after one in its article (or its paragraph), as many as fit in `room`
    characters."""
    out: list[Entry] = []
    sid = entry.sentence.id + 1
    while room > 0:
        nxt = index.entry(sid)
        if nxt is None or nxt.sentence.article != entry.sentence.article or nxt.sentence.caption:
            break
        if same_paragraph and nxt.sentence.paragraph != entry.sentence.paragraph:
            break
        if len(nxt.sentence.text) + 1 > room:
            break
        out.append(nxt)
        room -= len(nxt.sentence.text) + 1
        sid += 1
    return out


def document_summary(fact: Fact, all_facts: Iterable[Fact]) -> str:
    """'Nghị quyết số 34-NQ/TW — ngày 9/1/2023, Bộ Chính trị: về ...' from every mention."""
    number = fact.fields.get("number")
    code = fact.fields.get("code")
    mentions = [
        f
        for f in all_facts
        if f.kind is FactKind.DOCUMENT
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
