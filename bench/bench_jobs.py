"""Threads against processes for ``--jobs``: documents per second on a small feed.

Three ways to check the same batches (16 records each, as ``mtqa check`` batches them):
one after another in one process; in a pool of N threads sharing one spaCy pipeline and one
model; in N worker processes (``mtqa.parallel.WorkerPool``, as ``--jobs N`` does), each with its
own pipeline and model and 1/N of the CPUs for torch. Start-up (loading the pipeline and the
model) is timed apart from checking; each way checks the batches twice and the second pass
(every lazy load done) is the one reported. Records: MT news segments from
``../shared/train/train.jsonl`` (see ``bench_feeds.py``).

    .venv/bin/python bench/bench_jobs.py --records 200 --no-model
    HF_HUB_OFFLINE=1 .venv/bin/python bench/bench_jobs.py --records 200
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench_feeds import records, segments

from mtqa.config import Config
from mtqa.document import Document
from mtqa.engine import BATCH_DOCUMENTS, Engine, Outcome
from mtqa.parallel import WorkerPool, cpus
from mtqa.readers.feed import read_jsonl


def batches(count: int) -> list[list[Document]]:
    data = "".join(records(segments(), count)).encode("utf-8")
    documents = [d for d in read_jsonl("bench.jsonl", data, None, "en") if isinstance(d, Document)]
    return [documents[i : i + BATCH_DOCUMENTS] for i in range(0, len(documents), BATCH_DOCUMENTS)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=200)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--no-model", action="store_true")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()

    config = Config(use_model=not args.no_model)
    work = batches(args.records)
    results: dict[str, object] = {
        "records": args.records,
        "jobs": args.jobs,
        "cpus": cpus(),
        "model": not args.no_model,
    }

    def timed(label: str, check: Callable[[], list[list[Outcome]]]) -> list[list[Outcome]]:
        """Check every batch twice; record the first pass and the second (steady) one."""
        for name in (f"{label}_first_pass_s", f"{label}_s"):
            start = time.perf_counter()
            outcomes = check()
            results[name] = round(time.perf_counter() - start, 2)
        return outcomes

    start = time.perf_counter()
    inline = Engine(config)
    _ = inline.signature  # loads the model
    results["startup_inline_s"] = round(time.perf_counter() - start, 1)
    expected = timed("sequential", lambda: [inline.submit(batch).result() for batch in work])

    def threads() -> list[list[Outcome]]:
        with ThreadPoolExecutor(args.jobs) as pool:
            return list(pool.map(inline.check, work))

    threaded = timed("threads", threads)

    start = time.perf_counter()
    workers = WorkerPool(config, args.jobs)
    results["startup_processes_s"] = round(time.perf_counter() - start, 1)
    processed = timed(
        "processes", lambda: [f.result() for f in [workers.submit(batch) for batch in work]]
    )
    workers.close()

    same = [[r.to_dict() for r in batch] for batch in expected]
    results["threads_identical"] = same == [[r.to_dict() for r in b] for b in threaded]
    results["processes_identical"] = same == [[r.to_dict() for r in b] for b in processed]
    for mode in ("sequential", "threads", "processes"):
        results[f"{mode}_docs_per_s"] = round(args.records / float(results[f"{mode}_s"]), 1)
    print(json.dumps(results, indent=2))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
