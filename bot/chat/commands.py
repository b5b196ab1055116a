"""What the bot's commands and free-text answering do, one implementation for terminal and Telegram.

Every method returns a `Reply`; `bot.chat.registry` names the commands and dispatches to these
methods, and `render.py` turns a Reply into terminal text or Telegram HTML. Nothing here imports
Telegram.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable

from rapidfuzz import fuzz

from bot.chat.i18n import t
from bot.chat.reply import Item, Reply
from bot.engine.answer import Engine, document_summary
from bot.models import Fact, FactKind
from bot.storage.store import Store
from bot.text import DateError, DateValue, clean, fold, parse_user_date, tokens
from bot.vocabulary import lexicon

PAGE_SIZE = 8
MAX_QUESTION = 500


def _paged(reply: Reply, items: list[Item], page: int, size: int = PAGE_SIZE) -> Reply:
    reply.pages = max(1, -(-len(items) // size))
    reply.page = min(max(1, page), reply.pages)
    start = (reply.page - 1) * size
    reply.items = items[start : start + size]
    return reply


def _unique(facts: Iterable[Fact], key: Callable[[Fact], object]) -> list[Fact]:
    seen: set[object] = set()
    out = []
    for f in facts:
        k = key(f)
        if k not in seen:
            seen.add(k)
            out.append(f)
    return out


class Commands:
    """Every command of the bot over one engine; methods return Replies."""

    def __init__(
        self, engine: Engine, store: Store | None = None, page_size: int = PAGE_SIZE
    ) -> None:
        self.engine = engine
        self.store = store
        # Telegram pages with buttons; a terminal, which has none, asks for everything at once.
        self.page_size = page_size

    def of_kind(self, *kinds: FactKind) -> list[Fact]:
        return [f for f in self.engine.extraction.facts if f.kind in kinds]

    # -- commands ------------------------------------------------------------------------

    def about(self, arg: str, lang: str, page: int = 1) -> Reply:
        ex = self.engine.extraction
        outlets = sorted({a.outlet for a in ex.articles if a.outlet})
        dates = sorted(a.published for a in ex.articles if a.published)
        counts = Counter(str(f.kind) for f in ex.facts)
        items = [
            Item(t("about_articles", lang, count=len(ex.articles))),
            Item(t("about_outlets", lang, outlets=", ".join(outlets) or "—")),
        ]
        if dates:
            items.append(
                Item(t("about_published", lang, first=dates[0].display(), last=dates[-1].display()))
            )
        items += [
            Item(f"{a.title} ({a.outlet or '—'}, {a.published.display() if a.published else '—'})")
            for a in ex.articles
        ]
        facts = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
        items.append(Item(t("about_facts", lang, facts=facts)))
        return Reply(found=True, title=t("about", lang), items=items, command="about")

    def partners(self, arg: str, lang: str, page: int = 1) -> Reply:
        facts = self.of_kind(FactKind.PARTNER)
        query = clean(arg)
        title = t("partners", lang)
        if query:
            wanted = set(lexicon().countries_in(query, query=True))
            if not wanted:
                names = {f.fields["country"] for f in facts}
                wanted = {n for n in names if fuzz.WRatio(fold(query), fold(n)) >= 85}
            facts = [f for f in facts if f.fields["country"] in wanted]
            if not facts:
                known = (
                    ", ".join(sorted({f.fields["country"] for f in self.of_kind(FactKind.PARTNER)}))
                    or "—"
                )
                return Reply(
                    found=False,
                    intro=t("partners_none", lang, query=query[:60], known=known),
                    command="partners",
                )
        items: list[Item] = []
        if not query:
            for f in _unique(self._partner_counts(), lambda f: f.sentence_id):
                items.append(Item(f"{t('partner_counts', lang)}: {f.sentence}", f))
        for f in sorted(facts, key=lambda f: (f.fields["country"], f.date or "")):
            since = f.fields.get("since")
            line = f"{f.fields['country']}: {f.fields['framework']}" + (
                " (" + t("since", lang, since=since) + ")" if since else ""
            )
            items.append(Item(line + f"\n   «{f.sentence}»", f))
        return Reply(found=bool(items), title=title, items=items, command="partners", arg=query)

    def _partner_counts(self) -> list[Fact]:
        out = []
        for f in self.of_kind(FactKind.FIGURE):
            sentence = fold(f.sentence)
            unit = fold(str(f.fields.get("unit", "")))
            if "doi tac chien luoc" in sentence and (
                unit in {"nuoc", "quoc gia", "doi tac"} or "doi tac" in unit
            ):
                out.append(f)
        return out

    def lessons(self, arg: str, lang: str, page: int = 1) -> Reply:
        facts = _unique(self.of_kind(FactKind.LESSON), lambda f: tuple(f.fields["items"]))
        if not facts:
            return Reply(found=False, intro=t("lessons_none", lang), command="lessons")
        items = []
        for f in facts:
            items.append(Item(f.fields["heading"], f))
            items += [Item(f"{n}. {text}") for n, text in enumerate(f.fields["items"], 1)]
        return Reply(found=True, title=t("lessons", lang), items=items, command="lessons")

    def event(self, arg: str, lang: str, page: int = 1) -> Reply:
        if not clean(arg):
            return Reply(
                found=False, intro=t("event_usage", lang, **self.date_examples()), command="event"
            )
        try:
            when = parse_user_date(arg)
        except DateError as exc:
            return Reply(
                found=False,
                intro=t("event_bad", lang, reason=str(exc).capitalize(), **self.date_examples()),
                command="event",
            )
        events = self._events()
        hits = [f for f in events if when.contains(DateValue.from_iso(f.date or "0"))]
        if not hits:
            dates = sorted(
                {DateValue.from_iso(f.date or "0") for f in events if f.date},
                key=lambda d: abs(_ordinal(d) - _ordinal(when)),
            )
            nearest = ", ".join(d.display() for d in sorted(dates[:3])) or "—"
            return Reply(
                found=False,
                intro=t("event_none", lang, date=when.display(), nearest=nearest),
                command="event",
            )
        items = [Item(f"{DateValue.from_iso(f.date or '0').display()}: {f.text}", f) for f in hits]
        return _paged(
            Reply(
                found=True,
                title=t("events_on", lang, date=when.display()),
                command="event",
                arg=arg,
            ),
            items,
            page,
            self.page_size,
        )

    def _events(self) -> list[Fact]:
        events = _unique(self.of_kind(FactKind.EVENT), lambda f: (f.date, fold(f.text)[:80]))
        return sorted(events, key=lambda f: (f.date or "", f.source.file, f.source.paragraph))

    def timeline(self, arg: str, lang: str, page: int = 1) -> Reply:
        events = self._events()
        query = clean(arg)
        if query:
            try:
                when = parse_user_date(query)
            except DateError as exc:
                return Reply(
                    found=False,
                    intro=t(
                        "event_bad", lang, reason=str(exc).capitalize(), **self.date_examples()
                    ),
                    command="timeline",
                )
            events = [f for f in events if when.contains(DateValue.from_iso(f.date or "0"))]
        items = [
            Item(f"{DateValue.from_iso(f.date or '0').display()}: {f.text}", f) for f in events
        ]
        if not items:
            return Reply(
                found=False,
                intro=t("event_none", lang, date=query, nearest="—"),
                command="timeline",
            )
        return _paged(
            Reply(found=True, title=t("timeline", lang), command="timeline", arg=query),
            items,
            page,
            self.page_size,
        )

    def figures(self, arg: str, lang: str, page: int = 1) -> Reply:
        facts = _unique(
            self.of_kind(FactKind.FIGURE),
            lambda f: (f.fields.get("number"), fold(str(f.fields.get("unit")))),
        )
        query = clean(arg)
        if query:
            words = set(tokens(self.engine.correct_text(query)))
            facts = [f for f in facts if words & set(tokens(f.sentence))]
            facts.sort(
                key=lambda f: (
                    -len(words & set(tokens(str(f.fields.get("unit")) + " " + f.sentence)))
                )
            )
            if not facts:
                return Reply(
                    found=False, intro=t("figures_none", lang, query=query[:60]), command="figures"
                )
        items = [Item(f"{f.fields.get('raw')}: {f.sentence}", f) for f in facts]
        return _paged(
            Reply(found=True, title=t("figures", lang), command="figures", arg=query),
            items,
            page,
            self.page_size,
        )

    def documents(self, arg: str, lang: str, page: int = 1) -> Reply:
        facts = self.of_kind(FactKind.DOCUMENT)
        merged = _unique(
            sorted(facts, key=lambda f: (not f.fields.get("date"), f.fields.get("key", ""))),
            lambda f: (f.fields.get("code"), f.fields.get("number")),
        )
        query = fold(clean(arg)).replace(" ", "")
        if query:
            merged = [
                f
                for f in merged
                if query in fold(str(f.fields.get("key"))).replace(" ", "")
                or query == str(f.fields.get("number"))
                or query in fold(f.text).replace(" ", "")
            ]
            if not merged:
                return Reply(
                    found=False,
                    intro=t("documents_none", lang, query=clean(arg)[:60]),
                    command="documents",
                )
        mentions = self.engine.document_mentions
        items = [
            Item(
                document_summary(
                    f, mentions.get((f.fields.get("code"), f.fields.get("number")), [])
                ),
                f,
            )
            for f in sorted(merged, key=lambda f: f.date or "9999")
        ]
        return _paged(
            Reply(found=True, title=t("documents", lang), command="documents", arg=clean(arg)),
            items,
            page,
            self.page_size,
        )

    def people(self, arg: str, lang: str, page: int = 1) -> Reply:
        facts = self.of_kind(FactKind.PERSON)
        roles: dict[str, list[str]] = {}
        first: dict[str, Fact] = {}
        for f in facts:
            name = f.fields["name"]
            first.setdefault(name, f)
            if f.fields["role"] not in roles.setdefault(name, []):
                roles[name].append(f.fields["role"])
        names = list(first)
        query = fold(clean(arg))
        if query:
            names = [
                n
                for n in names
                if query in fold(n)
                or fuzz.partial_ratio(query, fold(n)) >= 85
                or any(query in fold(r) for r in roles[n])
            ]
            if not names:
                return Reply(
                    found=False,
                    intro=t("people_none", lang, query=clean(arg)[:60]),
                    command="people",
                )
        items = [Item(f"{n} — {'; '.join(roles[n])}", first[n]) for n in names]
        return _paged(
            Reply(found=True, title=t("people", lang), command="people", arg=clean(arg)),
            items,
            page,
            self.page_size,
        )

    def source(self, arg: str, lang: str, page: int = 1) -> Reply:
        fact_id = clean(arg).lower().removeprefix("f_")
        example = self.engine.extraction.facts[0].id if self.engine.extraction.facts else "abc123"
        if not fact_id:
            return Reply(
                found=False, intro=t("source_usage", lang, example=example), command="source"
            )
        fact = self.engine.facts.get(fact_id)
        if fact is None:
            return Reply(
                found=False, intro=t("source_none", lang, query=fact_id[:40]), command="source"
            )
        paragraph = self.paragraph_of(fact)
        items = [Item(fact.text, fact), Item(f"«{paragraph}»")]
        return Reply(
            found=True,
            title=f"{t('source', lang)} [{fact.id}] ({fact.kind})",
            items=items,
            command="source",
        )

    def paragraph_of(self, fact: Fact) -> str:
        ex = self.engine.extraction
        article = ex.articles[ex.sentences[fact.sentence_id].article]
        for p in article.paragraphs:
            if p.index == fact.source.paragraph:
                return p.text
        return fact.sentence

    async def search(self, arg: str, lang: str, page: int = 1) -> Reply:
        query = clean(arg)
        if not tokens(query):
            return Reply(found=False, intro=t("search_usage", lang), command="search")
        ids = await self.store.search_fts(query, limit=40) if self.store else []
        facts = _unique(
            (self.engine.facts[i] for i in ids if i in self.engine.facts), lambda f: f.sentence_id
        )
        if not facts:
            return Reply(
                found=False, intro=t("search_none", lang, query=query[:60]), command="search"
            )
        items = [Item(f.sentence, f) for f in facts]
        return _paged(
            Reply(found=True, title=t("search", lang), command="search", arg=query),
            items,
            page,
            self.page_size,
        )

    def date_examples(self) -> dict[str, str]:
        """A day, month and year the articles report events on, as /event takes them."""
        day = self.engine.example_date or "01-01-2024"
        return {"day": day, "month": day[3:], "year": day[6:]}

    # -- free text -----------------------------------------------------------------------

    def ask(self, text: str, lang: str) -> Reply:
        if not clean(text) or not tokens(text):
            return Reply(found=False, intro=t("empty", lang), suggestions=["/help"])
        answer = self.engine.answer(text[:MAX_QUESTION])
        footer = t("too_long", lang) if len(text) > MAX_QUESTION else None
        if answer.found:
            return Reply(found=True, intro=answer.answer, answer=answer, footer=footer)
        if answer.notice == "did_you_mean":
            return Reply(
                found=False,
                intro=t("did_you_mean", lang),
                answer=answer,
                suggestions=answer.suggestions,
                did_you_mean=True,
                footer=footer,
            )
        from bot.chat.registry import example_lines

        return Reply(
            found=False,
            intro=t("not_found", lang) + "\n" + t("not_found_hint", lang),
            answer=answer,
            suggestions=example_lines(self.engine),
            footer=footer,
        )


def _ordinal(d: DateValue) -> int:
    return d.year * 372 + max(d.month, 1) * 31 + max(d.day, 1)
