"""Our light markdown in the core's text (**bold**, `code`, _italic_) read as styled runs: what every renderer
draws in its own idiom (the terminal with rich or plain text; Discord and Slack through markup.py's dialects,
whose classes the terminal doesn't build)."""
from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Literal

# Our own light markdown in the core's text: **bold**, `code`, _italic_.
MARKDOWN = re.compile(r"\*\*(.+?)\*\*|`(.+?)`|(?<!\w)_(.+?)_(?!\w)")
Style = Literal["bold", "code", "italic"]


def styled(text: str) -> Iterator[tuple[str, Style | None]]:
    """Our text as runs, each plain (None) or in one style, for a renderer to draw in its own idiom."""
    if "*" not in text and "`" not in text and "_" not in text:  # most text: no marks to look for
        yield text, None
        return
    pos = 0
    for m in MARKDOWN.finditer(text):
        yield text[pos:m.start()], None
        bold, code, italic = m.groups()
        if bold is not None:
            yield bold, "bold"
        elif code is not None:
            yield code, "code"
        else:
            yield italic, "italic"
        pos = m.end()
    yield text[pos:], None
