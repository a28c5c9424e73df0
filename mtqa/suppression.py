"""Suppressing findings where a person decided they are fine.

- In the document: an HTML comment ``<!-- mtqa: ignore F201 A1 -->`` (codes or prefixes,
  separated by spaces or commas) silences those checks in the paragraph it stands in, or,
  when it stands alone on its line, in the next paragraph. It works in Markdown and plain
  text (and in feed records); HTML comments do not survive main-text extraction.
- In the configuration: ``per-path-ignores = { "feeds/*.jsonl" = ["F1"] }`` silences checks
  for documents whose path matches the glob.
- A baseline (``--write-baseline`` writes one, ``--baseline`` reads it): the fingerprints of
  findings accepted once, per document id. Baselined findings are hidden after the result
  cache (``hide_baselined``), since they change what a run reports, not what was found.
  The HTML review page exports one too (its triage: the dismissed findings are the
  baseline's, and a ``triage`` section records every marked finding's status and note,
  which the reader validates and never shows; see ``read_triage``).

A deprecated old code (``registry.ALIASES``) works in all three: in a comment or the
configuration it matches the renamed check, and a baseline written with it still hides
the finding (``Finding.former_fingerprint``).
"""

from __future__ import annotations

import dataclasses
import fnmatch
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from mtqa import registry
from mtqa.config import Config, ConfigError
from mtqa.findings import Finding, Report
from mtqa.segment import Block

_DIRECTIVE = re.compile(r"<!--\s*mtqa:\s*ignore\s+([A-Za-z0-9,\s]+?)\s*-->")


@dataclass(frozen=True)
class Silence:
    """Codes (prefixes) silenced between ``start`` and ``end`` of the target text."""

    start: int
    end: int
    codes: tuple[str, ...]


def silences(text: str, blocks: Sequence[Block]) -> list[Silence]:
    """The in-document suppressions of ``text``."""
    found = []
    for match in _DIRECTIVE.finditer(text):
        codes = tuple(c.upper() for c in re.split(r"[,\s]+", match.group(1)) if c)
        for i, block in enumerate(blocks):
            if block.start <= match.start() < block.end:
                alone = text[block.start : block.end].strip() == match.group(0)
                target = blocks[i + 1] if alone and i + 1 < len(blocks) else block
                found.append(Silence(target.start, target.end, codes))
                break
    return found


def is_silenced(finding: Finding, silenced: Sequence[Silence]) -> bool:
    """Whether a comment silences ``finding`` (by its code, or its deprecated old code)."""
    return any(
        s.start <= finding.start < s.end and registry.matches(finding.code, s.codes)
        for s in silenced
    )


def directive_codes(text: str) -> list[str]:
    """The codes and prefixes that the ``mtqa: ignore`` comments of ``text`` name, each
    once (the command line warns about deprecated ones)."""
    found = (
        c.upper() for match in _DIRECTIVE.finditer(text) for c in re.split(r"[,\s]+", match[1])
    )
    return list(dict.fromkeys(c for c in found if c))


def path_ignores(
    path: str, rules: Sequence[tuple[str, tuple[str, ...]]], root: Path | None = None
) -> tuple[str, ...]:
    """Code prefixes ignored for ``path`` by the configuration's per-path ignores: a glob
    matches the path as given or, when ``root`` (the configuration file's folder) is known,
    the path relative to it, so "./feeds/a.txt", an absolute path and "a.txt" run from
    inside feeds/ all match "feeds/*"."""
    names = {path}
    if root is not None and path != "-":
        resolved = Path(path).resolve()
        if resolved.is_relative_to(root):
            names.add(resolved.relative_to(root).as_posix())
    return tuple(
        code
        for pattern, codes in rules
        if any(fnmatch.fnmatch(name, pattern) for name in names)
        for code in codes
    )


def hide_baselined(report: Report, config: Config) -> Report:
    """``report`` without the findings of ``config.baseline``, with a note saying how many
    were hidden and the score recomputed without them."""
    if not config.baseline:
        return report
    visible = tuple(f for f in report.findings if not _baselined(report.id, f, config.baseline))
    hidden = len(report.findings) - len(visible)
    if not hidden:
        return report
    from mtqa.scoring import rescore

    return dataclasses.replace(
        report,
        findings=visible,
        notes=(*report.notes, f"{hidden} finding(s) hidden by the baseline"),
        score=rescore(report.score, visible, report.words, config),
    )


def _baselined(doc_id: str, finding: Finding, baseline: frozenset[tuple[str, str]]) -> bool:
    """Whether ``baseline`` holds ``finding``: by its fingerprint or, for a renamed check,
    by the fingerprint its old code gave (a baseline written before the rename)."""
    return (doc_id, finding.fingerprint) in baseline or (
        finding.former_fingerprint is not None and (doc_id, finding.former_fingerprint) in baseline
    )


BASELINE_SCHEMA = "mtqa.baseline/1"

#: What a triage export may say of a finding (``triage`` in a baseline file, written by the
#: HTML review page): dismissed (a false alarm, so its fingerprint is in ``documents`` and
#: hidden) or accepted (a real error to fix, so it is not, and stays reported).
TRIAGE_STATUSES = ("accepted", "dismissed")
#: The longest note a triage mark may carry (the page's note field has this limit too).
MAX_NOTE_CHARS = 2000
#: The fields of one triage mark; any other is refused (a typo, or not the page's file).
TRIAGE_FIELDS = frozenset({"status", "note", "code"})
_FINGERPRINT = re.compile(r"[0-9a-f]{16}")
_CODE = re.compile(r"[A-Z][0-9]{3}")
#: Controls (other than tab and line breaks) and lone surrogates: a note holds neither.
_NOT_IN_NOTE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


@dataclass(frozen=True)
class TriageMark:
    """What an editor decided about one finding on the HTML review page."""

    status: str  # one of TRIAGE_STATUSES
    note: str = ""
    code: str | None = None


@dataclass(frozen=True)
class Baseline:
    """A baseline file: the (document id, fingerprint) pairs it hides, and the triage marks
    it records by (document id, fingerprint), when the review page exported it."""

    hidden: frozenset[tuple[str, str]]
    triage: Mapping[tuple[str, str], TriageMark]


def _shown(value: object) -> str:
    """A value from the file for an error message: its repr, cut short."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _documents(data: object) -> frozenset[tuple[str, str]]:
    if not isinstance(data, dict):
        raise ValueError("'documents' must map document ids to lists of fingerprints")
    pairs: set[tuple[str, str]] = set()
    for doc_id, fingerprints in data.items():
        if not isinstance(fingerprints, list) or not all(isinstance(f, str) for f in fingerprints):
            raise ValueError(f"document {_shown(doc_id)}: expected a list of fingerprint strings")
        pairs.update((str(doc_id), fingerprint) for fingerprint in fingerprints)
    return frozenset(pairs)


def _mark(where: str, value: object) -> TriageMark:
    """One triage mark, validated: it comes from a file anyone can edit."""
    if not isinstance(value, dict):
        raise ValueError(f"{where}: expected an object with a status")
    unknown = sorted(str(k) for k in value if k not in TRIAGE_FIELDS)
    if unknown:
        raise ValueError(f"{where}: unknown field {_shown(unknown[0])}")
    status = value.get("status")
    if status not in TRIAGE_STATUSES:
        raise ValueError(f"{where}: status must be 'accepted' or 'dismissed', not {_shown(status)}")
    note = value.get("note", "")
    if not isinstance(note, str):
        raise ValueError(f"{where}: the note must be a string")
    if len(note) > MAX_NOTE_CHARS:
        raise ValueError(f"{where}: the note is over {MAX_NOTE_CHARS} characters")
    if _NOT_IN_NOTE.search(note):
        raise ValueError(f"{where}: the note holds a control character or a lone surrogate")
    code = value.get("code")
    if code is not None and not (isinstance(code, str) and _CODE.fullmatch(code)):
        raise ValueError(f"{where}: code must look like 'F201', not {_shown(code)}")
    return TriageMark(status, note, code)


def _triage(data: object, hidden: frozenset[tuple[str, str]]) -> dict[tuple[str, str], TriageMark]:
    """The ``triage`` section of a baseline file: document id -> fingerprint -> mark. A
    dismissed mark must be one of the document's baselined fingerprints and an accepted one
    must not, so the file cannot say one thing and do another."""
    if not isinstance(data, dict):
        raise ValueError("'triage' must map document ids to their marks")
    marks: dict[tuple[str, str], TriageMark] = {}
    for doc_id, found in data.items():
        if not isinstance(found, dict):
            raise ValueError(f"triage of {_shown(doc_id)}: expected fingerprints and marks")
        for fingerprint, value in found.items():
            where = f"triage of {_shown(doc_id)}, {_shown(fingerprint)}"
            if not _FINGERPRINT.fullmatch(fingerprint):
                raise ValueError(f"{where}: not a fingerprint (16 hex digits)")
            mark = _mark(where, value)
            if (mark.status == "dismissed") != ((doc_id, fingerprint) in hidden):
                listed = "is not" if mark.status == "dismissed" else "is also"
                raise ValueError(
                    f"{where}: {mark.status}, but the fingerprint {listed} in 'documents'"
                )
            marks[doc_id, fingerprint] = mark
    return marks


def load_baseline(path: Path) -> Baseline:
    """A baseline file written by --write-baseline or exported by the HTML review page's
    triage; ConfigError naming the file (and what is wrong) when it is not one. Top-level
    fields other than ``schema``, ``documents`` and ``triage`` are ignored; the triage
    marks are validated (``TriageMark``) but change nothing a run reports: only
    ``documents`` hides findings."""
    try:
        data = json.loads(path.read_text("utf-8"))
        if not isinstance(data, dict) or data.get("schema") != BASELINE_SCHEMA:
            raise ValueError(f"not a {BASELINE_SCHEMA} file")
        if "documents" not in data:
            raise ValueError("no 'documents'")
        hidden = _documents(data["documents"])
        triage = _triage(data["triage"], hidden) if "triage" in data else {}
        return Baseline(hidden, triage)
    except RecursionError:
        raise ConfigError(f"cannot read baseline {path}: nested too deeply") from None
    except (OSError, ValueError) as error:  # UnicodeDecodeError and JSON errors included
        raise ConfigError(f"cannot read baseline {path}: {error}") from None


def read_baseline(path: Path) -> frozenset[tuple[str, str]]:
    """The (document id, fingerprint) pairs that the baseline file ``path`` hides."""
    return load_baseline(path).hidden


def read_triage(path: Path) -> Mapping[tuple[str, str], TriageMark]:
    """The triage marks that the baseline file ``path`` records (none when it has none)."""
    return load_baseline(path).triage


def render_baseline(fingerprints: Mapping[str, Sequence[str]]) -> str:
    """A baseline file: the sorted fingerprints of each document id's findings."""
    documents = {doc_id: sorted(set(found)) for doc_id, found in fingerprints.items()}
    return json.dumps({"schema": BASELINE_SCHEMA, "documents": documents}, indent=1) + "\n"
