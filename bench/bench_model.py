"""Benchmark the language-model scorer (mtqa.models.lm) against a plain transformers loop.

Reads the ``mt`` field of the first N records of the shared training file at run time (the
data is never copied into the repository) and measures, in one run:

- the cold-cache conversion of the embedded model (GGUF -> dense safetensors) and a warm load,
  each in a fresh child process with an empty/filled temporary cache (skip: --skip-cold);
- (a) a plain transformers loop: one sentence at a time, the model in the dtype it loaded in,
  full logits, log_softmax, gather; (b) ``LanguageModel.score`` on the same sentences:
  sentences/s, tokens/s, speed-up, max and mean absolute difference of the log-probabilities;
- the plain loop again in a fresh process that never loads through mtqa (torch and glibc
  defaults: what a user's own script gets; skip: --skip-untuned);
- peak resident memory (ru_maxrss) after loading, after ``score`` and after the plain loop;
- bf16 against fp32 (``score`` with an fp32 copy of the model) on the first --fp32-n sentences.

Usage::

    .venv/bin/python bench/bench_model.py [--n 400] [--fp32-n 100] [--skip-cold] [--skip-untuned]
        [--json FILE]
"""

from __future__ import annotations

import argparse
import copy
import dataclasses
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "train" / "train.jsonl"

_CHILD = """
import json, resource, sys, time
from pathlib import Path
started = time.monotonic()
import mtqa.models.convert as convert
import mtqa.models.lm as lm
convert.cache_dir = lambda: Path(sys.argv[1])
model = lm.load()
seconds = time.monotonic() - started
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "peak_rss_mb": rss, "identity": model.identity}))
"""


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far, in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def read_sentences(path: Path, n: int) -> list[str]:
    """The ``mt`` field of the first ``n`` records of a JSONL file."""
    out: list[str] = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if len(out) >= n:
                break
            if line.strip():
                out.append(json.loads(line)["mt"])
    return out


def timed_child_load(cache: Path) -> dict[str, Any]:
    """Load the default model in a fresh interpreter with ``cache`` as the model cache."""
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(cache)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"child load failed:\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    result["process_seconds"] = time.monotonic() - started
    result["stderr"] = done.stderr.strip()
    return result


def timed_untuned_plain(dense: Path, data: Path, n: int) -> float:
    """Seconds for the plain loop in a fresh interpreter that never calls ``lm.load``."""
    done = subprocess.run(
        [sys.executable, __file__, "--data", str(data), "--n", str(n), "--plain-child", str(dense)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"untuned plain loop failed:\n{done.stderr}")
    seconds: float = json.loads(done.stdout.strip().splitlines()[-1])["seconds"]
    return seconds


def untuned_plain_child(dense: Path, texts: list[str]) -> int:
    """The plain loop as a user script would run it: transformers defaults, torch defaults."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(dense, local_files_only=True)
    model = AutoModelForCausalLM.from_pretrained(
        dense, dtype=torch.bfloat16, local_files_only=True
    ).eval()
    started = time.monotonic()
    plain_loop(model, tokenizer, texts)
    print(json.dumps({"seconds": time.monotonic() - started}))
    return 0


def plain_loop(model: Any, tokenizer: Any, texts: list[str]) -> list[list[float]]:
    """The straightforward way: one sentence per forward pass, full logits, log_softmax."""
    import torch

    bos = tokenizer.bos_token_id
    out: list[list[float]] = []
    with torch.inference_mode():
        for text in texts:
            ids = tokenizer(text, add_special_tokens=False, split_special_tokens=True)["input_ids"]
            if not ids:
                out.append([])
                continue
            input_ids = torch.tensor([[bos, *ids]])
            logprobs = model(input_ids).logits.float().log_softmax(dim=-1)[0, :-1]
            out.append(logprobs.gather(-1, input_ids[0, 1:, None])[:, 0].tolist())
    return out


def differences(a: list[list[float]], b: list[list[float]]) -> tuple[float, float]:
    """Max and mean absolute difference over all tokens of two runs."""
    diffs = [abs(x - y) for u, v in zip(a, b, strict=True) for x, y in zip(u, v, strict=True)]
    return max(diffs), statistics.fmean(diffs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="JSONL with an mt field")
    parser.add_argument("--n", type=int, default=400, help="sentences to score (default 400)")
    parser.add_argument("--fp32-n", type=int, default=100, help="sentences for bf16 vs fp32")
    parser.add_argument("--skip-cold", action="store_true", help="skip the cold conversion")
    parser.add_argument(
        "--skip-untuned",
        action="store_true",
        help="skip the plain loop in a fresh process without mtqa's thread and malloc settings",
    )
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    parser.add_argument("--plain-child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    texts = read_sentences(args.data, args.n)
    if args.plain_child:
        return untuned_plain_child(args.plain_child, texts)
    # Timings mean little while other processes compete for the CPU: record the load.
    results: dict[str, Any] = {"sentences": len(texts), "loadavg_at_start": os.getloadavg()[0]}

    if not args.skip_cold:
        with tempfile.TemporaryDirectory(prefix="mtqa-bench-cache-") as cache:
            cold = timed_child_load(Path(cache))
            warm = timed_child_load(Path(cache))
        results["cold_conversion_s"] = round(cold["seconds"], 1)
        results["cold_peak_rss_mb"] = round(cold["peak_rss_mb"])
        results["warm_load_fresh_process_s"] = round(warm["seconds"], 2)
        results["warm_load_peak_rss_mb"] = round(warm["peak_rss_mb"])

    started = time.monotonic()
    from mtqa.models import lm

    model = lm.load()
    results["identity"] = model.identity
    results["load_in_process_s"] = round(time.monotonic() - started, 2)
    results["peak_rss_after_load_mb"] = round(peak_rss_mb())
    import torch

    results["threads"] = torch.get_num_threads()

    started = time.monotonic()
    scored = model.score(texts)
    fast_s = time.monotonic() - started
    started = time.monotonic()
    again = model.score(texts)
    fast_again_s = time.monotonic() - started
    results["peak_rss_after_score_mb"] = round(peak_rss_mb())
    tokens = sum(len(s.logprobs) for s in scored)
    results["tokens"] = tokens
    results["deterministic"] = scored == again

    started = time.monotonic()
    plain = plain_loop(model.model, model.tokenizer, texts)
    plain_s = time.monotonic() - started
    results["peak_rss_after_plain_mb"] = round(peak_rss_mb())

    fast_lp = [list(s.logprobs) for s in scored]
    max_diff, mean_diff = differences(plain, fast_lp)
    results["plain"] = {
        "seconds": round(plain_s, 2),
        "sentences_per_s": round(len(texts) / plain_s, 1),
        "tokens_per_s": round(tokens / plain_s),
    }
    results["score"] = {
        "seconds": round(fast_s, 2),
        "sentences_per_s": round(len(texts) / fast_s, 1),
        "tokens_per_s": round(tokens / fast_s),
        "second_call_seconds": round(fast_again_s, 2),
        "second_call_sentences_per_s": round(len(texts) / fast_again_s, 1),
    }
    results["speed_up"] = round(plain_s / fast_s, 2)
    results["score_vs_plain_max_abs_diff"] = round(max_diff, 4)
    results["score_vs_plain_mean_abs_diff"] = round(mean_diff, 5)

    if not args.skip_untuned:
        dense = Path(model.model.name_or_path)
        untuned_s = timed_untuned_plain(dense, args.data, args.n)
        results["plain_untuned"] = {
            "seconds": round(untuned_s, 2),
            "sentences_per_s": round(len(texts) / untuned_s, 1),
            "tokens_per_s": round(tokens / untuned_s),
        }
        results["speed_up_vs_untuned_plain"] = round(untuned_s / fast_s, 2)

    if args.fp32_n > 0:
        subset = texts[: args.fp32_n]
        fp32 = dataclasses.replace(model, model=copy.deepcopy(model.model).float(), dtype="fp32")
        started = time.monotonic()
        scored32 = fp32.score(subset)
        fp32_s = time.monotonic() - started
        started = time.monotonic()
        scored16 = model.score(subset)
        bf16_s = time.monotonic() - started
        plain32 = plain_loop(fp32.model, fp32.tokenizer, subset)
        lp32 = [list(s.logprobs) for s in scored32]
        lp16 = [list(s.logprobs) for s in scored16]
        max16, mean16 = differences(lp16, lp32)
        max32, _ = differences(plain32, lp32)
        results["bf16_vs_fp32"] = {
            "sentences": len(subset),
            "fp32_score_s": round(fp32_s, 2),
            "bf16_score_s": round(bf16_s, 2),
            "bf16_speed_up": round(fp32_s / bf16_s, 2),
            "max_abs_diff": round(max16, 4),
            "mean_abs_diff": round(mean16, 5),
            "fp32_score_vs_fp32_plain_max_abs_diff": round(max32, 6),
        }
        del fp32

    results["loadavg_at_end"] = os.getloadavg()[0]
    print(json.dumps(results, indent=1))
    print()
    print(markdown(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0


def markdown(r: dict[str, Any]) -> str:
    """The headline numbers as a Markdown table."""
    rows = [
        ("model", r["identity"], ""),
        ("sentences / tokens", f"{r['sentences']} / {r['tokens']}", ""),
        (
            "plain loop",
            f"{r['plain']['sentences_per_s']} sent/s",
            f"{r['plain']['tokens_per_s']} tok/s",
        ),
        (
            "LanguageModel.score",
            f"{r['score']['sentences_per_s']} sent/s",
            f"{r['score']['tokens_per_s']} tok/s",
        ),
        ("speed-up", f"{r['speed_up']}x", ""),
        *(
            [
                (
                    "plain loop, fresh process, no mtqa settings",
                    f"{r['plain_untuned']['sentences_per_s']} sent/s",
                    f"score is {r['speed_up_vs_untuned_plain']}x faster",
                )
            ]
            if "plain_untuned" in r
            else []
        ),
        (
            "max / mean abs diff (score vs plain)",
            f"{r['score_vs_plain_max_abs_diff']} / {r['score_vs_plain_mean_abs_diff']}",
            "nats",
        ),
        (
            "peak RSS after load / score / plain",
            f"{r['peak_rss_after_load_mb']} / {r['peak_rss_after_score_mb']} / "
            f"{r['peak_rss_after_plain_mb']}",
            "MiB",
        ),
        ("load (in process, warm cache)", f"{r['load_in_process_s']} s", ""),
        ("load average at start / end", f"{r['loadavg_at_start']} / {r['loadavg_at_end']}", ""),
    ]
    if "cold_conversion_s" in r:
        rows.append(
            (
                "cold conversion (fresh process)",
                f"{r['cold_conversion_s']} s",
                f"peak {r['cold_peak_rss_mb']} MiB",
            )
        )
        rows.append(
            (
                "warm load (fresh process)",
                f"{r['warm_load_fresh_process_s']} s",
                f"peak {r['warm_load_peak_rss_mb']} MiB",
            )
        )
    if "bf16_vs_fp32" in r:
        b = r["bf16_vs_fp32"]
        rows.append(
            (
                f"bf16 vs fp32 ({b['sentences']} sentences)",
                f"{b['bf16_speed_up']}x faster",
                f"max/mean abs diff {b['max_abs_diff']} / {b['mean_abs_diff']}",
            )
        )
    lines = ["| measure | value | |", "| --- | --- | --- |"]
    lines += [f"| {a} | {b} | {c} |" for a, b, c in rows]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
