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
import sqlite3
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
from bot.storage.corpus import add_pages, ensure_built, open_corpus, seed_files
from bot.storage.opening import facts_path
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
    # Seeds plus N articles of a real corpus (--corpus): every size is held to these.
    ("corpus", "build_s", 300.0, "build < 5 min"),
    ("corpus", "add_one_s", 1.0, "add one article < 1 s"),
    ("corpus", "ready_s", 2.0, "ready < 2 s"),
    ("corpus", "engine_p99_ms", 30.0, "answer p99 < 30 ms"),
    ("corpus", "rss_mb", 300.0, "peak RSS < 300 MB"),
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


def _added_page(corpus: Path) -> tuple[str, bytes]:
    """One more article for the add-one figure: the corpus's first page under a new title."""
    first = next(p for p in sorted(corpus.iterdir()) if p.suffix.lower() in {".txt", ".md"})
    title, _, body = first.read_text(encoding="utf-8").partition("\n")
    return "bench-added.txt", f"Bản cập nhật: {title}\n{body}".encode()


async def measure(
    corpus: Path, questions: list[str], repeat: int, profile: int, baseline_questions: int
) -> dict[str, Any]:
    result: dict[str, Any] = {"files": len(seed_files(corpus))}
    with tempfile.TemporaryDirectory(prefix="bench-db-") as tmp:
        db_path = Path(tmp) / "bench.sqlite3"
        store = await Store(db_path).open()
        try:
            start = time.perf_counter()
            await ensure_built(store, corpus, force=True)
            result["build_s"] = time.perf_counter() - start
            result["rss_build_mb"] = peak_rss_mb()
            for table in ("articles", "sentences", "facts"):
                rows = await store.fetchall(f"SELECT count(*) FROM corpus.{table}")
                result[table] = int(rows[0][0])
        finally:
            await store.close()
        result["db_bytes"] = sum(
            p.stat().st_size for p in Path(tmp).iterdir() if p.name.startswith(db_path.stem)
        )

        # Ready: what a start of the bot pays before its first answer (the files are checked
        # against their fingerprints, nothing is extracted).
        start = time.perf_counter()
        store, engine = await open_corpus(db_path, corpus)
        result["load_s"] = time.perf_counter() - start
        engine.answer(questions[0])
        result["ready_s"] = time.perf_counter() - start
        result["rss_load_mb"] = peak_rss_mb()
        try:
            result["found"] = sum(engine.answer(q).found for q in questions)
            samples = latencies_ms(engine.answer, questions, repeat)
            result["engine_p50_ms"] = percentile(samples, 50)
            result["engine_p99_ms"] = percentile(samples, 99)
            result["engine_max_ms"] = max(samples)
            result["rss_mb"] = peak_rss_mb()

            # One article added to the running corpus, and answered from at once.
            with tempfile.TemporaryDirectory(prefix="bench-seeds-") as seeds:
                for path in seed_files(corpus):
                    (Path(seeds) / path.name).symlink_to(path.resolve())
                name, data = _added_page(corpus)
                start = time.perf_counter()
                report = await add_pages(store, Path(seeds), [(name, data)])
                engine.refresh()
                result["add_one_s"] = time.perf_counter() - start
                result["add_one_ok"] = report.added == [name]

            if profile:
                _profile(engine, questions, profile, corpus)
        finally:
            engine.close()
            await store.close()

        # The naive baseline: fuzzy matching of the question against every sentence, on the
        # first questions only (it is slow on a large corpus). Measured last, so that its memory
        # is not in the engine's figures.
        with sqlite3.connect(facts_path(db_path)) as db:
            texts = [str(r[0]) for r in db.execute("SELECT text FROM sentences")]

    def baseline(q: str) -> object:
        return process.extractOne(q, texts, scorer=fuzz.WRatio)

    some = questions[:baseline_questions]
    samples = latencies_ms(baseline, some, 1)
    result["baseline_questions"] = len(some)
    result["baseline_p50_ms"] = percentile(samples, 50)
    result["baseline_p99_ms"] = percentile(samples, 99)
    return result


def _profile(engine: Engine, questions: list[str], profile: int, corpus: Path) -> None:
    """The slowest questions, profiled: where answer time goes (printed to stderr)."""
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
        "--baseline-questions",
        str(args.baseline_questions),
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
        ("open time (s)", lambda r: f"{r['load_s']:.2f}"),
        ("ready: open + 1st answer (s)", lambda r: f"{r['ready_s']:.2f}"),
        ("add one article (s)", lambda r: f"{r['add_one_s']:.2f}"),
        ("answered (found)", lambda r: f"{r['found']}/{r['questions']}"),
        ("engine p50 (ms)", lambda r: f"{r['engine_p50_ms']:.2f}"),
        ("engine p99 (ms)", lambda r: f"{r['engine_p99_ms']:.2f}"),
        ("baseline questions", lambda r: f"{r['baseline_questions']}"),
        ("baseline p50 (ms)", lambda r: f"{r['baseline_p50_ms']:.2f}"),
        ("baseline p99 (ms)", lambda r: f"{r['baseline_p99_ms']:.2f}"),
        ("engine/baseline p50", lambda r: _ratio(r["engine_p50_ms"], r["baseline_p50_ms"])),
        ("engine/baseline p99", lambda r: _ratio(r["engine_p99_ms"], r["baseline_p99_ms"])),
        ("peak RSS after build (MB)", lambda r: f"{r['rss_build_mb']:.1f}"),
        ("peak RSS after load (MB)", lambda r: f"{r['rss_load_mb']:.1f}"),
        ("peak RSS answering (MB)", lambda r: f"{r['rss_mb']:.1f}"),
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
        keys = [k for k in results if k.startswith("+")] if corpus == "corpus" else [corpus]
        for k in keys:
            if k not in results:
                continue
            value = float(results[k][key])
            verdict = "PASS" if value < limit else "FAIL"
            out.append(f"{verdict}  {headers[k]:<6} {label:<22} (measured {value:.2f})")
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
    parser.add_argument(
        "--corpus",
        type=Path,
        help="a directory of real articles: measure the seeds plus its first N files, for each N "
        "of --sizes (instead of the generated corpus)",
    )
    parser.add_argument(
        "--sizes",
        default="1000,3000,10000",
        help="with --corpus: the numbers of its files to add to the seeds (comma-separated)",
    )
    parser.add_argument(
        "--baseline-questions",
        type=int,
        default=20,
        help="questions the naive baseline answers (it is slow on a large corpus)",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object, no table")
    parser.add_argument("--one", type=Path, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def _grown_corpus(seeds: Path, corpus: Path, size: int, out: Path) -> int:
    """Links to the seeds and to the first `size` page files of `corpus` in `out`."""
    for path in seed_files(seeds):
        (out / path.name).symlink_to(path.resolve())
    added = seed_files(corpus)[:size]
    for path in added:
        (out / f"corpus-{path.name}").symlink_to(path.resolve())
    return len(added)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    args.questions = args.questions.resolve()
    questions = load_questions(args.questions)
    if args.one is not None:
        result = asyncio.run(
            measure(args.one, questions, args.repeat, args.profile, args.baseline_questions)
        )
        result["questions"] = len(questions)
        print(json.dumps(result))
        return 0

    seeds = args.seeds.resolve()
    machine = {
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "questions": len(questions),
        "questions_file": str(args.questions),
        "repeat": args.repeat,
    }
    say = (lambda *a, **k: None) if args.json else print
    say(
        f"python {machine['python']} on {machine['machine']}, {machine['cpus']} CPUs; "
        f"questions: {len(questions)} from {args.questions} "
        f"(1 warm-up pass + {args.repeat} timed passes each)",
        flush=True,
    )
    results: dict[str, dict[str, Any]] = {"seeds": run_one(seeds, args)}
    headers = {"seeds": "seeds"}
    if args.corpus is not None:
        for size in (int(n) for n in args.sizes.split(",") if n.strip()):
            with tempfile.TemporaryDirectory(prefix="bench-corpus-") as tmp:
                added = _grown_corpus(seeds, args.corpus.resolve(), size, Path(tmp))
                key = f"+{added}"
                say(f"measuring the seeds + {added} articles of {args.corpus}", flush=True)
                results[key] = run_one(Path(tmp), args)
                headers[key] = key
    else:
        with tempfile.TemporaryDirectory(prefix="bench-corpus-") as tmp:
            start = time.perf_counter()
            count = generate_corpus(seeds, Path(tmp), args.scale)
            size = sum(p.stat().st_size for p in Path(tmp).iterdir())
            say(
                f"generated x{args.scale} corpus: {count} files, {size / 1e6:.1f} MB "
                f"in {time.perf_counter() - start:.1f} s",
                flush=True,
            )
            results["scaled"] = run_one(Path(tmp), args)
            headers["scaled"] = f"x{args.scale}"
    if args.json:
        print(
            json.dumps({"machine": machine, "corpora": results, "checks": checks(results, headers)})
        )
        return 0
    print()
    print(table(results, headers))
    print()
    print("\n".join(checks(results, headers)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
