"""The result cache: reports of documents already checked, so that re-runs redo only what
changed.

A report is stored under a key made of the document (its id, path, text, source, reference,
languages and everything else the reader put in it), the run's signature (mtqa version,
model identity, enabled checks, fail-on), a digest of mtqa's own code and data, and every
setting of the configuration that can change a report. Any change to one of them is a
different key, so a cached report is always the report this run would write, byte for byte.

Reports are stored pickled, whole: fields added to ``Report`` or ``Finding`` later are kept
without changes here (and a code change is a new key anyway). The store is one SQLite file
in write-ahead-log mode with a busy timeout, so concurrent runs (CI jobs on one machine)
share it safely. Rows are committed a batch at a time: an interrupted run keeps what it
finished, and the next run resumes from there. Reports stored more than ``MAX_AGE_DAYS``
ago are dropped when a run opens the cache. A cache that cannot be used (disk full,
unwritable folder, corrupt file) is a warning, never a failed run.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import os
import pickle
import sqlite3
from collections.abc import Mapping, Sequence
from pathlib import Path

from mtqa.config import Config
from mtqa.document import Document
from mtqa.findings import Report

FILENAME = "results.sqlite3"
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
    """A digest of mtqa's source and data files: a changed check is a different result."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".json", ".toml", ".txt"):
            digest.update(str(path.relative_to(package)).encode("utf-8") + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def run_key(config: Config, sig: str) -> str:
    """What, besides the document, decides its report: the signature, mtqa's code, every
    configuration field except the output folder and, with per-path ignores, the working
    folder (a relative path such as "a.txt" may match "feeds/*" from one folder only)."""
    settings = []
    for field in dataclasses.fields(config):
        if field.name == "out_dir":
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


class ResultCache:
    """Reports by key in an SQLite file in ``folder``. Every method degrades to a cache miss
    (and records ``warning``) when the store cannot be used."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.warning: str | None = None
        self._db: sqlite3.Connection | None = None
        try:
            folder.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(folder / FILENAME, timeout=BUSY_TIMEOUT_S)
            db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_S * 1000}")
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = NORMAL")
            with db:
                db.execute(_SCHEMA)
                db.execute(
                    "DELETE FROM reports WHERE stored < julianday('now') - ?", (MAX_AGE_DAYS,)
                )
            self._db = db
        except (OSError, sqlite3.Error) as error:
            self._give_up(error)

    def _give_up(self, error: Exception) -> None:
        self.warning = f"result cache in {self.folder} not used: {error}"
        if self._db is not None:
            self._db.close()
        self._db = None

    def get_many(self, keys: Sequence[str]) -> dict[str, Report]:
        """The cached reports among ``keys``; a row that cannot be read is a miss."""
        if self._db is None or not keys:
            return {}
        found: dict[str, Report] = {}
        try:
            marks = ",".join("?" * len(keys))
            rows = self._db.execute(
                f"SELECT key, report FROM reports WHERE key IN ({marks})", list(keys)
            ).fetchall()
        except sqlite3.Error as error:
            self._give_up(error)
            return {}
        for key, blob in rows:
            try:
                report = pickle.loads(blob)
            except Exception:  # written by another mtqa, or damaged: check it again
                continue
            if isinstance(report, Report):
                found[key] = report
        return found

    def put_many(self, reports: Mapping[str, Report]) -> None:
        """Store ``reports`` in one transaction (all or none of them)."""
        if self._db is None or not reports:
            return
        rows = [(key, pickle.dumps(r, pickle.HIGHEST_PROTOCOL)) for key, r in reports.items()]
        try:
            with self._db:
                self._db.executemany(
                    "INSERT OR REPLACE INTO reports (key, report) VALUES (?, ?)", rows
                )
        except sqlite3.Error as error:
            self._give_up(error)

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
