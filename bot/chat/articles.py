"""The commands about the articles themselves: /about (each article, its outlet and date) and
/source (a fact's paragraph, its article's title, outlet, date and address, and the other
articles that tell the same fact). The "Nguồn" button runs `source` too."""

from __future__ import annotations

from collections import Counter

from bot.chat import grouping
from bot.chat.i18n import t
from bot.chat.reply import Item, Reply
from bot.engine.answer import Engine
from bot.ingest.clean import Article
from bot.models import Fact, Source
from bot.text import clean


class ArticleCommands:
    """/about and /source over one engine (a part of `Commands`)."""

    engine: Engine

    def about(self, arg: str, lang: str, page: int = 1) -> Reply:
        """The corpus in figures, then each article with its outlet and date (references)."""
        ex = self.engine.extraction
        outlets = sorted({a.outlet for a in ex.articles if a.outlet})
        dates = sorted(a.published for a in ex.articles if a.published)
        counts = Counter(str(f.kind) for f in ex.facts)
        lines = [
            t("about_articles", lang, count=len(ex.articles)),
            t("about_outlets", lang, outlets=", ".join(outlets) or "—"),
        ]
        if dates:
            lines.append(
                t("about_published", lang, first=dates[0].display(), last=dates[-1].display())
            )
        facts = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
        lines.append(t("about_facts", lang, facts=facts))
        items = [Item(a.title, article=article_source(a)) for a in ex.articles]
        return Reply(
            found=True, title=t("about", lang), intro="\n".join(lines), items=items, command="about"
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
        also = grouping.same_as(self.engine.extraction.facts, fact)
        items = [Item(fact.text, fact, also=also), Item(f"«{paragraph}»", article=fact.source)]
        return Reply(
            found=True,
            title=f"{t('source', lang)} [{fact.id}] ({fact.kind})",
            items=items,
            command="source",
            full_sources=True,
        )

    def paragraph_of(self, fact: Fact) -> str:
        ex = self.engine.extraction
        article = ex.articles[ex.sentences[fact.sentence_id].article]
        for p in article.paragraphs:
            if p.index == fact.source.paragraph:
                return p.text
        return fact.sentence


def article_source(article: Article) -> Source:
    """The source an article is for an item that is the article itself."""
    published = article.published.iso() if article.published else None
    return Source(article.file, article.title, article.outlet, published, 0, article.url)
