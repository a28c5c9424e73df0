"""Reporters: pure functions from reports to text. Writing files is the CLI's job."""

import re

#: Characters that XML 1.0 cannot hold (C0 controls other than tab and line breaks, lone
#: surrogates, U+FFFE and U+FFFF): the XML-based outputs write U+FFFD instead.
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
