"""What Shortlist says when a member names something it doesn't have: a command, or a role guide."""
from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from .commands import COMMANDS
from .reply import Reply, UserText, and_joined
from .role_names import sharing_a_word

if TYPE_CHECKING:
    from .guides import Guide, GuideLibrary


def command_gone(name: str) -> Reply:
    """A platform still offered a command this Shortlist no longer has (removed since the platform's command
    list was last synced): not a fault, just out of date."""
    reply = Reply("That command is no longer available", kind="error", private=True, reason="unknown-command")
    reply.para("\u201c/", UserText(name[:40]), "\u201d was removed from Shortlist, and your app's command list "
               "hasn't caught up yet. `/help` lists everything I can do now.")
    reply.button("Help", "/help")
    return reply


def unknown_command(name: str) -> Reply:
    """A command that doesn't exist, with the closest one or two that do."""
    reply = Reply("I don't know that command", kind="error", reason="unknown-command")
    from rapidfuzz import fuzz, process
    close = process.extract(name, list(COMMANDS), scorer=fuzz.ratio, limit=2, score_cutoff=50)
    if close:
        reply.para("There's no command called \u201c", UserText(name[:40]), "\u201d. Did you mean " +
                   " or ".join(f"`/{c}`" for c, _, _ in close) + "?")
        for c, _, _ in close:
            reply.button(f"/{c}", f"/{c}")
    else:
        reply.para("There's no command called \u201c", UserText(name[:40]),
                   "\u201d. `/help` lists everything I can do.")
        reply.button("Help", "/help")
    return reply


def unknown_guide(query: str, suggestions: Sequence[Guide], library: GuideLibrary, command: str = "guide") -> Reply:
    """A role with no guide: the closest guides if any are close (each a button that runs the member's
    command with it: a misspelt /review offers /review, not /guide), else every guide there is."""
    reply = Reply("I don't have that guide", kind="error", private=True, reason="unknown-role")
    if suggestions:
        reply.para("I couldn't find a guide called \u201c", UserText(query[:60]), "\u201d. Did you mean " +
                   " or ".join(f"`{g.id}` ({g.title})" for g in suggestions) + "?")
        for g in suggestions:
            reply.button(g.title, f"/{command} {g.id}")
    elif sharing := sharing_a_word(library, query)[:3]:
        # a role that shares a guide's field word without nearly naming one (`data-entry-clerk`): those guides
        # and the general one, each a button, not every guide there is to read through (trial 17, noticed)
        general = library.find("general").guide
        offered = [*sharing, *([general] if general and general not in sharing else [])]
        reply.para("I couldn't find a guide called \u201c", UserText(query[:60]), "\u201d. " +
                   ("The guide " if len(sharing) == 1 else "The guides ") +
                   and_joined(tuple(f"`{g.id}`" for g in sharing)) +
                   (" shares a word with it" if len(sharing) == 1 else " share a word with it") +
                   ("; for another role, `general` covers what every letter needs." if general and general not in
                    sharing else "."))
        reply.para("`/guide` lists every guide, and this community's moderators can add one for your role with "
                   "`/mod guide import`.")
        for g in offered:
            reply.button(g.title, f"/{command} {g.id}")
    else:
        reply.para("I couldn't find a guide called \u201c", UserText(query[:60]),
                   "\u201d. These are the guides I have: " + ", ".join(f"`{g.id}`" for g in library) + ".")
        reply.para("For another role, `general` covers what every letter needs, and this community's moderators "
                   "can add a guide for it with `/mod guide import`.")
    return reply
