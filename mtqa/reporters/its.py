"""W3C ITS 2.0 Localization Quality Issue: what a finding becomes in an XLIFF file.

Two tables decide it. ``ISSUE_TYPES`` maps mtqa's MQM categories to ITS 2.0's fixed list of
issue types (``locQualityIssueType``); a check whose problem has a narrower ITS type than
its category (a number, whitespace, a doubled word) is named by its code, and its code wins.
``SEVERITY_SCORES`` maps severities to ``locQualityIssueSeverity``, a number from 0 to 100
(100 the most severe). ``problems`` checks the ITS markup of a written XLIFF file against
the ITS 2.0 and XLIFF rules that can be checked offline (the tests and the writer's own
check after writing use it).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from mtqa.findings import Finding, Severity

NAMESPACE = "http://www.w3.org/2005/11/its"
VERSION = "2.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"

#: ITS 2.0's issue types, the values ``locQualityIssueType`` may take, in the
#: specification's order (ITS 2.0, section 8.15.2: "locQualityIssueType").
ITS_TYPES: tuple[str, ...] = (
    "terminology",
    "mistranslation",
    "omission",
    "untranslated",
    "addition",
    "duplication",
    "inconsistency",
    "grammar",
    "legal",
    "register",
    "locale-specific-content",
    "locale-violation",
    "style",
    "characters",
    "misspelling",
    "typographical",
    "formatting",
    "inconsistent-entities",
    "numbers",
    "markup",
    "pattern-problem",
    "whitespace",
    "internationalization",
    "length",
    "non-conformance",
    "uncategorized",
    "other",
)

#: mtqa's MQM categories, and the codes of checks with a narrower ITS type than their
#: category, -> ITS 2.0 ``locQualityIssueType``. A finding's code is looked up first, then
#: its category. Every category of a check must be here (a test says so).
ISSUE_TYPES: dict[str, str] = {
    # categories
    "accuracy/addition": "addition",
    "accuracy/mistranslation": "mistranslation",
    "accuracy/omission": "omission",
    "accuracy/untranslated": "untranslated",
    "design and markup/markup": "markup",
    "fluency/coherence": "inconsistency",
    "fluency/grammar": "grammar",
    "fluency/punctuation": "typographical",
    "fluency/spelling": "misspelling",
    "locale convention/number format": "locale-violation",
    "locale convention/other": "locale-violation",
    "style/unidiomatic": "style",
    "terminology/inconsistent": "terminology",
    "terminology/inconsistent with termbase": "terminology",
    # checks whose problem ITS names more narrowly than their category
    "A301": "numbers",  # "numbers are inconsistent between source and target"
    "F101": "whitespace",  # missing space after punctuation
    "F102": "whitespace",  # extra spaces
    "F103": "whitespace",  # space before punctuation
    "F402": "whitespace",  # leading/trailing whitespace unlike the source's
    "F107": "duplication",  # a repeated word
    "F301": "typographical",  # ITS counts capitalisation as typographical
    "F403": "typographical",
    "T201": "inconsistency",  # the same source translated differently (not a term)
}

#: Severity -> ``locQualityIssueSeverity`` (0-100, 100 the most severe).
SEVERITY_SCORES: dict[Severity, int] = {
    Severity.NEUTRAL: 0,
    Severity.MINOR: 30,
    Severity.MAJOR: 70,
    Severity.CRITICAL: 100,
}

#: The local attributes of one issue, in the order they are written.
ISSUE_ATTRIBUTES = (
    "locQualityIssueType",
    "locQualityIssueComment",
    "locQualityIssueSeverity",
    "locQualityIssueEnabled",
)
_LOCAL = (*ISSUE_ATTRIBUTES, "locQualityIssueProfileRef")


#: What ends a line for Python's ``str.splitlines`` (so for mtqa's PO reader and polib),
#: and tab: a comment is one line.
_BREAKS = re.compile(r"[\r\n\t\v\f\x1c-\x1e\x85\u2028\u2029]+")
#: Other controls: a NUL makes a PO file binary, and XML cannot hold them.
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def issue_type(finding: Finding) -> str:
    """The ITS 2.0 issue type of ``finding`` (``uncategorized`` for a category not in the
    table, which no check of mtqa has)."""
    return ISSUE_TYPES.get(finding.code) or ISSUE_TYPES.get(finding.category, "uncategorized")


def comment(finding: Finding, where: str = "") -> str:
    """The human-readable line of a finding in an editor: ``mtqa CODE severity: message``,
    with its suggestion when it has one (quoted when it starts or ends with whitespace),
    on one line (line breaks as spaces) and without controls (U+FFFD instead). ``where``
    (a PO plural form) goes after the severity."""
    text = f"mtqa {finding.code} {finding.severity.label}{where}: {finding.message}"
    suggestion = finding.suggestion
    if suggestion is not None and suggestion != "":
        shown = repr(suggestion) if suggestion.strip() != suggestion else suggestion
        text += f" (suggestion: {shown})"
    return _CONTROLS.sub("\ufffd", _BREAKS.sub(" ", text))


def issue(finding: Finding) -> dict[str, str]:
    """The ITS Localization Quality Issue of ``finding``: local attribute name -> value."""
    return {
        "locQualityIssueType": issue_type(finding),
        "locQualityIssueComment": comment(finding),
        "locQualityIssueSeverity": str(SEVERITY_SCORES[finding.severity]),
        "locQualityIssueEnabled": "yes",
    }


# --- checking written ITS markup offline ------------------------------------------------

_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")


def _local(element: Any) -> str:
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _namespace(element: Any) -> str:
    tag = element.tag
    return tag[1:].split("}", 1)[0] if isinstance(tag, str) and tag.startswith("{") else ""


def _issue_problems(values: dict[str, str], where: str) -> Iterator[str]:
    if "locQualityIssueType" not in values and "locQualityIssueComment" not in values:
        yield f"{where}: an issue needs a type or a comment"
    kind = values.get("locQualityIssueType")
    if kind is not None and kind not in ITS_TYPES:
        yield f"{where}: {kind!r} is not an ITS 2.0 issue type"
    severity = values.get("locQualityIssueSeverity")
    if severity is not None and not (_NUMBER.match(severity) and 0 <= float(severity) <= 100):
        yield f"{where}: severity {severity!r} is not a number from 0 to 100"
    enabled = values.get("locQualityIssueEnabled")
    if enabled is not None and enabled not in ("yes", "no"):
        yield f"{where}: locQualityIssueEnabled is {enabled!r}, not yes or no"


def problems(root: Any) -> list[str]:
    """What breaks the ITS 2.0 / XLIFF rules in the ITS Localization Quality Issue markup
    of the parsed XLIFF document ``root`` (an lxml element); [] when nothing does.

    Checked: the ITS namespace; every issue has a type or a comment, a type from ITS 2.0's
    list, a severity that is a number from 0 to 100, ``locQualityIssueEnabled`` yes or no;
    an element with ``locQualityIssuesRef`` has no local issue attributes and its reference
    resolves to a ``locQualityIssues`` element by its ``xml:id`` (XLIFF 1.2: ``#ID``;
    XLIFF 2.x: ``#its=ID`` in the same ``<unit>``), which holds only ``locQualityIssue``
    elements and is a child of the ``<trans-unit>`` (1.2) or one of the ``<unit>``'s
    leading extension elements (2.x); ``xml:id`` values are unique; ``its:version`` is
    2.0 on the element or an ancestor; a ``<mrk>`` with issues is inside a ``<target>``
    (1.2: ``mtype="x-its"``; 2.x: an ``id`` unique in its unit, ``translate``, and a
    ``type`` that is absent or ``its:generic``); local issue attributes stand only on
    ``<mrk>``, ``<trans-unit>`` (1.2) or ``<unit>`` (2.x)."""
    found: list[str] = []
    version2 = root.get("version", "").startswith("2.")
    ids: dict[str, Any] = {}
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        xml_id = element.get(XML_ID)
        if xml_id is not None:
            if xml_id in ids:
                found.append(f"xml:id {xml_id!r} is used twice")
            ids[xml_id] = element
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        where = f"line {element.sourceline} <{_local(element)}>"
        for name in element.attrib:
            bare = name.rsplit("}", 1)[-1]
            if (
                bare.startswith("locQualityIssue")
                and not name.startswith("{")
                and (_namespace(element) != NAMESPACE)
            ):
                found.append(f"{where}: {bare} is not in the ITS namespace")
        if _namespace(element) == NAMESPACE:
            found += _standoff_problems(element, where, version2)
            continue
        local = {n: element.get(f"{{{NAMESPACE}}}{n}") for n in _LOCAL}
        values = {n: v for n, v in local.items() if v is not None}
        reference = element.get(f"{{{NAMESPACE}}}locQualityIssuesRef")
        if not values and reference is None:
            continue
        found += _host_problems(element, where, version2)
        if reference is not None:
            if values:
                found.append(f"{where}: locQualityIssuesRef with local issue attributes")
            found += _reference_problems(element, reference, ids, where, version2)
        else:
            found += _issue_problems(values, where)
    return found


def _host_problems(element: Any, where: str, version2: bool) -> Iterator[str]:
    name = _local(element)
    allowed = ("mrk", "unit") if version2 else ("mrk", "trans-unit")
    if name not in allowed:
        yield f"{where}: ITS issue attributes on <{name}>"
    versions = [e.get(f"{{{NAMESPACE}}}version") for e in (element, *element.iterancestors())]
    if VERSION not in versions:
        yield f"{where}: no its:version={VERSION!r} on the element or an ancestor"
    if name != "mrk":
        return
    if not any(_local(a) == "target" for a in element.iterancestors()):
        yield f"{where}: an issue <mrk> outside <target>"
    if not version2:
        if element.get("mtype") != "x-its":
            yield f"{where}: an issue <mrk> without mtype='x-its'"
        return
    if element.get("translate") not in ("yes", "no"):
        yield f"{where}: an XLIFF 2 <mrk> without translate"
    if element.get("type") not in (None, "its:generic"):
        yield f"{where}: an issue <mrk> of type {element.get('type')!r}"
    unit = next((a for a in element.iterancestors() if _local(a) == "unit"), None)
    mark = element.get("id")
    if mark is None:
        yield f"{where}: an XLIFF 2 <mrk> without id"
    elif unit is not None and sum(1 for e in unit.iter() if e.get("id") == mark) != 1:
        yield f"{where}: <mrk> id {mark!r} is not unique in its unit"


def _reference_problems(
    element: Any, reference: str, ids: dict[str, Any], where: str, version2: bool
) -> Iterator[str]:
    prefix = "#its=" if version2 else "#"
    if not reference.startswith(prefix):
        yield f"{where}: locQualityIssuesRef {reference!r} does not start with {prefix!r}"
        return
    target = ids.get(reference[len(prefix) :])
    if target is None or _namespace(target) != NAMESPACE or _local(target) != "locQualityIssues":
        yield f"{where}: locQualityIssuesRef {reference!r} resolves to no locQualityIssues"
        return
    if version2:
        # the <unit> itself (issues on a segment without a target), or the one it is in
        chain = (element, *element.iterancestors())
        unit = next((a for a in chain if _local(a) == "unit"), None)
        if unit is None or target.getparent() is not unit:
            yield f"{where}: locQualityIssuesRef {reference!r} is not in the same <unit>"


def _standoff_problems(element: Any, where: str, version2: bool) -> Iterator[str]:
    name = _local(element)
    if name == "locQualityIssue":
        if _local(element.getparent()) != "locQualityIssues":
            yield f"{where}: locQualityIssue outside locQualityIssues"
        for attribute in element.attrib:
            if attribute.startswith("{"):
                yield f"{where}: standoff issue attribute {attribute} has a namespace"
        yield from _issue_problems(dict(element.attrib), where)
        return
    if name != "locQualityIssues":
        return
    if element.get(XML_ID) is None:
        yield f"{where}: locQualityIssues without xml:id"
    children = [c for c in element if isinstance(c.tag, str)]
    if not children or any(
        _namespace(c) != NAMESPACE or _local(c) != "locQualityIssue" for c in children
    ):
        yield f"{where}: locQualityIssues must hold locQualityIssue elements only"
    if (
        any((c.text or "").strip() or (c.tail or "").strip() for c in children)
        or (element.text or "").strip()
    ):
        yield f"{where}: text inside locQualityIssues"
    parent = element.getparent()
    if version2:
        if parent is None or _local(parent) != "unit":
            yield f"{where}: locQualityIssues is not a child of <unit>"
        elif any(
            isinstance(s.tag, str) and _namespace(s) == _namespace(parent)
            for s in element.itersiblings(preceding=True)
        ):  # extension elements come first in a <unit>, before <notes> and segments
            yield f"{where}: locQualityIssues after an XLIFF element of its <unit>"
    elif parent is None or _local(parent) != "trans-unit":
        yield f"{where}: locQualityIssues is not a child of <trans-unit>"
    versions = [e.get(f"{{{NAMESPACE}}}version") for e in element.iterancestors()]
    if VERSION not in versions and element.get("version") != VERSION:
        yield f"{where}: no ITS version 2.0 on locQualityIssues or an ancestor"
