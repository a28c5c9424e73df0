"""Held-out evaluation of the bilingual checks on localization pairs.

Reads a JSONL file of pairs, one a line::

    {"source": "%s has %d files", "target": "%d Dateien hat %s", "lang": "en-de",
     "broken": true, "check": "M101", "format": "po:c-format"}

``lang`` is ``SRC-TGT``; ``format`` (optional) is the file type the pair comes from
(``po``, ``xliff``, ``tmx``, ``csv``...), with PO format flags after a colon
(``po:c-format,python-format``); ``check`` (optional) is the check that should flag a broken
pair. Each pair is checked as a one-unit bilingual file with every rule-based check (no
model) and the script reports the share of broken pairs flagged by their check (by any
check when none is named) and the share of correct pairs flagged at all, with the misses
and false alarms when ``--verbose``. Keep the pairs outside the repository and different
from the fixtures, so that the numbers say how the checks do on strings they were not
written for.

    .venv/bin/python scripts/placeholder_eval.py /tmp/l10n-pairs.jsonl [--verbose]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mtqa.checks import ALL_CHECKS
from mtqa.config import Config
from mtqa.document import Document, Unit, unit_document
from mtqa.findings import Report
from mtqa.runner import run, signature

_SUFFIX = {"po": ".po", "xliff": ".xlf", "xlf": ".xlf", "tmx": ".tmx", "csv": ".csv"}


@dataclass(frozen=True)
class Pair:
    source: str
    target: str
    source_lang: str
    target_lang: str
    broken: bool
    check: str | None
    path: str
    notes: tuple[str, ...]


def read_pair(data: dict[str, Any]) -> Pair:
    source_lang, _, target_lang = str(data.get("lang", "en-en")).partition("-")
    kind, _, flags = str(data.get("format") or "").partition(":")
    notes = tuple(f"flag: {f.strip()}" for f in flags.split(",") if f.strip())
    return Pair(
        source=data["source"],
        target=data["target"],
        source_lang=source_lang,
        target_lang=target_lang or source_lang,
        broken=bool(data["broken"]),
        check=data.get("check"),
        path="pair" + _SUFFIX.get(kind.lower(), ".txt"),
        notes=notes,
    )


def document_of(pair: Pair) -> Document:
    return unit_document(
        id="pair",
        path=pair.path,
        units=[Unit("1", pair.source, pair.target, notes=pair.notes)],
        source_lang=pair.source_lang,
        target_lang=pair.target_lang,
    )


def check(pair: Pair, config: Config) -> Report:
    checks = config.enabled(ALL_CHECKS)
    report = run(document_of(pair), config, checks, signature(config, checks))
    for finding in report.findings:  # the project's rule: spans index the target exactly
        assert finding.text == pair.target[finding.start : finding.end], finding
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pairs", type=Path)
    parser.add_argument("--verbose", action="store_true", help="list misses and false alarms")
    args = parser.parse_args(argv)
    config = Config(use_model=False)
    lines = args.pairs.read_text("utf-8").splitlines()
    pairs = [read_pair(json.loads(line)) for line in lines if line.strip()]
    caught = broken = alarms = correct = 0
    per_check: Counter[str] = Counter()
    per_check_caught: Counter[str] = Counter()
    alarm_codes: Counter[str] = Counter()
    for pair in pairs:
        codes = {f.code for f in check(pair, config).findings}
        shown = f"{pair.source!r} => {pair.target!r} [{pair.source_lang}-{pair.target_lang}]"
        if pair.broken:
            broken += 1
            expected = pair.check or "any"
            per_check[expected] += 1
            hit = pair.check in codes if pair.check else bool(codes)
            caught += hit
            per_check_caught[expected] += hit
            if not hit and args.verbose:
                print(f"MISS {expected}: {shown} (found {sorted(codes)})")
        else:
            correct += 1
            alarms += bool(codes)
            alarm_codes.update(codes)
            if codes and args.verbose:
                print(f"FALSE ALARM {sorted(codes)}: {shown}")
    print(f"pairs: {len(pairs)} ({broken} broken, {correct} correct)")
    if broken:
        print(f"broken pairs flagged by their check: {caught}/{broken} = {caught / broken:.1%}")
    if correct:
        print(f"correct pairs flagged at all: {alarms}/{correct} = {alarms / correct:.1%}")
    for code in sorted(per_check):
        print(f"  {code}: {per_check_caught[code]}/{per_check[code]} broken pairs caught")
    if alarm_codes:
        print(
            "  false alarms by check: "
            + ", ".join(f"{c} {n}" for c, n in alarm_codes.most_common())
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
