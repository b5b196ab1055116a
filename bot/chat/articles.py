"""The commands about the articles themselves: /about (each article, its outlet and date) and
/source (a fact's paragraph, its article's title, outlet, date and address, and the other
articles that tell the same fact). The "Nguồn" button runs `source` too."""

from __future__ import annotations

import time

from bot.chat import grouping
from bot.chat.i18n import t
from bot.chat.library import recent_changes
from bot.chat.reply import Item, Reply
from bot.engine.answer import Engine
from bot.ingest.clean import Article
from bot.models import Fact, FactKind, Source
from bot.storage.store import Store
from bot.text import clean

# The kinds of fact a command lists (statements are every other sentence).
SHOWN_KINDS = tuple(k for k in FactKind if k is not FactKind.STATEMENT)


class ArticleCommands:
    """/about and /source over one engine (a part of `Commands`)."""

    engine: Engine
    store: Store | None

    async def about(self, arg: str, lang: str, page: int = 1) -> Reply:
        """The corpus in figures and its last changes, then each article with its outlet and
        date (references)."""
        articles = list(self.engine.articles.values())
        outlets = sorted({a.outlet for a in articles if a.outlet})
        dates = sorted(a.published for a in articles if a.published)
        counts = self.engine.reader.kind_counts()
        lines = [
            t("about_articles", lang, count=len(articles)),
            t("about_outlets", lang, outlets=", ".join(outlets) or "—"),
        ]
        if dates:
            lines.append(
                t("about_published", lang, first=dates[0].display(), last=dates[-1].display())
            )
        facts = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
        lines.append(t("about_facts", lang, facts=facts))
        changes = await recent_changes(self.store) if self.store else []
        if changes:
            lines.append(t("about_changes", lang))
            for ts, action, file, title in changes:
                when = time.strftime("%d/%m/%Y %H:%M", time.localtime(ts))
                lines.append(f"• {when} {t('change_' + action, lang)}: {title[:70]} ({file})")
        items = [Item(a.title, article=article_source(a)) for a in articles]
        return Reply(
            found=True, title=t("about", lang), intro="\n".join(lines), items=items, command="about"
        )

    def source(self, arg: str, lang: str, page: int = 1) -> Reply:
        fact_id = clean(arg).lower().removeprefix("f_")
        firsts = self.engine.facts_of(*SHOWN_KINDS)[:1]
        example = firsts[0].id if firsts else "abc123"
        if not fact_id:
            return Reply(
                found=False, intro=t("source_usage", lang, example=example), command="source"
            )
        fact = self.engine.fact(fact_id)
        if fact is None:
            return Reply(
                found=False, intro=t("source_none", lang, query=fact_id[:40]), command="source"
            )
        paragraph = self.paragraph_of(fact)
        also = grouping.same_as(self.engine.facts_of(fact.kind), fact)
        items = [Item(fact.text, fact, also=also), Item(f"«{paragraph}»", article=fact.source)]
        return Reply(
            found=True,
            title=f"{t('source', lang)} [{fact.id}] ({fact.kind})",
            items=items,
            command="source",
            full_sources=True,
        )

    def paragraph_of(self, fact: Fact) -> str:
        entry = self.engine.index.entry(fact.sentence_id)
        paragraphs = self.engine.paragraphs(entry.sentence.article) if entry else []
        for p in paragraphs:
            if p.index == fact.source.paragraph:
                return p.text
        return fact.sentence


def article_source(article: Article) -> Source:
    """The source an article is for an item that is the article itself."""
    published = article.published.iso() if article.published else None
    return Source(article.file, article.title, article.outlet, published, 0, article.url)
