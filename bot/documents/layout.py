"""Clean-up every document format shares: the same text a member would have pasted."""
from __future__ import annotations

import re

# Typographic ligatures some PDFs map to one character, and invisible soft hyphens.
_CHARACTERS = str.maketrans({"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
                             "\u00ad": None, "\x0b": "\n", "\x0c": "\n", "\r": None})
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_TRAILING = re.compile(r"[ \t]+$", re.M)
_BLANKS = re.compile(r"\n{3,}")


def tidy(text: str) -> str:
    """No control characters, no trailing spaces, at most one blank line in a row, no blank ends."""
    text = _CONTROL.sub("", text.translate(_CHARACTERS))
    return _BLANKS.sub("\n\n", _TRAILING.sub("", text)).strip("\n")
