"""The check registry: ``Check`` and the ``@check`` decorator.

A check is a plain function ``(analysis) -> Iterable[Hit]``. ``@check(...)`` wraps it in a
``Check`` with its code, name, MQM category, default severity and what it needs; it does not
register anything by side effect. ``mtqa.checks.ALL_CHECKS`` is the one explicit list.

The function's docstring is the check's user documentation (``mtqa rules CODE``). Lines
starting with ``Okay:`` or ``<CODE>:`` are examples that the test suite runs: an ``Okay``
text must give no finding of this check, a ``<CODE>`` text must give at least one. A literal
``\\n`` in an example stands for a line break. The examples of a check that needs a source
read ``[de-en] SOURCE => TARGET``: the language pair (optional, default ``en-en``), the
source segment, then its translation (``split_example`` takes them apart).
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
#: ``source``: the check compares source and target (``analysis.pairs``); it runs only on
#: documents that have a source (bilingual files, feed records with one, ``--source``).
#: ``glossary``: it needs ``--glossary``.
NEEDS = frozenset({"nlp", "langid", "lm", "source", "glossary"})
#: Area letters (accuracy, fluency, style, terminology, locale, extraneous) and ``B`` for the
#: bilingual checks that compare a translation with its source.
_CODE = re.compile(r"^[ABFSTLX]\d{3}$")


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


_PAIR_EXAMPLE = re.compile(r"^(?:\[([a-z]{2,3})-([a-z]{2,3})\]\s*)?(.*?) =>(?: (.*))?$", re.S)


def split_example(text: str) -> tuple[str | None, str, str | None, str]:
    """``(source, target, source_lang, target_lang)`` of a documented example; a plain
    example has no source."""
    match = _PAIR_EXAMPLE.match(text)
    if not match:
        return None, text, None, "en"
    source_lang, target_lang, source, target = match.groups()
    return source, target or "", source_lang or "en", target_lang or "en"


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
