"""Study mode in the chat layer: which quiz comes next, and what /quiz, /score, /top say.

The terminal and Telegram use the same choice: with no topic, the user's due items (Leitner)
come first, then facts the user has not met, then any. Nothing here imports Telegram.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Sequence

from bot.chat.commands import Commands
from bot.chat.i18n import t
from bot.chat.quiz import Quiz, QuizMaker
from bot.chat.quiz_topics import parse_wanted
from bot.chat.reply import Item, Reply
from bot.engine.answer import Engine
from bot.models import FactKind
from bot.storage.store import Store
from bot.storage.study import Score, StudyStore

_MAKERS: dict[tuple[int, int], QuizMaker] = {}
# The facts quizzes are made of, and whose sentences give the distractors.
QUIZ_KINDS = tuple(k for k in FactKind if k is not FactKind.STATEMENT)


def maker_for(engine: Engine) -> QuizMaker:
    """The QuizMaker over the engine's facts, built once per load of the fact database."""
    engine.refresh()
    key = (id(engine), engine.generation)
    maker = _MAKERS.get(key)
    if maker is None:
        _MAKERS.clear()
        maker = _MAKERS[key] = QuizMaker(engine.facts_of(*QUIZ_KINDS))
    return maker


async def choose(
    engine: Engine,
    store: Store | None,
    arg: str,
    lang: str = "vi",
    *,
    user_id: int | None = None,
    now: float | None = None,
    rng: random.Random | None = None,
    avoid: frozenset[str] = frozenset(),
) -> Quiz | None:
    """The next quiz for `arg` (a topic, a year, words); None when nothing matches.

    Facts in `avoid` (those of earlier daily quizzes) come only when no other fact is left.
    """
    maker = maker_for(engine)
    wanted = parse_wanted(arg)
    candidates = maker.candidates(wanted)
    if avoid and any(f.id not in avoid for f in candidates):
        candidates = [f for f in candidates if f.id not in avoid]
    rng = rng or random.Random()
    order: list[Sequence[str]] = []
    by_id = {f.id: f for f in candidates}
    if store is not None and user_id is not None:
        study = StudyStore(store)
        if wanted.anything:
            order.append([i for i in await study.due(user_id, now) if i in by_id])
        seen = await study.seen(user_id)
        fresh = [f.id for f in candidates if f.id not in seen]
        rng.shuffle(fresh)
        order.append(fresh)
    rest = list(by_id)
    rng.shuffle(rest)
    order.append(rest)
    for ids in order:
        for fact_id in ids:
            quiz = maker.quiz(by_id[fact_id], lang)
            if quiz is not None:
                return quiz
    return None


def quiz_reply(quiz: Quiz, lang: str = "vi") -> Reply:
    """A quiz as text: the question, numbered options, how to answer (the terminal's form).

    The options are not items: an item cites its source, and a source would give the answer.
    """
    options = [f"{n}. {option}" for n, option in enumerate(quiz.options, 1)]
    return Reply(
        found=True,
        intro="\n".join([quiz.question, *options]),
        footer=t("quiz_answer_with", lang, count=len(quiz.options)),
        command="quiz",
        quiz=quiz,
    )


def no_quiz(engine: Engine, arg: str, lang: str = "vi") -> Reply:
    years = sorted({f.date[:4] for f in maker_for(engine).candidates() if f.date})
    return Reply(
        found=False,
        intro=t("quiz_none", lang, topic=arg[:60], year=years[-1] if years else "2023"),
        command="quiz",
    )


def check(quiz: Quiz, text: str, lang: str = "vi") -> tuple[bool | None, str]:
    """A typed answer ('2') to a quiz: (right?, what to say); (None, ...) when not a number."""
    choice = text.strip()
    if not choice.isdigit() or not 1 <= int(choice) <= len(quiz.options):
        return None, t("quiz_skipped", lang)
    right = int(choice) - 1 == quiz.correct
    verdict = t("quiz_right", lang) if right else t("quiz_wrong", lang, answer=quiz.answer)
    return right, f"{verdict}\n{quiz.explanation}"


def score_reply(score: Score, lang: str = "vi") -> Reply:
    """/score: right and wrong, the streak, the weakest topics, what is due (lines of one text:
    they are about the user, not facts with sources)."""
    if not score.total:
        return Reply(found=False, intro=t("score_none", lang), command="score")
    lines = [
        t("score_totals", lang, right=score.right, wrong=score.wrong, total=score.total),
        t("score_streak", lang, streak=score.streak),
    ]
    weakest = score.weakest()
    if weakest:
        topics = ", ".join(t(f"topic_{topic}", lang) for topic in weakest)
        lines.append(t("score_weakest", lang, topics=topics))
    if score.due:
        lines.append(t("score_due", lang, due=score.due))
    return Reply(found=True, title=t("score", lang), intro="\n".join(lines), command="score")


def top_reply(rows: list[tuple[str, int, int]], lang: str = "vi") -> Reply:
    """/top: the group's leaderboard."""
    if not rows:
        return Reply(found=False, intro=t("top_none", lang), command="top")
    items = [
        Item(t("top_line", lang, rank=n, name=name, right=right, total=total))
        for n, (name, right, total) in enumerate(rows, 1)
    ]
    return Reply(found=True, title=t("top", lang), items=items, command="top")


# The terminal's one user: Telegram user ids are positive, so progress never mixes.
TERMINAL_USER = 0


async def quiz_command(commands: Commands, arg: str, lang: str, page: int = 1) -> Reply:
    """/quiz [topic] in the terminal: a quiz with numbered options, due items first."""
    quiz = await choose(commands.engine, commands.store, arg, lang, user_id=TERMINAL_USER)
    return quiz_reply(quiz, lang) if quiz is not None else no_quiz(commands.engine, arg, lang)


async def score_command(commands: Commands, arg: str, lang: str, page: int = 1) -> Reply:
    """/score in the terminal: the terminal user's results."""
    if commands.store is None:
        return score_reply(Score(), lang)
    return score_reply(await StudyStore(commands.store).score(TERMINAL_USER), lang)


async def answer_typed(store: Store | None, quiz: Quiz, text: str, lang: str = "vi") -> str:
    """A typed answer in the terminal: checked, stored like a poll answer, and what to say."""
    right, said = check(quiz, text, lang)
    if right is not None and store is not None:
        study = StudyStore(store)
        poll_id = f"terminal-{uuid.uuid4().hex}"
        await study.record_poll(
            poll_id, TERMINAL_USER, None, quiz.fact.id, quiz.topic, quiz.correct
        )
        await study.record_answer(poll_id, TERMINAL_USER, None, int(text.strip()) - 1)
    return said
