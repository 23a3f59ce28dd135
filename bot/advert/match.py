"""A letter read against an advert: which requirements it meets (with its own words as evidence),
whether it names the employer and the job, and any other employer's name left in it."""
from __future__ import annotations

import math
import re
from bisect import bisect_left
from dataclasses import dataclass
from typing import Any

from ..review.text import Letter, Span
from .asks import AdvertKeys, asked, spelt_out
from .employer import NAME
from .lexicon import with_derived
from .naming import company_spans
from .reader import Advert, Requirement
from .titled import APPLYING, between, echo, echo_before, end_of_sentence, named_title, title_tail
from .vocabulary import Vocabulary, load
from .words import STOPWORDS, Key, Matcher, lower

NEGATION_END = re.compile(r"[,;:.!?]|\s(?:but|though|although|while|and I)\s")  # where a denial stops
# Four names or more, each capitalised, joined only by commas, "and", "or" or "/": a list of skills. A name
# may be possessive ("Raiser's Edge"); "I" is no name ("Edge, Excel and Canva, and I hold" was a list, trial 12).
# "(?!I\b)[A-Z]" is written "[A-Z](?!(?<=I)\b)", the test after the capital: sre then scans for capitals, where a
# pattern opening with a look-ahead is tried at every character (tests/test_advert_rewrites.py).
_NAME = r"[A-Z](?!(?<=I)\b)(?:[\w.+#'\u2019-]*[\w+#])?(?: [A-Z](?:[\w.+#-]*[\w+#])?)?"
# A tool in lower case ("dbt", "pandas") is one of the list too, where a mark or "and" follows it (trial 17 F50).
_MEMBER = rf"(?:{_NAME}|[a-z][\w.+#-]*[\w+#](?=,|\s+(?:and|or)\s|\.|;|$))"
LISTED = re.compile(rf"{_NAME}(?:(?:,\s+(?:and\s+|or\s+)?|\s+(?:and|or|&)\s+|\s*/\s*){_MEMBER}){{3,}}")
REFERS_BACK = re.compile(r"(?:,\s*)?\b(?:which|that)\s+(?:i|we)(?:'ve|\s+have)?\s+$")  # "..., which I haven't used"


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
    listed: tuple[Span, ...] = ()  # lists of names in the letter ("Java, Git, SQL and Linux"), no evidence

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


def _denied_from(low: str, at: int) -> int:
    """Where a denial starts: at its word, or, for "an IV workflow system, which I haven't used", back
    at what it refers to (after the last comma, "and" or full stop before it)."""
    back = REFERS_BACK.search(low, max(0, at - 16), at)
    if back is None:
        return at
    return max(low.rfind(mark, 0, back.start()) + len(mark) for mark in (",", ";", ".", " and ", "\n"))


def _owned(low: str, at: int) -> Span:
    """The thing named from ``at`` (after "your" or "Fenwick Energy's"): its words up to the first small
    word or mark, three at most ("forecasting team" of "your forecasting team at the conference")."""
    end = at
    for _ in range(3):
        m = WORD_AFTER.match(low, end)
        if m is None or m.group(1) in STOPWORDS:
            break
        end = m.end()
    return Span(at, end)


def listed_in(letter: Letter) -> list[Span]:
    body = letter.body
    return [Span(m.start(), m.end()) for m in LISTED.finditer(letter.norm, body.start, body.end)]


def _coverage(advert: Advert, letter: Letter, low: str, matcher: Matcher, letter_keys: list[Key],
              letter_starts: list[int], named: tuple[Span, ...],
              listed: list[Span] | None = None) -> tuple[Coverage, ...]:
    """``low``: the letter in lower case, offset for offset; ``listed``: listed_in(letter), when the caller has it."""
    body = letter.body
    # What the letter says it hasn't done is no evidence of it: "I have not yet used Epic".
    denied = [Span(_denied_from(low, m.start()), end.start() if end else body.end)
              for m in matcher.negation_re.finditer(low) if not m.start() or not low[m.start() - 1].isalnum()
              for end in [NEGATION_END.search(letter.norm, m.end(), body.end)]]
    # The letter's own formula is no evidence either: "I am writing to apply" shows no writing skill.
    formula = [Span(m.start(), m.end()) for m in LETTER_FORMULA.finditer(low, body.start, body.end)]
    # Nor is what the employer does: "your app helps patients book" is the employer's work, not the writer's.
    # So is what it did ("I was struck that you chose to keep a gradient-boosted model"), and what is its
    # own: "your forecasting team", "Fenwick Energy's forecasting team" (trial 10).
    theirs = [Span(m.start(), end.start() if end else body.end)
              for m in (*YOUR.finditer(low, body.start, body.end), *YOU_DID.finditer(low, body.start, body.end))
              for end in [NEGATION_END.search(letter.norm, m.end(), body.end)]]
    # A sentence whose subject is theirs ("Your team's talk at PyData, on moving the demand forecasts to a
    # stream, described the problem I solved") is about them until the writer speaks again.
    theirs += [Span(m.start(), back.start() if (back := WRITER.search(low, m.end(), body.end)) else body.end)
               if m.start() == body.start or low[m.start() - 2:m.start()] in SENTENCE_GAPS else _owned(low, m.end())
               for m in YOUR_THING.finditer(low, body.start, body.end)]
    theirs += [_owned(low, s.end + 3) for s in named if POSSESSIVE.match(low, s.end)]
    # Nor a name in a list of them ("I have knowledge of Java, Git, SQL, HTML and Linux"): a list shows no use.
    listed = listed_in(letter) if listed is None else listed
    taken = {k.start for s in (*named, *denied, *formula, *theirs, *listed)
             for k in between(letter_keys, letter_starts, s.start, s.end)}
    read = AdvertKeys(advert, matcher)
    norm = letter.norm
    keys = [k for k in between(letter_keys, letter_starts, body.start, body.end)  # content keys only
            if k.start not in taken]
    # A word stands for the forms WordNet derives from it that a requirement names ("produced", "production").
    keys = with_derived(keys, read.keys, advert.text, norm)
    sentences = letter.sentences or [body]
    # A window is a sentence and the one after it in its paragraph: a claim often spans two.
    starts = [k.start for k in keys]
    windows = []
    breaks = [p.end for p in letter.paragraphs or ()]
    for i, sentence in enumerate(sentences):
        last = sentences[min(i + 1, len(sentences) - 1)]
        if bisect_left(breaks, sentence.end) < bisect_left(breaks, last.start):
            last = sentence  # the next sentence opens another paragraph
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
        # What a letter must mention is always some of the requirement's own words: one none of whose words
        # the letter's windows hold is met by none, and what it asks is not worked out (16% of the labelled
        # pairs' requirements, 19 of the bench advert's 45).
        if all(k.primary not in where for k in read.keys_in(requirement.start, requirement.end)):
            out.append(Coverage(requirement, False, ()))
            continue
        head, items, heads, ends, skills, noun, plural = asked(advert, requirement, read, matcher)
        examples = frozenset(name for item in items for name in item)
        # One word alone meets a requirement only if it is what the requirement names (its head, its
        # skill, or a term of the vocabulary): "week" of "weekly planning meetings" never does.
        # Nor a broad noun, that names any kind of thing until its modifiers say which ("a style guide").
        # Nor a place, which says where, not what: "UK payroll" is not met by "the UK's fastest-growing firms".
        named_ends = ends - matcher.broad_nouns - matcher.places
        alone = [not g.isdisjoint(named_ends) or not g.isdisjoint(skills) or any(map(matcher.known, g)) for g in head]
        groups = head + ([examples] if examples else [])
        if not groups:
            out.append(Coverage(requirement, False, ()))
            continue
        # The duty's verbs ("Design and maintain ...") count when met, but the things named decide:
        # a letter says "built" where an advert says "design", and both mean the pipelines.
        leading = 0
        # Only before any modifier: "Ask for help" asks for asking; its "help" is the thing asked for.
        while leading < len(head) and len(head[leading]) == 1 and not head[leading] - verbs \
                and not head[leading] & plural and not head[leading].isdisjoint(heads):
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
        if examples:
            reach[-1] = _examples_met(items, caps, where, proper)
        ranks: dict[int, tuple[list[int], list[int]]] = {}  # window -> ([things, hits], the groups it meets)
        for j, windows_of in enumerate(reach):
            thing = j >= leading or leading == len(groups) or j in skilled
            for i in windows_of:
                rank = ranks.get(i)
                if rank is None:
                    rank = ranks[i] = ([0, 0], [])
                rank[0][0] += thing
                rank[0][1] += 1
                rank[1].append(j)
        # "PhD in NLP" asks for the PhD: its subject alone doesn't meet it.
        degree = head[0] if head and not head[0].isdisjoint(matcher.qualifications) else None
        by_noun = noun is not None and not skills
        shown = {j for j, g in enumerate(groups) if g == examples} if examples else set()
        # The best-ranked window that meets the requirement; examples the advert gives ("statistics,
        # including survival analysis") stand for the whole. A window meeting fewer groups than it needs,
        # without the head noun or an example, can't: most windows, left out before they are sorted.
        met = None
        for i in sorted((i for i, ((things_of, count), hit) in ranks.items() if things_of and (
                count >= need or (by_noun and noun in windows[i][1]) or not shown.isdisjoint(hit))),
                key=lambda i: (-ranks[i][0][0], -ranks[i][0][1], i)):
            hit = ranks[i][1]
            best = [groups[j] for j in hit]
            # Most of what it names, three things or more, meets it whatever its head ("coordinating our
            # presence at health fairs and community events" by "our stand at ... events, a health fair").
            named_hit = sum(j >= leading for j in hit)
            most = named_hit >= 3 and 2 * named_hit >= len(groups) - leading
            if ((len(best) >= need and (most or not must_meet or not set(must_meet).isdisjoint(hit))
                 and (len(hit) > 1 or hit[0] >= len(head) or alone[hit[0]]))
                    or (by_noun and noun in windows[i][1] and _itself(windows[i][0], noun, norm))
                    or (examples and examples in best)) and (degree is None or degree in best):
                met = i, best
                break
        if met is not None:
            wanted = frozenset().union(*met[1])
            found = [k for k in windows[met[0]][0] if k.keys & wanted]
            spans = sorted({Span(k.start, k.end) for k in found}, key=lambda s: s.start)
            nouns = frozenset().union(*groups[leading:]) if leading < len(groups) else wanted
            quote = max(found, key=lambda k: (bool(k.keys & nouns), k.end - k.start))
            out.append(Coverage(requirement, True, tuple(spans[:4]), _quoted_with(quote, windows[met[0]][0], norm,
                                                                                   read, requirement)))
        else:
            out.append(Coverage(requirement, False, ()))
    return tuple(out)


def _examples_met(items: tuple[tuple[str, ...], ...], caps: dict[str, set[int]], where: dict[str, set[int]],
                  proper: frozenset[str]) -> set[int]:
    """The windows meeting one of a requirement's examples: an example of one word by it, one of several by its
    last (its head) or by two of its words ("practice management software" is not met by "dental practice")."""
    met: set[int] = set()
    for item in items:
        places = [(caps if name in proper else where).get(name, set()) for name in item]
        met |= places[-1]
        if len(places) > 1:
            seen: set[int] = set()
            for windows in places[:-1]:
                met |= seen & windows
                seen |= windows
    return met


def _quoted_with(quote: Key, inside: list[Key], norm: str, read: AdvertKeys, requirement: Requirement) -> Span:
    """The quote's main word, with the word before it when that is the requirement's too: "claims data", not
    "data", for "Experience of healthcare or claims data" (trial 12 F24)."""
    at = next((i for i, k in enumerate(inside) if k.start == quote.start), 0)
    before = inside[at - 1] if at else None
    if before is not None and not norm[before.end:quote.start].strip(" -") and any(
            k.primary == before.primary for k in read.keys_in(requirement.start, requirement.end)):
        return Span(before.start, quote.end)
    return Span(quote.start, quote.end)


def _itself(inside: list[Key], noun: str, norm: str) -> bool:
    """Whether the head noun is named as a thing of its own, not as a part of a compound that names another
    ("plate-handling" names a way of working with plates, not "data handling")."""
    return any(noun in k.keys and (k.primary == noun or "-" not in norm[k.start:k.end]) for k in inside)


# "your app helps patients", "your team is": the employer's thing and what it does, no evidence of the
# writer's work (in lower case).
# A plural thing does too: "your stores make room for local makers" (trial 14 F16).
YOUR = re.compile(r"y(?<!\wy)our\s+(?:[\w'-]+\s+){1,3}?(?:helps?|lets?|allows?|makes?|gives?|does|do|is|are|has|have|"
                  r"runs?|builds?|serves?|supports?|offers?|provides?)\b")
YOUR_THING = re.compile(r"y(?<!\wy)our\s+")
WRITER = re.compile(r"\b(?:i|i'm|i've|i\u2019m|my|me|we|our)\b|[.!?](?:\s|$)")  # the writer again, or the end
SENTENCE_GAPS = (". ", "! ", "? ", "\n\n", ".\n", " \n")
POSSESSIVE = re.compile(r"['\u2019]s\s")
# The employer as a sentence's subject, in lower case: "Caldwell Pumps is expanding", "... needs engineers".
EMPLOYER_DOES = re.compile(r"\s+(?:is|are|has|have|needs|need|wants|plans|will|was|makes|builds|runs|serves|helps|"
                           r"offers|provides|supports)\b")
# "you" doing something, not thanked or written to: "you chose to keep", not "thank you for", "you to know".
# (Each test made after the "y": a pattern opening with a look-behind is tried at every character.)
YOU_DID = re.compile(r"y(?<!\wy)(?<!thank y)ou\s+(?!(?:for|to|in|and|or|at|with|as|on|about|how|what|why|more|my|the|a|"
                     r"an|all|both|very|so|again|that|if|can|may|might|would|could|will|should)\b)[a-z]")
WORD_AFTER = re.compile(r"\s*([\w'\u2019-]+)")
LETTER_FORMULA = re.compile(r"(?:a(?<!\wa)m|i(?<!\wi)'m|i(?<!\wi)\u2019m) writing\b")  # "\b" after the first letter
AT_NAME = re.compile(rf"a(?<!\w.)t ({NAME})")  # "an account manager at Tablewise" ("\bat", scanned for faster)


def review_against(advert: Advert, letter: Letter, vocabulary: Vocabulary | None = None) -> AdvertReview:
    vocabulary = vocabulary or load()
    matcher = vocabulary.matcher
    low = lower(letter.norm, letter.lowered)
    exact, variants, others = company_spans(advert, letter, low, vocabulary, matcher)
    keys = matcher.keys(letter.norm, content=True)  # the letter's words that name something, read once
    if told := vocabulary.stories_of.told(keys, letter.norm):  # "I trained our new associates": coaching told
        keys = sorted((*keys, *told), key=lambda k: k.start)
    if "(" in advert.text and (spelt := [Key(initials, frozenset((initials,)), m.start(), m.end())
                                         for initials, words in spelt_out(advert.text).items()
                                         for m in words.finditer(letter.norm)]):
        keys = sorted((*keys, *spelt), key=lambda k: k.start)  # "Sales Development Representative" is the advert's SDR
    starts = [k.start for k in keys]
    titled = named_title(advert, letter, vocabulary, matcher, keys, starts)
    # Names of employers, this one or others, and the job's title are no evidence of a skill: "Data and
    # Insight Officer" doesn't show insight, nor "Juniper Energy" the energy sector, nor "a payroll
    # administrator at Brampton Care Homes" care with detail.
    employers = tuple(Span(m.start(1), m.end(1)) for m in AT_NAME.finditer(letter.norm)
                      if not any(matcher.known(k.primary) for k in matcher.keys(m.group(1))))
    # The job's title is no evidence where the letter applies for it ("the Data Scientist role"); where
    # it says what the writer has been ("three years as a data scientist") it is.
    # (The sentence starts after a full stop or a line break: "... apply for the role.\n\nI've been the visual
    # merchandiser at ..." had been read from the paragraph before, and so as applying: tune-next 140.)
    applying = [hits for hits in titled if APPLYING.search(
        low, max(low.rfind(". ", 0, hits[0].start), low.rfind("\n", 0, hits[0].start), 0),
        end_of_sentence(low, hits[-1].end))]
    # A sentence that speaks to another employer as this one ("I would be excited to join Monzo and help its
    # customers manage money better") is left in from another application: none of it is evidence (trial 11).
    elsewhere = tuple(s for s in letter.sentences if any(s.start <= o.start < s.end for o in others))
    # The title as the advert's line goes on ("Data Analyst - Customer Insight"), echoed where the letter
    # applies for it, is no evidence either: "Customer" there doesn't meet "Analyse customer behaviour" (trial 11).
    tail = title_tail(advert, matcher)
    echoed = [k for hits in applying for k in (*echo(hits[-1].end, tail, keys, starts, letter.norm),
                                               *echo_before(hits[0].start, tail, keys, starts, letter.norm))] \
        if tail else []
    # What the employer is doing or needs, said with its name as the subject, is theirs until the writer speaks
    # again: "I understand Caldwell Pumps is expanding its range and needs engineers who can design for long
    # service intervals" shows no design for long service (trial 12 F37).
    doing = tuple(Span(s.end, back.start() if (back := WRITER.search(low, s.end)) else len(low))
                  for s in exact + variants if EMPLOYER_DOES.match(low, s.end))
    named = exact + variants + others + employers + elsewhere + doing + tuple(
        Span(k.start, k.end) for hits in applying for k in hits) + tuple(Span(k.start, k.end) for k in echoed)
    listed = listed_in(letter)
    return AdvertReview(advert, _coverage(advert, letter, low, matcher, keys, starts, named, listed), exact, variants,
                        others, (Span(titled[0][0].start, titled[0][-1].end),) if titled else (), tuple(listed))
