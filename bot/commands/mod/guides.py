"""/mod guide: the community's own guides. Import (checked, shown, then confirmed), export, remove, list.

A community guide overlays the shipped library for that community only; every change is audited."""
from __future__ import annotations

import difflib
import secrets
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from ... import community_guides
from ...reply import Inline, Reply, Rich, UserText, plural
from .common import given_text

if TYPE_CHECKING:
    from ...core import Shortlist
    from ...guides import Guide
    from ...request import Request
    from ...settings import CommunitySettings
    from ...store import StoredGuide
    from ...yaml_source import Problem

STASH_MARK = "#shortlist-guide\n"  # a guide waiting for confirmation, told apart from a settings import
MAX_PROBLEMS_SHOWN = 12
USAGE = ("`/mod guide list`, `/mod guide export <id>`, `/mod guide import` (then paste the YAML, or attach it "
         "after the command: `shortlist ask \"/mod guide import\" < guide.yaml`), `/mod guide remove <id>` (asks "
         "you to confirm)")


def _usage(*problem: Inline) -> Reply:
    """What was wrong (text, with what the moderator typed as UserText), then the usage."""
    return Reply("Community guides", kind="error", private=True).para(*problem).para(USAGE)


async def guide_action(core: Shortlist, request: Request, s: CommunitySettings, value: str) -> Reply:
    words = value.split(None, 1)
    action = words[0].lower() if words else "list"
    rest = words[1].strip() if len(words) > 1 else ""
    handler = {"list": _list, "export": _export, "import": _import, "remove": _remove}.get(action)
    if handler is None:
        return _usage("There's no `/mod guide` action called \u201c", UserText(action[:30]), "\u201d.")
    return await handler(core, request, rest)


async def _own(core: Shortlist, community: str) -> dict[str, StoredGuide]:
    return {g.id: g for g in await core.database.community_guides(community)}


async def _list(core: Shortlist, request: Request, rest: str) -> Reply:
    own = await _own(core, request.community_id)
    reply = Reply("Guides in this community", kind="info", private=True)
    reply.para("Shipped guides come with Shortlist; this community's own were imported by its moderators and "
               "are seen only here.")
    rows: list[Inline | Rich] = []
    for guide in core.library:
        stored = own.get(guide.id)
        if stored is None:
            rows.append(f"`{guide.id}`: {guide.title} \u00b7 shipped")
        else:
            what = "this community's, in place of the shipped one" if guide.id in core.shipped.guides \
                else "this community's"
            rows.append((f"`{guide.id}`: {guide.title} \u00b7 {what} \u00b7 last changed by ",
                         UserText(stored.actor), f" on {stored.updated_at[:10]}"))
    reply.bullets(rows)
    return reply


def _shipped_text(core: Shortlist, guide_id: str) -> str:
    path = getattr(core.shipped, "files", {}).get(guide_id)
    if path is not None:
        try:
            return Path(path).read_text(encoding="utf-8")
        except OSError:
            pass
    guide = core.shipped.guides[guide_id]
    return yaml.safe_dump(guide.model_dump(mode="json", exclude_defaults=True), sort_keys=False, allow_unicode=True)


async def _export(core: Shortlist, request: Request, rest: str) -> Reply:
    if not rest:
        return _usage("Say which guide: `/mod guide export ml-engineer`.")
    guide = core.resolve_guide(rest)
    if isinstance(guide, Reply):
        return guide
    own = await _own(core, request.community_id)
    text = own[guide.id].yaml if guide.id in own else _shipped_text(core, guide.id)
    source = "this community's" if guide.id in own else "shipped"
    reply = Reply(f"The {guide.id} guide, as YAML", kind="info", private=True,
                  data={"id": guide.id, "source": source, "yaml": text}, document=text)
    reply.para(f"The {source} guide. Change it and import it with `/mod guide import`: keep the id to replace "
               "it for this community, or give it a new id (and title and aliases) for a new role. "
               "`guides/README.md` in Shortlist's repository explains every field.")
    reply.quote(text)
    return reply


def _problems_reply(problems: list[Problem]) -> Reply:
    reply = Reply("That guide can't be imported yet", kind="error", private=True)
    reply.para(f"Nothing was changed. I found {plural(len(problems), 'problem')}:")
    reply.bullets([(f"line {p.line}, " if p.line else "", f"`{p.field or 'file'}`: ", UserText(p.message))
                   for p in problems[:MAX_PROBLEMS_SHOWN]])
    if len(problems) > MAX_PROBLEMS_SHOWN:
        reply.para(f"\u2026 and {len(problems) - MAX_PROBLEMS_SHOWN} more. `shortlist guides check` lists them all.")
    return reply


def _summary(guide: Guide) -> str:
    inherited = f", inheriting {guide.review.inherit}'s" if guide.review.inherit else ""
    return (f"{guide.id}: {guide.title} ({plural(len(guide.review.rules), 'rule')} of its own{inherited}; "
            f"{plural(len(guide.faq), 'FAQ answer')})")


async def _import(core: Shortlist, request: Request, rest: str) -> Reply:
    text, problem = given_text(request, rest)
    if problem:
        return _usage(f"Nothing was changed. {problem}")
    if not text.strip():
        return _usage("Paste the guide's YAML after `/mod guide import` (start from `/mod guide export general`).")
    guide, problems = community_guides.check(text, core.shipped)
    if guide is None:
        return _problems_reply(problems)
    own = await _own(core, request.community_id)
    if guide.id not in own and len(own) >= community_guides.MAX_GUIDES:
        return _usage(f"This community has {community_guides.MAX_GUIDES} guides of its own already; remove one first.")
    reply = Reply("Guide import: check it, then confirm", kind="confirm", private=True)
    reply.para("Nothing has changed yet.")
    if guide.id in own:
        before = own[guide.id].yaml
        diff = "\n".join(difflib.unified_diff(before.splitlines(), text.splitlines(), "now", "after import",
                                              lineterm=""))
        if not diff:
            return Reply("Nothing to import", kind="info", private=True).para(
                f"This community's `{guide.id}` guide is already exactly that.")
        reply.para(f"It replaces this community's `{guide.id}` guide. Lines starting with `-` go, `+` arrive:")
        reply.quote(diff)
    elif guide.id in core.shipped.guides:
        reply.para(f"It replaces the shipped `{guide.id}` guide for this community only: members here will see "
                   "yours in `/guide`, `/mistakes`, `/faq` and `/review`. Removing it brings the shipped one back.")
    else:
        reply.para(f"It adds a new guide, `{guide.id}`, for this community only.")
    reply.bullets([f"**{guide.title}** (`/guide {guide.id}`)" +
                   (f", also found as {', '.join(guide.aliases[:5])}" if guide.aliases else ""),
                   f"{plural(len(guide.signals), 'signal')}, {plural(len(guide.mistakes), 'mistake')}, "
                   f"{plural(len(guide.faq), 'FAQ answer')}: what members read in `/guide` and `/mistakes`; a review "
                   "checks only the review rules below",  # a signal is not read for (trial 12 F22)
                   f"{plural(len(guide.review.rules), 'review rule')} of its own" +
                   (f", plus the `{guide.review.inherit}` guide's" if guide.review.inherit else "")])
    _describe_rules(reply, guide)
    token = secrets.token_hex(6)
    await core.database.stash_import(token, request.community_id, request.user_id, STASH_MARK + text)
    confirm = f"`{request.typed('mod')} guide-confirm {token}`"
    reply.para(f"To apply it, press Confirm (or type {confirm})." if request.buttons
               else f"To apply it, type {confirm}.")
    reply.button("Confirm guide import", f"/mod guide-confirm {token}")
    reply.button("Don't import: list guides", "/mod guide list")  # the import is left to expire
    return reply


async def guide_confirm(core: Shortlist, request: Request, s: CommunitySettings, value: str) -> Reply:
    stashed = await core.database.take_import(value.strip(), request.community_id)
    if stashed is None or not stashed.startswith(STASH_MARK):
        return _usage("That guide import has already been applied or has expired. Run `/mod guide import` again.")
    text = stashed[len(STASH_MARK):]
    guide, problems = community_guides.check(text, core.shipped)
    if guide is None:
        return _problems_reply(problems)
    own = await _own(core, request.community_id)
    before = f"community guide {guide.id}" if guide.id in own else (
        f"shipped guide {guide.id}" if guide.id in core.shipped.guides else None)
    await core.database.save_community_guides(request.community_id, {guide.id: text},
                                           actor=f"{request.platform}:{request.user_id}", action="guide import",
                                           before=before, after=_summary(guide))
    core.forget_library(request.community_id)
    return (Reply(f"Imported: the {guide.id} guide", kind="info", private=True)
            .para(f"Members of this community see it now: `/guide {guide.id}`, `/review {guide.id}`. "
                  "`/mod guide list` shows it, and `/mod audit` the change."))


async def _remove(core: Shortlist, request: Request, rest: str) -> Reply:
    guide_id, _, confirmed = rest.strip().lower().partition(" ")
    if not guide_id:
        return _usage("Say which guide: `/mod guide remove <id>`.")
    own = await _own(core, request.community_id)
    if guide_id not in own:
        if guide_id in core.shipped.guides:
            return _usage(f"`{guide_id}` is a shipped guide; only this community's own guides can be removed. "
                          "To change it here, import your own version with the same id.")
        return _usage("This community has no guide of its own called \u201c", UserText(guide_id[:40]),
                      "\u201d. `/mod guide list` shows them.")
    shipped = guide_id in core.shipped.guides
    settings = await core.settings(request.community_id)
    default = settings.default_guide == guide_id and not shipped  # members who name no role get it now
    if confirmed.strip() != "confirm":  # one typo must not cost a community the guide it wrote
        return _confirm_removal(request, own[guide_id], shipped, default)
    await core.database.save_community_guides(request.community_id, {guide_id: None},
                                           actor=f"{request.platform}:{request.user_id}", action="guide remove",
                                           before=f"community guide {guide_id}",
                                           after=f"shipped guide {guide_id}" if guide_id in core.shipped.guides
                                           else None)
    core.forget_library(request.community_id)
    back = " The shipped guide of that id is back." if shipped else ""
    if default:  # not left pointing at a guide that is gone (trial 8): the settings say what members get
        from dataclasses import replace
        await core.save_settings(replace(settings, default_guide=None), request, "default role", guide_id, "general")
        back += f" {_DEFAULT_GONE}"
    return (Reply(f"Removed: the {guide_id} guide", kind="info", private=True)
            .para(f"This community's `{guide_id}` guide is gone.{back} `/mod audit` shows the change."))


_DEFAULT_GONE = ("Members who name no role now get the general guide (UK conventions); `/mod region us` or "
                 "`/mod default-role <role>` sets another.")


def _confirm_removal(request: Request, stored: StoredGuide, shipped: bool, default: bool) -> Reply:
    guide_id = stored.id
    reply = Reply(f"Remove this community's {guide_id} guide?", kind="confirm", private=True)
    reply.para("Members here would no longer find it in `/guide`, `/mistakes`, `/faq` or `/review`" +
               (f"; the shipped `{guide_id}` guide would take its place." if shipped else ".") +
               f" It can't be undone, but `/mod guide export {guide_id}` first keeps a copy that "
               "`/mod guide import` can bring back.")
    if default:
        reply.para(f"**It is this community's default role.** {_DEFAULT_GONE.replace('now get', 'would get')}")
    confirm = f"`{request.typed('mod')} guide remove {guide_id} confirm`"
    reply.para(f"To remove it, press Remove (or type {confirm})." if request.buttons
               else f"To remove it, type {confirm}.")
    reply.button("Remove", f"/mod guide remove {guide_id} confirm")
    reply.button("Export it first", f"/mod guide export {guide_id}")
    return reply


def _describe_rules(reply: Reply, guide: Guide) -> None:
    """What each of the guide's own rules will do to a letter, so that a moderator sees a rule that works the
    wrong way round before members do (trial 11 F22: a `signals` list of words to reward, written as a density
    rule, took points from the letters that used them)."""
    rules = guide.review.rules[:10]
    if not rules:
        return
    reply.para("What its own review rules do:")
    reply.bullets([f"`{r.id}` ({r.category}): {r.describe()}" for r in rules] +
                  ([f"and {len(guide.review.rules) - 10} more"] if len(guide.review.rules) > 10 else []))
    backwards = [r.id for r in guide.review.rules if r.category == "signals" and r.flags_presence]
    if backwards:
        reply.para("Check " + ", ".join(f"`{i}`" for i in backwards) + ": it is in `signals`, but it takes points "
                   "from letters that use its words. To reward them instead, make it `type: required` (points "
                   "when a letter lacks them, praise when it has them).")
