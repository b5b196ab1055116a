"""`python -m bot ...` as a separate process, as an operator runs it: bounded in time, always."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def bot_env(db: Path, seeds: Path, **extra: str) -> dict[str, str]:
    """This environment without Telegram settings, with the database and seeds given."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "WEBHOOK_"))}
    env.update({"BOT_DB_PATH": str(db), "SEEDS_DIR": str(seeds), **extra})
    return env


def cli(*args: str, env: dict[str, str], timeout: float = 30.0) -> subprocess.CompletedProcess[str]:
    """Run `python -m bot *args` to its end (TimeoutExpired if it hangs)."""
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


async def start(*args: str, env: dict[str, str], log: Path) -> asyncio.subprocess.Process:
    """Start `python -m bot *args`, its stderr into `log` (a pipe nobody reads could block it)."""
    with log.open("ab") as err:
        return await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            *args,
            cwd=str(ROOT),
            env=env,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=err,
        )


async def finish(process: asyncio.subprocess.Process, timeout: float = 20.0) -> int:
    """Wait for the process to end by itself; kill it and fail if it does not in time."""
    try:
        return await asyncio.wait_for(process.wait(), timeout)
    except TimeoutError:
        process.kill()
        await process.wait()
        raise AssertionError(f"the process did not end within {timeout} s") from None


async def stop(process: asyncio.subprocess.Process, timeout: float = 20.0) -> int:
    """Ctrl-C the process and wait for it."""
    import signal

    if process.returncode is None:
        process.send_signal(signal.SIGINT)
    return await finish(process, timeout)
