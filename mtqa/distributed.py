"""Checking documents on a Dask cluster (``pip install 'mtqa[dask]'``).

``check_bag`` maps a ``dask.bag.Bag`` of documents to a bag of JSON reports, and
``check_dataframe`` does the same for a ``dask.dataframe.DataFrame`` with feed columns
(``id``, ``mt``, and optionally ``source``, ``reference``, ``src_lang``, ``tgt_lang``)::

    import dask.bag as db
    from dask.distributed import Client
    from mtqa.config import Config
    from mtqa.distributed import check_bag

    client = Client("scheduler:8786")              # or LocalCluster(n_workers=...)
    records = db.read_text("feeds/*.jsonl").map(json.loads)
    reports = check_bag(records, Config(use_model=True), path="feeds").compute()

Each item of the input is a feed record (a mapping, as a JSONL line or a dataframe row) or a
``mtqa.document.Document``. Each item of the output is what ``mtqa check --format jsonl``
writes for it, as a dict: a report (``mtqa.report/1``, identical to the CLI's for the same
document and configuration) or, for a record that is not a valid document, an error
(``mtqa.error/1``). Records without an ``id`` are named ``PATH:PARTITION:N``.

Every worker process loads the spaCy pipeline and, when ``config.use_model`` is set, the
language model once, on its first partition, and keeps them for every later partition of
any computation with the same configuration. The model comes from the installed package (or
``config.model``, a local folder that every worker can read); nothing is downloaded.
Partitions are checked in batches of ``mtqa.engine.BATCH_DOCUMENTS`` documents, by the same
``Engine`` as ``mtqa check`` uses.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Iterable, Mapping
from typing import Any

from mtqa.config import Config
from mtqa.document import Document
from mtqa.engine import Engine
from mtqa.findings import DocumentError

#: Per worker process: an engine per configuration, and how many times a model was loaded
#: here (the tests read it to prove one load per worker).
_engines: dict[Config, Engine] = {}
_lock = threading.Lock()
loads = 0


def _engine(config: Config) -> Engine:
    """The engine for ``config`` in this process, its model loaded once."""
    global loads
    with _lock:
        if config not in _engines:
            engine = Engine(config)
            _ = engine.check_signature  # loads the model now, under the lock
            _engines[config] = engine
            loads += 1
        return _engines[config]


def _clean(record: Mapping[str, Any]) -> dict[str, Any]:
    """A dataframe row without its missing values (NaN or None), as a feed record."""
    return {
        key: value
        for key, value in record.items()
        if value is not None and not (isinstance(value, float) and math.isnan(value))
    }


def _documents(
    items: Iterable[Any], config: Config, path: str, partition: int
) -> list[Document | DocumentError]:
    from mtqa.readers.decode import ReadError
    from mtqa.readers.feed import document_from_record

    seen: dict[str, int] = {}
    out: list[Document | DocumentError] = []
    for number, item in enumerate(items, start=1):
        if isinstance(item, Document):
            out.append(_checked_document(item, path))
            continue
        fallback = f"{path}:{partition}:{number}"
        if not isinstance(item, Mapping):
            message = f"not a feed record or a Document: {type(item).__name__}"
            out.append(DocumentError(path, message, id=fallback))
            continue
        record = _clean(item)
        record.setdefault("id", fallback)
        try:
            out.append(
                document_from_record(
                    path, number, record, seen, config.source_lang, config.target_lang
                )
            )
        except ReadError as error:
            raw = str(record["id"])
            out.append(DocumentError(path, error.message, id=raw if _encodable(raw) else fallback))
    return out


def _encodable(text: str) -> bool:
    from mtqa.readers.decode import lone_surrogate

    return lone_surrogate(text) is None


def _checked_document(document: Document, path: str) -> Document | DocumentError:
    """``document``, or an error when a text of it cannot be written as UTF-8 (a lone
    surrogate), as the feed reader refuses such records."""
    for name in ("id", "path", "target", "source", "reference"):
        value = getattr(document, name)
        if isinstance(value, str) and not _encodable(value):
            safe_id = document.id if _encodable(document.id) else None
            message = f"field {name!r} has a lone surrogate (not valid Unicode text)"
            return DocumentError(path, message, id=safe_id)
    return document


def check_partition(
    items: Iterable[Any], config: Config, path: str = "dask", partition: int = 0
) -> list[dict[str, Any]]:
    """The JSON reports (and errors) of one partition's documents, in order."""
    engine = _engine(config)
    documents = _documents(items, config, path, partition)
    results: list[dict[str, Any]] = []
    for first in range(0, len(documents), engine.batch_size):
        batch = documents[first : first + engine.batch_size]
        valid = [d for d in batch if isinstance(d, Document)]
        outcomes = iter(engine.check(valid))
        for item in batch:
            outcome = item if isinstance(item, DocumentError) else next(outcomes)
            if isinstance(outcome, DocumentError):
                results.append({"schema": "mtqa.error/1", **outcome.to_dict()})
            else:
                results.append(engine.decide(outcome).to_dict())
    return results


def check_bag(bag: Any, config: Config | None = None, path: str = "dask") -> Any:
    """A bag of JSON reports for a bag of feed records or ``Document``s (lazy: call
    ``.compute()``). ``path`` is the report's ``path`` for records (a Document keeps its
    own)."""
    import dask.bag
    from dask.delayed import delayed

    chosen = config or Config()
    check = delayed(check_partition, pure=True)
    parts = [check(part, chosen, path, n) for n, part in enumerate(bag.to_delayed())]
    from_delayed: Any = dask.bag.from_delayed
    return from_delayed(parts)


def check_dataframe(frame: Any, config: Config | None = None, path: str = "dask") -> Any:
    """``check_bag`` over the rows of a Dask dataframe with feed columns."""
    return check_bag(frame.to_bag(format="dict"), config, path)
