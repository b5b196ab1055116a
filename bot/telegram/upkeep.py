"""Upkeep of a running bot: daily backups, the inbox pruned, the heartbeat, outages logged once.

The heartbeat (bot.health) is touched after each successful getUpdates (seen by `PollRequest`, its
connection) and, in webhook mode, each successful getWebhookInfo, which a job asks every minute. While Telegram cannot be reached,
`PollMonitor` writes one WARNING line when polling starts failing and one when it works again;
the attempts in between are logged at DEBUG only, without tracebacks.
"""

from __future__ import annotations

import logging
import time
from http import HTTPStatus
from typing import Any, cast

from telegram.ext import ContextTypes
from telegram.request import HTTPXRequest

from bot.config import Settings
from bot.health import Heartbeat
from bot.storage.backup import backup_state
from bot.storage.inbox import Inbox
from bot.storage.store import Store
from bot.telegram.types import App

log = logging.getLogger(__name__)

Context = ContextTypes.DEFAULT_TYPE


class PollMonitor:
    """One WARNING line per outage of polling, one when it is over."""

    def __init__(self, heartbeat: Heartbeat | None = None) -> None:
        self.heartbeat = heartbeat
        self.down_since: float | None = None
        self.failures = 0

    def failed(self, error: Exception) -> None:
        self.failures += 1
        if self.down_since is None:
            self.down_since = time.monotonic()
            log.warning("cannot reach Telegram (%s); retrying until it answers", error)
        else:
            log.debug("still cannot reach Telegram: %s", error)

    def succeeded(self, endpoint: str) -> None:
        """A listener of the Pacer: every successful request of the bot."""
        if endpoint not in ("getUpdates", "getWebhookInfo"):
            return
        if self.heartbeat is not None:
            self.heartbeat.beat()
        if self.down_since is not None:
            log.warning(
                "Telegram answers again after %.0f s (%d failed attempts)",
                time.monotonic() - self.down_since,
                self.failures,
            )
            self.down_since, self.failures = None, 0


class PollRequest(HTTPXRequest):
    """The getUpdates connection (which no rate limiter sees): tells the monitor of successes."""

    def __init__(self, monitor: PollMonitor) -> None:
        super().__init__(connection_pool_size=1)
        self.monitor = monitor

    async def do_request(self, *args: Any, **kwargs: Any) -> tuple[int, bytes]:
        code, body = await super().do_request(*args, **kwargs)
        if code == HTTPStatus.OK:
            self.monitor.succeeded("getUpdates")
        return code, body


async def backup_job(context: Context) -> None:
    """Today's backup of the state, if not made yet; old ones removed; the inbox pruned."""
    settings = cast(Settings, context.bot_data["settings"])
    store = cast(Store, context.bot_data["store"])
    try:
        if settings.backup_days > 0:
            await backup_state(store, settings.backup_days)
        await Inbox(store).prune()
    except Exception as exc:  # a failed backup must not stop the answers
        log.warning("backup of %s failed: %s", settings.db_path, exc)


async def webhook_check_job(context: Context) -> None:
    """Ask Telegram about the webhook: a success touches the heartbeat (through the Pacer)."""
    try:
        info = await context.bot.get_webhook_info()
    except Exception as exc:
        log.warning("getWebhookInfo failed: %s", exc)
        return
    if info.last_error_message:
        log.warning("Telegram reports a webhook error: %s", info.last_error_message)


def schedule_upkeep(app: App) -> None:
    """Backups checked every hour (one a day is made); the webhook checked every minute."""
    settings = cast(Settings, app.bot_data["settings"])
    queue = app.job_queue
    if queue is None:
        return
    queue.run_repeating(backup_job, interval=3600, first=5, name="backup")
    if settings.webhook_url:
        queue.run_repeating(webhook_check_job, interval=60, first=1, name="webhook-check")
