"""The engine: a ``Config`` turned into checked reports.

An ``Engine`` owns what every way of running mtqa needs: the checks the configuration
selects, the language model (loaded on first use, and only when a selected check needs it),
the run's signature, the batch size, and the loop that reads documents in batches, looks
them up in the result cache, checks the rest and hands back every outcome in input order.
``mtqa check`` and ``mtqa eval`` build one; so does every ``--jobs`` worker process
(``mtqa.parallel``) and every Dask worker (``mtqa.distributed``).

Checking happens through a ``Checker``: the engine itself (in this process), or a
``mtqa.parallel.WorkerPool`` whose workers each hold an engine of their own. A checker
returns checked reports, which depend only on what was checked; the result cache is keyed by
exactly that, and what the run decides about them (``mtqa.gate``: the baseline, --fail-on,
--min-score) is decided after the cache, so that changing the gate reuses every cached
report.
"""

from __future__ import annotations

import functools
from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from mtqa.config import Config, ConfigError
from mtqa.document import Document
from mtqa.findings import DocumentError, Report
from mtqa.gate import Gate, decide

if TYPE_CHECKING:
    from mtqa.cache import ResultCache
    from mtqa.registry import Check

#: Documents checked together: spaCy parses a batch faster than its documents one by one.
BATCH_DOCUMENTS = 16

Outcome = Report | DocumentError

_WARM_UP = (
    "Talks resume in Geneva\n\nThe minister said on Monday that it was ready to talk. "
    "Its delegation will travel to Geneva next week, officials added.\n"
)


class WorkerFailed(RuntimeError):
    """A worker could not start (its model did not load): the run cannot go on."""


class Checker(Protocol):
    """What checks batches for ``Engine.run``: the engine itself, or a pool of workers."""

    @property
    def jobs(self) -> int: ...

    @property
    def check_signature(self) -> str: ...

    def submit(self, documents: list[Document]) -> Future[list[Outcome]]: ...


@dataclass(frozen=True)
class Checked:
    """One item read, what became of it (its report, or why it has none), and whether the
    report came from the result cache."""

    item: Document | DocumentError
    outcome: Outcome
    cached: bool


def refuse_unknown_codes(config: Config) -> None:
    """ConfigError naming the select/ignore entries that match no check (see `mtqa rules`):
    a typo would otherwise turn every check off and pass the gate."""
    from mtqa.checks import ALL_CHECKS

    unknown = config.unknown_prefixes(ALL_CHECKS)
    if unknown:
        names = ", ".join(repr(p) for p in unknown)
        raise ConfigError(f"no check has a code starting with {names} (see `mtqa rules`)")


class Engine:
    """Checks documents as ``config`` says. Nothing heavy happens until it is needed: the
    model loads on the first access to ``model`` or ``signature`` (a ``ModelLoadError``,
    or whatever the model library raises, comes from there)."""

    jobs = 1
    batch_size = BATCH_DOCUMENTS

    def __init__(self, config: Config) -> None:
        from mtqa.checks import ALL_CHECKS

        self.config = config
        self.checks: tuple[Check, ...] = tuple(config.enabled(ALL_CHECKS))

    @property
    def needs_model(self) -> bool:
        """Whether the run asks for the model and a selected check needs it."""
        return self.config.use_model and any("lm" in c.requires for c in self.checks)

    def require_model(self) -> None:
        """``mtqa.models.lm.ModelNotInstalled`` when the model is needed and the ``model``
        extra is not installed; imports nothing heavy (so a pool of workers can be refused
        before it starts)."""
        if self.needs_model:
            from mtqa.models import lm

            lm.require_installed(self.config.model)

    @functools.cached_property
    def model(self) -> Any:
        """The language model when a selected check needs it, else None."""
        if not self.needs_model:
            return None
        from mtqa.models import lm

        return lm.load(self.config.model)

    @functools.cached_property
    def check_signature(self) -> str:
        """What was checked, as a stamp (it names the model, so it loads the model)."""
        from mtqa.runner import check_signature

        identity = self.model.identity if self.model is not None else None
        return check_signature(self.config, self.checks, identity)

    @property
    def signature(self) -> str:
        """The run's reproducibility stamp: what was checked, and the gate."""
        return self.gate.sign(self.check_signature)

    @functools.cached_property
    def gate(self) -> Gate:
        return Gate.of(self.config)

    def decide(self, report: Report, check_signature: str | None = None) -> Report:
        """The run's report of a checked report (``mtqa.gate.decide``)."""
        sig = self.gate.sign(check_signature or self.check_signature)
        return decide(report, self.config, sig)

    def check(self, documents: Sequence[Document]) -> list[Outcome]:
        """Checked reports for ``documents``, in order, in this process (``decide`` makes
        them the run's). A document that cannot be checked becomes an error and never takes
        the others down with it."""
        from mtqa.runner import check, check_many

        sig, model = self.check_signature, self.model
        try:
            outcomes: list[Any] = check_many(documents, self.config, self.checks, sig, model)
        except Exception:  # the batch failed as a whole: check one document at a time
            outcomes = []
            for document in documents:
                try:
                    outcomes.append(check(document, self.config, self.checks, sig, model))
                except Exception as error:
                    outcomes.append(error)
        return [
            outcome
            if not isinstance(outcome, Exception)
            else DocumentError(document.path, f"could not be checked: {outcome}", id=document.id)
            for document, outcome in zip(documents, outcomes, strict=True)
        ]

    def warm_up(self) -> None:
        """Load everything the checks load lazily (the pipeline, the entity recognizer, the
        language identifier, word frequencies), so that start-up is over before the first
        batch."""
        self.check([Document("warm-up", "-", _WARM_UP, target_lang=self.config.target_lang)])

    def submit(self, documents: list[Document]) -> Future[list[Outcome]]:
        """``check`` as a ``Checker``: the future is done when this returns."""
        done: Future[list[Outcome]] = Future()
        done.set_result(self.check(documents))
        return done

    def run(
        self,
        items: Iterable[Document | DocumentError],
        cache: ResultCache | None = None,
        checker: Checker | None = None,
    ) -> Iterator[Checked]:
        """Every item in input order with its outcome, the run's report or why it has none.
        Documents go in batches of ``batch_size``: what the cache knows is taken from it,
        the rest is checked by ``checker`` (this engine by default), and the new checked
        reports are stored in the cache a batch at a time; then each report is decided.
        Raises ``WorkerFailed`` when the checker cannot go on."""
        from mtqa.cache import run_key

        chosen: Checker = checker if checker is not None else self
        checked_as = chosen.check_signature
        run = run_key(self.config, checked_as)
        # Batches in flight beyond the one being handed back: enough to keep workers busy.
        ahead = 2 * (chosen.jobs - 1)
        in_flight: deque[_Batch] = deque()
        pending: list[Document | DocumentError] = []
        for item in items:
            pending.append(item)
            if len(pending) >= self.batch_size:
                in_flight.append(_submit(pending, cache, run, chosen))
                pending = []
            while len(in_flight) > ahead:
                yield from self._decided(_outcomes(in_flight.popleft(), cache), checked_as)
        in_flight.append(_submit(pending, cache, run, chosen))
        while in_flight:
            yield from self._decided(_outcomes(in_flight.popleft(), cache), checked_as)

    def _decided(self, outcomes: list[Checked], checked_as: str) -> Iterator[Checked]:
        for checked in outcomes:
            if isinstance(checked.outcome, Report):
                outcome = self.decide(checked.outcome, checked_as)
                yield Checked(checked.item, outcome, checked.cached)
            else:
                yield checked


@dataclass(frozen=True)
class _Batch:
    """Items read, the cache keys of their documents, what the cache knew, and the future
    outcomes of the documents it did not know."""

    items: list[Document | DocumentError]
    keys: list[str]
    known: Mapping[str, Report]
    todo: list[Document]
    fresh: Future[list[Outcome]]


def _submit(
    items: list[Document | DocumentError], cache: ResultCache | None, run: str, checker: Checker
) -> _Batch:
    """Look ``items`` up in the cache and send the documents it does not know to be checked."""
    from mtqa.cache import document_key

    documents = [item for item in items if not isinstance(item, DocumentError)]
    keys = [document_key(d, run) if cache is not None else "" for d in documents]
    known = cache.get_many([k for k in keys if k]) if cache is not None else {}
    todo = [d for d, key in zip(documents, keys, strict=True) if key not in known]
    return _Batch(list(items), keys, known, todo, checker.submit(todo))


def _outcomes(batch: _Batch, cache: ResultCache | None) -> list[Checked]:
    """Each item of ``batch`` with its outcome; the new reports are stored in the cache."""
    try:
        results = batch.fresh.result()
    except WorkerFailed:
        raise
    except Exception as error:  # a worker process died (killed, out of memory): this batch
        reason = f"could not be checked: the worker process failed ({type(error).__name__})"
        results = [DocumentError(d.path, reason, id=d.id) for d in batch.todo]
    fresh = iter(results)
    key_of = iter(batch.keys)
    stored: dict[str, Report] = {}
    outcomes: list[Checked] = []
    for item in batch.items:
        if isinstance(item, DocumentError):
            outcomes.append(Checked(item, item, False))
            continue
        key = next(key_of)
        if key in batch.known:
            outcomes.append(Checked(item, batch.known[key], True))
            continue
        outcome = next(fresh)
        if key and not isinstance(outcome, DocumentError):
            stored[key] = outcome
        outcomes.append(Checked(item, outcome, False))
    if cache is not None:
        cache.put_many(stored)
    return outcomes
