"""The command registry: one record per command, and everything derived from it.

Each `Command` says what the command is called, what it runs, its arguments, its help in
Vietnamese and English, where it is offered (private chats, groups, the bot's admins), whether its
reply pages, and the example argument of its button under the welcome message. `/help`, the
Telegram menus (`set_my_commands`), the Telegram handler registration, the welcome examples and the
README check all read `COMMANDS`; no other list of command names exists.

`respond(engine, store, text)` turns any message, a command or a question, into a `Reply`.
Nothing here imports Telegram.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import Flag, auto

from bot.chat.commands import PAGE_SIZE, Commands
from bot.chat.i18n import t
from bot.chat.reply import Item, Reply
from bot.chat.study import quiz_command, score_command
from bot.chat.timeline_image import timeline_command
from bot.engine.answer import Engine
from bot.storage.store import Store
from bot.text import clean

Run = Callable[[Commands, str, str, int], Reply | Awaitable[Reply]]

_COMMAND = re.compile(r"^/([A-Za-z_]{1,32})(?:@(\w+))?(?:\s+(.*))?$", re.S)


class Offered(Flag):
    """Where a command is offered (in the menus and in /help)."""

    PRIVATE = auto()
    GROUPS = auto()
    ADMINS = auto()  # the bot's admins (ADMIN_IDS), in their own chat's menu only
    EVERYWHERE = PRIVATE | GROUPS


@dataclass(frozen=True, eq=False)
class Command:
    """One command of the bot."""

    name: str
    help_vi: str
    help_en: str
    # What the command runs in the chat layer; None for commands that only mean something in
    # Telegram (chats, subscriptions, admins), which the Telegram layer implements.
    run: Run | None = None
    usage: str = ""  # the arguments, as the README documents them: "<date>", "[country]"
    offered: Offered = Offered.EVERYWHERE
    pages: bool = False  # long replies come in pages with ◀ ▶ buttons
    # The argument of its example button under the welcome, taken from the corpus.
    example: Callable[[Engine], str] | None = None

    def help(self, lang: str) -> str:
        """The one-line help in `lang` (Vietnamese unless 'en')."""
        return self.help_en if lang == "en" else self.help_vi


def _help(commands: Commands, arg: str, lang: str, page: int = 1) -> Reply:
    """/help: how to use the bot and every command offered to everyone."""
    items = [Item(f"/{c.name} — {c.help(lang)}") for c in public()]
    return Reply(found=True, intro=t("help", lang), items=items, command="help")


# Order is the order of /help and of the menus.
START = Command("start", "Bắt đầu và ví dụ", "Start and examples", _help)
HELP = Command("help", "Hướng dẫn và các lệnh", "How to use the bot", _help)
PARTNERS = Command(
    "partners",
    "Quan hệ đối tác, theo nước: /partners [nước]",
    "Partnerships, by country: /partners [country]",
    Commands.partners,
    usage="[country]",
    example=lambda engine: "",
)
LESSONS = Command(
    "lessons",
    "Năm bài học kinh nghiệm",
    "The five lessons",
    Commands.lessons,
    example=lambda engine: "",
)
EVENT = Command(
    "event",
    "Sự kiện theo ngày, tháng hoặc năm: /event dd-mm-yyyy",
    "Events on a day, month or year: /event dd-mm-yyyy",
    Commands.event,
    usage="<date>",
    pages=True,
    example=lambda engine: engine.example_date or "",
)
TIMELINE = Command(
    "timeline",
    "Dòng thời gian: /timeline [năm] [ảnh]",
    "Timeline: /timeline [year] [image]",
    timeline_command,
    usage="[year] [ảnh]",
    pages=True,
)
FIGURES = Command(
    "figures",
    "Số liệu: /figures [chủ đề]",
    "Figures: /figures [topic]",
    Commands.figures,
    usage="[topic]",
    pages=True,
    example=lambda engine: "",
)
DOCUMENTS = Command(
    "documents",
    "Văn kiện: /documents [số hiệu]",
    "Documents: /documents [number]",
    Commands.documents,
    usage="[number]",
    pages=True,
)
PEOPLE = Command(
    "people",
    "Nhân vật: /people [tên]",
    "People: /people [name]",
    Commands.people,
    usage="[name]",
    pages=True,
)
SOURCE = Command(
    "source",
    "Nguồn của một dữ kiện: /source <mã>",
    "Where a fact comes from: /source <id>",
    Commands.source,
    usage="<fact id>",
)
SEARCH = Command(
    "search",
    "Tìm trong bài báo: /search vắc-xin",
    "Search the articles: /search vaccine",
    Commands.search,
    usage="<text>",
    pages=True,
)
ABOUT = Command("about", "Về kho dữ liệu", "About the corpus", Commands.about)
QUIZ = Command(
    "quiz",
    "Câu hỏi ôn tập: /quiz [chủ đề, năm]",
    "A quiz: /quiz [topic or year]",
    quiz_command,
    usage="[topic]",
)
SCORE = Command("score", "Kết quả ôn tập của bạn", "Your quiz results", score_command)
TOP = Command("top", "Bảng xếp hạng của nhóm", "The group's leaderboard")
SUBSCRIBE = Command(
    "subscribe",
    "Nhận bản tin hằng ngày (/subscribe quiz: câu hỏi hằng ngày)",
    "Get the daily digest (/subscribe quiz: the daily quiz)",
    usage="[quiz]",
)
UNSUBSCRIBE = Command(
    "unsubscribe",
    "Ngừng nhận bản tin (hoặc quiz)",
    "Stop the daily digest (or quiz)",
    usage="[quiz]",
)
LANG = Command(
    "lang", "Ngôn ngữ: /lang vi hoặc /lang en", "Language: /lang vi or /lang en", usage="vi|en"
)
BROADCAST = Command(
    "broadcast",
    "Gửi thông báo tới kênh và người đăng ký",
    "Announce to the channel and subscribers",
    usage="<text>",
    offered=Offered.ADMINS,
)
BROADCAST_STATUS = Command(
    "broadcast_status",
    "Tình trạng các lần gửi",
    "Where the broadcasts stand",
    offered=Offered.ADMINS,
)
STATS = Command("stats", "Thống kê sử dụng", "Usage statistics", offered=Offered.ADMINS)
# Changes to the corpus; an admin also adds a page by sending its file to the bot.
ADD = Command(
    "add",
    "Thêm bài báo: /add <địa chỉ trang>, hoặc gửi tệp .txt, .md, .html",
    "Add an article: /add <page address>, or send a .txt, .md, .html file",
    usage="<url>",
    offered=Offered.ADMINS,
)
REMOVE = Command(
    "remove",
    "Gỡ một bài báo: /remove <tên tệp hoặc một phần tiêu đề>",
    "Remove an article: /remove <file name or part of its title>",
    usage="<file name or part of a title>",
    offered=Offered.ADMINS,
)

COMMANDS: tuple[Command, ...] = (
    START,
    HELP,
    PARTNERS,
    LESSONS,
    EVENT,
    TIMELINE,
    FIGURES,
    DOCUMENTS,
    PEOPLE,
    SOURCE,
    SEARCH,
    ABOUT,
    QUIZ,
    SCORE,
    TOP,
    SUBSCRIBE,
    UNSUBSCRIBE,
    LANG,
    BROADCAST,
    BROADCAST_STATUS,
    STATS,
    ADD,
    REMOVE,
)
BY_NAME: dict[str, Command] = {c.name: c for c in COMMANDS}


def public() -> list[Command]:
    """The commands offered to everyone, in order."""
    return [c for c in COMMANDS if c.offered & Offered.EVERYWHERE]


def offered_in(where: Offered) -> list[Command]:
    """The commands of a menu: those offered in any of `where`, in order."""
    return [c for c in COMMANDS if c.offered & where]


def examples(engine: Engine) -> list[tuple[Command, str]]:
    """The example commands under the welcome message and in "not found" hints: (command,
    argument), the argument taken from what the corpus holds."""
    return [(c, c.example(engine)) for c in COMMANDS if c.example is not None]


def example_lines(engine: Engine) -> list[str]:
    """The example commands as a user types them: "/event 14-12-2021"."""
    return [f"/{c.name} {arg}".strip() for c, arg in examples(engine)]


def parse_command(text: str) -> tuple[str, str | None, str] | None:
    """('event', 'botname' or None, '14-12-2021') for '/event@botname 14-12-2021', else None."""
    m = _COMMAND.match(clean(text))
    if not m:
        return None
    return m[1].lower(), m[2], (m[3] or "").strip()


async def run_command(commands: Commands, name: str, arg: str, lang: str, page: int = 1) -> Reply:
    """Run a command by name; an unknown name gets a short reply pointing to /help."""
    command = BY_NAME.get(name)
    if command is None:
        return Reply(
            found=False,
            intro=t("unknown_command", lang, command="/" + name[:32]),
            suggestions=["/help"],
        )
    if command.run is None:
        return Reply(
            found=False, intro=t("telegram_only", lang, command="/" + name), suggestions=["/help"]
        )
    reply = command.run(commands, arg, lang, page)
    return await reply if inspect.isawaitable(reply) else reply


async def respond(
    engine: Engine, store: Store | None, text: str, lang: str = "vi", page_size: int = PAGE_SIZE
) -> Reply:
    """A reply to any message: a command or a question."""
    commands = Commands(engine, store, page_size)
    parsed = parse_command(text)
    if parsed:
        name, _, arg = parsed
        return await run_command(commands, name, arg, lang)
    if clean(text).startswith("/"):
        return Reply(
            found=False,
            intro=t("unknown_command", lang, command=clean(text).split()[0][:32]),
            suggestions=["/help"],
        )
    return commands.ask(text, lang)
