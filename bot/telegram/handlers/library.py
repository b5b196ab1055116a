"""What admins do to the corpus from Telegram: a page file sent to the bot in a private chat,
/add <url> and /remove <file name or part of a title>. `bot.chat.library` does the work and says
how it went in a Reply; the engine reads the change at once.

These handlers run beside the others (registered non-blocking): while a page is downloaded,
fetched or extracted the bot goes on answering everyone else. One change to the corpus runs at a
time. Like any non-blocking handler, the update counts as handled in the inbox once the change
has started; a change cut short by a crash is not replayed, and the admin sends it again (a page
that did get in is then refused as a duplicate).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path

from telegram import Document, Update, User

from bot.chat.library import add_document, add_url, refusal, remove_article
from bot.chat.reply import Reply
from bot.engine.answer import Engine
from bot.ingest.pages import PAGE_SUFFIXES
from bot.ingest.upload import MAX_PAGE_BYTES, page_name
from bot.storage.store import Store

from .admin import admin_chat
from .commands import command_parts
from .sending import send_reply
from .services import Context, engine_of, settings_of, store_of

# A file sent without a name (some clients) is named by its type.
_SUFFIX_OF_TYPE = {"text/plain": ".txt", "text/markdown": ".md", "text/html": ".html"}
_LOCK = "library_lock"


def _changing(context: Context) -> asyncio.Lock:
    """The lock one change to the corpus holds (one per application)."""
    lock = context.bot_data.get(_LOCK)
    if lock is None:
        lock = context.bot_data[_LOCK] = asyncio.Lock()
    return lock


def _by(user: User) -> str:
    """Who made a change, as the corpus change log records it."""
    return f"telegram:{user.id}"


def file_name(document: Document) -> str:
    """The name the file was sent with, or one made of its type when it came without one."""
    if document.file_name:
        return document.file_name
    return "document" + _SUFFIX_OF_TYPE.get(document.mime_type or "", "")


def refusal_before_download(document: Document, name: str, lang: str) -> Reply | None:
    """The refusal of a file that need not be downloaded to be refused: a type that is not
    taken, or larger than a page may be; None when it is to be downloaded."""
    suffix = Path(page_name(name)).suffix
    if suffix not in PAGE_SUFFIXES:
        return refusal("type", suffix or name[:40], lang)
    if document.file_size is not None and document.file_size > MAX_PAGE_BYTES:
        return refusal("too_large", f"{document.file_size // 1000} KB", lang)
    return None


async def document(update: Update, context: Context) -> None:
    """A file sent in a private chat: an admin's page is added; anyone else is refused."""
    asking = await admin_chat(update, context)
    message, user = update.effective_message, update.effective_user
    if asking is None or message is None or message.document is None or user is None:
        return
    lang = asking[0]
    name = file_name(message.document)
    reply = refusal_before_download(message.document, name, lang)
    if reply is None:
        file = await message.document.get_file()
        data = bytes(await file.download_as_bytearray())
        async with _changing(context):
            reply = await add_document(
                engine_of(context),
                store_of(context),
                settings_of(context).seeds_dir,
                name,
                data,
                lang,
                by=_by(user),
            )
    await send_reply(update, context, reply, lang)


ChangeText = Callable[[Engine, Store, Path, str, str, str | None], Awaitable[Reply]]


async def _change(update: Update, context: Context, change: ChangeText) -> None:
    """An admin's command that changes the corpus, run with the command's argument."""
    asking = await admin_chat(update, context)
    user = update.effective_user
    if asking is None or user is None:
        return
    lang = asking[0]
    _, arg = command_parts(update, context)
    async with _changing(context):
        reply = await change(
            engine_of(context),
            store_of(context),
            settings_of(context).seeds_dir,
            arg,
            lang,
            _by(user),
        )
    await send_reply(update, context, reply, lang)


async def add(update: Update, context: Context) -> None:
    """/add <url>: the page at an address added to the corpus (admins only); /add alone says how."""
    await _change(update, context, add_url)


async def remove(update: Update, context: Context) -> None:
    """/remove <file name or part of a title>: the articles of one page file removed (admins
    only)."""
    await _change(update, context, remove_article)
