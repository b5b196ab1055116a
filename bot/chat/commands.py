"""What the bot's commands and free-text answering do, one implementation for terminal and Telegram.

Every method returns a `Reply`; `bot.chat.registry` names the commands and dispatches to these
methods, and `render.py` turns a Reply into terminal text or Telegram HTML. Nothing here imports
Telegram.
"""

from __future__ import annotations

from rapidfuzz import fuzz

from bot.chat import grouping
from bot.chat.articles import ArticleCommands
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


def _item(text: str, group: list[Fact]) -> Item:
    """An item showing the first fact of a group, citing all of them."""
    return Item(text, group[0], also=group[1:])


class Commands(ArticleCommands):
    """Every command of the bot over one engine; methods return Replies."""

    def __init__(
        self, engine: Engine, store: Store | None = None, page_size: int = PAGE_SIZE
    ) -> None:
        self.engine = engine
        self.store = store
        # Telegram pages with buttons; a terminal, which has none, asks for everything at once.
        self.page_size = page_size

    def of_kind(self, *kinds: FactKind) -> list[Fact]:
        return self.engine.facts_of(*kinds)

    # -- commands ------------------------------------------------------------------------

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
            counts = grouping.group(
                self._partner_counts(), grouping.figure_key, grouping.same_figure
            )
            for g in grouping.joined_by_sentence(counts):
                items.append(_item(f"{t('partner_counts', lang)}: {g[0].sentence}", g))
        ordered = sorted(facts, key=lambda f: (f.fields["country"], f.date or ""))
        for g in grouping.group(ordered, grouping.partner_key):
            f = g[0]
            since = f.fields.get("since")
            line = f"{f.fields['country']}: {f.fields['framework']}" + (
                " (" + t("since", lang, since=since) + ")" if since else ""
            )
            items.append(_item(line + f"\n   «{f.sentence}»", g))
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
        groups = grouping.of_kind(self.engine.facts_of(FactKind.LESSON), FactKind.LESSON)
        if not groups:
            return Reply(found=False, intro=t("lessons_none", lang), command="lessons")
        items = []
        for g in groups:
            lines = [f"{n}. {text}" for n, text in enumerate(g[0].fields["items"], 1)]
            items.append(_item("\n".join([g[0].fields["heading"], *lines]), g))
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
        hits = [g for g in events if when.contains(DateValue.from_iso(g[0].date or "0"))]
        if not hits:
            dates = sorted(
                {DateValue.from_iso(g[0].date or "0") for g in events if g[0].date},
                key=lambda d: abs(_ordinal(d) - _ordinal(when)),
            )
            nearest = ", ".join(d.display() for d in sorted(dates[:3])) or "—"
            return Reply(
                found=False,
                intro=t("event_none", lang, date=when.display(), nearest=nearest),
                command="event",
            )
        items = [_event_item(g) for g in hits]
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

    def _events(self) -> list[list[Fact]]:
        """Every event once, with every fact that tells it, oldest first."""
        events = sorted(
            self.of_kind(FactKind.EVENT),
            key=lambda f: (f.date or "", f.source.file, f.source.paragraph),
        )
        return grouping.group(events, grouping.event_key, grouping.same_event)

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
            events = [g for g in events if when.contains(DateValue.from_iso(g[0].date or "0"))]
        items = [_event_item(g) for g in events]
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
        groups = grouping.of_kind(self.engine.facts_of(FactKind.FIGURE), FactKind.FIGURE)
        query = clean(arg)
        if query:
            words = set(tokens(self.engine.correct_text(query)))
            groups = [g for g in groups if words & set(tokens(g[0].sentence))]
            groups.sort(
                key=lambda g: (
                    -len(words & set(tokens(str(g[0].fields.get("unit")) + " " + g[0].sentence)))
                )
            )
            if not groups:
                return Reply(
                    found=False, intro=t("figures_none", lang, query=query[:60]), command="figures"
                )
        items = [_item(f"{g[0].fields.get('raw')}: {g[0].sentence}", g) for g in groups]
        return _paged(
            Reply(found=True, title=t("figures", lang), command="figures", arg=query),
            items,
            page,
            self.page_size,
        )

    def documents(self, arg: str, lang: str, page: int = 1) -> Reply:
        facts = self.of_kind(FactKind.DOCUMENT)
        merged = grouping.group(
            sorted(facts, key=lambda f: (not f.fields.get("date"), f.fields.get("key", ""))),
            grouping.document_key,
        )
        query = fold(clean(arg)).replace(" ", "")
        if query:
            merged = [
                g
                for g in merged
                if query in fold(str(g[0].fields.get("key"))).replace(" ", "")
                or query == str(g[0].fields.get("number"))
                or query in fold(g[0].text).replace(" ", "")
            ]
            if not merged:
                return Reply(
                    found=False,
                    intro=t("documents_none", lang, query=clean(arg)[:60]),
                    command="documents",
                )
        items = [
            _item(document_summary(g[0], g), g)
            for g in sorted(merged, key=lambda g: g[0].date or "9999")
        ]
        return _paged(
            Reply(found=True, title=t("documents", lang), command="documents", arg=clean(arg)),
            items,
            page,
            self.page_size,
        )

    def people(self, arg: str, lang: str, page: int = 1) -> Reply:
        groups = grouping.of_kind(self.engine.facts_of(FactKind.PERSON), FactKind.PERSON)
        titles = {id(g): _titles(g) for g in groups}
        query = fold(clean(arg))
        if query:
            groups = [
                g
                for g in groups
                if query in fold(g[0].fields["name"])
                or fuzz.partial_ratio(query, fold(g[0].fields["name"])) >= 85
                or any(query in fold(r) for r in titles[id(g)])
            ]
            if not groups:
                return Reply(
                    found=False,
                    intro=t("people_none", lang, query=clean(arg)[:60]),
                    command="people",
                )
        items = [_item(f"{g[0].fields['name']} — {'; '.join(titles[id(g)])}", g) for g in groups]
        return _paged(
            Reply(found=True, title=t("people", lang), command="people", arg=clean(arg)),
            items,
            page,
            self.page_size,
        )

    async def search(self, arg: str, lang: str, page: int = 1) -> Reply:
        query = clean(arg)
        if not tokens(query):
            return Reply(found=False, intro=t("search_usage", lang), command="search")
        ids = await self.store.search_fts(query, limit=40) if self.store else []
        groups = grouping.group(
            (f for i in ids if (f := self.engine.fact(i)) is not None),
            grouping.sentence_key,
            grouping.same_sentence,
        )
        if not groups:
            return Reply(
                found=False, intro=t("search_none", lang, query=query[:60]), command="search"
            )
        items = [_item(g[0].sentence, g) for g in groups]
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


def _event_item(group: list[Fact]) -> Item:
    first = group[0]
    return _item(f"{DateValue.from_iso(first.date or '0').display()}: {first.text}", group)


def _titles(group: list[Fact]) -> list[str]:
    """Every title the articles give a person, once (in the spelling met first); a bare role
    ("Tổng thống") that a fuller title ("Tổng thống Hoa Kỳ") contains is not repeated."""
    found: list[str] = []
    for f in group:
        found += f.fields.get("titles") or [f.fields.get("role", "")]
    out: list[str] = []
    for title in dict.fromkeys(found):
        folded = fold(title)
        if title and not any(fold(o) == folded for o in out):
            out.append(title)
    return [o for o in out if not any(o != x and fold(x).startswith(fold(o)) for x in out)]


def _ordinal(d: DateValue) -> int:
    return d.year * 372 + max(d.month, 1) * 31 + max(d.day, 1)
