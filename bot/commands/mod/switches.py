"""/mod disable, /mod enable and /mod channels: where each member command runs."""
from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from ... import moderation
from ...reply import Reply, UserText
from ..registry import COMMANDS
from .common import channel_refs, done, done_view, usage

if TYPE_CHECKING:
    from ...core import Shortlist
    from ...request import Request
    from ...settings import CommunitySettings
    from .common import ModHandler


def switch(enabled: bool) -> ModHandler:
    async def handle(core: Shortlist, request: Request, s: CommunitySettings, value: str) -> Reply:
        words = value.split()
        if not words:
            return usage(f"Say which command, e.g. `/mod {'enable' if enabled else 'disable'} review here`.")
        name = words[0].lstrip("/").lower()
        here = len(words) > 1 and words[1].lower() in ("here", "channel", "this")
        if name not in COMMANDS or COMMANDS[name].moderator:
            from rapidfuzz import fuzz, process
            members = [c for c, cmd in COMMANDS.items() if not cmd.moderator and c not in moderation.ALWAYS_ON]
            near = process.extractOne(name, members, scorer=fuzz.ratio, score_cutoff=70)
            return usage("There's no member command called \u201c/", UserText(name[:40]), "\u201d." +
                         (f" Did you mean `/{near[0]}`?" if near else ""))
        if name in moderation.ALWAYS_ON:
            return usage(f"`/{name}` always stays on, so members can always get help and manage their own data.")
        channel = request.channel_id if here else ""
        switches = dict(s.switches)
        before = "on" if s.enabled(name, request.channel_id) else "off"
        if here:
            switches[(name, channel)] = enabled
        else:
            # Community-wide: channel exceptions pointing the same way are no longer needed.
            switches = {k: v for k, v in switches.items() if k[0] != name or (k[1] and v != enabled)}
            switches[(name, "")] = enabled
        new = replace(s, switches=switches)
        where = f"channel {channel}" if here else "community"
        await core.save_settings(new, request, f"{'enable' if enabled else 'disable'} /{name}",
                                 f"/{name} {before} ({where})", f"/{name} {'on' if enabled else 'off'} ({where})")
        state = "on" if enabled else "off"
        if here:
            return done(f"/{name} is {state} in this channel")
        # A channel switched the other way stays so: say where, or the moderator thinks it is on everywhere.
        kept = sorted(ch for (cmd, ch), on in switches.items() if cmd == name and ch and on != enabled)
        if not kept:
            return done(f"/{name} is {state} in the whole community")
        verb, other = ("enable", "off") if enabled else ("disable", "on")
        return done(f"/{name} is {state} in the community, except in {len(kept)} channel{'s' * (len(kept) > 1)}",
                    ("It stays ", other, " in ", *channel_refs(kept), f", switched there on its own: "
                     f"`/mod {verb} {name} here` in that channel changes it."))
    return handle


disable, enable = switch(False), switch(True)


async def channels(core: Shortlist, request: Request, s: CommunitySettings, value: str) -> Reply:
    words = value.lower().split()
    if not words:
        if not s.allowed_channels:
            return done_view("Shortlist runs in every channel", "Use `/mod channels add here` to limit it to a list.")
        reply = Reply("Channels Shortlist runs in", kind="info", private=True)
        reply.para("Only in ", *channel_refs(sorted(s.allowed_channels)), ".")
        return reply
    op = words[0]
    # "here", an id, or a channel link as the platforms write it: <#123> (Discord), <#C123|name> (Slack).
    target = request.channel_id if len(words) < 2 or words[1] in ("here", "this") else \
        value.split()[1].strip("<#>").split("|")[0]
    channels = set(s.allowed_channels)
    if op == "add":
        channels.add(target)
    elif op == "remove":
        channels.discard(target)
    elif op in ("all", "clear", "everywhere"):
        channels = set()
    else:
        return usage("Use `/mod channels add here`, `/mod channels remove here` or `/mod channels all`.")
    new = replace(s, allowed_channels=frozenset(channels))
    await core.save_settings(new, request, "channels", ", ".join(sorted(s.allowed_channels)) or "all",
                             ", ".join(sorted(channels)) or "all")
    if not channels:
        return done("Shortlist now runs in every channel")
    return done("Channels updated", ("Shortlist now runs only in ", *channel_refs(sorted(channels)), "."))

