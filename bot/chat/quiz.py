"""Quizzes made from the extracted facts: a cloze or a question phrased for the fact's kind.

Each quiz has four options: the fact's own value and three distractors of the same kind taken
from the corpus (other figures of the same unit and scale, other dates of the same precision
nearby, other frameworks or countries, other people with a similar title, other document numbers
of the same type). Only a fact whose value is unambiguous in its sentence becomes a question.
Every text fits Telegram's quiz-poll limits. Nothing here imports Telegram.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.chat.i18n import t
from bot.chat.quiz_topics import Topic, Wanted
from bot.models import Fact, FactKind
from bot.text import DateValue, fold, tokens
from bot.vocabulary import lexicon

# Telegram's limits for a quiz poll (telegram.constants.PollLimit; a test checks they agree).
QUESTION_LIMIT = 300
OPTION_LIMIT = 100
EXPLANATION_LIMIT = 200
OPTIONS = 4
BLANK = "___"

_NUMBER = re.compile(r"\d[\d.,]*\d|\d")
_CODE_KEY = re.compile(r"^(\d+)-([A-Z]+)/TW$")
_NO_SPAN = (0, 0)


# What each kind gives: topic, question, answer, distractors best first, the answer's span in
# the sentence (for the explanation; (0, 0) when the question is phrased, not a cloze).
Made = tuple["Topic", str, str, list[str], tuple[int, int]]


@dataclass(frozen=True)
class Quiz:
    """One quiz question: exactly one of `options` (at `correct`) is the fact's value."""

    fact: Fact
    topic: Topic
    question: str
    options: tuple[str, ...]
    correct: int
    explanation: str

    @property
    def answer(self) -> str:
        return self.options[self.correct]


def _format_number(number: str) -> str:
    """'50000' -> '50.000', '2.85' -> '2,85': numbers as the articles write them."""
    whole, _, decimals = number.partition(".")
    grouped = f"{int(whole):,}".replace(",", ".") if whole.isdigit() else whole
    return grouped + ("," + decimals if decimals else "")


def _fit(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _around(text: str, start: int, end: int, limit: int) -> str:
    """The clause of `text` holding [start, end), cut around it to at most `limit` characters."""
    left = max(text.rfind(";", 0, start), text.rfind(". ", 0, start))
    right_candidates = [i for i in (text.find(";", end), text.find(". ", end)) if i != -1]
    lo = left + 1 if left != -1 else 0
    hi = min(right_candidates) if right_candidates else len(text)
    clause = text[lo:hi].strip()
    offset = text.index(clause, lo)
    start, end = start - offset, end - offset
    if len(clause) <= limit:
        return clause
    room = max(0, limit - (end - start) - 2)
    lo = max(0, start - room // 2)
    hi = min(len(clause), lo + (end - start) + room)
    lo = max(0, hi - (end - start) - room)
    return ("…" if lo else "") + clause[lo:hi].strip() + ("…" if hi < len(clause) else "")


def _source(fact: Fact) -> str:
    parts = [fact.source.outlet or fact.source.title, fact.source.published]
    return ", ".join(p for p in parts if p)


def _date_pattern(when: DateValue) -> re.Pattern[str]:
    y, m, d = when.year, when.month, when.day
    if when.precision == "day":
        return re.compile(
            rf"(?<!\d)0?{d}\s*[/.-]\s*0?{m}\s*[/.-]\s*{y}(?!\d)"
            rf"|(?<!\d)0?{d} tháng 0?{m} năm {y}(?!\d)"
        )
    if when.precision == "month":
        return re.compile(rf"(?<![\d/.])0?{m}\s*[/-]\s*{y}(?!\d)|(?<!\d)0?{m} năm {y}(?!\d)")
    return re.compile(rf"(?<![\d/.\-–] )(?<![\d/.\-–]){y}(?![\d/]| ?[-–] ?\d)")


def _ordinal(d: DateValue) -> int:
    return d.year * 372 + max(d.month, 1) * 31 + max(d.day, 1)


# Words that say nothing about what a figure counts.
_PLAIN_WORDS = frozenset(
    [
        "va",
        "voi",
        "cua",
        "cac",
        "nhung",
        "mot",
        "da",
        "co",
        "la",
        "duoc",
        "hon",
        "tren",
        "gan",
        "khoang",
        "den",
        "nay",
        "viet",
        "nam",
        "ta",
        "nuoc",
        "trong",
        "tu",
        "len",
        "vuot",
        "moc",
    ]
)


def _counted(fact: Fact) -> set[str]:
    """The words around a figure in its clause: what it counts, roughly."""
    raw = str(fact.fields.get("raw") or "")
    at = fact.sentence.find(raw)
    if at == -1:
        return set()
    clause = _around(fact.sentence, at, at + len(raw), 90)
    return {w for w in tokens(clause) if not w[0].isdigit() and w not in _PLAIN_WORDS}


def _same_quantity(fact: Fact, other: Fact) -> bool:
    """Whether `other` likely counts the same thing otherwise (224 markets vs. more than 230
    countries and territories of trade): as a distractor it would be a second right answer."""
    if tokens(fact.sentence) == tokens(other.sentence):
        return False  # figures of one sentence count different things
    mine, theirs = _counted(fact), _counted(other)
    return bool(mine and theirs) and len(mine & theirs) / len(mine | theirs) >= 0.4


class QuizMaker:
    """Quizzes over one set of facts; the distractor pools are gathered once."""

    def __init__(self, facts: Sequence[Fact]) -> None:
        self.facts = list(facts)
        by_kind: dict[FactKind, list[Fact]] = {}
        for f in self.facts:
            by_kind.setdefault(f.kind, []).append(f)
        self.figures = by_kind.get(FactKind.FIGURE, [])
        self.partners = by_kind.get(FactKind.PARTNER, [])
        self.documents = by_kind.get(FactKind.DOCUMENT, [])
        self.people = by_kind.get(FactKind.PERSON, [])
        self.events = by_kind.get(FactKind.EVENT, [])
        corpus = fold(" ".join(dict.fromkeys(f.sentence for f in self.facts)))
        self.frameworks = list(
            dict.fromkeys(
                [str(f.fields["framework"]) for f in self.partners]
                + [name for name, key in lexicon().frameworks if key in corpus]
            )
        )
        named: list[str] = [str(f.fields["country"]) for f in self.partners]
        for sentence in dict.fromkeys(f.sentence for f in self.facts):
            named += lexicon().countries_in(sentence)
        self.countries = list(dict.fromkeys(c for c in named if c != "Việt Nam"))
        self.dates = sorted({DateValue.from_iso(f.date) for f in self.events if f.date})
        self.titles: dict[str, set[str]] = {}
        for f in self.people:
            self.titles.setdefault(str(f.fields["name"]), set()).update(
                str(x) for x in f.fields.get("titles") or [f.fields["role"]]
            )

    # -- choosing -----------------------------------------------------------------------------

    def candidates(self, wanted: Wanted | None = None) -> list[Fact]:
        """The facts of a quizzable kind that match what was asked, in corpus order."""
        wanted = wanted or Wanted()
        kinds = {
            Topic.FIGURE: FactKind.FIGURE,
            Topic.DATE: FactKind.EVENT,
            Topic.PERSON: FactKind.PERSON,
            Topic.PARTNER: FactKind.PARTNER,
            Topic.DOCUMENT: FactKind.DOCUMENT,
        }
        allowed = {kinds[wanted.topic]} if wanted.topic else set(kinds.values())
        out = []
        for f in self.facts:
            if f.kind not in allowed:
                continue
            if wanted.year is not None and not (
                (f.date or "").startswith(str(wanted.year)) or str(wanted.year) in f.sentence
            ):
                continue
            if wanted.words:
                have = set(tokens(f.sentence + " " + f.text))
                if not all(w in have for w in wanted.words):
                    continue
            out.append(f)
        return out

    def quiz(self, fact: Fact, lang: str = "vi") -> Quiz | None:
        """A quiz from `fact`, or None when its value is ambiguous or distractors are lacking."""
        made: Made | None
        if fact.kind is FactKind.FIGURE:
            made = self._figure(fact, lang)
        elif fact.kind is FactKind.EVENT:
            made = self._event(fact, lang)
        elif fact.kind is FactKind.PARTNER:
            made = self._partner(fact, lang)
        elif fact.kind is FactKind.DOCUMENT:
            made = self._document(fact, lang)
        elif fact.kind is FactKind.PERSON:
            made = self._person(fact, lang)
        else:
            made = None
        if made is None:
            return None
        return self._finish(fact, made, lang)

    def all(self, lang: str = "vi") -> list[Quiz]:
        """Every quiz the facts give."""
        return [q for f in self.candidates() if (q := self.quiz(f, lang)) is not None]

    # -- finishing ----------------------------------------------------------------------------

    def _finish(self, fact: Fact, made: Made, lang: str) -> Quiz | None:
        topic, question, answer, pool, (start, end) = made
        if len(question) > QUESTION_LIMIT or not answer or len(answer) > OPTION_LIMIT:
            return None
        seen = {fold(answer)}
        distractors: list[str] = []
        for option in pool:
            key = fold(option)
            if key in seen or not option or len(option) > OPTION_LIMIT:
                continue
            seen.add(key)
            distractors.append(option)
            if len(distractors) == OPTIONS - 1:
                break
        if len(distractors) < OPTIONS - 1:
            return None
        options = [answer, *distractors]
        seed = int.from_bytes(hashlib.blake2b(fact.id.encode(), digest_size=4).digest(), "big")
        random.Random(seed).shuffle(options)
        label = t("quiz_explanation", lang, answer=answer, source=_source(fact))
        room = EXPLANATION_LIMIT - len(label) - 3
        context = _around(fact.sentence, start, end, room) if end else _fit(fact.text, room)
        explanation = label if room < 20 else f"{context} — {label}"
        return Quiz(fact, topic, question, tuple(options), options.index(answer), explanation[:200])

    def _cloze(self, fact: Fact, start: int, end: int, lang: str) -> str:
        prefix = t("quiz_cloze", lang) + " "
        text = fact.sentence
        room = QUESTION_LIMIT - len(prefix) - 2
        clause = _around(text[:start] + BLANK + text[end:], start, start + len(BLANK), room)
        return prefix + "«" + clause + "»"

    # -- each kind ----------------------------------------------------------------------------

    def _figure(self, fact: Fact, lang: str) -> Made | None:
        raw, number = str(fact.fields.get("raw") or ""), str(fact.fields.get("number") or "")
        unit = str(fact.fields.get("unit") or "")
        surface = _NUMBER.search(raw)
        if not surface or "/" in number or re.search(r"\d", unit) or fact.sentence.count(raw) != 1:
            return None
        at = fact.sentence.index(raw) + surface.start()
        mentions = [m for m in _NUMBER.finditer(fact.sentence) if m.group() == surface.group()]
        if len(mentions) != 1 or fact.sentence[at + len(surface.group()) :].startswith("/"):
            return None
        value = float(fact.fields["value"])
        scale = fact.fields.get("multiplier")
        head = fold(unit).split()[:1]

        def rank(other: Fact) -> tuple[int, float]:
            other_unit = fold(str(other.fields.get("unit") or ""))
            same = 0 if other_unit == fold(unit) else 1 if other_unit.split()[:1] == head else 2
            other_value = float(other.fields["value"]) or 1.0
            return same, abs(other_value - value) / max(value, 1.0)

        others = [
            o
            for o in self.figures
            if fold(str(o.fields.get("multiplier") or "")) == fold(str(scale or ""))
            and "/" not in str(o.fields.get("number"))
            and float(o.fields["value"]) != value
            and 0.1 <= (float(o.fields["value"]) or 1.0) / max(value, 1e-9) <= 10
            and not _same_quantity(fact, o)
        ]
        pool = [_format_number(str(o.fields["number"])) for o in sorted(others, key=rank)]
        question = self._cloze(fact, at, at + len(surface.group()), lang)
        return Topic.FIGURE, question, surface.group(), pool, (at, at + len(surface.group()))

    def _event(self, fact: Fact, lang: str) -> Made | None:
        if not fact.date:
            return None
        dates = {e.date for e in self.events if e.sentence_id == fact.sentence_id}
        when = DateValue.from_iso(fact.date)
        found = list(_date_pattern(when).finditer(fact.sentence))
        if len(dates) != 1 or len(found) != 1:
            return None
        same = [d for d in self.dates if d.precision == when.precision and d != when]
        nearby = sorted(same, key=lambda d: abs(_ordinal(d) - _ordinal(when)))
        question = self._cloze(fact, found[0].start(), found[0].end(), lang)
        span = found[0].span()
        return Topic.DATE, question, when.display(), [d.display() for d in nearby], span

    def _partner(self, fact: Fact, lang: str) -> Made | None:
        country, framework = str(fact.fields["country"]), str(fact.fields["framework"])
        since = fact.fields.get("since")
        steps = [p for p in self.partners if p.fields["country"] == country]
        if since:
            same = [
                p
                for p in self.partners
                if p.fields.get("since") == since and p.fields["framework"] == framework
            ]
            if len(same) == 1 and len({str(p.fields["framework"]) for p in steps}) > 1:
                # The country's history has several steps: ask who, not which step.
                pool = [c for c in self.countries if c != country]
                question = t("quiz_partner_country", lang, framework=framework, since=since)
                return Topic.PARTNER, question, country, pool, _NO_SPAN
            question = t("quiz_partner_since", lang, country=country, since=since)
        elif len({str(p.fields["framework"]) for p in steps}) == 1:
            question = t("quiz_partner", lang, country=country)
        else:
            return None
        others = [f for f in self.frameworks if f != framework]
        return Topic.PARTNER, question, framework, others, _NO_SPAN

    def _document(self, fact: Fact, lang: str) -> Made | None:
        key = str(fact.fields.get("key") or "")
        m = _CODE_KEY.match(key)
        date, issuer = fact.fields.get("date"), fact.fields.get("issuer")
        if not m or not date or not issuer:
            return None
        code = m[2]
        same_date = {
            str(d.fields.get("key")) for d in self.documents if d.fields.get("date") == date
        }
        if len(same_date) != 1:
            return None
        keys = [str(d.fields.get("key")) for d in self.documents if d.fields.get("code") == code]
        numbers = [str(d.fields.get("number")) for d in self.documents]
        pool = [k for k in keys if _CODE_KEY.match(k)] + [f"{n}-{code}/TW" for n in numbers]
        subject = str(fact.fields.get("subject") or "")
        about = t("quiz_about", lang, subject=_fit(subject, 140)) if subject else ""
        question = t(
            "quiz_document",
            lang,
            type=fact.fields.get("type"),
            date=date,
            issuer=issuer,
            about=about,
        )
        return Topic.DOCUMENT, question, key, pool, _NO_SPAN

    def _person(self, fact: Fact, lang: str) -> Made | None:
        name = str(fact.fields["name"])
        if fact.sentence.count(name) != 1:
            return None
        at = fact.sentence.index(name)
        mine = {w for title in self.titles.get(name, set()) for w in tokens(title)}

        def likeness(other: str) -> float:
            theirs = {w for title in self.titles[other] for w in tokens(title)}
            return -len(mine & theirs) / max(1, len(mine | theirs))

        others = [n for n in self.titles if n != name and n not in fact.sentence]
        pool = sorted(others, key=lambda n: (likeness(n), n))
        question = self._cloze(fact, at, at + len(name), lang)
        return Topic.PERSON, question, name, pool, (at, at + len(name))
