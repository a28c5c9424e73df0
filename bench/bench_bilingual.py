"""Benchmark of the bilingual path: one XLIFF file of 10,000 units, rules only (--no-model).

Input: an XLIFF 1.2 file written at run time into a temporary folder from
``../shared/train/train.jsonl`` (Chinese news sentences and their machine translations into
English, WMT 2020-2022: the first 10,000 distinct source/translation pairs; a source
translated by several MT systems appears once per distinct translation, as in a file
merged from several vendors, which the consistency check T201 reports), so that the
checks see real MT output; without ``../shared`` the units of the bundled fixtures are
repeated instead (and the result says so). Nothing is written into the repository.

    .venv/bin/python bench/bench_bilingual.py               # 10,000 units
    .venv/bin/python bench/bench_bilingual.py --units 2000

Measured in one process, as ``mtqa check FILE --no-model --format json`` does it: reading
(XML parsing and the units), checking (segmentation, English parse, every check, including
the source-aware checks) and writing the JSON report; then peak memory. It also times the
command itself end to end in a fresh process.
"""

from __future__ import annotations

import argparse
import html
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRAIN = ROOT.parent / "shared" / "train" / "train.jsonl"


def pairs_from_train(limit: int) -> list[tuple[str, str]]:
    seen: set[tuple[str, str]] = set()
    pairs: list[tuple[str, str]] = []
    with TRAIN.open(encoding="utf-8") as stream:
        for line in stream:
            record = json.loads(line)
            pair = (record["source"], record["mt"])
            if pair in seen or not pair[0].strip() or not pair[1].strip():
                continue
            seen.add(pair)
            pairs.append(pair)
            if len(pairs) == limit:
                break
    return pairs


def pairs_from_fixtures(limit: int) -> list[tuple[str, str]]:
    from mtqa.readers.xliff import read_xliff

    path = ROOT / "fixtures" / "bilingual" / "ui_en_de.xlf"
    units = read_xliff(str(path), path.read_bytes(), None, "en").units
    return [(units[i % len(units)].source, units[i % len(units)].target) for i in range(limit)]


def write_xliff(pairs: list[tuple[str, str]], source_lang: str, target_lang: str) -> str:
    units = "\n".join(
        f'      <trans-unit id="u{i}">\n'
        f"        <source>{html.escape(source, quote=False)}</source>\n"
        f"        <target>{html.escape(target, quote=False)}</target>\n"
        "      </trans-unit>"
        for i, (source, target) in enumerate(pairs, start=1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n'
        f'  <file original="bench" source-language="{source_lang}" '
        f'target-language="{target_lang}" datatype="plaintext">\n'
        f"    <body>\n{units}\n    </body>\n  </file>\n</xliff>\n"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=10_000)
    args = parser.parse_args()

    if TRAIN.is_file():
        pairs, data, langs = pairs_from_train(args.units), "train.jsonl zh-en", ("zh", "en")
    else:
        pairs, data, langs = pairs_from_fixtures(args.units), "fixtures (repeated)", ("en", "de")

    from mtqa import nlp
    from mtqa.checks import ALL_CHECKS
    from mtqa.config import Config
    from mtqa.readers import read_paths
    from mtqa.reporters import json_report
    from mtqa.runner import run, signature

    config = Config(use_model=False)
    checks = config.enabled(ALL_CHECKS)
    sig = signature(config, checks)
    load_start = time.perf_counter()
    nlp.english()
    nlp.identify_language("warm up the language identifier")
    load_time = time.perf_counter() - load_start

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.xlf"
        path.write_text(write_xliff(pairs, *langs), "utf-8")
        size_mb = path.stat().st_size / 1e6

        start = time.perf_counter()
        [document] = list(read_paths([str(path)], None, "en"))
        read_time = time.perf_counter() - start
        assert not hasattr(document, "message"), document

        start = time.perf_counter()
        report = run(document, config, checks, sig)  # type: ignore[arg-type]
        check_time = time.perf_counter() - start

        start = time.perf_counter()
        rendered = json_report.render(report)
        render_time = time.perf_counter() - start
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

        start = time.perf_counter()
        arguments = ["check", str(path), "--no-model", "--quiet", "--format", "json"]
        command = subprocess.run(
            [sys.executable, "-m", "mtqa", *arguments, "--out", str(Path(folder) / "out")],
            capture_output=True,
            check=False,
        )
        command_time = time.perf_counter() - start
        command_peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024

    codes: dict[str, int] = {}
    for f in report.findings:
        codes[f.code] = codes.get(f.code, 0) + 1
    total = read_time + check_time + render_time
    result = {
        "data": data,
        "units": len(report.units),
        "file_mb": round(size_mb, 2),
        "words": report.words,
        "sentences": len(report.sentences),
        "findings": len(report.findings),
        "findings_by_code": dict(sorted(codes.items())),
        "pipeline_load_seconds": round(load_time, 2),
        "read_seconds": round(read_time, 2),
        "check_seconds": round(check_time, 2),
        "json_seconds": round(render_time, 2),
        "units_per_second": round(len(report.units) / total, 1),
        "report_mb": round(len(rendered.encode("utf-8")) / 1e6, 2),
        "peak_rss_mb": round(peak_mb, 1),
        "command_seconds": round(command_time, 2),
        "command_exit_code": command.returncode,
        "command_peak_rss_mb": round(command_peak_mb, 1),
        "command_stderr_tail": command.stderr.decode("utf-8", "replace")[-300:],
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
