"""Readers: every document's target is the input exactly as decoded; bad input is an error.

Fixtures live in ``fixtures/``: ``articles/`` (plain text and Markdown), ``html/``, ``feeds/``
(JSONL, CSV, TSV) and ``bad/`` (binary, empty, non-UTF-8 and broken files).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mtqa.checks import ALL_CHECKS, BY_CODE
from mtqa.config import Config
from mtqa.document import Document
from mtqa.findings import DocumentError
from mtqa.readers import read_bytes, read_paths, sniff_format
from mtqa.readers.feed import read_csv, read_jsonl
from mtqa.runner import run, signature

from .conftest import run_mtqa

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
ARTICLES = FIXTURES / "articles"
FEEDS = FIXTURES / "feeds"
BAD = FIXTURES / "bad"
HTML = FIXTURES / "html" / "port_strike_rotterdam.html"


def read(*paths: Path | str) -> list[Document | DocumentError]:
    return list(read_paths([str(p) for p in paths], None, "en"))


def documents(items: list[Document | DocumentError]) -> list[Document]:
    return [i for i in items if isinstance(i, Document)]


def errors(items: list[Document | DocumentError]) -> list[DocumentError]:
    return [i for i in items if isinstance(i, DocumentError)]


def only_document(path: Path) -> Document:
    items = read(path)
    assert len(items) == 1, items
    assert isinstance(items[0], Document), items[0]
    return items[0]


def only_error(path: Path | str) -> DocumentError:
    items = read(path)
    assert len(items) == 1, items
    assert isinstance(items[0], DocumentError), items[0]
    return items[0]


# --- plain text and Markdown articles ---------------------------------------------------

ARTICLE_FILES = sorted(p for p in ARTICLES.iterdir() if p.suffix in (".txt", ".md"))


def test_article_fixtures_exist() -> None:
    names = {p.name for p in ARTICLE_FILES}
    assert "seed_putin.txt" in names
    assert any(name.endswith(".md") for name in names)
    assert len(names) >= 4


@pytest.mark.parametrize("path", ARTICLE_FILES, ids=lambda p: p.name)
def test_article_target_is_the_decoded_file(path: Path) -> None:
    document = only_document(path)
    assert document.target == path.read_bytes().decode("utf-8")
    assert document.id == str(path)
    assert document.path == str(path)
    assert document.encoding == "utf-8"
    assert document.notes == ()
    assert document.markup == ("markdown" if path.suffix == ".md" else "text")
    assert document.target_lang == "en"


def test_markdown_keeps_markup_and_soft_wraps(tmp_path: Path) -> None:
    document = only_document(ARTICLES / "kyiv_grain_talks.md")
    assert document.target.startswith("# Grain corridor talks")
    assert "\n- more than 30 million tonnes" in document.target
    assert "talks were held behind closed doors\nand no journalists" in document.target


def test_crlf_and_tabs_are_kept_exactly(tmp_path: Path) -> None:
    text = "Title\r\n\r\nFirst\tparagraph, wrapped\r\nhere.  Second sentence.\r\n"
    path = tmp_path / "crlf.txt"
    path.write_bytes(text.encode("utf-8"))
    assert only_document(path).target == text


def test_utf8_bom_is_not_part_of_the_target(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + "Kyiv said “yes”.\n".encode())
    document = only_document(path)
    assert document.target == "Kyiv said “yes”.\n"
    assert document.encoding == "utf-8-sig"


def test_utf16_with_bom_is_decoded(tmp_path: Path) -> None:
    text = "The minister, José Müller, resigned on Monday.\n"
    path = tmp_path / "utf16.txt"
    path.write_bytes(text.encode("utf-16"))
    document = only_document(path)
    assert document.target == text
    assert document.encoding == "utf-16"


def test_unknown_suffix_is_read_as_text(tmp_path: Path) -> None:
    path = tmp_path / "article.body"
    path.write_text("Prices rose by 2 percent in March.\n", encoding="utf-8")
    document = only_document(path)
    assert document.target == "Prices rose by 2 percent in March.\n"
    assert document.markup == "text"


# --- HTML --------------------------------------------------------------------------------


def test_html_main_text_is_extracted() -> None:
    document = only_document(HTML)
    assert document.markup == "html"
    assert document.id == str(HTML)
    assert any("extracted from HTML" in note for note in document.notes)
    text = document.target
    for sentence in (
        "Thousands of dockworkers in Rotterdam stopped work on Monday morning to demand higher "
        "wages, bringing the largest port in Europe almost to a standstill.",
        "Its spokesman, Jan Bakker, told the journalists that the strike would continue until a "
        "new offer was on the table.",
        "where the terminals were working normally. in the morning.",
        "Read: European ports brace for a difficult year as trade slows",
        "Talks are expected to resume on Thursday in The Hague.",
    ):
        assert sentence in text
    for furniture in (
        "We use cookies",  # cookie banner
        "Accept all",
        "Manage preferences",
        "Subscribe for one euro a month",  # navigation
        "Business",
        "Most read",  # sidebar
        "Ten cheapest cities",
        "morning briefing newsletter",
        "All rights reserved",  # footer
        "Privacy policy",
        "window.dataLayer",  # script
    ):
        assert furniture not in text, furniture
    assert "<" not in text


def test_html_without_text_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "blank.html"
    path.write_text("<html><body><nav></nav><div></div></body></html>", encoding="utf-8")
    error = only_error(path)
    assert error.path == str(path)
    assert "no article text" in error.message


# --- feeds -------------------------------------------------------------------------------


def test_jsonl_feed_targets_are_the_mt_strings() -> None:
    path = FEEDS / "news_zh_en.jsonl"
    records = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line]
    items = read(path)
    assert errors(items) == []
    docs = documents(items)
    assert [d.id for d in docs] == [r["id"] for r in records]
    assert 5 <= len(docs) <= 10
    for document, record in zip(docs, records, strict=True):
        assert document.target == record["mt"]
        assert document.source == record.get("source")
        assert document.reference == record.get("reference")
        assert document.source_lang == record.get("src_lang")
        assert document.target_lang == record["tgt_lang"]
        assert document.path == str(path)
    assert any(d.source and "国" in d.source for d in docs)
    assert any("\n" in d.target for d in docs)


def test_csv_feed_with_quoted_commas_and_newlines() -> None:
    path = FEEDS / "headlines_de_en.csv"
    with path.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    items = read(path)
    assert errors(items) == []
    docs = documents(items)
    assert [d.id for d in docs] == [r["id"] for r in rows]
    for document, row in zip(docs, rows, strict=True):
        assert document.target == row["mt"]
        assert document.source == (row["source"] or None)
        assert document.reference == (row["reference"] or None)
        assert (document.source_lang, document.target_lang) == ("de", "en")
    by_id = {d.id: d for d in docs}
    assert "\nCommuters in Berlin, Munich and Hamburg" in by_id["dpa-002"].target
    assert by_id["dpa-004"].target.startswith('"We are ready," the minister said')
    assert by_id["dpa-005"].source is None and by_id["dpa-005"].reference is None


def test_tsv_feed_keeps_quotation_marks_literally() -> None:
    path = FEEDS / "briefs_fr_en.tsv"
    lines = path.read_text("utf-8").splitlines()
    header = lines[0].split("\t")
    rows = [dict(zip(header, line.split("\t"), strict=True)) for line in lines[1:]]
    items = read(path)
    assert errors(items) == []
    docs = documents(items)
    assert [d.id for d in docs] == [r["id"] for r in rows]
    for document, row in zip(docs, rows, strict=True):
        assert document.target == row["mt"]
    # A field that opens with a quotation mark is text, not CSV quoting.
    assert docs[-1].target.startswith('"We will not give up," said')


def test_feed_line_numbers_count_multiline_csv_records(tmp_path: Path) -> None:
    path = tmp_path / "feed.csv"
    path.write_text('id,mt\na,"one\ntwo"\nb,\nc,Three.\n', encoding="utf-8")
    items = read(path)
    assert [d.id for d in documents(items)] == ["a", "c"]
    [error] = errors(items)
    assert error.line == 4
    assert "empty 'mt'" in error.message


def test_jsonl_with_bom_reads_the_first_record() -> None:
    data = b"\xef\xbb\xbf" + b'{"id": "a", "mt": "First."}\n{"id": "b", "mt": "Second."}\n'
    items = list(read_jsonl("feed.jsonl", data, None, "en"))
    assert [(d.id, d.target) for d in documents(items)] == [("a", "First."), ("b", "Second.")]
    assert errors(items) == []


def test_jsonl_record_without_id_gets_path_and_line() -> None:
    data = b'\n{"mt": "No id here."}\n'
    [document] = read_jsonl("feed.jsonl", data, "zh", "en")
    assert document.id == "feed.jsonl:2"
    assert document.source_lang == "zh"


def test_jsonl_non_object_and_wrong_types_are_errors() -> None:
    data = b'[1, 2]\n{"id": "x", "mt": 5}\n{"id": "y", "mt": "Fine.", "source": 3}\n'
    items = list(read_jsonl("feed.jsonl", data, None, "en"))
    assert [(e.line, e.message) for e in errors(items)] == [
        (1, "a record must be a JSON object"),
        (2, "record has no 'mt' string (the translation to check)"),
        (3, "field 'source' must be a string"),
    ]


def test_deeply_nested_jsonl_line_is_an_error_not_a_crash() -> None:
    data = b'{"id": "a", "mt": "Fine."}\n' + b"[" * 200_000 + b'\n{"id": "b", "mt": "Also."}\n'
    items = list(read_jsonl("feed.jsonl", data, None, "en"))
    assert [d.id for d in documents(items)] == ["a", "b"]
    [error] = errors(items)
    assert error.line == 2 and error.message.startswith("malformed JSON")


def test_csv_field_longer_than_the_csv_module_default_is_read() -> None:
    long_mt = "The minister spoke at length. " * 6000  # 180,000 characters
    data = f"id,mt\na,{long_mt}\nb,Short.\n".encode()
    items = list(read_csv("feed.csv", data, ",", None, "en"))
    assert errors(items) == []
    assert [d.target for d in documents(items)] == [long_mt, "Short."]


def test_empty_feeds_are_errors() -> None:
    [error] = read_jsonl("feed.jsonl", b"\n  \n", None, "en")
    assert "empty feed" in error.message
    [error] = read_csv("feed.csv", b"id,mt\n", ",", None, "en")
    assert "empty feed" in error.message


# --- bad input ---------------------------------------------------------------------------


def test_latin1_is_decoded_with_a_note_naming_the_encoding() -> None:
    path = BAD / "latin1_cafe_reopens.txt"
    data = path.read_bytes()
    document = only_document(path)
    assert document.encoding in ("latin-1", "iso8859-1", "cp1252")
    assert document.target == data.decode(document.encoding)
    assert document.target == data.decode("latin-1")
    assert "café" in document.target and "René Dupré" in document.target
    [note] = document.notes
    assert document.encoding in note
    assert "detected" in note
    assert "not UTF-8" in note


def test_binary_file_is_an_error() -> None:
    error = only_error(BAD / "pixel.png")
    assert error.path == str(BAD / "pixel.png")
    assert error.message == "binary file, not text"
    assert "pixel.png" in error.describe()


def test_empty_file_is_an_error(tmp_path: Path) -> None:
    error = only_error(BAD / "empty.txt")
    assert error.message == "empty document (no text to check)"
    blank = tmp_path / "blank.md"
    blank.write_text(" \n\n\t\n", encoding="utf-8")
    assert only_error(blank).message == "empty document (no text to check)"


def test_corrupt_utf8_is_an_error_not_mojibake() -> None:
    error = only_error(BAD / "garbled_bytes.txt")
    assert "UTF-8" in error.message
    assert "line 5, column 1" in error.message
    assert error.line == 5


def test_ascii_with_stray_bytes_is_decoded_with_a_note_or_refused() -> None:
    data = b"Prices rose by 5 percent. " * 3 + b"\x81\x8d\x8f\x90\x9d\xe9\xff\xfe"
    [item] = read_bytes("odd.txt", data, "text", None, "en")
    if isinstance(item, DocumentError):
        assert "not UTF-8" in item.message and "line 1, column 79" in item.message
    else:
        assert item.target == data.decode(item.encoding)
        [note] = item.notes
        assert "line 1, column 79" in note and item.encoding in note


def test_bom_followed_by_invalid_bytes_is_an_error() -> None:
    error = only_error(BAD / "bom_then_invalid.txt")
    assert "invalid utf-8" in error.message.lower()


def test_broken_jsonl_reports_bad_lines_and_keeps_good_records() -> None:
    path = BAD / "broken_feed.jsonl"
    lines = path.read_text("utf-8").splitlines()
    items = read(path)
    good = documents(items)
    assert [d.id for d in good] == ["rtr-01", "rtr-02", "rtr-05", "rtr-07"]
    for document in good:
        [line] = [json.loads(raw) for raw in lines if f'"id": "{document.id}"' in raw][:1]
        assert document.target == line["mt"]
    bad = errors(items)
    assert [e.line for e in bad] == [3, 4, 6]
    assert all(e.path == str(path) for e in bad)
    malformed, missing, duplicate = bad
    assert malformed.message.startswith("malformed JSON")
    assert "at at" not in malformed.message
    assert "column" in malformed.message
    assert "'mt'" in missing.message
    assert duplicate.message == "duplicate id 'rtr-02' (first on line 2)"
    assert duplicate.describe() == f"{path}:6: duplicate id 'rtr-02' (first on line 2)"
    # Items come in file order: errors between the records they interrupt.
    assert [getattr(i, "id", None) or i.line for i in items] == [
        "rtr-01",
        "rtr-02",
        3,
        4,
        "rtr-05",
        6,
        "rtr-07",
    ]


def test_csv_without_mt_column_names_the_columns() -> None:
    error = only_error(BAD / "no_mt_column.csv")
    assert error.line == 1
    assert "'mt'" in error.message
    assert "id, source, translation, reference" in error.message


def test_missing_path_is_an_error() -> None:
    error = only_error("fixtures/does-not-exist.txt")
    assert error.message == "no such file or directory"
    assert error.path == "fixtures/does-not-exist.txt"


def test_special_file_is_an_error() -> None:
    error = only_error("/dev/null")
    assert error.message == "not a regular file"


# --- folders and stdin -------------------------------------------------------------------


def test_folder_recursion_skips_hidden_entries(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / "sub" / ".cache").mkdir()
    for relative in ("b.txt", "sub/a.md", ".hidden.txt", ".git/c.txt", "sub/.cache/d.txt"):
        (tmp_path / relative).write_text(f"Text of {relative}.\n", encoding="utf-8")
    items = read(tmp_path)
    assert errors(items) == []
    assert [Path(d.path).relative_to(tmp_path).as_posix() for d in documents(items)] == [
        "b.txt",
        "sub/a.md",
    ]
    assert documents(items)[1].markup == "markdown"


def test_hidden_file_named_explicitly_is_read(tmp_path: Path) -> None:
    path = tmp_path / ".draft.txt"
    path.write_text("Draft text.\n", encoding="utf-8")
    assert only_document(path).target == "Draft text.\n"


def test_reading_a_folder_of_fixtures_is_stable() -> None:
    first = [(getattr(i, "id", None), getattr(i, "message", None)) for i in read(FIXTURES)]
    second = [(getattr(i, "id", None), getattr(i, "message", None)) for i in read(FIXTURES)]
    assert first == second


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b'{"id": 1, "mt": "x"}\n', "jsonl"),
        (b'\xef\xbb\xbf  {"mt": "x"}\n', "jsonl"),
        (b"<!DOCTYPE html><html><body><p>x</p></body></html>", "html"),
        (b"<div><body>x</body></div>", "html"),
        (b"Plain article text.\n", "text"),
    ],
)
def test_sniff_format(data: bytes, expected: str) -> None:
    assert sniff_format(data) == expected


def test_stdin_plain_text_through_the_cli(tmp_path: Path) -> None:
    text = (ARTICLES / "seed_putin.txt").read_text("utf-8")
    result = run_mtqa(
        "check",
        "-",
        "--no-model",
        "--format",
        "jsonl:-",
        "--out",
        str(tmp_path),
        input=text,
        cwd=tmp_path,
    )
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    [line] = result.stdout.splitlines()
    report = json.loads(line)
    assert report["id"] == "-"
    assert report["findings"]
    for finding in report["findings"]:
        assert text[finding["start"] : finding["end"]] == finding["text"]


def test_report_names_never_start_with_a_dash(tmp_path: Path) -> None:
    from mtqa.output import report_stem

    assert report_stem("-").startswith("stdin-")
    assert report_stem("-rf").startswith("rf-")
    assert report_stem("---").startswith("document-")
    text = (ARTICLES / "clean_library_reopens.txt").read_text("utf-8")
    result = run_mtqa("check", "-", "--no-model", "--out", "out", input=text, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert [n for n in names if n.startswith("stdin-")] and not [
        n for n in names if n.startswith("-")
    ]


def test_stdin_jsonl_through_the_cli(tmp_path: Path) -> None:
    path = FEEDS / "news_zh_en.jsonl"
    records = {r["id"]: r for r in map(json.loads, path.read_text("utf-8").splitlines())}
    result = run_mtqa(
        "check",
        "-",
        "--no-model",
        "--fail-on",
        "never",
        "--format",
        "jsonl:-",
        "--out",
        str(tmp_path),
        input=path.read_text("utf-8"),
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    reports = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in reports] == list(records)
    for report in reports:
        assert report["path"] == "-"
        mt = records[report["id"]]["mt"]
        for finding in report["findings"]:
            assert mt[finding["start"] : finding["end"]] == finding["text"]


def test_stdin_html_through_the_cli(tmp_path: Path) -> None:
    result = run_mtqa(
        "check",
        "-",
        "--no-model",
        "--format",
        "jsonl:-",
        "--fail-on",
        "never",
        "--out",
        str(tmp_path),
        input=HTML.read_text("utf-8"),
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    [report] = [json.loads(line) for line in result.stdout.splitlines()]
    assert "We use cookies" not in report["target"]
    assert "Rotterdam" in report["target"]


def test_empty_stdin_is_an_error(tmp_path: Path) -> None:
    result = run_mtqa("check", "-", "--no-model", "--out", str(tmp_path), input="", cwd=tmp_path)
    assert result.returncode == 2
    assert "-: empty document" in result.stderr
    assert "Traceback" not in result.stderr


# --- round trips (hypothesis) ------------------------------------------------------------

_TEXT = st.text(
    st.characters(categories=("L", "M", "N", "P", "S", "Zs"), include_characters="\n\r\t"),
    min_size=1,
    max_size=200,
).filter(lambda s: s.strip() != "")


@settings(max_examples=150, deadline=None)
@given(_TEXT)
def test_any_utf8_text_round_trips(text: str) -> None:
    [document] = read_bytes("x.txt", text.encode("utf-8"), "text", None, "en")
    assert isinstance(document, Document)
    assert document.target == text


@settings(max_examples=150, deadline=None)
@given(st.lists(_TEXT, min_size=1, max_size=5))
def test_any_mt_round_trips_through_jsonl_and_csv(mts: list[str]) -> None:
    jsonl = "".join(
        json.dumps({"id": i, "mt": mt}, ensure_ascii=False) + "\n" for i, mt in enumerate(mts)
    )
    got = list(read_jsonl("f.jsonl", jsonl.encode("utf-8"), None, "en"))
    assert [d.target for d in got if isinstance(d, Document)] == mts
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["id", "mt"])
    writer.writerows([i, mt] for i, mt in enumerate(mts))
    got = list(read_csv("f.csv", buffer.getvalue().encode("utf-8"), ",", None, "en"))
    assert [d.target for d in got if isinstance(d, Document)] == mts


# --- the offset contract over every fixture ----------------------------------------------

#: Every fixture, and the inputs of the golden cases (``tests/golden/<case>/input/``).
ALL_FIXTURE_FILES = sorted(
    p
    for p in FIXTURES.glob("**/*")
    if p.is_file() and not any(part.startswith(".") for part in p.relative_to(FIXTURES).parts)
) + sorted(p for p in (ROOT / "tests" / "golden").glob("*/input/**/*") if p.is_file())


def test_fixture_glob_covers_every_kind() -> None:
    folders = {p.parent.name for p in ALL_FIXTURE_FILES}
    assert {"articles", "html", "feeds", "bad", "bilingual"} <= folders


@pytest.mark.parametrize(
    "path",
    ALL_FIXTURE_FILES,
    ids=lambda p: str(p.relative_to(FIXTURES if p.is_relative_to(FIXTURES) else ROOT)),
)
def test_every_finding_text_is_its_span_of_the_target(path: Path) -> None:
    config = Config(use_model=False)
    checks = config.enabled(ALL_CHECKS)
    sig = signature(config, checks)
    for item in read(path):
        if isinstance(item, DocumentError):
            assert item.message and item.path == str(path)
            continue
        report = run(item, config, checks, sig)
        for finding in report.findings:
            # a bilingual file's findings index their unit's target
            text = report.text_of(finding)
            assert finding.unit is None or item.units
            assert 0 <= finding.start <= finding.end <= len(text)
            # only source-aware checks point at what is absent (an empty target)
            assert finding.start < finding.end or "source" in BY_CODE[finding.code].requires
            assert finding.text == text[finding.start : finding.end], finding
        # The same holds in the serialized report.
        serialized = report.to_dict()
        units = {u["id"]: u["target"] for u in serialized.get("units", [])}
        for data in serialized["findings"]:
            text = units[data["unit"]] if "unit" in data else item.target
            assert text[data["start"] : data["end"]] == data["text"]
