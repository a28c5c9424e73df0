"""Checking batches of documents, here or in worker processes (``mtqa check --jobs N``).

``check_batch`` checks documents in this process. A ``Checker`` hands batches to it: inline
(``--jobs 1``), or in a pool of worker processes, each of which loads the language model and
the spaCy pipeline once (in its initializer) and checks batch after batch. Workers get an
equal share of the CPUs for their torch threads, so that N workers do not oversubscribe the
cores. Results come back in input order; a failure in one batch is an error for its
documents only.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from concurrent.futures import BrokenExecutor, Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

from mtqa.config import Config
from mtqa.document import Document
from mtqa.findings import DocumentError, Report
from mtqa.registry import Check

Outcome = Report | DocumentError
#: How many times a run replaces a pool whose worker died before it gives up on the pool.
MAX_RESTARTS = 3


class WorkerFailed(RuntimeError):
    """A worker could not start (its model did not load): the run cannot go on."""


def check_batch(
    documents: Sequence[Document], cfg: Config, checks: Sequence[Check], sig: str, model: Any
) -> list[Outcome]:
    """Reports for ``documents``, in order; a document that cannot be checked becomes an error,
    and never takes the others down with it."""
    from mtqa.runner import run, run_many

    try:
        outcomes: list[Any] = list(run_many(documents, cfg, checks, sig, model))
    except Exception:  # the batch failed as a whole: check one document at a time
        outcomes = []
        for document in documents:
            try:
                outcomes.append(run(document, cfg, checks, sig, model))
            except Exception as error:
                outcomes.append(error)
    return [
        outcome
        if not isinstance(outcome, Exception)
        else DocumentError(document.path, f"could not be checked: {outcome}", id=document.id)
        for document, outcome in zip(documents, outcomes, strict=True)
    ]


def cpus() -> int:
    """The CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


@dataclass(frozen=True)
class _Setup:
    config: Config
    threads: int


_WARM_UP = (
    "Talks resume in Geneva\n\nThe minister said on Monday that it was ready to talk. "
    "Its delegation will travel to Geneva next week, officials added.\n"
)

#: The worker process's configuration, checks, model and signature (or why it has none).
_worker: dict[str, Any] = {}


def _start_worker(setup: _Setup) -> None:
    """Pool initializer: runs once in each worker, before its first batch."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops us
    threads = str(setup.threads)
    for variable in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        os.environ[variable] = threads
    from mtqa.checks import ALL_CHECKS
    from mtqa.cli import load_model
    from mtqa.runner import signature

    checks = setup.config.enabled(ALL_CHECKS)
    try:
        model = load_model(setup.config, checks)
    except Exception as error:  # reported by worker_signature, in the parent
        _worker["error"] = f"cannot load the language model: {error}"
        return
    if model is not None:
        import torch

        torch.set_num_threads(setup.threads)
    identity = model.identity if model is not None else None
    sig = signature(setup.config, checks, identity)
    _worker.update(config=setup.config, checks=checks, model=model, sig=sig)
    # Load everything the checks load lazily (pipeline, entity recognizer, language
    # identifier, word frequencies) now, so that start-up is over before the first batch.
    warm_up = Document("warm-up", "-", _WARM_UP, target_lang=setup.config.target_lang)
    check_batch([warm_up], setup.config, checks, sig, model)


def _worker_signature() -> str:
    if "error" in _worker:
        raise WorkerFailed(_worker["error"])
    return str(_worker["sig"])


def _worker_check(documents: list[Document]) -> list[Outcome]:
    if "error" in _worker:
        raise WorkerFailed(_worker["error"])
    state = _worker
    return check_batch(documents, state["config"], state["checks"], state["sig"], state["model"])


class Checker:
    """Checks batches of documents: inline when ``jobs`` is 1, else in ``jobs`` worker
    processes. ``signature`` is the run's signature (from the loaded model's identity)."""

    def __init__(self, config: Config, checks: Sequence[Check], jobs: int) -> None:
        self.jobs = jobs
        self._pool: Executor | None = None
        if jobs <= 1:
            from mtqa.cli import load_model
            from mtqa.runner import signature

            self._config, self._checks = config, checks
            self._model = load_model(config, checks)
            identity = self._model.identity if self._model is not None else None
            self.signature = signature(config, checks, identity)
            return
        self._setup = _Setup(config, max(1, cpus() // jobs))
        self._restarts = 0
        self._pool = self._start()
        # Start every worker now (model loads happen in parallel) and learn the signature.
        signatures = [self._pool.submit(_worker_signature) for _ in range(jobs)]
        try:
            self.signature = signatures[0].result()
        except BaseException:
            self.close()
            raise

    def _start(self) -> Executor:
        import multiprocessing

        # spawn: a worker starts clean (no copy of this process's threads or torch state).
        return ProcessPoolExecutor(
            max_workers=self.jobs,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_start_worker,
            initargs=(self._setup,),
        )

    def submit(self, documents: list[Document]) -> Future[list[Outcome]]:
        """Check ``documents``; the future's result is their outcomes, in order."""
        done: Future[list[Outcome]] = Future()
        if self._pool is not None:
            try:
                return self._pool.submit(_worker_check, documents)
            except BrokenExecutor as error:
                # A worker died (killed, out of memory): the batches it had fail, as errors
                # for their documents; a new pool takes the rest (a few times at most).
                if self._restarts >= MAX_RESTARTS:
                    done.set_exception(error)
                    return done
                self._restarts += 1
                self._pool.shutdown(wait=False, cancel_futures=True)
                self._pool = self._start()
                return self._pool.submit(_worker_check, documents)
        done.set_result(
            check_batch(documents, self._config, self._checks, self.signature, self._model)
        )
        return done

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
