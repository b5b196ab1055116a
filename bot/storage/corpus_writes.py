"""Writing articles into the fact database and taking them out, postings included.

An article is extracted on its own (sentences numbered from 0) before any transaction begins;
the transaction then numbers its sentences on from the highest stored id, so the ids in every
posting list stay ascending. A sentence's neighbours are stored as offsets from its own id, so
they hold whatever number the sentence gets. Removing an article takes its sentence ids out of
the postings of its terms only.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from bot.engine.features import heading_record, sentence_records
from bot.ingest.clean import Article
from bot.ingest.extract import extract_article
from bot.storage.sql import Transaction
from bot.storage.store import Store
from bot.text import fold

# Terms read and rewritten per statement when postings shrink.
_TERM_CHUNK = 500


@dataclass
class ArticleRows:
    """One article to write, with the fingerprint of its file."""

    article: Article
    fingerprint: str


@dataclass
class _Prepared:
    article: Article
    fingerprint: str
    heading: str
    paragraphs: list[tuple[int, str, int]]
    # (offset, paragraph, text, caption, refers_to, terms, accented, features)
    sentences: list[tuple[int, int, str, int, str | None, str, str, str]]
    # (id, kind, text, sentence offset, date, fields, fts body)
    facts: list[tuple[str, str, str, int, str | None, str, str]]


def _prepare(rows: list[ArticleRows]) -> list[_Prepared]:
    out: list[_Prepared] = []
    for row in rows:
        article = row.article
        ex = extract_article(article)
        records = sentence_records(ex.sentences)
        out.append(
            _Prepared(
                article=article,
                fingerprint=row.fingerprint,
                heading=heading_record(article, records),
                paragraphs=[(p.index, p.text, int(p.heading)) for p in article.paragraphs],
                sentences=[
                    (
                        s.id,
                        s.paragraph,
                        s.text,
                        int(s.caption),
                        s.refers_to,
                        r.terms,
                        r.accented,
                        r.features,
                    )
                    for s, r in zip(ex.sentences, records, strict=True)
                ],
                facts=[
                    (
                        f.id,
                        str(f.kind),
                        f.text,
                        f.sentence_id,
                        f.date,
                        json.dumps(f.fields, ensure_ascii=False),
                        fold(f.text + " " + f.sentence),
                    )
                    for f in ex.facts
                ],
            )
        )
    return out


def _terms_of(terms: str, features: str) -> set[str]:
    """The posting terms of a sentence: its index terms, and its countries ("@Nhật Bản"), so
    that a named country nominates the sentences that speak of it."""
    return set(terms.split()) | {"@" + c for c in json.loads(features)["countries"]}


async def _log(tx: Transaction, action: str, file: str, title: str, by: str | None) -> None:
    await tx.execute(
        "INSERT INTO corpus_changes (ts, action, file, title, by) VALUES (?, ?, ?, ?, ?)",
        (time.time(), action, file, title, by),
    )


async def write_articles(
    store: Store, rows: list[ArticleRows], *, log_change: bool, by: str | None = None
) -> None:
    """Extract and write articles, their sentences, facts and postings, in one transaction."""
    if not rows:
        return
    prepared = await asyncio.to_thread(_prepare, rows)
    async with store.transaction() as tx:
        top = await tx.fetchall("SELECT coalesce(max(id), -1) FROM corpus.sentences")
        base = int(top[0][0]) + 1
        additions: dict[str, list[int]] = defaultdict(list)
        for p in prepared:
            a = p.article
            article_id = await tx.execute(
                "INSERT INTO corpus.articles (file, fingerprint, title, title_key, outlet, author, "
                "published, url, heading) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    a.file,
                    p.fingerprint,
                    a.title,
                    fold(a.title),
                    a.outlet,
                    a.author,
                    a.published.iso() if a.published else None,
                    a.url,
                    p.heading,
                ),
            )
            await tx.executemany(
                "INSERT INTO corpus.paragraphs VALUES (?, ?, ?, ?)",
                [(article_id, *row) for row in p.paragraphs],
            )
            await tx.executemany(
                "INSERT INTO corpus.sentences (id, article_id, paragraph, text, caption, refers_to, "
                "terms, accented, features) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(base + s[0], article_id, *s[1:]) for s in p.sentences],
            )
            await tx.executemany(
                "INSERT OR IGNORE INTO corpus.facts (id, kind, text, sentence_id, date, fields) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [(f[0], f[1], f[2], base + f[3], f[4], f[5]) for f in p.facts],
            )
            await tx.executemany(
                "INSERT INTO corpus.facts_fts (rowid, body) "
                "SELECT rowid, ? FROM corpus.facts WHERE id = ? AND sentence_id = ?",
                [(f[6], f[0], base + f[3]) for f in p.facts],
            )
            for s in p.sentences:
                for term in _terms_of(s[5], s[7]):
                    additions[term].append(base + s[0])
            base += len(p.sentences)
            if log_change:
                await _log(tx, "added", a.file, a.title, by)
        await tx.executemany(
            "INSERT INTO corpus.postings (term, df, ids) VALUES (?, ?, ?) ON CONFLICT(term) DO UPDATE "
            # (|| reads blobs as text; the cast keeps the bytes a blob.)
            "SET df = df + excluded.df, ids = CAST(ids || excluded.ids AS BLOB)",
            [
                (term, len(ids), np.asarray(ids, dtype=np.int32).tobytes())
                for term, ids in additions.items()
            ],
        )


async def remove_articles(
    store: Store, files: Iterable[str], *, logged: set[str], by: str | None = None
) -> None:
    """Take the articles of these files out of the fact database, in one transaction; a change
    is recorded for the files in `logged`."""
    names = sorted(set(files))
    if not names:
        return
    async with store.transaction() as tx:
        remaining = await tx.fetchall(
            f"SELECT count(*) FROM corpus.articles WHERE file NOT IN ({','.join('?' * len(names))})",
            names,
        )
        everything = int(remaining[0][0]) == 0
        affected: set[str] = set()
        removed: list[int] = []
        for name in names:
            articles = await tx.fetchall(
                "SELECT id, title FROM corpus.articles WHERE file = ?", (name,)
            )
            for article_id, title in articles:
                if not everything:
                    for sid, terms, features in await tx.fetchall(
                        "SELECT id, terms, features FROM corpus.sentences WHERE article_id = ?",
                        (article_id,),
                    ):
                        removed.append(int(sid))
                        affected.update(_terms_of(str(terms), str(features)))
                sentences = "SELECT id FROM corpus.sentences WHERE article_id = ?"
                await tx.execute(
                    "DELETE FROM corpus.facts_fts WHERE rowid IN "
                    f"(SELECT rowid FROM corpus.facts WHERE sentence_id IN ({sentences}))",
                    (article_id,),
                )
                await tx.execute(
                    f"DELETE FROM corpus.facts WHERE sentence_id IN ({sentences})", (article_id,)
                )
                await tx.execute("DELETE FROM corpus.sentences WHERE article_id = ?", (article_id,))
                await tx.execute(
                    "DELETE FROM corpus.paragraphs WHERE article_id = ?", (article_id,)
                )
                await tx.execute("DELETE FROM corpus.articles WHERE id = ?", (article_id,))
                if name in logged:
                    await _log(tx, "removed", name, str(title), by)
        if everything:
            await tx.execute("DELETE FROM corpus.postings")
            return
        gone = np.asarray(sorted(removed), dtype=np.int32)
        terms = sorted(affected)
        for start in range(0, len(terms), _TERM_CHUNK):
            chunk = terms[start : start + _TERM_CHUNK]
            rows = await tx.fetchall(
                f"SELECT term, ids FROM corpus.postings WHERE term IN ({','.join('?' * len(chunk))})",
                chunk,
            )
            updates: list[tuple[int, bytes, str]] = []
            empty: list[tuple[str]] = []
            for term, blob in rows:
                ids = np.frombuffer(blob, dtype=np.int32)
                kept = ids[~np.isin(ids, gone, assume_unique=True)]
                if len(kept):
                    updates.append((len(kept), kept.tobytes(), str(term)))
                else:
                    empty.append((str(term),))
            await tx.executemany(
                "UPDATE corpus.postings SET df = ?, ids = ? WHERE term = ?", updates
            )
            await tx.executemany("DELETE FROM corpus.postings WHERE term = ?", empty)
