"""The long-lived services handlers use, as post_init put them into bot_data, and the user's language."""

from __future__ import annotations

from typing import cast

from telegram import User

from bot.chat.commands import Commands
from bot.chat.i18n import LANGUAGES, language_of
from bot.config import Settings
from bot.engine.answer import Engine
from bot.storage.store import Store
from bot.telegram.types import App, Context, Handler

from .flood import FloodGuard

__all__ = [
    "App",
    "Context",
    "Handler",
    "commands_of",
    "engine_of",
    "flood_of",
    "language_for",
    "settings_of",
    "store_of",
]


def settings_of(context: Context) -> Settings:
    """The Settings the application was built with."""
    return cast(Settings, context.bot_data["settings"])


def store_of(context: Context) -> Store:
    """The open Store put into bot_data by post_init."""
    return cast(Store, context.bot_data["store"])


def engine_of(context: Context) -> Engine:
    """The answering Engine put into bot_data by post_init."""
    return cast(Engine, context.bot_data["engine"])


def commands_of(context: Context) -> Commands:
    """The Commands over the engine and store, put into bot_data by post_init."""
    return cast(Commands, context.bot_data["commands"])


def flood_of(context: Context) -> FloodGuard | None:
    """The per-user flood guard, if the application has one."""
    return cast(FloodGuard | None, context.bot_data.get("flood"))


async def language_for(context: Context, user: User | None) -> str:
    """The user's chosen language (/lang), else the language of their Telegram client."""
    if user is None:
        return "vi"
    stored = await store_of(context).get_language(user.id)
    if stored in LANGUAGES:
        return stored
    return language_of(user.language_code)
