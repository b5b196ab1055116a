"""Shared test helpers: build a real fact table from a seeds directory in a temp path."""

from __future__ import annotations

import asyncio
from pathlib import Path

from bot.engine.answer import Engine
from bot.storage.corpus import open_corpus

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


async def abuild_engine(db_path: Path, seeds: Path = SEEDS) -> Engine:
    """The engine over `seeds`, built through the real SQLite store at `db_path`."""
    store, engine = await open_corpus(db_path, seeds)
    await store.close()
    return engine


def build_engine(db_path: Path, seeds: Path = SEEDS) -> Engine:
    """`abuild_engine` for synchronous fixtures."""
    return asyncio.run(abuild_engine(db_path, seeds))


def engine_of_article(root: Path, name: str, text: str) -> Engine:
    """The engine over one article of a test's own, saved as `seeds/<name>.txt` under `root`."""
    (root / "seeds").mkdir()
    (root / "seeds" / f"{name}.txt").write_text(text, encoding="utf-8")
    return build_engine(root / "bot.sqlite3", root / "seeds")


ARTICLE_WITH_NEW_FACTS = """Việt Nam và Brazil tăng cường hợp tác

Ngày đăng: 05/03/2024

Sáng nay (5/3), tại Hà Nội, Bộ trưởng Ngoại giao Bùi Thanh Sơn hội đàm với Bộ trưởng Ngoại giao Brazil Mauro Vieira.

Hai bên nhất trí nâng cấp quan hệ Việt Nam-Brazil lên Đối tác chiến lược năm 2024.

Kim ngạch thương mại song phương đạt gần 7 tỷ USD trong năm 2023, tăng 12% so với năm trước.

Bộ trưởng Bùi Thanh Sơn nêu 3 ưu tiên hợp tác:

Thúc đẩy thương mại và đầu tư;

Mở rộng hợp tác nông nghiệp;

Tăng cường giao lưu nhân dân.

Đọc thêm

Giá lúa gạo tăng mạnh tại Đồng Tháp trong tuần qua

Giá lúa gạo tăng mạnh tại Đồng Tháp trong tuần qua, đạt 9.000 đồng mỗi kg.
"""
