"""The error handler: log, apologise once, record users who blocked the bot, keep running.

An update whose handling failed is recorded as failed in the inbox, with the error. A send that
still failed after the Pacer's retries (SEND_RETRY_SECONDS) gets no apology: it would meet the
same fault. A failed poll (no update, no job) is one WARNING line per outage (PollMonitor).
"""

from __future__ import annotations

import logging

from telegram import Chat, Update
from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError

from bot.chat.i18n import t
from bot.storage.inbox import Inbox
from bot.telegram.pacing import transient
from bot.telegram.upkeep import PollMonitor

from .sending import send_text
from .services import Context, language_for, store_of

log = logging.getLogger(__name__)


async def on_error(update: object, context: Context) -> None:
    """Log the update id and the exception; tell the user a short apology if there is a chat."""
    error = context.error
    update_id = update.update_id if isinstance(update, Update) else None
    chat = update.effective_chat if isinstance(update, Update) else None
    user = update.effective_user if isinstance(update, Update) else None
    monitor: PollMonitor | None = context.bot_data.get("poll_monitor")
    if update is None and context.job is None and isinstance(error, TelegramError) and monitor:
        monitor.failed(error)  # polling failed: the retry loop goes on
        return
    inbox: Inbox | None = context.bot_data.get("inbox")
    if update_id is not None and inbox is not None and error is not None:
        try:
            await inbox.failed(update_id, f"{type(error).__name__}: {error}")
        except Exception:
            log.warning("update %s: could not record the failure", update_id)

    if isinstance(error, Forbidden):
        # The user blocked the bot (or it was removed from the group): remember, never retry.
        log.info("update %s: forbidden in chat %s: %s", update_id, chat.id if chat else None, error)
        if user is not None and (chat is None or chat.type == Chat.PRIVATE):
            try:
                await store_of(context).mark_blocked(user.id)
            except Exception:  # the store may already be closed at shutdown
                log.exception("could not record that user %s blocked the bot", user.id)
        return
    if isinstance(error, RetryAfter):
        # The rate limiter (pacing.Pacer) already waited and retried; this request is given up.
        log.warning("update %s: flood control persisted: %s", update_id, error)
        return
    if isinstance(error, BadRequest) and "message is not modified" in str(error).lower():
        log.debug("update %s: %s", update_id, error)
        return

    if isinstance(error, Exception) and transient(error):
        log.error("update %s: the reply could not be sent: %s", update_id, error)
        return
    log.error("update %s failed: %r", update_id, error, exc_info=error)
    if chat is None:
        return
    try:
        lang = await language_for(context, user)
    except Exception:
        lang = "vi"
    try:
        await send_text(context, chat.id, t("error", lang))
    except TelegramError as exc:  # the apology itself failed: log it, do not loop
        log.warning("update %s: could not send the apology: %s", update_id, exc)
