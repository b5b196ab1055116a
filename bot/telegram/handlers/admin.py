"""Subscriptions and what admins do: /subscribe, /unsubscribe, /broadcast, /broadcast_status, /stats."""

from __future__ import annotations

from typing import cast

from telegram import Update
from telegram.constants import ChatMemberStatus, ChatType

from bot.chat.admin import broadcasts_reply, stats_reply
from bot.chat.i18n import t
from bot.telegram.broadcast import Outbox
from bot.telegram.publishing import start_broadcast
from bot.telegram.types import App

from .activity import begin
from .quiz import quiz_subscription
from .sending import MAX_TEXT, send_reply, send_text
from .services import Context, settings_of, store_of

_GROUP_ADMINS = (ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER)


def is_admin(context: Context, user_id: int | None) -> bool:
    """Whether the user is one of ADMIN_IDS."""
    return user_id is not None and user_id in settings_of(context).admin_ids


async def _may_manage_subscription(update: Update, context: Context) -> bool:
    """In a private chat the user decides; in a group only the group's admins do."""
    chat, user = update.effective_chat, update.effective_user
    if chat is None or user is None:
        return False
    if chat.type == ChatType.PRIVATE:
        return True
    member = await context.bot.get_chat_member(chat.id, user.id)
    return member.status in _GROUP_ADMINS


def _argument(update: Update) -> str:
    """The folded argument of a command message: 'quiz' for '/subscribe@bot Quiz'."""
    text = update.effective_message.text if update.effective_message else None
    return (text or "").partition(" ")[2].strip().lower()


async def _subscription(update: Update, context: Context, subscribe: bool) -> None:
    """/subscribe or /unsubscribe the current chat, if the user may."""
    lang = await begin(update, context)
    chat = update.effective_chat
    if lang is None or chat is None:
        return
    if not await _may_manage_subscription(update, context):
        await send_text(context, chat.id, t("group_admins_only", lang))
        return
    if _argument(update) == "quiz":
        await quiz_subscription(context, chat, lang, subscribe)
        return
    store = store_of(context)
    if subscribe:
        key = "subscribed" if await store.subscribe(chat.id, chat.type) else "already_subscribed"
    else:
        key = "unsubscribed" if await store.unsubscribe(chat.id) else "not_subscribed"
    await send_text(context, chat.id, t(key, lang))


async def subscribe(update: Update, context: Context) -> None:
    """/subscribe [quiz]: the daily digest, or quiz, for this chat (group admins only in groups)."""
    await _subscription(update, context, subscribe=True)


async def unsubscribe(update: Update, context: Context) -> None:
    """/unsubscribe [quiz]: no more daily digest, or quiz, for this chat."""
    await _subscription(update, context, subscribe=False)


async def admin_chat(update: Update, context: Context) -> tuple[str, int] | None:
    """(language, chat id) when an admin of the bot is asking; otherwise a refusal and None."""
    lang = await begin(update, context)
    chat, user = update.effective_chat, update.effective_user
    if lang is None or chat is None:
        return None
    if not is_admin(context, user.id if user else None):
        await send_text(context, chat.id, t("admins_only", lang))
        return None
    return lang, chat.id


async def broadcast(update: Update, context: Context) -> None:
    """/broadcast <text>, or /broadcast in reply to a message (copied): admins only."""
    asking = await admin_chat(update, context)
    chat, user, message = update.effective_chat, update.effective_user, update.effective_message
    if asking is None or chat is None or message is None:
        return
    lang = asking[0]
    text = (message.text or "").partition(" ")[2].strip()
    app = cast(App, context.application)
    if message.reply_to_message is not None:
        await start_broadcast(
            app,
            kind="copy",
            created_by=user.id if user else None,
            from_chat_id=chat.id,
            message_id=message.reply_to_message.message_id,
            progress_chat_id=chat.id,
        )
    elif text:
        await start_broadcast(
            app,
            kind="announcement",
            created_by=user.id if user else None,
            text=text[:MAX_TEXT],
            progress_chat_id=chat.id,
        )
    else:
        await send_text(context, chat.id, t("broadcast_usage", lang))


async def broadcast_status(update: Update, context: Context) -> None:
    """/broadcast_status: the last broadcasts and where each stands (admins only)."""
    asking = await admin_chat(update, context)
    if asking is None:
        return
    lang, _ = asking
    rows = await Outbox(store_of(context)).recent(5)
    await send_reply(update, context, broadcasts_reply(rows, lang), lang)


async def stats(update: Update, context: Context) -> None:
    """/stats: subscribers, questions, top unanswered questions, feedback (admins only)."""
    asking = await admin_chat(update, context)
    if asking is None:
        return
    lang, _ = asking
    stats = await store_of(context).stats(days=7)
    await send_reply(update, context, stats_reply(stats, lang), lang)
