"""A letter read against an advert: which requirements it meets (with its own words as evidence),
whether it names the employer and the job, and any other employer's name left in it."""
from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz

from ..review.text import Letter, Span
from .employer import NAME, NOT_A_NAME, clean_name
from .reader import Advert, Requirement
from .vocabulary import Vocabulary, load
from .words import Key, Matcher, stem

NEGATION_END = re.compile(r"[,;:.!?]|\s(?:but|though|although|while|and I)\s")  # where a denial stops
EXAMPLES = re.compile(r"\(|\b(?:such as|e\.g\.?|eg|like|including|for example|ideally|preferably)\b", re.I)
ALTERNATIVE = re.compile(r"\s+or\s+", re.I)
# Where a requirement's head ends and what it is for, or where, begins: "Monitoring and alerting for ML systems".
MODIFIER = re.compile(r"\s(?:for|in|on|at|across|within|through|into|of)\s", re.I)


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
        self.keys = [k for r in advert.requirements for k in matcher.content(matcher.keys(advert.text, r.start, r.end))]
        self.keys.sort(key=lambda k: k.start)
        self.starts = [k.start for k in self.keys]

    def keys_in(self, start: int, end: int) -> list[Key]:
        return [k for k in self.keys[bisect_left(self.starts, start):bisect_left(self.starts, end)] if k.end <= end]


def _groups(advert: Advert, requirement: Requirement, read: _AdvertKeys,
            skill_verbs: frozenset[str]) -> tuple[list[frozenset[str]], frozenset[str], frozenset[str], frozenset[str]]:
    """What a letter must mention to meet a requirement: one set a named thing, any member of a set
    will do. Alternatives ("Python or Scala") and examples ("cloud (AWS, GCP)") form one set. Last,
    the words of its head, before any modifier ("monitoring and alerting", not "for ML systems"), and
    the verbs in it that are the skill itself ("mentor", not "written")."""
    norm = advert.text
    start, end = requirement.start, requirement.end
    examples = EXAMPLES.search(norm, start, end)
    head_end = examples.start() if examples else end
    modifier = MODIFIER.search(norm, start, head_end)
    heads = frozenset(k.primary for k in read.keys_in(start, modifier.start() if modifier else head_end))
    skills = frozenset(k.primary for k in read.keys_in(start, head_end) if stem(norm[k.start:k.end]) in skill_verbs)
    groups: list[frozenset[str]] = []
    pieces, prev = [], start
    for m in ALTERNATIVE.finditer(norm, start, head_end):
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
        groups += [frozenset((k.primary,)) for k in read.keys_in(start, head_end)]
    named = frozenset(k.primary for k in read.keys_in(examples.end(), end)) if examples \
        else frozenset()
    return list(dict.fromkeys(groups)), named, heads, skills


def _between(keys: list[Key], starts: list[int], start: int, end: int) -> list[Key]:
    return keys[bisect_left(starts, start):bisect_left(starts, end)]


def _coverage(advert: Advert, letter: Letter, low: str, matcher: Matcher, letter_keys: list[Key],
              letter_starts: list[int], named: tuple[Span, ...]) -> tuple[Coverage, ...]:
    """``low``: the letter in lower case, offset for offset."""
    body = letter.body
    # What the letter says it hasn't done is no evidence of it: "I have not yet used Epic".
    denied = [Span(m.start(), end.start() if end else body.end) for m in matcher.negation_re.finditer(low)
              if not m.start() or not low[m.start() - 1].isalnum()
              for end in [NEGATION_END.search(letter.norm, m.end(), body.end)]]
    # The letter's own formula is no evidence either: "I am writing to apply" shows no writing skill.
    formula = [Span(m.start(), m.end()) for m in LETTER_FORMULA.finditer(low, body.start, body.end)]
    taken = {k.start for s in (*named, *denied, *formula)
             for k in _between(letter_keys, letter_starts, s.start, s.end)}
    keys = [k for k in matcher.content(_between(letter_keys, letter_starts, body.start, body.end))
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
    out = []
    read = _AdvertKeys(advert, matcher)
    verbs = matcher.verbs
    for requirement in advert.requirements:
        head, examples, heads, skills = _groups(advert, requirement, read, matcher.skill_verbs)
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
        reach = [set().union(*(where.get(name, ()) for name in g)) for g in groups]
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


def _core_name(company: str, vocabulary: Vocabulary) -> str:
    suffix = "|".join(re.escape(s) for s in vocabulary.company_suffixes)
    return re.sub(rf"[\s,]+(?:{suffix})\.?$", "", company, flags=re.I).strip() or company


Spans = tuple[Span, ...]
SENTENCE_END = re.compile(r"[.!?]\s")
LETTER_FORMULA = re.compile(r"(?:\bam|\bi'm|\bi\u2019m) writing\b")
NAME_RE = re.compile(NAME)
AT_NAME = re.compile(rf"a(?<!\w.)t ({NAME})")  # "an account manager at Tablewise" ("\bat", scanned for faster)
AMPERSAND = re.compile(r"\s*&\s*")


def _plain(name: str, lower: bool = True) -> str:
    """A name as compared: "&" read as "and", spaces squeezed."""
    name = " ".join(AMPERSAND.sub(" and ", name).split())
    return name.lower() if lower else name


def _company(advert: Advert, letter: Letter, low: str, vocabulary: Vocabulary,
             matcher: Matcher) -> tuple[Spans, Spans, Spans]:
    if not advert.company:
        return (), (), ()
    name = _core_name(advert.company, vocabulary)
    flexible = r"[\s\-]*".join("(?:&|and)" if part.lower() in ("&", "and") else re.escape(part)
                                for part in re.split(r"[\s\-]+", name))
    exact: list[Span] = []
    variants: list[Span] = []
    for m in re.finditer(rf"(?<![\w])({flexible})(?![\w])", letter.norm, re.I):
        as_written = " ".join(letter.norm[m.start():m.end()].split())
        if _plain(as_written, lower=False) == _plain(name, lower=False):  # "Marlow and Finch" is "Marlow & Finch"
            exact.append(Span(m.start(), m.end()))
        else:
            variants.append(Span(m.start(), m.end()))
    # Near misses ("Northwind Bnak") are the same employer misspelt, not another one.
    words = len(name.split())
    found_as_written = exact + variants
    for m in NAME_RE.finditer(letter.norm):
        candidate = " ".join(letter.norm[m.start():m.end()].split()[:words]).rstrip(".,;:!?'\u2019")
        # fuzz.ratio is at most 2 * shorter / (both lengths) * 100: most names are too long or short to reach 85.
        if 200 * min(len(candidate), len(name)) < 85 * (len(candidate) + len(name)):
            continue
        if any(s.start <= m.start() < s.end for s in found_as_written):
            continue
        if candidate != name and candidate.lower() != name.lower() and fuzz.ratio(candidate, name) >= 85:
            variants.append(Span(m.start(), m.start() + len(candidate)))
    advert_stems: set[str] | None = None  # built only if the letter addresses an employer at all
    others: list[Span] = []
    for start, written in _addressed(letter.norm, low, vocabulary):
        # A name ends where its sentence does: "... at Marlow and Finch. I finished ..."
        found = clean_name(SENTENCE_END.split(written)[0])
        first = found.split()[0].lower()
        plain, ours = _plain(found), _plain(name)
        if first in NOT_A_NAME or fuzz.ratio(plain, ours) >= 80 or ours in plain or plain in ours:
            continue
        if advert_stems is None:
            advert_stems = {stem(w) for w in re.findall(r"\w+", advert.text)}
        if all(stem(w) in advert_stems for w in re.findall(r"\w+", found)):
            continue  # the advert names it too: a product, a team, a place
        if any(matcher.known(k.primary) for k in matcher.keys(found)):
            continue  # a skill or a tool ("Kubernetes", "AWS"), not an employer
        others.append(Span(start, start + len(found)))
    return _ordered(exact), _ordered(s for s in variants if s not in exact), _ordered(others)


def _lower(norm: str) -> str:
    """The text in lower case with every offset kept (a letter whose lower case is two, "\u0130", stays)."""
    low = norm.lower()
    return low if len(low) == len(norm) else "".join(c if len(c.lower()) > 1 else c.lower() for c in norm)


def _addressed(norm: str, low: str, vocabulary: Vocabulary) -> list[tuple[int, str]]:
    """Each capitalised name the letter addresses as an employer ("join Monzo", "Monzo's mission"),
    with where it starts: a cue before it, found in the lower-cased letter, or one after it."""
    found = []
    taken = 0
    for cue in vocabulary.employer_before_re.finditer(low):
        a = cue.start()
        if a < taken or (a and (low[a - 1].isalnum() or low[a - 1] == "_")):
            continue  # inside the last name found, or inside a word ("rejoin")
        name = NAME_RE.match(norm, cue.end())
        if name:
            found.append((name.start(), name.group()))
            taken = name.end()
    for m in vocabulary.employer_after_re.finditer(norm):
        found.append((m.start("name"), m.group("name")))
    return found


def _ordered(spans: Iterable[Span]) -> Spans:
    """Each span once, in the order they appear."""
    return tuple(sorted(set(spans), key=lambda s: s.start))


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
    low = _lower(letter.norm)
    exact, variants, others = _company(advert, letter, low, vocabulary, matcher)
    keys = matcher.keys(letter.norm)  # the letter's words, read once for the checks below
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
