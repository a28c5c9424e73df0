"""Placeholder dialects: the variables that software strings carry, one small matcher each.

A dialect is data (its name, what a finding calls it, an example) plus a matcher that
yields ``Slot``s: where a placeholder is and which argument it takes. Slots are compared by
the argument they stand for, not by their text: ``%s ... %d`` translated as
``%2$d ... %1$s`` takes the same arguments, while ``%d ... %s`` swaps them (a crash or
garbage in C, Java and Python).

Each argument is identified by ``(family, argument, form)``: the family groups dialects that
number their arguments alike (printf and Python's ``%`` share the plain ``%s`` form; ICU
and Python/.NET braces share ``{0}``), the argument is its name or its position (a plain
placeholder's position is its order among the plain ones, counted from ``first``), and the
form is what it formats as (``d``, ``lld``, ``@``, ``number``; flags, width and precision
are left out, since translators may adapt them).
"""

from __future__ import annotations

import html.entities
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Slot:
    """One placeholder found by a dialect's matcher."""

    start: int
    end: int
    #: The argument's name (``%(count)d``, ``{user}``, ``$brand$``), or None.
    name: str | None = None
    #: The argument's position as written (``%2$s`` is 2, ``{0}`` is 0), or None.
    index: int | None = None
    #: What the argument is formatted as ("s", "d", "lld", "number", "L"); "" if nothing.
    form: str = ""


@dataclass(frozen=True)
class Dialect:
    name: str
    #: How findings call one of its placeholders: "Qt placeholder".
    label: str
    #: Dialects of one family number their arguments alike and are compared together.
    family: str
    #: The position of the first plain (unnumbered) placeholder: printf's ``%s`` is ``%1$s``,
    #: Python's ``{}`` is ``{0}``.
    first: int
    examples: str
    match: Callable[[str], Iterator[Slot]]


def _regex(
    pattern: str, read: Callable[[re.Match[str]], Slot | None]
) -> Callable[[str], Iterator[Slot]]:
    compiled = re.compile(pattern)

    def match(text: str) -> Iterator[Slot]:
        for found in compiled.finditer(text):
            slot = read(found)
            if slot is not None:
                yield slot

    return match


def _int(text: str | None) -> int | None:
    return int(text) if text else None


#: printf conversions that mean the same argument type.
_SAME_CONVERSION = {"i": "d"}


def _printf(found: re.Match[str]) -> Slot:
    if found.group(0) == "%%":
        return Slot(found.start(), found.end(), name="%%", form="literal")
    if found.group("named"):  # iOS stringsdict: %#@files@
        return Slot(found.start(), found.end(), name=found.group("named"), form="@")
    conversion = found.group("conv")
    form = (found.group("length") or "") + _SAME_CONVERSION.get(conversion, conversion)
    return Slot(found.start(), found.end(), index=_int(found.group("pos")), form=form)


# C, Objective-C (%@), Java String.format and Android (%1$s), Mozilla (%S), PHP. "100%d"
# is not matched after a digit: "50%off" is a percentage, not an octal conversion.
_PRINTF = (
    r"%%|(?<!\d)%(?:#@(?P<named>\w+)@|(?:(?P<pos>[1-9]\d*)\$)?[#0+'-]*(?:\d+|\*)?(?:\.(?:\d+|\*))?"
    r"(?P<length>hh|h|ll|l|L|q|j|z|t|I64|I32)?(?P<conv>[diouxXeEfFgGaAcCsSp@]))"
)


def _python(found: re.Match[str]) -> Slot:
    if found.group(0) == "%%":
        return Slot(found.start(), found.end(), name="%%", form="literal")
    conversion = found.group("conv")
    form = {"i": "d", "u": "d"}.get(conversion, conversion)
    return Slot(found.start(), found.end(), name=found.group("name"), form=form)


# "15 % sparen", "50 % des": a percent sign after a number and a space is a percent sign,
# not a conversion with the space flag.
_PYTHON = (
    r"%%|(?<!\d)(?<!\d[ \u00a0\u202f])%(?:\((?P<name>[\w.-]+)\))?[#0+ -]*(?:\d+|\*)?"
    r"(?:\.(?:\d+|\*))?[hlL]?(?P<conv>[diouxXeEfFgGcrsa])"
)


def _argument(text: str) -> tuple[str | None, int | None]:
    return (None, int(text)) if text.isdigit() else (text, None)


def _brace(found: re.Match[str]) -> Slot:
    argument = found.group("arg") or ""
    name, index = _argument(argument) if argument else (None, None)
    form = (found.group("conv") or "") + (found.group("spec") or "")
    return Slot(found.start(), found.end(), name=name, index=index, form=form)


# Python str.format and gettext python-brace-format, .NET composite format ({0,-10:N2}),
# Rust, SLF4J and fmt ({}). "{{" and "}}" are literal braces there.
_BRACE = (
    r"(?<!\{)\{(?P<arg>\d+|[A-Za-z_][\w.]*(?:\[\w+\])?)?(?P<conv>![rsa])?"
    r"(?P<align>,\s*-?\d+)?(?P<spec>:[^{}]*)?\}(?!\})"
)


#: ICU and Java MessageFormat's named styles: part of the argument's type ("{0,number}" is
#: 0.5, "{0,number,percent}" is 50%). A pattern style ("#,##0.00", "dd.MM.yyyy") is how a
#: locale writes the same type, which translators may adapt, so it is not compared.
_ICU_STYLES = frozenset({"integer", "currency", "percent", "short", "medium", "long", "full"})


def _icu(found: re.Match[str]) -> Slot:
    name, index = _argument(found.group("arg"))
    kind = (found.group("kind") or found.group("branches") or "").lower()
    style = (found.group("style") or "").strip()
    if style.lower() in _ICU_STYLES:
        kind += "," + style.lower()
    elif style.startswith("::"):  # a skeleton: "::percent", "::currency/EUR"
        kind += "," + "".join(style.split())
    return Slot(found.start(), found.end(), name=name, index=index, form=kind)


# ICU MessageFormat and Java MessageFormat: {0}, {0,number}, {0,number,#.##}, {d,date,short};
# an argument with branches ({count, plural, one {...} other {...}}) is its opening "{count"
# (its branches are translatable text, and the variables inside them are found on their own).
_ICU = (
    r"\{\s*(?P<arg>\d+|[A-Za-z_][\w.]*)\s*(?:"
    r"(?=,\s*(?P<branches>plural|select|selectordinal)\s*,)"
    r"|,\s*(?P<kind>number|date|time|choice|spellout|ordinal|duration)\s*"
    r"(?:,(?P<style>[^{}]*))?\}"
    r"|\})"
)


def _qt(found: re.Match[str]) -> Slot:
    if found.group(0) == "%n":
        return Slot(found.start(), found.end(), name="n")
    return Slot(found.start(), found.end(), index=int(found.group("pos")), form=found.group("L"))


# Qt tr(): %1 ... %99, %L1 (a number in the user's locale), %n (the plural count).
_QT = r"(?<![%\w])%(?:(?P<L>L?)(?P<pos>[1-9]\d?)(?!\d)|n\b)"

_HTML_ENTITIES = frozenset(name.rstrip(";") for name in html.entities.html5)


def _mozilla(found: re.Match[str]) -> Slot | None:
    if found.group("entity"):
        if found.group("entity") in _HTML_ENTITIES:
            return None  # &amp; &nbsp; &lt; are characters, not placeholders
        return Slot(found.start(), found.end(), name="&" + found.group("entity"), form="entity")
    if found.group("dollar"):
        return Slot(found.start(), found.end(), name=found.group("dollar").lower(), form="$")
    return Slot(found.start(), found.end(), index=_int(found.group("pos")), form="S")


# WebExtension messages.json ($user$, case-insensitive), DTD entities (&brandShortName;),
# .properties %S and %1$S (found by printf first when printf is on too).
_MOZILLA = r"\$(?P<dollar>[A-Za-z_]\w*)\$|&(?P<entity>[A-Za-z_][\w.-]*);|%(?:(?P<pos>[1-9]\d*)\$)?S"


def _named(form: str) -> Callable[[re.Match[str]], Slot]:
    def read(found: re.Match[str]) -> Slot:
        return Slot(found.start(), found.end(), name=found.group("name"), form=form)

    return read


_RUBY = r"%\{(?P<name>\w+)\}|%<(?P<n2>\w+)>[#0+ -]*\d*(?:\.\d+)?(?P<conv>[diouxXeEfgGcsp])"


def _ruby_read(found: re.Match[str]) -> Slot:
    name = found.group("name") or found.group("n2")
    return Slot(found.start(), found.end(), name=name, form=found.group("conv") or "")


def _shell(found: re.Match[str]) -> Slot:
    name = found.group("name") or found.group("n2") or found.group("n3")
    return Slot(found.start(), found.end(), name=name)


# gettext sh-format, JavaScript template literals (${user.name}), make/Azure ($(name))
_SHELL = r"\$\{(?P<name>[\w.]+)\}|\$\((?P<n2>\w+)\)|(?<![\w$])\$(?P<n3>[A-Za-z_]\w*)\b(?!\$)"


DIALECTS: tuple[Dialect, ...] = (
    Dialect(
        "mustache",
        "template variable",
        "mustache",
        0,
        "{{user.name}}",
        _regex(r"\{\{\s*(?P<name>[\w.#/^]+)\s*\}\}", _named("")),
    ),
    Dialect(
        "fluent",
        "Fluent placeable",
        "fluent",
        0,
        "{ $count }, { -brand-name }",
        _regex(r"\{\s*(?P<name>\$[A-Za-z][\w-]*|-[A-Za-z][\w-]*)\s*(?:\}|(?=->))", _named("")),
    ),
    Dialect("ruby", "Ruby placeholder", "ruby", 0, "%{name}, %<count>d", _regex(_RUBY, _ruby_read)),
    Dialect(
        "shell",
        "shell variable",
        "shell",
        0,
        "${name}, $(name), $name",
        _regex(_SHELL, _shell),
    ),
    Dialect(
        "brace", "brace placeholder", "brace", 0, "{name}, {0}, {}, {0:.2f}", _regex(_BRACE, _brace)
    ),
    Dialect(
        "icu",
        "ICU placeholder",
        "brace",
        0,
        "{0}, {0,number}, {count, plural, ...}",
        _regex(_ICU, _icu),
    ),
    Dialect(
        "printf",
        "printf placeholder",
        "percent",
        1,
        "%s, %1$s, %lld, %@, %1$@",
        _regex(_PRINTF, _printf),
    ),
    Dialect("python", "Python placeholder", "percent", 1, "%(name)s, %s", _regex(_PYTHON, _python)),
    Dialect("qt", "Qt placeholder", "qt", 1, "%1, %L1, %n", _regex(_QT, _qt)),
    Dialect(
        "mozilla",
        "Mozilla placeholder",
        "mozilla",
        1,
        "$user$, &brandShortName;, %S",
        _regex(_MOZILLA, _mozilla),
    ),
    Dialect(
        "autoconf",
        "@-substitution",
        "autoconf",
        0,
        "@PACKAGE_NAME@",
        _regex(r"(?<![\w.@])@(?P<name>[A-Za-z_]\w*)@(?!\w)", _named("")),
    ),
    Dialect(
        "escape",
        "escape sequence",
        "escape",
        0,
        "\\n, \\t",
        _regex(r"\\(?P<name>[nrt])", _named("")),
    ),
)

BY_NAME: dict[str, Dialect] = {d.name: d for d in DIALECTS}
#: Other names a configuration or a PO flag may use for a dialect.
ALIASES: dict[str, str] = {
    "c": "printf",
    "c-format": "printf",
    "objc": "printf",
    "java-printf": "printf",
    "android": "printf",
    "ios": "printf",
    "python-format": "python",
    "python-brace": "brace",
    "python-brace-format": "brace",
    "dotnet": "brace",
    "csharp": "brace",
    "rust": "brace",
    "java": "icu",
    "java-format": "icu",
    "messageformat": "icu",
    "qt-format": "qt",
    "qt-plural-format": "qt",
    "kde-format": "qt",
    "ruby-format": "ruby",
    "sh-format": "shell",
    "perl-brace-format": "brace",
    "javascript-format": "printf",
    "objc-format": "printf",
}


def resolve(name: str) -> Dialect | None:
    key = name.strip().lower()
    return BY_NAME.get(ALIASES.get(key, key))
