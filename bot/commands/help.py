"""/help: every command with what it does and an example."""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..reply import Reply
from .registry import COMMANDS, Param, command

if TYPE_CHECKING:
    from ..core import Shortlist
    from ..request import Request
    from .registry import Command


def _known(core: Shortlist, value: str) -> str | None:
    name = value.lstrip("/").lower()
    return name if name in COMMANDS else None


@command("help", "Every command, with a one-line description and an example.", "/help review",
         params=(Param("command", "A command to explain", keep=_known),))
async def help_command(core: Shortlist, request: Request) -> Reply:
    name = (request.arg("command") or "").lstrip("/").lower()
    unknown = name and name not in COMMANDS
    if name in COMMANDS:
        cmd = COMMANDS[name]
        reply = Reply(f"/{cmd.name}", kind="info")
        reply.para(cmd.summary)
        reply.fields([("Usage", f"`{_typed(cmd.usage, cmd, request)}`"),
                      ("Example", f"`{_typed(cmd.example, cmd, request)}`")])
        if cmd.params:
            # "default: the general guide" is this community's default (a US region's general-us: trial 14 F13)
            default = f"`{await core.default_guide_id(request)}`"
            reply.bullets([f"`{p.name}`: {p.description.replace('default: the general guide', f'default: {default}')}"
                           + (f" ({', '.join(p.choices)})" if p.choices else "") for p in cmd.params])
        return reply
    reply = Reply("Shortlist: cover-letter help for job seekers", kind="info")
    if unknown:  # a trial's "/help nonsense" got the whole list with no word about what was asked
        from ..reply import UserText
        reply.para("There's no command called \u201c", UserText(name[:40]), "\u201d; here is every one there is.")
    reply.para("Role guides, common mistakes, answers to common questions, and a private review of your "
               "letter against the guide. Your letter's text is never stored.")
    reply.bullets([f"`{_typed(c.usage, c, request)}`: {c.summary} Example: `{_typed(c.example, c, request)}`"
                   for c in COMMANDS.values() if core.command_visible(c, request)])
    reply.button("Guides", "/guide")
    reply.button("FAQ", "/faq")
    return reply


def _typed(text: str, cmd: Command, request: Request) -> str:
    """Usage and examples in the names this platform uses (a renamed or grouped Slack command)."""
    return request.typed(cmd.name) + text[len(cmd.name) + 1:] if text.startswith(f"/{cmd.name}") else text
