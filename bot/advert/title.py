"""The job's title in an advert, and an employer's name written beside it ("... at Monzo")."""
from __future__ import annotations

import re
from collections.abc import Callable

from .employer import NAME
from .vocabulary import Vocabulary
from .words import TOKEN, stem

LABEL = re.compile(r"^\s*(job title|role|position|title|vacancy|job)\s*[:\-\u2013]\s*(?P<value>.+?)\s*$", re.I)
HEADING_MARKS = re.compile(r"^[\s#*_=>\-\u2022\d.)]*|[\s*_=:#\-\u2014\u2013.!?]*$")
Line = tuple[int, int, str, "str | None"]  # start, end, kind and section of one of the advert's lines


def find_title(norm: str, lines: list[Line], vocabulary: Vocabulary) -> tuple[str | None, str | None]:
    """(title, employer named beside it) from a label, the top lines, or a "hiring a ..." sentence."""
    nouns = {stem(n) for n in vocabulary.title_nouns}
    # A compound names the job too: a copywriter is a writer, a bookkeeper a keeper.
    endings = tuple(n.lower() for n in vocabulary.title_nouns if len(n) >= 5)

    def names_job(text: str) -> bool:
        return any(stem(w) in nouns or (len(w) > 8 and w.lower().endswith(endings)) for w in TOKEN.findall(text))

    for start, end, _, _ in lines:
        m = LABEL.match(norm, start, end)
        if m and names_job(m.group("value")):
            return _split_title(m.group("value"))
    top = [ln for ln in lines if ln[2] != "blank"][:4]
    if top and (snippet := _snippet_title(norm, top[0], names_job)):
        return snippet
    for n, (start, end, _, section) in enumerate(top):
        text = HEADING_MARKS.sub("", norm[start:end])
        head = re.split(r"\s+(?:at|with|for)\s+|\s+[-|\u2013\u2014(,]\s*", text)[0]
        # The first line's words after the title may read as a heading's ("Receptionist (part-time, 30 hours)" as an
        # hours heading, trial 18 F28): the title still comes first.
        if n == 0 and section == "ignore" and head != text:
            section = None
        if len(text.split()) <= 14 and names_job(head) \
                and not re.search(r"[.!?]$", text.strip()) and section not in ("ignore", "nice", "duties", "must"):
            return _split_title(text)
    noun_alt = "|".join(re.escape(n) for n in vocabulary.title_nouns)
    prose = re.compile(r"(?:hiring|looking for|recruiting|seeking|join (?:us|our team|the team) as)\s+(?:an?\s+)?"
                       r"(?:(?:experienced|talented|brilliant|curious)\s+)?"
                       rf"((?:[A-Z][\w+/&\-]*\s+|(?:of|and|&)\s+){{0,5}}(?i:{noun_alt})s?)\b")
    m = prose.search(norm)
    if m:
        return " ".join(m.group(1).split()), None
    return None, None


SNIPPET = re.compile(r"\s*([^.!?\n]{3,80})\.\s+(?=[A-Z])")  # a one-line advert's first sentence
TITLED_WORD = re.compile(r"(?:[A-Z(0-9]|[-&|/\u2013\u2014\u00b7]$|(?:of|and|the|for|in|at|to|with)$)")


def _titled(text: str) -> bool:
    """Every word in Title Case, as a heading is written ("Trainee Railway Signaller", "Payroll Assistant, Acme")."""
    return all(TITLED_WORD.match(w) for w in text.split())


def _snippet_title(norm: str, line: Line, names_job: Callable[[str], bool]) -> tuple[str, str | None] | None:
    """A job board's one-line advert, opening with its title and employer as a sentence: "Payroll Assistant,
    Brightwell Foods. We need someone with Sage Payroll experience ..." (trial 17 F23: no title, no employer,
    so a letter for another job at another employer kept "Written for this job")."""
    m = SNIPPET.match(norm, line[0], line[1])
    if m is None or m.end() >= line[1] or len(m.group(1).split()) > 8 or not _titled(m.group(1)):
        return None
    title, _, beside = m.group(1).partition(", ")
    if not names_job(title):
        return None
    return _split_title(title)[0], (beside.strip() if beside and re.fullmatch(NAME, beside.strip()) else None)


def title_over_employer(norm: str, lines: list[Line], company: str | None) -> str | None:
    """Where no word names a job, the advert's first line over the employer's: "Trainee Railway Signaller" over
    "Northern Lines Rail Infrastructure - Leeds Signalling Centre", "Paraprofessional - Bilingual (Spanish/English)"
    over "Riverbend Unified School District" (trial 17 F18, F41: the title check silently did not run)."""
    top = [ln for ln in lines if ln[2] != "blank"][:2]
    if company is None or len(top) < 2 or not norm[top[1][0]:top[1][1]].lstrip(" #*_").startswith(company):
        return None
    text = HEADING_MARKS.sub("", norm[top[0][0]:top[0][1]])
    if top[0][3] in ("ignore", "nice", "duties", "must") or not 0 < len(text.split()) <= 8 \
            or text.rstrip().endswith((".", "!", "?", ":")) or company in text or not _titled(text):
        return None
    return _split_title(text)[0] or None


def _split_title(text: str) -> tuple[str, str | None]:
    """"Senior ML Engineer at Monzo (London)" -> ("Senior ML Engineer", "Monzo"). A name after a dash
    is as often a team ("- Fraud") as the employer, so only "at" gives one."""
    text = " ".join(text.split())
    company = None
    m = re.match(rf"(.+?)\s+(?:at|@)\s+({NAME})", text)
    if m:
        text, company = m.group(1), m.group(2)
    text = re.split(r"\s+[-|\u2013\u2014(,]\s*|,\s+", text)[0]  # "Program Coordinator, Youth Literacy"
    return text.strip(" :-"), (company.strip() if company else None)
