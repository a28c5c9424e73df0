"""Hostile sizes: one very long paragraph, a document over the parser's length limit, and a
long run whose parser vocabulary would otherwise keep growing (issue 12, items 5 and 7).

Speed is measured in ``bench/bench_long.py`` and ``bench/bench_feeds.py``; these tests check
that what the faster code computes is what the straightforward code computed."""

from __future__ import annotations

import itertools
import json
import random
import string
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from mtqa import cli, nlp, segment, verbatim
from mtqa.analysis import Analysis, analyse
from mtqa.checks import consistency, typography
from mtqa.document import Document
from mtqa.findings import Report

from .conftest import FIXTURES, SEED, check_text

ARTICLES = sorted((FIXTURES / "articles").iterdir())


def _long_paragraph(size: int) -> str:
    """One line of at least ``size`` characters: the bundled articles' lines (real machine
    translation, with its broken sentences, teasers and pronoun errors) joined by spaces."""
    lines = [
        line.strip()
        for path in ARTICLES
        for line in path.read_text("utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    parts: list[str] = []
    length = 0
    while length < size:
        parts.append(lines[len(parts) % len(lines)])
        length += len(parts[-1]) + 1
    return " ".join(parts)


@pytest.fixture(scope="module")
def long_text() -> str:
    return _long_paragraph(3 * nlp.MAX_PIECE_CHARS + 2_000)


@pytest.fixture(scope="module")
def long_analysis(long_text: str) -> Analysis:
    return analyse(Document("long", "long", SEED.read_text("utf-8") + "\n" + long_text))


def _assert_spans_index_the_text(report: Report, text: str) -> None:
    assert report.findings
    for finding in report.findings:
        assert 0 <= finding.start < finding.end <= len(text)
        assert finding.text == text[finding.start : finding.end]
    previous_end = 0
    for sentence in report.sentences:
        piece = text[sentence.start : sentence.end]
        assert piece and piece == piece.strip()
        assert sentence.start >= previous_end
        previous_end = sentence.end


def test_a_long_paragraph_is_parsed_in_pieces_and_every_span_indexes_it(long_text: str) -> None:
    assert "\n" not in long_text
    assert len(segment.parse_pieces(long_text, nlp.MAX_PIECE_CHARS)) >= 3
    report = check_text(long_text)
    _assert_spans_index_the_text(report, long_text)
    codes = {f.code for f in report.findings}
    assert {"F201", "F301", "F302", "F101"} <= codes  # the seed's errors, found again


def test_pieces_give_the_sentences_and_findings_of_one_parse(
    long_text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    pieced = check_text(long_text)
    monkeypatch.setattr(nlp, "MAX_PIECE_CHARS", 10 * len(long_text))
    whole = check_text(long_text)
    assert [(s.start, s.end) for s in pieced.sentences] == [
        (s.start, s.end) for s in whole.sentences
    ]
    assert [(f.code, f.start, f.end, f.message) for f in pieced.findings] == [
        (f.code, f.start, f.end, f.message) for f in whole.findings
    ]


def test_a_pieced_parse_is_one_doc_with_the_paragraphs_text(long_analysis: Analysis) -> None:
    for block, doc in zip(long_analysis.blocks, long_analysis.parses, strict=True):
        assert doc.text == long_analysis.text[block.start : block.end]
    longest = max(long_analysis.parses, key=len)
    assert len(longest.text) > nlp.MAX_PIECE_CHARS
    assert longest.has_annotation("DEP") and longest.has_annotation("TAG")
    assert all(token.head.doc is longest for token in longest)


def _tokens_by_scanning(analysis: Analysis, index: int) -> Iterator[tuple[int, Any]]:
    """What ``Analysis.tokens`` did before it had an index: every token of the block."""
    s = analysis.sentences[index]
    block = analysis.blocks[s.block]
    for token in analysis.parses[s.block]:
        start = block.start + token.idx
        if s.start <= start < s.end:
            yield start, token


def test_tokens_are_those_of_the_straightforward_scan(long_analysis: Analysis) -> None:
    assert len(long_analysis.sentences) > 200
    seen = 0
    for index in range(len(long_analysis.sentences)):
        fast = [(offset, t.i, t.text) for offset, t in long_analysis.tokens(index)]
        slow = [(offset, t.i, t.text) for offset, t in _tokens_by_scanning(long_analysis, index)]
        assert fast == slow
        seen += len(fast)
    assert seen > 5_000


def test_sentences_starting_in_a_span(long_analysis: Analysis) -> None:
    starts = [s.start for s in long_analysis.sentences]
    for start, end in [(0, 0), (0, 1), (0, 500), (1234, 9876), (20_000, 10**9), (-5, 3)]:
        expected = [i for i, s in enumerate(starts) if start <= s < end]
        assert list(long_analysis.sentences_starting_in(start, end)) == expected


def test_parse_pieces_cover_the_text_at_sentence_ends() -> None:
    text = "Mr. Smith met Dr. Jones in the U.S. capital on Monday. " * 60 + "The end."
    spans = segment.parse_pieces(text, 400)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(spans))
    assert all(0 < end - start <= 400 for start, end in spans)
    for start, _ in spans[1:]:
        assert text[start:].startswith("Mr. Smith")  # never after "Mr." or "U.S."


def test_parse_pieces_without_sentence_ends_or_spaces() -> None:
    words = " ".join(["alpha", "beta", "gamma"] * 100)
    spans = segment.parse_pieces(words, 50)
    assert "".join(words[s:e] for s, e in spans) == words
    assert all(words[e - 1] == " " for _, e in spans[:-1])
    solid = "x" * 1_005
    assert segment.parse_pieces(solid, 100) == [
        (i, min(i + 100, 1_005)) for i in range(0, 1_005, 100)
    ]
    assert segment.parse_pieces("short", 100) == [(0, 5)]


def _feed_line(record_id: str, text: str) -> str:
    return json.dumps({"id": record_id, "mt": text, "tgt_lang": "en"}) + "\n"


def test_a_document_over_the_parsers_limit_is_reported_and_the_run_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    words = ["Telecommunications", "internationalization", "disproportionately", "reconsidered"]
    sentence = " ".join(words * 3) + ". "
    huge = (sentence * (nlp.pipeline("en").max_length // len(sentence) + 2)).strip()
    assert len(huge) > nlp.pipeline("en").max_length  # spaCy alone refuses it (E088)
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        _feed_line("huge", huge)
        + _feed_line("small", "The minister said on Monday that talks would resume.")
        + "{not json\n",
        encoding="utf-8",
    )
    report_path = tmp_path / "reports.jsonl"
    code = cli.main(
        [
            "check",
            str(feed),
            str(SEED),
            "--no-model",
            "--no-cache",
            "--quiet",
            "--format",
            f"jsonl:{report_path}",
            "--out",
            str(tmp_path / "out"),
        ]
    )
    assert code == 2  # the malformed line; the huge record is checked, not an error
    lines = [json.loads(line) for line in report_path.read_text("utf-8").splitlines()]
    by_id = {line.get("id"): line for line in lines}
    assert by_id["huge"]["schema"] == "mtqa.report/1"
    assert by_id["small"]["schema"] == "mtqa.report/1"
    assert by_id[str(SEED)]["schema"] == "mtqa.report/1"
    assert [line["schema"] for line in lines].count("mtqa.error/1") == 1
    huge_report = by_id["huge"]
    assert len(huge_report["sentences"]) > 1_000
    for finding in huge_report["findings"]:
        assert finding["text"] == huge[finding["start"] : finding["end"]]
    assert "E088" not in capsys.readouterr().err


def test_the_pipeline_is_reloaded_when_its_vocabulary_grows_and_results_stay_the_same(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(nlp, "_pipelines", {})
    text = SEED.read_text("utf-8")
    before = check_text(text)
    first = nlp._pipelines["en"][0]
    old = analyse(Document("old", "old", "Merkel said she would stay. Her party agreed."))
    random.seed(12)
    unseen = " ".join(
        "".join(random.choices(string.ascii_lowercase, k=9)) + "." for _ in range(300)
    )
    grown = len(first.vocab) - nlp._pipelines["en"][1]
    monkeypatch.setattr(nlp, "MAX_NEW_LEXEMES", grown + 100)
    check_text(unseen)  # parsed by the first pipeline, whose vocabulary now has 300 more words
    assert nlp._pipelines["en"][0] is first
    after = check_text(text)
    second = nlp._pipelines["en"][0]
    assert second is not first
    assert len(second.vocab) < len(first.vocab)
    assert after.to_dict() == before.to_dict()
    # a parse from before the reload still reads (it keeps its own vocabulary)
    assert [t.text for _, t in old.tokens(0)][:3] == ["Merkel", "said", "she"]


def test_the_sentence_splitter_is_reloaded_too(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(nlp, "_pipelines", {})
    monkeypatch.setattr(nlp, "MAX_NEW_LEXEMES", 0)
    first = nlp.pipeline("fr")
    assert nlp.pipeline("de") is first  # nothing parsed since it was loaded
    texts = ["Il est parti. Elle est restée.", "Oui."]
    before = [[s.text for s in doc.sents] for doc in nlp.parse(texts, "fr")]
    after = [[s.text for s in doc.sents] for doc in nlp.parse(texts, "fr")]
    assert nlp._pipelines["xx"][0] is not first
    assert after == before == [["Il est parti.", "Elle est restée."], ["Oui."]]


def _missing_spaces_straightforward(text: str) -> list[tuple[int, int]]:
    """F101 written plainly: the token around each match found by scanning from the match,
    and every rule applied to that token and the whole text."""
    found = []
    for match in typography._MISSING_SPACE.finditer(text):
        token_start = text.rfind(" ", 0, match.start()) + 1
        token_end = match.end()
        while token_end < len(text) and not text[token_end].isspace():
            token_end += 1
        token = text[token_start:token_end]
        if typography._WEB_LIKE.search(token):
            continue
        if token.count(match.group(2)) > 1:
            continue
        patterns = verbatim.DATE_PATTERN.finditer(text)
        if any(p.start() <= match.start() and match.end() <= p.end() for p in patterns):
            continue
        found.append((match.start(), match.end()))
    return found


@pytest.mark.parametrize(
    "text",
    [
        "Read:Serbia and Kosovo,then www.example.com,see it;now talks,on Monday.Then more",
        "alpha,beta;gamma:delta," * 400 + " www.site.com,x,y ab,cd\tef,gh www,ok",
        "Use HH:mm,then see;it. " * 300 + "end,ok",
        "See:press@example.org,Then:more  and,less\nnew:line,here",
    ],
)
def test_missing_space_finds_what_the_straightforward_scan_found(text: str) -> None:
    analysis = analyse(Document("t", "t", text))
    hits = [(h.start, h.end) for h in typography.missing_space_after_punctuation.function(analysis)]
    assert hits == _missing_spaces_straightforward(text)
    assert hits or "alpha" not in text


def test_name_pairs_are_those_of_comparing_every_pair() -> None:
    rng = random.Random(5)
    for _ in range(200):
        names = sorted(
            {
                rng.choice("KZ") + "".join(rng.choices("aey", k=rng.randint(3, 7)))
                for _ in range(rng.randint(2, 80))
            }
        )
        every = [
            (i, j)
            for i in range(len(names))
            for j in range(i + 1, len(names))
            if names[j][0] == names[i][0]
            and len(names[i]) >= 5
            and consistency._one_edit_apart(names[i], names[j])
        ]
        keyed = [
            (i, j)
            for i, j in consistency._candidate_pairs(names)
            if len(names[i]) >= 5 and consistency._one_edit_apart(names[i], names[j])
        ]
        assert keyed == every


def test_name_variants_in_a_long_text_are_still_found() -> None:
    text = " ".join(
        f"Minister {'Kovalemko' if i % 9 == 0 else 'Kovalenko'} met Zelensky in Kyiv."
        for i in range(200)
    )
    report = check_text(text)
    flagged = [f for f in report.findings if f.code == "T101"]
    assert {f.text for f in flagged} == {"Kovalemko"}
    assert len(flagged) == 23
    assert all(f.suggestion == "Kovalenko" for f in flagged)
