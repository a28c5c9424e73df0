"""Shared helpers for the test suite."""

from __future__ import annotations

from pathlib import Path

import pytest

from mtqa.checks import ALL_CHECKS
from mtqa.config import Config
from mtqa.document import Document
from mtqa.findings import Report
from mtqa.runner import run, signature

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SEED = FIXTURES / "articles" / "seed_putin.txt"


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


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text("utf-8")


@pytest.fixture(scope="session")
def seed_report(seed_text: str) -> Report:
    return check_text(seed_text)
