"""What a requirement asks a letter to mention: the things it names, grouped so that any member of a
group will do, and its head (what it names, before any modifier), read from the advert's words."""
from __future__ import annotations

import itertools
import re
from bisect import bisect_left, bisect_right

from .reader import Advert, Requirement
from .words import Key, Matcher, lower, stem

# Examples: a list in brackets ("cloud (AWS, GCP)"), or after a cue. A bracket naming one thing
# ("cabinets (Pyxis)", "CSPT (Certified ... Technician)") is read as the requirement's own words.
# Each branch opens with its first letter, the word boundary tested after it: an alternation opening with
# "\b" is tried at every character, one opening with letters is scanned for them (the same matches).
EXAMPLES = re.compile(r"\((?=[^)]*(?:,|\be\.?g\b|\bsuch as\b|\bincluding\b|\band\b|\bor\b))"
                      r"|s(?<!\ws)uch as\b|e(?<!\we)(?:\.g\.?|g)\b|l(?<!\wl)ike\b|i(?<!\wi)(?:ncluding|deally)\b"
                      r"|f(?<!\wf)or example\b|p(?<!\wp)referably\b|w(?<!\ww)hich includes?\b|:\s")  # in lower case
OR_ASIDE = re.compile(r"\s*\((?:or|and/or)\b[^)]*\)?\s*$")  # "CIPD Level 5 (or working towards it)"
EMPHASIS = re.compile(r",?\s+(?:especially|particularly|in particular)\b")  # in lower case
ALTERNATIVE = re.compile(r"\s+or\s+")  # these two in lower case
# "... and experience" or "Post-registration experience" before "with" or "in": a lead-in (trial 16 F16); not
# "closing experience in a ... sales role", where the skill is named before it.
LEAD_IN_BEFORE = re.compile(r"(?:^|,|\sand|\sor)\s*(?:\S+(?<!ing)\s+)?\S+$")
ACRONYM = re.compile(r"\(([A-Z]{2,6})\)")
INITIALS = re.compile(r"[A-Za-z][\w'-]*")  # the words an acronym's letters stand for (small words too: "of")
SMALL_WORDS = frozenset(("and", "of", "the", "for", "in", "on", "to"))  # which initials often skip
SPELT_GAP = r"\s+(?:(?:and|of|the|for|in|on|to|&)\s+)?"  # between the words initials stand for, written out
# Three capitalised words or more, small words between them allowed: "Health and Care Professions Council".
CAPITALISED_NAME = re.compile(r"[A-Z][a-z]+(?:\s+(?:(?:and|of|for|the|&)\s+)?[A-Z][a-z]+){2,}")
MID_SENTENCE = re.compile(r"[a-z0-9,]\s+\(?$")  # a capital after this is a name's, not a sentence's
LOWER_WORD = re.compile(r"\b[a-z]{3,}\b")
CONJUNCTION = re.compile(r"\s(?:and|&)\s|,")
# Where a requirement's head ends and what it is for, or where, begins: "Monitoring and alerting for ML systems".
TOOL_LINKS = frozenset(("in", "with", "using"))
PURPOSE = re.compile(r"\sto\s+([a-z]+)(?<!ing)\b")  # "to" and a duty's verb (not "approach to troubleshooting")
AUDIENCE = re.compile(r"\sto\s(?!(?:be|do|make|get|have)\b)")  # "to" before whom, in lower case
# "as": in what capacity, no part of the head ("Registered with the GPhC | as a pharmacy technician", trial 13 F20).
MODIFIER = re.compile(r"\s(?:for|in|on|at|across|within|through|into|of|between|by|from|against"
                      r"|(?<!well\s)as(?!\swell\b))\s")  # in lower case
WITH_OTHERS = re.compile(r"(?:work|partner|collaborat|liais)\w*\s+(?:closely\s+)?with\s")  # in lower case
MEANS = re.compile(r"[a-z]+ing\b")  # after "by": how the duty is done, which is the duty itself
OR_SIMILAR = re.compile(r",?\s+or\s+(?:similar|equivalent|comparable)\b")  # after a requirement, in lower case
# Between two examples: "(AWS, GCP or Azure)", "practice management software such as SOE".
EXAMPLE_BREAK = re.compile(r"[,;]|\s(?:and|or|and/or|&|such as|e\.g\.?|like|including)\s")  # in lower case


class AdvertKeys:
    """The advert's words read once; a requirement takes the ones inside its span."""

    def __init__(self, advert: Advert, matcher: Matcher):
        # Only the requirements' words: the rest of the advert (the employer, the pay) is never matched.
        self.keys = [k for r in advert.requirements for k in matcher.keys(advert.text, r.start, r.end, content=True)]
        self.keys.sort(key=lambda k: k.start)
        self.starts = [k.start for k in self.keys]
        # Product names that are also words ("Outreach", "Clarity"): capitalised inside a sentence, in a
        # line not written in title case, and not in the vocabulary.
        self.text, self.known = advert.text, matcher.known
        self.low = lower(advert.text, advert.lowered)  # for the patterns written in lower case: faster than under re.I

    def proper(self, r: Requirement) -> frozenset[str]:
        text = self.text
        if text[r.start:r.end].islower():
            return frozenset()  # no capital at all: most requirements
        line_end = text.find("\n", r.end)
        if not LOWER_WORD.search(text, text.rfind("\n", 0, r.start) + 1, len(text) if line_end < 0 else line_end):
            return frozenset()
        return frozenset(k.primary for k in self.keys_in(r.start, r.end)
                         if MID_SENTENCE.search(text, max(0, k.start - 3), k.start)
                         and text[k.start].isupper() and text[k.start + 1:k.end].islower()
                         and not self.known(k.primary))

    def keys_in(self, start: int, end: int) -> list[Key]:
        return [k for k in self.keys[bisect_left(self.starts, start):bisect_left(self.starts, end)] if k.end <= end]


Names = frozenset[str]
Examples = tuple[tuple[str, ...], ...]  # each example's words in order: "practice management software"


def asked(advert: Advert, requirement: Requirement, read: AdvertKeys,
            matcher: Matcher) -> tuple[list[Names], Examples, Names, Names, Names, str | None, Names]:
    """What a letter must mention to meet a requirement: one set a named thing, any member of a set
    will do. Alternatives ("Python or Scala") and examples ("cloud (AWS, GCP)") form one set. Last,
    the words of its head, before any modifier ("monitoring and alerting", not "for ML systems"), and
    the verbs in it that are the skill itself ("mentor", not "written"), the head noun of one short thing,
    and the verbs written as plural nouns ("findings")."""
    norm = advert.text
    start, end = requirement.start, requirement.end
    low = read.low
    aside = OR_ASIDE.search(low, start, end)
    end = aside.start() if aside else end
    # What a requirement stresses after "especially" is a preference, not a second thing asked for: "C++
    # experience, especially for inference code" is met by C++ (tune-next 121).
    stress = EMPHASIS.search(low, start, end)
    end = stress.start() if stress else end
    examples = EXAMPLES.search(low, start, end)
    head_end = examples.start() if examples else end
    # Not after a lead-in's word: "experience with an electronic health record" is all head.
    # Nor "in Spark or BigQuery": a tool named (with a capital) after "in", "with" or "using" is asked for.
    modifier = next((m for m in MODIFIER.finditer(low, start, head_end)
                     if (not LEAD_IN_BEFORE.search(norm[start:m.start()])
                         or stem(norm[start:m.start()].rsplit(None, 1)[-1]) not in matcher.generic)
                     # "convert enquiries by showing clients around" is met by showing them around.
                     and not (m.group() == " by " and MEANS.match(low, m.end()))
                     and not (m.group().strip() in TOOL_LINKS
                              and any(matcher.known(k.primary) and not norm[k.start:k.end].islower()
                                      for k in read.keys_in(m.end(), head_end)))), None)
    # What it is for is no part of its head either: "work with services | to fix it".
    # Not after a verb whose object is told what to do ("Train warehouse staff to operate the robots").
    purpose = next((m for m in PURPOSE.finditer(low, start, head_end) if stem(m.group(1)) in matcher.verbs), None)
    if purpose and (modifier is None or purpose.start() < modifier.start()) and not any(
            stem(w) in matcher.complement_verbs for w in low[start:purpose.start()].split()):
        modifier = purpose
    # Nor who hears it: "Present findings | to clinical committees" asks for findings presented.
    if (audience := AUDIENCE.search(low, start, modifier.start() if modifier else head_end)) \
            and stem(low[start:audience.start()].split(None, 1)[0]) in matcher.audience_verbs:
        modifier = audience
    whole = read.keys_in(start, head_end)
    in_head = [k for k in whole if k.end <= modifier.start()] if modifier else whole
    # Who the work is done with is no head: "Work with clinical leads | to agree KPI definitions" asks for
    # definitions agreed, with whomever (trial 12 F24); "Work with services to fix it" names nothing else.
    if purpose and modifier is purpose and WITH_OTHERS.match(low, start):
        cut = _head_end(low, purpose.end(), head_end)
        done = [k for k in whole if purpose.start() < k.start and k.end <= cut]
        in_head = done if any(k.primary not in matcher.verbs for k in done) else in_head
    # A verb's plural "-ings" is a thing named, never the duty's verb: "Share findings", "Run meetings".
    plural = frozenset(k.primary for k in whole if low.startswith("ings", k.end - 4) and k.primary in matcher.verbs)
    verbs = 0  # the duty's verbs lead; a word spelt like a verb later is a noun ("the quarterly impact report")
    while verbs < len(in_head) and in_head[verbs].primary in matcher.verbs and in_head[verbs].primary not in plural:
        verbs += 1
    things = in_head[verbs:]
    # The head of each thing named is its last word: "project budgets" asks for budgets, "weekly team
    # planning meetings" for meetings, not for anything weekly; "statistics and model evaluation" has two.
    heads = frozenset(k.primary for k in in_head)
    # The head of each thing named is its last word: "project budgets" names budgets, "weekly team
    # planning meetings" meetings; "statistics and model evaluation" names two.
    # All of it is the head when a modifier starts it ("worked in a restaurant"); a name (a capital
    # inside the requirement: "Spanish language skills") is a head of its own.
    ends = frozenset(k.primary for i, k in enumerate(things)
                     if i + 1 == len(things) or CONJUNCTION.search(norm, k.end, things[i + 1].start)) \
        if things else frozenset(k.primary for k in whole)
    ends |= frozenset(k.primary for k in whole if norm[k.start].isupper()
                      and (k.start > start or k.primary not in matcher.verbs))
    # A manner adverb after the thing says how, not what: "manage a caseload independently" names the caseload
    # too ("I carry a caseload of fourteen patients", trial 18 F22). Not a noun in "-ly" ("family", "supply").
    if len(things) > 1 and low.startswith("ly", things[-1].end - 2) and not things[-1].primary.endswith(("l", "li")):
        ends |= {things[-2].primary}
    # "safeguarding procedures": the rules are followed where what they govern is done ("I told our safeguarding
    # lead"), so that names the head, and stands for the rules' word too; so with "a nursery setting".
    governs = {after.primary: k.primary for k, after in itertools.pairwise(things)
               if after.primary in matcher.framing_nouns and not norm[k.end:after.start].strip()}
    ends = (ends - governs.keys()) | frozenset(governs.values())
    nouns = [k.primary for k in things]
    # The head noun alone meets a requirement of one short thing ("tailored product demos"), not one of
    # two ("statistics and model evaluation").
    # Nor a broad one, that names any kind of thing until its modifiers say which ("quality improvement projects").
    noun = nouns[-1] if 0 < len(nouns) <= 3 and not CONJUNCTION.search(norm, start, in_head[-1].start) \
        and nouns[-1] not in matcher.broad_nouns and nouns[-1] not in governs else None
    # Nor an adverb made from a noun, which names when or how, not what: "report monthly on revenue" is not
    # met by "for the last eighteen months" ("family", "supply" keep their "-ly": stems "famili", "suppli").
    if noun is not None and low.startswith("ly", things[-1].end - 2) and not noun.endswith(("l", "li")):
        noun = None
    skills = frozenset(k.primary for k in whole if stem(norm[k.start:k.end]) in matcher.skill_verbs)
    groups: list[frozenset[str]] = []
    pieces, prev = [], start
    for m in ALTERNATIVE.finditer(low, start, head_end):
        pieces.append((prev, m.start()))
        prev = m.end()
    pieces.append((prev, head_end))
    if len(pieces) > 1 and "," in norm[start:pieces[0][1]]:
        # "Go, Java or Kotlin": any one of them
        either = frozenset(k.primary for a, b in pieces for k in read.keys_in(a, b))
        if either:
            groups.append(either)
    elif len(pieces) > 1:
        # "PhD in NLP or machine learning": a PhD, in one of the two. An alternative of several words
        # is met by what it names last ("healthcare or home care": care, not any home).
        # "the science of reading" is met by science, not by any reading.
        first = [frozenset((k.primary,)) for k in read.keys_in(*pieces[0])]
        rest = frozenset(keys[-1].primary for a, b in pieces[1:]
                         if (keys := read.keys_in(a, _head_end(low, a, b))))
        ends |= rest | (first[-1] if first else frozenset())  # "data scientist or analyst": either is the head
        if first:
            groups += first[:-1] + [first[-1] | rest]
        elif rest:
            groups.append(rest)
    elif OR_SIMILAR.match(low, end) and len(things) > 1:
        # "Toast POS and Resy, or similar systems": any one of them, or another like it (tune-next 127).
        groups += [frozenset((k.primary,)) for k in in_head[:verbs]] + [frozenset(k.primary for k in things)]
    else:
        groups += [frozenset((k.primary,)) for k in whole]
    # "Conveyancing Quality Scheme (CQS)": the name and its initials are one thing, met by either.
    # Only when the words before are what the initials stand for: "team planning (PLC) meetings" is not.
    for m in ACRONYM.finditer(norm, start, head_end):
        words = INITIALS.findall(norm, start, m.start())
        # "Health and Care Professions Council (HCPC)": the initials may skip the small words.
        if not any("".join(w[0] for w in spelt[-len(m.group(1)):]).upper() == m.group(1)
                   for spelt in (words, [w for w in words if w.lower() not in SMALL_WORDS])):
            continue
        merged = frozenset(k.primary for k in (*read.keys_in(start, m.start())[-len(m.group(1)):],
                                                *read.keys_in(m.start(), m.end())))
        groups = [g for g in groups if not g <= merged] + [merged]
    # A name of three capitalised words or more is met by its initials too: "registered with the Health and
    # Care Professions Council" by "HCPC" (tune-next 139). Each of the name's words is, so the initials meet it all.
    for m in CAPITALISED_NAME.finditer(norm, start, head_end):
        words = m.group().split()
        initials = {"".join(w[0] for w in spelt).lower()
                    for spelt in (words, [w for w in words if w.lower() not in SMALL_WORDS])} - {""}
        inside = {k.primary for k in read.keys_in(m.start(), m.end())}
        if len(min(initials, key=len)) >= 3:
            groups = [g | initials if g & inside else g for g in groups]
    # An example names something: "including setting" (a duty cut short) gives none.
    named = _examples(low, examples.end(), end, read) if examples else ()
    named = () if len(named) == 1 and len(named[0]) == 1 and named[0][0] in matcher.verbs else named
    groups = list(dict.fromkeys(groups))
    if governs:  # the framing word is met by what it frames, and names nothing alone ("a calm setting")
        groups = [frozenset((governs[next(iter(g))],)) if len(g) == 1 and next(iter(g)) in governs else g
                  for g in groups]
    return groups, named, heads, ends, skills, noun, plural


def spelt_out(advert: str) -> dict[str, re.Pattern[str]]:
    """The initials an advert defines ("Sales Development Representative (SDR)"), in lower case, each with a pattern
    for its words written out in a letter: "a year in an SDR role" is met by "as a Sales Development Representative"
    (trial 16 F35). The small words between may be left out or put in ("Health and Care Professions Council")."""
    found = {}
    for m in ACRONYM.finditer(advert):
        words = [w for w in INITIALS.findall(advert, max(0, m.start() - 80), m.start()) if w.lower() not in SMALL_WORDS]
        if len(words) >= len(m.group(1)) and "".join(w[0] for w in words[-len(m.group(1)):]).upper() == m.group(1):
            found[m.group(1).lower()] = re.compile(r"\b" + SPELT_GAP.join(map(re.escape, words[-len(m.group(1)):]))
                                                   + r"\b", re.I)
    return found


def _examples(low: str, start: int, end: int, read: AdvertKeys) -> Examples:
    """The examples after a cue, one by one, each its words in order."""
    breaks = [m.end() for m in EXAMPLE_BREAK.finditer(low, start, end)]
    pieces: dict[int, list[str]] = {}
    for k in read.keys_in(start, end):  # a word holding a break ("profit and loss") stays one
        pieces.setdefault(bisect_right(breaks, k.start), []).append(k.primary)
    return tuple(dict.fromkeys(tuple(dict.fromkeys(words)) for words in pieces.values()))


def _head_end(low: str, start: int, end: int) -> int:
    """Where a phrase's head ends: at its first modifier ("the science | of reading")."""
    modifier = MODIFIER.search(low, start, end)
    return modifier.start() if modifier else end
