"""The renamed check codes (issue 14, item 6) and their deprecated old aliases.

A code's letter is now the MQM area of the check. The old codes (``X101``, ``B101``, ...)
keep working wherever a user writes a code, with one deprecation warning per code per run
on stderr: ``--select``/``--ignore`` (an old prefix such as ``B`` selects the checks whose
old code starts with it), the configuration's ``severity`` and ``per-path-ignores``,
``mtqa: ignore`` comments, baselines written before the rename, and ``mtqa rules CODE``.

``tests/data/baseline_0.1_old_codes.json`` was written by mtqa 0.1 before the rename
(``mtqa check ui_en_de.xlf article.txt --no-model --write-baseline ...`` on
``fixtures/bilingual/ui_en_de.xlf`` and ``fixtures/articles/seed_putin.txt`` copied to
``article.txt``): its fingerprints were taken with the old codes.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path
from typing import Any

from mtqa import registry
from mtqa.checks import ALL_CHECKS, BY_CODE
from mtqa.config import Config
from mtqa.findings import Severity
from mtqa.runner import check_signature

from .conftest import FIXTURES, SEED, run_mtqa

XLIFF = FIXTURES / "bilingual" / "ui_en_de.xlf"
OLD_BASELINE = Path(__file__).parent / "data" / "baseline_0.1_old_codes.json"
#: What ``ui_en_de.xlf`` is flagged for, by new code (every one a renamed source-aware check).
XLIFF_CODES = {
    "A301",
    "A302",
    "A303",
    "A304",
    "A305",
    "A307",
    "F401",
    "F402",
    "F403",
    "M101",
    "T201",
}


def check_jsonl(tmp_path: Path, *args: str | Path) -> tuple[dict[str, Any], str]:
    """Reports by id of ``mtqa check ARGS --format jsonl:-`` run in ``tmp_path`` (with no
    cache), and its stderr; stdout must hold report lines and nothing else."""
    done = run_mtqa("check", *args, "--no-model", "--no-cache", "-q", "-f", "jsonl:-", cwd=tmp_path)
    assert done.returncode in (0, 1), done.stderr
    reports = [json.loads(line) for line in done.stdout.splitlines()]
    assert all(r["schema"] == "mtqa.report/1" for r in reports)
    return {r["id"]: r for r in reports}, done.stderr


def codes(report: dict[str, Any]) -> set[str]:
    return {f["code"] for f in report["findings"]}


def inputs(tmp_path: Path) -> None:
    """The localization file and the seed article, under the names the old baseline has."""
    shutil.copy(XLIFF, tmp_path / "ui_en_de.xlf")
    shutil.copy(SEED, tmp_path / "article.txt")


def deprecations(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if "deprecated" in line]


# --- the registry --------------------------------------------------------------------------


def test_every_code_letter_is_its_area_and_every_alias_names_a_check() -> None:
    for c in ALL_CHECKS:
        assert registry.AREAS[c.code[0]] == c.category.split("/")[0], c.code
    assert set(registry.ALIASES.values()) <= set(BY_CODE)
    assert not set(registry.ALIASES) & set(BY_CODE)
    assert len(set(registry.ALIASES.values())) == len(registry.ALIASES)
    # no current code starts with a retired letter, so an old prefix is never ambiguous
    assert {old[0] for old in registry.ALIASES} == {"B", "X"}
    assert not any(c.code[0] in "BX" for c in ALL_CHECKS)
    assert BY_CODE["A301"].formerly == "B101" and BY_CODE["F101"].formerly is None


def test_old_codes_and_prefixes_select_what_they_selected_before() -> None:
    def enabled(**options: Any) -> set[str]:
        return {c.code for c in Config(use_model=False, **options).enabled(ALL_CHECKS)}

    every_b = {new for old, new in registry.ALIASES.items() if old.startswith("B")}
    assert enabled(select=("B",)) == every_b
    assert enabled(select=("X",)) == {"A101", "A102", "A103", "A201", "A202"}
    assert enabled(select=("X1",)) == {"A101", "A102", "A103"}
    assert enabled(select=("B",), ignore=("B101",)) == every_b - {"A301"}
    # a letter that is an area has its new meaning: A is every accuracy check
    assert enabled(select=("A",)) == {c.code for c in ALL_CHECKS if c.code[0] == "A"} - {"A901"}
    overrides = (("B1", Severity.MINOR),)
    assert Config(severity_overrides=overrides).severity_for("M101", Severity.CRITICAL) == (
        Severity.MINOR
    )
    assert Config(select=("B1", "X2", "B999")).unknown_prefixes(ALL_CHECKS) == ["B999"]


def test_a_cached_report_with_the_old_codes_is_not_served() -> None:
    # The result cache's key holds the check signature, which digests the enabled codes
    # (and mtqa's code digest, which changed with them): the same checks under their old
    # codes are another key.
    config = Config(use_model=False)
    checks = config.enabled(ALL_CHECKS)
    old = [dataclasses.replace(c, code=c.formerly or c.code) for c in checks]
    assert check_signature(config, checks) != check_signature(config, old)


# --- the command line ----------------------------------------------------------------------


def test_old_code_in_ignore_hides_the_renamed_checks_findings(tmp_path: Path) -> None:
    inputs(tmp_path)
    every, _ = check_jsonl(tmp_path, "ui_en_de.xlf", "article.txt")
    assert codes(every["ui_en_de.xlf"]) == XLIFF_CODES
    assert {"A101", "A102", "F101", "F201"} <= codes(every["article.txt"])

    reports, stderr = check_jsonl(
        tmp_path, "ui_en_de.xlf", "article.txt", "--ignore", "B101,x101,B2"
    )
    assert codes(reports["ui_en_de.xlf"]) == XLIFF_CODES - {"A301", "F401", "F402", "F403"}
    assert codes(reports["article.txt"]) == codes(every["article.txt"]) - {"A101"}
    assert deprecations(stderr) == [
        "mtqa: warning: code B101 is deprecated: it is now A301 (see `mtqa rules`)",
        "mtqa: warning: code X101 is deprecated: it is now A101 (see `mtqa rules`)",
        "mtqa: warning: code prefix B2 is deprecated: it stands for the checks whose code "
        "started with B2, now F401, F402, F403, L102, F404 (see `mtqa rules`)",
    ]


def test_old_prefix_b_still_selects_the_checks_that_compare_with_the_source(
    tmp_path: Path,
) -> None:
    inputs(tmp_path)
    reports, stderr = check_jsonl(tmp_path, "ui_en_de.xlf", "article.txt", "--select", "B")
    assert codes(reports["ui_en_de.xlf"]) == XLIFF_CODES
    assert codes(reports["article.txt"]) == set()  # an article without a source: none apply
    [note] = deprecations(stderr)
    assert note.startswith("mtqa: warning: code prefix B is deprecated: it stands for the ")
    assert "A301, L101, M101, A302, M102, A303" in note  # in the order of the old codes
    # the new codes never warn
    _, quiet = check_jsonl(tmp_path, "ui_en_de.xlf", "--select", "A3,F4,M1")
    assert deprecations(quiet) == []


def test_old_codes_in_the_configuration(tmp_path: Path) -> None:
    inputs(tmp_path)
    (tmp_path / "mtqa.toml").write_text(
        '[severity]\nB101 = "minor"\nX1 = "critical"\n\n'
        '[per-path-ignores]\n"*.xlf" = ["B11", "B14"]\n',
        encoding="utf-8",
    )
    reports, stderr = check_jsonl(tmp_path, "ui_en_de.xlf", "article.txt")
    xliff = reports["ui_en_de.xlf"]
    assert codes(xliff) == XLIFF_CODES - {"M101", "A302", "T201", "A307"}
    assert {f["severity"] for f in xliff["findings"] if f["code"] == "A301"} == {"minor"}
    article = reports["article.txt"]
    assert {f["severity"] for f in article["findings"] if f["code"] in ("A101", "A102")} == {
        "critical"
    }
    assert len(deprecations(stderr)) == 4  # B101, X1, B11, B14


def test_old_code_in_a_suppression_comment(tmp_path: Path) -> None:
    teaser = "Read:Serbia and Kosovo reach free movement agreement | Serbia"
    other = "Read:Chinese military ship docks at Sri Lanka port despite Indian concern"
    text = SEED.read_text("utf-8")
    text = text.replace(teaser, f"<!-- mtqa: ignore X101 -->\n{teaser}")
    text = text.replace(other, f"<!-- mtqa: ignore x101,F1 -->\n{other}")
    (tmp_path / "article.txt").write_text(text, encoding="utf-8")
    record = {
        "id": "brief-7",
        "src_lang": "de",
        "tgt_lang": "en",
        "source": "Der Zug nach Hamburg fährt um 14 Uhr ab.",
        "mt": "The train to Hamburg leaves at 4 pm.",
    }
    (tmp_path / "plain.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    record["mt"] += " <!-- mtqa: ignore B101 -->"
    (tmp_path / "feed.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    plain, _ = check_jsonl(tmp_path, "plain.jsonl")
    assert "A301" in codes(plain["brief-7"])

    reports, stderr = check_jsonl(tmp_path, "article.txt", "feed.jsonl")
    article = reports["article.txt"]
    starts = {(f["code"], f["start"]) for f in article["findings"]}
    # the first comment silences the teaser check only, the second F1 too
    assert ("A101", text.index(teaser)) not in starts
    assert ("F101", text.index(teaser)) in starts
    assert ("A101", text.index(other)) not in starts
    assert ("F101", text.index(other)) not in starts
    assert "A101" in codes(article)  # the third teaser has no comment
    assert "3 finding(s) suppressed by mtqa: ignore" in article["notes"]
    assert "A301" not in codes(reports["brief-7"])
    # X101 named by two comments (once in lowercase) is said once; B101 once
    assert deprecations(stderr) == [
        "mtqa: warning: code X101 is deprecated: it is now A101 (see `mtqa rules`)",
        "mtqa: warning: code B101 is deprecated: it is now A301 (see `mtqa rules`)",
    ]


def test_a_baseline_written_with_the_old_codes_still_hides_their_findings(
    tmp_path: Path,
) -> None:
    inputs(tmp_path)
    every, _ = check_jsonl(tmp_path, "ui_en_de.xlf", "article.txt")
    old = json.loads(OLD_BASELINE.read_text("utf-8"))["documents"]
    # the fingerprints changed with the codes: none of the renamed checks' is in the file
    renamed = [
        f["fingerprint"]
        for report in every.values()
        for f in report["findings"]
        if BY_CODE[f["code"]].formerly
    ]
    assert renamed and not set(renamed) & {p for prints in old.values() for p in prints}

    done = run_mtqa(
        "check", "ui_en_de.xlf", "article.txt", "--no-model", "--no-cache", "-q",
        "-f", "jsonl:-", "--baseline", OLD_BASELINE, cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    reports = {r["id"]: r for r in map(json.loads, done.stdout.splitlines())}
    for doc_id, report in reports.items():
        assert report["findings"] == []
        hidden = len(every[doc_id]["findings"])
        assert f"{hidden} finding(s) hidden by the baseline" in report["notes"]

    # a baseline written now takes the new codes' fingerprints, and hides the same
    (tmp_path / "out").mkdir()
    run_mtqa(
        "check", "ui_en_de.xlf", "article.txt", "--no-model", "--no-cache", "-q",
        "--out", "out", "--write-baseline", "new.json", cwd=tmp_path,
    )  # fmt: skip
    new = json.loads((tmp_path / "new.json").read_text("utf-8"))["documents"]
    assert set(renamed) <= {p for prints in new.values() for p in prints}


def test_rules_shows_the_new_rule_for_an_old_code(tmp_path: Path) -> None:
    done = run_mtqa("rules", "b101", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "A301 number-mismatch"
    assert "formerly B101 (deprecated alias)" in lines
    assert BY_CODE["A301"].doc.strip() in done.stdout
    assert deprecations(done.stderr) == [
        "mtqa: warning: code B101 is deprecated: it is now A301 (see `mtqa rules`)"
    ]
    listing = run_mtqa("rules", cwd=tmp_path)
    [line] = [line for line in listing.stdout.splitlines() if line.startswith("M101 ")]
    assert line.endswith("· formerly B111 (deprecated alias)")
    assert deprecations(listing.stderr) == []
    catalogue = (FIXTURES.parent / "docs" / "checks.md").read_text("utf-8")
    assert "formerly B101 (deprecated alias)" in catalogue
