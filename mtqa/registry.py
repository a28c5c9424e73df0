"""The check registry: ``Check`` and the ``@check`` decorator.

A check is a plain function ``(analysis) -> Iterable[Hit]``. ``@check(...)`` wraps it in a
``Check`` with its code, name, MQM category, default severity and what it needs; it does not
register anything by side effect. ``mtqa.checks.ALL_CHECKS`` is the one explicit list.

The function's docstring is the check's user documentation (``mtqa rules CODE``). Lines
starting with ``Okay:`` or ``<CODE>:`` are examples that the test suite runs: an ``Okay``
text must give no finding of this check, a ``<CODE>`` text must give at least one. A literal
``\\n`` in an example stands for a line break.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mtqa.findings import Hit, Severity

if TYPE_CHECKING:
    from mtqa.analysis import Analysis

CheckFunction = Callable[["Analysis"], Iterable[Hit]]

#: What a check may need; the runner prepares only what the enabled checks ask for.
NEEDS = frozenset({"nlp", "langid", "lm"})
_CODE = re.compile(r"^[AFSTLX]\d{3}$")


@dataclass(frozen=True)
class Check:
    code: str
    name: str
    category: str
    severity: Severity
    scope: str
    requires: frozenset[str]
    languages: frozenset[str] | None
    function: CheckFunction

    @property
    def origin(self) -> str:
        return "model" if "lm" in self.requires else "rule"

    @property
    def doc(self) -> str:
        return inspect.getdoc(self.function) or ""

    @property
    def summary(self) -> str:
        return self.doc.splitlines()[0] if self.doc else self.name

    def examples(self) -> list[tuple[bool, str]]:
        """``(should_flag, text)`` pairs from the docstring's ``Okay:``/``CODE:`` lines."""
        found = []
        for line in self.doc.splitlines():
            label, _, text = line.strip().partition(": ")
            if label in ("Okay", self.code) and text:
                found.append((label == self.code, text.replace("\\n", "\n")))
        return found

    def applies_to(self, target_lang: str) -> bool:
        return self.languages is None or target_lang in self.languages


def check(
    code: str,
    name: str,
    category: str,
    severity: Severity,
    *,
    scope: str = "sentence",
    requires: Iterable[str] = (),
    languages: Iterable[str] | None = ("en",),
) -> Callable[[CheckFunction], Check]:
    """Describe a check function; returns the ``Check`` that ``ALL_CHECKS`` lists."""
    needs = frozenset(requires)
    if not _CODE.match(code):
        raise ValueError(f"bad check code {code!r}")
    if needs - NEEDS:
        raise ValueError(f"{code}: unknown requirement(s) {sorted(needs - NEEDS)}")

    def wrap(function: CheckFunction) -> Check:
        return Check(
            code=code,
            name=name,
            category=category,
            severity=severity,
            scope=scope,
            requires=needs,
            languages=None if languages is None else frozenset(languages),
            function=function,
        )

    return wrap
