"""The acceptance run of issue 6: a large feed with malformed lines, plus a binary file, a
latin-1 file, an empty file and a 3 MB article, in one ``mtqa check --no-model`` run.

It checks that every valid document is reported, every bad one is named with its line, no
traceback is printed and the exit code is 2, and it prints the run's wall time and peak
memory (maximum resident set size of the mtqa process). Records are MT news segments from
``../shared/train/train.jsonl`` (or the fixture feed); nothing is written into the repository.

    .venv/bin/python bench/acceptance.py                   # 20,000 records
    .venv/bin/python bench/acceptance.py --records 2000 --article-mb 0.5
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

from bench_feeds import records, segments

ROOT = Path(__file__).resolve().parent.parent
BAD = ROOT / "fixtures" / "bad"
SEED = ROOT / "fixtures" / "articles" / "seed_putin.txt"
MALFORMED = {
    101: '{"id": "cut-off", "mt": "The talks\n',
    5_001: "\x00\x07garbage from a broken upload\n",
    12_345: '{"id": "no-translation", "source": "..."}\n',
    19_999: "[1, 2, 3]\n",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--article-mb", type=float, default=3.0)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="mtqa-acceptance-") as folder:
        work = Path(folder)
        feed = work / "feed.jsonl"
        bad_lines = {n: line for n, line in MALFORMED.items() if n <= args.records}
        with feed.open("w", encoding="utf-8") as stream:
            for number, line in enumerate(records(segments(), args.records), start=1):
                stream.write(bad_lines.get(number, line))
        article = work / "long_article.txt"
        seed = SEED.read_text("utf-8")
        article.write_text(seed * int(args.article_mb * 1e6 / len(seed)), encoding="utf-8")
        inputs = [feed, BAD / "pixel.png", BAD / "latin1_cafe_reopens.txt", BAD / "empty.txt"]
        inputs.append(article)
        report = work / "report.jsonl"
        command = [
            sys.executable,
            "-m",
            "mtqa",
            "check",
            *map(str, inputs),
            "--no-model",
            "--no-cache",
            "--format",
            f"jsonl:{report}",
            "--out",
            str(work / "out"),
        ]
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        stderr = process.stderr.read().decode() if process.stderr else ""
        code = os.waitstatus_to_exitcode(status)
        outcomes = [json.loads(line) for line in report.read_text("utf-8").splitlines()]
        reports = [o for o in outcomes if o["schema"] == "mtqa.report/1"]
        errors = [
            (o["path"], o["line"], o["error"]) for o in outcomes if o["schema"] != "mtqa.report/1"
        ]
        expected_reports = args.records - len(bad_lines) + 2  # + the latin-1 file and article
        expected_errors = {(str(feed), n) for n in bad_lines} | {
            (str(BAD / "pixel.png"), None),
            (str(BAD / "empty.txt"), None),
        }
        checks = {
            "exit code 2": code == 2,
            "no traceback": "Traceback" not in stderr,
            "every valid document reported": len(reports) == expected_reports,
            "every bad one named with its line": {(p, n) for p, n, _ in errors} == expected_errors,
            "errors on stderr": all(
                f"{p}:{n}: " in stderr if n else f"{p}: " in stderr for p, n, _ in errors
            ),
        }
        print(
            json.dumps(
                {
                    "records": args.records,
                    "article_mb": round(article.stat().st_size / 1e6, 2),
                    "seconds": round(seconds, 1),
                    "peak_rss_mib": round(usage.ru_maxrss / 1024, 1),
                    "reports": len(reports),
                    "errors": [f"{p}:{n}: {e}" if n else f"{p}: {e}" for p, n, e in errors],
                    "checks": checks,
                },
                indent=2,
            )
        )
        if not all(checks.values()):
            raise SystemExit("acceptance failed")


if __name__ == "__main__":
    main()
