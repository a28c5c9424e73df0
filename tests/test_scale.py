"""Feeds at scale and under faults: streaming readers, the result cache, interruptions,
mixed bad input in one run, and output folders that cannot be written.

Every run is ``--no-model`` with a temporary ``--out`` and ``--cache`` folder and the
temporary folder as working directory.
"""

from __future__ import annotations

import errno
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from mtqa import cli
from mtqa.cache import FILENAME, ResultCache, document_key, run_key
from mtqa.config import Config
from mtqa.document import Document
from mtqa.findings import Report, Severity
from mtqa.runner import check_signature, run, signature
from mtqa.tally import LISTED, RunTally

from .conftest import assert_no_traceback, run_mtqa

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
FEED = FIXTURES / "feeds" / "news_zh_en.jsonl"
BAD = FIXTURES / "bad"
SEED = FIXTURES / "articles" / "seed_putin.txt"


def mtqa(tmp_path: Path, *args: str | Path) -> subprocess.CompletedProcess[str]:
    return run_mtqa("check", *args, "--no-model", cwd=tmp_path)


def feed_lines(count: int, start: int = 0) -> list[str]:
    """``count`` realistic records: the fixture feed's translations under new ids."""
    pool = [json.loads(line) for line in FEED.read_text("utf-8").splitlines() if line]
    return [
        json.dumps({**pool[n % len(pool)], "id": f"rec-{n}"}, ensure_ascii=False) + "\n"
        for n in range(start, start + count)
    ]


def jsonl_reports(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


# --- the result cache ----------------------------------------------------------------------


def test_a_cached_run_writes_byte_identical_reports(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = mtqa(
        tmp_path,
        FEED,
        SEED,
        "--cache",
        cache,
        "--out",
        tmp_path / "a",
        "--format",
        "json",
        "--format",
        "md",
        "--format",
        "jsonl",
    )
    second = mtqa(
        tmp_path,
        FEED,
        SEED,
        "--cache",
        cache,
        "--out",
        tmp_path / "b",
        "--format",
        "json",
        "--format",
        "md",
        "--format",
        "jsonl",
    )
    assert first.returncode == second.returncode == 1, first.stderr
    assert "from the result cache" not in first.stderr
    documents = len(jsonl_reports(tmp_path / "a" / "report.jsonl"))
    assert f"{documents} of them from the result cache" in second.stderr
    names = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert names == sorted(p.name for p in (tmp_path / "b").iterdir())
    for name in names:
        before = (tmp_path / "a" / name).read_text("utf-8")
        if name == "summary.json":  # names the report files, which are in another folder
            before = before.replace(str(tmp_path / "a"), str(tmp_path / "b"))
        assert before == (tmp_path / "b" / name).read_text("utf-8"), name


def test_only_changed_records_are_checked_again(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    lines = feed_lines(40)
    feed.write_text("".join(lines), encoding="utf-8")
    args = ("--cache", tmp_path / "cache", "--format", "jsonl", "--fail-on", "never")
    assert mtqa(tmp_path, feed, *args, "--out", tmp_path / "a").returncode == 0
    record = json.loads(lines[7])
    record["mt"] = "The the minister said that that talks will continue."
    lines[7] = json.dumps(record) + "\n"
    feed.write_text("".join(lines), encoding="utf-8")
    result = mtqa(tmp_path, feed, *args, "--out", tmp_path / "b")
    assert result.returncode == 0, result.stderr
    assert "39 of them from the result cache" in result.stderr
    before = jsonl_reports(tmp_path / "a" / "report.jsonl")
    after = jsonl_reports(tmp_path / "b" / "report.jsonl")
    changed = [n for n, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
    assert changed == [7]
    for report in after:
        mt = json.loads(lines[int(report["id"].removeprefix("rec-"))])["mt"]
        assert all(mt[f["start"] : f["end"]] == f["text"] for f in report["findings"])


def test_a_different_configuration_does_not_use_the_cached_reports(tmp_path: Path) -> None:
    args = (FEED, "--cache", tmp_path / "cache", "--format", "jsonl", "--out", tmp_path / "o")
    mtqa(tmp_path, *args)
    result = mtqa(tmp_path, *args, "--ignore", "F3")
    assert "from the result cache" not in result.stderr
    result = mtqa(tmp_path, *args, "--weights", "major=10")
    assert "from the result cache" not in result.stderr


def test_the_gate_is_decided_after_the_cache(tmp_path: Path) -> None:
    """--fail-on, --min-score and a baseline change what a run decides, not what is
    checked: a run with another of them takes every report from the cache, and writes what
    a run without the cache writes."""
    cache = ("--cache", tmp_path / "cache")

    def run(name: str, *args: str | Path) -> tuple[subprocess.CompletedProcess[str], str]:
        out = tmp_path / name
        result = mtqa(tmp_path, SEED, FEED, *args, "-f", "jsonl", "--out", out)
        assert_no_traceback(result)
        return result, (out / "report.jsonl").read_text("utf-8")

    major, major_reports = run("major", *cache, "--fail-on", "major")
    assert "from the result cache" not in major.stderr
    documents = len(major_reports.splitlines())
    baseline = tmp_path / "baseline.json"
    for gate in (
        ("--fail-on", "minor"),
        ("--fail-on", "never"),
        ("--min-score", "90"),
        ("--baseline", baseline),
    ):
        if gate[0] == "--baseline":
            run("write", *cache, "--write-baseline", baseline)
        cached, cached_reports = run("cached", *cache, *gate)
        fresh, fresh_reports = run("fresh", "--no-cache", *gate)
        assert f"{documents} of them from the result cache" in cached.stderr, gate
        assert cached_reports == fresh_reports, gate
        assert cached.returncode == fresh.returncode, gate
    minor = [
        json.loads(line) for line in run("minor", *cache, "--fail-on", "minor")[1].splitlines()
    ]
    assert all(r["signature"].endswith("|fail-on:minor") for r in minor)
    assert sum(r["flagged"] for r in minor) > sum(
        json.loads(line)["flagged"] for line in major_reports.splitlines()
    )


def test_no_cache_reads_and_writes_no_cache(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    mtqa(tmp_path, FEED, "--cache", cache, "--out", tmp_path / "a")
    result = mtqa(tmp_path, FEED, "--no-cache", "--out", tmp_path / "b")
    assert "from the result cache" not in result.stderr
    result = mtqa(tmp_path, FEED, "--cache", cache, "--no-cache", "--out", tmp_path / "c")
    assert result.returncode == 2 and "not allowed with" in result.stderr


def test_an_unusable_cache_is_a_warning_not_a_failure(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    result = mtqa(tmp_path, FEED, "--cache", blocker, "--out", tmp_path / "o", "--fail-on", "never")
    assert result.returncode == 0, result.stderr
    assert "warning: result cache in" in result.stderr and "not used" in result.stderr
    assert_no_traceback(result)


def test_cache_key_covers_the_document_and_the_run() -> None:
    config = Config(use_model=False)
    checks = config.enabled(__import__("mtqa.checks", fromlist=["ALL_CHECKS"]).ALL_CHECKS)
    key = run_key(config, check_signature(config, checks))
    document = Document("a", "feed.jsonl", "Some text.")
    same = document_key(document, key)
    assert same == document_key(Document("a", "feed.jsonl", "Some text."), key)
    others = {
        document_key(Document("a", "feed.jsonl", "Some text!"), key),
        document_key(Document("b", "feed.jsonl", "Some text."), key),
        document_key(Document("a", "feed.jsonl", "Some text.", source="源"), key),
        document_key(Document("a", "feed.jsonl", "Some text.", target_lang="de"), key),
        document_key(document, run_key(Config(use_model=False, ignore=("F1",)), "sig")),
        document_key(document, run_key(config, check_signature(config, checks[1:]))),
    }
    assert same not in others and len(others) == 6
    # what the gate decides, and where reports go, are not what is checked
    gated = (
        replace(config, fail_on=Severity.MINOR),
        replace(config, fail_on=None),
        replace(config, min_score=10.0),
        replace(config, baseline=frozenset({("a", "0123456789abcdef")})),
        replace(config, out_dir=Path("elsewhere")),
    )
    assert {run_key(c, check_signature(config, checks)) for c in gated} == {
        run_key(config, check_signature(config, checks))
    }


def test_cache_key_with_per_path_ignores_depends_on_the_working_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ "a.txt" run from inside feeds/ matches "feeds/*"; run from elsewhere it does not, so
    the two runs must not share cached reports."""
    plain = Config(use_model=False)
    ignoring = Config(
        use_model=False, per_path_ignores=(("feeds/*", ("A1",)),), per_path_root=tmp_path
    )
    (tmp_path / "feeds").mkdir()
    monkeypatch.chdir(tmp_path / "feeds")
    inside = run_key(ignoring, "sig"), run_key(plain, "sig")
    monkeypatch.chdir(tmp_path)
    outside = run_key(ignoring, "sig"), run_key(plain, "sig")
    assert inside[0] != outside[0]
    assert inside[1] == outside[1]  # without per-path ignores the folder does not matter


def test_cache_is_shared_by_concurrent_runs(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(feed_lines(64)), encoding="utf-8")
    command = [
        sys.executable,
        "-m",
        "mtqa",
        "check",
        str(feed),
        "--no-model",
        "--quiet",
        "--cache",
        str(tmp_path / "cache"),
        "--format",
        "jsonl",
    ]
    runs = [
        subprocess.Popen(
            [*command, "--out", str(tmp_path / f"out{n}")],
            cwd=tmp_path,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(3)
    ]
    for process in runs:
        _, stderr = process.communicate(timeout=300)
        assert process.returncode == 1, stderr
        assert "warning" not in stderr
    reports = [(tmp_path / f"out{n}" / "report.jsonl").read_bytes() for n in range(3)]
    assert reports[0] == reports[1] == reports[2]
    with sqlite3.connect(tmp_path / "cache" / FILENAME) as db:
        assert db.execute("SELECT count(*) FROM reports").fetchone() == (64,)


def test_cache_round_trips_whole_reports(tmp_path: Path, seed_report: Report) -> None:
    cache = ResultCache(tmp_path)
    cache.put_many({"k": seed_report})
    assert cache.get_many(["k", "missing"]) == {"k": seed_report}
    cache.close()


# --- interruptions ---------------------------------------------------------------------------


def _rows(cache: Path) -> int:
    try:
        with sqlite3.connect(cache / FILENAME, timeout=1) as db:
            return int(db.execute("SELECT count(*) FROM reports").fetchone()[0])
    except sqlite3.Error:
        return 0


def test_sigterm_leaves_no_partial_report_and_the_rerun_resumes(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(feed_lines(600)), encoding="utf-8")
    cache, out = tmp_path / "cache", tmp_path / "out"
    command = [
        sys.executable,
        "-m",
        "mtqa",
        "check",
        str(feed),
        "--no-model",
        "--cache",
        str(cache),
        "--out",
        str(out),
        "--format",
        "jsonl",
        "--format",
        "json",
        "--fail-on",
        "never",
    ]
    process = subprocess.Popen(command, cwd=tmp_path, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 240
    while _rows(cache) < 32 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.2)
    assert process.poll() is None, "the run ended before it could be interrupted"
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 128 + signal.SIGTERM, stderr
    assert "interrupted" in stderr
    assert "Traceback" not in stderr
    # No half-written file: no jsonl report, no summary, no temporary file.
    assert not (out / "report.jsonl").exists()
    assert not (out / "summary.json").exists()
    assert not [p for p in out.iterdir() if p.name.startswith(".")]
    for report in out.glob("*.json"):
        json.loads(report.read_text("utf-8"))  # every report written is whole
    done = _rows(cache)
    assert 0 < done < 600
    rerun = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, check=False)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{done} of them from the result cache" in rerun.stderr
    reports = jsonl_reports(out / "report.jsonl")
    assert [r["id"] for r in reports] == [f"rec-{n}" for n in range(600)]


# --- bad input in one run ----------------------------------------------------------------


def test_mixed_good_and_bad_input_in_one_run(tmp_path: Path) -> None:
    """The acceptance scenario, smaller (bench/acceptance.py runs it at full size): a feed
    with malformed lines, a binary file, a latin-1 file, an empty file, a long article."""
    lines = feed_lines(300)
    lines[10] = '{"id": "broken", "mt": "unterminated\n'
    lines[150] = "\x00\x01 not json at all\n"
    lines[299] = '{"id": "no-mt"}\n'
    feed = tmp_path / "feed.jsonl"
    feed.write_bytes("".join(lines).encode("utf-8") + b'{"id": "bad-bytes", "mt": "\xff"}\n')
    article = tmp_path / "long.txt"
    article.write_text(SEED.read_text("utf-8") * 40, encoding="utf-8")  # 200 kB
    inputs = [feed, BAD / "pixel.png", BAD / "latin1_cafe_reopens.txt", BAD / "empty.txt", article]
    result = mtqa(
        tmp_path,
        *inputs,
        "--out",
        tmp_path / "out",
        "--format",
        "jsonl",
        "--cache",
        tmp_path / "cache",
    )
    assert result.returncode == 2
    assert_no_traceback(result)
    outcomes = jsonl_reports(tmp_path / "out" / "report.jsonl")
    reports = [o for o in outcomes if o["schema"] == "mtqa.report/1"]
    errors = {(o["path"], o["line"]) for o in outcomes if o["schema"] == "mtqa.error/1"}
    assert errors == {
        (str(feed), 11),
        (str(feed), 151),
        (str(feed), 300),
        (str(feed), 301),
        (str(BAD / "pixel.png"), None),
        (str(BAD / "empty.txt"), None),
    }
    for path, line in errors:
        where = f"{path}:{line}" if line else path
        assert where + ": " in result.stderr
    assert len(reports) == 297 + 2  # every valid record, the latin-1 file, the article
    assert {r["path"] for r in reports} == {
        str(feed),
        str(BAD / "latin1_cafe_reopens.txt"),
        str(article),
    }
    [long_report] = [r for r in reports if r["path"] == str(article)]
    text = article.read_text("utf-8")
    assert long_report["findings"]
    assert all(text[f["start"] : f["end"]] == f["text"] for f in long_report["findings"])


# --- output folders that cannot be written ---------------------------------------------


def test_unwritable_output_folder_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    result = mtqa(tmp_path, FEED, "--out", blocker / "reports", "--no-cache")
    assert result.returncode == 2
    assert_no_traceback(result)
    assert f"cannot write reports to {blocker / 'reports'}" in result.stderr


def test_an_output_that_cannot_be_opened_leaves_none_of_the_others(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    (tmp_path / "jsonl").mkdir()
    result = mtqa(
        tmp_path,
        FEED,
        "--no-cache",
        "-f",
        f"jsonl:{tmp_path / 'jsonl' / 'run.jsonl'}",
        "-f",
        "json",
        "--out",
        blocker / "reports",
    )
    assert result.returncode == 2
    assert_no_traceback(result)
    assert list((tmp_path / "jsonl").iterdir()) == []  # no hidden temporary file either


@pytest.mark.parametrize("formats", [("json",), ("jsonl",), ("md", "csv")])
def test_disk_full_is_a_clear_error_and_leaves_no_partial_file(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    formats: tuple[str, ...],
) -> None:
    real_fsync = os.fsync

    def full(fd: int) -> None:
        real_fsync(fd)
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "out"
    args = ["check", str(FEED), "--no-model", "--no-cache", "--out", str(out)]
    code = cli.main([*args, *[f"--format={f}" for f in formats]])
    assert code == 2
    stderr = capsys.readouterr().err
    assert f"cannot write {out}{os.sep}" in stderr  # names the file it could not write
    assert "No space left on device" in stderr
    assert not [p for p in out.rglob("*") if p.is_file()]


# --- bounded run state ---------------------------------------------------------------------


def test_tally_lists_the_lowest_scores_in_input_order(seed_report: Report) -> None:
    from dataclasses import replace

    scores = [50.0, 10.0, 90.0, 10.0, 70.0] * 10
    reports = [
        replace(seed_report, id=f"d{n}", score=replace(seed_report.score, overall=s))
        for n, s in enumerate(scores)
    ]
    tally = RunTally()
    for report in reports:
        tally.add(report)
    expected = sorted(reports, key=lambda r: r.score.overall)[:LISTED]
    assert [d.id for d in tally.lowest()] == [r.id for r in expected]
    assert tally.documents == 50 and tally.findings == 50 * len(seed_report.findings)


def test_summary_json_lists_every_document_and_error(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(feed_lines(40)) + "not json\n", encoding="utf-8")
    result = mtqa(tmp_path, feed, "--out", tmp_path / "out", "--no-cache")
    assert result.returncode == 2
    data = json.loads((tmp_path / "out" / "summary.json").read_text("utf-8"))
    assert [d["id"] for d in data["documents"]] == [f"rec-{n}" for n in range(40)]
    assert [(e["path"], e["line"]) for e in data["errors"]] == [(str(feed), 41)]
    assert data["exit_code"] == 2
    rows = (tmp_path / "out" / "summary.csv").read_text("utf-8").splitlines()
    assert len(rows) == 41 and rows[0].startswith("id,path,overall")


def test_reports_match_the_runner(tmp_path: Path) -> None:
    """A streamed feed gives the same reports as checking its records one by one."""
    config = Config(use_model=False, fail_on=None)
    from mtqa.checks import ALL_CHECKS
    from mtqa.readers import read_paths

    checks = config.enabled(ALL_CHECKS)
    sig = signature(config, checks)
    result = mtqa(
        tmp_path,
        FEED,
        "--out",
        tmp_path / "o",
        "--format",
        "jsonl",
        "--fail-on",
        "never",
        "--no-cache",
    )
    assert result.returncode == 0, result.stderr
    expected = [
        run(d, config, checks, sig).to_dict()
        for d in read_paths([str(FEED)], None, "en")
        if isinstance(d, Document)
    ]
    assert jsonl_reports(tmp_path / "o" / "report.jsonl") == expected


# --- parallel checking ---------------------------------------------------------------------


def test_jobs_give_the_same_reports_in_the_same_order(tmp_path: Path) -> None:
    inputs = (FEED, BAD, SEED, "--format", "jsonl", "--no-cache", "--fail-on", "never")
    one = mtqa(tmp_path, *inputs, "--out", tmp_path / "one")
    two = mtqa(tmp_path, *inputs, "--out", tmp_path / "two", "--jobs", "2")
    assert one.returncode == two.returncode == 2, two.stderr
    assert_no_traceback(two)
    first = (tmp_path / "one" / "report.jsonl").read_text("utf-8")
    assert first == (tmp_path / "two" / "report.jsonl").read_text("utf-8")
    assert len(first.splitlines()) > 10


@pytest.mark.parametrize("value", ["0", "-1", "two"])
def test_jobs_must_be_a_positive_number(tmp_path: Path, value: str) -> None:
    result = mtqa(tmp_path, FEED, "--jobs", value)
    assert result.returncode == 2 and "--jobs" in result.stderr
    assert_no_traceback(result)


def _workers(pid: int) -> list[int]:
    """The pool worker processes of ``pid`` (not multiprocessing's resource tracker)."""
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    found = []
    for child in map(int, children):
        command = Path(f"/proc/{child}/cmdline").read_bytes().replace(b"\0", b" ")
        if b"spawn_main" in command and b"resource_tracker" not in command:
            found.append(child)
    return found


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc")
def test_a_worker_killed_mid_run_names_its_documents_and_the_run_completes(
    tmp_path: Path,
) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(feed_lines(600)), encoding="utf-8")
    cache = tmp_path / "cache"
    command = [sys.executable, "-m", "mtqa", "check", str(feed), "--no-model", "--jobs", "2",
               "--cache", str(cache), "--out", str(tmp_path / "out"), "--format", "jsonl",
               "--fail-on", "never"]  # fmt: skip
    process = subprocess.Popen(command, cwd=tmp_path, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 240
    while _rows(cache) < 16 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.2)
    workers = _workers(process.pid)
    assert workers and process.poll() is None
    os.kill(workers[0], signal.SIGKILL)
    _, stderr = process.communicate(timeout=300)
    assert process.returncode == 2, stderr
    assert "Traceback" not in stderr
    outcomes = jsonl_reports(tmp_path / "out" / "report.jsonl")
    assert [o["id"] for o in outcomes] == [f"rec-{n}" for n in range(600)]
    failed = [o for o in outcomes if o["schema"] == "mtqa.error/1"]
    assert failed and all("worker process failed" in o["error"] for o in failed)
    # Only the batches the dead worker's pool held fail: a new pool checks the rest.
    assert len(failed) <= 8 * 16


def test_reports_older_than_the_cache_age_are_dropped(tmp_path: Path, seed_report: Report) -> None:
    cache = ResultCache(tmp_path)
    cache.put_many({"old": seed_report, "new": seed_report})
    cache.close()
    with sqlite3.connect(tmp_path / FILENAME) as db:
        db.execute("UPDATE reports SET stored = julianday('now') - 31 WHERE key = 'old'")
    cache = ResultCache(tmp_path)
    assert set(cache.get_many(["old", "new"])) == {"new"}
    cache.close()
