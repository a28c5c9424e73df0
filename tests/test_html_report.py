"""The HTML review report (``--format html``): the renderer, a golden page, and the pages
driven in a real headless chromium.

The browser tests use playwright with the system chromium (``executable_path``; playwright
never downloads a browser here). ``.ci/setup`` installs chromium; when it is missing these
tests fail with a message saying so rather than skip, because CI must run them.

Golden file: ``tests/golden/html_harbour_notice.html`` is the page of the fixture
``fixtures/review/harbour_notice_de_en.jsonl`` with hand-made findings (so that new checks do
not change it). After an intended change of the renderer, regenerate it with
``MTQA_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_html_report.py -k golden`` and
review the diff.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, replace
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mtqa.checks import ALL_CHECKS, BY_CODE
from mtqa.config import Config
from mtqa.document import Document
from mtqa.findings import DocumentError, Finding, Report, Score, SentenceScore, Severity
from mtqa.readers import read_paths
from mtqa.reporters import html_report
from mtqa.runner import run as check_document
from mtqa.runner import signature

from .conftest import FIXTURES, ROOT, SEED, run_mtqa

HARBOUR = FIXTURES / "review" / "harbour_notice_de_en.jsonl"
GOLDEN = ROOT / "tests" / "golden" / "html_harbour_notice.html"
PNG = FIXTURES / "bad" / "pixel.png"
BILINGUAL_XLIFF = FIXTURES / "bilingual" / "ui_en_de.xlf"


# --- reading a rendered page back ------------------------------------------------------------


@dataclass(frozen=True)
class Piece:
    finding: int
    start: int  # where the piece's text starts in the target text
    end: int
    attrs: dict[str, str]
    depth: int  # marks around it


class TargetReader(HTMLParser):
    """The text of ``<div id="target">`` and every ``mark.hl`` piece in it, with offsets."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.inside = False
        self.text: list[str] = []
        self.position = 0
        self.open: list[tuple[dict[str, str], int]] = []
        self.pieces: list[Piece] = []
        self.anchors: dict[str, int] = {}
        self.scripts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "script":
            self.scripts += 1
        if tag == "div" and values.get("id") == "target":
            self.inside = True
        elif self.inside and tag == "mark":
            self.open.append((values, self.position))
        elif self.inside and tag == "span" and "anchor" in values.get("class", ""):
            self.anchors[values["id"]] = self.position

    def handle_endtag(self, tag: str) -> None:
        if self.inside and tag == "div":
            self.inside = False
        elif self.inside and tag == "mark":
            values, start = self.open.pop()
            number = int(values["data-finding"])
            self.pieces.append(Piece(number, start, self.position, values, len(self.open)))

    def handle_data(self, data: str) -> None:
        if self.inside:
            self.text.append(data)
            self.position += len(data)


def read_target(page: str) -> TargetReader:
    reader = TargetReader()
    reader.feed(page)
    reader.close()
    assert not reader.open, "unclosed mark"
    return reader


def assert_faithful(page: str, target: str, findings: tuple[Finding, ...]) -> TargetReader:
    """The page's text is the target exactly, and the pieces of each finding cover exactly
    its span, each with the finding's code and severity."""
    reader = read_target(page)
    assert "".join(reader.text) == target
    assert {p.finding for p in reader.pieces} == set(range(len(findings)))
    for number, finding in enumerate(findings):
        pieces = sorted((p for p in reader.pieces if p.finding == number), key=lambda p: p.start)
        covered = [i for p in pieces for i in range(p.start, p.end)]
        assert covered == list(range(finding.start, finding.end)), (number, finding)
        for piece in pieces:
            assert piece.attrs["data-code"] == finding.code
            assert piece.attrs["data-severity"] == finding.severity.label
            assert piece.attrs["data-category"] == finding.category
            assert piece.attrs["data-origin"] == finding.origin
            assert int(piece.attrs["data-start"]) == finding.start
            assert target[piece.start : piece.end] in finding.text
        assert sum(1 for p in pieces if p.attrs.get("id") == f"m-{number}") == 1
    return reader


# --- building reports by hand ----------------------------------------------------------------


def finding(
    target: str,
    text: str,
    code: str,
    severity: Severity = Severity.MAJOR,
    occurrence: int = 0,
    **extra: Any,
) -> Finding:
    start = -1
    for _ in range(occurrence + 1):
        start = target.index(text, start + 1)
    check = BY_CODE[code]
    fields: dict[str, Any] = {
        "code": code,
        "name": check.name,
        "category": check.category,
        "severity": severity,
        "start": start,
        "end": start + len(text),
        "text": text,
        "sentence": None,
        "message": f"{code} flags {text!r}.",
        "confidence": 0.8,
        "origin": check.origin,
    }
    fields.update(extra)
    return Finding(**fields)


def report_of(
    document: Document,
    findings: list[Finding],
    sentences: tuple[SentenceScore, ...] = (),
    signature: str = "mtqa:test|model:none|checks:19@0000|fail-on:major",
) -> Report:
    ordered = tuple(sorted(findings, key=lambda f: (f.start, f.end, f.code)))
    return Report(
        id=document.id,
        path=document.path,
        source_lang=document.source_lang,
        target_lang=document.target_lang,
        words=len(document.target.split()),
        score=Score(overall=61.5, mqm_penalty=38.5, fluency=0.8125, adequacy=None),
        flagged=True,
        findings=ordered,
        sentences=sentences,
        signature=signature,
        target=document.target,
        markup=document.markup,
        source=document.source,
    )


def harbour() -> tuple[Document, Report]:
    """The harbour notice with findings that nest, cross, coincide and hold markup."""
    (document,) = read_paths([str(HARBOUR)], None, "en")
    assert isinstance(document, Document)
    # the path as a checkout-independent one, so that the golden page is the same anywhere
    document = replace(document, path=HARBOUR.relative_to(ROOT).as_posix())
    t = document.target
    cut = t.index("in the morning.")
    sentences = (
        SentenceScore(0, t.index("\n"), "headline", 0.97),
        SentenceScore(t.index("The port"), cut, "sentence", 0.74),
        SentenceScore(cut, cut + len("in the morning."), "sentence", 0.41),
        SentenceScore(t.index("Visitors"), len(t), "sentence", 0.52),
    )
    findings = [
        finding(t, "it", "F201", occurrence=1, sentence=1, suggestion="they", confidence=0.65),
        finding(t, "in", "F301", sentence=2),
        finding(t, "in the morning.", "F302", sentence=2),
        # a model finding that crosses the sentence boundary and the two findings above
        finding(
            t,
            "on Monday. in the",
            "S901",
            Severity.MINOR,
            sentence=1,
            evidence="surprisal 9.1 nats against 3.2 in context",
        ),
        finding(t, "right.Share", "F101", Severity.MINOR, sentence=3, suggestion="right. Share"),
        finding(
            t,
            "Share this: <script>alert('x')</script>",
            "A103",
            Severity.CRITICAL,  # as with severity = { A1 = "critical" } in the configuration
            sentence=3,
            message="Share prompt <script>alert('m')</script> & markup left in the text.",
        ),
    ]
    return document, report_of(document, findings, sentences)


# --- the renderer, without a browser ---------------------------------------------------------


def test_nested_and_crossing_findings_keep_every_offset() -> None:
    document, report = harbour()
    page = html_report.render(report)
    reader = assert_faithful(page, document.target, report.findings)
    pieces: dict[str, list[Piece]] = {}
    for piece in sorted(reader.pieces, key=lambda p: p.start):
        pieces.setdefault(report.findings[piece.finding].code, []).append(piece)
    # F301 "in" sits inside F302 "in the morning.", which starts inside S901 "on Monday. in
    # the" and outlasts it: F302 is closed where S901 ends and reopened after it.
    assert pieces["F301"][0].depth > pieces["F302"][0].depth > pieces["S901"][0].depth == 0
    assert len(pieces["S901"]) == 1
    assert [("cont" in p.attrs["class"]) for p in pieces["F302"]] == [False, True]
    assert reader.anchors == {f"s-{n}": s.start for n, s in enumerate(report.sentences)}


def test_a_bilingual_file_highlights_each_finding_in_its_unit() -> None:
    """Findings in a bilingual file index their unit's target: the page shows the units'
    targets joined and highlights each finding where its unit is, naming the unit."""
    [document] = read_paths([str(BILINGUAL_XLIFF)], None, "en")
    assert isinstance(document, Document)
    cfg = Config(use_model=False)
    checks = cfg.enabled(ALL_CHECKS)
    report = check_document(document, cfg, checks, signature(cfg, checks))
    assert report.units and len({f.unit for f in report.findings}) > 3
    page = html_report.render(report)
    joined = html_report.in_joined_text(report)
    reader = assert_faithful(page, document.target, joined.findings)
    offsets = {u.id: u.offset for u in report.units}
    for local, moved in zip(report.findings, joined.findings, strict=True):
        assert moved.start == local.start + offsets[local.unit or ""]
        assert document.target[moved.start : moved.end] == local.text
        assert f"unit {local.unit}, characters {local.start}–{local.end}" in page
    starts = {f"s-{n}": s.start for n, s in enumerate(joined.sentences)}
    assert reader.anchors == starts


def test_markup_in_the_text_and_messages_is_escaped() -> None:
    _, report = harbour()
    page = html_report.render(report)
    assert "<script>alert(" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "at &lt;Pier 2&gt; &amp; keep " in page
    assert read_target(page).scripts == 1  # only the page's own script
    assert "&#13;" in page  # the feed's CRLF survives HTML parsing


def test_each_finding_has_its_details_and_docs_only_for_its_codes() -> None:
    _, report = harbour()
    docs = {code: check.doc for code, check in BY_CODE.items()}
    page = html_report.render(replace(report, source=None), docs=docs)
    for number, found in enumerate(report.findings):
        assert f'<template id="detail-{number}" data-code="{found.code}">' in page
    present = {f.code for f in report.findings}
    for code in BY_CODE:
        assert (f'<template id="doc-{code}">' in page) == (code in present)
    assert page.count('<li class="entry"') == len(report.findings)
    # prose is re-flowed, the Okay:/CODE: examples stay one per line
    assert "<p>A comma, colon, semicolon or full stop glued to the next word.</p>" in page
    assert "\nF101: " in page and "<pre>Okay: " in page


def test_flagged_sentences_come_worst_first() -> None:
    _, report = harbour()
    page = html_report.render(replace(report, source=None))
    order = [page.index(f'href="#s-{n}"') for n in (1, 2, 3)]
    # the last sentence has a critical finding; the two before tie (a major finding and two
    # findings each), so the earlier comes first
    assert order[2] < order[0] < order[1]


def test_empty_span_and_no_findings() -> None:
    text = "A short text.\n\nAnother paragraph."
    document = Document("d", "d", text)
    empty = replace(finding(text, "A", "F102"), end=0, text="")
    page = html_report.render(report_of(document, [empty]))
    assert_faithful(page, text, (empty,))
    clean = html_report.render(report_of(document, []))
    assert "No issues found." in clean
    assert "".join(read_target(clean).text) == text


WORDS = st.sampled_from(["a", "<b>", "&amp;", " ", "\n", "\r\n", "é", "😀", "'", '"', "x"])


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_any_overlap_of_spans_is_drawn_faithfully(data: st.DataObject) -> None:
    text = "".join(data.draw(st.lists(WORDS, min_size=1, max_size=30)))
    spans = data.draw(
        st.lists(st.tuples(st.integers(0, len(text)), st.integers(0, len(text))), max_size=8)
    )
    document = Document("d", "d", text)
    findings = [
        replace(finding(text, text[0], "F101"), start=min(s, e), end=max(s, e), text="")
        for s, e in spans
    ]
    findings = [replace(f, text=text[f.start : f.end]) for f in findings]
    report = report_of(document, findings)
    assert_faithful(html_report.render(report), text, report.findings)


def test_index_lists_documents_and_errors() -> None:
    _, report = harbour()
    error = DocumentError("feeds/bad.jsonl", "line is not JSON", line=3)
    page = html_report.render_index([html_report.index_entry(report, "harbour-1.html")], [error], 2)
    assert '<a href="harbour-1.html">harbour-notice-07</a>' in page
    assert "feeds/bad.jsonl:3: line is not JSON" in page
    assert "exit code 2" in page


def test_golden_page() -> None:
    _, report = harbour()
    docs = {
        "F101": "A full stop glued to the next word.\n\nF101: It ended.Then",
        "S901": "The model finds the phrase unlikely.",
    }
    page = html_report.render(report, docs=docs)
    if os.environ.get("MTQA_UPDATE_GOLDEN") == "1":
        GOLDEN.write_text(page, "utf-8", newline="\n")
    assert GOLDEN.is_file(), "no golden file: run with MTQA_UPDATE_GOLDEN=1"
    assert page == GOLDEN.read_text("utf-8"), (
        "the page differs from tests/golden/html_harbour_notice.html; if the change is "
        "intended, regenerate it with MTQA_UPDATE_GOLDEN=1 (see this module's docstring)"
    )


# --- the command ----------------------------------------------------------------------------


def mtqa_check(out: Path, *args: str | Path) -> subprocess.CompletedProcess[str]:
    return run_mtqa("check", "--no-model", "-o", out, *args, cwd=out.parent)


@dataclass(frozen=True)
class Run:
    out: Path
    reports: dict[str, dict[str, Any]]  # document id -> JSON report
    pages: dict[str, Path]  # document id -> HTML page
    targets: dict[str, str]
    sources: dict[str, str | None]


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    out = tmp_path_factory.mktemp("html") / "out"
    result = mtqa_check(out, "-f", "html", "-f", "json", SEED, HARBOUR, PNG)
    assert result.returncode == 2, result.stderr  # the PNG is an error; the rest completes
    summary = json.loads((out / "summary.json").read_text("utf-8"))
    reports, pages = {}, {}
    for entry in summary["documents"]:
        report_file = Path(entry["report"])
        reports[entry["id"]] = json.loads(report_file.read_text("utf-8"))
        pages[entry["id"]] = out / (report_file.stem + ".html")
    targets: dict[str, str] = {}
    sources: dict[str, str | None] = {}
    for item in read_paths([str(SEED), str(HARBOUR)], None, "en"):
        assert isinstance(item, Document)
        targets[item.id], sources[item.id] = item.target, item.source
    return Run(out, reports, pages, targets, sources)


def test_cli_writes_a_page_per_document_and_an_index(run: Run) -> None:
    assert sorted(p.name for p in run.out.glob("*.html")) == sorted(
        ["index.html", *(p.name for p in run.pages.values())]
    )
    for doc_id, page in run.pages.items():
        findings = tuple(_finding(f) for f in run.reports[doc_id]["findings"])
        assert findings, doc_id
        assert_faithful(page.read_text("utf-8"), run.targets[doc_id], findings)
    index = (run.out / "index.html").read_text("utf-8")
    assert "pixel.png: binary file, not text" in index
    for page in run.pages.values():
        assert f'href="{page.name}"' in index


def _finding(data: dict[str, Any]) -> Finding:
    fields = {k: v for k, v in data.items() if k in Finding.__dataclass_fields__}
    return Finding(**{**fields, "severity": Severity.parse(data["severity"])})


def test_html_to_its_own_folder(tmp_path: Path) -> None:
    result = mtqa_check(tmp_path / "out", "-f", f"html:{tmp_path / 'pages'}", HARBOUR)
    assert result.returncode == 1, result.stderr
    (page,) = (tmp_path / "pages").glob("harbour-notice-07-*.html")
    assert page.read_text("utf-8").startswith("<!DOCTYPE html>")
    assert (tmp_path / "pages" / "index.html").is_file()


# --- in a real browser -----------------------------------------------------------------------

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
]


def chromium_path() -> str:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    pytest.fail(
        "no chromium binary found: run .ci/setup (it installs Debian's chromium) to run the "
        "HTML report's browser tests",
        pytrace=False,
    )


@dataclass
class Browser:
    browser: Any
    problems: list[str]

    def open(self, path: Path) -> Any:
        page = self.browser.new_page(viewport={"width": 1400, "height": 1000})
        page.on("console", lambda m: m.type == "error" and self.problems.append(m.text))
        page.on("pageerror", lambda e: self.problems.append(str(e)))
        page.goto(path.as_uri())
        return page


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    executable = chromium_path()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("playwright is not installed: run .ci/setup", pytrace=False)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_FLAGS
        )
        yield Browser(launched, [])
        launched.close()


@pytest.fixture
def browser_page(browser: Browser) -> Iterator[Browser]:
    browser.problems.clear()
    yield browser
    assert browser.problems == [], "console errors or exceptions on the page"


MARKS_JS = """() => Array.from(document.querySelectorAll('#target mark.hl')).map(m => {
  const range = document.createRange();
  range.setStart(document.getElementById('target'), 0);
  range.setEndBefore(m);
  return {finding: Number(m.dataset.finding), code: m.dataset.code,
          severity: m.dataset.severity, start: Number(m.dataset.start),
          offset: Array.from(range.toString()).length, text: m.textContent};
})"""


def seed_id(run: Run) -> str:
    (doc_id,) = [d for d in run.reports if d.endswith("seed_putin.txt")]
    return doc_id


@pytest.mark.browser
def test_seed_page_renders_every_finding_in_place(run: Run, browser_page: Browser) -> None:
    doc_id = seed_id(run)
    report, target = run.reports[doc_id], run.targets[doc_id]
    page = browser_page.open(run.pages[doc_id])
    assert page.title() == f"mtqa: {doc_id}"
    assert page.eval_on_selector("#target", "t => t.textContent") == target
    marks = page.evaluate(MARKS_JS)
    assert len({m["finding"] for m in marks}) == len(report["findings"]) > 10
    for mark in marks:
        expected = report["findings"][mark["finding"]]
        assert (mark["code"], mark["severity"]) == (expected["code"], expected["severity"])
        assert mark["start"] == expected["start"]
        start, end = mark["offset"], mark["offset"] + len(mark["text"])
        assert expected["start"] <= start and end <= expected["end"]
        assert target[start:end] == mark["text"]
    assert page.locator("#shown").text_content() == str(len(report["findings"]))


@pytest.mark.browser
def test_clicking_or_focusing_a_highlight_shows_its_details(
    run: Run, browser_page: Browser
) -> None:
    doc_id = seed_id(run)
    findings = run.reports[doc_id]["findings"]
    page = browser_page.open(run.pages[doc_id])
    first = next(n for n, f in enumerate(findings) if f["code"] == "F201")
    page.click(f"#m-{first}")
    details = page.locator("#details-body")
    assert findings[first]["message"] in details.text_content()
    assert BY_CODE["F201"].summary in details.text_content()
    assert page.locator(f'#target mark.current[data-finding="{first}"]').count() >= 1
    other = next(n for n, f in enumerate(findings) if f["code"] == "A101")
    page.focus(f"#m-{other}")
    text = details.text_content()
    assert findings[other]["message"] in text and findings[other]["category"] in text
    assert BY_CODE["A101"].summary in text and findings[first]["message"] not in text
    # keyboard: Tab moves from one highlight to the next and shows it
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.dataset.finding")
    assert findings[int(focused)]["message"] in details.text_content()
    # "show in text" in the list focuses the highlight
    page.click(f'button.goto[data-goto="{first}"]')
    assert page.evaluate("() => document.activeElement.id") == f"m-{first}"
    # a link to #m-N selects finding N
    page.goto(run.pages[doc_id].as_uri() + f"#m-{other}")
    assert findings[other]["message"] in details.text_content()


@pytest.mark.browser
def test_severity_filter_hides_and_shows(run: Run, browser_page: Browser) -> None:
    doc_id = seed_id(run)
    findings = run.reports[doc_id]["findings"]
    minor = sum(1 for f in findings if f["severity"] == "minor")
    assert 0 < minor < len(findings)
    page = browser_page.open(run.pages[doc_id])
    styles = """sev => Array.from(document.querySelectorAll(
        '#target mark.hl[data-severity="' + sev + '"]')).map(
        m => getComputedStyle(m).backgroundColor)"""
    transparent = "rgba(0, 0, 0, 0)"
    assert transparent not in page.evaluate(styles, "minor")
    page.uncheck('input[data-filter="severity"][value="minor"]')
    assert set(page.evaluate(styles, "minor")) == {transparent}
    assert transparent not in page.evaluate(styles, "major")
    assert page.locator('li.entry[data-severity="minor"]:visible').count() == 0
    assert page.locator('li.entry[data-severity="major"]:visible').count() == len(findings) - minor
    assert page.locator("#shown").text_content() == str(len(findings) - minor)
    # a click on a filtered-out minor finding nested in a major one selects the major one
    inner = next(n for n, f in enumerate(findings) if f["severity"] == "minor")
    outer = next(
        n
        for n, f in enumerate(findings)
        if f["severity"] == "major" and f["start"] <= findings[inner]["start"] < f["end"]
    )
    page.click(f"#m-{inner}", force=True)
    details = page.locator("#details-body").text_content()
    assert findings[outer]["message"] in details and findings[inner]["message"] not in details
    page.check('input[data-filter="severity"][value="minor"]')
    assert transparent not in page.evaluate(styles, "minor")
    assert page.locator("li.entry:visible").count() == len(findings)
    page.uncheck('input[data-filter="origin"][value="rule"]')
    assert page.locator("li.entry:visible, li.group:visible").count() == 0
    assert page.locator("#shown").text_content() == "0"


@pytest.mark.browser
def test_sentence_links_lead_to_their_place(run: Run, browser_page: Browser) -> None:
    doc_id = seed_id(run)
    page = browser_page.open(run.pages[doc_id])
    link = page.locator("ol.groups > li h3 a").first
    href = link.get_attribute("href")
    link.click()
    assert page.evaluate("() => location.hash") == href
    assert page.locator(f"#target {href}").count() == 1


@pytest.mark.browser
def test_source_is_shown_beside_the_target(run: Run, browser_page: Browser) -> None:
    doc_id = "harbour-notice-07"
    page = browser_page.open(run.pages[doc_id])
    assert page.eval_on_selector("#source", "s => s.textContent") == run.sources[doc_id]
    assert page.eval_on_selector("#target", "t => t.textContent") == run.targets[doc_id]
    source = page.locator("#source").bounding_box()
    target = page.locator("#target").bounding_box()
    assert source["x"] + source["width"] <= target["x"]
    assert abs(source["y"] - target["y"]) < 5
    marks = page.evaluate(MARKS_JS)
    assert len({m["finding"] for m in marks}) == len(run.reports[doc_id]["findings"])


@pytest.mark.browser
def test_index_sorts_by_column(run: Run, browser_page: Browser) -> None:
    page = browser_page.open(run.out / "index.html")
    rows = page.locator("#documents tbody tr")
    assert rows.count() == len(run.reports)
    assert "pixel.png" in page.locator("ul.errors").text_content()

    def column(n: int) -> list[str]:
        return [r.locator("td").nth(n).text_content() for r in rows.all()]

    by_score = sorted(run.reports, key=lambda d: run.reports[d]["score"]["overall"])
    assert len({run.reports[d]["score"]["overall"] for d in by_score}) == len(by_score)
    page.click("th:has-text('Overall') button")
    assert column(0) == by_score
    assert page.get_attribute("th:has-text('Overall')", "aria-sort") == "ascending"
    page.click("th:has-text('Overall') button")
    assert column(0) == by_score[::-1]
    assert page.get_attribute("th:has-text('Overall')", "aria-sort") == "descending"
    page.click("th:has-text('Document') button")
    assert column(0) == sorted(run.reports)
    page.locator("#documents a", has_text="harbour-notice-07").click()
    assert page.locator("#target").count() == 1
