"""What inline buttons carry, built and recognised in one place, always within Telegram's 64 bytes.

``src:<fact id>``, ``more:<id>,<id>,...``, ``ask:<fact id>``, ``fb:<fact id>:1|-1``,
``pg:<command>:<page>:<arg, truncated>``, ``cmd:<command>:<arg>`` and ``lang:vi|en``.
No callback data ever carries free text except the (truncated) argument of a command.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

from telegram.constants import InlineKeyboardButtonLimit

LIMIT: Final = int(InlineKeyboardButtonLimit.MAX_CALLBACK_DATA)

FACT_ID = r"[0-9a-f]{4,20}"
SOURCE = re.compile(rf"^src:({FACT_ID})$")
MORE = re.compile(rf"^more:({FACT_ID}(?:,{FACT_ID})*)$")
ASK = re.compile(rf"^ask:({FACT_ID})$")
FEEDBACK = re.compile(rf"^fb:({FACT_ID}):(1|-1)$")
PAGE = re.compile(r"^pg:([a-z_]{1,32}):(\d{1,4}):(.*)$", re.S)
COMMAND = re.compile(r"^cmd:([a-z_]{1,32}):(.*)$", re.S)
LANGUAGE = re.compile(r"^lang:(vi|en)$")


def clip_utf8(text: str, limit: int) -> str:
    """The longest prefix of `text` whose UTF-8 encoding has at most `limit` bytes."""
    if limit <= 0:
        return ""
    return text.encode("utf-8")[:limit].decode("utf-8", errors="ignore")


def _with_arg(head: str, arg: str) -> str:
    return head + clip_utf8(arg, LIMIT - len(head.encode("utf-8")))


def source(fact_id: str) -> str:
    return f"src:{fact_id}"


def ask(fact_id: str) -> str:
    return f"ask:{fact_id}"


def feedback(fact_id: str, value: int) -> str:
    return f"fb:{fact_id}:{value}"


def language(lang: str) -> str:
    return f"lang:{lang}"


def more(fact_ids: Sequence[str]) -> str | None:
    """``more:<ids>`` with as many ids as fit, or None when there are none."""
    ids = list(fact_ids)
    while ids and len(("more:" + ",".join(ids)).encode("utf-8")) > LIMIT:
        ids.pop()
    return "more:" + ",".join(ids) if ids else None


def page(command: str, number: int, arg: str) -> str:
    """``pg:<command>:<page>:<arg>`` with the arg cut so the whole fits."""
    return _with_arg(f"pg:{command}:{number}:", arg)


def command(name: str, arg: str = "") -> str:
    """``cmd:<command>:<arg>`` with the arg cut so the whole fits."""
    return _with_arg(f"cmd:{name}:", arg)
