"""Sending: rendered replies into the chat of an update, in order, the keyboard under the last.

Parse mode (HTML) and link previews (off) are the application's `Defaults`; every text is cut to
Telegram's message limit by `render_html`. In a forum supergroup every message sent into the chat
of the update being handled goes to the topic it came from: `handling` holds that update while its
handlers run (set by bot.telegram.durable), so no handler has to pass the topic on.
"""

from __future__ import annotations

import html
from contextvars import ContextVar

from telegram import Chat, InlineKeyboardMarkup, Message, ReplyParameters, Update
from telegram.constants import MessageLimit

from bot.chat.render import render_html
from bot.chat.reply import Reply

from .keyboards import keyboard_for
from .services import Context

MAX_TEXT = int(MessageLimit.MAX_TEXT_LENGTH)

handling: ContextVar[Update | None] = ContextVar("handling", default=None)


def topic_of(chat_id: int) -> int | None:
    """The forum topic of the update being handled, for a message to `chat_id`."""
    update = handling.get()
    if update is None or update.effective_chat is None or update.effective_chat.id != chat_id:
        return None
    message = update.effective_message
    if message is None or not message.is_topic_message:
        return None
    return message.message_thread_id


def html_messages(reply: Reply, lang: str) -> list[str]:
    """A reply as Telegram HTML messages, each within Telegram's limit."""
    return render_html(reply, lang, limit=MAX_TEXT)


def reply_id(update: Update) -> int | None:
    """In groups answers quote the message they answer; in private chats they don't."""
    message = update.effective_message
    chat = update.effective_chat
    if message is None or chat is None or chat.type == Chat.PRIVATE:
        return None
    return message.message_id


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
    topic = topic_of(chat_id)
    sent: list[Message] = []
    for n, text in enumerate(texts):
        sent.append(
            await context.bot.send_message(
                chat_id=chat_id,
                text=text,
                message_thread_id=topic,
                reply_markup=markup if n == len(texts) - 1 else None,
                reply_parameters=(
                    ReplyParameters(reply_to, allow_sending_without_reply=True)
                    if reply_to is not None and n == 0
                    else None
                ),
            )
        )
    return sent


async def send_text(
    context: Context,
    chat_id: int,
    text: str,
    *,
    markup: InlineKeyboardMarkup | None = None,
    reply_to: int | None = None,
) -> list[Message]:
    """Plain text (an interface string), escaped, as one message."""
    return await send_html(context, chat_id, [html.escape(text)], markup=markup, reply_to=reply_to)


async def send_reply(
    update: Update,
    context: Context,
    reply: Reply,
    lang: str,
    *,
    markup: InlineKeyboardMarkup | None = None,
) -> list[Message]:
    """Render a Reply into the chat of the update, with its keyboard."""
    chat = update.effective_chat
    if chat is None:
        return []
    if markup is None:
        markup = keyboard_for(reply, lang)
    return await send_html(
        context, chat.id, html_messages(reply, lang), markup=markup, reply_to=reply_id(update)
    )
