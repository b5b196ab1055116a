"""Study progress in SQLite: answers, the Leitner schedule, scores, leaderboards, subscribers."""

from __future__ import annotations

from pathlib import Path

from bot.storage.store import Store
from bot.storage.study import INTERVALS, TOP_BOX, StudyStore, next_box


def test_leitner_boxes_climb_when_right_and_fall_to_one_when_wrong() -> None:
    assert [next_box(b, True) for b in range(1, TOP_BOX + 1)] == [2, 3, 4, 5, 5]
    assert {next_box(b, False) for b in range(1, TOP_BOX + 1)} == {1}
    assert sorted(INTERVALS.values()) == list(INTERVALS.values())  # higher box, longer away


async def test_answers_move_cards_and_are_counted_once(tmp_path: Path) -> None:
    async with Store(tmp_path / "bot.sqlite3") as store:
        study = StudyStore(store)
        await study.record_poll("p1", 7, 1, "fact-a", "figure", 2)
        await study.record_poll("p2", 7, 2, "fact-b", "date", 0)
        assert await study.record_answer("nope", 1, "An", 0) is None  # not our poll
        assert await study.record_answer("p1", 1, "An", 1, now=1000.0) is False
        assert await study.record_answer("p1", 1, "An", 2, now=1001.0) is None  # answered
        assert await study.card(1, "fact-a") == (1, 1000.0 + INTERVALS[1])
        assert await study.record_answer("p2", 1, "An", 0, now=1002.0) is True
        assert await study.card(1, "fact-b") == (2, 1002.0 + INTERVALS[2])
        assert await study.due(1, now=1000.0 + INTERVALS[1]) == ["fact-a"]
        assert await study.due(1, now=1002.0 + INTERVALS[2]) == ["fact-a", "fact-b"]
        score = await study.score(1, now=0)
        assert (score.right, score.wrong, score.streak) == (1, 1, 1)
        assert score.weakest() == ["figure"]


async def test_leaderboard_ranks_a_chats_players_by_right_answers(tmp_path: Path) -> None:
    async with Store(tmp_path / "bot.sqlite3") as store:
        study = StudyStore(store)
        for n, poll in enumerate(("p1", "p2")):
            await study.record_poll(poll, -5, n, f"fact-{n}", "person", 1)
        await study.record_poll("elsewhere", -6, 1, "fact-9", "person", 1)
        await study.record_answer("p1", 1, "An", 0)
        await study.record_answer("p2", 1, "An", 1)
        await study.record_answer("p1", 2, "Bình", 1)
        await study.record_answer("p2", 2, "Bình", 1)
        await study.record_answer("elsewhere", 3, "Chi", 1)
        assert await study.top(-5) == [("Bình", 2, 2), ("An", 1, 2)]


async def test_quiz_subscriptions_are_separate_from_the_digest(tmp_path: Path) -> None:
    async with Store(tmp_path / "bot.sqlite3") as store:
        study = StudyStore(store)
        assert await study.subscribe(11, "private") is True
        assert await study.subscribe(11, "private") is False
        assert await study.subscribers() == [11]
        assert await store.active_subscribers() == []
        assert await study.chat_type(11) == "private"
        assert await study.unsubscribe(11) is True
        assert await study.unsubscribe(11) is False
        assert await study.subscribers() == []
