"""Write an in-domain held-out gold file for ``mtqa eval`` from ``../shared/train/train.jsonl``.

    .venv/bin/python scripts/heldout_gold.py [--sources 80] [--out /tmp/mtqa-heldout.jsonl]
    HF_HUB_OFFLINE=1 .venv/bin/mtqa eval /tmp/mtqa-heldout.jsonl

The dev set (``../shared/eval/dev.jsonl``, TED talks) measures mtqa out of its training
domain. This file measures it in domain: newstest2021 news segments (one professional rater
per segment, as in dev), every MT system's translation of ``--sources`` randomly chosen
source segments of the newstest2021 *documents* that ``scripts/qe_data.py`` holds out of
training (whole documents, so no sentence of them nor its neighbour was trained on). The
records keep their human ``reference``, which ``mtqa eval`` checks as the clean side. The
training data stays in ``../shared``: the file is written outside the repository.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from qe_data import HUMAN_SYSTEMS, read_records, sample_sources


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=int, default=80)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=Path("/tmp/mtqa-heldout.jsonl"))
    args = parser.parse_args()
    records = [r for r in read_records() if r["system"] not in HUMAN_SYSTEMS]
    chosen = sample_sources(records, args.sources, args.seed, "heldout")
    with args.out.open("w", encoding="utf-8") as out:
        for record in chosen:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"wrote {len(chosen)} records ({args.sources} sources) to {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
