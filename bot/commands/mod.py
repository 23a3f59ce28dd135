"""/mod: moderators run Shortlist for their community. Every change is audited; members are refused."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

# PyYAML, pydantic, re2 and the guide schema (community_guides) load with the first command that
# uses them, not with every start: see the imports inside the functions below.
from .. import moderation
from ..moderation import PERIODS, available_channels, describe_period
from ..records import utcnow
from ..reply import ChannelRef, Reply, UserText, plural
from ..settings import CommunitySettings, FaqRow
from .registry import COMMANDS, Param, command

ACTIONS = ("settings", "disable", "enable", "channels", "default-role", "region", "faq", "cooldown", "retention",
           "moderators", "stats", "audit", "export", "import", "import-confirm", "guide", "guide-confirm", "erase")
QUESTION_MAX, ANSWER_MAX = 200, 1500
MASS_MENTION = re.compile(r"@(everyone|here)\b|<!(channel|here|everyone)\b|<@&\d+>|<!subteam\^", re.I)
MIN_REVIEWS_FOR_MEDIAN = 5  # fewer, and any figure drawn from reviews could point at one member's letter


def _bind(cmd, words, core):
    if not words:
        return {}
    action = words[0].lower()
    return {"action": action, "value": words.rest_from(1)} if len(words) > 1 else {"action": action}


@command("mod", "Moderators: switch commands on or off, channels, default role, FAQ, cooldowns, stats, audit.",
         "/mod disable review here",
         params=(Param("action", "What to see or change", choices=ACTIONS),
                 Param("value", "Details, e.g. `review here`, `5 per day`, `add Question? | Answer`", rest=True)),
         private=True, moderator=True, bind=_bind,
         recorded=lambda request: (request.arg("action") or "").lower() != "erase",  # erasing leaves no trace
         pastes_when=lambda request: (request.arg("action") == "import" and not request.arg("value")) or (
             request.arg("action") == "guide" and (request.arg("value") or "").strip().lower() == "import"))
async def mod_command(core, request):
    if core.store is None:
        return Reply("Moderation needs the database", kind="error", private=True).para(
            "This Shortlist runs without a database, so there is nothing to configure.")
    action = (request.arg("action") or "settings").lower()
    handler = HANDLERS.get(action)
    if handler is None:
        return _usage("There's no moderator command called \u201c", UserText(action[:40]), "\u201d.")
    settings = await core.settings(request.community_id)
    return await handler(core, request, settings, request.arg("value") or "")


def _usage(*problem) -> Reply:
    """The moderator commands, after what was wrong (text, with what the moderator typed as UserText)."""
    reply = Reply("Moderator commands", kind="error" if problem else "info", private=True)
    if problem:
        reply.para(*problem)
    reply.bullets([
        "`/mod settings`: every command and where it is on or off, and the other settings",
        "`/mod disable <command> [here]` / `/mod enable <command> [here]`: in the whole community, or this channel",
        "`/mod channels add here` / `remove here` / `all`: run only in listed channels, or everywhere",
        "`/mod default-role <role>` (or `none`): the guide used when a member leaves the role out",
        "`/mod region uk` / `us`: UK or US letter conventions for members who leave the role out",
        "`/mod faq add Question? | Answer`, `faq edit <id> Question? | Answer`, `faq remove <id>`",
        "`/mod cooldown 5 per day` (minute, hour, day, week) or `off`: reviews per member",
        "`/mod retention <days>`: how long history is kept (1 to 3650)",
        "`/mod moderators add role <id>` / `add user <id>` / `remove ...`",
        "`/mod stats [days]`, `/mod audit`, `/mod export`, `/mod import <yaml>`",
        "`/mod guide list` / `export <id>` / `import` / `remove <id>`: this community's own guides",
        "`/mod erase` (admins): delete everything Shortlist stores for this community, after confirming",
    ])
    return reply


def _done(title: str, *lines) -> Reply:
    reply = Reply(title, kind="info", private=True)
    for line in lines:
        reply.para(*line) if isinstance(line, tuple) else reply.para(line)
    reply.para("_Saved, and in effect now. `/mod audit` shows the change._")
    return reply


# -- seeing the settings ----------------------------------------------------------------------------
async def _settings(core, request, s: CommunitySettings, value: str) -> Reply:
    reply = Reply("Shortlist settings for this community", kind="info", private=True)
    rows = []
    for name, cmd in COMMANDS.items():
        if cmd.moderator:
            continue
        if name in moderation.ALWAYS_ON:
            rows.append((f"`/{name}`: always on",))
            continue
        places = available_channels(name, s)
        if places is None:
            off = sorted(ch for (c, ch), on in s.switches.items() if c == name and ch and not on)
            rows.append((f"`/{name}`: on", *([" except in "] + _refs(off) if off else [])))
        elif places:
            rows.append((f"`/{name}`: only in ", *_refs(sorted(places))))
        else:
            rows.append((f"`/{name}`: off",))
    reply.heading("Commands")
    reply.bullets(rows)
    reply.heading("Settings")
    reply.fields([
        ("Channels", "all" if not s.allowed_channels else f"{len(s.allowed_channels)} listed"),
        ("Default role", f"`{s.default_guide}`" if s.default_guide else "general (not set)"),
        ("Review cooldown", f"{s.cooldown[0]} {describe_period(s.cooldown[1])}" if s.cooldown else "none"),
        ("History kept", f"{s.retention_days} days"),
        ("Community FAQ", plural(len(s.faq), "entry", "entries")),
        ("Extra moderators", f"{plural(len(s.moderator_roles), 'role')}, {plural(len(s.moderator_users), 'user')}"),
    ])
    if s.allowed_channels:
        reply.para("Shortlist runs only in ", *_refs(sorted(s.allowed_channels)), ".")
    reply.button("Stats", "/mod stats")
    reply.button("Audit log", "/mod audit")
    return reply


def _refs(channels):
    return moderation.join([ChannelRef(c) for c in channels])


# -- switches and channels ---------------------------------------------------------------------------
def _switch(enabled: bool):
    async def handle(core, request, s, value):
        words = value.split()
        if not words:
            return _usage(f"Say which command, e.g. `/mod {'enable' if enabled else 'disable'} review here`.")
        name = words[0].lstrip("/").lower()
        here = len(words) > 1 and words[1].lower() in ("here", "channel", "this")
        if name not in COMMANDS or COMMANDS[name].moderator:
            return _usage("There's no member command called \u201c/", UserText(name[:40]), "\u201d.")
        if name in moderation.ALWAYS_ON:
            return _usage(f"`/{name}` always stays on, so members can always get help and manage their own data.")
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
        return _done(f"/{name} is {'on' if enabled else 'off'} {place[0]}")
    return handle


async def _channels(core, request, s, value):
    words = value.lower().split()
    if not words:
        if not s.allowed_channels:
            return _done_view("Shortlist runs in every channel", "Use `/mod channels add here` to limit it to a list.")
        reply = Reply("Channels Shortlist runs in", kind="info", private=True)
        reply.para("Only in ", *_refs(sorted(s.allowed_channels)), ".")
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
        return _usage("Use `/mod channels add here`, `/mod channels remove here` or `/mod channels all`.")
    new = replace(s, allowed_channels=frozenset(channels))
    await core.save_settings(new, request, "channels", ", ".join(sorted(s.allowed_channels)) or "all",
                             ", ".join(sorted(channels)) or "all")
    if not channels:
        return _done("Shortlist now runs in every channel")
    return _done("Channels updated", ("Shortlist now runs only in ", *_refs(sorted(channels)), "."))


def _done_view(title, text):
    return Reply(title, kind="info", private=True).para(text)


# -- default role, cooldown, retention ------------------------------------------------------------------
# The general guide of each region: `/mod region` makes it the community's default guide.
REGION_GUIDES = {"uk": "general", "us": "general-us"}


async def _region(core, request, s, value):
    value = value.strip().lower()
    current = "us" if s.default_guide == REGION_GUIDES["us"] else "uk"
    if not value:
        return _done_view("Region", f"Members who leave the role out get {current.upper()} conventions "
                          f"(`{s.default_guide or 'general'}`). Change it with `/mod region uk` or `/mod region us`.")
    if value not in REGION_GUIDES or REGION_GUIDES[value] not in core.library.guides:
        return _usage("`/mod region` takes `uk` or `us`.")
    guide_id = None if value == "uk" else REGION_GUIDES[value]
    replaced = s.default_guide not in (None, *REGION_GUIDES.values())
    await core.save_settings(replace(s, default_guide=guide_id), request, "region",
                             s.default_guide or "general", guide_id or "general")
    note = (f" This replaces the default role `{s.default_guide}`; `/mod default-role {s.default_guide}` "
            "brings it back." if replaced else "")
    return _done(f"Region: {value.upper()}",
                 f"`/review`, `/mistakes` and `/faq` use the `{REGION_GUIDES[value]}` guide when a member leaves "
                 f"the role out: {'a bare Sincerely is a normal close' if value == 'us' else 'Dear Sir or Madam pairs with Yours faithfully'}." + note)


async def _default_role(core, request, s, value):
    value = value.strip()
    if not value:
        return _done_view("Default role", f"Members who leave the role out get `{s.default_guide or 'general'}`.")
    if value.lower() in ("none", "off", "general"):
        guide_id = None
    else:
        guide, problem = core.resolve_guide(value)
        if problem:
            return problem
        guide_id = guide.id
    await core.save_settings(replace(s, default_guide=guide_id), request, "default role",
                             s.default_guide or "general", guide_id or "general")
    return _done(f"Default role: {guide_id or 'general'}",
                 "`/review`, `/mistakes` and `/faq` use it when a member leaves the role out.")


_COOLDOWN = re.compile(r"^(\d{1,4})\s*(?:reviews?\s*)?(?:per|a|an|every|/)\s*(minute|hour|day|week)s?$", re.I)


async def _cooldown(core, request, s, value):
    value = value.strip().lower()
    if not value:
        text = f"{s.cooldown[0]} {describe_period(s.cooldown[1])}" if s.cooldown else "none"
        return _done_view("Review cooldown", f"Current limit: {text}.")
    if value in ("off", "none", "0"):
        cooldown = None
    else:
        m = _COOLDOWN.match(value)
        if not m or int(m.group(1)) < 1:
            return _usage("Write the limit like `/mod cooldown 5 per day` or `/mod cooldown 1 per minute`, or `off`.")
        cooldown = (int(m.group(1)), PERIODS[m.group(2).lower()])
    fmt = lambda c: f"{c[0]} {describe_period(c[1])}" if c else "none"  # noqa: E731
    await core.save_settings(replace(s, cooldown=cooldown), request, "review cooldown", fmt(s.cooldown), fmt(cooldown))
    return _done(f"Review cooldown: {fmt(cooldown)}")


async def _retention(core, request, s, value):
    if not value.strip():
        return _done_view("History retention", f"Stored history is deleted after {s.retention_days} days.")
    if not value.strip().isdigit() or not 1 <= int(value) <= 3650:
        return _usage("Retention is a number of days from 1 to 3650, e.g. `/mod retention 30`.")
    days = int(value)
    await core.save_settings(replace(s, retention_days=days), request, "retention", f"{s.retention_days} days",
                             f"{days} days")
    purged = await core.maintain()
    return _done(f"History is now kept for {days} days",
                 f"Older records were deleted just now ({sum(purged.values())} across all communities).")


_PLATFORM_ID = re.compile(r"[\w.-]{1,80}")


# -- moderators -------------------------------------------------------------------------------------------
async def _moderators(core, request, s, value):
    words = value.split()
    if not words:
        reply = Reply("Moderators beyond the platform's own admins", kind="info", private=True)
        reply.bullets([f"role `{r}`" for r in sorted(s.moderator_roles)] +
                      [f"user `{u}`" for u in sorted(s.moderator_users)] or ["none yet"])
        return reply
    if len(words) < 3 or words[0] not in ("add", "remove") or words[1] not in ("role", "user"):
        return _usage("Use `/mod moderators add role <id>` or `/mod moderators remove user <id>`.")
    op, kind, target = words[0], words[1], words[2].strip("<@&>!")
    if not _PLATFORM_ID.fullmatch(target):
        return _usage("A role or user id is letters, digits, `.`, `_` or `-` (a mention such as <@123> works "
                      "too), e.g. `/mod moderators add user U024BE7LH`. Nothing was changed.")
    field = "moderator_roles" if kind == "role" else "moderator_users"
    current = set(getattr(s, field))
    current.add(target) if op == "add" else current.discard(target)
    await core.save_settings(replace(s, **{field: frozenset(current)}), request, f"moderators: {op} {kind}",
                             ", ".join(sorted(getattr(s, field))) or "none", ", ".join(sorted(current)) or "none")
    return _done(f"Moderator {kind} {'added' if op == 'add' else 'removed'}: {target}")


# -- community FAQ ----------------------------------------------------------------------------------------
def faq_problem(question: str, answer: str) -> str | None:
    if not 5 <= len(question) <= QUESTION_MAX:
        return f"A question needs 5 to {QUESTION_MAX} characters."
    if not 10 <= len(answer) <= ANSWER_MAX:
        return f"An answer needs 10 to {ANSWER_MAX} characters."
    if MASS_MENTION.search(question) or MASS_MENTION.search(answer):
        return "FAQ entries can't contain mass mentions (pings of everyone, here, the channel, or a role)."
    return None


async def _faq(core, request, s, value):
    op, _, rest = value.strip().partition(" ")
    op = op.lower()
    if not op:
        reply = Reply("Your community's FAQ", kind="info", private=True)
        if not s.faq:
            reply.para("No entries yet. Add one with `/mod faq add Question? | Answer`.")
        for f in s.faq:
            reply.heading(f"#{f.id}")
            reply.para(UserText(f.question))
            reply.para(UserText(f.answer))
        return reply
    entries = list(s.faq)
    if op in ("add", "edit"):
        entry_id = None
        if op == "edit":
            first, _, rest = rest.strip().partition(" ")
            entry_id = int(first.lstrip("#")) if first.lstrip("#").isdigit() else None
            if entry_id not in {f.id for f in entries}:
                return _usage("There's no FAQ entry \u201c", UserText(first[:20]), "\u201d here; `/mod faq` lists them.")
        question, sep, answer = rest.partition("|")
        question, answer = question.strip(), answer.strip()
        if not sep:
            return _usage("Separate the question and the answer with `|`, e.g. "
                          "`/mod faq add When is the next mock interview? | Thursdays at 6pm.`")
        problem = faq_problem(question, answer)
        if problem:
            return _usage(problem)
        if op == "add":
            entries.append(FaqRow(None, question, answer))
            before = None
        else:
            old = next(f for f in entries if f.id == entry_id)
            before = f"#{entry_id}: {old.question}"
            entries = [FaqRow(entry_id, question, answer) if f.id == entry_id else f for f in entries]
        await core.save_settings(replace(s, faq=tuple(entries)), request, f"faq {op}", before, question)
        return _done(f"FAQ entry {'added' if op == 'add' else 'updated'}",
                     ("\u201c", UserText(question), "\u201d now answers from `/faq`, marked as your community's own."))
    if op == "remove":
        target = rest.strip().lstrip("#")
        found = next((f for f in entries if str(f.id) == target), None)
        if found is None:
            return _usage("There's no FAQ entry \u201c", UserText(target[:20]), "\u201d here; `/mod faq` lists them.")
        await core.save_settings(replace(s, faq=tuple(f for f in entries if f is not found)), request, "faq remove",
                                 f"#{found.id}: {found.question}", None)
        return _done(f"FAQ entry #{found.id} removed")
    return _usage("Use `/mod faq`, `/mod faq add ...`, `/mod faq edit <id> ...` or `/mod faq remove <id>`.")


# -- stats and audit ------------------------------------------------------------------------------------
async def _stats(core, request, s, value):
    days = int(value) if value.strip().isdigit() and 1 <= int(value) <= 3650 else 30
    stats = await core.store.stats(request.community_id, utcnow() - dt.timedelta(days=days))
    reply = Reply(f"Shortlist in this community: the last {days} days", kind="info", private=True)
    reply.para("Aggregate figures only. No view shows any member's letters, scores or history: Shortlist helps "
               "members, it never screens them.")
    # Every figure drawn from reviews waits for enough of them: below that, a median, a guide's review
    # count or a rule's tally could describe one member's letter.
    enough = stats.reviews >= MIN_REVIEWS_FOR_MEDIAN
    reply.fields([("Commands", str(sum(n for _, n in stats.commands))), ("Reviews", str(stats.reviews)),
                  ("Median score", (f"{stats.median_score:.0f}" if enough and stats.median_score is not None
                                    else f"shown from {MIN_REVIEWS_FOR_MEDIAN} reviews"))])
    if stats.commands:
        reply.heading("Uses per command")
        reply.bullets([f"`/{c}`: {n}" for c, n in stats.commands])
    per_guide: dict[str, int] = {}
    for guide_id, n in stats.guides + (stats.reviews_by_guide if enough else []):
        found = core.library.find(guide_id).guide  # rows from before migration 6 may hold an alias
        key = found.id if found else guide_id
        per_guide[key] = per_guide.get(key, 0) + n
    if per_guide:
        reply.heading("Uses per guide" + ("" if enough else " (guides and FAQ; reviews not counted yet)"))
        reply.bullets([f"`{g}`: {n}" for g, n in sorted(per_guide.items(), key=lambda t: (-t[1], t[0]))])
    if not enough:
        reply.para(f"_The median score, reviews per guide, the review points raised most and those marked wrong "
                   f"appear from {MIN_REVIEWS_FOR_MEDIAN} reviews in the period: with fewer, they could describe "
                   "one member's letter._")
        return reply
    if stats.rules_fired:
        reply.heading("Review points raised most often")
        reply.bullets([f"{core.library.rule_title(r)} (`{r}`): {n}" for r, n in stats.rules_fired])
    if stats.rules_marked_wrong:
        reply.heading("Review points members marked as wrong")
        reply.bullets([f"{core.library.rule_title(r)} (`{r}`): {n}" for r, n in stats.rules_marked_wrong])
    return reply


async def _audit(core, request, s, value):
    limit = int(value) if value.strip().isdigit() and 1 <= int(value) <= 100 else 20
    entries = await core.store.audit_log(request.community_id, limit)
    reply = Reply("Audit log: moderator changes", kind="info", private=True)
    if not entries:
        return reply.para("No moderator has changed anything here yet.")
    reply.bullets([(f"{e.at:%Y-%m-%d %H:%M} UTC \u00b7 ", UserText(e.actor), f" \u00b7 **{e.action}**: ",
                    UserText(f"{e.before or '-'} \u2192 {e.after or '-'}")) for e in entries])
    return reply


# -- export and import -------------------------------------------------------------------------------------
def export_document(s: CommunitySettings, guides: dict[str, str] | None = None) -> dict:
    commands = {}
    for (name, channel), on in sorted(s.switches.items()):
        entry = commands.setdefault(name, {})
        if channel:
            entry.setdefault("channels", {})[channel] = on
        else:
            entry["enabled"] = on
    return {
        "shortlist": 1,
        "default_role": s.default_guide,
        "retention_days": s.retention_days,
        "review_cooldown": {"reviews": s.cooldown[0], "seconds": s.cooldown[1]} if s.cooldown else None,
        "channels": sorted(s.allowed_channels),
        "commands": commands,
        "moderators": {"roles": sorted(s.moderator_roles), "users": sorted(s.moderator_users)},
        "faq": [{"question": f.question, "answer": f.answer} for f in s.faq],
        **({"guides": guides} if guides else {}),  # the community's own guides, id -> their YAML
    }


def _yaml(doc: dict) -> str:
    import yaml
    return yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100)


async def _own_guides(core, community: str) -> dict[str, str]:
    return {g.id: g.yaml for g in await core.store.community_guides(community)}


async def _export(core, request, s, value):
    import yaml
    doc = export_document(s, await _own_guides(core, request.community_id))
    text = _yaml(doc)
    reply = Reply("Settings, FAQ and guides, as YAML", kind="info", private=True, data=doc)
    reply.para("Keep it as a backup, or paste it into `/mod import` in another community (on Discord, Slack or "
               "the terminal). Channel, role and user ids are platform-specific: check them after moving.")
    reply.quote(text)
    reply.para("The same on one line, for Discord's command box (which drops line breaks):")
    reply.quote(yaml.safe_dump(doc, default_flow_style=True, allow_unicode=True,
                               width=float("inf")).strip())
    return reply


def import_guides(core, text: str) -> tuple[dict[str, str] | None, str | None]:
    """The guides an import file carries, each checked as `/mod guide import` checks it; None when the
    file has no `guides:` (an export from before guides could be exported)."""
    import yaml

    from .. import community_guides
    raw = yaml.safe_load(text)
    guides = raw.get("guides") if isinstance(raw, dict) else None
    if guides is None:
        return None, None
    if not isinstance(guides, dict) or len(guides) > community_guides.MAX_GUIDES:
        return None, f"`guides`: a mapping of at most {community_guides.MAX_GUIDES} guide ids to their YAML."
    for guide_id, guide_text in guides.items():
        if not isinstance(guide_text, str):
            return None, f"guide `{str(guide_id)[:40]}`: give the guide's YAML as one block of text."
        guide, problems = community_guides.check(guide_text, core.shipped, f"guides.{guide_id}")
        if problems:
            return None, f"guide `{str(guide_id)[:40]}`: {problems[0]}"
        if guide.id != guide_id:
            return None, f"guide `{str(guide_id)[:40]}`: its YAML has the id `{guide.id}`."
    return {str(k): str(v) for k, v in guides.items()}, None


def parse_import(core, text: str, community: str) -> tuple[CommunitySettings | None, str | None]:
    import yaml
    from pydantic import ValidationError

    from .. import community_guides
    from .settings_document import ImportDocument
    try:
        raw = yaml.safe_load(text)
        doc = ImportDocument.model_validate(raw if raw is not None else {})
    except yaml.YAMLError as exc:
        return None, f"That isn't valid YAML ({getattr(exc, 'problem', None) or exc})."
    except ValidationError as exc:
        first = exc.errors()[0]
        return None, f"`{'.'.join(str(p) for p in first['loc'])}`: {first['msg']}."
    for name in doc.commands:
        if name not in COMMANDS or COMMANDS[name].moderator:
            return None, f"`commands.{name}`: there's no member command called /{name}."
    guides, problem = import_guides(core, text)
    if problem:
        return None, problem
    library = core.library if guides is None else community_guides.overlay(
        core.shipped, [community_guides.check(t, core.shipped)[0] for t in guides.values()])
    if doc.default_role and library.find(doc.default_role).guide is None:
        return None, f"`default_role`: there's no guide called {doc.default_role}."
    for entry in doc.faq:
        problem = faq_problem(entry.question, entry.answer)
        if problem:
            return None, f"FAQ \u201c{entry.question[:40]}\u201d: {problem}"
    switches = {}
    for name, c in doc.commands.items():
        if c.enabled is not None:
            switches[(name, "")] = c.enabled
        switches.update({(name, ch): on for ch, on in c.channels.items()})
    guide = library.find(doc.default_role).guide if doc.default_role else None
    return CommunitySettings(
        community=community, retention_days=doc.retention_days, default_guide=guide.id if guide else None,
        cooldown=(doc.review_cooldown.reviews, doc.review_cooldown.seconds) if doc.review_cooldown else None,
        allowed_channels=frozenset(doc.channels), switches=switches,
        moderator_roles=frozenset(doc.moderators.roles), moderator_users=frozenset(doc.moderators.users),
        faq=tuple(FaqRow(None, f.question.strip(), f.answer.strip()) for f in doc.faq)), None


async def _import(core, request, s, value):
    from .mod_guides import given_text
    text, problem = given_text(request, value)
    if problem:
        return _usage(f"Nothing was changed. {problem}")
    if not text.strip():
        return _usage("Paste the YAML from `/mod export` after `/mod import`.")
    new, problem = parse_import(core, text, request.community_id)
    if problem:
        return _usage(f"Nothing was changed. {problem}")
    own = await _own_guides(core, request.community_id)
    incoming, _ = import_guides(core, text)
    before, after = _yaml(export_document(s, own)), _yaml(export_document(new, own if incoming is None else incoming))
    import difflib
    import secrets
    diff = "\n".join(difflib.unified_diff(before.splitlines(), after.splitlines(), "now", "after import", lineterm=""))
    if not diff:
        return _done_view("Nothing to import", "That file matches this community's settings already.")
    token = secrets.token_hex(6)
    await core.store.stash_import(token, request.community_id, request.user_id, text)
    reply = Reply("Import: check the changes, then confirm", kind="confirm", private=True)
    reply.para("Nothing has changed yet. Lines starting with `-` go, lines with `+` arrive. FAQ entries (and "
               "the community's guides, when the file has `guides:`) are replaced as a whole.")
    reply.quote(diff)
    reply.button("Confirm import", f"/mod import-confirm {token}")
    reply.button("Cancel", "/mod settings")
    return reply


async def _import_confirm(core, request, s, value):
    text = await core.store.take_import(value.strip(), request.community_id)
    if text is None:
        return _usage("That import has already been applied or has expired. Run `/mod import` again.")
    new, problem = parse_import(core, text, request.community_id)
    if problem:
        return _usage(f"Nothing was changed. {problem}")
    await core.save_settings(replace(new, version=s.version), request, "import", _yaml(export_document(s)),
                             _yaml(export_document(new)))
    incoming, _ = import_guides(core, text)
    own = await _own_guides(core, request.community_id)
    if incoming is not None and incoming != own:
        changes = {**{g: None for g in own if g not in incoming}, **incoming}
        await core.store.save_community_guides(request.community_id, changes,
                                               actor=f"{request.platform}:{request.user_id}", action="import guides",
                                               before=", ".join(sorted(own)) or None,
                                               after=", ".join(sorted(incoming)) or None)
        core.forget_library(request.community_id)
    return _done("Imported: this community's settings and FAQ are replaced" +
                 (", and its guides" if incoming is not None else ""))


async def _guide(core, request, s, value):
    from .mod_guides import guide_action  # community guides bring re2, PyYAML and the guide schema
    return await guide_action(core, request, s, value)


async def _guide_confirm(core, request, s, value):
    from .mod_guides import guide_confirm
    return await guide_confirm(core, request, s, value)


async def _erase(core, request, s, value):
    from .mod_erase import erase_action
    return await erase_action(core, request, s, value)


HANDLERS = {"settings": _settings, "disable": _switch(False), "enable": _switch(True), "channels": _channels,
            "default-role": _default_role, "region": _region, "faq": _faq, "cooldown": _cooldown, "retention": _retention,
            "moderators": _moderators, "stats": _stats, "audit": _audit, "export": _export, "import": _import,
            "import-confirm": _import_confirm, "guide": _guide, "guide-confirm": _guide_confirm, "erase": _erase}
