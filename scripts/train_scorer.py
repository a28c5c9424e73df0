"""Train the sentence scorer shipped as ``mtqa/data/scorer.json``.

    .venv/bin/python scripts/train_scorer.py [--sources 120] [--cache /tmp/mtqa-scorer-sample.jsonl]

The word tagger (``scripts/train_tagger.py``) says which words a rater would mark; this
scorer turns a sentence's model signals and rule findings into the MQM penalty a rater
would give it (minor 1, major 5), which ``score.overall`` is built from.

It reads ``../shared/train/train.jsonl`` (research data, never copied into the
repository), takes every MT system's translation of ``--sources`` randomly chosen
newstest2020 source segments that the tagger never trained on (so the tagger's outputs
here are as it sees new text), runs the whole mtqa pipeline on them with the embedded model
and the source (reference-free, as ``mtqa eval`` does), and fits, for the target-only and
the source-conditioned inputs separately, a ridge regression from the summed sentence
inputs (``mtqa.models.scorer.INPUT_NAMES``) to the segment's mean MQM penalty. A fifth of
the sources is held out to report the fit. newstest2021 (``scripts/heldout_gold.py``) and
the dev set are never read here. Running time goes into the artefact's ``info``.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from train_tagger import HUMAN_SYSTEMS, TRAIN, load_sample  # noqa: E402

TESTSET = "newstest2020"
RIDGE = 10.0
ALLOWANCE_QUANTILE = 0.75  # of the predictions for sentences raters found no error in


def sample(n_sources: int, seed: int) -> list[dict[str, Any]]:
    used = {(r["testset"], r["system"], r["global_seg_id"]) for r in load_sample(8000, 13)}
    by_source: dict[tuple[str, int], list[dict[str, Any]]] = defaultdict(list)
    with TRAIN.open(encoding="utf-8") as stream:
        for line in stream:
            record = json.loads(line)
            if record["testset"] != TESTSET or record["system"] in HUMAN_SYSTEMS:
                continue
            if not record["mt"].strip():
                continue
            if (record["testset"], record["system"], record["global_seg_id"]) in used:
                continue
            by_source[(record["doc_id"], record["seg_idx"])].append(record)
    keys = sorted(k for k, v in by_source.items() if len(v) >= 2)
    random.Random(seed).shuffle(keys)
    return [r for k in keys[:n_sources] for r in by_source[k]]


def dump(records: list[dict[str, Any]], cache: Path) -> float:
    """Run mtqa on every record; write one line per record with its sentences' inputs."""
    from mtqa.analysis import analyse_many
    from mtqa.checks import ALL_CHECKS
    from mtqa.config import Config
    from mtqa.document import Document
    from mtqa.models import lm as lm_module
    from mtqa.models.scorer import sentence_inputs
    from mtqa.runner import report_for, signature
    from mtqa.scoring import rule_points_by_sentence

    config = Config()
    checks = config.enabled(ALL_CHECKS)
    lm = lm_module.load()
    sig = signature(config, checks, lm.identity)
    started = time.perf_counter()
    temporary = cache.with_suffix(".part")
    with temporary.open("w", encoding="utf-8") as out:
        for first in range(0, len(records), 64):
            chunk = records[first : first + 64]
            documents = [
                Document(str(i), str(i), r["mt"], source=r["source"], source_lang="zh")
                for i, r in enumerate(chunk, start=first)
            ]
            for record, analysis in zip(chunk, analyse_many(documents, lm), strict=True):
                report = report_for(analysis, config, checks, sig)
                points = rule_points_by_sentence(report.findings, len(analysis.sentences), config)
                rows = [sentence_inputs(a).tolist() for a in analysis.assessments or ()]
                out.write(
                    json.dumps(
                        {
                            "group": f"{record['doc_id']}|{record['seg_idx']}",
                            "system": record["system"],
                            "mqm": record["mqm"],
                            "score": record["score"],
                            "source_conditioned": True,
                            "inputs": rows,
                            "rule_points": points,
                        }
                    )
                    + "\n"
                )
            done = first + len(chunk)
            rate = done / (time.perf_counter() - started)
            print(
                f"\r{done}/{len(records)} ({rate:.1f} segments/s)",
                end="",
                file=sys.stderr,
                flush=True,
            )
    print(file=sys.stderr)
    seconds = time.perf_counter() - started
    with temporary.open("a", encoding="utf-8") as out:
        out.write(json.dumps({"pipeline_seconds": round(seconds, 1)}) + "\n")
    temporary.replace(cache)
    return seconds


class _Gold:
    def __init__(self, group: str, score: float) -> None:
        self.group, self.score = group, score


def _ridge(x: np.ndarray, y: np.ndarray, alpha: float) -> np.ndarray:
    """Ridge weights in the inputs' own units; column 0 (the constant) is not penalised."""
    mean = x[:, 1:].mean(axis=0)
    scale = x[:, 1:].std(axis=0) + 1e-9
    z = np.concatenate([x[:, :1], (x[:, 1:] - mean) / scale], axis=1)
    penalty = alpha * np.eye(z.shape[1])
    penalty[0, 0] = 0.0
    w = np.linalg.solve(z.T @ z + penalty, z.T @ y)
    raw = np.empty_like(w)
    raw[1:] = w[1:] / scale
    raw[0] = w[0] - float(np.sum(w[1:] * mean / scale))
    return raw


def _metrics(rows: list[dict[str, Any]], predicted: np.ndarray) -> dict[str, float]:
    from mtqa.evaluate import pearson, ranking_accuracy

    gold = [_Gold(r["group"], r["score"]) for r in rows]
    scores = [-float(p) for p in predicted]
    return {
        "ranking_accuracy": ranking_accuracy(gold, scores),
        "pearson": round(pearson(scores, [r["score"] for r in rows]), 4),
    }


def _sentences(row: dict[str, Any]) -> np.ndarray:
    """A segment's sentence inputs, one row per sentence."""
    from mtqa.models.scorer import INPUT_NAMES

    return np.asarray(row["inputs"], dtype=np.float64).reshape(-1, len(INPUT_NAMES))


def _segment_inputs(rows: list[dict[str, Any]]) -> np.ndarray:
    return np.stack([_sentences(r).sum(axis=0) for r in rows])


def _rule_points(rows: list[dict[str, Any]]) -> np.ndarray:
    return np.asarray([sum(r["rule_points"]) for r in rows], dtype=np.float64)


def _fitted(rows: list[dict[str, Any]]) -> Any:
    """A ``Scorer`` fitted on ``rows``: ridge weights, then the allowance, the upper quartile
    of their predictions for the sentences of segments raters found error-free."""
    from mtqa.models.scorer import Scorer

    # the rule findings keep their own points: the model learns what is left of the penalty
    target = np.asarray([r["mqm"] for r in rows]) - _rule_points(rows)
    predicting = Scorer(_ridge(_segment_inputs(rows), target, RIDGE), allowance=0.0, info={})
    clean = [predicting.predicted(x) for r in rows if r["mqm"] == 0 for x in _sentences(r)]
    allowance = round(float(np.quantile(clean, ALLOWANCE_QUANTILE)), 4)
    return Scorer(predicting.weights, allowance=allowance, info={"clean_sentences": len(clean)})


def fit(args: argparse.Namespace, seconds: float | None) -> None:
    from mtqa.models.scorer import INPUT_NAMES, Scorer, to_json

    started = time.perf_counter()
    lines = [json.loads(line) for line in args.cache.open(encoding="utf-8")]
    rows = [r for r in lines if "inputs" in r]
    if seconds is None:  # measured when the cache was written
        seconds = next((r["pipeline_seconds"] for r in lines if "pipeline_seconds" in r), None)
    groups = sorted({r["group"] for r in rows})
    random.Random(args.seed).shuffle(groups)
    held_groups = set(groups[: len(groups) // 5])
    train = [r for r in rows if r["group"] not in held_groups]
    held = [r for r in rows if r["group"] in held_groups]
    x_held = _segment_inputs(held)
    on_train = _fitted(train)
    predicted = np.maximum(x_held @ on_train.weights, 0.0)
    charged = np.asarray([sum(on_train.penalty(x) for x in _sentences(r)) for r in held])
    column = {name: i for i, name in enumerate(INPUT_NAMES)}
    baselines = {
        name: _metrics(held, x_held[:, column[name]])
        for name in ("words", "expected_marked_words", "major_probability", "surprisal")
    }
    baselines["rule_points"] = _metrics(held, _rule_points(held))
    final = _fitted(rows)
    info = {
        "trained_on": (
            f"../shared/train/train.jsonl ({TESTSET}, MT systems, not in the tagger's sample)"
        ),
        "segments": len(rows),
        "sources": len(groups),
        "seed": args.seed,
        "ridge": RIDGE,
        "held_out_sources": len(held_groups),
        "held_out": _metrics(held, predicted + _rule_points(held)),
        "held_out_single_inputs": baselines,
        "held_out_charged": _metrics(held, charged + _rule_points(held)),
        "clean_sentences": final.info["clean_sentences"],
        "pipeline_seconds": None if seconds is None else round(seconds, 1),
        "fit_seconds": round(time.perf_counter() - started, 2),
    }
    scorer = Scorer(weights=final.weights, allowance=final.allowance, info=info)
    args.out.write_text(to_json(scorer) + "\n", encoding="utf-8")
    print(json.dumps(info, indent=1), file=sys.stderr)
    named = dict(zip(INPUT_NAMES, np.round(final.weights, 4).tolist(), strict=True))
    print("weights", named, "allowance", final.allowance, file=sys.stderr)


def _cached_segments(cache: Path) -> int:
    """How many segments ``cache`` holds (another ``--sources`` is another sample)."""
    with cache.open(encoding="utf-8") as stream:
        return sum(1 for line in stream if '"inputs"' in line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=int, default=120)
    parser.add_argument("--seed", type=int, default=29)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/mtqa-scorer-sample.jsonl"))
    parser.add_argument("--out", type=Path, default=ROOT / "mtqa" / "data" / "scorer.json")
    parser.add_argument("--dump-only", action="store_true")
    args = parser.parse_args()
    records = sample(args.sources, args.seed)
    seconds = None
    if not args.cache.exists() or _cached_segments(args.cache) != len(records):
        seconds = dump(records, args.cache)
    if args.dump_only:
        return
    fit(args, seconds)


if __name__ == "__main__":
    main()
