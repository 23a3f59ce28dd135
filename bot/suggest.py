"""Suggestions while a member types (Discord's autocomplete): guides and FAQ questions, best first."""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .core import Shortlist
    from .request import Request


async def roles(core: Shortlist, typed: str, community: str, limit: int = 25) -> list[tuple[str, str]]:
    """(label, guide id) pairs for what the member has typed so far, best first, from the guides
    this community sees."""
    from rapidfuzz import fuzz, process
    library = await core.library_for(community)
    guides = list(library)
    if typed.strip():
        haystack = {g.id: " ".join([g.id, g.title, *g.aliases]) for g in guides}
        exact = library.find(typed).guide
        ids = [key for _, _, key in process.extract(typed, haystack, scorer=fuzz.WRatio, limit=limit,
                                                     score_cutoff=40)]
        guides = [library.guides[i] for i in dict.fromkeys(([exact.id] if exact else []) + ids)]
    return [(f"{g.title} ({g.id})"[:100], g.id) for g in guides[:limit]]


async def questions(core: Shortlist, request: Request, typed: str, limit: int = 25) -> list[str]:
    """The questions this member can ask, those closest to what they have typed first."""
    from .faq import items_for
    items = await items_for(core, request, [])
    known = list(dict.fromkeys(i.question for i in items))
    if typed.strip():
        from rapidfuzz import fuzz, process
        scored = process.extract(typed, known, scorer=fuzz.WRatio, limit=None, score_cutoff=40)
        # What the member is typing is usually the start of the question: those come first.
        start = typed.strip().lower()
        scored.sort(key=lambda hit: (not hit[0].lower().startswith(start), -hit[1]))
        known = [q for q, _, _ in scored] or known
    return [q[:100] for q in known[:limit]]
