"""The check registry: ``Check`` and the ``@check`` decorator.

A check is a plain function ``(analysis) -> Iterable[Hit]``. ``@check(...)`` wraps it in a
``Check`` with its code, name, MQM category, default severity and what it needs; it does not
register anything by side effect. ``mtqa.checks.ALL_CHECKS`` is the one explicit list.

The function's docstring is the check's user documentation (``mtqa rules CODE``). Lines
starting with ``Okay:`` or ``<CODE>:`` are examples that the test suite runs: an ``Okay``
text must give no finding of this check, a ``<CODE>`` text must give at least one. A literal
``\\n`` in an example stands for a line break. The examples of a check that needs a source
read ``[de-en] SOURCE => TARGET``: the language pair (optional, default ``en-en``), the
source segment, then its translation (``split_example`` takes them apart). In a ``<CODE>``
example, ``«`` and ``»`` in the translation mark exactly what the check's findings cover:
``A301: [de-en] Er zahlte 1.500 Euro für 3 Tickets. => He paid «1,050» euros for 3
tickets.`` must give one A301 finding, on ``1,050``, and no other (``«»`` marks a finding of
no width, several marks as many findings); there ``\\«`` and ``\\»`` are the guillemets
themselves. ``split_marks`` takes the marks out; the documentation (``Check.doc``) shows the
examples without them. A ``<CODE>`` example without marks needs one finding anywhere.
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

#: What a check may need; the runner skips a check on a document that lacks it.
#: ``nlp``: the English target parse (``analysis.has_english_parse``: tags and
#: dependencies, for an English target only). ``lm``: the model's assessments (not with
#: ``--no-model``). ``source``: the check compares source and target (``analysis.pairs``);
#: it runs only on documents that have a source (bilingual files, feed records with one,
#: ``--source``). ``glossary``: it needs ``--glossary``. The language identifier
#: (py3langid) is no requirement: it is a dependency of mtqa, always there.
NEEDS = frozenset({"nlp", "lm", "source", "glossary"})
#: The first letter of a code is the MQM area of the check's category (the part before
#: the slash): ``--ignore A`` ignores every accuracy check. ``check`` refuses a code whose
#: letter is not its category's area.
AREAS: dict[str, str] = {
    "A": "accuracy",
    "F": "fluency",
    "T": "terminology",
    "S": "style",
    "L": "locale convention",
    "M": "design and markup",
}
_CODE = re.compile(r"^[A-Z]\d{3}$")

#: Codes renamed so that the letter is the area (issue 14, item 6): old code -> new code.
#: ``X`` (non-translation) and ``B`` (compared with the source) named how a check works,
#: not what kind of error it finds. The extraneous-content checks (``X1xx``) and the
#: language checks (``X2xx``) keep their numbers under ``A``; the checks that compare a
#: translation with its source take a hundred of their own in their area (``A3xx``,
#: ``F4xx``, ``L1xx``, ``M1xx``, ``T2xx``, ``T3xx``), numbered in documentation order.
#: The old codes are deprecated aliases for one release: wherever a user writes a code
#: (``--select``/``--ignore``, ``select``/``ignore``/``severity``/``per-path-ignores`` in
#: the configuration, ``mtqa: ignore`` comments, ``mtqa rules CODE``) an old code or a
#: prefix of old codes (``B``, ``X1``) stands for the checks whose old code starts with
#: it, and a baseline written with the old codes still hides their findings.
ALIASES: dict[str, str] = {
    "X101": "A101",  # teaser-link
    "X102": "A102",  # page-navigation
    "X103": "A103",  # widget-text
    "X201": "A201",  # foreign-script
    "X202": "A202",  # wrong-language
    "B101": "A301",  # number-mismatch
    "B112": "A302",  # link-mismatch
    "B121": "A303",  # untranslated
    "B122": "A304",  # empty-target
    "B131": "A305",  # length-omission
    "B132": "A306",  # length-addition
    "B142": "A307",  # same-translation-different-sources
    "B201": "F401",  # end-punctuation-mismatch
    "B202": "F402",  # edge-whitespace-mismatch
    "B203": "F403",  # capitalisation-mismatch
    "B205": "F404",  # bracket-mismatch
    "B102": "L101",  # number-format
    "B204": "L102",  # quote-mismatch
    "B111": "M101",  # placeholder-mismatch
    "B113": "M102",  # markup-not-well-formed
    "B141": "T201",  # inconsistent-translation
    "B301": "T301",  # glossary-term
    "B302": "T302",  # do-not-translate
}
#: New code -> its old code.
FORMERLY: dict[str, str] = {new: old for old, new in ALIASES.items()}


def names(code: str) -> tuple[str, ...]:
    """The codes a check answers to: its code and, while the alias lasts, its old one."""
    former = FORMERLY.get(code)
    return (code,) if former is None else (code, former)


def match_length(code: str, prefixes: Iterable[str]) -> int:
    """The length of the longest of ``prefixes`` that the check ``code`` answers to (its
    code or its old code starts with it), or -1 when none does. An old prefix such as
    ``B`` can only match old codes: no current code starts with a retired letter."""
    known = names(code)
    return max((len(p) for p in prefixes if any(n.startswith(p) for n in known)), default=-1)


def matches(code: str, prefixes: Iterable[str]) -> bool:
    """Whether the check ``code`` answers to one of the code ``prefixes``."""
    return match_length(code, prefixes) >= 0


def deprecation(prefix: str) -> str | None:
    """What to tell a user who wrote ``prefix`` when it is an old code, or a prefix that
    only old codes start with (``B``, ``X1``); None for anything else."""
    if prefix[:1] in AREAS:
        return None
    renamed = [new for old, new in sorted(ALIASES.items()) if old.startswith(prefix)]
    if not renamed:
        return None
    if prefix in ALIASES:
        return f"code {prefix} is deprecated: it is now {ALIASES[prefix]}"
    return (
        f"code prefix {prefix} is deprecated: it stands for the checks whose code started "
        f"with {prefix}, now {', '.join(renamed)}"
    )


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
    def formerly(self) -> str | None:
        """The check's deprecated old code, when it was renamed (``ALIASES``)."""
        return FORMERLY.get(self.code)

    @property
    def origin(self) -> str:
        return "model" if "lm" in self.requires else "rule"

    @property
    def doc(self) -> str:
        """The check's documentation (``mtqa rules CODE``): its docstring, whose examples
        are shown without the marks that only the tests read (``split_marks``)."""
        lines = []
        for line in self._docstring.splitlines():
            label, _, text = line.strip().partition(": ")
            if label == self.code and text:
                indent = line[: len(line) - len(line.lstrip())]
                line = f"{indent}{label}: {split_marks(text)[0]}".rstrip()
            lines.append(line)
        return "\n".join(lines)

    @property
    def _docstring(self) -> str:
        return inspect.getdoc(self.function) or ""

    @property
    def summary(self) -> str:
        return self.doc.splitlines()[0] if self.doc else self.name

    def examples(self) -> list[tuple[bool, str]]:
        """``(should_flag, text)`` pairs from the docstring's ``Okay:``/``CODE:`` lines (a
        ``CODE:`` text with its marks, if any: ``split_marks``)."""
        found = []
        for line in self._docstring.splitlines():
            label, _, text = line.strip().partition(": ")
            if label in ("Okay", self.code) and text:
                found.append((label == self.code, text.replace("\\n", "\n")))
        return found

    def applies_to(self, target_lang: str) -> bool:
        return self.languages is None or target_lang in self.languages


_PAIR_EXAMPLE = re.compile(r"^(?:\[([a-z]{2,3})-([a-z]{2,3})\]\s*)?(.*?) =>(?: (.*))?$", re.S)


def split_marks(text: str) -> tuple[str, tuple[tuple[int, int], ...] | None]:
    """``text`` without its ``«...»`` marks, and the ``(start, end)`` spans they mark in it
    (``None`` when it has none); ``\\«`` and ``\\»`` stand for the characters themselves."""
    plain: list[str] = []
    spans: list[tuple[int, int]] = []
    opened: int | None = None
    at = 0
    while at < len(text):
        char = text[at]
        at += 1
        if char == "\\" and text[at : at + 1] in ("«", "»"):
            plain.append(text[at])
            at += 1
        elif char == "«":
            if opened is not None:
                raise ValueError(f"a mark opened inside a mark in {text!r}")
            opened = len(plain)
        elif char == "»":
            if opened is None:
                raise ValueError(f"a mark closed that was not opened in {text!r}")
            spans.append((opened, len(plain)))
            opened = None
        else:
            plain.append(char)
    if opened is not None:
        raise ValueError(f"a mark not closed in {text!r}")
    return "".join(plain), (tuple(spans) if spans else None)


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
    area = category.split("/")[0]
    if AREAS.get(code[0]) != area:
        raise ValueError(f"{code}: the letter of a {area} check is not {code[0]!r}")
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
