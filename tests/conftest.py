"""Shared helpers for the test suite."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from mtqa.checks import ALL_CHECKS
from mtqa.config import Config
from mtqa.document import Document
from mtqa.findings import Report
from mtqa.glossary import load as load_glossary
from mtqa.readers import read_paths
from mtqa.runner import run, signature

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SEED = FIXTURES / "articles" / "seed_putin.txt"
BILINGUAL = FIXTURES / "bilingual"
BAD = FIXTURES / "bad"
GLOSSARY = BILINGUAL / "glossary.csv"
#: The prefixes of the checks that compare with the source (the old ``B`` codes).
SOURCE_AWARE = ("A3", "F4", "L", "M", "T2", "T3")


def check_text(
    text: str,
    config: Config | None = None,
    markup: str = "text",
    source: str | None = None,
    langs: tuple[str | None, str] = (None, "en"),
) -> Report:
    """Run every enabled rule-based check on ``text`` (with its ``source``, when given)."""
    cfg = config or Config(use_model=False)
    checks = cfg.enabled(ALL_CHECKS)
    document = Document(
        "t", "t", text, source=source, source_lang=langs[0], target_lang=langs[1], markup=markup
    )
    return run(document, cfg, checks, signature(cfg, checks))


def run_mtqa(
    *args: str | Path,
    cwd: Path | str | None = None,
    env: Mapping[str, str] | None = None,
    input: str | None = None,
    errors: str = "strict",
) -> subprocess.CompletedProcess[str]:
    """``python -m mtqa ARGS`` in a subprocess, offline (``HF_HUB_OFFLINE=1``) and in ``cwd``:
    its output captured and decoded as UTF-8 (``errors`` as ``bytes.decode`` takes it), its
    exit code for the caller to read (a non-zero one raises nothing). ``env`` adds to (or
    overrides) the current environment; ``input`` is its stdin."""
    return subprocess.run(
        [sys.executable, "-m", "mtqa", *map(str, args)],
        cwd=cwd,
        env={**os.environ, "HF_HUB_OFFLINE": "1", **(env or {})},
        input=input,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors=errors,
        check=False,
    )


def assert_no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stderr, result.stderr
    assert "Traceback" not in result.stdout


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text("utf-8")


@pytest.fixture(scope="session")
def seed_report(seed_text: str) -> Report:
    return check_text(seed_text)


# --- bilingual documents ---------------------------------------------------------------------


def read_one(path: Path) -> Document:
    [item] = list(read_paths([str(path)], None, "en"))
    assert isinstance(item, Document), item
    return item


def check_file(path: Path, cfg: Config | None = None) -> tuple[Document, Report]:
    """Every rule-based check on the file at ``path`` (by default with ``GLOSSARY``)."""
    cfg = cfg or Config(use_model=False, glossary=load_glossary(GLOSSARY))
    checks = cfg.enabled(ALL_CHECKS)
    document = read_one(path)
    return document, run(document, cfg, checks, signature(cfg, checks))


def assert_offsets_exact(document: Document, report: Report) -> None:
    targets = {u.id: u.target for u in document.units}
    for f in report.findings:
        assert f.unit in targets, f
        assert f.text == targets[f.unit][f.start : f.end], f
    for s in report.sentences:
        assert s.unit in targets
        assert 0 <= s.start <= s.end <= len(targets[s.unit])


def check_text_pair(source: str, target: str, langs: tuple[str, str] = ("en", "de")) -> Report:
    """The source-aware checks and F1 on one ``source``/``target`` pair."""
    cfg = Config(use_model=False, select=(*SOURCE_AWARE, "F1"))
    checks = cfg.enabled(ALL_CHECKS)
    document = Document("t", "t", target, source=source, source_lang=langs[0], target_lang=langs[1])
    return run(document, cfg, checks, signature(cfg, checks))


def check_units(
    pairs: list[tuple[str, str]], langs: tuple[str, str], path: str = "strings.xlf"
) -> Report:
    """Every rule-based check on a localization file of ``(source, target)`` units."""
    from mtqa.document import Unit, unit_document

    document = unit_document(
        id="strings",
        path=path,
        units=[Unit(str(i), s, t) for i, (s, t) in enumerate(pairs, 1)],
        source_lang=langs[0],
        target_lang=langs[1],
    )
    cfg = Config(use_model=False)
    checks = cfg.enabled(ALL_CHECKS)
    report = run(document, cfg, checks, signature(cfg, checks))
    assert_offsets_exact(document, report)
    return report


def mtqa_cli(tmp_path: Path, *args: str | Path) -> subprocess.CompletedProcess[str]:
    """``mtqa check ARGS --no-model`` from the repository root, reports into ``tmp_path/out``."""
    return run_mtqa("check", *args, "--no-model", "--out", tmp_path / "out", cwd=FIXTURES.parent)


def only_report(out: Path) -> dict[str, Any]:
    [path] = [p for p in out.glob("*.json") if p.name != "summary.json"]
    report: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return report
