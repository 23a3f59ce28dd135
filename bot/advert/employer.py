"""Finds the employer in a job advert: the capitalised name the advert signals most strongly.

A label ("Employer: Riverside NHS Foundation Trust") counts most, then a name beside the title
("... at Monzo"), a byline under it ("Northwind Bank · London"), an "About Acme" heading, and
sentences that only an employer's name starts ("Acme is hiring", "At Acme, we ..."); each vote is
weighed by how often the name appears.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from .vocabulary import Vocabulary

# A capitalised name of up to six words: "Northwind Bank", "Barnsley Hospital NHS Foundation Trust".
# A word ending a sentence ("... the Midlands. Lindenway are ...") ends it; "St." doesn't.
NAME = r"[A-Z][\w&'.+\-]*(?:(?<![a-z]{3}\.)[ \t]+(?:[A-Z0-9][\w&'.+\-]*|&|of|for|and|de|la|the)){0,5}"
NOT_A_NAME = {"i", "me", "my", "he", "she", "his", "her", "them", "their", "its",  # "I would be a great fit"
              "we", "our", "us", "you", "your", "the", "this", "that", "a", "an", "it", "they", "here", "there",
              "about", "join", "role", "team", "company", "apply", "benefits", "requirements", "what", "who",
              "how", "why", "london", "remote", "uk", "new", "at", "in", "band", "grade", "salary", "location",
              "since", "every", "each", "today", "founded", "established", "based", "as", "when", "for", "from", "with",
              "working", "welcome"}

# "Employer: Ashdown Community Health NHS Trust"
COMPANY_LABEL = re.compile(r"^\s*(?i:(?:hiring )?(?:company|employer|organi[sz]ation)(?: name)?|client)\s*"
                           rf"[:\-\u2013]\s*(?P<name>{NAME})", re.M)
# "**Ledgerly** \u00b7 Remote", "Northwind Bank \u00b7 London \u00b7 \u00a385,000"
BYLINE = re.compile(rf"[\s*_]*({NAME})[\s*_]*[\u00b7|\u2022,\-\u2013\u2014]")
# A heading about the employer: "About Acme", "Why Acme?", "Why join Acme?", "Life at Acme".
ABOUT = re.compile(rf"\W*(?i:about|why(?: join| work at)?|life at|working at)\s+({NAME})")
# NAME's first letter, at the start of a line or of a sentence (tested after the letter, as above).
LINE_START = r"[A-Z](?:(?<=^.)|(?<=\n.))"
SENTENCE_START = r"[A-Z](?:(?<=^.)|(?<=\n.)|(?<=[.!?:]\s.)|(?<=[.!?]\s\s.))"  # "About us: Acme is a ..."
NAME_REST = NAME.removeprefix("[A-Z]")  # what follows its first letter
# The same, each word taken whole ("*+" gives back no letter): for a pattern in which a space or a comma must follow
# the name, no shorter spelling of a word could be followed by one, so backtracking into the words (a letter at a
# time, at every capital) could only fail. The same matches, in about half the time (tests/test_advert_rewrites.py).
WHOLE_REST = NAME_REST.replace(r"[\w&'.+\-]*", r"[\w&'.+\-]*+")
WHOLE_NAME = "[A-Z]" + WHOLE_REST
COMPANY_VERBS = ("makes|helps|builds|runs|provides|serves|supports|offers|designs|develops|creates|delivers|employs"
                 "|operates")
NAME_RE = re.compile(NAME)
NAME_LINE = re.compile(rf"[\s#*_]*({NAME})[\s*_]*")  # a name alone on its line; not a bullet ("- Excel")
TITLE_SEPARATOR = re.compile(r"\s+[-\u2013\u2014]\s+|\s*[|\u00b7]\s*")
SENTENCE_BREAK = re.compile(r"[.!?]\s")
POSSESSIVE = re.compile(r"['\u2019]s$")
TRAILING_WORD = re.compile(r"\s+(?:is|are|and|&|of|for|the)$")
# A part of an employer, not the employer: "The Digital Directorate is looking for a Clinical Data Analyst"
# in an advert from Leeds Teaching Hospitals NHS Trust (trial 11). Council and NHS adverts often name one.
PART_OF_AN_EMPLOYER = frozenset(("directorate", "department", "division", "team", "unit", "function"))


@lru_cache(maxsize=4)
def _sentence_votes(suffixes: tuple[str, ...]) -> tuple[tuple[re.Pattern[str], int, tuple[str, ...] | None,
                                                               re.Pattern[str] | None], ...]:
    """Sentences only an employer's name starts or ends, each with the weight of its vote, the words one of which
    it can't match without (None: any advert), and, for a pattern that opens on any capital, the words it must
    end in: an advert without them is not scanned (those patterns try a name at every capital, and took most of
    the employer's time). Both are looked for in the advert in lower case; the words, as strings, first."""
    suffix = "|".join(re.escape(s) for s in suffixes) or "(?!)"
    # A pattern that opens with a set of letters is scanned for quickly; one that opens with "\b" is
    # tried at every character. So "\b[Aa]t" is written "[Aa](?<!\w.)t": the same test, made after
    # the first letter.
    hiring = r" (?:is|are) (?:hiring|looking|recruiting|seeking)\b"
    story = (r"(?:['\u2019]s? (?:mission|values|purpose|vision|story|customers|members)"
             r"| (?:was|were) (?:founded|set up|started|established|created))\b")
    ends = {hiring: hiring, "suffix": rf"\s(?:{suffix})\b", story: story}  # looked for in lower case
    # The words, each as the pattern spells it (a suffix too: the suffix pattern is looked for as written).
    words = {hiring: tuple(f" {v} {w}" for v in ("is", "are") for w in ("hiring", "looking", "recruiting", "seeking")),
             "suffix": suffixes,
             story: ("mission", "values", "purpose", "vision", "story", "customers", "members", "founded",
                     "set up", "started", "established", "created")}
    return tuple((re.compile(pattern, re.M), weight, words[end] if end else hints,
                  re.compile(ends[end]) if end else None) for pattern, weight, end, hints in (
        (rf"[Aa](?<!\w.)t ({WHOLE_NAME}),? (?:we|our|us)\b", 5, None, None),
        (rf"[Jj](?<!\w.)oin ({NAME})\b", 3, None, ("join ",)),
        # UK English: "Acme are hiring"
        (rf"([A-Z](?<!\w.){WHOLE_REST}){hiring}", 5, hiring, None),
        (rf"[Ww](?<!\w.)e(?: are|'re|\u2019re) ({NAME})[,.]", 5, None, ("we are ", "we're ", "we\u2019re ")),
        (rf"[JjWw](?<!\w.)(?:oin|ork with|ith) us at ({NAME})", 4, None, (" us at ",)),
        (rf"({SENTENCE_START}{WHOLE_REST}) (?:is|are) (?:a|an|the|one)\b", 3, None, None),
        (rf"([A-Z](?<!\w.){WHOLE_REST}\s+(?i:{suffix}))\b\.?", 4, "suffix", None),
        (rf"[Hh](?<!\w.)ere at ({NAME})", 3, None, ("here at ",)),
        (rf"[Ww](?<!\w.)ork(?:ing)? (?:at|for) ({NAME})", 3, None, ("work at ", "working at ", "work for ",
                                                                       "working for ")),
        # "Tidewater Logistics moves chilled food", not a heading ("Main duties")
        (rf"({LINE_START}{WHOLE_REST}) [a-z]+s\b(?= \w)", 3, None, None),
        # "At Harrow Foods, everything ...", "Harrow Foods' mission", "Harrow Foods was founded in 1962",
        # "Founded in 1962, Harrow Foods makes ...", "Join the Harrow Foods team"
        (rf"A(?:(?<=^.)|(?<=\n.)|(?<=[.!?:]\s.))t ({NAME}),", 4, None, None),
        (rf"([A-Z](?<!\w.){NAME_REST}){story}", 4, story, None),  # one scan for both
        (rf", ([A-Z](?<!\w.){WHOLE_REST}) (?:{COMPANY_VERBS})\b", 3, None, None),
        (rf"[Jj](?<!\w.)oin the ({WHOLE_NAME}) team\b", 4, None, ("join the ",)),
        # A recruiter's advert: "Our client, Ashgrove Logistics, is looking for ..."; "Welcome to Copper Kettle
        # Coffee, a ..."; a charity by its number: "Riverbank Food Bank (registered charity no. 1123456) gives ..."
        (rf"[Oo](?<!\w.)ur client,? ({NAME})", 5, None, ("our client",)),
        (rf"[Ww](?<!\w.)elcome to ({NAME})", 4, None, ("welcome to ",)),
        (rf"({SENTENCE_START}{WHOLE_REST}) \((?:a )?(?i:registered charity)", 5, None, ("registered charity",)),
        # An NHS trust, whose name runs longer than NAME's six words: "North Tees and Hartlepool NHS Foundation Trust".
        (r"([A-Z](?<!\w.)[\w&'.\-]*(?:[ \t]+(?:[A-Z][\w&'.\-]*|and|of|&)){0,6}"
         r"[ \t]+NHS(?:[ \t]+Foundation)?[ \t]+Trust)\b", 4, None, ("nhs trust", "nhs foundation trust"))))


def clean_name(name: str) -> str:
    return TRAILING_WORD.sub("", POSSESSIVE.sub("", name.strip(" .,'\u2019")))


def employer(norm: str, near_title: str | None, lines: list[tuple[int, int]], headings: list[tuple[int, int]],
             vocabulary: Vocabulary, title: str | None = None, lowered: str | None = None) -> str | None:
    """The employer's name, or None. ``lines``: the advert's non-blank lines; ``headings``: its headings;
    ``title``: the job's title, which is never the employer (a byline under the employer's name is the title);
    ``lowered``: ``norm.lower()``, where the caller has it."""
    scores: Counter[str] = Counter()

    def vote(name: str | None, weight: int) -> None:
        if not name:
            return
        name = clean_name(name)
        if SENTENCE_BREAK.search(name):
            return  # "the Midlands. We are looking": two sentences, no name
        words = name.split()
        # "The Harbour Light Trust" is a name; "The role" and "This job" are not.
        the = len(words) > 1 and words[0] == "The" and words[1][0].isupper()
        first = words[1] if the else words[0] if words else ""
        if (first and first.lower() not in NOT_A_NAME and len(name) > 1
                and words[-1].lower() not in PART_OF_AN_EMPLOYER and name != title):
            scores[name] += weight

    for m in COMPANY_LABEL.finditer(norm):
        vote(m.group("name"), 10)
    vote(near_title, 6)
    for start, end in lines[1:3]:
        byline = BYLINE.match(norm, start, end) or NAME_LINE.fullmatch(norm, start, end)  # or the name alone
        if byline:
            vote(byline.group(1), 4)
    # "Brackenford Vets" alone on the first line, and the title on a line after it: the employer heads the advert.
    if title and lines and title not in norm[lines[0][0]:lines[0][1]] and (top := NAME_LINE.fullmatch(norm, *lines[0])):
        vote(top.group(1), 4)
    if lines:  # "Data Analyst \u2013 Harrow Foods": a name beside the title, unless it is a team ("\u2013 Fraud")
        parts = TITLE_SEPARATOR.split(norm[lines[0][0]:lines[0][1]].strip(" #*"))
        beside = parts[1].split(",")[0].strip(" *") if len(parts) > 1 else ""  # "Aldwick Hall, West Sussex"
        if NAME_RE.fullmatch(beside) and not all(re.search(rf"\b{re.escape(w.lower())}\b", norm)
                                                 for w in beside.split()) \
                and f"our {beside}".lower() not in (norm.lower() if lowered is None else lowered):
            vote(beside, 3)  # not a place the employer calls its own: "our Chorlton team" (trial 16 F34)
    for start, end in {*headings, *((a, b) for a, b in lines if b - a <= 40)}:
        about = ABOUT.match(norm, start, end)  # "About Harrow Foods", as a heading or a short line of its own
        if about:
            vote(about.group(1), 5)
    low = norm.lower() if lowered is None else lowered
    for pattern, weight, words, needed in _sentence_votes(tuple(vocabulary.company_suffixes)):
        # In lower case: never fewer hits than the pattern's own.
        if (words is None or any(w in low for w in words)) and (needed is None or needed.search(low)):
            for m in pattern.finditer(norm):
                vote(m.group(1), weight)
    if not scores:
        return None
    # "Kingsmere" in the prose is "Kingsmere Borough Council" of the header: the full name takes its votes.
    for short in [n for n in scores if any(other.startswith(n + " ") for other in scores)]:
        longest = max((other for other in scores if other.startswith(short + " ")), key=scores.__getitem__)
        scores[longest] += scores.pop(short)
    ranked = sorted(scores.items(), key=lambda kv: (-(kv[1] + norm.count(kv[0])), norm.find(kv[0])))
    return _legal_name(norm, ranked[0][0], vocabulary)


def _legal_name(norm: str, name: str, vocabulary: Vocabulary) -> str:
    """The name with the legal ending the advert gives it after a comma ("Clearminute, Inc.", "Harlow & Pruitt,
    CPAs"): the comma ends every vote's name, but the ending is how the employer spells itself."""
    at = norm.find(name + ",")
    if at < 0:
        return name
    ending = _comma_suffix(tuple(vocabulary.company_suffixes)).match(norm, at + len(name))
    return name + ending.group() if ending else name


@lru_cache(maxsize=4)
def _comma_suffix(suffixes: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r",[ \t]+(?i:" + "|".join(re.escape(s) for s in suffixes) + r")\b\.?" if suffixes else "(?!)")
