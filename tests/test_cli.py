"""The command line, run as a user runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.helpers import ROOT


def run(tmp_path: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "BOT_DB_PATH": str(tmp_path / "bot.sqlite3"),
        "SEEDS_DIR": str(ROOT / "seeds"),
    }
    env.pop("TELEGRAM_BOT_TOKEN", None)
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=120,
    )


def test_build_reports_what_it_built(tmp_path: Path) -> None:
    done = run(tmp_path, "build")
    assert done.returncode == 0
    assert "5 articles" in done.stdout and "facts" in done.stdout


def test_ask_json_has_the_documented_shape(tmp_path: Path) -> None:
    done = run(tmp_path, "ask", "--json", "Việt Nam có quan hệ ngoại giao với bao nhiêu quốc gia?")
    data = json.loads(done.stdout)
    assert set(data) == {"found", "answer", "confidence", "facts", "suggestions"}
    assert data["found"] and "189" in data["answer"]
    fact = data["facts"][0]
    assert set(fact) == {"id", "kind", "text", "date", "source"}
    assert set(fact["source"]) == {"file", "title", "outlet", "published", "paragraph", "url"}


def test_ask_json_stdin_answers_one_line_per_question_in_order(tmp_path: Path) -> None:
    questions = ["Bộ trưởng Ngoại giao là ai?", "", "xyzzy", "/event 14-12-2021"]
    done = run(tmp_path, "ask", "--json", "-", stdin="\n".join(questions) + "\n")
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert [line["found"] for line in lines] == [True, False, False, True]
    assert "Bùi Thanh Sơn" in lines[0]["answer"]


def test_chat_answers_commands_and_questions_in_the_terminal(tmp_path: Path) -> None:
    done = run(tmp_path, "chat", stdin="/lessons\nbao nhieu lieu vaccine\n")
    assert done.returncode == 0
    assert "5." in done.stdout and "151" in done.stdout


def test_run_without_token_exits_with_one_clear_line(tmp_path: Path) -> None:
    done = run(tmp_path, "run")
    assert done.returncode != 0
    assert "TELEGRAM_BOT_TOKEN" in done.stderr
    assert "Traceback" not in done.stderr


def test_malformed_token_is_refused_without_traceback(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": "not-a-token",
        "BOT_DB_PATH": str(tmp_path / "x.sqlite3"),
    }
    done = subprocess.run(
        [sys.executable, "-m", "bot", "run"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=60,
    )
    assert done.returncode != 0 and "malformed" in done.stderr and "Traceback" not in done.stderr
    assert "not-a-token" not in done.stderr


def test_chat_prints_long_lists_whole_with_a_bullet_per_item(tmp_path: Path) -> None:
    done = run(tmp_path, "chat", stdin="/timeline\n")
    items = [line for line in done.stdout.splitlines() if line.startswith("• ")]
    assert len(items) > 8  # more than one Telegram page
    assert "Trang" not in done.stdout


def test_chat_quiz_takes_a_numbered_answer_and_says_whether_it_was_right(tmp_path: Path) -> None:
    done = run(tmp_path, "chat", stdin="/quiz văn kiện\n2\n/quiz\nxyz\n")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    options = [line[3:] for line in lines if line[:3] in ("1. ", "2. ", "3. ", "4. ")]
    assert len(options) == 8
    assert all(o.endswith("/TW") for o in options[:4])  # a document question: numbers only
    chosen = options[1]
    if "✅ Đúng!" in done.stdout:
        assert f"Đáp án: {chosen}." in done.stdout
    else:
        wrong = next(line for line in lines if "❌ Sai. Đáp án đúng: " in line)
        right = wrong.partition("❌ Sai. Đáp án đúng: ")[2].rstrip(".")
        assert right in options[:4] and right != chosen
    assert "Bỏ qua câu hỏi." in done.stdout  # 'xyz' is not a number: the quiz is skipped


def test_chat_keeps_quiz_progress_for_score(tmp_path: Path) -> None:
    done = run(tmp_path, "chat", stdin="/score\n/quiz số liệu\n1\n/quiz số liệu\n1\n/score\n")
    assert done.returncode == 0, done.stderr
    assert "Bạn chưa trả lời câu hỏi nào" in done.stdout
    right = done.stdout.count("✅ Đúng!")
    assert f"Đúng {right}, sai {2 - right} (tổng 2)." in done.stdout
