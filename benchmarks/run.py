#!/usr/bin/env python3
"""newslint benchmarks: throughput, memory, and pre-commit latency. Prints figures only.

    python3 benchmarks/run.py                       # all phases, corpus from tests/
    python3 benchmarks/run.py ../shared/corpus/chrome-dev --mb 50
    python3 benchmarks/run.py --phase latency --runs 20
    python3 benchmarks/run.py --phase corpus --mb 100   # 1 vs 2 jobs over a JSONL shard

Phases:
- ``throughput``: lints an in-memory corpus (the given files, repeated up to
  ``--mb``) in this process; prints articles/s and MB/s overall and per rule
  family, and peak RSS.
- ``latency``: wall time of the installed ``newslint`` console script on one
  article (what a pre-commit user waits for), median of ``--runs``; with and
  without the opt-in readability family.
- ``corpus``: ``newslint --jobs 1`` and ``--jobs 2`` over a gzipped JSONL shard
  built from the files; MB/s, articles/s, speed-up and peak RSS of each run,
  and whether both outputs are identical.

Speed is measured here and never asserted in tests.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCES = [ROOT / "tests" / "seeds", ROOT / "tests" / "fixtures"]


def load_articles(paths: list[Path]) -> list[str]:
    texts: list[str] = []
    for path in paths:
        files = sorted(path.rglob("*.txt")) if path.is_dir() else [path]
        for f in files:
            try:
                text = f.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            if text.strip():
                texts.append(text)
    if not texts:
        sys.exit("no articles found in the given paths")
    return texts


def corpus_of(texts: list[str], megabytes: float) -> list[str]:
    target = int(megabytes * 1_000_000)
    out: list[str] = []
    size = 0
    i = 0
    while size < target:
        text = texts[i % len(texts)]
        out.append(text)
        size += len(text.encode("utf-8"))
        i += 1
    return out


def peak_rss_mib(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # Linux: KiB


def phase_throughput(texts: list[str], megabytes: float, select: list[str]) -> None:
    from newslint import Document
    from newslint.engine import Linter, Selection
    from newslint.plugins import default_registry

    docs_text = corpus_of(texts, megabytes)
    total_bytes = sum(len(t.encode("utf-8")) for t in docs_text)
    linter = Linter.from_selection(default_registry(), Selection(select=tuple(select)))
    linter.lint(Document("warmup.txt", docs_text[0]))  # build automata, load data
    linter.timings.seconds.clear()
    findings = 0
    started = time.perf_counter()
    for n, text in enumerate(docs_text):
        findings += len(linter.lint(Document(f"doc{n}.txt", text)))
    elapsed = time.perf_counter() - started
    mb = total_bytes / 1e6
    print(f"throughput  select={','.join(select)}  {len(docs_text)} articles, {mb:.1f} MB, "
          f"{findings} findings")
    print(f"  {len(docs_text) / elapsed:,.0f} articles/s  {mb / elapsed:.2f} MB/s  "
          f"peak RSS {peak_rss_mib():.0f} MiB")
    families: dict[str, float] = defaultdict(float)
    for code, seconds in linter.timings.seconds.items():
        families[code[:3]] += seconds
    for family, seconds in sorted(families.items()):
        print(f"  {family}xx  {mb / seconds if seconds else float('inf'):9.1f} MB/s  "
              f"({seconds:.2f} s)")


def _console_script() -> str:
    here = Path(sys.executable).parent / "newslint"
    return str(here) if here.exists() else (shutil.which("newslint") or "newslint")


def phase_latency(article: Path, runs: int) -> None:
    script = _console_script()
    for label, extra in (("default rules", []), ("with NL5 (readability)",
                                                 ["--extend-select", "NL5"])):
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            subprocess.run([script, "--isolated", *extra, str(article)],
                           capture_output=True, check=False)
            times.append(time.perf_counter() - started)
        print(f"latency  {label:<24} median {statistics.median(times) * 1000:6.1f} ms  "
              f"min {min(times) * 1000:6.1f} ms  ({runs} runs of {script} {article.name})")


_MEASURE = """
import resource, subprocess, sys, time
with open(sys.argv[1], "wb") as out:
    started = time.perf_counter()
    subprocess.run(sys.argv[2:], stdout=out, check=False)
    wall = time.perf_counter() - started
print(wall, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def run_measured(cmd: list[str], out: Path) -> tuple[float, float]:
    """Wall seconds and the largest peak RSS (MiB) of ``cmd`` and its workers."""
    proc = subprocess.run([sys.executable, "-c", _MEASURE, str(out), *cmd],
                          capture_output=True, text=True, check=True)
    wall, rss_kib = proc.stdout.split()
    return float(wall), int(rss_kib) / 1024


def phase_corpus(texts: list[str], megabytes: float, extend_select: str = "") -> None:
    docs_text = corpus_of(texts, megabytes)
    with tempfile.TemporaryDirectory(prefix="newslint-bench-") as tmp:
        shard = Path(tmp) / "corpus.jsonl.gz"
        with gzip.open(shard, "wt", encoding="utf-8") as fh:
            for n, text in enumerate(docs_text):
                fh.write(json.dumps({"id": f"a{n}", "url": f"https://site{n % 50}.example/{n}",
                                     "text": text}) + "\n")
        mb = sum(len(t.encode("utf-8")) for t in docs_text) / 1e6
        outputs: dict[int, bytes] = {}
        walls: dict[int, float] = {}
        for jobs in (1, 2):
            out = Path(tmp, f"out{jobs}.jsonl")
            cmd = [_console_script(), "--isolated", "--jobs", str(jobs), "--format", "jsonl",
                   "--no-progress", str(shard)]
            if extend_select:
                cmd[1:1] = ["--extend-select", extend_select]
            walls[jobs], rss = run_measured(cmd, out)
            outputs[jobs] = out.read_bytes()
            print(f"corpus  --jobs {jobs}  {mb:.0f} MB, {len(docs_text)} articles: "
                  f"{walls[jobs]:.1f} s  {mb / walls[jobs]:.2f} MB/s  "
                  f"{len(docs_text) / walls[jobs]:,.0f} articles/s  "
                  f"largest process peak RSS {rss:.0f} MiB")
        print(f"corpus  speed-up 2 jobs vs 1: {walls[1] / walls[2]:.2f}x   identical output: "
              f"{outputs[1] == outputs[2]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="*", type=Path, help="articles or folders of .txt")
    parser.add_argument("--mb", type=float, default=20.0, help="corpus size to build (MB)")
    parser.add_argument("--runs", type=int, default=15, help="latency runs")
    parser.add_argument("--select", default="NL", help="rule selection for throughput")
    parser.add_argument("--extend-select", default="",
                        help="rules added to the corpus runs (e.g. NL210, the corpus-wide rule)")
    parser.add_argument("--phase", choices=("all", "throughput", "latency", "corpus"),
                        default="all")
    args = parser.parse_args()
    texts = load_articles(args.paths or DEFAULT_SOURCES)
    os.environ.setdefault("NEWSLINT_DISABLE_PLUGIN_AUTOLOAD", "1")
    if args.phase in ("all", "throughput"):
        phase_throughput(texts, args.mb, args.select.split(","))
        for family in ("NL1", "NL2", "NL3,NL4", "NL6"):
            phase_throughput(texts, min(args.mb, 10), family.split(","))
    if args.phase in ("all", "latency"):
        phase_latency(ROOT / "tests" / "seeds" / "000_006e05ccad9504e7.txt", args.runs)
    if args.phase in ("all", "corpus"):
        phase_corpus(texts, args.mb, args.extend_select)


if __name__ == "__main__":
    main()
