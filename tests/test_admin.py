"""What admins read: statistics and broadcast status, in the admin's language."""

from __future__ import annotations

from bot.chat.admin import broadcasts_reply, stats_reply
from bot.chat.render import render_plain
from bot.telegram.broadcast import Counts

STATS = {
    "days": 7,
    "active": 3,
    "inactive": 1,
    "asked": 10,
    "answered": 8,
    "up": 2,
    "down": 1,
    "unanswered_top": [("giá vàng hôm nay", 2)],
}


def test_stats_in_english_and_vietnamese() -> None:
    assert render_plain(stats_reply(STATS, "en"), lang="en").splitlines() == [
        "Statistics",
        "Subscribers: 3 active, 1 inactive",
        "Last 7 days: 10 questions, 8 answered",
        "Feedback: 👍 2 · 👎 1",
        "Most frequent unanswered questions:",
        "• giá vàng hôm nay (2)",
    ]
    assert render_plain(stats_reply(STATS, "vi")).splitlines()[0] == "Thống kê"


def test_broadcast_status_lists_counts_and_the_start_of_the_text() -> None:
    rows = [
        ({"id": 2, "kind": "copy", "status": "running", "text": None}, Counts(10, 4, 1, 0)),
        (
            {"id": 1, "kind": "announcement", "status": "done", "text": "Xin chào\nmọi người"},
            Counts(3, 3),
        ),
    ]
    text = render_plain(broadcasts_reply(rows, "vi"))
    assert text.splitlines() == [
        "Các lần gửi gần đây",
        "#2 copy [running] 4/10 ✓, 1 ✗, 0 ?, 5 … — (bản sao)",
        "#1 announcement [done] 3/3 ✓, 0 ✗, 0 ?, 0 … — Xin chào mọi người",
    ]
    assert render_plain(broadcasts_reply([], "en")) == "No broadcasts yet."
