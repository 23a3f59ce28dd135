"""Shared matchers: vocabularies from guide YAML and measurable figures in prose."""
from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict
from functools import lru_cache
from itertools import accumulate

import re2

from .text import Letter, Span


@lru_cache(maxsize=512)
def vocabulary(terms: tuple[str, ...]) -> re.Pattern:
    """One case-insensitive pattern for a list of terms.

    A term is literal; spaces and hyphens in it match either; a trailing ``*``
    lets the last word run on (``deploy*`` matches deployed, deployment).
    """
    parts = []
    for term in sorted(terms, key=len, reverse=True):
        prefix = term.endswith("*")
        words = re.split(r"[\s\-]+", term.rstrip("*").strip())
        body = r"[\s\-]+".join(re.escape(w) for w in words if w)
        parts.append(body + (r"[\w\-]*" if prefix else ""))
    return re.compile(r"(?<![\w\-])(?:" + "|".join(parts) + r")(?![\w])", re.I)


@lru_cache(maxsize=512)
def _first_words(terms: tuple[str, ...]) -> tuple[frozenset[str], tuple[str, ...]]:
    """The words a match of ``terms`` can start with, and the prefixes (``deploy*``) it can start with."""
    exact, prefixes = set(), set()
    for term in terms:
        first = _TOKEN.findall(term.rstrip("*").lower())[0]
        if term.endswith("*") and len(re.split(r"[\s\-]+", term.rstrip("*").strip())) == 1 and len(first) >= 2:
            prefixes.add(first)
        else:
            exact.add(first)
    return frozenset(exact), tuple(sorted(prefixes))


_TOKEN = re.compile(r"\w+")


_SPLIT_TOKENS = re.compile(r"(\w+)")


def words_of(letter: Letter) -> dict[str, list[int]]:
    """Each different word of the letter (lower case) and where it starts."""
    index = letter.__dict__.get("_words")
    if index is None:
        # Split once (text between words, then a word, in turn) and add up the lengths for the
        # offsets: no match object a word.
        parts = _SPLIT_TOKENS.split(letter.norm.lower())
        offsets = list(accumulate(map(len, parts)))
        index = letter.__dict__["_words"] = defaultdict(list)
        for word, start in zip(parts[1::2], offsets[0::2], strict=False):
            index[word].append(start)
        index.default_factory = None  # a plain mapping from here: a missing word is a KeyError, not a new entry
    return index


def _by_initials(letter: Letter) -> dict[str, list[str]]:
    """The letter's different words grouped by their first two characters, for prefix terms."""
    index = letter.__dict__.get("_initials")
    if index is None:
        index = letter.__dict__["_initials"] = {}
        for word in words_of(letter):
            index.setdefault(word[:2], []).append(word)
    return index


def find_terms(letter: Letter, terms: tuple[str, ...], span: Span | None = None) -> list[Span]:
    # One pass a letter per vocabulary, trying only the terms that can start with the word found at
    # each place (a dictionary lookup a word); rules then ask about sentences and paragraphs by bisection.
    cache = letter.__dict__.setdefault("_terms", {})
    if terms not in cache:
        exact, prefixes = _first_words(terms)
        words = words_of(letter)
        starts = [(i, w) for w in exact if w in words for i in words[w]]
        if prefixes:
            initials = _by_initials(letter)
            starts += [(i, w) for p in prefixes for w in initials.get(p[:2], ()) if w.startswith(p) and w not in exact
                       for i in words[w]]
        found, end, norm = [], 0, letter.norm
        for start, word in sorted(starts):
            if start >= end:
                m = _starting_with(terms, word).match(norm, start)
                if m:
                    found.append(Span(start, m.end()))
                    end = m.end()
        cache[terms] = _indexed(found)
    return _within(cache[terms], span)


@lru_cache(maxsize=4096)
def _starting_with(terms: tuple[str, ...], word: str) -> re.Pattern:
    """The vocabulary's pattern cut down to the terms that can begin with ``word``, in the same order:
    where the whole pattern would try every term, this tries the two or three that can match."""
    exact, prefixes = _first_word_terms(terms)
    chosen = set(exact.get(word, ()))
    chosen.update(t for p, group in prefixes.items() if word.startswith(p) for t in group)
    return vocabulary(tuple(t for t in terms if t in chosen))


@lru_cache(maxsize=512)
def _first_word_terms(terms: tuple[str, ...]) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """The terms by the word they start with, and the one-word prefix terms (``deploy*``) by prefix."""
    exact: dict[str, list[str]] = {}
    prefixes: dict[str, list[str]] = {}
    for term in terms:
        first = _TOKEN.findall(term.rstrip("*").lower())[0]
        if term.endswith("*") and len(re.split(r"[\s\-]+", term.rstrip("*").strip())) == 1 and len(first) >= 2:
            prefixes.setdefault(first, []).append(term)
        else:
            exact.setdefault(first, []).append(term)
    return exact, prefixes


def _indexed(spans: list[Span]) -> tuple[list[Span], list[int]]:
    return spans, [s.start for s in spans]


def _within(index: tuple[list[Span], list[int]], span: Span | None) -> list[Span]:
    """The spans inside ``span``, found by bisection: rules ask about every sentence, so no rescans."""
    spans, starts = index
    if span is None:
        return spans
    lo, hi = bisect_left(starts, span.start), bisect_left(starts, span.end)
    return [s for s in spans[lo:hi] if s.end <= span.end]


def distinct(letter: Letter, spans: list[Span]) -> list[Span]:
    """First occurrence of each different term, in order."""
    seen, out = set(), []
    for s in spans:
        key = re.sub(r"[\s\-]+", " ", letter.norm[s.start:s.end].lower())
        if key not in seen:
            seen.add(key)
            out.append(s)
    return out


# Bounded, and never starting inside a run of digits and commas: "1,1,1,..." pasted 5,000 times
# must not send the matcher into quadratic backtracking (it took 10 s before these bounds).
_NUM = r"\d{1,12}(?:[.,]\d{1,3}){0,4}"
_WORD_NUM = (r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|"
             r"thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|half a|several)")
_SCALE = r"(?:million|billion|thousand|mn|bn|[mkb])"
_UNIT = (r"(?:%|percent|per\s?cent|pp|percentage points?|ms|milliseconds?|seconds?|secs?|s|minutes?|mins?|"
         r"hours?|hrs?|x|times|fold|qps|rps|tps|requests?|users?|customers?|members?|clients?|"
         r"transactions?|predictions?|inferences?|queries|calls|events?|records?|rows?|documents?|"
         r"images?|messages?|orders?|sessions?|applications?|loans?|claims?|patients?|visits?|"
         r"gb|tb|pb|servers?|nodes?|gpus?|models?|stores?|sites?|branches|listings?|polic(?:y|ies)|scans?|"
         r"searches|deliveries|auctions?|accounts?|viewers?|listeners?|shoppers?|chats?|payments?|"
         r"merchants?|devices?|substations?|applicants?|bookings?|trades?|tickets?|"
         # the people and things other roles count: tenants served, repairs logged, staff trained
         r"tenants?|residents?|staff|employees?|students?|people|volunteers?|visitors?|downloads?|sign-?ups?|"
         r"repairs?|reports?|dashboards?|incidents?|deploys?|deployments?|releases?|tables?|pipelines?|"
         r"interviews?|participants?|respondents?|screens?|systems?|sources?|"
         r"daily|weekly|monthly|annually|a day|a week|a month|a quarter|a year|per \w+)")
METRIC = re.compile(
    rf"(?:[£$€]\s?{_NUM}(?:\s?{_SCALE})?\b"
    rf"|(?<![\w.,]){_NUM}\s?{_SCALE}?\s?{_UNIT}(?![\w])"
    rf"|(?<![\w.,]){_NUM}\s?{_SCALE}(?![\w])"
    rf"|\b{_WORD_NUM}[\s\-]+(?:{_SCALE}|percent|per\s?cent)\b(?:\s+{_UNIT}\b)?"
    # a count with a noun or two before its unit: "90,000 mortgage applications a year"
    rf"|(?<![\w.,]){_NUM}(?:\s?{_SCALE})?(?:\s+[a-z\-]+){{1,2}}\s+{_UNIT}(?![\w])"
    # a count of any plural thing: "60 pupils", "20 nurses", "30 more rooms" (tenure is dropped below)
    rf"|(?<![\w.,]){_NUM}\s+(?:more\s+|new\s+|extra\s+|fewer\s+)?[a-z]{{3,20}}s(?![\w'\-])"
    # large counts on their own: "2,000", "45000"
    rf"|(?<![\w.,])\d{{1,3}}(?:,\d{{3}}){{1,4}}(?![\w.,]\d)|(?<![\w.,])\d{{5,12}}(?![\w.])"
    # a change told as before and after: "from five days to one", "from 380ms to 80ms"
    rf"|\bfrom\s+(?:{_NUM}|{_WORD_NUM})\s?[a-z%]*\s+to\s+(?:{_NUM}|{_WORD_NUM}|one)\b)",
    re.I)
# Tenure is not production scale ("five years of experience"), and neither is
# a figure of speech ("give 110%", "100 percent committed").
_TENURE = re.compile(rf"^(?:{_NUM}|{_WORD_NUM}|a|an)\+?\s*(?:years?|months?|weeks?)\b", re.I)
_HYPERBOLE_BEFORE = re.compile(r"\b(give|gives|giving|gave|bring|brings)\s+$", re.I)
# "top 3%" of a competition is a ranking, not production scale.
_RANKING_BEFORE = re.compile(r"\btop\s+$", re.I)
_HYPERBOLE_AFTER = re.compile(r"^\s*(committed|dedicated|sure|focused|passionate|effort|of the time)\b", re.I)
# Code size, course grades and exam marks are not results of work ("60,000 lines", "GPA of 3.8", "scored 92%").
_NOT_IMPACT_AFTER = re.compile(r"^[\s\-]*(?:lines?\b|loc\b|sloc\b|gpa\b|grade\b|average\b|in (?:my|the|his|her) "
                               r"(?:exams?|degree|module|course|finals?|a-levels?|dissertation|thesis)\b)", re.I)
_NOT_IMPACT_BEFORE = re.compile(r"\b(?:gpa|grade|grades|mark|marks|scored|score of|graduated with|average of|"
                                r"hundred and|hundred|thousand and)\s*(?:of\s+|a\s+)?$", re.I)
_NOT_IMPACT_UNIT = re.compile(r"\b(?:lines?|loc|sloc|gpa|grades?|marks?|credits?)$", re.I)
_BIG_PERCENT = re.compile(r"^(\d{3,})\s?(%|percent|per\s?cent)", re.I)
_YEAR = re.compile(r"^(19|20)\d\d\s?s?$", re.I)


def find_metrics(letter: Letter, span: Span) -> list[Span]:
    """Measurable figures in ``span``. The body is scanned once and asked by position, since several
    rules ask about every sentence (and frames about pairs of them)."""
    body = letter.body
    if body.start <= span.start and span.end <= body.end:
        index = letter.__dict__.get("_figures")
        if index is None:
            index = letter.__dict__["_figures"] = _indexed(_find_metrics(letter, body))
        return _within(index, span)
    cache = letter.__dict__.setdefault("_metrics", {})
    if span not in cache:
        cache[span] = _find_metrics(letter, span)
    return cache[span]


# A figure starts at a currency sign, at a word that begins with a digit, or at one of these words:
# every other branch of METRIC begins with a number after a look-behind that refuses a word character.
_METRIC_WORDS = frozenset(re.findall(r"[a-z]+", _WORD_NUM + " from"))
_CURRENCY = "£$€"


def _metric_starts(letter: Letter, span: Span) -> list[int]:
    """Where a figure may start inside ``span``: METRIC is tried only there, not at every character."""
    starts = [i for word, at in words_of(letter).items() if word[0].isdigit() or word in _METRIC_WORDS
              for i in at if span.start <= i < span.end]
    norm = letter.norm
    for sign in _CURRENCY:
        i = norm.find(sign, span.start, span.end)
        while i >= 0:
            starts.append(i)
            i = norm.find(sign, i + 1, span.end)
    starts.sort()
    return starts


def _metric_matches(letter: Letter, span: Span):
    """What ``METRIC.finditer`` over ``span`` finds, trying only the places a figure can start."""
    norm, end = letter.norm, 0
    for start in _metric_starts(letter, span):
        if start >= end:
            m = METRIC.match(norm, start, span.end)
            if m:
                end = m.end()
                yield m


def _find_metrics(letter: Letter, span: Span) -> list[Span]:
    out = []
    for m in _metric_matches(letter, span):
        text = m.group(0).strip()
        if _TENURE.match(text) or _YEAR.match(text) or re.match(r"hundred\b", text, re.I):
            continue
        before = letter.norm[max(span.start, m.start() - 16):m.start()]
        after = letter.norm[m.end():m.end() + 20]
        if _RANKING_BEFORE.search(before) or _NOT_IMPACT_BEFORE.search(before) or _NOT_IMPACT_AFTER.match(after) \
                or _NOT_IMPACT_UNIT.search(text):
            continue
        big = _BIG_PERCENT.match(text)
        if big and int(big.group(1)) in (110, 1000) and not re.search(r"\b(by|to|of)\s+$", before):
            continue  # "110%" on its own is a figure of speech; "grew by 150%" is not
        if big and int(big.group(1)) >= 100 and (_HYPERBOLE_BEFORE.search(before) or _HYPERBOLE_AFTER.match(after)):
            continue
        if _HYPERBOLE_AFTER.match(after) and "%" in text or re.match(r"^\s*percent\s+(committed|sure)", after, re.I):
            continue
        out.append(Span(m.start(), m.start() + len(m.group(0).rstrip())))
    return out


class LinearPattern(str):
    """A pattern written by a community's moderator: run by RE2, so its time is linear in the letter's
    length whatever it says. Shipped patterns are reviewed code and keep Python's richer syntax."""


def _re2_options() -> re2.Options:
    options = re2.Options()
    options.case_sensitive = False
    options.log_errors = False  # a refused pattern is explained to the moderator, not logged as an error
    return options


@lru_cache(maxsize=1024)
def linear_pattern(pattern: str):
    """RE2's compiled form of a pattern; ``re2.error`` when RE2 can't run it (look-arounds, back-references)."""
    return re2.compile(pattern, _re2_options())


@lru_cache(maxsize=512, typed=True)  # typed: a moderator's pattern never reuses a shipped one's engine
def compiled(pattern: str):
    if isinstance(pattern, LinearPattern):
        return linear_pattern(str(pattern))
    return re.compile(pattern, re.I | re.M)


def find_pattern(letter: Letter, pattern: str, span: Span | None = None) -> list[Span]:
    """Matches of one regular expression, scanned once a letter like ``find_terms``."""
    cache = letter.__dict__.setdefault("_patterns", {})
    if pattern not in cache:
        cache[pattern] = _indexed([Span(m.start(), m.end()) for m in scan(letter, pattern)])
    return _within(cache[pattern], span)


def scan(letter: Letter, pattern: str, start: int = 0, end: int | None = None):
    """The non-empty matches ``finditer`` finds between ``start`` and ``end``. A pattern that can only
    start with one of a few words (``\\b(your|the|this)...``) is tried only where those words are."""
    regex, anchors, norm = compiled(pattern), _anchor_words(pattern), letter.norm
    end = len(norm) if end is None else end
    if anchors is None:
        yield from (m for m in regex.finditer(norm, start, end) if m.end() > m.start())
        return
    exact, prefixes, digits = anchors
    words, last = words_of(letter), 0
    starts = [i for w in exact if w in words for i in words[w]]
    if prefixes:
        initials = _by_initials(letter)
        starts += [i for p in prefixes for w in (initials.get(p[:2], ()) if len(p) > 1 else words)
                   if w.startswith(p) and w not in exact for i in words[w]]
    if digits:
        starts += [i for w, at in words.items() if w[0].isdigit() for i in at]
    for at in sorted(set(starts)):
        if at >= last and start <= at < end:
            m = regex.match(norm, at, end)
            if m and m.end() > at:
                last = m.end()
                yield m


def _depths(text: str):
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
    if rest.startswith(_QUANTIFIER):  # the last letter repeats or may be missing: only what's before it is sure
        word = word[:-1] if rest.startswith(("?", "*", "{0")) else word
        return (frozenset(), (word,), False) if word else None
    if _ends_word(rest):
        return frozenset({word}), (), False
    return frozenset(), (word,), False


@lru_cache(maxsize=1024)
def _anchor_words(pattern: str) -> Anchors | None:
    """The words (and word beginnings, and whether a number) a match must start with, read from the
    pattern's start, or None when that can't be told; then the pattern is scanned everywhere."""
    return _anchors_of(pattern, False)
