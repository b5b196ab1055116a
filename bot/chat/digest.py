"""The daily digest: "Ngày này năm xưa" when the corpus has events on this day, else a fact of the day.

The fact-of-the-day rotation is stored in SQLite: no fact repeats until every fact of the pool
has been posted once, and a restart does not reset it.
"""

from __future__ import annotations

import hashlib
from datetime import date

from bot.chat import grouping
from bot.chat.i18n import t
from bot.chat.reply import Item, Reply
from bot.engine.answer import Engine
from bot.models import Fact, FactKind
from bot.storage.store import Store
from bot.text import DateValue

_POOL_KINDS = (
    FactKind.FIGURE,
    FactKind.EVENT,
    FactKind.PARTNER,
    FactKind.DOCUMENT,
    FactKind.LESSON,
    FactKind.LIST,
    FactKind.QUOTE,
)


def on_this_day(engine: Engine, today: date) -> list[list[Fact]]:
    """Events of the corpus on this day and month in earlier years, oldest first: each event
    once, with every fact that tells it."""
    hits = []
    for fact in engine.facts_of(FactKind.EVENT):
        if not fact.date:
            continue
        when = DateValue.from_iso(fact.date)
        if when.precision != "day" or (when.month, when.day) != (today.month, today.day):
            continue
        if when.year < today.year:
            hits.append(fact)
    hits.sort(key=lambda f: (f.date or "", f.source.file, f.source.paragraph))
    return grouping.group(hits, grouping.event_key, grouping.same_event)


def fact_pool(engine: Engine) -> list[Fact]:
    """The facts the fact of the day rotates through: one per sentence, in a fixed shuffled order."""
    pool: dict[int, Fact] = {}
    for fact in engine.facts_of(*_POOL_KINDS):
        if fact.sentence_id not in pool:
            pool[fact.sentence_id] = fact
    return sorted(
        pool.values(), key=lambda f: hashlib.blake2b(f.id.encode(), digest_size=8).digest()
    )


async def next_fact_of_the_day(engine: Engine, store: Store) -> Fact | None:
    """The next fact not yet posted in this cycle; a new cycle starts when all were posted."""
    pool = fact_pool(engine)
    if not pool:
        return None
    posted = await store.digest_posted()
    remaining = [f for f in pool if f.id not in posted]
    new_cycle = not remaining
    fact = (remaining or pool)[0]
    await store.mark_digest_posted(fact.id, new_cycle=new_cycle)
    return fact


async def compose_digest(engine: Engine, store: Store, today: date, lang: str = "vi") -> Reply:
    """Today's digest as a Reply; every item cites its articles (numbered references)."""
    events = on_this_day(engine, today)
    if events:
        title = t("on_this_day", lang, day=today.day, month=today.month)
        items = [
            Item(f"{DateValue.from_iso(g[0].date or '0').display()}: {g[0].text}", g[0], g[1:])
            for g in events
        ]
        return Reply(found=True, title=title, items=items, command="digest")
    fact = await next_fact_of_the_day(engine, store)
    if fact is None:
        return Reply(found=False, title=t("fact_of_the_day", lang), command="digest")
    also = grouping.same_as(engine.facts_of(fact.kind), fact)
    return Reply(
        found=True,
        title=t("fact_of_the_day", lang),
        items=[Item(fact.text, fact, also)],
        command="digest",
    )
