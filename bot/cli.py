"""Command line: build | add | remove | ask | chat | run | health | restore. A thin shell over
the library.

A database that cannot be used, and every other fatal start-up error, ends the process with one
line on stderr and a non-zero status, within seconds: nothing is left running that would keep it
alive.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import sys
from collections.abc import Sequence

from bot.config import ConfigError, Settings, load_settings
from bot.storage.corpus import open_corpus
from bot.storage.opening import StorageError

log = logging.getLogger("bot")
# The terminal has no page buttons: lists are printed whole.
ALL = 10_000


def _setup_logging(level: str) -> None:
    logging.basicConfig(
        level=getattr(logging, level, logging.INFO),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    # httpx logs every request URL, and Telegram URLs carry the bot token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)


async def _build(settings: Settings, force: bool) -> int:
    import time

    started = time.perf_counter()
    store, engine = await open_corpus(settings.db_path, settings.seeds_dir, force=force)
    try:
        reader = engine.reader
        print(
            f"{len(reader.articles)} articles, {reader.sentence_count} sentences, "
            f"{reader.fact_count} facts -> {settings.db_path} in "
            f"{time.perf_counter() - started:.2f}s"
        )
    finally:
        engine.close()
        await store.close()
    return 0


async def _ask(settings: Settings, question: str, as_json: bool) -> int:
    from bot.chat.registry import respond
    from bot.chat.render import render_plain, reply_json

    store, engine = await open_corpus(settings.db_path, settings.seeds_dir)
    try:
        questions = sys.stdin if question == "-" else [question]
        for line in questions:
            line = line.rstrip("\n")
            reply = await respond(engine, store, line, page_size=ALL)
            if as_json:
                print(json.dumps(reply_json(reply), ensure_ascii=False), flush=True)
            else:
                print(render_plain(reply), flush=True)
    finally:
        engine.close()
        await store.close()
    return 0


async def _chat(settings: Settings) -> int:
    from bot.chat.i18n import t
    from bot.chat.registry import respond
    from bot.chat.render import render_plain
    from bot.chat.study import answer_typed

    store, engine = await open_corpus(settings.db_path, settings.seeds_dir)
    try:
        print(t("chat_welcome"))
        loop = asyncio.get_running_loop()
        while True:
            line = await loop.run_in_executor(None, _read_line)
            if line is None:
                break
            if not line.strip():
                continue
            reply = await respond(engine, store, line, page_size=ALL)
            print(render_plain(reply), flush=True)
            if reply.quiz is not None:
                # The next line answers the quiz: a number, anything else skips it.
                answer = await loop.run_in_executor(None, _read_line)
                if answer is None:
                    break
                print(await answer_typed(store, reply.quiz, answer), flush=True)
    finally:
        engine.close()
        await store.close()
    return 0


async def _change(settings: Settings, adding: Sequence[str], removing: str | None) -> int:
    """`add FILE|URL...` or `remove ARTICLE`: one reply per item; 1 when any was refused."""
    from pathlib import Path

    from bot.chat.library import add_document, add_url, remove_article
    from bot.chat.render import render_plain

    store, engine = await open_corpus(settings.db_path, settings.seeds_dir)
    refused = False
    try:
        replies = []
        if removing is not None:
            replies.append(
                await remove_article(engine, store, settings.seeds_dir, removing, by="cli")
            )
        for item in adding:
            if item.startswith(("http://", "https://")):
                reply = await add_url(engine, store, settings.seeds_dir, item, by="cli")
            else:
                path = Path(item)
                try:
                    data = path.read_bytes()
                except OSError as exc:
                    print(f"{item}: {exc.strerror or exc}", file=sys.stderr)
                    refused = True
                    continue
                reply = await add_document(
                    engine, store, settings.seeds_dir, path.name, data, by="cli"
                )
            replies.append(reply)
        for reply in replies:
            refused = refused or not reply.found
            print(render_plain(reply), flush=True)
    finally:
        engine.close()
        await store.close()
    return 1 if refused else 0


def _read_line() -> str | None:
    try:
        return input("> ")
    except EOFError:
        print()
        return None


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__)
    sub = parser.add_subparsers(dest="command")
    build = sub.add_parser("build", help="build the SQLite fact table from seeds/")
    build.add_argument(
        "--force", action="store_true", help="rebuild even when seeds/ did not change"
    )
    add = sub.add_parser(
        "add", help="add page files (.txt, .md, .html) or page addresses to the corpus"
    )
    add.add_argument("pages", nargs="+", metavar="FILE|URL")
    remove = sub.add_parser("remove", help="remove an article: its file name or part of its title")
    remove.add_argument("article", metavar="ARTICLE")
    ask = sub.add_parser("ask", help="answer one question ('-' reads one question per line)")
    ask.add_argument("question")
    ask.add_argument("--json", action="store_true", help="print one JSON object per question")
    sub.add_parser("chat", help="chat in the terminal: free text and every command")
    sub.add_parser("run", help="serve Telegram (needs TELEGRAM_BOT_TOKEN)")
    sub.add_parser("health", help="check the databases and a running bot (exit 0 when healthy)")
    restore = sub.add_parser("restore", help="put a backup of the state database back in place")
    restore.add_argument("file", help="a backup, e.g. data/backups/bot-20250101.sqlite3")
    args = parser.parse_args(argv)
    try:
        settings = load_settings()
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    _setup_logging(settings.log_level if args.command in ("run", None) else "WARNING")
    command = args.command or ("run" if settings.has_token else "chat")
    try:
        if command == "health":
            from bot.health import check_health

            healthy, why = check_health(settings.db_path, settings.health_max_age)
            print(("ok: " if healthy else "unhealthy: ") + why)
            return 0 if healthy else 1
        if command == "restore":
            from pathlib import Path

            from bot.storage.backup import restore as restore_backup

            kept = restore_backup(Path(args.file), settings.db_path)
            print(
                f"restored {args.file} into {settings.db_path}"
                + (f"; the file it replaced is kept as {kept}" if kept else "")
            )
            return 0
        if command == "build":
            return asyncio.run(_build(settings, args.force))
        if command == "add":
            return asyncio.run(_change(settings, args.pages, None))
        if command == "remove":
            return asyncio.run(_change(settings, [], args.article))
        if command == "ask":
            return asyncio.run(_ask(settings, args.question, args.json))
        if command == "chat":
            return asyncio.run(_chat(settings))
        if not settings.has_token:
            print(
                "error: TELEGRAM_BOT_TOKEN is not set; put it in the environment or .env "
                "(or run `python -m bot chat` for the terminal)",
                file=sys.stderr,
            )
            return 2
        from bot.telegram.app import run_bot

        return run_bot(settings)
    except StorageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`... | head`): nothing more to say, and nothing to report.
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - replaces the closed stdout for exit
        return 0
