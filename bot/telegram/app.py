"""The Telegram application: build it, run it (polling or webhook), keep the token out of logs.

``build_application`` wires python-telegram-bot to the fact engine: the corpus is opened in
``post_init`` (so a test or another caller may pass an open store and engine instead), the
command menus are set in Vietnamese and English, and the store is closed in ``post_shutdown``.
``run_bot`` is what ``python -m bot run`` calls.
"""

from __future__ import annotations

import asyncio
import importlib.util
import logging
import sqlite3
import sys
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote, urlsplit

from telegram import (
    Bot,
    BotCommand,
    BotCommandScope,
    BotCommandScopeAllGroupChats,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeChat,
    LinkPreviewOptions,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import InvalidToken, NetworkError, TelegramError, TimedOut
from telegram.ext import ApplicationBuilder, Defaults

from bot.chat.commands import Commands
from bot.chat.registry import Offered, offered_in
from bot.config import ConfigError, Settings
from bot.engine.answer import Engine
from bot.engine.reader import FactReader
from bot.health import Heartbeat
from bot.storage.corpus import open_corpus
from bot.storage.inbox import Inbox
from bot.storage.locks import RunLock
from bot.storage.opening import StorageError, facts_path
from bot.storage.store import Store
from bot.telegram.durable import DurableApplication, DurableQueue, replay
from bot.telegram.handlers import register
from bot.telegram.handlers.flood import FloodGuard
from bot.telegram.handlers.services import App
from bot.telegram.pacing import Pacer
from bot.telegram.publishing import schedule
from bot.telegram.upkeep import PollMonitor, PollRequest, schedule_upkeep

log = logging.getLogger(__name__)

TOKEN_PLACEHOLDER = "<token>"
SECRET_PLACEHOLDER = "<secret>"
# Every message is HTML (escaped by bot.chat.render) and never shows a link preview.
DEFAULTS = Defaults(
    parse_mode=ParseMode.HTML, link_preview_options=LinkPreviewOptions(is_disabled=True)
)


def menu(lang: str, where: Offered = Offered.PRIVATE) -> list[BotCommand]:
    """The command menu in `lang` for chats of `where`, from the command registry."""
    return [BotCommand(c.name, c.help(lang)) for c in offered_in(where)]


async def set_menus(bot: Bot, admin_ids: Iterable[int] = ()) -> None:
    """The menus of private chats, groups and each admin's chat: Vietnamese, English for 'en'."""
    scopes: list[tuple[BotCommandScope, Offered]] = [
        (BotCommandScopeAllPrivateChats(), Offered.PRIVATE),
        (BotCommandScopeAllGroupChats(), Offered.GROUPS),
    ]
    scopes += [
        (BotCommandScopeChat(admin_id), Offered.PRIVATE | Offered.ADMINS)
        for admin_id in sorted(admin_ids)
    ]
    for scope, where in scopes:
        await bot.set_my_commands(menu("vi", where), scope=scope)
        await bot.set_my_commands(menu("en", where), scope=scope, language_code="en")


async def _post_init(app: App) -> None:
    """Open the corpus unless a store and engine were given; build Commands; set the menus."""
    data = app.bot_data
    settings: Settings = data["settings"]
    store: Store | None = data.get("store")
    engine: Engine | None = data.get("engine")
    if store is None:
        store, opened = await open_corpus(settings.db_path, settings.seeds_dir)
        data["owns_store"] = True
        engine = engine or opened
    elif engine is None:
        engine = Engine(FactReader(facts_path(store.path)))
    data["store"], data["engine"] = store, engine
    data["commands"] = Commands(engine, store)
    inbox = Inbox(store)
    data["inbox"] = inbox
    if isinstance(app.update_queue, DurableQueue):
        app.update_queue.inbox = inbox
    await replay(app, inbox)
    log.info(
        "%d facts from %d articles ready",
        engine.reader.fact_count,
        len(engine.articles),
    )
    try:
        await set_menus(app.bot, settings.admin_ids)
    except TelegramError as exc:  # a missing menu is no reason not to answer
        log.warning("could not set the command menus: %s", exc)


async def _post_shutdown(app: App) -> None:
    """Close the store if post_init opened it."""
    if isinstance(app.update_queue, DurableQueue):
        app.update_queue.inbox = None
    app.bot_data.pop("inbox", None)
    if app.bot_data.pop("owns_store", False):
        store: Store = app.bot_data.pop("store")
        engine: Engine | None = app.bot_data.pop("engine", None)
        if engine is not None:
            engine.close()
        app.bot_data.pop("commands", None)
        await store.close()


def build_application(
    settings: Settings,
    *,
    store: Store | None = None,
    engine: Engine | None = None,
    flood_limit: int = 20,
    flood_window: float = 60.0,
    flood_pause: float = 60.0,
) -> App:
    """The bot's Application; call post_init (run_polling/run_webhook do) before it answers."""
    if not settings.has_token:
        raise ConfigError("TELEGRAM_BOT_TOKEN is not set")
    pacer = Pacer(
        settings.broadcast_rate * 0.95,
        settings.group_rate,
        private_per_second=settings.private_rate,
        retry_seconds=settings.send_retry_seconds,
    )
    heartbeat = Heartbeat(settings.db_path)
    monitor = PollMonitor(heartbeat)
    pacer.listeners.append(monitor.succeeded)
    queue = DurableQueue()
    queue.heartbeat = heartbeat
    builder: Any = (
        ApplicationBuilder()
        .application_class(DurableApplication)
        .update_queue(queue)
        .token(settings.token_value)
        .rate_limiter(pacer)
        .get_updates_request(PollRequest(monitor))
        .defaults(DEFAULTS)
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
    )
    if settings.base_url:
        builder = builder.base_url(settings.base_url)
    if settings.base_file_url:
        builder = builder.base_file_url(settings.base_file_url)
    app: App = builder.build()
    app.bot_data["settings"] = settings
    app.bot_data["flood"] = FloodGuard(flood_limit, flood_window, flood_pause)
    app.bot_data["poll_monitor"] = monitor
    if store is not None:
        app.bot_data["store"] = store
    if engine is not None:
        app.bot_data["engine"] = engine
    register(app)
    schedule(app)
    schedule_upkeep(app)
    return app


# -- logging -------------------------------------------------------------------------------


class TokenFilter(logging.Filter):
    """Replace the bot token by "<token>", and other secrets (the webhook secret) by "<secret>",
    in every record's message and traceback, at every level."""

    def __init__(self, token: str, *others: str) -> None:
        super().__init__()
        pairs = {(form, TOKEN_PLACEHOLDER) for form in (token, quote(token, safe=""), quote(token))}
        pairs |= {(form, SECRET_PLACEHOLDER) for s in others if s for form in (s, quote(s))}
        self.secrets = sorted(pairs, key=lambda pair: len(pair[0]), reverse=True)

    def redact(self, text: str) -> str:
        """`text` without the secrets."""
        for secret, placeholder in self.secrets:
            text = text.replace(secret, placeholder)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        """Redact the record in place; never drops it."""
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: leave it to the handler to report
            return True
        redacted = self.redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


def protect_token(token: str, *others: str) -> TokenFilter:
    """Keep httpx/httpcore quiet and add a TokenFilter (of the token and `others`) to every root
    handler (idempotent)."""
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    root = logging.getLogger()
    if not root.handlers:
        logging.basicConfig(
            level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
        )
    token_filter = TokenFilter(token, *others)
    for handler in root.handlers:
        handler.filters = [f for f in handler.filters if not isinstance(f, TokenFilter)]
        handler.addFilter(token_filter)
    return token_filter


# -- running -------------------------------------------------------------------------------


async def _preflight(settings: Settings) -> str:
    """getMe once, so that a bad token or an unreachable API fails with one clear line."""
    bot = Bot(
        settings.token_value,
        base_url=settings.base_url or "https://api.telegram.org/bot",
        base_file_url=settings.base_file_url or "https://api.telegram.org/file/bot",
    )
    async with bot:
        return bot.username


def _fail(message: str, token_filter: TokenFilter) -> int:
    """Print one error line (without the token) on stderr; the exit status 1."""
    print(f"error: {token_filter.redact(message)}", file=sys.stderr)
    return 1


def run_bot(settings: Settings) -> int:
    """Serve Telegram until stopped: webhook when WEBHOOK_URL is set, else long polling."""
    if not settings.has_token:
        print(
            "error: TELEGRAM_BOT_TOKEN is not set; put the token from @BotFather in .env "
            "(see .env.example) or try the bot offline with `python -m bot chat`",
            file=sys.stderr,
        )
        return 2
    secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else ""
    token_filter = protect_token(settings.token_value, secret)
    api = settings.base_url or "https://api.telegram.org"
    if settings.webhook_url and importlib.util.find_spec("tornado") is None:
        print(
            "error: WEBHOOK_URL is set but webhook support is not installed; "
            "pip install 'python-telegram-bot[webhooks]' or unset WEBHOOK_URL to use polling",
            file=sys.stderr,
        )
        return 2
    try:
        run_lock = RunLock(settings.db_path).acquire()
    except StorageError as exc:
        return _fail(str(exc), token_filter)
    try:
        return _serve(settings, token_filter, api)
    finally:
        run_lock.release()


def _serve(settings: Settings, token_filter: TokenFilter, api: str) -> int:
    """Preflight, then serve until stopped; one line and status 1 for a fatal error."""
    try:
        username = asyncio.run(_preflight(settings))
        log.info("starting as @%s", username)
        app = build_application(settings)
        if settings.webhook_url:
            path = urlsplit(settings.webhook_url).path.lstrip("/")
            app.run_webhook(
                listen=settings.webhook_listen,
                port=settings.webhook_port,
                url_path=path,
                webhook_url=settings.webhook_url,
                secret_token=(
                    settings.webhook_secret.get_secret_value() if settings.webhook_secret else None
                ),
                allowed_updates=Update.ALL_TYPES,
            )
        else:
            app.run_polling(allowed_updates=Update.ALL_TYPES)
    except InvalidToken:
        return _fail(
            "Telegram rejected TELEGRAM_BOT_TOKEN (invalid or revoked); check it with @BotFather",
            token_filter,
        )
    except (TimedOut, NetworkError) as exc:
        return _fail(f"cannot reach the Telegram Bot API at {api}: {exc}", token_filter)
    except TelegramError as exc:
        return _fail(f"Telegram refused to start the bot: {exc}", token_filter)
    except StorageError as exc:
        return _fail(str(exc), token_filter)
    except (ConfigError, OSError, sqlite3.Error) as exc:
        return _fail(f"cannot start the bot: {exc}", token_filter)
    return 0
