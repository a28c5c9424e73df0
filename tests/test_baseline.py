"""--write-baseline / --baseline and --min-score: what CI gates on."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from .conftest import FIXTURES, SEED, run_mtqa


def _mtqa(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return run_mtqa("check", "--no-model", *args, cwd=cwd)


def _findings(out: Path) -> list[dict]:
    (report,) = [p for p in out.glob("*.json") if p.name != "summary.json"]
    return json.loads(report.read_text("utf-8"))["findings"]


def test_baseline_hides_known_findings_and_survives_edits_elsewhere(tmp_path: Path) -> None:
    article = tmp_path / "article.txt"
    text = SEED.read_text("utf-8")
    article.write_text(text, encoding="utf-8")
    first = _mtqa("article.txt", "--write-baseline", "base.json", "--out", "r1", cwd=tmp_path)
    assert first.returncode == 1
    baseline = json.loads((tmp_path / "base.json").read_text("utf-8"))
    assert baseline["schema"] == "mtqa.baseline/1"
    known = baseline["documents"]["article.txt"]
    assert len(known) == len(_findings(tmp_path / "r1")) > 10

    again = _mtqa("article.txt", "--baseline", "base.json", "--out", "r2", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert _findings(tmp_path / "r2") == []

    # An edit in the first paragraph (a new fragment) and text added at the end: only the
    # new problems are reported, and the old findings keep their fingerprints although
    # every offset after the edit moved.
    edited = text.replace("in grave danger at home.", "in grave danger at home. at night.")
    final = edited + "\n\nThey fled. in haste.\n"
    article.write_text(final, encoding="utf-8")
    new = _mtqa("article.txt", "--baseline", "base.json", "--out", "r3", cwd=tmp_path)
    assert new.returncode == 1
    found = _findings(tmp_path / "r3")
    assert {f["text"] for f in found} <= {"at", "at night.", "in", "in haste."}
    assert {f["code"] for f in found} == {"F301", "F302"}
    for f in found:
        assert final[f["start"] : f["end"]] == f["text"]
    assert "hidden by the baseline" in " ".join(
        json.loads(p.read_text("utf-8"))["notes"][0]
        for p in (tmp_path / "r3").glob("*.json")
        if p.name != "summary.json"
    )


def test_same_flag_twice_in_a_sentence_gets_two_fingerprints(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("The the talks ended, and the the delegates left.\n", encoding="utf-8")
    _mtqa("a.txt", "--select", "F107", "--out", "r", cwd=tmp_path)
    prints = [f["fingerprint"] for f in _findings(tmp_path / "r")]
    assert len(prints) == 2 and len(set(prints)) == 2


def test_baseline_and_write_baseline_are_exclusive_and_bad_files_are_errors(
    tmp_path: Path,
) -> None:
    both = _mtqa(str(SEED), "--baseline", "a", "--write-baseline", "b", cwd=tmp_path)
    assert both.returncode == 2
    (tmp_path / "broken.json").write_text("{not json", encoding="utf-8")
    broken = _mtqa(str(SEED), "--baseline", "broken.json", cwd=tmp_path)
    assert broken.returncode == 2
    assert "cannot read baseline" in broken.stderr and "Traceback" not in broken.stderr


def test_min_score_gates_on_the_overall_score(tmp_path: Path) -> None:
    clean = FIXTURES / "articles" / "clean_library_reopens.txt"
    assert _mtqa(str(clean), "--min-score", "90", "--out", "r1", cwd=tmp_path).returncode == 0
    assert _mtqa(str(clean), "--min-score", "100.5", "--out", "r2", cwd=tmp_path).returncode == 1
    seed = _mtqa(str(SEED), "--fail-on", "never", "--min-score", "75", "--out", "r3", cwd=tmp_path)
    assert seed.returncode == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ('{"schema": "mtqa.baseline/1", "documents": {"x": "abc"}}', "list of fingerprint"),
        ('{"schema": "mtqa.baseline/1", "documents": {"x": [1, 2]}}', "list of fingerprint"),
    ],
)
def test_a_malformed_baseline_is_a_usage_error(tmp_path: Path, content: str, message: str) -> None:
    baseline = tmp_path / "base.json"
    baseline.write_text(content, encoding="utf-8")
    result = _mtqa(str(SEED), "--baseline", str(baseline), "--out", "out", cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert message in result.stderr and "Traceback" not in result.stderr


def test_a_baseline_keeps_documents_with_the_same_id_in_different_inputs(
    tmp_path: Path,
) -> None:
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    first.write_text('{"id": "1", "mt": "The port reopened. in the morning."}\n', "utf-8")
    second.write_text('{"id": "1", "mt": "The talks went well. to achieve that."}\n', "utf-8")
    baseline = tmp_path / "base.json"
    written = _mtqa(
        str(first), str(second), "--write-baseline", str(baseline), "--out", "out", cwd=tmp_path
    )
    assert written.returncode == 1
    result = _mtqa(
        str(first), str(second), "--baseline", str(baseline), "--out", "again", cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
