"""The command registry: /help, the menus, the handlers, the examples and the README agree with it."""

from __future__ import annotations

import asyncio
import re
from typing import Any

import pytest
from conftest import ROOT
from telegram.constants import BotCommandLimit
from telegram.ext import CommandHandler

from bot.chat.registry import (
    COMMANDS,
    LANG,
    Offered,
    examples,
    offered_in,
    parse_command,
    public,
    respond,
    run_command,
)
from bot.engine.answer import Engine
from bot.telegram.app import menu
from tests.helpers import build_engine

README = ROOT / "README.md"
SCOPES = (
    ({"type": "all_private_chats"}, Offered.PRIVATE),
    ({"type": "all_group_chats"}, Offered.GROUPS),
)


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return build_engine(tmp_path_factory.mktemp("db") / "bot.sqlite3")


def help_lines(engine: Engine, lang: str) -> list[str]:
    reply = asyncio.run(respond(engine, None, "/help", lang))
    return [item.text for item in reply.items]


def test_names_are_unique_and_valid_telegram_commands() -> None:
    names = [c.name for c in COMMANDS]
    assert len(names) == len(set(names))
    for command in COMMANDS:
        assert re.fullmatch(r"[a-z0-9_]{1,32}", command.name)
        for lang in ("vi", "en"):
            length = len(command.help(lang))
            assert BotCommandLimit.MIN_DESCRIPTION <= length <= BotCommandLimit.MAX_DESCRIPTION
        assert command.help_vi != command.help_en or command.name == "lang"


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_help_lists_every_public_command_with_start_and_lang(engine: Engine, lang: str) -> None:
    lines = help_lines(engine, lang)
    assert lines == [f"/{c.name} — {c.help(lang)}" for c in public()]
    assert {"/start", "/lang", "/help"} <= {line.split()[0] for line in lines}
    assert not any(line.startswith("/broadcast") for line in lines)


def test_menus_follow_where_each_command_is_offered() -> None:
    private = [c.command for c in menu("vi", Offered.PRIVATE)]
    admins = [c.command for c in menu("vi", Offered.PRIVATE | Offered.ADMINS)]
    assert private == [c.name for c in public()]
    assert "broadcast" not in private and {"broadcast", "broadcast_status", "stats"} <= set(admins)
    assert [c.command for c in menu("en", Offered.GROUPS)] == [
        c.command for c in menu("vi", Offered.GROUPS)
    ]
    assert {c.description for c in menu("en")} != {c.description for c in menu("vi")}


async def test_set_my_commands_received_each_menu(telegram_fake: Any, bot_app: Any) -> None:
    for scope, where in SCOPES:
        for language in ("", "en"):
            received = telegram_fake.get_commands(scope, language)
            expected = [
                {"command": c.name, "description": c.help(language or "vi")}
                for c in offered_in(where)
            ]
            assert received == expected, (scope, language)


def test_every_command_has_a_telegram_handler(bot_app: Any) -> None:
    handled: set[str] = set()
    for handler in bot_app.handlers[0]:
        if isinstance(handler, CommandHandler):
            handled |= set(handler.commands)
    assert handled == {c.name for c in COMMANDS}


def test_examples_are_chat_commands_that_answer(engine: Engine) -> None:
    assert examples(engine)
    for command, arg in examples(engine):
        assert command.run is not None
        reply = asyncio.run(respond(engine, None, f"/{command.name} {arg}"))
        assert reply.found, command.name


def test_telegram_only_commands_say_so_in_the_terminal(engine: Engine) -> None:
    reply = asyncio.run(respond(engine, None, "/lang en"))
    assert not reply.found
    assert reply.intro == "Lệnh /lang chỉ dùng được trong Telegram."
    assert LANG.run is None


def test_run_command_with_an_unknown_name_points_to_help(engine: Engine) -> None:
    from bot.chat.commands import Commands

    reply = asyncio.run(run_command(Commands(engine), "nope", "", "en"))
    assert (reply.found, reply.suggestions) == (False, ["/help"])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/event@vnfa_bot 14-12-2021", ("event", "vnfa_bot", "14-12-2021")),
        ("/HELP", ("help", None, "")),
        ("hỏi /event", None),
    ],
)
def test_parse_command(text: str, expected: tuple[str, str | None, str] | None) -> None:
    assert parse_command(text) == expected


def test_readme_documents_every_command_with_its_arguments() -> None:
    text = README.read_text(encoding="utf-8").replace("\\|", "|")
    missing = [
        f"/{c.name} {c.usage}".strip()
        for c in COMMANDS
        if f"/{c.name} {c.usage}".strip() not in text
    ]
    assert missing == []
