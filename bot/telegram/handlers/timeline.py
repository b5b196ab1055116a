"""/timeline [year] [ảnh]: the text timeline, and with 'ảnh' also its picture (a PNG)."""

from __future__ import annotations

import asyncio

from telegram import ReplyParameters, Update

from bot.chat.commands import Commands
from bot.chat.i18n import t
from bot.chat.registry import TIMELINE, run_command
from bot.chat.timeline_image import MAX_EVENTS, timeline_png, wants_image
from bot.text import DateValue

from .activity import begin, record
from .commands import command_parts
from .sending import reply_id, send_reply
from .services import Context, commands_of, store_of


async def timeline(update: Update, context: Context) -> None:
    """The timeline as text (paged, as always); the picture follows when asked for."""
    lang = await begin(update, context)
    chat = update.effective_chat
    if lang is None or chat is None:
        return
    _, arg = command_parts(update, context)
    image, rest = wants_image(arg)
    commands = commands_of(context)
    reply = await run_command(commands, TIMELINE.name, rest, lang)
    await send_reply(update, context, reply, lang)
    if image and reply.found:
        whole = Commands(commands.engine, store_of(context), page_size=10_000).timeline(rest, lang)
        events = [
            (DateValue.from_iso(item.fact.date), item.fact.text)
            for item in whole.items
            if item.fact is not None and item.fact.date
        ]
        title = t("timeline", lang) + (f" {rest}" if rest else "")
        # Drawing takes a moment of CPU: off the event loop.
        png = await asyncio.to_thread(timeline_png, events, title)
        shown = min(len(events), MAX_EVENTS)
        key = "timeline_image" if shown == len(events) else "timeline_image_more"
        await context.bot.send_photo(
            chat.id,
            png,
            caption=t(key, lang, title=title, shown=shown, total=len(events)),
            parse_mode=None,
            reply_parameters=(
                ReplyParameters(reply_to, allow_sending_without_reply=True)
                if (reply_to := reply_id(update)) is not None
                else None
            ),
        )
    text = update.effective_message.text if update.effective_message else None
    await record(update, context, text or "/timeline", reply)
