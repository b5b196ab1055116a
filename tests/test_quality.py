"""Answer quality on the development question set: no change may lower it below the bar.

Runs the real command line (`python -m bot ask --json -`) the way the evaluation does.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.eval_score import check
from tests.helpers import ROOT

QUESTIONS = Path(__file__).parent / "data" / "dev_questions.jsonl"
REJECT = {"oos", "chrome"}


def test_dev_questions_meet_the_quality_bar(tmp_path: Path) -> None:
    items = [
        json.loads(line)
        for line in QUESTIONS.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    env = {
        **os.environ,
        "BOT_DB_PATH": str(tmp_path / "bot.sqlite3"),
        "SEEDS_DIR": str(ROOT / "seeds"),
    }
    env.pop("TELEGRAM_BOT_TOKEN", None)
    done = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "--json", "-"],
        input="".join(item["q"] + "\n" for item in items),
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=120,
        check=True,
    )
    replies = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(replies) == len(items)
    answerable = [(i, r) for i, r in zip(items, replies, strict=True) if i["cat"] not in REJECT]
    rejected = [(i, r) for i, r in zip(items, replies, strict=True) if i["cat"] in REJECT]
    right = [i["id"] for i, r in answerable if r["found"] and check(i, r["answer"])]
    declined = [i["id"] for i, r in rejected if not r["found"]]
    assert len(right) / len(answerable) >= 0.90, sorted(
        {i["id"] for i, _ in answerable} - set(right)
    )
    assert len(declined) / len(rejected) >= 0.90, sorted(
        {i["id"] for i, _ in rejected} - set(declined)
    )
    for variant in ("vi", "plain", "typo", "en"):
        of_variant = [i for i, _ in answerable if i["variant"] == variant]
        good = [i for i in of_variant if i["id"] in right]
        assert len(good) / len(of_variant) >= 0.75, (
            variant,
            [i["id"] for i in of_variant if i not in good],
        )
