"""Benchmark of one long paragraph: time and peak memory of checking a single-line article.

Each size is one ``mtqa check ARTICLE --no-model --no-cache --format jsonl:FILE`` in a fresh
process; its peak memory is the process's maximum resident set size (``wait4``). The
article is one line of distinct machine-translated news sentences (``mt`` of
``../shared/train/train.jsonl``, or the lines of the bundled fixture articles when
``../shared`` is not there) joined by spaces until it is ``size`` characters long. Nothing
is written into the repository.

    .venv/bin/python bench/bench_long.py                         # 100k, 200k, 1M characters
    .venv/bin/python bench/bench_long.py --sizes 100000 --json out.json
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRAIN = ROOT.parent / "shared" / "train" / "train.jsonl"
FIXTURE_ARTICLES = ROOT / "fixtures" / "articles"


def sentences() -> list[str]:
    """Distinct one-line sentences (or short paragraphs) of machine-translated news."""
    found: dict[str, None] = {}
    if TRAIN.is_file():
        with TRAIN.open(encoding="utf-8") as stream:
            for line in stream:
                mt = " ".join(str(json.loads(line).get("mt") or "").split())
                if mt:
                    found[mt] = None
    else:
        for path in sorted(FIXTURE_ARTICLES.iterdir()):
            for line in path.read_text("utf-8").splitlines():
                if line.strip() and not line.startswith("#"):
                    found[line.strip()] = None
    return list(found)


def article(pool: list[str], size: int) -> str:
    """One line of ``pool``'s sentences joined by spaces, at least ``size`` characters long."""
    parts: list[str] = []
    length = 0
    index = 0
    while length < size:
        piece = pool[index % len(pool)]
        parts.append(piece)
        length += len(piece) + 1
        index += 1
    return " ".join(parts) + "\n"


def measure(path: Path, work: Path) -> dict[str, float]:
    """Wall seconds, peak RSS (MiB) and findings of one ``mtqa check`` in a new process."""
    report = work / "report.jsonl"
    command = [
        sys.executable,
        "-m",
        "mtqa",
        "check",
        str(path),
        "--no-model",
        "--no-cache",
        "--fail-on",
        "never",
        "--quiet",
        "--format",
        f"jsonl:{report}",
    ]
    environment = {**os.environ, "HF_HUB_OFFLINE": "1"}
    start = time.perf_counter()
    process = subprocess.Popen(command, env=environment, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    stderr = process.stderr.read().decode() if process.stderr else ""
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise SystemExit(f"mtqa exited with {code}: {stderr}")
    parsed = json.loads(report.read_text("utf-8").splitlines()[0])
    if parsed.get("schema") != "mtqa.report/1":
        raise SystemExit(f"no report: {parsed}")
    return {
        "seconds": round(seconds, 2),
        "peak_rss_mib": round(usage.ru_maxrss / 1024, 1),
        "sentences": len(parsed["sentences"]),
        "findings": len(parsed["findings"]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 200_000, 1_000_000])
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()

    pool = sentences()
    results: list[dict[str, float]] = []
    with tempfile.TemporaryDirectory(prefix="mtqa-bench-") as folder:
        work = Path(folder)
        for size in args.sizes:
            path = work / f"long-{size}.txt"
            text = article(pool, size)
            path.write_text(text, encoding="utf-8")
            row = {"characters": len(text) - 1, **measure(path, work)}
            path.unlink()
            results.append(row)
            print(json.dumps(row), flush=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
