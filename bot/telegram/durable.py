"""Updates that survive a crash: stored before they are confirmed, marked done after the reply.

python-telegram-bot's Updater puts each fetched update into the Application's update queue and
confirms the batch to Telegram (the next getUpdates offset) only after every ``put`` returned; the
webhook server answers 200 only after its ``put`` returned too. ``DurableQueue.put`` stores the
update in the inbox (committed) before it returns, so no update is confirmed before it is stored.
``DurableApplication.process_update`` marks it started and, after its handlers (and the reply)
finished, done. ``replay`` puts the updates a crash left unhandled back into the queue at start.
"""

from __future__ import annotations

import asyncio
import json
import logging
import sqlite3
from typing import Any

from telegram import Update
from telegram.error import NetworkError
from telegram.ext import Application

from bot.health import Heartbeat
from bot.storage.inbox import STARTED, Inbox
from bot.telegram.handlers.sending import handling

log = logging.getLogger(__name__)


class DurableQueue(asyncio.Queue[object]):
    """The update queue; an update is in the inbox before `put` returns."""

    inbox: Inbox | None = None
    heartbeat: Heartbeat | None = None

    async def put(self, item: object) -> None:
        if isinstance(item, Update) and self.inbox is not None:
            body = json.dumps(item.to_dict(), ensure_ascii=False)
            try:
                stored = await self.inbox.receive(item.update_id, body)
            except (sqlite3.Error, RuntimeError, ValueError) as exc:
                # Not confirmed to Telegram: polling fetches it again (the retry loop goes on
                # for a TelegramError), a webhook request gets a 500 and Telegram sends it again.
                raise NetworkError(f"update {item.update_id} could not be stored: {exc}") from exc
            if self.heartbeat is not None:
                self.heartbeat.beat()
            if not stored:
                log.info("update %d was fetched again; it is already in the inbox", item.update_id)
                return
        await super().put(item)


class DurableApplication(Application[Any, Any, Any, Any, Any, Any]):
    """An Application that records in the inbox when an update starts and ends being handled."""

    async def process_update(self, update: object) -> None:
        token = handling.set(update if isinstance(update, Update) else None)
        try:
            await self._process(update)
        finally:
            handling.reset(token)

    async def _process(self, update: object) -> None:
        inbox: Inbox | None = self.bot_data.get("inbox")
        update_id = update.update_id if isinstance(update, Update) else None
        if inbox is None or update_id is None:
            await super().process_update(update)
            return
        await inbox.started(update_id)
        await super().process_update(update)
        await inbox.done(update_id)


async def replay(app: Application[Any, Any, Any, Any, Any, Any], inbox: Inbox) -> int:
    """Queue the updates a stop or crash left unhandled, oldest first; how many."""
    pending = await inbox.pending()
    for stored in pending:
        if stored.state == STARTED:
            log.warning(
                "update %d was being handled when the bot stopped: it is handled again, "
                "so its answer may arrive twice",
                stored.update_id,
            )
        update = Update.de_json(json.loads(stored.body), app.bot)
        app.update_queue.put_nowait(update)
    if pending:
        log.info("%d stored updates to handle from before the restart", len(pending))
    return len(pending)
