"""The employer as a letter names it: spelt as the advert spells it, misspelt, or another employer
addressed as if it were this one (left in from a previous application)."""
from __future__ import annotations

import re
from collections.abc import Iterable

from rapidfuzz import fuzz

from ..review.spelling import known
from ..review.text import Letter, Span
from .employer import NAME, NOT_A_NAME, clean_name
from .reader import Advert
from .vocabulary import Vocabulary
from .words import Matcher, stem

Spans = tuple[Span, ...]
SENTENCE_END = re.compile(r"[.!?]\s")
NAME_RE = re.compile(NAME)
AMPERSAND = re.compile(r"\s*&\s*")
# The writer's own employer: "I have worked in the lettings team at Riverside Homes", and the same said after
# another of the writer's verbs, "I qualified in 2021 and have spent three years in a team at Redcar and
# Cleveland Council" (trial 14 F30). In lower case. Not what the writer has been to another employer: "I've been a
# customer of Summit Supply Co." addresses it (tune 108).
WRITER_OWN = re.compile(r"\b(?:i|and)(?:'ve| have| had)?\s+(?:\w+\s+){0,2}?(?:worked|spent|joined|started"
                        r"|been(?!\s+an?\s+(?:\w+\s+)?(?:customer|user|member|subscriber|client|fan)\b))\b"
                        r"|\bi\s+(?:currently\s+)?work\b")


def _core_name(company: str, vocabulary: Vocabulary) -> str:
    suffix = "|".join(re.escape(s) for s in vocabulary.company_suffixes)
    # "The Harbour Light Trust" is "the Harbour Light Trust" in a sentence: the article is no part of it; nor is
    # an ending the employer gives itself after a comma ("Clearminute, Inc.", "Harlow & Pruitt, CPAs").
    return re.sub(rf",\s*(?i:{suffix})\.?$|[\s,]+(?:{suffix})\.?$|^[Tt]he\s+(?=[A-Z])", "", company).strip() \
        or company


def _short_forms(name: str, advert: str) -> list[str]:
    """The name's first words where the advert uses them alone ("Fernbrook is committed ..." for
    Fernbrook Digital): a letter may too. Longest first."""
    words = name.split()
    # The name's words first, then what stood before them (looked behind): sre finds a pattern that opens with
    # words by scanning for them; one that opens with a look-behind is tried at every character of the advert.
    return [short for n in range(len(words) - 1, 0, -1)
            if len(short := " ".join(words[:n])) > 3
            and re.search(rf"{re.escape(short)}(?<!\w.{{{len(short)}}})(?![\w]|\s+{re.escape(words[n])})", advert)]


def _natural_short_forms(name: str) -> list[str]:
    """The name's first words, when the first is no English word ("Northfield Housing" and "Northfield"
    for Northfield Housing Association, as members call it): it can stand for nothing else. Not where
    a letter's name goes on with another capital ("Northfield Council" is someone else). Longest first."""
    words = name.split()
    if len(words) < 2 or len(words[0]) < 4 or not words[0][0].isupper() or known(words[0].lower()):
        return []
    return [" ".join(words[:n]) for n in range(len(words) - 1, 0, -1)]


def _capitalised_short_forms(name: str) -> list[str]:
    """The name's first two words or more, where the first is an English word, written in capitals as a name is:
    "Northern Lines" for Northern Lines Rail Infrastructure (trial 17 F16: "Your letter never names the employer"
    to a letter saying "Northern Lines is the railway I grew up next to"). Matched as written, so "northern
    lines" is no name; nor one ending on a small word ("University of"). Longest first."""
    words = name.split()
    if len(words) < 3 or not known(words[0].lower()) or not all(w[0].isupper() for w in words[:2]):
        return []
    return [" ".join(words[:n]) for n in range(len(words) - 1, 1, -1)
            if words[n - 1][0].isupper() and words[n - 1].lower() not in SMALL_WORDS]


SMALL_WORDS = frozenset(("and", "of", "for", "the", "&", "in", "on", "to"))
# Opening on the literal "ppl" (its "a" tested behind it) lets sre skip to it, where "[Aa]" tried every "a".
APPLYING_AT = re.compile(rf"ppl(?<=[Aa]ppl)(?<!\w[Aa]ppl)(?:y|ying|ication)\b[^.!?\n]{{0,80}}?\s(?:at|with)\s+({NAME})")
# Another employer addressed where public-sector letters do (trial 18 F8): "proud to serve Lambeth Council's tenants",
# "how I could help Riverside Group's residents" (the writer's wish: "I serve Peabody's tenants" is their own work),
# and "Lambeth Council's damp and mould action plan is the reason I am applying" (looked for only in a letter that
# says "reason" or "why i": a pattern opening on a name is tried at every capital).
# The verb first, its wish tested behind it (WISHED): sre skips to an "s" or an "h", where a pattern opening on
# "to" stopped at every "t".
SERVE_NAMED = re.compile(rf"(?:serve|help|support)\s+({NAME})['\u2019]s\b")
WISHED = re.compile(r"\b(?:to|could|would|can|will|might)\s+(?:\w+\s+)?$")
REASON_NAMED = re.compile(rf"({NAME})['\u2019]s\s[^.!?\n]{{0,80}}?\s(?:is|was)\s+"
                          rf"(?:the\s+(?:\w+\s+)?reason|why\s+I)\b")
# What the writer would do, not what they did: "At Northwind, I would help the pricing team" addresses Northwind.
WISHES = "would|could|will|can|should|might|shall|hope|want|wish|aim|plan|intend|look|am|see"
# Where the letter places the writer: "At Peabody I manage 340 homes", "Peabody, where I worked", "I have worked for
# Peabody since 2019", "my four years at Peabody". A name said so is the writer's own employer wherever it recurs.
# Not a greeting's or an application's "at" ("Dear Hiring Manager at Acme, I'm ...", "the role at Acme. I ...").
WRITER_AT = re.compile(
    rf"\b(?<![Tt]eam )(?<![Mm]anager )(?<!role )(?<!post )(?<!position )(?:[Aa]t|[Ww]ith)\s+({NAME})"
    rf"(?:(?<!\.),?\s+|,\s+)(?:I|we|my)\b(?!['\u2019]d|\s+(?:{WISHES})\b)"
    rf"|({NAME}),\s+where\s+I\b"
    rf"|\bI(?:\s+have|\s+had|'ve|\s+currently|\s+still|\s+also)*\s+(?:worked|work|been|spent[^.!?\n]{{0,40}}?)"
    rf"\s+(?:at|for|with|in)\s+({NAME})"
    rf"|\b[Mm]y\s+(?:\w+\s+){{0,2}}?(?:time|years?|months?|role|job|post)\s+(?:at|with)\s+({NAME})")
TRAILING_I = re.compile(r"\s+I$")  # "my four years at Peabody I learnt": a name's capitals run on into the "I"
PUBLIC_PREFIX = re.compile(r"NHS\s+(?=\S+\s+\S)")  # "NHS Northgate ICB" is "Northgate ICB" too (trial 13 F31)
# "St Aldhelm's Hospital NHS Foundation Trust" is "St Aldhelm's Hospital" in a sentence (trial 16 F29).
NHS_TRUST = re.compile(r"\s+NHS(?:\s+Foundation)?\s+Trust$")


def _initials(words: list[str]) -> set[str]:
    """"DWP" for the Department for Work and Pensions, "DFE" for the Department for Education (written "DfE"):
    how public bodies and many firms are written, with or without the small words' letters, in capitals.
    Three letters at least: two ("NB", "HR") stand for too much else."""
    if not all(w[0].isupper() or w.lower() in SMALL_WORDS for w in words) or not words[0][0].isupper():
        return set()
    every = "".join(w[0] for w in words).upper()
    named = "".join(w[0] for w in words if w.lower() not in SMALL_WORDS).upper()
    return {i for i in (every, named) if len(i) >= 3}


def _compressed(name: str) -> set[str]:
    """The name (in capitals) with one run of its words written as their initials: "NORTHGATE ICB" for
    Northgate Integrated Care Board, to meet an advert that writes it so."""
    words = name.split()
    return {" ".join([*words[:a], initials, *words[b:]]).upper()
            for a in range(len(words)) for b in range(a + 2, len(words) + 1)
            for initials in _initials(words[a:b])}


class _Aliases:
    """The advert's employer in initials ("DWP" for the Department for Work and Pensions), and its forms that
    write some of its words as initials ("Northgate ICB"), for a name the letter writes the other way."""

    def __init__(self, forms: list[str]):
        self.initials = {i for form in forms for i in _initials(_plain(form, lower=False).split())}
        # Only a form holding initials can be met by a name written out: most employers' names hold none.
        self.abbreviated = {_plain(f, lower=False).upper() for f in forms
                            if any(sum(c.isupper() for c in w) > 1 for w in f.split())}

    def same(self, found: str) -> bool:
        found = _plain(found, lower=False)
        return found.upper() in self.initials and sum(c.isupper() for c in found) > 1 or bool(
            self.abbreviated) and not self.abbreviated.isdisjoint(_compressed(found))


SQUEEZE = re.compile(r"[\W_]+")


def _split_form(norm: str, m: re.Match[str], squeezed: set[str], most: int) -> Span | None:
    """The longest run of the match's first words (two at least) that is one of the name's forms with its spaces
    moved: "Bright Smile Dental" for "Brightsmile Dental", "Bright Smile's" for "Brightsmile"."""
    words = m.group().split()
    for k in range(min(len(words), most), 1, -1):
        written = clean_name(" ".join(words[:k]))
        if SQUEEZE.sub("", written.lower()) in squeezed:
            return Span(m.start(), m.start() + len(written))
    return None


def _plain(name: str, lower: bool = True) -> str:
    """A name as compared: "&" read as "and", spaces squeezed."""
    name = " ".join(AMPERSAND.sub(" and ", name).split())
    return name.lower() if lower else name


def _spelt(form: str) -> str:
    """A pattern for the name as letters write it: "&" or "and", a space or a hyphen ("Harcourt & Lowe" for
    Harcourt and Lowe Estate Agents, trial 16 F34)."""
    return r"[\s\-]*".join("(?:&|and)" if part.lower() in ("&", "and") else re.escape(part)
                            for part in re.split(r"[\s\-]+", form))


def company_spans(advert: Advert, letter: Letter, low: str, vocabulary: Vocabulary,
             matcher: Matcher) -> tuple[Spans, Spans, Spans]:
    if not advert.company:
        return (), (), ()
    name = _core_name(advert.company, vocabulary)
    forms = [name, *_short_forms(name, advert.text)]
    if (public := PUBLIC_PREFIX.match(name)) is not None:
        forms.append(name[public.end():])
    natural = [form for whole in forms[:1] + forms[-1:] * bool(public) for form in _natural_short_forms(whole)
               if form not in forms]
    if (trust := NHS_TRUST.search(name)) is not None and name[:trust.start()] not in forms + natural:
        natural.append(name[:trust.start()])
    capitalised = [form for form in _capitalised_short_forms(name) if form not in forms + natural]
    flexible = "|".join([_spelt(form) for form in forms] + [_spelt(form) + r"(?!\s+(?-i:[A-Z]))" for form in natural]
                        + [f"(?-i:{_spelt(form)})" + r"(?!\s+(?-i:[A-Z]))" for form in capitalised])
    forms += natural + capitalised
    exact: list[Span] = []
    variants: list[Span] = []
    for m in re.finditer(rf"(?<![\w])({flexible})(?![\w])", letter.norm, re.I):
        as_written = " ".join(letter.norm[m.start():m.end()].split())
        # "Marlow and Finch" is "Marlow & Finch"
        if any(_plain(as_written, lower=False) == _plain(form, lower=False) for form in forms):
            exact.append(Span(m.start(), m.end()))
        else:
            variants.append(Span(m.start(), m.end()))
    # Near misses ("Northwind Bnak") are the same employer misspelt, not another one.
    words = len(name.split())
    found_as_written = exact + variants
    reach = 85 * len(name)  # fuzz.ratio is at most 2 * shorter / (both lengths) * 100: see below
    aliases = _Aliases(forms)
    # One word of the name written as two, or two as one: "Bright Smile Dental" for Brightsmile Dental Care (trial 15
    # F37: the member was told the letter never names the employer).
    squeezed = {SQUEEZE.sub("", form.lower()) for form in forms if len(form) > 5}
    openings = {form[:4] for form in squeezed}  # most capitalised runs open otherwise, and are passed at once
    for m in NAME_RE.finditer(letter.norm):
        at, end = m.span()
        if (aliases.initials or aliases.abbreviated) and aliases.same(written := clean_name(m.group())):
            exact.append(Span(at, at + len(written)))  # "DWP", "Northgate Integrated Care Board"
            continue
        if low[at:at + 4] in openings and " " in m.group() \
                and not any(s.start <= at < s.end for s in found_as_written) \
                and (split := _split_form(letter.norm, m, squeezed, words + 1)) is not None:
            variants.append(split)
            continue
        if 115 * (end - at) < reach:
            continue  # the candidate, no longer than the match, is too short to reach 85 (most names: "I", "Python")
        candidate = " ".join(letter.norm[at:end].split()[:words]).rstrip(".,;:!?'\u2019")
        # fuzz.ratio is at most 2 * shorter / (both lengths) * 100: most names are too long or short to reach 85.
        if 200 * min(len(candidate), len(name)) < 85 * (len(candidate) + len(name)):
            continue
        # Not where the name is found as written, unless only a short form of it was, at the start of the whole
        # name misspelt: "Harrowgate" of "Harrowgate Borugh Council" (trial 17 F47: credited as spelt right).
        within = [s for s in found_as_written if s.start <= at < s.end]
        if within and (any(s.end - s.start >= len(candidate) for s in within)
                       or len(candidate := clean_name(candidate)) <= max(s.end - s.start for s in within)):
            continue  # as written, or with its possessive ("Birchway's")
        if candidate != name and candidate.lower() != name.lower() and fuzz.ratio(candidate, name) >= 85:
            variants.append(Span(at, at + len(candidate)))
            exact = [s for s in exact if s not in within]
        elif within:
            continue
    advert_stems: set[str] | None = None  # built only if the letter addresses an employer at all
    own: set[str] | None = None  # the employers the letter places the writer at, likewise
    others: list[Span] = []
    for start, written, wished in _addressed(letter.norm, low, vocabulary):
        # A name ends where its sentence does: "... at Marlow and Finch. I finished ..."
        found = clean_name(SENTENCE_END.split(written)[0])
        first = found.split()[0].lower()
        plain, ours = _plain(found), _plain(name)
        if first in NOT_A_NAME or fuzz.ratio(plain, ours) >= 80 or ours in plain or plain in ours \
                or aliases.same(found) or any(s.start <= start < s.end for s in exact + variants):
            continue  # this employer, as written or as a variant ("Bright Smile's ... is why I am applying")
        if advert_stems is None:
            advert_stems = {stem(w) for w in re.findall(r"\w+", advert.text)}
        if all(stem(w) in advert_stems for w in re.findall(r"\w+", found)):
            continue  # the advert names it too: a product, a team, a place
        if any(matcher.known(k.primary) for k in matcher.keys(found)):
            continue  # a skill or a tool ("Kubernetes", "AWS"), not an employer
        if not wished and WRITER_OWN.search(low, max(low.rfind(". ", 0, start), low.rfind("\n", 0, start), 0), start):
            continue  # "I have worked in the Assessment Team at Moorfield Council": the writer's own employer
        if own is None:
            own = {_plain(clean_name(TRAILING_I.sub("", SENTENCE_END.split(n)[0])))
                   for m in WRITER_AT.finditer(letter.norm) for n in m.groups() if n}
        if _plain(TRAILING_I.sub("", found)) in own:
            continue  # "At Peabody I manage 340 homes ... I would help Peabody's tenants": the writer's own
        others.append(Span(start, start + len(found)))
    return _ordered(exact), _ordered(s for s in variants if s not in exact), _ordered(others)


def _addressed(norm: str, low: str, vocabulary: Vocabulary) -> list[tuple[int, str, bool]]:
    """Each capitalised name the letter addresses as an employer ("join Monzo", "Monzo's mission"),
    with where it starts: a cue before it, found in the lower-cased letter, or one after it; and whether it was
    named in a wish ("to serve X's tenants"), which earlier work in its sentence does not make theirs."""
    found = []
    taken = 0
    for cue in vocabulary.employer_before_re.finditer(low):
        a = cue.start()
        if a < taken or (a and (low[a - 1].isalnum() or low[a - 1] == "_")):
            continue  # inside the last name found, or inside a word ("rejoin")
        name = NAME_RE.match(norm, cue.end())
        if name:
            found.append((name.start(), name.group(), False))
            taken = name.end()
    for m in vocabulary.employer_after_re.finditer(norm):
        found.append((m.start("name"), m.group("name"), False))
    # The post applied for, and where: "I am applying for the HR Adviser post (reference HR-2291) at Sheffield City
    # Council" (trial 15 F13: a whole letter for another employer was told only that it never names this one).
    for m in APPLYING_AT.finditer(norm):
        found.append((m.start(1), m.group(1), False))
    # A wish for another employer's tenants is no work of the writer's there, though the sentence opens on some:
    # "I have worked in social housing for five years and I would be proud to serve Lambeth Council's tenants".
    found.extend((m.start(1), m.group(1), True) for m in SERVE_NAMED.finditer(norm)
                 if WISHED.search(norm, max(0, m.start() - 30), m.start()))
    if "reason" in low or "why i" in low:
        found.extend((m.start(1), m.group(1), True) for m in REASON_NAMED.finditer(norm))
    return found


def _ordered(spans: Iterable[Span]) -> Spans:
    """Each span once, in the order they appear."""
    return tuple(sorted(set(spans), key=lambda s: s.start))
