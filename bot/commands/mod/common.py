"""What every /mod reply shares: the usage on a mistake, "saved" after a change, channel links, and the
text a moderator gave to import."""
from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from typing import TYPE_CHECKING

from ... import moderation
from ...reply import ChannelRef, Inline, Reply, Rich, as_rich, plain
from ...settings import RETENTION_DAYS

if TYPE_CHECKING:
    from ...core import Shortlist
    from ...request import Request
    from ...settings import CommunitySettings

# A /mod action: the community's settings as they are, and the words after the action's name.
ModHandler = Callable[["Shortlist", "Request", "CommunitySettings", str], Awaitable[Reply]]


def usage(*problem: Inline) -> Reply:
    """What was wrong (text, with what the moderator typed as UserText), and where the commands are listed;
    with no problem (`/mod help`), the list itself. The one line that matters was lost above fifteen."""
    if problem:
        said = "" if "Nothing was changed" in plain(problem) else "Nothing was changed. "
        return Reply("I couldn't do that", kind="error", private=True).para(*problem).para(
            said + "`/mod help` lists every moderator command.").button("Moderator commands", "/mod help")
    reply = Reply("Moderator commands", kind="info", private=True)
    reply.bullets([
        "`/mod settings`: every command and where it is on or off, and the other settings",
        "`/mod disable <command> [here]` / `/mod enable <command> [here]`: in the whole community, or this channel",
        "`/mod channels add here` / `remove here` / `all`: run only in listed channels, or everywhere",
        "`/mod default-role <role>` (or `none`): the guide used when a member leaves the role out",
        "`/mod region uk` / `us`: UK or US letter conventions for the community's reviews, under any role",
        "`/mod faq add Question? | Answer`, `faq edit <id> Question? | Answer`, `faq also <id> Other way?; Another?`, "
        "`faq remove <id>`",
        "`/mod cooldown 5 per day` (minute, hour, day, week) or `off`: reviews per member",
        f"`/mod retention <days>`: how long history is kept ({RETENTION_DAYS[0]} to {RETENTION_DAYS[-1]})",
        "`/mod moderators add role <id>` / `add user <id>` / `remove ...`",
        "`/mod reviewers add role <id>` / `add user <id>` / `remove ...` / `channel here` / `expiry <days>`: "
        "the reviewer queue",
        "`/mod stats [days]`, `/mod audit`, `/mod export`, `/mod import <yaml>` (then `/mod import-confirm <code>`)",
        "`/mod guide list` / `export <id>` / `import` / `remove <id>`: this community's own guides (an import is "
        "confirmed with `/mod guide-confirm <code>`, the code its preview gives)",
        "`/mod erase` (admins): delete everything Shortlist stores for this community, after confirming",
    ])
    return reply


async def show_usage(core: Shortlist, request: Request, s: CommunitySettings, value: str) -> Reply:
    """/mod help."""
    return usage()


def done(title: str, *lines: str | Rich) -> Reply:
    reply = Reply(title, kind="info", private=True)
    for line in lines:
        reply.para(*as_rich(line))
    reply.para("_Saved, and in effect now. `/mod audit` shows the change._")
    return reply


def channel_refs(channels: Iterable[str]) -> list[Inline]:
    return moderation.join([ChannelRef(c) for c in channels])


def done_view(title: str, text: str) -> Reply:
    return Reply(title, kind="info", private=True).para(text)


def given_text(request: Request, typed: str) -> tuple[str, str | None]:
    """What a moderator gave to import: pasted text, a shared file (read as text), or what they typed;
    with the reason a shared file couldn't be used."""
    upload = request.upload
    if upload is None:
        return request.text or typed, None
    if upload.problem or upload.data is None:
        return "", upload.problem or "I couldn't download that file."
    try:
        return upload.data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        return "", "That file isn't text in UTF-8; a guide or settings file is YAML, saved as plain text."
