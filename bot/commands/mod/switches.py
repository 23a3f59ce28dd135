"""/mod disable, /mod enable and /mod channels: where each member command runs."""
from __future__ import annotations

from dataclasses import replace

from ... import moderation
from ...reply import Reply, UserText
from ..registry import COMMANDS
from .common import channel_refs, done, done_view, usage


def switch(enabled: bool):
    async def handle(core, request, s, value):
        words = value.split()
        if not words:
            return usage(f"Say which command, e.g. `/mod {'enable' if enabled else 'disable'} review here`.")
        name = words[0].lstrip("/").lower()
        here = len(words) > 1 and words[1].lower() in ("here", "channel", "this")
        if name not in COMMANDS or COMMANDS[name].moderator:
            return usage("There's no member command called \u201c/", UserText(name[:40]), "\u201d.")
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
        place = ("in this channel",) if here else ("in the whole community",)
        return done(f"/{name} is {'on' if enabled else 'off'} {place[0]}")
    return handle


async def channels(core, request, s, value):
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

