"""Train the quality-estimation heads (``mtqa/models/head.py``) on extracted hidden states.

The shipped heads come from:

    HF_HUB_OFFLINE=1 .venv/bin/python scripts/extract_states.py --sources 300 \\
        --layers 9 13 17 --chunk 100 --out /tmp/mtqa-states/train
    .venv/bin/python scripts/train_head.py --states /tmp/mtqa-states/train --epochs 8 \\
        --chunks 11 --select-by sentence --role spans
    .venv/bin/python scripts/train_head.py --states /tmp/mtqa-states/train --epochs 8 \\
        --role score

Reads the chunks ``scripts/extract_states.py`` wrote, holds out a fifth of their sources
(all systems of a source together) to choose the epoch and the thresholds, trains one head
per context (``context``: after the previous sentence; ``source``: after the source prompt)
and writes them for their role (``--role``): ``mtqa/data/head-VARIANT.npz`` for S901's spans
and major flags, ``mtqa/data/score-VARIANT.npz`` for the sentence penalty.

The epoch is chosen (``--select-by``) by ranking accuracy plus Pearson correlation, on the
held-out fifth, of the sentences' expected penalty from their words
(``head.expected_penalty``; ``score``) or of the sentence output (``sentence``), or by the
words' average precision (``spans``). ``word_scale`` (least squares through zero) turns the
expected penalty into MQM points.

Losses, summed: the words' soft labels (share of raters marking an error / a major error),
binary cross-entropy with the rare major class weighted up; the sentence penalty
(``log1p`` MQM points, squared error); the sentence's major-error share (cross-entropy);
and a pairwise ranking loss between the translations of one source whose human penalties
differ (logistic loss on the difference of predicted penalties), which is what teaches the
head to order translations rather than only to estimate their level.

The ``allowance`` is the median penalty the head predicts for the human translations of
the held-out fifth: raters mark something in most professional translations too, and a
sentence is charged only (smoothly) what its prediction exceeds that.

Thresholds (chosen on the held-out fifth): ``span`` is the word probability above which a
word is flagged, the lowest one at which word-level precision reaches ``--span-precision``
and, when ``--human-spans`` is given, no more than that share of the human translations'
sentences get a span (off by default: the README's evaluation says what a limit cost);
``sentence`` is the sentence major-error probability above which a flag is major, the
lowest one at which sentence-level major precision reaches ``--major-precision`` and no more
than ``--human-flagged`` of the human translations' sentences are flagged major.
"""

from __future__ import annotations

import argparse
import glob
import json
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np
import torch

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from qe_data import HUMAN_SYSTEMS, read_records  # noqa: E402

from mtqa.models.features import words_of  # noqa: E402
from mtqa.models.head import (  # noqa: E402
    ROLES,
    VARIANTS,
    HeadWeights,
    QualityHead,
    expected_penalty,
    head_file,
    lexical_features,
    to_arrays,
)

DATA = ROOT / "mtqa" / "data"


def load_states(
    folder: Path, variant: str, layers: list[int], chunks: int | None = None
) -> list[dict[str, Any]]:
    """One item per record of the first ``chunks`` chunks (all by default): its inputs
    [words, features] (states of ``layers``, which the chunks must hold), labels, MQM, key,
    system."""
    texts = {r["id"]: r["mt"] for r in read_records()}
    items = []
    for path in sorted(glob.glob(str(folder / "chunk-*.npz")))[:chunks]:
        with np.load(path, allow_pickle=False) as chunk:
            stored = [int(v) for v in chunk["layers"]]
            picked = [stored.index(layer) for layer in layers]
            states = chunk[f"{variant}_states"][:, picked].astype(np.float32)
            labels = chunk["labels"]
            lengths = chunk["lengths"]
            mqm = chunk["mqm"]
            meta = [json.loads(str(m)) for m in chunk["meta"]]
        starts = np.concatenate([[0], np.cumsum(lengths)])
        for i, m in enumerate(meta):
            words = words_of(texts[m["id"]])
            s, e = starts[i], starts[i + 1]
            if e == s:
                continue
            flat = states[s:e].reshape(e - s, -1)
            x = np.concatenate([flat, lexical_features(words)], axis=1)
            items.append(
                {
                    "x": x,
                    "y": labels[s:e],
                    "mqm": float(mqm[i]),
                    "key": tuple(m["key"]),
                    "system": m["system"],
                    "id": m["id"],
                    "alnum": np.asarray([w.text[0].isalnum() for w in words]),
                }
            )
    return items


def split(items: list[dict[str, Any]], seed: int) -> tuple[list[Any], list[Any]]:
    keys = sorted({it["key"] for it in items})
    rng = np.random.default_rng(seed)
    rng.shuffle(keys)
    valid = set(keys[: max(1, len(keys) // 5)])
    return [it for it in items if it["key"] not in valid], [
        it for it in items if it["key"] in valid
    ]


def batches(items: list[dict[str, Any]], rng: np.random.Generator, sources: int) -> Any:
    """Batches of ``sources`` whole source groups (every system of a source together)."""
    groups: dict[Any, list[int]] = defaultdict(list)
    for i, it in enumerate(items):
        groups[it["key"]].append(i)
    keys = list(groups)
    rng.shuffle(keys)
    for first in range(0, len(keys), sources):
        yield [i for key in keys[first : first + sources] for i in groups[key]]


def tensors(
    items: list[dict[str, Any]], index: list[int], mean: np.ndarray, scale: np.ndarray
) -> Any:
    longest = max(len(items[i]["x"]) for i in index)
    width = mean.shape[0]
    x = np.zeros((len(index), longest, width), dtype=np.float32)
    y = np.zeros((len(index), longest, 2), dtype=np.float32)
    mask = np.zeros((len(index), longest), dtype=np.float32)
    for row, i in enumerate(index):
        n = len(items[i]["x"])
        x[row, :n] = items[i]["z"] if "z" in items[i] else (items[i]["x"] - mean) / scale
        y[row, :n] = items[i]["y"]
        mask[row, :n] = 1
    mqm = np.asarray([items[i]["mqm"] for i in index], dtype=np.float32)
    major = np.asarray([items[i]["y"][:, 1].max() for i in index], dtype=np.float32)
    keys = [items[i]["key"] for i in index]
    return (
        torch.from_numpy(x),
        torch.from_numpy(y),
        torch.from_numpy(mask),
        torch.from_numpy(mqm),
        torch.from_numpy(major),
        keys,
    )


def losses(
    network: QualityHead, batch: Any, major_weight: float, rank_weight: float
) -> torch.Tensor:
    x, y, mask, mqm, major, keys = batch
    word_logits, sentence = network(x, mask)
    weights = torch.stack([torch.ones_like(mask), torch.full_like(mask, major_weight)], dim=-1)
    bce = torch.nn.functional.binary_cross_entropy_with_logits(word_logits, y, reduction="none")
    word_loss = (bce * weights * mask.unsqueeze(-1)).sum() / mask.sum()
    target = torch.log1p(mqm)
    penalty_loss = torch.nn.functional.mse_loss(sentence[:, 0], target)
    major_loss = torch.nn.functional.binary_cross_entropy_with_logits(sentence[:, 1], major)
    # ranking: every pair of translations of one source whose human penalties differ
    same = torch.tensor([[a == b for b in keys] for a in keys])
    differ = (mqm.unsqueeze(0) - mqm.unsqueeze(1)).abs() > 0.5
    pairs = same & differ
    rank_loss = torch.tensor(0.0)
    if pairs.any():
        worse = (mqm.unsqueeze(1) > mqm.unsqueeze(0)).float() * 2 - 1  # +1 when row is worse
        margin = (sentence[:, 0].unsqueeze(1) - sentence[:, 0].unsqueeze(0)) * worse
        rank_loss = torch.nn.functional.softplus(-margin)[pairs].mean()
    return word_loss + penalty_loss + 0.5 * major_loss + rank_weight * rank_loss


def predict(
    network: QualityHead, items: list[dict[str, Any]], mean: np.ndarray, scale: np.ndarray
) -> Any:
    network.eval()
    word_p, penalty, major = [], [], []
    with torch.inference_mode():
        for first in range(0, len(items), 256):
            index = list(range(first, min(first + 256, len(items))))
            x, _, mask, _, _, _ = tensors(items, index, mean, scale)
            w, s = network(x, mask)
            wp = torch.sigmoid(w).numpy()
            for row, i in enumerate(index):
                word_p.append(wp[row, : len(items[i]["x"])])
            penalty += np.expm1(s[:, 0].clamp(min=0).numpy()).tolist()
            major += torch.sigmoid(s[:, 1]).numpy().tolist()
    network.train()
    return word_p, np.asarray(penalty), np.asarray(major)


def ranking_accuracy(items: list[dict[str, Any]], predicted: np.ndarray) -> float:
    groups: dict[Any, list[int]] = defaultdict(list)
    for i, it in enumerate(items):
        if it["system"] not in HUMAN_SYSTEMS:
            groups[it["key"]].append(i)
    right = total = 0.0
    for index in groups.values():
        for a in index:
            for b in index:
                if items[a]["mqm"] < items[b]["mqm"]:  # a is better
                    total += 1
                    pa, pb = predicted[a], predicted[b]
                    right += 1.0 if pa < pb else 0.5 if pa == pb else 0.0
    return right / max(total, 1)


def expected_penalties(word_p: list[np.ndarray]) -> np.ndarray:
    """Each sentence's unscaled expected penalty from its words (``head.expected_penalty``)."""
    return np.asarray([expected_penalty(p[:, 0], p[:, 1]) for p in word_p])


def word_average_precision(items: list[dict[str, Any]], word_p: list[np.ndarray]) -> float:
    """Average precision of P(any error) for the words S901 can flag (letters and digits)
    marked by at least half the raters, over every translation, human ones included."""
    p = np.concatenate([w[:, 0][it["alnum"]] for w, it in zip(word_p, items, strict=True)])
    y = np.concatenate([it["y"][:, 0][it["alnum"]] for it in items]) >= 0.5
    order = np.argsort(-p, kind="stable")
    hits = y[order]
    if not hits.any():
        return 0.0
    precision_at = np.cumsum(hits) / np.arange(1, len(hits) + 1)
    return float(precision_at[hits].mean())


def pearson(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.corrcoef(a, b)[0, 1])


def choose_thresholds(
    items: list[dict[str, Any]],
    word_p: list[np.ndarray],
    major: np.ndarray,
    span_precision: float,
    major_precision: float,
    human_flagged: float,
    human_spans: float,
) -> dict[str, float]:
    """The span and sentence thresholds (see the module docstring), with the precision and
    recall at each candidate printed."""
    grid = np.round(np.arange(0.05, 0.96, 0.01), 2)
    flat_p = np.concatenate([p[:, 0] for p in word_p])
    flat_y = np.concatenate([it["y"][:, 0] for it in items]) >= 0.5
    human = np.asarray([it["system"] in HUMAN_SYSTEMS for it in items])
    # the highest probability of a word S901 can flag (it skips punctuation)
    peaks = np.asarray(
        [float(p[:, 0][it["alnum"]].max(initial=0.0)) for p, it in zip(word_p, items, strict=True)]
    )
    span_rows = []
    for t in grid:
        flagged = flat_p >= t
        tp = float((flagged & flat_y).sum())
        precision = tp / max(flagged.sum(), 1)
        recall = tp / max(flat_y.sum(), 1)
        humans = float((peaks[human] >= t).mean()) if human.any() else 0.0
        span_rows.append((float(t), precision, recall, int(flagged.sum()), humans))
    precise = [
        r for r in span_rows if r[1] >= span_precision and r[3] >= 20 and r[4] <= human_spans
    ]
    span = min(precise)[0] if precise else max(span_rows, key=lambda r: _f1(r[1], r[2]))[0]
    has_major = np.asarray([it["y"][:, 1].max() >= 0.5 for it in items])
    sentence_rows = []
    for t in grid:
        flagged = major >= t
        machine = flagged & ~human
        precision = float(has_major[machine].mean()) if machine.any() else 1.0
        recall = float((machine & has_major).sum() / max((has_major & ~human).sum(), 1))
        humans = float(flagged[human].mean()) if human.any() else 0.0
        sentence_rows.append((float(t), precision, recall, humans))
    quiet = [r for r in sentence_rows if r[3] <= human_flagged]
    good = [r for r in quiet if r[1] >= major_precision]
    sentence = min(good)[0] if good else (min(quiet)[0] if quiet else 0.95)
    for (t, p, r, n, hs), (_, sp, sr, h) in zip(span_rows[::5], sentence_rows[::5], strict=True):
        print(
            f"    t={t:.2f} words P {p:.2f} R {r:.2f} ({n}) humans with a span {hs:.2f} | "
            f"sentences P {sp:.2f} R {sr:.2f} humans flagged {h:.2f}",
            file=sys.stderr,
        )
    return {"span": span, "sentence": sentence}


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def train_variant(
    items: list[dict[str, Any]], args: argparse.Namespace, layers: list[int]
) -> HeadWeights:
    torch.manual_seed(args.seed)
    rng = np.random.default_rng(args.seed)
    train, valid = split(items, args.seed)
    stacked = np.concatenate([it["x"] for it in train])
    mean = stacked.mean(axis=0)
    scale = stacked.std(axis=0) + 1e-3
    for it in (*train, *valid):
        it["z"] = ((it["x"] - mean) / scale).astype(np.float32)
    network = QualityHead(stacked.shape[1], args.width)
    optimiser = torch.optim.AdamW(network.parameters(), lr=args.lr, weight_decay=0.01)
    best: tuple[float, dict[str, Any]] | None = None
    valid_mqm = np.asarray([it["mqm"] for it in valid])
    for epoch in range(args.epochs):
        started = time.monotonic()
        for index in batches(train, rng, args.batch_sources):
            batch = tensors(train, index, mean, scale)
            loss = losses(network, batch, args.major_weight, args.rank_weight)
            optimiser.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(network.parameters(), 1.0)
            optimiser.step()
        word_p, penalty, _ = predict(network, valid, mean, scale)
        expected = expected_penalties(word_p)
        rank = ranking_accuracy(valid, expected)
        r = pearson(expected, valid_mqm)
        precision = word_average_precision(valid, word_p)
        quality = {
            "score": rank + r,
            "sentence": ranking_accuracy(valid, penalty) + pearson(penalty, valid_mqm),
            "spans": precision,
        }[args.select_by]
        print(
            f"  epoch {epoch + 1}: valid ranking {rank:.3f}, Pearson {r:.3f}, "
            f"word average precision {precision:.3f} ({time.monotonic() - started:.1f} s)",
            file=sys.stderr,
            flush=True,
        )
        if best is None or quality > best[0]:
            best = (quality, {k: v.clone() for k, v in network.state_dict().items()})
    assert best is not None
    network.load_state_dict(best[1])
    network.eval()
    word_p, penalty, major = predict(network, valid, mean, scale)
    thresholds = choose_thresholds(
        valid,
        word_p,
        major,
        args.span_precision,
        args.major_precision,
        args.human_flagged,
        args.human_spans,
    )
    expected = expected_penalties(word_p)
    # least squares through 0: the words' expected penalty in MQM points
    word_scale = float(expected @ valid_mqm / max(float(expected @ expected), 1e-9))
    thresholds["word_scale"] = round(word_scale, 4)
    points = word_scale * expected
    human = [p for it, p in zip(valid, points, strict=True) if it["system"] in HUMAN_SYSTEMS]
    # what the head predicts for a professional translation: charged only above it
    thresholds["allowance"] = round(float(np.median(human)) if human else 0.0, 3)
    info = {
        "trained_on": f"{len(train)} records of {len({it['key'] for it in train})} sources",
        "valid_records": len(valid),
        "valid_ranking": round(ranking_accuracy(valid, points), 3),
        "valid_pearson": round(pearson(points, valid_mqm), 3),
        "valid_ranking_sentence_output": round(ranking_accuracy(valid, penalty), 3),
        "valid_pearson_sentence_output": round(pearson(penalty, valid_mqm), 3),
        "valid_ranking_length": round(
            ranking_accuracy(valid, np.asarray([len(it["x"]) for it in valid], float)), 3
        ),
        "valid_pearson_length": round(
            pearson(np.asarray([len(it["x"]) for it in valid], float), valid_mqm), 3
        ),
        "width": args.width,
        "epochs": args.epochs,
        "seed": args.seed,
        "selected_by": args.select_by,
        "role": args.role,
        "chunks": args.chunks,
        "valid_word_average_precision": round(word_average_precision(valid, word_p), 3),
    }
    return HeadWeights(
        network, tuple(layers), mean.astype(np.float32), scale.astype(np.float32), thresholds, info
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--states", type=Path, required=True)
    parser.add_argument("--variants", nargs="+", choices=VARIANTS, default=list(VARIANTS))
    parser.add_argument(
        "--layers", type=int, nargs="+", help="layers to read (default: all the chunks hold)"
    )
    parser.add_argument("--width", type=int, default=128)
    parser.add_argument("--epochs", type=int, default=12)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--batch-sources", type=int, default=4)
    parser.add_argument("--major-weight", type=float, default=2.0)
    parser.add_argument("--rank-weight", type=float, default=1.0)
    parser.add_argument("--span-precision", type=float, default=0.45)
    parser.add_argument("--major-precision", type=float, default=0.7)
    parser.add_argument("--human-flagged", type=float, default=0.05)
    parser.add_argument(
        "--human-spans",
        type=float,
        default=1.0,
        help="at most this share of the human translations' sentences may get a span "
        "(default: no limit)",
    )
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument(
        "--select-by",
        choices=("score", "sentence", "spans"),
        default="score",
        help="the epoch kept: best ranking + Pearson of the words' expected penalty (score) "
        "or of the sentence output (sentence), or best word-level average precision (spans)",
    )
    parser.add_argument(
        "--chunks", type=int, help="read only the first N chunks (default: all of them)"
    )
    parser.add_argument(
        "--role",
        choices=ROLES,
        default="score",
        help="what the head is shipped for: S901's spans and major flags "
        "(head-VARIANT.npz) or the sentence penalty of score.overall (score-VARIANT.npz)",
    )
    parser.add_argument("--out", type=Path, default=DATA)
    args = parser.parse_args()
    # one thread: the batches are small, and more threads only wait on each other
    torch.set_num_threads(1)
    with np.load(sorted(glob.glob(str(args.states / "chunk-*.npz")))[0]) as first:
        layers = args.layers or [int(v) for v in first["layers"]]
    for variant in args.variants:
        started = time.monotonic()
        items = load_states(args.states, variant, layers, args.chunks)
        print(f"{variant}: {len(items)} records", file=sys.stderr, flush=True)
        head = train_variant(items, args, layers)
        path = args.out / head_file(variant, args.role)
        np.savez_compressed(path, **to_arrays(head))
        print(
            f"{variant}: {head.info} thresholds {head.thresholds}; "
            f"{time.monotonic() - started:.0f} s -> {path}",
            file=sys.stderr,
            flush=True,
        )


if __name__ == "__main__":
    main()
