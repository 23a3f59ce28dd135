"""Which guides a role a member typed nearly names: a typo of one (`ml-enginer`), or a role that holds a guide's
own word (`mobile-developer`, `data-wizard`); never one that shares only its kind of job."""
from __future__ import annotations

from collections.abc import Iterable

# Words that say what kind of job, across unrelated fields: sharing one of these alone doesn't make a role near
KINDS_OF_JOB = frozenset({"engineer", "manager", "designer", "scientist", "officer", "lead", "specialist",
                          "consultant", "assistant", "technician", "coordinator", "head", "senior", "junior",
                          "analyst"})  # a security analyst is no data analyst (trial 13 F11)


def near_names(key: str, names: Iterable[str]) -> list[str]:
    """The guide names (ids, titles, aliases, as slugs) near ``key``, the nearest first."""
    from rapidfuzz import fuzz, process  # only for a name that isn't exactly a guide's
    # Short aliases (`ux`, `pm`) are matched exactly only: fuzzily they resemble almost anything.
    candidates = [name for name in names if len(name) > 3]
    matches = process.extract(key, candidates, scorer=fuzz.WRatio, limit=8, score_cutoff=60)
    best = matches[0][1] if matches else 0
    near = []
    for name, score, _ in matches:
        # WRatio scores part of a name ("teacher" half-matches "ux-researcher"): keep one close as a whole (a typo)
        # or holding the query (`designer`), not far behind the best (`mobile-developer`: not `etl-developer`).
        if score < 85 and fuzz.ratio(key, name) < 70 or score < best - 10:
            continue
        # A job that shares only its kind with a guide is another job, not a typo: a mechanical engineer was
        # sent to the ML engineer guide, a project manager to the product manager's (trial 12 F38)
        if fuzz.ratio(key, name) < 90 and set(key.split("-")) & set(name.split("-")) <= KINDS_OF_JOB:
            continue
        near.append(name)
    return near
