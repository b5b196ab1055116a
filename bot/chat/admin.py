"""What the bot's admins read: usage statistics and where the broadcasts stand, as Replies."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from bot.chat.i18n import t
from bot.chat.reply import Reply


class Progress(Protocol):
    """How far one broadcast got (bot.telegram.broadcast.Counts)."""

    sent: int
    total: int
    failed: int
    unknown: int

    @property
    def left(self) -> int: ...


def stats_reply(stats: Mapping[str, Any], lang: str) -> Reply:
    """/stats: subscribers, questions asked and answered, top unanswered questions, feedback."""
    lines = [
        t("stats_subscribers", lang, active=stats["active"], inactive=stats["inactive"]),
        t(
            "stats_questions",
            lang,
            days=stats["days"],
            asked=stats["asked"],
            answered=stats["answered"],
        ),
        t("stats_feedback", lang, up=stats["up"], down=stats["down"]),
    ]
    if stats["unanswered_top"]:
        lines.append(t("stats_unanswered", lang))
        lines += [f"• {text[:100]} ({n})" for text, n in stats["unanswered_top"]]
    return Reply(found=True, title=t("stats", lang), intro="\n".join(lines), command="stats")


def broadcasts_reply(rows: Sequence[tuple[Mapping[str, object], Progress]], lang: str) -> Reply:
    """/broadcast_status: the last broadcasts, each with its counts and the start of its text."""
    if not rows:
        return Reply(found=False, intro=t("no_broadcasts", lang), command="broadcast_status")
    lines = []
    for row, counts in rows:
        what = str(row.get("text") or t("broadcast_copy", lang))[:60].replace("\n", " ")
        lines.append(
            f"#{row['id']} {row['kind']} [{row['status']}] "
            f"{counts.sent}/{counts.total} ✓, {counts.failed} ✗, {counts.unknown} ?, "
            f"{counts.left} … — {what}"
        )
    return Reply(
        found=True,
        title=t("broadcast_status", lang),
        intro="\n".join(lines),
        command="broadcast_status",
    )
