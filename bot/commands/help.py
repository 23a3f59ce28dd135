"""/help: every command with what it does and an example."""
from __future__ import annotations

from ..reply import Reply
from .registry import COMMANDS, Param, command


@command("help", "Every command, with a one-line description and an example.", "/help review",
         params=(Param("command", "A command to explain"),))
async def help_command(core, request):
    name = (request.arg("command") or "").lstrip("/").lower()
    if name in COMMANDS:
        cmd = COMMANDS[name]
        reply = Reply(f"/{cmd.name}", kind="info")
        reply.para(cmd.summary)
        reply.fields([("Usage", f"`{cmd.usage}`"), ("Example", f"`{cmd.example}`")])
        if cmd.params:
            reply.bullets([f"`{p.name}`: {p.description}" + (f" ({', '.join(p.choices)})" if p.choices else "")
                           for p in cmd.params])
        return reply
    reply = Reply("Shortlist: cover-letter help for job seekers", kind="info")
    reply.para("Role guides, common mistakes, answers to common questions, and a private review of your "
               "letter against the guide. Your letter's text is never stored.")
    reply.bullets([f"`{c.usage}`: {c.summary} Example: `{c.example}`"
                   for c in COMMANDS.values() if core.command_visible(c, request)])
    reply.button("Guides", "/guide")
    reply.button("FAQ", "/faq")
    return reply
