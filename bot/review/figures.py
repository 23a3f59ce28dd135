"""Measurable figures in prose ("cut fraud losses by 12%", "90,000 applications a year"), told apart
from tenure, grades, line counts and figures of speech."""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator

from .anchors import FOLDS_TO_ASCII, anchor_words
from .terms import indexed, lower_tokens, within, word_classes, words_of
from .text import Letter, Span

# Bounded, and never starting inside a run of digits and commas: "1,1,1,..." pasted 5,000 times
# must not send the matcher into quadratic backtracking (it took 10 s before these bounds).
_NUM = r"\d{1,12}(?:[.,]\d{1,3}){0,4}"
_WORD_NUM = (r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[\s-](?:one|two|three|four|five|six|"
             r"seven|eight|nine)|thirteen|fourteen|sixteen|seventeen|eighteen|nineteen|"  # "from eight to fourteen"
             r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|"
             r"thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|half a|several|a dozen|dozens|a handful)")
# A share told as a fraction, at either end of a change: "from about half to nearly two thirds".
_FRACTION_WORDS = r"(?:half|a third|a quarter|a fifth|two thirds|three quarters)"
# A count written in words, for a time or a multiple ("nine minutes", "ten times"): house styles spell out
# small numbers, so careful writers would otherwise lose their result. Not "one" or "several": "one day",
# "several times" are manners of speaking.
_WORD_COUNT = (r"(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|"
               r"fifty|sixty|seventy|eighty|ninety)")
_WORD_UNIT = r"(?:seconds?|minutes?|hours?|days?|times|fold)"
_SCALE = r"(?:million|billion|thousand|mn|bn|[mkb])"
# A unit of measure after the second figure of a change, so the quote ends with it: "from 54 to 66 degrees",
# "from about 14 kg to 5 kg" (trial 14 F4)
_MEASURE = r"\s(?:kg|km|mg|ml|lbs?|tonnes?|litres?|liters?|miles|degrees)\b"
_ABOUT = (r"(?:roughly|about|around|over|nearly|almost|some|under|just over|just under|less than|fewer than|"
          r"more than|only|an average of|a median of|a mean of)")
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
         r"daily|weekly|monthly|annually|a day|a week|a month|a quarter|a year|per (?:\d{1,3}(?:,\d{3})+|\w+))")
METRIC = re.compile(
    rf"(?:[£$€]\s?{_NUM}(?:\s?{_SCALE})?\b"
    # a change told as now and before: "lorries wait 12 minutes instead of 40" (trial 14 F23)
    rf"|(?<![\w.,]){_NUM}\s?{_SCALE}?\s?{_UNIT}\s+(?:instead\s+of|rather\s+than|down\s+from|up\s+from)\s+"
    rf"(?:{_ABOUT}\s+)?(?:{_NUM}|{_WORD_NUM})(?:\s?{_UNIT}(?![\w]))?"
    rf"|(?<![\w.,]){_NUM}\+?\s?{_SCALE}?\s?{_UNIT}(?![\w])"
    rf"|(?<![\w.,]){_NUM}\s?{_SCALE}(?![\w])"
    rf"|\b{_WORD_NUM}[\s\-]+(?:{_SCALE}|percent|per\s?cent|percentage\s+points?)\b(?:\s+{_UNIT}\b)?"
    rf"|\b{_WORD_COUNT}[\s\-]+{_WORD_UNIT}\b"
    # a count with a noun or two before its unit: "90,000 mortgage applications a year"
    rf"|(?<![\w.,]){_NUM}(?:\s?{_SCALE})?\+?(?:\s+[a-z\-]+){{1,2}}\s+{_UNIT}(?![\w])"
    # a count of any plural thing: "60 pupils", "20 nurses", "30 more rooms" (tenure is dropped below)
    # (a lower-case noun: "Zone 5 Technologies" is a name)
    rf"|(?<![\w.,]){_NUM}\+?(?:\s+or\s+so)?\s+(?:more\s+|new\s+|extra\s+|fewer\s+)?(?-i:[a-z]{{3,20}}s)(?![\w'\-])"
    # a scale told in words, of people or things served: "serving thousands of users", "millions of requests"
    rf"|\b(?:hundreds|thousands|millions|billions)\s+of\s+(?:{_UNIT})(?![\w])"
    # large counts on their own: "2,000", "45000"
    rf"|(?<![\w.,])\d{{1,3}}(?:,\d{{3}}){{1,4}}(?![\w.,]\d)|(?<![\w.,])\d{{5,12}}(?![\w.])"
    # a change told as before and after: "from five days to one", "from 380ms to 80ms", "from roughly six
    # hours of copy-and-paste to under two"
    rf"|\bfrom\s+(?:{_ABOUT}\s+)?(?:[£$€]\s?)?(?:{_NUM}|{_WORD_NUM}|{_FRACTION_WORDS})\s?[a-z%]*(?:\s+(?!to\b)[\w-]+){{0,5}}?\s+to\s+"
    rf"(?:{_ABOUT}\s+)?(?:[£$€]\s?)?(?:{_NUM}|{_WORD_NUM}|one|none|zero|{_FRACTION_WORDS})(?:\s?%|\s?{_UNIT}(?![\w])|{_MEASURE}|[a-z]{{1,3}}\b|\b)"
    # ... with what it counts in ("fewer than one in ten", trial 13 F6)
    rf"(?:\s+in\s+(?:ten|five|twenty|fifty|a hundred|a thousand|\d{{1,4}})\b)?"
    # a change told in words: "halved the wait", "doubled sign-ups", "fell by a third" (the words before a
    # fraction are checked below)
    rf"|\b(?:halved|doubled|tripled|quadrupled)\b(?!\s+(?:down|up|as|back)\b)"
    rf"|\b(?:third|quarter|fifth|tenth|half|thirds|quarters)\b)",
    re.I)
_FRACTION = re.compile(r"^(?:third|quarter|fifth|tenth|half|thirds|quarters)$", re.I)
# (the verb before "by" too, so the quote says what happened: "cut by a third", trial 14 F4)
_FRACTION_BEFORE = re.compile(r"\b(?:(?:cut|reduced|increased|grew|fell|rose|dropped|saved|lowered|shrank|shortened|"
                              r"slashed)\s+)?(?:by|cut|saved|reduced|increased|grew|fell|rose|dropped)\s+"
                              r"(?:(?:roughly|about|around|nearly|almost|over|more than|just over|just under)\s+)?"
                              r"(?:(?:a|one|two|three)[\s-])?$", re.I)
# Tenure is not production scale ("five years of experience"), and neither is
# a figure of speech ("give 110%", "100 percent committed").
_TENURE = re.compile(rf"^(?:{_NUM}|{_WORD_NUM}|a|an)\+?\s*(?:years?|months?|weeks?)\b", re.I)
_HYPERBOLE_BEFORE = re.compile(r"\b(give|gives|giving|gave|bring|brings)\s+$", re.I)
# "top 3%" of a competition is a ranking, not production scale.
_RANKING_BEFORE = re.compile(r"\btop\s+$", re.I)
_HYPERBOLE_AFTER = re.compile(r"^\s*(committed|dedicated|sure|focused|passionate|effort|of the time)\b", re.I)
# Code size, course grades and exam marks are not results of work ("60,000 lines", "GPA of 3.8", "scored 92%").
_NOT_IMPACT_AFTER = re.compile(r"^[\s\-]*(?:lines?\b|loc\b|sloc\b|gpa\b|grade\b|average\b|in (?:my|the|his|her) "
                               r"(?:exams?|degree|module|course|finals?|a-levels?|dissertation|thesis)\b)"
                               r"|^[\s-]\d{3,}", re.I)  # the rest of a phone number: "07700 900123", "98765-4321"
# ("an average of" after a grade, a mark or a score: "by an average of 4.3 days" is a result)
_NOT_IMPACT_BEFORE = re.compile(r"\b(?:gpa|grade|grades|mark|marks|scored|score of|graduated with|"
                                r"(?:grade|mark|score|exam|gpa)s?\s+(?:an\s+)?average of|"
                                r"hundred and|hundred|thousand and)\s*(?:of\s+|a\s+)?$"
                                # a reference, a name or a range's start: "Req. Num. 74030", "Fortune 500",
                                # "0-1 products", "Llama-3-70B"; a phone number's first digits: "(11) 98765-4321"
                                r"|\b(?:num|no|number|id|ref|reference|req|code|ticket|fortune|zip|postcode)\.?\s*#?\s*$"
                                # a school year or a course level: "head of Year 10 maths", "CIPD Level 5" (trial 13 F4)
                                r"|\b(?:year|yr|key stage|level)\s*$"
                                r"|(?:^|\s)0[-\u2013]$|[A-Za-z][\w.-]*-$|[\w.-]/$"  # and a link's: "pull/39292"
                                r"|\(\d{1,4}\)\s?$|\+\d{1,3}[\s-]?$|\d{3,}[\s-]$", re.I)
# ... and neither is a family or a household ("my wife and 2 daughters"), nor a word that only ends in s
# ("24x7 across").
_NOT_IMPACT_UNIT = re.compile(r"\b(?:lines?|loc|sloc|gpa|grades?|marks?|credits?|daughters|sons|children|kids|"
                              r"grandchildren|siblings|brothers|sisters|dogs|cats|pets|"
                              r"across|always|towards|perhaps|besides|whereas|afterwards|nowadays|"
                              r"\w+ss|\w+us|\w+is)$", re.I)
_BIG_PERCENT = re.compile(r"^(\d{3,})\s?(%|percent|per\s?cent)", re.I)
_YEAR = re.compile(r"^(?:from\s+)?(19|20)\d\d\s?s?(?:\s+to\s+(19|20)\d\d)?$", re.I)  # "from 2017 to 2025" too
_HUNDRED = re.compile(r"hundred\b", re.I)
_CHANGE_BEFORE = re.compile(r"\b(by|to|of)\s+$")
_PERCENT_HYPERBOLE = re.compile(r"^\s*percent\s+(committed|sure)", re.I)
# A bare number right after a name inside a sentence is the name's own (a version, a product): "NBA 2K", "in Vue 3
# on Node 18" (trial 10 F13, the ninth batch of real letters); "Over 2,000" opening a sentence is still a count.
# A trip, a home's distance or what the writer read is not a result of work (trial 10 F13): "drove 500 miles to see",
# "lived two hours from the nearest hospital", "read 40 books"
_TRAVEL_BEFORE = re.compile(r"\b(?:drove|driving|walked|cycled|flew|travell?ed|hiked|commuted|lived|live|living|read|"
                            r"watched|listened to)\s+(?:over\s+|about\s+|nearly\s+|some\s+|around\s+)?$", re.I)
_AWAY_AFTER = re.compile(r"^\s*(?:away|from\s+(?:the|my|our|a|an|home|work|town|here|there)\b|north|south|east|west)",
                         re.I)
# A duration after "for" (trial 11 F31: "flags any pallet that has not moved for more then five days", the tool's rule)
_FOR_BEFORE = re.compile(r"\bfor\s+(?:more\s+th[ae]n\s+|over\s+|at\s+least\s+|up\s+to\s+|about\s+|around\s+|"
                         r"nearly\s+|almost\s+|roughly\s+|some\s+)?$", re.I)
_DURATION = re.compile(r"\b(?:seconds?|minutes?|hours?|days?|weeks?|months?)$", re.I)
# Working hours, not a change: "I usually work from 9am to 5pm" ("cut the close from 9pm to 6pm" still is one)
_CLOCK = r"\d{1,2}(?::\d\d)?\s?(?:am|pm|a\.m\.|p\.m\.)"
_HOURS = re.compile(rf"^from\s+{_CLOCK}\s+to\s+{_CLOCK}$", re.I)
_BARE = re.compile(r"^\d[\d.,]*\s?[kmb]?(?:$|\s+(?:on|in|and|with|for|to|at|or)\b)", re.I)
_NAME_BEFORE = re.compile(r"(?-i:[a-z,]\s+(?:[A-Z][a-z]+|[A-Z]{2,}[a-z]*)\s?)$")
# A number glued to a capital letter after where one works is an employer's name, not a scale: "a process
# engineer at 3M", "joined 3M in 2019" ("grew to 3M", "$3M" and "3M users" are still figures).
_GLUED_NAME = re.compile(r"^\d+(?-i:[A-Z])$")
_EMPLOYER_BEFORE = re.compile(r"\b(?:at|for|with|join|joined|joining|left|leaving)\s+$", re.I)


# How plainly a figure tells a change, not only a size. 3: a before and after, or a word of change right before it
# ("from 54% to 78%", "cut costs by 18%", "had fallen to 19%"); 2: a multiple ("halved", "by 18%", "3x"); 1: a
# word of change further back in its clause ("saving an estimated $1.2 million"), or "ten times faster"; 0: a
# size. A share or a sum alone is a size: "30% of savers stopped paying in" is the problem, "70% of the
# increase" a finding, "four times a week" how often (trial 11 F12, F24, F27).
_BEFORE_AFTER = re.compile(r"\b(?:from|instead\s+of|rather\s+than|down\s+from|up\s+from)\b", re.I)
_MULTIPLE = re.compile(r"\b(?:halved|doubled|tripled|quadrupled|by)\b|\dx\b|\b\w+-fold\b", re.I)
_TIMES = re.compile(r"\btimes\s+(?:more|less|fewer|faster|slower|higher|lower|larger|smaller|bigger|cheaper|as)\b",
                    re.I)
# ("by" after a verb of use is who uses a thing, not how much it changed: "an app used by around 400,000 people";
# "up to" is a ceiling, not a rise: "media for up to 180 students a week", trial 16 F2)
_CHANGE_WORD = (r"\b(?:(?<!used )(?<!owned )(?<!run )(?<!read )(?<!visited )(?<!trusted )(?<!followed )"
                r"(?<!played )(?<!watched )(?<!downloaded )(?<!relied on )by|"
                r"fell|fallen|falls|dropped|drops|rose|risen|rises|grew|grown|cut|cutting|cuts|reduc\w*|"
                r"sav(?:ed|ing|es)|increas\w*|improv\w*|lower(?:ed|ing)|rais(?:ed|ing)|lift(?:ed|ing)|boost\w*|decreas\w*|"
                r"shr[au]nk|climb\w*|went\s+up|went\s+down|down|up\b(?!\s+to\b)|earned|generated|recovered|brought\s+in|won|added)\b")
_CHANGED_JUST_BEFORE = re.compile(_CHANGE_WORD + r"(?:\s+\w+){0,3}\s+(?:to|by|of|at)?\s*$", re.I)
_CHANGED_BEFORE = re.compile(_CHANGE_WORD + r"[^.!?;:\n]{0,40}$", re.I)
# People the work reached are more than a size ("helped around 80 students appeal", not "data for 3,200 households")
_REACHED_BEFORE = re.compile(r"\b(?:helped|served|supported|trained|taught|mentored|coached|reached)"
                             r"\s+(?:\w+\s+){0,2}$", re.I)


PLAINEST = 3  # the highest level below


def change_level(letter: Letter, span: Span) -> int:
    """How plainly the figure at ``span`` tells a change (3 to 0, above): a strength quotes the plainest.
    Kept per letter: frames ask it of the same few figures for every claim (89 calls, a tenth of a review)."""
    levels: dict[Span, int] = letter.__dict__.setdefault("_change_levels", {})
    level = levels.get(span)
    if level is None:
        level = levels[span] = _change_level(letter, span)
    return level


def _change_level(letter: Letter, span: Span) -> int:
    norm = letter.norm
    before = max(0, span.start - 60)
    if _BEFORE_AFTER.search(norm, span.start, span.end) or _changed(letter, _CHANGED_JUST_BEFORE, before, span.start):
        return PLAINEST
    if _MULTIPLE.search(norm, span.start, span.end):
        return 2
    if (_TIMES.search(norm, span.start, span.end + 12) or _changed(letter, _CHANGED_BEFORE, before, span.start)
            or _REACHED_BEFORE.search(norm, before, span.start)):
        return 1
    return 0


def plainest_level(letter: Letter, spans: list[Span]) -> int:
    """How plainly the plainest of ``spans`` tells a change (``change_level``), asking no further than the top."""
    plainest = 0
    for s in spans:
        plainest = max(plainest, change_level(letter, s))
        if plainest == PLAINEST:
            break
    return plainest


def plainest_first(letter: Letter, spans: list[Span]) -> list[Span]:
    """The first of ``spans`` that tells a change most plainly (none of none), asking no further than the top."""
    best, plainest = spans[:1], -1
    for s in spans:
        level = change_level(letter, s)
        if level > plainest:
            best, plainest = [s], level
            if level == PLAINEST:
                break
    return best


# The words and word beginnings a word of change starts with (anchors.py reads them from the pattern).
_CHANGE_ANCHORS = anchor_words(_CHANGE_WORD)


def _changed(letter: Letter, regex: re.Pattern[str], start: int, end: int) -> bool:
    """Whether ``regex`` (a word of change, then what may follow it up to ``end``) is found between ``start``
    and ``end``: tried where such a word starts, and at ``start`` (which may cut a word), as a search trying
    every character would find it. A search tried some forty words at each of sixty characters, for every
    figure a frame quotes (half a millisecond a review of the bench letter)."""
    places = _change_places(letter)
    norm = letter.norm
    if places is None:
        return regex.search(norm, start, end) is not None
    # ``end`` may cut a word too ("up" of "upsell" is a word to the search): the last word begun before it
    starts = lower_tokens(letter)[1]
    last = starts[bisect_left(starts, end) - 1] if starts and starts[0] < end else start
    if regex.match(norm, start, end) or (last > start and regex.match(norm, last, end)):
        return True
    return any(regex.match(norm, at, end) for at in places[bisect_right(places, start):bisect_left(places, end)])


def _change_places(letter: Letter) -> list[int] | None:
    """Where a word of change starts in the letter, in order; None when that can't be told from its words
    (a character that re.IGNORECASE folds into ASCII, or lower case that moves the words' places)."""
    places: list[int] | None
    if "_change_places" in letter.__dict__:
        places = letter.__dict__["_change_places"]
        return places
    if _CHANGE_ANCHORS is None or not lower_tokens(letter)[2] or any(c in letter.norm for c in FOLDS_TO_ASCII):
        places = None
    else:
        exact, prefixes, _ = _CHANGE_ANCHORS
        words = words_of(letter)
        places = sorted(i for w in words if w in exact or w.startswith(prefixes) for i in words[w])
    letter.__dict__["_change_places"] = places
    return places


def find_metrics(letter: Letter, span: Span) -> list[Span]:
    """Measurable figures in ``span``. The body is scanned once and asked by position, since several
    rules ask about every sentence (and frames about pairs of them)."""
    body = letter.body
    if body.start <= span.start and span.end <= body.end:
        index = letter.__dict__.get("_figures")
        if index is None:
            index = letter.__dict__["_figures"] = indexed(_find_metrics(letter, body))
        return within(index, span)
    cache: dict[Span, list[Span]] = letter.__dict__.setdefault("_metrics", {})
    if span not in cache:
        cache[span] = _find_metrics(letter, span)
    return cache[span]


# A figure starts at a currency sign, at a word that begins with a digit, or at one of these words:
# every other branch of METRIC begins with a number after a look-behind that refuses a word character.
# (Words of two letters or more: no figure starts at the "a" of "half a", nor at an "s" read from the
# pattern's "\s", where every possessive's "s" would otherwise be tried.)
_METRIC_WORDS = frozenset(re.findall(r"[a-z]{2,}", _WORD_NUM + " from halved doubled tripled quadrupled third quarter "
                                                                "fifth tenth half thirds quarters hundreds thousands "
                                                                "millions billions"))
_CURRENCY = "£$€"


def _metric_starts(letter: Letter, span: Span) -> list[int]:
    """Where a figure may start inside ``span``: METRIC is tried only there, not at every character."""
    words = words_of(letter)
    chosen = [w for w in word_classes(letter)[0] if w[0].isdigit()] + [w for w in _METRIC_WORDS if w in words]
    starts = [i for w in chosen for i in words[w] if span.start <= i < span.end]
    norm = letter.norm
    for sign in _CURRENCY:
        i = norm.find(sign, span.start, span.end)
        while i >= 0:
            starts.append(i)
            i = norm.find(sign, i + 1, span.end)
    starts.sort()
    return starts


def _metric_matches(letter: Letter, span: Span) -> Iterator[re.Match[str]]:
    """What ``METRIC.finditer`` over ``span`` finds, trying only the places a figure can start."""
    norm, end = letter.norm, 0
    for start in _metric_starts(letter, span):
        if start >= end:
            m = METRIC.match(norm, start, span.end)
            if m:
                end = m.end()
                yield m


def _either(*patterns: re.Pattern[str], search: bool = False) -> re.Pattern[str]:
    """One case-insensitive pattern that finds what any of ``patterns`` would: one call, not several.
    With ``search``, patterns used with ``match`` are held to the start of the text by ``^``."""
    return re.compile("|".join(f"(?:{'^' if search and p in _MATCHED else ''}{p.pattern})" for p in patterns), re.I)


_MATCHED = (_TENURE, _YEAR, _HUNDRED)  # asked with match: at the start of the figure's text
# What makes a figure not count, by where it is read: the figure's own text, the words before it, after it.
# An emergency number is no count: "I take 999 calls" (trial 17 F17)
_EMERGENCY = re.compile(r"^(?:999|911|112)\s+(?:calls?|call-?handl\w*|operators?|services?)\b", re.I)
_NOT_IMPACT_TEXT = _either(_TENURE, _YEAR, _HUNDRED, _NOT_IMPACT_UNIT, _EMERGENCY, search=True)
_NOT_IMPACT_BEFORE_ANY = _either(_RANKING_BEFORE, _NOT_IMPACT_BEFORE)
_NOT_IMPACT_AFTER_ANY = _either(_NOT_IMPACT_AFTER, _PERCENT_HYPERBOLE)


def _find_metrics(letter: Letter, span: Span) -> list[Span]:
    # Every test below only drops the figure, so they are asked cheapest and commonest first.
    out, norm, first = [], letter.norm, span.start
    for m in _metric_matches(letter, span):
        found = m.group(0)
        text = found.strip()
        if _NOT_IMPACT_TEXT.search(text):
            continue
        start, end = m.start(), m.end()
        before = norm[max(first, start - 16):start]
        if _FRACTION.match(text):
            cue = _FRACTION_BEFORE.search(before)
            if cue is None:
                continue  # "half of my time", "the third quarter": not a change
            start -= len(before) - cue.start()  # quote "by a third", not "third"
            before = norm[max(first, start - 16):start]
        after = norm[end:end + 20]
        if _NOT_IMPACT_BEFORE_ANY.search(before) or _NOT_IMPACT_AFTER_ANY.match(after):
            continue
        if _BARE.match(text) and _NAME_BEFORE.search(before):
            continue
        if _GLUED_NAME.match(text) and _EMPLOYER_BEFORE.search(before):
            continue
        if _TRAVEL_BEFORE.search(before) or _AWAY_AFTER.match(after):
            continue
        if _HOURS.match(text) and not _CHANGED_BEFORE.search(before):
            continue
        if _FOR_BEFORE.search(before) and _DURATION.search(text):
            continue  # how long something lasts or waits is no result: "not moved for more than five days"
        if "%" in text and _HYPERBOLE_AFTER.match(after):
            continue
        big = _BIG_PERCENT.match(text) if text[:3].isdecimal() else None  # \d{3,} needs three digits first
        if big and int(big.group(1)) in (110, 1000) and not _CHANGE_BEFORE.search(before):
            continue  # "110%" on its own is a figure of speech; "grew by 150%" is not
        if big and int(big.group(1)) >= 100 and (_HYPERBOLE_BEFORE.search(before) or _HYPERBOLE_AFTER.match(after)):
            continue
        out.append(Span(start, m.start() + len(found.rstrip())))
    return out
