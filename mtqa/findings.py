"""Severity, Hit, Finding, Report and DocumentError: the data every stage passes on.

All are frozen dataclasses; ``to_dict()`` gives the JSON shape of the report schema
``mtqa.report/1`` (docs/report-schema.md). Formatting for humans lives in ``mtqa.reporters``.
``to_data`` and ``from_data`` are another, lossless JSON form of a report, for the result
cache: the schema rounds scores and leaves fields out, so it cannot be read back exactly.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import hashlib
import types
import typing
from dataclasses import dataclass, field
from typing import Any, TypeVar

from mtqa.document import Unit

T = TypeVar("T")

REPORT_SCHEMA = "mtqa.report/1"


class Severity(enum.IntEnum):
    """MQM severity levels, ordered so that comparisons mean "at least as bad as"."""

    NEUTRAL = 0
    MINOR = 1
    MAJOR = 2
    CRITICAL = 3

    @classmethod
    def parse(cls, name: str) -> Severity:
        try:
            return cls[name.strip().upper()]
        except KeyError:
            choices = ", ".join(s.label for s in cls)
            raise ValueError(f"unknown severity {name!r} (choose from {choices})") from None

    @property
    def label(self) -> str:
        return self.name.lower()


@dataclass(frozen=True)
class Hit:
    """What a check yields: a span of the target text and why it looks wrong.

    ``start``/``end`` are Python string indices into the document's target text (end
    exclusive). The runner turns a hit into a ``Finding`` with the check's code, name,
    category and severity; a check may raise or lower the severity with ``severity``.
    """

    start: int
    end: int
    message: str
    confidence: float = 0.8
    evidence: str | None = None
    suggestion: str | None = None
    severity: Severity | None = None


@dataclass(frozen=True)
class Finding:
    """An issue found automatically in a document (an MQM *issue*, not a confirmed error)."""

    code: str
    name: str
    category: str
    severity: Severity
    start: int
    end: int
    text: str
    sentence: int | None
    message: str
    confidence: float
    origin: str
    evidence: str | None = None
    suggestion: str | None = None
    unit: str | None = None
    #: Stable identity for baselines (see ``fingerprint_of``); set by the runner.
    fingerprint: str = ""
    #: The fingerprint under the check's deprecated old code (``registry.ALIASES``), for a
    #: check that was renamed: a baseline written before the rename still hides the
    #: finding. Not in the JSON report; it goes when the alias goes.
    former_fingerprint: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "code": self.code,
            "name": self.name,
            "category": self.category,
            "severity": self.severity.label,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "sentence": self.sentence,
            "message": self.message,
            "confidence": round(self.confidence, 3),
            "origin": self.origin,
            "evidence": self.evidence,
            "suggestion": self.suggestion,
            "fingerprint": self.fingerprint,
        }
        if self.unit is not None:
            data["unit"] = self.unit
        return data


def fingerprint_of(code: str, unit: str | None, context: str, text: str, occurrence: int) -> str:
    """A finding's identity that survives edits elsewhere in the document: the check, the
    unit, the flagged text, the text of its sentence (whitespace-normalised) and which
    occurrence of the same flag in that sentence it is. Offsets are left out on purpose."""
    normalised = " ".join(context.split()).lower()
    key = "\x1f".join((code, unit or "", normalised, text.strip().lower(), str(occurrence)))
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class SentenceScore:
    """A sentence of the target text, with its model fluency when a model ran."""

    start: int
    end: int
    kind: str
    fluency: float | None = None
    #: In a bilingual file: the unit whose target ``start``/``end`` index.
    unit: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "start": self.start,
            "end": self.end,
            "kind": self.kind,
            "fluency": self.fluency,
        }
        if self.unit is not None:
            data["unit"] = self.unit
        return data


@dataclass(frozen=True)
class MetricScores:
    """sacrebleu's BLEU, chrF and TER of a translation against its reference."""

    bleu: float
    chrf: float
    ter: float

    def to_dict(self) -> dict[str, Any]:
        return {"bleu": round(self.bleu, 2), "chrf": round(self.chrf, 2), "ter": round(self.ter, 2)}


@dataclass(frozen=True)
class ReferenceScores:
    """Reference-based metrics for a document (corpus-level over its segments) and, for a
    bilingual file, per unit; ``signatures`` are sacrebleu's, for reproducibility."""

    document: MetricScores
    signatures: tuple[tuple[str, str], ...]
    segments: int
    units: tuple[tuple[str, MetricScores], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.document.to_dict(),
            "segments": self.segments,
            "signatures": dict(self.signatures),
        }


@dataclass(frozen=True)
class Score:
    """Document scores. ``overall`` is in [0, 100], higher is better."""

    overall: float
    mqm_penalty: float
    fluency: float | None = None
    adequacy: float | None = None
    reference: ReferenceScores | None = None
    #: The model's share of the penalty points (the head's predicted penalty summed over the
    #: sentences), when the model ran: the score is recomputed from it and the findings
    #: when a baseline hides some of them.
    model_points: float | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "overall": round(self.overall, 2),
            "mqm_penalty": round(self.mqm_penalty, 2),
            "fluency": None if self.fluency is None else round(self.fluency, 4),
            "adequacy": None if self.adequacy is None else round(self.adequacy, 4),
        }
        if self.reference is not None:
            data["reference"] = self.reference.to_dict()
        return data


@dataclass(frozen=True)
class Report:
    """Everything mtqa says about one document."""

    id: str
    path: str
    source_lang: str | None
    target_lang: str
    words: int
    score: Score
    flagged: bool
    findings: tuple[Finding, ...]
    sentences: tuple[SentenceScore, ...]
    signature: str
    encoding: str = "utf-8"
    notes: tuple[str, ...] = field(default_factory=tuple)
    #: The text that the offsets of findings and sentences without a unit index: the
    #: document's target as read (for HTML, the extracted text; for a bilingual file, its
    #: units' targets joined).
    target: str = ""
    #: A bilingual file's units: findings with a ``unit`` index that unit's target.
    units: tuple[Unit, ...] = ()
    #: How the document was read ("text" or "html"). The JSON report carries the target of
    #: HTML input only: the offsets of any other report index its file's own text.
    markup: str = "text"
    #: The document's source text, when it has one.
    source: str | None = None

    @functools.cached_property
    def _units_by_id(self) -> dict[str, Unit]:
        return {u.id: u for u in self.units}

    def unit_of(self, finding: Finding) -> Unit | None:
        """The unit of a bilingual file's finding, or None."""
        return self._units_by_id.get(finding.unit) if finding.unit is not None else None

    def text_of(self, finding: Finding) -> str:
        """The text ``finding``'s offsets index: its unit's target, or the document's."""
        unit = self.unit_of(finding)
        return unit.target if unit is not None else self.target

    def _units_to_dict(self) -> list[dict[str, Any]]:
        per_unit = dict(self.score.reference.units) if self.score.reference else {}
        out = []
        for u in self.units:
            item: dict[str, Any] = {"id": u.id, "source": u.source, "target": u.target}
            if u.line is not None:
                item["line"] = u.line
            if u.notes:
                item["notes"] = list(u.notes)
            if u.reference is not None:
                item["reference"] = u.reference
            if u.context is not None:
                item["context"] = u.context
            if u.plural is not None:
                item["plural"] = u.plural
            if u.id in per_unit:
                item["scores"] = per_unit[u.id].to_dict()
            out.append(item)
        return out

    def worst(self) -> Severity | None:
        return max((f.severity for f in self.findings), default=None)

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": REPORT_SCHEMA,
            "id": self.id,
            "path": self.path,
            "lang": {"source": self.source_lang, "target": self.target_lang},
            "encoding": self.encoding,
            "words": self.words,
            "score": self.score.to_dict(),
            "flagged": self.flagged,
            "findings": [f.to_dict() for f in self.findings],
            "sentences": [s.to_dict() for s in self.sentences],
            "notes": list(self.notes),
            "signature": self.signature,
            **({"target": self.target} if self.markup == "html" else {}),
            **({"units": self._units_to_dict()} if self.units else {}),
        }


@dataclass(frozen=True)
class DocumentError:
    """A document (or a record of a feed) that could not be read or checked."""

    path: str
    message: str
    line: int | None = None
    id: str | None = None

    def describe(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.message}"

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "line": self.line, "id": self.id, "error": self.message}


# --- the lossless data form (result cache) -------------------------------------------------


class DataError(ValueError):
    """Data that is not the data form of the type it was read as."""


@functools.cache
def _fields(cls: Any) -> tuple[tuple[str, Any], ...]:
    """A dataclass's fields with their declared types, resolved (annotations are strings)."""
    hints = typing.get_type_hints(cls)
    return tuple((f.name, hints[f.name]) for f in dataclasses.fields(cls))


def _optional(kind: Any) -> Any:
    """``X`` of a declared ``X | None``, or None when ``kind`` is no such union."""
    if typing.get_origin(kind) not in (typing.Union, types.UnionType):
        return None
    args = typing.get_args(kind)
    if len(args) != 2 or type(None) not in args:
        raise TypeError(f"unsupported union {kind}")
    return next(a for a in args if a is not type(None))


def _items(kind: Any, length: int) -> list[Any]:
    """The declared type of each item of a ``tuple[...]`` of ``length`` items."""
    args = typing.get_args(kind)
    if len(args) == 2 and args[1] is Ellipsis:
        return [args[0]] * length
    if length != len(args):
        raise DataError(f"{length} items where {kind} has {len(args)}")
    return list(args)


_SCALARS = (str, int, float, bool)


def _is_scalar(kind: Any, value: Any) -> bool:
    # exact types: a bool is no int here, and an int where a float is declared stays an int
    # (it renders differently: "100" against "100.0")
    return type(value) is kind or (kind is float and type(value) is int)


def _encode(kind: Any, value: Any) -> Any:
    """``value``, declared ``kind``, as JSON data. Types are checked exactly (a list where a
    tuple is declared is refused) so that decoding gives back an equal value of equal types."""
    inner = _optional(kind)
    if inner is not None:
        return None if value is None else _encode(inner, value)
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        fields = _fields(kind)
        if type(value) is not kind:
            raise TypeError(f"{type(value).__name__} where {kind.__name__} is declared")
        return {name: _encode(hint, getattr(value, name)) for name, hint in fields}
    if typing.get_origin(kind) is tuple:
        if type(value) is not tuple:
            raise TypeError(f"{type(value).__name__} where {kind} is declared")
        return [_encode(k, v) for k, v in zip(_items(kind, len(value)), value, strict=True)]
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        if type(value) is not kind:
            raise TypeError(f"{type(value).__name__} where {kind.__name__} is declared")
        return value.value
    if kind in _SCALARS and _is_scalar(kind, value):
        return value
    raise TypeError(f"cannot store {type(value).__name__} declared {kind}")


def _decode(kind: Any, data: Any) -> Any:
    """The value of declared type ``kind`` whose data form is ``data``; DataError for data
    that ``_encode`` would not have written."""
    inner = _optional(kind)
    if inner is not None:
        return None if data is None else _decode(inner, data)
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        fields = _fields(kind)
        if type(data) is not dict or data.keys() != {name for name, _ in fields}:
            raise DataError(f"not the fields of {kind.__name__}")
        return kind(**{name: _decode(hint, data[name]) for name, hint in fields})
    if typing.get_origin(kind) is tuple:
        if type(data) is not list:
            raise DataError(f"{type(data).__name__} where {kind} is declared")
        return tuple(_decode(k, d) for k, d in zip(_items(kind, len(data)), data, strict=True))
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        try:
            return kind(data)
        except ValueError:
            raise DataError(f"{data!r} is no {kind.__name__}") from None
    if kind not in _SCALARS:
        raise TypeError(f"cannot read {kind}")
    if not _is_scalar(kind, data):
        raise DataError(f"{type(data).__name__} where {kind.__name__} is declared")
    return data


def to_data(value: Any) -> dict[str, Any]:
    """``value`` (a ``Report``, or another dataclass of this module) as JSON-ready data that
    ``from_data`` turns back into an equal value: every field, nothing rounded. TypeError
    when a field holds something that its declared type does not describe exactly."""
    if not dataclasses.is_dataclass(value) or isinstance(value, type):
        raise TypeError(f"not a dataclass instance: {type(value).__name__}")
    data: dict[str, Any] = _encode(type(value), value)
    return data


def from_data(cls: type[T], data: Any) -> T:
    """The ``cls`` whose ``to_data`` is ``data`` (decoded JSON); DataError for anything else
    (a missing or unknown field, a value of another type, an unknown severity)."""
    value: T = _decode(cls, data)
    return value
