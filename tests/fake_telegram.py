"""A strict, in-process fake of the Telegram Bot API for end-to-end tests.

:class:`FakeTelegram` runs an aiohttp server on ``127.0.0.1`` (ephemeral port) that speaks the
Bot API wire protocol closely enough for the real python-telegram-bot ``Application`` to run
against it::

    async with FakeTelegram() as fake:
        app = (
            ApplicationBuilder()
            .token(fake.token)
            .base_url(fake.base_url)
            .base_file_url(fake.base_file_url)
            .build()
        )
        ...  # start the application (polling)
        fake.push_private_text(42, "/start")
        params = await fake.wait_for("sendMessage", lambda p: p["chat_id"] == 42)

The fake validates requests the way Telegram does and answers with Telegram's error wording, so
that bugs which would only show up in production (unescaped HTML, over-long messages, oversized
callback data, "message is not modified" edits, replies to unknown messages, sending to chats
that never talked to the bot, ...) make tests fail.

Behaviour that is deliberately *stricter* than api.telegram.org (disable with
``strict_html=False`` / ``strict_buttons=False``):

* a bare ``&`` in HTML text must be escaped (Telegram silently keeps it; it nearly always means
  user content was not passed through ``html.escape``), and character references need their
  trailing ``;``;
* ``<a>`` requires a non-empty ``href``;
* an inline button must carry exactly one action field (Telegram silently picks one).

Other realistic behaviour worth knowing about when writing tests:

* privacy mode is on by default (``privacy_mode=True``): in groups the bot only receives
  commands, replies to its own messages and everything once it is an admin. Plain group
  messages and ``@mentions`` are stored but not delivered (see :attr:`FakeTelegram.undelivered`);
* the bot can only write to a private chat after the user has written to it (any ``push_*``
  from that user, or :meth:`FakeTelegram.add_chat`); otherwise 403 "bot can't initiate
  conversation with a user". Unknown groups give 400 "chat not found";
* ``editMessageText`` without ``reply_markup`` removes the inline keyboard, as in Telegram;
* ``chat_member`` updates are only delivered when requested through ``allowed_updates``;
* faults on demand: :meth:`FakeTelegram.fail_next` answers with an API error (5xx, 429, ...),
  :meth:`FakeTelegram.fault_next` hangs, answers with a body that is not JSON, or drops the
  connection;
* files users send (:meth:`FakeTelegram.push_private_document`,
  :meth:`FakeTelegram.push_group_document`) are known by their ``file_id`` only: ``getFile``
  gives a ``file_path`` (up to 20 MB, like Telegram for bots; larger files get "file is too
  big"), and only a path ``getFile`` gave is served at ``/file/bot<token>/<file_path>``; every
  download is recorded in :attr:`FakeTelegram.downloads`. Users cannot send empty files.

Only what the bot uses is implemented: HTML parse mode (no Markdown), inline keyboards (no reply
keyboards), and the methods getMe, getUpdates, the webhook methods, setMyCommands, sendMessage,
editMessageText, copyMessage (of text messages), sendPhoto (uploads), sendPoll (with ``poll_answer``
updates from :meth:`FakeTelegram.push_poll_answer`), answerCallbackQuery, answerInlineQuery,
getChat, getChatMember and getFile (with the file downloads).
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import itertools
import json
import logging
import math
import mimetypes
import re
import string
import time
from collections import deque
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Self
from urllib.parse import urlsplit

from aiohttp import web

__all__ = [
    "DEFAULT_BOT_USERNAME",
    "DEFAULT_TOKEN",
    "ApiError",
    "Call",
    "FakeTelegram",
    "parse_html",
    "utf16_len",
]

JSONDict = dict[str, Any]
Predicate = Callable[[JSONDict], bool]
_Handler = Callable[[JSONDict], Awaitable[Any]]

DEFAULT_TOKEN = "123456:TEST-token"
DEFAULT_BOT_USERNAME = "test_fa_bot"

MAX_MESSAGE_LENGTH = 4096
MAX_CAPTION_LENGTH = 1024
MAX_CALLBACK_DATA_BYTES = 64
MAX_CALLBACK_ANSWER_LENGTH = 200
MAX_INLINE_RESULTS = 50
MAX_INLINE_RESULT_ID_BYTES = 64
MAX_COMMANDS = 100
MAX_BUTTONS = 100
MAX_POLL_QUESTION_LENGTH = 300
MAX_POLL_OPTION_LENGTH = 100
MAX_POLL_EXPLANATION_LENGTH = 200
MIN_POLL_OPTIONS, MAX_POLL_OPTIONS = 2, 10
MAX_PHOTO_BYTES = 10 * 1024 * 1024
MAX_PHOTO_SIDES = 10_000  # width + height
MAX_PHOTO_RATIO = 20
MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024  # getFile's limit for bots

_log = logging.getLogger(__name__)
_COMMAND = re.compile(r"/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{1,32})?")

NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly the "
    "same as a current content and reply markup of the message"
)
QUERY_TOO_OLD = "query is too old and response timeout expired or query ID is invalid"

#: Update types Telegram sends when ``allowed_updates`` was never set (or set to ``[]``).
_NOT_SENT_BY_DEFAULT = frozenset({"chat_member", "message_reaction", "message_reaction_count"})

#: Methods that post something into a chat: a blocked chat answers them with 403.
_SEND_METHODS = frozenset(
    {"sendMessage", "copyMessage", "forwardMessage", "sendChatAction", "sendPoll", "sendPhoto"}
)
#: Methods counted by :meth:`FakeTelegram.rate_limit`.
_RATE_LIMITED_METHODS = frozenset(
    {
        "sendMessage",
        "copyMessage",
        "forwardMessage",
        "sendPoll",
        "editMessageText",
        "editMessageReplyMarkup",
    }
)


# --------------------------------------------------------------------------------------------
# Errors
# --------------------------------------------------------------------------------------------


class ApiError(Exception):
    """An error answer of the Bot API: HTTP status ``error_code`` and a Telegram description."""

    def __init__(
        self, error_code: int, description: str, parameters: JSONDict | None = None
    ) -> None:
        super().__init__(description)
        self.error_code = error_code
        self.description = description
        self.parameters = parameters

    def payload(self) -> JSONDict:
        """The JSON body Telegram sends for this error."""
        body: JSONDict = {
            "ok": False,
            "error_code": self.error_code,
            "description": self.description,
        }
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def _bad_request(message: str) -> ApiError:
    return ApiError(400, f"Bad Request: {message}")


def _entities_error(message: str) -> ApiError:
    return _bad_request(f"can't parse entities: {message}")


def _too_many_requests(retry_after: int) -> ApiError:
    return ApiError(
        429, f"Too Many Requests: retry after {retry_after}", {"retry_after": retry_after}
    )


# --------------------------------------------------------------------------------------------
# Text helpers: UTF-16 lengths, stripping, entity detection
# --------------------------------------------------------------------------------------------


def utf16_len(text: str) -> int:
    """Length of ``text`` in UTF-16 code units, the unit Telegram uses for offsets and limits."""
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)


def _utf16_prefix(text: str) -> list[int]:
    """``prefix[i]`` is the UTF-16 offset of ``text[i]`` (``prefix[len(text)]`` the total)."""
    prefix = [0]
    for char in text:
        prefix.append(prefix[-1] + (2 if ord(char) > 0xFFFF else 1))
    return prefix


def _byte_offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8"))


# Characters Telegram strips from both ends of a message (tdlib ``strip_empty_characters``).
_EMPTY_CHARS = "[\\x00-\\x20\\u1680\\u180e\\u2000-\\u200f\\u202f\\u205f\\u2800\\u3000\\ufffc]"
_LEADING_EMPTY = re.compile(f"^{_EMPTY_CHARS}+")
_TRAILING_EMPTY = re.compile(f"{_EMPTY_CHARS}+$")


def _strip_text(text: str, entities: list[JSONDict]) -> tuple[str, list[JSONDict]]:
    """Strip leading/trailing blank characters and move/clip the entities accordingly."""
    leading = _LEADING_EMPTY.match(text)
    lead = utf16_len(leading.group()) if leading else 0
    stripped = _TRAILING_EMPTY.sub("", _LEADING_EMPTY.sub("", text))
    total = utf16_len(stripped)
    result: list[JSONDict] = []
    for entity in entities:
        start = max(entity["offset"] - lead, 0)
        end = min(entity["offset"] + entity["length"] - lead, total)
        if end > start:
            result.append({**entity, "offset": start, "length": end - start})
    return stripped, result


def _sort_entities(entities: list[JSONDict]) -> list[JSONDict]:
    return sorted(entities, key=lambda entity: (entity["offset"], -entity["length"]))


_COMMAND_RE = re.compile(r"(?<![\w/<>])/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?![\w/<>@])")
_MENTION_RE = re.compile(r"(?<![\w@/])@[A-Za-z][A-Za-z0-9_]{2,31}(?![\w@])")
_HASHTAG_RE = re.compile(r"(?<![\w#])#\w+")
_URL_RE = re.compile(r"(?<![\w@])https?://[^\s<>\"']+", re.IGNORECASE)
_URL_TRAILING = ".,;:!?)]}'\""
#: Formatting entities inside which Telegram does not auto-detect anything.
_OPAQUE_ENTITIES = frozenset({"code", "pre", "text_link", "text_mention", "custom_emoji"})


# --------------------------------------------------------------------------------------------
# HTML parse mode (a port of tdlib's ``parse_html``)
# --------------------------------------------------------------------------------------------

_HTML_SPACE = frozenset(" \t\n\r\f\v\0")
_HTML_TAGS = frozenset(
    {
        "a",
        "b",
        "strong",
        "i",
        "em",
        "u",
        "ins",
        "s",
        "strike",
        "del",
        "code",
        "pre",
        "span",
        "tg-spoiler",
        "tg-emoji",
        "tg-time",
        "blockquote",
    }
)
_SIMPLE_TAG_TYPES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "span": "spoiler",
    "tg-spoiler": "spoiler",
    "code": "code",
}
_NAMED_CHAR_REFS = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_TIME_FORMAT_RE = re.compile(r"r|w?[dD]?[tT]?")


def _decode_char_ref(text: str, pos: int, *, require_semicolon: bool) -> tuple[str, int] | None:
    """Decode the character reference at ``text[pos] == "&"``; return (character, end index)."""
    end = pos + 1
    size = len(text)
    if end < size and text[end] == "#":
        end += 1
        hexadecimal = end < size and text[end] in "xX"
        if hexadecimal:
            end += 1
        digits_start = end
        alphabet = string.hexdigits if hexadecimal else string.digits
        while end < size and text[end] in alphabet:
            end += 1
        digits = text[digits_start:end]
        if not digits or end - pos >= 10:
            return None
        code = int(digits, 16 if hexadecimal else 10)
        if code == 0 or code >= 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            return None
        char = chr(code)
    else:
        while end < size and text[end].isascii() and text[end].isalpha():
            end += 1
        named = _NAMED_CHAR_REFS.get(text[pos + 1 : end])
        if named is None:
            return None
        char = named
    if end < size and text[end] == ";":
        return char, end + 1
    if require_semicolon:
        return None
    return char, end


@dataclass
class _OpenTag:
    name: str
    argument: Any
    offset: int  # UTF-16 offset in the visible text
    out_index: int  # index into the list of visible characters
    begin: int  # index of "<" in the source text


class _HtmlParser:
    """Turns Telegram-flavoured HTML into (visible text, entities), raising Telegram's errors."""

    def __init__(self, text: str, *, strict: bool) -> None:
        self.text = text
        self.strict = strict
        self.out: list[str] = []
        self.offset = 0
        self.entities: list[JSONDict] = []
        self.stack: list[_OpenTag] = []

    def at(self, index: int) -> str:
        return self.text[index] if index < len(self.text) else ""

    def byte_offset(self, index: int) -> int:
        return _byte_offset(self.text, index)

    def emit(self, chars: str) -> None:
        self.out.append(chars)
        self.offset += utf16_len(chars)

    def parse(self) -> tuple[str, list[JSONDict]]:
        text, i = self.text, 0
        while i < len(text):
            char = text[i]
            if char == "&":
                decoded = _decode_char_ref(text, i, require_semicolon=self.strict)
                if decoded is not None:
                    self.emit(decoded[0])
                    i = decoded[1]
                    continue
                if self.strict:
                    raise _entities_error(
                        f'Character "&" at byte offset {self.byte_offset(i)} does not start a '
                        'character reference; escape it as "&amp;"'
                    )
            if char != "<":
                self.emit(char)
                i += 1
            elif self.at(i + 1) == "/":
                i = self.end_tag(i)
            else:
                i = self.start_tag(i)
        if self.stack:
            raise _entities_error(
                f'Can\'t find end tag corresponding to start tag "{self.stack[-1].name}"'
            )
        return "".join(self.out), _sort_entities(self.entities)

    def start_tag(self, begin: int) -> int:
        text, i = self.text, begin + 1
        while i < len(text) and text[i] not in _HTML_SPACE and text[i] != ">":
            i += 1
        if i >= len(text):
            raise _entities_error(f"Unclosed start tag at byte offset {self.byte_offset(begin)}")
        name = text[begin + 1 : i].lower()
        if name not in _HTML_TAGS:
            raise _entities_error(
                f'Unsupported start tag "{name}" at byte offset {self.byte_offset(begin)}'
            )
        attributes: dict[str, str] = {}
        while True:
            while i < len(text) and text[i] in _HTML_SPACE:
                i += 1
            if i >= len(text):
                raise _entities_error(
                    f"Unclosed start tag at byte offset {self.byte_offset(begin)}"
                )
            if text[i] == ">":
                i += 1
                break
            i = self.attribute(name, begin, i, attributes)
        argument = self.tag_argument(name, attributes, begin)
        self.stack.append(_OpenTag(name, argument, self.offset, len(self.out), begin))
        return i

    def attribute(self, tag: str, begin: int, i: int, attributes: dict[str, str]) -> int:
        text = self.text
        name_start = i
        while i < len(text) and text[i] not in _HTML_SPACE and text[i] not in "=>":
            i += 1
        name = text[name_start:i].lower()
        if not name:
            raise _entities_error(
                f'Empty attribute name in the tag "{tag}" at byte offset {self.byte_offset(begin)}'
            )
        while i < len(text) and text[i] in _HTML_SPACE:
            i += 1
        if self.at(i) != "=":
            if tag == "blockquote" and name == "expandable" and self.at(i) != "":
                attributes[name] = ""
                return i
            if i >= len(text):
                raise _entities_error(
                    f"Unclosed start tag at byte offset {self.byte_offset(begin)}"
                )
            raise _entities_error(
                f'Expected equal sign in declaration of an attribute of the tag "{tag}" at byte '
                f"offset {self.byte_offset(begin)}"
            )
        i += 1
        while i < len(text) and text[i] in _HTML_SPACE:
            i += 1
        if i >= len(text):
            raise _entities_error(f"Unclosed start tag at byte offset {self.byte_offset(begin)}")
        if text[i] in "'\"":
            quote, i = text[i], i + 1
            value: list[str] = []
            while i < len(text) and text[i] != quote:
                decoded = (
                    _decode_char_ref(text, i, require_semicolon=False) if text[i] == "&" else None
                )
                if decoded is not None:
                    value.append(decoded[0])
                    i = decoded[1]
                else:
                    value.append(text[i])
                    i += 1
            if i >= len(text):
                raise _entities_error(
                    f"Unclosed start tag at byte offset {self.byte_offset(begin)}"
                )
            attributes[name] = "".join(value)
            return i + 1
        token_start = i
        while i < len(text) and text[i].isascii() and (text[i].isalnum() or text[i] in ".-"):
            i += 1
        if i < len(text) and text[i] not in _HTML_SPACE and text[i] != ">":
            raise _entities_error(
                f"Unexpected end of name token at byte offset {self.byte_offset(token_start)}"
            )
        attributes[name] = text[token_start:i].lower()
        return i

    def tag_argument(self, name: str, attributes: dict[str, str], begin: int) -> Any:
        where = f"at byte offset {self.byte_offset(begin)}"
        if name == "a":
            href = attributes.get("href", "")
            if not href and self.strict:
                raise _entities_error(f'Tag "a" must have a non-empty "href" attribute {where}')
            return href
        if name == "code":
            css_class = attributes.get("class", "")
            return css_class.removeprefix("language-") if css_class.startswith("language-") else ""
        if name == "span" and attributes.get("class") != "tg-spoiler":
            raise _entities_error(f'Tag "span" must have class "tg-spoiler" {where}')
        if name == "tg-emoji":
            emoji_id = attributes.get("emoji-id", "")
            if not emoji_id.isdigit():
                raise _entities_error(f'Tag "tg-emoji" must have a valid "emoji-id" {where}')
            return emoji_id
        if name == "tg-time":
            unix = attributes.get("unix", "")
            time_format = attributes.get("format", "")
            if not unix.isdigit() or not _TIME_FORMAT_RE.fullmatch(time_format):
                raise _entities_error(f'Tag "tg-time" must have a valid "unix" attribute {where}')
            return {"unix_time": int(unix), "date_time_format": time_format}
        if name == "blockquote":
            return "expandable" in attributes
        return None

    def end_tag(self, begin: int) -> int:
        text, i = self.text, begin + 2
        if not self.stack:
            raise _entities_error(f"Unexpected end tag at byte offset {self.byte_offset(begin)}")
        while i < len(text) and text[i] not in _HTML_SPACE and text[i] != ">":
            i += 1
        name = text[begin + 2 : i].lower()
        while i < len(text) and text[i] in _HTML_SPACE:
            i += 1
        if self.at(i) != ">":
            raise _entities_error(f"Unclosed end tag at byte offset {self.byte_offset(begin)}")
        tag = self.stack.pop()
        if name and name != tag.name:
            raise _entities_error(
                f"Unmatched end tag at byte offset {self.byte_offset(begin)}, expected "
                f'"</{tag.name}>", found "</{name}>"'
            )
        self.finish(tag)
        return i + 1

    def finish(self, tag: _OpenTag) -> None:
        length = self.offset - tag.offset
        if length <= 0:
            return
        entity: JSONDict = {"offset": tag.offset, "length": length}
        if tag.name in _SIMPLE_TAG_TYPES:
            entity["type"] = _SIMPLE_TAG_TYPES[tag.name]
            if tag.name == "code" and tag.argument:
                entity["language"] = tag.argument
        elif tag.name == "pre":
            entity["type"] = "pre"
            inner = self.entities[-1] if self.entities else None
            if (
                inner is not None
                and inner["type"] == "code"
                and (inner["offset"], inner["length"]) == (tag.offset, length)
            ):
                self.entities.pop()
                if "language" in inner:
                    entity["language"] = inner["language"]
        elif tag.name == "a":
            entity["type"] = "text_link"
            entity["url"] = tag.argument or "".join(self.out[tag.out_index :])
        elif tag.name == "blockquote":
            entity["type"] = "expandable_blockquote" if tag.argument else "blockquote"
        elif tag.name == "tg-emoji":
            entity["type"] = "custom_emoji"
            entity["custom_emoji_id"] = tag.argument
        elif tag.name == "tg-time":
            entity["type"] = "date_time"
            entity.update(tag.argument)
        self.entities.append(entity)


def parse_html(text: str, *, strict: bool = True) -> tuple[str, list[JSONDict]]:
    """Parse ``text`` like Telegram's HTML parse mode.

    Returns the visible text and its entities (UTF-16 offsets). Raises :class:`ApiError` with
    "Bad Request: can't parse entities: ..." on malformed markup. With ``strict`` a bare ``&``,
    a character reference without ``;`` and ``<a>`` without ``href`` are errors too.
    """
    return _HtmlParser(text, strict=strict).parse()


# --------------------------------------------------------------------------------------------
# Validation of message content and reply markup
# --------------------------------------------------------------------------------------------


def format_text(
    text: Any,
    parse_mode: Any,
    entities: Any,
    *,
    strict_html: bool = True,
    limit: int = MAX_MESSAGE_LENGTH,
    empty_error: str = "message text is empty",
    too_long_error: str = "message is too long",
) -> tuple[str, list[JSONDict]]:
    """Validate a message text the way Telegram does; return (visible text, entities)."""
    if text is None or text == "":
        raise _bad_request(empty_error)
    if not isinstance(text, str):
        text = json.dumps(text)
    mode = parse_mode.lower() if isinstance(parse_mode, str) else ""
    if mode == "html":
        visible, parsed = parse_html(text, strict=strict_html)
    elif mode == "" and entities is None:
        visible, parsed = text, []
    else:
        raise _bad_request("unsupported parse_mode")
    visible, parsed = _strip_text(visible, parsed)
    if not visible:
        raise _bad_request(empty_error)
    if utf16_len(visible) > limit:
        raise _bad_request(too_long_error)
    return visible, _sort_entities(parsed)


_INLINE_BUTTON_ACTIONS = (
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)


def _is_valid_button_url(url: str) -> bool:
    if not url or any(char.isspace() for char in url):
        return False
    parts = urlsplit(url if "://" in url or url.startswith("tg:") else f"http://{url}")
    host = parts.hostname or ""
    if parts.scheme in ("http", "https", "ftp", "ton"):
        return "." in host or host == "localhost"
    return parts.scheme == "tg" and bool(parts.netloc or parts.path)


def _button_error(message: str) -> ApiError:
    return _bad_request(f"can't parse inline keyboard button: {message}")


def _validate_inline_button(button: Any, chat_type: str | None, *, strict: bool) -> JSONDict:
    if not isinstance(button, dict):
        raise _button_error("InlineKeyboardButton must be an Object")
    if not isinstance(button.get("text"), str):
        raise _button_error('Field "text" must be of type String')
    if not button["text"].strip():
        raise _bad_request("BUTTON_TEXT_INVALID")
    actions = [name for name in _INLINE_BUTTON_ACTIONS if button.get(name) is not None]
    if not actions:
        raise _button_error("Text buttons are unallowed in the inline keyboard")
    if len(actions) > 1 and strict:
        raise _button_error(f"exactly one action field expected, found {', '.join(actions)}")
    action, value = actions[0], button[actions[0]]
    if action == "callback_data":
        if not isinstance(value, str) or not (
            1 <= len(value.encode("utf-8")) <= MAX_CALLBACK_DATA_BYTES
        ):
            raise _bad_request("BUTTON_DATA_INVALID")
    elif action == "url":
        if not isinstance(value, str) or not _is_valid_button_url(value):
            raise _bad_request("BUTTON_URL_INVALID")
    elif action in ("switch_inline_query", "switch_inline_query_current_chat"):
        if not isinstance(value, str):
            raise _button_error(f'Field "{action}" must be of type String')
    elif action in ("web_app", "login_url"):
        url = value.get("url") if isinstance(value, dict) else None
        if not isinstance(url, str) or not url.startswith("https://"):
            raise _bad_request("BUTTON_URL_INVALID")
        if action == "web_app" and chat_type not in (None, "private"):
            raise _bad_request("BUTTON_TYPE_INVALID")
    elif action == "copy_text":
        copied = value.get("text") if isinstance(value, dict) else None
        if not isinstance(copied, str) or not 1 <= len(copied) <= 256:
            raise _bad_request("BUTTON_COPY_TEXT_INVALID")
    return {key: item for key, item in button.items() if item is not None}


def validate_reply_markup(
    markup: Any,
    *,
    chat_type: str | None = None,
    inline_only: bool = False,
    strict_buttons: bool = True,
) -> JSONDict | None:
    """Validate ``reply_markup``; return the inline keyboard to store on the message, if any."""
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise _bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in markup:
        rows = markup["inline_keyboard"]
        if not isinstance(rows, list):
            raise _bad_request(
                'Field "inline_keyboard" of the InlineKeyboardMarkup must be an Array'
            )
        if any(not isinstance(row, list) for row in rows):
            raise _bad_request(
                'Field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays'
            )
        if sum(len(row) for row in rows) > MAX_BUTTONS:
            raise _bad_request("reply markup is too long")
        keyboard = [
            [_validate_inline_button(button, chat_type, strict=strict_buttons) for button in row]
            for row in rows
        ]
        return {"inline_keyboard": [row for row in keyboard if row]}
    # The bot sends inline keyboards only; any other markup is a mistake here.
    raise _bad_request("can't parse inline keyboard markup JSON object")


# --------------------------------------------------------------------------------------------
# Request parameters
# --------------------------------------------------------------------------------------------

#: Parameters whose value is a plain string and must never be JSON-decoded.
_STRING_PARAMS = frozenset(
    {
        "text",
        "caption",
        "parse_mode",
        "callback_query_id",
        "inline_query_id",
        "inline_message_id",
        "business_connection_id",
        "url",
        "description",
        "short_description",
        "name",
        "language_code",
        "query",
        "next_offset",
        "switch_pm_text",
        "switch_pm_parameter",
        "action",
        "secret_token",
        "ip_address",
        "title",
        "emoji",
        "message_effect_id",
        "custom_title",
        "first_name",
        "last_name",
        "phone_number",
        "file_id",
    }
)
#: Parameters holding JSON-serialized objects, with the noun Telegram uses in parse errors.
_JSON_PARAMS = {
    "reply_markup": "reply keyboard markup",
    "entities": "entities",
    "caption_entities": "entities",
    "results": "inline query results",
    "commands": "commands",
    "scope": "BotCommandScope",
    "link_preview_options": "link preview options",
    "reply_parameters": "reply parameters",
    "allowed_updates": "allowed updates",
    "menu_button": "menu button",
    "button": "inline query results button",
    "message_ids": "message identifiers",
}


def _decode_params(raw: Mapping[str, Any]) -> JSONDict:
    """Decode form/query values: JSON-encoded objects, numbers and booleans become Python values.

    python-telegram-bot sends every parameter as a form field, leaving strings as they are and
    JSON-encoding everything else (numbers, booleans, lists, objects).
    """
    params: JSONDict = {}
    for key, value in raw.items():
        if isinstance(value, str) and key not in _STRING_PARAMS:
            # Undecodable values stay strings: chat_id="@channel", or broken JSON objects
            # that the method's validation then reports the way Telegram does.
            with contextlib.suppress(ValueError):
                value = json.loads(value)
        params[key] = value
    return params


def _json_param(params: JSONDict, name: str, kind: type) -> Any:
    value = params.get(name)
    if value is not None and not isinstance(value, kind):
        raise _bad_request(f"can't parse {_JSON_PARAMS.get(name, name)} JSON object")
    return value


def _int_param(params: JSONDict, name: str, *, missing: str | None = None) -> int | None:
    """An integer parameter; ``missing`` is the error description if it is required."""
    value = params.get(name)
    if value is None or value == "":
        if missing is not None:
            raise _bad_request(missing)
        return None
    if isinstance(value, bool):
        raise _bad_request(f"invalid {name} specified")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"-?\d+", value.strip()):
        return int(value)
    raise _bad_request(f"invalid {name} specified")


def _bool_param(params: JSONDict, name: str) -> bool:
    value = params.get(name)
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1")
    return bool(value)


def _str_param(params: JSONDict, name: str) -> str | None:
    value = params.get(name)
    if value is None:
        return None
    return value if isinstance(value, str) else str(value)


# --------------------------------------------------------------------------------------------
# Data model
# --------------------------------------------------------------------------------------------


@dataclass
class Call:
    """One request received by the fake (after token check), in arrival order."""

    index: int
    method: str
    params: JSONDict
    status: int | None = None
    response: JSONDict | None = None

    @property
    def ok(self) -> bool:
        """Whether the request was answered with ``{"ok": true}``."""
        return self.status == 200

    @property
    def result(self) -> Any:
        """The ``result`` of a successful request (``None`` otherwise)."""
        return self.response.get("result") if self.response else None


@dataclass
class _Chat:
    id: int
    type: str
    title: str | None = None
    username: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    is_forum: bool = False

    def to_json(self) -> JSONDict:
        data: JSONDict = {"id": self.id}
        for key in ("title", "username", "first_name", "last_name"):
            if getattr(self, key) is not None:
                data[key] = getattr(self, key)
        data["type"] = self.type
        if self.is_forum:
            data["is_forum"] = True
        return data


@dataclass
class _File:
    """A file a user sent: what getFile answers, and the bytes served at its path."""

    file_id: str
    file_unique_id: str
    data: bytes
    path: str
    mime_type: str | None


@dataclass
class _Failure:
    method: str
    error: ApiError
    chat_id: int | str | None
    remaining: int


@dataclass
class _OpenQuery:
    kind: str  # "callback" or "inline"
    update: JSONDict
    created: float
    answered: bool = False


@dataclass
class _RateLimit:
    per_second: int | None
    per_chat_per_second: int | None
    per_group_per_minute: int | None
    global_window: deque[float] = field(default_factory=deque)
    chat_windows: dict[int, deque[float]] = field(default_factory=dict)
    group_windows: dict[int, deque[float]] = field(default_factory=dict)

    @staticmethod
    def _retry_after(window: deque[float], limit: int, span: float, now: float) -> int | None:
        while window and now - window[0] >= span:
            window.popleft()
        if len(window) < limit:
            return None
        return max(1, math.ceil(span - (now - window[0])))

    def check(self, chat: _Chat) -> int | None:
        """Return ``retry_after`` seconds if this send exceeds a limit, else record it."""
        now = time.monotonic()
        chat_window = self.chat_windows.setdefault(chat.id, deque())
        group_window = self.group_windows.setdefault(chat.id, deque())
        checks: list[tuple[deque[float], int | None, float]] = [
            (self.global_window, self.per_second, 1.0),
            (chat_window, self.per_chat_per_second, 1.0),
        ]
        if chat.type in ("group", "supergroup"):
            checks.append((group_window, self.per_group_per_minute, 60.0))
        for window, limit, span in checks:
            if limit is not None:
                retry_after = self._retry_after(window, limit, span, now)
                if retry_after is not None:
                    return retry_after
        for window, _, _ in checks:
            window.append(now)
        return None


@dataclass
class _Reply:
    """A handler result that also carries Telegram's optional ``description``."""

    result: Any
    description: str


def _member_json(user: JSONDict, status: str) -> JSONDict:
    """A ChatMember object with every field python-telegram-bot requires for ``status``."""
    member: JSONDict = {"status": status, "user": user}
    if status == "creator":
        member["is_anonymous"] = False
    elif status == "administrator":
        member.update(
            can_be_edited=False,
            is_anonymous=False,
            can_manage_chat=True,
            can_delete_messages=True,
            can_manage_video_chats=True,
            can_restrict_members=True,
            can_promote_members=False,
            can_change_info=True,
            can_invite_users=True,
            can_post_stories=False,
            can_edit_stories=False,
            can_delete_stories=False,
            can_pin_messages=True,
        )
    elif status == "restricted":
        member.update(
            is_member=True,
            until_date=0,
            **dict.fromkeys(
                (
                    "can_change_info",
                    "can_invite_users",
                    "can_pin_messages",
                    "can_send_messages",
                    "can_send_polls",
                    "can_send_other_messages",
                    "can_add_web_page_previews",
                    "can_manage_topics",
                    "can_send_audios",
                    "can_send_documents",
                    "can_send_photos",
                    "can_send_videos",
                    "can_send_video_notes",
                    "can_send_voice_notes",
                    "can_edit_tag",
                ),
                False,
            ),
        )
    elif status == "kicked":
        member["until_date"] = 0
    elif status not in ("member", "left"):
        raise ValueError(f"unknown chat member status {status!r}")
    return member


def _without_reply(message: JSONDict) -> JSONDict:
    """A copy of ``message`` suitable for nesting (Telegram never nests replies twice)."""
    nested = copy.deepcopy(message)
    nested.pop("reply_to_message", None)
    return nested


def _canonical_chat_id(value: Any) -> int | str | None:
    if isinstance(value, str) and re.fullmatch(r"-?\d+", value):
        return int(value)
    return value if isinstance(value, int | str) else None


# --------------------------------------------------------------------------------------------
# The fake server
# --------------------------------------------------------------------------------------------


class FakeTelegram:
    """A strict fake Telegram Bot API server; see the module docstring for an overview.

    Args:
        token: the only bot token accepted; every other token gets 401 Unauthorized.
        bot_username: username of the bot returned by getMe (without "@").
        bot_first_name: first name of the bot.
        privacy_mode: whether group privacy mode is enabled (Telegram's default).
        long_poll_cap: upper bound in seconds for getUpdates' ``timeout`` so tests stay fast.
        strict_html: reject bare ``&`` / ``<a>`` without href (stricter than Telegram).
        strict_buttons: require exactly one action per inline button (stricter than Telegram).
        auto_create_chats: accept sends to chats nobody has written from (lenient mode).
        query_expiry: seconds after which callback/inline queries can no longer be answered.
        first_update_id: update_id of the first pushed update.
    """

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        *,
        bot_username: str = DEFAULT_BOT_USERNAME,
        bot_first_name: str = "Test Bot",
        privacy_mode: bool = True,
        long_poll_cap: float = 0.5,
        strict_html: bool = True,
        strict_buttons: bool = True,
        auto_create_chats: bool = False,
        query_expiry: float | None = None,
        first_update_id: int = 1,
    ) -> None:
        self.token = token
        prefix = token.split(":", 1)[0]
        self.bot_id = int(prefix) if prefix.isdigit() else 123456
        self.bot_username = bot_username
        self.bot_first_name = bot_first_name
        self.privacy_mode = privacy_mode
        self.long_poll_cap = long_poll_cap
        self.strict_html = strict_html
        self.strict_buttons = strict_buttons
        self.auto_create_chats = auto_create_chats
        self.query_expiry = query_expiry

        # Inspection state (public).
        self.requests: list[tuple[str, JSONDict]] = []
        self.calls: list[Call] = []
        self.inline_answers: list[JSONDict] = []
        self.callback_answers: list[JSONDict] = []
        self.commands: dict[tuple[str, str], list[JSONDict]] = {}
        self.webhook_url = ""
        self.undelivered: list[JSONDict] = []
        self.rate_limited = 0
        self.internal_errors: list[BaseException] = []

        # Server.
        self._runner: web.AppRunner | None = None
        self._port: int | None = None
        self._closing = False

        # Updates.
        self._next_update_id = first_update_id
        self._queue: list[JSONDict] = []
        self._allowed_updates: list[str] | None = None
        self._update_event = asyncio.Event()
        self._poll_generation = 0
        self._query_ids = itertools.count(4_382_000_000_000_000_001)

        # Chats, users and messages.
        self._users: dict[int, JSONDict] = {}
        self._chats: dict[int, _Chat] = {}
        self._members: dict[int, set[int]] = {}
        self._admins: dict[int, dict[int, str]] = {}
        self._messages: dict[int, dict[int, JSONDict]] = {}
        self._deleted: dict[tuple[int, int], JSONDict] = {}
        self._next_message_ids: dict[int, itertools.count[int]] = {}
        self._bot_messages: list[tuple[int, int]] = []
        self._bot_message_keys: set[tuple[int, int]] = set()
        self._inline_messages: dict[str, JSONDict] = {}
        self._queries: dict[str, _OpenQuery] = {}
        # Polls the bot sent: poll id -> (chat id, poll object, who answered).
        self.polls: dict[str, tuple[int, JSONDict, set[int]]] = {}
        self._poll_ids = itertools.count(5_100_000_000_000_000_001)
        # Photos the bot uploaded: (chat id, the file's bytes).
        self.photos: list[tuple[int, bytes]] = []
        # Files users sent, by file_id; the paths getFile gave, to the file_id they serve.
        self._files: dict[str, _File] = {}
        self._file_paths: dict[str, str] = {}
        self._file_numbers = itertools.count(1)
        # The file paths the bot downloaded, in order.
        self.downloads: list[str] = []

        # Error injection.
        self._failures: list[_Failure] = []
        self._blocked: dict[int, str] = {}
        self._missing: set[int | str] = set()
        self._rate_limit: _RateLimit | None = None
        self._transport_faults: list[tuple[str, str, float]] = []
        self.faults_served = 0

        # wait_for support.
        self._request_event = asyncio.Event()
        self._push_cursor = 0

        handlers: dict[str, _Handler] = {
            "getMe": self._get_me,
            "getUpdates": self._get_updates,
            "setWebhook": self._set_webhook,
            "deleteWebhook": self._delete_webhook,
            "getWebhookInfo": self._get_webhook_info,
            "setMyCommands": self._set_my_commands,
            "sendMessage": self._send_message,
            "editMessageText": self._edit_message_text,
            "copyMessage": self._copy_message,
            "sendPoll": self._send_poll,
            "sendPhoto": self._send_photo,
            "answerCallbackQuery": self._answer_callback_query,
            "answerInlineQuery": self._answer_inline_query,
            "getChat": self._get_chat,
            "getChatMember": self._get_chat_member,
            "getFile": self._get_file,
        }
        self._handlers: dict[str, tuple[str, _Handler]] = {
            name.lower(): (name, handler) for name, handler in handlers.items()
        }

    # ----------------------------------------------------------------------------------------
    # Lifecycle
    # ----------------------------------------------------------------------------------------

    async def start(self) -> None:
        """Start serving on 127.0.0.1 with an ephemeral port."""
        if self._runner is not None:
            return
        self._closing = False
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_route("*", "/file/bot{token}/{path:.*}", self._handle_file)
        app.router.add_route("*", "/{path:.*}", self._handle_unknown_path)
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        self._runner = runner
        self._port = int(runner.addresses[0][1])

    async def stop(self) -> None:
        """Stop the server, releasing pending long polls first."""
        if self._runner is None:
            return
        self._closing = True
        self._wake_pollers()
        runner, self._runner = self._runner, None
        await runner.cleanup()

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.stop()

    @property
    def port(self) -> int:
        """The TCP port the server listens on."""
        if self._port is None:
            raise RuntimeError("FakeTelegram is not started")
        return self._port

    @property
    def base_url(self) -> str:
        """Value for ``ApplicationBuilder.base_url`` / ``Bot(base_url=...)``."""
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        """Value for ``ApplicationBuilder.base_file_url`` / ``Bot(base_file_url=...)``."""
        return f"http://127.0.0.1:{self.port}/file/bot"

    @property
    def api_url(self) -> str:
        """``base_url`` with the token appended: ``f"{fake.api_url}/getMe"`` is a method URL."""
        return f"{self.base_url}{self.token}"

    @property
    def bot_user(self) -> JSONDict:
        """The bot as a User object (the ``from`` of the bot's messages)."""
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": self.bot_first_name,
            "username": self.bot_username,
        }

    # ----------------------------------------------------------------------------------------
    # HTTP layer
    # ----------------------------------------------------------------------------------------

    async def _handle_unknown_path(self, request: web.Request) -> web.Response:
        return web.json_response(ApiError(404, "Not Found").payload(), status=404)

    async def _handle_file(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.json_response(ApiError(401, "Unauthorized").payload(), status=401)
        path = request.match_info["path"]
        file_id = self._file_paths.get(path)
        if request.method != "GET" or file_id is None:
            return web.json_response(ApiError(404, "Not Found").payload(), status=404)
        stored = self._files[file_id]
        self.downloads.append(path)
        return web.Response(
            body=stored.data, content_type=stored.mime_type or "application/octet-stream"
        )

    async def _read_params(self, request: web.Request) -> JSONDict:
        raw: JSONDict = dict(request.query)
        if not request.body_exists:
            return raw
        if request.content_type == "application/json":
            try:
                body = await request.json()
            except ValueError:
                raise _bad_request("can't parse JSON") from None
            if not isinstance(body, dict):
                raise _bad_request("JSON object expected")
            raw.update({key: value for key, value in body.items() if value is not None})
            return raw
        form = await request.post()
        for key, value in form.items():
            if isinstance(value, web.FileField):
                raw[key] = {
                    "file_name": value.filename,
                    "content_type": value.content_type,
                    "data": value.file.read(),
                }
            else:
                raw[key] = value
        return raw

    async def _handle_api(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.json_response(ApiError(401, "Unauthorized").payload(), status=401)
        method_name = request.match_info["method"]
        try:
            params = _decode_params(await self._read_params(request))
        except ApiError as error:
            return web.json_response(error.payload(), status=error.error_code)
        name, handler = self._handlers.get(method_name.lower(), (method_name, None))
        transport_fault = self._take_transport_fault(name)
        if transport_fault is not None:
            kind, seconds = transport_fault
            self.faults_served += 1
            if kind == "hang":
                await asyncio.sleep(seconds)
            elif kind == "malformed":
                return web.Response(text="<html>Bad Gateway</html>", content_type="text/html")
            elif kind == "disconnect":
                if request.transport is not None:
                    request.transport.close()
                raise ConnectionResetError("the fake dropped the connection")
        call = Call(index=len(self.calls), method=name, params=params)
        self.calls.append(call)
        self.requests.append((name, params))
        try:
            if handler is None:
                raise ApiError(404, "Not Found: method not found")
            self._raise_injected_failure(name, params)
            result = await handler(params)
            payload: JSONDict = {"ok": True, "result": result}
            if isinstance(result, _Reply):
                payload = {"ok": True, "result": result.result, "description": result.description}
            status = 200
        except ApiError as error:
            payload, status = error.payload(), error.error_code
        except Exception as error:  # a bug in the fake: make it visible, never hang the client
            _log.exception("FakeTelegram failed to handle %s", name)
            self.internal_errors.append(error)
            payload = ApiError(500, f"Internal Server Error: {error!r}").payload()
            status = 500
        call.status, call.response = status, payload
        self._notify_request()
        return web.json_response(payload, status=status)

    def _notify_request(self) -> None:
        event, self._request_event = self._request_event, asyncio.Event()
        event.set()

    # ----------------------------------------------------------------------------------------
    # Error injection
    # ----------------------------------------------------------------------------------------

    def fail_next(
        self,
        method: str,
        *,
        error_code: int,
        description: str | None = None,
        retry_after: int | None = None,
        migrate_to_chat_id: int | None = None,
        chat_id: int | str | None = None,
        times: int = 1,
    ) -> None:
        """Make the next ``times`` calls of ``method`` (optionally only to ``chat_id``) fail.

        The failure is returned before any validation or side effect. ``description`` defaults to
        Telegram's usual text for ``error_code`` (e.g. "Too Many Requests: retry after N");
        ``retry_after`` / ``migrate_to_chat_id`` go into the ``parameters`` of the response.
        """
        if description is None:
            description = {
                400: "Bad Request",
                401: "Unauthorized",
                403: "Forbidden",
                404: "Not Found",
                409: "Conflict",
                429: f"Too Many Requests: retry after {retry_after}",
                500: "Internal Server Error",
                502: "Bad Gateway",
            }.get(error_code, "Error")
        parameters: JSONDict = {}
        if retry_after is not None:
            parameters["retry_after"] = retry_after
        if migrate_to_chat_id is not None:
            parameters["migrate_to_chat_id"] = migrate_to_chat_id
        error = ApiError(error_code, description, parameters or None)
        self._failures.append(_Failure(method.lower(), error, _canonical_chat_id(chat_id), times))

    def fault_next(self, method: str, kind: str, *, times: int = 1, seconds: float = 0.0) -> None:
        """Transport faults on the next ``times`` calls of ``method``: ``"hang"`` (answer only
        after ``seconds``), ``"malformed"`` (200 with a body that is not JSON) or
        ``"disconnect"`` (the connection is closed without an answer)."""
        if kind not in ("hang", "malformed", "disconnect"):
            raise ValueError(f"unknown fault {kind!r}")
        self._transport_faults.extend([(method.lower(), kind, seconds)] * times)

    def _take_transport_fault(self, method: str) -> tuple[str, float] | None:
        for n, (name, kind, seconds) in enumerate(self._transport_faults):
            if name == method.lower():
                del self._transport_faults[n]
                return kind, seconds
        return None

    def _raise_injected_failure(self, method: str, params: JSONDict) -> None:
        chat_id = _canonical_chat_id(params.get("chat_id"))
        for failure in self._failures:
            if failure.method != method.lower():
                continue
            if failure.chat_id is not None and failure.chat_id != chat_id:
                continue
            failure.remaining -= 1
            if failure.remaining <= 0:
                self._failures.remove(failure)
            raise failure.error

    def block_chat(
        self, chat_id: int, description: str = "Forbidden: bot was blocked by the user"
    ) -> None:
        """Answer every send (message, copy, forward, chat action) to ``chat_id`` with 403."""
        self._blocked[chat_id] = description

    def missing_chat(self, chat_id: int | str) -> None:
        """Make every method addressing ``chat_id`` fail with 400 "chat not found"."""
        canonical = _canonical_chat_id(chat_id)
        if canonical is not None:
            self._missing.add(canonical)

    def rate_limit(
        self,
        per_second: int | None = 30,
        per_chat_per_second: int | None = 1,
        per_group_per_minute: int | None = None,
    ) -> None:
        """Enable flood control: sends above these sliding-window limits get 429 + retry_after.

        Counted methods: sendMessage, copyMessage, forwardMessage, editMessageText,
        editMessageReplyMarkup. Each 429 increments :attr:`rate_limited`.
        """
        self._rate_limit = _RateLimit(per_second, per_chat_per_second, per_group_per_minute)

    def clear_rate_limit(self) -> None:
        """Disable :meth:`rate_limit`."""
        self._rate_limit = None

    # ----------------------------------------------------------------------------------------
    # Users and chats
    # ----------------------------------------------------------------------------------------

    def add_user(
        self,
        user_id: int,
        first_name: str | None = None,
        *,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "vi",
        is_premium: bool = False,
    ) -> JSONDict:
        """Register (or update) a user; returns the User object used in updates."""
        if user_id <= 0:
            raise ValueError("user ids are positive")
        user: JSONDict = {
            "id": user_id,
            "is_bot": False,
            "first_name": first_name or f"User{user_id}",
        }
        if last_name:
            user["last_name"] = last_name
        if username:
            user["username"] = username
        if language_code:
            user["language_code"] = language_code
        if is_premium:
            user["is_premium"] = True
        self._users[user_id] = user
        chat = self._chats.get(user_id)
        if chat is not None:
            chat.first_name, chat.last_name, chat.username = (
                user["first_name"],
                last_name,
                username,
            )
        return copy.deepcopy(user)

    def _user(self, user_id: int, language_code: str | None) -> JSONDict:
        user = self._users.get(user_id)
        if user is None:
            return self.add_user(user_id, language_code=language_code)
        if language_code and user.get("language_code") != language_code:
            user["language_code"] = language_code
        return copy.deepcopy(user)

    def add_chat(
        self,
        chat_id: int,
        chat_type: str | None = None,
        *,
        title: str | None = None,
        username: str | None = None,
        is_forum: bool = False,
    ) -> JSONDict:
        """Register a chat the bot knows. The type is inferred from the id when omitted.

        Positive ids are private chats, ``-100…`` ids supergroups, other negative ids groups;
        channels must be requested explicitly with ``chat_type="channel"``.
        """
        if chat_type is None:
            if chat_id > 0:
                chat_type = "private"
            else:
                chat_type = "supergroup" if str(chat_id).startswith("-100") else "group"
        if (chat_type == "private") != (chat_id > 0):
            raise ValueError(f"chat id {chat_id} does not fit chat type {chat_type!r}")
        if chat_type == "private":
            user = self._users.get(chat_id) or self.add_user(chat_id)
            chat = _Chat(
                chat_id,
                "private",
                first_name=user["first_name"],
                last_name=user.get("last_name"),
                username=user.get("username"),
            )
        else:
            existing = self._chats.get(chat_id)
            chat = _Chat(
                chat_id,
                chat_type,
                title=title or (existing.title if existing else None) or f"Chat {chat_id}",
                username=username,
                is_forum=is_forum,
            )
        self._chats[chat_id] = chat
        return chat.to_json()

    def set_admins(
        self, chat_id: int, user_ids: Iterable[int], *, creator_id: int | None = None
    ) -> None:
        """Set the administrators of a group/channel; include ``fake.bot_id`` to make the bot one.

        ``creator_id`` (optional) becomes the owner ("creator" status).
        """
        if chat_id not in self._chats:
            self.add_chat(chat_id)
        admins = {user_id: "administrator" for user_id in user_ids}
        if creator_id is not None:
            admins[creator_id] = "creator"
        for user_id in admins:
            if user_id != self.bot_id and user_id not in self._users:
                self.add_user(user_id)
        self._admins[chat_id] = admins

    def _bot_is_admin(self, chat_id: int) -> bool:
        return self.bot_id in self._admins.get(chat_id, {})

    def _ensure_group(self, chat_id: int, title: str | None) -> _Chat:
        if chat_id > 0:
            raise ValueError(f"{chat_id} is not a group id (group ids are negative)")
        chat = self._chats.get(chat_id)
        if chat is None or (title is not None and chat.title != title):
            self.add_chat(chat_id, chat.type if chat else None, title=title)
            chat = self._chats[chat_id]
        if chat.type not in ("group", "supergroup"):
            raise ValueError(f"chat {chat_id} is a {chat.type}, not a group")
        return chat

    def _ensure_private(self, user_id: int) -> _Chat:
        if user_id not in self._chats:
            self.add_chat(user_id, "private")
        return self._chats[user_id]

    def _resolve_chat(self, value: Any, *, name: str = "chat_id", for_send: bool = False) -> _Chat:
        """Find the chat a request addresses, with Telegram's errors for unknown chats."""
        if value is None or value == "":
            raise _bad_request(f"{name} is empty")
        chat_id = _canonical_chat_id(value)
        if chat_id in self._missing:
            raise _bad_request("chat not found")
        if isinstance(chat_id, str):
            username = chat_id.removeprefix("@").lower()
            for candidate in self._chats.values():
                if candidate.type != "private" and (candidate.username or "").lower() == username:
                    if candidate.id in self._missing:
                        break
                    return candidate
            raise _bad_request("chat not found")
        if chat_id is None:
            raise _bad_request("chat not found")
        chat = self._chats.get(chat_id)
        if chat is not None:
            return chat
        if self.auto_create_chats and chat_id != 0:
            self.add_chat(chat_id)
            return self._chats[chat_id]
        if chat_id > 0 and for_send:
            raise ApiError(403, "Forbidden: bot can't initiate conversation with a user")
        raise _bad_request("chat not found")

    # ----------------------------------------------------------------------------------------
    # Messages store
    # ----------------------------------------------------------------------------------------

    def _next_message_id(self, chat_id: int) -> int:
        counter = self._next_message_ids.setdefault(chat_id, itertools.count(1))
        return next(counter)

    def _store(self, message: JSONDict) -> None:
        self._messages.setdefault(message["chat"]["id"], {})[message["message_id"]] = message

    def _find_message(self, chat_id: int, message_id: int) -> JSONDict | None:
        return self._messages.get(chat_id, {}).get(message_id)

    def _store_bot_message(
        self,
        chat: _Chat,
        *,
        text: str,
        entities: list[JSONDict],
        reply_markup: JSONDict | None = None,
        reply_to: JSONDict | None = None,
        extra: JSONDict | None = None,
    ) -> JSONDict:
        message: JSONDict = {"message_id": self._next_message_id(chat.id)}
        if chat.type == "channel":
            message["sender_chat"] = chat.to_json()
        else:
            message["from"] = self.bot_user
        message["chat"] = chat.to_json()
        message["date"] = int(time.time())
        if extra:
            message.update(extra)
        if reply_to is not None:
            message["reply_to_message"] = _without_reply(reply_to)
        message["text"] = text
        if entities:
            message["entities"] = entities
        if reply_markup is not None:
            message["reply_markup"] = reply_markup
        self._store(message)
        self._bot_messages.append((chat.id, message["message_id"]))
        self._bot_message_keys.add((chat.id, message["message_id"]))
        return copy.deepcopy(message)

    def _reply_target(self, chat: _Chat, params: JSONDict) -> JSONDict | None:
        """The message a send replies to (reply_parameters or legacy reply_to_message_id)."""
        reply = _json_param(params, "reply_parameters", dict)
        if reply is None:
            if params.get("reply_to_message_id") is None:
                return None
            reply = {
                "message_id": params["reply_to_message_id"],
                "allow_sending_without_reply": params.get("allow_sending_without_reply"),
            }
        message_id = _int_param(reply, "message_id", missing="message_id is empty")
        target_chat = chat
        if reply.get("chat_id") is not None:
            target_chat = self._resolve_chat(reply["chat_id"])
        target = self._find_message(target_chat.id, message_id or 0)
        if target is None:
            if _bool_param(reply, "allow_sending_without_reply"):
                return None
            raise _bad_request("message to be replied not found")
        quote = reply.get("quote")
        if isinstance(quote, str) and quote and quote not in target.get("text", ""):
            raise _bad_request("QUOTE_TEXT_INVALID")
        return target if target_chat.id == chat.id else None

    def _gate(self, chat: _Chat, method: str) -> None:
        """Blocked chats and flood control, checked after validation like Telegram does."""
        if method in _SEND_METHODS and chat.id in self._blocked:
            raise ApiError(403, self._blocked[chat.id])
        if self._rate_limit is not None and method in _RATE_LIMITED_METHODS:
            retry_after = self._rate_limit.check(chat)
            if retry_after is not None:
                self.rate_limited += 1
                raise _too_many_requests(retry_after)

    def _check_thread(self, chat: _Chat, params: JSONDict) -> None:
        if params.get("message_thread_id") is not None and not chat.is_forum:
            raise _bad_request("message thread not found")

    def _format(self, params: JSONDict, *, text_key: str = "text") -> tuple[str, list[JSONDict]]:
        return format_text(
            params.get(text_key),
            params.get("parse_mode"),
            params.get("entities"),
            strict_html=self.strict_html,
        )

    # ----------------------------------------------------------------------------------------
    # Update queue
    # ----------------------------------------------------------------------------------------

    def _wake_pollers(self) -> None:
        event, self._update_event = self._update_event, asyncio.Event()
        event.set()

    def _enqueue(self, payload: JSONDict, *, deliver: bool = True) -> JSONDict:
        update = {"update_id": self._next_update_id, **payload}
        self._next_update_id += 1
        self._push_cursor = len(self.calls)
        if deliver:
            self._queue.append(update)
            self._wake_pollers()
        else:
            self.undelivered.append(update)
        return update

    def _allowed(self, update: JSONDict) -> bool:
        kinds = [key for key in update if key != "update_id"]
        if self._allowed_updates:
            return any(kind in self._allowed_updates for kind in kinds)
        return not any(kind in _NOT_SENT_BY_DEFAULT for kind in kinds)

    def _confirm(self, offset: int | None) -> None:
        if not offset:
            return
        if offset < 0:
            self._queue = self._queue[offset:]
        else:
            self._queue = [update for update in self._queue if update["update_id"] >= offset]

    @property
    def pending_updates(self) -> list[JSONDict]:
        """Updates pushed but not yet confirmed by the bot (via getUpdates' offset)."""
        return copy.deepcopy(self._queue)

    # ----------------------------------------------------------------------------------------
    # Update injection
    # ----------------------------------------------------------------------------------------

    def push_update(self, update: JSONDict) -> JSONDict:
        """Queue an arbitrary update (raw Bot API JSON); ``update_id`` is assigned if missing."""
        update_id = update.get("update_id")
        if update_id is None:
            return self._enqueue(dict(update))
        if update_id < self._next_update_id:
            raise ValueError(f"update_id must be >= {self._next_update_id}")
        self._next_update_id = update_id
        return self._enqueue({key: value for key, value in update.items() if key != "update_id"})

    def _incoming_message(
        self,
        chat: _Chat,
        sender: JSONDict | None,
        text: str | None,
        reply_to_message_id: int | None,
        *,
        document: JSONDict | None = None,
    ) -> JSONDict:
        """A message a user sends: ``text``, or a ``document`` with ``text`` as its caption."""
        message: JSONDict = {"message_id": self._next_message_id(chat.id)}
        if sender is None:
            message["sender_chat"] = chat.to_json()
        else:
            message["from"] = sender
        message["chat"] = chat.to_json()
        message["date"] = int(time.time())
        if reply_to_message_id is not None:
            target = self._find_message(chat.id, reply_to_message_id)
            if target is None:
                raise ValueError(f"message {reply_to_message_id} does not exist in {chat.id}")
            message["reply_to_message"] = _without_reply(target)
        text_key, entities_key = (
            ("caption", "caption_entities") if document else ("text", "entities")
        )
        if document is not None:
            message["document"] = document
        if text is not None:
            message[text_key] = text
            command = _COMMAND.match(text)
            if command:
                message[entities_key] = [
                    {"type": "bot_command", "offset": 0, "length": command.end()}
                ]
        self._store(message)
        return message

    def _document(
        self, data: bytes, file_name: str | None, mime_type: str | None, caption: str | None
    ) -> JSONDict:
        """A Document object for a file a user sends, its bytes kept for getFile."""
        if not data:
            raise ValueError("Telegram does not accept empty files")
        if caption is not None and utf16_len(caption) > MAX_CAPTION_LENGTH:
            raise ValueError("a caption has at most 1024 characters")
        number = next(self._file_numbers)
        if mime_type is None and file_name:
            mime_type = mimetypes.guess_type(file_name)[0]
        suffix = file_name.rpartition(".")[2].lower() if file_name and "." in file_name else ""
        stored = _File(
            file_id=f"BQACAgIAAxkBAAI{number:06d}",
            file_unique_id=f"AgAD{number:06d}",
            data=bytes(data),
            path=f"documents/file_{number}" + (f".{suffix}" if suffix else ""),
            mime_type=mime_type,
        )
        self._files[stored.file_id] = stored
        document: JSONDict = {}
        if file_name is not None:
            document["file_name"] = file_name
        if mime_type is not None:
            document["mime_type"] = mime_type
        document.update(
            file_id=stored.file_id, file_unique_id=stored.file_unique_id, file_size=len(data)
        )
        return document

    def push_private_text(
        self,
        user_id: int,
        text: str,
        language_code: str = "vi",
        *,
        reply_to_message_id: int | None = None,
    ) -> JSONDict:
        """The user ``user_id`` writes ``text`` to the bot in their private chat."""
        user = self._user(user_id, language_code)
        chat = self._ensure_private(user_id)
        message = self._incoming_message(chat, user, text, reply_to_message_id)
        return self._enqueue({"message": copy.deepcopy(message)})

    def push_private_document(
        self,
        user_id: int,
        data: bytes,
        file_name: str | None,
        mime_type: str | None = None,
        *,
        caption: str | None = None,
        language_code: str = "vi",
    ) -> JSONDict:
        """The user ``user_id`` sends the bot a file (a ``document``) in their private chat.

        ``mime_type`` is guessed from ``file_name`` when omitted, as Telegram clients do; the bot
        reads the bytes through getFile and the file path it gives.
        """
        user = self._user(user_id, language_code)
        chat = self._ensure_private(user_id)
        document = self._document(data, file_name, mime_type, caption)
        message = self._incoming_message(chat, user, caption, None, document=document)
        return self._enqueue({"message": copy.deepcopy(message)})

    def push_group_text(
        self,
        chat_id: int,
        user_id: int,
        text: str,
        reply_to_message_id: int | None = None,
        language_code: str = "vi",
        *,
        title: str | None = None,
    ) -> JSONDict:
        """The user writes ``text`` in the group/supergroup ``chat_id``.

        With privacy mode on (and the bot not an admin) only commands and replies to the bot's
        messages are delivered; other messages land in :attr:`undelivered`.
        """
        user = self._user(user_id, language_code)
        chat = self._ensure_group(chat_id, title)
        self._members.setdefault(chat_id, set()).add(user_id)
        message = self._incoming_message(chat, user, text, reply_to_message_id)
        deliver = self._privacy_allows(chat, message)
        return self._enqueue({"message": copy.deepcopy(message)}, deliver=deliver)

    def push_group_document(
        self,
        chat_id: int,
        user_id: int,
        data: bytes,
        file_name: str | None,
        mime_type: str | None = None,
        *,
        caption: str | None = None,
        language_code: str = "vi",
        title: str | None = None,
    ) -> JSONDict:
        """The user sends a file in the group/supergroup ``chat_id``; privacy mode applies as
        for :meth:`push_group_text`, the caption read as the text."""
        user = self._user(user_id, language_code)
        chat = self._ensure_group(chat_id, title)
        self._members.setdefault(chat_id, set()).add(user_id)
        document = self._document(data, file_name, mime_type, caption)
        message = self._incoming_message(chat, user, caption, None, document=document)
        deliver = self._privacy_allows(chat, message)
        return self._enqueue({"message": copy.deepcopy(message)}, deliver=deliver)

    def _privacy_allows(self, chat: _Chat, message: JSONDict) -> bool:
        if not self.privacy_mode or self._bot_is_admin(chat.id):
            return True
        replied = message.get("reply_to_message")
        if replied is not None and replied.get("from", {}).get("id") == self.bot_id:
            return True
        text = message.get("text", message.get("caption", ""))
        prefix = _utf16_prefix(text)
        for entity in message.get("entities", message.get("caption_entities", [])):
            if entity["type"] != "bot_command":
                continue
            start = prefix.index(entity["offset"])
            end = prefix.index(entity["offset"] + entity["length"])
            command = text[start:end]
            _, _, addressee = command.partition("@")
            if not addressee or addressee.lower() == self.bot_username.lower():
                return True
        return False

    def push_callback(
        self,
        user_id: int,
        chat_id: int,
        message_id: int,
        data: str,
        *,
        language_code: str = "vi",
        check_button: bool = True,
    ) -> JSONDict:
        """The user presses an inline button with ``data`` under a message the bot sent.

        With ``check_button`` the message's current keyboard must contain that callback_data.
        """
        message = self._find_message(chat_id, message_id)
        if message is None or (chat_id, message_id) not in self._bot_message_keys:
            raise ValueError(f"the bot has no message {message_id} in chat {chat_id}")
        if check_button:
            buttons = [
                button.get("callback_data")
                for row in message.get("reply_markup", {}).get("inline_keyboard", [])
                for button in row
            ]
            if data not in buttons:
                raise ValueError(
                    f"message {message_id} in chat {chat_id} has no button with callback_data "
                    f"{data!r} (buttons: {buttons})"
                )
        user = self._user(user_id, language_code)
        query_id = str(next(self._query_ids))
        query = {
            "id": query_id,
            "from": user,
            "message": copy.deepcopy(message),
            "chat_instance": str(-abs(chat_id) * 7919 % 10**19),
            "data": data,
        }
        update = self._enqueue({"callback_query": query})
        self._queries[query_id] = _OpenQuery("callback", update, time.monotonic())
        return update

    def push_inline_query(
        self,
        user_id: int,
        query: str,
        *,
        offset: str = "",
        chat_type: str | None = "sender",
        language_code: str = "vi",
    ) -> JSONDict:
        """The user types ``@bot query`` in some chat."""
        user = self._user(user_id, language_code)
        query_id = str(next(self._query_ids))
        inline_query: JSONDict = {"id": query_id, "from": user, "query": query, "offset": offset}
        if chat_type is not None:
            inline_query["chat_type"] = chat_type
        update = self._enqueue({"inline_query": inline_query})
        self._queries[query_id] = _OpenQuery("inline", update, time.monotonic())
        return update

    def push_my_chat_member(
        self,
        chat_id: int,
        from_user_id: int,
        *,
        old_status: str = "left",
        new_status: str = "member",
        title: str | None = None,
    ) -> JSONDict:
        """The bot's own membership changes (added to a group, blocked by a user, ...).

        Side effects mirror Telegram: a private ``kicked`` blocks the chat, leaving/being kicked
        from a group makes sends fail with 403, becoming a member/admin lifts that.
        """
        user = self._user(from_user_id, None)
        chat = self._ensure_private(chat_id) if chat_id > 0 else self._chats.get(chat_id)
        if chat is None:
            self.add_chat(chat_id, title=title)
            chat = self._chats[chat_id]
        if new_status in ("member", "administrator"):
            self.unblock_chat(chat_id)
            admins = self._admins.setdefault(chat_id, {})
            if new_status == "administrator":
                admins[self.bot_id] = "administrator"
            else:
                admins.pop(self.bot_id, None)
        elif chat.type == "private":
            self.block_chat(chat_id)
        else:
            reason = "kicked from" if new_status == "kicked" else "not a member of"
            self.block_chat(chat_id, f"Forbidden: bot was {reason} the {chat.type} chat")
        change = {
            "chat": chat.to_json(),
            "from": user,
            "date": int(time.time()),
            "old_chat_member": _member_json(self.bot_user, old_status),
            "new_chat_member": _member_json(self.bot_user, new_status),
        }
        return self._enqueue({"my_chat_member": change})

    # ----------------------------------------------------------------------------------------
    # Inspection
    # ----------------------------------------------------------------------------------------

    def sent(self, chat_id: int | None = None, *, include_deleted: bool = False) -> list[JSONDict]:
        """Messages the bot sent, oldest first, in their current (edited) state."""
        result: list[JSONDict] = []
        for key in self._bot_messages:
            if chat_id is not None and key[0] != chat_id:
                continue
            message = self._find_message(*key)
            if message is None and include_deleted:
                message = self._deleted.get(key)
            if message is not None:
                result.append(copy.deepcopy(message))
        return result

    def last_sent(self, chat_id: int | None = None) -> JSONDict:
        """The most recent message the bot sent (to ``chat_id``); AssertionError if none."""
        messages = self.sent(chat_id)
        assert messages, f"the bot sent no message{'' if chat_id is None else f' to {chat_id}'}"
        return messages[-1]

    def message(self, chat_id: int, message_id: int) -> JSONDict | None:
        """Current state of any message (user's or bot's) in a chat; None if unknown/deleted."""
        message = self._find_message(chat_id, message_id)
        return copy.deepcopy(message) if message is not None else None

    def get_commands(
        self, scope: JSONDict | None = None, language_code: str = ""
    ) -> list[JSONDict]:
        """Commands stored by setMyCommands for exactly this scope and language."""
        key = (self._scope_key(scope or {"type": "default"}), language_code)
        return copy.deepcopy(self.commands.get(key, []))

    def calls_for(self, method: str, *, ok_only: bool = False) -> list[Call]:
        """Recorded calls of ``method`` (case-insensitive)."""
        return [
            call
            for call in self.calls
            if call.method.lower() == method.lower() and (call.ok or not ok_only)
        ]

    def mark(self) -> int:
        """A cursor for :meth:`wait_for`: only requests received after this point match."""
        return len(self.calls)

    async def wait_for_call(
        self,
        method: str,
        predicate: Predicate | None = None,
        timeout: float = 5.0,
        *,
        after: int | None = None,
        ok_only: bool = False,
    ) -> Call:
        """Like :meth:`wait_for` but returns the whole :class:`Call` (params and response)."""
        start = self._push_cursor if after is None else after
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            # Answered calls only; a pending long poll must not hide later requests.
            for call in self.calls[start:]:
                if call.status is not None and self._call_matches(call, method, predicate, ok_only):
                    return call
            remaining = deadline - loop.time()
            if remaining <= 0:
                seen = [
                    (call.method, call.params)
                    for call in self.calls[start:]
                    if call.method != "getUpdates"
                ]
                raise TimeoutError(
                    f"no matching {method} request within {timeout}s; received since cursor "
                    f"{start}: {seen}"
                )
            event = self._request_event
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), remaining)

    @staticmethod
    def _call_matches(call: Call, method: str, predicate: Predicate | None, ok_only: bool) -> bool:
        if call.method.lower() != method.lower() or (ok_only and not call.ok):
            return False
        if predicate is None:
            return True
        try:
            return bool(predicate(call.params))
        except (KeyError, IndexError, TypeError):  # e.g. p["chat_id"] on a call without one
            return False

    async def wait_for(
        self,
        method: str,
        predicate: Predicate | None = None,
        timeout: float = 5.0,
        *,
        after: int | None = None,
        ok_only: bool = False,
    ) -> JSONDict:
        """Wait for a request of ``method`` whose params satisfy ``predicate``; return params.

        Only requests received after the cursor ``after`` (from :meth:`mark`) are considered;
        by default the cursor is the moment of the latest ``push_*`` call, so
        ``fake.push_private_text(...)`` followed by ``await fake.wait_for("sendMessage")``
        returns the bot's reaction to that push. Requests are matched once answered (the store
        already reflects them). ``ok_only`` skips requests that got an error. Raises
        :class:`TimeoutError` listing what was received instead.
        """
        call = await self.wait_for_call(method, predicate, timeout, after=after, ok_only=ok_only)
        return call.params

    # ----------------------------------------------------------------------------------------
    # Bot API methods: bot, updates, webhook
    # ----------------------------------------------------------------------------------------

    async def _get_me(self, params: JSONDict) -> JSONDict:
        return {
            **self.bot_user,
            "can_join_groups": True,
            "can_read_all_group_messages": not self.privacy_mode,
            "supports_inline_queries": True,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    async def _get_updates(self, params: JSONDict) -> list[JSONDict]:
        if self.webhook_url:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; use "
                "deleteWebhook to delete the webhook first",
            )
        offset = _int_param(params, "offset")
        limit = min(max(_int_param(params, "limit") or 100, 1), 100)
        try:
            timeout = max(float(params.get("timeout") or 0), 0.0)
        except (TypeError, ValueError):
            raise _bad_request("invalid timeout specified") from None
        allowed = _json_param(params, "allowed_updates", list)
        if allowed is not None:
            self._allowed_updates = [str(kind) for kind in allowed]
        self._confirm(offset)
        self._poll_generation += 1
        generation = self._poll_generation
        self._wake_pollers()  # terminates a concurrent long poll, as Telegram does
        loop = asyncio.get_running_loop()
        deadline = loop.time() + min(timeout, self.long_poll_cap)
        while True:
            self._queue = [update for update in self._queue if self._allowed(update)]
            if self._queue:
                return copy.deepcopy(self._queue[:limit])
            if generation != self._poll_generation:
                raise ApiError(
                    409,
                    "Conflict: terminated by other getUpdates request; make sure that only one "
                    "bot instance is running",
                )
            remaining = deadline - loop.time()
            if remaining <= 0 or self._closing:
                return []
            event = self._update_event
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), remaining)

    async def _set_webhook(self, params: JSONDict) -> _Reply:
        url = _str_param(params, "url") or ""
        if url:
            parts = urlsplit(url)
            if parts.scheme != "https" or not parts.hostname:
                raise _bad_request("bad webhook: An HTTPS URL must be provided for webhook")
            if parts.port not in (None, 80, 88, 443, 8443):
                raise _bad_request(
                    "bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443"
                )
        secret = _str_param(params, "secret_token")
        if secret is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", secret):
            raise _bad_request("secret token contains unallowed characters")
        allowed = _json_param(params, "allowed_updates", list)
        if allowed is not None:
            self._allowed_updates = [str(kind) for kind in allowed]
        if _bool_param(params, "drop_pending_updates"):
            self._queue.clear()
        self.webhook_url = url
        return _Reply(True, "Webhook was set" if url else "Webhook was deleted")

    async def _delete_webhook(self, params: JSONDict) -> _Reply:
        if _bool_param(params, "drop_pending_updates"):
            self._queue.clear()
        was_set, self.webhook_url = bool(self.webhook_url), ""
        return _Reply(True, "Webhook was deleted" if was_set else "Webhook is already deleted")

    async def _get_webhook_info(self, params: JSONDict) -> JSONDict:
        info: JSONDict = {
            "url": self.webhook_url,
            "has_custom_certificate": False,
            "pending_update_count": len(self._queue),
        }
        if self.webhook_url and self._allowed_updates:
            info["allowed_updates"] = list(self._allowed_updates)
        return info

    # ----------------------------------------------------------------------------------------
    # Bot API methods: commands, descriptions, menu button
    # ----------------------------------------------------------------------------------------

    def _scope_key(self, scope: Any) -> str:
        if not isinstance(scope, dict):
            raise _bad_request("can't parse BotCommandScope JSON object")
        kind = scope.get("type")
        normalized: JSONDict = {"type": kind}
        if kind in ("chat", "chat_administrators", "chat_member"):
            normalized["chat_id"] = self._resolve_chat(scope.get("chat_id")).id
            if kind == "chat_member":
                normalized["user_id"] = _int_param(scope, "user_id", missing="user not found")
        elif kind not in (
            "default",
            "all_private_chats",
            "all_group_chats",
            "all_chat_administrators",
        ):
            raise _bad_request("wrong bot command scope type specified")
        return json.dumps(normalized, sort_keys=True, separators=(",", ":"))

    def _commands_key(self, params: JSONDict) -> tuple[str, str]:
        scope = _json_param(params, "scope", dict) or {"type": "default"}
        language = _str_param(params, "language_code") or ""
        if language and not re.fullmatch(r"[a-z]{2}", language):
            raise _bad_request("invalid language code specified")
        return self._scope_key(scope), language

    async def _set_my_commands(self, params: JSONDict) -> bool:
        commands = _json_param(params, "commands", list)
        if commands is None:
            raise _bad_request("can't parse commands JSON object")
        if len(commands) > MAX_COMMANDS:
            raise _bad_request("BOT_COMMANDS_TOO_MUCH")
        seen: set[str] = set()
        validated: list[JSONDict] = []
        for command in commands:
            if not isinstance(command, dict):
                raise _bad_request("can't parse BotCommand: BotCommand must be an Object")
            name, description = command.get("command"), command.get("description")
            if (
                not isinstance(name, str)
                or not re.fullmatch(r"[a-z0-9_]{1,32}", name)
                or name in seen
            ):
                raise _bad_request("BOT_COMMAND_INVALID")
            if not isinstance(description, str) or not 1 <= len(description.strip()) <= 256:
                raise _bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
            seen.add(name)
            validated.append({"command": name, "description": description})
        key = self._commands_key(params)
        if validated:
            self.commands[key] = validated
        else:
            self.commands.pop(key, None)
        return True

    # ----------------------------------------------------------------------------------------
    # Bot API methods: messages
    # ----------------------------------------------------------------------------------------

    async def _send_message(self, params: JSONDict) -> JSONDict:
        chat = self._resolve_chat(params.get("chat_id"), for_send=True)
        self._check_thread(chat, params)
        text, entities = self._format(params)
        markup = validate_reply_markup(
            params.get("reply_markup"), chat_type=chat.type, strict_buttons=self.strict_buttons
        )
        if params.get("link_preview_options") is not None:
            _json_param(params, "link_preview_options", dict)
        reply_to = self._reply_target(chat, params)
        self._gate(chat, "sendMessage")
        return self._store_bot_message(
            chat, text=text, entities=entities, reply_markup=markup, reply_to=reply_to
        )

    def _editable_message(self, params: JSONDict) -> tuple[_Chat | None, JSONDict]:
        """The message an edit addresses: (chat, message) or (None, inline message)."""
        inline_id = _str_param(params, "inline_message_id")
        if inline_id:
            return None, self._inline_messages.setdefault(inline_id, {"text": ""})
        chat = self._resolve_chat(params.get("chat_id"))
        message_id = _int_param(params, "message_id", missing="message identifier is not specified")
        message = self._find_message(chat.id, message_id or 0)
        if message is None:
            raise _bad_request("message to edit not found")
        if (chat.id, message["message_id"]) not in self._bot_message_keys:
            raise _bad_request("message can't be edited")
        return chat, message

    def _apply_edit(self, chat: _Chat | None, message: JSONDict, changes: JSONDict) -> Any:
        if chat is None:
            message.update(changes)
            return True
        for name in ("entities", "reply_markup"):
            if not changes.get(name):
                message.pop(name, None)
        message.update({name: value for name, value in changes.items() if value})
        message["edit_date"] = int(time.time())
        return copy.deepcopy(message)

    async def _edit_message_text(self, params: JSONDict) -> Any:
        chat, message = self._editable_message(params)
        text, entities = self._format(params)
        markup = validate_reply_markup(
            params.get("reply_markup"),
            chat_type=chat.type if chat else None,
            inline_only=True,
            strict_buttons=self.strict_buttons,
        )
        if chat is not None:
            unchanged = (
                message.get("text") == text
                and message.get("entities", []) == entities
                and message.get("reply_markup") == markup
            )
            if unchanged:
                raise _bad_request(NOT_MODIFIED)
            self._gate(chat, "editMessageText")
        changes: JSONDict = {"text": text, "entities": entities, "reply_markup": markup}
        return self._apply_edit(chat, message, changes)

    def _source_message(self, params: JSONDict, what: str) -> tuple[_Chat, JSONDict]:
        source_chat = self._resolve_chat(params.get("from_chat_id"), name="from_chat_id")
        message_id = _int_param(params, "message_id", missing="message identifier is not specified")
        source = self._find_message(source_chat.id, message_id or 0)
        if source is None:
            raise _bad_request(f"message to {what} not found")
        return source_chat, source

    async def _copy_message(self, params: JSONDict) -> JSONDict:
        chat = self._resolve_chat(params.get("chat_id"), for_send=True)
        self._check_thread(chat, params)
        _, source = self._source_message(params, "copy")
        if "text" not in source:
            raise _bad_request("message can't be copied")
        if params.get("caption") is not None:  # validated, but text messages have no caption
            format_text(
                params["caption"],
                params.get("parse_mode"),
                params.get("caption_entities"),
                strict_html=self.strict_html,
                limit=MAX_CAPTION_LENGTH,
                too_long_error="message caption is too long",
            )
        markup = validate_reply_markup(
            params.get("reply_markup"), chat_type=chat.type, strict_buttons=self.strict_buttons
        )
        reply_to = self._reply_target(chat, params)
        self._gate(chat, "copyMessage")
        copied = self._store_bot_message(
            chat,
            text=source["text"],
            entities=copy.deepcopy(source.get("entities", [])),
            reply_markup=markup,
            reply_to=reply_to,
        )
        return {"message_id": copied["message_id"]}

    async def _send_poll(self, params: JSONDict) -> JSONDict:
        chat = self._resolve_chat(params.get("chat_id"), for_send=True)
        self._check_thread(chat, params)
        question, question_entities = format_text(
            params.get("question"),
            params.get("question_parse_mode"),
            params.get("question_entities"),
            strict_html=self.strict_html,
            limit=MAX_POLL_QUESTION_LENGTH,
            empty_error="poll question must be non-empty",
            too_long_error="poll question length must not exceed 300",
        )
        raw_options = _json_param(params, "options", list)
        if raw_options is None or len(raw_options) < MIN_POLL_OPTIONS:
            raise _bad_request("poll must have at least 2 option")
        if len(raw_options) > MAX_POLL_OPTIONS:
            raise _bad_request("poll can't have more than 10 options")
        options = []
        for raw in raw_options:
            option = raw if isinstance(raw, dict) else {"text": raw}
            text, _ = format_text(
                option.get("text"),
                option.get("text_parse_mode"),
                option.get("text_entities"),
                strict_html=self.strict_html,
                limit=MAX_POLL_OPTION_LENGTH,
                empty_error="poll options must be non-empty",
                too_long_error="poll options length must not exceed 100",
            )
            # Bot API 9.6: every option has a persistent id that answers refer to.
            options.append({"persistent_id": str(len(options)), "text": text, "voter_count": 0})
        kind = params.get("type") or "regular"
        if kind not in ("regular", "quiz"):
            raise _bad_request("poll type is invalid")
        anonymous = (
            True if params.get("is_anonymous") is None else _bool_param(params, "is_anonymous")
        )
        if chat.type == "channel" and not anonymous:
            raise _bad_request("non-anonymous polls can't be sent to channel chats")
        poll: JSONDict = {
            "id": str(next(self._poll_ids)),
            "question": question,
            "options": options,
            "total_voter_count": 0,
            "is_closed": False,
            "is_anonymous": anonymous,
            "type": kind,
            "allows_multiple_answers": False,
            "allows_revoting": False,  # a quiz answer is final
            "members_only": False,
        }
        if question_entities:
            poll["question_entities"] = question_entities
        if kind == "quiz":
            if _bool_param(params, "allows_multiple_answers"):
                raise _bad_request("quiz poll can't allow multiple answers")
            # Bot API 9.6: correct_option_ids (a list); correct_option_id is the older form.
            ids = _json_param(params, "correct_option_ids", list)
            if ids is None and params.get("correct_option_id") is not None:
                ids = [_int_param(params, "correct_option_id")]
            if (
                not ids
                or len(ids) != 1
                or not all(isinstance(i, int) and 0 <= i < len(options) for i in ids)
            ):
                raise _bad_request("wrong correct option ID specified")
            poll["correct_option_ids"] = list(ids)
            if params.get("explanation") is not None:
                explanation, explanation_entities = format_text(
                    params["explanation"],
                    params.get("explanation_parse_mode"),
                    params.get("explanation_entities"),
                    strict_html=self.strict_html,
                    limit=MAX_POLL_EXPLANATION_LENGTH,
                    too_long_error="poll explanation is too long",
                )
                poll["explanation"] = explanation
                if explanation_entities:
                    poll["explanation_entities"] = explanation_entities
        elif any(
            params.get(name) is not None
            for name in ("correct_option_id", "correct_option_ids", "explanation")
        ):
            raise _bad_request("correct option and explanation are only for quizzes")
        reply_to = self._reply_target(chat, params)
        self._gate(chat, "sendPoll")
        message: JSONDict = {"message_id": self._next_message_id(chat.id)}
        if chat.type == "channel":
            message["sender_chat"] = chat.to_json()
        else:
            message["from"] = self.bot_user
        message["chat"] = chat.to_json()
        message["date"] = int(time.time())
        if reply_to is not None:
            message["reply_to_message"] = _without_reply(reply_to)
        message["poll"] = poll
        self._store(message)
        self._bot_messages.append((chat.id, message["message_id"]))
        self._bot_message_keys.add((chat.id, message["message_id"]))
        self.polls[poll["id"]] = (chat.id, poll, set())
        return copy.deepcopy(message)

    async def _send_photo(self, params: JSONDict) -> JSONDict:
        chat = self._resolve_chat(params.get("chat_id"), for_send=True)
        self._check_thread(chat, params)
        photo = params.get("photo")
        if not isinstance(photo, dict) or not isinstance(photo.get("data"), bytes):
            # Only uploads are supported: no file ids or URLs are known to this fake.
            raise _bad_request("wrong file identifier/HTTP URL specified")
        data: bytes = photo["data"]
        if len(data) > MAX_PHOTO_BYTES:
            raise ApiError(413, "Request Entity Too Large")
        if data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR":
            width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
        elif data[:3] == b"\xff\xd8\xff":
            width, height = 1, 1  # JPEG dimensions are not parsed; nothing the bot sends
        else:
            raise _bad_request("IMAGE_PROCESS_FAILED")
        if width + height > MAX_PHOTO_SIDES or max(width, height) > MAX_PHOTO_RATIO * min(
            width, height
        ):
            raise _bad_request("PHOTO_INVALID_DIMENSIONS")
        caption, caption_entities = (None, [])
        if params.get("caption") is not None:
            caption, caption_entities = format_text(
                params["caption"],
                params.get("parse_mode"),
                params.get("caption_entities"),
                strict_html=self.strict_html,
                limit=MAX_CAPTION_LENGTH,
                too_long_error="message caption is too long",
            )
        reply_to = self._reply_target(chat, params)
        self._gate(chat, "sendPhoto")
        message: JSONDict = {"message_id": self._next_message_id(chat.id)}
        if chat.type == "channel":
            message["sender_chat"] = chat.to_json()
        else:
            message["from"] = self.bot_user
        message["chat"] = chat.to_json()
        message["date"] = int(time.time())
        if reply_to is not None:
            message["reply_to_message"] = _without_reply(reply_to)
        file_id = f"photo-{chat.id}-{message['message_id']}"
        message["photo"] = [
            {
                "file_id": file_id,
                "file_unique_id": file_id,
                "width": width,
                "height": height,
                "file_size": len(data),
            }
        ]
        if caption is not None:
            message["caption"] = caption
            if caption_entities:
                message["caption_entities"] = caption_entities
        self._store(message)
        self._bot_messages.append((chat.id, message["message_id"]))
        self._bot_message_keys.add((chat.id, message["message_id"]))
        self.photos.append((chat.id, data))
        return copy.deepcopy(message)

    def sent_polls(self, chat_id: int | None = None) -> list[JSONDict]:
        """The polls the bot sent, oldest first (optionally only those in ``chat_id``)."""
        return [
            copy.deepcopy(poll)
            for chat, poll, _ in self.polls.values()
            if chat_id is None or chat == chat_id
        ]

    def push_poll_answer(self, poll_id: str, user_id: int, option_ids: list[int]) -> JSONDict:
        """The user ``user_id`` answers a poll the bot sent; Telegram sends ``poll_answer``
        updates only for non-anonymous polls, and a quiz can be answered only once."""
        if poll_id not in self.polls:
            raise ValueError(f"no poll {poll_id}")
        _, poll, voters = self.polls[poll_id]
        if poll["is_anonymous"]:
            raise ValueError("anonymous polls send no poll_answer updates")
        if user_id in voters and poll["type"] == "quiz":
            raise ValueError("a quiz poll can be answered only once")
        if len(option_ids) != 1 or not 0 <= option_ids[0] < len(poll["options"]):
            raise ValueError("one valid option id is expected")
        voters.add(user_id)
        poll["options"][option_ids[0]]["voter_count"] += 1
        poll["total_voter_count"] += 1
        user = self._user(user_id, None)
        return self._enqueue(
            {
                "poll_answer": {
                    "poll_id": poll_id,
                    "user": user,
                    "option_ids": list(option_ids),
                    "option_persistent_ids": [
                        poll["options"][i]["persistent_id"] for i in option_ids
                    ],
                }
            }
        )

    # ----------------------------------------------------------------------------------------
    # Bot API methods: queries
    # ----------------------------------------------------------------------------------------

    def _open_query(self, params: JSONDict, name: str, kind: str) -> _OpenQuery:
        query_id = _str_param(params, name)
        query = self._queries.get(query_id or "")
        if query is None or query.kind != kind or query.answered:
            raise _bad_request(QUERY_TOO_OLD)
        if self.query_expiry is not None and time.monotonic() - query.created > self.query_expiry:
            raise _bad_request(QUERY_TOO_OLD)
        return query

    async def _answer_callback_query(self, params: JSONDict) -> bool:
        query = self._open_query(params, "callback_query_id", "callback")
        text = _str_param(params, "text")
        if text is not None and len(text) > MAX_CALLBACK_ANSWER_LENGTH:
            raise _bad_request("MESSAGE_TOO_LONG")
        url = _str_param(params, "url")
        if url and not _is_valid_button_url(url):
            raise _bad_request("URL_INVALID")
        query.answered = True
        self.callback_answers.append(
            {
                "callback_query_id": query.update["callback_query"]["id"],
                "text": text,
                "show_alert": _bool_param(params, "show_alert"),
                "url": url,
                "cache_time": _int_param(params, "cache_time"),
                "callback_query": copy.deepcopy(query.update["callback_query"]),
            }
        )
        return True

    def _validate_inline_result(self, result: Any, ids: set[str]) -> JSONDict:
        if not isinstance(result, dict):
            raise _bad_request("can't parse inline query result: result must be an Object")
        result_id = result.get("id")
        if not isinstance(result_id, str) or not (
            1 <= len(result_id.encode("utf-8")) <= MAX_INLINE_RESULT_ID_BYTES
        ):
            raise _bad_request("RESULT_ID_INVALID")
        if result_id in ids:
            raise _bad_request("RESULT_ID_DUPLICATE")
        ids.add(result_id)
        kind = result.get("type")
        if kind not in (
            "article",
            "photo",
            "gif",
            "mpeg4_gif",
            "video",
            "audio",
            "voice",
            "document",
            "location",
            "venue",
            "contact",
            "game",
            "sticker",
        ):
            raise _bad_request("RESULT_TYPE_INVALID")
        if kind == "article" and not (isinstance(result.get("title"), str) and result["title"]):
            raise _bad_request("RESULT_TITLE_EMPTY")
        content = result.get("input_message_content")
        if kind == "article" and content is None:
            raise _bad_request(
                'can\'t parse inline query result: Field "input_message_content" must be of '
                "type Object"
            )
        if content is not None:
            if not isinstance(content, dict):
                raise _bad_request("can't parse InputMessageContent: must be an Object")
            if "message_text" in content:
                if not content["message_text"]:
                    raise _bad_request("MESSAGE_EMPTY")
                format_text(
                    content["message_text"],
                    content.get("parse_mode"),
                    content.get("entities"),
                    strict_html=self.strict_html,
                    empty_error="MESSAGE_EMPTY",
                    too_long_error="MESSAGE_TOO_LONG",
                )
        validate_reply_markup(
            result.get("reply_markup"), inline_only=True, strict_buttons=self.strict_buttons
        )
        return result

    async def _answer_inline_query(self, params: JSONDict) -> bool:
        query = self._open_query(params, "inline_query_id", "inline")
        results = _json_param(params, "results", list)
        if results is None:
            raise _bad_request("can't parse inline query results JSON object")
        if len(results) > MAX_INLINE_RESULTS:
            raise _bad_request("RESULTS_TOO_MUCH")
        ids: set[str] = set()
        validated = [self._validate_inline_result(result, ids) for result in results]
        next_offset = _str_param(params, "next_offset") or ""
        if len(next_offset.encode("utf-8")) > 64:
            raise _bad_request("NEXT_OFFSET_INVALID")
        button = _json_param(params, "button", dict)
        if button is not None:
            start = button.get("start_parameter")
            if not button.get("text") or (
                start is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,64}", str(start))
            ):
                raise _bad_request("BUTTON_INVALID")
        query.answered = True
        self.inline_answers.append(
            {
                "inline_query_id": query.update["inline_query"]["id"],
                "results": validated,
                "cache_time": _int_param(params, "cache_time"),
                "is_personal": _bool_param(params, "is_personal"),
                "next_offset": next_offset,
                "button": button,
                "inline_query": copy.deepcopy(query.update["inline_query"]),
            }
        )
        return True

    # ----------------------------------------------------------------------------------------
    # Bot API methods: files
    # ----------------------------------------------------------------------------------------

    async def _get_file(self, params: JSONDict) -> JSONDict:
        file_id = _str_param(params, "file_id")
        if not file_id:
            raise _bad_request("file_id not specified")
        stored = self._files.get(file_id)
        if stored is None:
            raise _bad_request("invalid file_id")
        if len(stored.data) > MAX_DOWNLOAD_BYTES:
            raise _bad_request("file is too big")
        self._file_paths[stored.path] = file_id
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.data),
            "file_path": stored.path,
        }

    # ----------------------------------------------------------------------------------------
    # Bot API methods: chats and members
    # ----------------------------------------------------------------------------------------

    async def _get_chat(self, params: JSONDict) -> JSONDict:
        chat = self._resolve_chat(params.get("chat_id"))
        return {
            **chat.to_json(),
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": False,
                "limited_gifts": False,
                "unique_gifts": False,
                "premium_subscription": False,
                "gifts_from_channels": False,
            },
        }

    def _member_status(self, chat: _Chat, user_id: int) -> str:
        if chat.type == "private":
            return "member" if user_id in (chat.id, self.bot_id) else "left"
        admins = self._admins.get(chat.id, {})
        if user_id in admins:
            return admins[user_id]
        if user_id == self.bot_id:
            return "left" if chat.id in self._blocked else "member"
        return "member" if user_id in self._members.get(chat.id, set()) else "left"

    async def _get_chat_member(self, params: JSONDict) -> JSONDict:
        chat = self._resolve_chat(params.get("chat_id"))
        user_id = _int_param(params, "user_id", missing="invalid user_id specified")
        assert user_id is not None
        if user_id == self.bot_id:
            user = self.bot_user
        elif user_id in self._users:
            user = copy.deepcopy(self._users[user_id])
        else:
            raise _bad_request("user not found")
        return _member_json(user, self._member_status(chat, user_id))
