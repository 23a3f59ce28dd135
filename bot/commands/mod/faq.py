"""/mod faq: the community's own FAQ entries, checked before they are saved."""
from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from ...reply import MASS_MENTION, Reply, UserText
from ...settings import FaqRow
from .common import done, usage

if TYPE_CHECKING:
    from ...core import Shortlist
    from ...request import Request
    from ...settings import CommunitySettings

QUESTION_MAX, ANSWER_MAX = 200, 1500
ALSO_ASKED_MAX = 8  # other phrasings of one question: enough for the ways members ask it


def faq_problem(question: str, answer: str) -> str | None:
    if not 5 <= len(question) <= QUESTION_MAX:
        return f"A question needs 5 to {QUESTION_MAX} characters."
    if not 10 <= len(answer) <= ANSWER_MAX:
        return f"An answer needs 10 to {ANSWER_MAX} characters."
    if MASS_MENTION.search(question) or MASS_MENTION.search(answer):
        return "FAQ entries can't contain mass mentions (pings of everyone, here, the channel, or a role)."
    return None


def also_asked_problem(phrasings: list[str] | tuple[str, ...]) -> str | None:
    if len(phrasings) > ALSO_ASKED_MAX:
        return f"An entry takes at most {ALSO_ASKED_MAX} other phrasings."
    for phrasing in phrasings:
        if not 5 <= len(phrasing.strip()) <= QUESTION_MAX or "\n" in phrasing.strip():
            return f"Each other phrasing is one line of 5 to {QUESTION_MAX} characters."
        if MASS_MENTION.search(phrasing):
            return "FAQ entries can't contain mass mentions (pings of everyone, here, the channel, or a role)."
    return None


def _find(entries: list[FaqRow], given: str) -> FaqRow | None:
    number = given.strip().lstrip("#")
    return next((f for f in entries if str(f.id) == number), None)


async def faq(core: Shortlist, request: Request, s: CommunitySettings, value: str) -> Reply:
    op, _, rest = value.strip().partition(" ")
    op = op.lower()
    if not op:
        reply = Reply("Your community's FAQ", kind="info", private=True)
        if not s.faq:
            reply.para("No entries yet. Add one with `/mod faq add Question? | Answer`.")
        for f in s.faq:
            reply.heading(f"#{f.id}")
            reply.para(UserText(f.question))
            reply.para(UserText(f.answer))
            if f.also_asked:
                reply.para("Also matches: ", UserText(" · ".join(f.also_asked)))
        return reply
    entries = list(s.faq)
    if op in ("add", "edit"):
        entry_id, edited = None, None
        if op == "edit":
            first, _, rest = rest.strip().partition(" ")
            edited = _find(entries, first)
            if edited is None:
                return usage("There's no FAQ entry \u201c", UserText(first[:20]), "\u201d here; `/mod faq` lists them.")
            entry_id = edited.id
        question, sep, answer = rest.partition("|")
        question, answer = question.strip(), answer.strip()
        if not sep:
            return usage("Separate the question and the answer with `|`, e.g. "
                          "`/mod faq add When is the next mock interview? | Thursdays at 6pm.`")
        problem = faq_problem(question, answer)
        if problem:
            return usage(problem)
        if edited is None:  # add
            entries.append(FaqRow(None, question, answer))
            before = None
        else:
            before = f"#{entry_id}: {edited.question}"
            entries = [replace(f, question=question, answer=answer) if f is edited else f for f in entries]
        await core.save_settings(replace(s, faq=tuple(entries)), request, f"faq {op}", before, question)
        if entry_id is None:  # the new entry's number, for the hint below
            entry_id = max((f.id or 0 for f in (await core.settings(request.community_id)).faq), default=0)
        return done(f"FAQ entry {'added' if op == 'add' else 'updated'}",
                     (f"#{entry_id}, \u201c", UserText(question), "\u201d, now answers from `/faq`, marked as your "
                      "community's own. "
                      "Members ask in their own words: give it other ways of asking with "
                      f"`/mod faq also {entry_id} First way?; Another way?`"))
    if op == "also":
        first, _, rest = rest.strip().partition(" ")
        found = _find(entries, first)
        if found is None:
            return usage("There's no FAQ entry \u201c", UserText(first[:20]), "\u201d here; `/mod faq` lists them.")
        phrasings = tuple(dict.fromkeys(p.strip() for p in rest.split(";") if p.strip()))
        problem = also_asked_problem(phrasings)
        if problem:
            return usage(problem)
        entries = [replace(f, also_asked=phrasings) if f is found else f for f in entries]
        await core.save_settings(replace(s, faq=tuple(entries)), request, "faq also",
                                 " · ".join(found.also_asked) or None, " · ".join(phrasings) or None)
        if not phrasings:
            return done(f"FAQ entry #{found.id}: other phrasings cleared")
        return done(f"FAQ entry #{found.id} now also matches {len(phrasings)} other "
                    f"phrasing{'s' if len(phrasings) != 1 else ''}",
                    ("`/faq` finds \u201c", UserText(found.question), "\u201d for these too, and for questions "
                     "close to them."))
    if op == "remove":
        found = _find(entries, rest)
        if found is None:
            return usage("There's no FAQ entry \u201c", UserText(rest.strip()[:20]),
                         "\u201d here; `/mod faq` lists them.")
        await core.save_settings(replace(s, faq=tuple(f for f in entries if f is not found)), request, "faq remove",
                                 f"#{found.id}: {found.question}", None)
        return done(f"FAQ entry #{found.id} removed")
    return usage("Use `/mod faq`, `/mod faq add ...`, `/mod faq edit <id> ...`, `/mod faq also <id> ...` or "
                 "`/mod faq remove <id>`.")

