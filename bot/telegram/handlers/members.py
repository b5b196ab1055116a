"""The bot's own membership: a user who blocks the bot (or removes it from a group) is recorded."""

from __future__ import annotations

import logging

from telegram import Chat, ChatMember, Update

from .services import Context, store_of

log = logging.getLogger(__name__)


async def on_my_chat_member(update: Update, context: Context) -> None:
    """Record a private chat's user as blocked when they block the bot; log group changes."""
    change = update.my_chat_member
    if change is None:
        return
    status = change.new_chat_member.status
    gone = status in (ChatMember.BANNED, ChatMember.LEFT)
    if change.chat.type == Chat.PRIVATE:
        if gone:
            await store_of(context).mark_blocked(change.from_user.id)
            log.info("user %s blocked the bot", change.from_user.id)
        return
    store = store_of(context)
    await store.touch_chat(change.chat.id, change.chat.type, change.chat.title)
    log.info("bot is now %s in chat %s", status, change.chat.id)
