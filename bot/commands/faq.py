"""/faq: answers in the member's own wording, honest when nothing fits."""
from __future__ import annotations

from .. import faq
from ..reply import Reply, UserText
from .registry import Param, command, guide_id


def _bind_faq(cmd, words, core):
    """``/faq how long should it be ml-engineer``: a trailing guide name is the role."""
    words = list(words)
    for size in (2, 1):
        if len(words) > size and core.library.find(" ".join(words[-size:])).guide:
            return {"question": " ".join(words[:-size]), "role": " ".join(words[-size:])}
    if len(words) == 1 and core.library.find(words[0]).guide:
        return {"role": words[0]}
    return {"question": " ".join(words)} if words else {}


@command("faq", "Answers to the questions members ask most, in your own words.",
         "/faq how long should my letter be",
         params=(Param("question", "Your question, in any words", rest=True),
                 Param("role", "Role, e.g. ml-engineer", keep=guide_id)),
         bind=_bind_faq)
async def faq_command(core, request):
    role = request.arg("role")
    guides = []
    if role:
        guide, problem = core.resolve_guide(role)
        if problem:
            return problem
        guides = [guide]
    items = await core.faq_items(request, guides)
    question = request.arg("question")
    if not question:
        return _questions(items, "Questions I can answer",
                          "Ask any of these in your own words, for example `/faq how long should it be`.")
    found = faq.match(question[:300], items)  # a question, not an essay: keeps matching quick
    if found.strong:
        return _answer(found.best, items)
    if found.closest:
        reply = Reply("Did you mean one of these?", kind="info", private=request.private)
        reply.para("I'm not sure I understood \u201c", UserText(question), "\u201d. The closest questions I know:")
        reply.bullets([c.question for c in found.closest])
        for c in found.closest:
            reply.button(_short(c.question), f"/faq {c.question}")
        return reply
    return _questions(items, "I don't have an answer for that",
                      "I'd rather say so than guess. These are the questions I can answer:",
                      asked=question)


def _short(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def _source_label(item) -> str:
    if item.source == "community":
        return "Your community's own answer"
    return f"From the guide: {item.source_title or item.source}"


def _answer(item, items) -> Reply:
    reply = Reply(item.question, kind="guide")
    reply.para(UserText(item.answer) if item.source == "community" else item.answer)
    reply.para(f"_{_source_label(item)}_")
    if item.source != "community":
        reply.button("Full guide", f"/guide {item.source}")
        reply.button("All questions", f"/faq {item.source}")
    return reply


def _questions(items, title, intro, asked=None) -> Reply:
    reply = Reply(title, kind="info")
    if asked:
        reply.para("I couldn't match \u201c", UserText(asked), "\u201d to anything I know. " + intro)
    else:
        reply.para(intro)
    by_source: dict[str, list] = {}
    for item in items:
        by_source.setdefault(item.source, []).append(item)
    for source, group in by_source.items():
        reply.heading("Your community's questions" if source == "community"
                      else group[0].source_title or source)
        reply.bullets([UserText(i.question) if source == "community" else i.question for i in group])
    return reply
