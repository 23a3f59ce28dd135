"""/faq: answers in the member's own wording, honest when nothing fits."""
from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from ..reply import Paragraph, Reply, UserText, rich
from .registry import Param, command, role_param

if TYPE_CHECKING:
    from ..core import Shortlist
    from ..faq import FaqItem
    from ..guides import GuideLibrary
    from ..request import Request
    from .registry import Command, Words


# (and a conjunction: "... attach my cv and cover letter" is the question's own noun, not the general guide's alias,
# trial 15 F9, where the question was echoed cut short)
_DETERMINERS = frozenset("a an the my your our their this that his her its and or plus with".split())


def _trailing_role(typed: list[str], library: GuideLibrary) -> dict[str, str]:
    """``how long should it be ml-engineer``: a trailing guide name is the role."""
    for size in (2, 1):
        # "... write a cover letter": after a determiner the words are the question's own noun, even
        # when they also name a guide ("cover-letter" is the general guide's alias)
        if len(typed) > size and typed[-size - 1].lower() in _DETERMINERS:
            continue
        if len(typed) > size and library.find(" ".join(typed[-size:])).guide:
            return {"question": " ".join(typed[:-size]), "role": " ".join(typed[-size:])}
    if len(typed) == 1 and library.find(typed[0]).guide:
        return {"role": typed[0]}
    return {"question": " ".join(typed)} if typed else {}


def _bind_faq(cmd: Command, words: Words, core: Shortlist) -> dict[str, str]:
    """Parsed before the community is known: the shipped guides' names here; its own in the command."""
    return _trailing_role(list(words), core.library)


@command("faq", "Answers to the questions members ask most, in your own words.",
         "/faq how long should my letter be",
         params=(Param("question", "Your question, in any words", rest=True),
                 role_param()),
         bind=_bind_faq)
async def faq_command(core: Shortlist, request: Request) -> Reply:
    role, question = request.arg("role"), request.arg("question")
    if not role and question:  # a community's own guide, named at the end ("/faq istqb qa")
        bound = _trailing_role(question.split(), core.library)
        role, question = bound.get("role"), bound.get("question")
    guides = []
    if role:
        guide = core.resolve_guide(role)
        if isinstance(guide, Reply):
            return guide
        guides = [guide]
    from .. import faq  # the entries and their matcher load with the first question, not every command (/help)
    items = await faq.items_for(core, request, guides)
    if not question:
        return _questions(items, "Questions I can answer",
                          "Ask any of these in your own words, for example `/faq how long should it be`.")
    question = question[:300]  # a question, not an essay: keeps matching quick
    found, home, own = None, set(), None
    # A guide for any role (changing career) is no other role's: its answers aren't hedged as one (trial 14 F8)
    any_role = {g.id for g in core.library if g.field == "Any role"}
    if (typed := faq.exact(question, items)) is not None:
        return _answer(typed, items)
    if not role:
        # Asked without a role: the community's own answers, guides and default guide come first, and
        # another role's answer only when they have none (a length question isn't an ML engineer's).
        # (with what the default guide inherits: a community's teacher guide answers length as general does, not
        # as the ML engineer's, trial 12 F32)
        home = {"community", *core.library.lineage(await core.default_guide_id(request)),
                await core.region_guide_id(request), *core.library.community_ids}  # its own guides too
        # The moderators' own answers first: on their topic they win over a shipped answer that scores higher
        # ("/faq pdf" got the general guide's PDF-or-Word entry beside the community's own PDF answer, trial 12 F21)
        own = faq.match(question, [item for item in items if item.source in {"community", *core.library.community_ids}])
        if own.best is not None and own.score >= faq.OWN:
            return _answer(own.best, items)
        found = faq.match(question, [item for item in items if item.source in home])
    if found is None or not found.strong:
        found = faq.match(question, items)
    if found.strong and found.best is not None:
        return _answer(found.best, items, other=not role and found.best.source not in home | any_role)
    if own is not None and own.closest:
        # The moderators' own near answers lead the closest questions, even where a shipped one scores higher:
        # "can someone from the community read my cover letter" was offered three shipped answers, not the
        # community's "Can I ask a volunteer to read my letter?" (trial 15 F11)
        found = replace(found, closest=(*own.closest, *(c for c in found.closest if c not in own.closest))[:3])
    if len(found.closest) == 1 and (role or found.closest[0].source in home):
        # One near question, the member's own guide's or community's: its answer, said to be a guess, not a list
        # of one. (Another role's stays a suggestion: "what salary should I ask for" isn't an ML engineer's.)
        reply = _answer(found.closest[0], items)
        reply.blocks.insert(0, Paragraph(rich("I'm not sure I understood \u201c", UserText(question),
                                              "\u201d; this is the closest question I know.")))
        return reply
    if found.closest:
        # The member's own guide's questions first (trial 13 F16: a UK member's gap question was offered the US
        # guide's "gap in my resume" only); then another role's, which says whose it is
        if not role:
            found = replace(found, closest=tuple(sorted(found.closest, key=lambda c: c.source not in home)))
        # (a teacher asking about salary was offered "What do senior ML engineers earn in London?" as if it were
        # for her)
        other = {c.question: c.source_title for c in found.closest if not role and c.source not in home | any_role}
        reply = Reply("Did you mean one of these?", kind="info", private=request.private)
        reply.para("I'm not sure I understood \u201c", UserText(question), "\u201d. The closest questions I know" +
                   (", some from other roles' guides (check they fit yours):" if other else ":"))
        reply.bullets([c.question + (f" ({other[c.question]} guide)" if c.question in other else "")
                       for c in found.closest])
        for c in found.closest:
            reply.button(_short(c.question), f"/faq {c.question}")
        return reply
    # Not every guide's list (45 questions, a London salary among them for a member asking about
    # length): this community's own and its default guide's, or the named guide's, and the rest a tap away.
    ids = {g.id for g in guides} if guides else {await core.default_guide_id(request), "community"}
    reply = _questions([item for item in items if item.source in ids], "I don't have an answer for that",
                       "I'd rather say so than guess. These are the questions I can answer:", asked=question)
    if not guides:
        reply.para("Every role guide has its own questions too: `/faq ml-engineer` lists one guide's.")
    return reply


def _short(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def _source_label(item: FaqItem, other: bool = False) -> str:
    if item.source == "community":
        return "Your community's own answer"
    hedge = " (another role's guide: check it fits yours)" if other else ""
    return f"From the guide: {item.source_title or item.source}{hedge}"


def _answer(item: FaqItem, items: list[FaqItem], other: bool = False) -> Reply:
    """``other``: the answer is from another role's guide than the one the member's community uses."""
    # the guide it came from, for /mod stats: a community guide's answer was counted under general (trial 18 F15)
    reply = Reply(item.question, kind="guide", guide=None if item.source == "community" else item.source)
    reply.para(UserText(item.answer) if item.source == "community" else item.answer)
    reply.para(f"_{_source_label(item, other)}_")
    if item.source != "community":
        reply.button("Full guide", f"/guide {item.source}")
        reply.button("All questions", f"/faq {item.source}")
    return reply


def _questions(items: list[FaqItem], title: str, intro: str, asked: str | None = None) -> Reply:
    reply = Reply(title, kind="info")
    if asked:
        reply.para("I couldn't match \u201c", UserText(asked), "\u201d to anything I know. " + intro)
    else:
        reply.para(intro)
    by_source: dict[str, list[FaqItem]] = {}
    for item in items:
        by_source.setdefault(item.source, []).append(item)
    for source, group in by_source.items():
        reply.heading("Your community's questions" if source == "community"
                      else group[0].source_title or source)
        reply.bullets([UserText(i.question) if source == "community" else i.question for i in group])
    return reply
