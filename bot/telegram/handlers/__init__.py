"""Telegram handlers, registered in one place because order matters.

Within group 0 the first matching handler wins, so the order below is the bot's routing table:

1. ``/start`` (deep links ``f_<fact id>``), ``/lang``, the subscription and admin commands
   (``/subscribe``, ``/unsubscribe``, ``/broadcast``, ``/broadcast_status``, ``/stats``), then ``/help`` and every command of
   ``bot.chat.commands.COMMAND_NAMES``. PTB's CommandHandler ignores ``/cmd@otherbot``.
2. Any other ``/command`` (answered in private chats and when addressed to this bot).
3. Free text in private chats (always answered), then in groups (only mentions of the bot and
   replies to its messages; other chatter is never answered).
4. Inline buttons by callback_data prefix, with a catch-all for buttons of old versions.
5. Inline queries.
6. Changes of the bot's own membership (a user blocking the bot is recorded).

Only new messages are handled: edits of old messages are not answered again.
"""

from __future__ import annotations

from telegram.ext import (
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    InlineQueryHandler,
    MessageHandler,
    filters,
)

from bot.chat.commands import COMMAND_NAMES

from . import admin, callbacks, commands, errors, inline, members, text
from .common import App

__all__ = ["register"]


def register(app: App) -> None:
    """Add every handler to `app`, in order, and the error handler."""
    new = filters.UpdateType.MESSAGE
    app.add_handler(CommandHandler("start", commands.start, filters=new))
    app.add_handler(CommandHandler("lang", commands.lang, filters=new))
    app.add_handler(CommandHandler("subscribe", admin.subscribe, filters=new))
    app.add_handler(CommandHandler("unsubscribe", admin.unsubscribe, filters=new))
    app.add_handler(CommandHandler("broadcast", admin.broadcast, filters=new))
    app.add_handler(CommandHandler("broadcast_status", admin.broadcast_status, filters=new))
    app.add_handler(CommandHandler("stats", admin.stats, filters=new))
    app.add_handler(CommandHandler(list(COMMAND_NAMES), commands.command, filters=new))
    app.add_handler(MessageHandler(new & filters.COMMAND, commands.unknown))
    app.add_handler(
        MessageHandler(
            new & filters.TEXT & ~filters.COMMAND & filters.ChatType.PRIVATE, text.private_text
        )
    )
    app.add_handler(
        MessageHandler(
            new & filters.TEXT & ~filters.COMMAND & filters.ChatType.GROUPS, text.group_text
        )
    )
    app.add_handler(CallbackQueryHandler(callbacks.on_source, pattern=callbacks.SOURCE))
    app.add_handler(CallbackQueryHandler(callbacks.on_more, pattern=callbacks.MORE))
    app.add_handler(CallbackQueryHandler(callbacks.on_ask, pattern=callbacks.ASK))
    app.add_handler(CallbackQueryHandler(callbacks.on_feedback, pattern=callbacks.FEEDBACK))
    app.add_handler(CallbackQueryHandler(callbacks.on_page, pattern=callbacks.PAGE))
    app.add_handler(CallbackQueryHandler(callbacks.on_command, pattern=callbacks.COMMAND))
    app.add_handler(CallbackQueryHandler(callbacks.on_language, pattern=callbacks.LANGUAGE))
    app.add_handler(CallbackQueryHandler(callbacks.on_unknown))
    app.add_handler(InlineQueryHandler(inline.inline_query))
    app.add_handler(ChatMemberHandler(members.on_my_chat_member, ChatMemberHandler.MY_CHAT_MEMBER))
    app.add_error_handler(errors.on_error)
