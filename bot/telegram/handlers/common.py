"""What every handler shares: services from bot_data, the user's language, sending, keyboards.

Callback data is always built here and always fits Telegram's 64 bytes:
``src:<fact id>``, ``more:<id>,<id>,...``, ``ask:<fact id>``, ``fb:<fact id>:1|-1``,
``pg:<command>:<page>:<arg, truncated>``, ``cmd:<command>:<arg>`` and ``lang:vi|en``.
No callback data ever carries free text except the (truncated) argument of a paged command.
"""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Callable, Coroutine
from typing import Any, Final, cast

from telegram import (
    CallbackQuery,
    Chat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    LinkPreviewOptions,
    Message,
    ReplyParameters,
    Update,
    User,
)
from telegram.constants import ParseMode
from telegram.ext import Application, ContextTypes

from bot.chat.commands import Commands
from bot.chat.i18n import language_of, t
from bot.chat.render import render_html
from bot.chat.reply import Reply
from bot.engine.answer import Engine
from bot.models import Fact
from bot.storage.store import Store

from .flood import FloodGuard, Verdict

log = logging.getLogger(__name__)

Context = ContextTypes.DEFAULT_TYPE
App = Application[Any, Any, Any, Any, Any, Any]
Handler = Callable[[Update, Context], Coroutine[Any, Any, None]]

CALLBACK_LIMIT: Final = 64
MORE_LIMIT: Final = 5
NO_PREVIEW: Final = LinkPreviewOptions(is_disabled=True)
LANGUAGES: Final = ("vi", "en")


def tr(key: str, lang: str, **values: object) -> str:
    """An interface string from bot.chat.i18n."""
    return t(key, lang, **values)


# -- services ------------------------------------------------------------------------------


def store_of(context: Context) -> Store:
    """The open Store put into bot_data by post_init."""
    return cast(Store, context.bot_data["store"])


def engine_of(context: Context) -> Engine:
    """The answering Engine put into bot_data by post_init."""
    return cast(Engine, context.bot_data["engine"])


def commands_of(context: Context) -> Commands:
    """The Commands over the engine and store, put into bot_data by post_init."""
    return cast(Commands, context.bot_data["commands"])


def flood_of(context: Context) -> FloodGuard | None:
    """The per-user flood guard, if the application has one."""
    return cast(FloodGuard | None, context.bot_data.get("flood"))


async def language_for(context: Context, user: User | None) -> str:
    """The user's chosen language (/lang), else the language of their Telegram client."""
    if user is None:
        return "vi"
    stored = await store_of(context).get_language(user.id)
    if stored in LANGUAGES:
        return stored
    return language_of(user.language_code)


async def begin(update: Update, context: Context) -> str | None:
    """Flood check, then record user and chat; the user's language, or None to stay silent."""
    user = update.effective_user
    chat = update.effective_chat
    guard = flood_of(context)
    if user is not None and guard is not None:
        verdict = guard.check(user.id)
        if verdict is not Verdict.OK:
            query = update.callback_query
            lang = await language_for(context, user)
            text = tr("slow_down", lang) if verdict is Verdict.WARN else None
            if query is not None:
                await query.answer(text)
            elif text is not None and chat is not None:
                await send_html(context, chat.id, [html.escape(text)], reply_to=_reply_id(update))
            log.info("flood guard: %s for user %s", verdict.value, user.id)
            return None
    store = store_of(context)
    if user is not None:
        await store.touch_user(user.id)
    if chat is not None:
        await store.touch_chat(chat.id, chat.type, chat.title)
    return await language_for(context, user)


def _reply_id(update: Update) -> int | None:
    """In groups answers quote the message they answer; in private chats they don't."""
    message = update.effective_message
    chat = update.effective_chat
    if message is None or chat is None or chat.type == Chat.PRIVATE:
        return None
    return message.message_id


# -- sending -------------------------------------------------------------------------------


async def send_html(
    context: Context,
    chat_id: int,
    messages: list[str],
    *,
    markup: InlineKeyboardMarkup | None = None,
    reply_to: int | None = None,
) -> list[Message]:
    """Send HTML messages in order; the keyboard goes under the last one."""
    texts = [m for m in messages if m.strip()]
    sent: list[Message] = []
    for n, text in enumerate(texts):
        sent.append(
            await context.bot.send_message(
                chat_id=chat_id,
                text=text,
                parse_mode=ParseMode.HTML,
                link_preview_options=NO_PREVIEW,
                reply_markup=markup if n == len(texts) - 1 else None,
                reply_parameters=(
                    ReplyParameters(reply_to, allow_sending_without_reply=True)
                    if reply_to is not None and n == 0
                    else None
                ),
            )
        )
    return sent


async def send_reply(
    update: Update,
    context: Context,
    reply: Reply,
    lang: str,
    *,
    markup: InlineKeyboardMarkup | None = None,
    question: str | None = None,
) -> list[Message]:
    """Render a Reply (render_html) into the chat of the update, with its keyboard."""
    chat = update.effective_chat
    if chat is None:
        return []
    if markup is None:
        markup = keyboard_for(reply, lang, engine_of(context), question)
    return await send_html(
        context, chat.id, render_html(reply, lang), markup=markup, reply_to=_reply_id(update)
    )


async def record(update: Update, context: Context, text: str, reply: Reply) -> None:
    """Store the question and whether it was answered."""
    user = update.effective_user
    chat = update.effective_chat
    await store_of(context).record_question(
        user.id if user else None, chat.id if chat else None, text, reply.found
    )


def chat_of_query(query: CallbackQuery) -> int:
    """The chat a button was pressed in (the user's private chat if the message is gone)."""
    if query.message is not None:
        return query.message.chat.id
    return query.from_user.id


# -- keyboards -----------------------------------------------------------------------------


def clip_utf8(text: str, limit: int) -> str:
    """The longest prefix of `text` whose UTF-8 encoding has at most `limit` bytes."""
    if limit <= 0:
        return ""
    return text.encode("utf-8")[:limit].decode("utf-8", errors="ignore")


def page_data(command: str, page: int, arg: str) -> str:
    """``pg:<command>:<page>:<arg>`` with the arg cut so the whole fits in 64 bytes."""
    head = f"pg:{command}:{page}:"
    return head + clip_utf8(arg, CALLBACK_LIMIT - len(head.encode("utf-8")))


def command_data(command: str, arg: str = "") -> str:
    """``cmd:<command>:<arg>``, within 64 bytes."""
    head = f"cmd:{command}:"
    return head + clip_utf8(arg, CALLBACK_LIMIT - len(head.encode("utf-8")))


def button_label(text: str, limit: int = 48) -> str:
    """A short single-line button label."""
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def feedback_row(fact: Fact) -> list[InlineKeyboardButton]:
    """👍 / 👎 for one fact."""
    return [
        InlineKeyboardButton("👍", callback_data=f"fb:{fact.id}:1"),
        InlineKeyboardButton("👎", callback_data=f"fb:{fact.id}:-1"),
    ]


def fact_keyboard(fact: Fact, lang: str, more: list[str] | None = None) -> InlineKeyboardMarkup:
    """Nguồn / Xem thêm / 👍 / 👎 under an answer that cites `fact`."""
    first = [InlineKeyboardButton(tr("source", lang), callback_data=f"src:{fact.id}")]
    if more:
        data = "more:" + ",".join(more)
        while len(data.encode("utf-8")) > CALLBACK_LIMIT:
            more = more[:-1]
            data = "more:" + ",".join(more)
        first.append(InlineKeyboardButton(tr("more", lang), callback_data=data))
    return InlineKeyboardMarkup([first, feedback_row(fact)])


def pages_row(reply: Reply) -> list[InlineKeyboardButton]:
    """◀ ▶ for a paged reply: only the directions that lead somewhere."""
    row: list[InlineKeyboardButton] = []
    if reply.command is None or reply.pages <= 1:
        return row
    if reply.page > 1:
        row.append(
            InlineKeyboardButton(
                "◀", callback_data=page_data(reply.command, reply.page - 1, reply.arg)
            )
        )
    if reply.page < reply.pages:
        row.append(
            InlineKeyboardButton(
                "▶", callback_data=page_data(reply.command, reply.page + 1, reply.arg)
            )
        )
    return row


def keyboard_for(
    reply: Reply, lang: str, engine: Engine | None = None, question: str | None = None
) -> InlineKeyboardMarkup | None:
    """The buttons that belong under a reply, or None."""
    if reply.pages > 1:
        return InlineKeyboardMarkup([pages_row(reply)])
    answer = reply.answer
    if reply.did_you_mean and answer is not None and answer.facts:
        rows = [
            [InlineKeyboardButton(button_label(f.sentence), callback_data=f"ask:{f.id}")]
            for f in _unique_sentences(answer.facts)[:3]
        ]
        return InlineKeyboardMarkup(rows)
    if reply.found and answer is not None and answer.facts:
        more = more_ids(reply, engine, question)
        return fact_keyboard(answer.facts[0], lang, more)
    return None


def _unique_sentences(facts: list[Fact]) -> list[Fact]:
    """The first fact of each sentence, in order."""
    seen: set[int] = set()
    out: list[Fact] = []
    for f in facts:
        if f.sentence_id not in seen:
            seen.add(f.sentence_id)
            out.append(f)
    return out


def more_ids(reply: Reply, engine: Engine | None, question: str | None) -> list[str]:
    """Ids of up to five further facts for "Xem thêm": other facts of the answer, then the
    next-ranked sentences for the question, never a sentence the answer already shows."""
    answer = reply.answer
    if answer is None or not answer.facts:
        return []
    shown = reply.intro or ""
    seen = {answer.facts[0].sentence_id}
    candidates = list(answer.facts[1:]) + list(answer.related)
    out: list[str] = []
    for f in candidates:
        if f.sentence_id in seen or f.sentence in shown:
            continue
        seen.add(f.sentence_id)
        out.append(f.id)
    return out[:MORE_LIMIT]
