"""Who may do what, where: moderator privilege, command switches, channel limits, cooldowns."""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from .reply import ChannelRef, Inline, Paragraph, Reply, plural, rich
from .request import Privilege, Request
from .settings import CommunitySettings

if TYPE_CHECKING:
    from .commands.registry import Command

# Never switched off: members keep control of their data (and of a request for a reviewer, which reviewers
# answer from the channel moderators chose for them).
ALWAYS_ON = {"help", "mod", "history", "forget", "my-request", "queue"}


def effective_privilege(request: Request, settings: CommunitySettings) -> Privilege:
    """The platform's own privilege, raised by the community's moderator roles or users."""
    if request.privilege.can_moderate:
        return request.privilege
    if request.user_id in settings.moderator_users or settings.moderator_roles.intersection(request.roles):
        return Privilege.MODERATOR
    return request.privilege


def refusal(cmd: Command, request: Request, settings: CommunitySettings) -> Reply | None:
    """A private refusal when this member may not run this command here; None when they may."""
    if cmd.moderator and not request.privilege.can_moderate:
        return Reply("That's for moderators", kind="refusal", private=True, reason="moderators-only").para(
            f"`/{cmd.name}` changes how Shortlist runs for everyone here, so only moderators and admins can use "
            "it. Nothing was changed.")
    if request.privilege.can_moderate or on_for_members(cmd.name, request, settings):
        return None
    return _where_available(cmd.name, request, settings)


def on_for_members(name: str, request: Request, settings: CommunitySettings) -> bool:
    """Whether a member may run the (member's) command ``name`` in the request's channel."""
    return name in ALWAYS_ON or (settings.channel_allowed(request.channel_id) and
                                 settings.enabled(name, request.channel_id))


def note_if_off_for_members(reply: Reply, cmd: Command, request: Request, settings: CommunitySettings) -> None:
    """A moderator may use a command switched off for members: their reply opens by saying so, so they
    don't assume members can use it too."""
    if not request.privilege.can_moderate or cmd.moderator or on_for_members(cmd.name, request, settings):
        return
    places = available_channels(cmd.name, settings)
    if places is None:
        where: list[Inline] = ["in this channel"]
    elif places:
        where = ["here (it runs in ", *join([ChannelRef(c) for c in sorted(places)]), ")"]
    else:
        where = ["in this community"]
    # ...and what members are told, which a moderator can't otherwise see (trial 17 F32: at the terminal the OS user
    # is always a moderator)
    told = [part for block in _where_available(cmd.name, request, settings).blocks if isinstance(block, Paragraph)
            for part in block.text]
    reply.blocks.insert(0, Paragraph(rich(f"`/{cmd.name}` is switched off for members ", *where,
                                          "; you can still use it as a moderator. Members who try it are told: "
                                          "\u201c", *told, "\u201d")))


def _where_available(name: str, request: Request, settings: CommunitySettings) -> Reply:
    reply = Reply(f"/{name} is switched off here", kind="refusal", private=True, reason="switched-off")
    places = available_channels(name, settings)
    if places is None:
        reply.para(f"Moderators have switched `/{name}` off in this channel; it works in the community's other "
                   "channels.")
    elif places:
        reply.para(f"Moderators have set `/{name}` to run in ", *join([ChannelRef(c) for c in sorted(places)]),
                   ". Try it there.")
    else:
        reply.para(f"Moderators have switched `/{name}` off in this community for now. `/help` lists what you "
                   "can use.")
    return reply


def available_channels(name: str, settings: CommunitySettings) -> set[str] | None:
    """The channels where a command works: a set, or None for "everywhere except some"."""
    community_on = settings.switches.get((name, ""), True)
    channel_on = {ch for (cmd, ch), on in settings.switches.items() if cmd == name and ch and on}
    channel_off = {ch for (cmd, ch), on in settings.switches.items() if cmd == name and ch and not on}
    if settings.allowed_channels:
        base = set(settings.allowed_channels) if community_on else set()
        return (base | (channel_on & settings.allowed_channels)) - channel_off
    if community_on:
        return None
    return channel_on


def join(parts: Sequence[Inline]) -> list[Inline]:
    """[a, b, c] -> [a, ", ", b, " and ", c], keeping each part's kind (text or channel link)."""
    out: list[Inline] = []
    for n, part in enumerate(parts):
        if n:
            out.append(" and " if n == len(parts) - 1 else ", ")
        out.append(part)
    return out


def cooldown_refusal(until: dt.datetime, cooldown: tuple[int, int], now: dt.datetime, request: Request,
                     settings: CommunitySettings) -> Reply:
    count, seconds = cooldown
    wait = max(1, int((until - now).total_seconds()))
    at = until.astimezone(dt.UTC)
    reply = Reply("You've reached this community's review limit", kind="refusal", private=True,
                  reason="cooldown")
    reply.para(f"Moderators here allow {plural(count, 'review')} {describe_period(seconds)}, so "
               f"that everyone gets a turn. You can review again at {at:%H:%M} UTC on {at:%A} {at.day} {at:%B}, "
               f"in {_duration(wait)}.")
    meanwhile = [f"`{request.typed(name)}`" for name in ("guide", "faq")
                 if request.privilege.can_moderate or on_for_members(name, request, settings)]
    if meanwhile:
        reply.para(f"Meanwhile, {' and '.join(meanwhile)} {'are' if len(meanwhile) > 1 else 'is'} there to help you "
                   "work on the letter.")
    return reply


PERIODS = {"minute": 60, "hour": 3600, "day": 86400, "week": 604800}


def describe_period(seconds: int) -> str:
    for name, length in PERIODS.items():
        if seconds == length:
            return f"{'an' if name == 'hour' else 'a'} {name}"  # a trial read "1 a hour"
    return f"every {_duration(seconds)}"


def _duration(seconds: int) -> str:
    for name, length in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= length:
            n = round(seconds / length)
            return plural(n, name)
    return plural(seconds, "second")
