"""Run configuration: ``[tool.mtqa]`` in pyproject.toml, or mtqa.toml, then the command line.

Keys (TOML, kebab-case): ``select``, ``ignore`` (lists of code prefixes), ``severity``
(table of code -> severity), ``fail-on``, ``lang`` ("zh-en" or "en"), ``weights`` (table of
severity -> penalty points), ``out``, ``no-model``, ``model`` (a local Hugging Face causal LM
folder to use instead of the embedded model), ``min-score`` (flag a document whose overall
score is below it), ``per-path-ignores`` (table of path glob -> code prefixes), ``glossary``
(a CSV/TSV/TBX glossary file, relative to the configuration file), ``placeholders`` (the
placeholder dialects of the files: a list such as ``["printf", "qt"]``, or a table of file
glob -> list; a PO message's format flags win), ``translatable-attributes`` (the markup
attributes whose values are translated, such as ``["title", "alt"]``), ``po-fuzzy`` (the
``po`` output format flags a message with a major finding ``fuzzy``).
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from mtqa import dialects, registry
from mtqa.findings import Severity
from mtqa.glossary import Glossary, GlossaryError
from mtqa.glossary import load as load_glossary
from mtqa.placeholders import DEFAULT as DEFAULT_LOCALIZATION
from mtqa.placeholders import Settings
from mtqa.registry import Check

DEFAULT_WEIGHTS: tuple[tuple[Severity, float], ...] = (
    (Severity.NEUTRAL, 0.0),
    (Severity.MINOR, 1.0),
    (Severity.MAJOR, 5.0),
    (Severity.CRITICAL, 25.0),
)
_KNOWN_KEYS = {
    "select",
    "ignore",
    "severity",
    "fail-on",
    "lang",
    "weights",
    "out",
    "no-model",
    "model",
    "min-score",
    "per-path-ignores",
    "glossary",
    "placeholders",
    "translatable-attributes",
    "po-fuzzy",
}


class ConfigError(ValueError):
    """A configuration file or option that cannot be used; the message says which and why."""


@dataclass(frozen=True)
class Config:
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity_overrides: tuple[tuple[str, Severity], ...] = ()
    fail_on: Severity | None = Severity.MAJOR
    weights: tuple[tuple[Severity, float], ...] = DEFAULT_WEIGHTS
    source_lang: str | None = None
    target_lang: str = "en"
    out_dir: Path = Path("mtqa-report")
    use_model: bool = True
    model: str | None = None
    min_score: float | None = None
    #: (path glob, code prefixes) pairs: checks ignored for matching documents.
    per_path_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    #: The folder of the configuration file the per-path ignores came from: their globs
    #: match paths relative to it (as ruff's per-file-ignores do), however a path is given.
    per_path_root: Path | None = None
    #: (document id, finding fingerprint) pairs accepted by ``--baseline``: not reported.
    baseline: frozenset[tuple[str, str]] = frozenset()
    #: Glossary for the terminology checks (``--glossary`` or ``glossary`` in the file).
    glossary: Glossary | None = None
    #: Placeholder dialects per file and translatable attributes (``placeholders``,
    #: ``translatable-attributes``).
    localization: Settings = DEFAULT_LOCALIZATION
    #: ``po-fuzzy`` / ``--po-fuzzy``: the ``po`` output flags messages with a major finding
    #: fuzzy (an output setting: not in the cache key, ``cache.NOT_CHECKED``).
    po_fuzzy: bool = False

    def is_enabled(self, code: str) -> bool:
        """Ruff-style selection: the longest matching prefix of select/ignore decides (a
        deprecated old code or prefix matches the checks whose old code it matches)."""
        selected = registry.match_length(code, self.select or ("",))
        ignored = registry.match_length(code, self.ignore)
        return selected >= 0 and selected > ignored

    def enabled(self, checks: Sequence[Check]) -> list[Check]:
        return [
            c
            for c in checks
            if self.is_enabled(c.code) and (self.use_model or "lm" not in c.requires)
        ]

    def given_prefixes(self) -> list[str]:
        """Every code prefix the configuration names: in ``select``, ``ignore``,
        ``severity`` and ``per-path-ignores``, each once."""
        given = (
            *self.select,
            *self.ignore,
            *(prefix for prefix, _ in self.severity_overrides),
            *(prefix for _, prefixes in self.per_path_ignores for prefix in prefixes),
        )
        return list(dict.fromkeys(given))

    def unknown_prefixes(self, checks: Sequence[Check]) -> list[str]:
        """The code prefixes of ``select``, ``ignore``, ``severity`` and ``per-path-ignores``
        that match no check's code, nor a check's deprecated old code (a typo such as
        ``F2O1`` would otherwise select nothing and let every document pass, or change no
        severity without a word)."""
        return [
            prefix
            for prefix in self.given_prefixes()
            if not any(registry.matches(c.code, (prefix,)) for c in checks)
        ]

    def severity_for(self, code: str, default: Severity) -> Severity:
        for prefix, severity in sorted(self.severity_overrides, key=lambda p: -len(p[0])):
            if registry.matches(code, (prefix,)):
                return severity
        return default

    def weight(self, severity: Severity) -> float:
        return dict(self.weights)[severity]


def parse_lang(value: str) -> tuple[str | None, str]:
    """'zh-en' -> ('zh', 'en'); 'en' -> (None, 'en')."""
    parts = value.lower().split("-")
    if len(parts) == 1 and parts[0].isalpha():
        return None, parts[0]
    if len(parts) == 2 and all(p.isalpha() for p in parts):
        return parts[0], parts[1]
    raise ConfigError(f"--lang must look like 'zh-en' or 'en', not {value!r}")


def _as_prefixes(value: Any, key: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [v for v in value.split(",") if v]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"'{key}' must be a list of code prefixes, such as ['F1', 'A101']")
    return tuple(v.strip().upper() for v in value)


def _as_table(value: Any, key: str, example: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise ConfigError(f"'{key}' must be a table, such as {key} = {example}")
    return value


def _as_string(value: Any, key: str) -> str:
    if not isinstance(value, str):
        raise ConfigError(f"'{key}' must be a string, not {type(value).__name__} {value!r}")
    return value


def _as_number(value: Any, key: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ConfigError(f"'{key}' must be a number, not {type(value).__name__} {value!r}")
    return float(value)


def _as_names(value: Any, key: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f'\'{key}\' must be a list of strings, such as ["printf", "qt"]')
    return tuple(v.strip() for v in value)


def _as_dialects(value: Any, key: str) -> tuple[str, ...]:
    names = _as_names(value, key)
    known = [d.name for d in dialects.DIALECTS]
    resolved = []
    for name in names:
        dialect = dialects.resolve(name)
        if dialect is None and name.lower() != "auto":
            raise ConfigError(f"'{key}': unknown placeholder dialect {name!r}; known: {known}")
        resolved += known if dialect is None else [dialect.name]
    return tuple(dict.fromkeys(resolved))


def _placeholder_settings(base: Settings, data: Mapping[str, Any]) -> Settings:
    settings = base
    if "placeholders" in data:
        value = data["placeholders"]
        if isinstance(value, Mapping):
            table = tuple(
                (glob, _as_dialects(names, f"placeholders.{glob}")) for glob, names in value.items()
            )
        else:
            table = (("*", _as_dialects(value, "placeholders")),)
        settings = replace(settings, dialects=table)
    if "translatable-attributes" in data:
        names = _as_names(data["translatable-attributes"], "translatable-attributes")
        settings = replace(settings, translatable_attributes=tuple(n.lower() for n in names))
    return settings


def from_mapping(base: Config, data: Mapping[str, Any], origin: str) -> Config:
    """Apply a ``[tool.mtqa]`` table to ``base``."""
    unknown = set(data) - _KNOWN_KEYS
    if unknown:
        raise ConfigError(
            f"{origin}: unknown key(s) {sorted(unknown)}; known: {sorted(_KNOWN_KEYS)}"
        )
    config = base
    if not isinstance(data, Mapping):
        raise ConfigError(f"{origin}: [tool.mtqa] must be a table")
    try:
        if "select" in data:
            config = replace(config, select=_as_prefixes(data["select"], "select"))
        if "ignore" in data:
            config = replace(config, ignore=_as_prefixes(data["ignore"], "ignore"))
        if "severity" in data:
            table = _as_table(data["severity"], "severity", '{ F302 = "minor" }')
            overrides = tuple(
                (code.upper(), Severity.parse(_as_string(sev, f"severity.{code}")))
                for code, sev in table.items()
            )
            config = replace(config, severity_overrides=overrides)
        if "fail-on" in data:
            fail_on = _as_string(data["fail-on"], "fail-on")
            config = replace(config, fail_on=parse_fail_on(fail_on))
        if "weights" in data:
            weights = _as_table(data["weights"], "weights", "{ minor = 1, major = 5 }")
            config = with_weights(config, dict(weights))
        if "lang" in data:
            source, target = parse_lang(_as_string(data["lang"], "lang"))
            config = replace(config, source_lang=source, target_lang=target)
        if "out" in data:
            config = replace(config, out_dir=Path(_as_string(data["out"], "out")))
        if "per-path-ignores" in data:
            table = _as_table(
                data["per-path-ignores"], "per-path-ignores", '{ "feeds/*" = ["A1"] }'
            )
            rules = tuple(
                (pattern, _as_prefixes(codes, f"per-path-ignores.{pattern}"))
                for pattern, codes in table.items()
            )
            config = replace(config, per_path_ignores=rules)
        if "min-score" in data:
            min_score = _as_number(data["min-score"], "min-score")
            config = replace(config, min_score=finite_min_score(min_score, "min-score"))
        if "model" in data:
            config = replace(config, model=_as_string(data["model"], "model"))
        if "glossary" in data:
            glossary_path = Path(_as_string(data["glossary"], "glossary"))
            if not glossary_path.is_absolute():
                glossary_path = Path(origin).parent / glossary_path
            config = replace(config, glossary=load_glossary(glossary_path))
        if "placeholders" in data or "translatable-attributes" in data:
            config = replace(config, localization=_placeholder_settings(config.localization, data))
        if "no-model" in data:
            if not isinstance(data["no-model"], bool):
                raise ConfigError(f"'no-model' must be true or false, not {data['no-model']!r}")
            config = replace(config, use_model=not data["no-model"])
        if "po-fuzzy" in data:
            if not isinstance(data["po-fuzzy"], bool):
                raise ConfigError(f"'po-fuzzy' must be true or false, not {data['po-fuzzy']!r}")
            config = replace(config, po_fuzzy=data["po-fuzzy"])
    except GlossaryError as error:
        raise ConfigError(str(error)) from None
    except ConfigError as error:
        raise ConfigError(f"{origin}: {error}") from None
    except (ValueError, TypeError) as error:
        raise ConfigError(f"{origin}: {error}") from None
    return config


def with_weights(config: Config, points: dict[str, Any]) -> Config:
    """``config`` with the MQM penalty points of some severities changed; ``ValueError`` for
    an unknown severity or a weight that is not a number of zero or more."""
    weights = dict(config.weights)
    for name, value in points.items():
        try:
            weight = float(value)
        except (TypeError, ValueError):
            raise ValueError(f"weight of {name!r} is not a number: {value!r}") from None
        if not (weight >= 0 and math.isfinite(weight)):  # also refuses NaN and infinity
            raise ValueError(
                f"weight of {name!r} must be a finite number of zero or more, not {value!r}"
            )
        weights[Severity.parse(name)] = weight
    return replace(config, weights=tuple(sorted(weights.items())))


def finite_min_score(value: Any, name: str) -> float:
    """``value`` as a minimum overall score; ``ValueError`` naming ``name`` when it is not a
    finite number (NaN would pass every document, infinity fail every one)."""
    min_score = float(value)
    if not math.isfinite(min_score):
        raise ValueError(f"{name} must be a number, not {value!r}")
    return min_score


def parse_weights(text: str) -> dict[str, str]:
    """``"minor=1,major=5"`` -> ``{"minor": "1", "major": "5"}`` (values checked later)."""
    pairs: dict[str, str] = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        name, equals, value = item.partition("=")
        if not equals or not name.strip() or not value.strip():
            raise ValueError(f"expected SEVERITY=POINTS, got {item!r}")
        pairs[name.strip()] = value.strip()
    if not pairs:
        raise ValueError("no weights given (e.g. minor=1,major=5,critical=25)")
    return pairs


def parse_fail_on(value: str) -> Severity | None:
    return None if value.strip().lower() == "never" else Severity.parse(value)


def find_config_file(start: Path) -> Path | None:
    """mtqa.toml, or a pyproject.toml with a [tool.mtqa] table, in ``start`` or a parent."""
    for folder in [start, *start.parents]:
        candidate = folder / "mtqa.toml"
        if candidate.is_file():
            return candidate
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            tool = _read_toml(pyproject).get("tool")
            if isinstance(tool, dict) and "mtqa" in tool:
                return pyproject
    return None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text("utf-8"))
    except RecursionError:
        raise ConfigError(f"cannot read configuration {path}: nested too deeply") from None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(f"cannot read configuration {path}: {error}") from None


def load(path: Path | None, base: Config | None = None) -> Config:
    """The configuration in ``path`` (mtqa.toml or pyproject.toml) applied to ``base``."""
    config = base or Config()
    if path is None:
        return config
    data = _read_toml(path)
    tool = data.get("tool", {})
    nested = tool.get("mtqa") if isinstance(tool, dict) else None
    table = (nested or {}) if path.name == "pyproject.toml" else data
    if path.name != "pyproject.toml" and nested is not None:
        table = nested
    config = from_mapping(config, table, str(path))
    if config.per_path_ignores:
        config = replace(config, per_path_root=path.resolve().parent)
    return config
