"""The timeline as a picture: dated events on a vertical time axis, as a PNG readable on a phone.

Events sit on the axis at their dates (oldest at the top); their labels are spaced evenly to the
right, each joined to its date by a line, so that events of the same day never overlap. Drawn
with matplotlib's Agg canvas (no display, no pyplot state). Nothing here imports Telegram.
"""

from __future__ import annotations

import io
import re
import textwrap
from collections.abc import Sequence

from bot.chat.commands import Commands
from bot.chat.reply import Reply
from bot.text import DateValue, fold

MAX_EVENTS = 24  # more would not stay readable on a phone; the caption says how many are shown
WIDTH_INCHES, DPI = 7.2, 150  # about 1080 pixels wide
_IMAGE_WORDS = {"anh", "hinh", "image", "png", "picture"}


def wants_image(arg: str) -> tuple[bool, str]:
    """('/timeline 2023 ảnh') -> (True, '2023'): whether a picture was asked for, and the rest."""
    words = arg.split()
    kept = [w for w in words if fold(w).strip(".,") not in _IMAGE_WORDS]
    return len(kept) != len(words), " ".join(kept)


def timeline_command(commands: Commands, arg: str, lang: str, page: int = 1) -> Reply:
    """/timeline [year] [ảnh]: the text timeline (the picture is sent by Telegram)."""
    return commands.timeline(wants_image(arg)[1], lang, page)


def _ordinal(d: DateValue) -> float:
    return d.year * 372 + max(d.month, 1) * 31 + max(d.day, 1)


def _label(when: DateValue, text: str) -> str:
    short = re.sub(r"\s+", " ", text).strip()
    lines = textwrap.wrap(short, 58, max_lines=2, placeholder=" …")
    return when.display() + "\n" + "\n".join(lines)


def timeline_png(events: Sequence[tuple[DateValue, str]], title: str) -> bytes:
    """A PNG of up to MAX_EVENTS dated events, oldest at the top."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    shown = sorted(events, key=lambda e: _ordinal(e[0]))[:MAX_EVENTS]
    n = max(1, len(shown))
    height = 1.3 + 0.72 * n
    fig = Figure(figsize=(WIDTH_INCHES, height), dpi=DPI)
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0.02, 0.02, 0.96, 1 - 0.9 / height))
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.axis("off")
    fig.suptitle(title, fontsize=15, fontweight="bold", y=1 - 0.25 / height)
    first, last = _ordinal(shown[0][0]), _ordinal(shown[-1][0])
    span = max(last - first, 1.0)
    axis_x, label_x = 0.1, 0.2
    ax.plot([axis_x, axis_x], [0.02, 0.98], color="#555555", linewidth=2)
    years = sorted({when.year for when, _ in shown})
    for year in years:
        y = 0.98 - 0.96 * (max(_ordinal(DateValue(year)), first) - first) / span
        ax.text(axis_x - 0.015, y, str(year), ha="right", va="center", fontsize=10, color="#333")
    for i, (when, text) in enumerate(shown):
        y_date = 0.98 - 0.96 * (_ordinal(when) - first) / span
        y_label = 0.98 - 0.96 * (i + 0.5) / n if n > 1 else 0.5
        ax.plot([axis_x], [y_date], marker="o", color="#b22222", markersize=7)
        ax.plot([axis_x, label_x - 0.01], [y_date, y_label], color="#999999", linewidth=0.8)
        ax.text(label_x, y_label, _label(when, text), va="center", fontsize=10.5, wrap=False)
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=DPI)
    return out.getvalue()
