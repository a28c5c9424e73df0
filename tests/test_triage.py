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

from .conftest import ROOT
from .test_html_report import CHROMIUM_FLAGS, chromium_path

ARTICLE = ROOT / "tests" / "golden" / "run" / "input" / "river_port_reopens.txt"
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
def test_hostile_triage_files_are_clear_errors(tmp_path: Path, content: Any, message: str) -> None:
    path = _write(tmp_path / "t.json", content)
    with pytest.raises(ConfigError) as error:
        load_baseline(path)
    assert str(error.value).startswith(f"cannot read baseline {path}: ")
    assert message in str(error.value)
    assert len(str(error.value)) < 300  # a huge value is cut short, never echoed whole


def test_hostile_triage_file_on_the_command_line(tmp_path: Path) -> None:
    shutil.copy(ARTICLE, tmp_path / DOC)
    huge = "<img src=x onerror=alert(1)>\x1b]8;;" + "x" * 100_000
    bad = _write(
        tmp_path / "bad.json", _export({DOC: {FP[1]: {"status": "accepted", "note": huge}}})
    )
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


# --- on the review page, in a real browser ---------------------------------------------------


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    executable = chromium_path()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("playwright is not installed: run .ci/setup", pytrace=False)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_FLAGS
        )
        yield browser
        browser.close()


class Session:
    """A browser context (its own localStorage) that records the pages' errors."""

    def __init__(self, browser: Any, **options: Any) -> None:
        self.context = browser.new_context(
            viewport={"width": 1400, "height": 1000}, accept_downloads=True, **options
        )
        self.problems: list[str] = []

    def open(self, path: Path) -> Any:
        page = self.context.new_page()
        page.on("console", lambda m: m.type == "error" and self.problems.append(m.text))
        page.on("pageerror", lambda e: self.problems.append(str(e)))
        page.goto(path.as_uri())
        return page

    def close(self) -> None:
        self.context.close()
        assert self.problems == [], "console errors or exceptions on the page"


def _checked(folder: Path, out: str, *args: str) -> tuple[int, dict[str, Any], Path]:
    """Run mtqa on the article in ``folder``: exit code, JSON report, HTML page."""
    result = _mtqa(folder, DOC, "-f", "json", "-f", "html", "-o", out, "--quiet", *args)
    assert "Traceback" not in result.stderr
    summary = json.loads((folder / out / "summary.json").read_text("utf-8"))
    (entry,) = summary["documents"]
    report_file = folder / out / Path(entry["report"]).name
    report = json.loads(report_file.read_text("utf-8"))
    return result.returncode, report, report_file.with_suffix(".html")


def _number(report: dict[str, Any], code: str) -> int:
    (number,) = [n for n, f in enumerate(report["findings"]) if f["code"] == code]
    return number


def _focused(page: Any) -> str | None:
    return page.evaluate("() => document.activeElement.dataset.finding || null")


def _status(page: Any, number: int) -> tuple[str, str, str]:
    """What the page shows of finding ``number``'s mark: the list's status and note, and
    the classes of its highlight."""
    entry = page.locator(f'li.entry[data-entry="{number}"]')
    note = entry.locator(".triage-note-text")
    return (
        entry.locator(".triage-status").text_content(),
        note.text_content() if note.is_visible() else "",
        page.get_attribute(f"#m-{number}", "class"),
    )


NOTE = '=HYPERLINK("http://evil.example","fix") <b>belongs to the sentence before</b>'


def test_triage_persists_exports_and_is_honoured_by_baseline(tmp_path: Path, chromium: Any) -> None:
    shutil.copy(ARTICLE, tmp_path / DOC)
    code, report, page_path = _checked(tmp_path, "out")
    assert code == 1  # major findings
    findings = report["findings"]
    assert len(findings) == 6
    dismiss, accept = _number(report, "A102"), _number(report, "F302")  # both major
    session = Session(chromium)
    page = session.open(page_path)
    assert page.locator("#triage").is_visible()
    assert "0 accepted, 0 dismissed, 6 open of 6 findings" in page.text_content("#triage-counts")
    assert page.locator("#triage kbd", has_text="j").count() == 1  # the keys are documented

    # the keyboard: j moves through the findings in the text's order, d dismisses, n notes
    order = sorted(range(len(findings)), key=lambda n: (findings[n]["start"], -findings[n]["end"]))
    page.keyboard.press("j")
    assert _focused(page) == str(order[0])
    while _focused(page) != str(dismiss):
        page.keyboard.press("j")
    page.keyboard.press("k")
    page.keyboard.press("ArrowDown")  # on a highlight, the arrows move too
    assert _focused(page) == str(dismiss)
    page.keyboard.press("d")
    page.keyboard.press("n")
    assert page.evaluate("() => document.activeElement.id") == "triage-note"
    page.keyboard.type("site menu, removed upstream")
    page.keyboard.press("Enter")
    assert _focused(page) == str(dismiss)  # focus goes back where it was
    status, note, classes = _status(page, dismiss)
    assert (status, note) == ("dismissed", "Note: site menu, removed upstream")
    assert "t-dismissed" in classes
    assert page.text_content("#triage-state") == "dismissed"
    assert page.get_attribute('#triage-current button[data-act="dismissed"]', "aria-pressed") == (
        "true"
    )
    # a, then u: accepted, then cleared again
    other = next(n for n in order if n not in (dismiss, accept))
    page.focus(f"#m-{other}")
    page.keyboard.press("a")
    assert _status(page, other)[0] == "accepted"
    page.keyboard.press("u")
    assert _status(page, other)[0] == "open"

    # the mouse: Accept on the list, then a note
    entry = page.locator(f'li.entry[data-entry="{accept}"]')
    entry.locator('button[data-act="accepted"]').click()
    assert entry.locator('button[data-act="accepted"]').get_attribute("aria-pressed") == "true"
    assert entry.locator('button[data-act="accepted"]').get_attribute("aria-label") == (
        f"Accept finding {accept + 1}, F302"
    )
    entry.locator('button[data-act="note"]').click()
    page.fill("#triage-note", NOTE)
    page.click("#triage-note-form button[type=submit]")
    status, note, classes = _status(page, accept)
    assert (status, note) == ("accepted", f"Note: {NOTE}")
    assert "t-accepted" in classes
    assert entry.locator("b").count() == 0  # the note is text, never markup
    assert "1 accepted, 1 dismissed, 4 open of 6 findings" in page.text_content("#triage-counts")

    # a reload keeps the marks
    page.reload()
    status, note, classes = _status(page, dismiss)
    assert (status, note) == ("dismissed", "Note: site menu, removed upstream")
    assert "t-dismissed" in classes
    assert _status(page, accept)[:2] == ("accepted", f"Note: {NOTE}")
    assert _status(page, other)[0] == "open"

    # the exports: downloads, no network
    with page.expect_download() as info:
        page.click("#export-baseline")
    download = info.value
    assert download.suggested_filename == page_path.stem + ".baseline.json"
    exported = tmp_path / "exported.json"
    download.save_as(exported)
    data = json.loads(exported.read_text("utf-8"))
    printed = {n: findings[n]["fingerprint"] for n in (dismiss, accept)}
    assert data["schema"] == "mtqa.baseline/1"
    assert data["documents"] == {DOC: [printed[dismiss]]}
    assert data["triage"] == {
        DOC: {
            printed[dismiss]: {
                "status": "dismissed",
                "note": "site menu, removed upstream",
                "code": "A102",
            },
            printed[accept]: {"status": "accepted", "note": NOTE, "code": "F302"},
        }
    }
    assert load_baseline(exported).triage[DOC, printed[accept]] == TriageMark(
        "accepted", NOTE, "F302"
    )

    with page.expect_download() as info:
        page.click("#export-csv")
    csv_path = tmp_path / "triage.csv"
    info.value.save_as(csv_path)
    assert info.value.suggested_filename == page_path.stem + ".triage.csv"
    raw = csv_path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # so that a spreadsheet reads UTF-8
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows[0] == ["document", "code", "severity", "text", "status", "note", "fingerprint"]
    assert len(rows) == 1 + len(findings)
    by_print = {row[6]: row for row in rows[1:]}
    assert by_print[printed[accept]] == [
        DOC,
        "F302",
        "major",
        findings[accept]["text"],
        "accepted",
        "'" + NOTE,
        printed[accept],
    ]
    assert by_print[printed[dismiss]][4:6] == ["dismissed", "site menu, removed upstream"]
    assert {row[4] for row in rows[1:]} == {"accepted", "dismissed", "open"}
    for row in rows[1:]:
        assert not any(cell[:1] in ("=", "+", "-", "@") for cell in row), row
    session.close()

    # CI honours the export: the dismissed finding is gone, the accepted one stays and
    # still fails the run (major), and the score is recomputed without the dismissed one
    code, again, _ = _checked(tmp_path, "out2", "--baseline", str(exported))
    assert code == 1
    prints = [f["fingerprint"] for f in again["findings"]]
    assert printed[dismiss] not in prints and printed[accept] in prints
    assert len(prints) == len(findings) - 1
    assert "1 finding(s) hidden by the baseline" in again["notes"]
    assert again["score"]["overall"] > report["score"]["overall"]
    assert again["signature"] == report["signature"]


def test_marks_follow_the_report_not_the_page(tmp_path: Path, chromium: Any) -> None:
    """Marks come back on a later run's page with the same signature (for the findings it
    still has, by fingerprint, and exported for the others), never on a page of another
    configuration."""
    shutil.copy(ARTICLE, tmp_path / DOC)
    _, report, page_path = _checked(tmp_path, "out")
    dismiss, accept = _number(report, "A102"), _number(report, "F302")
    session = Session(chromium)
    page = session.open(page_path)
    page.focus(f"#m-{dismiss}")
    page.keyboard.press("d")
    page.focus(f"#m-{accept}")
    page.keyboard.press("a")
    exported = tmp_path / "exported.json"
    with page.expect_download() as info:
        page.click("#export-baseline")
    info.value.save_as(exported)

    _, again, page_again = _checked(tmp_path, "out2", "--baseline", str(exported))
    page = session.open(page_again)
    accepted = _number(again, "F302")
    assert _status(page, accepted)[0] == "accepted"
    counts = page.text_content("#triage-counts")
    assert "1 accepted, 0 dismissed, 4 open of 5 findings" in counts
    assert "1 mark(s) of findings not in this report" in counts
    with page.expect_download() as info:
        page.click("#export-baseline")
    info.value.save_as(tmp_path / "again.json")
    assert json.loads((tmp_path / "again.json").read_text("utf-8"))["documents"] == {
        DOC: [report["findings"][dismiss]["fingerprint"]]
    }

    _, other, page_other = _checked(tmp_path, "out3", "--select", "F3,A1")
    assert other["signature"] != report["signature"]
    page = session.open(page_other)
    assert _status(page, _number(other, "F302"))[0] == "open"
    assert "0 accepted, 0 dismissed" in page.text_content("#triage-counts")
    session.close()


def test_the_page_reads_without_javascript(tmp_path: Path, chromium: Any) -> None:
    shutil.copy(ARTICLE, tmp_path / DOC)
    _, report, page_path = _checked(tmp_path, "out")
    session = Session(chromium, java_script_enabled=False)
    page = session.open(page_path)
    target = (tmp_path / DOC).read_text("utf-8")
    assert page.text_content("#target") == target
    assert page.locator("li.entry").count() == len(report["findings"])
    assert not page.locator("#triage").is_visible()
    assert not page.locator("#triage-current").is_visible()
    assert page.locator("button[data-act]:visible").count() == 0
    assert "Triage (marking findings accepted" in page.text_content("noscript p")
    assert page.locator("noscript p").is_visible()
    session.close()


def test_what_local_storage_holds_is_checked_too(tmp_path: Path, chromium: Any) -> None:
    """Marks read back from localStorage are input as well: wrong types are dropped, notes
    stay text and are cut to what the reader takes, and the export still reads."""
    shutil.copy(ARTICLE, tmp_path / DOC)
    _, report, page_path = _checked(tmp_path, "out")
    accept = _number(report, "F302")
    printed = report["findings"][accept]["fingerprint"]
    session = Session(chromium)
    page = session.open(page_path)
    hostile = {
        printed: {
            "status": "accepted",
            "note": "<img src=x onerror=\"document.title='owned'\">\x07" + "é" * 3000,
            "code": "<b>",
        },
        "__proto__": {"status": "dismissed"},
        "0123456789abcdef": {"status": "dismissed", "note": 5, "text": ["x"], "severity": {}},
        "fedcba9876543210": {"status": "fixed"},
        "not-a-fingerprint": {"status": "accepted"},
    }
    page.evaluate(
        """marks => {
          const root = document.getElementById('triage');
          const key = 'mtqa.triage/1\\u001f' + root.dataset.signature + '\\u001f' +
            root.dataset.document;
          localStorage.setItem(key, JSON.stringify({marks: marks}));
          localStorage.setItem(key + 'x', '{not json');
        }""",
        hostile,
    )
    page.reload()
    assert page.title() == f"mtqa: {DOC}"
    assert page.locator("li.entry img").count() == 0
    status, note, _ = _status(page, accept)
    assert status == "accepted" and note.startswith("Note: <img src=x")
    assert len(note) == len("Note: ") + MAX_NOTE_CHARS
    with page.expect_download() as info:
        page.click("#export-baseline")
    exported = tmp_path / "exported.json"
    info.value.save_as(exported)
    baseline = load_baseline(exported)  # the reader takes what the page wrote
    assert baseline.hidden == {(DOC, "0123456789abcdef")}
    assert (
        baseline.triage[DOC, printed].note
        == hostile[printed]["note"].replace("\x07", "")[:MAX_NOTE_CHARS]
    )
    assert baseline.triage[DOC, printed].code == "F302"  # from the page, not from storage
    assert set(baseline.triage) == {(DOC, printed), (DOC, "0123456789abcdef")}
    session.close()
