"""Study mode handlers: /quiz (a quiz poll), poll answers, /score, /top, /subscribe quiz."""

from __future__ import annotations

import time

from telegram import Chat, Update

from bot.chat.i18n import t
from bot.chat.study import choose, no_quiz, quiz_reply, score_reply, top_reply
from bot.storage.study import StudyStore
from bot.telegram.quizzing import quiz_data, send_quiz_poll

from .activity import begin, record
from .commands import command_parts
from .sending import reply_id, send_reply, send_text
from .services import Context, engine_of, store_of


async def quiz(update: Update, context: Context) -> None:
    """/quiz [topic]: a quiz poll; with no topic, the user's due items first (private chats)."""
    lang = await begin(update, context)
    chat, user = update.effective_chat, update.effective_user
    if lang is None or chat is None:
        return
    _, arg = command_parts(update, context)
    store = store_of(context)
    # Due items are a person's own: in a group the poll is for everyone.
    learner = user.id if user is not None and chat.type == Chat.PRIVATE else None
    made = await choose(engine_of(context), store, arg, lang, user_id=learner, now=time.time())
    text = update.effective_message.text if update.effective_message else None
    if made is None:
        reply = no_quiz(engine_of(context), arg, lang)
        await send_reply(update, context, reply, lang)
        await record(update, context, text or "/quiz", reply)
        return
    await send_quiz_poll(
        context.bot,
        store,
        chat.id,
        quiz_data(made),
        anonymous=chat.type == Chat.CHANNEL,
        reply_to=reply_id(update),
    )
    await record(update, context, text or "/quiz", quiz_reply(made, lang))


async def poll_answer(update: Update, context: Context) -> None:
    """A user answered one of our quiz polls: store it and move the fact's Leitner card."""
    answer = update.poll_answer
    if answer is None or answer.user is None or not answer.option_ids:
        return  # a retracted vote, or a vote on behalf of a chat: nothing to score
    await StudyStore(store_of(context)).record_answer(
        answer.poll_id, answer.user.id, answer.user.full_name, answer.option_ids[0]
    )


async def score(update: Update, context: Context) -> None:
    """/score: the user's right and wrong answers, streak, weakest topics and due items."""
    lang = await begin(update, context)
    chat, user = update.effective_chat, update.effective_user
    if lang is None or chat is None or user is None:
        return
    result = await StudyStore(store_of(context)).score(user.id)
    await send_reply(update, context, score_reply(result, lang), lang)


async def top(update: Update, context: Context) -> None:
    """/top: the leaderboard of the group's quiz answers."""
    lang = await begin(update, context)
    chat = update.effective_chat
    if lang is None or chat is None:
        return
    if chat.type not in (Chat.GROUP, Chat.SUPERGROUP):
        await send_text(context, chat.id, t("top_groups_only", lang))
        return
    rows = await StudyStore(store_of(context)).top(chat.id)
    await send_reply(update, context, top_reply(rows, lang), lang)


async def quiz_subscription(context: Context, chat: Chat, lang: str, subscribe: bool) -> None:
    """/subscribe quiz, /unsubscribe quiz: the daily quiz for this chat."""
    study = StudyStore(store_of(context))
    if subscribe:
        done = await study.subscribe(chat.id, chat.type)
        key = "subscribed_quiz" if done else "already_subscribed_quiz"
    else:
        key = "unsubscribed_quiz" if await study.unsubscribe(chat.id) else "not_subscribed_quiz"
    await send_text(context, chat.id, t(key, lang))
