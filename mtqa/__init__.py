"""mtqa: quality checks for machine-translated text.

Importing the package is cheap: models and NLP pipelines load lazily, on first use, and
``mtqa.check``, ``mtqa.check_many`` (``mtqa.api``) and the report types are imported when
first used, so ``import mtqa`` imports neither torch nor spaCy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from mtqa.api import check as check
    from mtqa.api import check_many as check_many
    from mtqa.config import Config as Config
    from mtqa.config import ConfigError as ConfigError
    from mtqa.findings import DocumentError as DocumentError
    from mtqa.findings import Finding as Finding
    from mtqa.findings import Report as Report
    from mtqa.models.lm import ModelNotInstalled as ModelNotInstalled

#: What ``from mtqa import NAME`` gives, and the module it comes from (imported on first use).
_LAZY = {
    "check": "mtqa.api",
    "check_many": "mtqa.api",
    "Config": "mtqa.config",
    "ConfigError": "mtqa.config",
    "Report": "mtqa.findings",
    "Finding": "mtqa.findings",
    "DocumentError": "mtqa.findings",
    "ModelNotInstalled": "mtqa.models.lm",
}

__all__ = ["__version__", *_LAZY]


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'mtqa' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(_LAZY[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})
