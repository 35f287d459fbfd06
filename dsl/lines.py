"""A text shown inside one line of output read line by line (an error, a hint, a line of
explain or diff): its line breaks made spaces, so that a name or a cell's text cannot start a
line of its own (a forged "hint:" or "presented:" line). Imports only the standard library."""

from __future__ import annotations

import re

# CRLF, LF, CR, the vertical tab, form feed, file/group/record separators, NEL, and Unicode's
# line and paragraph separators: every code point str.splitlines() breaks at
_LINE_BREAK = re.compile("\r\n|[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


def one_line(text: str) -> str:
    """The text with each line break made a space."""
    return _LINE_BREAK.sub(" ", text)
