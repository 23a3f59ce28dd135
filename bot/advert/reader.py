"""Reads a job advert: its title, its employer and its requirements, each with where it stands.

Deterministic and explainable, so a member can check every requirement against the advert:
section headings say what the lines under them are ("Requirements", "What you'll do", "Nice to
have", "Benefits"); bullet points under a requirement heading are requirements; a sentence of
prose is one when it holds a cue such as "you'll have" or "experience with". Each requirement is
cut down to the words that name the skill ("Strong experience with Python" -> "Python"), and a
list of named tools is split into one requirement a tool. The headings, cues and lead-in words
are data (guides/advert/vocabulary.yaml).
"""
from __future__ import annotations

import itertools
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from ..review.text import normalise
from .employer import employer
from .layout import BULLET_MARK, Line, lines_of
from .lists import pieces
from .phrase import cap, trim
from .title import find_title, title_over_employer
from .vocabulary import Vocabulary, load
from .words import STOPWORDS, lower

# Where a requirement starts and ends: sentences (not the pay), and the clauses inside one.
# A full stop before a letter or a comma ends no sentence ("Node.js", "at 2 a.m., and"). No "|$" in it:
# that backtracked quadratically on a line without a full stop.
SENTENCE = re.compile(r"(?:[^.!?;\n]|\.(?=[\w,]))+[.!?;]*")
# In lower case, each word opening with its letter (the boundary tested after it): an alternation opening with
# "\b" under re.I was tried at every character of the advert (half a millisecond on a 600-word one).
PAY = re.compile(r"[$\u00a3\u20ac]\s?\d|s(?<!\ws)alary\b|p(?<!\wp)er annum\b|p(?<!\wp)aid time off\b|h(?<!\wh)oliday\b"
                 r"|a(?<!\wa)nnual leave\b")
AMOUNT = re.compile(r"[$\u00a3\u20ac]\s?\d")  # under a requirement heading, only an amount is pay
# "a degree and at least two years as an analyst", "local government would be an advantage, as would
# photo editing": a second requirement in the same sentence. Matched in lower case. Each break opens with
# ";", "," or a space: the pattern opens with that one class, so the engine skips to those characters (three
# times faster than trying every branch at every character); the branches follow, by their first character,
# in the order they are tried. What follows "and", after a comma or a space:
# "and you will ...", "and with ...", but not "with care" closing the clause: how a duty is done ("deliver
# difficult news honestly and with care", tune-next 133).
AND_BEFORE = r"(?=(?:you|we|be|have|are|can|will|a|an|able|with(?!\s+[a-z]+\s*(?:[,.;)]|$))|at least|know how|of)\b)"
# ", who can ...", " and who has ...", "people who are reliable, who get to site on time and who never cut corners"
WHO_BEFORE = r"who\s+(?=[a-z])"
CLAUSE_BREAK = re.compile(r"[;,\s](?:(?<=;)"
                          rf"|(?<=,)\s+(?:and\s+{AND_BEFORE}|{WHO_BEFORE}|and\s+{WHO_BEFORE}"
                          r"|(?=you(?:'ll| will| have| are)\b)|(?=as (?:would|will|is|are|does)\b)"
                          r"|(?=ideally\s+(?:in|within|at|with|for|as)\b)|or\s+(?=if\b)|and\s+)"
                          rf"|(?<=\s)\s*and\s+(?:{AND_BEFORE}|{WHO_BEFORE}"
                          r"|(?=(?:\d+\+?|one|two|three|four|five|six)\s+(?:or more\s+)?years?\b|either\b)))")
# "to ship, measure and improve each feature": the verbs after "to" are one duty's.
WORDS, TO_VERB = re.compile(r"[\w'/+#-]+"), re.compile(r"\bto\s+[a-z]\w*(?:,\s*\w+)*$")
YOU_START = re.compile(r"\s*you\s+(?!(?:will|'ll|would|may|might)\b)[a-z]+", re.I)
BUT = re.compile(r"(?<=,\sbut\s)|(?<=;\sbut\s)")  # cut after ", but ": the part before keeps its place
NOT_REQUIRED = re.compile(r"\b(?:(?:is|are)\s+not|isn['\u2019]t|aren['\u2019]t)\s+(?:essential|required|necessary)\b",
                          re.I)
# "You don't need a degree" (in lower case; each "\b" tested after the first letter, so that sre scans for it)
NOT_ASKED = re.compile(r"d(?<!\wd)(?:on't|o not|oesn't|oes not) need\b|n(?<!\wn)o need\b")
DENIALS = ("not", "n't", "n\u2019t")  # one of which NOT_REQUIRED can't match without (in lower case)
# A duty said in a sentence that a bulleted list of duties says again: "you will own the close" (lower case).
DUTY_CUE = re.compile(r"you(?:'ll| will)(?: also)? (?!(?:have|need|bring|hold|know|understand|be able)\b)")
PAY_WORD = re.compile(r"\b(?:salary|per|an hour|a year|a month|pay|paid|bonus|pension|stipend|allowance)\b"
                      r"|/(?:hr|yr)\b")
# A list's last item before "and VERB": "open sources and partner data" is no duty "partner".
LIST_BEFORE = re.compile(r",\s+([\w/+#-]+)(?:\s+[\w/+#-]+)?$")
GERUND = re.compile(r"[a-z]+ing\b")  # a duty named by its -ing form: "planning and scheduling posts"
COMMA_AND = re.compile(r",\s+and\s+(?:to\s+)?")
NOUN_AFTER = re.compile(r"[a-z]+(?:,|\s+(?:and|or)\s)", re.I)  # "conduct, capability": a list, not a duty
OBJECT_LINKS = frozenset(("on", "to", "with", "for", "about", "from", "back"))  # "report on them", "feed it back"
PRONOUNS = frozenset(("it", "them", "these", "those", "this", "that"))
# Words that don't make a clause a duty of its own: "You will log and resolve tickets" is one duty.
SUBJECT = frozenset(("you", "you'll", "will", "also", "be", "responsibilities", "duties", "include", "includes"))
# A cue after what it asks for ("A CompTIA A+ would be useful", "Spanish is strongly preferred", "A full UK driving
# licence is essential"), unless only "it" comes before it.
AFTER_CUE = re.compile(r"would (?:also )?be|(?:is|are) (?:a plus|essential|(?:strongly |highly |also )?preferred)",
                       re.I)
BARE_IT = re.compile(r"\W*(?:it\s*)?", re.I)
# What is left must be words, and not about the employer ("We are looking for ...").
LETTERS, ALNUM = re.compile(r"[A-Za-z]{2}"), re.compile(r"[A-Za-z0-9]")
ITEM_WORDS = 20  # the longest line under a requirement heading read as an item without its mark
SENTENCE_GAP = re.compile(r"[.!?]\s")  # inside a line: two sentences, not a list's item
# "... a technician who wants to work at the top of their licence" says what the person wants, not a duty.
LOOKING_TO = re.compile(r"we(?:'re| are) (?:looking for|seeking|hiring) an? "
                        r"(?:(?!who |that )[^,.;:]){0,60}? to ([a-z]+)\b")
IDEALLY_IN = re.compile(r",\s+(?=ideally\s+(?:in|within|at|with|for|as)\b)")  # in lower case
CUE_ONLY = frozenset(("required", "essential", "desirable", "preferred", "ideally", "must", "bonus", "a plus"))
CONDITION = re.compile(r"\b(?:once|when|after|until|as soon as)\s+$")  # before a cue: its clause is a condition
# "IT skills" is no "it" (trial 15 F7: "Good IT skills, including practice management software" was read as nothing).
ABOUT_US = re.compile(r"(?:[Ww]e|W[Ee]|[Oo]ur|O[Uu][Rr]|[Uu]s|U[Ss]|[Tt]his|THIS|[Ii]t)\b")
US_ONLY = re.compile(r"[a-z]+\s+us", re.I)
# "NMC registration as a Midwife (E)": a person specification's marker after each criterion says whether it is
# essential or desirable, whatever the heading over it (trial 17 F44: all were read as nice-to-haves).
FIRST_WORD = re.compile(r"\s*([A-Z][a-z]+)\b")
ED_MARK = re.compile(r"\s*\((?:(E|essential)|D|desirable)\)[\s.;]*$", re.I)


@dataclass(frozen=True)
class Requirement:
    text: str
    start: int  # offsets into the advert
    end: int
    must: bool


@dataclass(frozen=True)
class Advert:
    text: str
    title: str | None
    company: str | None
    requirements: tuple[Requirement, ...]
    # ``text.lower()``, made once by the reader: the matcher, the employer and the coverage rule read it.
    lowered: str = field(compare=False, repr=False)

    @property
    def musts(self) -> list[Requirement]:
        return [r for r in self.requirements if r.must]


def _qualifies_example(norm: str, start: int, end: int, cue: re.Match[str]) -> bool:
    """"Relational databases, ideally PostgreSQL": the cue prefers an example; the requirement stays a must."""
    return cue.group().lower() in ("ideally", "preferably") and norm[cue.start() - 2:cue.start()] == ", " \
        and bool(LETTERS.search(norm, start, cue.start())) and bool(LETTERS.search(norm, cue.end(), end))


def _requirements_from(norm: str, low: str, start: int, end: int, must: bool, vocabulary: Vocabulary,
                       from_cue: bool, listed: bool = False, summary: bool = False) -> list[Requirement]:
    """``summary``: a sentence of prose in an advert whose duties are a bulleted list, where a "you will"
    sentence sums those duties up rather than adding one."""
    out = []
    # Under a requirement heading, "You write clear emails" asks for what it says, from its start.
    if from_cue and not (listed and YOU_START.match(norm, start, end)):
        cue = vocabulary.prose_re.search(low, start, end)
        if cue is None or (summary and DUTY_CUE.match(low, cue.start())):
            return []
        if not (AFTER_CUE.match(cue.group()) and not BARE_IT.fullmatch(norm, start, cue.start())):
            start = cue.start()  # else "A CompTIA A+ would be useful": what it asks for comes first
        # "We are looking for an experienced Events Manager to lead our team and oversee every event":
        # the duties after "to" are asked for, though the sentence is about the employer.
        wanted_to = LOOKING_TO.match(low, start, end)
        # Not a duty whose object is only "it": "a Room Leader to lead it from March" (tune-next 160).
        if wanted_to and wanted_to.group(1) in vocabulary.verb_set and not low.startswith(" it ", wanted_to.end(1)):
            start = wanted_to.start(1)
        # "Once you have completed your preceptorship, you will take part in the rota": the cue's clause is
        # a condition, and what is asked follows its comma (tune-next 139).
        if CONDITION.search(low, max(0, start - 12), start):
            comma = low.find(", ", start, end)
            if comma < 0:
                return []
            start = comma + 2
    # Why it is asked is no part of it: "stay calm and kind under pressure, because many of the patients ... and
    # some will be living with dementia" (tune-next 139).
    because = low.find(" because ", start, end)
    end = because if because >= 0 else end
    # Each pattern below needs a word or mark that most requirements lack: looked for first, as a string.
    span = low[start:end]
    # A cue says how much a clause is wanted; clauses after a semicolon say so each for themselves:
    # "High school diploma or GED required; a bachelor's degree is preferred".
    # So does a setting preferred after a comma: "data analysis, ideally in healthcare" asks for the
    # analysis; the healthcare is welcome.
    stops = [start, *(start + i + 1 for i, c in enumerate(span) if c == ";"),
             *(m.end() for m in IDEALLY_IN.finditer(low, start, end)), end + 1] if ";" in span or "ideally" in span \
        else [start, end + 1]
    stops.sort()
    wanted = [not must or (vocabulary.nice_lower_re.search(low, a, b - 1) is not None
                           and any(not _qualifies_example(norm, a, b - 1, m)
                                   for m in vocabulary.nice_re.finditer(low, a, b - 1)))
              for a, b in itertools.pairwise(stops)]
    clauses, prev = [], start
    verbs = vocabulary.verb_set
    # In a bullet, what follows ", and" is the same duty's next step ("Use data from our HR system to
    # report on absence, and suggest actions"); in prose, and before a bare "and", it is a duty of its own.
    bullet = listed and not from_cue
    if ";" in span or "," in span or "and" in span:
        found = (*CLAUSE_BREAK.finditer(low, start, end), *vocabulary.verb_break_re.finditer(low, start, end),
                 *(gerunds if (gerunds := list(vocabulary.gerund_break_re.finditer(low, start, end)))
                   and GERUND.match(low, trim(norm, low, start, end, vocabulary)[0], end) else ()))
        breaks = sorted([m for m in found if not (bullet and COMMA_AND.fullmatch(m.group()))], key=lambda m: m.start())
    else:
        breaks = []
    for m in breaks:
        before = WORDS.findall(norm[prev:m.start()].lower())
        after = WORDS.findall(norm, m.end(), min(end, m.end() + 60))[:3]
        after = [w.lower() for w in after]
        own = [w for w in before if w not in SUBJECT]
        if m.start() < prev or not set(own) - verbs or (len(own) == 1 and m.re is not CLAUSE_BREAK):
            continue  # "Design, build and operate the services", "You will order and review searches": one duty
        if m.re is not CLAUSE_BREAK and (NOUN_AFTER.match(norm, m.end()) or (
                "," not in m.group() and (last := LIST_BEFORE.search(norm, prev, m.start()))
                and last.group(1).lower() not in verbs)):
            continue  # "absence, conduct, capability and grievances": a verb's spelling of a noun in a list
        if m.re is not CLAUSE_BREAK and (TO_VERB.search(norm, prev, m.start()) or len(after) < 2 or
                                                 (after[1] == "to" and after[2:] and after[2] in verbs)
                                                 or after[1] in PRONOUNS or (after[2:] and after[2] in PRONOUNS
                                                                             and after[1] in OBJECT_LINKS)):
            continue  # "use to train, deploy and monitor"; "product and design to define"; "and report on them"
        clauses.append((prev, m.start()))
        prev = m.end()
    clauses.append((prev, end))
    for a, b in sorted(clauses):
        nice = wanted[bisect_right(stops, a) - 1]
        a, b = trim(norm, low, a, b, vocabulary)
        if b - a < 2 or not LETTERS.search(norm, a, b):
            continue
        for pa, pb in pieces(norm, a, b, verbs):
            if (pa, pb) != (a, b):  # a piece of a list: trimmed on its own ("Strong Python")
                pa, pb = trim(norm, low, pa, pb, vocabulary)
            capped = cap(norm, low, pa, pb, vocabulary)
            if capped != pb:  # cut short: what is left may end in a lead-out ("..., ideally")
                pa, pb = trim(norm, low, pa, capped, vocabulary)
            if ABOUT_US.match(norm, pa, pb) or US_ONLY.fullmatch(norm, pa, pb) or low[pa:pb] in CUE_ONLY:
                continue  # about the employer ("We are looking for a Data Analyst", "help us"), or a cue alone
                # ("Some overtime may be required" left "required": what is asked stood before it)
            # Not small words alone: "of how to support someone" cut at its purpose left "how" (tune-next 122).
            if pb - pa >= 1 and ALNUM.search(norm, pa, pb) and not set(low[pa:pb].split()) <= STOPWORDS:
                out.append(Requirement(" ".join(norm[pa:pb].split()), pa, pb, not nice))
    return out


def _unmarked_item(norm: str, lines: list[Line], i: int, marked: bool) -> bool:
    """Whether a line of prose under a requirement heading is an item that lost its mark. With no marked bullet
    under the heading, a short line that ends in no full stop is one: a Word or PDF advert's list loses its "- "
    marks on the way to text (a sentence is still prose: "You will lead our bids to trusts."); so is a short
    sentence on a line of its own beside another (trial 15 F21: "Essential criteria:" over "Strong Excel skills
    (VLOOKUP, pivot tables)." and three more). Under marked bullets, a short line without a full stop beside one
    (trial 15 F7, F8: a Word person specification's "NEBDN National Diploma or equivalent" between two "- "
    items), not a sentence introducing them. Not a line over a labelled one ("Other" over "Essential: Full UK
    driving licence"): that names the group below it."""
    line = lines[i]
    if not _short(norm, line) or (i + 1 < len(lines) and lines[i + 1].kind == "item"):
        return False
    around = [lines[j] for j in (i - 1, i + 1) if 0 <= j < len(lines)]
    if norm[line.start:line.end].rstrip().endswith((".", "!", "?")):
        return not marked and any(_short(norm, near, True) for near in around)
    return not marked or any(near.kind == "bullet" for near in around)


def _short(norm: str, line: Line, sentence: bool = False) -> bool:
    """A line of prose short enough to be a list's item; ``sentence``: one sentence, ending in a full stop."""
    text = norm[line.start:line.end].rstrip()
    return line.kind == "prose" and len(text.split()) <= ITEM_WORDS and (
        not sentence or (text.endswith(".") and SENTENCE_GAP.search(text) is None))


def read(text: str, vocabulary: Vocabulary | None = None) -> Advert:
    vocabulary = vocabulary or load()
    norm = normalise(text)
    lowered = norm.lower()
    low = lower(norm, lowered)  # the vocabulary's patterns are matched in lower case: several times faster than re.I
    lines = lines_of(norm, vocabulary)
    title, near_title = find_title(norm, [(ln.start, ln.end, ln.kind, ln.section) for ln in lines], vocabulary)
    requirements: list[Requirement] = []
    section = "intro"
    # Where the pay is mentioned, found once: looking again in every line took longer than the lines.
    pay = [m.span() for m in PAY.finditer(low)]
    pay_starts = [a for a, _ in pay]

    def paid(start: int, end: int, listed: bool) -> bool:
        i = bisect_left(pay_starts, start)  # the first mention from here on: inside, or none is
        if listed:  # "Calculate statutory payments such as SSP, SMP and holiday pay" is a payroll duty,
            # and "securing grants of \u00a320,000" an achievement: an amount is pay beside a word of pay.
            return any(AMOUNT.match(norm, a) for a, b in itertools.takewhile(lambda ab: ab[1] <= end, pay[i:])) \
                and PAY_WORD.search(low, start, end) is not None
        return i < len(pay) and pay[i][1] <= end

    # Bulleted duties, by the heading they stand under: prose under another heading sums them up.
    duty_bullets: dict[int, int] = {}
    marked = set()  # the headings with a marked bullet under them
    heading, section = -1, "intro"
    for line in lines:
        if line.kind == "heading":
            heading, section = line.start, line.section or "other"
        elif line.kind == "bullet":
            marked.add(heading)
            if section == "duties":
                duty_bullets[heading] = duty_bullets.get(heading, 0) + 1
    listing = [at for at, n in duty_bullets.items() if n >= 3]  # the headings over three duties or more
    heading, section = -1, "intro"
    for i, line in enumerate(lines):
        if line.kind == "heading":
            heading, section = line.start, line.section or "other"
            continue
        summary = any(at != heading for at in listing)
        # An item carries its own heading ("Desirable: Power BI") and leaves the section as it was.
        here = line.section if line.kind == "item" else section
        if line.kind == "blank" or here == "ignore":
            continue
        listed, must = here in ("must", "duties", "nice"), here != "nice"
        end = line.end
        if norm[line.start:end].rstrip(" .;").endswith(")") and (ed := ED_MARK.search(norm, line.start, end)):
            listed, must, end = True, ed.group(1) is not None, ed.start()
        # Under a requirement heading, a line of prose may be a list's item whose mark was lost (_unmarked_item).
        if line.kind in ("bullet", "item") or end < line.end or (
                listed and line.kind == "prose" and _unmarked_item(norm, lines, i, heading in marked)):
            mark = BULLET_MARK.match(norm, line.start, end)
            body = mark.end() if mark else line.start
            if not paid(body, end, listed):
                requirements += _requirements_from(norm, low, body, end, must, vocabulary, not listed, listed)
            continue
        a, b = line.start, line.end
        if vocabulary.offer_re.match(low, a, b):
            continue  # a paragraph of what the employer offers, or how to apply
        stated = vocabulary.statement_re.search(low, a, b)
        sentences = list(SENTENCE.finditer(norm, line.start, line.end))
        if stated and (not sentences or stated.start() < sentences[0].end()):
            continue  # a paragraph that opens with an equality or safeguarding statement
        for m in sentences:
            if paid(m.start(), m.end(), listed) or NOT_ASKED.search(low, m.start(), m.end()):
                continue  # "a base salary of $70,000 plus a bonus"; "You don't need a degree"
            sentence_end = m.end()
            # The statement alone, where a paragraph ends with it: "You will need a full UK driving licence, and
            # the post is subject to an enhanced DBS check" closed a person specification that had all been read
            # as nothing (trial 14 F31). What the sentence asks before the statement's clause is still asked.
            if stated and (said := vocabulary.statement_re.search(low, m.start(), m.end())):
                sentence_end = max(low.rfind(", and ", m.start(), said.start()),
                                   low.rfind("; ", m.start(), said.start()))
                if sentence_end <= m.start():
                    continue
            a = m.start()
            # Most sentences deny nothing: looked for first as words, in lower case (NOT_REQUIRED is under re.I).
            denies = any(low.find(w, a, m.end()) >= 0 for w in DENIALS) and NOT_REQUIRED.search(m.group())
            for part in BUT.split(m.group()) if denies else [norm[a:sentence_end]]:
                # "A law degree is not essential, but ...": what it names is welcome, not asked for;
                # what follows in the sentence (", and knowledge of ...") is read on its own.
                nice = NOT_REQUIRED.search(part) if denies else None
                end = a + (nice.start() if nice else len(part))
                # Under a duties heading, a sentence that opens with a duty's verb is one without a cue: "Provide
                # antenatal and postnatal care ... Refer safeguarding concerns ..." (trial 17 F44).
                ordered = here == "duties" and not summary and (first := FIRST_WORD.match(norm, a)) is not None \
                    and first.group(1).lower() in vocabulary.verb_set
                requirements += _requirements_from(norm, low, a, end, must and not nice, vocabulary,
                                                   not nice and not ordered, listed and not ordered, summary)
                if nice:
                    requirements += _requirements_from(norm, low, a + nice.end(), a + len(part), must, vocabulary,
                                                       True, listed, summary)
                a += len(part)
    company = employer(norm, near_title, [(ln.start, ln.end) for ln in lines if ln.kind != "blank"],
                       [(ln.start, ln.end) for ln in lines if ln.kind == "heading"], vocabulary, title, lowered)
    if title is None:
        title = title_over_employer(norm, [(ln.start, ln.end, ln.kind, ln.section) for ln in lines], company)
    seen, unique = set(), []
    for r in requirements:
        key = r.text.lower()
        if key not in seen and (title is None or key != title.lower()):
            seen.add(key)
            unique.append(r)
    return Advert(text, title, company, tuple(unique), lowered if norm == text else text.lower())
