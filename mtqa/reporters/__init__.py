"""Reporters: pure functions from reports to text. Writing files is the CLI's job."""

import re

#: Characters that XML 1.0 cannot hold, not even escaped (C0 controls other than tab and
#: line breaks, lone surrogates, U+FFFE and U+FFFF).
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(text: str) -> str:
    """``text`` with every character XML cannot hold written as U+FFFD (JUnit, xlsx)."""
    return NOT_XML.sub("\ufffd", text)
