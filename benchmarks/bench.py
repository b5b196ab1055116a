"""Build, load and answer benchmarks for the fact engine: the seeds and a corpus N times larger.

Run from the project root:

    .venv/bin/python benchmarks/bench.py [--scale 100] [--questions PATH] [--repeat N]

Each corpus is measured in a fresh subprocess (the hidden `--one DIR` mode) so that the peak
RSS reported for it is its own. The scaled corpus is generated at run time in a temporary
directory from the cleaned paragraphs of the seed articles; nothing generated is kept.
See benchmarks/README.md for what each figure means.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import datetime as dt
import io
import json
import os
import platform
import pstats
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process

from bot.engine.answer import Engine
from bot.ingest.clean import Article, load_articles
from bot.storage.corpus import ensure_built
from bot.storage.store import Store

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SEEDS = ROOT / "seeds"
DEFAULT_QUESTIONS = ROOT.parent / "shared" / "eval" / "dev_questions.jsonl"

# Targets: (corpus, metric key, limit, label).
TARGETS: list[tuple[str, str, float, str]] = [
    ("seeds", "build_s", 2.0, "build < 2 s"),
    ("seeds", "engine_p99_ms", 10.0, "answer p99 < 10 ms"),
    ("scaled", "build_s", 60.0, "build < 60 s"),
    ("scaled", "engine_p99_ms", 30.0, "answer p99 < 30 ms"),
    ("scaled", "rss_mb", 300.0, "peak RSS < 300 MB"),
]

# Names swapped among each other in the generated corpus (people the seeds mention).
NAMES = [
    "Nguyễn Phú Trọng",
    "Phạm Bình Minh",
    "Hoàng Trung Dũng",
    "Võ Trọng Hải",
    "Võ Văn Thưởng",
    "Nguyễn Văn Quảng",
    "Nguyễn Xuân Phúc",
    "Phạm Minh Chính",
    "Lê Hoài Trung",
    "Bùi Thanh Sơn",
    "Vương Đình Huệ",
    "Trần Thanh Mẫn",
]
_NAME_RE = re.compile("|".join(re.escape(n) for n in sorted(NAMES, key=len, reverse=True)))

# One pass over a paragraph: full dates, month/year, day/month, then any other number.
_FIGURE_RE = re.compile(
    r"(?<![\d/])(?:"
    r"(?P<dmy>(?P<d1>\d{1,2})/(?P<m1>\d{1,2})/(?P<y1>\d{4}))"
    r"|(?P<my>(?P<m2>\d{1,2})/(?P<y2>\d{4}))"
    r"|(?P<dm>(?P<d3>\d{1,2})/(?P<m3>\d{1,2}))"
    r"|(?P<num>\d+(?:[.,]\d+)*)"
    r")(?![\d/])"
)
_DIGITS = re.compile(r"\d+")


# -- the generated corpus -------------------------------------------------------------------


def _random_digits(rng: random.Random, m: re.Match[str]) -> str:
    """A random run of digits of the same length; no leading zero unless it was one."""
    run = m.group(0)
    first = "0" if run[0] == "0" else str(rng.randint(1, 9))
    return first + "".join(str(rng.randint(0, 9)) for _ in run[1:])


def _shift(rng: random.Random, year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day) + dt.timedelta(days=rng.randint(-400, 400))
    except ValueError:
        return None


def _vary_figure(rng: random.Random, m: re.Match[str]) -> str:
    """A date shifted by up to ~13 months, a year by up to 3, any other number randomised."""
    if m["dmy"]:
        d = _shift(rng, int(m["y1"]), int(m["m1"]), int(m["d1"]))
        if d:
            return f"{d.day}/{d.month}/{d.year}"
    elif m["my"]:
        d = _shift(rng, int(m["y2"]), int(m["m2"]), 1)
        if d:
            return f"{d.month}/{d.year}"
    elif m["dm"]:
        d = _shift(rng, 2021, int(m["m3"]), int(m["d3"]))
        if d:
            return f"{d.day}/{d.month}"
    elif m["num"] and m["num"].isdigit() and len(m["num"]) == 4 and 1900 <= int(m["num"]) <= 2100:
        return str(int(m["num"]) + rng.randint(-3, 3))
    return _DIGITS.sub(lambda d: _random_digits(rng, d), m.group(0))


def vary(text: str, rng: random.Random, names: dict[str, str]) -> str:
    """Text with other numbers, dates shifted and people's names swapped."""
    text = _FIGURE_RE.sub(lambda m: _vary_figure(rng, m), text)
    return _NAME_RE.sub(lambda m: names[m.group(0)], text)


def synthetic_article(rng: random.Random, base: Article, pool: list[str], keep: float = 0.6) -> str:
    """One article file: the base article's title, a random date, recombined paragraphs."""
    shuffled = NAMES[:]
    rng.shuffle(shuffled)
    names = dict(zip(NAMES, shuffled, strict=True))
    chosen: list[str] = []
    for p in base.paragraphs:
        text = p.text if rng.random() < keep else rng.choice(pool)
        if text not in chosen:
            chosen.append(text)
    published = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randint(0, 10 * 365))
    lines = [
        vary(base.title, rng, names),
        f"Ngày đăng: {published:%d/%m/%Y}",
        *(vary(text, rng, names) for text in chosen),
    ]
    return "\n\n".join(lines) + "\n"


def generate_corpus(seeds_dir: Path, out_dir: Path, scale: int, seed: int = 20240101) -> int:
    """Write `scale` x (number of seed files) synthetic article files; returns the count."""
    articles, _ = load_articles(seeds_dir)
    n_files = len({a.file for a in articles}) or 1
    pool = [p.text for a in articles for p in a.paragraphs]
    rng = random.Random(seed)
    count = scale * n_files
    for i in range(count):
        base = articles[i % len(articles)]
        path = out_dir / f"{i:06d}_synthetic.txt"
        path.write_text(synthetic_article(rng, base, pool), encoding="utf-8")
    return count


# -- one corpus, measured in its own process ------------------------------------------------


def percentile(samples: list[float], pct: float) -> float:
    """Linear-interpolation percentile (numpy's default method)."""
    ordered = sorted(samples)
    if not ordered:
        return float("nan")
    pos = (len(ordered) - 1) * pct / 100
    lo = int(pos)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def latencies_ms(ask: Callable[[str], object], questions: list[str], repeat: int) -> list[float]:
    """Per-call latencies of `ask` over every question, `repeat` times, after one warm-up pass."""
    for q in questions:
        ask(q)
    samples: list[float] = []
    for _ in range(repeat):
        for q in questions:
            start = time.perf_counter_ns()
            ask(q)
            samples.append((time.perf_counter_ns() - start) / 1e6)
    return samples


def peak_rss_mb() -> float:
    """Peak resident set size of this process (ru_maxrss is KiB on Linux, bytes on macOS)."""
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024


async def measure(corpus: Path, questions: list[str], repeat: int, profile: int) -> dict[str, Any]:
    result: dict[str, Any] = {
        "files": sum(1 for p in corpus.iterdir() if p.suffix.lower() in {".txt", ".md"})
    }
    with tempfile.TemporaryDirectory(prefix="bench-db-") as tmp:
        db_path = Path(tmp) / "bench.sqlite3"
        store = await Store(db_path).open()
        try:
            start = time.perf_counter()
            await ensure_built(store, corpus, force=True)
            result["build_s"] = time.perf_counter() - start
            result["rss_build_mb"] = peak_rss_mb()
            for table in ("articles", "sentences", "facts"):
                rows = await store.fetchall(f"SELECT count(*) FROM {table}")
                result[table] = int(rows[0][0])
        finally:
            await store.close()
        result["db_bytes"] = sum(
            p.stat().st_size for p in Path(tmp).iterdir() if p.name.startswith(db_path.stem)
        )

        store = await Store(db_path).open()
        try:
            start = time.perf_counter()
            extraction = await store.load_extraction()
            engine = Engine(extraction)
            result["load_s"] = time.perf_counter() - start
        finally:
            await store.close()
    result["rss_load_mb"] = peak_rss_mb()

    result["found"] = sum(engine.answer(q).found for q in questions)
    samples = latencies_ms(engine.answer, questions, repeat)
    result["engine_p50_ms"] = percentile(samples, 50)
    result["engine_p99_ms"] = percentile(samples, 99)
    result["engine_max_ms"] = max(samples)

    texts = [s.text for s in extraction.sentences]

    def baseline(q: str) -> object:
        return process.extractOne(q, texts, scorer=fuzz.WRatio)

    samples = latencies_ms(baseline, questions, repeat)
    result["baseline_p50_ms"] = percentile(samples, 50)
    result["baseline_p99_ms"] = percentile(samples, 99)
    result["rss_mb"] = peak_rss_mb()

    if profile:
        # The slowest questions, profiled: where answer time goes (printed to stderr).
        timed = sorted(questions, key=lambda q: -min(latencies_ms(engine.answer, [q], 3)))
        profiler = cProfile.Profile()
        profiler.enable()
        for q in timed[:profile]:
            for _ in range(5):
                engine.answer(q)
        profiler.disable()
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(25)
        print(f"--- profile of the {profile} slowest questions x5 ({corpus.name})", file=sys.stderr)
        for q in timed[:profile]:
            print(f"    {q}", file=sys.stderr)
        print(out.getvalue(), file=sys.stderr)
    return result


def run_one(corpus: Path, args: argparse.Namespace) -> dict[str, Any]:
    """Measure `corpus` in a fresh interpreter and return its figures."""
    cmd = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--one",
        str(corpus),
        "--questions",
        str(args.questions),
        "--repeat",
        str(args.repeat),
        "--profile",
        str(args.profile),
    ]
    done = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, check=True, cwd=ROOT)
    data: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return data


# -- report ---------------------------------------------------------------------------------


def _ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}x" if b else "-"


def table(results: dict[str, dict[str, Any]], headers: dict[str, str]) -> str:
    rows: list[tuple[str, Callable[[dict[str, Any]], str]]] = [
        ("seed files", lambda r: f"{r['files']:,}"),
        ("articles", lambda r: f"{r['articles']:,}"),
        ("sentences", lambda r: f"{r['sentences']:,}"),
        ("facts", lambda r: f"{r['facts']:,}"),
        ("build time (s)", lambda r: f"{r['build_s']:.2f}"),
        ("database size (bytes)", lambda r: f"{r['db_bytes']:,}"),
        ("database size (MB)", lambda r: f"{r['db_bytes'] / 1e6:.2f}"),
        ("engine load time (s)", lambda r: f"{r['load_s']:.2f}"),
        ("answered (found)", lambda r: f"{r['found']}/{r['questions']}"),
        ("engine p50 (ms)", lambda r: f"{r['engine_p50_ms']:.2f}"),
        ("engine p99 (ms)", lambda r: f"{r['engine_p99_ms']:.2f}"),
        ("baseline p50 (ms)", lambda r: f"{r['baseline_p50_ms']:.2f}"),
        ("baseline p99 (ms)", lambda r: f"{r['baseline_p99_ms']:.2f}"),
        ("engine/baseline p50", lambda r: _ratio(r["engine_p50_ms"], r["baseline_p50_ms"])),
        ("engine/baseline p99", lambda r: _ratio(r["engine_p99_ms"], r["baseline_p99_ms"])),
        ("peak RSS after build (MB)", lambda r: f"{r['rss_build_mb']:.1f}"),
        ("peak RSS after load (MB)", lambda r: f"{r['rss_load_mb']:.1f}"),
        ("peak RSS (MB)", lambda r: f"{r['rss_mb']:.1f}"),
    ]
    width = max(len(label) for label, _ in rows)
    cols = [max(12, len(h)) for h in headers.values()]
    lines = [
        " ".join(
            [f"{'':<{width}}", *(f"{h:>{c}}" for h, c in zip(headers.values(), cols, strict=True))]
        )
    ]
    lines.append("-" * len(lines[0]))
    for label, fmt in rows:
        cells = [f"{fmt(results[k]):>{c}}" for k, c in zip(headers, cols, strict=True)]
        lines.append(" ".join([f"{label:<{width}}", *cells]))
    return "\n".join(lines)


def checks(results: dict[str, dict[str, Any]], headers: dict[str, str]) -> list[str]:
    out = []
    for corpus, key, limit, label in TARGETS:
        value = float(results[corpus][key])
        verdict = "PASS" if value < limit else "FAIL"
        out.append(f"{verdict}  {headers[corpus]:<6} {label:<20} (measured {value:.2f})")
    return out


def load_questions(path: Path) -> list[str]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line)["q"] for line in fh if line.strip()]


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0] if __doc__ else None)
    parser.add_argument("--scale", type=int, default=100, help="size of the generated corpus")
    parser.add_argument("--questions", type=Path, default=DEFAULT_QUESTIONS)
    parser.add_argument("--repeat", type=int, default=5, help="timed passes over the questions")
    parser.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS, help="the real corpus")
    parser.add_argument(
        "--profile",
        type=int,
        default=0,
        metavar="N",
        help="cProfile the N slowest questions of each corpus (report on stderr)",
    )
    parser.add_argument("--one", type=Path, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    args.questions = args.questions.resolve()
    questions = load_questions(args.questions)
    if args.one is not None:
        result = asyncio.run(measure(args.one, questions, args.repeat, args.profile))
        result["questions"] = len(questions)
        print(json.dumps(result))
        return 0

    seeds = args.seeds.resolve()
    headers = {"seeds": "seeds", "scaled": f"x{args.scale}"}
    print(
        f"python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs; "
        f"questions: {len(questions)} from {args.questions} "
        f"(1 warm-up pass + {args.repeat} timed passes each)",
        flush=True,
    )
    results: dict[str, dict[str, Any]] = {"seeds": run_one(seeds, args)}
    with tempfile.TemporaryDirectory(prefix="bench-corpus-") as tmp:
        start = time.perf_counter()
        count = generate_corpus(seeds, Path(tmp), args.scale)
        size = sum(p.stat().st_size for p in Path(tmp).iterdir())
        print(
            f"generated x{args.scale} corpus: {count} files, {size / 1e6:.1f} MB "
            f"in {time.perf_counter() - start:.1f} s",
            flush=True,
        )
        results["scaled"] = run_one(Path(tmp), args)
    print()
    print(table(results, headers))
    print()
    print("\n".join(checks(results, headers)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
