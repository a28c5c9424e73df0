"""Train the word tagger and sentence model shipped as ``mtqa/data/tagger.json``.

    .venv/bin/python scripts/train_tagger.py [--segments 6000] [--cache /tmp/mtqa-train.npz]

Reads ``../shared/train/train.jsonl`` (WMT 2020-2022 zh-en news with professional MQM error
spans; research data, never copied into the repository), scores a fixed random sample of
its MT segments with the embedded language model, and fits:

1. a word tagger: a one-hidden-layer network (16 features -> 32 ReLU -> 1) predicting
   whether a word lies inside an error span marked by any rater (weighted cross-entropy);
2. a sentence model: logistic regression over aggregates of the word probabilities,
   predicting whether a majority of the segment's raters marked a major error.

Thresholds are chosen on a held-out tenth of the sample: the span threshold maximises
character-level F1 against the union of raters, the sentence threshold is the lowest with a
held-out precision of at least 0.55. The dev set (``../shared/eval``) is never read here.
Training time and held-out metrics are written into the artefact's ``info``.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import random
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mtqa.models.features import (  # noqa: E402
    Tagger,
    sentence_aggregate,
    source_prompt,
    to_json,
    word_features,
)

TRAIN = ROOT.parent / "shared" / "train" / "train.jsonl"
HUMAN_SYSTEMS = ("Human-A.0", "Human-B.0", "ref-A", "ref-B")
SPAN_PRECISION = 0.55  # held-out (news) character precision the span threshold must reach
SENTENCE_PRECISION = 0.65  # held-out precision the major-error threshold must reach


def load_sample(n: int, seed: int) -> list[dict]:
    records = []
    with TRAIN.open(encoding="utf-8") as stream:
        for line in stream:
            record = json.loads(line)
            if record["system"] in HUMAN_SYSTEMS or not record["mt"].strip():
                continue
            records.append(record)
    random.Random(seed).shuffle(records)
    return records[:n]


def labels_for(record: dict, words: list) -> np.ndarray:
    marked = np.zeros(len(record["mt"]) + 1, dtype=bool)
    for error in record["errors"]:
        marked[error["start"] : error["end"]] = True
    return np.asarray([marked[w.start : w.end].any() for w in words], dtype=np.float32)


def has_major(record: dict) -> bool:
    raters = record["raters"] or ["?"]
    majors = {e["rater"] for e in record["errors"] if e["severity"] == "Major"}
    return len(majors) * 2 >= len(raters) and bool(majors)


def score_records(
    records: list[dict], cache: Path | None, with_source: bool = False
) -> tuple[list[tuple[list, list]], float | None]:
    """LM token offsets and log-probabilities for every record, alone or after the source
    prompt (cached on disk, keyed by the sample size), and the seconds the scoring took."""
    if cache and cache.exists():
        data = np.load(cache, allow_pickle=True)
        if int(data["n"]) == len(records):
            print(f"using cached LM scores from {cache}", file=sys.stderr)
            seconds = float(data["seconds"]) if "seconds" in data else None
            return list(data["scores"]), seconds
    from mtqa.models import lm as lm_module

    model = lm_module.load()
    start = time.perf_counter()
    scores = []
    batch = 256
    for first in range(0, len(records), batch):
        chunk = records[first : first + batch]
        texts = [r["mt"] for r in chunk]
        prompts = [source_prompt(r["source"], "zh") for r in chunk] if with_source else None
        for result in model.score(texts, prompts):
            scores.append((list(result.offsets), list(result.logprobs)))
        done = first + len(texts)
        rate = done / (time.perf_counter() - start)
        print(f"\rscored {done}/{len(records)} ({rate:.1f} segments/s)", end="", file=sys.stderr)
    print(file=sys.stderr)
    array = np.empty(len(scores), dtype=object)
    array[:] = scores
    seconds = time.perf_counter() - start
    if cache:
        np.savez(cache, n=len(records), scores=array, seconds=seconds)
    return scores, seconds


def train_mlp(x: np.ndarray, y: np.ndarray, hidden: int, seed: int) -> dict[str, np.ndarray]:
    import torch

    torch.manual_seed(seed)
    xt, yt = torch.tensor(x), torch.tensor(y)
    model = torch.nn.Sequential(
        torch.nn.Linear(x.shape[1], hidden), torch.nn.ReLU(), torch.nn.Linear(hidden, 1)
    )
    loss_fn = torch.nn.BCEWithLogitsLoss()  # unweighted: the probabilities stay calibrated
    optimiser = torch.optim.Adam(model.parameters(), lr=0.01, weight_decay=1e-4)
    for _ in range(400):
        optimiser.zero_grad()
        loss = loss_fn(model(xt).squeeze(1), yt)
        loss.backward()
        optimiser.step()
    layer1, layer2 = model[0], model[2]
    return {
        "w1": layer1.weight.detach().numpy().T.copy(),
        "b1": layer1.bias.detach().numpy().copy(),
        "w2": layer2.weight.detach().numpy()[0].copy(),
        "b2": float(layer2.bias.detach().numpy()[0]),
    }


def train_logistic(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float]:
    import torch

    xt, yt = torch.tensor(x), torch.tensor(y)
    linear = torch.nn.Linear(x.shape[1], 1)
    optimiser = torch.optim.LBFGS(linear.parameters(), max_iter=200)
    loss_fn = torch.nn.BCEWithLogitsLoss()

    def closure() -> torch.Tensor:
        optimiser.zero_grad()
        loss = loss_fn(linear(xt).squeeze(1), yt) + 1e-3 * linear.weight.pow(2).sum()
        loss.backward()
        return loss

    optimiser.step(closure)
    return linear.weight.detach().numpy()[0].copy(), float(linear.bias.detach().numpy()[0])


def char_f1(records, words_list, probs_list, threshold: float) -> tuple[float, float, float]:
    tp = fp = fn = 0
    for record, words, probs in zip(records, words_list, probs_list, strict=True):
        gold = set()
        for error in record["errors"]:
            gold.update(range(error["start"], error["end"]))
        predicted = set()
        for w, p in zip(words, probs, strict=True):
            if p >= threshold and w.text[0].isalnum():
                predicted.update(range(w.start, w.end))
        tp += len(predicted & gold)
        fp += len(predicted - gold)
        fn += len(gold - predicted)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def fit_variant(records, scores, source_scores, seed: int) -> Tagger:
    """Train one tagger (with source features when ``source_scores`` is given)."""
    started = time.perf_counter()
    features, labels, words_list = [], [], []
    for i, (record, (offsets, logprobs)) in enumerate(zip(records, scores, strict=True)):
        conditioned = source_scores[i][1] if source_scores is not None else None
        words, matrix = word_features(record["mt"], offsets, logprobs, conditioned)
        features.append(matrix)
        labels.append(labels_for(record, words))
        words_list.append(words)
    cut = len(records) * 9 // 10
    x_train = np.concatenate(features[:cut])
    y_train = np.concatenate(labels[:cut])
    mean = x_train.mean(axis=0)
    scale = x_train.std(axis=0) + 1e-6
    weights = train_mlp((x_train - mean) / scale, y_train, hidden=32, seed=seed)
    tagger = Tagger(
        mean=mean,
        scale=scale,
        w1=weights["w1"],
        b1=weights["b1"],
        w2=weights["w2"],
        b2=weights["b2"],
        sentence_weights=np.zeros(7, dtype=np.float32),
        sentence_bias=0.0,
        thresholds={},
        info={},
    )
    probs_list = [tagger.word_probabilities(m) for m in features]
    aggregates = np.stack(
        [sentence_aggregate(p, m) for p, m in zip(probs_list, features, strict=True)]
    )
    majors = np.asarray([has_major(r) for r in records], dtype=np.float32)
    agg_mean, agg_scale = aggregates[:cut].mean(axis=0), aggregates[:cut].std(axis=0) + 1e-6
    w, b = train_logistic((aggregates[:cut] - agg_mean) / agg_scale, majors[:cut])
    sentence_weights = (w / agg_scale).astype(np.float32)
    sentence_bias = float(b - np.sum(w * agg_mean / agg_scale))

    held = slice(cut, None)
    # The span threshold: the lowest whose held-out character precision reaches SPAN_PRECISION
    # (precision over recall: an editor should trust a flag).
    span_threshold, span_stats = 0.95, (0.0, 0.0, 0.0)
    for t in np.arange(0.30, 0.96, 0.01):
        stats = char_f1(records[held], words_list[held], probs_list[held], float(t))
        if stats[0] >= SPAN_PRECISION:
            span_threshold, span_stats = float(t), stats
            break
    sentence_probs = 1 / (1 + np.exp(-(aggregates[held] @ sentence_weights + sentence_bias)))
    gold_major = majors[held].astype(bool)
    sentence_threshold, sent_stats = 0.99, (0.0, 0.0)
    for t in np.arange(0.05, 0.99, 0.01):
        flagged = sentence_probs >= t
        if not flagged.any():
            break
        precision = float((flagged & gold_major).sum() / flagged.sum())
        recall = float((flagged & gold_major).sum() / max(gold_major.sum(), 1))
        if precision >= SENTENCE_PRECISION:
            sentence_threshold, sent_stats = float(t), (precision, recall)
            break
    return dataclasses.replace(
        tagger,
        sentence_weights=sentence_weights,
        sentence_bias=sentence_bias,
        thresholds={"span": round(span_threshold, 3), "sentence": round(sentence_threshold, 3)},
        info={
            "segments": len(records),
            "held_out_segments": len(records) - cut,
            "word_positive_rate": round(float(y_train.mean()), 4),
            "held_out_span_char_precision_recall_f1": [round(v, 4) for v in span_stats],
            "held_out_sentence_major_precision_recall": [round(v, 4) for v in sent_stats],
            "fit_seconds": round(time.perf_counter() - started, 1),
        },
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=8000)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/mtqa-train-scores.npz"))
    parser.add_argument(
        "--source-cache", type=Path, default=Path("/tmp/mtqa-train-source-scores.npz")
    )
    parser.add_argument("--out", type=Path, default=ROOT / "mtqa" / "data" / "tagger.json")
    args = parser.parse_args()
    started = time.perf_counter()
    records = load_sample(args.segments, args.seed)
    scores, alone_seconds = score_records(records, args.cache)
    source_scores, source_seconds = score_records(records, args.source_cache, with_source=True)
    from mtqa.models import lm as lm_module

    common = {
        "trained_on": "../shared/train/train.jsonl (MT systems only, random sample)",
        "seed": args.seed,
        "model": lm_module.load().identity,
        # measured when the scores were computed (cached runs report the original times)
        "lm_scoring_seconds_alone": None if alone_seconds is None else round(alone_seconds, 1),
        "lm_scoring_seconds_with_source": (
            None if source_seconds is None else round(source_seconds, 1)
        ),
    }
    taggers = {}
    for name, conditioned in (("target", None), ("source", source_scores)):
        tagger = fit_variant(records, scores, conditioned, args.seed)
        taggers[name] = dataclasses.replace(tagger, info={**common, **tagger.info})
        print(name, json.dumps(taggers[name].info), file=sys.stderr)
    args.out.write_text(to_json(taggers) + "\n", encoding="utf-8")
    print(f"wrote {args.out} in {time.perf_counter() - started:.0f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
