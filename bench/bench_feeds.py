"""Benchmark of feeds at scale: records per second and peak memory against feed size, and
the speed-up of a warm result cache.

Each measurement is one ``mtqa check FEED --no-model --format jsonl:FILE`` in a fresh
process; its peak memory is the process's maximum resident set size (``wait4``). Records
are machine-translated news segments (``mt``, ``source``, languages) from
``../shared/train/train.jsonl``, repeated with new ids to reach the size, or the bundled
fixture feeds when ``../shared`` is not there. Nothing is written into the repository.

    .venv/bin/python bench/bench_feeds.py                        # 1k, 10k, 100k records
    .venv/bin/python bench/bench_feeds.py --sizes 1000 200000 --cache-size 0
    .venv/bin/python bench/bench_feeds.py --sizes 1000 --cache-size 1000 --json out.json
    .venv/bin/python bench/bench_feeds.py --sizes 50000 --cache-size 0 --distinct-words

With ``--distinct-words`` every record's translation ends with a made-up word of its own
(" (ref kqzab)"), so the feed has as many distinct words as records, as a feed of names,
places and codes would: this is what the parser's vocabulary grows with.

The cache part checks a feed of ``--cache-size`` records three times with one ``--cache``
folder: cold (empty cache), warm (nothing changed) and with 1% of the records changed.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRAIN = ROOT.parent / "shared" / "train" / "train.jsonl"
FIXTURE_FEED = ROOT / "fixtures" / "feeds" / "news_zh_en.jsonl"


def segments(limit: int = 30_000) -> list[dict[str, str]]:
    """Distinct MT segments with their source and languages."""
    path = TRAIN if TRAIN.is_file() else FIXTURE_FEED
    found: dict[str, dict[str, str]] = {}
    with path.open(encoding="utf-8") as stream:
        for line in stream:
            record = json.loads(line)
            if not record.get("mt") or record["mt"] in found:
                continue
            found[record["mt"]] = {
                "mt": record["mt"],
                "source": record.get("source") or "",
                "src_lang": record.get("src_lang") or "zh",
                "tgt_lang": record.get("tgt_lang") or "en",
            }
            if len(found) >= limit:
                break
    return list(found.values())


def made_up_word(number: int) -> str:
    """A lowercase word of five letters or more, different for every ``number``."""
    letters = ""
    for _ in range(5):
        number, digit = divmod(number, 26)
        letters += chr(ord("a") + digit)
    while number:
        number, digit = divmod(number, 26)
        letters += chr(ord("a") + digit)
    return letters


def records(
    pool: list[dict[str, str]], count: int, changed: int = 0, distinct_words: bool = False
) -> Iterator[str]:
    """``count`` JSONL records cycling through ``pool``; every ``changed``-th one (when not 0)
    gets an edited translation, as a re-run after a small change would see; with
    ``distinct_words``, every translation ends with a made-up word of its own."""
    for number in range(count):
        record = {"id": f"rec-{number:06d}", **pool[number % len(pool)]}
        if changed and number % changed == 0:
            record["mt"] = record["mt"] + " (Updated.)"
        if distinct_words:
            record["mt"] = f"{record['mt']} (ref {made_up_word(number)})"
        yield json.dumps(record, ensure_ascii=False) + "\n"


def write_feed(path: Path, lines: Iterator[str]) -> None:
    with path.open("w", encoding="utf-8") as stream:
        stream.writelines(lines)


def measure(feed: Path, work: Path, *extra: str) -> dict[str, float]:
    """Wall seconds and peak RSS (MiB) of one ``mtqa check`` of ``feed`` in a new process."""
    command = [
        sys.executable,
        "-m",
        "mtqa",
        "check",
        str(feed),
        "--no-model",
        "--fail-on",
        "never",
        "--quiet",
        "--format",
        f"jsonl:{work / 'report.jsonl'}",
        "--out",
        str(work / "out"),
        *extra,
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
    with (work / "report.jsonl").open(encoding="utf-8") as stream:
        lines = sum(1 for _ in stream)
    return {
        "seconds": round(seconds, 2),
        "peak_rss_mib": round(usage.ru_maxrss / 1024, 1),
        "reports": lines,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--cache-size", type=int, default=10_000)
    parser.add_argument(
        "--distinct-words",
        action="store_true",
        help="end every record's translation with a made-up word of its own",
    )
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()

    pool = segments()
    results: dict[str, object] = {"segments_in_pool": len(pool), "sizes": [], "cache": {}}
    with tempfile.TemporaryDirectory(prefix="mtqa-bench-") as folder:
        work = Path(folder)
        for size in args.sizes:
            feed = work / f"feed-{size}.jsonl"
            write_feed(feed, records(pool, size, distinct_words=args.distinct_words))
            run = measure(feed, work, "--no-cache")
            feed.unlink()
            row = {
                "records": size,
                "distinct_words": args.distinct_words,
                **run,
                "records_per_s": round(size / run["seconds"], 1),
            }
            results["sizes"].append(row)  # type: ignore[attr-defined]
            print(json.dumps(row), flush=True)
        if args.cache_size:
            feed = work / "feed-cache.jsonl"
            cache = work / "cache"
            write_feed(feed, records(pool, args.cache_size))
            cold = measure(feed, work, "--cache", str(cache))
            warm = measure(feed, work, "--cache", str(cache))
            write_feed(feed, records(pool, args.cache_size, changed=100))
            changed = measure(feed, work, "--cache", str(cache))
            results["cache"] = {
                "records": args.cache_size,
                "cold": cold,
                "warm": warm,
                "one_percent_changed": changed,
                "warm_speedup": round(cold["seconds"] / warm["seconds"], 1),
                "changed_speedup": round(cold["seconds"] / changed["seconds"], 1),
            }
            print(json.dumps(results["cache"]), flush=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
