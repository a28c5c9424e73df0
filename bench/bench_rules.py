"""Benchmark of the rule-based path (``--no-model``): sentences per second and peak memory.

Input: realistic machine-translated news articles rebuilt at run time from
``../shared/train/train.jsonl`` (the ``mt`` segments of one MT system, grouped by document,
one sentence per line as scraped articles are), plus the bundled fixture articles. The data
is read from ``../shared``; nothing of it is written into the repository.

    .venv/bin/python bench/bench_rules.py                 # default: 200 articles
    .venv/bin/python bench/bench_rules.py --articles 50

It also times ``mtqa --help`` start-up (median of 5 runs in fresh processes).
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRAIN = ROOT.parent / "shared" / "train" / "train.jsonl"


def load_articles(limit: int) -> list[str]:
    """Articles translated by the MT systems of newstest2021: the segments of one document
    by one system, in order, a paragraph each."""
    docs: dict[tuple[str, str], list[tuple[int, str]]] = defaultdict(list)
    with TRAIN.open(encoding="utf-8") as stream:
        for line in stream:
            record = json.loads(line)
            if record["testset"] != "newstest2021" or record["system"].startswith("ref-"):
                continue
            docs[(record["system"], record["doc_id"])].append((record["seg_idx"], record["mt"]))
    articles = ["\n\n".join(mt for _, mt in sorted(segs)) for segs in docs.values()]
    return articles[:limit]


def startup_seconds() -> float:
    runs = []
    for _ in range(5):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "mtqa", "--help"], capture_output=True, check=True)
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    args = parser.parse_args()

    help_time = startup_seconds()

    from mtqa import nlp
    from mtqa.checks import ALL_CHECKS
    from mtqa.config import Config
    from mtqa.document import Document
    from mtqa.engine import BATCH_DOCUMENTS
    from mtqa.runner import run_many, signature

    articles = load_articles(args.articles)
    articles += [
        p.read_text("utf-8")
        for p in sorted((ROOT / "fixtures" / "articles").glob("*"))
        if p.suffix in (".txt", ".md")
    ]
    config = Config(use_model=False)
    checks = config.enabled(ALL_CHECKS)
    sig = signature(config, checks)
    load_start = time.perf_counter()
    nlp.english()
    nlp.identify_language("warm up the language identifier")
    load_time = time.perf_counter() - load_start

    start = time.perf_counter()
    sentences = words = findings = 0
    documents = [Document(str(i), str(i), text) for i, text in enumerate(articles)]
    for first in range(0, len(documents), BATCH_DOCUMENTS):  # as `mtqa check` batches them
        for report in run_many(documents[first : first + BATCH_DOCUMENTS], config, checks, sig):
            assert not isinstance(report, Exception), report
            sentences += len(report.sentences)
            words += report.words
            findings += len(report.findings)
    elapsed = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result = {
        "articles": len(articles),
        "sentences": sentences,
        "words": words,
        "findings": findings,
        "seconds": round(elapsed, 2),
        "sentences_per_second": round(sentences / elapsed, 1),
        "words_per_second": round(words / elapsed, 1),
        "pipeline_load_seconds": round(load_time, 2),
        "peak_rss_mb": round(peak_mb, 1),
        "help_startup_seconds": round(help_time, 3),
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
