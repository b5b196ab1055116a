"""Admins change the corpus from Telegram, end to end: the real Application on the fake Bot API.

This first part checks the fake's side of it: the files users send, getFile and the downloads.
"""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest
from conftest import BOT_TOKEN
from fake_telegram import MAX_DOWNLOAD_BYTES, FakeTelegram

USER = 4242


# -- the fake's files --------------------------------------------------------------------------


async def test_the_fake_serves_a_file_only_through_get_file() -> None:
    async with FakeTelegram(token=BOT_TOKEN) as fake, aiohttp.ClientSession() as http:

        async def call(method: str, **params: Any) -> tuple[int, Any]:
            async with http.post(f"{fake.api_url}/{method}", data=params) as response:
                return response.status, await response.json()

        async def download(path: str, token: str = BOT_TOKEN) -> tuple[int, bytes]:
            async with http.get(f"{fake.base_file_url}{token}/{path}") as response:
                return response.status, await response.read()

        update = fake.push_private_document(USER, b"hello", "a.txt")
        document = update["message"]["document"]
        assert document["file_name"] == "a.txt" and document["mime_type"] == "text/plain"
        assert document["file_size"] == 5 and "text" not in update["message"]

        status, _ = await download("documents/file_1.txt")
        assert status == 404  # no getFile yet
        assert await call("getFile") == (
            400,
            {"ok": False, "error_code": 400, "description": "Bad Request: file_id not specified"},
        )
        status, body = await call("getFile", file_id="nope")
        assert (status, body["description"]) == (400, "Bad Request: invalid file_id")

        status, body = await call("getFile", file_id=document["file_id"])
        assert status == 200
        path = body["result"]["file_path"]
        assert body["result"]["file_size"] == 5
        assert await download(path) == (200, b"hello")
        assert (await download(path, "999:WRONG"))[0] == 401
        assert fake.downloads == [path]

        big = fake.push_private_document(USER, b"x" * (MAX_DOWNLOAD_BYTES + 1), "big.txt")
        status, body = await call("getFile", file_id=big["message"]["document"]["file_id"])
        assert (status, body["description"]) == (400, "Bad Request: file is too big")
        with pytest.raises(ValueError, match="empty"):
            fake.push_private_document(USER, b"", "empty.txt")
        assert fake.internal_errors == []
