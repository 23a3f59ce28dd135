"""Reads a regular expression's start: the words (or word beginnings, or a number) any match must
begin with, so the pattern is tried only where those words stand instead of at every character."""
from __future__ import annotations

import re
import re._constants as _c  # type: ignore[import-not-found]  # re's own parser: no stubs, stable in 3.11
import re._parser as _parser  # type: ignore[import-not-found]
from collections.abc import Iterator
from functools import lru_cache
from typing import Any


def _depths(text: str) -> Iterator[tuple[int, str, int]]:
    """Each unescaped character of a pattern, where it stands, and the group depth once it is read."""
    depth, k = 0, 0
    while k < len(text):
        ch = text[k]
        if ch == "\\":
            k += 2
            continue
        depth += (ch == "(") - (ch == ")")
        yield k, ch, depth
        k += 1


def _split_group(text: str) -> tuple[str, int] | None:
    """The inside of the group ``text`` opens with, and where it closes."""
    for k, _, depth in _depths(text):
        if depth == 0:
            return text[1:k], k
    return None


def _top_level(text: str) -> list[str]:
    """``text`` split at the ``|`` that aren't inside a group."""
    parts, start = [], 0
    for k, ch, depth in _depths(text):
        if ch == "|" and depth == 0:
            parts.append(text[start:k])
            start = k + 1
    return parts + [text[start:]]


Anchors = tuple[frozenset[str], tuple[str, ...], bool]
# What can follow a literal word in a pattern and still end the word there ("I'm", "in-house", "\s").
_WORD_END = (" ", "'", "-", ",", ":", ";", "/", "&", "\\s", "\\b", "\\W", "\\-", "\\.", "\\,", "\\(", "\\)", "\\/",
             "\\&", "\\'", "$")
_QUANTIFIER = ("?", "*", "+", "{")
_LITERAL = re.compile(r"[A-Za-z0-9]+")
_LEAST = re.compile(r"\{(\d{1,2})(?:,\d*)?\}")  # a repeat count: {2,} or {3}
_FLAGS_GROUP = re.compile(r"\(\?[aiLmsux]*(?:-[imsx]+)?:")


def _group_at(text: str) -> tuple[str, str, str] | None:
    """For ``text`` opening with a group: its kind ("(", "(?:", "(?!"...), its inside and what follows it."""
    split = _split_group(text)
    if split is None:
        return None
    inside, close = split
    flags = _FLAGS_GROUP.match(text)
    if flags:
        kind = "(?:"
        inside = text[flags.end():close]
    elif inside.startswith("?P<"):
        kind, inside = "(", inside[inside.index(">") + 1:]
    elif inside.startswith(("?=", "?!", "?<=", "?<!")):
        kind = "look"
    elif inside.startswith("?"):
        return None
    else:
        kind = "("
    return kind, inside, text[close + 1:]


def _ends_word(rest: str) -> bool:
    """Whether what a pattern says next can't continue the word before it."""
    atom = next((e for e in _WORD_END if rest.startswith(e)), None)
    if atom is not None:
        after = rest[len(atom):]
        if after.startswith(("?", "*", "{0")):  # the mark may be missing ("multi-?million"): look past it
            return _ends_word(after.lstrip("?*") if not after.startswith("{") else after[after.find("}") + 1:])
        return True
    if rest.startswith("("):
        group = _group_at(rest)
        if group is None or group[0] == "look":
            return False
        kind, inside, after = group
        if after.startswith(("?", "*")) and not after.startswith(("??", "*?")):
            after = after[1:]  # an optional group: what comes after it must end the word too
            if not _ends_word(after):
                return False
        elif after.startswith(_QUANTIFIER):
            return False
        return all(_ends_word(alternative + after) for alternative in _top_level(inside))
    return False


def _anchors_of(text: str, bounded: bool) -> Anchors | None:
    """The words, word beginnings and (third) whether a word starting with a digit is where a match
    of ``text`` can start; ``bounded`` once a ``\b`` has put the match at the start of a word."""
    if text.startswith("\\b"):
        return _anchors_of(text[2:], True)
    if text.startswith("("):
        group = _group_at(text)
        if group is None:
            return None
        kind, inside, after = group
        if kind == "look":
            return _anchors_of(after, bounded)  # takes no characters: the match still starts after it
        if after.startswith(_QUANTIFIER):
            return None
        words: set[str] = set()
        prefixes: set[str] = set()
        digits = False
        for alternative in _top_level(inside):
            found = _anchors_of(alternative + after, bounded)
            if found is None:
                return None
            words |= found[0]
            prefixes.update(found[1])
            digits = digits or found[2]
        return frozenset(words), tuple(sorted(prefixes)), digits
    if not bounded:
        return None
    if text.startswith("\\d"):
        return frozenset(), (), True
    m = _LITERAL.match(text)
    if m is None:
        return None
    word, rest = m.group(0).lower(), text[m.end():]
    if rest.startswith("?") and len(word) > 1:  # "an?" before a word's end: the word is "a" or "an", not any "a..."
        after = rest[2:] if rest.startswith(("??", "?+")) else rest[1:]
        if _ends_word(after):
            return frozenset({word[:-1], word}), (), False
    if rest.startswith(_QUANTIFIER):  # the last letter repeats or may be missing: only what's before it is sure
        word = word[:-1] if rest.startswith(("?", "*", "{0")) else word
        least = _LEAST.match(rest)
        if least and word:  # "X{2,}": the letter at least twice, so the match starts "xx"
            word += word[-1] * (int(least.group(1)) - 1)
        return (frozenset(), (word,), False) if word else None
    if _ends_word(rest):
        return frozenset({word}), (), False
    return frozenset(), (word,), False


@lru_cache(maxsize=1024)
def anchor_words(pattern: str) -> Anchors | None:
    """The words (and word beginnings, and whether a number) a match must start with, read from the
    pattern's start, or None when that can't be told; then the pattern is scanned everywhere."""
    return _anchors_of(pattern, False)


# Where a pattern no word starts can still be told where to start. The places are: "line", a line's
# start (``^``: shipped patterns run with re.M); "after" and the marks, right after one of those marks and
# a space (``(?<=[.!?] )``); "doubled", a word followed by the same word (``([a-z]{2,})\s+\1\b``).
_AFTER_MARK = re.compile(r"\(\?<=\[([.!?;:,]+)\] \)")
# "possessive": a capitalised name right before 's ("Monzo's mission"), read back from each 's.
_POSSESSIVE = re.compile(r"\(\?-i:\\b(?:\(\?![^()]*\))?\[A-Z\]\[\\w&-\]\+\)'s")
# The space between the two may be any run of spaces, or one line break where a line wraps a sentence
# (``(?:[ \t]+|[ \t]*\n(?<=[^\n]{40}\n)[ \t]*)``): white space only, never empty, so the two are still
# neighbouring words.
_DOUBLED = re.compile(r"(?:\\b)?(?:\(\?![^()]*\))?\(\[a-z\](?:\{\d+,\d*\}|\+)\)"
                      r"(?:\\s\+|\(\?:\[ \\t\]\+\|\[ \\t\]\*\\n\(\?<=\[\^\\n\]\{\d+\}\\n\)\[ \\t\]\*\))\\1\\b")


@lru_cache(maxsize=1024)
def anchor_places(pattern: str) -> frozenset[str] | None:
    """For a pattern ``anchor_words`` can't anchor: the kinds of place where its matches must start
    ("line", "after" and marks, "doubled", "possessive"), or None when that can't be told either."""
    if _DOUBLED.match(pattern):
        return frozenset({"doubled"})
    if _POSSESSIVE.match(pattern):
        return frozenset({"possessive"})
    if _opens_outside_ascii(pattern):
        return frozenset({"nonascii"})
    found = _places(pattern)
    return frozenset(found) if found else None


def _opens_outside_ascii(pattern: str) -> bool:
    """Whether every match starts with a character from a class of characters outside ASCII only (emoji), which
    no case folding takes for an ASCII one: a letter all in ASCII then holds none (``str.isascii``, at once)."""
    try:
        items = list(_parser.parse(pattern, re.I | re.M))
    except re.error:
        return False
    if not items or items[0][0] is not _c.IN:
        return False
    members = []
    for op, value in items[0][1]:
        if op is _c.LITERAL:
            members.append(re.escape(chr(value)))
        elif op is _c.RANGE:
            members.append(f"{re.escape(chr(value[0]))}-{re.escape(chr(value[1]))}")
        else:  # a negated class, a category (\w): ASCII too
            return False
    first = re.compile("[" + "".join(members) + "]", re.I)
    return not any(first.match(chr(code)) for code in range(128))


def _places(text: str) -> set[str] | None:
    if text.startswith("^"):
        return {"line"}
    if not text.startswith("("):
        return None
    group = _group_at(text)
    if group is None:
        return None
    kind, inside, after = group
    if kind == "look":
        mark = _AFTER_MARK.fullmatch(text[:len(text) - len(after)])
        return {"after" + mark.group(1)} if mark else None
    if after.startswith(_QUANTIFIER):
        return None
    out: set[str] = set()
    for alternative in _top_level(inside):
        found = _places(alternative + after)
        if found is None:
            return None
        out |= found
    return out


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"  # what \w matches


# Characters re.IGNORECASE takes for an ASCII letter that lower case doesn't turn into one (long s,
# dotless i, dotted capital I, the Kelvin sign): a text holding one is not filtered by required words.
FOLDS_TO_ASCII = "\u017f\u0131\u0130\u212a"


@lru_cache(maxsize=1024)
def required_words(pattern: str) -> frozenset[frozenset[str]]:
    """Whole words (lower case) every match of the pattern holds, as groups of which at least one must
    be there ("am", or one of "advert", "posting"...): a letter lacking a group can't match, and isn't
    scanned. Read from the parsed pattern's top level; a word is whole when the pattern puts a boundary
    (``\\b``, a space, punctuation) on both sides of it."""
    try:
        parsed = _parser.parse(pattern, re.I | re.M)
    except re.error:
        return frozenset()
    found: set[frozenset[str]] = set()
    word, bounded = "", False
    pending: tuple[frozenset[str], bool] | None = None  # a group of alternatives, and whether it ends on a word
    for kind, value in _required_items(list(parsed)):
        if pending is not None:
            if not pending[1] or kind == "boundary" or (kind == "char" and not _is_word_char(value)):
                found.add(pending[0])
            pending = None
        if kind == "char" and _is_word_char(value):
            word += value
            continue
        if kind == "any":
            pending = value if bounded and not word else None
            word, bounded = "", False
            continue
        if kind in ("char", "boundary") and word and bounded and word.isascii():
            found.add(frozenset({word.lower()}))
        word, bounded = "", kind != "other"
    if pending is not None and not pending[1]:
        found.add(pending[0])
    return frozenset(found)


def _required_items(items: list[Any]) -> Iterator[tuple[str, Any]]:
    """The pattern's top-level items as ("char", c), ("boundary", ""), ("any", (words, ends on a word))
    for a group of alternatives that each start with a whole word, or ("other", ""): groups without
    alternatives are read through, look-arounds take no characters and are skipped."""
    for op, value in items:
        if op is _c.LITERAL:
            yield "char", chr(value)
        elif op is _c.AT and value is _c.AT_BOUNDARY:
            yield "boundary", ""
        elif op in (_c.ASSERT, _c.ASSERT_NOT):
            continue
        elif op is _c.SUBPATTERN and not any(inner[0] is _c.BRANCH for inner in value[3]):
            yield from _required_items(list(value[3]))
        elif _spaces([(op, value)]) or (
                op in (_c.MAX_REPEAT, _c.POSSESSIVE_REPEAT) and value[0] >= 1 and _spaces(list(value[2]))):
            yield "boundary", ""
        elif op is _c.SUBPATTERN and len(value[3]) == 1 and (first := _first_words(value[3][0][1][1])):
            yield "any", first
        else:
            yield "other", ""


def _first_words(alternatives: list[Any]) -> tuple[frozenset[str], bool] | None:
    """The whole word each alternative starts with, and whether one of them is only that word (then
    what follows the group must end it); None when an alternative doesn't start with a whole word."""
    words, bare = set(), False
    for alternative in alternatives:
        items, word, k = list(alternative), "", 0
        while k < len(items) and items[k][0] is _c.LITERAL and _is_word_char(chr(items[k][1])):
            word += chr(items[k][1])
            k += 1
        if not word or not word.isascii():
            return None
        if k == len(items):
            bare = True
        elif next(_required_items(items[k:k + 1]), ("other", ""))[0] not in ("char", "boundary") or (
                items[k][0] is _c.LITERAL and _is_word_char(chr(items[k][1]))):
            return None
        words.add(word.lower())
    return frozenset(words), bare


def _spaces(items: list[Any]) -> bool:
    """One item that matches only white space (``\\s``)."""
    return len(items) == 1 and items[0][0] is _c.IN and items[0][1] == [(_c.CATEGORY, _c.CATEGORY_SPACE)]
