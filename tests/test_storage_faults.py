"""Damaged, unreadable and shared databases, as an operator meets them: the bot heals what is
derived, stops with one clear line for what is not, never hangs, and never trips over itself."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bot.storage.corpus import open_corpus
from bot.storage.opening import facts_path
from tests.helpers import SEEDS
from tests.processes import ROOT, bot_env, cli

QUESTION = "Việt Nam và Trung Quốc hợp tác thế nào?"


def damage(path: Path, how: str) -> None:
    """Random bytes, the first 1,000 bytes only, or a text file in place of a database."""
    if how == "random":
        path.write_bytes(os.urandom(20_000))
    elif how == "truncated":
        path.write_bytes(path.read_bytes()[:1000])
    else:
        path.write_text("this is not a database\n", encoding="utf-8")
    for side in ("-wal", "-shm"):
        Path(f"{path}{side}").unlink(missing_ok=True)


def answer(db: Path, seeds: Path = SEEDS) -> subprocess.CompletedProcess[str]:
    return cli("ask", "--json", QUESTION, env=bot_env(db, seeds), timeout=30)


@pytest.mark.parametrize(
    ("how", "command"),
    [("random", ["ask", QUESTION]), ("truncated", ["build", "--force"]), ("text", ["chat"])],
)
def test_a_damaged_state_database_is_one_line_and_a_non_zero_exit(
    bot_db: Path, how: str, command: list[str]
) -> None:
    damage(bot_db, how)
    done = cli(*command, env=bot_env(bot_db, SEEDS), timeout=20)
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and str(bot_db) in done.stderr
    assert "restore" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize("how", ["random", "truncated", "text"])
async def test_a_damaged_fact_database_is_rebuilt_and_the_state_kept(
    bot_db: Path, how: str, caplog: pytest.LogCaptureFixture
) -> None:
    store, engine = await open_corpus(bot_db, SEEDS)
    await store.set_language(42, "en")
    before = [f.id for f in engine.every_fact()]
    engine.close()
    await store.close()
    damage(facts_path(bot_db), how)
    store, healed = await open_corpus(bot_db, SEEDS)
    try:
        assert [f.id for f in healed.every_fact()] == before
        assert await store.get_language(42) == "en"
    finally:
        await store.close()
    assert "rebuilding it from the seeds" in caplog.text


def test_a_damaged_fact_database_is_healed_by_ask_and_build(bot_db: Path) -> None:
    healthy = answer(bot_db)
    assert healthy.returncode == 0, healthy.stderr
    damage(facts_path(bot_db), "random")
    healed = answer(bot_db)
    assert (healed.returncode, healed.stdout) == (0, healthy.stdout)
    damage(facts_path(bot_db), "text")
    built = cli("build", "--force", env=bot_env(bot_db, SEEDS), timeout=30)
    assert built.returncode == 0 and " facts -> " in built.stdout


def test_a_directory_in_place_of_a_database_is_one_line(bot_db: Path) -> None:
    facts = facts_path(bot_db)
    facts.unlink()
    facts.mkdir()
    done = cli("ask", QUESTION, env=bot_env(bot_db, SEEDS), timeout=20)
    assert (done.returncode, done.stderr.count("\n")) == (1, 1)
    assert str(facts) in done.stderr


def test_a_data_folder_that_cannot_be_created_is_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("a file where the data folder should be", encoding="utf-8")
    done = cli("ask", QUESTION, env=bot_env(blocker / "bot.sqlite3", SEEDS), timeout=20)
    assert (done.returncode, done.stderr.count("\n")) == (1, 1)
    assert "cannot create" in done.stderr and str(blocker) in done.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="file permissions do not bind root")
def test_an_unwritable_state_database_is_one_line(bot_db: Path) -> None:
    bot_db.chmod(0o444)
    bot_db.parent.chmod(0o555)
    try:
        done = cli("ask", QUESTION, env=bot_env(bot_db, SEEDS), timeout=20)
    finally:
        bot_db.parent.chmod(0o755)
        bot_db.chmod(0o644)
    assert (done.returncode, done.stderr.count("\n")) == (1, 1)


async def test_missing_or_empty_seeds_keep_the_last_fact_table_and_warn_each_time(
    bot_db: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    store, engine = await open_corpus(bot_db, SEEDS)
    await store.close()
    empty = tmp_path / "empty"
    empty.mkdir()
    for seeds in (empty, tmp_path / "gone", empty):
        caplog.clear()
        store, kept = await open_corpus(bot_db, seeds, force=True)
        await store.close()
        assert [f.id for f in kept.every_fact()] == [f.id for f in engine.every_fact()]
        assert f"{seeds}: keeping the fact table built before" in caplog.text


def test_processes_starting_together_on_a_fresh_folder_all_answer(tmp_path: Path) -> None:
    db = tmp_path / "fresh" / "bot.sqlite3"
    env = bot_env(db, SEEDS)
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "bot", "ask", "--json", QUESTION],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    outputs = [p.communicate(timeout=60) for p in processes]
    assert [p.returncode for p in processes] == [0, 0, 0], [err for _, err in outputs]
    assert len({out for out, _ in outputs}) == 1 and outputs[0][0].strip()


async def test_run_with_a_damaged_state_database_exits_within_seconds(
    telegram_fake: Any, bot_db: Path, tmp_path: Path
) -> None:
    from conftest import BOT_TOKEN

    from tests.processes import finish, start

    damage(bot_db, "random")
    env = bot_env(
        bot_db, SEEDS, TELEGRAM_BOT_TOKEN=BOT_TOKEN, TELEGRAM_BASE_URL=telegram_fake.base_url
    )
    log = tmp_path / "run.log"
    assert await finish(await start("run", env=env, log=log), 20) == 1
    errors = [line for line in log.read_text().splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and str(bot_db) in errors[0]
