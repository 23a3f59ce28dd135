"""A second word a match must reach. ``\\b(the|this|your)\\s+\\[?([\\w/&,()-]+\\s+){0,8}(role|position|...)`` is
tried at every "the" of a letter, and at each it backtracks through up to nine words; yet it can only match
where a later word of the same sentence or line is "role", "position"...: the pattern can't cross a full stop,
a colon or the other marks that end a sentence. Both are read once from the parsed pattern, and a scan tries
only the starts with such a word ahead of them in their stretch of the letter (bot/review/patterns.py).

Everything here only widens: a mark the pattern might cross doesn't cut the letter, a word it might run on
from is a word's beginning, so a start left out is one where the pattern can't match, and every scan finds
what it did."""
from __future__ import annotations

import re
import re._constants as _c  # type: ignore[import-not-found]  # re's own parser: no stubs, stable in 3.11
import re._parser as _parser  # type: ignore[import-not-found]
from functools import lru_cache
from typing import Any

# What a pattern needs ahead of its start: the marks it can't cross before the word (of ".!?:;" and a line
# break: sentences and lines, the stretches a letter is cut into), the words (lower case) one of which is a later
# word of the letter, and the beginnings one of which starts it.
Reach = tuple[str, tuple[str, ...], tuple[str, ...]]
_MARKS = ".!?:;\n"

_ZERO_WIDTH = (_c.AT, _c.ASSERT, _c.ASSERT_NOT)
_CATEGORY = {_c.CATEGORY_WORD: r"\w", _c.CATEGORY_DIGIT: r"\d", _c.CATEGORY_SPACE: r"\s"}


@lru_cache(maxsize=1024)
def reach_of(pattern: str) -> Reach | None:
    """The second word every match of ``pattern`` reaches and what it can't cross to get there, or None."""
    try:
        items = _flat(list(_parser.parse(pattern, re.I | re.M)))
    except re.error:
        return None
    crossed, gap = _Crossed(), False
    for k, (op, av) in enumerate(items):
        if gap:  # past a run of words: the word after it is worth looking for (right after the first, the
            # pattern itself fails at once where it's missing)
            lead = _lead(items[k:], False) if _last(items[:k]) != "no" else None
            if lead:
                barrier = crossed.barrier()
                stops = "".join(m for m in _MARKS if barrier and re.match(barrier, m, re.I))
                return (stops, tuple(sorted(w for w in lead if not w.endswith("*"))),
                        tuple(sorted(w[:-1] for w in lead if w.endswith("*")))) if stops else None
        if not crossed.add(op, av):
            return None
        gap = gap or _words(op, av)
    return None


def _words(op: Any, av: Any) -> bool:
    """Whether an item is a repeat that can take three words or more and the spaces between them: trying
    such a pattern where it can't match backtracks through each, which costs more than ruling the place
    out; a shorter run fails about as fast as the word index is read."""
    if op not in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT) or av[1] < 3:
        return False
    taken = _Crossed()
    if not taken.add(op, av):
        return True  # nearly anything
    barrier = taken.barrier()
    return barrier is None or not (re.match(barrier, "a", re.I) or re.match(barrier, " "))


def _flat(items: list[Any]) -> list[Any]:
    """The pattern's top level, with its groups of one sequence (no alternatives) read through."""
    out = []
    for op, av in items:
        if op is _c.SUBPATTERN and not any(inner[0] is _c.BRANCH for inner in av[3]):
            out += _flat(list(av[3]))
        else:
            out.append((op, av))
    return out


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"  # what \w matches


class _Crossed:
    """The characters a run of pattern items can take: classes of them, or all but a few marks (``[^.!?\\n]``)."""

    def __init__(self) -> None:
        self.classes: set[str] = set()  # pieces of a character class: "\\w", "a-z", "/"
        self.all_but: set[str] | None = None  # None: only the classes; else every character but these

    def add(self, op: Any, av: Any) -> bool:
        """Take in one item; False when it can take nearly anything (then there's nothing to bound)."""
        if op in _ZERO_WIDTH:
            return True
        if op is _c.LITERAL:
            self.classes.add(re.escape(chr(av)))
            return True
        if op is _c.NOT_LITERAL:
            return self._all_but({chr(av)})
        if op is _c.IN:
            return self._in(av)
        if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
            return all(self.add(*item) for item in av[2])
        if op is _c.SUBPATTERN:
            return all(self.add(*item) for item in av[3])
        if op is _c.ATOMIC_GROUP:
            return all(self.add(*item) for item in av)
        if op is _c.BRANCH:
            return all(self.add(*item) for alternative in av[1] for item in alternative)
        return False  # any character, a back-reference, a conditional group

    def _in(self, members: list[Any]) -> bool:
        if members and members[0][0] is _c.NEGATE:
            if all(op is _c.LITERAL for op, _ in members[1:]):
                return self._all_but({chr(v) for _, v in members[1:]})
            return False
        for op, v in members:
            if op is _c.LITERAL:
                self.classes.add(re.escape(chr(v)))
            elif op is _c.RANGE:
                self.classes.add(f"{re.escape(chr(v[0]))}-{re.escape(chr(v[1]))}")
            elif op is _c.CATEGORY and v in _CATEGORY:
                self.classes.add(_CATEGORY[v])
            else:
                return False  # \W, \S, \D inside a class: nearly anything
        return True

    def _all_but(self, marks: set[str]) -> bool:
        if any(m.lower() != m.upper() for m in marks):
            return False  # a letter: which case it stops depends on flags; not worth telling
        self.all_but = marks if self.all_but is None else self.all_but & marks
        return True

    def barrier(self) -> str | None:
        """A pattern (run case-insensitive) for one character none of the items can take, or None."""
        if self.all_but is None:
            return "[^" + "".join(sorted(self.classes)) + "]" if self.classes else None
        taken = re.compile("[" + "".join(sorted(self.classes)) + "]", re.I) if self.classes else None
        marks = [m for m in sorted(self.all_but) if taken is None or not taken.match(m)]
        return "[" + "".join(re.escape(m) for m in marks) + "]" if marks else None


# The zero-width places that put a word's edge next to them: before a word's first letter, the character before
# isn't a word's; after its last, the one after isn't.
_EDGE = {False: (_c.AT_BOUNDARY, _c.AT_END, _c.AT_END_LINE, _c.AT_END_STRING),
         True: (_c.AT_BOUNDARY, _c.AT_BEGINNING, _c.AT_BEGINNING_LINE, _c.AT_BEGINNING_STRING)}


def _last(items: list[Any]) -> str:
    """How a run of items ends, for a word that follows it: "yes" when always on a character that can't
    be in a word (so the word starts a word of the letter), "empty" when it may take nothing and else ends
    so, "no" when it may end inside a word."""
    return _edge(items, True)


def _first(items: list[Any]) -> str:
    """How a run of items begins, after a word's letter: "yes" when it can't continue the word (a space, a
    mark, a boundary, the end of a line), "empty" when it may take nothing and else begins so, "no" else."""
    return _edge(items, False)


def _edge(items: list[Any], last: bool) -> str:
    for op, av in reversed(items) if last else items:
        found = _edge_of(op, av, last)
        if found != "empty":
            return found
    return "empty"


def _edge_of(op: Any, av: Any, last: bool) -> str:
    if op is _c.LITERAL:
        return "no" if _is_word_char(chr(av)) else "yes"
    if op is _c.IN:
        return "yes" if all(_no_word_char(o, v) for o, v in av) else "no"
    if op is _c.AT:
        return "yes" if av in _EDGE[last] else "no" if av is _c.AT_NON_BOUNDARY else "empty"
    if op in (_c.ASSERT, _c.ASSERT_NOT):
        return "empty"
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
        least, most, inner = av
        found = _edge(list(inner), last)
        if found == "no" or most == 0:
            return "no" if found == "no" else "empty"
        return found if least >= 1 else "empty"
    if op is _c.SUBPATTERN:
        return _edge(list(av[3]), last)
    if op is _c.ATOMIC_GROUP:
        return _edge(list(av), last)
    if op is _c.BRANCH:
        edges = {_edge(list(alternative), last) for alternative in av[1]}
        return "no" if "no" in edges else "empty" if "empty" in edges else "yes"
    return "no"


def _no_word_char(op: Any, v: Any) -> bool:
    """Whether a member of a character class can only be a character no word holds."""
    if op is _c.LITERAL:
        return not _is_word_char(chr(v))
    if op is _c.CATEGORY:
        return v in (_c.CATEGORY_SPACE, _c.CATEGORY_NOT_WORD)
    if op is _c.RANGE:
        return v[1] - v[0] < 256 and not any(_is_word_char(chr(c)) for c in range(v[0], v[1] + 1))
    return False


def _lead(items: list[Any], ends: bool) -> frozenset[str] | None:
    """The letters (lower case ASCII) every match of a run of items starts with, one run of them for each
    alternative, or None. A run is a whole word when what follows it can't continue a word; else it is a
    word's beginning, marked with a "*". ``ends``: whether what follows the items does that."""
    k = 0
    while k < len(items) and items[k][0] in _ZERO_WIDTH:
        k += 1
    if k == len(items):
        return None
    op, av = items[k]
    if op is _c.LITERAL:
        word = ""
        while k < len(items) and items[k][0] is _c.LITERAL and chr(items[k][1]).isascii() \
                and _is_word_char(chr(items[k][1])):
            word += chr(items[k][1])
            k += 1
        after = _first(items[k:])
        whole = after == "yes" or after == "empty" and ends
        return frozenset({word.lower() + ("" if whole else "*")}) if word else None
    after = _first(items[k + 1:])  # what follows a group's alternatives
    ends = after == "yes" or after == "empty" and ends
    if op is _c.SUBPATTERN:
        return _lead(list(av[3]), ends)
    if op is _c.ATOMIC_GROUP:
        return _lead(list(av), ends)
    if op is _c.BRANCH:
        words: set[str] = set()
        for alternative in av[1]:
            found = _lead(list(alternative), ends)
            if found is None:
                return None
            words |= found
        return frozenset(words)
    return None
