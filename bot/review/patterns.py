"""Shared matchers: vocabularies from guide YAML and measurable figures in prose."""
from __future__ import annotations

import re
from functools import lru_cache

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


def find_terms(letter: Letter, terms: tuple[str, ...], span: Span | None = None) -> list[Span]:
    # One scan of the whole letter per vocabulary; rules then ask about sentences and paragraphs.
    cache = letter.__dict__.setdefault("_terms", {})
    if terms not in cache:
        cache[terms] = [Span(m.start(), m.end()) for m in vocabulary(terms).finditer(letter.norm)]
    found = cache[terms]
    if span is None:
        return found
    return [s for s in found if s.start >= span.start and s.end <= span.end]


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
_BIG_PERCENT = re.compile(r"^(\d{3,})\s?(%|percent|per\s?cent)", re.I)
_YEAR = re.compile(r"^(19|20)\d\d\s?s?$", re.I)


def find_metrics(letter: Letter, span: Span) -> list[Span]:
    # Several rules ask about the same sentences; remember the answer on the letter.
    cache = letter.__dict__.setdefault("_metrics", {})
    if span not in cache:
        cache[span] = _find_metrics(letter, span)
    return cache[span]


def _find_metrics(letter: Letter, span: Span) -> list[Span]:
    out = []
    for m in METRIC.finditer(letter.norm, span.start, span.end):
        text = m.group(0).strip()
        if _TENURE.match(text) or _YEAR.match(text):
            continue
        before = letter.norm[max(span.start, m.start() - 12):m.start()]
        after = letter.norm[m.end():m.end() + 20]
        if _RANKING_BEFORE.search(before):
            continue
        big = _BIG_PERCENT.match(text)
        if big and int(big.group(1)) >= 100 and (_HYPERBOLE_BEFORE.search(before) or _HYPERBOLE_AFTER.match(after)):
            continue
        if _HYPERBOLE_AFTER.match(after) and "%" in text or re.match(r"^\s*percent\s+(committed|sure)", after, re.I):
            continue
        out.append(Span(m.start(), m.start() + len(m.group(0).rstrip())))
    return out
