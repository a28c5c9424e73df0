"""Write an in-domain held-out gold file for ``mtqa eval`` from ``../shared/train/train.jsonl``.

    .venv/bin/python scripts/heldout_gold.py [--sources 80] [--out /tmp/mtqa-heldout.jsonl]
    HF_HUB_OFFLINE=1 .venv/bin/mtqa eval /tmp/mtqa-heldout.jsonl

The dev set (``../shared/eval/dev.jsonl``, TED talks) measures mtqa out of its training
domain. This file measures it in domain: newstest2021 news segments (one professional rater
per segment, as in dev), every MT system's translation of ``--sources`` randomly chosen
source segments, leaving out every record that ``scripts/train_tagger.py`` trained on (its
fixed random sample), so nothing here was seen in training. The training data stays in
``../shared``: the file is written outside the repository.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from train_tagger import HUMAN_SYSTEMS, TRAIN, load_sample


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=int, default=80)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--tagger-segments", type=int, default=8000)
    parser.add_argument("--tagger-seed", type=int, default=13)
    parser.add_argument("--out", type=Path, default=Path("/tmp/mtqa-heldout.jsonl"))
    args = parser.parse_args()
    trained = {r["id"] for r in load_sample(args.tagger_segments, args.tagger_seed)}
    by_source: dict[tuple[str, int], list[dict]] = defaultdict(list)
    with TRAIN.open(encoding="utf-8") as stream:
        for line in stream:
            record = json.loads(line)
            if (
                record["testset"] != "newstest2021"
                or record["system"] in HUMAN_SYSTEMS
                or not record["mt"].strip()
                or record["id"] in trained
            ):
                continue
            by_source[(record["doc_id"], record["seg_idx"])].append(record)
    keys = sorted(by_source)
    random.Random(args.seed).shuffle(keys)
    chosen = [r for key in keys[: args.sources] for r in by_source[key]]
    with args.out.open("w", encoding="utf-8") as out:
        for record in chosen:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"wrote {len(chosen)} records ({args.sources} sources) to {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
