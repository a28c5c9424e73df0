"""Extract the embedded model's hidden states per word for training the quality-estimation head.

    HF_HUB_OFFLINE=1 .venv/bin/python scripts/extract_states.py --sources 600 \\
        --layers 6 9 12 --out /tmp/mtqa-states/train
    HF_HUB_OFFLINE=1 .venv/bin/python scripts/extract_states.py --split heldout --sources 80 \\
        --layers 6 9 12 --out /tmp/mtqa-states/heldout

Each record (a translation, with the MQM spans its raters marked) is run through the model
twice: after its previous segment (``context``: what an article without a source gives) and
after the source prompt (``source``). The hidden states after each ``--layers`` layer are
averaged over each word's tokens and saved in float16, with the word's soft labels (share
of raters marking an error, a major error), its summed surprisal in both contexts, and the
record's MQM penalty and source key. Output: one ``chunk-NNNN.npz`` per ``--chunk`` records
in ``--out``; a chunk already there is skipped, so an interrupted run resumes. Nothing is
written into the repository.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from qe_data import contexts, read_records, sample_sources, source_key, word_labels  # noqa: E402

from mtqa.models import lm as lm_module  # noqa: E402
from mtqa.models.features import source_prompt, word_surprisals, words_of  # noqa: E402
from mtqa.models.pooling import word_pool  # noqa: E402


def extract_chunk(
    model: Any,
    records: list[dict[str, Any]],
    ctx: dict[str, str],
    layers: list[int],
    with_surprisal: bool,
) -> dict[str, np.ndarray]:
    texts = [r["mt"] for r in records]
    passes = {
        "context": [ctx[r["id"]] + "\n" if r["id"] in ctx else "" for r in records],
        "source": [source_prompt(r["source"], "zh", "en") for r in records],
    }
    pooled: dict[str, list[np.ndarray]] = {name: [] for name in passes}
    surprisal: dict[str, list[np.ndarray]] = {name: [] for name in passes}
    words_per_record = [words_of(t) for t in texts]
    for name, prefixes in passes.items():
        scored = model.score(texts, prefixes, layers=layers, logprobs=with_surprisal)
        for words, scores in zip(words_per_record, scored, strict=True):
            pooled[name].append(word_pool(words, scores.offsets, scores.states))
            total = (
                word_surprisals(words, scores.offsets, scores.logprobs)[0]
                if with_surprisal
                else [np.nan] * len(words)
            )
            surprisal[name].append(np.asarray(total, dtype=np.float32))
    labels = [
        np.asarray(
            list(word_labels(r, [(w.start, w.end) for w in words])), dtype=np.float32
        ).reshape(-1, 2)
        for r, words in zip(records, words_per_record, strict=True)
    ]
    lengths = np.asarray([len(w) for w in words_per_record], dtype=np.int32)
    return {
        "lengths": lengths,
        "context_states": np.concatenate(pooled["context"]).astype(np.float16),
        "source_states": np.concatenate(pooled["source"]).astype(np.float16),
        "context_surprisal": np.concatenate(surprisal["context"]),
        "source_surprisal": np.concatenate(surprisal["source"]),
        "labels": np.concatenate(labels),
        "mqm": np.asarray([float(r["mqm"]) for r in records], dtype=np.float32),
        "meta": np.asarray(
            [
                json.dumps({"id": r["id"], "system": r["system"], "key": list(source_key(r))})
                for r in records
            ]
        ),
        "layers": np.asarray(layers, dtype=np.int32),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=["train", "heldout"], default="train")
    parser.add_argument("--sources", type=int, default=600)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--layers", type=int, nargs="+", default=[6, 9, 12])
    parser.add_argument("--chunk", type=int, default=200)
    parser.add_argument(
        "--surprisal",
        action="store_true",
        help="also run the output layer for word surprisals (three times the cost)",
    )
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    records = read_records()
    ctx = contexts(records)
    chosen = sample_sources(records, args.sources, args.seed, args.split)
    args.out.mkdir(parents=True, exist_ok=True)
    model = lm_module.load()
    print(f"{len(chosen)} records; model {model.identity}", file=sys.stderr, flush=True)
    started = time.monotonic()
    for number, first in enumerate(range(0, len(chosen), args.chunk)):
        path = args.out / f"chunk-{number:04d}.npz"
        if path.exists():
            continue
        data = extract_chunk(
            model, chosen[first : first + args.chunk], ctx, args.layers, args.surprisal
        )
        temp = path.with_suffix(".tmp.npz")
        np.savez(temp, **data)
        temp.replace(path)
        done = min(first + args.chunk, len(chosen))
        rate = done / (time.monotonic() - started)
        print(f"{done}/{len(chosen)} records, {rate:.1f}/s", file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
