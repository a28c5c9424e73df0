"""What the HTML review pages share: escaping, number formats and the page around a body.

A page's style and scripts are package data (``assets/report.css``; ``assets/page.js`` and
``assets/triage.js`` for a document's page, ``assets/index.js`` for the index) inlined into
every page, so that a page works offline when opened from disk; nothing else on a page is
script or style, and every piece of text is escaped.
"""

from __future__ import annotations

import functools
import html
from collections import Counter
from collections.abc import Sequence
from importlib import resources

from mtqa.findings import Finding, Severity


def esc(value: object) -> str:
    """Text or attribute value, escaped; a carriage return survives HTML parsing as ``&#13;``;
    a NUL, which HTML parsers drop (shifting every offset after it), is drawn as U+FFFD."""
    return html.escape(str(value), quote=True).replace("\r", "&#13;").replace("\x00", "\ufffd")


def decimal(value: float | None, digits: int) -> str:
    """A score with ``digits`` decimals; an en dash where there is none."""
    return "–" if value is None else f"{value:.{digits}f}"


def severity_counts(findings: Sequence[Finding]) -> Counter[Severity]:
    return Counter(f.severity for f in findings)


@functools.cache
def asset(name: str) -> str:
    """The text of ``assets/<name>``, a file of this package's data."""
    return resources.files(__package__).joinpath("assets", name).read_text(encoding="utf-8")


def page(title: str, body: str, *scripts: str) -> str:
    """A whole page: ``body`` with the report style and the scripts ``assets/<script>``,
    in that order in one ``<script>`` element."""
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="mtqa">\n'
        f"<title>{esc(title)}</title>\n<style>\n{asset('report.css')}</style>\n</head>\n"
        f"<body>\n{body}\n<script>\n{''.join(map(asset, scripts))}</script>\n</body>\n</html>\n"
    )
