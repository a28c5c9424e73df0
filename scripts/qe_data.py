"""The training data of the quality-estimation head: which records train it, which are held out.

``../shared/train/train.jsonl`` (MQM error spans on zh-en news MT, WMT 2020-2022) is split by
*document*: every newstest2021 document whose id hashes to an even number is held out
(``heldout``), everything else trains. Whole documents are held out so that no sentence of
a held-out article, nor a neighbouring sentence used as context, was seen in training. The
dev set (``../shared/eval/dev.jsonl``) is never read here.

A record's *context* without a source is the previous segment of the same document as the
same system translated it (what mtqa gives the model for an article: the preceding
sentence), so that names introduced earlier are not surprising.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TRAIN = ROOT.parent / "shared" / "train" / "train.jsonl"
#: Systems whose "translations" are human ones (kept: they are the clean examples).
HUMAN_SYSTEMS = frozenset({"Human-A.0", "Human-B.0", "ref-A", "ref-B"})
SEVERITY_LEVEL = {"minor": 1, "major": 2, "critical": 2}


def heldout(record: dict[str, Any]) -> bool:
    """Whether ``record`` belongs to a held-out newstest2021 document."""
    if record["testset"] != "newstest2021":
        return False
    return hashlib.sha1(record["doc_id"].encode("utf-8")).digest()[0] % 2 == 0


def source_key(record: dict[str, Any]) -> tuple[str, str, int]:
    return record["testset"], record["doc_id"], int(record["seg_idx"])


def read_records(path: Path = TRAIN) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as stream:
        return [json.loads(line) for line in stream if line.strip()]


def contexts(records: list[dict[str, Any]]) -> dict[str, str]:
    """Each record id's previous segment (same test set, document and system), if any."""
    by_place = {
        (r["testset"], r["system"], r["doc_id"], int(r["seg_idx"])): r["mt"] for r in records
    }
    found = {}
    for r in records:
        previous = by_place.get((r["testset"], r["system"], r["doc_id"], int(r["seg_idx"]) - 1))
        if previous and previous.strip():
            found[r["id"]] = previous
    return found


def sample_sources(
    records: list[dict[str, Any]], sources: int, seed: int, split: str
) -> list[dict[str, Any]]:
    """Every record of ``sources`` randomly chosen source segments of ``split`` (``train`` or
    ``heldout``): all systems' translations of one source stay together (the ranking loss
    and the ranking metric compare them)."""
    groups: dict[tuple[str, str, int], list[dict[str, Any]]] = defaultdict(list)
    for r in records:
        if not r["mt"].strip() or heldout(r) != (split == "heldout"):
            continue
        groups[source_key(r)].append(r)
    keys = sorted(groups)
    random.Random(seed).shuffle(keys)
    return [r for key in keys[:sources] for r in groups[key]]


def word_labels(
    record: dict[str, Any], spans: list[tuple[int, int]]
) -> Iterator[tuple[float, float]]:
    """Per word span: the share of the record's raters who marked an error on it, and the
    share who marked a major one (soft labels: three raters on newstest2020, one elsewhere)."""
    raters = record.get("raters") or sorted({e.get("rater", "") for e in record["errors"]}) or [""]
    for start, end in spans:
        marked: dict[str, int] = {}
        for error in record["errors"]:
            if error["start"] < end and start < error["end"]:
                level = SEVERITY_LEVEL.get(str(error["severity"]).lower(), 0)
                rater = error.get("rater", "")
                marked[rater] = max(marked.get(rater, 0), level)
        n = len(raters)
        yield (
            sum(1 for v in marked.values() if v >= 1) / n,
            sum(1 for v in marked.values() if v >= 2) / n,
        )
