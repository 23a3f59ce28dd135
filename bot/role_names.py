"""Which guides a role a member typed nearly names: a typo of one (`ml-enginer`), or a role that holds a guide's
own word (`mobile-developer`, `data-wizard`); never one that shares only its kind of job."""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .guides import Guide

# Words that say what kind of job, across unrelated fields: sharing one of these alone doesn't make a role near
KINDS_OF_JOB = frozenset({"engineer", "manager", "designer", "scientist", "officer", "lead", "specialist",
                          "consultant", "assistant", "technician", "coordinator", "head", "senior", "junior",
                          "analyst",  # a security analyst is no data analyst (trial 13 F11)
                          # a ward nurse is no dental nurse: a community's dental-nurse guide had every nurse refused
                          # and sent to it (trial 15 F20)
                          "nurse", "teacher", "adviser", "advisor", "worker", "practitioner"})


def words(name: str) -> set[str]:
    return set(re.split(r"[\W_]+", name.lower())) - {""}


def borrowed_words(guide: Guide, alias: str) -> set[str]:
    """The words an alias only borrows from another field: `marketing-analyst` is a data analyst who works on
    marketing, so `marketing` names the analyst's subject, not this guide's field (a marketing manager was
    offered the data analyst guide, trial 14 F19). Only an alias that ends in a kind of job borrows."""
    *qualifiers, kind = alias.split("-")
    if kind not in KINDS_OF_JOB:
        return set()
    return set(qualifiers) - words(guide.id) - words(guide.title)


def half_compounds(guide: Guide, typed: set[str]) -> set[str]:
    """The words of ``typed`` that the guide's names only ever write as the first half of one compound noun, typed
    without its other half: `machine` in `machine-operator` is not the ML engineer's "machine learning" (a machine
    operator was refused, sent to the ML engineer guide). A word always followed by a kind of job isn't one."""
    follows: dict[str, set[str]] = {}
    for name in (guide.id, guide.title, *guide.aliases):
        parts = [w for w in re.split(r"[\W_]+", name.lower()) if w]
        for word, after in zip(parts, [*parts[1:], ""], strict=True):
            follows.setdefault(word, set()).add(after)
    return {w for w in typed if len(after := follows.get(w, set())) == 1
            and (other := next(iter(after))) and other not in KINDS_OF_JOB and other not in typed}


def qualifiers(role: str) -> set[str]:
    """The words of a role that only qualify its field, which is the word before its kind of job: in
    `data-protection-officer` the field is protection (of data), so "data" ties it to no data guide (trial 17 F25:
    it was refused with every guide listed, while `dpo` got the general guide)."""
    parts = [w for w in re.split(r"[\W_]+", role.lower()) if w]
    if len(parts) >= 3 and parts[-1] in KINDS_OF_JOB:
        return set(parts[:-2]) - {parts[-2], parts[-1]}
    return set()


def field_words(guide: Guide) -> set[str]:
    """The words that tie a role to this guide's field: its id, title and aliases, less what aliases borrow."""
    own = words(guide.id) | words(guide.title)
    for alias in guide.aliases:
        own |= words(alias) - borrowed_words(guide, alias.lower())
    return own


def sharing_a_word(guides: Iterable[Guide], role: str) -> list[Guide]:
    """The guides whose field the role names by one of its words: a *data* wizard, not a mechanical *engineer*, a
    *machine* operator, or *data* protection (its field is protection)."""
    typed = words(role) - qualifiers(role)
    return [g for g in guides if (field_words(g) - KINDS_OF_JOB - half_compounds(g, typed)) & typed]


def near_names(key: str, names: Mapping[str, Guide]) -> list[str]:
    """The guide names (ids, titles, aliases, as slugs) near ``key``, the nearest first."""
    from rapidfuzz import fuzz, process  # only for a name that isn't exactly a guide's
    # Short aliases (`ux`, `pm`) are matched exactly only: fuzzily they resemble almost anything.
    candidates = [name for name in names if len(name) > 3]
    matches = process.extract(key, candidates, scorer=fuzz.WRatio, limit=8, score_cutoff=60)
    best = matches[0][1] if matches else 0
    near = []
    for name, score, _ in matches:
        # each typed word one slip from one of the name's words (a letter missed, added, changed or two swapped:
        # "librarain") is read as that word; a short name scored on the whole missed it (trial 16 F33)
        typed = {_as_typed_for(w, name.split("-")) for w in key.split("-")}
        # WRatio scores part of a name ("teacher" half-matches "ux-researcher"): keep one close as a whole (a typo)
        # or holding the query (`designer`), not far behind the best (`mobile-developer`: not `etl-developer`).
        if score < 85 and fuzz.ratio(key, name) < 70 or score < best - 10:
            continue
        # A job that shares only its kind with a guide is another job, not a typo: a mechanical engineer was
        # sent to the ML engineer guide, a project manager to the product manager's (trial 12 F38). Nor is one
        # that shares only the subject an alias borrows (`marketing-manager` is not a `marketing-analyst`).
        shared = typed & set(name.split("-")) - half_compounds(names[name], typed)
        unrelated = KINDS_OF_JOB if name.split("-")[-1] in typed else KINDS_OF_JOB | borrowed_words(names[name], name)
        if fuzz.ratio(key, name) < 90 and shared <= unrelated:
            continue
        near.append(name)
    return near


def _as_typed_for(word: str, name_words: list[str]) -> str:
    """``word``, or the word of a guide's name it misspells by one slip (words of five letters or more: shorter ones
    are one slip from too many others)."""
    from rapidfuzz.distance import OSA
    if len(word) < 5 or word in name_words:
        return word
    return next((w for w in name_words if len(w) >= 5 and OSA.distance(word, w, score_cutoff=1) <= 1), word)
