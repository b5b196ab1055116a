"""Command handlers: /start (with deep links), /lang, and every command the chat layer runs."""

from __future__ import annotations

from telegram import Update

from bot.chat.i18n import LANGUAGES, t
from bot.chat.registry import HELP, SOURCE, parse_command, respond, run_command

from .activity import begin, record
from .keyboards import examples_keyboard, language_keyboard
from .sending import send_reply, send_text
from .services import Context, commands_of, engine_of, store_of


def command_parts(update: Update, context: Context) -> tuple[str, str]:
    """(name, argument) of the command message, the argument as typed (not split)."""
    text = update.effective_message.text if update.effective_message else None
    parsed = parse_command(text or "")
    if parsed is not None:
        return parsed[0], parsed[2]
    first = (text or "").split(maxsplit=1)[0] if (text or "").strip() else "/"
    return first[1:].split("@", 1)[0].lower(), " ".join(context.args or [])


async def start(update: Update, context: Context) -> None:
    """/start: the welcome (the help) with example buttons; /start f_<fact id> opens that fact."""
    lang = await begin(update, context)
    if lang is None:
        return
    _, arg = command_parts(update, context)
    commands = commands_of(context)
    if arg.lower().startswith("f_"):
        reply = await run_command(commands, SOURCE.name, arg, lang)
        await send_reply(update, context, reply, lang)
    else:
        reply = await run_command(commands, HELP.name, "", lang)
        await send_reply(update, context, reply, lang, markup=examples_keyboard(commands.engine))
    text = update.effective_message.text if update.effective_message else None
    await record(update, context, text or "/start", reply)


async def command(update: Update, context: Context) -> None:
    """/help, /partners, /event <date>, ... : run the command and send its reply."""
    lang = await begin(update, context)
    if lang is None:
        return
    name, arg = command_parts(update, context)
    reply = await run_command(commands_of(context), name, arg, lang)
    await send_reply(update, context, reply, lang)
    text = update.effective_message.text if update.effective_message else None
    await record(update, context, text or "/" + name, reply)


async def lang(update: Update, context: Context) -> None:
    """/lang vi|en: choose the interface language (remembered); /lang alone shows the choice."""
    current = await begin(update, context)
    if current is None:
        return
    _, arg = command_parts(update, context)
    wanted = arg.strip().lower()[:2]
    user = update.effective_user
    chat = update.effective_chat
    if chat is None:
        return
    if wanted in LANGUAGES and user is not None:
        await store_of(context).set_language(user.id, wanted)
        await send_text(context, chat.id, t("lang_set", wanted))
        return
    await send_text(context, chat.id, t("lang_usage", current), markup=language_keyboard())


async def unknown(update: Update, context: Context) -> None:
    """Any other /command: answered in private chats, and in groups only when addressed to us."""
    message = update.effective_message
    chat = update.effective_chat
    if message is None or chat is None or not message.text:
        return
    parsed = parse_command(message.text)
    addressee = parsed[1] if parsed else _addressee(message.text)
    me = (context.bot.username or "").lower()
    if addressee is not None and addressee.lower() != me:
        return  # /cmd@otherbot: not for us, wherever it is
    if chat.type != chat.PRIVATE and addressee is None:
        return  # a bare /cmd in a group may be for another bot
    lang = await begin(update, context)
    if lang is None:
        return
    reply = await respond(engine_of(context), store_of(context), message.text, lang)
    await send_reply(update, context, reply, lang)
    await record(update, context, message.text, reply)


def _addressee(text: str) -> str | None:
    """'otherbot' for '/cmd@otherbot ...', None when the command names no bot."""
    first = text.split(maxsplit=1)[0] if text.strip() else ""
    _, at, name = first.partition("@")
    return name if at else None
