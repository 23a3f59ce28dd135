"""Is a paste source code rather than a letter? Judged on the lines that carry the program, not on the
prose its docstrings and comments hold (a well-documented file can be half English).

The checks are lines only code has: a statement that opens with a keyword and its code shape (``def
name(``, ``import a.b``), an assignment, a bare call, a line ending in ``{`` or ``;``, a line of closing
brackets. A letter's own lines, hard-wrapped or templated (``{company_name}``), rarely take those
shapes, and a letter is judged as a whole, so one odd line never refuses it.
"""
from __future__ import annotations

import re

# Where code keeps its prose: docstrings and other triple-quoted strings, block comments, line comments.
_CLOSES = {'"""': '"""', "'''": "'''", "/*": "*/", "<!--": "-->"}
_OPENS = re.compile("|".join(re.escape(o) for o in _CLOSES))
_COMMENT_LINE = re.compile(r"^\s*(#(?!include\b)|//|--\s)")

_KEYWORD_LINE = (
    r"(async\s+)?def\s+\w+\s*\(|class\s+\w+\s*[:(]|import\s+[\w.]+(\s+as\s+\w+)?(\s*,\s*[\w.]+)*\s*;?\s*$|"
    r"from\s+[\w.]+\s+import\s|#include\b|(export\s+)?(async\s+)?function\b|"
    r"(const|let|var)\s+[\w{\[]|(public|private|protected|static)\s+\w|return\b.*[;)\]}]?\s*$|"
    r"(if|elif|while|for|with|except|try|else|finally)\b.*:\s*$|@\w[\w.]*(\(.*\))?\s*$|"
    r"(raise|yield|await|assert)\s+\w|(package|func|fn|pub|use)\s+[\w:]+"
)
# A line of code opens with one of these shapes, tried once at its start, or ends a statement or block, found by
# scanning for its characters (one pattern holding both was tried from every character of every line).
_CODE_OPENS = re.compile(
    r"\s*(" + _KEYWORD_LINE + r")"  # a statement
    r"|\s*[A-Za-z_][\w.]*(\[[^\]]*\])?\s*(:\s*[\w\[\], |.]+)?\s*[-+*/|&]?=(?!=)\s*\S"  # an assignment
    r"|\s*[A-Za-z_][\w.]*\(.*\)\s*;?\s*$"  # a bare call
    r"|\s*[}\])]+[)\]};,]*\s*$"  # a line of closing brackets
    r"|\s*[(\[{].*[)\]}]\s*,\s*$"  # one row of a data literal
    r"|\s*</?\w+[^>]*>\s*$"  # a line that is one markup tag
)
_CODE_ENDS = re.compile(r"[;{]\s*$")  # a statement or a block ends


SHARE = 0.3  # of the program's lines
AT_LEAST = 3  # lines, so a short letter with one odd line isn't called code


def without_prose_blocks(text: str) -> str:
    """``text`` without its docstrings and block comments. One pass (a lazy regex would rescan the rest
    of the text for every unclosed opener): an opener that is never closed leaves the rest as it is."""
    kept, at = [], 0
    while (opener := _OPENS.search(text, at)) is not None:
        end = text.find(_CLOSES[opener.group()], opener.end())
        if end < 0:
            break
        kept.append(text[at:opener.start()])
        at = end + len(_CLOSES[opener.group()])
    kept.append(text[at:])
    return "".join(kept)


def looks_like_code(text: str) -> bool:
    lines = [ln for ln in without_prose_blocks(text).splitlines() if ln.strip() and not _COMMENT_LINE.match(ln)]
    code = sum(1 for ln in lines if _CODE_OPENS.match(ln) or _CODE_ENDS.search(ln))
    return code >= AT_LEAST and code >= SHARE * len(lines)
