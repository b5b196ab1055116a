"""Quiz polls in Telegram: sending one (and remembering it), and the daily quiz.

A quiz poll is Telegram's native `sendPoll` of type quiz: the question, four options, the right
option and the explanation with its source. Every poll sent is recorded with the fact it asks
about, so that answers (poll_answer updates) can be scored. Polls are anonymous only in channels,
where Telegram requires it; in private chats and groups they are not, so answers are counted.

The daily quiz goes to BROADCAST_CHAT_ID and to the chats that chose it (`/subscribe quiz`)
through the broadcast outbox: written once per day (its digest key), delivered exactly once; it
asks about a fact no earlier daily quiz asked about, while there are any.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from typing import Any, cast
from zoneinfo import ZoneInfo

from telegram import InputPollOption, Message, Poll, ReplyParameters
from telegram.constants import ChatType
from telegram.error import Forbidden
from telegram.ext import ExtBot

from bot.chat.quiz import Quiz
from bot.chat.study import choose
from bot.config import Settings
from bot.engine.answer import Engine
from bot.storage.store import Store
from bot.storage.study import StudyStore
from bot.telegram.broadcast import Outbox, Send
from bot.telegram.types import App, Context

log = logging.getLogger(__name__)

QUIZ_JOB = "daily-quiz"
_NAMED_CHATS = (ChatType.PRIVATE, ChatType.GROUP, ChatType.SUPERGROUP)


def quiz_data(quiz: Quiz) -> dict[str, Any]:
    """What a quiz poll needs: the texts, the right option and the fact and topic it scores."""
    return {
        "fact_id": quiz.fact.id,
        "topic": str(quiz.topic),
        "question": quiz.question,
        "options": list(quiz.options),
        "correct": quiz.correct,
        "explanation": quiz.explanation,
    }


async def send_quiz_poll(
    bot: ExtBot[Any],
    store: Store,
    chat_id: int,
    quiz: dict[str, Any],
    *,
    anonymous: bool,
    reply_to: int | None = None,
    rate_limit_args: int | None = None,
) -> Message:
    """Send a quiz (`quiz_data`) as a quiz poll and record it, so that answers can be scored.

    A broadcast passes `rate_limit_args=0`: the rate limiter does not retry it, and the outbox
    decides (a poll whose outcome is unknown is never sent twice)."""
    # Article text is plain: no parse mode anywhere, whatever the application's defaults say.
    message = await bot.send_poll(
        chat_id,
        quiz["question"],
        [InputPollOption(option, text_parse_mode=None) for option in quiz["options"]],
        is_anonymous=anonymous,
        type=Poll.QUIZ,
        correct_option_ids=[quiz["correct"]],
        explanation=quiz["explanation"],
        explanation_parse_mode=None,
        question_parse_mode=None,
        reply_parameters=(
            ReplyParameters(reply_to, allow_sending_without_reply=True)
            if reply_to is not None
            else None
        ),
        rate_limit_args=rate_limit_args,
    )
    if message.poll is not None:
        await StudyStore(store).record_poll(
            message.poll.id,
            chat_id,
            message.message_id,
            str(quiz["fact_id"]),
            str(quiz["topic"]),
            int(quiz["correct"]),
        )
    return message


def quiz_sender(bot: ExtBot[Any], store: Store, row: dict[str, Any]) -> Send:
    """How the daily quiz is sent to one chat: a poll, anonymous unless the chat is named."""
    data = json.loads(str(row["text"]))
    study = StudyStore(store)

    async def send(chat_id: int) -> object:
        anonymous = await study.chat_type(chat_id) not in _NAMED_CHATS
        try:
            return await send_quiz_poll(
                bot, store, chat_id, data, anonymous=anonymous, rate_limit_args=0
            )
        except Forbidden:
            # Blocked or removed: no more daily quizzes there (the outbox records the failure).
            await study.unsubscribe(chat_id)
            raise

    return send


async def post_daily_quiz(app: App, now: dt.datetime) -> int | None:
    """Create and deliver today's quiz, once per day whatever restarts happen."""
    from bot.telegram.publishing import channel_id, deliver

    store: Store = app.bot_data["store"]
    engine: Engine = app.bot_data["engine"]
    settings: Settings = app.bot_data["settings"]
    key = "quiz:" + now.date().isoformat()
    outbox = Outbox(store)
    if await outbox.has_digest(key):
        return None
    channel = await channel_id(app.bot, settings, app.bot_data)
    subscribers = await StudyStore(store).subscribers()
    targets = ([channel] if channel is not None else []) + [c for c in subscribers if c != channel]
    earlier = await store.fetchall("SELECT text FROM broadcasts WHERE kind = 'quiz'")
    used = frozenset(str(json.loads(str(row[0]))["fact_id"]) for row in earlier)
    quiz = await choose(engine, store, "", avoid=used)
    if quiz is None or not targets:
        return None
    broadcast_id = await outbox.create(
        "quiz",
        targets,
        text=json.dumps(quiz_data(quiz), ensure_ascii=False),
        created_by=None,
        digest_key=key,
    )
    if broadcast_id is not None:
        app.create_task(deliver(app, broadcast_id), name=f"broadcast-{broadcast_id}")
    return broadcast_id


async def quiz_job(context: Context) -> None:
    """The JobQueue callback for the daily quiz."""
    app = cast(App, context.application)
    settings: Settings = app.bot_data["settings"]
    await post_daily_quiz(app, dt.datetime.now(ZoneInfo(settings.timezone)))


def schedule_quiz(app: App) -> None:
    """The daily quiz at DIGEST_TIME in TIMEZONE, with the digest."""
    settings: Settings = app.bot_data["settings"]
    if app.job_queue is None:
        return
    hour, minute = settings.digest_time
    at = dt.time(hour, minute, tzinfo=ZoneInfo(settings.timezone))
    from bot.telegram.publishing import LATE_DAILY_JOB_S

    app.job_queue.run_daily(
        quiz_job, at, name=QUIZ_JOB, job_kwargs={"misfire_grace_time": LATE_DAILY_JOB_S}
    )
