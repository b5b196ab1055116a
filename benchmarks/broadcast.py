"""Broadcast benchmark: throughput against Telegram's 30-a-second limit, 429s met, memory, and the
exactly-once check after a kill at a random point.

Run from the project root:

    .venv/bin/python benchmarks/broadcast.py [--subscribers 10000] [--kill-recipients 600]

A local fake Bot API (tests/fake_telegram.py, on 127.0.0.1) enforces the limits with 429s: 30
messages in any one-second window overall and one a second per chat. The bot's real delivery code
(bot.telegram.broadcast: SQLite outbox, retries) sends through python-telegram-bot's ExtBot with the
bot's one rate limiter (bot.telegram.pacing.Pacer), as the running bot does. The kill
check runs delivery in a child process, SIGKILLs it at a random moment, starts it again, and
counts what each recipient received.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import resource
import signal
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from fake_telegram import FakeTelegram  # noqa: E402
from telegram.ext import ExtBot  # noqa: E402

from bot.storage.store import Store  # noqa: E402
from bot.telegram.broadcast import Broadcaster, Outbox  # noqa: E402
from bot.telegram.pacing import Pacer  # noqa: E402

TOKEN = "123456:AAE-fake-token-for-benchmarks_012345"
CEILING = 30.0


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def prepare(db: Path, chats: list[int]) -> int:
    """Subscribers and one broadcast to all of them, written before anything is sent."""
    async with Store(db) as store:
        async with store.transaction() as tx:
            await tx.executemany(
                "INSERT INTO subscriptions VALUES (?, 'private', 1, 0, 0, NULL)",
                [(c,) for c in chats],
            )
        broadcast_id = await Outbox(store).create("announcement", chats, text="Bản tin thử")
    assert broadcast_id is not None
    return broadcast_id


async def deliver(db: Path, base_url: str, broadcast_id: int, rate: float) -> tuple[int, int]:
    """Deliver (or resume) one broadcast; (messages sent, RetryAfter met)."""
    pacer = Pacer(per_second=rate)
    async with Store(db) as store, ExtBot(TOKEN, base_url=base_url, rate_limiter=pacer) as bot:
        broadcaster = Broadcaster(store, pacer)

        async def send(chat_id: int) -> object:
            return await bot.send_message(chat_id, "Bản tin thử")

        counts = await broadcaster.deliver(broadcast_id, send)
        return counts.sent, pacer.retry_after_seen + broadcaster.retry_after_seen


@asynccontextmanager
async def limited_api(chats: list[int]) -> AsyncIterator[tuple[FakeTelegram, Path, int]]:
    """A fake Bot API that enforces Telegram's limits, and a broadcast to `chats` written to a
    fresh database: (fake, database, broadcast id)."""
    async with FakeTelegram(token=TOKEN, long_poll_cap=0.1) as fake:
        for chat in chats:
            fake.add_chat(chat)
        fake.rate_limit(per_second=int(CEILING), per_chat_per_second=1)
        with tempfile.TemporaryDirectory() as tmp:
            db = Path(tmp) / "bench.sqlite3"
            yield fake, db, await prepare(db, chats)


async def throughput(subscribers: int, rate: float) -> dict[str, float]:
    chats = list(range(1_000_001, 1_000_001 + subscribers))
    async with limited_api(chats) as (fake, db, broadcast_id):
        started = time.perf_counter()
        sent, retry_after = await deliver(db, fake.base_url, broadcast_id, rate)
        elapsed = time.perf_counter() - started
        return {
            "recipients": subscribers,
            "sent": sent,
            "seconds": elapsed,
            "per_second": sent / elapsed,
            "ratio": sent / elapsed / CEILING,
            "fake_429": fake.rate_limited,
            "retry_after_met": retry_after,
            "peak_rss_mb": peak_rss_mb(),
        }


async def kill_check(recipients: int, rate: float, seed: int) -> dict[str, float]:
    rng = random.Random(seed)
    chats = list(range(2_000_001, 2_000_001 + recipients))
    async with limited_api(chats) as (fake, db, broadcast_id):
        args = [
            sys.executable,
            __file__,
            "--child",
            str(db),
            fake.base_url,
            str(broadcast_id),
            str(rate),
        ]
        kill_after = rng.uniform(0.2, 0.8) * recipients / rate
        child = await asyncio.create_subprocess_exec(*args, env=os.environ.copy())
        await asyncio.sleep(kill_after)
        child.send_signal(signal.SIGKILL)
        await child.wait()
        before = sum(1 for c in chats if fake.sent(c))
        child = await asyncio.create_subprocess_exec(*args, env=os.environ.copy())
        await child.wait()
        got = [len(fake.sent(c)) for c in chats]
        async with Store(db) as store:
            rows = await store.fetchall(
                "SELECT COUNT(*) FROM outbox WHERE state = 'unknown' AND broadcast_id = ?",
                (broadcast_id,),
            )
        unknown = int(rows[0][0])
    return {
        "recipients": recipients,
        "killed_after_s": kill_after,
        "delivered_before_kill": before,
        "exactly_once": sum(1 for n in got if n == 1),
        "twice_or_more": sum(1 for n in got if n > 1),
        "skipped": sum(1 for n in got if n == 0),
        "unknown_logged": unknown,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0] if __doc__ else None)
    parser.add_argument("--subscribers", type=int, default=10_000)
    parser.add_argument("--kill-recipients", type=int, default=600)
    parser.add_argument("--rate", type=float, default=28.5, help="the pacer's messages per second")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        db, base_url, broadcast_id, rate = args.child
        asyncio.run(deliver(Path(db), base_url, int(broadcast_id), float(rate)))
        return 0
    result = asyncio.run(throughput(args.subscribers, args.rate))
    print(
        f"broadcast to {result['recipients']:,} subscribers, fake API limited to 30/s overall and 1/s per chat"
    )
    print(f"  sent                     {result['sent']:,} in {result['seconds']:.1f} s")
    print(
        f"  throughput               {result['per_second']:.2f} msg/s = {result['ratio']:.3f} of the 30/s ceiling (target >= 0.93)"
    )
    print(
        f"  429s met                 {result['fake_429']} (target 0); RetryAfter handled {result['retry_after_met']}"
    )
    print(f"  peak RSS                 {result['peak_rss_mb']:.1f} MB")
    kill = asyncio.run(kill_check(args.kill_recipients, args.rate, args.seed))
    print(
        f"exactly-once after SIGKILL at {kill['killed_after_s']:.1f} s ({kill['delivered_before_kill']} of {kill['recipients']} delivered)"
    )
    print(
        f"  exactly once {kill['exactly_once']}, twice or more {kill['twice_or_more']}, "
        f"skipped {kill['skipped']}, unknown outcome (logged) {kill['unknown_logged']}"
    )
    ok = (
        result["ratio"] >= 0.93
        and result["fake_429"] == 0
        and kill["twice_or_more"] == 0
        and kill["skipped"] <= kill["unknown_logged"]
    )
    print("PASS" if ok else "FAIL", "broadcast targets")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
