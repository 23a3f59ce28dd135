"""/guide and /mistakes: a role's guide, section by section."""
from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from ..reply import Paragraph, Reply, UserText, rich
from ..sections import SECTION_TITLES, SECTIONS
from .registry import Param, command, role_param

if TYPE_CHECKING:
    from ..core import Shortlist
    from ..guides import Guide
    from ..request import Request
    from .registry import Command, Words

SECTION_BUTTONS = (("example", "Example"), ("why", "Why it works"), ("mistakes", "Mistakes"), ("faq", "FAQ"))


def _bind_guide(cmd: Command, words: Words, core: Shortlist) -> dict[str, str]:
    """``ml-engineer signals``, ``machine learning engineer faq``: the last word is the section when it
    is one, or when the words before it name a guide (``ml-engineer salary``: an unknown section)."""
    typed = list(words)
    args: dict[str, str] = {}
    if typed and (typed[-1].lower() in SECTIONS or (
            len(typed) > 1 and core.library.find(" ".join(typed[:-1])).guide
            and not core.library.find(" ".join(typed)).guide)):
        args["section"] = typed.pop().lower()
    if typed:
        args["role"] = " ".join(typed)
    return args


@command("guide", "A role's guide: overview, signals, example letter, why it works, mistakes, FAQ.",
         "/guide ml-engineer example",
         params=(role_param("Role, e.g. ml-engineer (leave out to list guides)"),
                 Param("section", "Part of the guide", choices=SECTIONS)),
         bind=_bind_guide)
async def guide_command(core: Shortlist, request: Request) -> Reply:
    role, section = request.arg("role"), (request.arg("section") or "overview").lower()
    if section not in SECTIONS:
        return _unknown_section(section, role)
    if not role:
        if request.arg("section"):
            role = await core.default_guide_id(request)
        else:
            return guide_list(core, await _region(core, request))
    guide = core.resolve_guide(role)
    if isinstance(guide, Reply):
        if not request.arg("section") and _near_section(role) and not core.library.find(role).suggestions:
            return _unknown_section(role, None)  # `/guide exampel`: a section, slipped, not a role
        from .review import no_guide_near
        if no_guide_near(core.library, role):
            return await _for_any_role(core, request, role, section)
        return guide
    return guide_section(guide, section, await _region(core, request))


async def _for_any_role(core: Shortlist, request: Request, role: str, section: str) -> Reply:
    """A role no guide is near (`/guide electrician`, `/mistakes nurse`): the default guide's section, as a review
    falls back to it, saying so. `/guide electrician` refused while `/mistakes electrician` answered (trial 14)."""
    guide = core.resolve_guide(await core.default_guide_id(request), "mistakes" if section == "mistakes" else "guide")
    if isinstance(guide, Reply):
        return guide
    reply = guide_section(guide, section, await _region(core, request))
    what = {"mistakes": "are the mistakes any letter can make, from the {} guide",
            "overview": "is the {} guide" + (", which covers what every letter needs" if guide.field == "Any role"
                                             else ", this community's default")}.get(
        section, f"is \u201c{SECTION_TITLES[section]}\u201d from the {{}} guide").format(guide.title)
    reply.blocks.insert(0, Paragraph(rich(
        "I don't have a guide for \u201c", UserText(role[:60]), f"\u201d, so here {what} (`/guide` lists the roles I "
        "know; moderators can add one with `/mod guide import`).")))
    return reply


async def _region(core: Shortlist, request: Request) -> str | None:
    return (await core.settings(request.community_id)).region


@command("mistakes", "The common mistakes for a role, and how to avoid them.", "/mistakes ml-engineer",
         params=(role_param(rest=True),))
async def mistakes_command(core: Shortlist, request: Request) -> Reply:
    role = (request.arg("role") or "").strip()
    from .review import no_guide_near
    if role and no_guide_near(core.library, role):
        return await _for_any_role(core, request, role, "mistakes")  # as a review falls back (trial 9)
    guide = core.resolve_guide(role or await core.default_guide_id(request), "mistakes")
    if isinstance(guide, Reply):
        return guide
    return guide_section(guide, "mistakes", await _region(core, request))


def guide_list(core: Shortlist, community_region: str | None = None) -> Reply:
    reply = Reply("Role guides", kind="guide")
    regions = [g.region.split()[0] for g in core.library]  # "UK (London)" is a UK guide
    usual = max(set(regions), key=regions.count)
    others = [f"`{g.id}` follows {region} conventions" for g, region in zip(core.library, regions, strict=True)
              if region != usual]  # a US member should see at once that there is a guide for them
    if community_region and community_region.upper() != usual:
        # A US community's members get US conventions whichever guide they pick: not "add us" (trial 14 F13)
        reply.para(f"Each guide covers what hiring managers look for in its field, an example letter, the common "
                   f"mistakes and the questions members ask. Reviews here follow {community_region.upper()} letter "
                   "conventions, whichever guide you pick. Open one with `/guide <role>`.")
    else:
        reply.para(f"Each guide covers what {usual} hiring managers look for" + (f" ({'; '.join(others)})" if others
                   else "") + ", an example letter, the common mistakes and the questions members ask. "
                   "Open one with `/guide <role>`.")
    fields: dict[str, list[Guide]] = {}
    for g in core.library:
        fields.setdefault(g.field, []).append(g)
    for name, guides in fields.items():
        reply.heading(name)
        reply.bullets([f"**{g.title}**: `/guide {g.id}`" + (f" (also: {', '.join(g.aliases[:3])})" if g.aliases else "")
                       for g in guides])
    for g in list(core.library)[:5]:
        reply.button(g.title, f"/guide {g.id}")
    return reply


SECTIONS_KEPT = 64  # guide sections built once and kept (the oldest goes first)
# (id of the guide, section) -> it, its section, and its footer for each community region asked with so far
_kept_sections: dict[tuple[int, str], tuple[Guide, Reply, dict[str | None, Paragraph]]] = {}


def guide_section(guide: Guide, section: str, community_region: str | None = None) -> Reply:
    """The section as a reply of the caller's own to change (its blocks and buttons are new lists). Each guide's
    section is built once: the same `/guide` for every member of a burst was a fifth of a Discord interaction's
    time in the core and its rendering. A guide is never changed in place (an edit makes a new one), and the
    kept one holds its guide, so its id can't be another's."""
    key = (id(guide), section)
    kept = _kept_sections.get(key)
    if kept is None:
        if len(_kept_sections) >= SECTIONS_KEPT:
            del _kept_sections[next(iter(_kept_sections))]
        kept = _kept_sections[key] = (guide, _build_section(guide, section), {})
    _, reply, footers = kept
    footer = footers.get(community_region)
    if footer is None:  # the date formatted, and the note for US readers: a third of a /guide's time in the core
        footer = footers[community_region] = _footer(guide, community_region)
    return replace(reply, blocks=[*reply.blocks, footer], buttons=list(reply.buttons))


def _footer(guide: Guide, community_region: str | None) -> Paragraph:
    """A guide's region and date. A UK guide's market is the UK's; a US reader learns (trial 10) that its letter
    conventions can be the US's, unless the community's reviews already follow them (trial 14 F13)."""
    us = ""
    if guide.region.split()[0] == "UK" and "general" in (guide.id, guide.review.inherit):
        us = (" \u00b7 Reviews here follow US letter conventions" if community_region == "us" else
              f" \u00b7 Applying in the US? `/review {guide.id} us` follows US letter conventions")
    return Paragraph(rich(f"_{guide.region} \u00b7 updated {guide.last_updated:%-d %B %Y}{us}_"))


def _build_section(guide: Guide, section: str) -> Reply:
    title = f"{guide.title}: {SECTION_TITLES[section]}" if section != "overview" else guide.title
    reply = Reply(title, kind="guide")
    RENDER[section](guide, reply)  # the footer is added per community (guide_section)
    for name, label in SECTION_BUTTONS:
        if name != section:
            reply.button(label, f"/guide {guide.id} {name}")
    return reply


def _overview(guide: Guide, reply: Reply) -> None:
    reply.para(guide.summary)
    if guide.market:
        reply.heading("The market")
        reply.bullets(guide.market)
        if guide.sources:
            reply.para("_Sources: " + "; ".join(f"{src.name} ({src.year})" for src in guide.sources) + "_")
    _signals(guide, reply)


def _signals(guide: Guide, reply: Reply) -> None:
    reply.heading(f"The {len(guide.signals)} things hiring managers read for")
    reply.bullets([f"**{s.name}**: {s.detail}" for s in guide.signals], numbered=True)


def _example(guide: Guide, reply: Reply) -> None:
    reply.para(f"_{guide.example.context}_")
    reply.quote(guide.example.letter.strip())
    reply.para(f"Ask `/guide {guide.id} why` to see what makes it work.")


def _why(guide: Guide, reply: Reply) -> None:
    reply.bullets(guide.why)


def _mistakes(guide: Guide, reply: Reply) -> None:
    reply.bullets([f"**{m.title}**: {m.detail}" for m in guide.mistakes], numbered=True)
    if guide.review.inherit:  # its review checks those too (trial 12 F33: a community's one-item list hid them)
        reply.para(f"_Its review also checks the mistakes any letter can make: `/mistakes {guide.review.inherit}` "
                   "lists them._")


def _faq(guide: Guide, reply: Reply) -> None:
    for entry in guide.faq:
        reply.heading(entry.question)
        reply.para(entry.answer)


RENDER = {"overview": _overview, "signals": _signals, "example": _example, "why": _why,
          "mistakes": _mistakes, "faq": _faq}


def _unknown_section(section: str, role: str | None) -> Reply:
    """A section no guide has: the one meant, when a slip of typing is near one (`mistaks`), as a button."""
    reply = Reply("There's no section called that", kind="error", private=True)
    near = _near_section(section)
    command = " ".join(["/guide", *([role] if role else []), near[0]]) if near else ""
    reply.para("There's no section called \u201c", UserText(section[:40]), "\u201d." +
               (f" Did you mean `{command}`?" if near else "") +
               " Each guide has these sections: " + ", ".join(f"`{s}`" for s in SECTIONS) + ".")
    if near:
        reply.button(SECTION_TITLES[near[0]], command)
    return reply


def _near_section(word: str) -> list[str]:
    import difflib
    return difflib.get_close_matches(word.lower(), SECTIONS, n=1, cutoff=0.7)
