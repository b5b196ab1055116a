"""Free text: every message in a private chat; in groups only what is addressed to the bot."""

from __future__ import annotations

import re

from telegram import Message, Update

from bot.chat.registry import HELP, respond, run_command

from .activity import begin, record
from .sending import send_reply
from .services import Context, commands_of, engine_of, store_of


async def answer_text(update: Update, context: Context, text: str) -> None:
    """Answer `text` (a question or a command) in the chat of the update."""
    lang = await begin(update, context)
    if lang is None:
        return
    if text.strip():
        reply = await respond(engine_of(context), store_of(context), text, lang)
    else:
        reply = await run_command(commands_of(context), HELP.name, "", lang)
    await send_reply(update, context, reply, lang)
    await record(update, context, text, reply)


async def private_text(update: Update, context: Context) -> None:
    """A message in a private chat: always answered."""
    message = update.effective_message
    if message is None or message.text is None:
        return
    await answer_text(update, context, message.text)


def is_reply_to_me(message: Message, bot_id: int) -> bool:
    """Whether the message replies to one of the bot's own messages."""
    replied = message.reply_to_message
    return replied is not None and replied.from_user is not None and replied.from_user.id == bot_id


def strip_mention(text: str, username: str) -> tuple[str, bool]:
    """The text without '@username' (any case) and whether it was there."""
    pattern = re.compile(rf"@{re.escape(username)}\b", re.IGNORECASE)
    stripped, count = pattern.subn(" ", text)
    stripped = re.sub(r"\s+", " ", stripped).strip(" ,:;-–—")
    return stripped, count > 0


async def group_text(update: Update, context: Context) -> None:
    """A group message: answered only when it mentions the bot or replies to one of its messages."""
    message = update.effective_message
    if message is None or message.text is None:
        return
    username = context.bot.username or ""
    text, mentioned = strip_mention(message.text, username) if username else (message.text, False)
    if not mentioned and not is_reply_to_me(message, context.bot.id):
        return  # chatter between people: never answered
    await answer_text(update, context, text)
