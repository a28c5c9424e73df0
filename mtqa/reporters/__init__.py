"""Reporters: one table of output formats, one module per format.

``FORMATS`` is the table. Each entry names its sink (``module:Class`` in this package,
imported only when the format is used, so that ``mtqa --help`` imports no reporter), where it
writes, and its help text; ``mtqa check --format`` takes its choices and help from it.

A reporter module holds pure functions from reports to text, and a small sink class that
writes them as the run goes (``mtqa.reporters.sinks``): ``document`` for each report,
``error`` for each document that could not be read or checked, ``close`` at the end (when
a whole-run format renders its file), ``abort`` to leave no partial file. A new format is a
module with its functions and sink, and one entry here.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mtqa.reporters.sinks import Run, Sink

#: Where a format writes: "folder" (one file per document in a folder, --out by default),
#: "stream" (one piece per document to a file or, with "-", stdout), "stdout" (stdout
#: only), "file" (one file for the whole run, written at the end).
WHERE = ("folder", "stream", "stdout", "file")


@dataclass(frozen=True)
class Format:
    name: str
    #: ``module:Class`` of its sink in ``mtqa.reporters``.
    sink: str
    where: str
    help: str
    #: Its file in --out when no destination is given ("stream" and "file" formats).
    default: str | None = None
    #: Whether writing it to --out also writes ``summary.csv`` there.
    summary_csv: bool = False
    #: An environment variable naming its destination when none is given and it is set
    #: (before ``default``).
    env: str | None = None


FORMATS: tuple[Format, ...] = (
    Format("json", "json_report:Files", "folder", "one JSON report per document", summary_csv=True),
    Format("md", "markdown:Files", "folder", "one Markdown report per document", summary_csv=True),
    Format(
        "html",
        "html_report:Pages",
        "folder",
        "a review page per document and index.html",
        summary_csv=True,
    ),
    Format("jsonl", "json_report:Lines", "stream", "one JSON line per document", "report.jsonl"),
    Format("text", "text:Lines", "stdout", "one line per finding on stdout"),
    Format("github", "github:Annotations", "stdout", "GitHub Actions annotations on stdout"),
    Format("junit", "junit:File", "file", "JUnit XML", "junit.xml"),
    Format("sarif", "sarif:File", "file", "SARIF 2.1.0", "mtqa.sarif"),
    Format(
        "csv",
        "csv_report:File",
        "file",
        "one row per finding, with summary.csv",
        "findings.csv",
        summary_csv=True,
    ),
    Format("xlsx", "xlsx_report:File", "file", "Findings and Summary sheets", "findings.xlsx"),
    Format(
        "xliff",
        "xliff_writeback:Copies",
        "folder",
        "a copy of each XLIFF file with its findings as ITS 2.0 quality issues, default OUT/xliff",
    ),
    Format(
        "po",
        "po_writeback:Copies",
        "folder",
        "a copy of each PO file with its findings as #. comments, default OUT/po",
    ),
    Format(
        "github-summary",
        "github_summary:File",
        "file",
        "GitHub Actions job summary in Markdown",
        "github-summary.md",
        env="GITHUB_STEP_SUMMARY",
    ),
)
BY_NAME = {f.name: f for f in FORMATS}
#: What ``mtqa check`` writes when no --format is given.
DEFAULT_FORMATS = ("json", "md")


def format_help() -> str:
    """The ``--format`` help text, from the table."""
    parts = []
    for f in FORMATS:
        dest = {"folder": "[:DIR]", "stream": "[:FILE]", "file": "[:FILE]"}.get(f.where, "")
        default = f", default {f.default}" if f.default else ""
        if f.env:
            default = f", default ${f.env} when set{', else ' + f.default if f.default else ''}"
        parts.append(f"{f.name}{dest} ({f.help}{default})")
    defaults = " and ".join(DEFAULT_FORMATS)
    return f"{', '.join(parts)}; FILE '-' is stdout; repeatable; default: {defaults}"


def open_sink(name: str, dest: str | None, run: Run) -> Sink:
    """The sink of format ``name`` writing to ``dest`` (None: its default in --out)."""
    module_name, _, class_name = BY_NAME[name].sink.partition(":")
    module = importlib.import_module(f"mtqa.reporters.{module_name}")
    sink: Sink = getattr(module, class_name)(dest, run)
    return sink


#: Characters that XML 1.0 cannot hold, not even escaped (C0 controls other than tab and
#: line breaks, lone surrogates, U+FFFE and U+FFFF).
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(text: str) -> str:
    """``text`` with every character XML cannot hold written as U+FFFD (JUnit, xlsx)."""
    return NOT_XML.sub("\ufffd", text)
