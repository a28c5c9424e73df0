"""Hostile input and faults the run must survive (issue 12): a full disk, ids that try to
forge CI output or drive the terminal, absurd ``--jobs``, configuration values of the wrong
type, destinations that cannot be written, and what a killed run left behind.

Readers' hostile input is in ``test_hostile_readers.py``, the result cache's in
``test_hostile_cache.py``, very long paragraphs and flat memory in ``test_hostile_long.py``.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from mtqa import cli, output
from mtqa.printable import printable

from .conftest import run_mtqa

ROOT = Path(__file__).resolve().parent.parent
FEED = ROOT / "fixtures" / "feeds" / "news_zh_en.jsonl"
SEED = ROOT / "fixtures" / "articles" / "seed_putin.txt"
ARTICLES = ROOT / "fixtures" / "articles"


def mtqa(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return run_mtqa(*args, cwd=cwd, errors="backslashreplace")


def feed_records() -> list[dict[str, Any]]:
    return [json.loads(line) for line in FEED.read_text("utf-8").splitlines() if line.strip()]


def write_feed(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    return path


def temporaries(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.name.endswith(".tmp")]


def assert_reports_whole(folder: Path) -> None:
    for report in folder.rglob("*.json"):
        json.loads(report.read_text("utf-8"))  # a half-written file would not parse


# --- a full disk ---------------------------------------------------------------------------


def test_write_error_names_the_destination_and_the_reason(tmp_path: Path) -> None:
    error = output.WriteError(tmp_path / "a.json", OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)))
    assert str(error) == (
        f"cannot write {tmp_path / 'a.json'}: No space left on device "
        "(the disk is full; reports already written are complete)"
    )
    assert isinstance(error, OSError) and error.errno == errno.ENOSPC


def test_discard_after_a_full_disk_does_not_raise_again(tmp_path: Path) -> None:
    spool = output.AtomicFile(tmp_path / "summary.entries")
    spool.write("x" * 100)  # buffered: closing the file flushes it

    def full(*_: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    spool.stream.flush = full  # type: ignore[method-assign]
    with pytest.raises(output.WriteError, match=r"summary\.entries: No space left"):
        spool.flush()
    spool.discard()
    assert temporaries(tmp_path) == []


def test_full_disk_mid_run_is_a_clear_error_and_leaves_no_temporary_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The disk fills up after a few reports (OSError(ENOSPC) from fsync, where a full disk
    shows up for buffered writes): exit 2, one line naming the file, nothing half-written."""
    out = tmp_path / "out"
    calls = {"n": 0}
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        calls["n"] += 1
        if calls["n"] > 5:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_fsync(fd)

    monkeypatch.setattr(output.os, "fsync", fsync)
    monkeypatch.chdir(tmp_path)
    code = cli.main(
        ["check", str(FEED), "--no-model", "--no-cache", "-f", "json", "--out", str(out)]
    )
    stderr = capsys.readouterr().err
    assert code == cli.EXIT_ERROR
    assert "internal error" not in stderr
    [line] = [line for line in stderr.splitlines() if line.startswith("mtqa: error:")]
    assert f"cannot write {out}" in line and "No space left on device" in line
    assert temporaries(tmp_path) == []
    assert len(list(out.glob("*.json"))) == 5  # written before the disk filled: kept whole
    assert_reports_whole(out)
    assert not (out / "summary.json").exists()


def _mount_small_tmpfs(folder: Path) -> bool:
    if shutil.which("mount") is None or os.geteuid() != 0:
        return False
    folder.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=200k", "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    return done.returncode == 0


def test_full_disk_on_a_real_small_filesystem(tmp_path: Path) -> None:
    """A real 200 kB tmpfs (root only; the injected ENOSPC above runs everywhere)."""
    small = tmp_path / "small"
    if not _mount_small_tmpfs(small):
        pytest.skip("cannot mount a tmpfs here (not root, or no mount permission)")
    try:
        records = feed_records()
        many = [{**r, "id": f"{r.get('id', 'r')}-{copy}"} for copy in range(40) for r in records]
        feed = write_feed(tmp_path / "many.jsonl", many)
        out = small / "out"
        done = mtqa(
            "check",
            feed,
            "--no-model",
            "--no-cache",
            "-f",
            "json",
            "-f",
            "html",
            "--out",
            out,
            cwd=tmp_path,
        )
        assert done.returncode == 2, done.stderr
        assert "Traceback" not in done.stderr and "internal error" not in done.stderr
        assert f"cannot write {out}" in done.stderr
        assert "No space left on device" in done.stderr
        assert temporaries(small) == []
        assert_reports_whole(out)
    finally:
        subprocess.run(["umount", str(small)], check=False)


# --- control characters in human-facing lines ------------------------------------------------

FORGED_ID = "news-1\n::error file=evil.py,line=1::forged annotation"
ESCAPE_ID = "news-2\x1b[2J\x1b]0;owned\x07\u202eevil"


def test_printable_escapes_controls_separators_surrogates_and_bidi() -> None:
    assert printable("a\nb\r\tc") == "a\\nb\\r\\tc"
    assert printable("\x1b[31mred\x9b") == "\\x1b[31mred\\x9b"
    assert printable("x\u2028y\u202ez\udfff") == "x\\u2028y\\u202ez\\udfff"
    assert printable("Grüße, 北京 “quoted” — fine") == "Grüße, 北京 “quoted” — fine"


def test_ids_cannot_forge_annotations_or_reach_the_terminal(tmp_path: Path) -> None:
    records = feed_records()[:2]
    records[0]["id"], records[1]["id"] = FORGED_ID, ESCAPE_ID
    records[0]["mt"] = "The minister said it was ready. in processing."  # a finding to print
    feed = write_feed(tmp_path / "hostile ids.jsonl", records)
    done = mtqa("check", feed, "--no-model", "--no-cache", "-f", "text", cwd=tmp_path)
    assert done.returncode in (0, 1), done.stderr
    for stream in (done.stdout, done.stderr):
        assert "\x1b" not in stream and "\u202e" not in stream and "\x07" not in stream
        assert not any(line.startswith("::") for line in stream.splitlines())
    assert "news-1\\n::error file=evil.py" in done.stdout
    assert "news-1\\n::error file=evil.py" in done.stderr  # the summary lists it
    assert "news-2\\x1b[2J" in done.stderr


def test_error_lines_escape_the_path(tmp_path: Path) -> None:
    folder = tmp_path / "a\x1b[2Jb"
    folder.mkdir()
    (folder / "x.txt").write_bytes(b"\x00\x01\x02binary\x00")
    done = mtqa("check", folder, "--no-model", "--no-cache", "-f", "text", cwd=tmp_path)
    assert done.returncode == 2
    assert "\x1b" not in done.stderr
    assert "a\\x1b[2Jb" in done.stderr


# --- --jobs ----------------------------------------------------------------------------------


@pytest.mark.parametrize("jobs", ["999", "99999999999999999999999999"])
def test_jobs_beyond_the_cpus_are_capped_and_said(tmp_path: Path, jobs: str) -> None:
    from mtqa.parallel import cpus

    done = mtqa(
        "check",
        SEED,
        "--no-model",
        "--no-cache",
        "--jobs",
        jobs,
        "--out",
        tmp_path / "o",
        cwd=tmp_path,
    )
    assert done.returncode == 1, done.stderr  # the seed article has major findings
    assert f"--jobs {jobs}: only {cpus()} CPU(s) available; using {cpus()}" in done.stderr
    assert "language model" not in done.stderr
    assert json.loads((tmp_path / "o" / "summary.json").read_text("utf-8"))["exit_code"] == 1


def test_jobs_that_is_not_a_number_is_a_usage_error(tmp_path: Path) -> None:
    done = mtqa("check", SEED, "--no-model", "--jobs", "9" * 5000, cwd=tmp_path)
    assert done.returncode == 2
    assert "must be a whole number of at least 1" in done.stderr
    assert "Traceback" not in done.stderr


# --- configuration values of the wrong type ----------------------------------------------------


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('weights = "garbage"', "'weights' must be a table, such as weights = { minor = 1"),
        ('per-path-ignores = ["x"]', "'per-path-ignores' must be a table"),
        ('per-path-ignores = { "feeds/*" = 3 }', "'per-path-ignores.feeds/*' must be a list"),
        ('severity = "major"', "'severity' must be a table"),
        ("severity = { F302 = 2 }", "'severity.F302' must be a string, not int 2"),
        ('no-model = "yes"', "'no-model' must be true or false, not 'yes'"),
        ('min-score = "90"', "'min-score' must be a number, not str '90'"),
        ("out = 3", "'out' must be a string, not int 3"),
        ('severity = { F999 = "major" }', "no check has a code starting with 'F999'"),
        ('per-path-ignores = { "a/*" = ["Q7"] }', "no check has a code starting with 'Q7'"),
    ],
)
def test_configuration_of_the_wrong_type_says_which_key(
    tmp_path: Path, toml: str, message: str
) -> None:
    (tmp_path / "mtqa.toml").write_text(toml + "\n", "utf-8")
    done = mtqa("check", SEED, "--no-model", "--no-cache", "--out", tmp_path / "o", cwd=tmp_path)
    assert done.returncode == 2
    assert message in done.stderr, done.stderr
    assert "dictionary update sequence" not in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "o").exists()  # nothing was checked


def test_a_known_severity_override_still_applies(tmp_path: Path) -> None:
    (tmp_path / "mtqa.toml").write_text('severity = { A1 = "neutral" }\n', "utf-8")
    done = mtqa("check", SEED, "--no-model", "--no-cache", "-f", "text", cwd=tmp_path)
    lines = [line for line in done.stdout.splitlines() if ": A10" in line]
    assert lines and all("[neutral]" in line for line in lines)


def test_a_configuration_nested_too_deeply_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "mtqa.toml").write_text("select = " + "[" * 3000 + "]" * 3000 + "\n", "utf-8")
    done = mtqa("check", SEED, "--no-model", "--no-cache", cwd=tmp_path)
    assert done.returncode == 2
    assert "cannot read configuration" in done.stderr and "nested too deeply" in done.stderr
    assert "internal error" not in done.stderr


# --- destinations are tried before checking -----------------------------------------------------


def test_unwritable_sarif_destination_is_refused_before_any_document_is_checked(
    tmp_path: Path,
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where a folder should be\n", "utf-8")
    dest = blocker / "mtqa.sarif"
    done = mtqa(
        "check",
        ARTICLES,
        "--no-model",
        "--no-cache",
        "-f",
        "json",
        "-f",
        f"sarif:{dest}",
        "--out",
        tmp_path / "o",
        cwd=tmp_path,
    )
    assert done.returncode == 2
    assert f"mtqa: error: cannot write {dest}" in done.stderr
    assert list((tmp_path / "o").glob("*.json")) == []  # refused before the first document
    assert temporaries(tmp_path) == []


def test_a_folder_given_as_a_file_destination_is_refused(tmp_path: Path) -> None:
    (tmp_path / "junit.xml").mkdir()
    done = mtqa(
        "check",
        SEED,
        "--no-model",
        "--no-cache",
        "-f",
        f"junit:{tmp_path / 'junit.xml'}",
        cwd=tmp_path,
    )
    assert done.returncode == 2
    assert f"cannot write {tmp_path / 'junit.xml'}: it is a folder" in done.stderr


def test_unwritable_baseline_destination_is_refused_first(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x\n", "utf-8")
    done = mtqa(
        "check",
        SEED,
        "--no-model",
        "--no-cache",
        "--write-baseline",
        blocker / "b.json",
        "--out",
        tmp_path / "o",
        cwd=tmp_path,
    )
    assert done.returncode == 2
    assert f"cannot write {blocker / 'b.json'}" in done.stderr
    assert not list((tmp_path / "o").glob("*.json"))


# --- what a killed run left behind --------------------------------------------------------------


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_temporary_files_of_killed_runs_are_removed_and_live_ones_kept(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    host = output._HOST
    killed = out / f".a-1234abcd.json.{host}-{_dead_pid()}.k9x_2mqz.tmp"
    other_host = out / f".b-1234abcd.json.elsewhere-{_dead_pid()}.p0q1r2s3.tmp"
    running = out / f".c-1234abcd.json.{host}-{os.getpid()}.a1b2c3d4.tmp"
    ancient = out / ".d-1234abcd.json.elsewhere-1.z9y8x7w6.tmp"
    foreign = out / ".notes.tmp"  # not named like mtqa's: never touched
    for path in (killed, other_host, running, ancient, foreign):
        path.write_text("partial", "utf-8")
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(ancient, (two_days_ago, two_days_ago))
    done = mtqa("check", SEED, "--no-model", "--no-cache", "--out", out, cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert not killed.exists() and not ancient.exists()
    assert other_host.exists() and running.exists() and foreign.exists()


def test_a_run_killed_with_sigkill_leaves_files_the_next_run_removes(tmp_path: Path) -> None:
    records = feed_records()
    many = [{**r, "id": f"{r.get('id', 'r')}-{copy}"} for copy in range(50) for r in records]
    feed = write_feed(tmp_path / "many.jsonl", many)
    out = tmp_path / "out"
    run = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "mtqa",
            "check",
            str(feed),
            "--no-model",
            "--no-cache",
            "--out",
            str(out),
        ],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while not list(out.glob("*.json")) and time.monotonic() < deadline and run.poll() is None:
        time.sleep(0.05)
    run.kill()
    run.wait()
    left = temporaries(out)
    assert left, "the spools of summary.json and summary.csv are open during the run"
    done = mtqa("check", SEED, "--no-model", "--no-cache", "--out", out, cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert not any(path.exists() for path in left)
