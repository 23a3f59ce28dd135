"""The job's title in an advert, and an employer's name written beside it ("... at Monzo")."""
from __future__ import annotations

import re

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
    for start, end, _, section in [ln for ln in lines if ln[2] != "blank"][:4]:
        text = HEADING_MARKS.sub("", norm[start:end])
        head = re.split(r"\s+(?:at|with|for)\s+|\s+[-|\u2013\u2014(,]\s*", text)[0]
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
