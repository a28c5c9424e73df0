"""``mtqa eval`` (``mtqa.evaluate``): metrics against MQM annotations, beside baselines, and
false alarms on the human references."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mtqa import evaluate
from mtqa.evaluate import GoldSegment, Prediction

from .conftest import run_mtqa

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "eval" / "dev.jsonl"


def segment(id: str, group: str, mt: str, reference: str | None, score: float) -> GoldSegment:
    return GoldSegment(
        id=id,
        group=group,
        mt=mt,
        source="他们周一在日内瓦恢复了会谈。",
        reference=reference,
        raters=("r1",),
        rater_chars={"r1": frozenset()},
        has_major=score < -4,
        score=score,
        source_lang="zh",
    )


def test_each_distinct_reference_is_checked_once_as_clean_text() -> None:
    reference = "They resumed talks in Geneva on Monday."
    gold = [
        segment("a", "d:1", "They resumed the talk in Geneva Monday.", reference, -1.0),
        segment("b", "d:1", "Monday they Geneva talks resumed.", reference, -6.0),
        segment("c", "d:2", "The talks ended.", None, 0.0),
    ]
    [clean] = evaluate.reference_segments(gold)
    assert clean.mt == reference and clean.source == gold[0].source
    assert not clean.has_major and clean.rater_chars == {} and clean.reference is None

    checked: list[list[str]] = []

    def check(segments: list[GoldSegment]) -> list[Prediction]:
        checked.append([s.mt for s in segments])
        return [Prediction(frozenset(), s.mt == reference, 0.0) for s in segments]

    results = evaluate.evaluate(gold, check)
    assert checked[1] == [reference]
    assert results["mtqa"]["references_flagged_major"] == 1.0
    assert results["flag everything"]["references_flagged_major"] == 1.0
    assert results["flag nothing"]["references_flagged_major"] == 0.0
    assert "refs flagged major" in evaluate.render_table(results)


@pytest.mark.skipif(not DEV.is_file(), reason="needs ../shared/eval/dev.jsonl")
def test_eval_reports_false_alarms_on_references_rules_only(tmp_path: Path) -> None:
    out = tmp_path / "metrics.json"
    done = run_mtqa("eval", DEV, "--limit", "40", "--no-model", "--out", out, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "refs flagged major" in done.stdout
    results = json.loads(out.read_text("utf-8"))["results"]
    share = results["mtqa"]["references_flagged_major"]
    assert 0.0 <= share <= 0.2  # the rules rarely call a professional translation broken
    assert results["flag everything"]["references_flagged_major"] == 1.0


def test_a_gold_file_nested_too_deeply_is_an_error_naming_its_line(tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"mt": ' + "[" * 3000 + "]" * 3000 + "}\n", "utf-8")
    done = run_mtqa("eval", gold, "--no-model", cwd=tmp_path, errors="backslashreplace")
    assert done.returncode == 2
    assert f"{gold}:1: not an MQM record (nested too deeply)" in done.stderr
