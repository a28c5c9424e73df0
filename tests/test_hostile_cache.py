"""The result cache read as hostile input (issue 12): CI restores it from shared storage, so
whoever can write there chooses its bytes. Reading it must never run code, a cache of an
older mtqa (pickles) is a clean miss, and a damaged file is replaced once, with one warning.

Every run is ``--no-model`` with a temporary ``--out`` and ``--cache`` folder and the
temporary folder as working directory.
"""

from __future__ import annotations

import dataclasses
import json
import pickle
import random
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

import pytest

from mtqa.cache import DAMAGED_FILENAME, FILENAME, FORMAT, ResultCache, decode, encode
from mtqa.checks import ALL_CHECKS
from mtqa.config import Config
from mtqa.document import Document, Unit, unit_document
from mtqa.findings import DataError, Report, Score, SentenceScore, from_data, to_data
from mtqa.readers import read_paths
from mtqa.readers.bitext import with_source
from mtqa.reporters import json_report, markdown
from mtqa.runner import run, signature

from .conftest import run_mtqa

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
ARTICLES = FIXTURES / "articles"
BILINGUAL = FIXTURES / "bilingual"
LINES = BILINGUAL / "lines"
#: A realistic run: the articles and one bilingual file of each kind.
INPUTS = (
    ARTICLES,
    BILINGUAL / "ui_en_de.xlf",
    BILINGUAL / "app_de.po",
    BILINGUAL / "news_de_en.tmx",
    BILINGUAL / "shop_en_es.csv",
)
FORMATS = ("json", "md", "html", "jsonl", "sarif", "csv", "junit", "text")
#: The schema of the cache that older mtqa versions wrote: pickled reports, user_version 0.
OLD_SCHEMA = """
CREATE TABLE reports (
    key TEXT PRIMARY KEY,
    report BLOB NOT NULL,
    stored REAL NOT NULL DEFAULT (julianday('now'))
)
"""


def mtqa(tmp_path: Path, *args: str | Path) -> subprocess.CompletedProcess[str]:
    return run_mtqa("check", *args, "--no-model", cwd=tmp_path)


def check(tmp_path: Path, out: str, *inputs: str | Path) -> subprocess.CompletedProcess[str]:
    """``mtqa check`` of ``inputs`` (default: ``INPUTS``) with the cache in ``cache``."""
    formats = [arg for name in FORMATS for arg in ("--format", name)]
    paths = inputs or INPUTS
    return mtqa(tmp_path, *paths, "--cache", tmp_path / "cache", "--out", tmp_path / out, *formats)


def outputs(tmp_path: Path, out: str, result: subprocess.CompletedProcess[str]) -> dict[str, str]:
    """Every report file of the run into ``out`` and its stdout (the ``text`` format), with
    the folder's own name taken out (``summary.json`` names the report files)."""
    folder = tmp_path / out
    files = {p.name: p.read_text("utf-8").replace(str(folder), "OUT") for p in folder.iterdir()}
    return {**files, "<stdout>": result.stdout}


def cached(result: subprocess.CompletedProcess[str]) -> int:
    """How many reports the run's summary says came from the cache."""
    for line in result.stderr.splitlines():
        if line.endswith("of them from the result cache (unchanged documents)"):
            return int(line.split()[0])
    return 0


@contextmanager
def database(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    """The cache file of the runs in ``tmp_path``, committed and closed at the end."""
    with closing(sqlite3.connect(tmp_path / "cache" / FILENAME)) as db, db:
        yield db


def rows(tmp_path: Path) -> list[tuple[str, bytes]]:
    with database(tmp_path) as db:
        found: list[tuple[str, bytes]] = db.execute("SELECT key, report FROM reports").fetchall()
    return sorted(found)


def rewrite_rows(tmp_path: Path, blob_of: Callable[[int, bytes], bytes]) -> None:
    """Replace the blob of each row (the ``n``-th in key order) with ``blob_of(n, blob)``."""
    changed = [(blob_of(n, blob), key) for n, (key, blob) in enumerate(rows(tmp_path))]
    with database(tmp_path) as db:
        db.executemany("UPDATE reports SET report = ? WHERE key = ?", changed)


def warnings(result: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("mtqa: warning:")]


class Payload:
    """A pickle that creates ``marker`` when it is loaded: what an attacker would plant."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Any, ...]:
        return (open, (str(self.marker), "w"))


# --- a planted pickle ----------------------------------------------------------------------


def test_a_planted_pickle_is_not_run_and_the_document_is_checked_again(tmp_path: Path) -> None:
    first = check(tmp_path, "a")
    assert first.returncode == 1, first.stderr
    stored = rows(tmp_path)
    assert stored
    payload = pickle.dumps(Payload(tmp_path / "probe"))
    pickle.loads(payload)  # the payload works: loading it as a pickle runs it
    assert (tmp_path / "probe").exists()
    marker = tmp_path / "pwned"
    rewrite_rows(tmp_path, lambda n, blob: pickle.dumps(Payload(marker)))

    second = check(tmp_path, "b")
    assert not marker.exists()
    assert second.returncode == 1, second.stderr
    assert cached(second) == 0 and not warnings(second), second.stderr
    assert outputs(tmp_path, "b", second) == outputs(tmp_path, "a", first)
    # the rows are reports again, and the next run uses them
    assert all(decode(blob) is not None for _, blob in rows(tmp_path))
    assert cached(check(tmp_path, "c")) == len(stored)
    assert not marker.exists()


def test_planted_json_that_is_no_report_is_a_miss(tmp_path: Path) -> None:
    """Rows that are valid JSON but not a report's data (another shape, a wrong type, an
    extra field) are misses, not failures."""
    first = check(tmp_path, "a", ARTICLES)

    def tampered(n: int, blob: bytes) -> bytes:
        data = json.loads(blob)
        if n == 0:
            data["words"] = str(data["words"])
        elif n == 1:
            data["extra"] = 1
        elif n == 2:
            data["findings"] = [{"code": "F101"}]
        else:
            return b'{"__class__": "os.system", "args": ["touch pwned"]}'
        return json.dumps(data).encode()

    rewrite_rows(tmp_path, tampered)
    second = check(tmp_path, "b", ARTICLES)
    assert cached(second) == 0 and not warnings(second), second.stderr
    assert outputs(tmp_path, "b", second) == outputs(tmp_path, "a", first)
    assert not (tmp_path / "pwned").exists()


# --- cached reports are the reports --------------------------------------------------------


@pytest.mark.parametrize(
    "inputs",
    [
        INPUTS,
        (
            LINES / "briefing.en.txt",
            "--source",
            LINES / "briefing.de.txt",
            "--reference",
            LINES / "briefing.ref.en.txt",
            "--align",
            "lines",
            "--lang",
            "de-en",
        ),
    ],
    ids=["articles-and-bilingual-files", "line-pairs-with-reference"],
)
def test_a_cached_run_writes_byte_identical_reports(
    tmp_path: Path, inputs: tuple[str | Path, ...]
) -> None:
    first = check(tmp_path, "a", *inputs)
    second = check(tmp_path, "b", *inputs)
    assert first.returncode == second.returncode == 1, first.stderr
    assert cached(first) == 0
    before, after = outputs(tmp_path, "a", first), outputs(tmp_path, "b", second)
    documents = len((tmp_path / "a" / "report.jsonl").read_text("utf-8").splitlines())
    assert documents == len(rows(tmp_path)) and cached(second) == documents, second.stderr
    assert sorted(before) == sorted(after)
    for name in before:
        assert before[name] == after[name], name


# --- a cache of an older mtqa --------------------------------------------------------------


def test_a_cache_of_pickles_from_an_older_mtqa_is_a_clean_miss(tmp_path: Path) -> None:
    """The old store under the keys this run looks up, holding reports that differ from
    this run's (and a planted pickle): they are neither read nor kept, and nothing is said
    about them."""
    first = check(tmp_path, "a", ARTICLES)
    current = rows(tmp_path)
    old = [("planted", pickle.dumps(Payload(tmp_path / "pwned")))]
    for key, blob in current:
        report = decode(blob)
        assert report is not None
        old.append((key, pickle.dumps(dataclasses.replace(report, words=report.words + 1000))))
    (tmp_path / "cache" / FILENAME).unlink()
    with database(tmp_path) as db:
        db.execute(OLD_SCHEMA)
        db.executemany("INSERT INTO reports (key, report) VALUES (?, ?)", old)

    second = check(tmp_path, "b", ARTICLES)
    assert second.returncode == first.returncode, second.stderr
    assert cached(second) == 0
    assert not warnings(second), second.stderr
    assert outputs(tmp_path, "b", second) == outputs(tmp_path, "a", first)
    with database(tmp_path) as db:
        assert db.execute("PRAGMA user_version").fetchone() == (FORMAT,)
    assert rows(tmp_path) == current  # the pickles are gone
    assert not (tmp_path / "pwned").exists()


# --- a damaged cache file ------------------------------------------------------------------


def _random_bytes(tmp_path: Path) -> bytes:
    return random.Random(12).randbytes(64 * 1024)


def _text(tmp_path: Path) -> bytes:
    return b"not a database, just a note someone left here\n" * 100


def _truncated(tmp_path: Path) -> bytes:
    """A real cache file of 200 reports cut in half."""
    config = Config(use_model=False)
    checks = config.enabled(ALL_CHECKS)
    document = Document("seed", "seed.txt", (ARTICLES / "seed_putin.txt").read_text("utf-8"))
    report = run(document, config, checks, signature(config, checks))
    cache = ResultCache(tmp_path / "whole")
    cache.put_many({f"k{n}": report for n in range(200)})
    cache.close()
    whole = (tmp_path / "whole" / FILENAME).read_bytes()
    return whole[: len(whole) // 2]


@pytest.mark.parametrize("damage", [_random_bytes, _text, _truncated], ids=lambda f: f.__name__)
def test_a_damaged_cache_is_replaced_once_with_one_warning(
    tmp_path: Path, damage: Callable[[Path], bytes]
) -> None:
    broken = damage(tmp_path)
    cache_file = tmp_path / "cache" / FILENAME
    cache_file.parent.mkdir()
    cache_file.write_bytes(broken)

    first = check(tmp_path, "a", ARTICLES)
    assert first.returncode == 1, first.stderr
    assert len(warnings(first)) == 1, first.stderr
    assert "damaged" in warnings(first)[0] and DAMAGED_FILENAME in warnings(first)[0]
    assert (tmp_path / "cache" / DAMAGED_FILENAME).read_bytes() == broken
    assert "Traceback" not in first.stderr

    second = check(tmp_path, "b", ARTICLES)
    assert second.returncode == 1, second.stderr
    assert not warnings(second), second.stderr
    assert cached(second) == len(list(ARTICLES.iterdir()))
    assert outputs(tmp_path, "b", second) == outputs(tmp_path, "a", first)


# --- the data form round-trips real reports ------------------------------------------------


def real_reports() -> list[tuple[Document, Report]]:
    """Real checks and their reports: articles, HTML, feeds (some with references), every
    bilingual file, line pairs with a reference (per-unit metrics)."""
    config = Config(use_model=False)
    checks = config.enabled(ALL_CHECKS)
    sig = signature(config, checks)
    paths = [str(p) for p in (ARTICLES, FIXTURES / "html", FIXTURES / "feeds", BILINGUAL)]
    documents = [d for d in read_paths(paths, None, "en") if isinstance(d, Document)]
    [target] = list(read_paths([str(LINES / "briefing.en.txt")], None, "en"))
    assert isinstance(target, Document)
    source, reference = LINES / "briefing.de.txt", LINES / "briefing.ref.en.txt"
    documents.append(
        with_source(
            dataclasses.replace(target, source_lang="de"),
            (str(source), source.read_text("utf-8")),
            (str(reference), reference.read_text("utf-8")),
            "lines",
        )
    )
    checked = [(d, run(d, config, checks, sig)) for d in documents]
    reports = [r for _, r in checked]
    kinds = {
        "units": any(r.units for r in reports),
        "unit findings": any(f.unit for r in reports for f in r.findings),
        "target": any(r.target is not None for r in reports),
        "reference": any(r.score.reference is not None for r in reports),
        "unit metrics": any(r.score.reference and r.score.reference.units for r in reports),
        "notes": any(r.notes for r in reports),
    }
    assert all(kinds.values()), kinds
    return checked


@pytest.fixture(scope="module")
def checked() -> list[tuple[Document, Report]]:
    return real_reports()


@pytest.fixture(scope="module")
def reports(checked: list[tuple[Document, Report]]) -> list[Report]:
    return [r for _, r in checked]


def test_reports_of_real_checks_round_trip_exactly(checked: list[tuple[Document, Report]]) -> None:
    for _, report in checked:
        data = to_data(report)
        assert from_data(Report, data) == report
        back = decode(encode(report))
        assert back == report, report.path
        assert to_data(back) == data  # equal, and of the same types (int against float)
        assert json_report.render(back) == json_report.render(report)
        assert markdown.render(back) == markdown.render(report)


def test_values_that_the_schema_form_would_change_round_trip(reports: list[Report]) -> None:
    """Full-precision scores (the schema rounds them), an int where a float is declared
    (it renders as "100", not "100.0"), lone surrogates (decoded input can hold them),
    model fluencies and a unit with every optional field."""
    unit = Unit("u1", "Quelle", "Ziel \udcff", 0, ("note",), 3, "target", "ctx", 1)
    varied = dataclasses.replace(
        reports[0],
        id="id \udcff",
        score=Score(overall=100, mqm_penalty=0.1234567890123, fluency=0.987654321, adequacy=-0.5),
        sentences=(SentenceScore(0, 4, "sentence", 1 / 3, "u1"),),
        units=(unit,),
    )
    back = decode(encode(varied))
    assert back == varied and to_data(back) == to_data(varied)
    assert back is not None and type(back.score.overall) is int
    assert json_report.render(back) == json_report.render(varied)


def test_bilingual_document_with_references_round_trips() -> None:
    config = Config(use_model=False)
    checks = config.enabled(ALL_CHECKS)
    units = [
        Unit("a", "Guten Morgen.", "Good morning.", reference="Good morning."),
        Unit("b", "Das Haus ist rot.", "The house are red.", reference="The house is red."),
    ]
    document = unit_document(
        id="x.xlf", path="x.xlf", units=units, source_lang="de", target_lang="en"
    )
    report = run(document, config, checks, signature(config, checks))
    assert report.score.reference is not None and report.score.reference.units
    assert decode(encode(report)) == report


@pytest.mark.parametrize(
    "blob",
    [
        pickle.dumps({"id": "x"}),
        b"",
        b"\xff\xfe not utf-8",
        b"{}",
        b"[" * 100_000 + b"]" * 100_000,
        b'{"id": 1}',
        "a TEXT row, not a BLOB",
        b"1" * 10_000,
    ],
    ids=[
        "pickle",
        "empty",
        "not-utf-8",
        "empty-object",
        "deep",
        "wrong-fields",
        "text",
        "huge-int",
    ],
)
def test_rows_that_are_no_report_data_are_misses(blob: object) -> None:
    assert decode(blob) is None


def test_each_kind_of_wrong_value_is_refused(reports: list[Report]) -> None:
    report = next(r for r in reports if r.findings and r.units)
    data = to_data(report)

    def changed(edit: Callable[[dict[str, Any]], None]) -> bytes:
        copy = json.loads(json.dumps(data))
        edit(copy)
        return json.dumps(copy).encode()

    edits: list[Callable[[dict[str, Any]], None]] = [
        lambda d: d.update(words=True),  # a bool is no int
        lambda d: d.update(words=1.5),
        lambda d: d.update(flagged=1),
        lambda d: d.update(unknown="field"),
        lambda d: d.pop("signature"),
        lambda d: d.update(notes="a string, not a list"),
        lambda d: d["findings"][0].update(severity=7),
        lambda d: d["findings"][0].update(severity="major"),
        lambda d: d["findings"][0].update(start=None),
        lambda d: d["findings"][0].update(code=["F101"]),
        lambda d: d["units"][0].update(notes=[1]),
        lambda d: d["score"].update(overall="100"),
        lambda d: d.update(score=None),
    ]
    assert decode(json.dumps(data).encode()) == report
    for n, edit in enumerate(edits):
        assert decode(changed(edit)) is None, n
    with pytest.raises(DataError):
        from_data(Report, {**data, "words": "12"})


def test_a_report_that_cannot_be_stored_exactly_is_left_out(
    tmp_path: Path, reports: list[Report]
) -> None:
    """A list where a tuple is declared would come back as a tuple: such a report is not
    stored (checked again next time) rather than stored inexactly."""
    report = reports[0]
    odd = dataclasses.replace(report, notes=list(report.notes))  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        to_data(odd)
    cache = ResultCache(tmp_path)
    cache.put_many({"odd": odd, "fine": report})
    assert cache.get_many(["odd", "fine"]) == {"fine": report}
    assert cache.warning is None
    cache.close()


def test_a_retrained_head_is_a_different_result(tmp_path: Path) -> None:
    # the head's weights and thresholds decide model findings and scores: changing only
    # the .npz must miss the cache
    from mtqa.cache import folder_digest

    package = tmp_path / "mtqa"
    (package / "data").mkdir(parents=True)
    (package / "data" / "head-context.npz").write_bytes(b"weights")
    before = folder_digest(package)
    (package / "data" / "head-context.npz").write_bytes(b"retrained")
    assert folder_digest(package) != before
