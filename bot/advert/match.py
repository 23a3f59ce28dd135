"""A letter read against an advert: which requirements it meets (with its own words as evidence),
whether it names the employer and the job, and any other employer's name left in it."""
from __future__ import annotations

import math
import re
from bisect import bisect_left
from dataclasses import dataclass
from typing import Any

from ..review.text import Letter, Span
from .employer import NAME
from .naming import company_spans
from .reader import Advert, Requirement
from .vocabulary import Vocabulary, load
from .words import Key, Matcher, lower, stem

NEGATION_END = re.compile(r"[,;:.!?]|\s(?:but|though|although|while|and I)\s")  # where a denial stops
# Examples: a list in brackets ("cloud (AWS, GCP)"), or after a cue. A bracket naming one thing
# ("cabinets (Pyxis)", "CSPT (Certified ... Technician)") is read as the requirement's own words.
EXAMPLES = re.compile(r"\((?=[^)]*(?:,|\be\.?g\b|\bsuch as\b|\bincluding\b))"
                      r"|\b(?:such as|e\.g\.?|eg|like|including|for example|ideally|preferably)\b")  # in lower case
OR_ASIDE = re.compile(r"\s*\((?:or|and/or)\b[^)]*\)?\s*$")  # "CIPD Level 5 (or working towards it)"
ALTERNATIVE = re.compile(r"\s+or\s+")  # these two in lower case
LEAD_IN_BEFORE = re.compile(r"(?:^|,|\sand|\sor)\s*\S+$")  # "... and experience" before "with": a lead-in
ACRONYM = re.compile(r"\(([A-Z]{2,6})\)")
MID_SENTENCE = re.compile(r"[a-z0-9,]\s+$")  # a capital after this is a name's, not a sentence's
LOWER_WORD = re.compile(r"\b[a-z]{3,}\b")
CONJUNCTION = re.compile(r"\s(?:and|&)\s|,")
REFERS_BACK = re.compile(r"(?:,\s*)?\b(?:which|that)\s+(?:i|we)(?:'ve|\s+have)?\s+$")  # "..., which I haven't used"
# Where a requirement's head ends and what it is for, or where, begins: "Monitoring and alerting for ML systems".
TOOL_LINKS = frozenset(("in", "with", "using"))
MODIFIER = re.compile(r"\s(?:for|in|on|at|across|within|through|into|of|between|by|from)\s")  # in lower case


@dataclass(frozen=True)
class Coverage:
    requirement: Requirement
    covered: bool
    evidence: tuple[Span, ...]  # offsets into the letter
    quote: Span | None = None  # the evidence to quote: what the letter names, before the duty's verbs


@dataclass(frozen=True)
class AdvertReview:
    advert: Advert
    coverage: tuple[Coverage, ...]
    company_spans: tuple[Span, ...]  # the employer named as the advert spells it
    company_variants: tuple[Span, ...]  # named, but spelt differently
    other_companies: tuple[Span, ...]  # another employer addressed as if it were this one
    title_spans: tuple[Span, ...]

    @property
    def musts(self) -> list[Coverage]:
        return [c for c in self.coverage if c.requirement.must]

    @property
    def covered(self) -> int:
        return sum(c.covered for c in self.musts)

    @property
    def total(self) -> int:
        return len(self.musts)

    def to_dict(self, text: str) -> dict[str, Any]:
        """The JSON contract's ``advert`` object; evidence offsets are into the letter."""
        return {
            "title": self.advert.title,
            "company": self.advert.company,
            "requirements": [{
                "text": c.requirement.text, "must": c.requirement.must, "covered": c.covered,
                "evidence": [{"start": s.start, "end": s.end, "text": text[s.start:s.end]} for s in c.evidence],
            } for c in self.coverage],
        }


class _AdvertKeys:
    """The advert's words read once; a requirement takes the ones inside its span."""

    def __init__(self, advert: Advert, matcher: Matcher):
        # Only the requirements' words: the rest of the advert (the employer, the pay) is never matched.
        self.keys = [k for r in advert.requirements for k in matcher.keys(advert.text, r.start, r.end, content=True)]
        self.keys.sort(key=lambda k: k.start)
        self.starts = [k.start for k in self.keys]
        # Product names that are also words ("Outreach", "Clarity"): capitalised inside a sentence, in a
        # line not written in title case, and not in the vocabulary.
        self.text, self.known = advert.text, matcher.known
        self.low = lower(advert.text)  # for the patterns written in lower case: faster than under re.I

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


def _groups(advert: Advert, requirement: Requirement, read: _AdvertKeys,
            matcher: Matcher) -> tuple[list[Names], Names, Names, Names, str | None]:
    """What a letter must mention to meet a requirement: one set a named thing, any member of a set
    will do. Alternatives ("Python or Scala") and examples ("cloud (AWS, GCP)") form one set. Last,
    the words of its head, before any modifier ("monitoring and alerting", not "for ML systems"), and
    the verbs in it that are the skill itself ("mentor", not "written")."""
    norm = advert.text
    start, end = requirement.start, requirement.end
    low = read.low
    aside = OR_ASIDE.search(low, start, end)
    end = aside.start() if aside else end
    examples = EXAMPLES.search(low, start, end)
    head_end = examples.start() if examples else end
    # Not after a lead-in's word: "experience with an electronic health record" is all head.
    # Nor "in Spark or BigQuery": a tool named (with a capital) after "in", "with" or "using" is asked for.
    modifier = next((m for m in MODIFIER.finditer(low, start, head_end)
                     if (not LEAD_IN_BEFORE.search(norm[start:m.start()])
                         or stem(norm[start:m.start()].rsplit(None, 1)[-1]) not in matcher.generic)
                     and not (m.group().strip() in TOOL_LINKS
                              and any(matcher.known(k.primary) and not norm[k.start:k.end].islower()
                                      for k in read.keys_in(m.end(), head_end)))), None)
    whole = read.keys_in(start, head_end)
    in_head = [k for k in whole if k.end <= modifier.start()] if modifier else whole
    heads = frozenset(k.primary for k in in_head)
    verbs = 0  # the duty's verbs lead; a word spelt like a verb later is a noun ("the quarterly impact report")
    while verbs < len(in_head) and in_head[verbs].primary in matcher.verbs:
        verbs += 1
    nouns = [k.primary for k in in_head[verbs:]]
    # The head noun alone meets a requirement of one thing ("tailored product demos"), not one of two
    # ("statistics and model evaluation").
    noun = nouns[-1] if nouns and not CONJUNCTION.search(norm, start, in_head[-1].start) else None
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
        first = [frozenset((k.primary,)) for k in read.keys_in(*pieces[0])]
        rest = frozenset(keys[-1].primary for a, b in pieces[1:] if (keys := read.keys_in(a, b)))
        if first:
            groups += first[:-1] + [first[-1] | rest]
        elif rest:
            groups.append(rest)
    else:
        groups += [frozenset((k.primary,)) for k in whole]
    # "Conveyancing Quality Scheme (CQS)": the name and its initials are one thing, met by either.
    for m in ACRONYM.finditer(norm, start, head_end):
        merged = frozenset(k.primary for k in (*read.keys_in(start, m.start())[-len(m.group(1)):],
                                                *read.keys_in(m.start(), m.end())))
        groups = [g for g in groups if not g <= merged] + [merged]
    named = frozenset(k.primary for k in read.keys_in(examples.end(), end)) if examples \
        else frozenset()
    return list(dict.fromkeys(groups)), named, heads, skills, noun


def _denied_from(low: str, at: int) -> int:
    """Where a denial starts: at its word, or, for "an IV workflow system, which I haven't used", back
    at what it refers to (after the last comma, "and" or full stop before it)."""
    back = REFERS_BACK.search(low, max(0, at - 16), at)
    if back is None:
        return at
    return max(low.rfind(mark, 0, back.start()) + len(mark) for mark in (",", ";", ".", " and ", "\n"))


def _between(keys: list[Key], starts: list[int], start: int, end: int) -> list[Key]:
    return keys[bisect_left(starts, start):bisect_left(starts, end)]


def _coverage(advert: Advert, letter: Letter, low: str, matcher: Matcher, letter_keys: list[Key],
              letter_starts: list[int], named: tuple[Span, ...]) -> tuple[Coverage, ...]:
    """``low``: the letter in lower case, offset for offset."""
    body = letter.body
    # What the letter says it hasn't done is no evidence of it: "I have not yet used Epic".
    denied = [Span(_denied_from(low, m.start()), end.start() if end else body.end)
              for m in matcher.negation_re.finditer(low) if not m.start() or not low[m.start() - 1].isalnum()
              for end in [NEGATION_END.search(letter.norm, m.end(), body.end)]]
    # The letter's own formula is no evidence either: "I am writing to apply" shows no writing skill.
    formula = [Span(m.start(), m.end()) for m in LETTER_FORMULA.finditer(low, body.start, body.end)]
    taken = {k.start for s in (*named, *denied, *formula)
             for k in _between(letter_keys, letter_starts, s.start, s.end)}
    read = _AdvertKeys(advert, matcher)
    norm = letter.norm
    keys = [k for k in _between(letter_keys, letter_starts, body.start, body.end)  # content keys only
            if k.start not in taken]
    sentences = letter.sentences or [body]
    # A window is a sentence and the one after it: a claim often spans two.
    starts = [k.start for k in keys]
    windows = []
    for i, sentence in enumerate(sentences):
        last = sentences[min(i + 1, len(sentences) - 1)]
        inside = keys[bisect_left(starts, sentence.start):bisect_left(starts, last.end)]
        windows.append((inside, frozenset().union(*(k.keys for k in inside)) if inside else frozenset()))
    where: dict[str, set[int]] = {}  # a word -> the windows holding it, so a requirement visits only those
    for i, (_, present) in enumerate(windows):
        for name in present:
            where.setdefault(name, set()).add(i)
    capitalised: dict[str, set[int]] | None = None  # the same, for words written with a capital: built if needed
    out = []
    verbs = matcher.verbs
    for requirement in advert.requirements:
        head, examples, heads, skills, noun = _groups(advert, requirement, read, matcher)
        groups = head + ([examples] if examples else [])
        if not groups:
            out.append(Coverage(requirement, False, ()))
            continue
        # The duty's verbs ("Design and maintain ...") count when met, but the things named decide:
        # a letter says "built" where an advert says "design", and both mean the pipelines.
        leading = 0
        while leading < len(head) and len(head[leading]) == 1 and next(iter(head[leading])) in verbs:
            leading += 1
        # Half of what a short requirement names; a third of a long duty's ("Install and commission
        # new robot fleets at customer warehouses" is met by installing and commissioning equipment).
        things = len(groups) - leading or len(groups)
        # The head decides: a verb that is the skill itself ("Mentor junior engineers"), else one of
        # the things before any modifier ("Monitoring and alerting", not "for ML systems"), must be
        # met; a modifier or an object alone never does.
        skilled = [j for j in range(leading) if not head[j].isdisjoint(skills)]
        must_meet = skilled or [j for j in range(leading, len(head)) if not head[j].isdisjoint(heads)]
        need = math.ceil(things / 2) if things <= 3 else math.ceil(things / 3)
        # Rank each window by the things it names, then by all it meets; its verbs alone never do.
        proper = read.proper(requirement)  # "Gong and Outreach" is not met by "my own outreach"
        if proper and capitalised is None:
            capitalised = {}
            for i, (inside, _) in enumerate(windows):
                for k in inside:
                    if norm[k.start].isupper():
                        capitalised.setdefault(k.primary, set()).add(i)
        caps = capitalised or {}
        reach = [set().union(*((caps if name in proper else where).get(name, ()) for name in g)) for g in groups]
        ranks: dict[int, list[int]] = {}
        for j, windows_of in enumerate(reach):
            thing = j >= leading or leading == len(groups) or j in skilled
            for i in windows_of:
                rank = ranks.get(i)
                if rank is None:
                    rank = ranks[i] = [0, 0]
                rank[0] += thing
                rank[1] += 1
        # "PhD in NLP" asks for the PhD: its subject alone doesn't meet it.
        degree = head[0] if head and not head[0].isdisjoint(matcher.qualifications) else None
        # The best-ranked window that meets the requirement; examples the advert gives ("statistics,
        # including survival analysis") stand for the whole.
        met = None
        for i in sorted((i for i in ranks if ranks[i][0]), key=lambda i: (-ranks[i][0], -ranks[i][1], i)):
            hit = [j for j, windows_of in enumerate(reach) if i in windows_of]
            best = [groups[j] for j in hit]
            if ((len(best) >= need and (not must_meet or not set(must_meet).isdisjoint(hit)))
                    or (noun is not None and not skills and noun in windows[i][1])
                    or (examples and examples in best)) and (degree is None or degree in best):
                met = i, best
                break
        if met is not None:
            wanted = frozenset().union(*met[1])
            found = [k for k in windows[met[0]][0] if k.keys & wanted]
            spans = sorted({Span(k.start, k.end) for k in found}, key=lambda s: s.start)
            nouns = frozenset().union(*groups[leading:]) if leading < len(groups) else wanted
            quote = max(found, key=lambda k: (bool(k.keys & nouns), k.end - k.start))
            out.append(Coverage(requirement, True, tuple(spans[:4]), Span(quote.start, quote.end)))
        else:
            out.append(Coverage(requirement, False, ()))
    return tuple(out)


LETTER_FORMULA = re.compile(r"(?:\bam|\bi'm|\bi\u2019m) writing\b")
AT_NAME = re.compile(rf"a(?<!\w.)t ({NAME})")  # "an account manager at Tablewise" ("\bat", scanned for faster)


def _title(advert: Advert, letter: Letter, vocabulary: Vocabulary, matcher: Matcher, letter_keys: list[Key],
           letter_starts: list[int]) -> list[list[Key]]:
    """The job named in the letter, as the words naming it, sentence by sentence; seniority and
    contract words are optional ("ML Engineer" is "Senior Machine Learning Engineer")."""
    if not advert.title:
        return []
    optional = {stem(w) for w in vocabulary.title_optional}
    wanted = {k.primary for k in matcher.keys(advert.title)} - optional - matcher.generic
    if not wanted:
        return []
    hits = [k for k in letter_keys if not wanted.isdisjoint(k.keys)]  # the title's words, wherever they are
    if not wanted <= set().union(*(k.keys for k in hits)):
        return []
    starts = [k.start for k in hits]
    named = []
    for sentence in letter.sentences_in(Span(0, len(letter.norm))):
        inside = _between(hits, starts, sentence.start, sentence.end)
        if inside and wanted <= set().union(*(k.keys for k in inside)):
            named.append(inside)
    return named


def review_against(advert: Advert, letter: Letter, vocabulary: Vocabulary | None = None) -> AdvertReview:
    vocabulary = vocabulary or load()
    matcher = vocabulary.matcher
    low = lower(letter.norm)
    exact, variants, others = company_spans(advert, letter, low, vocabulary, matcher)
    keys = matcher.keys(letter.norm, content=True)  # the letter's words that name something, read once
    starts = [k.start for k in keys]
    titled = _title(advert, letter, vocabulary, matcher, keys, starts)
    # Names of employers, this one or others, and the job's title are no evidence of a skill: "Data and
    # Insight Officer" doesn't show insight, nor "Juniper Energy" the energy sector, nor "a payroll
    # administrator at Brampton Care Homes" care with detail.
    employers = tuple(Span(m.start(1), m.end(1)) for m in AT_NAME.finditer(letter.norm)
                      if not any(matcher.known(k.primary) for k in matcher.keys(m.group(1))))
    named = exact + variants + others + employers + tuple(Span(k.start, k.end) for hits in titled for k in hits)
    return AdvertReview(advert, _coverage(advert, letter, low, matcher, keys, starts, named), exact, variants, others,
                        (Span(titled[0][0].start, titled[0][-1].end),) if titled else ())
