"""In-document ``<!-- mtqa: ignore CODES -->`` and per-path ignores in the configuration."""

from __future__ import annotations

import json
from pathlib import Path

from mtqa.config import Config, from_mapping

from .conftest import check_text, run_mtqa

ARTICLE = (
    "# Talks in Geneva\n\n"
    "<!-- mtqa: ignore F3 -->\n"
    "The envoys met on Monday. in the old palace.\n\n"
    "<!-- mtqa: ignore F302 --> Both sides left on Tuesday. in separate cars.\n\n"
    "They will meet again. in May.\n"
)


def test_comment_silences_its_paragraph_and_only_the_codes_it_names() -> None:
    report = check_text(ARTICLE, markup="markdown")

    def codes_at(fragment: str) -> set[str]:
        start = ARTICLE.index(fragment)
        return {f.code for f in report.findings if f.start == start}

    # the comment line heads a soft-wrapped Markdown paragraph: all F3 checks silenced there
    assert codes_at("in the old palace.") == set()
    # F302 silenced in its paragraph, F301 still reported
    assert codes_at("in separate cars.") == {"F301"}
    # a paragraph without a comment is untouched
    assert codes_at("in May.") == {"F301", "F302"}
    assert any("3 finding(s) suppressed by mtqa: ignore" in note for note in report.notes)
    for f in report.findings:
        assert f.text == ARTICLE[f.start : f.end]


def test_comment_alone_on_its_line_silences_the_next_paragraph() -> None:
    text = "They met. in May.\n<!-- mtqa: ignore F30 -->\nThey left. in June.\nThey met. in July.\n"
    report = check_text(text)
    starts = {f.start for f in report.findings}
    assert text.index("in May.") in starts
    assert text.index("in June.") not in starts
    assert text.index("in July.") in starts


def test_per_path_ignores_from_configuration(tmp_path: Path) -> None:
    config = from_mapping(
        Config(use_model=False), {"per-path-ignores": {"*/feeds/*": ["F3"]}}, "test"
    )
    assert config.per_path_ignores == (("*/feeds/*", ("F3",)),)
    (tmp_path / "feeds").mkdir()
    text = "They will meet again. in May.\n"
    (tmp_path / "feeds" / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "b.txt").write_text(text, encoding="utf-8")
    (tmp_path / "mtqa.toml").write_text(
        'per-path-ignores = { "feeds/*" = ["F3"] }\n', encoding="utf-8"
    )
    result = run_mtqa(
        "check", "--no-model", "feeds/a.txt", "b.txt", "--format", "jsonl:-", "-q", cwd=tmp_path
    )
    reports = {r["path"]: r for r in map(json.loads, result.stdout.splitlines())}
    assert not [f for f in reports["feeds/a.txt"]["findings"] if f["code"].startswith("F3")]
    assert [f for f in reports["b.txt"]["findings"] if f["code"].startswith("F3")]
    # the same file however it is named, and from a subfolder (the glob is relative to the
    # configuration file's folder)
    for name, cwd in (
        ("./feeds/a.txt", tmp_path),
        (str(tmp_path / "feeds" / "a.txt"), tmp_path),
        ("a.txt", tmp_path / "feeds"),
    ):
        again = run_mtqa("check", "--no-model", name, "-fjsonl:-", "-q", cwd=cwd)
        [report] = map(json.loads, again.stdout.splitlines())
        assert not [f for f in report["findings"] if f["code"].startswith("F3")], name


def test_a_baseline_file_round_trips(tmp_path: Path) -> None:
    from mtqa.suppression import read_baseline, render_baseline

    path = tmp_path / "baseline.json"
    path.write_text(render_baseline({"a": ["f2", "f1", "f1"], "b": []}), encoding="utf-8")
    assert json.loads(path.read_text("utf-8"))["documents"] == {"a": ["f1", "f2"], "b": []}
    assert read_baseline(path) == {("a", "f1"), ("a", "f2")}
