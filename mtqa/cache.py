"""The result cache: reports of documents already checked, so that re-runs redo only what
changed.

A checked report is stored under a key made of what was checked: the document (its id,
path, text, source, reference, languages and everything else the reader put in it), the
check signature (mtqa version, model identity, enabled checks, severity overrides, weights),
a digest of mtqa's own code and data, and every setting of the configuration that can change
what is found or how it scores. Any change to one of them is a different key, so a cached
report is always the report this run would check, byte for byte. What the run decides about
a report (``mtqa.gate``: the baseline, fail-on, min-score) is not in the key: it is decided
again on every run, from the cached report as from a fresh one.

Reports are stored as data, never as code: the JSON of ``findings.to_data``, every field
and nothing rounded, read back by ``findings.from_data``, which builds only the declared
types and refuses anything else. A cache is restored from shared storage in CI, so reading
it must not be able to run anything (a pickle can). A row that does not read back as a
report (damaged, or written by another mtqa) is a miss. The file's ``user_version`` is the
storage ``FORMAT``: a cache of another format (those of older mtqa versions hold pickles) is
emptied when a run opens it, without a warning.

The store is one SQLite file in write-ahead-log mode with a busy timeout, so concurrent runs
(CI jobs on one machine) share it safely. Rows are committed a batch at a time: an
interrupted run keeps what it finished, and the next run resumes from there. Reports stored
more than ``MAX_AGE_DAYS`` ago are dropped when a run opens the cache. A damaged file (not a
database, truncated) is moved aside once, with a warning, and a new one is started in its
place. A cache that cannot be used at all (disk full, unwritable folder) is a warning, never
a failed run.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import os
import sqlite3
from collections.abc import Mapping, Sequence
from pathlib import Path

from mtqa.config import Config
from mtqa.document import Document
from mtqa.findings import Report, from_data, to_data

FILENAME = "results.sqlite3"
#: Where a damaged cache file is moved, beside the new one.
DAMAGED_FILENAME = FILENAME + ".damaged"
#: The storage format, kept in the file's ``user_version``: 2 is JSON data. Files of older
#: mtqa versions (pickles) are at 0.
FORMAT = 2
#: Reports stored longer ago than this are dropped when a run opens the cache.
MAX_AGE_DAYS = 30
#: Seconds a run waits for another run's write to finish before giving up on the cache.
BUSY_TIMEOUT_S = 60
_SCHEMA = """
CREATE TABLE IF NOT EXISTS reports (
    key TEXT PRIMARY KEY,
    report BLOB NOT NULL,
    stored REAL NOT NULL DEFAULT (julianday('now'))
)
"""


def default_folder() -> Path:
    """The user's cache folder for mtqa results (``platformdirs``), e.g.
    ``~/.cache/mtqa/results`` on Linux."""
    import platformdirs

    return Path(platformdirs.user_cache_dir("mtqa")) / "results"


@functools.lru_cache(maxsize=1)
def code_digest() -> str:
    """A digest of mtqa's source and data files: a changed check, or a retrained head
    (``data/head-*.npz``: its weights and thresholds), is a different result."""
    return folder_digest(Path(__file__).resolve().parent)


def folder_digest(package: Path) -> str:
    """The digest ``code_digest`` takes of one package folder."""
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".json", ".toml", ".txt", ".npz"):
            digest.update(str(path.relative_to(package)).encode("utf-8") + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


#: Configuration fields that do not change a checked report: where reports go and how
#: they are written (``po_fuzzy``), and what the gate decides after the cache.
NOT_CHECKED = frozenset({"out_dir", "fail_on", "min_score", "baseline", "po_fuzzy"})


def run_key(config: Config, sig: str) -> str:
    """What, besides the document, decides its checked report: the check signature
    ``sig``, mtqa's code, every configuration field except ``NOT_CHECKED`` (fields added
    later are in the key unless named there) and, with per-path ignores, the working folder
    (a relative path such as "a.txt" may match "feeds/*" from one folder only)."""
    settings = []
    for field in dataclasses.fields(config):
        if field.name in NOT_CHECKED:
            continue
        value = getattr(config, field.name)
        if isinstance(value, frozenset):
            value = sorted(value)
        settings.append((field.name, value))
    if config.per_path_ignores:  # relative document paths are matched from where mtqa runs
        settings.append(("cwd", os.getcwd()))
    material = f"{sig}\x1f{code_digest()}\x1f{settings!r}"
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


def document_key(document: Document, run: str) -> str:
    """The cache key of ``document`` checked in the run whose ``run_key`` is ``run``."""
    digest = hashlib.sha256(run.encode("ascii"))
    for field in dataclasses.fields(document):
        digest.update(f"\x1e{field.name}\x1f{getattr(document, field.name)!r}".encode())
    return digest.hexdigest()


def encode(report: Report) -> bytes:
    """``report`` as a cache row: UTF-8 JSON (lone surrogates kept, as decoded input can
    hold them). TypeError or ValueError when it cannot be stored exactly."""
    text = json.dumps(to_data(report), ensure_ascii=False, separators=(",", ":"))
    return text.encode("utf-8", "surrogatepass")


def decode(blob: object) -> Report | None:
    """The report in a cache row, or None when the row holds anything else."""
    if not isinstance(blob, bytes):
        return None
    try:
        return from_data(Report, json.loads(blob.decode("utf-8", "surrogatepass")))
    except (ValueError, TypeError, RecursionError):  # RecursionError: nesting too deep
        return None


def _is_damage(error: Exception) -> bool:
    """Whether ``error`` says that the file is not a sound SQLite database."""
    code = getattr(error, "sqlite_errorcode", None)
    return code is not None and code & 0xFF in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)


def _identity(path: Path) -> tuple[int, int]:
    status = os.stat(path)
    return status.st_dev, status.st_ino


class ResultCache:
    """Reports by key in an SQLite file in ``folder``. Every method degrades to a cache miss
    (and records ``warning``) when the store cannot be used."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / FILENAME
        self.warning: str | None = None
        self._db: sqlite3.Connection | None = None
        self._identity: tuple[int, int] | None = None
        self._replaced = False
        try:
            folder.mkdir(parents=True, exist_ok=True)
            self._db = self._open()
        except (OSError, sqlite3.Error) as error:
            self._failed(error)

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S)
        try:
            self._identity = _identity(self.path)
            db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_S * 1000}")
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = NORMAL")
            # one write transaction, so that concurrent runs opening an old cache empty it once
            db.execute("BEGIN IMMEDIATE")
            (version,) = db.execute("PRAGMA user_version").fetchone()
            if version != FORMAT:
                db.execute("DROP TABLE IF EXISTS reports")
                db.execute(f"PRAGMA user_version = {FORMAT}")
            db.execute(_SCHEMA)
            db.execute("DELETE FROM reports WHERE stored < julianday('now') - ?", (MAX_AGE_DAYS,))
            db.commit()
        except BaseException:
            db.close()
            raise
        return db

    def _failed(self, error: Exception) -> None:
        """The store failed with ``error``: a damaged file is moved aside and replaced by a
        new one (once a run); any other failure turns the cache off for the run."""
        if self._db is not None:
            self._db.close()
            self._db = None
        if not _is_damage(error) or self._replaced:
            self.warning = f"result cache in {self.folder} not used: {error}"
            return
        self._replaced = True
        aside = self.folder / DAMAGED_FILENAME
        try:
            # a concurrent run may have replaced it already: leave its new file alone
            if self._identity == _identity(self.path):
                os.replace(self.path, aside)
                for suffix in ("-wal", "-shm"):  # they belong to the damaged file
                    self.path.with_name(FILENAME + suffix).unlink(missing_ok=True)
            self._db = self._open()
        except (OSError, sqlite3.Error) as again:
            self._failed(again)
            return
        self.warning = (
            f"result cache {self.path} was damaged ({error}): moved it to {aside.name} "
            "and started a new one"
        )

    def get_many(self, keys: Sequence[str]) -> dict[str, Report]:
        """The cached reports among ``keys``; a row that cannot be read is a miss."""
        if self._db is None or not keys:
            return {}
        try:
            marks = ",".join("?" * len(keys))
            rows = self._db.execute(
                f"SELECT key, report FROM reports WHERE key IN ({marks})", list(keys)
            ).fetchall()
        except sqlite3.Error as error:
            self._failed(error)
            return {}
        found: dict[str, Report] = {}
        for key, blob in rows:
            report = decode(blob)
            if report is not None:
                found[key] = report
        return found

    def put_many(self, reports: Mapping[str, Report]) -> None:
        """Store ``reports`` in one transaction (all or none of them). A report that cannot
        be stored exactly is left out: it is checked again next time."""
        if self._db is None:
            return
        rows = []
        for key, report in reports.items():
            try:
                rows.append((key, encode(report)))
            except (TypeError, ValueError):
                continue
        for _ in range(2):  # again once in a new file, when the old one was damaged
            if self._db is None or not rows:
                return
            try:
                with self._db:
                    self._db.executemany(
                        "INSERT OR REPLACE INTO reports (key, report) VALUES (?, ?)", rows
                    )
                return
            except sqlite3.Error as error:
                self._failed(error)

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
