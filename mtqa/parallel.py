"""Checking in worker processes (``mtqa check --jobs N``).

A ``WorkerPool`` is a ``Checker`` for ``Engine.run``: a pool of worker processes, each of
which builds its own ``Engine`` from the run's configuration, loads the language model and
the spaCy pipeline once (in its initializer) and checks batch after batch. Workers get an
equal share of the CPUs for their torch threads, so that N workers do not oversubscribe the
cores. A failure in one batch is an error for its documents only; a worker that dies takes
only the batches it had.
"""

from __future__ import annotations

import os
from concurrent.futures import BrokenExecutor, Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass

from mtqa.config import Config
from mtqa.document import Document
from mtqa.engine import Engine, Outcome, WorkerFailed

#: How many times a run replaces a pool whose worker died before it gives up on the pool.
MAX_RESTARTS = 3


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


#: The worker process's engine, or why it has none (said by the parent's first submission).
_engine: Engine | None = None
_failure: str | None = None


def _start_worker(setup: _Setup) -> None:
    """Pool initializer: runs once in each worker, before its first batch."""
    import signal

    global _engine, _failure
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops us
    threads = str(setup.threads)
    for variable in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        os.environ[variable] = threads
    engine = Engine(setup.config)
    try:
        model = engine.model
    except Exception as error:  # reported by _worker_signature, in the parent
        _failure = f"cannot load the language model: {error}"
        return
    if model is not None:
        import torch

        torch.set_num_threads(setup.threads)
    engine.warm_up()
    _engine = engine


def _worker_engine() -> Engine:
    if _engine is None:
        raise WorkerFailed(_failure or "the worker did not start")
    return _engine


def _worker_signature() -> str:
    return _worker_engine().check_signature


def _worker_check(documents: list[Document]) -> list[Outcome]:
    return _worker_engine().check(documents)


class WorkerPool:
    """Checks batches in ``jobs`` worker processes. Every worker starts (and loads its
    model) when the pool is made; ``check_signature`` comes from a worker, so that this
    process never loads the model. Raises ``WorkerFailed`` when a worker cannot start."""

    def __init__(self, config: Config, jobs: int) -> None:
        self.jobs = jobs
        self._setup = _Setup(config, max(1, cpus() // jobs))
        self._restarts = 0
        self._pool: Executor | None = self._start()
        signatures = [self._pool.submit(_worker_signature) for _ in range(jobs)]
        try:
            self.check_signature = signatures[0].result()
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
        if self._pool is None:
            raise RuntimeError("the worker pool is closed")
        try:
            return self._pool.submit(_worker_check, documents)
        except BrokenExecutor as error:
            # A worker died (killed, out of memory): the batches it had fail, as errors for
            # their documents; a new pool takes the rest (a few times at most).
            if self._restarts >= MAX_RESTARTS:
                done: Future[list[Outcome]] = Future()
                done.set_exception(error)
                return done
            self._restarts += 1
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = self._start()
            return self._pool.submit(_worker_check, documents)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
