"""/mod export and /mod import: the community's settings, FAQ and guides as one YAML document.

PyYAML, pydantic and the guide schema (community_guides) load with the first export or import, not with
every start: see the imports inside the functions below."""
from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from ...reply import Reply
from ...settings import CommunitySettings, FaqRow
from ..registry import COMMANDS
from .common import done, done_view, given_text, usage
from .faq import also_asked_problem, faq_problem

if TYPE_CHECKING:
    from ...core import Shortlist
    from ...request import Request

EXPORT_TITLE = "Settings, FAQ and guides, as YAML"



def export_document(s: CommunitySettings, guides: dict[str, str] | None = None) -> dict[str, Any]:
    commands: dict[str, dict[str, Any]] = {}
    for (name, channel), on in sorted(s.switches.items()):
        entry = commands.setdefault(name, {})
        if channel:
            entry.setdefault("channels", {})[channel] = on
        else:
            entry["enabled"] = on
    return {
        "shortlist": 1,
        "default_role": s.default_guide,
        "region": s.region,
        "retention_days": s.retention_days,
        "review_cooldown": {"reviews": s.cooldown[0], "seconds": s.cooldown[1]} if s.cooldown else None,
        "channels": sorted(s.allowed_channels),
        "commands": commands,
        "moderators": {"roles": sorted(s.moderator_roles), "users": sorted(s.moderator_users)},
        "faq": [{"question": f.question, "answer": f.answer,
                 **({"also_asked": list(f.also_asked)} if f.also_asked else {})} for f in s.faq],
        "reviewers": {"roles": sorted(s.reviewer_roles), "users": sorted(s.reviewer_users),
                      "channel": s.reviewer_channel, "expiry_days": s.reviewer_expiry_days},
        **({"guides": guides} if guides else {}),  # the community's own guides, id -> their YAML
    }


def _yaml(doc: dict[str, Any]) -> str:
    """The export as a moderator reads and edits it: a community guide (or any text of several lines) as
    a block, line for line, not one escaped string that an import's diff can't show."""
    import yaml

    class Dumper(yaml.SafeDumper):
        pass

    def text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
        # PyYAML itself falls back to quoting where a block can't hold the text exactly (trailing spaces)
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None)

    Dumper.add_representer(str, text)
    return yaml.dump(doc, Dumper=Dumper, sort_keys=False, allow_unicode=True, width=100)


async def _own_guides(core: Shortlist, community: str) -> dict[str, str]:
    return {g.id: g.yaml for g in await core.database.community_guides(community)}


async def export_settings(core: Shortlist, request: Request, s: CommunitySettings, value: str) -> Reply:
    import yaml
    doc = export_document(s, await _own_guides(core, request.community_id))
    text = _yaml(doc)
    reply = Reply(EXPORT_TITLE, kind="info", private=True, data=doc, document=text)
    reply.para("Keep it as a backup, or paste it into `/mod import` in another community (on Discord, Slack or "
               "the terminal). Channel, role and user ids are platform-specific: check them after moving.")
    reply.quote(text)
    reply.para("The same on one line, for Discord's command box (which drops line breaks):")
    reply.quote(yaml.safe_dump(doc, default_flow_style=True, allow_unicode=True,
                               width=float("inf")).strip())
    return reply


def import_guides(core: Shortlist, text: str) -> tuple[dict[str, str] | None, str | None]:
    """The guides an import file carries, each checked as `/mod guide import` checks it; None when the
    file has no `guides:` (an export from before guides could be exported)."""
    import yaml

    from ... import community_guides
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
        if guide is None:
            return None, f"guide `{str(guide_id)[:40]}`: {problems[0]}"
        if guide.id != guide_id:
            return None, f"guide `{str(guide_id)[:40]}`: its YAML has the id `{guide.id}`."
    return {str(k): str(v) for k, v in guides.items()}, None


def parse_import(core: Shortlist, text: str, community: str,
                 current: CommunitySettings | None = None) -> CommunitySettings | str:
    """The settings an import file describes (``current``'s reviewers where it names none), or what is
    wrong with it (every problem of its shape at once; then the first of the others)."""
    import yaml
    from pydantic import ValidationError

    from ... import community_guides
    from .settings_document import ImportDocument
    try:
        raw = yaml.safe_load(text)
        doc = ImportDocument.model_validate(raw if raw is not None else {})
    except yaml.YAMLError as exc:
        if text.lstrip().startswith(EXPORT_TITLE):  # `shortlist ask "/mod export" > file` kept the whole reply
            return ("That's the whole reply of `/mod export`, with its explanations around the file. From a "
                    "shell, `shortlist mod export > backup.yaml` saves the file alone.")
        return f"That isn't valid YAML ({getattr(exc, 'problem', None) or exc})."
    except ValidationError as exc:  # every problem, in plain words (a trial fixed a hand-edited file one at a time)
        from ...guide_errors import explain_error
        fields = "what `/mod export` gives"
        # without what was given ("got ..."): this reply is our own text, and the file's words could ping
        return " ".join(f"`{'.'.join(str(p) for p in e['loc']) or '(file)'}`: "
                        f"{explain_error(e, fields).split(' (got ')[0]}." for e in exc.errors())
    for name in doc.commands:
        if name not in COMMANDS or COMMANDS[name].moderator:
            return f"`commands.{name}`: there's no member command called /{name}."
    guides, problem = import_guides(core, text)
    if problem:
        return problem
    library = core.library if guides is None else community_guides.overlay(
        core.shipped, [g for g in (community_guides.check(t, core.shipped)[0] for t in guides.values()) if g])
    if doc.default_role and library.find(doc.default_role).guide is None:
        return f"`default_role`: there's no guide called {doc.default_role}."
    for entry in doc.faq:
        problem = faq_problem(entry.question, entry.answer) or also_asked_problem(entry.also_asked)
        if problem:
            return f"FAQ \u201c{entry.question[:40]}\u201d: {problem}"
    switches: dict[tuple[str, str], bool] = {}
    for name, c in doc.commands.items():
        if c.enabled is not None:
            switches[(name, "")] = c.enabled
        switches.update({(name, ch): on for ch, on in c.channels.items()})
    guide = library.find(doc.default_role).guide if doc.default_role else None
    kept = current or CommunitySettings(community)
    reviewers = doc.reviewers
    return CommunitySettings(
        reviewer_roles=frozenset(reviewers.roles) if reviewers else kept.reviewer_roles,
        reviewer_users=frozenset(reviewers.users) if reviewers else kept.reviewer_users,
        reviewer_channel=reviewers.channel if reviewers else kept.reviewer_channel,
        reviewer_expiry_days=reviewers.expiry_days if reviewers else kept.reviewer_expiry_days,
        community=community, retention_days=doc.retention_days, default_guide=guide.id if guide else None,
        region=doc.region,
        cooldown=(doc.review_cooldown.reviews, doc.review_cooldown.seconds) if doc.review_cooldown else None,
        allowed_channels=frozenset(doc.channels), switches=switches,
        moderator_roles=frozenset(doc.moderators.roles), moderator_users=frozenset(doc.moderators.users),
        faq=tuple(FaqRow(None, f.question.strip(), f.answer.strip(), tuple(p.strip() for p in f.also_asked))
                  for f in doc.faq))


async def import_settings(core: Shortlist, request: Request, s: CommunitySettings, value: str) -> Reply:
    text, problem = given_text(request, value)
    if problem:
        return usage(f"Nothing was changed. {problem}")
    if not text.strip():
        return usage("Paste the YAML from `/mod export` after `/mod import`.")
    return await _preview(core, request, s, text)


# A stashed import starts with a YAML comment holding a hash of the settings its preview showed: confirming it
# after they changed (another moderator's FAQ entry, a newer import) would apply more than the diff showed.
_SHOWN = "# preview of: "


async def _preview(core: Shortlist, request: Request, s: CommunitySettings, text: str, note: str = "") -> Reply:
    new = parse_import(core, text, request.community_id, s)
    if isinstance(new, str):
        return usage(f"Nothing was changed. {new}")
    own = await _own_guides(core, request.community_id)
    incoming, _ = import_guides(core, text)
    before, after = _yaml(export_document(s, own)), _yaml(export_document(new, own if incoming is None else incoming))
    import difflib
    import secrets
    diff = "\n".join(difflib.unified_diff(before.splitlines(), after.splitlines(), "now", "after import", lineterm=""))
    if not diff:
        return done_view("Nothing to import", "That file matches this community's settings already.")
    token = secrets.token_hex(6)
    await core.database.stash_import(token, request.community_id, request.user_id, f"{_SHOWN}{_hash(before)}\n{text}")
    reply = Reply("Import: check the changes, then confirm", kind="confirm", private=True)
    if note:
        reply.para(note)
    reply.para("Nothing has changed yet. Lines starting with `-` go, lines with `+` arrive. FAQ entries (and "
               "the community's guides, when the file has `guides:`) are replaced as a whole.")
    reply.quote(diff)
    reply.button("Confirm import", f"/mod import-confirm {token}")
    reply.button("Don't import: show settings", "/mod settings")  # the import is left to expire
    return reply


async def confirm_import(core: Shortlist, request: Request, s: CommunitySettings, value: str) -> Reply:
    text = await core.database.take_import(value.strip(), request.community_id)
    if text is None:
        return usage("That import has already been applied or has expired. Run `/mod import` again.")
    shown, _, rest = text.partition("\n") if text.startswith(_SHOWN) else ("", "", text)
    text = rest
    if shown and shown != _SHOWN + _hash(_yaml(export_document(s, await _own_guides(core, request.community_id)))):
        return await _preview(core, request, s, text, "**The settings changed after that preview** (a change saved "
                              "since), so nothing was imported. Here are the changes as they stand now.")
    new = parse_import(core, text, request.community_id, s)
    if isinstance(new, str):
        return usage(f"Nothing was changed. {new}")
    await core.save_settings(replace(new, version=s.version), request, "import", _yaml(export_document(s)),
                             _yaml(export_document(new)))
    incoming, _ = import_guides(core, text)
    own = await _own_guides(core, request.community_id)
    if incoming is not None and incoming != own:
        changes = {**{g: None for g in own if g not in incoming}, **incoming}
        await core.database.save_community_guides(request.community_id, changes,
                                               actor=f"{request.platform}:{request.user_id}", action="import guides",
                                               before=", ".join(sorted(own)) or None,
                                               after=", ".join(sorted(incoming)) or None)
        core.forget_library(request.community_id)
    return done("Imported: this community's settings, FAQ and guides now come from the file"
                if incoming is not None else "Imported: this community's settings and FAQ now come from the file")


def _hash(document: str) -> str:
    import hashlib
    return hashlib.sha256(document.encode()).hexdigest()[:16]
