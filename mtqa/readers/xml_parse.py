"""Safe XML parsing for the bilingual readers (lxml), with errors naming line and column."""

from __future__ import annotations

import re
from typing import Any

from mtqa.readers.decode import ReadError

#: lxml's messages end with the position, which the error message gives once, at its end.
_WHERE = re.compile(r",? ?\(?line \d+,? column \d+\)?$")
_DEPTH = re.compile(r"Excessive depth in document: (\d+)")


def parse_xml(data: bytes) -> Any:
    """The root element of ``data``; ``ReadError`` with line and column for malformed XML.

    External entities and network access are off: a bilingual file is data, not a program.
    """
    from lxml import etree

    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True
    )
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        line, column = error.position if error.position else (None, None)
        message = _WHERE.sub("", str(error.msg or "syntax error"))
        depth = _DEPTH.match(message)
        if depth:  # libxml2's own words name a parser option, which means nothing to a user
            message = f"elements nested more than {depth.group(1)} levels deep"
        where = f" (line {line}, column {column})" if line else ""
        raise ReadError(f"malformed XML: {message}{where}", line) from None


def local_name(element: Any) -> str:
    """``{namespace}tag`` -> ``tag``; comments and processing instructions give ''."""
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]
