"""Telegram handlers, registered in one place because order matters.

Within group 0 the first matching handler wins, so the order below is the bot's routing table:

1. Every command of the registry (``bot.chat.registry.COMMANDS``): those with a Telegram handler
   of their own (``/start`` with its deep links, ``/lang``, subscriptions, admin commands) get it,
   the others run through the chat layer. PTB's CommandHandler ignores ``/cmd@otherbot``.
2. Any other ``/command`` (answered in private chats and when addressed to this bot).
3. Free text in private chats (always answered), then in groups (only mentions of the bot and
   replies to its messages; other chatter is never answered).
4. Files (documents) in private chats: an admin's page is added to the corpus, anyone else gets
   one line of refusal. Files sent in groups are ignored.
5. Inline buttons by callback_data prefix, with a catch-all for buttons of old versions.
6. Inline queries.
7. Answers to the bot's quiz polls.
8. Changes of the bot's own membership (a user blocking the bot is recorded).

Only new messages are handled: edits of old messages are not answered again. Updates are handled
one at a time, except the changes to the corpus (a file from an admin, ``/add``, ``/remove``),
which run beside the others (``CONCURRENT``) so that a page being downloaded, fetched or
extracted does not hold up anyone's answer.
"""

from __future__ import annotations

from telegram.ext import (
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    InlineQueryHandler,
    MessageHandler,
    PollAnswerHandler,
    filters,
)

from bot.chat import registry

from . import (
    admin,
    callback_data,
    callbacks,
    commands,
    errors,
    inline,
    library,
    members,
    quiz,
    text,
    timeline,
)
from .services import App, Handler

__all__ = ["register"]

# The commands the Telegram layer implements itself; every other command runs in the chat layer.
TELEGRAM_HANDLERS: dict[registry.Command, Handler] = {
    registry.START: commands.start,
    registry.LANG: commands.lang,
    registry.TIMELINE: timeline.timeline,
    registry.QUIZ: quiz.quiz,
    registry.SCORE: quiz.score,
    registry.TOP: quiz.top,
    registry.SUBSCRIBE: admin.subscribe,
    registry.UNSUBSCRIBE: admin.unsubscribe,
    registry.BROADCAST: admin.broadcast,
    registry.BROADCAST_STATUS: admin.broadcast_status,
    registry.STATS: admin.stats,
    registry.ADD: library.add,
    registry.REMOVE: library.remove,
}
# The handlers PTB runs without waiting for them (block=False); see bot.telegram.handlers.library.
CONCURRENT: frozenset[Handler] = frozenset({library.add, library.remove, library.document})


def handler_for(command: registry.Command) -> Handler:
    """The Telegram handler of a registry command."""
    handler = TELEGRAM_HANDLERS.get(command)
    if handler is not None:
        return handler
    if command.run is None:
        raise RuntimeError(f"/{command.name} has neither a chat function nor a Telegram handler")
    return commands.command


def register(app: App) -> None:
    """Add every handler to `app`, in order, and the error handler."""
    new = filters.UpdateType.MESSAGE
    for command in registry.COMMANDS:
        handler = handler_for(command)
        app.add_handler(
            CommandHandler(command.name, handler, filters=new, block=handler not in CONCURRENT)
        )
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
    app.add_handler(
        MessageHandler(
            new & filters.Document.ALL & filters.ChatType.PRIVATE, library.document, block=False
        )
    )
    app.add_handler(CallbackQueryHandler(callbacks.on_source, pattern=callback_data.SOURCE))
    app.add_handler(CallbackQueryHandler(callbacks.on_more, pattern=callback_data.MORE))
    app.add_handler(CallbackQueryHandler(callbacks.on_ask, pattern=callback_data.ASK))
    app.add_handler(CallbackQueryHandler(callbacks.on_feedback, pattern=callback_data.FEEDBACK))
    app.add_handler(CallbackQueryHandler(callbacks.on_page, pattern=callback_data.PAGE))
    app.add_handler(CallbackQueryHandler(callbacks.on_command, pattern=callback_data.COMMAND))
    app.add_handler(CallbackQueryHandler(callbacks.on_language, pattern=callback_data.LANGUAGE))
    app.add_handler(CallbackQueryHandler(callbacks.on_unknown))
    app.add_handler(InlineQueryHandler(inline.inline_query))
    app.add_handler(PollAnswerHandler(quiz.poll_answer))
    app.add_handler(ChatMemberHandler(members.on_my_chat_member, ChatMemberHandler.MY_CHAT_MEMBER))
    app.add_error_handler(errors.on_error)
