"""The ``mtqa`` command: arguments -> Config -> Engine -> output sinks -> exit code.

Exit codes: 0 no finding at or above ``--fail-on``; 1 such findings; 2 usage error,
unreadable input or a document that could not be checked (reported at the end of the run,
after every other document was checked).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mtqa import __version__

if TYPE_CHECKING:
    from mtqa.cache import ResultCache
    from mtqa.config import Config
    from mtqa.document import Document
    from mtqa.findings import DocumentError
    from mtqa.tally import RunTally

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


@dataclass(frozen=True)
class OutputFormat:
    name: str
    dest: str | None


def parse_format(value: str) -> OutputFormat:
    from mtqa.reporters import BY_NAME

    name, _, dest = value.partition(":")
    name = name.strip().lower()
    if name not in BY_NAME:
        choices = ", ".join(BY_NAME)
        raise argparse.ArgumentTypeError(f"unknown format {name!r} (choose from {choices})")
    where = BY_NAME[name].where
    if where == "stdout" and dest:
        raise argparse.ArgumentTypeError(f"{name} writes to stdout and takes no destination")
    if where == "folder" and dest == "-":
        raise argparse.ArgumentTypeError(
            f"{name} writes one file per document into a folder, not to stdout "
            "(use jsonl:- for reports on stdout)"
        )
    env = BY_NAME[name].env
    if not dest and env and os.environ.get(env):  # e.g. $GITHUB_STEP_SUMMARY
        dest = os.environ[env]
    return OutputFormat(name, dest or None)


def _say(kind: str, message: str) -> None:
    """One line on stderr, ``mtqa: KIND: MESSAGE``, with what came from the input escaped
    (a path or id can hold a line feed or an ESC sequence)."""
    from mtqa.printable import printable

    print(f"mtqa: {kind}: {printable(message)}", file=sys.stderr)


class _Deprecations:
    """Says once per run, on stderr, that a deprecated old code was used and what it is
    now (``registry.ALIASES``); stdout stays the reports'."""

    def __init__(self) -> None:
        self.said: set[str] = set()

    def say(self, prefixes: Sequence[str]) -> None:
        from mtqa.registry import deprecation

        for prefix in prefixes:
            message = deprecation(prefix) if prefix not in self.said else None
            if message is not None:
                self.said.add(prefix)
                _say("warning", f"{message} (see `mtqa rules`)")


def _prefixes(value: str) -> list[str]:
    return [v.strip().upper() for v in value.split(",") if v.strip()]


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of at least 1, not {value!r}")
    return number


def build_parser() -> argparse.ArgumentParser:
    from mtqa.reporters import format_help

    parser = argparse.ArgumentParser(
        prog="mtqa",
        description="Find likely errors in machine-translated text and report them with "
        "spans, MQM categories and severities.",
    )
    parser.add_argument("--version", action="version", version=f"mtqa {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = commands.add_parser(
        "check",
        help="check translated documents and write reports",
        description="Check translated documents (files, folders, or - for stdin) and write "
        "one report per document. Exit code 0: nothing at or above --fail-on; 1: findings "
        "at or above it; 2: bad input or usage (other documents are still checked).",
    )
    check.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="file, folder (searched recursively) or - for stdin; .txt, .md, "
        ".html, .jsonl, .csv, .tsv; bilingual .xlf/.xliff, .tmx, .po, and .csv/.tsv with "
        "source and target columns",
    )
    _add_bilingual_arguments(check)
    check.add_argument(
        "--lang", help="language pair such as zh-en, or the target language (default: en)"
    )
    check.add_argument(
        "--format",
        "-f",
        dest="formats",
        action="append",
        type=parse_format,
        metavar="FMT[:DEST]",
        help=format_help(),
    )
    check.add_argument("--out", "-o", help="folder for reports (default: mtqa-report)")
    check.add_argument(
        "--po-fuzzy",
        action="store_true",
        help="with --format po: flag messages with a major finding fuzzy in the copy",
    )
    check.add_argument(
        "--fail-on",
        choices=["minor", "major", "critical", "never"],
        help="exit 1 when a finding is at least this severe (default: major)",
    )
    check.add_argument(
        "--min-score",
        type=float,
        metavar="N",
        help="also exit 1 when a document's overall score (0-100) is below N",
    )
    check.add_argument(
        "--weights",
        metavar="SEV=N,...",
        help="MQM penalty points per severity, e.g. minor=1,major=5,critical=25 (the "
        "default; neutral is 0); they change the scores, so they go into the signature",
    )
    baseline = check.add_mutually_exclusive_group()
    baseline.add_argument(
        "--write-baseline",
        type=Path,
        metavar="FILE",
        help="record every finding of this run by fingerprint in FILE (then use --baseline)",
    )
    baseline.add_argument(
        "--baseline",
        type=Path,
        action="append",
        metavar="FILE",
        help="hide the findings recorded in FILE (repeatable: a triage export per review "
        "page); only new ones are reported and gate the run",
    )
    check.add_argument(
        "--select",
        type=_prefixes,
        help="only these codes or code prefixes, comma-separated (e.g. F3,A101)",
    )
    check.add_argument("--ignore", type=_prefixes, help="skip these codes or code prefixes")
    check.add_argument(
        "--no-model",
        action="store_true",
        help="rule-based checks only (fast; the language model is not loaded)",
    )
    check.add_argument(
        "--model",
        metavar="PATH",
        help="a local Hugging Face causal LM folder to use instead of the "
        "embedded Gemma 3 270M (nothing is downloaded)",
    )
    check.add_argument(
        "--config",
        type=Path,
        help="mtqa.toml or pyproject.toml to use "
        "(default: found in the current folder or a parent)",
    )
    cache = check.add_mutually_exclusive_group()
    cache.add_argument(
        "--cache",
        type=Path,
        metavar="DIR",
        help="keep the result cache in DIR (default: the user cache folder); unchanged "
        "documents are not checked again",
    )
    cache.add_argument(
        "--no-cache", action="store_true", help="check every document; read and write no cache"
    )
    check.add_argument(
        "--jobs",
        "-j",
        type=_positive,
        default=1,
        metavar="N",
        help="check in N worker processes, each loading the model once (default: 1)",
    )
    check.add_argument(
        "--quiet", "-q", action="store_true", help="no progress bar and no summary on stderr"
    )

    evaluate = commands.add_parser(
        "eval",
        help="measure mtqa against MQM-annotated segments",
        description="Check every segment of an MQM-annotated JSONL file reference-free and "
        "print span, sentence and ranking metrics beside trivial baselines.",
    )
    evaluate.add_argument("gold", type=Path, metavar="GOLD.jsonl")
    evaluate.add_argument("--out", type=Path, help="also write the metrics as JSON here")
    evaluate.add_argument("--limit", type=_positive, help="only the first N segments")
    evaluate.add_argument("--no-model", action="store_true", help="rule-based checks only")
    evaluate.add_argument("--select", type=_prefixes, help="only these codes or prefixes")
    evaluate.add_argument("--ignore", type=_prefixes, help="skip these codes or prefixes")

    rules = commands.add_parser(
        "rules",
        help="list the checks, or show one check's documentation",
        description="List every check, or document one.",
    )
    rules.add_argument("code", nargs="?", help="a check code such as F201")
    rules.add_argument(
        "--markdown",
        action="store_true",
        help="print every check's documentation as Markdown (docs/checks.md)",
    )
    return parser


def _add_bilingual_arguments(check: argparse.ArgumentParser) -> None:
    check.add_argument(
        "--source",
        metavar="FILE",
        help="the source text of the one PATH (a text or Markdown translation): its sentences "
        "are aligned with the translation's, or its lines with --align lines",
    )
    check.add_argument(
        "--reference",
        metavar="FILE",
        help="a reference translation of the one PATH: BLEU, chrF and TER go into the "
        "report's scores (per line with --align lines)",
    )
    check.add_argument(
        "--align",
        choices=["sentences", "lines"],
        default="sentences",
        help="how --source pairs with PATH: aligned sentences (default) or line N with "
        "line N (the files must have the same number of lines)",
    )
    check.add_argument(
        "--glossary",
        type=Path,
        metavar="FILE",
        help="glossary for the terminology checks: CSV/TSV (source,target[,dnt,note] or "
        "language-code columns) or TBX",
    )


def _read_companion(path: str | None) -> tuple[str, str] | None:
    """``(path, text)`` of a --source/--reference file; ConfigError when it cannot be read."""
    if path is None:
        return None
    from mtqa.config import ConfigError
    from mtqa.readers.decode import ReadError, decode

    try:
        return path, decode(Path(path).read_bytes()).text
    except OSError as error:
        raise ConfigError(f"cannot read {path}: {error.strerror or error}") from None
    except ReadError as error:
        raise ConfigError(f"cannot read {path}: {error.message}") from None


def _configure(args: argparse.Namespace) -> Config:
    from mtqa import config as config_module

    path = args.config or config_module.find_config_file(Path.cwd())
    if args.config is not None and not args.config.is_file():
        raise config_module.ConfigError(f"configuration file {args.config} not found")
    cfg = config_module.load(path)
    if args.lang:
        source, target = config_module.parse_lang(args.lang)
        cfg = replace(cfg, source_lang=source, target_lang=target)
    if args.fail_on:
        cfg = replace(cfg, fail_on=config_module.parse_fail_on(args.fail_on))
    if args.select is not None:
        cfg = replace(cfg, select=tuple(args.select))
    if args.ignore is not None:
        cfg = replace(cfg, ignore=(*cfg.ignore, *args.ignore))
    if args.out:
        cfg = replace(cfg, out_dir=Path(args.out))
    if args.no_model:
        cfg = replace(cfg, use_model=False)
    if getattr(args, "po_fuzzy", False):
        cfg = replace(cfg, po_fuzzy=True)
    if getattr(args, "model", None):
        cfg = replace(cfg, model=args.model)
    if args.min_score is not None:
        try:
            min_score = config_module.finite_min_score(args.min_score, "--min-score")
        except ValueError as error:
            raise config_module.ConfigError(str(error)) from None
        cfg = replace(cfg, min_score=min_score)
    if args.weights is not None:
        try:
            cfg = config_module.with_weights(cfg, config_module.parse_weights(args.weights))
        except ValueError as error:
            raise config_module.ConfigError(f"--weights: {error}") from None
    if args.baseline is not None:
        from mtqa.suppression import read_baseline

        cfg = replace(cfg, baseline=frozenset().union(*map(read_baseline, args.baseline)))
    if getattr(args, "glossary", None) is not None:
        from mtqa.glossary import GlossaryError
        from mtqa.glossary import load as load_glossary

        try:
            cfg = replace(cfg, glossary=load_glossary(args.glossary))
        except GlossaryError as error:
            raise config_module.ConfigError(str(error)) from None
    return cfg


def _progress_bar(enabled: bool) -> Any:
    """A progress bar on stderr (documents done and their rate), or None."""
    if not enabled:
        return None
    from tqdm import tqdm

    return tqdm(desc="mtqa", unit=" documents", file=sys.stderr, dynamic_ncols=True)


def _open_cache(args: argparse.Namespace) -> ResultCache | None:
    if args.no_cache:
        return None
    from mtqa.cache import ResultCache, default_folder

    cache = ResultCache(args.cache or default_folder())
    if cache.warning:
        _say("warning", cache.warning)
        cache.warning = None  # said; a problem found later in the run is said at its end
    return cache


def _input_files(paths: Sequence[str]) -> frozenset[Path]:
    """The files among ``paths`` (the command line's inputs), resolved."""
    found: set[Path] = set()
    for given in paths:
        try:
            path = Path(given)
            if given != "-" and path.is_file():
                found.add(path.resolve())
        except (OSError, ValueError, RuntimeError):  # a NUL, a symlink loop...
            continue
    return frozenset(found)


def command_check(args: argparse.Namespace) -> int:
    from concurrent.futures import BrokenExecutor

    from mtqa.config import ConfigError
    from mtqa.document import Document
    from mtqa.engine import Checker, Engine, WorkerFailed, refuse_unknown_codes
    from mtqa.findings import DocumentError
    from mtqa.models.lm import ModelNotInstalled
    from mtqa.output import WriteError, check_writable
    from mtqa.parallel import WorkerPool
    from mtqa.readers import read_paths
    from mtqa.reporters import BY_NAME, DEFAULT_FORMATS
    from mtqa.reporters import text as text_reporter
    from mtqa.reporters.sinks import Outputs, Run
    from mtqa.suppression import directive_codes
    from mtqa.tally import RunTally

    deprecations = _Deprecations()
    try:
        cfg = _configure(args)
        companions = _companions(args)
        refuse_unknown_codes(cfg)
    except ConfigError as error:
        _say("error", str(error))
        return EXIT_ERROR
    deprecations.say(cfg.given_prefixes())
    engine = Engine(cfg)
    formats = args.formats or [OutputFormat(name, None) for name in DEFAULT_FORMATS]
    errors: list[DocumentError] = []
    run = Run(
        cfg.out_dir,
        engine.checks,
        engine.gate,
        __version__,
        po_fuzzy=cfg.po_fuzzy,
        inputs=_input_files(args.paths),
    )
    try:  # every destination is tried before the first document is checked
        outputs = Outputs([(f.name, f.dest) for f in formats], run)
    except OSError as error:
        _say("error", str(error))
        return EXIT_ERROR
    try:
        if args.write_baseline is not None:
            check_writable(args.write_baseline)
    except OSError as error:
        outputs.abort()
        _say("error", str(error))
        return EXIT_ERROR
    jobs = _worker_count(args.jobs)
    pool: WorkerPool | None = None
    try:  # the model loads (here, or in every worker) before the first document is read
        if jobs > 1:
            engine.require_model()
            pool = WorkerPool(cfg, jobs)
        else:
            _ = engine.check_signature
    except ModelNotInstalled as error:  # a light install (no 'model' extra)
        outputs.abort()
        _say("error", str(error))
        return EXIT_ERROR
    except WorkerFailed as error:  # a worker could not load the model
        outputs.abort()
        _say("error", str(error))
        return EXIT_ERROR
    except (OSError, BrokenExecutor) as error:
        outputs.abort()
        if jobs == 1:
            _say("error", f"cannot load the language model: {error}")
        else:
            _say("error", f"cannot start {jobs} worker processes: {error}")
        return EXIT_ERROR
    except Exception as error:  # ModelLoadError, or anything the model library raises
        outputs.abort()
        message = str(error).removeprefix("cannot load the language model: ")
        _say("error", f"cannot load the language model: {message}")
        return EXIT_ERROR
    checker: Checker = pool if pool is not None else engine
    cache = _open_cache(args)
    tally = RunTally()
    fingerprints: dict[str, list[str]] | None = {} if args.write_baseline is not None else None
    bar = _progress_bar(sys.stderr.isatty() and not args.quiet)
    try:
        # a folder walk must not read this run's reports (nor an earlier run's) as input
        own = [cfg.out_dir, *(Path(f.dest) for f in formats if f.dest and f.dest != "-")]
        if args.write_baseline is not None:
            own.append(args.write_baseline)
        items = read_paths(args.paths, cfg.source_lang, cfg.target_lang, skip=own)
        if companions is not None:
            items = _paired(items, *companions, args.align)
        for checked in engine.run(items, cache, checker):
            outcome = checked.outcome
            if bar is not None:
                bar.update(1)
            if isinstance(checked.item, Document) and "mtqa:" in checked.item.target:
                # read here, not where it is checked: a worker's or the cache's report too
                deprecations.say(directive_codes(checked.item.target))
            if isinstance(outcome, DocumentError):
                errors.append(outcome)
                outputs.error(outcome)
                continue
            # a sink that could not write this document's output (a write-back copy) names
            # it like a document that could not be read: the run goes on and exits 2
            errors.extend(outputs.document(outcome))
            tally.add(outcome, checked.cached)
            if fingerprints is not None:
                # ids are unique within one feed, not across inputs: keep them all
                fingerprints.setdefault(outcome.id, []).extend(
                    f.fingerprint for f in outcome.findings
                )
        if bar is not None:
            bar.close()
        exit_code = _exit_code(tally, errors)
        outputs.close(errors, exit_code)
        if fingerprints is not None:
            from mtqa.output import write_atomic
            from mtqa.suppression import render_baseline

            write_atomic(args.write_baseline, render_baseline(fingerprints))
    except OSError as error:  # a WriteError names its file; anything else, the folder
        outputs.abort()
        message = str(error) if isinstance(error, WriteError) else f"{cfg.out_dir}: {error}"
        _say("error", message if message.startswith("cannot") else f"cannot write {message}")
        return EXIT_ERROR
    except WorkerFailed as error:
        outputs.abort()
        _say("error", str(error))
        return EXIT_ERROR
    except BaseException:
        outputs.abort()
        raise
    finally:
        if pool is not None:
            pool.close()
        if cache is not None:
            cache.close()
            if cache.warning:
                _say("warning", cache.warning)
    if not args.quiet:
        wrote_dir = any(
            BY_NAME[f.name].where == "folder" or (BY_NAME[f.name].where == "file" and not f.dest)
            for f in formats
        )
        out_dir = str(cfg.out_dir) if wrote_dir else None
        sys.stderr.write(text_reporter.render_summary(tally, errors, out_dir))
    return exit_code


def _companions(
    args: argparse.Namespace,
) -> tuple[tuple[str, str] | None, tuple[str, str] | None] | None:
    """The --source and --reference files, read; None when neither was given."""
    from mtqa.config import ConfigError

    if args.source is None and args.reference is None:
        if args.align == "lines":
            raise ConfigError("--align lines needs --source")
        return None
    if len(args.paths) != 1 or args.paths[0] == "-" or Path(args.paths[0]).is_dir():
        raise ConfigError("--source and --reference go with exactly one translated file")
    return _read_companion(args.source), _read_companion(args.reference)


def _paired(
    items: Iterator[Document | DocumentError],
    source: tuple[str, str] | None,
    reference: tuple[str, str] | None,
    align: str,
) -> Iterator[Document | DocumentError]:
    from mtqa.findings import DocumentError
    from mtqa.readers.bitext import with_source
    from mtqa.readers.decode import ReadError

    for item in items:
        if isinstance(item, DocumentError):
            yield item
            continue
        try:
            yield with_source(item, source, reference, align)
        except ReadError as error:
            yield DocumentError(item.path, error.message, line=error.line, id=item.id)


def _worker_count(asked: int) -> int:
    """``--jobs``, capped at the CPUs this process may use (more workers than CPUs only
    share them, and each holds its own model and parser); the cap is said on stderr."""
    from mtqa.parallel import cpus

    available = cpus()
    if asked <= available:
        return asked
    _say("warning", f"--jobs {asked}: only {available} CPU(s) available; using {available}")
    return available


def _exit_code(tally: RunTally, errors: Sequence[DocumentError]) -> int:
    if errors:
        return EXIT_ERROR
    return EXIT_FINDINGS if tally.flagged else EXIT_OK


def command_rules(args: argparse.Namespace) -> int:
    from mtqa.checks import ALL_CHECKS, BY_CODE

    if args.markdown:
        from mtqa.reporters.rules_doc import render

        sys.stdout.write(render(ALL_CHECKS))
        return EXIT_OK
    if args.code:
        from mtqa.registry import ALIASES

        code = args.code.upper()
        found = BY_CODE.get(ALIASES.get(code, code))
        if found is None:
            print(
                f"mtqa: error: no check {args.code!r}; run 'mtqa rules' for the list",
                file=sys.stderr,
            )
            return EXIT_ERROR
        _Deprecations().say([code])
        langs = "all" if found.languages is None else ", ".join(sorted(found.languages))
        print(f"{found.code} {found.name}")
        print(
            f"category: {found.category} · default severity: {found.severity.label} · "
            f"scope: {found.scope} · origin: {found.origin} · languages: {langs}"
        )
        if found.formerly is not None:
            print(f"formerly {found.formerly} (deprecated alias)")
        print()
        print(found.doc)
        return EXIT_OK
    for c in ALL_CHECKS:
        formerly = f" · formerly {c.formerly} (deprecated alias)" if c.formerly else ""
        print(f"{c.code}  {c.name:34} {c.severity.label:8} {c.category:26} {c.summary}{formerly}")
    return EXIT_OK


def command_eval(args: argparse.Namespace) -> int:
    from mtqa import evaluate
    from mtqa.config import Config, ConfigError

    cfg = Config(
        use_model=not args.no_model,
        select=tuple(args.select or ()),
        ignore=tuple(args.ignore or ()),
    )
    _Deprecations().say(cfg.given_prefixes())
    try:
        evaluate.command(args.gold, cfg, limit=args.limit, out=args.out)
    except (evaluate.EvalError, ConfigError) as error:
        _say("error", str(error))
        return EXIT_ERROR
    return EXIT_OK


class Terminated(KeyboardInterrupt):
    """SIGTERM (or SIGHUP), handled as Ctrl-C is: the run stops between two statements, files
    not yet in place are removed, and the result cache keeps every finished batch."""

    def __init__(self, signal: int) -> None:
        super().__init__(signal)
        self.signal = signal


@contextlib.contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    import signal

    def interrupt(number: int, _frame: object) -> None:
        raise Terminated(number)

    handled = [signal.SIGTERM, *([signal.SIGHUP] if hasattr(signal, "SIGHUP") else [])]
    try:
        previous = {number: signal.signal(number, interrupt) for number in handled}
    except ValueError:  # not the main thread (called from a library): leave signals alone
        yield
        return
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_ERROR
    try:
        if args.command == "rules":
            return command_rules(args)
        if args.command == "eval":
            return command_eval(args)
        with _terminate_as_interrupt():
            return command_check(args)
    except KeyboardInterrupt as interrupt:
        print("\nmtqa: interrupted; reports written so far are complete", file=sys.stderr)
        return 128 + (interrupt.signal if isinstance(interrupt, Terminated) else 2)
    except BrokenPipeError:
        return EXIT_ERROR
    except Exception as error:  # a bug or a broken environment: exit 2, never 1 ("findings")
        if os.environ.get("MTQA_DEBUG"):
            raise
        _say(
            "internal error", f"{type(error).__name__}: {error} (set MTQA_DEBUG=1 for a traceback)"
        )
        return EXIT_ERROR
