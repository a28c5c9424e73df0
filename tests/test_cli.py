"""The ``mtqa`` command end to end, through ``python -m mtqa`` in a subprocess.

Every run uses ``--no-model`` and a temporary ``--out`` folder, and runs with the temporary
folder as its working directory so that no configuration file of the repository applies.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from mtqa.checks import ALL_CHECKS, BY_CODE

from .conftest import assert_no_traceback, run_mtqa

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SEED = FIXTURES / "articles" / "seed_putin.txt"
CLEAN = FIXTURES / "articles" / "clean_library_reopens.txt"
PNG = FIXTURES / "bad" / "pixel.png"
BROKEN_FEED = FIXTURES / "bad" / "broken_feed.jsonl"
FEED = FIXTURES / "feeds" / "news_zh_en.jsonl"


def check(tmp_path: Path, *args: str | Path, out: str = "out") -> subprocess.CompletedProcess[str]:
    return run_mtqa("check", *args, "--no-model", "--out", tmp_path / out, cwd=tmp_path)


def summary(folder: Path) -> dict[str, Any]:
    data = json.loads((folder / "summary.json").read_text("utf-8"))
    assert data["schema"] == "mtqa.summary/1"
    return data


def report_of(folder: Path, path: Path) -> dict[str, Any]:
    """The JSON report for the document read from ``path``, found through summary.json."""
    [entry] = [d for d in summary(folder)["documents"] if d["path"] == str(path)]
    report = json.loads(Path(entry["report"]).read_text("utf-8"))
    assert report["schema"] == "mtqa.report/1"
    return report


def codes(report: dict[str, Any]) -> set[str]:
    return {f["code"] for f in report["findings"]}


# --- exit codes and reports --------------------------------------------------------------


def test_clean_article_exits_0(tmp_path: Path) -> None:
    result = check(tmp_path, CLEAN)
    assert result.returncode == 0, result.stderr
    report = report_of(tmp_path / "out", CLEAN)
    assert report["flagged"] is False
    assert not [f for f in report["findings"] if f["severity"] in ("major", "critical")]
    assert report["score"]["overall"] > 90
    assert summary(tmp_path / "out")["exit_code"] == 0
    assert summary(tmp_path / "out")["errors"] == []
    assert list((tmp_path / "out").glob("*.md"))


def test_reports_get_ordinary_file_permissions(tmp_path: Path) -> None:
    check(tmp_path, CLEAN)
    mask = os.umask(0)
    os.umask(mask)
    modes = {path.stat().st_mode & 0o777 for path in (tmp_path / "out").iterdir()}
    assert modes == {0o666 & ~mask}  # not mkstemp's 0600: others may read the reports


def test_seed_article_exits_1(tmp_path: Path) -> None:
    result = check(tmp_path, SEED)
    assert result.returncode == 1, result.stderr
    assert_no_traceback(result)
    report = report_of(tmp_path / "out", SEED)
    assert report["flagged"] is True
    assert {"F201", "F301", "A101", "A102"} <= codes(report)
    text = SEED.read_text("utf-8")
    for finding in report["findings"]:
        assert text[finding["start"] : finding["end"]] == finding["text"]
    assert summary(tmp_path / "out")["exit_code"] == 1


def test_bad_input_exits_2_but_good_documents_are_reported(tmp_path: Path) -> None:
    result = check(tmp_path, CLEAN, PNG, SEED, BROKEN_FEED)
    assert result.returncode == 2
    assert_no_traceback(result)
    assert "pixel.png" in result.stderr
    assert f"{BROKEN_FEED}:3" in result.stderr
    out = tmp_path / "out"
    data = summary(out)
    assert data["exit_code"] == 2
    reported = [d["id"] for d in data["documents"]]
    assert reported == [str(CLEAN), str(SEED), "rtr-01", "rtr-02", "rtr-05", "rtr-07"]
    for entry in data["documents"]:
        report = json.loads(Path(entry["report"]).read_text("utf-8"))
        assert report["id"] == entry["id"]
    assert report_of(out, SEED)["flagged"] is True
    assert [(e["path"], e["line"]) for e in data["errors"]] == [
        (str(PNG), None),
        (str(BROKEN_FEED), 3),
        (str(BROKEN_FEED), 4),
        (str(BROKEN_FEED), 6),
    ]
    assert data["errors"][0]["error"] == "binary file, not text"
    assert all(e["error"] for e in data["errors"])


def test_missing_path_exits_2(tmp_path: Path) -> None:
    result = check(tmp_path, CLEAN, tmp_path / "nope.txt")
    assert result.returncode == 2
    assert_no_traceback(result)
    assert "nope.txt: no such file or directory" in result.stderr
    assert [d["path"] for d in summary(tmp_path / "out")["documents"]] == [str(CLEAN)]


def test_same_id_in_two_feeds_gets_two_report_files(tmp_path: Path) -> None:
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    first.write_text('{"id": "1", "mt": "The minister resigned. in the morning."}\n', "utf-8")
    second.write_text('{"id": "1", "mt": "Prices rose on Monday."}\n', "utf-8")
    result = check(tmp_path, first, second)
    assert result.returncode == 1, result.stderr
    entries = summary(tmp_path / "out")["documents"]
    assert [e["path"] for e in entries] == [str(first), str(second)]
    assert entries[0]["report"] != entries[1]["report"]
    for entry in entries:
        report = json.loads(Path(entry["report"]).read_text("utf-8"))
        assert report["path"] == entry["path"]
        assert len(report["findings"]) == entry["findings"]


def test_unwritable_out_folder_exits_2(tmp_path: Path) -> None:
    (tmp_path / "taken").write_text("", "utf-8")
    result = check(tmp_path, CLEAN, out="taken")
    assert result.returncode == 2
    assert_no_traceback(result)
    assert "cannot write reports" in result.stderr


def test_folder_of_fixtures(tmp_path: Path) -> None:
    result = check(tmp_path, FIXTURES / "articles")
    assert result.returncode == 1, result.stderr
    paths = [d["path"] for d in summary(tmp_path / "out")["documents"]]
    assert str(SEED) in paths and str(CLEAN) in paths
    assert paths == sorted(paths)


def test_the_whole_fixture_tree_runs_without_a_crash(tmp_path: Path) -> None:
    result = check(tmp_path, FIXTURES)
    assert result.returncode == 2  # fixtures/bad holds unreadable files
    assert_no_traceback(result)
    data = summary(tmp_path / "out")
    assert len(data["documents"]) >= 20
    assert {Path(e["path"]).name for e in data["errors"]} >= {
        "pixel.png",
        "empty.txt",
        "garbled_bytes.txt",
        "broken_feed.jsonl",
        "no_mt_column.csv",
    }


# --- output formats ----------------------------------------------------------------------


def test_jsonl_format_writes_one_line_per_document_and_per_error(tmp_path: Path) -> None:
    dest = tmp_path / "reports" / "run.jsonl"
    result = check(tmp_path, FEED, BROKEN_FEED, "--format", f"jsonl:{dest}")
    assert result.returncode == 2
    assert_no_traceback(result)
    lines = [json.loads(line) for line in dest.read_text("utf-8").splitlines()]
    reports = [r for r in lines if r["schema"] == "mtqa.report/1"]
    errors = [r for r in lines if r["schema"] == "mtqa.error/1"]
    feed_ids = [json.loads(line)["id"] for line in FEED.read_text("utf-8").splitlines()]
    assert [r["id"] for r in reports] == [*feed_ids, "rtr-01", "rtr-02", "rtr-05", "rtr-07"]
    assert [(e["path"], e["line"]) for e in errors] == [
        (str(BROKEN_FEED), 3),
        (str(BROKEN_FEED), 4),
        (str(BROKEN_FEED), 6),
    ]
    mts = {}
    for feed in (FEED, BROKEN_FEED):
        for line in feed.read_text("utf-8").splitlines():
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                continue
            mts.setdefault(record["id"], record.get("mt"))
    for report in reports:
        for finding in report["findings"]:
            assert mts[report["id"]][finding["start"] : finding["end"]] == finding["text"]
    # Only the jsonl file was asked for: no per-document files.
    assert not list(tmp_path.glob("out/*.json"))
    assert not list(dest.parent.glob(".*"))  # no temporary file left behind


def test_jsonl_to_stdout(tmp_path: Path) -> None:
    result = check(tmp_path, CLEAN, SEED, "--format", "jsonl:-")
    assert result.returncode == 1
    ids = [json.loads(line)["id"] for line in result.stdout.splitlines()]
    assert ids == [str(CLEAN), str(SEED)]


def test_text_format_prints_path_line_column(tmp_path: Path) -> None:
    result = check(tmp_path, SEED, "--format", "text", "--format", "json")
    assert result.returncode == 1
    pattern = re.compile(
        rf"^{re.escape(str(SEED))}:(\d+):(\d+): ([A-Z]\d{{3}}) \[(neutral|minor|major|critical)\] "
    )
    lines = result.stdout.splitlines()
    assert lines
    parsed = []
    for line in lines:
        match = pattern.match(line)
        assert match, line
        parsed.append((int(match[1]), int(match[2]), match[3]))
    text = SEED.read_text("utf-8")
    expected = []
    for finding in report_of(tmp_path / "out", SEED)["findings"]:
        before = text[: finding["start"]]
        expected.append(
            (
                before.count("\n") + 1,
                finding["start"] - (before.rfind("\n") + 1) + 1,
                finding["code"],
            )
        )
    assert parsed == expected
    assert (5, 339, "F301") in parsed  # "... no matter how many were killed. in processing."


def test_markdown_and_json_are_the_default(tmp_path: Path) -> None:
    result = check(tmp_path, SEED)
    assert result.returncode == 1
    out = tmp_path / "out"
    assert len(list(out.glob("*.json"))) == 2  # the report and summary.json
    [markdown] = out.glob("*.md")
    assert "Flagged sentences" in markdown.read_text("utf-8")
    assert result.stdout == ""


def test_unknown_format_exits_2(tmp_path: Path) -> None:
    result = check(tmp_path, CLEAN, "--format", "xml")
    assert result.returncode == 2
    assert_no_traceback(result)
    assert "unknown format 'xml'" in result.stderr
    assert not (tmp_path / "out").exists()


# --- selection and severity --------------------------------------------------------------


def test_select_keeps_only_the_selected_codes(tmp_path: Path) -> None:
    result = check(tmp_path, SEED, "--select", "F2,A101")
    assert result.returncode == 1
    report = report_of(tmp_path / "out", SEED)
    assert codes(report) == {"F201", "A101"}


def test_ignore_drops_codes(tmp_path: Path) -> None:
    result = check(tmp_path, SEED, "--ignore", "a1,a2,F3")
    assert result.returncode == 1
    found = codes(report_of(tmp_path / "out", SEED))
    assert "F201" in found
    assert not any(code.startswith(("A1", "A2", "F3")) for code in found)


def test_select_a_code_with_no_finding_exits_0(tmp_path: Path) -> None:
    result = check(tmp_path, SEED, "--select", "F107")
    assert result.returncode == 0, result.stderr
    assert codes(report_of(tmp_path / "out", SEED)) == set()


def test_fail_on_never_exits_0(tmp_path: Path) -> None:
    result = check(tmp_path, SEED, "--fail-on", "never")
    assert result.returncode == 0
    report = report_of(tmp_path / "out", SEED)
    assert report["findings"] and report["flagged"] is False


def test_fail_on_never_still_exits_2_on_bad_input(tmp_path: Path) -> None:
    result = check(tmp_path, SEED, PNG, "--fail-on", "never")
    assert result.returncode == 2


def test_fail_on_minor_flags_minor_findings(tmp_path: Path) -> None:
    result = check(tmp_path, SEED, "--select", "F101", "--fail-on", "minor")
    assert result.returncode == 1
    report = report_of(tmp_path / "out", SEED)
    assert {f["severity"] for f in report["findings"]} == {"minor"}
    assert check(tmp_path, SEED, "--select", "F101").returncode == 0


def test_config_file_is_honoured(tmp_path: Path) -> None:
    (tmp_path / "mtqa.toml").write_text(
        'select = ["F2", "A1", "A2"]\nignore = ["A102"]\n'
        '[severity]\nF201 = "critical"\nA1 = "minor"\n',
        encoding="utf-8",
    )
    result = check(tmp_path, SEED)
    assert result.returncode == 1, result.stderr
    report = report_of(tmp_path / "out", SEED)
    assert codes(report) == {"F201", "A101"}
    severities = {f["code"]: f["severity"] for f in report["findings"]}
    assert severities == {"F201": "critical", "A101": "minor"}
    # The command line still wins over the file.
    result = check(tmp_path, SEED, "--select", "A1,A2", out="out2")
    assert codes(report_of(tmp_path / "out2", SEED)) == {"A101"}


def test_config_weights_change_the_penalty_and_the_signature(tmp_path: Path) -> None:
    assert check(tmp_path, SEED).returncode == 1
    default = report_of(tmp_path / "out", SEED)
    (tmp_path / "mtqa.toml").write_text("[weights]\nmajor = 10\n", encoding="utf-8")
    check(tmp_path, SEED, out="out-weights")
    weighted = report_of(tmp_path / "out-weights", SEED)
    majors = sum(f["confidence"] for f in default["findings"] if f["severity"] == "major")
    extra = 5 * majors * 1000 / default["words"]  # five more points per major finding
    assert weighted["score"]["mqm_penalty"] == pytest.approx(
        default["score"]["mqm_penalty"] + extra, abs=0.01
    )
    assert weighted["signature"] != default["signature"]


def test_weights_on_the_command_line_override_the_configuration(tmp_path: Path) -> None:
    (tmp_path / "mtqa.toml").write_text("[weights]\nmajor = 10\n", encoding="utf-8")
    check(tmp_path, SEED, out="out-toml")
    check(tmp_path, SEED, "--weights", "major=10", out="out-flag")
    check(tmp_path, SEED, "--weights", " minor=0 , major=5 ", out="out-both")
    toml, flag, both = (
        report_of(tmp_path / name, SEED) for name in ("out-toml", "out-flag", "out-both")
    )
    assert flag["score"] == toml["score"] and flag["signature"] == toml["signature"]
    minors = sum(f["confidence"] for f in both["findings"] if f["severity"] == "minor")
    majors = sum(f["confidence"] for f in both["findings"] if f["severity"] == "major")
    assert minors > 0  # the seed article has minor findings, which now cost nothing
    assert both["score"]["mqm_penalty"] == pytest.approx(
        5 * majors * 1000 / both["words"], abs=0.01
    )


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        ("major", "expected SEVERITY=POINTS, got 'major'"),
        ("major=five", "weight of 'major' is not a number: 'five'"),
        ("minor=-1", "weight of 'minor' must be a finite number of zero or more"),
        ("minor=inf", "weight of 'minor' must be a finite number of zero or more"),
        ("major=nan", "weight of 'major' must be a finite number of zero or more"),
        ("huge=3", "unknown severity 'huge'"),
        (",", "no weights given"),
    ],
)
def test_bad_weights_are_a_usage_error(tmp_path: Path, weights: str, message: str) -> None:
    result = check(tmp_path, SEED, f"--weights={weights}")
    assert result.returncode == 2
    assert message in result.stderr and "--weights" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_min_score_that_is_not_a_number_is_a_usage_error(tmp_path: Path) -> None:
    result = check(tmp_path, SEED, "--min-score", "nan")
    assert result.returncode == 2 and "--min-score must be a number" in result.stderr
    (tmp_path / "mtqa.toml").write_text("min-score = inf\n", encoding="utf-8")
    result = check(tmp_path, SEED)
    assert result.returncode == 2 and "min-score must be a number" in result.stderr


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ("[severity]\nF201 = 3\n", "'severity.F201' must be a string, not int 3"),
        ("select = 7\n", "select"),
    ],
)
def test_a_configuration_value_of_the_wrong_type_is_a_usage_error(
    tmp_path: Path, config: str, message: str
) -> None:
    (tmp_path / "mtqa.toml").write_text(config, encoding="utf-8")
    result = check(tmp_path, SEED)
    assert result.returncode == 2, result.stderr
    assert message in result.stderr and "Traceback" not in result.stderr


def test_an_unexpected_error_exits_2_with_one_line(tmp_path: Path) -> None:
    """A failure nothing else catches (here: the eval report's folder is a file) is exit 2
    with one line, never exit 1, which means findings."""
    gold = tmp_path / "gold.jsonl"
    record = {"id": "s1", "mt": "Fine.", "errors": [], "raters": ["r1"], "score": 0.0}
    gold.write_text(json.dumps(record) + "\n", encoding="utf-8")
    (tmp_path / "afile").write_text("", encoding="utf-8")
    result = run_mtqa(
        "eval", gold, "--no-model", "--out", tmp_path / "afile" / "x.json", cwd=tmp_path
    )
    assert result.returncode == 2
    assert "mtqa: " in result.stderr and "Traceback" not in result.stderr


def test_eval_limit_must_be_positive(tmp_path: Path) -> None:
    result = run_mtqa("eval", tmp_path / "none.jsonl", "--limit", "0", cwd=tmp_path)
    assert result.returncode == 2 and "at least 1" in result.stderr


def test_checking_a_folder_twice_does_not_read_its_own_reports(tmp_path: Path) -> None:
    """`mtqa check .` writes mtqa-report/ inside the folder it checks: the next run must not
    take those reports (JSON, Markdown, summary.csv, other formats' files) for articles."""
    (tmp_path / "clean.txt").write_text(CLEAN.read_text("utf-8"), encoding="utf-8")
    command = ("check", ".", "--no-model", "--no-cache", "-f", "json", "-f", "md", "-f", "csv")
    first = run_mtqa(*command, "-f", "junit:ci/junit.xml", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert (tmp_path / "mtqa-report" / "summary.csv").is_file()
    second = run_mtqa(*command, "-f", "junit:ci/junit.xml", cwd=tmp_path)
    assert second.returncode == 0, second.stderr
    [entry] = summary(tmp_path / "mtqa-report")["documents"]
    assert Path(entry["path"]).name == "clean.txt"


@pytest.mark.parametrize("option", ["--select", "--ignore"])
def test_a_code_that_no_check_has_is_a_usage_error(tmp_path: Path, option: str) -> None:
    result = check(tmp_path, SEED, option, "F2O1")  # a letter O for the zero
    assert result.returncode == 2
    assert "no check has a code starting with 'F2O1'" in result.stderr
    (tmp_path / "mtqa.toml").write_text('select = ["X9"]\n', encoding="utf-8")
    result = check(tmp_path, SEED)
    assert result.returncode == 2 and "'X9'" in result.stderr


def test_config_fail_on_from_pyproject(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.mtqa]\nfail-on = "never"\n', encoding="utf-8"
    )
    assert check(tmp_path, SEED).returncode == 0


def test_explicit_config_file(tmp_path: Path) -> None:
    config = tmp_path / "conf" / "strict.toml"
    config.parent.mkdir()
    config.write_text('select = ["F3"]\n', encoding="utf-8")
    result = check(tmp_path, SEED, "--config", config)
    assert result.returncode == 1
    assert codes(report_of(tmp_path / "out", SEED)) == {"F301", "F302"}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('selct = ["F2"]\n', "unknown key"),
        ('[severity]\nF201 = "huge"\n', "unknown severity 'huge'"),
        ("select = [\n", "cannot read configuration"),
    ],
)
def test_bad_config_file_exits_2(tmp_path: Path, content: str, message: str) -> None:
    (tmp_path / "mtqa.toml").write_text(content, encoding="utf-8")
    result = check(tmp_path, SEED)
    assert result.returncode == 2
    assert_no_traceback(result)
    assert message in result.stderr
    assert "mtqa.toml" in result.stderr


def test_missing_config_file_exits_2(tmp_path: Path) -> None:
    result = check(tmp_path, SEED, "--config", tmp_path / "absent.toml")
    assert result.returncode == 2
    assert_no_traceback(result)
    assert "absent.toml not found" in result.stderr


# --- usage errors ------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh_en!", "zh-en-fr", "12"])
def test_bad_lang_exits_2(tmp_path: Path, lang: str) -> None:
    result = check(tmp_path, SEED, "--lang", lang)
    assert result.returncode == 2
    assert_no_traceback(result)
    assert "--lang" in result.stderr
    assert lang in result.stderr


def test_lang_pair_is_recorded(tmp_path: Path) -> None:
    result = check(tmp_path, SEED, "--lang", "zh-en", "--fail-on", "never")
    assert result.returncode == 0
    assert report_of(tmp_path / "out", SEED)["lang"] == {"source": "zh", "target": "en"}


def test_bad_fail_on_and_no_paths_exit_2(tmp_path: Path) -> None:
    for args in (["check", SEED, "--fail-on", "sometimes"], ["check"], []):
        result = run_mtqa(*args, cwd=tmp_path)
        assert result.returncode == 2, args
        assert_no_traceback(result)


def test_version(tmp_path: Path) -> None:
    result = run_mtqa("--version", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.startswith("mtqa ")


# --- mtqa rules --------------------------------------------------------------------------


def test_rules_lists_every_code(tmp_path: Path) -> None:
    result = run_mtqa("rules", cwd=tmp_path)
    assert result.returncode == 0
    listed = [line.split()[0] for line in result.stdout.splitlines() if line.strip()]
    assert listed == [c.code for c in ALL_CHECKS]
    assert {"F101", "F201", "F301", "A101", "T101"} <= set(listed)


@pytest.mark.parametrize("code", ["F301", "f301"])
def test_rules_shows_a_check_docstring(tmp_path: Path, code: str) -> None:
    result = run_mtqa("rules", code, cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.startswith("F301 lowercase-sentence-start")
    assert BY_CODE["F301"].doc.strip() in result.stdout


def test_rules_unknown_code_exits_2(tmp_path: Path) -> None:
    result = run_mtqa("rules", "Z999", cwd=tmp_path)
    assert result.returncode == 2
    assert_no_traceback(result)
    assert "Z999" in result.stderr
    assert result.stdout == ""


def test_every_format_comes_from_the_reporter_table() -> None:
    """The --format choices, their --help and the README all name the table's formats, and
    every entry's sink class exists."""
    import importlib

    from mtqa.cli import parse_format
    from mtqa.reporters import FORMATS

    done = run_mtqa("check", "--help", cwd=ROOT)
    helptext = " ".join(done.stdout.split())
    readme = (ROOT / "README.md").read_text("utf-8")
    for fmt in FORMATS:
        assert parse_format(fmt.name).name == fmt.name
        assert f"{fmt.name}" in helptext and fmt.help.split()[0] in helptext, fmt.name
        assert f"`{fmt.name}" in readme, f"README does not document --format {fmt.name}"
        module, _, name = fmt.sink.partition(":")
        assert isinstance(getattr(importlib.import_module(f"mtqa.reporters.{module}"), name), type)


def test_building_the_parser_imports_no_reporter() -> None:
    """Reporter modules are imported when their format is used, not for --help."""
    probe = (
        "import sys; from mtqa.cli import build_parser; build_parser(); "
        "print(sorted(m for m in sys.modules if m.startswith('mtqa.reporters.')))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
