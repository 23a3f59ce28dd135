"""/mod settings, and the community's settings one at a time: region, default role, cooldown, retention,
moderators."""
from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from ... import moderation
from ...editions import REGION_GUIDES
from ...moderation import PERIODS, available_channels, describe_period
from ...reply import Reply, Rich, plural
from ...settings import RETENTION_DAYS, CommunitySettings
from ..registry import COMMANDS
from .common import channel_refs, done, done_view, usage

if TYPE_CHECKING:
    from ...core import Shortlist
    from ...request import Request


# -- seeing the settings ----------------------------------------------------------------------------
async def show_settings(core: Shortlist, request: Request, s: CommunitySettings, value: str) -> Reply:
    reply = Reply("Shortlist settings for this community", kind="info", private=True)
    rows: list[Rich] = []
    for name, cmd in COMMANDS.items():
        if cmd.moderator:
            continue
        if name in moderation.ALWAYS_ON:
            rows.append((f"`/{name}`: always on",))
            continue
        places = available_channels(name, s)
        if places is None:
            off = sorted(ch for (c, ch), on in s.switches.items() if c == name and ch and not on)
            rows.append((f"`/{name}`: on", *([" except in "] + channel_refs(off) if off else [])))
        elif places:
            rows.append((f"`/{name}`: only in ", *channel_refs(sorted(places))))
        else:
            rows.append((f"`/{name}`: off",))
    reply.heading("Commands")
    reply.bullets(rows)
    reply.heading("Settings")
    reply.fields([
        ("Channels", "all" if not s.allowed_channels else f"{len(s.allowed_channels)} listed"),
        ("Default role", f"`{s.default_guide}`" if s.default_guide else  # what the region gives (trial 14 F13)
         f"`{REGION_GUIDES[s.region]}` (from the region)" if s.region in REGION_GUIDES else "general (not set)"),
        ("Region", f"{region_of(s).upper()} conventions"),
        ("Review cooldown", _cooldown_text(s.cooldown)),
        ("History kept", f"{s.retention_days} days"),
        ("Community FAQ", plural(len(s.faq), "entry", "entries")),
        ("Extra moderators", f"{plural(len(s.moderator_roles), 'role')}, {plural(len(s.moderator_users), 'user')}"),
        ("Reviewers", f"{plural(len(s.reviewer_roles), 'role')}, {plural(len(s.reviewer_users), 'user')}; "
                      f"requests close after {plural(s.reviewer_expiry_days, 'day')} without a step"),
    ])
    if s.allowed_channels:
        reply.para("Shortlist runs only in ", *channel_refs(sorted(s.allowed_channels)), ".")
    reply.button("Stats", "/mod stats")
    reply.button("Audit log", "/mod audit")
    return reply



# -- region, default role, cooldown, retention -------------------------------------------------------------
# `/mod region` picks the conventions (REGION_GUIDES: the general guide that holds them) that the community's
# reviews follow, whatever its default role: a US data-analyst community sets both.

def region_of(s: CommunitySettings) -> str:
    """'uk' or 'us': the region set, else the one a default role of general-us implies (an older setting)."""
    return s.region or ("us" if s.default_guide == REGION_GUIDES["us"] else "uk")


def _default_text(s: CommunitySettings) -> str:
    role = s.default_guide if s.default_guide not in (None, *REGION_GUIDES.values()) else None
    region = region_of(s)
    return f"`{role}` with {region.upper()} conventions" if role else f"`{REGION_GUIDES[region]}` ({region.upper()})"


async def region(core: Shortlist, request: Request, s: CommunitySettings, value: str) -> Reply:
    value = value.strip().lower()
    current = region_of(s)
    if not value:
        return done_view("Region", f"Reviews follow {current.upper()} conventions. Members who leave the role out "
                                   f"get {_default_text(s)}. Change it with `/mod region uk` or `/mod region us`.")
    if value not in REGION_GUIDES or REGION_GUIDES[value] not in core.library.guides:
        return usage("`/mod region` takes `uk` or `us`.")
    # A default role that was only a region's general guide gives way to the region; any other role stays.
    role = None if s.default_guide in REGION_GUIDES.values() else s.default_guide
    new = replace(s, region=value, default_guide=role)
    if new == s:  # already so: nothing saved, and no "uk -> uk" in the audit log (trial 12 F34)
        return done_view("Region", f"Reviews already follow {value.upper()} conventions: nothing changed.")
    await core.save_settings(new, request, "region", current, value)
    convention = ("a bare Sincerely is a normal close" if value == "us"
                  else "Dear Sir or Madam pairs with Yours faithfully")
    return done(f"Region: {value.upper()}",
                f"Reviews follow {value.upper()} conventions ({convention}), with any role's guide. Members who "
                f"leave the role out get {_default_text(new)}." + _written_for(core, new))


async def default_role(core: Shortlist, request: Request, s: CommunitySettings, value: str) -> Reply:
    value = value.strip()
    if not value:
        return done_view("Default role", f"Members who leave the role out get {_default_text(s)}.")
    if value.lower() in ("none", "off", "general"):
        guide_id = None
    else:
        guide = core.resolve_guide(value)
        if isinstance(guide, Reply):
            return guide
        guide_id = guide.id
    new = replace(s, default_guide=guide_id, region=s.region or ("us" if region_of(s) == "us" else None))
    await core.save_settings(new, request, "default role", s.default_guide or "general", guide_id or "general")
    return done(f"Default role: {guide_id or REGION_GUIDES[region_of(new)]}",
                f"`/review`, `/mistakes` and `/faq` use it when a member leaves the role out; reviews follow "
                f"{region_of(new).upper()} conventions (`/mod region` changes them)." + _written_for(core, new))


def _written_for(core: Shortlist, s: CommunitySettings) -> str:
    """A default guide written for another region than the community's: its advice and examples stay that region's
    while reviews follow the community's conventions. A UK dietitian guide (NHS bands) under `/mod region us` was
    applied "with US conventions" without a word (trial 18 F16)."""
    guide = core.library.find(s.default_guide).guide if s.default_guide else None
    written = guide.region.split()[0].upper() if guide else ""
    if not guide or written not in ("UK", "US") or written == region_of(s).upper():
        return ""
    return (f" Note that `{guide.id}` is written for {written} applications: its advice and examples stay "
            f"{written} ones, and only the letter conventions (the greeting and sign-off, say) follow "
            f"{region_of(s).upper()}.")


_COOLDOWN = re.compile(r"^(\d{1,4})\s*(?:reviews?\s*)?(?:per|a|an|every|/)\s*(minute|hour|day|week)s?$", re.I)


async def cooldown(core: Shortlist, request: Request, s: CommunitySettings, value: str) -> Reply:
    value = value.strip().lower()
    if not value:
        return done_view("Review cooldown", f"Current limit: {_cooldown_text(s.cooldown)}.")
    if value in ("off", "none", "0"):
        cooldown = None
    else:
        m = _COOLDOWN.match(value)
        if not m or int(m.group(1)) < 1:
            return usage("Write the limit like `/mod cooldown 5 per day` or `/mod cooldown 1 per minute`, or `off`.")
        cooldown = (int(m.group(1)), PERIODS[m.group(2).lower()])
    await core.save_settings(replace(s, cooldown=cooldown), request, "review cooldown", _cooldown_text(s.cooldown),
                             _cooldown_text(cooldown))
    return done(f"Review cooldown: {_cooldown_text(cooldown)}")


def _cooldown_text(cooldown: tuple[int, int] | None) -> str:
    return f"{cooldown[0]} {describe_period(cooldown[1])}" if cooldown else "none"


async def retention(core: Shortlist, request: Request, s: CommunitySettings, value: str) -> Reply:
    if not value.strip():
        return done_view("History retention", f"Stored history is deleted after {s.retention_days} days.")
    value = re.sub(r"\s+days?\s*$", "", value.strip(), flags=re.IGNORECASE)  # "30 days", as the reply says it (F26)
    if not value.isdigit() or int(value) not in RETENTION_DAYS:
        return usage(f"Retention is a number of days from {RETENTION_DAYS[0]} to {RETENTION_DAYS[-1]}, "
                     "e.g. `/mod retention 30`.")
    days = int(value)
    await core.save_settings(replace(s, retention_days=days), request, "retention", f"{s.retention_days} days",
                             f"{days} days")
    purged = await core.maintain()
    return done(f"History is now kept for {days} days",
                 f"Older records were deleted just now ({sum(purged.values())} across all communities).")


_PLATFORM_ID = re.compile(r"[\w.-]{1,80}")


# -- moderators -------------------------------------------------------------------------------------------
async def moderators(core: Shortlist, request: Request, s: CommunitySettings, value: str) -> Reply:
    words = value.split()
    if not words:
        reply = Reply("Moderators beyond the platform's own admins", kind="info", private=True)
        reply.bullets([f"role `{r}`" for r in sorted(s.moderator_roles)] +
                      [f"user `{u}`" for u in sorted(s.moderator_users)] or ["none yet"])
        return reply
    if len(words) < 3 or words[0] not in ("add", "remove") or words[1] not in ("role", "user"):
        return usage("Use `/mod moderators add role <id>` or `/mod moderators remove user <id>`.")
    op, kind, target = words[0], words[1], words[2].strip("<@&>!")
    if not _PLATFORM_ID.fullmatch(target):
        return usage("A role or user id is letters, digits, `.`, `_` or `-` (a mention such as <@123> works "
                      "too), e.g. `/mod moderators add user U024BE7LH`. Nothing was changed.")
    before = s.moderator_roles if kind == "role" else s.moderator_users
    current = set(before)
    if op == "add":
        current.add(target)
    else:
        current.discard(target)
    new = (replace(s, moderator_roles=frozenset(current)) if kind == "role"
           else replace(s, moderator_users=frozenset(current)))
    await core.save_settings(new, request, f"moderators: {op} {kind}",
                             ", ".join(sorted(before)) or "none", ", ".join(sorted(current)) or "none")
    return done(f"Moderator {kind} {'added' if op == 'add' else 'removed'}: {target}")

