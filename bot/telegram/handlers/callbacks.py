"""Inline buttons: Nguồn, Xem thêm, did-you-mean suggestions, 👍/👎, ◀ ▶ pages, examples, language."""

from __future__ import annotations

import html
import re

from telegram import InlineKeyboardMarkup, Message, Update

from bot.chat.i18n import LANGUAGES, t
from bot.chat.registry import BY_NAME, run_command
from bot.chat.render import source_line
from bot.chat.reply import Item, Reply
from bot.models import Answer

from .activity import begin, record
from .keyboards import keyboard_for
from .sending import html_messages, send_reply
from .services import Context, commands_of, engine_of, store_of


def _match(context: Context) -> re.Match[str]:
    """The pattern match of the pressed button (set by CallbackQueryHandler)."""
    match = context.match
    if match is None:
        raise RuntimeError("callback handler registered without a pattern")
    return match


async def on_source(update: Update, context: Context) -> None:
    """Nguồn: send the paragraph the fact came from (Commands.source)."""
    query = update.callback_query
    lang = await begin(update, context)
    if query is None or lang is None:
        return
    await query.answer()
    reply = commands_of(context).source(_match(context)[1], lang)
    await send_reply(update, context, reply, lang)


async def on_more(update: Update, context: Context) -> None:
    """Xem thêm: the further results whose ids the button carries, each with its source."""
    query = update.callback_query
    lang = await begin(update, context)
    if query is None or lang is None:
        return
    engine = engine_of(context)
    wanted = [f for i in _match(context)[1].split(",") if (f := engine.fact(i)) is not None]
    if not wanted:
        await query.answer(t("expired", lang))
        return
    await query.answer()
    items = [Item(f"{f.sentence}\n{source_line(f, lang)}", f) for f in wanted]
    reply = Reply(found=True, title=t("more_title", lang), items=items)
    await send_reply(update, context, reply, lang)


async def on_ask(update: Update, context: Context) -> None:
    """A did-you-mean suggestion: answer with that fact's sentence and its source."""
    query = update.callback_query
    lang = await begin(update, context)
    if query is None or lang is None:
        return
    fact = engine_of(context).fact(_match(context)[1])
    if fact is None:
        await query.answer(t("expired", lang))
        return
    await query.answer()
    answer = Answer(found=True, answer=fact.sentence, confidence=1.0, facts=[fact])
    reply = Reply(found=True, intro=fact.sentence, answer=answer)
    await send_reply(update, context, reply, lang)
    await record(update, context, fact.sentence, reply)


async def on_feedback(update: Update, context: Context) -> None:
    """👍 / 👎: record the user's opinion of a fact and say thanks."""
    query = update.callback_query
    lang = await begin(update, context)
    if query is None or lang is None:
        return
    match = _match(context)
    if engine_of(context).fact(match[1]) is None:
        await query.answer(t("expired", lang))
        return
    await store_of(context).record_feedback(query.from_user.id, match[1], int(match[2]))
    await query.answer(t("thanks", lang))


def _shows(message: Message, text: str, markup: InlineKeyboardMarkup | None) -> bool:
    """Whether the message already shows this HTML text and keyboard (an edit would fail)."""
    plain = html.unescape(re.sub(r"<[^>]+>", "", text)).strip()
    return (message.text or "").strip() == plain and message.reply_markup == markup


async def on_page(update: Update, context: Context) -> None:
    """◀ ▶: show another page of a paged reply by editing the message in place."""
    query = update.callback_query
    lang = await begin(update, context)
    if query is None or lang is None:
        return
    match = _match(context)
    name, page, arg = match[1], int(match[2]), match[3]
    command = BY_NAME.get(name)
    if command is None or not command.pages:
        await query.answer(t("expired", lang))
        return
    reply = await run_command(commands_of(context), name, arg, lang, page)
    text = html_messages(reply, lang)[0]
    markup = keyboard_for(reply, lang)
    message = query.message
    await query.answer()
    if isinstance(message, Message):
        if not _shows(message, text, markup):
            await query.edit_message_text(text, reply_markup=markup)
        return
    await send_reply(update, context, reply, lang, markup=markup)


async def on_command(update: Update, context: Context) -> None:
    """An example-command button under the welcome message: run it, send a new message."""
    query = update.callback_query
    lang = await begin(update, context)
    if query is None or lang is None:
        return
    match = _match(context)
    command = BY_NAME.get(match[1])
    if command is None or command.run is None:
        await query.answer(t("expired", lang))
        return
    await query.answer()
    reply = await run_command(commands_of(context), match[1], match[2], lang)
    await send_reply(update, context, reply, lang)
    await record(update, context, f"/{match[1]} {match[2]}".strip(), reply)


async def on_language(update: Update, context: Context) -> None:
    """Tiếng Việt / English buttons of /lang: store the choice and confirm in place."""
    query = update.callback_query
    lang = await begin(update, context)
    if query is None or lang is None:
        return
    wanted = _match(context)[1]
    if wanted not in LANGUAGES:
        await query.answer(t("expired", lang))
        return
    await store_of(context).set_language(query.from_user.id, wanted)
    await query.answer(t("lang_set", wanted))
    text = html.escape(t("lang_set", wanted))
    if isinstance(query.message, Message) and not _shows(query.message, text, None):
        await query.edit_message_text(text)


async def on_unknown(update: Update, context: Context) -> None:
    """A button this version does not know (an old message): say it no longer works."""
    query = update.callback_query
    lang = await begin(update, context)
    if query is None or lang is None:
        return
    await query.answer(t("expired", lang))
