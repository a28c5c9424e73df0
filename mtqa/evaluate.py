"""``mtqa eval``: compare mtqa with professional MQM annotations, beside trivial baselines.

Input: JSONL records with ``mt``, ``source``, ``reference``, ``errors`` (character spans into
``mt`` with ``severity`` and ``rater``), ``raters``, ``score`` (= -MQM), and the ids that
group translations of one source (``doc_id``, ``seg_idx``), the language pair ``lp``
(``zh-en``; without it the source language is identified) — the format of the WMT MQM
files in ``../shared/eval`` and ``../shared/train``. Every record is checked reference-free
(the reference is used only by the chrF baseline).

Metrics (all micro-averaged over segments):

- span precision / recall / F1 at the character level, against each rater (macro mean
  over raters) and against the union of raters;
- sentence-level detection of segments with a major error (precision / recall / F1);
- pairwise ranking accuracy among translations of the same source (pairs with different
  human scores; a tie in the prediction counts as half);
- Pearson correlation of ``score.overall`` with the human ``score``;
- false alarms on clean text: the share of the human reference translations (each distinct
  ``reference``, checked as a translation of its source) that get a major finding.
"""

from __future__ import annotations

import dataclasses
import json
import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mtqa.config import Config
from mtqa.document import Document
from mtqa.findings import DocumentError, Severity

SpanSets = dict[str, set[int]]


@dataclass(frozen=True)
class GoldSegment:
    id: str
    group: str
    mt: str
    source: str | None
    reference: str | None
    raters: tuple[str, ...]
    rater_chars: dict[str, frozenset[int]]
    has_major: bool
    score: float
    #: From the record's ``lp`` ("zh-en"), when it has one.
    source_lang: str | None = None
    target_lang: str = "en"


@dataclass(frozen=True)
class Prediction:
    """What a system says about one segment."""

    chars: frozenset[int]
    major: bool
    score: float


class GoldError(ValueError):
    """A gold file that is not in the expected format (names the line)."""


def read_gold(path: Path) -> list[GoldSegment]:
    segments = []
    with path.open(encoding="utf-8") as stream:
        for number, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                segments.append(_gold_segment(record))
            except RecursionError:
                raise GoldError(f"{path}:{number}: not an MQM record (nested too deeply)") from None
            except (json.JSONDecodeError, KeyError, TypeError, ValueError) as error:
                raise GoldError(f"{path}:{number}: not an MQM record ({error})") from None
    if not segments:
        raise GoldError(f"{path}: no records")
    return segments


def _gold_segment(record: dict[str, Any]) -> GoldSegment:
    mt = record["mt"]
    raters = tuple(record.get("raters") or sorted({e["rater"] for e in record["errors"]}))
    chars: dict[str, set[int]] = {r: set() for r in raters}
    majors: dict[str, bool] = {r: False for r in raters}
    for error in record["errors"]:
        if mt[error["start"] : error["end"]] != error["text"]:
            raise ValueError(f"span {error['start']}:{error['end']} does not match its text")
        rater = error.get("rater", "rater")
        chars.setdefault(rater, set()).update(range(error["start"], error["end"]))
        if str(error["severity"]).lower() in ("major", "critical"):
            majors[rater] = True
    has_major = sum(majors.values()) * 2 >= max(len(raters), 1) and any(majors.values())
    group = f"{record.get('doc_id', '')}:{record.get('seg_idx', record.get('source', ''))}"
    source_lang, _, target_lang = str(record.get("lp") or "").partition("-")
    return GoldSegment(
        id=str(record.get("id", "")),
        group=group,
        mt=mt,
        source=record.get("source"),
        reference=record.get("reference"),
        raters=raters,
        rater_chars={r: frozenset(c) for r, c in chars.items()},
        has_major=has_major,
        score=float(record["score"]),
        source_lang=source_lang or None,
        target_lang=target_lang or "en",
    )


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def span_metrics(gold: Sequence[GoldSegment], preds: Sequence[Prediction]) -> dict[str, Any]:
    per_rater: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    union = [0, 0, 0]
    for g, p in zip(gold, preds, strict=True):
        union_chars: set[int] = set().union(*g.rater_chars.values()) if g.rater_chars else set()
        for counts, gold_chars in [(union, union_chars)] + [
            (per_rater[r], set(g.rater_chars.get(r, ()))) for r in g.raters
        ]:
            counts[0] += len(p.chars & gold_chars)
            counts[1] += len(p.chars - gold_chars)
            counts[2] += len(gold_chars - p.chars)
    raters = {r: _prf(*c) for r, c in sorted(per_rater.items())}
    mean = {
        k: round(sum(m[k] for m in raters.values()) / max(len(raters), 1), 4)
        for k in ("precision", "recall", "f1")
    }
    return {"union": _prf(*union), "per_rater_mean": mean, "per_rater": raters}


def sentence_metrics(gold: Sequence[GoldSegment], preds: Sequence[Prediction]) -> dict[str, float]:
    tp = sum(1 for g, p in zip(gold, preds, strict=True) if g.has_major and p.major)
    fp = sum(1 for g, p in zip(gold, preds, strict=True) if not g.has_major and p.major)
    fn = sum(1 for g, p in zip(gold, preds, strict=True) if g.has_major and not p.major)
    return _prf(tp, fp, fn)


def ranking_accuracy(gold: Sequence[GoldSegment], scores: Sequence[float]) -> float:
    groups: dict[str, list[int]] = defaultdict(list)
    for i, g in enumerate(gold):
        groups[g.group].append(i)
    agree = total = 0.0
    for members in groups.values():
        for a_pos, a in enumerate(members):
            for b in members[a_pos + 1 :]:
                human = gold[a].score - gold[b].score
                if human == 0:
                    continue
                predicted = scores[a] - scores[b]
                total += 1
                agree += 0.5 if predicted == 0 else float((human > 0) == (predicted > 0))
    return round(agree / total, 4) if total else float("nan")


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float:
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return float("nan")
    return round(sxy / math.sqrt(sxx * syy), 4)


def metrics(gold: Sequence[GoldSegment], preds: Sequence[Prediction]) -> dict[str, Any]:
    scores = [p.score for p in preds]
    return {
        "spans": span_metrics(gold, preds),
        "sentence_major": sentence_metrics(gold, preds),
        "ranking_accuracy": ranking_accuracy(gold, scores),
        "pearson": pearson(scores, [g.score for g in gold]),
    }


def baselines(gold: Sequence[GoldSegment]) -> dict[str, list[Prediction]]:
    """Trivial systems: flag nothing, flag everything, -len(mt), chrF against the reference."""
    from sacrebleu.metrics.chrf import CHRF

    chrf = CHRF()
    result = {
        "flag nothing": [Prediction(frozenset(), False, 0.0) for _ in gold],
        "flag everything": [Prediction(frozenset(range(len(g.mt))), True, 0.0) for g in gold],
        "-len(mt)": [Prediction(frozenset(), False, -float(len(g.mt))) for g in gold],
    }
    if all(g.reference for g in gold):
        result["chrF vs reference"] = [
            Prediction(frozenset(), False, chrf.sentence_score(g.mt, [g.reference or ""]).score)
            for g in gold
        ]
    return result


def predictions_from_reports(reports: Iterable[Any], threshold: Severity) -> list[Prediction]:
    """One ``Prediction`` per mtqa report: flagged characters, major flag, overall score."""
    preds = []
    for report in reports:
        chars: set[int] = set()
        for f in report.findings:
            chars.update(range(f.start, f.end))
        major = any(f.severity >= threshold for f in report.findings)
        preds.append(Prediction(frozenset(chars), major, report.score.overall))
    return preds


def render_table(results: dict[str, dict[str, Any]]) -> str:
    """Markdown table of every system's metrics, mtqa first."""
    header = (
        "| system | span P (union) | span R (union) | span F1 (union) | span P (rater) "
        "| span R (rater) | span F1 (rater) | major P | major R | major F1 | ranking acc. "
        "| Pearson | refs flagged major |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|"
    )
    rows = [header]
    for name, m in results.items():
        u, r, s = m["spans"]["union"], m["spans"]["per_rater_mean"], m["sentence_major"]
        cells = [
            u["precision"],
            u["recall"],
            u["f1"],
            r["precision"],
            r["recall"],
            r["f1"],
            s["precision"],
            s["recall"],
            s["f1"],
            m["ranking_accuracy"],
            m["pearson"],
            m.get("references_flagged_major", float("nan")),
        ]
        rows.append(f"| {name} | " + " | ".join(_cell(c) for c in cells) + " |")
    return "\n".join(rows) + "\n"


def _cell(value: float) -> str:
    return "–" if isinstance(value, float) and math.isnan(value) else f"{value:.3f}"


def evaluate(
    gold: Sequence[GoldSegment],
    check_segments: Callable[[Sequence[GoldSegment]], list[Prediction]],
) -> dict[str, dict[str, Any]]:
    """Metrics of mtqa (through ``check_segments``) and of every baseline."""
    references = reference_segments(gold)
    results = {"mtqa": metrics(gold, check_segments(gold))}
    if references:
        results["mtqa"]["references_flagged_major"] = flagged_share(check_segments(references))
    reference_baselines = baselines(references) if references else {}
    for name, preds in baselines(gold).items():
        results[name] = metrics(gold, preds)
        if name in reference_baselines:
            results[name]["references_flagged_major"] = flagged_share(reference_baselines[name])
    return results


def reference_segments(gold: Sequence[GoldSegment]) -> list[GoldSegment]:
    """Each distinct human reference as a segment of its own (with its source): the clean
    side of the evaluation, on which every major finding is a false alarm."""
    seen: dict[tuple[str, str], GoldSegment] = {}
    for g in gold:
        if g.reference and g.reference.strip() and (g.group, g.reference) not in seen:
            seen[(g.group, g.reference)] = dataclasses.replace(
                g,
                id=f"{g.id}:reference",
                mt=g.reference,
                reference=None,
                raters=(),
                rater_chars={},
                has_major=False,
            )
    return list(seen.values())


def flagged_share(preds: Sequence[Prediction]) -> float:
    return round(sum(p.major for p in preds) / len(preds), 4) if preds else float("nan")


# --- the command ---------------------------------------------------------------------------

#: Segments checked together (and between two progress lines on a terminal).
BATCH_SEGMENTS = 64


class EvalError(Exception):
    """What stops ``mtqa eval`` before it measures anything (said on stderr, exit 2)."""


def command(gold_path: Path, config: Config, limit: int | None, out: Path | None) -> None:
    """``mtqa eval``: check every segment of ``gold_path`` (the first ``limit``) as
    ``config`` says, print the metrics table beside the baselines, and write the metrics as
    JSON to ``out`` when given. EvalError for an unreadable gold file or a model that does
    not load; ConfigError for select/ignore codes that match no check."""
    import sys

    from mtqa.engine import Engine, refuse_unknown_codes
    from mtqa.models.lm import ModelNotInstalled
    from mtqa.output import write_atomic
    from mtqa.runner import CheckFailed

    try:
        gold = read_gold(gold_path)
    except (OSError, GoldError) as error:
        raise EvalError(str(error)) from None
    if limit:
        gold = gold[:limit]
    refuse_unknown_codes(config)
    engine = Engine(config)
    try:
        sig = engine.signature
    except ModelNotInstalled as error:  # a light install (no 'model' extra)
        raise EvalError(str(error)) from None
    except Exception as error:
        raise EvalError(f"cannot load the language model: {error}") from None
    progress = sys.stderr.isatty()

    def check_segments(segments: Sequence[GoldSegment]) -> list[Prediction]:
        reports = []
        for first in range(0, len(segments), BATCH_SEGMENTS):
            documents = [
                Document(
                    g.id,
                    g.id,
                    g.mt,
                    source=g.source,
                    source_lang=g.source_lang,
                    target_lang=g.target_lang,
                )
                for g in segments[first : first + BATCH_SEGMENTS]
            ]
            for outcome in engine.check(documents):
                if isinstance(outcome, DocumentError):  # a bug in a check: no metric is valid
                    raise CheckFailed(outcome.message)
                reports.append(engine.decide(outcome))
            if progress:
                print(
                    f"\rmtqa eval: {len(reports)}/{len(segments)} segments",
                    end="",
                    file=sys.stderr,
                    flush=True,
                )
        if progress:
            print(file=sys.stderr)
        return predictions_from_reports(reports, Severity.MAJOR)

    results = evaluate(gold, check_segments)
    print(f"{len(gold)} segments from {gold_path}; {sig}\n")
    print(render_table(results))
    if out:
        payload = {"gold": str(gold_path), "segments": len(gold), "signature": sig}
        write_atomic(out, json.dumps({**payload, "results": results}, indent=2) + "\n")
