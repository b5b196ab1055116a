"""What admins do to the corpus: add a page (a file or an address), remove an article. Each
returns a Reply; the terminal (`python -m bot add|remove`) and Telegram (a document sent to the
bot, /add <url>, /remove) share them. The engine reads the change at once."""

from __future__ import annotations

from pathlib import Path

from bot.chat.i18n import t
from bot.chat.reply import Reply
from bot.engine.answer import Engine
from bot.ingest.upload import Rejected, check_page, fetch_page
from bot.storage.corpus import BuildReport, add_pages, remove_pages
from bot.storage.store import Store
from bot.text import clean, fold

# Changes /about lists, newest first.
CHANGES_SHOWN = 5


def refusal(reason: str, detail: str, lang: str, command: str = "add") -> Reply:
    """A page not taken, and why (`bot.ingest.upload.Rejected` reasons)."""
    text = t(f"add_{reason}", lang, detail=detail)
    return Reply(found=False, intro=text, command=command)


def _free_name(seeds_dir: Path, name: str, data: bytes) -> str | None:
    """The name to save a page under: its own, or with "-2", "-3" … when another page has it;
    None when the same page is there already."""
    stem, suffix = Path(name).stem, Path(name).suffix
    candidate, n = name, 1
    while (seeds_dir / candidate).is_file():
        if (seeds_dir / candidate).read_bytes() == data:
            return None
        n += 1
        candidate = f"{stem}-{n}{suffix}"
    return candidate


async def _add(
    engine: Engine,
    store: Store,
    seeds_dir: Path,
    name: str,
    data: bytes,
    lang: str,
    by: str | None,
) -> Reply:
    free = _free_name(seeds_dir, name, data)
    if free is None:
        return refusal("duplicate", name, lang, "add")
    report = await add_pages(store, seeds_dir, [(free, data)], by=by)
    engine.refresh()
    return _added(report, free, lang, "add")


def _added(report: BuildReport, name: str, lang: str, command: str) -> Reply:
    if name in report.duplicates:
        return refusal("duplicate", report.duplicates[name], lang, command)
    if name in report.unreadable:
        return refusal("not_article", report.unreadable[name][:100], lang, command)
    titles = report.titles.get(name, [])
    if not titles:
        return refusal("not_article", "", lang, command)
    lines = [t("added", lang, count=len(titles), file=name)] + [f"• {x}" for x in titles]
    return Reply(found=True, intro="\n".join(lines), command=command)


async def add_document(
    engine: Engine,
    store: Store,
    seeds_dir: Path,
    name: str,
    data: bytes,
    lang: str = "vi",
    by: str | None = None,
) -> Reply:
    """Add a page file (.txt, .md, .html): checked, saved into seeds/, extracted."""
    try:
        safe = check_page(name, data)
    except Rejected as exc:
        return refusal(exc.reason, exc.detail, lang, "add")
    return await _add(engine, store, seeds_dir, safe, data, lang, by)


async def add_url(
    engine: Engine,
    store: Store,
    seeds_dir: Path,
    url: str,
    lang: str = "vi",
    by: str | None = None,
) -> Reply:
    """Add the page at an address: fetched (timeout, size limit), then as `add_document`."""
    if not clean(url):
        return Reply(found=False, intro=t("add_usage", lang), command="add")
    try:
        name, data = await fetch_page(clean(url))
    except Rejected as exc:
        return refusal(exc.reason, exc.detail, lang, "add")
    return await _add(engine, store, seeds_dir, name, data, lang, by)


async def remove_article(
    engine: Engine,
    store: Store,
    seeds_dir: Path,
    arg: str,
    lang: str = "vi",
    by: str | None = None,
) -> Reply:
    """Remove the articles of one page file, named by its file name or by (part of) a title
    that only one file's articles have."""
    query = clean(arg)
    if not query:
        return Reply(found=False, intro=t("remove_usage", lang), command="remove")
    files = {a.file for a in engine.articles.values()}
    if query in files:
        chosen = [query]
    else:
        wanted = fold(query)
        chosen = sorted({a.file for a in engine.articles.values() if wanted in fold(a.title)})
    if not chosen:
        return Reply(found=False, intro=t("remove_none", lang, query=query[:60]), command="remove")
    if len(chosen) > 1:
        lines = [t("remove_which", lang, count=len(chosen))] + [f"• {f}" for f in chosen[:10]]
        return Reply(found=False, intro="\n".join(lines), command="remove")
    titles = [a.title for a in engine.articles.values() if a.file == chosen[0]]
    await remove_pages(store, seeds_dir, chosen, by=by)
    engine.refresh()
    lines = [t("removed", lang, count=len(titles), file=chosen[0])] + [f"• {x}" for x in titles]
    return Reply(found=True, intro="\n".join(lines), command="remove")


async def recent_changes(
    store: Store, limit: int = CHANGES_SHOWN
) -> list[tuple[float, str, str, str]]:
    """The last changes to the corpus, newest first: (time, action, file, title)."""
    rows = await store.fetchall(
        "SELECT ts, action, file, title FROM corpus_changes ORDER BY id DESC LIMIT ?", (limit,)
    )
    return [(float(r[0]), str(r[1]), str(r[2]), str(r[3])) for r in rows]
