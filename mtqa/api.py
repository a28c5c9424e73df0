"""The Python API: check texts, files and translation pairs as ``mtqa check`` does.

::

    import mtqa

    report = mtqa.check(Path("fixtures/articles/seed_putin.txt"), model=False)
    for finding in report.findings:
        text = report.text_of(finding)[finding.start : finding.end]
        print(finding.code, finding.severity.label, repr(text), finding.message)

    pairs = [("他在会上发表了讲话。", "He gave a speech at the meeting and cried.")]
    for outcome in mtqa.check_many(pairs, lang="zh-en"):
        ...  # a mtqa.findings.Report, or a mtqa.findings.DocumentError

Both return the frozen dataclasses that the CLI writes (``Report.to_dict()`` is the
``mtqa.report/1`` JSON of ``mtqa check --format jsonl``), made by the same
``mtqa.engine.Engine`` with the same configuration, so their findings, offsets, scores and
signature are those of ``mtqa check`` on the same input. An input that cannot be read or
checked is a ``DocumentError`` in its place, never an exception; a configuration that cannot
be used is a ``mtqa.config.ConfigError`` (a ``ValueError``), and a model that is asked for
but not installed is a ``mtqa.models.lm.ModelNotInstalled``, both raised when ``check`` or
``check_many`` is called.

Engines are kept per configuration for the life of the process (the last
``ENGINES_KEPT``), and the model behind them is loaded once per process per model
(``mtqa.models.lm.load`` keeps it by the model's name or folder): only the first call that
needs the model pays for loading it.
"""

from __future__ import annotations

import dataclasses
import os
import threading
import warnings
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from mtqa.config import Config, ConfigError
from mtqa.document import Document
from mtqa.engine import Engine, refuse_unknown_codes
from mtqa.findings import DocumentError, Report

__all__ = ["Input", "Outcome", "check", "check_many"]

#: What ``check`` and ``check_many`` take: a text (``str``, always the text itself: a string
#: that happens to name a file is not read, so user text cannot make a service read files), a
#: path (``os.PathLike``, such as ``pathlib.Path``), a ``(source, target)`` pair, a feed record (a
#: mapping with ``mt`` or ``target``, and optionally ``id``, ``source``, ``reference``,
#: ``src_lang``, ``tgt_lang``) or a ``mtqa.document.Document``.
Input = str | os.PathLike[str] | tuple[str, str] | Mapping[str, Any] | Document
Outcome = Report | DocumentError

#: The path of a document given as text, a pair or a record; its id is ``<text>:N``, N its
#: 1-based position among the inputs (as a feed record without an id is ``PATH:LINE``).
TEXT_PATH = "<text>"
#: Engines kept, one per configuration (each holds its selected checks and signature; the
#: model itself is shared by every engine that uses it).
ENGINES_KEPT = 8

_engines: OrderedDict[Config, Engine] = OrderedDict()
_lock = threading.Lock()


def check(
    text_or_path: Input,
    source: str | os.PathLike[str] | None = None,
    lang: str | None = None,
    source_lang: str | None = None,
    config: Config | Mapping[str, Any] | str | os.PathLike[str] | None = None,
    model: bool | None = None,
    *,
    id: str | None = None,
) -> Outcome:
    """The report of one document, or the ``DocumentError`` that says why it has none.

    ``text_or_path`` is a text (a ``str`` is always the text itself), a path
    (``os.PathLike``) to one document (an article, an HTML page, a
    bilingual file, a feed of one record), a ``(source, target)`` pair, a feed record or a
    ``Document``. ``source`` is the source text (or a ``Path`` to it, as ``--source`` is) of a
    text or an article file: its sentences are aligned with the translation's. ``lang`` is
    the target language (``"en"``) or the pair (``"zh-en"``), ``source_lang`` the source
    language; ``config`` a ``Config``, a dict of its fields or of ``mtqa.toml`` keys, or a
    path to ``mtqa.toml``/``pyproject.toml`` (by default, the file ``mtqa check`` would find
    from the current folder); ``model=False`` runs the rules alone (as ``--no-model``).
    Left as None, ``lang``, ``source_lang`` and ``model`` are the configuration's (English,
    unknown, the model). ``id`` names a document given as text (default ``<text>:1``).

    A path that holds several documents (a folder, a feed) is a ``ValueError``: use
    ``check_many``.
    """
    if source is not None and not isinstance(text_or_path, str | os.PathLike):
        raise ValueError("source= goes with a text or a path; a pair or a record has its own")
    engine = _prepare(config, lang, source_lang, model)
    items = _items_of(text_or_path, 1, engine.config, source=source, id=id)
    first = next(items, None)
    if first is None:
        return DocumentError(str(text_or_path), "no document to check (an empty folder?)")
    if next(items, None) is not None:
        raise ValueError(f"{text_or_path} holds more than one document: use mtqa.check_many")
    for checked in engine.run([first]):
        return checked.outcome
    raise AssertionError("the engine returned no outcome")  # pragma: no cover


def check_many(
    items: Iterable[Input],
    lang: str | None = None,
    source_lang: str | None = None,
    config: Config | Mapping[str, Any] | str | os.PathLike[str] | None = None,
    model: bool | None = None,
    *,
    cache: bool | str | os.PathLike[str] = False,
) -> Iterator[Outcome]:
    """A report (or a ``DocumentError``) for every document of ``items``, in order.

    Each item is what ``check`` takes; a path to a folder or a feed gives one outcome per
    document in it, in the order ``mtqa check`` reads them. ``items`` is read lazily, a
    batch (``mtqa.engine.BATCH_DOCUMENTS``) ahead of what has been handed back, so it can be
    a generator of any length. The configuration is resolved and the model loaded when this
    is called (errors are raised here), the documents checked as the iterator is consumed.
    ``cache=True`` uses the result cache in the user cache folder (as ``mtqa check`` does),
    a path one in that folder; by default nothing is cached.
    """
    engine = _prepare(config, lang, source_lang, model)
    return _stream(engine, items, cache)


def _stream(
    engine: Engine, inputs: Iterable[Input], cache: bool | str | os.PathLike[str]
) -> Iterator[Outcome]:
    store = _open_cache(cache)
    try:
        documents = (
            item
            for number, given in enumerate(inputs, start=1)
            for item in _items_of(given, number, engine.config)
        )
        for checked in engine.run(documents, store):
            yield checked.outcome
    finally:
        if store is not None:
            store.close()


def _open_cache(cache: bool | str | os.PathLike[str]) -> Any:
    if cache is False:
        return None
    from mtqa.cache import ResultCache, default_folder

    store = ResultCache(default_folder() if cache is True else Path(cache))
    if store.warning:
        warnings.warn(store.warning, RuntimeWarning, stacklevel=3)
    return store


# --- configuration and engines -------------------------------------------------------------


def _prepare(
    config: Config | Mapping[str, Any] | str | os.PathLike[str] | None,
    lang: str | None,
    source_lang: str | None,
    model: bool | None,
) -> Engine:
    """The engine for the resolved configuration, its model loaded (once per process)."""
    from mtqa import config as config_module
    from mtqa.registry import deprecation

    cfg = resolve_config(config)
    if lang is not None:
        source, target = config_module.parse_lang(lang)
        cfg = dataclasses.replace(cfg, target_lang=target, source_lang=source or cfg.source_lang)
    if source_lang is not None:
        cfg = dataclasses.replace(cfg, source_lang=source_lang.lower())
    if model is not None:
        cfg = dataclasses.replace(cfg, use_model=bool(model))
    refuse_unknown_codes(cfg)
    for prefix in cfg.given_prefixes():
        message = deprecation(prefix)
        if message is not None:
            warnings.warn(message, DeprecationWarning, stacklevel=3)
    engine = _engine(cfg)
    _ = engine.check_signature  # loads the model, when one is needed, before any input
    return engine


def _engine(config: Config) -> Engine:
    with _lock:
        engine = _engines.pop(config, None) or Engine(config)
        _engines[config] = engine
        while len(_engines) > ENGINES_KEPT:
            _engines.popitem(last=False)
        return engine


#: Config fields whose value is a tuple (a list given in a dict is taken as one).
_TUPLE_FIELDS = {f.name for f in dataclasses.fields(Config) if str(f.type).startswith("tuple")}


def resolve_config(config: Config | Mapping[str, Any] | str | os.PathLike[str] | None) -> Config:
    """A ``Config`` from what ``check`` takes: a ``Config``; a dict of ``Config`` fields
    (``{"select": ["F2"], "use_model": False}``) or of ``mtqa.toml`` keys (``{"fail-on":
    "minor", "no-model": true}``); a path to ``mtqa.toml`` or ``pyproject.toml``; or None,
    the file that ``mtqa check`` finds from the current folder up (else the defaults).
    ``ConfigError`` when it cannot be used."""
    from mtqa import config as config_module

    if isinstance(config, Config):
        return config
    if config is None:
        return config_module.load(config_module.find_config_file(Path.cwd()))
    if isinstance(config, str | os.PathLike):
        path = Path(config)
        if not path.is_file():
            raise ConfigError(f"configuration file {path} not found")
        return config_module.load(path)
    if not isinstance(config, Mapping):
        raise ConfigError(f"config must be a Config, a dict or a path, not {type(config).__name__}")
    keys, fields = set(config), {f.name for f in dataclasses.fields(Config)}
    toml_keys = config_module._KNOWN_KEYS
    if keys <= toml_keys:
        return config_module.from_mapping(Config(), config, "config")
    if not keys <= fields:
        neither = sorted(keys - fields - toml_keys)
        problem = f"unknown key(s) {neither}" if neither else "Config fields and mtqa.toml keys"
        raise ConfigError(
            f"config: {problem}; a dict holds either Config fields ({', '.join(sorted(fields))}) "
            f"or mtqa.toml keys ({', '.join(sorted(toml_keys))})"
        )
    values: dict[str, Any] = {
        key: tuple(value) if key in _TUPLE_FIELDS and isinstance(value, list) else value
        for key, value in config.items()
    }
    for key, value in values.items():
        _check_field(key, value)
    for key in ("select", "ignore"):
        if key in values:
            values[key] = tuple(str(code).strip().upper() for code in values[key])
    if isinstance(values.get("fail_on"), str):
        values["fail_on"] = config_module.parse_fail_on(values["fail_on"])
    if isinstance(values.get("out_dir"), str):
        values["out_dir"] = Path(values["out_dir"])
    resolved = dataclasses.replace(Config(), **values)
    try:
        hash(resolved)  # engines are kept by configuration
    except TypeError as error:
        raise ConfigError(f"config: a value of the wrong type ({error})") from None
    return resolved


#: Config fields whose value a dict must give with one of these types (None too where the
#: field may be None): checked, since a wrong type would fail only while checking.
_FIELD_TYPES: dict[str, tuple[type, ...]] = {
    "use_model": (bool,),
    "po_fuzzy": (bool,),
    "min_score": (int, float),
    "source_lang": (str,),
    "target_lang": (str,),
    "model": (str,),
    "out_dir": (str, os.PathLike),
    "select": (tuple,),
    "ignore": (tuple,),
}


def _check_field(key: str, value: Any) -> None:
    types = _FIELD_TYPES.get(key)
    if types is None or (value is None and key in ("min_score", "source_lang", "model")):
        return
    if (isinstance(value, bool) and bool not in types) or not isinstance(value, types):
        wanted = " or ".join("a list" if t is tuple else t.__name__ for t in types)
        raise ConfigError(f"config: {key!r} must be {wanted}, not {value!r}")


# --- inputs ----------------------------------------------------------------------------------


def _items_of(
    given: Any,
    number: int,
    config: Config,
    *,
    source: str | os.PathLike[str] | None = None,
    id: str | None = None,
) -> Iterator[Document | DocumentError]:
    """The documents (or errors) of one input, ``number`` its 1-based position."""
    from mtqa.readers import _checked

    if isinstance(given, Document):
        yield _checked(given)
    elif isinstance(given, os.PathLike):
        yield from _read_path(os.fspath(given), config, source)
    elif isinstance(given, str):
        if not given.strip():
            name = id if id is not None else f"{TEXT_PATH}:{number}"
            yield DocumentError(TEXT_PATH, "empty document (no text to check)", number, name)
        else:
            yield _from_record({"mt": given}, number, config, source=source, id=id)
    elif isinstance(given, tuple | list) and len(given) == 2:
        yield _from_record({"source": given[0], "mt": given[1]}, number, config, id=id)
    elif isinstance(given, Mapping):
        record = dict(given)
        if "mt" not in record and "target" in record:
            record["mt"] = record.pop("target")
        yield _from_record(record, number, config, id=id)
    else:
        kind = type(given).__name__
        message = f"not a text, a path, a (source, target) pair, a record or a Document: {kind}"
        yield DocumentError(TEXT_PATH, message, line=number, id=f"{TEXT_PATH}:{number}")


def _from_record(
    record: dict[str, Any],
    number: int,
    config: Config,
    *,
    source: str | os.PathLike[str] | None = None,
    id: str | None = None,
) -> Document | DocumentError:
    """A text, pair or record as ``mtqa check`` reads a feed record (every field checked)."""
    from mtqa.readers import _checked
    from mtqa.readers.decode import ReadError
    from mtqa.readers.feed import document_from_record

    if id is not None:
        record.setdefault("id", id)
    try:
        if source is not None:
            record["source"] = _source_text(source)[1]
        document = document_from_record(
            TEXT_PATH, number, record, {}, config.source_lang, config.target_lang
        )
    except ReadError as error:
        raw = record.get("id")
        name = raw if isinstance(raw, str) and _checked_text(raw) else f"{TEXT_PATH}:{number}"
        return DocumentError(TEXT_PATH, error.message, line=number, id=name)
    return _checked(document)


def _checked_text(text: str) -> bool:
    from mtqa.readers.decode import lone_surrogate

    return lone_surrogate(text) is None


def _source_text(source: str | os.PathLike[str]) -> tuple[str, str]:
    """``(name, text)`` of a source given as text or as a path (``ReadError`` when the file
    cannot be read)."""
    from mtqa.readers.decode import ReadError, decode

    if isinstance(source, str):
        return TEXT_PATH, source
    path = os.fspath(source)
    try:
        return path, decode(Path(path).read_bytes()).text
    except OSError as error:
        raise ReadError(f"cannot read the source {path}: {error.strerror or error}") from None


def _read_path(
    path: str, config: Config, source: str | os.PathLike[str] | None
) -> Iterator[Document | DocumentError]:
    """The documents of ``path`` as ``mtqa check PATH [--source SOURCE]`` reads them."""
    from mtqa.readers import read_paths
    from mtqa.readers.bitext import with_source
    from mtqa.readers.decode import ReadError

    for item in read_paths([path], config.source_lang, config.target_lang):
        if source is None or isinstance(item, DocumentError):
            yield item
            continue
        try:
            yield with_source(item, _source_text(source), None, "sentences")
        except ReadError as error:
            yield DocumentError(item.path, error.message, line=error.line, id=item.id)
