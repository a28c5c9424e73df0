"""Placeholder dialects (``mtqa/dialects.py``) on text where a percent sign is only a sign."""

from __future__ import annotations

import pytest

from mtqa.config import Config

from .conftest import check_text


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("Save 15 % now.", "Jetzt 15 % sparen."),
        ("50 % of the votes.", "50 % des voix."),
        ("50 % of the votes.", "50\u00a0% des voix."),
    ],
)
def test_a_percent_sign_after_a_number_is_not_a_placeholder(source: str, target: str) -> None:
    report = check_text(target, Config(use_model=False), source=source, langs=("en", "de"))
    assert [f for f in report.findings if f.code == "M101"] == []


def test_a_python_placeholder_with_the_space_flag_is_still_one() -> None:
    report = check_text(
        "Datei % s gelöscht.",
        Config(use_model=False),
        source="File % s deleted.",
        langs=("en", "de"),
    )
    assert [f for f in report.findings if f.code == "M101"] == []
    dropped = check_text(
        "Datei gelöscht.", Config(use_model=False), source="File % s deleted.", langs=("en", "de")
    )
    assert [f.code for f in dropped.findings if f.code == "M101"] == ["M101"]
