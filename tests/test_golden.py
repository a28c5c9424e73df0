"""Golden files: every output format of ``mtqa check`` on two small fixtures, byte for byte.

A golden case is a folder ``tests/golden/<case>/`` with its ``input/`` and its ``expected/``
outputs. The case ``run`` checks ``input/`` (a short article with planted errors and a
two-record feed, one record clean), copied to a folder named ``inputs``, with every output
format. A change to a reporter shows up here as a diff to review. After an intended change,
regenerate the expected outputs with

    MTQA_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py

and commit the new files with the change. The XLSX workbook is compared cell by cell (its
zip container holds timestamps), through ``findings.xlsx.json``. The HTML page's golden file,
``tests/golden/html_harbour_notice.html``, is test_html_report.py's: its input is a report
built there, of a fixture other tests read too, whose path the page shows.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import run_mtqa

ROOT = Path(__file__).resolve().parent.parent
CASE = ROOT / "tests" / "golden" / "run"
INPUTS = CASE / "input"
GOLDEN = CASE / "expected"
UPDATE = os.environ.get("MTQA_UPDATE_GOLDEN") == "1"
FILE_FORMATS = ("json", "md", "jsonl", "csv", "xlsx", "junit", "sarif")
STDOUT_FORMATS = ("text", "github")


def _mtqa(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    result = run_mtqa("check", "--no-model", "inputs", *args, cwd=cwd)
    assert result.returncode == 1, result.stderr  # the article has major findings
    assert "Traceback" not in result.stderr
    return result


def _xlsx_cells(path: Path) -> str:
    import openpyxl

    book = openpyxl.load_workbook(path)
    sheets = {
        sheet.title: [[cell.value for cell in row] for row in sheet.iter_rows()]
        for sheet in book.worksheets
    }
    return json.dumps(sheets, indent=1, ensure_ascii=False) + "\n"


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Output file name -> content, for one run of every format."""
    folder = tmp_path_factory.mktemp("golden")
    shutil.copytree(INPUTS, folder / "inputs")
    formats = [arg for name in FILE_FORMATS for arg in ("-f", name)]
    _mtqa(*formats, "--out", "out", "--quiet", cwd=folder)
    produced: dict[str, str] = {}
    for path in sorted((folder / "out").iterdir()):
        if path.suffix == ".xlsx":
            produced[path.name + ".json"] = _xlsx_cells(path)
        else:
            with path.open(encoding="utf-8", newline="") as stream:
                produced[path.name] = stream.read()
    for name in STDOUT_FORMATS:
        produced[f"stdout.{name}"] = _mtqa("-f", name, "--quiet", cwd=folder).stdout
    return produced


def test_every_output_has_a_golden_file(outputs: dict[str, str]) -> None:
    if UPDATE:
        shutil.rmtree(GOLDEN, ignore_errors=True)
        GOLDEN.mkdir(parents=True)
        for name, content in outputs.items():
            (GOLDEN / name).write_text(content, "utf-8", newline="")
    assert sorted(outputs) == sorted(p.name for p in GOLDEN.iterdir())


@pytest.mark.parametrize(
    "name", sorted(p.name for p in GOLDEN.iterdir()) if GOLDEN.is_dir() else []
)
def test_output_matches_its_golden_file(outputs: dict[str, str], name: str) -> None:
    if UPDATE:
        return
    with (GOLDEN / name).open(encoding="utf-8", newline="") as stream:
        expected = stream.read()
    assert outputs.get(name) == expected, f"{name} differs from tests/golden/run/expected/{name}"


def test_golden_findings_index_their_targets(outputs: dict[str, str]) -> None:
    # the golden files themselves obey the offsets contract
    article = (INPUTS / "river_port_reopens.txt").read_text("utf-8")
    feed = [json.loads(line) for line in (INPUTS / "briefs.jsonl").read_text("utf-8").splitlines()]
    targets = {"inputs/river_port_reopens.txt": article} | {r["id"]: r["mt"] for r in feed}
    reports = [json.loads(line) for line in outputs["report.jsonl"].splitlines()]
    assert [r["id"] for r in reports] == ["brief-1", "brief-2", "inputs/river_port_reopens.txt"]
    assert reports[0]["findings"] == []  # the clean record
    codes = {f["code"] for r in reports for f in r["findings"]}
    assert {"F101", "F102", "F301", "F302", "A101", "A102"} <= codes
    for report in reports:
        for finding in report["findings"]:
            target = targets[report["id"]]
            assert target[finding["start"] : finding["end"]] == finding["text"]
