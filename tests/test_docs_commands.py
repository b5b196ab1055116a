"""The documented commands and the menu Telegram receives agree with the bot's commands."""

from __future__ import annotations

import re
from typing import Any

import pytest
from conftest import ROOT

from bot.chat.commands import COMMAND_NAMES
from bot.chat.i18n import COMMANDS
from bot.telegram.app import menu

README = ROOT / "README.md"
SCOPES = ({"type": "all_private_chats"}, {"type": "all_group_chats"})


def menu_names() -> list[str]:
    """The commands of the menu the bot sets (the same in both languages)."""
    names = [c.command for c in menu("vi")]
    assert names == [c.command for c in menu("en")]
    return names


def test_menu_covers_every_command() -> None:
    names = menu_names()
    assert len(names) == len(set(names))
    assert set(COMMAND_NAMES) <= set(names)
    assert {name for name, _, _ in COMMANDS} <= set(names)
    assert {"start", "lang"} <= set(names)
    for lang in ("vi", "en"):
        for command in menu(lang):
            assert re.fullmatch(r"[a-z0-9_]{1,32}", command.command)
            assert 1 <= len(command.description) <= 256


def test_readme_documents_every_menu_command() -> None:
    if not README.is_file():
        pytest.skip("README.md does not exist yet; when it does, it must list every menu command")
    text = README.read_text(encoding="utf-8")
    missing = [name for name in menu_names() if not re.search(rf"/{name}\b", text)]
    assert not missing, f"README.md does not mention these commands: {missing}"


async def test_set_my_commands_received_every_command(telegram_fake: Any, bot_app: Any) -> None:
    for scope in SCOPES:
        for language in ("", "en"):
            received = [c["command"] for c in telegram_fake.get_commands(scope, language)]
            assert received == menu_names(), (scope, language)
            assert set(COMMAND_NAMES) <= set(received)
    english = {c["command"]: c["description"] for c in telegram_fake.get_commands(SCOPES[0], "en")}
    vietnamese = {c["command"]: c["description"] for c in telegram_fake.get_commands(SCOPES[0])}
    assert english["help"] != vietnamese["help"]
