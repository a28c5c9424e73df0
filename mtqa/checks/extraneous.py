"""Extraneous content: page furniture scraped into a translation (MQM accuracy/addition).

The patterns live in ``mtqa/data/boilerplate.toml``; each names the check it belongs to.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources

from mtqa.analysis import Analysis
from mtqa.findings import Hit, Severity
from mtqa.registry import check
from mtqa.segment import count_words


@dataclass(frozen=True)
class _Pattern:
    id: str
    code: str
    regex: re.Pattern[str]
    max_words: int
    message: str
    takes_next_headline: bool


@functools.lru_cache(maxsize=1)
def _patterns() -> tuple[_Pattern, ...]:
    raw = resources.files("mtqa.data").joinpath("boilerplate.toml").read_text("utf-8")
    return tuple(
        _Pattern(
            id=item["id"],
            code=item["code"],
            regex=re.compile(item["regex"], re.IGNORECASE),
            max_words=int(item["max_words"]),
            message=item["message"],
            takes_next_headline=bool(item.get("takes_next_headline", False)),
        )
        for item in tomllib.loads(raw)["pattern"]
    )


def _lines(text: str) -> list[tuple[int, int]]:
    """Spans of the non-blank lines of ``text``, without surrounding whitespace."""
    spans = []
    for match in re.finditer(r"[^\n]+", text):
        piece = match.group(0)
        start = match.start() + len(piece) - len(piece.lstrip())
        end = match.end() - (len(piece) - len(piece.rstrip()))
        if end > start:
            spans.append((start, end))
    return spans


def _is_headline(line: str) -> bool:
    stripped = line.rstrip("\"'”’) ")
    return bool(stripped) and stripped[-1] not in ".!?" and count_words(line) <= 30


def _matching(piece: str, code: str) -> _Pattern | None:
    """The first ``code`` pattern that the line ``piece`` matches."""
    return next(
        (
            p
            for p in _patterns()
            if p.code == code and count_words(piece) <= p.max_words and p.regex.search(piece)
        ),
        None,
    )


def _translates_source(analysis: Analysis, start: int, end: int, code: str) -> bool:
    """Whether the target line ``start:end`` is the translation of its source rather than
    furniture added to it. Furniture is an addition: text a scraper put around an article,
    which the source does not have. So a line is translation when the unit (or aligned pair)
    that holds it has a source with a line of the same role (a ``code`` pattern matches it:
    "Menu" for "Menu"), or when the line is the whole target of a localization file's unit,
    or of a text given with its source, that translates a source string: a UI label
    ("E-mail" for "Email", "Menü" for "Menu") is the string the source asked for. A line
    beside the translated text of its pair is still reported."""
    pair = analysis.pair_at(start)
    if pair is None or not pair.source.strip():
        return False
    source = pair.source
    if any(_matching(source[s:e], code) for s, e in _lines(source)):
        return True
    whole = analysis.text[pair.offset : pair.end].strip() == analysis.text[start:end]
    return whole and (bool(analysis.document.units) or len(analysis.pairs) == 1)


def _furniture(analysis: Analysis, code: str) -> Iterator[Hit]:
    """Lines matching the ``code`` patterns that are not the translation of their source
    (``_translates_source``). Furniture is line-based even in Markdown, where a soft-wrapped
    paragraph could otherwise hide a "Previous post" line."""
    text = analysis.text
    lines = _lines(text)
    for index, (start, end) in enumerate(lines):
        piece = text[start:end]
        pattern = _matching(piece, code)
        if pattern is not None and not _translates_source(analysis, start, end, code):
            evidence = f"matches the '{pattern.id}' pattern of mtqa/data/boilerplate.toml"
            following = lines[index + 1] if index + 1 < len(lines) else None
            stop = end
            if (
                pattern.takes_next_headline
                and following
                and _is_headline(text[following[0] : following[1]])
            ):
                stop = following[1]
                evidence += "; the headline under it links to another article"
            yield Hit(
                start, stop, pattern.message.format(text=piece), confidence=0.9, evidence=evidence
            )


@check("A101", "teaser-link", "accuracy/addition", Severity.MAJOR, scope="document", languages=None)
def teaser_link(analysis: Analysis) -> Iterator[Hit]:
    """A "Read: ...", "Read more" or "See also" teaser for another article inside the text.

    The whole line is the span: it is not part of the translated article.

    Okay: Read the report carefully before you sign it.
    A101: «Read:Serbia and Kosovo reach free movement agreement | Serbia»
    A101: «Also read: Chinese military ship docks at Sri Lanka port»
    A101: «Read more»
    """
    yield from _furniture(analysis, "A101")


@check(
    "A102", "page-navigation", "accuracy/addition", Severity.MAJOR, scope="document", languages=None
)
def page_navigation(analysis: Analysis) -> Iterator[Hit]:
    """Site navigation such as "Previous post" / "Next post" and the headline under it.

    Furniture is text added to a translation: a line that translates its source (a UI label
    of a localization file, "Menu" for "Menu") is not reported.

    Okay: The next post office is two miles away.
    Okay: [en-fr] Menu => Menu
    A102: «Previous post\\nFury as basic state pension to pay less | Finance»
    A102: «Next post»
    A102: «Back to top»
    A102: The talks went on.\\n\\n«Previous post\\nFury as basic state pension to pay less»
    """
    yield from _furniture(analysis, "A102")


@check("A103", "widget-text", "accuracy/addition", Severity.MAJOR, scope="document", languages=None)
def widget_text(analysis: Analysis) -> Iterator[Hit]:
    """Share buttons, subscription prompts, cookie notices, advertising and credit lines.

    Okay: Shares in the company rose by 5 percent on Monday.
    Okay: [en-pt] Email => E-mail
    A103: [en-de] The talks went on. => Die Gespräche gingen weiter.\\n«Share this article»
    A103: «Share this article»
    A103: «Share this article: Facebook Twitter WhatsApp»
    A103: «Subscribe to our newsletter for the latest news»
    A103: «We use cookies to improve your experience.»
    A103: «Advertisement»
    """
    yield from _furniture(analysis, "A103")
