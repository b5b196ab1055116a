"""The build: the page files of seeds/ -> extraction -> the fact database, one file at a time.

Every article row keeps the fingerprint of its file (its bytes and the extractor version). A
build compares the files with the stored fingerprints: a new or changed file is extracted again,
and only that file; the articles of a removed or changed file leave with their sentences, facts
and postings. Files are extracted in batches, each written in one transaction, so a build that
stops half-way keeps the batches it finished and the next start goes on from there.

`open_corpus` is what every entry point calls: an open store with an up-to-date fact database,
and the engine reading it. `add_pages` and `remove_pages` are how articles are added and removed
while the bot runs (the page file is kept in seeds/, the one place the articles come from).
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from bot.engine.answer import Engine
from bot.engine.reader import FactReader
from bot.ingest.clean import (
    Article,
    UnreadableDocument,
    folded_paragraphs,
    read_articles,
    same_text,
)
from bot.ingest.pages import PAGE_SUFFIXES
from bot.storage.corpus_writes import ArticleRows, remove_articles, write_articles
from bot.storage.locks import startup_lock
from bot.storage.opening import facts_path
from bot.storage.store import Store
from bot.text import fold

log = logging.getLogger(__name__)

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

# Bump when extraction changes so that every stored article is extracted again from its file.
EXTRACTOR_VERSION = "14"
# Files extracted and written per transaction.
BATCH_FILES = 200


@dataclass
class BuildReport:
    """What a build changed: the files it extracted and removed, and warnings about files."""

    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # Titles of the articles written, by file.
    titles: dict[str, list[str]] = field(default_factory=dict)
    # Files skipped: file -> the file that already has its article, or why it is unreadable.
    duplicates: dict[str, str] = field(default_factory=dict)
    unreadable: dict[str, str] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.removed)


def seed_files(seeds_dir: Path) -> list[Path]:
    """The page files of the seeds directory, by name (none when it is missing)."""
    if not seeds_dir.is_dir():
        return []
    with os.scandir(seeds_dir) as entries:  # one listing, no stat per file
        names = sorted(
            e.name
            for e in entries
            if not e.name.startswith(".")
            and os.path.splitext(e.name)[1].lower() in PAGE_SUFFIXES
            and e.is_file()
        )
    return [seeds_dir / name for name in names]


@functools.cache
def _extractor_key(version: str) -> bytes:
    """The extractor version and the vocabulary the index is built with: a change of either
    (a concept added to the thesaurus) extracts every file again."""
    digest = hashlib.sha256(version.encode() + b"\0")
    for name in sorted(p.name for p in DATA_DIR.glob("*.json")):
        digest.update(name.encode() + b"\0" + (DATA_DIR / name).read_bytes())
    return digest.digest()


def file_fingerprint(path: Path) -> str:
    """A hash of a page file's bytes, the extractor version and the vocabulary."""
    digest = hashlib.sha256(_extractor_key(EXTRACTOR_VERSION))
    digest.update(path.read_bytes())
    return digest.hexdigest()


class _Duplicates:
    """Articles already in the fact database or in this build, by folded title: an article met
    again (the same page saved twice) is kept once."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.seen: dict[str, list[tuple[str, frozenset[str]]]] = {}

    async def earlier(self, article: Article) -> str | None:
        key = fold(article.title)
        if key not in self.seen:
            self.seen[key] = []
            rows = await self.store.fetchall(
                "SELECT a.file, group_concat(p.text, char(10)) FROM corpus.articles a "
                "JOIN corpus.paragraphs p ON p.article_id = a.id WHERE a.title_key = ? GROUP BY a.id",
                (key,),
            )
            for file, text in rows:
                self.seen[key].append(
                    (str(file), frozenset(fold(t) for t in str(text).split("\n")))
                )
        text = folded_paragraphs(article)
        for file, other in self.seen[key]:
            if same_text(other, text):
                return file
        self.seen[key].append((article.file, text))
        return None


async def _stored(store: Store) -> dict[str, str]:
    """file -> fingerprint of the files the fact database holds articles of."""
    rows = await store.fetchall("SELECT DISTINCT file, fingerprint FROM corpus.articles")
    return {str(r[0]): str(r[1]) for r in rows}


async def _extract_files(
    store: Store, paths: list[Path], report: BuildReport, duplicates: _Duplicates
) -> list[ArticleRows]:
    out: list[ArticleRows] = []
    for path in paths:
        try:
            fingerprint = file_fingerprint(path)
            articles = read_articles(path)
        except (UnreadableDocument, OSError) as exc:
            report.warnings.append(f"skipped {exc}")
            report.unreadable[path.name] = str(exc)
            log.warning("skipped %s", exc)
            continue
        kept = 0
        for article in articles:
            earlier = await duplicates.earlier(article)
            if earlier is not None:
                warning = (
                    f"{path.name}: the article “{article.title[:60]}” is already in {earlier}; "
                    "kept once"
                )
                report.warnings.append(warning)
                report.duplicates[path.name] = earlier
                log.warning("%s", warning)
                continue
            out.append(ArticleRows(article, fingerprint))
            report.titles.setdefault(path.name, []).append(article.title)
            kept += 1
        if kept:
            report.added.append(path.name)
    return out


async def sync_files(
    store: Store,
    seeds_dir: Path,
    *,
    force: bool = False,
    by: str | None = None,
    only: Iterable[str] | None = None,
) -> BuildReport:
    """Bring the fact database in line with the page files of `seeds_dir` (with `only`, with
    those files of it: an article added or removed while the bot runs does not read the 10,000
    others again).

    A missing or empty seeds directory never empties a fact database that was built before: it
    is kept, with a warning (on every start, until the seeds are back).
    """
    report = BuildReport()
    stored = await _stored(store)
    first_build = not stored
    if only is not None:
        names = {n for n in only if (seeds_dir / n).parent == seeds_dir}
        stored = {name: f for name, f in stored.items() if name in names}
        files = [seeds_dir / name for name in sorted(names) if (seeds_dir / name).is_file()]
    else:
        files = seed_files(seeds_dir)
    if not files and stored and only is None:
        facts = await store.fetchall("SELECT count(*) FROM corpus.facts")
        what = "no seeds directory" if not seeds_dir.is_dir() else "no pages in"
        report.warnings.append(
            f"{what} {seeds_dir}: keeping the fact table built before ({facts[0][0]} facts)"
        )
        return report
    if not seeds_dir.is_dir():
        report.warnings.append(f"no seeds directory {seeds_dir}")
    wanted = {p.name: p for p in files}
    fingerprints = {name: file_fingerprint(p) for name, p in wanted.items()}
    gone = [
        name
        for name, fingerprint in stored.items()
        if force or fingerprints.get(name) != fingerprint
    ]
    fresh = [p for name, p in wanted.items() if force or stored.get(name) != fingerprints[name]]
    if gone:
        report.removed = [name for name in gone if name not in wanted]
        await remove_articles(store, gone, logged=set(report.removed), by=by)
    duplicates = _Duplicates(store)
    for start in range(0, len(fresh), BATCH_FILES):
        batch = fresh[start : start + BATCH_FILES]
        rows = await _extract_files(store, batch, report, duplicates)
        await write_articles(store, rows, log_change=not first_build and not force, by=by)
    if report.changed or not await store.get_meta("built_at"):
        await store.execute(
            "INSERT OR REPLACE INTO corpus.meta VALUES ('built_at', ?)", (str(time.time()),)
        )
    return report


async def ensure_built(
    store: Store, seeds_dir: Path, *, force: bool = False
) -> tuple[bool, list[str]]:
    """Bring the fact database in line with the seeds; (anything changed, warnings)."""
    report = await sync_files(store, seeds_dir, force=force)
    return report.changed, report.warnings


def _write_atomically(target: Path, data: bytes) -> None:
    tmp = target.with_name(f".{target.name}.part")
    with open(tmp, "wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
    os.replace(tmp, target)


async def add_pages(
    store: Store, seeds_dir: Path, pages: Iterable[tuple[str, bytes]], *, by: str | None = None
) -> BuildReport:
    """Save page files (name, bytes) into seeds/ and extract them; the report says what was
    added. A file that holds no new article (unreadable, empty, a duplicate) is not kept."""
    seeds_dir.mkdir(parents=True, exist_ok=True)
    saved: list[tuple[Path, bytes | None]] = []
    for name, data in pages:
        target = seeds_dir / name
        before = target.read_bytes() if target.is_file() else None
        _write_atomically(target, data)
        saved.append((target, before))
    names = [target.name for target, _ in saved]
    report = await sync_files(store, seeds_dir, by=by, only=names)
    restored = False
    for target, before in saved:
        if target.name in report.added:
            continue
        # Nothing of it was kept: the seeds go back to what they were.
        if before is None:
            target.unlink(missing_ok=True)
        else:
            _write_atomically(target, before)
            restored = True
    if restored:
        await sync_files(store, seeds_dir, by=by, only=names)
    return report


async def remove_pages(
    store: Store, seeds_dir: Path, files: Iterable[str], *, by: str | None = None
) -> BuildReport:
    """Remove page files from seeds/ and their articles from the fact database."""
    names = list(files)
    for name in names:
        path = seeds_dir / name
        if path.parent == seeds_dir and path.is_file():
            path.unlink()
    return await sync_files(store, seeds_dir, by=by, only=names)


async def open_corpus(
    db_path: Path, seeds_dir: Path, *, force: bool = False
) -> tuple[Store, Engine]:
    """An open store with an up-to-date fact database, and the engine reading it.

    Opening and building hold the data folder's start-up lock, so processes that start together
    take turns. StorageError when a database cannot be used.
    """
    async with startup_lock(db_path):
        store = await Store(db_path).open()
        try:
            report = await sync_files(store, seeds_dir, force=force)
        except BaseException:
            await store.close()
            raise
    try:
        for warning in report.warnings:
            log.warning("%s", warning)
        if report.changed:
            log.info(
                "fact table updated from %s: %d files extracted, %d removed",
                seeds_dir,
                len(report.added),
                len(report.removed),
            )
        engine = Engine(FactReader(facts_path(db_path)))
    except BaseException:
        await store.close()
        raise
    return store, engine
