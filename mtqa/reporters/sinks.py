"""Sinks: how reports reach files and streams, and ``Outputs``, every sink of one run.

A sink gets each report as the run goes (``document``), each document that could not be
read or checked (``error``), and ``close`` at the end, or ``abort`` when the run stops. The
base classes here do the writing; a reporter module's sink says only how a report renders:

- ``FolderSink``: one file per document, ``<stem>.<extension>`` in its folder;
- ``StreamSink``: one piece per document, to stdout or to a file put in place by ``close``;
- ``WholeRunSink``: a piece kept per document (rendered rows, never target texts, so memory
  does not grow with what the documents hold), the run's file rendered by ``close``;
- ``CopySink``: a copy of each input file of its format with the findings written into it
  (XLIFF, PO), under the input's relative path in its folder.

A sink that cannot write what it makes of one document (and only of that one) raises
``DocumentFailed``: ``Outputs.document`` returns those, the run names them like documents
that could not be read, the other documents and sinks go on, and the run exits 2.

Every destination is tried when its sink is made, before the first document is checked.
Per-document files are written atomically; streams and summaries go to hidden files beside
their final names until ``close`` puts them in place, so an interrupted run leaves no
partial file.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, ClassVar, Protocol

if TYPE_CHECKING:
    from mtqa.findings import DocumentError, Report
    from mtqa.gate import Gate
    from mtqa.output import AtomicFile
    from mtqa.registry import Check


@dataclass(frozen=True)
class Run:
    """What a sink may need of the run besides the reports."""

    out_dir: Path
    checks: tuple[Check, ...]
    gate: Gate
    version: str
    #: ``po-fuzzy`` / ``--po-fuzzy``: the PO copy marks messages with a major finding fuzzy.
    po_fuzzy: bool = False
    #: The input files named on the command line (resolved): a copy never replaces one,
    #: whichever document it is the copy of. (A folder walk never enters an output folder.)
    inputs: frozenset[Path] = frozenset()


class DocumentFailed(Exception):
    """A sink could not write what it makes of one document; ``error`` says which and why."""

    def __init__(self, error: DocumentError) -> None:
        super().__init__(error.message)
        self.error = error


class WritebackError(ValueError):
    """An input file whose copy with findings cannot be made; the message says why."""


class Sink(Protocol):
    def document(self, report: Report) -> None: ...

    def error(self, error: DocumentError) -> None: ...

    def close(self, errors: Sequence[DocumentError], exit_code: int) -> None: ...

    def abort(self) -> None: ...


class Stems:
    """File stems of one run's documents: ids are unique within a feed, not across inputs,
    so a second document with the same id gets ``-2`` and never overwrites the first."""

    def __init__(self) -> None:
        self._uses: dict[str, int] = {}

    def next(self, doc_id: str) -> str:
        from mtqa.output import report_stem

        stem = report_stem(doc_id)
        uses = self._uses[stem] = self._uses.get(stem, 0) + 1
        return stem if uses == 1 else f"{stem}-{uses}"


class FolderSink:
    """One ``<stem>.<extension>`` file per document in the format's folder (--out)."""

    extension: ClassVar[str]

    def __init__(self, dest: str | None, run: Run) -> None:
        from mtqa.output import check_writable_folder, remove_stale_temporaries

        self.run = run
        self.folder = Path(dest) if dest else run.out_dir
        self.stems = Stems()
        remove_stale_temporaries(self.folder)
        check_writable_folder(self.folder)

    def render(self, report: Report) -> str:
        raise NotImplementedError

    def document(self, report: Report) -> None:
        from mtqa.output import write_atomic

        stem = self.stems.next(report.id)
        write_atomic(self.folder / f"{stem}.{self.extension}", self.render(report))
        self.written(report, stem)

    def written(self, report: Report, stem: str) -> None:
        """``report``'s file is in place as ``stem``."""

    def error(self, error: DocumentError) -> None:
        pass

    def close(self, errors: Sequence[DocumentError], exit_code: int) -> None:
        pass

    def abort(self) -> None:
        pass


class StreamSink:
    """One piece per document on stdout, or in a file (``default`` in --out when no
    destination is given) put in place by ``close``. ``default`` None: stdout only."""

    default: ClassVar[str | None] = None

    def __init__(self, dest: str | None, run: Run) -> None:
        self._file: AtomicFile | None = None
        self.out: IO[str] | AtomicFile = sys.stdout
        if dest != "-" and self.default is not None:
            from mtqa.output import AtomicFile, remove_stale_temporaries

            path = Path(dest) if dest else run.out_dir / self.default
            remove_stale_temporaries(path.parent)
            self._file = AtomicFile(path)
            self.out = self._file

    def render(self, report: Report) -> str:
        raise NotImplementedError

    def render_error(self, error: DocumentError) -> str:
        return ""

    def document(self, report: Report) -> None:
        self.out.write(self.render(report))

    def error(self, error: DocumentError) -> None:
        self.out.write(self.render_error(error))

    def close(self, errors: Sequence[DocumentError], exit_code: int) -> None:
        if self._file is not None:
            self._file.commit()

    def abort(self) -> None:
        if self._file is not None:
            self._file.discard()


class WholeRunSink:
    """One file for the run (``default`` in --out when no destination is given; "-" is
    stdout), rendered by ``close`` from what ``document`` and ``error`` kept."""

    default: ClassVar[str]

    def __init__(self, dest: str | None, run: Run) -> None:
        from mtqa.output import check_writable, remove_stale_temporaries

        self.run = run
        self.path = None if dest == "-" else Path(dest) if dest else run.out_dir / self.default
        if self.path is not None:
            remove_stale_temporaries(self.path.parent)
            check_writable(self.path)

    def document(self, report: Report) -> None:
        raise NotImplementedError

    def error(self, error: DocumentError) -> None:
        pass

    def render(self, errors: Sequence[DocumentError]) -> str | bytes:
        raise NotImplementedError

    def close(self, errors: Sequence[DocumentError], exit_code: int) -> None:
        from mtqa.output import write_atomic

        content = self.render(errors)
        if self.path is not None:
            write_atomic(self.path, content)
            return
        data = content.encode("utf-8") if isinstance(content, str) else content
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()

    def abort(self) -> None:
        pass


class CopySink:
    """A copy of each input file of one format with its findings written into it, at the
    input's relative path in the format's folder (``<--out>/<subfolder>`` when no
    destination is given; an absolute path or one with ``..`` keeps its file name only, and
    a second file of the same name gets ``-2``). ``annotate`` makes the copy from the
    file's bytes, as they are now: the file is read again, and its reader must give the
    units the report has (``WritebackError`` otherwise, as for anything it cannot write).
    Never written over its input; a document of another format is not this sink's."""

    subfolder: ClassVar[str]
    #: What the format is called in messages ("XLIFF").
    label: ClassVar[str]
    suffixes: ClassVar[tuple[str, ...]]

    def __init__(self, dest: str | None, run: Run) -> None:
        from mtqa.output import check_writable_folder, remove_stale_temporaries

        self.run = run
        self.folder = Path(dest) if dest else run.out_dir / self.subfolder
        self._used: set[Path] = set()
        self._cleaned = {self.folder}
        remove_stale_temporaries(self.folder)
        check_writable_folder(self.folder)

    def accepts(self, report: Report) -> bool:
        """Whether ``report`` is of a file of this sink's format."""
        if report.path == "-":  # stdin: known by what its reader noted
            return bool(report.units) and any(n.startswith(self.label) for n in report.notes)
        return bool(report.units) and Path(report.path).suffix.lower() in self.suffixes

    def annotate(self, data: bytes, report: Report) -> bytes:
        raise NotImplementedError

    def destination(self, source: Path) -> Path:
        relative = Path(source.name)
        if not source.is_absolute() and ".." not in source.parts:
            relative = source
        candidate = self.folder / relative
        uses = 1
        while candidate in self._used:
            uses += 1
            candidate = candidate.with_name(f"{relative.stem}-{uses}{relative.suffix}")
        self._used.add(candidate)
        return candidate

    def _failed(self, report: Report, why: str) -> DocumentFailed:
        from mtqa.findings import DocumentError

        message = f"no {self.label} copy with its findings written: {why}"
        return DocumentFailed(DocumentError(report.path, message, id=report.id))

    def document(self, report: Report) -> None:
        import os

        from mtqa.output import remove_stale_temporaries, write_atomic

        if not self.accepts(report):
            return
        if report.path == "-":
            raise self._failed(report, "it was read from stdin, so there is no file to copy")
        source = Path(report.path)
        try:
            data = source.read_bytes()
        except OSError as error:
            raise self._failed(report, f"cannot read it again: {error.strerror or error}") from None
        destination = self.destination(source)
        if destination.resolve() == source.resolve() or (
            destination.exists() and os.path.samefile(destination, source)
        ):
            raise self._failed(report, f"its copy {destination} would replace it")
        if destination.resolve() in self.run.inputs:
            raise self._failed(report, f"its copy {destination} would replace an input file")
        try:
            content = self.annotate(data, report)
        except WritebackError as error:
            raise self._failed(report, str(error)) from None
        except Exception as error:  # a bug in a writer must not stop the run (as for a check)
            raise self._failed(report, f"a bug in mtqa: {error!r}") from None
        if destination.parent not in self._cleaned:
            self._cleaned.add(destination.parent)
            remove_stale_temporaries(destination.parent)
        write_atomic(destination, content)

    def error(self, error: DocumentError) -> None:
        pass

    def close(self, errors: Sequence[DocumentError], exit_code: int) -> None:
        pass

    def abort(self) -> None:
        pass


class Summaries:
    """``summary.csv`` (when a format with ``summary_csv`` writes to --out) and
    ``summary.json`` (when a folder format does) in --out. Their rows go to hidden files as
    documents come, so memory does not grow with the run; ``close`` puts them in place."""

    def __init__(self, formats: Sequence[tuple[str, str | None]], out_dir: Path) -> None:
        from mtqa.reporters import BY_NAME, csv_report

        self.out_dir = out_dir
        in_out = [BY_NAME[name] for name, dest in formats if not dest]
        self.stems = Stems()
        # summary.json names each document's JSON report (the last json format's).
        self.json_folders = [
            Path(dest) if dest else out_dir for name, dest in formats if name == "json"
        ]
        self._files: list[AtomicFile] = []
        self._csv: AtomicFile | None = None
        self._entries: AtomicFile | None = None
        try:
            if any(f.summary_csv for f in in_out):
                self._csv = self._open(out_dir / "summary.csv")
                self._csv.write(csv_report.summary_header())
            if any(f.where == "folder" for f in in_out):
                # summary.json's document entries, one per line, until close() wraps them.
                self._entries = self._open(out_dir / "summary.entries")
        except BaseException:
            self.abort()
            raise

    def _open(self, path: Path) -> AtomicFile:
        from mtqa.output import AtomicFile

        opened = AtomicFile(path)
        self._files.append(opened)
        return opened

    def document(self, report: Report) -> None:
        from mtqa.reporters import csv_report, json_report

        stem = self.stems.next(report.id)
        if self._csv is not None:
            self._csv.write(csv_report.summary_line(report))
        if self._entries is not None:
            filename = str(self.json_folders[-1] / f"{stem}.json") if self.json_folders else None
            self._entries.write(json_report.summary_entry(report, filename) + "\n")

    def error(self, error: DocumentError) -> None:
        pass

    def close(self, errors: Sequence[DocumentError], exit_code: int) -> None:
        from mtqa.reporters import json_report

        if self._csv is not None:
            self._csv.commit()
        if self._entries is not None:
            self._entries.flush()
            with (
                self._entries.temp.open(encoding="utf-8") as entries,
                self._open(self.out_dir / "summary.json") as summary,
            ):
                for piece in json_report.render_summary(entries, errors, exit_code):
                    summary.write(piece)
            self._entries.discard()

    def abort(self) -> None:
        for opened in self._files:
            opened.discard()


class Outputs:
    """Every sink of a run, in the order of its formats, then the summaries. Opening one
    that cannot be written leaves none of the others behind."""

    def __init__(self, formats: Sequence[tuple[str, str | None]], run: Run) -> None:
        from mtqa.output import remove_stale_temporaries
        from mtqa.reporters import open_sink

        self.sinks: list[Sink] = []
        try:
            remove_stale_temporaries(run.out_dir)
            for name, dest in formats:
                self.sinks.append(open_sink(name, dest, run))
            self.sinks.append(Summaries(formats, run.out_dir))
        except BaseException:
            self.abort()
            raise

    def document(self, report: Report) -> list[DocumentError]:
        """Give ``report`` to every sink; what some could not write of it (an error each)."""
        failed = []
        for sink in self.sinks:
            try:
                sink.document(report)
            except DocumentFailed as failure:
                failed.append(failure.error)
        return failed

    def error(self, error: DocumentError) -> None:
        for sink in self.sinks:
            sink.error(error)

    def close(self, errors: Sequence[DocumentError], exit_code: int) -> None:
        for sink in self.sinks:
            sink.close(errors, exit_code)

    def abort(self) -> None:
        """Remove every file not yet in place: an interrupted run leaves no partial file."""
        for sink in self.sinks:
            sink.abort()
