"""A reply as plain text for a pipe or a file: exactly what rich prints there (no styles, words wrapped to
the same width), without loading rich, which was a third of the instructions `shortlist ask` ran to start.

Only for text whose every character is one cell wide (the Latin, Greek and Cyrillic alphabets, punctuation,
currency signs, arrows, ticks): anything else (CJK, emoji, a tab) is measured and printed by rich itself.
tests/test_plain_output.py checks the two print the same bytes.
"""
from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .terminal import Item

# Characters one cell wide: rich's own single-cell ranges, and punctuation, currency signs, arrows, ticks, crosses.
_RANGES = ((0x20, 0x7E), (0xA0, 0xAC), (0xAE, 0x2FF), (0x370, 0x482), (0x2010, 0x2027), (0x2030, 0x205E),
           (0x20A0, 0x20C0), (0x2190, 0x2199), (0x2500, 0x25FC), (0x2713, 0x2718))
NARROW = frozenset(chr(c) for low, high in _RANGES for c in range(low, high + 1)) | {"\n"}
# Where a diff's line goes on past the width: its wrapped tail keeps the line's "+" or "-" and indent, then this,
# so it can't be read as a line of the file (trial 9: "+            event*]}" looked like the import broke a list).
CONTINUED = "\u21aa "
_DROPPED = dict.fromkeys((7, 8, 11, 12, 13))  # control characters rich leaves out of any text it prints
_WORD = re.compile(r"\s*\S+\s*")  # a word with the spaces around it, as rich divides a line
_TRAILING = re.compile(r"\s+$")


def wanted() -> bool:
    """Whether rich would print plain text: standard output is not a terminal, and nothing asks for colour."""
    return (os.name != "nt" and not sys.stdout.isatty()
            and not any(name in os.environ for name in ("FORCE_COLOR", "TTY_COMPATIBLE")))


def width() -> int:
    """The width rich wraps to: the terminal's (of standard input, output or error), else COLUMNS, else 80."""
    columns = 0
    for fd in (0, 1, 2):
        try:
            columns = os.get_terminal_size(fd).columns
            break
        except (AttributeError, ValueError, OSError):  # not a terminal
            continue
    env = os.environ.get("COLUMNS")
    if env is not None and env.isdigit():
        columns = int(env)
    return columns or 80


def render(items: Iterable[Item], columns: int) -> str | None:
    """The items as rich prints them ``columns`` wide; None when a character's width needs rich to measure."""
    out: list[str] = []
    for item in items:
        text = "".join(run for run, _ in item.runs).translate(_DROPPED)
        if not NARROW.issuperset(text):
            return None
        if item.marker is None:
            out += wrap(text, columns)
            continue
        if item.verbatim:
            out.append(" " * item.indent + item.marker + text)
            continue
        inner = max(20, columns - item.indent - len(item.marker) - len(CONTINUED) * item.repeat)
        for n, line in enumerate(wrap(text, inner)):
            out += wrap(" " * item.indent + (item.marker if n == 0 or item.repeat else " " * len(item.marker))
                        + (CONTINUED if item.repeat and n else "") + line.rstrip(),
                        columns)
    return "".join(line + "\n" for line in out)


def wrap(text: str, columns: int) -> list[str]:
    """rich's word wrap (Text.wrap, for text of one-cell characters): lines split at words, a word longer
    than a line folded, and spaces past the width dropped from a line's end (others are kept)."""
    lines = []
    for line in text.split("\n"):
        breaks = _breaks(line, columns)
        for start, end in zip([0, *breaks], [*breaks, len(line)], strict=True):
            piece = line[start:end]
            excess = len(piece) - columns
            if excess > 0:
                spaces = _TRAILING.search(piece)
                if spaces is not None:
                    piece = piece[:len(piece) - min(len(spaces.group()), excess)]
            lines.append(piece[:columns])
    return lines


def _breaks(text: str, columns: int) -> list[int]:
    """Where rich breaks ``text`` into lines (rich._wrap.divide_line, every character one cell wide)."""
    breaks: list[int] = []
    offset = 0
    for match in _WORD.finditer(text):
        start, word = match.start(), match.group()
        length = len(word.rstrip())
        if columns - offset >= length:
            offset += len(word)
        elif length > columns:  # longer than a line: folded across lines
            for index in range(0, len(word), columns):
                if start:
                    breaks.append(start)
                chunk = word[index:index + columns]
                if index + columns >= len(word):
                    offset = len(chunk)
                else:
                    start += len(chunk)
        elif offset and start:
            breaks.append(start)
            offset = len(word)
    return breaks
