"""Fault benchmark: does every update get its answer once, under kill -9 and under an API storm?

Run from the project root:

    .venv/bin/python benchmarks/faults.py [--users 200] [--storm-users 100] [--seed 1]

The bot runs as deployed (`python -m bot run`, a child process) against the local fake Bot API
(tests/fake_telegram.py, 127.0.0.1), which enforces Telegram's limits (30 a second, one a second
per chat). Each user sends `/start` once (its answer is one message), so a user's messages are
the times their update was answered.

* **kill -9**: a burst of `--users` updates; the bot is SIGKILLed at a random moment while it
  answers, then started again and given time to finish.
* **fault storm**: `--storm-users` updates while sendMessage meets 500s, 502s, 429s, malformed
  responses, dropped connections and requests that hang past the client's timeout, and polling
  meets 502s.

It prints, per scenario, the updates received, answered once, twice and never, and the time.
A request that hung is delivered by the server after the client gave up: that answer is sent
again and counts as "twice" (the documented unknown outcome). The script always exits 0.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import random
import shutil
import signal
import sqlite3
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from fake_telegram import FakeTelegram  # noqa: E402

TOKEN = "123456:AAE-fake-token-for-benchmarks_012345"


def answers(fake: FakeTelegram, users: range) -> Counter[int]:
    sent = Counter(int(c.params["chat_id"]) for c in fake.calls_for("sendMessage", ok_only=True))
    return Counter(sent[user] for user in users)


async def start_bot(
    fake: FakeTelegram, data: Path, log: Path, **env: str
) -> asyncio.subprocess.Process:
    full = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "WEBHOOK_"))}
    full.update(
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_BASE_URL=fake.base_url,
        BOT_DB_PATH=str(data / "bot.sqlite3"),
        SEEDS_DIR=str(ROOT / "seeds"),
        BACKUP_DAYS="0",
        **env,
    )
    with log.open("ab") as err:
        return await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "run",
            cwd=ROOT,
            env=full,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=err,
        )


async def until(condition: object, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        await asyncio.sleep(0.05)
    return False


async def stop(process: asyncio.subprocess.Process) -> None:
    if process.returncode is None:
        process.send_signal(signal.SIGINT)
        try:
            await asyncio.wait_for(process.wait(), 30)
        except TimeoutError:
            process.kill()
            await process.wait()


async def ready(fake: FakeTelegram) -> None:
    if not await until(lambda: fake.calls_for("getUpdates"), 60):
        raise SystemExit("the bot did not start polling within 60 s")


async def kill_9(
    users: int, rng: random.Random, data: Path
) -> tuple[str, int, Counter[int], float]:
    async with FakeTelegram(token=TOKEN) as fake:
        fake.rate_limit(per_second=30, per_chat_per_second=1)
        log = data / "kill.log"
        bot = await start_bot(fake, data, log)
        await ready(fake)
        span = range(10_001, 10_001 + users)
        started = time.monotonic()
        for user in span:
            fake.push_private_text(user, "/start")
        # Killed somewhere between 10% and 90% of the answers.
        target = rng.randint(users // 10, users * 9 // 10)
        await until(
            lambda: sum(answers(fake, span).values()) - answers(fake, span)[0] >= target, 60
        )
        bot.send_signal(signal.SIGKILL)
        await bot.wait()
        bot = await start_bot(fake, data, log)
        await until(lambda: answers(fake, span)[0] == 0, 120)
        await asyncio.sleep(1.0)
        await stop(bot)
        twice = log.read_text(errors="replace").count("handled again")
        print(f"  kill -9 after {target} answers; 'handled again' logged {twice} time(s)")
        return "kill -9 mid-burst", users, answers(fake, span), time.monotonic() - started


async def storm(users: int, rng: random.Random, data: Path) -> tuple[str, int, Counter[int], float]:
    async with FakeTelegram(token=TOKEN) as fake:
        fake.rate_limit(per_second=30, per_chat_per_second=1)
        bot = await start_bot(fake, data, data / "storm.log", SEND_RETRY_SECONDS="30")
        await ready(fake)
        faults = (
            [("api", 500)] * 12
            + [("api", 502)] * 8
            + [("api", 429)] * 6
            + [("malformed", 0)] * 8
            + [("disconnect", 0)] * 8
            + [("hang", 0)] * 3
        )
        rng.shuffle(faults)
        fake.fail_next("getUpdates", error_code=502, times=3)

        async def inject() -> None:
            # About a third of the requests fail while the storm lasts.
            seen = 0
            while faults:
                calls = len(fake.calls_for("sendMessage")) + fake.faults_served
                if calls > seen:
                    seen = calls
                    if rng.random() < 0.35:
                        kind, code = faults.pop()
                        if kind == "api":
                            retry = 1 if code == 429 else None
                            fake.fail_next("sendMessage", error_code=code, retry_after=retry)
                        else:
                            fake.fault_next("sendMessage", kind, seconds=6.0)
                await asyncio.sleep(0.01)

        total = len(faults)
        injector = asyncio.create_task(inject())
        span = range(20_001, 20_001 + users)
        started = time.monotonic()
        for user in span:
            fake.push_private_text(user, "/start")
        await until(lambda: answers(fake, span)[0] == 0, 240)
        await asyncio.sleep(1.0)
        injector.cancel()
        await stop(bot)
        print(f"  {total - len(faults)} sendMessage faults and 3 getUpdates 502s injected")
        print(f"  inbox after the storm: {inbox_states(data)}")
        return "API fault storm", users, answers(fake, span), time.monotonic() - started


def inbox_states(data: Path) -> dict[str, int]:
    with sqlite3.connect(data / "bot.sqlite3") as db:
        rows = db.execute("SELECT state, count(*) FROM update_inbox GROUP BY state").fetchall()
    return {str(state): int(n) for state, n in rows}


async def main() -> None:
    # The fake's dropped connections are on purpose: no traceback for each.
    logging.getLogger("aiohttp").setLevel(logging.CRITICAL)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--storm-users", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    rows = []
    for scenario, users in ((kill_9, args.users), (storm, args.storm_users)):
        data = Path(tempfile.mkdtemp(prefix="bench-faults-"))
        try:
            rows.append(await scenario(users, rng, data))
        finally:
            shutil.rmtree(data, ignore_errors=True)
    print(f"{'scenario':<20}{'received':>10}{'once':>8}{'twice':>8}{'never':>8}{'time (s)':>10}")
    for name, received, counts, seconds in rows:
        more = sum(n for k, n in counts.items() if k > 2)
        print(
            f"{name:<20}{received:>10}{counts[1]:>8}{counts[2] + more:>8}{counts[0]:>8}{seconds:>10.1f}"
        )


if __name__ == "__main__":
    asyncio.run(main())
