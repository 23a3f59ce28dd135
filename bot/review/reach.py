"""How far a match can reach: whether a part of a parsed regular expression can take a given character
(a full stop, say). A pattern whose start, up to its last required word, can't take a full stop is tried
only where those words follow before the next one (``patterns.reachable``)."""
from __future__ import annotations

import re
import re._constants as _c  # type: ignore[import-not-found]  # re's own parser: no stubs, stable in 3.11
from typing import Any

_CATEGORIES = {_c.CATEGORY_DIGIT: r"\d", _c.CATEGORY_NOT_DIGIT: r"\D", _c.CATEGORY_SPACE: r"\s",
               _c.CATEGORY_NOT_SPACE: r"\S", _c.CATEGORY_WORD: r"\w", _c.CATEGORY_NOT_WORD: r"\W"}
_REPEATS = (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT)


def may_take(items: list[Any], chars: str) -> bool:
    """Whether the parsed items can take one of ``chars`` (characters without case, such as ".!?"). True
    when unsure: the answer only ever narrows where a pattern is tried."""
    for op, value in items:
        if op is _c.LITERAL:
            taken = chr(value) in chars
        elif op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
            taken = False  # look-arounds read characters but take none
        elif op is _c.IN:
            taken = any(_in_set(value, c) for c in chars)
        elif op is _c.SUBPATTERN:
            taken = may_take(list(value[3]), chars)
        elif op is _c.BRANCH:
            taken = any(may_take(list(alternative), chars) for alternative in value[1])
        elif op in _REPEATS:
            taken = may_take(list(value[2]), chars)
        elif op is _c.ATOMIC_GROUP:
            taken = may_take(list(value), chars)
        else:  # any character, a back-reference, anything else: it may
            taken = True
        if taken:
            return True
    return False


def _in_set(items: list[Any], char: str) -> bool:
    """Whether a character set (``[^.!?\\n]``, ``[\\w&-]``) holds ``char``."""
    negate, inside = False, False
    for op, value in items:
        if op is _c.NEGATE:
            negate = True
        elif op is _c.LITERAL:
            inside = inside or chr(value) == char
        elif op is _c.RANGE:
            inside = inside or value[0] <= ord(char) <= value[1]
        elif op is _c.CATEGORY and value in _CATEGORIES:
            inside = inside or re.match(_CATEGORIES[value], char) is not None
        else:
            return True  # a kind of set not read here: it may
    return inside != negate


STOPS = ".!?"  # where a sentence ends: most patterns' words must all stand before the next one
