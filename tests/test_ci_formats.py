"""The CI outputs of ``mtqa check``: ``junit``, ``sarif``, ``github``, ``csv`` and ``xlsx``.

Each run goes through ``python -m mtqa`` with ``--no-model``, in a temporary folder that holds
copies of the fixtures (so paths are relative, as in a CI checkout): the seed article, a feed,
a binary file and a feed with broken records. Expected values come from the JSON reports of
the same run and from the target texts read independently here.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from mtqa.checks import ALL_CHECKS
from mtqa.cli import parse_format
from mtqa.findings import DocumentError, Finding, Report, Score, Severity
from mtqa.gate import Gate
from mtqa.reporters import csv_report, github, junit, sarif

from .conftest import run_mtqa

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
INPUTS = {
    "seed_putin.txt": FIXTURES / "articles" / "seed_putin.txt",
    "news_zh_en.jsonl": FIXTURES / "feeds" / "news_zh_en.jsonl",
    "pixel.png": FIXTURES / "bad" / "pixel.png",
    "broken_feed.jsonl": FIXTURES / "bad" / "broken_feed.jsonl",
}
LEVELS = {"critical": "error", "major": "error", "minor": "warning", "neutral": "note"}
COMMANDS = {"critical": "error", "major": "error", "minor": "warning", "neutral": "notice"}
RANK = {"neutral": 0, "minor": 1, "major": 2, "critical": 3}


def mtqa(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return run_mtqa("check", "--no-model", *args, cwd=cwd)


def position(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset``, computed independently of mtqa."""
    before = text[:offset].split("\n")
    return len(before), len(before[-1]) + 1


@dataclass
class Run:
    folder: Path
    result: subprocess.CompletedProcess[str]
    reports: list[dict[str, Any]]  # the JSON reports, in input order
    errors: list[dict[str, Any]]
    targets: dict[str, str]  # document id -> target text

    def findings(self) -> list[tuple[dict[str, Any], dict[str, Any]]]:
        return [(r, f) for r in self.reports for f in r["findings"]]


def _targets(folder: Path) -> dict[str, str]:
    targets = {"seed_putin.txt": (folder / "seed_putin.txt").read_text("utf-8")}
    for name in ("news_zh_en.jsonl", "broken_feed.jsonl"):
        for line in (folder / name).read_text("utf-8").splitlines():
            try:
                record = json.loads(line)
            except ValueError:
                continue
            if isinstance(record.get("mt"), str) and record.get("id") not in targets:
                targets[record["id"]] = record["mt"]
    return targets


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    folder = tmp_path_factory.mktemp("ci")
    for name, source in INPUTS.items():
        shutil.copy(source, folder / name)
    result = mtqa(
        *INPUTS,
        "--out",
        "out",
        *("-f", "json", "-f", "junit", "-f", "sarif", "-f", "csv", "-f", "xlsx", "-f", "github"),
        cwd=folder,
    )
    assert "Traceback" not in result.stderr, result.stderr
    summary = json.loads((folder / "out" / "summary.json").read_text("utf-8"))
    reports = [json.loads((folder / d["report"]).read_text("utf-8")) for d in summary["documents"]]
    return Run(folder, result, reports, summary["errors"], _targets(folder))


def test_run_checks_every_input(run: Run) -> None:
    assert run.result.returncode == 2  # the bad inputs
    ids = [r["id"] for r in run.reports]
    assert ids[0] == "seed_putin.txt"
    assert len(ids) == 1 + 7 + 4  # the article, the feed's records, the broken feed's good ones
    assert len(run.errors) == 4  # the binary file and three broken records
    assert sum(1 for r in run.reports if r["flagged"]) >= 2
    for report in run.reports:  # the test's own targets are those mtqa checked
        for f in report["findings"]:
            assert run.targets[report["id"]][f["start"] : f["end"]] == f["text"]


def test_no_temporary_files_left(run: Run) -> None:
    out = run.folder / "out"
    assert not [p.name for p in out.iterdir() if p.name.startswith(".")]
    assert {"junit.xml", "mtqa.sarif", "findings.csv", "findings.xlsx", "summary.csv"} <= {
        p.name for p in out.iterdir()
    }


# --- junit ----------------------------------------------------------------------------------


def test_junit_counts(run: Run) -> None:
    root = ET.parse(run.folder / "out" / "junit.xml").getroot()
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert len(suites) == len(run.reports) + len(run.errors)
    by_name = {s.get("name"): s for s in suites}
    total_failures = 0
    for report in run.reports:
        suite = by_name[report["id"]]
        failing = [f for f in report["findings"] if RANK[f["severity"]] >= RANK["major"]]
        cases = suite.findall("testcase")
        failures = [c for c in cases if c.find("failure") is not None]
        assert len(failures) == len(failing) == int(suite.get("failures", "-1"))
        assert suite.get("errors") == "0"
        if failing:
            assert len(cases) == len(failing)
        else:
            assert len(cases) == 1 and not list(cases[0])  # one passing test case
        assert int(suite.get("tests", "-1")) == len(cases)
        total_failures += len(failing)
    errors = [c for s in suites for c in s.findall("testcase") if c.find("error") is not None]
    assert len(errors) == len(run.errors) == 4
    assert {e.get("file") for e in errors} == {"pixel.png", "broken_feed.jsonl"}
    assert root.get("failures") == str(total_failures)
    assert root.get("errors") == "4"
    assert root.get("tests") == str(sum(int(s.get("tests", "0")) for s in suites))
    assert total_failures >= 15


def test_junit_failure_details(run: Run) -> None:
    root = ET.parse(run.folder / "out" / "junit.xml").getroot()
    seed = run.reports[0]
    suite = root.find("testsuite[@name='seed_putin.txt']")
    assert suite is not None
    target = run.targets["seed_putin.txt"]
    failing = [f for f in seed["findings"] if RANK[f["severity"]] >= RANK["major"]]
    for case, f in zip(suite.findall("testcase"), failing, strict=True):
        assert case.get("classname") == f["code"]
        assert case.get("name") == f"{f['code']} {f['start']}-{f['end']}"
        failure = case.find("failure")
        assert failure is not None and failure.text is not None
        assert failure.get("message") == f["message"]
        assert failure.get("type") == f["severity"]
        line, column = position(target, f["start"])
        assert f"line {line}, column {column}" in failure.text
        assert f"text: {f['text']}" in failure.text


def test_junit_fail_on_never_and_minor(run: Run) -> None:
    for fail_on, expected in (("never", 0), ("minor", len(run.reports[0]["findings"]))):
        out = f"out-{fail_on}"
        result = mtqa(
            "seed_putin.txt", "--fail-on", fail_on, "-f", "junit", "--out", out, cwd=run.folder
        )
        assert result.returncode == (0 if fail_on == "never" else 1), result.stderr
        root = ET.parse(run.folder / out / "junit.xml").getroot()
        assert root.get("failures") == str(expected)
        assert len(root.findall("testsuite/testcase")) == max(expected, 1)


def test_junit_fails_a_document_below_min_score_as_the_exit_code_does(run: Run) -> None:
    """With --fail-on never the findings do not fail, but --min-score does: the JUnit
    report must say so, or CI shows a green suite for a red run."""
    result = mtqa(
        "seed_putin.txt",
        str(FIXTURES / "articles" / "clean_library_reopens.txt"),
        "--fail-on",
        "never",
        "--min-score",
        "90",
        "-f",
        "junit",
        "--out",
        "out-score",
        cwd=run.folder,
    )
    assert result.returncode == 1, result.stderr
    root = ET.parse(run.folder / "out-score" / "junit.xml").getroot()
    assert root.get("failures") == "1"
    seed, clean = root.findall("testsuite")
    [case] = seed.findall("testcase")
    failure = case.find("failure")
    assert case.get("name") == "overall score" and failure is not None
    assert "below --min-score 90" in (failure.get("message") or "")
    assert clean.get("failures") == "0" and len(clean.findall("testcase")) == 1


def test_markdown_escapes_document_text_and_keeps_each_finding_on_one_line() -> None:
    from mtqa.reporters import markdown

    target = "Press <img src=x onerror=alert(1)> now.\nThen type `ls` here."
    start = target.index("now.")
    findings = [
        _finding(target, target.index("<img"), start - 1, Severity.MAJOR, "markup <b>left</b>"),
        _finding(target, start, target.index("here"), Severity.MINOR, "broken & joined"),
    ]
    page = markdown.render(_report(target, findings, doc_id="<script>x</script>"))
    # raw markup only inside code spans, where Markdown shows it as text
    assert page.count("<img") == page.count("`<img src=x onerror=alert(1)>`") == 1
    assert "<script>" not in page and "<b>" not in page
    assert "# mtqa report: &lt;script&gt;x&lt;/script&gt;" in page
    assert "markup &lt;b&gt;left&lt;/b&gt;" in page and "broken &amp; joined" in page
    [second] = [line for line in page.splitlines() if "broken" in line]
    assert "``now. ↵ Then type `ls` ``" in second  # a longer fence around the backticks


def _report(target: str, findings: list[Finding], doc_id: str = "doc.txt") -> Report:
    return Report(
        id=doc_id,
        path="doc.txt",
        source_lang=None,
        target_lang="en",
        words=len(target.split()),
        score=Score(overall=50.0, mqm_penalty=50.0),
        flagged=True,
        findings=tuple(findings),
        sentences=(),
        signature="test",
        target=target,
    )


def _finding(target: str, start: int, end: int, severity: Severity, message: str) -> Finding:
    return Finding(
        code="F101",
        name="missing-space-after-punctuation",
        category="fluency/punctuation",
        severity=severity,
        start=start,
        end=end,
        text=target[start:end],
        sentence=None,
        message=message,
        confidence=0.9,
        origin="rule",
    )


def test_junit_escapes_markup_and_control_characters() -> None:
    target = 'Title\n<b>"Tom & Jerry"</b>\x0b\x00 end'
    finding = _finding(target, 6, len(target), Severity.MAJOR, 'bad <tag> & "quote"\nnext')
    suite = junit.testsuite(_report(target, [finding]), Gate(Severity.MAJOR))
    error = junit.error_testsuite(DocumentError("a&b.txt", "binary <file>", line=3))
    root = ET.fromstring(junit.render([suite, error]))  # well-formed
    failure = root.find("testsuite/testcase/failure")
    assert failure is not None and failure.text is not None
    assert failure.get("message") == 'bad <tag> & "quote"\nnext'
    assert '<b>"Tom & Jerry"</b>\ufffd\ufffd end' in failure.text
    assert "line 2, column 1" in failure.text
    assert root.findall("testsuite")[1].get("name") == "a&b.txt:3"
    assert suite.find("testcase") is not None and suite.tail is None  # inputs not re-indented


# --- sarif ----------------------------------------------------------------------------------


def test_sarif_log(run: Run) -> None:
    log = json.loads((run.folder / "out" / "mtqa.sarif").read_text("utf-8"))
    assert log["version"] == "2.1.0"
    assert log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    [sarif_run] = log["runs"]
    driver = sarif_run["tool"]["driver"]
    assert driver["name"] == "mtqa" and driver["version"]
    rules = {rule["id"]: rule for rule in driver["rules"]}
    enabled = [c for c in ALL_CHECKS if "lm" not in c.requires]
    assert list(rules) == [c.code for c in enabled]
    for c in enabled:
        rule = rules[c.code]
        assert rule["name"] == c.name
        assert rule["shortDescription"]["text"] == c.summary
        assert rule["fullDescription"]["text"] == rule["help"]["text"] == c.doc
        assert rule["defaultConfiguration"]["level"] == LEVELS[c.severity.label]
        assert rule["properties"]["category"] == c.category
    results = sarif_run["results"]
    expected = run.findings()
    assert len(results) == len(expected) > 0
    for result, (report, f) in zip(results, expected, strict=True):
        assert result["ruleId"] in rules
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] == LEVELS[f["severity"]]
        assert result["message"]["text"] == f["message"]
        assert result["partialFingerprints"] == {"mtqa/v1": f["fingerprint"]}
        [location] = result["locations"]
        physical = location["physicalLocation"]
        assert physical["artifactLocation"]["uri"] == report["path"]
        region = physical["region"]
        target = run.targets[report["id"]]
        offset, length = region["charOffset"], region["charLength"]
        assert offset == f["start"]
        assert target[offset : offset + length] == f["text"]
        assert (region["startLine"], region["startColumn"]) == position(target, f["start"])
        assert (region["endLine"], region["endColumn"]) == position(target, f["end"])
        if report["id"] != report["path"]:
            assert result["properties"]["document"] == report["id"]
        else:
            assert "document" not in result["properties"]
    [invocation] = sarif_run["invocations"]
    assert invocation["executionSuccessful"] is False
    notifications = invocation["toolExecutionNotifications"]
    assert len(notifications) == 4
    assert {
        n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for n in notifications
    } == {
        "pixel.png",
        "broken_feed.jsonl",
    }


def _sarif_validator() -> Any:
    import jsonschema

    schema = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text("utf-8"))
    validator = jsonschema.validators.validator_for(schema)
    validator.check_schema(schema)
    return validator(schema)


def test_sarif_validates_against_the_schema(run: Run) -> None:
    validator = _sarif_validator()
    log = json.loads((run.folder / "out" / "mtqa.sarif").read_text("utf-8"))
    assert [error.message for error in validator.iter_errors(log)] == []
    # the validator is not vacuous: a level SARIF does not know and a line 0 are caught
    log["runs"][0]["results"][0]["level"] = "major"
    log["runs"][0]["results"][1]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
    messages = sorted(error.message for error in validator.iter_errors(log))
    assert len(messages) == 2
    assert "'major' is not one of" in messages[0]
    assert "0 is less than the minimum of 1" in messages[1]


def test_sarif_multiline_region_and_uris() -> None:
    target = "Previous post\nFury as pension\nrest"
    finding = _finding(target, 0, 29, Severity.MINOR, "navigation")
    [result] = sarif.results(_report(target, [finding]))
    region = result["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"]) == (1, 1)
    assert (region["endLine"], region["endColumn"]) == (2, 16)  # the column after the span
    assert result["level"] == "warning"
    assert sarif.artifact_uri("news/a b#1.txt") == "news/a%20b%231.txt"
    assert sarif.artifact_uri("/srv/news/a.txt") == "file:///srv/news/a.txt"


# --- github ---------------------------------------------------------------------------------

_COMMAND = re.compile(r"^::(error|warning|notice) ([^:]*)::(.*)$")


def _unescape(value: str) -> str:
    for code, char in (("%3A", ":"), ("%2C", ","), ("%0D", "\r"), ("%0A", "\n"), ("%25", "%")):
        value = value.replace(code, char)
    return value


def _parse(line: str) -> tuple[str, dict[str, str], str]:
    match = _COMMAND.match(line)
    assert match, line
    properties = dict(item.split("=", 1) for item in match.group(2).split(","))
    return match.group(1), {k: _unescape(v) for k, v in properties.items()}, match.group(3)


def test_github_annotations(run: Run) -> None:
    lines = run.result.stdout.splitlines()
    expected = run.findings()
    assert len(lines) == len(expected) + len(run.errors)
    error_lines = [line for line in lines if "title=mtqa%3A unreadable document" in line]
    finding_lines = [line for line in lines if line not in error_lines]
    for line, (report, f) in zip(finding_lines, expected, strict=True):
        command, properties, message = _parse(line)
        assert command == COMMANDS[f["severity"]]
        assert properties["file"] == report["path"]
        assert properties["title"].startswith(f"{f['code']} {f['name']}")
        assert _unescape(message).startswith(f["message"])
        target = run.targets[report["id"]]
        start_line, start_column = position(target, f["start"])
        end_line, end_column = position(target, f["end"] - 1)
        if report["id"] == report["path"]:
            assert int(properties["line"]) == start_line
            assert int(properties["endLine"]) == end_line
            if start_line == end_line:
                assert int(properties["col"]) == start_column
                assert int(properties["endColumn"]) == end_column
            else:
                assert "col" not in properties and "endColumn" not in properties
        else:  # a feed record: its offsets index its mt string, not the file
            assert "line" not in properties
            assert properties["title"].endswith(f"({report['id']} {start_line}:{start_column})")
    seed = [_parse(line) for line in lines if "file=seed_putin.txt," in line]
    assert any("col" not in p for _, p, _ in seed)  # the multi-line A102 spans
    errors = [_parse(line) for line in error_lines]
    assert {p["file"] for _, p, _ in errors} == {"pixel.png", "broken_feed.jsonl"}
    assert all(command == "error" for command, _, _ in errors)
    assert sorted(p.get("line", "") for _, p, _ in errors) == ["", "3", "4", "6"]


def test_github_escaping() -> None:
    assert github.escape_data("100% done\r\nnext: a, b") == "100%25 done%0D%0Anext: a, b"
    assert github.escape_property("a:b,c%d\ne") == "a%3Ab%2Cc%25d%0Ae"
    target = "Read:Serbia, 50%\nand more"
    finding = _finding(
        target, 0, 11, Severity.NEUTRAL, "No space after ':' in 'Read:Serbia'.\nFix it"
    )
    report = _report(target, [finding], doc_id="doc.txt")
    [line] = github.render(report).splitlines()
    assert line == (
        "::notice file=doc.txt,line=1,col=1,endLine=1,endColumn=11,"
        "title=F101 missing-space-after-punctuation::"
        "No space after ':' in 'Read:Serbia'.%0AFix it"
    )
    error = github.render_error(DocumentError("a,b:c.txt", "50% bad\nbytes", line=2))
    assert error == (
        "::error file=a%2Cb%3Ac.txt,line=2,title=mtqa%3A unreadable document::50%25 bad%0Abytes\n"
    )


def test_github_takes_no_destination(run: Run) -> None:
    result = mtqa("seed_putin.txt", "-f", "github:out.txt", cwd=run.folder)
    assert result.returncode == 2
    assert "github writes to stdout" in result.stderr
    with pytest.raises(Exception, match="choose from"):
        parse_format("yaml")
    with pytest.raises(Exception, match="text writes to stdout"):
        parse_format("text:findings.txt")
    for name in ("json", "md", "html"):
        with pytest.raises(Exception, match="one file per document into a folder"):
            parse_format(f"{name}:-")
    assert parse_format("sarif:x.sarif").dest == "x.sarif"


# --- csv ------------------------------------------------------------------------------------


def test_csv_findings_round_trip(run: Run) -> None:
    with (run.folder / "out" / "findings.csv").open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    expected = run.findings()
    assert len(rows) == len(expected)
    assert list(rows[0]) == list(csv_report.FINDING_COLUMNS)
    multiline = 0
    for row, (report, f) in zip(rows, expected, strict=True):
        target = run.targets[row["document"]]
        start, end = int(row["start"]), int(row["end"])
        assert row["text"] == target[start:end] == f["text"]
        multiline += "\n" in row["text"]
        assert (int(row["line"]), int(row["column"])) == position(target, start)
        assert row["document"] == report["id"] and row["path"] == report["path"]
        for key in ("code", "name", "category", "severity", "message", "origin", "fingerprint"):
            assert row[key] == f[key]
        assert row["suggestion"] == (f["suggestion"] or "")
        assert float(row["confidence"]) == f["confidence"]
    assert multiline >= 2  # quoted line breaks survive


def test_csv_summary(run: Run) -> None:
    with (run.folder / "out" / "summary.csv").open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert list(rows[0]) == list(csv_report.SUMMARY_COLUMNS)
    assert [row["id"] for row in rows] == [r["id"] for r in run.reports]
    for row, report in zip(rows, run.reports, strict=True):
        assert row["path"] == report["path"]
        assert float(row["overall"]) == pytest.approx(report["score"]["overall"], abs=0.01)
        assert float(row["mqm_penalty"]) == pytest.approx(report["score"]["mqm_penalty"], abs=0.01)
        assert int(row["words"]) == report["words"]
        assert int(row["findings"]) == len(report["findings"])
        for severity in ("critical", "major", "minor"):
            count = sum(1 for f in report["findings"] if f["severity"] == severity)
            assert int(row[severity]) == count
        assert row["flagged"] == ("true" if report["flagged"] else "false")


def test_summary_csv_follows_the_out_folder(run: Run) -> None:
    # json into --out writes summary.csv too; csv to stdout writes no file at all
    result = mtqa("seed_putin.txt", "-f", "json", "--out", "out-json", cwd=run.folder)
    assert result.returncode == 1, result.stderr
    assert (run.folder / "out-json" / "summary.csv").is_file()
    result = mtqa("seed_putin.txt", "-f", "csv:-", "--out", "out-stdout", cwd=run.folder)
    assert result.returncode == 1, result.stderr
    assert not (run.folder / "out-stdout").exists()
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == list(csv_report.FINDING_COLUMNS)
    assert len(rows) == 1 + len(run.reports[0]["findings"])


# --- xlsx -----------------------------------------------------------------------------------


def test_xlsx_findings_and_summary_sheets(run: Run) -> None:
    import pandas as pd

    path = run.folder / "out" / "findings.xlsx"
    sheets = pd.read_excel(path, sheet_name=None, dtype=str, keep_default_na=False)
    assert list(sheets) == ["Findings", "Summary"]
    findings, summary = sheets["Findings"], sheets["Summary"]
    assert list(findings.columns) == list(csv_report.FINDING_COLUMNS)
    expected = run.findings()
    assert len(findings) == len(expected) > 0
    for row, (_report_json, f) in zip(findings.to_dict("records"), expected, strict=True):
        target = run.targets[row["document"]]
        start, end = int(row["start"]), int(row["end"])
        assert row["text"] == target[start:end] == f["text"]
        assert (int(row["line"]), int(row["column"])) == position(target, start)
        for key in ("code", "severity", "message", "origin", "fingerprint"):
            assert row[key] == f[key]
    assert list(summary.columns) == list(csv_report.SUMMARY_COLUMNS)
    assert list(summary["id"]) == [r["id"] for r in run.reports]
    for row, report in zip(summary.to_dict("records"), run.reports, strict=True):
        assert float(row["overall"]) == pytest.approx(report["score"]["overall"], abs=0.01)
        assert int(row["findings"]) == len(report["findings"])


def test_xlsx_keeps_text_as_text() -> None:
    import openpyxl

    from mtqa.reporters import xlsx_report

    target = '=HYPERLINK("http://x") said\x07 the\ufffe minister\uffff.\tTab\nkept'
    finding = _finding(target, 0, len(target), Severity.MINOR, "grammar")
    rows = csv_report.finding_rows(_report(target, [finding]))
    book = openpyxl.load_workbook(io.BytesIO(xlsx_report.render(rows, [])))
    cell = book["Findings"]["K2"]
    assert cell.data_type == "s"
    not_xml = str.maketrans({"\x07": "\ufffd", "\ufffe": "\ufffd", "\uffff": "\ufffd"})
    assert cell.value == target.translate(not_xml)
    assert book["Findings"].freeze_panes == "A2"


def test_csv_cells_a_spreadsheet_would_run_get_a_quote() -> None:
    import csv as csv_module

    target = '=HYPERLINK("http://x","click") said the minister.'
    finding = _finding(target, 0, len(target), Severity.MINOR, "grammar")
    text = csv_report.findings_header() + csv_report.render_findings(_report(target, [finding]))
    [row] = list(csv_module.DictReader(io.StringIO(text)))
    assert row["text"] == "'" + target
    assert row["start"] == "0" and row["code"] == finding.code
    for harmless in ("said the minister.", "3 - 2", "'quoted'"):
        assert csv_report.spreadsheet_safe(harmless) == harmless
    for formula in ("+1", "-1+2", "@SUM(A1)", "\tx", "\rx"):
        assert csv_report.spreadsheet_safe(formula) == "'" + formula
