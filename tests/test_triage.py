"""Triage on the HTML review page, honoured by ``mtqa check --baseline``.

An editor marks findings accepted (a real error) or dismissed (a false alarm), with a note,
by keyboard or mouse; the page keeps the marks in localStorage (keyed by the report's
signature and document id) and exports them as a baseline file (``mtqa.baseline/1`` with a
``triage`` section) and as CSV. The browser tests drive the system chromium headless, as
``tests/test_html_report.py`` does (playwright never downloads a browser here).

The baseline reader takes the export as untrusted input: ``test_hostile_*`` feed it wrong
types, huge notes, HTML and unknown fields.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from mtqa.config import ConfigError
from mtqa.suppression import MAX_NOTE_CHARS, TriageMark, load_baseline, read_baseline

from .conftest import FIXTURES
from .test_html_report import CHROMIUM_FLAGS, chromium_path

ARTICLE = FIXTURES / "golden" / "river_port_reopens.txt"
DOC = "river_port_reopens.txt"
FP = ("0123456789abcdef", "fedcba9876543210")


def _mtqa(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mtqa", "check", "--no-model", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )


def _write(path: Path, data: Any) -> Path:
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def _export(triage: Any, documents: Any = None) -> dict[str, Any]:
    return {
        "schema": "mtqa.baseline/1",
        "documents": {"d": [FP[0]]} if documents is None else documents,
        "triage": triage,
    }


# --- the reader, on files the page wrote and on hostile ones ---------------------------------


def test_a_triage_export_hides_the_dismissed_and_records_every_mark(tmp_path: Path) -> None:
    note = "<script>alert('x')</script> & =HYPERLINK(\"http://x\") \u202e\n" + "é" * 100
    path = _write(
        tmp_path / "t.json",
        _export(
            {
                "d": {
                    FP[0]: {"status": "dismissed", "note": "", "code": "A102"},
                    FP[1]: {"status": "accepted", "note": note, "code": "F302"},
                }
            }
        ),
    )
    baseline = load_baseline(path)
    assert baseline.hidden == read_baseline(path) == {("d", FP[0])}
    assert baseline.triage == {
        ("d", FP[0]): TriageMark("dismissed", "", "A102"),
        ("d", FP[1]): TriageMark("accepted", note, "F302"),  # kept as text, never shown
    }
    # unknown top-level fields are ignored, as they always were
    extra = _write(tmp_path / "e.json", {**_export({}), "generator": {"any": ["thing"]}})
    assert read_baseline(extra) == {("d", FP[0])}


HOSTILE = [
    ([], "not a mtqa.baseline/1 file"),
    ({"schema": "mtqa.baseline/1"}, "no 'documents'"),
    ({"schema": "mtqa.baseline/1", "documents": ["d"]}, "'documents' must map"),
    (_export([]), "'triage' must map"),
    (_export({"d": ["x"]}), "expected fingerprints and marks"),
    (_export({"d": {"../../etc": {"status": "accepted"}}}), "not a fingerprint"),
    (_export({"d": {FP[1]: "accepted"}}), "expected an object with a status"),
    (_export({"d": {FP[1]: {"status": "fixed"}}}), "status must be 'accepted' or 'dismissed'"),
    (_export({"d": {FP[1]: {"status": ["accepted"]}}}), "status must be"),
    (_export({"d": {FP[1]: {"status": "accepted", "note": 7}}}), "note must be a string"),
    (_export({"d": {FP[1]: {"status": "accepted", "note": {"$": 1}}}}), "note must be a string"),
    (
        _export({"d": {FP[1]: {"status": "accepted", "note": "x" * (MAX_NOTE_CHARS + 1)}}}),
        f"over {MAX_NOTE_CHARS} characters",
    ),
    (
        _export({"d": {FP[1]: {"status": "accepted", "note": "a\x1b[2Jb"}}}),
        "control character",
    ),
    (_export({"d": {FP[1]: {"status": "accepted", "note": "\ud800"}}}), "lone surrogate"),
    (
        _export({"d": {FP[1]: {"status": "accepted", "onload": "alert(1)"}}}),
        "unknown field 'onload'",
    ),
    (_export({"d": {FP[1]: {"status": "accepted", "code": "<b>"}}}), "code must look like"),
    (_export({"d": {FP[1]: {"status": "dismissed"}}}), "is not in 'documents'"),
    (_export({"d": {FP[0]: {"status": "accepted"}}}), "is also in 'documents'"),
    (_export({"other": {FP[0]: {"status": "dismissed"}}}), "is not in 'documents'"),
    ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ('{"schema": "mtqa.baseline/1", "documents": {}, "triage": 1' + "0" * 5000 + "}", ""),
]


@pytest.mark.parametrize(("content", "message"), HOSTILE)
def test_hostile_triage_files_are_clear_errors(
    tmp_path: Path, content: Any, message: str
) -> None:
    path = _write(tmp_path / "t.json", content)
    with pytest.raises(ConfigError) as error:
        load_baseline(path)
    assert str(error.value).startswith(f"cannot read baseline {path}: ")
    assert message in str(error.value)
    assert len(str(error.value)) < 300  # a huge value is cut short, never echoed whole


def test_hostile_triage_file_on_the_command_line(tmp_path: Path) -> None:
    shutil.copy(ARTICLE, tmp_path / DOC)
    huge = "<img src=x onerror=alert(1)>\x1b]8;;" + "x" * 100_000
    bad = _write(tmp_path / "bad.json", _export({DOC: {FP[1]: {"status": "accepted", "note": huge}}}))
    result = _mtqa(tmp_path, DOC, "--baseline", str(bad), "-f", "text")
    assert result.returncode == 2
    assert "cannot read baseline" in result.stderr and "over 2000 characters" in result.stderr
    assert "Traceback" not in result.stderr and "\x1b" not in result.stderr
    assert result.stdout == ""


def test_baselines_add_up(tmp_path: Path) -> None:
    """--baseline is repeatable: one export per review page, all honoured."""
    shutil.copy(ARTICLE, tmp_path / DOC)
    assert _mtqa(tmp_path, DOC, "--write-baseline", "all.json", "-f", "text").returncode == 1
    prints = json.loads((tmp_path / "all.json").read_text("utf-8"))["documents"][DOC]
    half = len(prints) // 2
    _write(tmp_path / "a.json", {"schema": "mtqa.baseline/1", "documents": {DOC: prints[:half]}})
    _write(tmp_path / "b.json", {"schema": "mtqa.baseline/1", "documents": {DOC: prints[half:]}})
    both = _mtqa(tmp_path, DOC, "--baseline", "a.json", "--baseline", "b.json", "-f", "text")
    assert both.returncode == 0, both.stderr
    assert both.stdout == ""
