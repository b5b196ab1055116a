"""Study mode in SQLite: the quiz polls sent, every answer, Leitner cards, daily-quiz subscribers.

Uses the store's one writing connection (`Store.transaction`, `Store.execute`); the tables are
created by the "quiz" migration of `bot.storage.schema`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from bot.storage.store import Store

# Leitner boxes: how long an item stays away after being answered into each box (seconds).
# A wrong answer puts it back into box 1: it comes back at the next session's first /quiz.
INTERVALS: dict[int, float] = {1: 10 * 60, 2: 86_400, 3: 3 * 86_400, 4: 7 * 86_400, 5: 21 * 86_400}
TOP_BOX = max(INTERVALS)


def next_box(box: int, correct: bool) -> int:
    """The box an item moves to: up one when right (at most the top), back to 1 when wrong."""
    return min(box + 1, TOP_BOX) if correct else 1


@dataclass(frozen=True)
class Poll:
    """A quiz poll the bot sent: which fact it asks about and its right option."""

    poll_id: str
    chat_id: int
    fact_id: str
    topic: str
    correct: int


@dataclass
class Score:
    """A user's results: right, wrong, the current streak, and per-topic (right, total)."""

    right: int = 0
    wrong: int = 0
    streak: int = 0
    topics: dict[str, tuple[int, int]] = field(default_factory=dict)
    due: int = 0

    @property
    def total(self) -> int:
        return self.right + self.wrong

    def weakest(self, limit: int = 2) -> list[str]:
        """Topics with wrong answers, the lowest share of right answers first."""
        missed = [(r / n, -n, topic) for topic, (r, n) in self.topics.items() if r < n]
        return [topic for _, _, topic in sorted(missed)[:limit]]


class StudyStore:
    """Quiz polls, answers, Leitner cards and daily-quiz subscriptions in the bot's database."""

    def __init__(self, store: Store) -> None:
        self.store = store

    async def record_poll(
        self,
        poll_id: str,
        chat_id: int,
        message_id: int | None,
        fact_id: str,
        topic: str,
        correct: int,
    ) -> None:
        await self.store.execute(
            "INSERT OR REPLACE INTO quiz_polls VALUES (?, ?, ?, ?, ?, ?, ?)",
            (poll_id, chat_id, message_id, fact_id, topic, correct, time.time()),
        )

    async def poll(self, poll_id: str) -> Poll | None:
        rows = await self.store.fetchall(
            "SELECT chat_id, fact_id, topic, correct FROM quiz_polls WHERE poll_id = ?", (poll_id,)
        )
        if not rows:
            return None
        r = rows[0]
        return Poll(poll_id, int(r[0]), str(r[1]), str(r[2]), int(r[3]))

    async def record_answer(
        self, poll_id: str, user_id: int, name: str | None, option: int, now: float | None = None
    ) -> bool | None:
        """Store a user's answer to one of our polls and move the fact's Leitner card.

        Whether it was right; None for a poll the bot did not send or one already answered
        (Telegram allows one answer per quiz poll).
        """
        poll = await self.poll(poll_id)
        if poll is None:
            return None
        now = time.time() if now is None else now
        correct = option == poll.correct
        async with self.store.transaction() as tx:
            if await tx.fetchall(
                "SELECT 1 FROM quiz_answers WHERE poll_id = ? AND user_id = ?", (poll_id, user_id)
            ):
                return None
            await tx.execute(
                "INSERT INTO quiz_answers VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (poll_id, user_id, poll.chat_id, name, poll.fact_id, poll.topic, int(correct), now),
            )
            rows = await tx.fetchall(
                "SELECT box FROM quiz_cards WHERE user_id = ? AND fact_id = ?",
                (user_id, poll.fact_id),
            )
            # A first right answer passes box 1; a first wrong one stays in box 1.
            box = next_box(int(rows[0][0]) if rows else 1, correct)
            await tx.execute(
                "INSERT OR REPLACE INTO quiz_cards VALUES (?, ?, ?, ?)",
                (user_id, poll.fact_id, box, now + INTERVALS[box]),
            )
        return correct

    async def card(self, user_id: int, fact_id: str) -> tuple[int, float] | None:
        """(box, due) of a user's card for a fact."""
        rows = await self.store.fetchall(
            "SELECT box, due FROM quiz_cards WHERE user_id = ? AND fact_id = ?", (user_id, fact_id)
        )
        return (int(rows[0][0]), float(rows[0][1])) if rows else None

    async def due(self, user_id: int, now: float | None = None) -> list[str]:
        """Fact ids whose card is due, the lowest box and the longest overdue first."""
        rows = await self.store.fetchall(
            "SELECT fact_id FROM quiz_cards WHERE user_id = ? AND due <= ? ORDER BY box, due",
            (user_id, time.time() if now is None else now),
        )
        return [str(r[0]) for r in rows]

    async def seen(self, user_id: int) -> set[str]:
        rows = await self.store.fetchall(
            "SELECT fact_id FROM quiz_cards WHERE user_id = ?", (user_id,)
        )
        return {str(r[0]) for r in rows}

    async def score(self, user_id: int, now: float | None = None) -> Score:
        rows = await self.store.fetchall(
            "SELECT topic, correct FROM quiz_answers WHERE user_id = ? ORDER BY ts DESC, rowid DESC",
            (user_id,),
        )
        score = Score()
        counting_streak = True
        for topic, correct in rows:
            right, total = score.topics.get(str(topic), (0, 0))
            score.topics[str(topic)] = (right + int(correct), total + 1)
            if correct:
                score.right += 1
            else:
                score.wrong += 1
            if counting_streak and correct:
                score.streak += 1
            else:
                counting_streak = False
        score.due = len(await self.due(user_id, now))
        return score

    async def top(self, chat_id: int, limit: int = 10) -> list[tuple[str, int, int]]:
        """(name, right, total) of a chat's players, most right answers first."""
        rows = await self.store.fetchall(
            "SELECT user_id, MAX(name), SUM(correct), COUNT(*) FROM quiz_answers "
            "WHERE chat_id = ? GROUP BY user_id "
            "ORDER BY SUM(correct) DESC, COUNT(*) ASC, MIN(ts) ASC LIMIT ?",
            (chat_id, limit),
        )
        return [(str(r[1] or r[0]), int(r[2]), int(r[3])) for r in rows]

    # -- the daily quiz's subscribers --------------------------------------------------------

    async def subscribe(self, chat_id: int, chat_type: str) -> bool:
        """Give a chat the daily quiz; False when it already had it."""
        rows = await self.store.fetchall(
            "SELECT active FROM quiz_subscriptions WHERE chat_id = ?", (chat_id,)
        )
        if rows and rows[0][0]:
            return False
        await self.store.execute(
            "INSERT OR REPLACE INTO quiz_subscriptions VALUES (?, ?, 1, ?)",
            (chat_id, chat_type, time.time()),
        )
        return True

    async def unsubscribe(self, chat_id: int) -> bool:
        changed = await self.store.execute(
            "UPDATE quiz_subscriptions SET active = 0, updated = ? WHERE chat_id = ? AND active = 1",
            (time.time(), chat_id),
        )
        return changed > 0

    async def subscribers(self) -> list[int]:
        rows = await self.store.fetchall(
            "SELECT chat_id FROM quiz_subscriptions WHERE active = 1 ORDER BY updated, chat_id"
        )
        return [int(r[0]) for r in rows]

    async def chat_type(self, chat_id: int) -> str | None:
        rows = await self.store.fetchall(
            "SELECT chat_type FROM quiz_subscriptions WHERE chat_id = ?", (chat_id,)
        )
        return str(rows[0][0]) if rows else None
