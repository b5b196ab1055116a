"""Inline mode: ``@bot <question>`` lists up to ten facts, each posted with its source line."""

from __future__ import annotations

from telegram import InlineQueryResultArticle, InputTextMessageContent, Update
from telegram.constants import InlineQueryLimit

from bot.chat.commands import Commands
from bot.chat.render import source_line
from bot.chat.reply import Reply
from bot.models import Answer, Fact, FactKind

from .keyboards import button_label
from .sending import html_messages
from .services import Context, commands_of, engine_of, language_for

MAX_RESULTS = 10
CACHE_SECONDS = 10


def headline_facts(commands: Commands, lang: str) -> list[Fact]:
    """What an empty inline query shows: the partner counts, the lessons, and the events of the
    day the articles report most."""
    partners = [f for f in commands.partners("", lang).facts if f.kind is FactKind.FIGURE]
    lessons = commands.lessons("", lang).facts[:2]
    busiest = commands.engine.example_date
    conference = commands.event(busiest, lang).facts[:4] if busiest else []
    return partners + lessons + conference


async def ranked_facts(commands: Commands, query: str, lang: str) -> list[Fact]:
    """The engine's ranking for the query, then full-text search to fill up."""
    facts = list(commands.engine.answer(query).facts)
    if len(facts) < MAX_RESULTS:
        facts += (await commands.search(query, lang)).facts
    return facts


def article_for(fact: Fact, lang: str) -> InlineQueryResultArticle:
    """One result: the fact as title, its source as description, its sentence as the message."""
    shown = fact.text if fact.kind in (FactKind.LESSON, FactKind.LIST) else fact.sentence
    reply = Reply(found=True, intro=shown, answer=Answer(True, shown, 1.0, [fact]))
    return InlineQueryResultArticle(
        id=fact.id,
        title=button_label(fact.text, 100),
        description=source_line(fact, lang),
        input_message_content=InputTextMessageContent(html_messages(reply, lang)[0]),
    )


async def inline_query(update: Update, context: Context) -> None:
    """Answer an inline query with up to ten InlineQueryResultArticle."""
    query = update.inline_query
    if query is None:
        return
    lang = await language_for(context, query.from_user)
    commands = commands_of(context)
    text = query.query.strip()[: InlineQueryLimit.MAX_QUERY_LENGTH]
    facts = await ranked_facts(commands, text, lang) if text else headline_facts(commands, lang)
    seen_ids: set[str] = set()
    seen_sentences: set[int] = set()
    results: list[InlineQueryResultArticle] = []
    for fact in facts:
        if (
            fact.id in seen_ids
            or fact.sentence_id in seen_sentences
            or engine_of(context).fact(fact.id) is None
        ):
            continue
        seen_ids.add(fact.id)
        seen_sentences.add(fact.sentence_id)
        results.append(article_for(fact, lang))
        if len(results) == MAX_RESULTS:
            break
    await query.answer(results, cache_time=CACHE_SECONDS, is_personal=True)
