"""The Telegram side of broadcasts: who receives, how each kind is sent, progress, the daily job.

`bot.telegram.broadcast` owns the outbox and delivery; this module gives it a `send(chat_id)` for each
kind of broadcast (digest: HTML; announcement: plain text; copy: copyMessage of the admin's
message), reports progress by editing the admin's message, schedules the daily digest with the
JobQueue, and resumes unfinished broadcasts when the bot starts.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from typing import Any, cast
from zoneinfo import ZoneInfo

from telegram import Bot
from telegram.constants import MessageLimit, ParseMode
from telegram.error import TelegramError
from telegram.ext import ExtBot

from bot.chat.digest import compose_digest
from bot.chat.i18n import t
from bot.chat.render import render_html
from bot.config import Settings
from bot.engine.answer import Engine
from bot.storage.store import Store
from bot.telegram.broadcast import Broadcaster, Counts, Outbox, Send
from bot.telegram.pacing import Pacer
from bot.telegram.types import App, Context

log = logging.getLogger(__name__)

DIGEST_JOB = "daily-digest"


def progress_text(counts: Counts, done: bool, lang: str = "vi") -> str:
    """'Đang gửi: 120 đã gửi, 2 lỗi, 0 không rõ, 78 còn lại (trên 200).' / the final summary."""
    return t(
        "broadcast_done" if done else "broadcast_sending",
        lang,
        sent=counts.sent,
        failed=counts.failed,
        unknown=counts.unknown,
        left=counts.left,
        total=counts.total,
    )


async def channel_id(bot: Bot, settings: Settings, bot_data: dict[str, Any]) -> int | None:
    """The numeric id of BROADCAST_CHAT_ID ('@name' or an id), looked up once."""
    if not settings.broadcast_chat_id:
        return None
    if "channel_id" in bot_data:
        return cast(int | None, bot_data["channel_id"])
    raw = settings.broadcast_chat_id
    resolved: int | None
    try:
        resolved = int(raw)
    except ValueError:
        try:
            resolved = (await bot.get_chat(raw)).id
        except TelegramError as exc:
            log.warning("BROADCAST_CHAT_ID %s cannot be reached: %s", raw, exc)
            return None
    bot_data["channel_id"] = resolved
    return resolved


async def recipients(
    bot: Bot, settings: Settings, store: Store, bot_data: dict[str, Any]
) -> list[int]:
    """The channel first (if configured), then every active subscriber."""
    channel = await channel_id(bot, settings, bot_data)
    subscribers = await store.active_subscribers()
    return ([channel] if channel is not None else []) + [c for c in subscribers if c != channel]


def sender(bot: ExtBot[Any], row: dict[str, Any], store: Store | None = None) -> Send:
    """How one broadcast is sent to one chat, by its kind.

    `rate_limit_args=0`: the Pacer does not retry these sends; the Broadcaster decides (a send
    whose outcome is unknown is never sent twice).
    """
    kind = row["kind"]
    if kind == "quiz" and store is not None:
        from bot.telegram.quizzing import quiz_sender

        return quiz_sender(bot, store, row)
    if kind == "copy":
        from_chat, message_id = int(row["from_chat_id"]), int(row["message_id"])

        async def copy(chat_id: int) -> object:
            return await bot.copy_message(chat_id, from_chat, message_id, rate_limit_args=0)

        return copy
    text = str(row["text"] or "")
    # A digest is HTML (the application's default); an announcement is the admin's plain text.
    parse_mode = ParseMode.HTML if kind == "digest" else None

    async def send(chat_id: int) -> object:
        return await bot.send_message(chat_id, text, parse_mode=parse_mode, rate_limit_args=0)

    return send


def _pacer(app: App) -> Pacer | None:
    """The application's rate limiter, which broadcasts take their turns from."""
    limiter = app.bot.rate_limiter
    return limiter if isinstance(limiter, Pacer) else None


async def deliver(app: App, broadcast_id: int) -> Counts:
    """Deliver one broadcast, editing the admin's progress message as it goes."""
    store: Store = app.bot_data["store"]
    outbox = Outbox(store)
    row = await outbox.get(broadcast_id)
    broadcaster: Broadcaster = app.bot_data.setdefault(
        "broadcaster", Broadcaster(store, _pacer(app))
    )
    last = {"text": ""}

    async def progress(counts: Counts, done: bool) -> None:
        chat, message = row.get("progress_chat_id"), row.get("progress_message_id")
        text = progress_text(counts, done)
        if chat is None or message is None or text == last["text"]:
            return  # an edit that changes nothing is refused by Telegram
        last["text"] = text
        await app.bot.edit_message_text(text, chat_id=int(str(chat)), message_id=int(str(message)))

    lock: asyncio.Lock = app.bot_data.setdefault("broadcast_lock", asyncio.Lock())
    async with lock:  # one broadcast at a time keeps the pacing honest
        counts = await broadcaster.deliver(broadcast_id, sender(app.bot, row, store), progress)
    log.info(
        "broadcast %d done: %d sent, %d failed, %d unknown",
        broadcast_id,
        counts.sent,
        counts.failed,
        counts.unknown,
    )
    return counts


async def start_broadcast(
    app: App,
    *,
    kind: str,
    created_by: int | None,
    text: str | None = None,
    from_chat_id: int | None = None,
    message_id: int | None = None,
    progress_chat_id: int | None = None,
    digest_key: str | None = None,
) -> int | None:
    """Write the broadcast and its outbox, then deliver it in the background."""
    store: Store = app.bot_data["store"]
    settings: Settings = app.bot_data["settings"]
    targets = await recipients(app.bot, settings, store, app.bot_data)
    broadcast_id = await Outbox(store).create(
        kind,
        targets,
        text=text,
        from_chat_id=from_chat_id,
        message_id=message_id,
        created_by=created_by,
        digest_key=digest_key,
        progress_chat_id=progress_chat_id,
    )
    if broadcast_id is None:
        return None
    if progress_chat_id is not None:
        counts = await Outbox(store).counts(broadcast_id)
        message = await app.bot.send_message(progress_chat_id, progress_text(counts, False))
        await Outbox(store).set_progress_message(broadcast_id, progress_chat_id, message.message_id)
    app.create_task(deliver(app, broadcast_id), name=f"broadcast-{broadcast_id}")
    return broadcast_id


async def digest_html(app: App, today: dt.date) -> str:
    """Today's digest as one HTML message."""
    engine: Engine = app.bot_data["engine"]
    store: Store = app.bot_data["store"]
    reply = await compose_digest(engine, store, today)
    reply.items = reply.items[:6]  # one message, with its sources
    return render_html(reply, limit=MessageLimit.MAX_TEXT_LENGTH)[0]


async def post_digest(app: App, now: dt.datetime) -> int | None:
    """Create and deliver today's digest, once per day whatever restarts happen."""
    store: Store = app.bot_data["store"]
    key = now.date().isoformat()
    if await Outbox(store).has_digest(key):
        return None
    text = await digest_html(app, now.date())
    return await start_broadcast(app, kind="digest", created_by=None, text=text, digest_key=key)


async def digest_job(context: Context) -> None:
    """The JobQueue callback for the daily digest."""
    app = cast(App, context.application)
    settings: Settings = app.bot_data["settings"]
    await post_digest(app, dt.datetime.now(ZoneInfo(settings.timezone)))


async def resume_job(context: Context) -> None:
    """Resume every broadcast a previous run left unfinished."""
    app = cast(App, context.application)
    store: Store = app.bot_data["store"]
    for broadcast_id in await Outbox(store).unfinished():
        log.info("resuming broadcast %d", broadcast_id)
        app.create_task(deliver(app, broadcast_id), name=f"broadcast-{broadcast_id}")


# How late a daily job (digest, quiz) may still run, in seconds.
LATE_DAILY_JOB_S = 3600


def schedule(app: App) -> None:
    """The daily digest at DIGEST_TIME in TIMEZONE, and the resume of unfinished broadcasts."""
    settings: Settings = app.bot_data["settings"]
    queue = app.job_queue
    if queue is None:
        log.warning("no JobQueue: install python-telegram-bot[job-queue] for the daily digest")
        return
    hour, minute = settings.digest_time
    at = dt.time(hour, minute, tzinfo=ZoneInfo(settings.timezone))
    # A job is run late rather than not at all when the bot is busy at its time (the
    # scheduler's default skips a job more than 1 s late): the digest within the hour, the
    # resume of unfinished broadcasts whenever it can.
    queue.run_daily(
        digest_job, at, name=DIGEST_JOB, job_kwargs={"misfire_grace_time": LATE_DAILY_JOB_S}
    )
    queue.run_once(resume_job, 0, name="resume-broadcasts", job_kwargs={"misfire_grace_time": None})
    from bot.telegram.quizzing import schedule_quiz

    schedule_quiz(app)
