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


def faq_problem(question: str, answer: str) -> str | None:
    if not 5 <= len(question) <= QUESTION_MAX:
        return f"A question needs 5 to {QUESTION_MAX} characters."
    if not 10 <= len(answer) <= ANSWER_MAX:
        return f"An answer needs 10 to {ANSWER_MAX} characters."
    if MASS_MENTION.search(question) or MASS_MENTION.search(answer):
        return "FAQ entries can't contain mass mentions (pings of everyone, here, the channel, or a role)."
    return None


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
        return reply
    entries = list(s.faq)
    if op in ("add", "edit"):
        entry_id = None
        if op == "edit":
            first, _, rest = rest.strip().partition(" ")
            entry_id = int(first.lstrip("#")) if first.lstrip("#").isdigit() else None
            if entry_id not in {f.id for f in entries}:
                return usage("There's no FAQ entry \u201c", UserText(first[:20]), "\u201d here; `/mod faq` lists them.")
        question, sep, answer = rest.partition("|")
        question, answer = question.strip(), answer.strip()
        if not sep:
            return usage("Separate the question and the answer with `|`, e.g. "
                          "`/mod faq add When is the next mock interview? | Thursdays at 6pm.`")
        problem = faq_problem(question, answer)
        if problem:
            return usage(problem)
        if op == "add":
            entries.append(FaqRow(None, question, answer))
            before = None
        else:
            old = next(f for f in entries if f.id == entry_id)
            before = f"#{entry_id}: {old.question}"
            entries = [FaqRow(entry_id, question, answer) if f.id == entry_id else f for f in entries]
        await core.save_settings(replace(s, faq=tuple(entries)), request, f"faq {op}", before, question)
        return done(f"FAQ entry {'added' if op == 'add' else 'updated'}",
                     ("\u201c", UserText(question), "\u201d now answers from `/faq`, marked as your community's own."))
    if op == "remove":
        target = rest.strip().lstrip("#")
        found = next((f for f in entries if str(f.id) == target), None)
        if found is None:
            return usage("There's no FAQ entry \u201c", UserText(target[:20]), "\u201d here; `/mod faq` lists them.")
        await core.save_settings(replace(s, faq=tuple(f for f in entries if f is not found)), request, "faq remove",
                                 f"#{found.id}: {found.question}", None)
        return done(f"FAQ entry #{found.id} removed")
    return usage("Use `/mod faq`, `/mod faq add ...`, `/mod faq edit <id> ...` or `/mod faq remove <id>`.")

