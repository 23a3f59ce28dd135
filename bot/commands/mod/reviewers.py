"""/mod reviewers: who reads a member's letter when they ask for a person, where requests are posted for
them, and how long a request waits without a step before it closes."""
from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from ...reply import ChannelRef, Reply, plural
from ...settings import CommunitySettings
from .common import done, usage
from .community import _PLATFORM_ID

if TYPE_CHECKING:
    from ...core import Shortlist
    from ...request import Request

EXPIRY_DAYS = (1, 90)
USAGE = ("Use `/mod reviewers add role <id>`, `/mod reviewers add user <id>`, `/mod reviewers remove user <id>`, "
         "`/mod reviewers channel here` or `/mod reviewers expiry <days>`.")


async def reviewers(core: Shortlist, request: Request, s: CommunitySettings, value: str) -> Reply:
    words = value.split()
    if not words:
        return await _show(core, request, s)
    op = words[0].lower()
    if op == "channel":
        return await _channel(core, request, s, words[1:])
    if op == "expiry":
        return await _expiry(core, request, s, words[1:])
    if len(words) < 3 or op not in ("add", "remove") or words[1].lower() not in ("role", "user"):
        return usage(USAGE + " Nothing was changed.")
    kind, target = words[1].lower(), words[2].strip("<@&>!")
    if not _PLATFORM_ID.fullmatch(target):
        return usage("A role or user id is letters, digits, `.`, `_` or `-` (a mention such as <@123> works too), "
                     "e.g. `/mod reviewers add user U024BE7LH`. Nothing was changed.")
    before = s.reviewer_roles if kind == "role" else s.reviewer_users
    current = before | {target} if op == "add" else before - {target}
    new = replace(s, reviewer_roles=current) if kind == "role" else replace(s, reviewer_users=current)
    await core.save_settings(new, request, f"reviewers: {op} {kind}", ", ".join(sorted(before)) or "none",
                             ", ".join(sorted(current)) or "none")
    if op == "add":
        return done(f"Reviewer {kind} added: {target}",
                    "They can open `/queue` now, and claim and reply to members' requests for a human read. "
                    "Members can ask once a review is done.")
    released = 0
    if kind == "user":  # a claim they can no longer answer goes back to the queue
        for found in await core.database.open_reviewer_requests(request.community_id):
            if found.claimed_by == target and found.replied_at is None:
                released += await core.database.release_reviewer_request(request.community_id, found.id, target)
    return done(f"Reviewer {kind} removed: {target}",
                "They can no longer open the queue, claim or reply."
                + (f" {plural(released, 'request')} they had claimed went back to the queue." if released else ""))


async def _show(core: Shortlist, request: Request, s: CommunitySettings) -> Reply:
    reply = Reply("The reviewer queue", kind="info", private=True)
    named = [f"role `{r}`" for r in sorted(s.reviewer_roles)] + [f"user `{u}`" for u in sorted(s.reviewer_users)]
    if named:
        reply.para("Reviewers (they read the letters members send for a human read):")
        reply.bullets(named)
    else:
        reply.para("No reviewers yet, so members aren't offered **Ask a reviewer**. Name some with "
                   "`/mod reviewers add role <id>` or `/mod reviewers add user <id>`.")
    if s.reviewer_channel:
        reply.para("Requests are posted for them in ", ChannelRef(s.reviewer_channel),
                   ", each with its own thread.")
    else:
        reply.para("No reviewers' channel: reviewers work from `/queue`. Run `/mod reviewers channel here` in a "
                   "channel only reviewers can read to post each request there.")
    waiting = len(await core.database.open_reviewer_requests(request.community_id))
    reply.para(f"Open requests: {waiting}. A request closes after {plural(s.reviewer_expiry_days, 'day')} "
               "without a step (`/mod reviewers expiry <days>`), and its letter is deleted.")
    return reply


async def _channel(core: Shortlist, request: Request, s: CommunitySettings, words: list[str]) -> Reply:
    if not words:
        return usage("Say where: `/mod reviewers channel here` (or `none` to stop posting). Nothing was changed.")
    choice = words[0].lower()
    channel = None if choice in ("none", "off") else request.channel_id if choice in ("here", "this") else \
        words[0].strip("<#>").split("|")[0]
    if channel is not None and not _PLATFORM_ID.fullmatch(channel):
        return usage("A channel is `here`, `none`, or a channel's id or link. Nothing was changed.")
    await core.save_settings(replace(s, reviewer_channel=channel), request, "reviewers: channel",
                             s.reviewer_channel or "none", channel or "none")
    if channel is None:
        return done("Requests are no longer posted in a channel", "Reviewers work from `/queue`.")
    return done("Requests for a reviewer will be posted here" if choice in ("here", "this") else
                "Requests for a reviewer will be posted in that channel",
                ("Each request is posted in ", ChannelRef(channel), " with its own thread, holding the member's "
                 "letter: make it a channel only reviewers can read. On Discord, let Shortlist view it, send "
                 "messages, create public threads and send messages in threads there; on Slack, invite it."))


async def _expiry(core: Shortlist, request: Request, s: CommunitySettings, words: list[str]) -> Reply:
    low, high = EXPIRY_DAYS
    if not words or not words[0].isdigit() or not low <= int(words[0]) <= high:
        return usage(f"`/mod reviewers expiry` takes a number of days from {low} to {high}, e.g. "
                     "`/mod reviewers expiry 7`. Nothing was changed.")
    days = int(words[0])
    await core.save_settings(replace(s, reviewer_expiry_days=days), request, "reviewers: expiry",
                             f"{s.reviewer_expiry_days} days", f"{days} days")
    return done(f"Requests now close after {plural(days, 'day')} without a step",
                "When one does, its member is told kindly and its letter deleted.")
