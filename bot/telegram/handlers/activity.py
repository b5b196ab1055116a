"""What happens first with every update, and what is recorded after it.

`begin` applies the per-user flood guard (one polite "slow down", then silence), records the user
and the chat, and gives the user's language; `record` stores a question and whether it was answered.
"""

from __future__ import annotations

import logging

from telegram import Update

from bot.chat.i18n import t
from bot.chat.reply import Reply

from .flood import Verdict
from .sending import reply_id, send_text
from .services import Context, flood_of, language_for, store_of

log = logging.getLogger(__name__)


async def flood_allows(update: Update, context: Context) -> bool:
    """Whether the guard lets this update through; the first refusal says "slow down"."""
    user, chat = update.effective_user, update.effective_chat
    guard = flood_of(context)
    if user is None or guard is None:
        return True
    verdict = guard.check(user.id)
    if verdict is Verdict.OK:
        return True
    text = t("slow_down", await language_for(context, user)) if verdict is Verdict.WARN else None
    if update.callback_query is not None:
        await update.callback_query.answer(text)
    elif text is not None and chat is not None:
        await send_text(context, chat.id, text, reply_to=reply_id(update))
    log.info("flood guard: %s for user %s", verdict.value, user.id)
    return False


async def begin(update: Update, context: Context) -> str | None:
    """Flood check, then record user and chat; the user's language, or None to stay silent."""
    if not await flood_allows(update, context):
        return None
    user, chat = update.effective_user, update.effective_chat
    store = store_of(context)
    if user is not None:
        await store.touch_user(user.id)
    if chat is not None:
        await store.touch_chat(chat.id, chat.type, chat.title)
    return await language_for(context, user)


async def record(update: Update, context: Context, text: str, reply: Reply) -> None:
    """Store the question and whether it was answered."""
    user, chat = update.effective_user, update.effective_chat
    await store_of(context).record_question(
        user.id if user else None, chat.id if chat else None, text, reply.found
    )
