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


def read_baseline(path: Path) -> frozenset[tuple[str, str]]:
    """The (document id, fingerprint) pairs of a baseline file written by --write-baseline;
    ConfigError naming the file when it is not one."""
    try:
        data = json.loads(path.read_text("utf-8"))
        if data.get("schema") != BASELINE_SCHEMA:
            raise ValueError(f"not a {BASELINE_SCHEMA} file")
        pairs: set[tuple[str, str]] = set()
        for doc_id, fingerprints in data["documents"].items():
            if not isinstance(fingerprints, list) or not all(
                isinstance(f, str) for f in fingerprints
            ):
                raise ValueError(f"document {doc_id!r}: expected a list of fingerprint strings")
            pairs.update((str(doc_id), fingerprint) for fingerprint in fingerprints)
        return frozenset(pairs)
    except RecursionError:
        raise ConfigError(f"cannot read baseline {path}: nested too deeply") from None
    except (OSError, ValueError, KeyError, AttributeError, TypeError) as error:
        raise ConfigError(f"cannot read baseline {path}: {error}") from None


def render_baseline(fingerprints: Mapping[str, Sequence[str]]) -> str:
    """A baseline file: the sorted fingerprints of each document id's findings."""
    documents = {doc_id: sorted(set(found)) for doc_id, found in fingerprints.items()}
    return json.dumps({"schema": BASELINE_SCHEMA, "documents": documents}, indent=1) + "\n"
