"""The GitHub Action (``action.yml``) and the job summary it writes (``--format
github-summary``, ``mtqa/reporters/github_summary.py``).

What is tested: the summary's Markdown from the pure functions and from its sink (caps,
order, appending to ``$GITHUB_STEP_SUMMARY``, escaping of hostile text, rendered with
markdown-it's CommonMark and GFM tables, raw HTML allowed, to see what a reader would get);
``action.yml`` read with PyYAML (its inputs, its steps, every ``--format`` and option it
gives mtqa exists); and the action's own "Check translations" and "Fail on findings" scripts
run with bash as the runner runs them (``bash -eo pipefail``, the step's ``env`` with its
``${{ }}`` expressions filled in, ``$GITHUB_OUTPUT``, ``$GITHUB_STEP_SUMMARY`` and
``$RUNNER_TEMP`` as files here), on the fixtures and a file with hostile text, with this
virtual environment's mtqa.

What is not: GitHub itself (the composite action's evaluation, actions/setup-python, the
SARIF upload to code scanning, how github.com renders the summary), and the install step
(pip install of mtqa, with torch from the PyTorch CPU index for the model).
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from markdown_it import MarkdownIt

from mtqa.findings import DocumentError, Report, Severity
from mtqa.gate import Gate
from mtqa.reporters import BY_NAME, open_sink
from mtqa.reporters import github_summary as summary
from mtqa.reporters.sinks import Run
from tests.conftest import ROOT, SEED, check_text

ACTION = ROOT / "action.yml"
BIN = Path(sys.executable).parent
HOSTILE = (
    "Council approves the budget\n\n"
    "The city council approved the new budget on Monday.\n\n"
    "Read:<script>alert(1)</script> | `rm -rf /` **bold** [link](https://e.vil) #1\n"
)
#: CommonMark with GFM tables and raw HTML passed through, as a permissive renderer does.
MARKDOWN = MarkdownIt("commonmark", {"html": True}).enable("table")


def html_of(markdown: str) -> str:
    return MARKDOWN.render(markdown)


def table_rows(markdown: str, header: str) -> list[list[str]]:
    """The cells of the rows of the table whose header row starts with ``header``."""
    lines = markdown.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"| {header} |"))
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        rows.append([c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]])
    return rows


# --- the pure pieces ------------------------------------------------------------------------


def test_text_is_literal_markdown_on_one_line() -> None:
    hostile = 'a|b`c<d>&"*_[x](y)#!\\\n\x1b\u202e'
    assert summary.text(hostile) == (
        "a\\|b\\`c&lt;d&gt;&amp;&quot;\\*\\_\\[x\\]\\(y\\)\\#\\!\\\\↵\\\\x1b\\\\u202e"
    )
    html = html_of(f"| x |\n|---|\n| {summary.text(hostile)} |\n")
    assert html.count("<td>") == 1 and "<code>" not in html and "<em>" not in html
    assert "<a " not in html and "<d>" not in html
    assert summary.text("x" * 100, 10) == "x" * 9 + "…"


def _report(text: str, doc_id: str) -> Report:
    return dataclasses.replace(check_text(text), id=doc_id, path=doc_id)


@pytest.fixture(scope="module")
def hostile_report() -> Report:
    report = _report(HOSTILE, "news/<b>|`x`.txt")
    assert [f.code for f in report.findings] == ["A101"], report.findings
    return report


def test_a_hostile_finding_and_id_cannot_inject_markup(hostile_report: Report) -> None:
    rows = [summary.row(hostile_report)]
    worst = summary.findings(hostile_report)
    markdown = summary.render(rows, worst, [], (1, 1, rows[0].counts), Gate(), 1, "0.1.0")
    html = html_of(markdown)
    for tag in ("<script", "<b>", "<code>", "<strong>", "<a ", "<h1"):
        assert tag not in html, tag
    assert (
        "&lt;script&gt;alert(1)&lt;/script&gt; | `rm -rf /` **bold** [link](https://e.vil) #1"
        in html
    )
    assert "<td>news/&lt;b&gt;|`x`.txt</td>" in html
    # every row of both tables has its header's number of cells: no | ended a cell
    for table in html.split("<table>")[1:]:
        header = len(re.findall("<th[ >]", table.split("</thead>")[0]))
        for row in table.split("<tbody>")[1].split("<tr>")[1:]:
            assert len(re.findall("<td[ >]", row)) == header, row


def test_render_says_what_the_gate_decided() -> None:
    clean = summary.row(_report("The council met on Monday.\n", "ok.txt"))
    passed = summary.render([clean], [], [], (1, 0, clean.counts), Gate(), 0, "0.1.0")
    assert passed.startswith("### mtqa: passed\n")
    assert (
        "1 document checked; 0 with a finding at or above major; 0 findings. Exit code 0." in passed
    )
    assert "| ok\\.txt | 100.0 | 5 | 0 | 0 | 0 | 0 | passes |" in passed
    assert "Worst findings" not in passed
    error = DocumentError("feed.jsonl", "bad <i>record</i>", line=3)
    gate = Gate(Severity.MINOR, 60)
    failed = summary.render([clean], [], [error], (1, 0, clean.counts), gate, 2, "0.1.0")
    assert failed.startswith("### mtqa: failed\n")
    assert "with a finding at or above minor or an overall score below 60" in failed
    assert "1 document could not be read or checked. Exit code 2." in failed
    assert "- feed\\.jsonl\\:3\\: bad &lt;i&gt;record&lt;\\/i&gt;" in failed
    assert "<sub>mtqa 0\\.1\\.0 · fail-on minor, min-score 60</sub>" in failed


# --- the sink -------------------------------------------------------------------------------


def _run(out: Path, gate: Gate | None = None) -> Run:
    return Run(out, (), gate or Gate(), "0.1.0")


def _summarise(sink: Any, reports: list[Report], errors: tuple[DocumentError, ...] = ()) -> None:
    for report in reports:
        sink.document(report)
    sink.close(list(errors), 1)


def test_the_sink_keeps_the_lowest_scores_and_the_worst_findings(
    tmp_path: Path, seed_report: Report, hostile_report: Report
) -> None:
    clean = _report("The council met on Monday.\n", "clean")
    reports = [dataclasses.replace(clean, id=f"doc-{i}", path=f"doc-{i}") for i in range(60)]
    reports[7] = dataclasses.replace(seed_report, id="seed", path="seed")
    reports[8] = dataclasses.replace(seed_report, id="seed-2", path="seed-2")
    reports[30] = hostile_report
    critical = dataclasses.replace(hostile_report.findings[0], severity=Severity.CRITICAL)
    reports[59] = dataclasses.replace(hostile_report, id="late", path="late", findings=(critical,))
    sink = open_sink("github-summary", str(tmp_path / "s.md"), _run(tmp_path))
    _summarise(sink, reports)
    markdown = (tmp_path / "s.md").read_text("utf-8")
    rows = table_rows(markdown, "Document")
    assert len(rows) == summary.DOCUMENTS
    assert "The 50 lowest scores are shown of 60 documents." in markdown
    scores = [float(r[1]) for r in rows]
    assert scores == sorted(scores)
    assert [r[0] for r in rows[:2]] == ["seed", "seed\\-2"]  # ties in input order
    assert [r[0] for r in rows[4:7]] == ["doc\\-0", "doc\\-1", "doc\\-2"]
    worst = table_rows(markdown, "Severity")
    total = 2 * len(seed_report.findings) + 2
    assert len(worst) == summary.FINDINGS
    assert f"#### Worst findings (the 25 most severe of {total})" in markdown
    assert worst[0][:3] == ["critical", "A101 teaser\\-link", "late\\:5\\:1"]
    severities = [Severity[r[0].upper()] for r in worst]
    assert severities == sorted(severities, reverse=True)
    assert f"60 documents checked; 4 with a finding at or above major; {total} findings" in markdown


def test_the_step_summary_is_appended_to_and_any_other_file_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, hostile_report: Report
) -> None:
    from mtqa.cli import parse_format

    step = tmp_path / "step_summary"
    step.write_text("## An earlier command of the step\n\n", "utf-8")
    monkeypatch.setenv(summary.ENV, str(step))
    assert parse_format("github-summary").dest == str(step)
    assert parse_format("github-summary:other.md").dest == "other.md"
    for _ in range(2):
        _summarise(open_sink("github-summary", str(step), _run(tmp_path)), [hostile_report])
    text = step.read_text("utf-8")
    assert text.startswith("## An earlier command of the step\n\n### mtqa: failed\n")
    assert text.count("### mtqa: failed") == 2

    other = tmp_path / "other.md"
    for _ in range(2):
        _summarise(open_sink("github-summary", str(other), _run(tmp_path)), [hostile_report])
    assert other.read_text("utf-8").count("### mtqa:") == 1

    monkeypatch.delenv(summary.ENV)
    assert parse_format("github-summary").dest is None
    _summarise(open_sink("github-summary", None, _run(tmp_path / "out")), [hostile_report])
    assert (tmp_path / "out" / "github-summary.md").read_text("utf-8").startswith("### mtqa:")


# --- action.yml -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def action() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(ACTION.read_text("utf-8"))
    return loaded


def _step(action: dict[str, Any], name: str) -> dict[str, Any]:
    return next(s for s in action["runs"]["steps"] if s.get("name") == name)


def _check_options() -> set[str]:
    import argparse

    from mtqa.cli import build_parser

    commands = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    return set(commands.choices["check"]._option_string_actions)


def test_action_yml_uses_real_mtqa_options(action: dict[str, Any]) -> None:
    assert action["runs"]["using"] == "composite"
    inputs = action["inputs"]
    assert set(inputs) == {"paths", "fail-on", "model", "args", "python-version", "upload-sarif"}
    assert inputs["paths"]["required"] is True and "default" not in inputs["paths"]
    assert inputs["fail-on"]["default"] == "major" and inputs["model"]["default"] == "false"
    for choice in ("minor", "major", "critical", "never"):
        assert choice in inputs["fail-on"]["description"]
    uses = [s["uses"].split("@")[0] for s in action["runs"]["steps"] if "uses" in s]
    assert uses == ["actions/setup-python", "github/codeql-action/upload-sarif"]
    options = _check_options()
    scripts = [s["run"] for s in action["runs"]["steps"] if "run" in s]
    formats = re.findall(r'--format "?([\w-]+)', "\n".join(scripts))
    assert sorted(formats) == ["github", "github-summary", "sarif"]
    assert all(name in BY_NAME for name in formats)
    script = _step(action, "Check translations")["run"]
    code = "\n".join(line for line in script.splitlines() if not line.strip().startswith("#"))
    used = set(re.findall(r"(?<![\w-])--[a-z][\w-]*", code))
    assert used == {"--no-model", "--fail-on", "--format"}
    assert used <= options, used - options
    # inputs reach the scripts through env, never spliced into the script's text
    for step in action["runs"]["steps"]:
        assert "${{" not in step.get("run", ""), step["name"]
    named = set(re.findall(r"inputs\.([\w-]+)", ACTION.read_text("utf-8")))
    assert named == set(inputs)
    install = _step(action, "Install mtqa")
    assert '"$MTQA_SOURCE[model]"' in install["run"]
    assert "https://download.pytorch.org/whl/cpu" in install["run"]
    upload = _step(action, "Upload SARIF")
    assert upload["with"]["sarif_file"] == "${{ steps.check.outputs.sarif }}"


EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


def _run_step(
    step: dict[str, Any], contexts: dict[str, str], files: dict[str, Path]
) -> subprocess.CompletedProcess[str]:
    """``step``'s script run as the runner runs a ``shell: bash`` step."""

    def expand(match: re.Match[str]) -> str:
        assert match.group(1) in contexts, f"unknown expression {match.group(0)}"
        return contexts[match.group(1)]

    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "RUNNER_"))}
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env.update({name: str(path) for name, path in files.items()})
    env.update({k: EXPRESSION.sub(expand, str(v)) for k, v in step.get("env", {}).items()})
    script = files["RUNNER_TEMP"] / "step.sh"
    script.write_text(step["run"], "utf-8")
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def _outputs(path: Path) -> dict[str, str]:
    return dict(line.split("=", 1) for line in path.read_text("utf-8").splitlines() if line)


@pytest.mark.parametrize("model", ["false", "true", "yes"])
def test_the_install_step_uses_the_pytorch_index_only_for_the_model(
    action: dict[str, Any], tmp_path: Path, model: str
) -> None:
    """The install step run with stand-ins for python and mtqa that record their
    arguments: the PyTorch index (an extra index, from which pip would take any package of
    a higher version than PyPI's) is given to pip only when the model is installed."""
    fake = tmp_path / "bin"
    fake.mkdir()
    calls = tmp_path / "calls"
    for name in ("python", "mtqa"):
        (fake / name).write_text(f'#!/bin/sh\necho "{name} $*" >> "{calls}"\n', "utf-8")
        (fake / name).chmod(0o755)
    files = {"RUNNER_TEMP": tmp_path, "PATH": Path(f"{fake}{os.pathsep}/usr/bin:/bin")}
    contexts = {"github.action_path": "/actions/mtqa", "inputs.model": model}
    done = _run_step(_step(action, "Install mtqa"), contexts, files)
    recorded = calls.read_text("utf-8").splitlines() if calls.exists() else []
    if model == "yes":
        assert done.returncode == 2 and recorded == []
        assert "::error title=mtqa::model must be 'true' or 'false', not 'yes'" in done.stdout
        return
    assert done.returncode == 0, done.stderr
    pip = "python -m pip install --disable-pip-version-check --quiet"
    if model == "true":
        index = " --extra-index-url https://download.pytorch.org/whl/cpu"
        assert recorded == [f"{pip} /actions/mtqa[model]{index}", "mtqa --version"]
    else:
        assert recorded == [f"{pip} /actions/mtqa", "mtqa --version"]


@pytest.fixture(scope="module")
def action_run(
    action: dict[str, Any], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, Any]]:
    """The action's "Check translations" step on the seed article, the golden fixtures and a
    file with hostile text, rules only."""
    tmp = tmp_path_factory.mktemp("action")
    hostile = tmp / "hostile.txt"
    hostile.write_text(HOSTILE, "utf-8")
    files = {
        "RUNNER_TEMP": tmp / "runner-temp",
        "GITHUB_OUTPUT": tmp / "github_output",
        "GITHUB_STEP_SUMMARY": tmp / "step_summary",
    }
    files["RUNNER_TEMP"].mkdir()
    files["GITHUB_OUTPUT"].write_text("", "utf-8")
    files["GITHUB_STEP_SUMMARY"].write_text("## An earlier command of the step\n\n", "utf-8")
    inputs = {name: str(spec.get("default", "")) for name, spec in action["inputs"].items()}
    inputs["paths"] = f"{SEED.relative_to(ROOT)}\n  tests/golden/run/input {hostile}\n"
    inputs["args"] = f"--no-cache --out {tmp / 'out'} --format jsonl:{tmp / 'reports.jsonl'}"
    contexts = {f"inputs.{name}": value for name, value in inputs.items()}
    contexts |= {"runner.temp": str(files["RUNNER_TEMP"]), "github.action_path": str(ROOT)}
    done = _run_step(_step(action, "Check translations"), contexts, files)
    reports = [json.loads(line) for line in (tmp / "reports.jsonl").read_text("utf-8").splitlines()]
    yield {
        "done": done,
        "outputs": _outputs(files["GITHUB_OUTPUT"]),
        "summary": files["GITHUB_STEP_SUMMARY"].read_text("utf-8"),
        "reports": reports,
        "tmp": tmp,
        "files": files,
        "contexts": contexts,
        "hostile": hostile,
    }


def test_the_check_step_records_the_exit_code_and_writes_sarif_and_summary(
    action_run: dict[str, Any],
) -> None:
    done, outputs = action_run["done"], action_run["outputs"]
    assert done.returncode == 0, done.stderr
    assert outputs["exit-code"] == "1"
    sarif_path = Path(outputs["sarif"])
    assert sarif_path == action_run["files"]["RUNNER_TEMP"] / "mtqa.sarif"
    sarif = json.loads(sarif_path.read_text("utf-8"))
    found = sum(len(r["findings"]) for r in action_run["reports"])
    assert len(sarif["runs"][0]["results"]) == found > 0
    assert "::error file=fixtures/articles/seed_putin.txt,line=5," in done.stdout
    assert "mtqa: checked 5 document(s), 4 flagged" in done.stderr  # --no-model by default
    assert not (action_run["tmp"] / "out").exists()  # every format went to its destination


def test_the_job_summary_has_every_document_and_the_worst_findings(
    action_run: dict[str, Any],
) -> None:
    markdown = action_run["summary"]
    assert markdown.startswith("## An earlier command of the step\n\n### mtqa: failed\n")
    reports = action_run["reports"]
    found = sum(len(r["findings"]) for r in reports)
    assert f"5 documents checked; 4 with a finding at or above major; {found} findings" in markdown
    rows = {r[0]: r for r in table_rows(markdown, "Document")}
    assert len(rows) == len(reports) == 5
    for report in reports:
        where = (
            report["path"]
            if report["id"] == report["path"]
            else f"{report['path']}[{report['id']}]"
        )
        cells = rows[summary.text(where)]
        assert abs(float(cells[1]) - report["score"]["overall"]) <= 0.051
        assert cells[2] == f"{report['words']:,}"
        severities = [f["severity"] for f in report["findings"]]
        assert cells[3:7] == [
            str(severities.count(s)) for s in ("critical", "major", "minor", "neutral")
        ]
        assert cells[7] == ("fails" if report["flagged"] else "passes")
    assert rows["tests\\/golden\\/run\\/input\\/briefs\\.jsonl\\[brief\\-1\\]"][7] == "passes"
    assert rows["fixtures\\/articles\\/seed\\_putin\\.txt"][7] == "fails"
    worst = table_rows(markdown, "Severity")
    assert len(worst) == min(found, summary.FINDINGS)
    assert {r[0] for r in worst[:10]} == {"major"}
    assert any(r[1].startswith("F201 ") and r[3] == "«its»" for r in worst)
    html = html_of(markdown)
    assert "<script" not in html and "<strong>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; | `rm -rf /`" in html


def test_the_last_step_fails_with_mtqas_exit_code(
    action: dict[str, Any], action_run: dict[str, Any]
) -> None:
    step = _step(action, "Fail on findings")
    assert step["if"] == "${{ steps.check.outputs.exit-code != '0' }}"
    contexts = dict(action_run["contexts"])
    contexts["steps.check.outputs.exit-code"] = action_run["outputs"]["exit-code"]
    done = _run_step(step, contexts, action_run["files"])
    assert done.returncode == 1
    assert "mtqa exited with 1" in done.stdout
